"""Safe, bounded YAML loading that keeps positions.

planctl does not let a YAML library construct objects. It reads parser events
(libyaml's C parser through ruamel.yaml when present, ruamel's pure-Python
parser otherwise) and builds plain data itself:

* scalars follow the YAML 1.2 core schema (``yes`` stays text, ``2013-05``
  stays text: planctl parses dates itself);
* tags other than the core ones (``!!python/object``, ``!custom``) are
  refused, so nothing is ever executed, and a core tag must fit its value
  (``!!int hello`` is a problem, ``!!str`` fits any text);
* what YAML allows but a plan cannot hold (a second document, a key that is
  a list, a mapping or empty) is refused as unsupported, not as bad syntax;
* anchors and aliases reuse the same value, and the size they add is
  bounded, so a "billion laughs" file cannot exhaust memory;
* nesting depth, file size and document count are bounded;
* duplicate keys are reported, not silently overwritten.

Every failure becomes a located :class:`~planctl.problem.Problem`; the loader
never raises for bad input.
"""

from __future__ import annotations

import bisect
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
RULE_UNSUPPORTED = "yaml-unsupported"


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
    # One scan finds both the characters YAML forbids and the line separators
    # to hide from the parser (the second scan only runs when there is one).
    control = _SPECIAL.search(text)
    breaks = control is not None and control.group() in _BREAK_CHARS
    if control is not None and breaks:
        control = _CONTROL.search(text, control.start())
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
    # libyaml drops the last line of a block scalar that ends the file without a
    # line break; YAML reads a file's end as one.
    source = text if text[-1:] in ("\n", "\r", "") else text + "\n"
    if source.startswith(("%", "...")) or _PROLOGUE_LINE.search(source) is not None:
        source = _mend_prologues(source)
    # libyaml ends an anchor's name at the first character outside [A-Za-z0-9_-]
    # and reads the rest as the value ('&an:chor value' as ':chor value'):
    # text with such a name is read by ruamel's own parser from the start.
    odd_anchor = _odd_anchor(source)
    loaded, error = _parse(name, text, source, breaks, limits, pure=odd_anchor)
    located = getattr(error, "problem_mark", None) is not None
    if error is not None and located and not odd_anchor and parser_name() == "libyaml":
        # libyaml still follows YAML 1.1 in places: it refuses a ':' inside a flow
        # collection ('[https://example.org]'), a '>' text at column 0, some tabs
        # and anchor names that YAML 1.2 allows and ruamel's own parser reads.
        # Only text libyaml refused pays for the second, slower reading.
        second, second_error = _parse(name, text, source, breaks, limits, pure=True)
        if second_error is None:
            return second
    if error is not None and located and "\t" in source:
        # Both parsers refuse some tabs YAML 1.2 allows as separators ('-\tfoo',
        # 'key:\tvalue', a tab before '['). Read once more with those tabs as
        # spaces: the columns stay, and a tab that turns out to be inside a value
        # abandons this reading, so no value ever changes.
        spaced, tabs = _separating_tabs_as_spaces(source)
        if tabs:
            for pure in (False, True):
                third, third_error = _parse(
                    name, text, source, breaks, limits, pure=pure, parsed=spaced, rewritten=tabs
                )
                if third_error is None:
                    return third
    if error is not None and located and _KEY_COLON_BELOW.search(source):
        # Both parsers refuse a key of a { } whose ':' stands on the next line
        # ('{"foo"\n: bar}'), which YAML 1.2 allows: read once more with those
        # line breaks as spaces; a break inside a value abandons the reading.
        joined, breaks_at = _key_colons_joined(source)
        for pure in (False, True):
            fourth, fourth_error = _parse(
                name, text, source, breaks, limits, pure=pure, parsed=joined, rewritten=breaks_at
            )
            if fourth_error is None:
                return fourth
    return loaded


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
    collection, a comment or the line's end follows.
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
    """A character read as a space was inside a value: that reading is abandoned."""


class _Mark:
    """A position in the file as written, for events of a text read with lines joined."""

    __slots__ = ("column", "index", "line")

    def __init__(self, index: int, line: int, column: int) -> None:
        self.index, self.line, self.column = index, line, column


