"""Every rule: its documented examples, and the cases in ``cases/<rule-id>.yaml``.

A case file lists plans and the problems that rule must report in them,
each as ``[line, column, text the message contains]`` (and, optionally, text
the place in words contains); ``expect: []`` means the plan passes that rule.
The privacy rules run only when plans are published: their cases are checked
with ``public`` settings, and a case may give the ``[privacy]`` settings
(``threshold``, ``allow``) as ``privacy:``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planctl.config import Settings
from planctl.load import load_text
from planctl.problem import Problem
from planctl.rule_names import is_privacy_rule
from planctl.rules import all_rules, rule_docs
from planctl.rules.base import doc_of
from planctl.validate import check_loaded

CASES = Path(__file__).parent / "cases"


PUBLIC = Settings(public=True)


def problems_of(
    plan: str, rule: str | None = None, settings: Settings | None = None
) -> list[Problem]:
    checked = check_loaded(load_text(plan, "case.plan.yaml"), CASES, settings)
    return [p for p in checked.report.problems if rule is None or p.rule == rule]


def settings_of(rule: str, case: dict[str, Any]) -> Settings | None:
    """The settings a case is checked with: public ones for a privacy rule's."""
    if not is_privacy_rule(rule):
        return None
    privacy = case.get("privacy", {})
    return Settings(
        public=True,
        privacy_threshold=privacy.get("threshold", 10),
        privacy_allow=tuple(privacy.get("allow", ())),
    )


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}: {case['name']}"))
    return params


@pytest.mark.parametrize("module", all_rules(), ids=lambda module: module.ID)
def test_documented_examples(module: Any) -> None:
    doc = doc_of(module)
    assert doc.fail_example and doc.pass_example, f"{module.ID} documents both examples"
    settings = PUBLIC if doc.group else None
    assert problems_of(doc.fail_example, module.ID, settings), "the failing example fails"
    # Published too: no documented example carries student data by mistake.
    assert problems_of(doc.pass_example, settings=PUBLIC) == [], "the passing example passes"


@pytest.mark.parametrize("module", all_rules(), ids=lambda module: module.ID)
def test_every_rule_has_a_case_file(module: Any) -> None:
    assert (CASES / f"{module.ID}.yaml").is_file()


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_case(rule: str, case: dict[str, Any]) -> None:
    found = problems_of(case["plan"], rule, settings_of(rule, case))
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
    ids = [module.ID for module in all_rules()]
    assert len(ids) == len(set(ids))
    docs = rule_docs()
    for rule_id in ids:
        assert docs[rule_id].summary
        assert docs[rule_id].description


@pytest.mark.parametrize("module", [m for m in all_rules() if doc_of(m).group], ids=lambda m: m.ID)
def test_privacy_rules_run_only_when_publishing(module: Any) -> None:
    fail = doc_of(module).fail_example
    assert problems_of(fail, module.ID) == []
    assert problems_of(fail, module.ID, Settings()) == []
    assert problems_of(fail, module.ID, PUBLIC)
