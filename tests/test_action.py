"""The GitHub Action: its structure, and its scripts run here as a runner would run them.

GitHub cannot be run in a test, so the action's shell steps are run with
bash exactly as written, with the environment GitHub would give them
(:mod:`tests.ci_steps`): the check must put each problem on its line and
write the job summary, the packet must be made when a plan fails, and no
input may reach the shell as code.
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

from tests.ci_steps import ARTIFACT_URL, Job, check_schema, git, run_steps, upload_artifact

REPO = Path(__file__).resolve().parent.parent
ACTION = REPO / "action.yml"
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
    assert action["outputs"]["problems"]["value"] == "${{ steps.check.outputs.status }}"


def test_the_action_is_valid_for_github() -> None:
    check_schema(ACTION, "vendor.github-actions")


def test_every_run_step_names_its_shell(action: Any) -> None:
    runs = [step for step in steps(action) if "run" in step]
    assert len(runs) == 6
    for step in runs:
        assert step["shell"] == "bash", step.get("name")


def test_inputs_reach_scripts_only_through_the_environment(action: Any) -> None:
    for step in steps(action):
        if "run" in step:
            # Nothing is pasted into a script; GitHub would substitute it before bash parses it.
            assert EXPRESSION.search(step["run"]) is None, step["run"]
        for value in step.get("env", {}).values():
            assert re.fullmatch(
                r"\$\{\{ ((inputs|github)\.[a-z_-]+|steps\.[a-z]+\.outputs\.[a-z-]+) \}\}", value
            ), value
    # Every input is used somewhere.
    text = ACTION.read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"inputs.{name} }}}}" in text, name


def test_the_action_leaves_the_jobs_python_alone(action: Any) -> None:
    """No setup-python (it would change the Python of the steps after the action)."""
    uses = [step["uses"] for step in steps(action) if "uses" in step]
    assert uses == ["actions/upload-artifact@v4"]
    install = step_named(action, "Install planctl")
    assert install["env"]["PLANCTL_SOURCE"] == "${{ github.action_path }}"
    assert install["env"]["PLANCTL_VERSION"] == "${{ inputs.version }}"
    assert "-m venv" in install["run"]
    assert "GITHUB_PATH" not in ACTION.read_text(encoding="utf-8")
    assert "GITHUB_ENV" not in ACTION.read_text(encoding="utf-8")


def test_the_check_step_annotates_for_github(action: Any) -> None:
    check = step_named(action, "Check plans")
    assert "validate" in check["run"]
    assert "--format github" in check["run"]
    assert "--strict" in check["run"]
    assert set(check["env"]) == {"PLANCTL", "PLANCTL_PATHS", "PLANCTL_STRICT"}
    assert "if" not in check


def test_the_packet_is_made_whether_or_not_the_check_passes(action: Any) -> None:
    render = step_named(action, "Render the packet")
    upload = step_named(action, "Upload the packet")
    for step in (render, upload, step_named(action, "Link the packet")):
        assert step["if"] == "${{ inputs.render == 'true' }}"
    assert "render" in render["run"]
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"] == "${{ inputs.render-output }}"
    names = [step["name"] for step in steps(action)]
    # The check records its result; the job fails in the last step, after the packet.
    assert names.index("Check plans") < names.index("Render the packet")
    assert names[-1] == "Fail when a plan has problems"
    assert "failure()" not in ACTION.read_text(encoding="utf-8")


# The action's scripts, run as GitHub runs them.


def run_step(
    action: Any, name: str, env: dict[str, str], cwd: Path, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one step's script with bash as GitHub does, planctl being the one installed here."""
    step = step_named(action, name)
    assert set(env) <= set(step["env"]), "the test sets a variable the step does not"
    inputs = {key: spec.get("default", "") for key, spec in action["inputs"].items()}
    job = run_one(step, cwd, inputs, env, path)
    return job.results[name]


