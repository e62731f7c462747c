"""The command line as users and CI systems meet it.

Exit codes, folder discovery, every output format parsed back, the exact text
a planner reads, ``--output``, the findings on every example pinned line by
line, the ``rules``, ``templates`` and ``schema`` commands, and what the real
process does with broken input and with a reader that goes away.

Most tests call the Typer app in-process (fast); the ones about the process
itself (tracebacks, pipes, ``python -m``) start ``python -m planctl``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from typer.testing import CliRunner, Result

from planctl import __version__
from planctl.cli import app

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
DEMO = EXAMPLES / "district-pl-plan.plan.yaml"
BOSTON = EXAMPLES / "boston-tlt-work-plan.plan.yaml"
ONLY_WARNINGS = EXAMPLES / "lmsd-strategic-pathway-3.plan.yaml"
PLAN_SCHEMA = REPO / "schemas" / "plan.schema.json"
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"

# Variables that change what planctl writes; each test sets the ones it needs.
OUTPUT_ENV = ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "PLANCTL_DEBUG")

ANSI = re.compile(r"\x1b\[[0-9;]*m")
GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+(,[^:]*)?::.+$", re.DOTALL
)

# A small plan that passes every rule.
CLEAN_PLAN = """\
planctl: 1
template: tlt-work-plan
title: Reading plan
goals:
  - title: Every third grader reads on grade level
    measure: 80% of third graders read on grade level by June 2025
    steps:
      - action: Train reading coaches
        due: 2024-09
        outcome: Coaches trained
        measure: Training sign-in sheets
        owners: Dana Reyes
"""

# A small plan with one problem of each kind the text format shows: an
# unreadable date (quoted with a caret and a hint), a missing field and an
# empty goal (a warning).
SMALL_PLAN = """\
planctl: 1
template: tlt-work-plan
title: Reading plan
period: {start: 2024-07, end: 2025-06}
people:
  - name: Dana Reyes
goals:
  - id: G1
    title: Every third grader reads on grade level
    measure: 80% of third graders read on grade level by June 2025
    steps:
      - action: Train reading coaches
        due: Spring
        outcome: Coaches trained
        measure: Training sign-in sheets
        owners: Dana Reyes
      - action: Start reading groups
        due: 2024-09
        outcome: Groups meet weekly
        owners: Dana Reyes
  - id: G2
    title: Families read at home
    measure: 50% of families read at home weekly by June 2025
"""

SMALL_PLAN_TEXT = """\
small.plan.yaml
small.plan.yaml:13:14: error [date-format] Goal G1 › Key action step 1 'Train reading coaches': 'Spring' has no year
  13 |         due: Spring
     |              ^
  hint: write the month and year, for example 'Spring 2025' or '2025-03..2025-05'

small.plan.yaml:17:9: error [required-fields] Goal G1 › Key action step 2 'Start reading groups': 'measure' (Data Source, Baseline & Target) is missing
  17 |       - action: Start reading groups
     |         ^
  hint: add 'measure:' naming the evidence, such as 'measure: Participant feedback forms'

small.plan.yaml:21:5: warning [no-empty-goal] Goal G2 'Families read at home': this goal has no action steps
  21 |   - id: G2
     |     ^
  hint: add 'steps:' with at least one item, or remove the goal

