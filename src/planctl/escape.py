"""Plan text made safe to show: for terminals, CI logs and text other programs read.

A plan is data, and YAML's escapes let it hold any character: ``title:
"\\e[31mred\\a"`` is a title with a terminal escape and a bell in it. Written
as is, such text would recolour a terminal, move its cursor, ring its bell,
end a CI log line early, or (with bidirectional overrides, the "Trojan
Source" trick) make a line read differently from what it holds. Every writer
whose output a terminal or a CI log shows passes plan text through
:func:`visible`, which shows each such character as an escape instead:

- the C0 controls (U+0000–U+001F), DEL (U+007F) and the C1 controls
  (U+0080–U+009F, which some terminals obey as ESC sequences) as ``\\x1b``;
- the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
  U+2066–U+2069) as ``\\u202e``: a reader of a report or a review comment
  should see that the text holds an override rather than text it reorders;
- lone surrogates (a file name that is not UTF-8) as ``\\udcff``, since they
  cannot be written as UTF-8 at all.

Tab and line breaks are kept when the caller names them in ``keep`` (a
Markdown document or a CSV cell may hold them; a one-line message may not).
Everything else, accents and CJK included, is left alone.

JSON carries control characters as ``\\u`` escapes, but ``json.dumps`` with
``ensure_ascii=False`` writes DEL, the C1 controls and the bidirectional
ones as they are; :func:`json_text` escapes those too, so the document still
decodes to the same data.

This module imports only :mod:`re`: every writer may use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The bidirectional formatting characters that can reorder how a line reads."""

_UNSAFE_CLASS = "\x00-\x1f\x7f-\x9f\ud800-\udfff" + BIDI_CONTROLS
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
"""One character :func:`visible` escapes: a control, a bidirectional control or a lone surrogate."""

# What json.dumps(ensure_ascii=False) leaves as it is: all of UNSAFE but C0.
_JSON_RAW = re.compile(f"[\x7f-\x9f\ud800-\udfff{BIDI_CONTROLS}]")


def escaped(char: str) -> str:
    """One character as an escape: ``\\x1b`` up to U+00FF, else ``\\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _escape_match(match: re.Match[str]) -> str:
    return escaped(match.group())


@lru_cache(maxsize=8)
def _pattern(keep: str) -> re.Pattern[str]:
    if not keep:
        return UNSAFE
    return re.compile(f"(?![{re.escape(keep)}])[{_UNSAFE_CLASS}]")


def visible(text: str, keep: str = "") -> str:
    """``text`` safe to show: every :data:`UNSAFE` character but those in ``keep`` escaped.

    ``keep`` names characters that stay as they are, typically ``"\\t\\n"``
    where the format allows tabs and line breaks.
    """
    if text.isprintable():  # nearly all plan text: no control, format or separator character
        return text
    return _pattern(keep).sub(_escape_match, text)


def replace_unsafe(text: str, replacement: str, keep: str = "") -> str:
    """``text`` with every :data:`UNSAFE` character but those in ``keep`` replaced.

    For formats where an escape would be noise rather than information.
    """
    if text.isprintable():
        return text
    return _pattern(keep).sub(replacement, text)


def json_text(document: str) -> str:
    """JSON text written with ``ensure_ascii=False``, with the characters it left raw escaped.

    Those characters only occur inside JSON strings, where ``\\u007f`` is a
    valid escape for them, so the result decodes to the same data.
    """
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", document)
