"""The CI files 'planctl init' writes, run here as GitHub and GitLab would run them.

The workflow's shell steps run in order with bash (:mod:`tests.ci_steps`),
with the variables GitHub sets, in a git repository whose pull request breaks
a plan: the job summary must hold the problems with links and the plan
changes, and the packet must be made though the plan fails. The GitLab job's
scripts run the same way, as one shell script, with GitLab's variables. The
install step is the one part not run: it would fetch planctl from the package
index; a stand-in python records what it would install.
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

from planctl.init import DISTRIBUTION, gitlab_text, workflow_text
from tests.ci_steps import (
    ARTIFACT_URL,
    EXPRESSION,
    check_schema,
    git,
    run_steps,
    upload_artifact,
)

BIN = Path(sys.executable).parent
BASE_PLAN = """\
planctl: 1
template: tlt-work-plan
title: Reading plan
goals:
  - title: Every third grader reads on grade level
    measures: [At least 80% of third graders read on grade level by June 2025]
    steps:
      - action: Train reading coaches
        due: 2024-09
        outcome: Coaches trained
        measure: Training sign-in sheets
        owners: [Reading office]
"""
BROKEN_PLAN = BASE_PLAN.replace("due: 2024-09", "due: Mid-way check in") + (
    "      - action: Buy decodable books\n"
    "        due: 2024-10\n"
    "        measure: Book orders\n"
    "        owners: [Reading office]\n"
)
SOURCE = "https://git.riverbend.example/it/planctl.git@v0.2.0"
ROSTER = "- name: Reading office\n  team: true\n"


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def require_tools() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if shutil.which("planctl", path=str(BIN)) is None:
        pytest.skip(f"the planctl command is not installed beside {sys.executable}")


def merge_request(tmp_path: Path) -> tuple[Path, str]:
    """A plan repository set up by 'planctl init', and a checkout of a change breaking its plan.

    Returns the checkout and its commit.
    """
    upstream = tmp_path / "upstream"
    done = subprocess.run(
        [str(BIN / "planctl"), "init", str(upstream), "--template", "tlt-work-plan"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (upstream / "plans" / "tlt-work-plan.plan.yaml").unlink()
    (upstream / "plans" / "reading.plan.yaml").write_text(BASE_PLAN, encoding="utf-8")
    git("init", "-q", cwd=upstream)
    git("add", "-A", cwd=upstream)
    git("commit", "-q", "-m", "The adopted reading plan", cwd=upstream)
    workspace = tmp_path / "workspace"
    git("clone", "-q", upstream.as_uri(), str(workspace), cwd=tmp_path)
    git("checkout", "-q", "-b", "reading-update", cwd=workspace)
    (workspace / "plans" / "reading.plan.yaml").write_text(BROKEN_PLAN, encoding="utf-8")
    git("commit", "-q", "-am", "Move the coaches' training; buy books", cwd=workspace)
    return workspace, git("rev-parse", "HEAD", cwd=workspace).strip()


# The GitHub workflow.


def test_the_ci_files_are_valid_for_github_and_gitlab(tmp_path: Path) -> None:
    for name, text, schema in (
        ("plans.yml", workflow_text(), "vendor.github-workflows"),
        ("with-source.yml", workflow_text(SOURCE), "vendor.github-workflows"),
        (".gitlab-ci.yml", gitlab_text(), "vendor.gitlab-ci"),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        check_schema(path, schema)


def test_the_workflow_runs_on_the_files_a_plan_depends_on() -> None:
    workflow = load(workflow_text())
    for event in ("pull_request", "push"):
        paths = workflow["on"][event]["paths"]
        # Plans, a roster (people.yaml), district templates of any name, and the settings.
        assert {"**/*.yaml", "**/*.yml", "planctl.toml"} <= set(paths), event
    assert workflow["permissions"] == {"contents": "read"}


def test_the_workflow_passes_values_to_scripts_only_through_the_environment() -> None:
    workflow = load(workflow_text())
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert EXPRESSION.search(step.get("run", "")) is None, step.get("name")


def test_the_workflow_can_upload_sarif() -> None:
    workflow = load(workflow_text())
    job = workflow["jobs"]["code-scanning"]
    assert "vars.PLANCTL_SARIF" in job["if"]
    assert job["permissions"]["security-events"] == "write"
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "planctl validate --format sarif -o planctl.sarif" in runs
    (upload,) = [s for s in job["steps"] if s.get("uses", "").endswith("/upload-sarif@v3")]
    assert upload["with"]["sarif_file"] == "planctl.sarif"
    assert "always()" in upload["if"]


def test_the_install_step_installs_the_published_name(tmp_path: Path) -> None:
    shims = tmp_path / "bin"
    shims.mkdir()
    log = tmp_path / "calls.log"
    for name in ("python", "planctl"):
        shim = shims / name
        shim.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n', encoding="utf-8")
        shim.chmod(0o755)
    steps = load(workflow_text())["jobs"]["check"]["steps"]
    (install,) = [step for step in steps if step.get("name") == "Install planctl"]
    job = run_steps([install], tmp_path, path=f"{shims}:/usr/bin:/bin")
    assert job.failed is None
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"python -m pip install --disable-pip-version-check --quiet {DISTRIBUTION}",
        "planctl --version",
    ]


@pytest.mark.slow
def test_the_workflow_on_a_pull_request_that_breaks_a_plan(tmp_path: Path) -> None:
    require_tools()
    workspace, commit = merge_request(tmp_path)
    summary = tmp_path / "step-summary.md"
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_REPOSITORY": "riverbend/plans",
        "GITHUB_SHA": commit,
        "GITHUB_REF": "refs/pull/4/merge",
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": "reading-update",
        "GITHUB_EVENT_NAME": "pull_request",
        "RUNNER_TEMP": str(runner_temp),
    }
    uploaded: list[Path] = []
    job = run_steps(
        load(workflow_text())["jobs"]["check"]["steps"],
        workspace,
        github={"base_ref": "main", "event_name": "pull_request"},
        env=env,
        path=str(BIN),
        skip=("Install planctl",),
        uses={"actions/upload-artifact": upload_artifact(uploaded)},
    )
    assert job.failed == "Fail when a plan has problems", {
        name: result.stderr for name, result in job.results.items()
    }
    annotations = job.results["Check plans"].stdout
    assert "::error file=plans/reading.plan.yaml,line=9,col=14," in annotations
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## ❌ Plan check\n\n2 errors in 1 of 1 file\n")
    link = f"https://github.example/riverbend/plans/blob/{commit}/plans/reading.plan.yaml#L9"
    assert f"[plans/reading.plan.yaml:9:14]({link})" in text
    changes = text[text.index("## Plan changes since main") :]
    assert "origin/main → working tree: **1 step added, 1 due date changed**" in changes
    assert "added Key action step 2 'Buy decodable books'" in changes
    assert uploaded == [workspace / "packet.html"]
    assert "have 2 validation problems" in uploaded[0].read_text(encoding="utf-8")
    assert f"[Download the board packet]({ARTIFACT_URL})" in text


@pytest.mark.slow
def test_the_workflow_on_main_passes_without_a_comparison(tmp_path: Path) -> None:
    require_tools()
    workspace, _ = merge_request(tmp_path)
    git("checkout", "-q", "main", cwd=workspace)
    (workspace / "people.yaml").write_text(ROSTER, encoding="utf-8")
    summary = tmp_path / "step-summary.md"
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_BASE_REF": "",
        "GITHUB_EVENT_NAME": "push",
        "RUNNER_TEMP": str(runner_temp),
    }
    uploaded: list[Path] = []
    job = run_steps(
        load(workflow_text())["jobs"]["check"]["steps"],
        workspace,
        github={"event_name": "push"},
        env=env,
        path=str(BIN),
        skip=("Install planctl",),
        uses={"actions/upload-artifact": upload_artifact(uploaded)},
    )
    assert job.failed is None, {name: result.stderr for name, result in job.results.items()}
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## ✅ Plan check\n\nNo problems in 1 file.\n")
    assert "Plan changes" not in text
    assert uploaded == [workspace / "packet.html"]


# The GitLab job.


def test_the_gitlab_job_fills_the_code_quality_widget_and_keeps_its_files() -> None:
    job = load(gitlab_text())["plans"]
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert set(job["artifacts"]["paths"]) == {
        "gl-code-quality-report.json",
        "packet.html",
        "plan-changes.md",
    }
    merge_requests = [rule for rule in job["rules"] if "merge_request_event" in rule["if"]]
    assert {"**/*.yaml", "**/*.yml", "planctl.toml"} <= set(merge_requests[0]["changes"])


def run_gitlab_job(workspace: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The job's script as GitLab's shell runs it: its lines as one script, stopping at failure."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    job = load(gitlab_text())["plans"]
    script = "\n".join(job["script"])
    full = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    full["PATH"] = str(BIN) + os.pathsep + full.get("PATH", "")
    full.update(env)
    return subprocess.run(
        [bash, "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
        cwd=workspace,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_the_gitlab_job_on_a_merge_request_that_breaks_a_plan(tmp_path: Path) -> None:
    require_tools()
    workspace, _ = merge_request(tmp_path)
    result = run_gitlab_job(
        workspace,
        {
            "CI": "true",
            "GITLAB_CI": "true",
            "CI_PROJECT_DIR": str(workspace),
            "CI_PIPELINE_SOURCE": "merge_request_event",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
            "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "reading-update",
        },
    )
    assert result.returncode == 1, result.stderr
    # The log says the problems in words.
    assert "plans/reading.plan.yaml:9:14: error [date-format]" in result.stdout
    report = (workspace / "gl-code-quality-report.json").read_text(encoding="utf-8")
    assert '"path": "plans/reading.plan.yaml"' in report
    changes = (workspace / "plan-changes.md").read_text(encoding="utf-8")
    assert "**1 step added, 1 due date changed**" in changes
    packet = (workspace / "packet.html").read_text(encoding="utf-8")
    assert "have 2 validation problems" in packet


@pytest.mark.slow
def test_the_gitlab_job_on_the_default_branch_passes(tmp_path: Path) -> None:
    require_tools()
    workspace, _ = merge_request(tmp_path)
    git("checkout", "-q", "main", cwd=workspace)
    result = run_gitlab_job(
        workspace, {"CI_PROJECT_DIR": str(workspace), "CI_PIPELINE_SOURCE": "push"}
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"No problems in 1 file", result.stdout)
    assert not (workspace / "plan-changes.md").exists()
    assert (workspace / "packet.html").is_file()
