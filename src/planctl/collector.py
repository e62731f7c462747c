"""Tuning of Python's cyclic garbage collector for a run of planctl.

Loading a plan makes hundreds of thousands of small dicts, lists and models
that are freed by reference counting; almost none of them form cycles. With
the interpreter's default threshold (a collection every 700 new containers)
the collector walks a large plan's live data again and again while it is
being built: on a 20,000-step plan that was about a third of the time of a
check. A higher threshold keeps collections (so memory stays bounded when
cycles do occur) but makes them rare, and freezing what start-up imported
keeps modules and classes out of every later collection.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 50_000
"""New containers between two collections of the youngest generation (Python's default: 700)."""


def tune_collector(*, freeze: bool = True) -> None:
    """Make collections rare and leave everything imported so far out of them.

    Without ``freeze``, only make them rare: the command line does that before
    it imports its libraries, whose start-up makes many objects and frees
    almost none, then freezes what they made once they are all imported.
    """
    if freeze:
        gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
