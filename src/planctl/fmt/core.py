"""Formatting a plan's text: the round trip, the comments, the key order and the checks."""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from planctl.fmt.arrange import _Arranger, _Line
from planctl.fmt.comments import (
    _indent_source_comments,
    _Layout,
    _place_output_comments,
    _wanted_columns,
)
from planctl.fmt.dates import _Either, _either, _rewrite_dates, _styled_replacement
from planctl.fmt.order import _Orders, _reorder_flow
from planctl.fmt.problems import (
    BLOCKING_RULES,
    CannotFormat,
    FormatIntegrityError,
    _first_line,
    _problem,
    _shorten,
)
from planctl.fmt.roundtrip import _analyse, _Parsed, _round_trip
from planctl.load import load_text
from planctl.model.build import RULE_STRUCTURE, build
from planctl.problem import Problem

if TYPE_CHECKING:
    from planctl.template import PlanTemplate


# A blank line right after a flow collection ("measure: {...}") that the key
# order moved there: the round trip keeps it only in some places, so such a
# result is formatted once more to reach the layout a second run would give.
_BLANK_AFTER_FLOW = re.compile(r"[}\]][ \t]*(?:#[^\n]*)?\n[ \t]*\n")


def format_text(text: str, *, template: PlanTemplate, normalize_dates: bool = False) -> str:
    """``text`` (a plan file's content) in the canonical layout: formatting it again changes
    nothing.

    Raises :class:`CannotFormat` when the text is not a valid plan (the
    rules in :data:`BLOCKING_RULES`) or when the layout cannot keep one of
    its comments, and :class:`FormatIntegrityError` if the result would
    read as different data; the caller then leaves the file untouched.
    """
    result = _format_once(text, template=template, normalize_dates=normalize_dates)
    # A text the layout leaves as it is is already where a second run would end
    # (``fmt --check`` on a formatted plan, what the pre-commit hook sees): one pass.
    if result != text and _BLANK_AFTER_FLOW.search(result):
        again = _format_once(result, template=template, normalize_dates=normalize_dates)
        if again != result:
            return again
    return result


def _format_once(text: str, *, template: PlanTemplate, normalize_dates: bool) -> str:
    source = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    before = load_text(source, "<plan>")
    _check_formattable(before, template)
    parsed = _analysed(source, 0)
    lines = source.split("\n")
    head = parsed.start_line + 1 if parsed.start_line is not None else 0
    tail = parsed.end_line if parsed.end_line is not None else len(lines)
    whole = head == 0 and tail == len(lines)
    body = source if whole else "\n".join(lines[head:tail])
    if tail < len(lines):
        # The last line before '...' ends with its line break: a '|+' block keeps it.
        body += "\n"
    formatted = _format_body(
        body,
        parsed if whole else _analysed(body, head),
        template,
        normalize_dates=normalize_dates,
        offset=head,
    )
    if tail < len(lines) and formatted and formatted[-1][0] == "...":
        # The library ends a '|+' block at the end with '...'; the file has its own.
        formatted.pop()
    result = _tidy(
        [(line, False) for line in lines[:head]]
        + formatted
        + [(line, False) for line in lines[tail:]]
    )
    _check_comments(parsed, _analyse_output(result), source)
    expected = before.data
    if normalize_dates:
        _rewrite_dates(expected, template, _either)
    after = load_text(result, "<plan>")
    if after.problems or not _same(after.data, expected):
        raise FormatIntegrityError(
            "formatting would change the plan's data; the file is left as it is "
            "(this is a bug in planctl: please report it with the file)"
        )
    return result


def _check_formattable(loaded: Any, template: PlanTemplate) -> None:

    problems = [problem for problem in loaded.problems if problem.rule in BLOCKING_RULES]
    if loaded.fatal or problems:
        raise CannotFormat(problems or loaded.problems)
    if not isinstance(loaded.data, dict):
        raise CannotFormat(
            [
                _problem(
                    loaded.path,
                    1,
                    "the file is not a mapping of fields, so it is not a plan",
                    rule=RULE_STRUCTURE,
                )
            ]
        )
    doc = build(loaded, template)
    problems = [problem for problem in doc.problems if problem.rule == RULE_STRUCTURE]
    if problems:
        raise CannotFormat(problems)


