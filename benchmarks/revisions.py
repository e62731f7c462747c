"""Time ``planctl validate`` at several git revisions side by side: what each change bought.

    python benchmarks/revisions.py REV [REV ...] [--corpus DIR] [--repeat 3] [--startup-repeat 10]

Each revision is checked out into a temporary git worktree and run from its
``src`` folder with this interpreter (so every revision uses the same
installed libraries), one revision after the other for each benchmark:

* ``validate, one plan``: start-up plus one typical plan (the demo example);
* ``validate, corpus, one process``: the 300-plan corpus with ``--jobs 1``,
  so the figure is the work done, not how it is spread over cores.

Prints a Markdown table with the medians and the change from the row above;
run it on an otherwise idle machine. The corpus defaults to
``benchmarks/corpus/plans-300`` (``python benchmarks/run.py`` makes it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from run import CORPORA, EXAMPLE, REPO, Command, Measurement, Runner, environment


def revision_subject(revision: str) -> tuple[str, str]:
    """The short hash and the subject line of ``revision``."""
    shown = subprocess.run(
        ["git", "log", "-1", "--format=%h%x00%s", revision],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    short, _, subject = shown.partition("\0")
    return short, subject


def add_worktree(revision: str, folder: Path) -> None:
    """Check ``revision`` out into ``folder`` without touching the working tree."""
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(folder), revision],
        cwd=REPO,
        check=True,
    )


def remove_worktree(folder: Path) -> None:
    """Remove a worktree made by :func:`add_worktree`."""
    subprocess.run(
        ["git", "worktree", "remove", "--force", str(folder)],
        cwd=REPO,
        check=False,
        capture_output=True,
    )


def commands(source: Path, short: str, corpus: Path) -> list[Command]:
    """The benchmarked command lines of one revision, run from its ``src`` folder."""
    run = ["env", f"PYTHONPATH={source}", sys.executable, "-m", "planctl"]
    return [
        Command(
            f"one-plan@{short}",
            "validate, one plan",
            [*run, "validate", EXAMPLE],
            f"planctl validate {EXAMPLE}",
        ),
        Command(
            f"corpus@{short}",
            "validate, corpus, one process",
            [*run, "validate", str(corpus), "--format", "json", "--jobs", "1"],
            f"planctl validate {corpus.name} --format json --jobs 1",
            ok_exits=(0, 1),
        ),
    ]


def table(rows: Sequence[tuple[str, str, list[Measurement]]]) -> str:
    """The report: one row per revision, each benchmark's median and its change."""
    labels = [measurement.label for measurement in rows[0][2]] if rows else []
    head = ["revision", "change", *(f"{label} (median)" for label in labels)]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * len(labels)]
    previous: list[float | None] = [None] * len(labels)
    for short, subject, measurements in rows:
        cells = [f"`{short}`", subject.replace("|", "\\|")]
        for index, measurement in enumerate(measurements):
            value = measurement.value
            if value is None:
                cells.append(measurement.note or "–")
                continue
            shown = f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
            before = previous[index]
            if before:
                shown += f" ({(value - before) / before:+.0%})"
            previous[index] = value
            cells.append(shown)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every revision and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("revisions", nargs="+", help="git revisions, oldest first")
    parser.add_argument("--corpus", type=Path, default=CORPORA / "plans-300")
    parser.add_argument("--repeat", type=int, default=3, help="runs on the corpus")
    parser.add_argument("--startup-repeat", type=int, default=10, help="runs on one plan")
    parser.add_argument("--no-hyperfine", action="store_true")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        parser.error(f"{corpus} is not a folder of plans; run benchmarks/run.py once to make it")
    hyperfine = None if args.no_hyperfine else shutil.which("hyperfine")
    runner = Runner(repeat=args.repeat, hyperfine=hyperfine, env=environment())
    rows: list[tuple[str, str, list[Measurement]]] = []
    with tempfile.TemporaryDirectory(prefix="planctl-revisions-") as scratch:
        trees: list[tuple[str, str, Path]] = []
        try:
            for revision in args.revisions:
                short, subject = revision_subject(revision)
                folder = Path(scratch) / short
                add_worktree(revision, folder)
                trees.append((short, subject, folder))
            for short, subject, folder in trees:
                one_plan, on_corpus = commands(folder / "src", short, corpus)
                rows.append(
                    (
                        short,
                        subject,
                        [runner.time(one_plan, args.startup_repeat), runner.time(on_corpus)],
                    )
                )
        finally:
            for _, _, folder in trees:
                remove_worktree(folder)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
