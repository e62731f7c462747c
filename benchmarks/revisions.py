"""Time ``planctl validate`` at several git revisions side by side: what each change bought.

    python benchmarks/revisions.py REV [REV ...] [--corpus DIR] [--repeat 3] [--startup-repeat 10]

Each revision is checked out into a temporary git worktree and run from its
``src`` folder with this interpreter (so every revision uses the same
installed libraries). After one warm-up run each, the runs go round the
revisions in turn (``--repeat`` rounds), so a busy moment of the machine
falls on every revision alike rather than on one. Two benchmarks:

* ``validate, one plan``: start-up plus one typical plan (the demo example);
* ``validate, corpus, one process``: the 300-plan corpus with ``--jobs 1``,
  so the figure is the work done, not how it is spread over cores.

Prints a Markdown table with the median wall and CPU time (user + system) of
each, and the change from the row above; run it on an otherwise idle machine. The corpus defaults to
``benchmarks/corpus/plans-300`` (``python benchmarks/run.py`` makes it).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from run import CORPORA, EXAMPLE, REPO, Command, Measurement, environment


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


def run_once(command: Command, env: Mapping[str, str]) -> tuple[float, float, int]:
    """Run ``command`` from the repository root: wall seconds, CPU seconds and exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        command.argv,
        cwd=REPO,
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.returncode


def interleaved(
    commands: Sequence[Command], rounds: int, env: Mapping[str, str]
) -> list[Measurement]:
    """One warm-up run of each command, then ``rounds`` rounds of one run of each in turn."""
    walls: dict[str, list[float]] = {command.key: [] for command in commands}
    cpus: dict[str, list[float]] = {command.key: [] for command in commands}
    failed: dict[str, str] = {}
    for command in commands:
        code = run_once(command, env)[2]
        if code not in command.ok_exits:
            failed[command.key] = f"failed (exit {code})"
    for _ in range(rounds):
        for command in commands:
            if command.key not in failed:
                wall, cpu, _ = run_once(command, env)
                walls[command.key].append(wall)
                cpus[command.key].append(cpu)
    rows = []
    for command in commands:
        row = Measurement(command.key, command.label, command.shown, None)
        if command.key in failed:
            row.note = failed[command.key]
        else:
            row.samples = walls[command.key]
            row.runs = len(row.samples)
            row.value = statistics.median(row.samples)
            row.cpu = statistics.median(cpus[command.key])
        rows.append(row)
    return rows


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: Sequence[tuple[str, str, list[Measurement]]]) -> str:
    """The report: one row per revision, each benchmark's medians and their change."""
    labels = [measurement.label for measurement in rows[0][2]] if rows else []
    head = ["revision", "change"]
    for label in labels:
        head += [f"{label}: wall", "CPU"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|---:|" * len(labels)]
    previous: list[tuple[float, float] | None] = [None] * len(labels)
    for short, subject, measurements in rows:
        cells = [f"`{short}`", subject.replace("|", "\\|")]
        for index, measurement in enumerate(measurements):
            wall, cpu = measurement.value, measurement.cpu
            if wall is None or cpu is None:
                cells += [measurement.note or "–", ""]
                continue
            shown = [_seconds(wall), _seconds(cpu)]
            before = previous[index]
            if before is not None:
                shown = [
                    f"{text} ({(now - then) / then:+.0%})"
                    for text, now, then in zip(shown, (wall, cpu), before, strict=True)
                ]
            previous[index] = (wall, cpu)
            cells += shown
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every revision and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("revisions", nargs="+", help="git revisions, oldest first")
    parser.add_argument("--corpus", type=Path, default=CORPORA / "plans-300")
    parser.add_argument("--repeat", type=int, default=3, help="runs on the corpus")
    parser.add_argument("--startup-repeat", type=int, default=10, help="runs on one plan")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        parser.error(f"{corpus} is not a folder of plans; run benchmarks/run.py once to make it")
    env = environment()
    rows: list[tuple[str, str, list[Measurement]]] = []
    with tempfile.TemporaryDirectory(prefix="planctl-revisions-") as scratch:
        trees: list[tuple[str, str, Path]] = []
        try:
            for revision in args.revisions:
                short, subject = revision_subject(revision)
                folder = Path(scratch) / short
                add_worktree(revision, folder)
                trees.append((short, subject, folder))
            per_tree = [commands(folder / "src", short, corpus) for short, _, folder in trees]
            one_plan = interleaved([pair[0] for pair in per_tree], args.startup_repeat, env)
            on_corpus = interleaved([pair[1] for pair in per_tree], args.repeat, env)
            for index, (short, subject, _) in enumerate(trees):
                rows.append((short, subject, [one_plan[index], on_corpus[index]]))
        finally:
            for _, _, folder in trees:
                remove_worktree(folder)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