def run_one(
    step: dict[str, Any], cwd: Path, inputs: dict[str, str], env: dict[str, str], path: str | None
) -> Job:
    # One step alone: run whatever its condition (the job test checks the conditions).
    fixed = {key: value for key, value in step.items() if key != "if"}
    fixed["env"] = {**step["env"], **env}
    return run_steps(
        [fixed],
        cwd,
        inputs=inputs,
        path=path or str(BIN),
        given={"install": {"planctl": str(BIN / "planctl")}},
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


def check(action: Any, cwd: Path, paths: str, strict: str = "false") -> Job:
    """The check step alone; its result is ``job.results['Check plans']``."""
    step = step_named(action, "Check plans")
    inputs = {"paths": paths, "strict": strict}
    return run_one(step, cwd, inputs, {}, None)


def test_the_check_step_puts_each_error_on_its_line(action: Any, tmp_path: Path) -> None:
    require_planctl()
    (tmp_path / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    job = check(action, tmp_path, "bad.plan.yaml")
    result = job.results["Check plans"]
    # The step records the failure for the last step, so the packet is still made.
    assert result.returncode == 0, result.stderr
    assert job.outputs["check"] == {"status": "1"}
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
    env.pop("GITHUB_STEP_SUMMARY", None)
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
    step = check(action, tmp_path, "bad.plan.yaml").results["Check plans"]
    assert step.stdout == auto.stdout


def test_strict_makes_warnings_fail(action: Any, tmp_path: Path) -> None:
    require_planctl()
    (tmp_path / "warn.plan.yaml").write_text(WARNING_PLAN, encoding="utf-8")
    jobs = {
        strict: check(action, tmp_path, "warn.plan.yaml", strict) for strict in ("false", "true")
    }
    assert jobs["false"].outputs["check"] == {"status": "0"}
    assert jobs["true"].outputs["check"] == {"status": "1"}
    for job in jobs.values():
        result = job.results["Check plans"]
        assert workflow_commands(result.stdout) == [("warning", "warn.plan.yaml", 5)]


def test_paths_may_be_several_on_lines_of_their_own(action: Any, tmp_path: Path) -> None:
    require_planctl()
    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    job = check(action, tmp_path, "north\nsouth/bad.plan.yaml\n")
    assert job.outputs["check"] == {"status": "1"}
    files = {file for _, file, _ in workflow_commands(job.results["Check plans"].stdout)}
    assert files == {"north/bad.plan.yaml", "south/bad.plan.yaml"}


def test_an_input_is_never_run_as_a_command(action: Any, tmp_path: Path) -> None:
    require_planctl()
    (tmp_path / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    hostile = '$(touch pwned) `touch pwned` "; touch pwned; echo " *'
    result = check(action, tmp_path, hostile).results["Check plans"]
    # A command that cannot run fails the step itself.
    assert result.returncode == 2
    assert "no such file or folder: $(touch" in result.stderr
    assert not (tmp_path / "pwned").exists()
    # Nor as a pattern: folders are searched, and a path is taken as written.
    result = check(action, tmp_path, "*.plan.yaml").results["Check plans"]
    assert result.returncode == 2
    assert "no such file or folder: *.plan.yaml" in result.stderr


INSTALL_SHIM = """#!/bin/sh
echo "{name} $*" >> "{log}"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    mkdir -p "$3/bin"
    for tool in python planctl; do
        printf '#!/bin/sh\\necho "venv-%s $*" >> "{log}"\\n' "$tool" > "$3/bin/$tool"
        chmod +x "$3/bin/$tool"
    done
fi
"""


def test_the_install_step_makes_a_venv_of_its_own(action: Any, tmp_path: Path) -> None:
    """With a stand-in python3 that records what it is asked and makes a stand-in venv."""
    shims = tmp_path / "bin"
    shims.mkdir()
    log = tmp_path / "calls.log"
    shim = shims / "python3"
    shim.write_text(INSTALL_SHIM.format(name="python3", log=log), encoding="utf-8")
    shim.chmod(0o755)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    venv = runner_temp / "planctl-venv"
    pip = "-m pip install --disable-pip-version-check --quiet"
    cases = {
        ("", "false", "html"): "/actions/planctl",
        ("planctl-schools==0.2.0", "false", "html"): "planctl-schools==0.2.0",
        ("", "true", "pdf"): "/actions/planctl[pdf]",
    }
    step = step_named(action, "Install planctl")
    for (version, render, render_format), requirement in cases.items():
        log.write_text("", encoding="utf-8")
        env = {
            "PLANCTL_VERSION": version,
            "PLANCTL_SOURCE": "/actions/planctl",
            "PLANCTL_RENDER": render,
            "PLANCTL_RENDER_FORMAT": render_format,
        }
        fixed = {**step, "env": env}
        job = run_steps(
            [fixed], tmp_path, path=f"{shims}:/usr/bin:/bin", env={"RUNNER_TEMP": str(runner_temp)}
        )
        result = job.results["Install planctl"]
        assert result.returncode == 0, result.stderr
        assert log.read_text(encoding="utf-8").splitlines() == [
            f"python3 -m venv {venv}",
            f"venv-python {pip} {requirement}",
            "venv-planctl --version",
        ]
        # Later steps run planctl from the venv; nothing is put on the job's PATH.
        assert job.outputs["install"] == {"planctl": f"{venv}/bin/planctl"}


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


# The whole action on a pull request whose plan fails.

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


def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """The district's repository with main, and a checkout of a pull request breaking its plan.

    Returns the checkout and its commit.
    """
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git("init", "-q", cwd=upstream)
    (upstream / "plans").mkdir()
    (upstream / "plans" / "reading.plan.yaml").write_text(BASE_PLAN, encoding="utf-8")
    git("add", "-A", cwd=upstream)
    git("commit", "-q", "-m", "The adopted reading plan", cwd=upstream)
    workspace = tmp_path / "workspace"
    git("clone", "-q", upstream.as_uri(), str(workspace), cwd=tmp_path)
    git("checkout", "-q", "-b", "reading-update", cwd=workspace)
    (workspace / "plans" / "reading.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    git("commit", "-q", "-am", "Move the coaches' training; buy books", cwd=workspace)
    return workspace, git("rev-parse", "HEAD", cwd=workspace).strip()


def test_a_failing_pull_request_gets_annotations_a_summary_the_changes_and_a_packet(
    action: Any, tmp_path: Path
) -> None:
    require_planctl()
    workspace, commit = pull_request(tmp_path)
    summary = tmp_path / "step-summary.md"
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    github = {"base_ref": "main", "action_path": str(REPO)}
    env = {
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_REPOSITORY": "riverbend/plans",
        "GITHUB_SHA": commit,
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": "reading-update",
        "GITHUB_EVENT_NAME": "pull_request",
        "RUNNER_TEMP": str(runner_temp),
    }
    inputs = {key: spec.get("default", "") for key, spec in action["inputs"].items()}
    inputs.update({"paths": "plans", "render": "true"})
    uploaded: list[Path] = []
    job = run_steps(
        steps(action),
        workspace,
        inputs=inputs,
        github=github,
        env=env,
        path=str(BIN),
        skip=("Install planctl",),
        given={"install": {"planctl": str(BIN / "planctl")}},
        uses={"actions/upload-artifact": upload_artifact(uploaded)},
    )
    # The job fails in its last step, after everything else was done.
    assert job.failed == "Fail when a plan has problems"
    assert job.skipped == ["Install planctl"]
    last = job.results["Fail when a plan has problems"]
    assert last.returncode == 1
    assert "listed in the job summary" in last.stdout
    check_stdout = job.results["Check plans"].stdout
    assert "::error file=plans/reading.plan.yaml,line=9," in check_stdout
    text = summary.read_text(encoding="utf-8")
    # The check: counts, then each problem linked to its line at this commit.
    assert text.startswith("## ❌ Plan check\n\n2 errors in 1 of 1 file\n")
    link = f"https://github.example/riverbend/plans/blob/{commit}/plans/reading.plan.yaml#L9"
    assert f"[plans/reading.plan.yaml:9:14]({link})" in text
    # The changes since the base branch, in planning words.
    changes = text[text.index("## Plan changes since main") :]
    assert "### plans/reading.plan.yaml" in changes
    assert "1 step added" in changes
    assert "Buy decodable books" in changes
    # The packet, made although the plan fails, with its problems noted, and its link.
    assert uploaded == [workspace / "packet.html"]
    packet = uploaded[0].read_text(encoding="utf-8")
    assert "Train reading coaches" in packet
    assert "have 2 validation problems" in packet
    assert f"[Download the board packet]({ARTIFACT_URL})" in text
    assert text.index("Plan check") < text.index("Plan changes") < text.index("Board packet")


def test_outside_a_pull_request_there_is_nothing_to_compare(action: Any, tmp_path: Path) -> None:
    require_planctl()
    workspace, _ = pull_request(tmp_path)
    summary = tmp_path / "step-summary.md"
    step = step_named(action, "Compare with the base branch")
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_BASE_REF": ""}
    job = run_steps(
        [step],
        workspace,
        inputs={"paths": "plans"},
        env=env,
        path=str(BIN),
        given={"install": {"planctl": str(BIN / "planctl")}},
    )
    assert job.results["Compare with the base branch"].returncode == 0
    assert not summary.exists() or summary.read_text(encoding="utf-8") == ""


def test_a_base_branch_that_cannot_be_fetched_is_said_and_not_fatal(
    action: Any, tmp_path: Path
) -> None:
    require_planctl()
    workspace, _ = pull_request(tmp_path)
    summary = tmp_path / "step-summary.md"
    job = run_steps(
        [step_named(action, "Compare with the base branch")],
        workspace,
        inputs={"paths": "plans"},
        env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_BASE_REF": "no-such-branch"},
        path=str(BIN),
        given={"install": {"planctl": str(BIN / "planctl")}},
    )
    assert job.failed is None
    assert "could not be fetched" in summary.read_text(encoding="utf-8")
