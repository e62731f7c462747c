"""Where a node is, in words: labels such as ``Goal 3`` joined into ``Goal 3 › Action step 2``.

Problems, reports, packets, charts, exports and ``diff`` all name places in a
plan this way. A label is the template's name for the node's level and the
node's number in the document: its ``id`` where it has one (the district's
own numbering, ``Goal 3.READ``), its position among its siblings where it has
none. :func:`label` is the one place that rule lives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

SEPARATOR = " › "
"""Between the labels of a trail."""

ID_LIMIT = 40
"""An id longer than this is shortened (with "…") in labels: a number is short, a sentence not."""


def numbering(number: int, ident: str | None = None) -> str:
    """A node's number as the document writes it: its id (whitespace folded), else its position."""
    text = " ".join((ident or "").split())
    if not text:
        return str(number)
    return text if len(text) <= ID_LIMIT else text[: ID_LIMIT - 1].rstrip() + "…"


def label(level: str, number: int, ident: str | None = None) -> str:
    """A node's label: ``Goal 3``, ``Goal 3.READ``, ``Action step 2``.

    ``level`` is the template's label for the node's level, ``number`` its
    position among its siblings (from 1) and ``ident`` its id as text, if it
    has one. An id that already starts with the level's label as a word
    (``Strategy 2C``, ``goal #1``; case is ignored) is the whole label, as
    written, rather than ``Strategy Strategy 2C``.
    """
    shown = numbering(number, ident)
    if not level.strip() or (ident and ident.strip() and _names_level(level).match(shown)):
        return shown
    return f"{level} {shown}"


@lru_cache(maxsize=64)
def _names_level(level: str) -> re.Pattern[str]:
    """Matches text that starts with ``level`` as a whole word (not ``Goals`` for ``Goal``)."""
    words = r"\s+".join(re.escape(word) for word in level.split())
    return re.compile(rf"{words}(?![^\W\d_])", re.IGNORECASE)


def trail(labels: Iterable[str]) -> str:
    """Labels from the top down joined into a trail; empty labels are left out."""
    return SEPARATOR.join(part for part in labels if part)
