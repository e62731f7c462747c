"""Reordering the keys of the plan's block mappings, line by line, after the round trip."""

from __future__ import annotations

from dataclasses import dataclass

from planctl.fmt.comments import _indent
from planctl.fmt.order import _Order, _Orders
from planctl.fmt.roundtrip import _Node

_Line = tuple[str, bool]
"""A line of the formatted text and whether it lies inside a multi-line scalar."""


@dataclass
class _Arranger:
    """Moves the lines of each key of the plan's block mappings into canonical order.

    A key's lines are its own line, its value's lines, and the blank and
    comment lines above it down to the previous key's value (comments
    indented deeper than the key stay with the value above them). The
    blank and comment lines after a mapping's last value stay at its end.
    """

    lines: list[_Line]
    orders: _Orders

    def text_line(self, index: int) -> str:
        text: str = self.lines[index][0]
        return text

    def is_tail(self, index: int, column: int) -> bool:
        line, protected = self.lines[index]
        if protected:
            return False
        stripped = line.strip()
        return not stripped or (stripped.startswith("#") and _indent(line) <= column)

    def arrange_root(self, root: _Node, end: int) -> list[_Line]:
        if root.kind != "map" or root.flow or not root.entries:
            return list(self.lines)
        first = root.entries[0][0].line
        _, body = self.arrange(root, self.orders.of(None), first, end, opener=None)
        return [*self.lines[:first], *body, *self.lines[end:]]

    def arrange(
        self, node: _Node, order: _Order, start: int, end: int, *, opener: int | None
    ) -> tuple[list[_Line], list[_Line]]:
        """The lines ``start`` to ``end`` (the block mapping ``node``), keys in order.

        ``opener`` is the line of the list item's dash, for a mapping that is
        a list item. Comments about a key that comes to open the item go
        above that dash: they are returned first, apart from the lines.
        """
        keys = [key for key, _ in node.entries]
        column = keys[0].column
        lines = [key.line for key in keys]
        if not self._laid_out(keys, start, end):
            return [], self.lines[start:end]
        bodies: list[list[_Line]] = []
        tails: list[list[_Line]] = []
        for index, (key, value) in enumerate(node.entries):
            stop = lines[index + 1] if index + 1 < len(lines) else end
            tail = stop
            while tail - 1 > key.line and self.is_tail(tail - 1, column):
                tail -= 1
            bodies.append(self.body(order, key.value, value, key.line, tail))
            tails.append(self.lines[tail:stop])
        permutation = order.permutation([key.value for key in keys])
        prefix = self.text_line(start)[:column]
        hoisted: list[_Line] = []
        out: list[_Line] = []
        for rank, index in enumerate(permutation):
            body = bodies[index]
            if index > 0 and rank == 0 and opener is not None:
                dash = _indent(self.text_line(opener))
                hoisted = [_shifted(line, dash) for line in tails[index - 1]]
            elif index > 0:
                out.extend(tails[index - 1])
            if rank == 0 and index != 0:
                body = [(prefix + body[0][0][column:], body[0][1]), *body[1:]]
            elif rank != 0 and index == 0:
                body = [(" " * column + body[0][0][column:], body[0][1]), *body[1:]]
            out.extend(body)
        out.extend(tails[-1])
        return hoisted, out

    def _laid_out(self, keys: list[_Node], start: int, end: int) -> bool:
        """True when each key starts its own line at one column, as the round trip writes them."""
        column = keys[0].column
        previous = start - 1
        for number, key in enumerate(keys):
            if key.column != column or key.line <= previous or key.line >= end:
                return False
            before = self.text_line(key.line)[:column]
            if number == 0:
                if before.strip() not in ("", "-") or (before.strip() and before[-2:] != "- "):
                    return False
            elif before.strip():
                return False
            previous = key.line
        return keys[0].line == start

    def body(self, order: _Order, key: str, value: _Node, start: int, end: int) -> list[_Line]:
        """A key's lines, with the mappings of the level below it put in order too."""
        level = order.child(key)
        if level is None or value.kind != "seq" or value.flow:
            return self.lines[start:end]
        child = self.orders.of(level.key)
        out: list[_Line] = []
        position = start
        for index, item in enumerate(value.items):
            if item.kind != "map" or item.flow or not item.entries:
                continue
            first = item.entries[0][0].line
            following = value.items[index + 1].line if index + 1 < len(value.items) else end
            opener = item.line
            if not position <= opener <= first < following <= end:
                return self.lines[start:end]
            hoisted, arranged = self.arrange(item, child, first, following, opener=opener)
            out.extend(self.lines[position:opener])
            out.extend(hoisted)
            out.extend(self.lines[opener:first])
            out.extend(arranged)
            position = following
        out.extend(self.lines[position:end])
        return out


def _shifted(line: _Line, column: int) -> _Line:
    text, protected = line
    if protected or not text.strip():
        return line
    return (" " * column + text.lstrip(" "), protected)