def _guarding(
    next_event: Callable[[], Any], rewritten: frozenset[int], source: str
) -> Callable[[], Any]:
    """``next_event`` that stops when a scalar spans a rewritten character.

    Events carry positions in ``source`` (where a line break read as a space
    still ends a line), so problems point at the lines as written.
    """
    # deferred: start-up (ruamel.yaml loads only when a file is parsed)
    from ruamel.yaml.events import ScalarEvent

    starts = [0, *(at + 1 for at, char in enumerate(source) if char == "\n")]

    def mark(index: int) -> _Mark:
        line = bisect.bisect_right(starts, index) - 1
        return _Mark(index, line, index - starts[line])

    def guarded() -> Any:
        event = next_event()
        start, end = event.start_mark.index, event.end_mark.index
        if type(event) is ScalarEvent and any(start <= at < end for at in rewritten):
            raise _RewrittenInValue
        event.start_mark, event.end_mark = mark(start), mark(end)
        return event

    return guarded


def _parse(
    name: str,
    text: str,
    source: str,
    breaks: bool,
    limits: Limits,
    *,
    pure: bool,
    parsed: str | None = None,
    rewritten: frozenset[int] = frozenset(),
) -> tuple[LoadedFile, Exception | None]:
    """Build ``source`` into a :class:`LoadedFile`, and the parser's error if it failed.

    ``parsed`` is what the parser reads when it is not ``source`` itself: the
    same text with the characters at ``rewritten`` made spaces; a value
    spanning one of them fails the reading (see :func:`load_text`), and
    positions are given in ``source``'s lines.
    """
    loaded = LoadedFile(path=name, text=text)
    builder = _Builder(loaded, limits)
    builder.source = source
    parsed = source if parsed is None else parsed
    hidden = _hide_breaks(parsed) if breaks else None
    failure: Exception | None = None
    try:
        with _event_source(parsed if hidden is None else hidden[0], pure=pure) as next_event:
            if hidden is not None:
                next_event = _restoring(next_event, hidden[1])
            if rewritten:
                next_event = _guarding(next_event, rewritten, source)
            try:
                builder.run(next_event)
            except _Stop:
                if builder.unsupported:
                    # What planctl refuses may still be valid YAML; bad syntax further
                    # on is the first thing to fix, so the parser reads on to find it.
                    _drain(next_event)
                raise
        if builder.lone_dash or _glued_hash(text):
            with _event_source(parsed if hidden is None else hidden[0], pure=pure) as next_event:
                _second_look(loaded, next_event)
    except _Stop:
        loaded.data = None
        loaded.fatal = True
    except Exception as error:
        refused = _refused_by_design(name, builder, error)
        loaded.problems.append(refused or _syntax_problem(name, text, error))
        loaded.data = None
        loaded.fatal = True
        failure = None if refused else error
    return loaded, failure


def _refused_by_design(name: str, builder: _Builder, error: Exception) -> Problem | None:
    """The by-design refusal libyaml's error stands for, if it stands for one.

    libyaml cannot read an empty key (': value') or a document without '---'
    after '...'. Both are YAML that planctl would refuse anyway, so they are
    reported as what they are rather than as bad syntax.
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
    elif builder.ended and mark.column == 0 and "expected <document start>" in str(error):
        message = "the file holds more than one YAML document (a second one follows '...')"
        hint = "keep one plan per file; move the second document to its own *.plan.yaml file"
    else:
        return None
    return Problem(
        path=name,
        line=mark.line + 1,
        column=mark.column + 1,
        rule=RULE_UNSUPPORTED,
        severity=Severity.ERROR,
        message=message,
        hint=hint,
    )


@contextmanager
def _event_source(text: str, *, pure: bool = False) -> Iterator[Callable[[], Any]]:
    """A function returning the next parser event of ``text``: libyaml's C parser when installed.

    With ``pure``, ruamel's pure-Python parser, which follows YAML 1.2 where libyaml does not.

    The builder pulls events itself rather than iterating a generator: with
    hundreds of thousands of events a file, resuming a generator per event
    costs more than the parsing.
    """
    # deferred: start-up (ruamel.yaml loads only when a file is parsed)
    try:
        if pure:
            raise ImportError("the pure-Python parser is asked for")
        # cyaml re-exports the C extension's parser without declaring it.
        # deferred: start-up (ruamel.yaml loads only when a file is parsed)
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:
        from ruamel.yaml import YAML  # deferred: start-up (as above)

        yield iter(YAML(typ="safe", pure=True).parse(text)).__next__
        return
    parser = CParser(text)
    try:
        yield parser.get_event
    finally:
        parser.dispose()


def parser_name() -> str:
    """Which YAML parser reads plans here: ``"libyaml"`` (the C parser) or ``"pure"``."""
    # deferred: start-up (ruamel.yaml loads only when a file is parsed)
    try:
        # deferred: start-up (ruamel.yaml loads only when a file is parsed)
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the platform's wheels
        return "pure"
    return "libyaml"


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


def _restoring(next_event: Callable[[], Any], restore: dict[int, str]) -> Callable[[], Any]:
    """``next_event`` with the characters :func:`_hide_breaks` swapped put back in scalars."""
    from ruamel.yaml.events import ScalarEvent  # deferred: start-up (only when a file is parsed)

    def restored() -> Any:
        event = next_event()
        if type(event) is ScalarEvent:
            event.value = event.value.translate(restore)
        return event

    return restored


def _drain(next_event: Callable[[], Any]) -> None:
    """Pull the parser's events up to the end of the stream (it raises on bad syntax)."""
    from ruamel.yaml.events import StreamEndEvent  # deferred: start-up (only when parsing)

    while type(next_event()) is not StreamEndEvent:
        pass


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


