"""The pre-commit hooks: the manifest, and the hooks run by pre-commit itself.

A plan repository set up by ``planctl init`` runs the hooks as ``repo: local``
with the planctl installed beside pre-commit: that is run for real, in a
fresh folder, as a district would (``planctl init``, ``git init``,
``pre-commit run --all-files``).

For the published form, ``pre-commit try-repo`` installs planctl from a git repository into its own
environment and runs a hook on the files given, as a plan repository's
commit would. It sees only what is committed (and staged or changed tracked
files), so the test commits a snapshot of this working tree to a throwaway
repository and tries that: the hooks as they are now, committed or not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planctl.init import pre_commit_text

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / ".pre-commit-hooks.yaml"
GOOD = REPO / "examples" / "district-pl-plan.plan.yaml"

# A district's own template, read from disk by path when pre-commit passes only the plan.
DISTRICT_TEMPLATE = """\
planctl-template: 1
extends: tlt-work-plan
title: Riverbend school improvement plan
rules:
  smart-measure: off
"""
BAD_PLAN = """\
planctl: 1
template: district-template.yaml
title: Reading plan
goals:
  - title: Every third grader reads on grade level
    steps:
      - action: Train reading coaches
        due: Mid-way check in
        outcome: Coaches trained
        measure: Training sign-in sheets
        owners: [Reading office]
