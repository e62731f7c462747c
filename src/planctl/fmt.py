"""``planctl fmt``: one layout for every plan file, without losing a comment or a value.

Plans are written by hand, by several people, in several editors; ``fmt``
gives them one layout so that a review shows what changed in the plan, not
in its spaces. The layout is the one the examples are written in:

* mappings indented by two spaces, list items by four with the dash two in
  (``goals:`` then ``  - title: ...``);
* every comment kept, at its place: a comment line belongs to the key below
  it, moves with that key and takes its indentation, unless it is indented
  deeper than that key, when it belongs to the value above it; a comment
  at the end of a line stays on that line, at the same distance from the
  line's indentation; a comment between a list item's dash and the item
  (``- # note``, or below ``- &name``) goes above the dash; the
  ``# yaml-language-server: $schema=...`` line stays first;
* the author's styles kept: quotes, ``>-`` and ``|`` blocks (never
  re-wrapped), ``{start: 2013-04, end: 2014-06}`` and ``[A, B]`` on one line,
  blank lines between items; values are never rewritten (``yes``, ``~``,
  ``2013-05`` and ``0012`` stay as written);
* lists are never reordered;
* lines end with LF (a file saved with CRLF line ends, or with a byte order
  mark, comes out with LF and without the mark), carry no trailing spaces
  (except inside ``|`` and ``>`` blocks, where they are text), and the file
  ends with one newline.

Keys are put in one order, from the plan down to its steps:

* the plan: ``planctl``, ``template``, ``title``, ``organization``,
  ``period``, ``status``, ``adopted``, ``description``, ``currency``,
  ``sections``, ``people``, ``silence``, then the template's top level
  (``goals``, ``strategies`` or ``objectives``);
* a goal, objective or strategy: ``id``, ``title``, ``description``,
  ``owners``, ``tags``, ``status``, ``measure``, ``measures``, ``cost``,
  ``aligns_to``, ``comments``, ``silence``, then the levels below it;
* an action step: ``id``, ``action``, ``description``, then the fields of
  the step's row (:data:`STEP_ROW`: ``phase``, ``repeat``, ``start``,
  ``due``, ``dates``, ``owners``, ``outcome``, ``measure``, ``cost``,
  ``resources``, ``benefits``, ``tags``, ``status``, ``completed``,
  ``updates``, ``comments``) with the template's columns in the template's
  order, then ``aligns_to`` and ``silence``. Each column brings the fields
  that follow it in that row up to the next column (``dates`` follows
  ``due``); fields before the first column stay first. With the default
  template's columns this is the row as listed; the Boston work plan's
  columns (action, due, outcome, measure, owners, comments) put ``outcome``
  and ``measure`` before ``owners``.

A district's own fields (the template's ``fields:``) stay right after the key
the author wrote them after. Keys planctl does not know keep their order,
after the known ones and before the levels below; a YAML merge key
(``<<: *defaults``) stays first. The keys inside a value (a measure, a
cost, a period, a person) keep the author's order.

An invalid file (not YAML, a duplicate key, a tag, too large or deep, not
the shape of a plan, a template that does not load) is never rewritten:
``fmt`` reports why instead. Every result is checked before it is written:
the plan's data must read back the same, and every comment must still be
there. A comment the YAML library cannot keep (between a key and its text
on the next line, between ``key: &name`` and its text, inside a bracketed
list spread over lines) is reported at its line, and the file is left as it
is. A read-only file is left as it is too, unless ``force`` says to format
it anyway (it stays read-only).

With ``normalize_dates``, dates a planner wrote in words (``May/2013``,
``April-May 2013``, ``SY 2013-14``) are rewritten in planctl's normal form
(``2013-05``, ``2013-04..2013-05``, ``2013-07..2014-06``) when they read
the same in that form; dates planctl cannot place (``Mid-way and final
check in``) and dates counted from the plan's period (``Year 2``,
``Ongoing``, ``By June 2024``) are left as written.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, MutableMapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from planctl.errors import PlanctlError
from planctl.problem import Problem, Severity

if TYPE_CHECKING:
    from planctl.config import Settings
    from planctl.template import LevelSpec, PlanTemplate

__all__ = [
    "BLOCKING_RULES",
    "STEP_ROW",
    "CannotFormat",
    "FormatIntegrityError",
    "canonical_date",
    "format_file",
    "format_text",
    "run",
    "step_order",
    "summary",
]

RULE_FMT = "fmt"
BLOCKING_RULES = frozenset(
    {
        "yaml-syntax",
        "yaml-unsupported",
        "duplicate-key",
        "yaml-tag",
        "yaml-limits",
        "file-unreadable",
        "plan-structure",
    }
)
"""Problems that keep ``fmt`` from touching a file: it cannot be read safely as a plan."""

HEADER_ORDER = (
    "planctl",
    "template",
    "title",
    "organization",
    "period",
    "status",
    "adopted",
    "description",
    "currency",
    "sections",
    "people",
    "silence",
)
STEP_HEAD = ("id", "action", "description")
STEP_ROW = (
    "phase",
    "repeat",
    "start",
    "due",
    "dates",
    "owners",
    "outcome",
    "measure",
    "cost",
    "resources",
    "benefits",
    "tags",
    "status",
    "completed",
    "updates",
    "comments",
)
"""The fields of an action step's row, in the order planners fill them in."""
STEP_TAIL = ("aligns_to", "silence")