_DIRECTIVE = re.compile("^%", re.MULTILINE)
_BLOCK_HEADER = re.compile(r"[|>]([-+0-9]*)[ \t]*(?:#.*)?$")
"""The indicator of a '|' or '>' text and what follows it on its line."""
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


def _position(text: str, at: int) -> tuple[int, int]:
    """The 1-based line and column of character ``at`` of ``text``."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


class _Stop(Exception):
    """Raised inside the builder once a problem makes further reading pointless."""


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\x85\u2028\u2029]")
"""What :data:`_CONTROL` finds, and the line separators :func:`_hide_breaks` hides."""
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
_STR, _NULL_TAG, _BOOL = _CORE_TAG + "str", _CORE_TAG + "null", _CORE_TAG + "bool"
_INT_TAG, _FLOAT_TAG = _CORE_TAG + "int", _CORE_TAG + "float"
_MAP, _SEQ = _CORE_TAG + "map", _CORE_TAG + "seq"
_TAG_MEANS = {
    _NULL_TAG: ("empty (null)", "write nothing after the colon, or '~'"),
    _BOOL: ("true or false", "write true or false"),
    _INT_TAG: ("a whole number", "write a whole number such as 12"),
    _FLOAT_TAG: ("a number", "write a number such as 1.5"),
    _MAP: ("a mapping of keys and values", "write 'key: value' lines under it"),
    _SEQ: ("a list", "write '- item' lines under it, or [item, item]"),
}
"""What each typed core tag promises, and how to keep that promise."""
_MISFIT = object()
"""What a typed tag's reading gives for text that is not of its type."""


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    # tuple.__new__ skips the Python-level __new__ of a NamedTuple.
    return tuple.__new__(Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1))


