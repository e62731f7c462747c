"""Where each key and value of a loaded file stands in its text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

PathKey = tuple[str | int, ...]
"""A path into loaded data: mapping keys (str) and list indexes (int)."""


class Span(NamedTuple):
    """A 1-based line and column range in a file; the end is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


class Positions:
    """Spans of values and keys by their path in the loaded data.

    Lookups fall back to the nearest ancestor that has a span, so a path into
    a value that an alias repeats (or that does not exist, as pydantic may
    report) still lands on a sensible line.
    """

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        self.values: dict[PathKey, Span] = {}
        self.keys: dict[PathKey, Span] = {}

    def value(self, path: Sequence[str | int]) -> Span:
        """The span of the value at ``path``, or of its nearest located ancestor."""
        key = tuple(path)
        while key:
            span = self.values.get(key)
            if span is not None:
                return span
            key = key[:-1]
        return self.values.get((), Span(1, 1, 1, 1))

    def key(self, path: Sequence[str | int]) -> Span:
        """The span of the mapping key that holds ``path``, else of its value."""
        span = self.keys.get(tuple(path))
        return span if span is not None else self.value(path)