_UNKNOWN_RANK = 1000
_LEVEL_RANK = 2000
_STICKY = -1
_MERGE_RANK = -2
_MERGE_KEY = "<<"
_WIDTH = 1 << 30
"""Wide enough that no line of text is ever wrapped."""
_NULL_TAG = "tag:yaml.org,2002:null"
_DOCUMENT_START = re.compile(r"---[ \t]*(#.*)?")
_DOCUMENT_END = re.compile(r"\.\.\.[ \t]*(#.*)?")
_DIGITS = re.compile(r"[0-9]+")


class CannotFormat(PlanctlError):
    """The file is left as it is; ``problems`` say why, at their lines."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = list(problems)


class FormatIntegrityError(PlanctlError):
    """Formatting would have changed the plan's data; nothing is written.

    This is a bug in planctl, never the planner's doing: the check exists so
    that such a bug can never reach a file.
    """


# --------------------------------------------------------------------------
# Key order


@dataclass(frozen=True)
class _Order:
    """How the keys of one kind of mapping (the plan, a goal, a step) are ordered."""

    ranks: dict[str, int]
    sticky: frozenset[str] = frozenset()
    children: tuple[LevelSpec, ...] = ()

    def rank(self, key: str) -> int:
        if key == _MERGE_KEY:
            return _MERGE_RANK
        if key in self.ranks:
            return self.ranks[key]
        if key in self.sticky:
            return _STICKY
        return _UNKNOWN_RANK

    def permutation(self, keys: Sequence[str]) -> list[int]:
        """The positions of ``keys`` in canonical order.

        A sticky key (a district's own field) joins the key written before it;
        groups are then sorted by the rank of their first key, stably, so keys
        of equal rank (unknown ones) keep the author's order.
        """
        runs: list[tuple[int, list[int]]] = []
        for index, key in enumerate(keys):
            rank = self.rank(key)
            if rank == _STICKY and runs:
                runs[-1][1].append(index)
            else:
                runs.append((rank, [index]))
        runs.sort(key=lambda run: run[0])
        return [index for _, members in runs for index in members]

    def child(self, key: str) -> LevelSpec | None:
        for level in self.children:
            if level.key == key:
                return level
        return None


def _ranked(names: Sequence[str], children: Sequence[LevelSpec]) -> dict[str, int]:
    ranks = {name: index for index, name in enumerate(names)}
    for index, level in enumerate(children):
        ranks[level.key] = _LEVEL_RANK + index
    return ranks


def step_order(template: PlanTemplate) -> list[str]:
    """The order of an action step's fields under ``template`` (its own fields aside).

    ``id``, ``action`` and ``description`` come first and ``aligns_to`` and
    ``silence`` last. In between, the template's columns decide: each column
    brings the fields that follow it in :data:`STEP_ROW` up to the next
    column; fields before the first column keep their place at the front.
    """
    from planctl.model.plan import StepFields, field_names

    custom = {item.key for item in template.custom_fields("steps")}
    fixed = set(STEP_HEAD) | set(STEP_TAIL)
    columns: list[str] = []
    for column in template.columns:
        name = column.field
        if name not in fixed and name not in columns and (name in STEP_ROW or name in custom):
            columns.append(name)
    lead: list[str] = []
    blocks: dict[str, list[str]] = {name: [name] for name in columns}
    current = lead
    for name in STEP_ROW:
        if name in blocks:
            current = blocks[name]
        else:
            current.append(name)
    order = [*STEP_HEAD, *lead]
    for name in columns:
        order.extend(blocks[name])
    placed = set(order) | set(STEP_TAIL)
    # A field added to the model later still gets a place: after the row.
    order.extend(name for name in field_names(StepFields) if name not in placed)
    order.extend(STEP_TAIL)
    return order


@dataclass
class _Orders:
    """The key orders of one template, by level (``None``: the plan itself)."""

    template: PlanTemplate
    cache: dict[str | None, _Order] = field(default_factory=dict)

    def of(self, level: str | None) -> _Order:
        found = self.cache.get(level)
        if found is None:
            found = self._make(level)
            self.cache[level] = found
        return found

    def _make(self, level: str | None) -> _Order:
        from planctl.model.plan import NodeFields, field_names

        template = self.template
        if level is None:
            children = template.child_levels(None)
            return _Order(_ranked(HEADER_ORDER, children), children=children)
        custom = [item.key for item in template.custom_fields(level)]
        if level == "steps":
            # A district field that is a column has the column's place; the others are sticky.
            columns = {column.field for column in template.columns}
            sticky = frozenset(name for name in custom if name not in columns)
            return _Order(_ranked(step_order(template), ()), sticky)
        children = template.child_levels(level)
        return _Order(
            _ranked(field_names(NodeFields), children),
            frozenset(custom),
            children,
        )


# --------------------------------------------------------------------------
# Dates


def _plan_period(data: Any) -> tuple[date, date] | None:
    from planctl.timeline import TimelineError, parse_month

    period = data.get("period") if isinstance(data, MutableMapping) else None
    if not isinstance(period, MutableMapping):
        return None
    start, end = period.get("start"), period.get("end")
    if not isinstance(start, (str, int)) or not isinstance(end, (str, int)):
        return None
    try:
        first = parse_month(start)[0]
        last = parse_month(end)[1]
    except TimelineError:
        return None
    return (first, last) if first <= last else None


def _is_date_text(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


_Slot = tuple[Any, Any, str]
"""A place holding a date: (container, key or index, "month" for a period end or "timeline")."""


def _date_slots(data: Any, template: PlanTemplate) -> Iterator[_Slot]:
    """Every place in a plan's data (plain or round-trip) that holds a date."""
    if not isinstance(data, MutableMapping):
        return
    period = data.get("period")
    if isinstance(period, MutableMapping):
        for key in ("start", "end"):
            if key in period:
                yield period, key, "month"
    for level in template.child_levels(None):
        yield from _level_slots(data, level, template)


def _level_slots(container: Any, level: LevelSpec, template: PlanTemplate) -> Iterator[_Slot]:
    items = container.get(level.key)
    if not isinstance(items, MutableSequence):
        return
    for node in items:
        if not isinstance(node, MutableMapping):
            continue
        if level.key == "steps":
            yield from _step_slots(node)
        else:
            measures = node.get("measures")
            if isinstance(measures, MutableSequence):
                for measure in measures:
                    yield from _measure_slots(measure)
            for child in template.child_levels(level.key):
                yield from _level_slots(node, child, template)
        yield from _measure_slots(node.get("measure"))


def _step_slots(step: MutableMapping[Any, Any]) -> Iterator[_Slot]:
    for key in ("start", "due", "completed"):
        if key in step:
            yield step, key, "timeline"
    dates = step.get("dates")
    if isinstance(dates, MutableSequence):
        for index in range(len(dates)):
            yield dates, index, "timeline"
    elif dates is not None:
        yield step, "dates", "timeline"
    updates = step.get("updates")
    if isinstance(updates, MutableSequence):
        for update in updates:
            if isinstance(update, MutableMapping) and "date" in update:
                yield update, "date", "timeline"


def _measure_slots(measure: Any) -> Iterator[_Slot]:
    if not isinstance(measure, MutableMapping):
        return
    for key, inner in (("baseline", "as_of"), ("target", "by")):
        value = measure.get(key)
        if isinstance(value, MutableMapping) and inner in value:
            yield value, inner, "timeline"
    for key, inner in (("targets", "by"), ("actuals", "as_of")):
        items = measure.get(key)
        if isinstance(items, MutableSequence):
            for item in items:
                if isinstance(item, MutableMapping) and inner in item:
                    yield item, inner, "timeline"


_ANY_PERIOD = (date(1900, 1, 1), date(2100, 12, 31))


def canonical_date(
    value: Any, kind: str, period: tuple[date, date] | None, school_year_start: int
) -> str | None:
    """The normal form of a date as written, or ``None`` to leave it as it is.

    A date is rewritten only when it reads the same days without the plan's
    period as with it (so ``Year 2`` and ``By June 2024`` stay), when its
    normal form reads back to the same days, and when that form would still
    be read as text (``2013`` would become a number). A period's ends must
    stay a month or a day.
    """
    from planctl.timeline import TimelineError, parse_month, parse_timeline

    if not _is_date_text(value):
        return None
    try:
        timeline = parse_timeline(value, school_year_start=school_year_start)
        text = timeline.canonical()
        if text == str(value) or _DIGITS.fullmatch(text):
            return None
        days = (timeline.start, timeline.end)
        for around in (period, _ANY_PERIOD):
            if around is None:
                continue
            placed = parse_timeline(value, period=around, school_year_start=school_year_start)
            back = parse_timeline(text, period=around, school_year_start=school_year_start)
            if (placed.start, placed.end) != days or (back.start, back.end) != days:
                return None
        if kind == "month" and parse_month(text) != parse_month(value):
            return None
    except TimelineError:
        return None
    return text


def _rewrite_dates(
    data: Any,
    template: PlanTemplate,
    replace: Callable[[Any, str], Any],
) -> None:
    """Rewrite every readable date in ``data`` in place; ``replace`` makes the new value."""
    period = _plan_period(data)
    for container, key, kind in list(_date_slots(data, template)):
        old = container[key]
        text = canonical_date(old, kind, period, template.school_year_start)
        if text is not None:
            container[key] = replace(old, text)


@dataclass(frozen=True)
class _Either:
    """In the data a formatted plan must read as: a date as written, or in its normal form.

    (A date reached through a YAML merge key may be rewritten where it is
    written or not at all, so either is the same plan.)
    """

    old: Any
    new: str


def _either(old: Any, text: str) -> Any:
    return _Either(old, text)


def _styled_replacement(old: Any, text: str) -> Any:
    """The new text in the old one's quotes, if it had any."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(old)(text)
    return text


# --------------------------------------------------------------------------
# YAML round trip


@cache
def _text_resolver() -> type[Any]:
    """A resolver that reads every plain scalar as text, except an empty one (null).

    The round trip then writes back every value exactly as it was written:
    ``yes``, ``~``, ``0012`` and ``2013-05-15`` are not turned into booleans,
    nulls, numbers or dates and back.
    """
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
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Resolver = _text_resolver()
    yaml.Scanner = _scanner()
    yaml.Emitter = _emitter()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _WIDTH
    yaml.preserve_quotes = True
    return yaml


def _parse_events(text: str) -> list[Any]:
    """Parser events for ``text``, from libyaml's C parser when it is installed."""
    try:
        # cyaml re-exports the C extension's parser without declaring it.
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - depends on the platform's wheels
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


# --------------------------------------------------------------------------
# Indenting comment lines


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
    import bisect

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
    import bisect

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


# --------------------------------------------------------------------------
# Reordering the keys of block mappings, line by line


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


def _reorder_flow(data: Any, orders: _Orders) -> None:
    """Put the keys of flow-style mappings (``{action: a, due: 2013-05}``) in order."""

    def visit(node: Any, level: str | None) -> None:
        if not isinstance(node, MutableMapping):
            return
        order = orders.of(level)
        if _is_flow(node):
            keys = list(node.keys())
            permutation = order.permutation(keys)
            if permutation != sorted(permutation):
                for index in permutation:
                    node.move_to_end(keys[index])  # type: ignore[attr-defined]
        for key in list(node.keys()):
            child = order.child(key)
            items = node[key]
            if child is not None and isinstance(items, MutableSequence):
                for item in items:
                    visit(item, child.key)

    visit(data, None)


def _is_flow(node: Any) -> bool:
    attribute = getattr(node, "fa", None)
    return bool(attribute is not None and attribute.flow_style())


# --------------------------------------------------------------------------
# Formatting text


def format_text(text: str, *, template: PlanTemplate, normalize_dates: bool = False) -> str:
    """``text`` (a plan file's content) in the canonical layout.

    Raises :class:`CannotFormat` when the text is not a valid plan (the
    rules in :data:`BLOCKING_RULES`) or when the layout cannot keep one of
    its comments, and :class:`FormatIntegrityError` if the result would
    read as different data; the caller then leaves the file untouched.
    """
    from planctl.load import load_text

    source = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    before = load_text(source, "<plan>")
    _check_formattable(before, template)
    parsed = _analyse(source)
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
        parsed if whole else _analyse(body),
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
    from planctl.model.build import RULE_STRUCTURE, build

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


def _format_body(
    body: str, source: _Parsed, template: PlanTemplate, *, normalize_dates: bool, offset: int
) -> list[_Line]:
    """Round-trip ``body`` (from line ``offset`` on) through the YAML library, then order keys."""
    import io

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
    tab = "\t" in text
    return _problem(
        "<plan>",
        line + offset + 1,
        f"fmt cannot lay out this file: {problem}",
        column=column + 1,
        hint="replace the tab with spaces" if tab else "check the YAML on this line",
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


def _problem(
    path: str, line: int, message: str, *, rule: str = RULE_FMT, hint: str = "", column: int = 1
) -> Problem:
    return Problem(
        path=path,
        line=line,
        column=max(column, 1),
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        hint=hint,
    )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


# --------------------------------------------------------------------------
# Files and the command


@dataclass
class _Tally:
    changed: int = 0
    unchanged: int = 0
    failed: int = 0


def format_file(
    path: Path,
    display: str,
    *,
    check: bool,
    diff: bool,
    normalize_dates: bool,
    out: TextIO,
    err: TextIO,
    settings: Settings | None = None,
    force: bool = False,
) -> int:
    """Format one plan file; returns 0 (unchanged, or rewritten), 1 (would change, or invalid).

    With ``check`` or ``diff`` nothing is written: ``check`` prints ``would
    reformat PATH`` and ``diff`` a unified diff to ``out``. Otherwise a
    changed file is replaced atomically (a reader sees the old file or the
    new one), keeping its permissions. An invalid file is never touched; its
    problems go to ``err``. A read-only file (see :func:`_read_only`) is left
    as it is unless ``force``. A file that is read-only or cannot be written
    returns 2.
    """
    return _format_one(
        path,
        display,
        check=check,
        diff=diff,
        normalize_dates=normalize_dates,
        out=out,
        err=err,
        settings=settings,
        tally=_Tally(),
        force=force,
    )


def _format_one(
    path: Path,
    display: str,
    *,
    check: bool,
    diff: bool,
    normalize_dates: bool,
    out: TextIO,
    err: TextIO,
    settings: Settings | None,
    tally: _Tally,
    force: bool,
) -> int:
    from planctl.template import RULE_TEMPLATE
    from planctl.validate import check_file

    checked = check_file(path, display, settings)
    blocking = [
        problem
        for problem in checked.report.problems
        if problem.rule in BLOCKING_RULES or problem.rule == RULE_TEMPLATE
    ]
    if blocking or checked.doc is None:
        _report(err, display, blocking or checked.report.problems, "not formatted")
        tally.failed += 1
        return 1
    loaded = checked.doc.loaded
    try:
        formatted = format_text(
            loaded.text, template=checked.doc.template, normalize_dates=normalize_dates
        )
    except CannotFormat as error:
        _report(err, display, error.problems, "not formatted")
        tally.failed += 1
        return 1
    except FormatIntegrityError as error:
        err.write(f"{display}: internal error: {error}\n")
        tally.failed += 1
        return 1
    except Exception as error:  # a bug must not stop the other files
        err.write(f"{display}: internal error: {type(error).__name__}: {error}; not formatted\n")
        tally.failed += 1
        return 1
    try:
        original = path.read_bytes()
    except OSError as error:
        err.write(f"{display}: cannot read the file again: {error.strerror or error}\n")
        tally.failed += 1
        return 1
    if formatted.encode("utf-8") == original:
        tally.unchanged += 1
        return 0
    if check or diff:
        if diff:
            _write_diff(out, display, original.decode("utf-8", errors="replace"), formatted)
        if check:
            out.write(f"would reformat {display}\n")
        tally.changed += 1
        return 1
    return _write(path, display, formatted, err, tally, force=force)


def _read_only(path: Path) -> bool:
    """True when the file at ``path`` (through links) is marked read-only.

    An editor asks before it saves over such a file, and so does ``fmt``.
    The mode decides: a file without its owner's write bit (``chmod a-w``,
    ``0444``) was made read-only on purpose. ``os.access`` alone would not
    do, as for root (in containers, in CI) it calls every file writable
    whatever its mode; it still counts for anyone else, as for a file of
    another user that only its owner may write.
    """
    import os
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # gone or unreadable: the write itself says why
    return not mode & stat.S_IWUSR or not os.access(path, os.W_OK)


def _write(
    path: Path, display: str, formatted: str, err: TextIO, tally: _Tally, *, force: bool
) -> int:
    from planctl.errors import UserError
    from planctl.writing import atomic_writer

    # Through a symbolic link, the file it points to is the plan.
    target = path.resolve() if path.is_symlink() else path
    if not force and _read_only(target):
        err.write(f"planctl: {display}: read-only: make it writable or use --force\n")
        tally.failed += 1
        return 2
    try:
        with atomic_writer(target) as stream:
            stream.write(formatted)
    except (UserError, OSError) as error:
        message = str(error) if isinstance(error, UserError) else (error.strerror or str(error))
        err.write(f"{display}: {message}\n")
        tally.failed += 1
        return 2
    err.write(f"reformatted {display}\n")
    tally.changed += 1
    return 0


def _write_diff(out: TextIO, display: str, old: str, new: str) -> None:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=display,
        tofile=display,
    )
    for line in lines:
        out.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")


def _report(err: TextIO, display: str, problems: Sequence[Problem], what: str) -> None:
    for problem in problems:
        # Problems of a district's template file are shown at that file's lines.
        path = display if problem.path in (display, "<plan>") else problem.path
        where = f"{path}:{problem.line}:{problem.column}"
        err.write(f"{where}: error [{problem.rule}] {problem.message}\n")
        if problem.hint:
            err.write(f"  hint: {problem.hint}\n")
    if not problems:
        err.write(f"{display}: {what}\n")


def run(
    paths: Sequence[str],
    *,
    check: bool,
    diff: bool,
    normalize_dates: bool,
    out: TextIO,
    err: TextIO,
    settings: Settings | None = None,
    force: bool = False,
) -> int:
    """Format the plan files named by ``paths`` (folders are searched); returns the exit code.

    Each file is formatted on its own: an invalid one is reported and the
    others are still formatted. The code is the worst of the files' (0, 1,
    or 2 for a file that is read-only, without ``force``, or cannot be
    written); 2 also when a path does not exist or no plan file is found.
    The last line on ``err`` sums up.
    """
    from planctl.validate import PathNotFound, discover

    targets = list(paths) or (settings.plan_paths() if settings is not None else []) or ["."]
    try:
        files = discover(targets)
    except PathNotFound as missing:
        err.write(f"planctl: no such file or folder: {missing}\n")
        return 2
    if not files:
        err.write(f"planctl: no *.plan.yaml or *.plan.yml files in {', '.join(targets)}\n")
        return 2
    tally = _Tally()
    worst = 0
    for path, display in files:
        code = _format_one(
            path,
            display,
            check=check,
            diff=diff,
            normalize_dates=normalize_dates,
            out=out,
            err=err,
            settings=settings,
            tally=tally,
            force=force,
        )
        worst = max(worst, code)
    err.write(summary(tally.changed, tally.unchanged, tally.failed, dry=check or diff) + "\n")
    return worst


def summary(changed: int, unchanged: int, failed: int, *, dry: bool) -> str:
    """The last line of a run: ``2 files reformatted, 5 unchanged`` or ``would reformat 1 file``."""

    def files(count: int) -> str:
        return f"{count} file" if count == 1 else f"{count} files"

    parts: list[str] = []
    if changed:
        parts.append(f"would reformat {files(changed)}" if dry else f"{files(changed)} reformatted")
    if unchanged:
        parts.append(f"{unchanged} unchanged" if parts else f"{files(unchanged)} unchanged")
    if failed:
        parts.append(
            f"{failed} could not be formatted"
            if parts
            else f"{files(failed)} could not be formatted"
        )
    return ", ".join(parts) if parts else "no files"
