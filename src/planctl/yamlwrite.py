"""The one writer of plan YAML text: layout, line width and quoting, defined once.

Every plan planctl writes has the layout the examples are written in:
mappings indented by :data:`INDENT` (two) spaces, a list's dash
:data:`DASH_OFFSET` (two) columns in from its key and the item's content
:data:`SEQUENCE_INDENT` (four) columns in; comments wrapped at :data:`WIDTH`
(100) columns. ``planctl import`` writes its plans with :func:`block_lines`,
``planctl init`` and ``planctl new`` their comments with
:func:`comment_lines`, and ``planctl fmt`` gives the YAML library the same
layout through :func:`configure_round_trip` (without wrapping: ``fmt``
never re-wraps an author's text).

:func:`block_lines` writes text rather than asking a YAML library, so that a
plan reads as written by hand: long sentences folded (``>-``) at
:data:`WIDTH` columns, text with several lines as ``|-`` blocks, short lists
as ``[A, B]``, a comment wherever the data asks for one. Strings are quoted
only when they would not read back as the same text (``yes``, ``2013``,
``Note: ...``, a leading ``-``); quoted strings use double quotes with
escapes, so control and invisible characters are visible. Non-breaking spaces
and smart quotes are written as they are.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

INDENT = 2
"""Columns a mapping's keys stand in from their parent key."""
DASH_OFFSET = 2
"""Columns a list's dash stands in from its key."""
SEQUENCE_INDENT = 4
"""Columns a list item's content stands in from the list's key (after ``- ``)."""
WIDTH = 100
"""Columns at which comments and folded text are wrapped, indentation included."""
NO_WRAP = 1 << 30
"""A line width wide enough that the YAML library never wraps a line of text."""


def configure_round_trip(yaml: Any) -> Any:
    """Give a ruamel.yaml round-trip ``YAML`` object the plan layout; returns it.

    Quotes are kept as the author wrote them and no line is wrapped.
    """
    yaml.indent(mapping=INDENT, sequence=SEQUENCE_INDENT, offset=DASH_OFFSET)
    yaml.width = NO_WRAP
    yaml.preserve_quotes = True
    return yaml


_RESERVED = re.compile(
    r"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|"
    r"on|On|ON|off|Off|OFF|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|"
    r"[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+|"
    r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|"
    r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)"
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def block_lines(
    data: Mapping[str, Any], indent: int = 0, *, top: bool = False, flow: Collection[str] = ()
) -> list[str]:
    """The lines of the mapping ``data`` in block style, its keys at column ``indent``.

    With ``top``, a list of mappings (a plan's goals) gets a blank line above its key.
    A mapping under a key in ``flow`` (a plan's ``period``) goes on its key's line as
    ``{start: ..., end: ...}`` when it fits; a mapping in a list with a ``comment``
    attribute gets that comment above it.
    """
    lines: list[str] = []
    for key, value in data.items():
        if top and isinstance(value, list) and value and isinstance(value[0], Mapping):
            lines.append("")  # a blank line before the goals, as in the examples
        lines.extend(_entry(key, value, indent, flow))
    return lines


BLOCK_LISTS = frozenset({"tasks"})
"""Keys whose lists are written an item a line even when short."""


def _entry(key: str, value: Any, indent: int, flow_keys: Collection[str]) -> list[str]:
    head = " " * indent + _scalar_key(key) + ":"
    if isinstance(value, Mapping):
        if not value:
            return [head + " {}"]
        flow = _flow_mapping(value) if key in flow_keys else None
        if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
            return [head + " " + flow]
        return [head, *block_lines(value, indent + INDENT, flow=flow_keys)]
    if isinstance(value, list | tuple):
        if not value:
            return [head + " []"]
        # A checklist reads an item a line, ready for a planner to add 'done:' to one.
        flow = _flow_list(value) if key not in BLOCK_LISTS else None
        if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
            return [head + " " + flow]
        return [head, *_sequence(value, indent + DASH_OFFSET, flow_keys)]
    return _scalar_lines(head, value, indent + INDENT)


