"""What a load gives back and what bounds it: the shared ground of the loader's modules.

:class:`LoadedFile` and :class:`Limits`, the loader's rule ids, and the
exception that stops a reading once a problem makes going on pointless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planctl.load.positions import Positions
from planctl.problem import Problem

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


def _position(text: str, at: int) -> tuple[int, int]:
    """The 1-based line and column of character ``at`` of ``text``."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


class _Stop(Exception):
    """Raised inside the builder once a problem makes further reading pointless."""
