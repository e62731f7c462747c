"""Every rule: its documented examples, and the cases in ``cases/<rule-id>.yaml``.

A case file lists plans and the problems that rule must report in them,
each as ``[line, column, text the message contains]`` (and, optionally, text
the place in words contains); ``expect: []`` means the plan passes that rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planctl.load import load_text
from planctl.problem import Problem
from planctl.rules import RULES, rule_docs
from planctl.rules.base import doc_of
from planctl.validate import check_loaded

CASES = Path(__file__).parent / "cases"


def problems_of(plan: str, rule: str | None = None) -> list[Problem]:
    checked = check_loaded(load_text(plan, "case.plan.yaml"), CASES)
    return [p for p in checked.report.problems if rule is None or p.rule == rule]


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}: {case['name']}"))
    return params


@pytest.mark.parametrize("module", RULES, ids=lambda module: module.ID)
def test_documented_examples(module: Any) -> None:
    doc = doc_of(module)
    assert doc.fail_example and doc.pass_example, f"{module.ID} documents both examples"
    assert problems_of(doc.fail_example, module.ID), "the failing example fails"
    assert problems_of(doc.pass_example) == [], "the passing example passes every rule"


@pytest.mark.parametrize("module", RULES, ids=lambda module: module.ID)
def test_every_rule_has_a_case_file(module: Any) -> None:
    assert (CASES / f"{module.ID}.yaml").is_file()


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_case(rule: str, case: dict[str, Any]) -> None:
    found = problems_of(case["plan"], rule)
    got = [(p.line, p.column) for p in found]
    expected = [(entry[0], entry[1]) for entry in case["expect"]]
    assert got == expected, [p.message for p in found]
    for problem, (_, _, text, *where) in zip(found, case["expect"], strict=True):
        assert text in problem.message or text in problem.hint, problem
        assert problem.where or problem.rule in {"date-format", "date-order"}
        for place in where:
            assert place in problem.where, problem
    if "where" in case:
        assert [p.where for p in found] == case["where"]


def test_rule_ids_are_unique_and_documented() -> None:
    ids = [module.ID for module in RULES]
    assert len(ids) == len(set(ids))
    docs = rule_docs()
    for rule_id in ids:
        assert docs[rule_id].summary
        assert docs[rule_id].description