2 errors, 1 warning in 1 of 1 file
"""  # noqa: E501

ALL_RULES = (
    "file-unreadable",
    "yaml-syntax",
    "duplicate-key",
    "yaml-tag",
    "yaml-limits",
    "plan-structure",
    "unknown-key",
    "template",
    "silence",
    "required-fields",
    "date-format",
    "date-order",
    "date-in-period",
    "unique-ids",
    "no-empty-goal",
    "owner-in-roster",
    "smart-measure",
    "goal-measure",
    "status-word",
    "cost-by-year",
)

# Rules about the file itself, which `planctl rules RULE` explains without a
# failing and a passing YAML example (an encoding or a size cannot be shown
# in a few lines of YAML).
RULES_WITHOUT_EXAMPLES: frozenset[str] = frozenset()

TEMPLATES = (
    "clayton-pd-goals",
    "default",
    "lmsd-action-plan",
    "plan-on-a-page",
    "strategy-map",
    "tlt-work-plan",
    "vmosa",
)

RF = "required-fields"
GM = "goal-measure"  # the documents measure no goal, only steps (or nothing)

# Every finding on every example, as (line, rule) in report order, each read
# against the example file. Where a step has four findings, the document left
# its Timeline, Expected Outcome, Measure and Person Responsible cells blank,
# in that order (the step is reported at its first line).
# fmt: off
EXAMPLE_FINDINGS: dict[str, list[tuple[int, str]]] = {
    "boston-tlt-work-plan.plan.yaml": [
        (34, GM),  # Goal G1: the measures are in its steps' cells only
        (58, "date-format"),  # Goal G1 › Key action step 2: target by 'August 20th', no year
        (64, "date-format"),  # Goal G1 › Key action step 3: 'Late April/early May', no year
        (86, "required-fields"),  # Goal G1 › Key action step 5: Data Source cell blank
        (87, "date-format"),  # Goal G1 › Key action step 5: 'Mid-way and final check in'
        (94, GM),  # Goal G2
        (99, "required-fields"),  # Goal G2 › Key action step 1: Data Source cell blank
        (109, "date-format"),  # Goal G2 › Key action step 2: 'August 15', no year
        (117, "date-format"),  # Goal G2 › Key action step 3: 'One month prior to each AF session'
        (122, GM),  # Goal G3
        (156, GM),  # Goal G4: blank
        (156, "no-empty-goal"),  # Goal G4: blank in the template, no steps
        (156, "required-fields"),  # Goal G4: and no title
    ],
    "cedar-hill-school-improvement.plan.yaml": [],
    "cedar-valley-strategy-map.plan.yaml": [],
    "clayton-pd-goals-2024.plan.yaml": [
        (15, GM),  # G1: no measures anywhere in the document
        (29, RF), (29, RF), (29, RF), (29, RF),  # G1.O1.1
        (34, RF), (34, RF), (34, RF), (34, RF),  # G1.O1.2
        (36, RF), (36, RF), (36, RF), (36, RF),  # G1.O1.3
        (38, RF), (38, RF), (38, RF), (38, RF),  # G1.O1.4
        (42, RF), (42, RF), (42, RF), (42, RF),  # G1.O1.5
        (46, RF), (46, RF), (46, RF), (46, RF),  # G1.O1.6
        (54, RF), (54, RF), (54, RF), (54, RF),  # G1.O2.1
        (58, RF), (58, RF), (58, RF), (58, RF),  # G1.O2.2
        (62, RF), (62, RF), (62, RF), (62, RF),  # G1.O2.3
        (66, RF), (66, RF), (66, RF), (66, RF),  # G1.O2.4
        (73, RF), (73, RF), (73, RF), (73, RF),  # G1.O3.1
        (75, RF), (75, RF), (75, RF), (75, RF),  # G1.O3.2
        (77, RF), (77, RF), (77, RF), (77, RF),  # G1.O3.3
        (81, RF), (81, RF), (81, RF), (81, RF),  # G1.O3.4
        (84, GM),  # G2
        (101, RF), (101, RF), (101, RF), (101, RF),  # G2.O1.1
        (106, RF), (106, RF), (106, RF), (106, RF),  # G2.O1.2
        (111, RF), (111, RF), (111, RF), (111, RF),  # G2.O1.3
        (115, RF), (115, RF), (115, RF), (115, RF),  # G2.O1.4
        (119, RF), (119, RF), (119, RF), (119, RF),  # G2.O1.5
        (126, RF), (126, RF), (126, RF), (126, RF),  # G2.O2.1
        (128, RF), (128, RF), (128, RF), (128, RF),  # G2.O2.2
        (130, RF), (130, RF), (130, RF), (130, RF),  # G2.O2.3
        (134, RF), (134, RF), (134, RF), (134, RF),  # G2.O2.4
        (139, RF), (139, RF), (139, RF), (139, RF),  # G2.O3.1
        (143, RF), (143, RF), (143, RF), (143, RF),  # G2.O3.2
        (150, RF), (150, RF), (150, RF), (150, RF),  # G2.O4.1
        (154, RF), (154, RF), (154, RF), (154, RF),  # G2.O4.2
        (159, GM),  # G3
        (172, RF), (172, RF), (172, RF), (172, RF),  # G3.O1.1
        (174, RF), (174, RF), (174, RF), (174, RF),  # G3.O1.2
        (177, RF), (177, RF), (177, RF), (177, RF),  # G3.O1.3
        (181, RF), (181, RF), (181, RF), (181, RF),  # G3.O1.4
        (184, RF), (184, RF), (184, RF), (184, RF),  # G3.O1.5
        (189, RF), (189, RF), (189, RF), (189, RF),  # G3.O2.1
        (193, RF), (193, RF), (193, RF), (193, RF),  # G3.O2.2
        (197, RF), (197, RF), (197, RF), (197, RF),  # G3.O2.3
        (200, GM),  # G4
        (215, RF), (215, RF), (215, RF), (215, RF),  # G4.O1.1
        (219, RF), (219, RF), (219, RF), (219, RF),  # G4.O1.2
        (221, RF), (221, RF), (221, RF), (221, RF),  # G4.O1.3
        (225, RF), (225, RF), (225, RF), (225, RF),  # G4.O1.4
        (232, RF), (232, RF), (232, RF), (232, RF),  # G4.O2.1
        (236, RF), (236, RF), (236, RF), (236, RF),  # G4.O2.2
        (240, RF), (240, RF), (240, RF), (240, RF),  # G4.O2.3
        (246, RF), (246, RF), (246, RF), (246, RF),  # G4.O2.4
        (250, RF), (250, RF), (250, RF), (250, RF),  # G4.O2.5
        (254, RF), (254, RF), (254, RF), (254, RF),  # G4.O2.6
        (261, RF), (261, RF), (261, RF), (261, RF),  # G4.O3.1
    ],
    "district-pl-plan.plan.yaml": [],
    "guide-plan-on-a-page.plan.yaml": [
        (20, "smart-measure"),  # Goal G1: 85% ... by "(year.)": no date
        (23, RF), (23, RF), (23, RF), (23, RF),  # Goal G1 › Action item 1
        (24, RF), (24, RF), (24, RF), (24, RF),  # Goal G1 › Action item 2
        (25, RF), (25, RF), (25, RF), (25, RF),  # Goal G1 › Action item 3
        (31, "smart-measure"),  # Goal G2: "By (year), ... will match": no number, no date
        (34, RF), (34, RF), (34, RF), (34, RF),  # Goal G2 › Action item 1
        (36, RF), (36, RF), (36, RF), (36, RF),  # Goal G2 › Action item 2
        (44, "smart-measure"),  # Goal G3: "by 15% by (year.)": no date
        (48, RF), (48, RF), (48, RF), (48, RF),  # Goal G3 › Action item 1
        (49, RF), (49, RF), (49, RF), (49, RF),  # Goal G3 › Action item 2
        (57, "smart-measure"),  # Goal G4: "80% ... by the end of (school year.)": no date
        (59, RF), (59, RF), (59, RF), (59, RF),  # Goal G4 › Action item 1
    ],
    "guide-smart-goal.plan.yaml": [
        (32, RF), (32, RF), (32, RF), (32, RF),  # Objective O1 › Strategy O1.S1 › Action step 1
        (33, RF), (33, RF), (33, RF), (33, RF),  # Objective O1 › Strategy O1.S1 › Action step 2
        (34, RF), (34, RF), (34, RF), (34, RF),  # Objective O1 › Strategy O1.S1 › Action step 3
    ],
    "lmsd-action-plan-template.plan.yaml": [
        (25, GM),  # Strategy S1: the template's cells are blank
        (28, RF), (28, RF), (28, RF), (28, RF),  # Strategy S1 › Action step 1
        (29, RF), (29, RF), (29, RF), (29, RF),  # Strategy S1 › Action step 2
        (32, RF), (32, RF), (32, RF), (32, RF),  # Strategy S1 › Action step 3
        (35, RF), (35, RF), (35, RF), (35, RF),  # Strategy S1 › Action step 4
        (39, RF), (39, RF), (39, RF), (39, RF),  # Strategy S1 › Action step 5
        (43, RF), (43, RF), (43, RF), (43, RF),  # Strategy S1 › Action step 6
        (45, GM),  # Strategy S2
        (48, RF), (48, RF), (48, RF), (48, RF),  # Strategy S2 › Action step 1
        (50, RF), (50, RF), (50, RF), (50, RF),  # Strategy S2 › Action step 2
        (54, RF), (54, RF), (54, RF), (54, RF),  # Strategy S2 › Action step 3
        (55, RF), (55, RF), (55, RF), (55, RF),  # Strategy S2 › Action step 4
        (56, RF), (56, RF), (56, RF), (56, RF),  # Strategy S2 › Action step 5
        (59, RF), (59, RF), (59, RF), (59, RF),  # Strategy S2 › Action step 6
        (61, GM),  # Strategy S3
        (64, RF), (64, RF), (64, RF), (64, RF),  # Strategy S3 › Action step 1
        (66, GM),  # Strategy S4
        (72, RF), (72, RF), (72, RF), (72, RF),  # Strategy S4 › Action step 1
    ],
    "lmsd-strategic-pathway-3.plan.yaml": [
        # The document lists no action steps and no measure for any strategy (its metrics are
        # the pathway's, in a section).
        (59, GM), (59, "no-empty-goal"),  # Strategy 1
        (64, GM), (64, "no-empty-goal"),  # Strategy 2
        (66, GM), (66, "no-empty-goal"),  # Strategy 3
        (68, GM), (68, "no-empty-goal"),  # Strategy 4
        (70, GM), (70, "no-empty-goal"),  # Strategy 5
    ],
}
# fmt: on


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start outside GitHub Actions, with no colour settings and no debug mode."""
    for name in OUTPUT_ENV:
        monkeypatch.delenv(name, raising=False)


