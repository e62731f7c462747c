"""Hostile files for ``planctl fmt``: huge comment runs and read-only files.

``fmt`` runs in pre-commit hooks and CI over whatever a repository holds. A
plan that is mostly comments (a commented-out old plan, 40,000 lines of it)
must format in about the time it takes to check, not minutes: these tests
run the real command with a timeout that only a hang reaches, never a
timing target (those are in ``benchmarks/``). A read-only plan is refused
as an editor would refuse it, and the other files of the run are still
formatted.
"""

from __future__ import annotations

import stat
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


MESSY = "title: T   \nplanctl: 1\ngoals:\n    - title: G\n"
CLEAN = "planctl: 1\ntitle: T\ngoals:\n  - title: G\n"


def test_a_read_only_plan_is_refused_and_the_others_are_formatted(tmp_path: Path) -> None:
    for name in ("a.plan.yaml", "b.plan.yaml", "c.plan.yaml"):
        (tmp_path / name).write_text(MESSY, encoding="utf-8")
    locked = tmp_path / "b.plan.yaml"
    locked.chmod(0o444)
    before = locked.stat()
    done = planctl("fmt", ".", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "reformatted a.plan.yaml",
        "planctl: b.plan.yaml: read-only: make it writable or use --force",
        "reformatted c.plan.yaml",
        "2 files reformatted, 1 could not be formatted",
    ]
    assert "Traceback" not in done.stderr
    assert locked.read_bytes() == MESSY.encode("utf-8")
    after = locked.stat()
    assert (after.st_mode, after.st_ino, after.st_mtime_ns) == (
        before.st_mode,
        before.st_ino,
        before.st_mtime_ns,
    )
    for name in ("a.plan.yaml", "c.plan.yaml"):
        assert (tmp_path / name).read_text(encoding="utf-8") == CLEAN
    assert sorted(item.name for item in tmp_path.iterdir()) == [
        "a.plan.yaml",
        "b.plan.yaml",
        "c.plan.yaml",
    ]


def test_check_and_diff_never_need_a_writable_plan(tmp_path: Path) -> None:
    path = tmp_path / "a.plan.yaml"
    path.write_text(MESSY, encoding="utf-8")
    path.chmod(0o444)
    check = planctl("fmt", "--check", path.name, cwd=tmp_path)
    assert (check.returncode, check.stdout) == (1, "would reformat a.plan.yaml\n")
    diff = planctl("fmt", "--diff", path.name, cwd=tmp_path)
    assert diff.returncode == 1
    assert diff.stdout.startswith("--- a.plan.yaml\n+++ a.plan.yaml\n")
    assert "read-only" not in check.stderr + diff.stderr
    assert path.read_bytes() == MESSY.encode("utf-8")


def test_force_formats_a_read_only_plan_and_leaves_it_read_only(tmp_path: Path) -> None:
    path = tmp_path / "a.plan.yaml"
    path.write_text(MESSY, encoding="utf-8")
    path.chmod(0o444)
    done = planctl("fmt", "--force", path.name, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert done.stderr == "reformatted a.plan.yaml\n1 file reformatted\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert path.read_text(encoding="utf-8") == CLEAN
    assert [item.name for item in tmp_path.iterdir()] == ["a.plan.yaml"]
