"""Outputs never land where a careless command line or a planted link would put them.

Each case runs the real command and checks what is on disk afterwards, byte
for byte: the plan a report was pointed at, the file a link points to, the
named pipe a report was sent to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_hostile import DEMO, planctl

pytestmark = pytest.mark.slow
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX file types")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    path = tmp_path / "plan.plan.yaml"
    shutil.copy(DEMO, path)
    return path


def test_validate_refuses_to_write_its_report_over_the_plan(plan: Path) -> None:
    before = plan.read_bytes()
    run = planctl("validate", plan.name, "--output", plan.name, cwd=plan.parent)
    assert run.returncode == 2
    assert "refusing to write the report over plan.plan.yaml" in run.stderr
    assert plan.read_bytes() == before


def test_validate_refuses_to_write_over_the_settings(plan: Path) -> None:
    settings = plan.parent / "planctl.toml"
    settings.write_text('plans = ["*.plan.yaml"]\n', encoding="utf-8")
    run = planctl("validate", "-o", "planctl.toml", cwd=plan.parent)
    assert run.returncode == 2, run.stderr
    assert "refusing to write the report over planctl.toml" in run.stderr
    assert settings.read_text(encoding="utf-8") == 'plans = ["*.plan.yaml"]\n'


@posix_only
@pytest.mark.parametrize(
    "command",
    [
        ["validate", "plan.plan.yaml", "-o", "OUT"],
        ["render", "plan.plan.yaml", "--format", "html", "-o", "OUT"],
        ["export", "plan.plan.yaml", "--format", "csv", "-o", "OUT"],
        ["schema", "-o", "OUT"],
    ],
    ids=lambda command: command[0],
)
def test_outputs_refuse_pipes_and_links(command: list[str], plan: Path) -> None:
    folder = plan.parent
    pipe = folder / "pipe"
    os.mkfifo(pipe)
    run = planctl(*(arg if arg != "OUT" else "pipe" for arg in command), cwd=folder)
    assert run.returncode == 2, run.stderr
    assert "named pipe, not a regular file" in run.stderr
    assert pipe.is_fifo()

    secret = folder / "secret.txt"
    secret.write_text("token=abc\n", encoding="utf-8")
    (folder / "link").symlink_to(secret)
    run = planctl(*(arg if arg != "OUT" else "link" for arg in command), cwd=folder)
    assert run.returncode == 2, run.stderr
    assert "is a symbolic link" in run.stderr
    assert secret.read_text(encoding="utf-8") == "token=abc\n"
    assert (folder / "link").is_symlink()
    assert not [path for path in folder.iterdir() if path.name.endswith(".tmp")]


@posix_only
def test_a_fmt_killed_outright_leaves_nothing_the_next_run_keeps(plan: Path) -> None:
    # What `kill -9` leaves: a temporary file named for a process that has ended.
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    orphan = plan.parent / f".{plan.name}.planctl-{ended.pid}-k9k9k9.tmp"
    orphan.write_text("half a plan", encoding="utf-8")
    plan.write_text(plan.read_text(encoding="utf-8").replace("planctl: 1", "planctl:   1"))
    run = planctl("fmt", plan.name, cwd=plan.parent)
    assert run.returncode == 0, run.stderr
    assert "planctl:   1" not in plan.read_text(encoding="utf-8")
    assert not orphan.exists()
