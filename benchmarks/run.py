"""Run the planctl benchmarks side by side and report medians, ratios and targets.

    python benchmarks/run.py [CORPUS] [--repeat 5] [--startup-repeat 20] [--peer-repeat N]
                             [--large CORPUS_3000] [--no-large] [--no-peers] [--no-render]
                             [--no-fmt] [--no-hyperfine] [--startup-only]

Times, each in a fresh process and repeated ``--repeat`` times (median):

* start-up, side by side round after round: ``python -c pass``, the
  ruamel.yaml + pydantic import line, ``planctl --version``, ``planctl --help``,
  ``planctl validate`` on the example plan (with and without the cache) and
  the pre-commit hook's two commands on it;
* the corpus (300 plans unless CORPUS is given): the PyYAML ``CSafeLoader``
  floor (``benchmarks/floor.py``), ``planctl validate --format json`` (as
  users run it, and in one process with ``--jobs 1``), ``check-jsonschema``
  with the plan schema and ``yamllint -d relaxed``;
* peak memory (maximum resident set size) of ``planctl validate`` on the
  300-plan and 3,000-plan corpora;
* ``planctl render`` of one 20,000-step plan to md, html and docx;
* ``planctl fmt --check`` on plans holding a run of 10,000 and of 40,000
  comment lines, each beside ``planctl validate`` on the same file.

Missing corpora are generated with ``benchmarks/corpus.py`` into
``benchmarks/corpus/``. Timing uses hyperfine when it is installed, otherwise
``time.perf_counter`` around each run. A tool that is not installed gets a
row that says so. The Markdown report goes to stdout and to
``benchmarks/results/latest.md``; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "benchmarks"
CORPORA = BENCHMARKS / "corpus"
RESULTS = BENCHMARKS / "results"
SCHEMA = "schemas/plan.schema.json"
EXAMPLE = "examples/district-pl-plan.plan.yaml"
IMPORT_LINE = "import ruamel.yaml; from pydantic import BaseModel"
TYPER_LINE = "import ruamel.yaml, typer; from pydantic import BaseModel"
MODEL_LINE = (
    f"{IMPORT_LINE}; M = type('M', (BaseModel,), {{'__annotations__': {{'x': int}}}}); M(x=1)"
)
"""The import line, then one pydantic model made and used: what checking with pydantic costs."""
ADAPTER_LINE = f"{TYPER_LINE}, Discriminator, TypeAdapter; TypeAdapter(int)"
HOOK_LINE = f"planctl validate {EXAMPLE} && planctl fmt --check {EXAMPLE}"
"""What the pre-commit hook ``planctl init`` writes runs on one changed plan: two processes."""

NOT_INSTALLED = "not installed"
Unit = Literal["s", "MB"]
TargetKind = Literal["ratio", "speedup", "limit"]

# "Well under" the import line, for --version and --help: our reading of the issue.
WELL_UNDER = 0.75


@dataclass
class Command:
    """One benchmarked command line, run from the repository's root folder."""

    key: str
    label: str
    argv: list[str]
    shown: str
    needs: tuple[str, ...] = ()
    """Executables (``planctl``) or Python modules (``module:yaml``) it needs."""
    ok_exits: tuple[int, ...] = (0,)
    reference: str | None = None
    """The key of the row its ratio is computed against."""
    short: str = ""
    """The row's name in other rows' ratio column."""


@dataclass
class Measurement:
    """A row of the report: the median of a command's runs, or why there is none."""

    key: str
    label: str
    shown: str
    value: float | None
    unit: Unit = "s"
    runs: int = 0
    cpu: float | None = None
    """Mean CPU seconds (user + system) of a run, all its processes together."""
    low: float | None = None
    high: float | None = None
    note: str = ""
    reference: str | None = None
    short: str = ""
    samples: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """A goal from the issue, checked against the measurements."""

    text: str
    subject: str
    kind: TargetKind
    limit: float
    reference: str | None = None


