"""Where the parsers still follow YAML 1.1: the readings that bring YAML 1.2 back.

libyaml (and in places ruamel's own parser) refuses some YAML 1.2 allows
(tabs as separators, a key's ':' on the next line, directives before a
document, anchor names with odd characters, NEL and the Unicode line
separators as text) and lets through some it forbids (a comment glued to a
value, a lone '-'). The loader's driver (:mod:`planctl.load.yamlsafe`) uses
what is here to rewrite the text in place, so every position stays, or to
take a second look at a file that shows a hint of trouble.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from planctl.load.loaded import RULE_SYNTAX, LoadedFile, _position, _Stop
from planctl.problem import Problem, Severity

_KEY_COLON_BELOW = re.compile(r"\n[ \t]*:(?=[ \t\n]|[^ \t\n{\[])", re.M)


def _key_colons_joined(source: str) -> tuple[str, frozenset[int]]:
    """``source`` with the line break before a ':' that starts a line in a { } as a space.

    Only directly inside a { } (a key of a [ ] must stay on one line); a
    comment ending the line above is blanked, or the ':' would join it.
    """
    chars = list(source)
    positions = []
    nesting: list[str] = []
    quote = ""
    at = 0
    while at < len(source):
        char = source[at]
        if quote:
            if char == "\\" and quote == '"':
                at += 1
            elif char == quote:
                quote = ""
        elif char in "\"'" and (at == 0 or source[at - 1] in " \t\n[{,:"):
            quote = char
        elif char == "#" and (at == 0 or source[at - 1] in " \t\n"):
            comment = at
            at = source.find("\n", at)
            if at < 0:
                break
            if nesting and nesting[-1] == "{" and _KEY_COLON_BELOW.match(source, at):
                # A comment between a key and its ':' goes too, or the ':' would join it.
                for inside in range(comment, at):
                    chars[inside] = " "
                    positions.append(inside)
            continue
        elif char in "[{":
            nesting.append(char)
        elif char in "]}" and nesting:
            nesting.pop()
        elif char == "\n" and nesting and nesting[-1] == "{":
            match = _KEY_COLON_BELOW.match(source, at)
            if match is not None:
                chars[at] = " "
                positions.append(at)
        at += 1
    return "".join(chars), frozenset(positions)


_NOT_PLAIN_AFTER_QUESTION = frozenset(" \t\r\n,[]{}")
"""What may follow a '?' that marks a key in a [ ] or { }: after anything else it starts text."""


def _glued_questions(source: str) -> frozenset[int]:
    """Where a '?' starts text in a [ ] or { } (as in '[?x]'), which both parsers take for a key.

    YAML 1.2 reads a '?' followed by anything but a space, a line break or
    one of , [ ] { } as the first character of plain text. The positions are
    those of such a '?' at the start of a token, outside quotes and comments.
    """
    found = []
    nesting = 0
    quote = ""
    at = 0
    while at < len(source):
        char = source[at]
        if quote:
            if (char == "\\" and quote == '"') or (quote == "'" and source.startswith("''", at)):
                at += 1  # an escaped character, or '' inside '...'
            elif char == quote:
                quote = ""
        elif char in "[{":
            nesting += 1
        elif char in "]}":
            nesting -= 1 if nesting else 0
        elif at and source[at - 1] not in " \t\n[{,":
            pass  # inside a token: no quote, comment or '?' key starts here
        elif char in "\"'":
            quote = char
        elif char == "#":
            at = source.find("\n", at)
            if at < 0:
                break
        elif char == "?" and nesting and source[at + 1 : at + 2] not in _NOT_PLAIN_AFTER_QUESTION:
            found.append(at)
        at += 1
    return frozenset(found)


def _questions_swapped(
    text: str, questions: frozenset[int], restore: dict[int, str]
) -> tuple[str, str] | None:
    """``text`` with each '?' at ``questions`` swapped for an unused character, and that character.

    The parser reads the swapped character as text, so '?x' is read as text;
    ``restore`` learns the way back. ``None`` when no such character is left.
    """
    unused = (code for code in range(0xFDEF, 0xFDD0, -1) if code not in restore)
    spare = next((chr(code) for code in unused if chr(code) not in text), None)
    if spare is None:
        return None
    chars = list(text)
    for at in questions:
        chars[at] = spare
    restore[ord(spare)] = "?"
    return "".join(chars), spare


_PLAIN_KEY_STOP = re.compile(r":(?=[ \t\r\n,\[\]{}]|$)|[,\[\]{}]|[ \t]#|\n(?:---|\.\.\.)")
"""Where a plain key in a { } ends (its ':', a flow indicator, a comment) or a document marker."""
_QUOTED_KEY_END = {'"': re.compile(r'"(?:[^"\\]|\\.)*"', re.S), "'": re.compile(r"'(?:[^']|'')*'")}


def _long_keys_joined(source: str) -> tuple[str, frozenset[int]]:
    """``source`` with the line breaks inside a { } key written over several lines as spaces.

    YAML 1.2 lets a key of a { } span lines ('{ multi\n  line: value}' has
    the key 'multi line'); both parsers refuse it. Only a key directly in a
    { }, plain or quoted, and followed by its ':' on its last line counts
    (a key of a pair in a [ ] must stay on one line).
    """
    chars = list(source)
    positions: list[int] = []
    nesting: list[str] = []
    entry = False
    """True where a { } entry, and so a key, may start."""
    at = 0
    while at < len(source):
        char = source[at]
        if char in " \t\r\n":
            at += 1
            continue
        if char == "#" and (at == 0 or source[at - 1] in " \t\n"):
            at = source.find("\n", at)
            if at < 0:
                break
            continue
        if entry and nesting[-1] == "{" and char not in "?!&*,[]{}":
            end = _long_key_end(source, at)
            if end is not None:
                for inside in range(at, end):
                    if source[inside] == "\n":
                        chars[inside] = " "
                        positions.append(inside)
        entry = False
        quoted = _QUOTED_KEY_END[char].match(source, at) if char in "\"'" else None
        if quoted is not None:
            at = quoted.end()
            continue
        if char in "[{":
            nesting.append(char)
            entry = True
        elif char in "]}" and nesting:
            nesting.pop()
        elif char == "," and nesting:
            entry = True
        at += 1
    return "".join(chars), frozenset(positions)


def _long_key_end(source: str, at: int) -> int | None:
    """Where the key starting at ``at`` ends, if it spans lines and its ':' follows it."""
    quoted = _QUOTED_KEY_END[source[at]].match(source, at) if source[at] in "\"'" else None
    if quoted is not None:
        after = source[quoted.end() :].partition("\n")[0].lstrip(" \t")
        return quoted.end() if after.startswith(":") and "\n" in quoted.group() else None
    stop = _PLAIN_KEY_STOP.search(source, at)
    if stop is None or source[stop.start()] != ":":
        return None
    end = len(source[: stop.start()].rstrip(" \t"))
    return end if "\n" in source[at:end] else None


_TAG_RUN_ON = re.compile(r"(?:(?<=[ \t\n\[{,])|^)![^\s,\[\]{}]*([,\[\]{}])(?=[ \t\n])", re.M)
"""A tag that libyaml runs on over one of , [ ] { } before a space: '!!str,' in '{a: !!str, b}'."""


def _tags_ended(source: str) -> tuple[str, frozenset[int]]:
    """``source`` with the ',' (or [ ] { }) that ends a tag moved past the space after it.

    YAML 1.2 ends a tag before a ',', libyaml does not: '!!str, b' becomes
    '!!str ,b', so the parser ends the tag where YAML does. Gives the places
    of both characters that traded places.
    """
    chars = list(source)
    positions: list[int] = []
    for match in _TAG_RUN_ON.finditer(source):
        at = match.start(1)
        chars[at], chars[at + 1] = chars[at + 1], chars[at]
        positions += (at, at + 1)
    return "".join(chars), frozenset(positions)


_BLOCK_TAB = "found a tab character where an indentation space is expected"
_BLOCK_INDICATOR = re.compile(r"[|>]([-+0-9]*)[ \t]*(?:#.*)?$")


def _block_tab(error: Exception, source: str) -> int | None:
    """Where libyaml refused a tab that starts the first line of a '|' or '>' text, if it did.

    YAML 1.2 reads ' \tdetected' under '- |' as the text '\tdetected' (the
    line's spaces set the indentation); libyaml looks for more spaces.
    """
    mark = getattr(error, "problem_mark", None)
    if mark is None or _BLOCK_TAB not in str(getattr(error, "problem", "")):
        return None
    return mark.index if source[mark.index : mark.index + 1] == "\t" else None


def _block_text(written: str) -> str | None:
    """``written``, a '|' or '>' text with its header, with the indentation made explicit.

    The indentation is the spaces of the first line holding more than
    spaces (a tab counts as text); every line gives up all but one of them
    and the header says 1, so a tab after them is read as text. ``None``
    where the header already says the indentation.
    """
    header, _, body = written.partition("\n")
    indicator = _BLOCK_INDICATOR.search(header)
    if indicator is None or any(char.isdigit() for char in indicator.group(1)):
        return None
    lines = body.rpartition("\n")[0].split("\n")
    indent = next((len(line) - len(line.lstrip(" ")) for line in lines if line.strip(" ")), 0)
    if indent < 1:
        return None
    kept = [line[min(indent - 1, len(line) - len(line.lstrip(" "))) :] for line in lines]
    return indicator.group()[0] + "1" + indicator.group(1) + "\n" + "\n".join(kept) + "\n"


_ANCHOR_NAME = re.compile(r"[&*][A-Za-z0-9_-]+[^A-Za-z0-9_\s\[\]{},-]")


def _odd_anchor(source: str) -> bool:
    """Whether an anchor or alias name holds a character libyaml ends names at."""
    if "&" not in source and "*" not in source:
        return False
    for match in _ANCHOR_NAME.finditer(source):
        at = match.start()
        if at == 0 or source[at - 1] in " \t\n[{,":
            return True
    return False


_TAB_RUN = re.compile(r"[ \t]*\t[ \t]*")
_INDICATORS = re.compile(r"[ \t]*(?:[-?:][ \t]+)*[-?:]")
_BLOCK_START = re.compile(
    r"""[-?:](?:[ \t]|$)|(?:"[^"]*"|'[^']*'|[^#\[\]{},"'\s][^#]*?):(?:[ \t]|$)"""
)


