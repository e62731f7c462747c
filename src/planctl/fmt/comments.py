"""Where each comment goes in the layout: comment lines before the round trip, all after it."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from planctl.fmt.roundtrip import _Comment, _Node, _Parsed


@dataclass
class _Layout:
    """A text's lines and parse, with what the comment lines need to know about them.

    A comment line's column depends on the text above it, past any blank and
    comment lines. Each comment line looking back on its own would make a run
    of N comment lines cost N² steps (minutes for 40,000 lines); the answers
    are worked out here once, in one pass over the lines.
    """

    lines: list[str]
    parsed: _Parsed
    columns_above: dict[tuple[int, int], int | None] = field(default_factory=dict)
    """:func:`_column_above`'s answers, by the node below and the comment's column."""

    @cached_property
    def text_above(self) -> list[int]:
        """For each line, the nearest line above it that is text (-1: none).

        Text is any line of a scalar that spans lines, and any other line
        that is not blank or a comment.
        """
        protected = self.parsed.protected
        found: list[int] = []
        last = -1
        for number, line in enumerate(self.lines):
            found.append(last)
            if number in protected or not _blank_or_comment(line):
                last = number
        return found

    @cached_property
    def block_indents(self) -> list[int | None]:
        """For each line of a multi-line scalar, the least indentation of its text so far.

        That is, of the lines with text from the scalar's first continuation
        line down to this line; ``None`` outside such scalars.
        """
        protected = self.parsed.protected
        found: list[int | None] = []
        indent: int | None = None
        for number, line in enumerate(self.lines):
            if number not in protected:
                indent = None
            elif line.strip():
                indent = _indent(line) if indent is None else min(indent, _indent(line))
            found.append(indent)
        return found


def _wanted_columns(layout: _Layout) -> list[tuple[_Comment, int]]:
    """The column each comment line has in the layout (see :func:`_comment_column`)."""
    return [
        (comment, _comment_column(comment, layout))
        for comment in layout.parsed.comments
        if comment.alone
    ]


def _comment_column(comment: _Comment, layout: _Layout) -> int:
    """The column of the comment line ``comment`` of ``layout``'s text in the layout.

    A comment line takes the indentation of the line below it, unless the
    author indented it deeper than that line: it then belongs to the value
    above it, and lines up with the nearest node above it that was not
    indented deeper (or goes one step in from that node). Between a list
    item's dash (``- &name``) and the item's first key it goes above the
    dash, as the YAML library writes it there, so it takes the dash's
    column. Right after a ``|`` or ``>`` block it stays left of the block's
    text, or it would become part of the text.
    """

    lines, parsed = layout.lines, layout.parsed
    nodes = parsed.nodes
    following = bisect.bisect_right(parsed.starts, comment.line)
    item = _opened_item(nodes, following, comment.line)
    column: int | None = None
    if item is not None:
        column = item.lead
    elif following < len(nodes) and comment.column <= _indent(lines[nodes[following].line]):
        column = nodes[following].lead
    if column is None:
        key = (following, comment.column)
        if key not in layout.columns_above:
            layout.columns_above[key] = _column_above(nodes, following, comment.column, lines)
        column = layout.columns_above[key]
    if column is None:
        column = comment.column
    block = _block_before(layout, comment.line, following)
    if block is not None:
        column = min(column, max(block.canonical - 2, 0))
    return column


def _opened_item(nodes: list[_Node], following: int, line: int) -> _Node | None:
    """The list item whose dash stands above ``line`` and whose content starts below it.

    Only an anchor (``- &name``) lets an item start on the dash's line with
    its first key, item or text on a later line; ``nodes[following]`` is the
    first node that starts below ``line``.
    """
    if following == 0:
        return None
    item = nodes[following - 1]
    # In the layout only a list's items stand left of their content (the dash).
    if item.lead >= item.canonical:
        return None
    if item.kind == "scalar":
        return item if item.text_line > line else None
    block = (item.kind == "map" and not item.flow) or item.block_list
    return item if block and following < len(nodes) else None


def _column_above(nodes: list[_Node], following: int, column: int, lines: list[str]) -> int | None:
    """The layout column of a comment at ``column`` that belongs to the value above it.

    ``nodes[following]`` is the first node below the comment. Only the nodes
    that open their line count (a key, or a list item after its dash), as a
    comment's indentation is read against lines.
    """
    for index in range(following - 1, -1, -1):
        node = nodes[index]
        if node.block_list or node.column != _content_column(lines[node.line]):
            continue
        if node.column <= column:
            return node.canonical if node.column == column else node.canonical + 2
    return None


def _content_column(line: str) -> int:
    """Where the content of ``line`` starts, after its indentation and any list dashes."""
    position = _indent(line)
    while line.startswith("-", position) and line[position + 1 : position + 2] in (" ", ""):
        position += 1
        while line.startswith(" ", position):
            position += 1
    return position


def _block_before(layout: _Layout, line: int, following: int) -> _Node | None:
    """The ``|`` or ``>`` block whose text ends above ``line`` (blank and comment lines aside)."""
    parsed = layout.parsed
    above = layout.text_above[line]
    if above < 0 or above not in parsed.protected or following == 0:
        return None
    node = parsed.nodes[following - 1]
    return node if node.kind == "scalar" and node.style in ("|", ">") else None


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _indent_source_comments(layout: _Layout, wanted: list[tuple[_Comment, int]]) -> list[str]:
    """The source with its comment lines at their columns, where that keeps them comments.

    The YAML library writes a comment line at the column it had while the
    lines around it move to the layout's indentation, so comment lines are
    put in the layout before the round trip. One right after a ``|`` or
    ``>`` block whose text is indented less than its column in the layout
    keeps its column here (it is moved after the round trip).
    """
    lines = layout.lines
    result = list(lines)
    for comment, column in wanted:
        limit = _block_text_indent(layout, comment.line)
        if limit is None or column < limit:
            result[comment.line] = " " * column + lines[comment.line].lstrip(" ")
    return result


def _block_text_indent(layout: _Layout, line: int) -> int | None:
    """The indentation of the block text just above ``line``, if there is one."""
    above = layout.text_above[line]
    if above < 0 or above not in layout.parsed.protected:
        return None
    return layout.block_indents[above]


def _place_output_comments(
    lines: list[str],
    after: _Parsed,
    wanted: list[tuple[_Comment, int]],
    source_lines: list[str],
    before: _Parsed,
) -> list[str]:
    """Each comment of the round trip's output at its place in the layout.

    Comment lines go to their column. A comment the library moved off the end
    of a line (``- # note`` becomes a comment line above the item) lines up
    with the line below it. A comment at the end of a line keeps its column
    relative to the line's indentation, so comments the author lined up stay
    lined up; where the line's text would reach it, it keeps the gap it had.
    """

    result = list(lines)
    pending = 0
    output: _Layout | None = None
    for comment in after.comments:
        if not comment.alone:
            continue
        if pending < len(wanted) and wanted[pending][0].text == comment.text:
            column = wanted[pending][1]
            pending += 1
        else:
            following = bisect.bisect_right(after.starts, comment.line)
            if following < len(after.nodes):
                column = _indent(lines[after.nodes[following].line])
            else:
                # Nothing below (``key: # note`` over the file's last ``|`` block): the
                # column the next run would give it, so that a second run changes nothing.
                if output is None:
                    output = _Layout(lines, after)
                column = _comment_column(comment, output)
        result[comment.line] = " " * column + lines[comment.line].lstrip(" ")
    originals = iter([comment for comment in before.comments if not comment.alone])
    for comment in after.comments:
        if comment.alone:
            continue
        original = next((item for item in originals if item.text == comment.text), None)
        if original is None:
            break
        line = lines[comment.line]
        text = line[: comment.column].rstrip()
        source = source_lines[original.line]
        gap = original.column - len(source[: original.column].rstrip())
        column = original.column - _indent(source) + _indent(line)
        if column < len(text) + 1:
            column = len(text) + gap
        result[comment.line] = text + " " * (column - len(text)) + line[comment.column :]
    return result


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
