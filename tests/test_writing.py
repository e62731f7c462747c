"""planctl.writing: atomic writes that replace only what the user meant to replace."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from planctl.writing import CannotWrite, atomic_binary_writer, atomic_writer, remove_orphans

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX file types")


def _temporaries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_writes_and_replaces_a_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with atomic_writer(target) as stream:
        stream.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert _temporaries(tmp_path) == []


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write("half")
        raise RuntimeError("stop")
    assert target.read_text(encoding="utf-8") == "old"
    assert _temporaries(tmp_path) == []


def test_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    plan = tmp_path / "a.plan.yaml"
    plan.write_text("planctl: 1\n", encoding="utf-8")
    with (
        pytest.raises(CannotWrite, match=r"refusing to write the report over .*which this command"),
        atomic_writer(plan, inputs=[plan], what="report") as stream,
    ):
        stream.write("report")
    assert plan.read_text(encoding="utf-8") == "planctl: 1\n"


def test_an_input_named_another_way_is_still_the_input(tmp_path: Path) -> None:
    plan = tmp_path / "a.plan.yaml"
    plan.write_text("planctl: 1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    other_name = tmp_path / "sub" / ".." / "a.plan.yaml"
    with pytest.raises(CannotWrite), atomic_binary_writer(other_name, inputs=[plan]) as stream:
        stream.write(b"x")
    assert plan.read_text(encoding="utf-8") == "planctl: 1\n"


@posix_only
def test_refuses_a_named_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(CannotWrite, match="named pipe, not a regular file"), atomic_writer(pipe):
        pass
    assert pipe.is_fifo()
    assert _temporaries(tmp_path) == []


@posix_only
def test_refuses_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "s"
    if len(str(path)) > 100:
        pytest.skip("the temporary folder's path is too long for a socket name")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(CannotWrite, match="a socket"), atomic_writer(path):
            pass
        assert path.is_socket()
    finally:
        server.close()


@posix_only
def test_refuses_a_device() -> None:
    # Checked, never written: the check comes before any file is made.
    with pytest.raises(CannotWrite, match="a device"), atomic_writer(Path(os.devnull)):
        pass
    assert Path(os.devnull).is_char_device()


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CannotWrite, match="it is a folder"), atomic_writer(tmp_path):
        pass


@posix_only
def test_refuses_a_symbolic_link_and_leaves_its_target(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("keep", encoding="utf-8")
    link = tmp_path / "packet.html"
    link.symlink_to(secret)
    with (
        pytest.raises(CannotWrite, match=r"symbolic link .*does not write through"),
        atomic_writer(link) as stream,
    ):
        stream.write("packet")
    assert link.is_symlink()
    assert secret.read_text(encoding="utf-8") == "keep"


@posix_only
def test_follow_links_writes_through_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "plan.plan.yaml"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "plan.plan.yaml"
    link.symlink_to(real)
    with atomic_writer(link, follow_links=True) as stream:
        stream.write("new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


@posix_only
def test_a_link_that_leads_nowhere_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "plan.plan.yaml"
    link.symlink_to(tmp_path / "missing")
    with pytest.raises(CannotWrite, match="leads nowhere"), atomic_writer(link, follow_links=True):
        pass


def test_a_long_name_keeps_the_temporary_name_within_limits(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 240 + ".txt")
    with atomic_writer(target) as stream:
        stream.write("x")
    assert target.read_text(encoding="utf-8") == "x"


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@posix_only
def test_orphans_of_ended_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.plan.yaml"
    target.write_text("old", encoding="utf-8")
    orphan = tmp_path / f".a.plan.yaml.planctl-{_dead_pid()}-abc123.tmp"
    orphan.write_text("half", encoding="utf-8")
    live = tmp_path / f".a.plan.yaml.planctl-{os.getppid()}-def456.tmp"
    live.write_text("being written", encoding="utf-8")
    other = tmp_path / ".b.plan.yaml.planctl-1-xyz.tmp"
    other.write_text("another target's", encoding="utf-8")
    with atomic_writer(target) as stream:
        stream.write("new")
    assert not orphan.exists()
    assert live.exists()
    assert other.exists()
    assert remove_orphans(target) == []


@posix_only
def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    script = f"""
import os, signal, sys
from pathlib import Path
from planctl.cli import _exit_on_termination
from planctl.writing import atomic_writer
_exit_on_termination()
with atomic_writer(Path({str(target)!r})) as stream:
    stream.write("half")
    os.kill(os.getpid(), signal.SIGTERM)
    stream.write("never")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == 128 + 15, result.stderr
    assert not target.exists()
    assert _temporaries(tmp_path) == []
