"""The YAML round trip that keeps comments, and the analysis of a text from parser events.

The round trip reads and writes the plan with the library's round-trip loader,
with every plain value kept as text and two fixes to the library (a comment
after a flow collection, and runs of comment lines read in linear time). The
analysis finds every node's line and column, the lines inside multi-line
scalars, and every comment, for the layout and its checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

_NULL_TAG = "tag:yaml.org,2002:null"
_DOCUMENT_START = re.compile(r"---[ \t]*(#.*)?")
_DOCUMENT_END = re.compile(r"\.\.\.[ \t]*(#.*)?")


@cache
def _text_resolver() -> type[Any]:
    """A resolver that reads every plain scalar as text, except an empty one (null).

    The round trip then writes back every value exactly as it was written:
    ``yes``, ``~``, ``0012`` and ``2013-05-15`` are not turned into booleans,
    nulls, numbers or dates and back.
    """
    # deferred: start-up (ruamel.yaml loads only when a file is formatted)
    from ruamel.yaml.resolver import VersionedResolver

    empty = re.compile("^$")

    class TextResolver(VersionedResolver):
        @property
        def versioned_resolver(self) -> Any:
            return {"": [(_NULL_TAG, empty)]}

    return TextResolver


@cache
def _emitter() -> type[Any]:
    """The library's round-trip emitter, with a flow collection's end comment ending its line.

    The emitter notes that it stands right after a list item's dash
    (``no_newline``) so that the item's first line goes on the dash's line.
    A ``{...}`` item clears that note where it closes, except when a comment
    follows the ``}``: the comment ends the line, but the stale note then
    keeps the next block item's second key on its first line (``- name: Bo
    role: Coach``). After such a comment the note is cleared here too.
    """
    # deferred: start-up (ruamel.yaml loads only when a file is formatted)
    from ruamel.yaml.emitter import RoundTripEmitter
    from ruamel.yaml.events import MappingEndEvent, SequenceEndEvent

    class Emitter(RoundTripEmitter):
        def _closes_with_comment(self) -> bool:
            event = self.event
            return isinstance(event, (MappingEndEvent, SequenceEndEvent)) and bool(
                event.comment and event.comment[0]
            )

        def _ended_line(self, handler: Callable[[], None]) -> None:
            # Asked before the handler runs: it moves on to the next event.
            closing = self._closes_with_comment()
            handler()
            if closing:
                self.no_newline = False

        def expect_first_flow_mapping_key(self) -> None:
            self._ended_line(super().expect_first_flow_mapping_key)

        def expect_flow_mapping_key(self) -> None:
            self._ended_line(super().expect_flow_mapping_key)

        def expect_first_flow_sequence_item(self) -> None:
            self._ended_line(super().expect_first_flow_sequence_item)

        def expect_flow_sequence_item(self) -> None:
            self._ended_line(super().expect_flow_sequence_item)

    return Emitter


@cache
def _scanner() -> type[Any]:
    """The library's round-trip scanner, reading a run of comment lines in linear time.

    A comment at the end of the line of a value, a ``:`` or a flow
    collection's end, or on a line below a value, becomes one comment after
    that token together with every comment line right after it. The library
    adds each line to the text read so far (``value = value + line``),
    copying it again for every line: a run of N comment lines costs N²
    characters copied, minutes for 40,000 lines.
    This is the library's ``get_token`` (the same from 0.18.6 on) with the
    lines gathered in a list and joined once; the text, the tokens and the
    order in which they are read are the library's.
    """
    # deferred: start-up (ruamel.yaml loads only when a file is formatted)
    from ruamel.yaml.scanner import RoundTripScanner
    from ruamel.yaml.tokens import (
        CommentToken,
        FlowMappingEndToken,
        FlowSequenceEndToken,
        ScalarToken,
        ValueToken,
    )

    ends_line = (ScalarToken, ValueToken, FlowSequenceEndToken, FlowMappingEndToken)

    class Scanner(RoundTripScanner):
        def get_token(self) -> Any:
            while self.need_more_tokens():
                self.fetch_more_tokens()
            self._gather_comments()
            if not self.tokens:
                return None
            if len(self.tokens) > 1 and isinstance(self.tokens[1], CommentToken):
                first, line = self.tokens[0], self.tokens[1].start_mark.line
                # The library's two cases, tested in its order: a comment on the
                # token's line, then one on a line below a value.
                if isinstance(first, ends_line) and first.end_mark.line == line:
                    comment = self._take_comment()
                    comment.value = self._join_following(comment.value)
                    self.tokens[0].add_post_comment(comment)
                elif isinstance(first, ScalarToken):
                    comment = self._take_comment()
                    below = "\n" * (line - first.end_mark.line)
                    comment.value = below + " " * comment.start_mark.column + comment.value
                    # Added first, then grown, as the library does.
                    first.add_post_comment(comment)
                    comment.value = self._join_following(comment.value)
            self.tokens_taken += 1
            return self.tokens.pop(0)

        def _take_comment(self) -> Any:
            self.tokens_taken += 1
            return self.tokens.pop(1)

        def _join_following(self, text: str) -> str:
            """``text`` and the comment lines that follow, each after its indentation."""
            parts = [text]
            self.fetch_more_tokens()
            while len(self.tokens) > 1 and isinstance(self.tokens[1], CommentToken):
                following = self._take_comment()
                parts.append(" " * following.start_mark.column)
                parts.append(following.value)
                self.fetch_more_tokens()
            return "".join(parts)

    return Scanner


def _round_trip() -> Any:
    # deferred: start-up (ruamel.yaml loads only when a file is formatted)
    from ruamel.yaml import YAML

    from planctl.yamlwrite import configure_round_trip

    yaml = YAML(typ="rt")
    yaml.Resolver = _text_resolver()
    yaml.Scanner = _scanner()
    yaml.Emitter = _emitter()
    return configure_round_trip(yaml)


def _parse_events(text: str) -> list[Any]:
    """Parser events for ``text``, from libyaml's C parser when it is installed."""
    try:
        # cyaml re-exports the C extension's parser without declaring it.
        # deferred: start-up (ruamel.yaml loads only when a file is formatted)
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - depends on the platform's wheels
        # deferred: start-up (ruamel.yaml loads only when a file is formatted)
        from ruamel.yaml import YAML

        return list(YAML(typ="safe", pure=True).parse(text))
    parser = CParser(text)
    events: list[Any] = []
    try:
        while True:
            event = parser.get_event()
            events.append(event)
            if type(event).__name__ == "StreamEndEvent":
                return events
    except Exception as error:  # the library's own errors have no common base
        if getattr(error, "problem_mark", None) is None:
            raise
        # libyaml refuses some YAML 1.2 that ruamel's own parser (the one the
        # round trip uses) reads, such as ':' inside [ ]: read it that way.
        # deferred: start-up (ruamel.yaml loads only when a file is formatted)
        from ruamel.yaml import YAML

        return list(YAML(typ="safe", pure=True).parse(text))
    finally:
        parser.dispose()


