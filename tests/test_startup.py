"""Start-up stays light: planctl runs on every commit, so each command imports only what it uses.

Each case runs planctl's ``main`` in a fresh interpreter and then lists the
modules that interpreter has imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import contextlib, io, json, sys

sys.argv = ["planctl", *json.loads(sys.argv[1])]
from planctl.cli import main

with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""

HEAVY_FOR_EVERY_RUN = ("jinja2", "docx", "docxtpl", "rich", "jsonschema", "weasyprint")


def imported_by(args: Sequence[str]) -> set[str]:
    """The modules a fresh interpreter has imported after ``planctl ARGS``."""
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS",)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    modules: list[str] = json.loads(result.stdout)
    return set(modules)


def packages(modules: set[str]) -> set[str]:
    """The top-level names of ``modules``."""
    return {name.partition(".")[0] for name in modules}


@pytest.fixture(scope="module")
def version_modules() -> set[str]:
    return imported_by(["--version"])


@pytest.fixture(scope="module")
def help_modules() -> set[str]:
    return imported_by(["--help"])


@pytest.fixture(scope="module")
def validate_modules() -> set[str]:
    return imported_by(["validate", "examples/district-pl-plan.plan.yaml"])


@pytest.fixture(scope="module")
def text_report_modules() -> set[str]:
    # A plan with problems, so the text reporter quotes lines and writes hints.
    return imported_by(["validate", "--format", "text", "examples/boston-tlt-work-plan.plan.yaml"])


def test_the_probe_sees_planctl_run(validate_modules: set[str]) -> None:
    assert {"planctl.cli", "planctl.validate", "planctl.report.text"} <= validate_modules


def test_version_imports_neither_pydantic_nor_ruamel(version_modules: set[str]) -> None:
    assert not packages(version_modules) & {"pydantic", "pydantic_core", "ruamel"}
    assert not packages(version_modules) & set(HEAVY_FOR_EVERY_RUN)


def test_help_imports_neither_pydantic_nor_ruamel(help_modules: set[str]) -> None:
    assert not packages(help_modules) & {"pydantic", "pydantic_core", "ruamel"}
    assert not packages(help_modules) & set(HEAVY_FOR_EVERY_RUN)


@pytest.mark.parametrize("fixture", ["validate_modules", "text_report_modules"])
def test_validate_imports_only_what_checking_needs(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    modules: set[str] = request.getfixturevalue(fixture)
    assert not packages(modules) & set(HEAVY_FOR_EVERY_RUN)
    reporters = {name for name in modules if name.startswith("planctl.report.")}
    assert reporters == {"planctl.report._common", "planctl.report.text"}
    assert "planctl.schema" not in modules
    # The privacy rules run only when plans are published.
    assert not {name for name in modules if name.startswith("planctl.rules.privacy_")}


CACHE_PROBE = """
import contextlib, io, json, sys

from planctl import modelcache

sys.argv = ["planctl", "validate", "examples/district-pl-plan.plan.yaml"]
used = []
complete = modelcache.complete


def noted(name, *args, **kwargs):
    used.append((name, complete(name, *args, **kwargs)))
    return used[-1][1]


modelcache.complete = noted
from planctl.cli import main

with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(used)))
"""


def test_a_second_validate_builds_no_model_schema(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PLANCTL_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path)

    def run() -> list[list[object]]:
        result = subprocess.run(
            [sys.executable, "-c", CACHE_PROBE],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        used: list[list[object]] = json.loads(result.stdout)
        return used

    assert run() == [["plan", False], ["template", False]]
    assert run() == [["plan", True], ["template", True]]
