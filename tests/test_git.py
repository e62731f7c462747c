"""planctl.git: the one way planctl runs git."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planctl import git

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_a_missing_git_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(git.GitError, match="git is not installed"):
        git.run(tmp_path, "status")


def test_answer_is_none_without_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert git.answer(tmp_path, "rev-parse", "HEAD") is None


@needs_git
def test_answer_is_the_stripped_output_or_none_when_git_fails(
    git_env: None, tmp_path: Path
) -> None:
    assert git.answer(tmp_path, "rev-parse", "HEAD") is None, "not a repository"
    subprocess.run(["git", "-C", str(tmp_path), "init", "-q"], check=True)
    assert git.answer(tmp_path, "rev-parse", "--is-inside-work-tree") == "true"


@needs_git
def test_top_level_outside_a_repository_says_so(git_env: None, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    with pytest.raises(git.GitError, match="is not in a git repository"):
        git.top_level(folder)


@needs_git
def test_top_level_and_show_read_a_repository(git_env: None, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    (root / "plans" / "a*.plan.yaml").write_bytes(b"title: A\r\n")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "plan"]):
        subprocess.run(["git", "-C", str(root), *command], check=True)
    assert git.top_level(root / "plans").resolve() == root.resolve()
    # The name is a literal path, never a pattern; the bytes are as committed.
    assert git.show(root, "HEAD", "plans/a*.plan.yaml") == b"title: A\r\n"
    with pytest.raises(git.GitError, match=r"git cannot show plans/b\.plan\.yaml"):
        git.show(root, "HEAD", "plans/b.plan.yaml")


def test_git_runs_without_prompts_locks_or_patterns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A stand-in git that shows how it was started.
    fake = tmp_path / "git"
    fake.write_text(
        '#!/bin/sh\necho "$GIT_TERMINAL_PROMPT $GIT_OPTIONAL_LOCKS $*"\nread line || echo eof\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    result = git.run(tmp_path, "status")
    assert result.stdout.decode().split("\n")[:2] == [
        f"0 0 --literal-pathspecs -C {tmp_path} status",
        "eof",
    ]
    piped = git.run(tmp_path, "cat-file", "--batch", stdin=b"HEAD:x\n")
    assert piped.stdout.decode().split("\n")[1] == ""


def test_importing_the_module_does_not_import_subprocess() -> None:
    code = "import sys, planctl.git; print('subprocess' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