@dataclass
class _Node:
    """A YAML node with where it stands (0-based lines and columns), from parser events.

    ``column`` is where the node starts in the text (for a block list, where
    its first dash is); ``canonical`` is the column it gets in the layout, and
    ``lead`` the indentation of its line there when it is the first on it.
    """

    kind: str
    flow: bool
    line: int
    column: int
    value: str = ""
    entries: list[tuple[_Node, _Node]] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)
    style: str | None = None
    canonical: int = 0
    lead: int = 0
    text_line: int = -1
    """For a scalar, the line its text starts on (below ``line`` after ``- &name``)."""

    @property
    def block_list(self) -> bool:
        return self.kind == "seq" and not self.flow


@dataclass(frozen=True)
class _Comment:
    """A comment: its 0-based line and column, its text, and whether it has the line to itself."""

    line: int
    column: int
    text: str
    alone: bool


@dataclass
class _Parsed:
    """What formatting needs to know about a text: its tree, comments and protected lines."""

    root: _Node | None
    nodes: list[_Node]
    """Every node, in document order."""
    protected: set[int]
    comments: list[_Comment]
    start_line: int | None
    """The line of an explicit ``---`` with nothing but a comment after it."""
    end_line: int | None
    """The line of an explicit ``...`` with nothing but a comment after it."""

    @cached_property
    def starts(self) -> list[int]:
        """The line each node starts on, in document order."""
        return [node.line for node in self.nodes]


