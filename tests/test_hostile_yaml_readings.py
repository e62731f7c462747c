"""Hostile YAML for the second readings that bring YAML 1.2 back.

The loader reads some files again: '?x' in a [ ] as text, a { } key over
several lines, a tag before a ',', a tab starting a '|' text. Each file here
has tens of thousands of them, so a reading whose cost grew with their
number times the file's size would not finish; planctl must answer in a
subprocess within the hostile suite's time and memory limits, with every
value read as YAML 1.2 says.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_hostile import json_run

HEAD = "planctl: 1\ntitle: T\n"

FILES = {
    "questions.plan.yaml": HEAD + "owners: [" + "?x, " * 50_000 + "y]\n",
    "long-keys.plan.yaml": HEAD
    + "links: {"
    + "".join(f"k{at}\n  b: 1, " for at in range(30_000))
    + "}\n",
    "long-keys-and-tabs.plan.yaml": HEAD
    + "links: {"
    + "".join(f"k{at}\t\n  b: 1, " for at in range(30_000))
    + "}\n",
    "tags-before-commas.plan.yaml": HEAD + "owners: [" + "!!str, " * 50_000 + "y]\n",
    "questions-and-a-tag.plan.yaml": HEAD + "owners: [" + "?x, " * 50_000 + "!!str, y]\n",
    "tabs-in-block-texts.plan.yaml": HEAD + "notes:\n" + "- |\n \tx\n" * 20_000,
}


def test_many_second_readings_are_answered_in_time_without_a_yaml_problem(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = json_run(*sorted(FILES), cwd=tmp_path, timeout=60, max_mib=1024)
    assert sorted(Path(path).name for path in files) == sorted(FILES)
    for path, problems in files.items():
        found = [(p.rule, p.line, p.column) for p in problems if p.rule.startswith("yaml-")]
        assert found == [], (path, found)
