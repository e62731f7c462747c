"""How the loader words what stops a reading: files it cannot read, parser errors.

A parser's error names a token ("did not find expected key"); the problem
built here says where, in a planner's words, and what to write instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planctl.load.loaded import RULE_FILE, RULE_LIMITS, RULE_SYNTAX, RULE_UNSUPPORTED, LoadedFile
from planctl.problem import Problem, error_at

if TYPE_CHECKING:
    from planctl.load.builder import _Builder


def _refused_by_design(name: str, builder: _Builder, error: Exception) -> Problem | None:
    """The by-design refusal libyaml's error stands for, if it stands for one.

    libyaml cannot read an empty key (': value', '[ : value ]') or a document
    without '---' after '...'. Both are YAML that planctl would refuse anyway,
    so they are reported as what they are rather than as bad syntax.
    """
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    text = builder.source
    at = mark.index
    before = text[text.rfind("\n", 0, at) + 1 : at]
    if (
        text[at : at + 1] == ":"
        and text[at + 1 : at + 2] in ("", " ", "\t", "\r", "\n")
        and not before.strip(" -?")
        and not (builder.stack and builder.stack[-1].flow)
    ):
        message = "a key is empty (nothing before the colon); plan keys must be names"
        hint = "write a name before the colon, such as 'title:'"
    elif (
        text[at : at + 1] == ":"
        and text[at + 1 : at + 2] in ("", " ", "\t", "\r", "\n", ",", "]", "}")
        and text[:at].rstrip(" \t\r\n")[-1:] in ("[", ",")
        and builder.stack
        and builder.stack[-1].flow
        and not builder.stack[-1].is_map
    ):
        # '[ : value ]' is a pair with an empty key in a [ ], which neither parser reads.
        message = "a key in a [ ] is empty (nothing before the colon); plan keys must be names"
        hint = "write a name before the colon, such as '[title: value]'"
    elif builder.ended and mark.column == 0 and "expected <document start>" in str(error):
        message = "the file holds more than one YAML document (a second one follows '...')"
        hint = "keep one plan per file; move the second document to its own *.plan.yaml file"
    else:
        return None
    return error_at(name, mark.line + 1, mark.column + 1, RULE_UNSUPPORTED, message, hint)


_HINTS = (
    ("cannot start any token", "'\\t'", "indent with spaces, not tabs"),
    (
        "mapping values are not allowed",
        "",
        "a colon followed by a space starts a new key; put text that contains ': ' in quotes",
    ),
    (
        "did not find expected key",
        "",
        "check the indentation: items of one list or mapping must line up",
    ),
    ("did not find expected '-'", "", "check the indentation of the list items"),
    ("found unexpected end of stream", "", "a quote or bracket is not closed"),
    ("did not find expected ',' or ']'", "", "a '[' list is not closed with ']'"),
    ("did not find expected ',' or '}'", "", "a '{' mapping is not closed with '}'"),
    ("found undefined tag handle", "", "remove the '!' tag; plan files hold plain values"),
    (
        "found character that cannot start any token",
        "",
        "put text that starts with @ or ` in quotes",
    ),
)


def _syntax_problem(name: str, text: str, error: Exception) -> Problem:
    """A YAML parser error as a located problem with a planner's hint."""
    lines = text.splitlines()
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    if mark is None or (context_mark is not None and mark.line >= len(lines)):
        # "End of file" is no place to look: an unclosed quote or bracket is best
        # shown where it opens.
        mark = context_mark or mark
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    if isinstance(error, MemoryError):
        problem = "the file needs more memory than is available to read it"
    else:
        problem = getattr(error, "problem", None) or (str(error).splitlines() or [""])[0]
        problem = problem or type(error).__name__
    context = getattr(error, "context", None)
    message = str(problem)
    if context:
        message = f"{message} ({context})"
    bad_char = ""
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        bad_char = repr(lines[line - 1][column - 1])
    hint = "check the YAML syntax on this line and the one before it"
    for needle, char, advice in _HINTS:
        if needle in message and (not char or bad_char == char):
            hint = advice
            break
    if isinstance(error, MemoryError):
        return error_at(
            name,
            line,
            column,
            RULE_LIMITS,
            message,
            "split the plan into several files, one per school or team",
        )
    return error_at(name, line, column, RULE_SYNTAX, f"the file is not valid YAML: {message}", hint)


def _file_problem(
    name: str, message: str, hint: str, *, line: int = 1, column: int = 1
) -> LoadedFile:
    loaded = LoadedFile(path=name, fatal=True)
    loaded.problems.append(error_at(name, line, column, RULE_FILE, message, hint))
    return loaded
