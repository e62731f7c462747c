"""Running the shell steps of a GitHub Actions file here, as a runner would.

GitHub cannot be run in a test, so :func:`run_steps` plays a job: each step's
``run`` script is run with bash exactly as written (``bash -e -o pipefail``,
as GitHub runs ``shell: bash``), in order, with the variables GitHub sets
(``GITHUB_OUTPUT`` fresh for each step, ``GITHUB_STEP_SUMMARY``,
``GITHUB_WORKSPACE``...) and the step's ``env``, whose ``${{ }}`` expressions
are filled in from the inputs, the ``github`` context and earlier steps'
outputs. A step that ``uses`` an action is handed to a stand-in, or skipped.
As on GitHub, a failing step ends the job: later steps are not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)
CONDITION = re.compile(r"^(inputs\.[a-z-]+|github\.[a-z_]+) (==|!=) '([^']*)'$")

UsesStandIn = Callable[[dict[str, Any], Path], dict[str, str]]
"""Plays a ``uses:`` step: given the step and the workspace, returns its outputs."""


@dataclass
class Job:
    """What ran: each step's result by name, and the outputs of steps by id."""

    results: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    failed: str | None = None


def read_outputs(path: Path) -> dict[str, str]:
    """A step's outputs from its ``GITHUB_OUTPUT`` file (``name=value`` lines)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        found[name] = value
    return found


def evaluate(text: str, inputs: Mapping[str, str], github: Mapping[str, str], job: Job) -> str:
    """``text`` with each ``${{ context.name }}`` replaced as GitHub would."""

    def value(match: re.Match[str]) -> str:
        expression = match[1]
        parts = expression.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return inputs[parts[1]]
        if parts[0] == "github" and len(parts) == 2:
            return github.get(parts[1], "")
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return job.outputs.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"the test runner does not know the expression {expression!r}")

    return EXPRESSION.sub(value, text)


def condition_holds(
    condition: str, inputs: Mapping[str, str], github: Mapping[str, str], job: Job
) -> bool:
    """A step's ``if:``: only ``context.name == 'text'`` (or ``!=``), as these files use."""
    match = EXPRESSION.fullmatch(condition.strip())
    inner = match[1] if match else condition.strip()
    parsed = CONDITION.match(inner)
    assert parsed, f"the test runner does not know the condition {condition!r}"
    left = evaluate("${{ " + parsed[1] + " }}", inputs, github, job)
    return (left == parsed[3]) == (parsed[2] == "==")


def run_steps(
    steps: list[dict[str, Any]],
    workspace: Path,
    *,
    inputs: Mapping[str, str] | None = None,
    github: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    uses: Mapping[str, UsesStandIn] | None = None,
    path: str | None = None,
    skip: tuple[str, ...] = (),
    given: Mapping[str, dict[str, str]] | None = None,
) -> Job:
    """Run ``steps`` in ``workspace`` as one job; ``github`` is the context (``base_ref``...).

    ``env`` is the runner's environment (GITHUB_* variables among it); ``path``
    is put first on PATH; steps named in ``skip`` are not run (as if they had
    done nothing), their outputs taken from ``given`` by step id; a ``uses``
    step is played by the stand-in named by the action it uses (without
    ``@version``), or skipped.
    """
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed; GitHub runs these scripts with bash")
    inputs = inputs or {}
    github = github or {}
    job = Job(outputs={key: dict(value) for key, value in (given or {}).items()})
    base = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    base["GITHUB_ACTIONS"] = "true"  # as on every GitHub runner
    if path:
        base["PATH"] = path + os.pathsep + base.get("PATH", "")
    base.update(env or {})
    outputs_folder = workspace.parent / f"{workspace.name}-outputs"
    outputs_folder.mkdir(exist_ok=True)
    for number, step in enumerate(steps):
        name = step.get("name") or step.get("uses") or f"step {number}"
        if "if" in step and not condition_holds(str(step["if"]), inputs, github, job):
            job.skipped.append(name)
            continue
        if name in skip:
            job.skipped.append(name)
            continue
        if "uses" in step:
            action = str(step["uses"]).partition("@")[0]
            stand_in = (uses or {}).get(action)
            if stand_in is None:
                job.skipped.append(name)
                continue
            with_ = {
                key: evaluate(str(value), inputs, github, job)
                for key, value in step.get("with", {}).items()
            }
            produced = stand_in({**step, "with": with_}, workspace)
            if "id" in step:
                job.outputs[step["id"]] = produced
            continue
        output = outputs_folder / f"output-{number}"
        output.write_text("", encoding="utf-8")
        step_env = dict(base)
        step_env["GITHUB_OUTPUT"] = str(output)
        for key, value in step.get("env", {}).items():
            step_env[key] = evaluate(str(value), inputs, github, job)
        result = subprocess.run(
            [bash, "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        job.results[name] = result
        if "id" in step:
            job.outputs[step["id"]] = read_outputs(output)
        if result.returncode != 0:
            job.failed = name
            break
    return job


ARTIFACT_URL = "https://github.example/riverbend/plans/actions/runs/1/artifacts/7"
"""The address the stand-in for actions/upload-artifact gives the artifact it uploads."""

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Riverbend planning office",
    "GIT_AUTHOR_EMAIL": "plans@riverbend.example",
    "GIT_COMMITTER_NAME": "Riverbend planning office",
    "GIT_COMMITTER_EMAIL": "plans@riverbend.example",
}


def upload_artifact(uploaded: list[Path]) -> UsesStandIn:
    """A stand-in for actions/upload-artifact: checks the file is there and notes it."""

    def upload(step: dict[str, Any], workspace: Path) -> dict[str, str]:
        packet = workspace / step["with"]["path"]
        assert packet.is_file(), "if-no-files-found: error"
        uploaded.append(packet)
        return {"artifact-id": "7", "artifact-url": ARTIFACT_URL}

    return upload


def git(*args: str, cwd: Path) -> str:
    """``git ARGS`` in ``cwd`` as the district's planning office; its output."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = dict(os.environ, **GIT_IDENTITY)
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def check_schema(path: Path, schema: str) -> None:
    """Check ``path`` against a schema check-jsonschema ships (``vendor.github-workflows``...)."""
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is not installed")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
