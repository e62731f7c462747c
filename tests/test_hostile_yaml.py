"""Hostile YAML for the checks the loader makes beyond libyaml.

Each file is crafted so a naive check would take quadratic time or misplace
its problem: many glued-looking '#', long runs of blank or continuation lines,
thousands of directives, lone dashes, line separators. planctl must answer in
a subprocess within the hostile suite's time and memory limits, with the
expected rule at the expected place.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_hostile import json_run

CASES: dict[str, tuple[str, tuple[str, int, int] | None]] = {
    "glued-hashes-in-text.plan.yaml": (
        "planctl: 1\nnotes: |\n" + '  "a"# b [c]#d\n' * 100_000 + "title: [a, b]#x\n",
        ("yaml-syntax", 100_003, 14),
    ),
    "many-quoted-glued-hashes.plan.yaml": (
        "planctl: 1\ntitle: T\nowners: [" + '"x"# c\n  , ' * 50_000 + '"y"]\n',
        ("yaml-syntax", 3, 13),
    ),
    "blank-lines-before-text.plan.yaml": (
        "planctl: 1\ntitle: >\n" + "   \n" * 200_000 + "  text\n",
        ("yaml-syntax", 3, 1),
    ),
    "long-quoted-continuation.plan.yaml": (
        'planctl: 1\ntitle: "' + "  word\n" * 200_000 + '  end"\n',
        None,
    ),
    # The same, but its last line starts at column 1.
    "long-quoted-unindented.plan.yaml": (
        'planctl: 1\ntitle: "' + "  word\n" * 200_000 + 'end"\n',
        ("yaml-syntax", 200_002, 1),
    ),
    "many-reserved-directives.plan.yaml": (
        "%FOO bar\n" * 100_000 + "---\nplanctl: 1\ntitle: T\n",
        None,
    ),
    "many-lone-dashes.plan.yaml": (
        "planctl: 1\ntitle: T\nowners: [" + "-, " * 100_000 + "]\n",
        ("yaml-syntax", 3, 10),
    ),
    "line-separators.plan.yaml": (
        "planctl: 1\ntitle: " + "a\u2028" * 200_000 + "\n",
        None,
    ),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, int, int]]]:
    root = tmp_path_factory.mktemp("hostile-yaml")
    (root / ".git").mkdir()
    for name, (text, _) in CASES.items():
        (root / name).write_text(text, encoding="utf-8")
    files = json_run(*sorted(CASES), cwd=root, timeout=60, max_mib=1024)
    return {
        Path(path).name: [(p.rule, p.line, p.column) for p in problems]
        for path, problems in files.items()
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_yaml_is_answered_in_time_at_the_right_place(
    name: str, results: dict[str, list[tuple[str, int, int]]]
) -> None:
    expected = CASES[name][1]
    found = results[name]
    syntax = [item for item in found if item[0].startswith("yaml-")]
    if expected is None:
        assert syntax == [], found
    else:
        assert syntax == [expected], found