class _Frame:
    """A mapping or sequence being built, with what is needed to finish it."""

    __slots__ = (
        "anchor",
        "container",
        "flow",
        "indent",
        "is_map",
        "key",
        "key_span",
        "line",
        "merges",
        "path",
        "seen",
        "size",
        "start",
    )

    def __init__(
        self,
        container: dict[str, Any] | list[Any],
        path: PathKey,
        anchor: str | None,
        flow: bool = False,
        indent: int = -1,
        start: int = 0,
        line: int = 0,
    ) -> None:
        self.container = container
        self.flow = flow
        self.indent = indent
        """The column of the innermost block mapping or list (-1 at the top)."""
        self.start = start
        """Where in the text the collection starts."""
        self.line = line
        """The 0-based line it starts on."""
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
        self.key_texts: dict[str, str] = {}
        self.unsupported = False
        self.source = loaded.text
        """The text the parser reads (it may end with a line break the file lacks)."""
        self.ended = False
        self.lone_dash = False
        """True once a plain scalar is a '-' alone, which only libyaml's flow lists let by."""
        self.ended_at = 0
        """True when the last document ended with '...'."""
        """True when reading stopped at YAML that planctl refuses by design."""
        """The text of each anchored scalar, for an alias of it used as a key."""
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
            self.unsupported = rule == RULE_UNSUPPORTED
            raise _Stop

    def run(self, next_event: Callable[[], Any]) -> None:
        """Build the data from every event ``next_event`` returns, up to the stream's end.

        Plain scalars without a tag or anchor are most of a plan's events, so
        they are handled here inline; everything else goes to its handler.
        """
        # deferred: start-up (ruamel.yaml loads only when a file is parsed)
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentEndEvent,
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
            DocumentEndEvent: self.on_document_end,
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
            if frame.flow and not event.style and self.source[start.index - 1 : start.index] == "?":
                self.glued_question(span, text)
            if isinstance(container, dict):
                key = frame.key
                if key is None:
                    if not text and not event.style:
                        self.empty_key(span)
                    self.take_key(frame, text, span)
                    continue
                path: PathKey = (*frame.path, key)
                taken: str = key
            else:
                path = (*frame.path, len(container))
                taken = ""
            if event.style:
                value: Any = text
                if start.line != end.line and not frame.flow:
                    self.check_lines(event.style, text, start.index, end.index, frame.indent)
            else:
                value = text if not event.implicit[0] else resolve_plain(text)
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

    def on_document_end(self, event: Any) -> None:
        self.ended = bool(event.explicit)
        self.ended_at = event.end_mark.index

    def on_document_start(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1 and not self.ended and (event.version or event.tags):
            # libyaml lets a directive end a document; YAML needs '...' first.
            directive = _DIRECTIVE.search(self.source, self.ended_at)
            self.stop_at(
                directive.start() if directive else event.start_mark.index,
                "a %YAML or %TAG line comes after a document that was not ended with '...'",
                "keep one plan per file; delete the line and everything after it",
            )
        if self.documents > 1:
            self.problem(
                RULE_UNSUPPORTED,
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

    def check_tag(self, event: Any, span: Span, kind: str = "") -> None:
        """Report a tag that is not a core one, or a core tag on a list or mapping it does not fit.

        ``kind`` is the collection's core tag, or empty for a scalar (whose
        value :meth:`resolve` checks against its tag).
        """
        tag = event.tag
        if tag is None or tag == "!" or tag == kind or (tag in _ALLOWED_TAGS and not kind):
            return
        shown = "!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag
        if shown.startswith("!") and any(char in shown for char in ",[]{}"):
            # libyaml lets a tag run on over a ',' (as in '!!str, text'); YAML ends it there.
            self.problem(
                RULE_SYNTAX,
                span,
                f"the file is not valid YAML: the tag '{shown}' holds one of , [ ] {{ }}",
                "put a space between the tag and what follows, or remove the tag",
                stop=True,
            )
        if tag in _ALLOWED_TAGS:
            what = "a mapping" if kind == _MAP else "a list"
            self.misfit(span, tag, what)
            return
        self.problem(
            RULE_TAG,
            span,
            f"the YAML tag '{shown}' is not allowed in a plan file",
            "remove the tag: plan files hold plain text, numbers, lists and mappings",
        )

    def misfit(self, span: Span, tag: str, what: str) -> None:
        """Report a core tag on a value that is not of its type."""
        shown = "!!" + tag[len(_CORE_TAG) :]
        means = _TAG_MEANS.get(tag, ("text", ""))
        self.problem(
            RULE_TAG,
            span,
            f"the tag '{shown}' says this is {means[0]}, but it is {what}",
            f"remove the tag '{shown}', or {means[1]}" if means[1] else f"remove the tag '{shown}'",
        )

    def on_scalar(self, event: Any) -> None:
        span = _span(event)
        self.check_tag(event, span)
        frame = self.stack[-1] if self.stack else None
        at = event.start_mark.index
        if frame is not None and frame.flow and not event.style and self.source[at - 1 : at] == "?":
            self.glued_question(span, event.value)
        if isinstance(frame, _Frame) and isinstance(frame.container, dict) and frame.key is None:
            tag = event.tag
            if tag == _NULL_TAG or (not event.value and not event.style and tag is None):
                self.empty_key(span)
            if tag is not None and tag != _STR and tag in _ALLOWED_TAGS:
                self.resolve(event, span)  # only to report a tag that does not fit the key
            self.take_key(frame, event.value, span)
            if event.anchor:
                self.anchors[event.anchor] = (event.value, 1)
                self.key_texts[event.anchor] = event.value
            return
        value = self.resolve(event, span)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
            self.key_texts[event.anchor] = event.value
        start, end = event.start_mark, event.end_mark
        if event.style and start.line != end.line and not (frame and frame.flow):
            indent = frame.indent if frame else -1
            self.check_lines(event.style, event.value, start.index, end.index, indent)
        self.place(value, span, size=1)

    def check_lines(self, style: str, value: str, start: int, end: int, indent: int) -> None:
        """Check the lines of a text that spans several, written in ``style``, in a block."""
        if style in ("|", ">"):
            # Only a text that starts with blank lines (or holds none) can break the rule.
            if not value or value[0] == "\n":
                self.check_block_scalar(start, indent)
        else:
            self.check_indent(start, end, indent)

    def check_block_scalar(self, start: int, indent: int) -> None:
        """Stop at a '|' or '>' text whose blank first lines are indented past its first line.

        Without a number after '|' the first line with text sets the indentation,
        and YAML forbids blank lines above it that have more spaces; libyaml
        lets them through.
        """
        text = self.source
        header_end = text.find("\n", start)
        if header_end == -1:
            return
        header = _BLOCK_HEADER.search(text, start, header_end)
        if header is None or any(char.isdigit() for char in header.group(1)):
            return
        widest = 0
        widest_at = 0
        at = header_end + 1
        while at < len(text):
            line_end = text.find("\n", at)
            if line_end == -1:
                line_end = len(text)
            line = text[at:line_end].rstrip("\r")
            spaces = len(line) - len(line.lstrip(" "))
            if spaces < len(line):
                if indent < spaces < widest:
                    self.stop_at(
                        widest_at,
                        "a blank line at the start of a '|' or '>' text has more spaces than "
                        "its first line of text",
                        "delete the spaces on the blank lines above the text",
                    )
                return
            if spaces > widest:
                widest, widest_at = spaces, at
            at = line_end + 1

    def stop_at(self, at: int, message: str, hint: str) -> None:
        """Stop with a syntax problem at character ``at`` of the text."""
        line, column = _position(self.source, at)
        self.problem(
            RULE_SYNTAX,
            Span(line, column, line, column + 1),
            f"the file is not valid YAML: {message}",
            hint,
            stop=True,
        )

    def check_indent(self, start: int, end: int, indent: int) -> None:
        """Stop at a line of a quoted text or [ ] / { } that is not indented past its block.

        libyaml accepts such lines; YAML does not (they would belong to the
        mapping or list around), and other YAML readers refuse the file.
        """
        if indent < 0:
            return
        text = self.source
        enough = " " * (indent + 1)
        at = text.find("\n", start, end)
        while at != -1:
            first = at + 1
            if text.startswith(enough, first):
                at = text.find("\n", first, end)
                continue  # the usual case: indented past the block
            column = first
            while column < end and text[column] == " ":
                column += 1
            content = column
            while content < end and text[content] in " \t":
                content += 1
            if column - first <= indent and content < end and text[content] not in "\r\n":
                line = text.count("\n", 0, first) + 1
                span = Span(line, column - first + 1, line, column - first + 2)
                what = "a tab" if text[column] == "\t" else "this line"
                self.problem(
                    RULE_SYNTAX,
                    span,
                    f"the file is not valid YAML: {what} continues a quoted text or a [ ] or "
                    f"{{ }} from the line above but is not indented past column {indent + 1}",
                    f"indent the line with at least {indent + 1 - (column - first)} more "
                    "space(s), or join it to the line above",
                    stop=True,
                )
            at = text.find("\n", first, end)

    def empty_key(self, span: Span) -> None:
        """Stop reading at a key that is empty: YAML allows it, a plan cannot name a field so."""
        self.problem(
            RULE_UNSUPPORTED,
            span,
            "a key is empty (nothing before the colon); plan keys must be names",
            "write a name before the colon, such as 'title:'",
            stop=True,
        )

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
        """The value of a scalar under the YAML 1.2 core schema, its tag checked."""
        text: str = event.value
        tag = event.tag
        plain = event.style in (None, "") and (event.implicit is None or event.implicit[0])
        if tag is None:
            if not plain:
                return text
            return None if text in _NULL else self.resolve_core(text)
        if tag == _STR or tag == "!":
            # '!' is YAML's "non-specific" tag: on a scalar it means text.
            return text
        if tag not in _ALLOWED_TAGS:
            # Refused in check_tag; read as if untagged, for the problems that follow.
            return None if plain and text in _NULL else self.resolve_core(text)
        value = self.resolve_tagged(tag, text)
        if value is _MISFIT:
            self.misfit(span, tag, f"the text {_quoted(text)}")
            return text
        return value

    def resolve_tagged(self, tag: str, text: str) -> Any:
        """``text`` read as the core type ``tag`` names, or :data:`_MISFIT` when it is not one."""
        if tag == _NULL_TAG:
            return None if text in _NULL else _MISFIT
        if tag == _BOOL:
            return True if text in _TRUE else False if text in _FALSE else _MISFIT
        if tag == _INT_TAG:
            if _INT.fullmatch(text) or _INT_OCT.fullmatch(text) or _INT_HEX.fullmatch(text):
                return self.resolve_core(text)
            return _MISFIT
        if tag == _FLOAT_TAG:
            if _INT.fullmatch(text):
                value = self.resolve_core(text)
                return float(value) if isinstance(value, int) else value
            if _FLOAT.fullmatch(text) or _INF.fullmatch(text) or _NAN.fullmatch(text):
                return self.resolve_core(text)
            return _MISFIT
        return _MISFIT  # !!map or !!seq on a scalar

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
        if text[0] == "-" and text[:2].rstrip() == "-":
            self.lone_dash = True  # '-' alone is no text; _second_look reports where
        return text

    def on_mapping_start(self, event: Any) -> None:
        self.open(event, {}, _MAP)

    def on_sequence_start(self, event: Any) -> None:
        self.open(event, [], _SEQ)

    def open(self, event: Any, container: dict[str, Any] | list[Any], kind: str) -> None:
        span = _span(event)
        if event.tag is not None:
            self.check_tag(event, span, kind)
        stack = self.stack
        parent = stack[-1] if stack else None
        if parent is not None and parent.is_map and parent.key is None:
            self.collection_key(span)
        if len(stack) >= self.limits.max_depth:
            self.problem(
                RULE_LIMITS,
                span,
                f"the data is nested more than {self.limits.max_depth} levels deep",
                "a plan needs only a few levels (goals, objectives, steps); check the indentation",
                stop=True,
            )
        path = self.next_path()
        self.positions.values[path] = span
        mark = event.start_mark
        flow = bool(event.flow_style)
        # A [ ] or { } lies inside the innermost block mapping or list around it.
        outer = parent.indent if parent is not None else -1
        indent = outer if flow else mark.column
        # The anchor is recorded on close, when the size of the finished value is known.
        stack.append(_Frame(container, path, event.anchor, flow, indent, mark.index, mark.line))

    def on_end(self, event: Any) -> None:
        frame = self.stack.pop()
        container = frame.container
        if (
            frame.flow
            and frame.indent >= 0
            and event.end_mark.line != frame.line
            and not (self.stack and self.stack[-1].flow)  # the outermost [ ] holds the rest
        ):
            self.check_indent(frame.start, event.end_mark.index, frame.indent)
        if isinstance(container, dict) and frame.merges:
            for merged in frame.merges:
                for key, value in merged.items():
                    container.setdefault(key, value)
        if frame.anchor:
            self.anchors[frame.anchor] = (container, frame.size)
            self.key_texts.pop(frame.anchor, None)
        start = self.positions.values.get(frame.path)
        if start is not None:
            end = event.end_mark
            self.positions.values[frame.path] = tuple.__new__(
                Span, (start.line, start.column, end.line + 1, end.column + 1)
            )
        self.place(container, None, size=frame.size)

    def glued_question(self, span: Span, value: str) -> None:
        """Stop at '?text' in a [ ] or { }: YAML 1.2 reads it as text, both parsers as a key."""
        self.problem(
            RULE_UNSUPPORTED,
            span,
            f"'?{value}' in a [ ] or {{ }} would be read as a key marker and the text "
            f"'{value}', not as the text '?{value}'",
            f'put it in quotes: "?{value}"',
            stop=True,
        )

    def collection_key(self, span: Span) -> None:
        """Stop reading at a key that is a list or mapping: YAML allows it, a plan does not."""
        self.problem(
            RULE_UNSUPPORTED,
            span,
            "a key is itself a list or mapping; plan keys must be names",
            "write a plain name before the colon, such as 'title:'",
            stop=True,
        )

    def on_alias(self, event: Any) -> None:
        span = _span(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            # An alias of a scalar is a key of the text it repeats.
            text = self.key_texts.get(event.anchor)
            if text is not None:
                self.take_key(frame, text, span)
                return
            if event.anchor in self.anchors:
                self.collection_key(span)
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


def _quoted(text: str) -> str:
    """``text`` in quotes for a message, shortened when long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


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
