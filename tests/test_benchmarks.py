"""The benchmark suite's own pieces: the corpus generator and the report table.

Nothing here is timed: the generator writes a few small plans that planctl
checks, and the report is built from made-up measurements.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from corpus import PLANTED_RULES, generate_plan, write_corpus  # noqa: E402
from revisions import table  # noqa: E402
from run import TARGETS, Measurement, Target, evaluate, markdown  # noqa: E402

from planctl.validate import check_file  # noqa: E402


def test_generated_plans_have_at_most_the_planted_problems(tmp_path: Path) -> None:
    plans = [generate_plan(index, seed=3, problem_rate=0.5, scale=0.3) for index in (1, 2, 3)]
    for plan in plans:
        path = tmp_path / plan.name
        path.write_text(plan.text, encoding="utf-8")
        assert 3 <= plan.goals <= 6
        assert 2 * plan.goals <= plan.objectives <= 4 * plan.goals
        assert 3 * plan.objectives <= plan.steps <= 8 * plan.objectives
        assert set(plan.planted) <= set(PLANTED_RULES)
        report = check_file(path, plan.name).report
        found = Counter(problem.rule for problem in report.problems)
        assert found <= Counter(plan.planted), [p.message for p in report.problems]


def test_planted_problems_are_reported(tmp_path: Path) -> None:
    plan = generate_plan(1, seed=5, problem_rate=1.0, scale=0.3)
    path = tmp_path / plan.name
    path.write_text(plan.text, encoding="utf-8")
    found = Counter(problem.rule for problem in check_file(path, plan.name).report.problems)
    assert plan.planted
    assert found == Counter(plan.planted)


def test_the_corpus_is_deterministic(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", 3, seed=2, scale=0.3)
    second = write_corpus(tmp_path / "b", 3, seed=2, scale=0.3)
    assert first.steps == second.steps
    for name in ("plan-0001.plan.yaml", "plan-0002.plan.yaml", "plan-0003.plan.yaml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert generate_plan(2, seed=2).text != generate_plan(2, seed=3).text


def fake(key: str, value: float | None, unit: str = "s", **extra: str) -> Measurement:
    row = Measurement(key, key, f"cmd {key}", value, runs=5 if value is not None else 0)
    row.unit = "MB" if unit == "MB" else "s"
    if value is not None:
        row.low, row.high = value * 0.9, value * 1.1
    for name, text in extra.items():
        setattr(row, name, text)
    return row


def test_the_report_says_met_or_the_gap() -> None:
    rows = [
        fake("startup.import", 0.100, short="import"),
        fake("startup.version", 0.050, reference="startup.import"),
        fake("startup.help", 0.090, reference="startup.import"),
        fake("startup.validate-one", 0.110, reference="startup.import"),
        fake("corpus.floor", 2.0, short="floor"),
        fake("corpus.planctl", 4.0, reference="corpus.floor"),
        fake("corpus.check-jsonschema", None, note="not installed (check-jsonschema)"),
        fake("memory.planctl", 100.0, "MB"),
        fake("memory.planctl-large", 120.0, "MB", reference="memory.planctl"),
        fake("render.md", 2.5),
        fake("render.html", 3.5),
    ]
    table = markdown(rows, ["about this run"])
    lines = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines()}
    assert "| 100 ms |" in lines["startup.import"]
    assert "0.50× import" in lines["startup.version"]
    assert "not installed (check-jsonschema)" in lines["corpus.check-jsonschema"]
    verdicts = {
        target.subject + target.kind: evaluate(target, {r.key: r for r in rows})
        for target in TARGETS
    }
    assert verdicts["startup.validate-oneratio"] == ("1.10× (110 ms vs 100 ms)", "met")
    assert verdicts["startup.versionratio"][1] == "met"
    assert verdicts["startup.helpratio"][1].startswith("**not met**: 15 ms over")
    assert verdicts["corpus.planctlratio"][1] == "**not met**: 1.00 s over (needs ≤ 3.00 s)"
    assert verdicts["corpus.planctlspeedup"][1].startswith("not measured")
    assert verdicts["memory.planctl-largeratio"] == ("1.20× (120 MB vs 100 MB)", "met")
    assert verdicts["render.mdlimit"] == ("2.50 s", "met")
    assert verdicts["render.htmllimit"][1].startswith("**not met**: 500 ms over")
    assert verdicts["render.docxlimit"] == ("–", "not measured (render.docx)")
    for target in TARGETS:
        assert target.text in table


@pytest.mark.parametrize(
    ("subject", "reference", "verdict"),
    [(4.0, 50.0, "met"), (10.0, 50.0, "**not met**: 5.00 s too slow (needs ≤ 5.00 s)")],
)
def test_speedup_targets(subject: float, reference: float, verdict: str) -> None:
    target = Target("fast", "a", "speedup", 10.0, "b")
    rows = {"a": fake("a", subject), "b": fake("b", reference)}
    assert evaluate(target, rows)[1] == verdict


def test_the_revisions_table_shows_each_change_from_the_row_above() -> None:
    def row(one: float | None, corpus: float) -> list[Measurement]:
        return [
            Measurement("one", "one plan", "planctl validate x", one, cpu=one, note="failed"),
            Measurement("corpus", "corpus", "planctl validate c", corpus, cpu=corpus / 2),
        ]

    text = table(
        [
            ("aaa1111", "Start", row(0.2, 6.0)),
            ("bbb2222", "Cache | dates", row(0.15, 4.5)),
            ("ccc3333", "Broken", row(None, 4.5)),
        ]
    )
    lines = text.splitlines()
    assert lines[0] == "| revision | change | one plan: wall | CPU | corpus: wall | CPU |"
    assert lines[2] == "| `aaa1111` | Start | 200 ms | 200 ms | 6.00 s | 3.00 s |"
    assert lines[3] == (
        "| `bbb2222` | Cache \\| dates | 150 ms (-25%) | 150 ms (-25%) | 4.50 s (-25%) "
        "| 2.25 s (-25%) |"
    )
    assert lines[4] == "| `ccc3333` | Broken | failed |  | 4.50 s (+0%) | 2.25 s (+0%) |"