TARGETS: tuple[Target, ...] = (
    Target(
        "`planctl validate` one plan ≤ 1.2× the ruamel.yaml + pydantic import",
        "startup.validate-one",
        "ratio",
        1.2,
        "startup.import",
    ),
    # The hook starts planctl twice (validate, then fmt): each within 1.2× the import.
    Target(
        "pre-commit hook on one plan (validate, then fmt) ≤ 2 × 1.2× the import",
        "startup.hook",
        "ratio",
        2.4,
        "startup.import",
    ),
    Target(
        f"`planctl --version` well under the import (≤ {WELL_UNDER}×)",
        "startup.version",
        "ratio",
        WELL_UNDER,
        "startup.import",
    ),
    Target(
        f"`planctl --help` well under the import (≤ {WELL_UNDER}×)",
        "startup.help",
        "ratio",
        WELL_UNDER,
        "startup.import",
    ),
    Target(
        "corpus: `planctl validate` ≤ 1.5× the CSafeLoader floor",
        "corpus.planctl",
        "ratio",
        1.5,
        "corpus.floor",
    ),
    Target(
        "corpus: `planctl validate` ≥ 10× faster than check-jsonschema",
        "corpus.planctl",
        "speedup",
        10.0,
        "corpus.check-jsonschema",
    ),
    Target(
        "peak RSS on 3,000 plans ≤ 1.5× that on 300",
        "memory.planctl-large",
        "ratio",
        1.5,
        "memory.planctl",
    ),
    Target("render 20,000 steps to md ≤ 3 s", "render.md", "limit", 3.0),
    Target("render 20,000 steps to html ≤ 3 s", "render.html", "limit", 3.0),
    Target("render 20,000 steps to docx ≤ 30 s", "render.docx", "limit", 30.0),
    Target(
        "`planctl fmt` on 40,000 comment lines ≤ 10× `planctl validate` on the same file",
        "comments.fmt-40000",
        "ratio",
        10.0,
        "comments.validate-40000",
    ),
    # Four times the lines: linear stays under 4× (start-up is paid once), quadratic
    # takes 16×; 8× lies between them, clear of the noise of a busy machine.
    Target(
        "`planctl fmt` linear in comment lines: 40,000 ≤ 8× 10,000 (linear: < 4×, quadratic: 16×)",
        "comments.fmt-40000",
        "ratio",
        8.0,
        "comments.fmt-10000",
    ),
)

BULK_TARGETS = (
    ("bulk.fmt", "`planctl fmt --check` on the corpus ≤ 3× `planctl validate`", 3.0),
    ("bulk.status", "`planctl status` on the corpus ≤ 1.5× `planctl validate`", 1.5),
    ("bulk.export-csv", "`planctl export --to csv` on the corpus ≤ 1.5× `planctl validate`", 1.5),
    ("bulk.export-json", "`planctl export --to json` on the corpus ≤ 1.5× `planctl validate`", 1.5),
    ("bulk.render-md", "`planctl render --to md` on the corpus ≤ 2× `planctl validate`", 2.0),
)
TARGETS += tuple(
    Target(text, key, "ratio", limit, "bulk.validate") for key, text, limit in BULK_TARGETS
)
TARGETS += (
    Target(
        "`planctl site` on the corpus ≤ 2× `planctl render --format html` on it",
        "bulk.site",
        "ratio",
        2.0,
        "bulk.render-html",
    ),
)

COMMENT_RUNS = (10_000, 40_000)
"""The lengths of the comment runs ``fmt`` is timed on."""


# -- formatting ----------------------------------------------------------------


