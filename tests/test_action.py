"""The GitHub Action and the example CI files: their structure, and the action's scripts run here.

GitHub cannot be run in a test, so the action's shell steps are run with
bash exactly as written, with the environment GitHub would give them: the
check must put each problem on its line, and no input may reach the shell
as code.
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

REPO = Path(__file__).resolve().parent.parent
ACTION = REPO / "action.yml"
GITHUB_WORKFLOW = REPO / "examples" / "ci" / "github-workflow.yml"
GITLAB_CI = REPO / "examples" / "ci" / "gitlab-ci.yml"
BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)

BAD_PLAN = """\
planctl: 1
template: tlt-work-plan
title: Reading plan
goals:
  - title: Every third grader reads on grade level
    measure: 80% of third graders read on grade level by June 2025
    steps:
      - action: Train reading coaches
        due: Mid-way check in
        outcome: Coaches trained
        measure: Training sign-in sheets
        owners: [Reading office]
      - action: Buy decodable books
        due: 2024-10
        measure: Book orders
        owners: [Reading office]
"""
# A plan with a warning and no error: a goal with no steps.
WARNING_PLAN = """\
planctl: 1
template: tlt-work-plan
title: Reading plan
goals:
  - title: Every third grader reads on grade level
    measure: 80% of third graders read on grade level by June 2025
