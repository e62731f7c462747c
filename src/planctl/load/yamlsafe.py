"""Safe, bounded YAML loading that keeps positions.

planctl does not let a YAML library construct objects. It reads parser events
(libyaml's C parser through ruamel.yaml when present, ruamel's pure-Python
parser otherwise) and builds plain data itself:

* scalars follow the YAML 1.2 core schema (``yes`` stays text, ``2013-05``
  stays text: planctl parses dates itself);
* tags other than the core ones (``!!python/object``, ``!custom``) are
  refused, so nothing is ever executed;
* anchors and aliases reuse the same value, and the size they add is
  bounded, so a "billion laughs" file cannot exhaust memory;
* nesting depth, file size and document count are bounded;
* duplicate keys are reported, not silently overwritten.

Every failure becomes a located :class:`~planctl.problem.Problem`; the loader
never raises for bad input.
"""

from __future__ import annotations

import codecs
import math
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl.load.positions import PathKey, Positions, Span
from planctl.problem import Problem, Severity

RULE_FILE = "file-unreadable"
RULE_SYNTAX = "yaml-syntax"
RULE_DUPLICATE = "duplicate-key"
RULE_TAG = "yaml-tag"
RULE_LIMITS = "yaml-limits"


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from using unbounded time or memory."""

    max_bytes: int = 32 * 1024 * 1024
    max_depth: int = 100
    max_alias_nodes: int = 100_000
    max_int_digits: int = 40
    max_values: int = 1_000_000
    max_problems: int = 200


@dataclass
class LoadedFile:
    """A file read as far as it could be: its text, data, positions and problems."""

    path: str
    text: str = ""
    data: Any = None
    positions: Positions = field(default_factory=Positions)
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False
    """True when the file could not be read into data at all."""

    @property
    def lines(self) -> list[str]:
        """The file's lines without line endings, for quoting in reports."""
        return self.text.splitlines()


def load_file(path: Path, display: str | None = None, limits: Limits | None = None) -> LoadedFile:
    """Read and parse ``path``; ``display`` is the name used in problems."""
    limits = limits or Limits()
    name = display if display is not None else str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return _file_problem(name, "this is a folder, not a plan file", "")
        if not stat.S_ISREG(info.st_mode):
            return _file_problem(
                name,
                "this is not a regular file (a pipe, device or socket)",
                "plan files are plain text files",
            )
        size = info.st_size
        if size > limits.max_bytes:
            return _file_problem(
                name,
                f"the file is {size / 1048576:.1f} MB; plan files are limited to "
                f"{limits.max_bytes // 1048576} MB",
                "split the plan into several files, one per school or team",
            )
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except IsADirectoryError:
        return _file_problem(name, "this is a folder, not a plan file", "")
    except PermissionError:
        return _file_problem(
            name, "planctl is not allowed to read this file", "check the file's permissions"
        )
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return _file_problem(name, f"the file cannot be read: {reason}", "")
    return load_bytes(raw, name, limits)