def run(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
    """``planctl ARGS`` in this process."""
    return CliRunner().invoke(app, [str(arg) for arg in args], env=env, catch_exceptions=False)


def json_report(*args: str | Path) -> dict[str, Any]:
    """The JSON report of ``planctl validate --format json ARGS``."""
    result = run("validate", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def problem_count(*args: str | Path) -> int:
    """How many problems ``planctl validate ARGS`` finds, from its JSON report."""
    summary = json_report(*args)["summary"]
    return int(summary["errors"] + summary["warnings"] + summary["infos"])


def shown(path: Path) -> str:
    """``path`` as planctl shows a path it was given: with forward slashes."""
    return str(path).replace(os.sep, "/")


def process_env(**extra: str) -> dict[str, str]:
    """The environment for a real planctl process: this one's, minus output settings."""
    env = {key: value for key, value in os.environ.items() if key not in OUTPUT_ENV}
    env.update(extra)
    return env


def planctl_process(
    *args: str | Path, cwd: Path = REPO, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m planctl ARGS`` as its own process."""
    return subprocess.run(
        [sys.executable, "-m", "planctl", *map(str, args)],
        cwd=cwd,
        env=process_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )


def names_in(folder: Path) -> list[str]:
    """The names in ``folder``, sorted (a temporary file left behind would show here)."""
    return sorted(item.name for item in folder.iterdir())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Exit codes


def test_the_demo_plan_is_clean() -> None:
    result = run("validate", "--format", "text", DEMO)
    assert result.exit_code == 0
    assert result.stdout == "No problems in 1 file.\n"
    assert result.stderr == ""


def test_a_transcription_with_errors_exits_1() -> None:
    result = run("validate", BOSTON)
    assert result.exit_code == 1


def test_warnings_alone_pass_unless_strict() -> None:
    report = json_report(ONLY_WARNINGS)
    assert report["summary"]["errors"] == 0
    assert report["summary"]["warnings"] > 0
    assert run("validate", ONLY_WARNINGS).exit_code == 0
    assert run("validate", "--strict", ONLY_WARNINGS).exit_code == 1


def test_strict_changes_nothing_on_a_clean_plan() -> None:
    assert run("validate", "--strict", DEMO).exit_code == 0


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.plan.yaml"
    result = run("validate", DEMO, missing)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"planctl: no such file or folder: {missing}\n"


@pytest.mark.parametrize("fmt", ["xml", "JSON", ""])
def test_an_unknown_format_is_a_usage_error(fmt: str) -> None:
    result = run("validate", "--format", fmt, DEMO)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--format" in result.stderr


def test_an_unknown_command_is_a_usage_error() -> None:
    assert run("lint").exit_code == 2


@pytest.mark.slow
def test_each_command_runs_from_the_command_line_and_help_lists_them_all() -> None:
    # ``main`` builds only the command named on the command line.
    listed = planctl_process("--help").stdout
    commands = [
        info.name or getattr(info.callback, "__name__", "") for info in app.registered_commands
    ]
    assert len(commands) >= 12
    for name in commands:
        assert re.search(rf"^\s+{name}\s", listed, re.MULTILINE), name
        shown = planctl_process(name, "--help")
        assert shown.returncode == 0, shown.stderr
        assert re.search(rf"^Usage: .*planctl {name} ", shown.stdout, re.MULTILINE), name
    unknown = planctl_process("lint")
    assert unknown.returncode == 2
    assert "No such command 'lint'" in unknown.stderr


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    # A CI job pointed at the wrong folder must not pass by checking nothing.
    result = run("validate", "--format", "text", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"planctl: no *.plan.yaml or *.plan.yml files in {tmp_path}\n"
    assert result.stdout == ""


# Finding plan files


@pytest.fixture
def plan_tree(tmp_path: Path) -> Path:
    """A folder with two plans, a YAML file that is not a plan, and plans in ignored folders."""
    write(tmp_path / "a.plan.yaml", CLEAN_PLAN)
    write(tmp_path / "sub" / "b.plan.yml", CLEAN_PLAN.replace("        due: 2024-09\n", ""))
    write(tmp_path / "notes.yaml", "not: a plan\n")
    write(tmp_path / ".git" / "x.plan.yaml", "broken: [\n")
    write(tmp_path / "node_modules" / "pkg" / "y.plan.yaml", "broken: [\n")
    return tmp_path


def test_folders_are_searched_for_plan_files(
    plan_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(plan_tree)
    report = json_report(".")
    assert [entry["path"] for entry in report["files"]] == ["a.plan.yaml", "sub/b.plan.yml"]
    assert report["summary"]["files"] == 2
    assert report["files"][0]["problems"] == []
    assert [p["rule"] for p in report["files"][1]["problems"]] == ["required-fields"]


def test_the_default_path_is_the_current_folder(
    plan_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(plan_tree)
    report = json_report()
    assert [entry["path"] for entry in report["files"]] == ["a.plan.yaml", "sub/b.plan.yml"]
    assert report["summary"]["files"] == 2


def test_a_file_named_twice_is_checked_once(
    plan_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(plan_tree)
    report = json_report("a.plan.yaml", ".", "./a.plan.yaml")
    assert [entry["path"] for entry in report["files"]] == ["a.plan.yaml", "sub/b.plan.yml"]


def test_a_bad_file_does_not_hide_the_good_ones(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.plan.yaml", "planctl: 1\ntitle: [unclosed\n")
    result = run("validate", "--format", "json", bad, DEMO)
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [entry["path"] for entry in files] == [shown(bad), shown(DEMO)]
    assert [p["rule"] for p in files[0]["problems"]] == ["yaml-syntax"]
    assert files[1]["problems"] == []


# Output formats, parsed back


def test_json_report() -> None:
    report = json_report(BOSTON, ONLY_WARNINGS, DEMO)
    assert report["version"] == 1
    paths = [entry["path"] for entry in report["files"]]
    assert paths == [shown(BOSTON), shown(ONLY_WARNINGS), shown(DEMO)]
    problems = [p for entry in report["files"] for p in entry["problems"]]
    severities = [p["severity"] for p in problems]
    assert report["summary"] == {
        "files": 3,
        "files_with_problems": 2,
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
        "infos": severities.count("info"),
    }
    assert report["summary"]["errors"] > 0
    assert report["summary"]["warnings"] > 0
    for entry in report["files"]:
        for problem in entry["problems"]:
            assert problem["path"] == entry["path"]
            assert problem["line"] >= 1
            assert problem["column"] >= 1
            assert problem["rule"] in ALL_RULES
            assert problem["message"]


def test_github_annotations() -> None:
    result = run("validate", "--format", "github", BOSTON, ONLY_WARNINGS)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == problem_count(BOSTON, ONLY_WARNINGS)
    for line in lines:
        assert GITHUB_LINE.match(line), line
    assert any(line.startswith("::warning ") for line in lines)
    # The path inside the repository, though the plan was named by its absolute path.
    plan = "examples/boston-tlt-work-plan.plan.yaml"
    assert lines[0].startswith(f"::warning file={plan},line=34,col=5,")  # goal G1's measure
    assert lines[1].startswith(f"::error file={plan},line=58,col=35,")


def test_github_annotations_for_a_clean_plan_are_empty() -> None:
    result = run("validate", "--format", "github", DEMO)
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return schema


def test_sarif_log(sarif_schema: dict[str, Any]) -> None:
    result = run("validate", "--format", "sarif", BOSTON, ONLY_WARNINGS, DEMO)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    validator = jsonschema.validators.validator_for(sarif_schema)(sarif_schema)
    errors = [error.message for error in validator.iter_errors(log)]
    assert errors == []
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "planctl"
    assert driver["version"] == __version__
    descriptors = driver["rules"]
    ids = [descriptor["id"] for descriptor in descriptors]
    assert set(ALL_RULES) <= set(ids)
    results = run_["results"]
    assert len(results) == problem_count(BOSTON, ONLY_WARNINGS)
    for item in results:
        descriptor = descriptors[item["ruleIndex"]]
        assert descriptor["id"] == item["ruleId"]
        assert descriptor["shortDescription"]["text"]
        assert item["level"] in ("error", "warning", "note")
        location = item["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] >= 1
    assert {item["level"] for item in results} == {"error", "warning"}


def test_gitlab_code_quality() -> None:
    result = run("validate", "--format", "gitlab", BOSTON, ONLY_WARNINGS, DEMO)
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert isinstance(issues, list)
    assert len(issues) == problem_count(BOSTON, ONLY_WARNINGS)
    for issue in issues:
        assert isinstance(issue["description"], str)
        assert issue["description"]
        assert issue["check_name"] in ALL_RULES
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] in (
            BOSTON.relative_to(REPO).as_posix(),
            ONLY_WARNINGS.relative_to(REPO).as_posix(),
        )
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_report_of_a_clean_plan_is_an_empty_list() -> None:
    result = run("validate", "--format", "gitlab", DEMO)
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_auto_is_github_inside_github_actions() -> None:
    result = run("validate", BOSTON, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines
    for line in lines:
        assert GITHUB_LINE.match(line), line


def test_auto_is_text_elsewhere() -> None:
    result = run("validate", BOSTON)
    first = f"{shown(BOSTON)}:34:5: warning [goal-measure] "
    assert result.stdout.startswith(f"{shown(BOSTON)}\n{first}")
    assert result.stdout.endswith("\n8 errors, 5 warnings in 1 of 1 file\n")
    assert run("validate", BOSTON, env={"GITHUB_ACTIONS": "false"}).stdout == result.stdout


# The text a planner reads


def test_text_report_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "small.plan.yaml", SMALL_PLAN)
    monkeypatch.chdir(tmp_path)
    result = run("validate", "small.plan.yaml")
    assert result.exit_code == 1
    assert result.stdout == SMALL_PLAN_TEXT
    assert result.stderr == ""


def test_colour_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "small.plan.yaml", SMALL_PLAN)
    monkeypatch.chdir(tmp_path)
    # Not a terminal (the test runner captures the output): no colour.
    plain = run("validate", "small.plan.yaml").stdout
    assert not ANSI.search(plain)
    forced = run("validate", "small.plan.yaml", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;31merror\x1b[0m" in forced
    assert ANSI.sub("", forced) == plain
    # NO_COLOR wins over FORCE_COLOR.
    both = run("validate", "small.plan.yaml", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert both.stdout == plain


def text_on_a_terminal(folder: Path, **env: str) -> str:
    """What ``planctl validate small.plan.yaml`` writes when its output is a terminal."""
    import pty

    main_end, terminal = pty.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "planctl", "validate", "small.plan.yaml"],
            cwd=folder,
            env=process_env(**env),
            stdout=terminal,
            stderr=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(main_end, 65536)
            except OSError:  # Linux: the terminal side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main_end)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    write(tmp_path / "small.plan.yaml", SMALL_PLAN)
    coloured = text_on_a_terminal(tmp_path)
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == SMALL_PLAN_TEXT
    assert text_on_a_terminal(tmp_path, NO_COLOR="1") == SMALL_PLAN_TEXT


# --output


def test_output_writes_the_report_to_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / "planctl.json"
    result = run("validate", "--format", "json", "--output", target, BOSTON)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == json_report(BOSTON)
    assert names_in(folder) == ["planctl.json"]


def test_output_replaces_an_older_report(tmp_path: Path) -> None:
    target = write(tmp_path / "report.txt", "old report, much longer than the new one\n" * 100)
    result = run("validate", "-o", target, DEMO, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert result.stdout == ""
    # A file never gets colour codes, even when the terminal would.
    assert target.read_text(encoding="utf-8") == "No problems in 1 file.\n"
    assert names_in(tmp_path) == ["report.txt"]


@pytest.mark.slow
def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.json"
    result = planctl_process("validate", "-f", "json", "-o", target, DEMO)
    assert result.returncode == 2
    assert "internal error" not in result.stderr
    assert result.stderr.startswith("planctl: ")
    assert str(target) in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.slow
def test_output_onto_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = planctl_process("validate", "-o", tmp_path, DEMO, cwd=tmp_path)
    assert result.returncode == 2
    assert "internal error" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert names_in(tmp_path) == []


# Every example's findings, pinned


def test_every_example_has_a_pinned_table() -> None:
    assert sorted(EXAMPLE_FINDINGS) == sorted(path.name for path in EXAMPLES.glob("*.plan.yaml"))


@pytest.mark.parametrize("name", sorted(EXAMPLE_FINDINGS))
def test_example_findings(name: str) -> None:
    path = EXAMPLES / name
    report = json_report(path)
    (entry,) = report["files"]
    assert entry["path"] == shown(path)
    found = [(problem["line"], problem["rule"]) for problem in entry["problems"]]
    assert found == EXAMPLE_FINDINGS[name]


def test_all_examples_at_once_match_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run("validate", "--format", "json", "examples")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert {
        entry["path"].removeprefix("examples/"): [(p["line"], p["rule"]) for p in entry["problems"]]
        for entry in report["files"]
    } == EXAMPLE_FINDINGS
    assert report["summary"]["errors"] + report["summary"]["warnings"] == sum(
        map(len, EXAMPLE_FINDINGS.values())
    )


# planctl rules, planctl templates


def test_rules_lists_every_rule() -> None:
    result = run("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()]
    assert set(ALL_RULES) <= set(listed)
    assert result.stdout.splitlines()[0].split() == ["RULE", "SEVERITY", "WHAT", "IT", "CHECKS"]


def test_rules_explains_one_with_examples() -> None:
    result = run("rules", "required-fields")
    assert result.exit_code == 0
    assert result.stdout.startswith("required-fields: ")
    assert "\nFails:\n" in result.stdout
    assert "\nPasses:\n" in result.stdout
    assert result.stdout.index("Fails:") < result.stdout.index("Passes:")


@pytest.mark.parametrize("rule", ALL_RULES)
def test_every_rule_can_be_explained(rule: str) -> None:
    result = run("rules", rule)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{rule}: ")
    assert "default severity: " in result.stdout
    has_examples = "\nFails:\n" in result.stdout and "\nPasses:\n" in result.stdout
    assert has_examples == (rule not in RULES_WITHOUT_EXAMPLES)


def test_an_unknown_rule_is_a_usage_error() -> None:
    result = run("rules", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "planctl: there is no rule 'nope'; see 'planctl rules'\n"


def test_a_misspelt_rule_gets_a_suggestion() -> None:
    result = run("rules", "required-field")
    assert result.exit_code == 2
    assert result.stderr == (
        "planctl: there is no rule 'required-field'; did you mean 'required-fields'?\n"
    )


def test_templates_lists_the_built_in_templates() -> None:
    result = run("templates")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[0] == "TEMPLATE"
    count = len(TEMPLATES)
    assert [line.split()[0] for line in lines[1 : count + 1]] == list(TEMPLATES)
    assert lines[count + 1] == ""
    # Levels as the plan writes them: a strategy map's steps are its initiatives.
    [strategy_map] = [line for line in lines if line.startswith("strategy-map ")]
    assert strategy_map.split()[1:4] == ["goals", "→", "initiatives"]


def test_templates_shows_one() -> None:
    result = run("templates", "tlt-work-plan")
    assert result.exit_code == 0
    assert result.stdout.startswith("tlt-work-plan: Teacher Leader Team Work Plan\n")
    assert "  owners: Person/Area Responsible\n" in result.stdout
    assert "  steps: due or dates, outcome, measure, owners\n" in result.stdout


def test_templates_shows_the_names_a_plan_writes() -> None:
    result = run("templates", "strategy-map")
    assert result.exit_code == 0
    out = result.stdout
    assert "  goals: Goal\n    beside the level below: objectives\n" in out
    assert "  steps: Critical initiative (written 'initiatives:' in the plan)\n" in out
    assert "Names as written in the plan:\n  goals.initiatives: steps\n" in out
    assert "  goals.key_measures: measures (Key measure)\n" in out
    assert "  goals.objectives: Objectives (list)\n" in out


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_can_be_shown(name: str) -> None:
    result = run("templates", name)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{name}: ")


def test_an_unknown_template_is_a_usage_error() -> None:
    result = run("templates", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("planctl: there is no built-in template 'nope'")
    assert result.stderr.rstrip().endswith("built-in templates: " + ", ".join(TEMPLATES))


# planctl schema


def yaml_as_an_editor_reads_it(path: Path) -> Any:
    """The plan as a YAML 1.2 language server sees it: dates are text.

    ruamel's safe loader (YAML 1.2) already leaves ``2013-05`` and ``2013-14``
    as text, but still makes ``2024-10-22`` a date; turn those back into text.
    """

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return plain(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def test_how_the_yaml_loader_reads_dates() -> None:
    loaded = YAML(typ="safe", pure=True).load("a: 2013-05\nb: 2013-14\nc: 2024-10-22\n")
    assert loaded == {"a": "2013-05", "b": "2013-14", "c": dt.date(2024, 10, 22)}


@pytest.fixture(scope="module")
def plan_schema() -> dict[str, Any]:
    if not PLAN_SCHEMA.is_file():
        pytest.fail(f"{PLAN_SCHEMA.relative_to(REPO)} is not committed")
    schema: dict[str, Any] = json.loads(PLAN_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


def test_schema_prints_the_committed_schema(plan_schema: dict[str, Any]) -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == plan_schema


def test_schema_output_writes_a_file(tmp_path: Path, plan_schema: dict[str, Any]) -> None:
    target = tmp_path / "plan.schema.json"
    result = run("schema", "--output", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8")) == plan_schema
    assert names_in(tmp_path) == ["plan.schema.json"]


@pytest.mark.parametrize("name", sorted(path.name for path in EXAMPLES.glob("*.plan.yaml")))
def test_every_example_matches_the_schema(name: str, plan_schema: dict[str, Any]) -> None:
    data = yaml_as_an_editor_reads_it(EXAMPLES / name)
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in Draft202012Validator(plan_schema).iter_errors(data)
    ]
    assert errors == []


def test_the_schema_marks_unknown_fields(plan_schema: dict[str, Any]) -> None:
    validator = Draft202012Validator(plan_schema)
    plan = {"planctl": 1, "title": "t", "goals": [{"title": "g", "steps": [{"action": "a"}]}]}
    assert list(validator.iter_errors(plan)) == []
    assert list(validator.iter_errors({**plan, "titel": "t"}))
    step = {"action": "a", "owner": "Dana Reyes"}
    assert list(validator.iter_errors({**plan, "goals": [{"title": "g", "steps": [step]}]}))


# The real process


@pytest.mark.slow
def test_python_dash_m_version() -> None:
    result = planctl_process("--version")
    assert result.returncode == 0
    # Between releases the commit follows the number: 0.2.0.dev0+g1a2b3c4d5e6f.
    assert re.fullmatch(rf"planctl {re.escape(__version__)}(\+g[0-9a-f]{{12}})?\n", result.stdout)
    assert result.stderr == ""


def broken_inputs(folder: Path) -> list[str]:
    """Files that are hard to read, each named for what is wrong; returns their names."""
    folder.mkdir()
    (folder / ".git").mkdir()  # the plan repository's root, for template paths
    files: dict[str, bytes] = {
        "utf16.plan.yaml": "planctl: 1\n".encode("utf-16"),
        "latin1.plan.yaml": "planctl: 1\ntitle: Caf\xe9\n".encode("latin-1"),
        "nul.plan.yaml": b"planctl: 1\x00\ntitle: x\n",
        "empty.plan.yaml": b"",
        "comment-only.plan.yaml": b"# nothing yet\n",
        "list.plan.yaml": b"- a\n- b\n",
        "scalar.plan.yaml": b"just words\n",
        "syntax.plan.yaml": b"planctl: 1\ntitle: [\n",
        "tabs.plan.yaml": b"planctl: 1\ngoals:\n\t- title: x\n",
        "two-documents.plan.yaml": b"planctl: 1\n---\nplanctl: 1\n",
        "duplicate.plan.yaml": b"planctl: 1\ntitle: a\ntitle: b\n",
        "python-tag.plan.yaml": b"planctl: 1\ntitle: !!python/object/apply:os.system [ls]\n",
        "deep.plan.yaml": b"planctl: 1\ntitle: " + b"[" * 500 + b"]" * 500 + b"\n",
        "alias-bomb.plan.yaml": b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"a{i}: &a{i} [{', '.join([f'*a{i - 1}' if i > 1 else '*a'] * 10)}]\n".encode()
            for i in range(1, 8)
        ),
        "merge-key.plan.yaml": b"base: &b {x: 1}\nplanctl: 1\ntitle: t\nother: {<<: *b}\n",
        "bad-version.plan.yaml": b"planctl: 99\ntitle: t\n",
        "wrong-shapes.plan.yaml": (
            b"planctl: 1\ntitle: {a: 1}\ngoals: 5\nperiod: 7\npeople: {a: 1}\nstatus: [x]\n"
        ),
        "odd-values.plan.yaml": (
            b"planctl: 1\ntitle: t\nperiod: {start: 2013-04, end: 2012-06}\n"
            b"goals:\n  - title: g\n    steps:\n      - action: a\n"
            b"        due: 99999-01\n        start: 0000-01\n"
            b"        cost: {amount: 1e400, by_year: {2013-14: .nan}}\n"
            b"        owners: [{x: 1}]\n        status: 5\n        completed: 2099-13-01\n"
            b"      - action: [list]\n        dates: 12\n        repeat: hourly\n"
            b"  - null\n  - 7\n"
        ),
        "template-outside.plan.yaml": b"planctl: 1\ntemplate: ../../../etc/passwd\ntitle: t\n",
        "template-absolute.plan.yaml": b"planctl: 1\ntemplate: /etc/passwd\ntitle: t\n",
        "template-missing.plan.yaml": b"planctl: 1\ntemplate: ./nope.yaml\ntitle: t\n",
        "template-folder.plan.yaml": b"planctl: 1\ntemplate: ./sub\ntitle: t\n",
        "template-number.plan.yaml": b"planctl: 1\ntemplate: 5\ntitle: t\n",
        "template-loop.plan.yaml": b"planctl: 1\ntemplate: ./loop-a.yaml\ntitle: t\n",
        "template-broken.plan.yaml": b"planctl: 1\ntemplate: ./broken.yaml\ntitle: t\n",
        "silence.plan.yaml": (
            b"planctl: 1\ntitle: t\nsilence: {nope: x, required-fields: ''}\n"
            b"goals: [{title: g, silence: 5, steps: [{action: a}]}]\n"
        ),
        "long-line.plan.yaml": b"planctl: 1\ntitle: t\ngoals: [" + b"x" * 100_000 + b"\n",
        "control-chars.plan.yaml": b'planctl: 1\ntitle: "a\\x1b[31m\\u202eb"\nwho: x\n',
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    (folder / "sub").mkdir()
    (folder / "loop-a.yaml").write_text(
        "planctl-template: 1\nextends: ./loop-b.yaml\n", encoding="utf-8"
    )
    (folder / "loop-b.yaml").write_text(
        "planctl-template: 1\nextends: ./loop-a.yaml\n", encoding="utf-8"
    )
    (folder / "broken.yaml").write_text(
        "planctl-template: 1\nlevels: 5\nrules: {a: [\n", encoding="utf-8"
    )
    names = list(files)
    if sys.platform != "win32":
        (folder / "loop.plan.yaml").symlink_to("loop.plan.yaml")
        (folder / "dangling.plan.yaml").symlink_to("missing.yaml")
        (folder / "folder.plan.yaml").mkdir()
        names += ["loop.plan.yaml", "dangling.plan.yaml"]
    shutil.copy(DEMO, folder / "good.plan.yaml")
    return names


@pytest.fixture(scope="module")
def broken_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("broken") / "plans"
    return folder, broken_inputs(folder)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "gitlab"])
def test_broken_files_never_cause_a_traceback(
    fmt: str, broken_folder: tuple[Path, list[str]]
) -> None:
    folder, names = broken_folder
    result = planctl_process("validate", "--format", fmt, ".", cwd=folder)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert result.stderr == ""
    assert result.returncode == 1
    if fmt == "json":
        files = {entry["path"]: entry["problems"] for entry in json.loads(result.stdout)["files"]}
        assert files.pop("good.plan.yaml") == []
        assert sorted(files) == sorted(names)
        assert all(files.values()), [name for name, problems in files.items() if not problems]


@pytest.mark.slow
def test_a_missing_path_is_one_line_from_the_process() -> None:
    result = planctl_process("validate", "no-such-plan.plan.yaml")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "planctl: no such file or folder: no-such-plan.plan.yaml\n"


@pytest.mark.slow
def test_a_reader_that_goes_away_is_not_a_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "planctl", "validate", "--format", "text", "examples"],
        cwd=REPO,
        env=process_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    returncode = process.wait(timeout=60)
    assert first == b"examples/boston-tlt-work-plan.plan.yaml\n"
    assert "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr
    assert "Exception ignored" not in stderr
    assert stderr == ""
    assert returncode in (0, 1)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "text", "examples/district-pl-plan.plan.yaml"],
        ["validate", "--format", "json", "examples"],
        ["rules"],
        ["schema"],
        ["--version"],
    ],
)
def test_a_reader_that_is_already_gone_is_not_a_traceback(args: Sequence[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "planctl", *args],
            cwd=REPO,
            env=process_env(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    assert stderr == ""
    assert result.returncode in (0, 1)


# Gaps found while writing these tests

TEMPLATE_HEAD = "planctl-template: 1\nextends: tlt-work-plan\n"


@pytest.mark.slow
def test_an_empty_required_group_is_a_template_problem(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "district.yaml", TEMPLATE_HEAD + "required:\n  steps: [[]]\n")
    write(tmp_path / "a.plan.yaml", CLEAN_PLAN.replace("tlt-work-plan", "./district.yaml"))
    shutil.copy(DEMO, tmp_path / "b.plan.yaml")
    result = planctl_process("validate", "--format", "json", ".", cwd=tmp_path)
    assert "internal error" not in result.stderr
    assert result.returncode == 1
    files = {entry["path"]: entry["problems"] for entry in json.loads(result.stdout)["files"]}
    assert "template" in {problem["rule"] for problem in files["a.plan.yaml"]}
    assert files["b.plan.yaml"] == []


def test_a_template_naming_an_unknown_rule_is_reported(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "district.yaml", TEMPLATE_HEAD + "rules:\n  smart-measur: off\n")
    plan = write(tmp_path / "a.plan.yaml", CLEAN_PLAN.replace("tlt-work-plan", "./district.yaml"))
    problems = json_report(plan)["files"][0]["problems"]
    assert "template" in {p["rule"] for p in problems}


def test_a_template_requiring_an_unknown_field_is_reported(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "district.yaml", TEMPLATE_HEAD + "required:\n  steps: [budget_line]\n")
    plan = write(
        tmp_path / "a.plan.yaml",
        CLEAN_PLAN.replace("tlt-work-plan", "./district.yaml") + "        budget_line: 1234\n",
    )
    rules = {p["rule"] for p in json_report(plan)["files"][0]["problems"]}
    assert "template" in rules


@pytest.mark.slow
def test_template_problems_are_reported_at_the_template_and_pointed_to(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "a-template.yaml", TEMPLATE_HEAD + "levels: 5\n")
    write(tmp_path / "plan.plan.yaml", "planctl: 1\ntemplate: ./a-template.yaml\ntitle: t\n")
    result = planctl_process("validate", "--format", "text", "plan.plan.yaml", cwd=tmp_path)
    assert result.returncode == 1
    text = result.stdout
    assert "they are reported at the template's lines" in text
    assert "a-template.yaml:3:9: error [template]" in text


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_a_folder_does_not_hang(tmp_path: Path) -> None:
    shutil.copy(DEMO, tmp_path / "good.plan.yaml")
    os.mkfifo(tmp_path / "pipe.plan.yaml")
    try:
        result = planctl_process("validate", "--format", "json", ".", cwd=tmp_path, timeout=3)
    except subprocess.TimeoutExpired:
        pytest.fail("planctl waited on the named pipe")
    assert result.returncode in (0, 1)
    assert "good.plan.yaml" in {entry["path"] for entry in json.loads(result.stdout)["files"]}