"""
BAD_LINE = 8
BAD_COLUMN = 14
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "planctl tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "planctl tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}


def load_yaml(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


# The manifest, without pre-commit.


def test_the_manifest_declares_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in load_yaml(HOOKS.read_text(encoding="utf-8"))}
    assert list(hooks) == ["planctl-validate", "planctl-fmt"]
    assert hooks["planctl-validate"]["entry"] == "planctl validate"
    assert hooks["planctl-fmt"]["entry"] == "planctl fmt"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["require_serial"] is False
        pattern = re.compile(hook["files"])
        for name in ("a.plan.yaml", "plans/2025/b.plan.yml", "C.plan.yaml"):
            assert pattern.search(name), name
        for name in ("a.yaml", "plan.yaml", "a.plan.yaml.bak", "district-template.yaml"):
            assert not pattern.search(name), name


def test_pre_commit_accepts_the_manifest_and_the_config_init_writes(tmp_path: Path) -> None:
    clientlib = pytest.importorskip(
        "pre_commit.clientlib", reason="pre-commit is not installed (pip install pre-commit)"
    )
    manifest = clientlib.load_manifest(str(HOOKS))
    assert [hook["id"] for hook in manifest] == ["planctl-validate", "planctl-fmt"]
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(pre_commit_text(), encoding="utf-8")
    loaded = clientlib.load_config(str(config))
    assert [hook["id"] for hook in loaded["repos"][0]["hooks"]] == [
        "planctl-validate",
        "planctl-fmt",
    ]


# The hooks run by pre-commit.


def git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, **GIT_IDENTITY)
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


@pytest.fixture(scope="module")
def planctl_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding this working tree as one commit."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install pre-commit)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (REPO / ".git").exists():
        pytest.skip("planctl's sources are not a git checkout here")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    snapshot = tmp_path_factory.mktemp("planctl-snapshot")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if not source.is_file():  # deleted in the working tree
            continue
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("commit", "-q", "-m", "snapshot", cwd=snapshot)
    return snapshot


@pytest.fixture(scope="module")
def plan_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A district's plan repository with a good plan and a bad one."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = tmp_path_factory.mktemp("plans")
    git("init", "-q", cwd=folder)
    shutil.copyfile(GOOD, folder / "good.plan.yaml")
    (folder / "district-template.yaml").write_text(DISTRICT_TEMPLATE, encoding="utf-8")
    (folder / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    assert BAD_PLAN.splitlines()[BAD_LINE - 1][BAD_COLUMN - 1 :].startswith("Mid-way")
    return folder


def try_repo(planctl_repo: Path, plan_repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    env.update(GIT_IDENTITY)
    env["PRE_COMMIT_HOME"] = str(plan_repo.parent / "pre-commit-home")
    command = [sys.executable, "-m", "pre_commit", "try-repo", "--color", "never"]
    return subprocess.run(
        [*command, str(planctl_repo), "planctl-validate", "--files", *files],
        cwd=plan_repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_the_validate_hook_reports_the_bad_plan_at_its_line(
    planctl_repo: Path, plan_repo: Path
) -> None:
    result = try_repo(planctl_repo, plan_repo, "good.plan.yaml", "bad.plan.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"^planctl validate\.+Failed$", result.stdout, re.MULTILINE), output
    assert f"bad.plan.yaml:{BAD_LINE}:{BAD_COLUMN}: error [date-format]" in output
    assert not re.search(r"good\.plan\.yaml:\d+:\d+:", output), output


@pytest.mark.slow
def test_the_validate_hook_passes_a_good_plan(planctl_repo: Path, plan_repo: Path) -> None:
    result = try_repo(planctl_repo, plan_repo, "good.plan.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^planctl validate\.+Passed$", result.stdout, re.MULTILINE), output


# A plan repository as 'planctl init' sets it up, with pre-commit run by hand.

BIN = Path(sys.executable).parent

# What a planner writes into the starter plan's empty fields (tlt-work-plan), by line.
FILLED = {
    "title:": "title: Riverbend reading plan",
    "organization:": "organization: Riverbend School District",
    "period: {start: YYYY-MM, end: YYYY-MM}": "period: {start: 2025-07, end: 2026-06}",
    "description:": "description: Every third grader reads on grade level.",
    "    title:": "    title: Every third grader reads on grade level",
    "      indicator:": "      indicator: Third graders reading on grade level",
    "      source:": "      source: State reading test",
    "      unit:": '      unit: "%"',
    "      direction:": "      direction: increase",
    "      baseline:": "      baseline: {value: 62, as_of: 2025-05}",
    "      target:": "      target: {value: 85, by: 2026-06}",
    "      - action:": "      - action: Train reading coaches",
    "        due:": "        due: 2025-10",
    "        outcome:": "        outcome: Coaches trained",
    "        measure:": "        measure: Training sign-in sheets",
    "        owners: []": "        owners: [Reading office]",
    "        comments:": "        comments: First cohort in the fall.",
}


def fill_in(plan: str) -> str:
    """The starter plan with each empty field written, its comments kept."""
    lines = []
    for line in plan.splitlines():
        value = line.partition("  #")[0]
        key = value.rstrip()
        filled = FILLED.get(key)
        lines.append(filled if filled is not None else line)
    return "\n".join(lines) + "\n"


def pre_commit_run(folder: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit run --all-files`` in ``folder``, with this planctl on PATH (as installed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    env.update(GIT_IDENTITY)
    env["PRE_COMMIT_HOME"] = str(folder.parent / "pre-commit-home")
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def initialized(tmp_path: Path) -> Path:
    """A new plan repository: 'planctl init --template tlt-work-plan', then 'git init'."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install pre-commit)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if shutil.which("planctl", path=str(BIN)) is None:
        pytest.skip(f"the planctl command is not installed beside {sys.executable}")
    folder = tmp_path / "riverbend-plans"
    result = subprocess.run(
        [str(BIN / "planctl"), "init", str(folder), "--template", "tlt-work-plan"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    git("init", "-q", cwd=folder)
    return folder


PLAN_FILE = "plans/tlt-work-plan.plan.yaml"


@pytest.mark.slow
def test_the_hooks_init_writes_pass_a_filled_in_plan(initialized: Path) -> None:
    plan = initialized / PLAN_FILE
    plan.write_text(fill_in(plan.read_text(encoding="utf-8")), encoding="utf-8")
    git("add", "-A", cwd=initialized)
    result = pre_commit_run(initialized)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^planctl validate\.+Passed$", result.stdout, re.MULTILINE), output
    assert re.search(r"^planctl fmt\.+Passed$", result.stdout, re.MULTILINE), output


@pytest.mark.slow
def test_the_hooks_init_writes_pass_the_starter_plan_and_list_its_gaps(
    initialized: Path,
) -> None:
    # The starter plan is a draft: the first commit passes, its gaps shown as warnings.
    git("add", "-A", cwd=initialized)
    result = pre_commit_run(initialized)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^planctl validate\.+Passed$", result.stdout, re.MULTILINE), output
    # The formatter leaves the starter plan as it is.
    assert re.search(r"^planctl fmt\.+Passed$", result.stdout, re.MULTILINE), output
    text = (initialized / PLAN_FILE).read_text(encoding="utf-8").splitlines()
    due = text.index("        due:") + 1
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    shown = subprocess.run(
        [str(BIN / "planctl"), "validate", PLAN_FILE],
        cwd=initialized,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0, shown.stdout
    assert f"{PLAN_FILE}:{due}:9: warning [required-fields]" in shown.stdout


@pytest.mark.slow
def test_the_hooks_init_writes_stop_the_starter_plan_once_adopted(initialized: Path) -> None:
    plan = initialized / PLAN_FILE
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("status: draft", "status: adopted"), encoding="utf-8")
    git("add", "-A", cwd=initialized)
    result = pre_commit_run(initialized)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"^planctl validate\.+Failed$", result.stdout, re.MULTILINE), output
    due = text.splitlines().index("        due:") + 1
    assert f"{PLAN_FILE}:{due}:9: error [required-fields]" in output


@pytest.mark.slow
def test_the_hooks_init_writes_stop_a_broken_plan(initialized: Path) -> None:
    plan = initialized / PLAN_FILE
    filled = fill_in(plan.read_text(encoding="utf-8"))
    plan.write_text(filled.replace("due: 2025-10", "due: Mid-way check in"), encoding="utf-8")
    git("add", "-A", cwd=initialized)
    result = pre_commit_run(initialized)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    line = filled.splitlines().index("        due: 2025-10") + 1
    assert f"{PLAN_FILE}:{line}:14: error [date-format]" in output
    assert "'Mid-way check in' is not a date" in output