def load_bytes(raw: bytes, name: str, limits: Limits | None = None) -> LoadedFile:
    """Decode ``raw`` as UTF-8 (a BOM is fine) and parse it."""
    limits = limits or Limits()
    if len(raw) > limits.max_bytes:
        return _file_problem(
            name,
            f"the file is larger than {limits.max_bytes // 1048576} MB",
            "split the plan into several files",
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _file_problem(
            name,
            "the file is saved as UTF-16 text",
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        line = raw.count(b"\n", 0, at) + 1
        column = len(raw[raw.rfind(b"\n", 0, at) + 1 : at].decode("utf-8", "replace")) + 1
        return _file_problem(
            name,
            "the file contains NUL bytes: it looks like a binary file, not a YAML plan",
            "plan files are plain text; check that this is the file you meant",
            line=line,
            column=column,
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start]
        return _file_problem(
            name,
            f"byte 0x{byte:02X} is not UTF-8 text; the file was probably saved as "
            "Latin-1 or Windows-1252",
            "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            line=line,
            column=column,
        )
    return load_text(text, name, limits)


def load_text(text: str, name: str, limits: Limits | None = None) -> LoadedFile:
    """Parse YAML ``text`` into plain data with positions; never raises for bad input."""
    limits = limits or Limits()
    if text.startswith("\ufeff"):
        text = text[1:]
    control = _CONTROL.search(text)
    if control is not None:
        # YAML forbids these; the parser would report them without a line.
        at = control.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = control.group()
        what = _CONTROL_NAMES.get(char, "an invisible control character")
        loaded = LoadedFile(path=name, text=text, fatal=True)
        loaded.problems.append(
            Problem(
                path=name,
                line=line,
                column=column,
                rule=RULE_SYNTAX,
                severity=Severity.ERROR,
                message=f"the file contains {what} (U+{ord(char):04X}), which YAML does not allow",
                hint="delete it, or replace it with a space or a real line break",
            )
        )
        return loaded
    loaded = LoadedFile(path=name, text=text)
    builder = _Builder(loaded, limits)
    try:
        with _event_source(text) as next_event:
            builder.run(next_event)
    except _Stop:
        loaded.data = None
        loaded.fatal = True
    except Exception as error:
        loaded.problems.append(_syntax_problem(name, text, error))
        loaded.data = None
        loaded.fatal = True
    return loaded


@contextmanager
def _event_source(text: str) -> Iterator[Callable[[], Any]]:
    """A function returning the next parser event of ``text``: libyaml's C parser when installed.

    The builder pulls events itself rather than iterating a generator: with
    hundreds of thousands of events a file, resuming a generator per event
    costs more than the parsing.
    """
    try:
        # cyaml re-exports the C extension's parser without declaring it.
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - depends on the platform's wheels
        from ruamel.yaml import YAML

        yield iter(YAML(typ="safe", pure=True).parse(text)).__next__
        return
    parser = CParser(text)
    try:
        yield parser.get_event
    finally:
        parser.dispose()


class _Stop(Exception):
    """Raised inside the builder once a problem makes further reading pointless."""


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_CONTROL_NAMES = {
    "\x0b": "a manual line break copied from Word",
    "\x0c": "a page break copied from Word",
    "\x1b": "a terminal escape character",
}
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_INT_OCT = re.compile(r"0o[0-7]+")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_NUMBER_START = frozenset("0123456789+-.")
"""The characters a number (int, float, .inf or .nan) can start with."""
_CORE_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _CORE_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    # tuple.__new__ skips the Python-level __new__ of a NamedTuple.
    return tuple.__new__(Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1))


class _Frame:
    """A mapping or sequence being built, with what is needed to finish it."""

    __slots__ = (
        "anchor",
        "container",
        "is_map",
        "key",
        "key_span",
        "merges",
        "path",
        "seen",
        "size",
    )

    def __init__(
        self, container: dict[str, Any] | list[Any], path: PathKey, anchor: str | None
    ) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.anchor = anchor
        self.key: str | None = None
        self.key_span: Span | None = None
        self.seen: dict[str, Span] = {}
        self.merges: list[dict[str, Any]] = []
        self.size = 1


class _Builder:
    """Turns parser events into plain data, positions and problems."""

    def __init__(self, loaded: LoadedFile, limits: Limits) -> None:
        self.loaded = loaded
        self.limits = limits
        self.positions = loaded.positions
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_nodes = 0
        self.values = 0
        self.documents = 0
        self.root: Any = None

    def problem(
        self, rule: str, span: Span, message: str, hint: str = "", *, stop: bool = False
    ) -> None:
        if len(self.loaded.problems) >= self.limits.max_problems:
            self.loaded.problems.append(
                Problem(
                    path=self.loaded.path,
                    line=span.line,
                    column=span.column,
                    rule=RULE_LIMITS,
                    severity=Severity.ERROR,
                    message=f"more than {self.limits.max_problems} problems in the YAML; "
                    "reading stopped here",
                    hint="fix the problems above first",
                )
            )
            raise _Stop
        self.loaded.problems.append(
            Problem(
                path=self.loaded.path,
                line=span.line,
                column=span.column,
                end_line=span.end_line,
                end_column=span.end_column,
                rule=rule,
                severity=Severity.ERROR,
                message=message,
                hint=hint,
            )
        )
        if stop:
            raise _Stop

    def run(self, next_event: Callable[[], Any]) -> None:
        """Build the data from every event ``next_event`` returns, up to the stream's end.

        Plain scalars without a tag or anchor are most of a plan's events, so
        they are handled here inline; everything else goes to its handler.
        """
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
            StreamEndEvent,
        )

        handlers: dict[type, Callable[[Any], None]] = {
            MappingStartEvent: self.on_mapping_start,
            SequenceStartEvent: self.on_sequence_start,
            MappingEndEvent: self.on_end,
            SequenceEndEvent: self.on_end,
            AliasEvent: self.on_alias,
            DocumentStartEvent: self.on_document_start,
        }
        stack = self.stack
        values = self.positions.values
        keys = self.positions.keys
        max_values = self.limits.max_values
        resolve_plain = self.resolve_plain
        new_span = tuple.__new__
        while True:
            event = next_event()
            kind = type(event)
            if kind is not ScalarEvent or event.tag is not None or event.anchor or not stack:
                if kind is StreamEndEvent:
                    break
                handler = handlers.get(kind)
                if handler is not None:
                    handler(event)
                elif kind is ScalarEvent:
                    self.on_scalar(event)
                continue
            start, end = event.start_mark, event.end_mark
            span: Span = new_span(
                Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
            )
            frame = stack[-1]
            container = frame.container
            text: str = event.value
            if isinstance(container, dict):
                key = frame.key
                if key is None:
                    self.take_key(frame, text, span)
                    continue
                path: PathKey = (*frame.path, key)
                taken: str = key
            else:
                path = (*frame.path, len(container))
                taken = ""
            value: Any = text if event.style or not event.implicit[0] else resolve_plain(text)
            self.values += 1
            if self.values > max_values:
                self.too_many_values(span)
            frame.size += 1
            values[path] = span
            if isinstance(container, list):
                container.append(value)
                continue
            # A scalar is never merged, so even '<<' is an ordinary key here.
            if frame.key_span is not None:
                keys[path] = frame.key_span
            if taken not in container:
                container[taken] = value
            frame.key = None
            frame.key_span = None
        self.loaded.data = self.root

    # -- documents -------------------------------------------------------

    def on_document_start(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self.problem(
                RULE_SYNTAX,
                _span(event),
                "the file holds more than one YAML document (a second '---' starts another)",
                "keep one plan per file; move the second document to its own *.plan.yaml file",
                stop=True,
            )

    # -- nodes -----------------------------------------------------------

    def next_path(self) -> PathKey:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        assert frame.key is not None
        return (*frame.path, frame.key)

    def check_tag(self, event: Any, span: Span) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag in _ALLOWED_TAGS:
            return
        shown = "!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag
        self.problem(
            RULE_TAG,
            span,
            f"the YAML tag '{shown}' is not allowed in a plan file",
            "remove the tag: plan files hold plain text, numbers, lists and mappings",
        )

    def on_scalar(self, event: Any) -> None:
        span = _span(event)
        self.check_tag(event, span)
        frame = self.stack[-1] if self.stack else None
        if isinstance(frame, _Frame) and isinstance(frame.container, dict) and frame.key is None:
            self.take_key(frame, event.value, span)
            if event.anchor:
                self.anchors[event.anchor] = (event.value, 1)
            return
        value = self.resolve(event, span)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.place(value, span, size=1)

    def take_key(self, frame: _Frame, key: str, span: Span) -> None:
        first = frame.seen.get(key)
        if first is not None and key != "<<":
            self.problem(
                RULE_DUPLICATE,
                span,
                f"the key '{key}' appears twice in the same mapping (first on line {first.line})",
                "keep one of them; a second one would silently replace the first",
            )
        elif key != "<<":
            frame.seen[key] = span
        frame.key = key
        frame.key_span = span

    def resolve(self, event: Any, span: Span) -> Any:
        """The value of a scalar under the YAML 1.2 core schema."""
        text: str = event.value
        tag = event.tag
        plain = event.style in (None, "") and (event.implicit is None or event.implicit[0])
        if tag == _CORE_TAG + "str" or (not plain and tag is None):
            return text
        if text in _NULL and (plain or tag == _CORE_TAG + "null"):
            return None
        return self.resolve_core(text)

    def resolve_plain(self, text: str) -> Any:
        """The value of a plain, untagged scalar under the core schema."""
        if not text or text[0] not in _NUMBER_START:
            # No number starts this way: only null, true and false remain.
            if text in _NULL:
                return None
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            return text
        return self.resolve_core(text)

    def resolve_core(self, text: str) -> Any:
        """``text`` as a boolean or number when it is spelt as one, else the text itself."""
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.fullmatch(text):
            digits = len(text.lstrip("+-"))
            if digits > self.limits.max_int_digits:
                return text  # a number this long is not a plan value; keep the text
            return int(text)
        if _INT_OCT.fullmatch(text):
            return int(text[2:], 8) if len(text) <= self.limits.max_int_digits else text
        if _INT_HEX.fullmatch(text):
            return int(text[2:], 16) if len(text) <= self.limits.max_int_digits else text
        if _FLOAT.fullmatch(text) and len(text) <= 64:
            return float(text)
        if _INF.fullmatch(text):
            return -math.inf if text.startswith("-") else math.inf
        if _NAN.fullmatch(text):
            return math.nan
        return text

    def on_mapping_start(self, event: Any) -> None:
        self.open(event, {})

    def on_sequence_start(self, event: Any) -> None:
        self.open(event, [])

    def open(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        span = _span(event)
        self.check_tag(event, span)
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            self.problem(
                RULE_SYNTAX,
                span,
                "a key is itself a list or mapping; keys must be plain names",
                "write a plain name before the colon, such as 'title:'",
                stop=True,
            )
        if len(self.stack) >= self.limits.max_depth:
            self.problem(
                RULE_LIMITS,
                span,
                f"the data is nested more than {self.limits.max_depth} levels deep",
                "a plan needs only a few levels (goals, objectives, steps); check the indentation",
                stop=True,
            )
        path = self.next_path()
        self.positions.values[path] = span
        # The anchor is recorded on close, when the size of the finished value is known.
        self.stack.append(_Frame(container, path, event.anchor))

    def on_end(self, event: Any) -> None:
        frame = self.stack.pop()
        container = frame.container
        if isinstance(container, dict) and frame.merges:
            for merged in frame.merges:
                for key, value in merged.items():
                    container.setdefault(key, value)
        if frame.anchor:
            self.anchors[frame.anchor] = (container, frame.size)
        start = self.positions.values.get(frame.path)
        if start is not None:
            end = event.end_mark
            self.positions.values[frame.path] = tuple.__new__(
                Span, (start.line, start.column, end.line + 1, end.column + 1)
            )
        self.place(container, None, size=frame.size)

    def on_alias(self, event: Any) -> None:
        span = _span(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            self.problem(
                RULE_SYNTAX, span, "an alias (*name) cannot be used as a key", "", stop=True
            )
        target = self.anchors.get(event.anchor)
        if target is None:
            self.problem(
                RULE_SYNTAX,
                span,
                f"the alias '*{event.anchor}' refers to no anchor '&{event.anchor}' above it",
                f"define '&{event.anchor}' before using '*{event.anchor}', or write the value out",
                stop=True,
            )
            return
        value, size = target
        self.alias_nodes += size
        if self.alias_nodes > self.limits.max_alias_nodes:
            self.problem(
                RULE_LIMITS,
                span,
                "aliases (*name) repeat too much data: the file would expand to more than "
                f"{self.limits.max_alias_nodes:,} values",
                "write repeated parts out, or use fewer nested aliases",
                stop=True,
            )
        self.place(value, span, size=size)

    def place(self, value: Any, span: Span | None, *, size: int) -> None:
        """Put a finished value into the container that is open, or make it the root."""
        if not self.stack:
            if span is not None:
                self.positions.values[()] = span
            self.root = value
            return
        self.values += 1
        if self.values > self.limits.max_values:
            self.too_many_values(span or Span(1, 1, 1, 1))
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.container, list):
            if span is not None:
                item_path = (*frame.path, len(frame.container))
                self.positions.values[item_path] = span
            frame.container.append(value)
            return
        key = frame.key
        assert key is not None
        path = (*frame.path, key)
        if frame.key_span is not None:
            self.positions.keys[path] = frame.key_span
        if span is not None:
            self.positions.values[path] = span
        if key == "<<" and (isinstance(value, dict) or _all_dicts(value)):
            # A merge key: its entries fill in what the mapping does not say itself.
            frame.merges.extend([value] if isinstance(value, dict) else value)
        elif key not in frame.container:
            # On a duplicate key the first value stays; the duplicate was reported.
            frame.container[key] = value
        frame.key = None
        frame.key_span = None

    def too_many_values(self, span: Span) -> None:
        """Stop reading: the file holds more values than the limit."""
        self.problem(
            RULE_LIMITS,
            span,
            f"the file holds more than {self.limits.max_values:,} values; "
            "plan files are limited to that",
            "split the plan into several files, one per school or team",
            stop=True,
        )


def _all_dicts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


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
        return Problem(
            path=name,
            line=line,
            column=column,
            rule=RULE_LIMITS,
            severity=Severity.ERROR,
            message=message,
            hint="split the plan into several files, one per school or team",
        )
    return Problem(
        path=name,
        line=line,
        column=column,
        rule=RULE_SYNTAX,
        severity=Severity.ERROR,
        message=f"the file is not valid YAML: {message}",
        hint=hint,
    )


def _file_problem(
    name: str, message: str, hint: str, *, line: int = 1, column: int = 1
) -> LoadedFile:
    loaded = LoadedFile(path=name, fatal=True)
    loaded.problems.append(
        Problem(
            path=name,
            line=line,
            column=column,
            rule=RULE_FILE,
            severity=Severity.ERROR,
            message=message,
            hint=hint,
        )
    )
    return loaded
