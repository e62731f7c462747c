"""Where a node is, in words: labels such as ``Goal 1`` joined into ``Goal 1 › step 3``.

Problems, reports, packets, charts, exports and ``diff`` all name places in a
plan this way.
"""

from __future__ import annotations

from collections.abc import Iterable

SEPARATOR = " › "
"""Between the labels of a trail."""


def trail(labels: Iterable[str]) -> str:
    """Labels from the top down joined into a trail; empty labels are left out."""
    return SEPARATOR.join(label for label in labels if label)