def _sequence(items: Sequence[Any], indent: int, flow_keys: Collection[str]) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    spaced = any(isinstance(item, Mapping) and len(item) > 1 for item in items)
    for number, item in enumerate(items):
        if isinstance(item, Mapping):
            if number and spaced:
                lines.append("")
            comment = getattr(item, "comment", "")
            if comment:
                lines.extend(comment_lines(comment, indent))
            if not item:
                lines.append(pad + "- {}")
                continue
            body = block_lines(item, indent + SEQUENCE_INDENT - DASH_OFFSET, flow=flow_keys)
            body[0] = pad + "- " + body[0].lstrip(" ")
            lines.extend(body)
        else:
            lines.extend(_scalar_lines(pad + "-", item, indent + SEQUENCE_INDENT - DASH_OFFSET))
    return lines


def comment_lines(text: str, indent: int, *, least: int = 20) -> list[str]:
    """``text`` as comment lines at column ``indent``, wrapped to :data:`WIDTH` columns.

    Runs of spaces and line breaks become one space; a line is never narrower
    than ``least`` characters, however deep the indentation. Blank text has no lines.
    """
    words = " ".join(text.split())
    if not words:
        return []
    width = max(WIDTH - indent - 2, least)
    return [" " * indent + "# " + line for line in wrap(words, width)]


def _scalar_lines(head: str, value: Any, body: int) -> list[str]:
    if isinstance(value, str):
        if "\n" in value and _literal_ok(value):
            return [head + " |-", *(" " * body + line for line in value.split("\n"))]
        single = _scalar(value)
        if len(head) + 1 + len(single) > WIDTH and _fold_ok(value):
            return [head + " >-", *(" " * body + line for line in wrap(value, WIDTH - body))]
        return [head + " " + single]
    return [head + " " + _scalar(value)]


def _scalar_key(key: str) -> str:
    return key if _plain_ok(key, flow=False) else _quoted(key)


def _scalar(value: Any, *, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return text if _plain_ok(text, flow=flow) else _quoted(text)


def _flow_list(items: Sequence[Any]) -> str | None:
    parts = []
    for item in items:
        if isinstance(item, Mapping | list | tuple):
            return None
        if isinstance(item, str) and not _plain_ok(item, flow=True):
            return None
        parts.append(_scalar(item, flow=True))
    return "[" + ", ".join(parts) + "]"


def _flow_mapping(value: Mapping[str, Any]) -> str | None:
    parts = []
    for key, item in value.items():
        if isinstance(item, Mapping | list | tuple) or not _plain_ok(key, flow=True):
            return None
        if isinstance(item, str) and not _plain_ok(item, flow=True):
            return None
        parts.append(f"{key}: {_scalar(item, flow=True)}")
    return "{" + ", ".join(parts) + "}"


_UNPRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Characters YAML cannot hold as they are (and the byte order mark, which it would drop)."""


def _printable(char: str) -> bool:
    return not _UNPRINTABLE.match(char)


def _plain_ok(text: str, *, flow: bool) -> bool:
    """Whether ``text`` can be written without quotes and read back as the same string."""
    if not text or text != text.strip(" ") or text[0] in _INDICATORS or text[0] == " ":
        return False
    if any(char in text for char in "\n\r\t") or _UNPRINTABLE.search(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or text.startswith(("---", "...")):
        return False
    if flow and any(char in text for char in ",[]{}:?#"):
        return False
    return not _RESERVED.fullmatch(text)


def _quoted(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif not _printable(char) or char == "\ufeff":
            code = ord(char)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _literal_ok(text: str) -> bool:
    """A ``|-`` block: lines without end spaces, none empty, all printable."""
    lines = text.split("\n")
    return (
        not _UNPRINTABLE.search(text)
        and "\t" not in text
        and all(line and line == line.strip(" ") for line in lines)
    )


def _fold_ok(text: str) -> bool:
    """A ``>-`` block folds back exactly: single spaces between words, nothing special."""
    return (
        " " in text
        and text == text.strip(" ")
        and "  " not in text
        and not _UNPRINTABLE.search(text)
        and not any(char in text for char in "\t\n\r")
    )


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters (20 at least), broken at single spaces.

    A word longer than the line stands alone on its line; joining the lines
    with spaces gives ``text`` back, which a ``>-`` block relies on.
    """
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > max(width, 20):
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines
