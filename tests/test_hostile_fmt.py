"""Hostile files for ``planctl fmt``: huge comment runs.

``fmt`` runs in pre-commit hooks and CI over whatever a repository holds. A
plan that is mostly comments (a commented-out old plan, 40,000 lines of it)
must format in about the time it takes to check, not minutes: these tests
run the real command with a timeout that only a hang reaches, never a
timing target (those are in ``benchmarks/``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.test_hostile import planctl

RUN = 40_000
# Formatting a 40,000-line comment run takes about a second, or a few on a
# busy machine; a quadratic pass over the run took minutes.
HANG = 120.0


def comment_lines(count: int, column: int) -> str:
    return "".join(
        f"{' ' * column}# note {number}: an old line of the plan\n" for number in range(count)
    )


# Each place a run of comment lines can stand: the text above it, the run's
# column and the text below it. The text above decides the run's column and
# how the YAML library reads it, and each place had its own slow path.
PLACES = {
    "at the top": ("", 0, "planctl: 1\ntitle: T\n"),
    "between two keys": ("planctl: 1\n", 0, "title: T\n"),
    "below a value, deeper": ("planctl: 1\ntitle: T\n", 4, "status: draft\n"),
    "after a comment on the line": ("planctl: 1\ntitle: T  # now\n", 0, "status: draft\n"),
    "after a colon": ("planctl: 1\ngoals:  # the goals\n", 2, "  - title: G\n"),
    "after a flow list": ("planctl: 1\ntags: [a, b]  # tags\n", 2, "title: T\n"),
    "after a block": ("planctl: 1\ndescription: |\n  text\n", 4, "title: T\n"),
    "in a step": (
        "planctl: 1\ngoals:\n    - title: G\n      steps:\n          - action: A\n",
        14,
        "            due: 2024-05\n",
    ),
    "at the end": ("planctl: 1\ngoals:\n    - title: G\n", 6, ""),
}


def comments(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


@pytest.mark.parametrize("place", list(PLACES))
def test_a_huge_run_of_comment_lines_is_formatted_without_a_hang(
    tmp_path: Path, place: str
) -> None:
    above, column, below = PLACES[place]
    text = above + comment_lines(RUN, column) + below
    path = tmp_path / "old.plan.yaml"
    path.write_text(text, encoding="utf-8")
    done = planctl("fmt", path.name, cwd=tmp_path, timeout=HANG)
    assert done.returncode == 0, done.stderr
    formatted = path.read_text(encoding="utf-8")
    assert comments(formatted) == comments(text)
    assert formatted.count("\n") == text.count("\n")


def test_a_huge_run_of_comment_lines_is_checked_and_diffed_without_a_hang(
    tmp_path: Path,
) -> None:
    # Four-space indentation: fmt has the whole run to move.
    text = "planctl: 1\ngoals:\n    - title: G\n" + comment_lines(RUN, 6) + "      status: draft\n"
    path = tmp_path / "old.plan.yaml"
    path.write_text(text, encoding="utf-8")
    done = planctl("fmt", "--diff", "--check", path.name, cwd=tmp_path, timeout=HANG)
    assert done.returncode == 1, done.stderr
    assert done.stdout.count("\n+    # note ") == RUN
    assert done.stdout.endswith("would reformat old.plan.yaml\n")
    assert path.read_text(encoding="utf-8") == text
