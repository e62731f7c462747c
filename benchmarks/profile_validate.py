"""Where ``planctl validate`` spends its time on a corpus: phases, then the hotspots.

    python benchmarks/profile_validate.py [CORPUS] [--top 10] [--save validate.prof]

Runs ``planctl validate CORPUS --format json --jobs 1`` (output discarded) in
this process twice, in one process so that every phase can be seen:

1. with a wall clock around each phase: start-up (imports, settings, finding
   the files), reading YAML (parser events to plain data with positions),
   pydantic validation (``model_validate`` of the header and every node), the
   rest of building the plan (levels, unknown keys, positions), the rules, and
   writing the report. The wrappers cost well under a microsecond a call, so
   these shares are close to an unprofiled run.
2. under cProfile, for the functions with the most own time and the same time
   summed by package. cProfile slows Python code more than C code, so its
   shares lean towards Python; use the phase table for proportions.

CORPUS defaults to ``benchmarks/corpus/plans-300`` (see ``benchmarks/run.py``).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import cProfile  # noqa: E402
import functools  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import sys  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import Any, TypeVar  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / "benchmarks" / "corpus" / "plans-300"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Clock:
    """Seconds spent inside each wrapped function, and when the first file was read."""

    spent: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_read: float | None = None
    originals: list[tuple[ModuleType, str, Any]] = field(default_factory=list)

    def wrap(self, name: str, function: F) -> F:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            if self.first_read is None and name == "read":
                self.first_read = start
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[name] += time.perf_counter() - start
                self.calls[name] += 1

        return timed  # type: ignore[return-value]

    def patch(self, module: ModuleType, attribute: str, name: str) -> None:
        """Replace ``module.attribute`` with a timed wrapper counted under ``name``."""
        original = getattr(module, attribute)
        self.originals.append((module, attribute, original))
        setattr(module, attribute, self.wrap(name, original))

    def restore(self) -> None:
        """Put back every function :meth:`patch` replaced."""
        for module, attribute, original in reversed(self.originals):
            setattr(module, attribute, original)
        self.originals.clear()


def run_validate(corpus: Path) -> int:
    """``planctl validate CORPUS --format json`` with its output discarded; the exit code."""
    from planctl.cli import main

    argv = sys.argv
    # One process, so that every phase runs here where it can be timed.
    sys.argv = ["planctl", "validate", str(corpus), "--format", "json", "--jobs", "1"]
    try:
        with Path(os.devnull).open("w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
            main()
    except SystemExit as done:
        return int(done.code or 0)
    finally:
        sys.argv = argv
    return 0


def phases(corpus: Path) -> tuple[list[tuple[str, float, int]], float]:
    """Each phase's seconds and calls in one instrumented run, and the run's wall time."""
    import planctl.checking as validate_module
    import planctl.cli  # noqa: F401  (start-up: the command line's imports)
    import planctl.model.build as build_module
    import planctl.report as report_module

    clock = Clock()
    clock.patch(validate_module, "load_file", "read")
    clock.patch(validate_module, "build", "build")
    clock.patch(build_module, "_validate", "pydantic")
    clock.patch(validate_module, "run_rules", "rules")
    clock.patch(report_module, "write_report", "report")
    try:
        run_validate(corpus)
    finally:
        clock.restore()
    end = time.perf_counter()
    total = end - STARTED
    startup = (clock.first_read or end) - STARTED
    spent = clock.spent
    rows = [
        ("start-up: imports, settings, finding files", startup, 1),
        ("YAML: parser events to data and positions", spent["read"], clock.calls["read"]),
        ("pydantic validation (model_validate)", spent["pydantic"], clock.calls["pydantic"]),
        (
            "building the plan, without pydantic",
            spent["build"] - spent["pydantic"],
            clock.calls["build"],
        ),
        ("rules", spent["rules"], clock.calls["rules"]),
        ("report (json)", spent["report"], clock.calls["report"]),
    ]
    rest = total - sum(seconds for _, seconds, _ in rows)
    rows.append(("other: template lookup, collecting and sorting problems", rest, 0))
    return rows, total


def area(filename: str, function: str) -> str:
    """The package (or standard-library module) a profiled function belongs to."""
    path = filename.replace(os.sep, "/")
    if "pydantic_core" in function:
        return "pydantic_core"
    if filename == "~":
        return "built-in functions (re, isinstance, dict, str ...)"
    if "/planctl/" in path:
        part = path.rsplit("/planctl/", 1)[1]
        return "planctl." + part.split("/", 1)[0].removesuffix(".py")
    if "site-packages/" in path:
        part = path.rsplit("site-packages/", 1)[1]
        return part.split("/", 1)[0].removesuffix(".py")
    if "/lib/python" in path:
        return "standard library: " + Path(path).stem
    return Path(path).stem


def hotspots(corpus: Path, top: int, save: Path | None) -> tuple[list[str], list[str]]:
    """Markdown rows: the ``top`` functions by own time, and own time summed by package."""
    profile = cProfile.Profile()
    profile.enable()
    run_validate(corpus)
    profile.disable()
    if save is not None:
        profile.dump_stats(save)
    stats = pstats.Stats(profile)
    entries: dict[tuple[str, int, str], tuple[int, int, float, float, Any]]
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in entries.values())
    ranked = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)
    rows = []
    for (filename, line, function), (_, calls, own, inclusive, _) in ranked[:top]:
        where = _short_file(filename)
        name = f"{where}:{line} {function}" if where else function
        rows.append(
            f"| `{name}` | {calls:,} | {own:.2f} s | {own / total:.0%} | {inclusive:.2f} s |"
        )
    by_area: dict[str, float] = defaultdict(float)
    for (filename, _, function), entry in entries.items():
        by_area[area(filename, function)] += entry[2]
    areas = []
    rest = 0.0
    for name, seconds in sorted(by_area.items(), key=lambda item: -item[1]):
        if seconds < total / 200:
            rest += seconds
            continue
        areas.append(f"| {name} | {seconds:.2f} s | {seconds / total:.0%} |")
    areas.append(f"| everything else | {rest:.2f} s | {rest / total:.0%} |")
    return rows, areas


def _short_file(filename: str) -> str:
    path = filename.replace(os.sep, "/")
    if filename == "~":
        return ""
    for marker in ("site-packages/", "src/", "lib/python"):
        if marker in path:
            return path.rsplit(marker, 1)[1]
    return Path(path).name


def main(argv: Sequence[str] | None = None) -> int:
    """Print the phase table and the hotspots as Markdown."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--top", type=int, default=10, help="hotspots to list (default 10)")
    parser.add_argument("--save", type=Path, help="also write the cProfile data to this file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"no corpus folder {args.corpus}: run benchmarks/corpus.py first")
    rows, total = phases(args.corpus)
    print(f"### planctl validate, phases (one run, {total:.2f} s wall in this process)\n")
    print("| phase | seconds | share | calls |")
    print("|---|---:|---:|---:|")
    for name, seconds, calls in rows:
        print(f"| {name} | {seconds:.2f} | {seconds / total:.0%} | {calls or ''} |")
    top, areas = hotspots(args.corpus, args.top, args.save)
    print(f"\n### Top {args.top} functions by own time (cProfile, a second run)\n")
    print("| function | calls | own time | share | with callees |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(top))
    print("\n### Own time by package (cProfile)\n")
    print(
        "libyaml's parser is compiled without profiling hooks: its time is counted in the"
        " planctl function that asks it for events (`_events`).\n"
    )
    print("| package | own time | share |")
    print("|---|---:|---:|")
    print("\n".join(areas))
    return 0


if __name__ == "__main__":
    sys.exit(main())