def _separating_tabs_as_spaces(source: str) -> tuple[str, frozenset[int]]:
    """``source`` with the tabs that may separate tokens as spaces, and where they were.

    YAML 1.2 lets a tab separate tokens on a line, but never indent a block:
    a tab is taken for a space where it follows block indicators ('-', '?',
    ':') or a key's ':' and what comes after it does not start a block
    collection ('- ', a 'key:'); after indentation alone, only where a flow
    collection, a comment or the line's end follows. After text, only a tab
    that ends the line or comes before a comment, follows '---' or '...', or
    separates the words of a directive.
    """
    positions: list[int] = []
    lines = source.split("\n")
    offset = 0
    for number, line in enumerate(lines):
        if "\t" in line:
            chars = list(line)
            for run in _TAB_RUN.finditer(line):
                before, rest = line[: run.start()], line[run.end() :]
                if not before.strip(" \t"):
                    # After indentation: a flow collection, a comment, or (past at
                    # least one space of indentation) more of a text that goes on.
                    allowed = rest == "" or rest.startswith(("#", "[", "{"))
                    indent = line[: line.index("\t", run.start())]
                    allowed = allowed or (" " in indent and _BLOCK_START.match(rest) is None)
                elif _INDICATORS.fullmatch(before) or before.endswith(":"):
                    allowed = _BLOCK_START.match(rest) is None
                elif rest == "" or rest.startswith("#") or before in ("---", "..."):
                    allowed = True  # ending the line, before a comment, after '---'
                elif line.startswith("%"):
                    allowed = True  # between the words of a directive ('%YAML\t1.2')
                else:
                    allowed = False  # inside a line's text: the parsers read it
                if allowed:
                    for at in range(run.start(), run.end()):
                        if chars[at] == "\t":
                            chars[at] = " "
                            positions.append(offset + at)
            lines[number] = "".join(chars)
        offset += len(line) + 1
    return "\n".join(lines), frozenset(positions)