def format_value(value: float | None, unit: Unit) -> str:
    """``0.171`` s as ``171 ms``, ``5.04`` s as ``5.04 s``, MB as ``123 MB``."""
    if value is None:
        return "–"
    if unit == "MB":
        return f"{value:,.0f} MB" if value >= 10 else f"{value:.1f} MB"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def ratio_text(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def evaluate(target: Target, rows: Mapping[str, Measurement]) -> tuple[str, str]:
    """The measured figure for ``target`` and ``met`` or the gap to it."""
    subject = rows.get(target.subject)
    if subject is None or subject.value is None:
        return "–", _missing(target.subject, subject)
    unit = subject.unit
    if target.kind == "limit":
        measured = format_value(subject.value, unit)
        if subject.value <= target.limit:
            return measured, "met"
        over = format_value(subject.value - target.limit, unit)
        return measured, f"**not met**: {over} over ({subject.value / target.limit:.1f}× the limit)"
    assert target.reference is not None
    reference = rows.get(target.reference)
    if reference is None or reference.value is None or reference.value <= 0:
        return "–", _missing(target.reference, reference)
    both = f"{format_value(subject.value, unit)} vs {format_value(reference.value, unit)}"
    if target.kind == "ratio":
        ratio = subject.value / reference.value
        measured = f"{ratio_text(ratio)} ({both})"
        if ratio <= target.limit:
            return measured, "met"
        excess = subject.value - target.limit * reference.value
        return measured, (
            f"**not met**: {format_value(excess, unit)} over "
            f"(needs ≤ {format_value(target.limit * reference.value, unit)})"
        )
    speedup = reference.value / subject.value
    measured = f"{ratio_text(speedup)} faster ({both})"
    if speedup >= target.limit:
        return measured, "met"
    needed = reference.value / target.limit
    return measured, (
        f"**not met**: {format_value(subject.value - needed, unit)} too slow "
        f"(needs ≤ {format_value(needed, unit)})"
    )


def _missing(key: str, row: Measurement | None) -> str:
    if row is None:
        return f"not measured ({key})"
    return f"not measured: {row.label}: {row.note or 'no result'}"


def markdown(
    measurements: Sequence[Measurement],
    about: Sequence[str] = (),
    targets: Sequence[Target] = TARGETS,
) -> str:
    """The report: what was measured, then each target with ``met`` or the gap."""
    rows = {row.key: row for row in measurements}
    lines = ["## planctl benchmarks", ""]
    lines += [f"- {item}" for item in about]
    if about:
        lines.append("")
    lines += [
        "| benchmark | command | median | ratio | runs | min – max | CPU | note |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in measurements:
        ratio = ""
        reference = rows.get(row.reference) if row.reference else None
        if row.value is not None and reference is not None and reference.value:
            ratio = (
                f"{ratio_text(row.value / reference.value)} {reference.short or reference.label}"
            )
        spread = ""
        if row.low is not None and row.high is not None:
            spread = f"{format_value(row.low, row.unit)} – {format_value(row.high, row.unit)}"
        value = format_value(row.value, row.unit) if row.value is not None else row.note or "–"
        note = row.note if row.value is not None else ""
        lines.append(
            f"| {row.label} | `{_cell(row.shown)}` | {value} | {ratio} | "
            f"{row.runs or ''} | {spread} | {format_value(row.cpu, 's') if row.cpu else ''} | "
            f"{_cell(note)} |"
        )
    lines += ["", "| target | measured | result |", "|---|---|---|"]
    for target in targets:
        measured, verdict = evaluate(target, rows)
        lines.append(f"| {target.text} | {measured} | {verdict} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# -- running ---------------------------------------------------------------------


@dataclass
class Runner:
    """Runs commands from the repository root with the virtual environment first on PATH."""

    repeat: int
    hyperfine: str | None
    env: dict[str, str]

    def available(self, command: Command) -> str:
        """An empty string, or what is missing."""
        for need in command.needs:
            if need.startswith("module:"):
                module = need.removeprefix("module:")
                probe = subprocess.run(
                    [sys.executable, "-c", f"import {module}"],
                    capture_output=True,
                    check=False,
                    env=self.env,
                )
                if probe.returncode != 0:
                    return f"{NOT_INSTALLED} ({module})"
            elif shutil.which(need, path=self.env["PATH"]) is None:
                return f"{NOT_INSTALLED} ({need})"
        return ""

    def argv(self, command: Command) -> list[str]:
        found = shutil.which(command.argv[0], path=self.env["PATH"])
        return [found or command.argv[0], *command.argv[1:]]

    def time(self, command: Command, runs: int | None = None) -> Measurement:
        """The median wall time of ``runs`` runs, after one warm-up run."""
        runs = runs or self.repeat
        row = Measurement(
            command.key,
            command.label,
            command.shown,
            None,
            reference=command.reference,
            short=command.short,
        )
        missing = self.available(command)
        if missing:
            row.note = missing
            return row
        _progress(f"{command.label}: warm-up")
        warm = subprocess.run(
            self.argv(command),
            cwd=REPO,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        if warm.returncode not in command.ok_exits:
            first = (warm.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
            row.note = f"failed (exit {warm.returncode}): {first[:120]}"
            return row
        _progress(f"{command.label}: {runs} runs")
        if self.hyperfine:
            samples, row.cpu, row.note = self._hyperfine(command, runs)
        else:
            samples, row.cpu = self._clock(command, runs)
        row.samples = samples
        row.runs = len(samples)
        row.value = statistics.median(samples)
        row.low, row.high = min(samples), max(samples)
        return row

    def side_by_side(
        self, commands: Sequence[Command], runs: int | None = None
    ) -> list[Measurement]:
        """Each command's median wall time, the commands run in turn round after round.

        On a shared machine a busy moment then falls on every command alike,
        which timing one command's runs after another's does not give.
        """
        runs = runs or self.repeat
        rows: list[Measurement] = []
        ready: list[tuple[Command, Measurement]] = []
        for command in commands:
            row = Measurement(
                command.key,
                command.label,
                command.shown,
                None,
                reference=command.reference,
                short=command.short,
            )
            rows.append(row)
            row.note = self.available(command)
            if row.note:
                continue
            _progress(f"{command.label}: warm-up")
            warm = subprocess.run(
                self.argv(command),
                cwd=REPO,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=False,
            )
            if warm.returncode not in command.ok_exits:
                first = (warm.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
                row.note = f"failed (exit {warm.returncode}): {first[:120]}"
                continue
            ready.append((command, row))
        cpu: dict[str, float] = {}
        for round_number in range(runs):
            _progress(f"side by side: round {round_number + 1} of {runs}")
            for command, row in ready:
                samples, used = self._clock(command, 1)
                row.samples += samples
                cpu[command.key] = cpu.get(command.key, 0.0) + used
        for command, row in ready:
            row.runs = len(row.samples)
            row.value = statistics.median(row.samples)
            row.low, row.high = min(row.samples), max(row.samples)
            row.cpu = cpu[command.key] / runs
        return rows

    def _clock(self, command: Command, runs: int) -> tuple[list[float], float]:
        """The wall times of ``runs`` runs, and their mean CPU time."""
        samples = []
        argv = self.argv(command)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                argv,
                cwd=REPO,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            samples.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return samples, cpu / runs

    def _hyperfine(self, command: Command, runs: int) -> tuple[list[float], float, str]:
        """The wall times of ``runs`` runs, their mean CPU time, and a warning if any."""
        assert self.hyperfine is not None
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "hyperfine.json"
            done = subprocess.run(
                [
                    self.hyperfine,
                    "--shell=none",
                    "--runs",
                    str(runs),
                    "--ignore-failure",
                    "--style",
                    "none",
                    "--export-json",
                    str(export),
                    shlex.join(self.argv(command)),
                ],
                cwd=REPO,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                check=True,
            )
            result = json.loads(export.read_text(encoding="utf-8"))["results"][0]
        warning = "hyperfine: outliers (noisy machine)" if "outliers" in done.stderr else ""
        cpu = float(result["user"]) + float(result["system"])
        return [float(sample) for sample in result["times"]], cpu, warning

    def peak_rss(self, command: Command, runs: int) -> Measurement:
        """The median peak resident set size (MB) of ``runs`` runs, with their wall time."""
        row = Measurement(
            command.key,
            command.label,
            command.shown,
            None,
            "MB",
            reference=command.reference,
            short=command.short,
        )
        missing = self.available(command)
        if missing:
            row.note = missing
            return row
        sizes: list[float] = []
        seconds: list[float] = []
        cpu: list[float] = []
        for run in range(runs):
            _progress(f"{command.label}: run {run + 1} of {runs}")
            # A small launcher starts the command: a child's peak RSS counts the memory of
            # the process it was forked from, so it must not be forked from this runner.
            probe = subprocess.run(
                [sys.executable, "-c", RSS_PROBE, *self.argv(command)],
                cwd=REPO,
                env=self.env,
                capture_output=True,
                text=True,
                check=True,
            )
            found = json.loads(probe.stdout)
            if found["exit"] not in command.ok_exits:
                row.note = f"failed (exit {found['exit']})"
                return row
            seconds.append(found["wall"])
            cpu.append(found["cpu"])
            sizes.append(found["maxrss"] / 1e6)
        row.samples = sizes
        row.runs = len(sizes)
        row.value = statistics.median(sizes)
        row.low, row.high = min(sizes), max(sizes)
        row.cpu = statistics.mean(cpu)
        row.note = f"wall time {format_value(statistics.median(seconds), 's')}"
        return row


RSS_PROBE = """
import json, os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)  # this child's own usage
process.returncode = os.waitstatus_to_exitcode(status)
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
print(json.dumps({
    "exit": process.returncode,
    "maxrss": usage.ru_maxrss * scale,
    "cpu": usage.ru_utime + usage.ru_stime,
    "wall": time.perf_counter() - start,
}))
"""


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- corpora -----------------------------------------------------------------------


@dataclass
class CorpusInfo:
    """What a corpus folder holds."""

    path: Path
    plans: int
    steps: int
    size: int

    def describe(self) -> str:
        return (
            f"`{shown_path(self.path)}`: {self.plans:,} plans, {self.steps:,} steps, "
            f"{self.size / 1e6:.1f} MB"
        )


def shown_path(path: Path) -> str:
    """``path`` relative to the repository when inside it, else just its name."""
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return f"<{path.name}>"


def plan_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.name.lower().endswith((".plan.yaml", ".plan.yml"))
    )


def corpus_info(folder: Path) -> CorpusInfo:
    files = plan_files(folder)
    steps = size = 0
    for file in files:
        data = file.read_bytes()
        steps += data.count(b"action:")
        size += len(data)
    return CorpusInfo(folder, len(files), steps, size)


def ensure_corpus(folder: Path, plans: int, seed: int) -> CorpusInfo:
    """The corpus in ``folder``, generated first when it does not have ``plans`` plans."""
    if folder.is_dir() and len(plan_files(folder)) == plans:
        return corpus_info(folder)
    from corpus import write_corpus

    _progress(f"generating {plans:,} plans in {shown_path(folder)}")
    for stale in plan_files(folder) if folder.is_dir() else []:
        stale.unlink()
    write_corpus(folder, plans, seed)
    return corpus_info(folder)


def ensure_large_plan(steps: int) -> Path:
    from render_large import large_plan

    return _ensure_file(CORPORA / f"render-{steps}" / "large.plan.yaml", large_plan(steps))


def _ensure_file(path: Path, text: str) -> Path:
    """``path``, holding ``text``: written unless it already holds it."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def comments_plan(lines: int) -> str:
    """A formatted plan with a run of ``lines`` comment lines: an old plan commented out.

    The run stands between two steps, at the steps' indentation, as a planner
    comments out the steps of last year's plan.
    """
    head = [
        "planctl: 1",
        "title: A plan with last year's steps commented out",
        "period: {start: 2024-07, end: 2025-06}",
        "goals:",
        "  - id: G1",
        "    title: Read at grade level",
        "    steps:",
        *_step("Start a reading club", "2024-09"),
    ]
    run = [
        f"      # - action: Last year's step {number}, kept for the record"
        for number in range(lines)
    ]
    tail = _step("Review the reading club", "2025-05")
    return "\n".join([*head, *run, *tail]) + "\n"


def _step(action: str, due: str) -> list[str]:
    return [
        f"      - action: {action}",
        f"        due: {due}",
        "        owners: Reading coach",
        "        outcome: Students read more",
        "        measure: Reading logs",
    ]


def ensure_comments_plan(lines: int) -> Path:
    return _ensure_file(CORPORA / f"comments-{lines}" / "comments.plan.yaml", comments_plan(lines))


# -- the suite ---------------------------------------------------------------------


def startup_commands() -> list[Command]:
    ref = "startup.import"
    return [
        Command("startup.pass", "python -c pass", ["python", "-c", "pass"], "python -c pass"),
        Command(
            ref,
            "import ruamel.yaml + pydantic",
            ["python", "-c", IMPORT_LINE],
            f'python -c "{IMPORT_LINE}"',
            short="import",
        ),
        # What the libraries planctl is built on cost by themselves, before planctl does
        # anything: one pydantic model made and used (its first validator loads pydantic's
        # plugin machinery, whatever the program); typer's import; then typer's validators
        # (it makes one for each option) and the constrained types module that typer's
        # options and planctl's models both import.
        Command(
            "startup.model",
            "the import line + one pydantic model used",
            ["python", "-c", MODEL_LINE],
            f'python -c "{MODEL_LINE}"',
            reference=ref,
        ),
        Command(
            "startup.typer",
            "import ruamel.yaml + pydantic + typer",
            ["python", "-c", TYPER_LINE],
            f'python -c "{TYPER_LINE}"',
            reference=ref,
        ),
        Command(
            "startup.adapter",
            "the same + pydantic's validators and types",
            ["python", "-c", ADAPTER_LINE],
            f'python -c "{ADAPTER_LINE}"',
            reference=ref,
        ),
        Command(
            "startup.version",
            "planctl --version",
            ["planctl", "--version"],
            "planctl --version",
            ("planctl",),
            reference=ref,
        ),
        Command(
            "startup.help",
            "planctl --help",
            ["planctl", "--help"],
            "planctl --help",
            ("planctl",),
            reference=ref,
        ),
        Command(
            "startup.validate-one",
            "planctl validate, one plan",
            ["planctl", "validate", EXAMPLE],
            f"planctl validate {EXAMPLE}",
            ("planctl",),
            reference=ref,
        ),
        # The same without the schemas kept between runs: what the cache buys.
        Command(
            "startup.validate-no-cache",
            "planctl validate, one plan, no cache",
            ["env", "PLANCTL_NO_CACHE=1", "planctl", "validate", EXAMPLE],
            f"PLANCTL_NO_CACHE=1 planctl validate {EXAMPLE}",
            ("planctl",),
            reference=ref,
        ),
        Command(
            "startup.hook",
            "pre-commit hook, one plan",
            ["sh", "-c", HOOK_LINE],
            HOOK_LINE,
            ("planctl",),
            reference=ref,
        ),
    ]


def corpus_commands(corpus: Path) -> list[Command]:
    folder = shown_path(corpus)
    files = [str(path) for path in plan_files(corpus)]
    ref = "corpus.floor"
    return [
        Command(
            ref,
            "floor: PyYAML CSafeLoader",
            ["python", "benchmarks/floor.py", str(corpus)],
            f"python benchmarks/floor.py {folder}",
            ("module:yaml",),
            short="floor",
        ),
        Command(
            "corpus.planctl",
            "planctl validate",
            ["planctl", "validate", str(corpus), "--format", "json"],
            f"planctl validate {folder} --format json",
            ("planctl",),
            (0, 1),
            ref,
        ),
        Command(
            "corpus.planctl-one-process",
            "planctl validate, one process",
            ["planctl", "validate", str(corpus), "--format", "json", "--jobs", "1"],
            f"planctl validate {folder} --format json --jobs 1",
            ("planctl",),
            (0, 1),
            ref,
        ),
        Command(
            "corpus.check-jsonschema",
            "check-jsonschema",
            ["check-jsonschema", "--schemafile", SCHEMA, *files],
            f"check-jsonschema --schemafile {SCHEMA} {folder}/*.plan.yaml",
            ("check-jsonschema",),
            (0, 1),
            ref,
        ),
        Command(
            "corpus.yamllint",
            "yamllint -d relaxed",
            ["yamllint", "-d", "relaxed", str(corpus)],
            f"yamllint -d relaxed {folder}",
            ("yamllint",),
            (0, 1),
            ref,
        ),
    ]


def memory_commands(corpus: Path, large: Path | None) -> list[Command]:
    commands = [
        Command(
            "memory.planctl",
            f"peak RSS, validate {len(plan_files(corpus)):,} plans",
            ["planctl", "validate", str(corpus), "--format", "json"],
            f"planctl validate {shown_path(corpus)} --format json",
            ("planctl",),
            (0, 1),
            short="smaller corpus",
        )
    ]
    if large is not None:
        commands.append(
            Command(
                "memory.planctl-large",
                f"peak RSS, validate {len(plan_files(large)):,} plans",
                ["planctl", "validate", str(large), "--format", "json"],
                f"planctl validate {shown_path(large)} --format json",
                ("planctl",),
                (0, 1),
                "memory.planctl",
            )
        )
    return commands


def render_commands(plan: Path, out_dir: Path, steps: int) -> list[Command]:
    shown = shown_path(plan)
    return [
        Command(
            f"render.{fmt}",
            f"render {steps:,} steps to {fmt}",
            ["planctl", "render", str(plan), "--format", fmt, "-o", str(out_dir / f"large.{fmt}")],
            f"planctl render {shown} --format {fmt} -o large.{fmt}",
            ("planctl",),
        )
        for fmt in ("md", "html", "docx")
    ]


def fmt_commands(plans: Mapping[int, Path]) -> list[Command]:
    """``fmt --check`` on each comment-run plan (it writes nothing), after ``validate`` on it."""
    commands: list[Command] = []
    for lines, plan in plans.items():
        shown = shown_path(plan)
        validate = f"comments.validate-{lines}"
        commands += [
            Command(
                validate,
                f"validate, {lines:,} comment lines",
                ["planctl", "validate", str(plan)],
                f"planctl validate {shown}",
                ("planctl",),
                short=f"validate {lines:,}",
            ),
            Command(
                f"comments.fmt-{lines}",
                f"fmt, {lines:,} comment lines",
                ["planctl", "fmt", "--check", str(plan)],
                f"planctl fmt --check {shown}",
                ("planctl",),
                reference=validate,
                short=f"fmt {lines:,}",
            ),
        ]
    return commands


def bulk_commands(corpus: Path, jobs: int | None, out_dir: Path | None = None) -> list[Command]:
    """Every command that reads a whole folder of plans, beside ``validate`` on it.

    Each runs as a user runs it (``--jobs`` left to its default unless
    ``jobs`` is given); output goes nowhere, so no progress bar is drawn. The
    HTML packet and the site are written in ``out_dir`` (default: a folder in
    the system's temporary folder).
    """
    out = out_dir or Path(tempfile.gettempdir()) / "planctl-benchmarks"
    out.mkdir(parents=True, exist_ok=True)
    folder = shown_path(corpus)
    files = [str(path) for path in plan_files(corpus)]
    extra = [] if jobs is None else ["--jobs", str(jobs)]
    shown_extra = "" if jobs is None else f" --jobs {jobs}"
    ref = "bulk.validate"
    rows = [
        (ref, "validate", ["validate", str(corpus), "--format", "json"], (0, 1), "validate"),
        ("bulk.fmt", "fmt --check", ["fmt", "--check", str(corpus)], (0, 1), ""),
        ("bulk.status", "status", ["status", str(corpus)], (0,), ""),
        ("bulk.export-csv", "export --to csv", ["export", str(corpus), "--to", "csv"], (0,), ""),
        (
            "bulk.export-json",
            "export --to json",
            ["export", str(corpus), "--to", "json"],
            (0,),
            "",
        ),
        ("bulk.render-md", "render --to md", ["render", *files, "--to", "md"], (0,), ""),
        (
            "bulk.render-html",
            "render --format html",
            ["render", *files, "--format", "html", "-o", str(out / "packet.html")],
            (0,),
            "render html",
        ),
        # The site's own folder: made by planctl site, so each run replaces it.
        ("bulk.site", "site", ["site", str(corpus), "-o", str(out / "site")], (0,), ""),
    ]
    commands = []
    for key, label, argv, ok, short in rows:
        shown = " ".join(str(part) for part in argv).replace(str(corpus), folder)
        if key == "bulk.render-md":
            shown = f"render {folder}/*.plan.yaml --to md"
        elif key == "bulk.render-html":
            shown = f"render {folder}/*.plan.yaml --format html -o packet.html"
        elif key == "bulk.site":
            shown = f"site {folder} -o site"
        commands.append(
            Command(
                key,
                f"planctl {label}, {len(files):,} plans",
                ["planctl", *argv, *extra],
                f"planctl {shown}{shown_extra}",
                ("planctl",),
                ok,
                None if key == ref else ref,
                short,
            )
        )
    return commands


def environment() -> dict[str, str]:
    """The environment of every run: this interpreter's folder first on PATH, no colour."""
    # Without GITHUB_ACTIONS the default report format is text, as on a laptop; without
    # PYTHONDONTWRITEBYTECODE the warm-up run leaves byte-code caches, as an install does.
    dropped = ("GITHUB_ACTIONS", "PYTHONDONTWRITEBYTECODE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
    env["NO_COLOR"] = "1"
    return env


def about(runner: Runner, corpora: Iterable[CorpusInfo], repeat: int) -> list[str]:
    lines = []
    version = subprocess.run(
        ["planctl", "--version"], capture_output=True, text=True, env=runner.env, check=False
    ).stdout.strip()
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    lines.append(
        f"{version or 'planctl'}{f' ({commit})' if commit else ''}; "
        f"Python {platform.python_version()}; "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    if runner.hyperfine:
        hyperfine = subprocess.run(
            [runner.hyperfine, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        timer = f"{hyperfine} (`--shell=none`)"
    else:
        timer = "time.perf_counter around each subprocess (hyperfine not installed)"
    lines.append(f"timer: {timer}; one warm-up run, then {repeat} runs unless the row says")
    lines += [f"corpus {info.describe()}" for info in corpora]
    lines.append(
        "peak RSS is the largest single process (the kernel's ru_maxrss, as `/usr/bin/time -v` "
        "reports it); with several worker processes the total is larger"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite and print the report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="a folder of plans (default: 300)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (default 5)")
    parser.add_argument("--startup-repeat", type=int, default=20, help="runs per start-up row")
    parser.add_argument(
        "--peer-repeat", type=int, help="runs of the slow peers (default: --repeat)"
    )
    parser.add_argument("--large", type=Path, help="the 3,000-plan corpus (default: generated)")
    parser.add_argument("--large-repeat", type=int, default=1, help="runs on the large corpus")
    parser.add_argument("--no-large", action="store_true", help="skip the 3,000-plan corpus")
    parser.add_argument("--no-peers", action="store_true", help="skip the slow peer tools")
    parser.add_argument("--no-render", action="store_true", help="skip the render rows")
    parser.add_argument("--render-steps", type=int, default=20_000)
    parser.add_argument("--no-fmt", action="store_true", help="skip the fmt rows")
    parser.add_argument("--no-bulk", action="store_true", help="skip the bulk command rows")
    parser.add_argument(
        "--bulk-only", action="store_true", help="only the bulk command rows (side by side)"
    )
    parser.add_argument("--startup-only", action="store_true", help="only the start-up rows")
    parser.add_argument("--bulk-jobs", type=int, help="--jobs for the bulk rows (default: none)")
    parser.add_argument("--no-hyperfine", action="store_true", help="time with perf_counter")
    parser.add_argument("--seed", type=int, default=1, help="seed of generated corpora")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.md")
    args = parser.parse_args(argv)

    env = environment()
    hyperfine = None if args.no_hyperfine else shutil.which("hyperfine", path=env["PATH"])
    runner = Runner(args.repeat, hyperfine, env)
    corpus = args.corpus or CORPORA / "plans-300"
    if args.startup_only:
        rows = runner.side_by_side(startup_commands(), args.startup_repeat)
        report = markdown(rows, about(runner, [], args.startup_repeat))
        print(report)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")
        return 0
    infos = [ensure_corpus(corpus, 300, args.seed) if args.corpus is None else corpus_info(corpus)]
    large: Path | None = None
    if not args.no_large and not args.bulk_only:
        large = args.large or CORPORA / "plans-3000"
        infos.append(
            ensure_corpus(large, 3000, args.seed) if args.large is None else corpus_info(large)
        )

    if args.bulk_only:
        rows = runner.side_by_side(bulk_commands(corpus, args.bulk_jobs))
        report = markdown(rows, about(runner, infos, args.repeat))
        print(report)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")
        return 0

    # Side by side, round after round: the ratios to the import line are what the targets
    # judge, and a busy moment of the machine then weighs on both sides of each ratio.
    rows = runner.side_by_side(startup_commands(), args.startup_repeat)
    for command in corpus_commands(corpus):
        slow = command.key in ("corpus.check-jsonschema", "corpus.yamllint")
        if slow and args.no_peers:
            continue
        rows.append(runner.time(command, args.peer_repeat if slow else None))
    for command in memory_commands(corpus, large):
        runs = args.large_repeat if command.key == "memory.planctl-large" else args.repeat
        rows.append(runner.peak_rss(command, runs))
    if not args.no_render:
        plan = ensure_large_plan(args.render_steps)
        with tempfile.TemporaryDirectory() as out_dir:
            rows += [
                runner.time(command)
                for command in render_commands(plan, Path(out_dir), args.render_steps)
            ]

    if not args.no_bulk:
        rows += runner.side_by_side(bulk_commands(corpus, args.bulk_jobs))
    if not args.no_fmt:
        plans = {lines: ensure_comments_plan(lines) for lines in COMMENT_RUNS}
        rows += [runner.time(command) for command in fmt_commands(plans)]

    report = markdown(rows, about(runner, infos, args.repeat))
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    raw = args.output.with_suffix(".json")
    raw.write_text(json.dumps([asdict(row) for row in rows], indent=2) + "\n", encoding="utf-8")
    _progress(f"report written to {shown_path(args.output)} (raw runs: {shown_path(raw)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