def _analysed(text: str, offset: int) -> _Parsed:
    """:func:`_analyse` for the file's text (from line ``offset`` on).

    planctl's loader reads some YAML 1.2 that libyaml, which fmt lays files
    out with, refuses (a tab after '-', ':' inside [ ]): such a file is left
    as it is, with the place libyaml stopped at.
    """
    try:
        return _analyse(text)
    except Exception as error:  # the library's own errors have no common base
        raise CannotFormat([_layout_problem(error, text.split("\n"), offset)]) from None


def _format_body(
    body: str, source: _Parsed, template: PlanTemplate, *, normalize_dates: bool, offset: int
) -> list[_Line]:
    """Round-trip ``body`` (from line ``offset`` on) through the YAML library, then order keys."""

    yaml = _round_trip()
    orders = _Orders(template)
    body_lines = body.split("\n")
    layout = _Layout(body_lines, source)
    wanted = _wanted_columns(layout)
    indented = "\n".join(_indent_source_comments(layout, wanted))
    try:
        data = yaml.load(indented)
        _reorder_flow(data, orders)
        if normalize_dates:
            _rewrite_dates(data, template, _styled_replacement)
        stream = io.StringIO()
        yaml.dump(data, stream)
    except Exception as error:  # the library's own errors have no common base
        raise CannotFormat([_layout_problem(error, body_lines, offset)]) from None
    dumped = stream.getvalue()
    parsed = _analyse_output(dumped)
    lines = dumped.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = _place_output_comments(lines, parsed, wanted, body_lines, source)
    marked = [(line, number in parsed.protected) for number, line in enumerate(lines)]
    if parsed.root is None:
        return marked
    end = parsed.end_line if parsed.end_line is not None else len(marked)
    return _Arranger(marked, orders).arrange_root(parsed.root, end)


def _layout_problem(error: Exception, lines: list[str], offset: int) -> Problem:
    """What the YAML library that keeps comments could not read, where it stopped."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or _first_line(error)
    line = mark.line if mark is not None else 0
    column = mark.column if mark is not None else 0
    text = lines[line] if 0 <= line < len(lines) else ""
    if "\t" in text:
        hint = "replace the tab with spaces"
    elif "':'" in problem:
        hint = "put the text that holds the ':' in quotes"
    else:
        hint = "check the YAML on this line"
    return _problem(
        "<plan>",
        line + offset + 1,
        f"fmt cannot lay out this file: {problem}",
        column=column + 1,
        hint=hint,
    )


def _analyse_output(text: str) -> _Parsed:
    """:func:`_analyse` for text fmt wrote; it must read back, or nothing is written."""
    try:
        return _analyse(text)
    except Exception as error:  # the parser's errors have no common base
        raise FormatIntegrityError(
            f"the formatted text would not read back ({_first_line(error)}); "
            "the file is left as it is (this is a bug in planctl: please report it with the file)"
        ) from None


def _tidy(lines: list[_Line]) -> str:
    """Trailing spaces off (outside scalars), no blank lines at either end, one final newline."""
    cleaned = [line if protected else line.rstrip() for line, protected in lines]
    kept = [bool(text) or protected for text, (_, protected) in zip(cleaned, lines, strict=True)]
    if True not in kept:
        return "\n"
    first, last = kept.index(True), len(kept) - kept[::-1].index(True)
    return "\n".join(cleaned[first:last]) + "\n"


def _check_comments(before: _Parsed, after: _Parsed, source: str) -> None:
    """Every comment of the source must be in the result, as often as it was."""
    wanted = Counter(comment.text for comment in before.comments)
    found = Counter(comment.text for comment in after.comments)
    if wanted == found:
        return
    for comment in before.comments:
        line, text = comment.line, comment.text
        if found[text] < wanted[text]:
            raise CannotFormat(
                [
                    _problem(
                        "<plan>",
                        line + 1,
                        f"fmt cannot keep the comment '{_shorten(text)}' where it is",
                        hint="put the comment on a line of its own above the key it is about",
                        column=source.split("\n")[line].find(text) + 1,
                    )
                ]
            )
    raise FormatIntegrityError("formatting would repeat a comment; the file is left as it is")


def _same(left: Any, right: Any) -> bool:
    """Equal data, where NaN equals NaN and a dict's key order does not matter."""
    if isinstance(right, _Either):
        return left == right.new or _same(left, right.old)
    if isinstance(left, float) and isinstance(right, float):
        return left == right or (math.isnan(left) and math.isnan(right))
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(
            _same(a, b) for a, b in zip(left, right, strict=True)
        )
    return bool(left == right)