class _RewrittenInValue(Exception):
    """A character read as a space was inside a value: that reading is abandoned.

    ``spanned`` holds the rewritten characters inside the value, when known,
    so a next reading can leave them as written.
    """

    def __init__(self, spanned: frozenset[int] = frozenset()) -> None:
        super().__init__("a rewritten character is inside a value")
        self.spanned = spanned


class _Mark:
    """A position in the file as written, for events of a text read with lines joined."""

    __slots__ = ("column", "index", "line")

    def __init__(self, index: int, line: int, column: int) -> None:
        self.index, self.line, self.column = index, line, column


def _guarding(
    next_event: Callable[[], Any],
    rewritten: frozenset[int],
    source: str,
    reread: Callable[[str, str], str] | None = None,
) -> Callable[[], Any]:
    """``next_event`` that stops when a scalar spans a rewritten character.

    With ``reread``, such a scalar (a { } key written over several lines, a
    '|' text whose first line starts with a tab) instead takes the value
    ``reread`` gives for its text as written and its style, which raises
    :class:`_RewrittenInValue` where it cannot tell.
    Events carry positions in ``source`` (where a line break read as a space
    still ends a line), so problems point at the lines as written.
    """
    # deferred: start-up (ruamel.yaml loads only when a file is parsed)
    from ruamel.yaml.events import ScalarEvent

    starts = [0, *(at + 1 for at, char in enumerate(source) if char == "\n")]
    ordered = sorted(rewritten)

    def mark(index: int) -> _Mark:
        line = bisect.bisect_right(starts, index) - 1
        return _Mark(index, line, index - starts[line])

    def guarded() -> Any:
        event = next_event()
        start, end = event.start_mark.index, event.end_mark.index
        # The rewritten characters from start on, found by bisection: a file with
        # many of them must not cost their number for every scalar.
        first = bisect.bisect_left(ordered, start)
        if type(event) is ScalarEvent and first < len(ordered) and ordered[first] < end:
            if reread is None:
                last = bisect.bisect_left(ordered, end, first)
                raise _RewrittenInValue(frozenset(ordered[first:last]))
            event.value = reread(source[start:end], event.style or "")
        event.start_mark, event.end_mark = mark(start), mark(end)
        return event

    return guarded