"""


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def action() -> Any:
    return load(ACTION)


def steps(action: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = action["runs"]["steps"]
    return found


def step_named(action: Any, name: str) -> dict[str, Any]:
    (step,) = [step for step in steps(action) if step.get("name") == name]
    return step


# The structure of action.yml.


def test_the_action_is_a_composite_action_with_its_inputs(action: Any) -> None:
    assert action["name"] == "planctl"
    assert action["description"]
    assert action["runs"]["using"] == "composite"
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {
        "paths": ".",
        "strict": "false",
        "version": "",
        "render": "false",
        "render-format": "html",
        "render-output": "packet.html",
    }
    for name, spec in action["inputs"].items():
        assert spec["description"], name
        assert spec["required"] is False, name


def test_every_run_step_names_its_shell(action: Any) -> None:
    runs = [step for step in steps(action) if "run" in step]
    assert len(runs) == 3
    for step in runs:
        assert step["shell"] == "bash", step.get("name")


def test_inputs_reach_scripts_only_through_the_environment(action: Any) -> None:
    for step in steps(action):
        if "run" in step:
            # Nothing is pasted into a script; GitHub would substitute it before bash parses it.
            assert EXPRESSION.search(step["run"]) is None, step["run"]
        for value in step.get("env", {}).values():
            assert re.fullmatch(r"\$\{\{ (inputs|github)\.[a-z_-]+ \}\}", value), value
    # Every input is used somewhere.
    text = ACTION.read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"inputs.{name} }}}}" in text, name


def test_the_action_sets_up_python_and_installs_planctl(action: Any) -> None:
    setup = steps(action)[0]
    assert setup["uses"] == "actions/setup-python@v5"
    assert setup["with"]["python-version"] == "3.12"
    install = step_named(action, "Install planctl")
    assert install["env"]["PLANCTL_SOURCE"] == "${{ github.action_path }}"
    assert install["env"]["PLANCTL_VERSION"] == "${{ inputs.version }}"
    assert "pip install" in install["run"]


def test_the_check_step_annotates_for_github(action: Any) -> None:
    check = step_named(action, "Check plans")
    assert "planctl validate" in check["run"]
    assert "--format github" in check["run"]
    assert "--strict" in check["run"]
    assert set(check["env"]) == {"PLANCTL_PATHS", "PLANCTL_STRICT"}
    assert "if" not in check


def test_rendering_and_upload_happen_only_when_asked(action: Any) -> None:
    render = step_named(action, "Render the packet")
    upload = step_named(action, "Upload the packet")
    for step in (render, upload):
        assert step["if"] == "${{ inputs.render == 'true' }}"
    assert "planctl render" in render["run"]
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"] == "${{ inputs.render-output }}"
    assert steps(action)[-2:] == [render, upload]


# The action's scripts, run as GitHub runs them.


def run_step(
    action: Any, name: str, env: dict[str, str], cwd: Path, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one step's script with bash as GitHub does (``bash -e -o pipefail``)."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed; GitHub runs the action's scripts with bash")
    step = step_named(action, name)
    assert set(env) <= set(step["env"]), "the test sets a variable the step does not"
    base = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    base["GITHUB_ACTIONS"] = "true"  # as on every GitHub runner
    base["PATH"] = (path or str(BIN)) + os.pathsep + base.get("PATH", "")
    base.update(env)
    return subprocess.run(
        [bash, "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def require_planctl() -> None:
    if shutil.which("planctl", path=str(BIN)) is None:
        pytest.skip(f"the planctl command is not installed beside {sys.executable}")


def line_of(text: str, fragment: str) -> int:
    (number,) = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return number


def workflow_commands(stdout: str) -> list[tuple[str, str, int]]:
    """(level, file, line) of each workflow command in ``stdout``."""
    found = []
    for line in stdout.splitlines():
        match = re.match(r"^::(error|warning|notice) file=([^,]+),line=(\d+),", line)
        assert match, f"not a workflow command: {line!r}"
        found.append((match[1], match[2], int(match[3])))
    return found


def test_the_check_step_puts_each_error_on_its_line(action: Any, tmp_path: Path) -> None:
    require_planctl()
    (tmp_path / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    result = run_step(
        action,
        "Check plans",
        {"PLANCTL_PATHS": "bad.plan.yaml", "PLANCTL_STRICT": "false"},
        tmp_path,
    )
    assert result.returncode == 1, result.stderr
    found = workflow_commands(result.stdout)
    assert ("error", "bad.plan.yaml", line_of(BAD_PLAN, "Mid-way check in")) in found
    # The second step has no outcome: reported at the step itself.
    assert ("error", "bad.plan.yaml", line_of(BAD_PLAN, "Buy decodable books")) in found
    assert result.stdout.count("::error ") == 2


def test_the_check_step_prints_what_format_auto_prints_in_github(
    action: Any, tmp_path: Path
) -> None:
    """The step's output is what 'planctl validate --format auto' gives inside GitHub Actions."""
    require_planctl()
    (tmp_path / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    env = dict(os.environ, GITHUB_ACTIONS="true")
    auto = subprocess.run(
        [str(BIN / "planctl"), "validate", "--format", "auto", "bad.plan.yaml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert auto.returncode == 1
    assert auto.stdout.startswith(f"::error file=bad.plan.yaml,line={line_of(BAD_PLAN, 'Mid')},")
    step = run_step(
        action,
        "Check plans",
        {"PLANCTL_PATHS": "bad.plan.yaml", "PLANCTL_STRICT": "false"},
        tmp_path,
    )
    assert step.stdout == auto.stdout


def test_strict_makes_warnings_fail(action: Any, tmp_path: Path) -> None:
    require_planctl()
    (tmp_path / "warn.plan.yaml").write_text(WARNING_PLAN, encoding="utf-8")
    results = {
        strict: run_step(
            action,
            "Check plans",
            {"PLANCTL_PATHS": "warn.plan.yaml", "PLANCTL_STRICT": strict},
            tmp_path,
        )
        for strict in ("false", "true")
    }
    assert results["false"].returncode == 0
    assert results["true"].returncode == 1
    for result in results.values():
        assert workflow_commands(result.stdout) == [("warning", "warn.plan.yaml", 5)]


def test_paths_may_be_several_on_lines_of_their_own(action: Any, tmp_path: Path) -> None:
    require_planctl()
    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    result = run_step(
        action,
        "Check plans",
        {"PLANCTL_PATHS": "north\nsouth/bad.plan.yaml\n", "PLANCTL_STRICT": "false"},
        tmp_path,
    )
    assert result.returncode == 1
    files = {file for _, file, _ in workflow_commands(result.stdout)}
    assert files == {"north/bad.plan.yaml", "south/bad.plan.yaml"}


def test_an_input_is_never_run_as_a_command(action: Any, tmp_path: Path) -> None:
    require_planctl()
    (tmp_path / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    hostile = '$(touch pwned) `touch pwned` "; touch pwned; echo " *'
    result = run_step(
        action, "Check plans", {"PLANCTL_PATHS": hostile, "PLANCTL_STRICT": "false"}, tmp_path
    )
    assert result.returncode == 2
    assert "no such file or folder: $(touch" in result.stderr
    assert not (tmp_path / "pwned").exists()
    # Nor as a pattern: folders are searched, and a path is taken as written.
    result = run_step(
        action, "Check plans", {"PLANCTL_PATHS": "*.plan.yaml", "PLANCTL_STRICT": "false"}, tmp_path
    )
    assert result.returncode == 2
    assert "no such file or folder: *.plan.yaml" in result.stderr


def test_the_install_step_installs_the_action_checkout_or_the_version_given(
    action: Any, tmp_path: Path
) -> None:
    """With stand-ins for python and planctl that record what they are asked to do."""
    shims = tmp_path / "bin"
    shims.mkdir()
    log = tmp_path / "calls.log"
    for name in ("python", "planctl"):
        shim = shims / name
        shim.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n', encoding="utf-8")
        shim.chmod(0o755)
    cases = {
        "": "python -m pip install --disable-pip-version-check --quiet /actions/planctl",
        "planctl==0.1.0": "python -m pip install --disable-pip-version-check --quiet "
        "planctl==0.1.0",
    }
    for version, expected in cases.items():
        log.write_text("", encoding="utf-8")
        env = {
            "PLANCTL_VERSION": version,
            "PLANCTL_SOURCE": "/actions/planctl",
            "PLANCTL_RENDER": "false",
            "PLANCTL_RENDER_FORMAT": "html",
        }
        result = run_step(action, "Install planctl", env, tmp_path, path=str(shims))
        assert result.returncode == 0, result.stderr
        assert log.read_text(encoding="utf-8").splitlines() == [expected, "planctl --version"]
    log.write_text("", encoding="utf-8")
    env.update({"PLANCTL_VERSION": "", "PLANCTL_RENDER": "true", "PLANCTL_RENDER_FORMAT": "pdf"})
    run_step(action, "Install planctl", env, tmp_path, path=str(shims))
    assert log.read_text(encoding="utf-8").splitlines()[0].endswith("/actions/planctl[pdf]")


def test_the_render_step_writes_the_packet(action: Any, tmp_path: Path) -> None:
    require_planctl()
    (tmp_path / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    result = run_step(
        action,
        "Render the packet",
        {
            "PLANCTL_PATHS": ".",
            "PLANCTL_RENDER_FORMAT": "html",
            "PLANCTL_RENDER_OUTPUT": "packet.html",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Train reading coaches" in (tmp_path / "packet.html").read_text(encoding="utf-8")


# The example CI files.


def test_the_github_workflow_checks_pull_requests_that_touch_plans() -> None:
    workflow = load(GITHUB_WORKFLOW)
    assert "**/*.plan.yaml" in workflow["on"]["pull_request"]["paths"]
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["validate"]
    uses = [step for step in job["steps"] if "uses" in step]
    assert uses[0]["uses"] == "actions/checkout@v4"
    (action_step,) = [step for step in uses if step["uses"].endswith("/planctl@v1")]
    assert action_step["uses"] == "<owner>/planctl@v1"
    assert set(action_step["with"]) <= set(load(ACTION)["inputs"])


def test_the_github_workflow_can_upload_sarif() -> None:
    workflow = load(GITHUB_WORKFLOW)
    job = workflow["jobs"]["code-scanning"]
    assert "vars.PLANCTL_SARIF" in job["if"]
    assert job["permissions"]["security-events"] == "write"
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "planctl validate --format sarif -o planctl.sarif" in runs
    (upload,) = [s for s in job["steps"] if s.get("uses", "").endswith("/upload-sarif@v3")]
    assert upload["with"]["sarif_file"] == "planctl.sarif"
    assert "always()" in upload["if"]
    for step in job["steps"]:
        assert EXPRESSION.search(step.get("run", "")) is None


def test_the_gitlab_job_fills_the_code_quality_widget() -> None:
    config = load(GITLAB_CI)
    job = config["planctl"]
    assert "planctl validate --format gitlab -o gl-code-quality-report.json ." in job["script"]
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    merge_requests = [rule for rule in job["rules"] if "merge_request_event" in rule["if"]]
    assert merge_requests
    assert "**/*.plan.yaml" in merge_requests[0]["changes"]


def test_the_examples_name_the_same_planctl_release() -> None:
    """The placeholders the README explains: <owner>, tag v1 for the action and its install."""
    for path in (GITHUB_WORKFLOW, GITLAB_CI):
        text = path.read_text(encoding="utf-8")
        assert "<owner>/planctl@v1" in text, path.name