def _analyse(text: str) -> _Parsed:
    """Parse ``text`` into a tree, the lines inside multi-line scalars, and its comments."""
    events = _parse_events(text)
    lines = text.split("\n")
    masked = bytearray(len(text) + 1)
    protected: set[int] = set()
    stack: list[_Node] = []
    pending: list[_Node | None] = []
    nodes: list[_Node] = []
    root: _Node | None = None
    start_line: int | None = None
    end_line: int | None = None

    def attach(node: _Node) -> None:
        nonlocal root
        nodes.append(node)
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending[-1] is None:
            pending[-1] = node
        else:
            key = pending[-1]
            assert key is not None
            parent.entries.append((key, node))
            pending[-1] = None

    for event in events:
        name = type(event).__name__
        mark = event.start_mark
        if name == "ScalarEvent":
            style = event.style or None
            scalar = _Node("scalar", False, mark.line, mark.column, event.value, style=style)
            begin = _scalar_text_start(event, text)
            scalar.text_line = mark.line + text.count("\n", mark.index, begin)
            attach(scalar)
            _protect_scalar(event, begin, scalar.text_line, text, lines, masked, protected)
        elif name in ("MappingStartEvent", "SequenceStartEvent"):
            node = _Node(
                "map" if name == "MappingStartEvent" else "seq",
                bool(event.flow_style),
                mark.line,
                mark.column,
            )
            attach(node)
            stack.append(node)
            pending.append(None)
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            stack.pop()
            pending.pop()
        elif name == "AliasEvent":
            attach(_Node("alias", False, mark.line, mark.column))
        elif _marker(event, name, "DocumentStartEvent", _DOCUMENT_START, lines):
            start_line = mark.line if start_line is None else start_line
        elif _marker(event, name, "DocumentEndEvent", _DOCUMENT_END, lines):
            end_line = mark.line if end_line is None else end_line
    if root is not None:
        _lay_out(root, 0, 0)
    comments = _find_comments(lines, masked)
    return _Parsed(root, nodes, protected, comments, start_line, end_line)


def _lay_out(node: _Node, column: int, lead: int) -> None:
    """Note where ``node`` and the nodes inside it stand in the layout.

    Keys of a block mapping line up; a value's mapping or list goes two
    columns in from its key (a list's dash too); a list item's mapping has
    its keys two columns after the dash. Inside a flow collection everything
    stays on the collection's line.
    """
    node.canonical, node.lead = column, lead
    if node.kind == "map" and not node.flow:
        for index, (key, value) in enumerate(node.entries):
            # The first key shares its line (and so its indentation) with the item's dash,
            # unless an anchor or tag stands alone on that line.
            opens = index == 0 and key.line == node.line
            key.canonical, key.lead = column, (lead if opens else column)
            _lay_out(value, column + 2, column + 2)
    elif node.block_list:
        for item in node.items:
            _lay_out(item, column + 2, column)
    else:
        for key, value in node.entries:
            _lay_out(key, column, lead)
            _lay_out(value, column, lead)
        for item in node.items:
            _lay_out(item, column, lead)


def _marker(event: Any, name: str, wanted: str, pattern: re.Pattern[str], lines: list[str]) -> bool:
    """True for an explicit ``---`` or ``...`` with nothing but a comment after it."""
    return (
        name == wanted
        and bool(event.explicit)
        and bool(pattern.fullmatch(lines[event.start_mark.line].strip()))
    )


def _protect_scalar(
    event: Any,
    index: int,
    line: int,
    text: str,
    lines: list[str],
    masked: bytearray,
    protected: set[int],
) -> None:
    """Mask a scalar's text (from ``index``, on ``line``) from the comment search.

    Also note its continuation lines.
    """
    end = event.end_mark
    column = index - (text.rfind("\n", 0, index) + 1)
    if event.style in ("|", ">"):
        header = lines[line][column:]
        first = line + 1
        last = end.line if end.column > 0 else end.line - 1
        if "+" not in header.split("#", 1)[0]:
            while last >= first and (last >= len(lines) or not lines[last].strip()):
                last -= 1
        protected.update(range(first, last + 1))
        begin = text.find("\n", index)
        if begin != -1:
            masked[begin : end.index] = b"\x01" * (end.index - begin)
        return
    masked[index : end.index] = b"\x01" * (end.index - index)
    if end.line > line:
        protected.update(range(line + 1, end.line + 1))


def _scalar_text_start(event: Any, text: str) -> int:
    """Where a scalar's own text starts in ``text``: after its anchor or tag.

    The parser's mark starts at the anchor (``&name``), which may stand on a
    line above the text, with comment lines between: those are comments,
    not text. (A scalar's text never starts with ``&``, ``!`` or ``#``.)
    """
    index: int = event.start_mark.index
    end: int = event.end_mark.index
    if event.anchor is None and event.tag is None:
        return index
    while index < end:
        if text[index] in " \t\n":
            index += 1
        elif text[index] == "#":
            newline = text.find("\n", index)
            index = end if newline == -1 else newline
        elif text[index] in "&!":
            while index < end and text[index] not in " \t\n,[]{}":
                index += 1
        else:
            break
    return min(index, end)


def _find_comments(lines: list[str], masked: bytearray) -> list[_Comment]:
    """Each comment outside scalars, its text without trailing spaces."""
    found: list[_Comment] = []
    offset = 0
    for number, line in enumerate(lines):
        position = line.find("#")
        while position != -1:
            if not masked[offset + position] and (position == 0 or line[position - 1] in " \t"):
                alone = not line[:position].strip()
                found.append(_Comment(number, position, line[position:].rstrip(), alone))
                break
            position = line.find("#", position + 1)
        offset += len(line) + 1
    return found