_BREAK_CHARS = "\x85\u2028\u2029"
"""NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR: line breaks in YAML 1.1, text in YAML 1.2."""


def _hide_breaks(text: str) -> tuple[str, dict[int, str]] | None:
    """``text`` with YAML 1.1's extra line breaks swapped for unused characters, and the way back.

    Both parsers still follow YAML 1.1 here and would end a line (and miscount
    every line after it) at a character YAML 1.2 reads as text. Each is swapped
    one for one with a noncharacter the text does not use, so columns stay
    right, and swapped back in every scalar. ``None`` when there is none.
    """
    spare = [code for code in range(0xFDD0, 0xFDF0) if chr(code) not in text]
    if len(spare) < 3:
        return None  # a file using all of them gets YAML 1.1's reading, as before
    hide = {ord(char): spare[index] for index, char in enumerate(_BREAK_CHARS)}
    return text.translate(hide), {code: chr(char) for char, code in hide.items()}


def _restoring(
    next_event: Callable[[], Any],
    restore: dict[int, str],
    counted_char: str | None = None,
    counted: list[int] | None = None,
) -> Callable[[], Any]:
    """``next_event`` with the characters swapped for others put back in scalars.

    ``counted[0]`` counts how often ``counted_char`` was put back.
    """
    from ruamel.yaml.events import ScalarEvent  # deferred: start-up (only when a file is parsed)

    def restored() -> Any:
        event = next_event()
        if type(event) is ScalarEvent:
            if counted_char and counted is not None:
                counted[0] += event.value.count(counted_char)
            event.value = event.value.translate(restore)
        return event

    return restored


_PROLOGUE_LINE = re.compile(r"\n(?:%|\.\.\.)")
"""A line that may be a directive or a document end marker, for :func:`_mend_prologues`."""


def _mend_prologues(text: str) -> str:
    """``text`` with what YAML 1.2 allows before a document, and libyaml refuses, made comments.

    Before a '---', YAML 1.2 tells readers to ignore a directive it does not
    define (``%FOO bar``), to read ``%YAML 1.3`` as 1.2, and lets a '...' end
    no document at all. Each such line is rewritten in place, with as many
    characters, so every position stays where it was.
    """
    lines = text.split("\n")
    in_document = False
    pending: list[tuple[int, str]] = []
    """Lines to rewrite once it is clear they stand before a document's '---'."""
    for number, line in enumerate(lines):
        if in_document:
            in_document = not _is_marker(line, "...")
        elif _is_marker(line, "---"):
            for at, mended in pending:
                lines[at] = mended
            pending = []
            in_document = True
        elif line.startswith("%"):
            words = line[1:].split(None, 1)
            if not words or words[0] not in ("YAML", "TAG"):
                pending.append((number, "#" + line[1:]))
            elif _NEWER_YAML.match(line):
                pending.append(
                    (number, line[: line.index(".") + 1] + "2" + line[line.index(".") + 2 :])
                )
        elif _is_marker(line, "..."):
            pending.append((number, "#.." + line[3:]))
        elif line.strip() and not line.lstrip().startswith("#"):
            # A document without '---': directives before it are an error, left for
            # the parser to report.
            pending = []
            in_document = True
    # At the end of the text only the '...' lines are safe to rewrite: directives
    # with no document after them are an error.
    for at, mended in pending:
        if mended.startswith("#.."):
            lines[at] = mended
    return "\n".join(lines)


