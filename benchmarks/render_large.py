"""Time rendering one very large plan (20,000 action steps by default).

    python benchmarks/render_large.py [--steps 20000] [--repeat 3] [--to md html docx]

Writes the plan to a temporary folder, renders it with ``planctl render`` in
this process (so start-up is not counted) and prints the median time of each
format. The issue's target: Markdown and HTML within 3 s, DOCX within 30 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from planctl.collector import tune_collector
from planctl.render import RenderOptions, render_packet


def large_plan(steps: int) -> str:
    """A valid default-template plan with ``steps`` steps in goals of 50 steps each."""
    lines = [
        "planctl: 1",
        "title: A very large plan",
        "organization: Benchmark School District",
        "period: {start: 2024-07, end: 2027-06}",
        "people:",
        "  - name: Owner A",
        "  - name: Owner B",
        "goals:",
    ]
    per_goal = 50
    for goal in range(0, steps, per_goal):
        lines += [
            f"  - id: G{goal // per_goal + 1}",
            f"    title: Goal number {goal // per_goal + 1}",
        ]
        lines.append("    steps:")
        for step in range(goal, min(goal + per_goal, steps)):
            month = step % 12 + 1
            lines += [
                f"      - action: Step {step} with some words to wrap in a table cell",
                f"        due: 2025-{month:02d}",
                f"        owners: [Owner {'AB'[step % 2]}]",
                "        outcome: Something useful exists",
                "        measure: Sign-in sheets and notes",
                f"        cost: {step % 7 * 100}",
                "        status: in-progress",
            ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Render and print the median seconds per format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--to", nargs="+", default=["md", "html", "docx"])
    args = parser.parse_args()
    tune_collector()  # as the command line does
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "large.plan.yaml"
        plan.write_text(large_plan(args.steps), encoding="utf-8")
        print(f"plan: {args.steps:,} steps, {plan.stat().st_size / 1e6:.1f} MB")
        print("| format | median s | runs |")
        print("|---|---|---|")
        for fmt in args.to:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                data = render_packet([(plan, plan.name)], RenderOptions(to=fmt))
                times.append(time.perf_counter() - start)
            print(
                f"| {fmt} | {statistics.median(times):.2f} | {args.repeat} ({len(data):,} bytes) |"
            )


if __name__ == "__main__":
    main()
