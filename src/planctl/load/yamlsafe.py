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

This module holds the entry points (:func:`load_file`, :func:`load_bytes`,
:func:`load_text`) and the driver that runs the parser; the builder is in
:mod:`planctl.load.builder` (scalars and tags in :mod:`planctl.load.scalars`),
the readings that restore YAML 1.2 where the parsers follow 1.1 in
:mod:`planctl.load.yaml12`, and the wording of what stops a reading in
:mod:`planctl.load.wording`.
"""

from __future__ import annotations

import codecs
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from planctl.load.builder import _Builder
from planctl.load.loaded import (
    RULE_DUPLICATE,
    RULE_FILE,
    RULE_LIMITS,
    RULE_SYNTAX,
    RULE_TAG,
    RULE_UNSUPPORTED,
    Limits,
    LoadedFile,
    _Stop,
)
from planctl.load.wording import _file_problem, _refused_by_design, _syntax_problem
from planctl.load.yaml12 import (
    _BREAK_CHARS,
    _KEY_COLON_BELOW,
    _PROLOGUE_LINE,
    _block_tab,
    _block_text,
    _glued_hash,
    _glued_questions,
    _guarding,
    _hide_breaks,
    _key_colons_joined,
    _long_keys_joined,
    _mend_prologues,
    _odd_anchor,
    _questions_swapped,
    _restoring,
    _RewrittenInValue,
    _second_look,
    _separating_tabs_as_spaces,
    _tags_ended,
)
from planctl.problem import error_at

__all__ = [
    "RULE_DUPLICATE",
    "RULE_FILE",
    "RULE_LIMITS",
    "RULE_SYNTAX",
    "RULE_TAG",
    "RULE_UNSUPPORTED",
    "Limits",
    "LoadedFile",
    "load_bytes",
    "load_file",
    "load_text",
    "parser_name",
]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\x85\u2028\u2029]")
"""What :data:`_CONTROL` finds, and the line separators :func:`_hide_breaks` hides."""
_CONTROL_NAMES = {
    "\x0b": "a manual line break copied from Word",
    "\x0c": "a page break copied from Word",
    "\x1b": "a terminal escape character",
}


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
            error_at(
                name,
                line,
                column,
                RULE_SYNTAX,
                f"the file contains {what} (U+{ord(char):04X}), which YAML does not allow",
                "delete it, or replace it with a space or a real line break",
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
    loaded, mends = _read(name, text, source, breaks, limits, odd_anchor)
    # What the builder stopped at and YAML 1.2 reads otherwise: both parsers read
    # '?x' in a [ ] or { } as a key marker and the text 'x', where YAML 1.2 reads
    # the text '?x' (each such '?' is read as a character the parsers take for
    # text, put back in the values); libyaml reads '!!str,' as a tag, where YAML
    # 1.2 ends the tag before the ',' (the ',' and the space after it trade
    # places). Only files where the builder found one pay for this.
    questions: frozenset[int] = frozenset()
    ended: tuple[str, frozenset[int]] | None = None
    for _ in range(2):  # a second round for a file with both, where the first hid one
        if "?" in mends and not questions:
            questions = _glued_questions(source)
        if "!" in mends and ended is None:
            ended = _tags_ended(source)
        if not questions and not (ended and ended[1]):
            break
        again, more = _read(
            name,
            text,
            source,
            breaks,
            limits,
            odd_anchor,
            questions,
            ended if ended and ended[1] else None,
        )
        if not any(problem.rule == RULE_SYNTAX for problem in again.problems):
            return again
        if more <= mends:
            break
        mends |= more
    return loaded


def _read(
    name: str,
    text: str,
    source: str,
    breaks: bool,
    limits: Limits,
    odd_anchor: bool,
    questions: frozenset[int] = frozenset(),
    ended: tuple[str, frozenset[int]] | None = None,
) -> tuple[LoadedFile, set[str]]:
    """Read ``source`` with libyaml, then, where it refuses, in the ways that bring YAML 1.2 back.

    Gives the reading and what stopped any of the readings that another may
    mend. ``ended`` is the text with tags ended before a ',' and where it
    differs (see :func:`load_text`); it is read by both parsers and no other way.
    """
    parsed, rewritten = ended or (source, frozenset())
    attempt = partial(_parse, name, text, source, breaks, limits, questions=questions)
    loaded, error, mends = attempt(pure=odd_anchor, parsed=parsed, rewritten=rewritten)
    located = getattr(error, "problem_mark", None) is not None
    if error is not None and located and not odd_anchor and parser_name() == "libyaml":
        # libyaml still follows YAML 1.1 in places: it refuses a ':' inside a flow
        # collection ('[https://example.org]'), a '>' text at column 0, some tabs
        # and anchor names that YAML 1.2 allows and ruamel's own parser reads.
        # Only text libyaml refused pays for the second, slower reading.
        second, second_error, second_mends = attempt(pure=True, parsed=parsed, rewritten=rewritten)
        mends |= second_mends
        if second_error is None:
            return second, mends
    if error is None or not located or ended is not None:
        return loaded, mends
    rewrites: list[tuple[str, frozenset[int], str]] = []
    if "\t" in source:
        # Both parsers refuse some tabs YAML 1.2 allows as separators ('-\tfoo',
        # 'key:\tvalue', a tab before '['). Read once more with those tabs as
        # spaces: the columns stay, and a tab that turns out to be inside a value
        # abandons this reading, so no value ever changes.
        rewrites.append((*_separating_tabs_as_spaces(source), ""))
    if _KEY_COLON_BELOW.search(source):
        # Both parsers refuse a key of a { } whose ':' stands on the next line
        # ('{"foo"\n: bar}'), which YAML 1.2 allows: read once more with those
        # line breaks as spaces; a break inside a value abandons the reading.
        rewrites.append((*_key_colons_joined(source), ""))
    if not breaks and "{" in source:
        # Both parsers refuse a key of a { } written over several lines ('{ multi\n
        # line: value}'), which YAML 1.2 allows: read once more with those line
        # breaks as spaces, and such a key's value read from its text as written.
        rewrites.append((*_long_keys_joined(source), "flow"))
    tab = _block_tab(error, source)
    if tab is not None and not breaks:
        # libyaml refuses a tab that starts the first line of a '|' or '>' text
        # (' \tdetected'), which YAML 1.2 reads as text: read once more with the
        # tab as a character libyaml takes for text, and the text read again with
        # its indentation made explicit.
        unused = (chr(code) for code in range(0xFDD0, 0xFDF0) if chr(code) not in source)
        spare = next(unused, None)
        if spare is not None:
            rewrites.append((source[:tab] + spare + source[tab + 1 :], frozenset({tab}), "block"))
    for rewrite in rewrites:
        for pure in (False, True):
            parsed, rewritten, reread = rewrite
            for _ in range(3):
                if not rewritten:
                    break
                again, again_error, again_mends = attempt(
                    pure=pure, parsed=parsed, rewritten=rewritten, reread=reread
                )
                mends |= again_mends
                if again_error is None:
                    return again, mends
                # A tab read as a space inside a value (a '|' text's line): read
                # again with that one as written, the others still rewritten.
                spanned: frozenset[int] = getattr(again_error, "spanned", frozenset())
                if not spanned:
                    break
                rewritten = rewritten - spanned
                chars = list(parsed)
                for at in spanned:
                    chars[at] = source[at]
                parsed = "".join(chars)
    return loaded, mends


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
    reread: str = "",
    questions: frozenset[int] = frozenset(),
) -> tuple[LoadedFile, Exception | None, set[str]]:
    """Build ``source`` into a :class:`LoadedFile`, the parser's error if it failed, and a flag.

    ``parsed`` is what the parser reads when it is not ``source`` itself: the
    same text with the characters at ``rewritten`` made spaces; a value
    spanning one of them fails the reading (see :func:`load_text`) or, with
    ``reread``, is read from its text as written, and positions are given in
    ``source``'s lines. Each '?' at ``questions`` is
    read as text; one that does not end up in a value fails the reading. The
    set says what stopped the builder that another reading may mend.
    """
    loaded = LoadedFile(path=name, text=text)
    builder = _Builder(loaded, limits)
    builder.source = source
    parsed = source if parsed is None else parsed
    hidden = _hide_breaks(parsed) if breaks else None
    read, restore = (parsed, {}) if hidden is None else hidden
    swapped = _questions_swapped(read, questions, restore) if questions else None
    if swapped is not None:
        read = swapped[0]
    counted = [0]
    failure: Exception | None = None
    try:
        with _event_source(read, pure=pure) as next_event:
            if restore:
                next_event = _restoring(next_event, restore, swapped and swapped[1], counted)
            if rewritten:
                next_event = _guarding(next_event, rewritten, source, _reread(reread, pure))
            try:
                builder.run(next_event)
                if swapped is not None and counted[0] != len(questions):
                    raise _RewrittenInValue
            except _Stop:
                if builder.unsupported:
                    # What planctl refuses may still be valid YAML; bad syntax further
                    # on is the first thing to fix, so the parser reads on to find it.
                    _drain(next_event)
                raise
        if builder.lone_dash or _glued_hash(text):
            with _event_source(read, pure=pure) as next_event:
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
    return loaded, failure, builder.mends


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


def _reread(kind: str, pure: bool) -> Callable[[str, str], str] | None:
    """How a scalar spanning a rewritten character is read again from its text as written.

    ``kind`` is what the rewrite reads that way: ``"flow"`` a plain or quoted
    scalar (a { } key over several lines), ``"block"`` a '|' or '>' text;
    any other scalar spanning a rewritten character fails the reading.
    """
    if not kind:
        return None
    # deferred: start-up (ruamel.yaml loads only when a file is parsed)
    from ruamel.yaml.events import DocumentEndEvent, ScalarEvent, SequenceEndEvent

    def reread(written: str, style: str) -> str:
        after: type
        if kind == "flow" and style in ("", "'", '"'):
            # As an item of a [ ], where a scalar may span lines.
            alone, at, after = f"[{written}]", 3, SequenceEndEvent
        elif kind == "block" and style in ("|", ">"):
            explicit = _block_text(written)
            if explicit is None:
                raise _RewrittenInValue
            alone, at, after = explicit, 2, DocumentEndEvent
        else:
            raise _RewrittenInValue
        try:
            with _event_source(alone, pure=pure) as next_event:
                events = [next_event() for _ in range(at + 2)]
        except Exception as error:
            raise _RewrittenInValue from error
        if type(events[at]) is not ScalarEvent or type(events[at + 1]) is not after:
            raise _RewrittenInValue
        value: str = events[at].value
        return value

    return reread


def parser_name() -> str:
    """Which YAML parser reads plans here: ``"libyaml"`` (the C parser) or ``"pure"``."""
    # deferred: start-up (ruamel.yaml loads only when a file is parsed)
    try:
        # deferred: start-up (ruamel.yaml loads only when a file is parsed)
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the platform's wheels
        return "pure"
    return "libyaml"


def _drain(next_event: Callable[[], Any]) -> None:
    """Pull the parser's events up to the end of the stream (it raises on bad syntax)."""
    from ruamel.yaml.events import StreamEndEvent  # deferred: start-up (only when parsing)

    while type(next_event()) is not StreamEndEvent:
        pass