def _is_marker(line: str, marker: str) -> bool:
    """Whether ``line`` is the document marker '---' or '...' (with what may follow it)."""
    return line.startswith(marker) and (len(line) == 3 or line[3] in " \t\r")


_NEWER_YAML = re.compile(r"%YAML[ \t]+1\.[3-9](?:[ \t\r]|$)")
"""A %YAML directive naming a later 1.x, which YAML 1.2 readers read as 1.2."""

_GLUED = re.compile(r"""[\]}"',]#|[|>][-+0-9]*#|^%YAML[^\n#]*\S#""", re.MULTILINE)
"""A '#' that may start a comment with no space before it; :func:`_second_look` decides."""
_BEFORE_GLUED = frozenset("]}\"',|>+-0123456789")
"""What stands before the '#' of every match of :data:`_GLUED`."""


def _glued_hash(text: str) -> bool:
    """Whether some '#' in ``text`` follows a character that could glue a comment to a value.

    Plans have few '#', so finding each one beats running :data:`_GLUED` over
    the whole text.
    """
    at = text.find("#", 1)
    while at != -1:
        if text[at - 1] in _BEFORE_GLUED:
            return True
        at = text.find("#", at + 1)
    return False


def _second_look(loaded: LoadedFile, next_event: Callable[[], Any]) -> None:
    """Report what libyaml lets through but YAML forbids, where a first look found a hint.

    A comment needs a space before its '#' (``"done"# note`` and ``[a]#note``
    are not YAML), and a lone '-' is no plain text (``[-]``). Only files with
    such a hint are parsed this second time, so plans without one pay nothing.
    """
    # deferred: start-up (ruamel.yaml loads only when a file is parsed)
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        ScalarEvent,
        StreamEndEvent,
    )

    text = loaded.text
    spans: list[tuple[int, int, str]] = []
    """Where each scalar, alias and bracket stands, with a scalar's style."""
    while True:
        event = next_event()
        kind = type(event)
        if kind is StreamEndEvent:
            break
        start, end = event.start_mark, event.end_mark
        if kind is ScalarEvent:
            value: str = event.value
            if not event.style and (value == "-" or value.startswith(("- ", "-\t"))):
                _syntax_at(
                    loaded, start.index, "a '-' alone is not a value here", "put it in quotes: '-'"
                )
            spans.append((start.index, end.index, event.style or ""))
        elif (
            kind is AliasEvent
            or isinstance(event, CollectionEndEvent)
            or (isinstance(event, CollectionStartEvent) and event.flow_style)
        ):
            spans.append((start.index, end.index, ""))
    spans.sort()
    starts = [start for start, _, _ in spans]
    for match in _GLUED.finditer(text):
        at = text.find("#", match.start(), match.end())
        if at != -1 and _is_glued_comment(text, at, spans, starts):
            _syntax_at(
                loaded,
                at,
                "a comment's '#' needs a space before it",
                "put a space before '#', or quote the text if the '#' belongs to it",
            )


def _is_glued_comment(
    text: str, at: int, spans: list[tuple[int, int, str]], starts: list[int]
) -> bool:
    """Whether the '#' at ``at`` starts a comment with no space before it.

    ``spans`` do not overlap and are sorted; ``starts`` are their starts, so
    the one span that may hold ``at`` is found by bisection.
    """
    line_start = text.rfind("\n", 0, at) + 1
    after = line_start
    index = bisect.bisect_right(starts, at) - 1
    if index >= 0:
        start, end, style = spans[index]
        if at < end:
            if style not in ("|", ">"):
                return False  # a '#' inside text is text
            # In a block scalar only the header line ('|-', '>2') can hold a comment.
            indicator = text.find(style, start, end)
            if at > line_start > indicator:
                return False  # a line of its text
            return not text[indicator + 1 : at].strip("-+0123456789")
        after = max(after, end)
    return "#" not in text[after:at] and at > line_start and text[at - 1] not in " \t"


def _syntax_at(loaded: LoadedFile, at: int, message: str, hint: str) -> None:
    """Stop with a syntax problem at character ``at`` of the text."""
    line, column = _position(loaded.text, at)
    loaded.problems.append(
        Problem(
            path=loaded.path,
            line=line,
            column=column,
            end_line=line,
            end_column=column + 1,
            rule=RULE_SYNTAX,
            severity=Severity.ERROR,
            message=f"the file is not valid YAML: {message}",
            hint=hint,
        )
    )
    raise _Stop
