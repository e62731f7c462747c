"""How plan text reads in a change's message: whitespace folded, long text cut, ``A → B``."""

from __future__ import annotations

from collections.abc import Sequence

MESSAGE_TEXT = 80
"""Plan text longer than this is shortened (with "…") in messages; before/after keep it whole."""


def _norm(text: str | None) -> str:
    """Text with runs of whitespace as one space."""
    return " ".join((text or "").split())


def _fold(text: str | None) -> str:
    """Text with case and runs of whitespace ignored, for matching."""
    return _norm(text).casefold()


def short(text: str | None, limit: int = MESSAGE_TEXT) -> str:
    """Plan text on one line, cut to ``limit`` characters with "…"."""
    text = _norm(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(text: str | None) -> str:
    return f"'{short(text)}'"


def _changed(name: str, before: str | None, after: str | None, *, quote: bool = False) -> str:
    """``NAME changed: A → B``, ``NAME added: B`` or ``NAME removed (was A)``."""

    def show(text: str | None) -> str:
        return _quoted(text) if quote else short(text)

    if before and after:
        return f"{name} changed: {show(before)} → {show(after)}"
    if after:
        return f"{name} added: {show(after)}"
    return f"{name} removed (was {show(before)})"


def _list_changed(name: str, before: Sequence[str], after: Sequence[str]) -> str | None:
    """``NAME changed: added X, Y; removed Z``, or ``None`` when only the order differs."""
    old = [_norm(item) for item in before]
    new = [_norm(item) for item in after]
    added = [item for item in new if item not in old]
    removed = [item for item in old if item not in new]
    if not added and not removed:
        return None
    parts = []
    if added:
        parts.append("added " + ", ".join(short(item, 60) for item in added))
    if removed:
        parts.append("removed " + ", ".join(short(item, 60) for item in removed))
    return f"{name} changed: " + "; ".join(parts)
