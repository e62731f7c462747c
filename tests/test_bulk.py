"""Commands over many plan files: the same output with any number of processes, and the bar.

``--jobs N`` must not change what a command writes (nor its order), a bad
file must not stop the others, and the progress bar is drawn only for a
person at a terminal: never in CI, with ``--quiet``, or when the output is
piped.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from planctl import terminal
from planctl.bulk import NoTicker, map_in_order, worker_count
from planctl.cli import app
from planctl.terminal import SHOWN_FROM, ProgressBar, ticker_for, wants_progress

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from corpus import write_corpus  # noqa: E402

PLANS = 11
"""More plans than the bar and the default of several processes start from."""


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class _Counting:
    """A ticker that remembers what it was told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def start(self, total: int, what: str) -> None:
        self.calls.append(("start", total))

    def advance(self) -> None:
        self.calls.append(("advance", 1))

    def stop(self) -> None:
        self.calls.append(("stop", 0))


def _square(number: int) -> int:
    return number * number


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small generated plans (some with planted problems) and one file that is not YAML."""
    made = tmp_path_factory.mktemp("plans")
    write_corpus(made, PLANS, seed=7, problem_rate=0.3, scale=0.1)
    (made / "plan-0009b.plan.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    return made


@pytest.fixture(scope="module")
def readable(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plans of ``folder`` that can be read, for the commands that stop at one that cannot."""
    made = tmp_path_factory.mktemp("readable")
    for path in sorted(folder.glob("plan-????.plan.yaml")):
        shutil.copy(path, made / path.name)
    return made


def _run(*args: object, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args], env=env, catch_exceptions=False)


def test_results_come_back_in_order_with_any_number_of_processes() -> None:
    items = [(number,) for number in range(40)]
    expected = [number * number for number in range(40)]
    assert list(map_in_order(_square, items, jobs=1)) == expected
    assert list(map_in_order(_square, items, jobs=3)) == expected


def test_the_ticker_counts_each_item_and_is_stopped() -> None:
    ticker = _Counting()
    assert list(map_in_order(_square, [(2,), (3,)], jobs=1, ticker=ticker)) == [4, 9]
    assert ticker.calls == [("start", 2), ("advance", 1), ("advance", 1), ("stop", 0)]


def test_the_ticker_is_stopped_when_the_run_ends_early() -> None:
    ticker = _Counting()
    results = map_in_order(_square, [(number,) for number in range(20)], jobs=2, ticker=ticker)
    assert next(results) == 0
    results.close()
    assert ticker.calls[-1] == ("stop", 0)


def test_several_processes_only_from_many_files_unless_asked() -> None:
    assert worker_count(3, None) == 1
    assert worker_count(3, 8) == 3
    assert worker_count(100, 1) == 1


def test_a_bar_only_for_a_person_at_a_terminal() -> None:
    tty, piped = _Terminal(), io.StringIO()
    assert wants_progress(False, tty, tty, {})
    assert not wants_progress(False, tty, tty, {"CI": "true"})
    assert not wants_progress(True, tty, tty, {})
    assert not wants_progress(False, piped, tty, {})
    assert not wants_progress(False, tty, piped, {})
    assert isinstance(ticker_for(False, piped, tty, {}), NoTicker)
    assert isinstance(ticker_for(False, tty, tty, {}), ProgressBar)


def test_the_bar_is_drawn_on_its_stream_for_many_files_only() -> None:
    stream = _Terminal()
    bar = ProgressBar(stream)
    bar.start(SHOWN_FROM - 1, "checking")
    bar.advance()
    bar.stop()
    assert stream.getvalue() == ""
    bar.start(SHOWN_FROM, "checking")
    for _ in range(SHOWN_FROM):
        bar.advance()
    bar.stop()
    assert "checking" in stream.getvalue()


COMMANDS = [
    ("validate", "{folder}"),
    ("fmt", "--check", "{folder}"),
    ("status", "{folder}", "--as-of", "2024-03-01"),
    ("export", "{readable}", "--to", "csv"),
    ("render", "{readable}", "--to", "md"),
]


def _args(command: tuple[str, ...], folder: Path, readable: Path) -> list[str]:
    return [part.format(folder=folder, readable=readable) for part in command]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_the_bar_shows_at_a_terminal_and_never_in_ci_quiet_or_piped(
    command: tuple[str, ...],
    folder: Path,
    readable: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = _args(command, folder, readable)
    monkeypatch.delenv("CI", raising=False)
    piped = _run(*args)
    assert "plans" not in piped.stderr.replace(str(folder), "").replace(str(readable), "")
    monkeypatch.setattr(terminal, "_is_terminal", lambda stream: True)
    shown = _run(*args)
    assert f"{PLANS}/{PLANS}" in shown.stderr or f"{PLANS + 1}/{PLANS + 1}" in shown.stderr
    assert shown.stdout == piped.stdout
    quiet = _run(*args, "--quiet")
    in_ci = _run(*args, env={"CI": "true"})
    for hidden in (quiet, in_ci):
        assert hidden.stderr == piped.stderr
        assert hidden.stdout == piped.stdout


JOBS_COMMANDS = [
    *COMMANDS,
    ("validate", "{folder}", "--format", "json"),
    ("fmt", "--diff", "{folder}"),
    ("status", "{folder}", "--as-of", "2024-03-01", "--format", "json"),
    ("status", "{folder}", "--as-of", "2024-03-01", "--format", "md"),
    ("export", "{readable}", "--to", "json"),
    ("export", "{readable}", "--to", "ics", "--as-of", "2024-03-01"),
]


@pytest.mark.parametrize("command", JOBS_COMMANDS, ids=lambda command: "-".join(command[:1]))
def test_jobs_give_the_same_output_as_one_process(
    command: tuple[str, ...], folder: Path, readable: Path
) -> None:
    args = _args(command, folder, readable)
    one = _run(*args, "--jobs", "1")
    several = _run(*args, "--jobs", "2")
    assert (several.exit_code, several.stdout, several.stderr) == (
        one.exit_code,
        one.stdout,
        one.stderr,
    )
    assert one.stdout or one.stderr


def test_a_bad_file_never_stops_the_others(folder: Path) -> None:
    validated = _run("validate", folder, "--jobs", "2", "--format", "json")
    assert "plan-0009b.plan.yaml" in validated.stdout
    assert "plan-0011.plan.yaml" in validated.stdout
    formatted = _run("fmt", "--check", folder, "--jobs", "2")
    assert "plan-0009b.plan.yaml" in formatted.stderr
    assert formatted.stderr.rstrip().endswith("1 could not be formatted")
    status = _run("status", folder, "--as-of", "2024-03-01", "--jobs", "2")
    assert status.exit_code == 0
    assert "plan-0009b.plan.yaml" in status.stdout
