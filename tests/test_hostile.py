"""Hostile plan files: every one is a located problem, never a crash, a hang or code run.

The promise: whatever a ``*.plan.yaml`` file holds, ``planctl validate``
reports it as a problem with a file, line, column and rule id and exits 1;
it never prints a traceback, never takes unbounded time or memory, never
executes or fetches anything, and still checks the other files of the run.

The committed corpus (``tests/data/hostile/``) holds small files, one per
kind of trouble, each named for what it is; :data:`EXPECTED` says which rule
each one must trigger and where. Files that would be large or cannot be
committed (10,000-deep nesting, 200,000-character lines, alias bombs, files
at the size limit, symbolic-link loops, pipes, unreadable files) are made by
the tests at run time.

Known bugs are strict ``xfail`` tests (or a ``bug`` in :data:`EXPECTED`):
when one is fixed the test passes, strict xfail fails the run, and the
marker is removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from planctl.load import load_text
from planctl.load.yamlsafe import load_bytes
from planctl.problem import Problem, Severity
from planctl.validate import check_file, check_loaded

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "hostile"
DEMO = REPO / "examples" / "district-pl-plan.plan.yaml"

TIMEOUT = 20.0
"""Seconds any single planctl run may take; a normal run takes well under one."""

MEMORY_LIMIT = 1 << 30
"""Address space (bytes) a planctl process may use on Linux: 1 GiB."""

# Variables that change what planctl writes.
OUTPUT_ENV = ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "PLANCTL_DEBUG")


@dataclass(frozen=True)
class Expect:
    """What checking one corpus file must report."""

    rule: str | None
    """The rule of an error the file must have; ``None`` for a valid plan (no errors)."""
    line: int = 0
    """Where that error must be (0: anywhere in the file)."""
    column: int = 0
    template: str = ""
    """A template file (relative to the corpus) that must hold a located problem too."""
    bug: str = ""
    """A known bug that makes the exact check fail (a strict xfail until it is fixed)."""


PLAN_STRUCTURE = "plan-structure"

EXPECTED: dict[str, Expect] = {
    # YAML syntax
    "bad-indentation.plan.yaml": Expect("yaml-syntax", 5, 11),
    "colon-in-plain-scalar.plan.yaml": Expect("yaml-syntax", 2, 20),
    "stray-dash-in-mapping.plan.yaml": Expect("yaml-syntax", 3, 1),
    "tabs-indentation.plan.yaml": Expect("yaml-syntax", 4, 1),
    "multi-document.plan.yaml": Expect("yaml-unsupported", 3, 1),
    "unclosed-quote.plan.yaml": Expect(
        "yaml-syntax",
        2,
        8,
    ),
    "unclosed-bracket.plan.yaml": Expect(
        "yaml-syntax",
        3,
        8,
    ),
    "control-character.plan.yaml": Expect(
        "yaml-syntax",
        2,
        20,
    ),
    # duplicate keys at every level
    "duplicate-key-top.plan.yaml": Expect("duplicate-key", 3, 1),
    "duplicate-key-goal.plan.yaml": Expect("duplicate-key", 5, 5),
    "duplicate-key-step.plan.yaml": Expect("duplicate-key", 11, 9),
    "duplicate-key-measure.plan.yaml": Expect("duplicate-key", 8, 7),
    # bytes that are not UTF-8 text
    "binary-png-header.plan.yaml": Expect("file-unreadable", 3, 1),
    "utf16-bom.plan.yaml": Expect("file-unreadable", 1, 1),
    "latin1-bytes.plan.yaml": Expect("file-unreadable", 2, 11),
    "nul-bytes.plan.yaml": Expect(
        "file-unreadable",
        2,
        15,
    ),
    "utf8-bom-crlf.plan.yaml": Expect(None),
    # tags: refused, never constructed
    "python-object-apply.plan.yaml": Expect("yaml-tag", 2, 8),
    "python-name.plan.yaml": Expect("yaml-tag", 2, 8),
    "unknown-local-tag.plan.yaml": Expect("yaml-tag", 2, 8),
    # aliases
    "billion-laughs.plan.yaml": Expect("yaml-limits"),
    "merge-keys.plan.yaml": Expect(None),
    # numbers
    "huge-integer-cost.plan.yaml": Expect(PLAN_STRUCTURE, 14, 15),
    "cost-nan.plan.yaml": Expect(PLAN_STRUCTURE, 14, 15),
    "cost-inf.plan.yaml": Expect(PLAN_STRUCTURE, 14, 15),
    "cost-negative.plan.yaml": Expect(PLAN_STRUCTURE, 14, 15),
    # dates
    "date-month-13.plan.yaml": Expect("date-format", 10, 14),
    "date-year-0000.plan.yaml": Expect("date-format", 10, 14),
    "date-year-9999.plan.yaml": Expect("date-format", 10, 14),
    "date-february-30.plan.yaml": Expect("date-format", 10, 14),
    # not a plan at all
    "empty.plan.yaml": Expect(PLAN_STRUCTURE, 1, 1),
    "only-comments.plan.yaml": Expect(PLAN_STRUCTURE, 1, 1),
    "top-level-list.plan.yaml": Expect(PLAN_STRUCTURE, 1, 1),
    "top-level-scalar.plan.yaml": Expect(PLAN_STRUCTURE, 1, 1),
    # wrong types at every field
    "wrong-type-title-list.plan.yaml": Expect(PLAN_STRUCTURE, 2, 8),
    "wrong-type-steps-mapping.plan.yaml": Expect(PLAN_STRUCTURE, 6, 7),
    "wrong-type-owners-mapping.plan.yaml": Expect(PLAN_STRUCTURE, 13, 17),
    "wrong-type-due-list.plan.yaml": Expect(PLAN_STRUCTURE, 10, 14),
    "wrong-type-measure-list.plan.yaml": Expect(PLAN_STRUCTURE, 12, 18),
    "wrong-type-target-list.plan.yaml": Expect(PLAN_STRUCTURE, 7, 15),
    "wrong-type-cost-text.plan.yaml": Expect(PLAN_STRUCTURE, 14, 15),
    "wrong-type-people-text.plan.yaml": Expect(PLAN_STRUCTURE, 3, 9),
    "wrong-type-person-list.plan.yaml": Expect(PLAN_STRUCTURE, 4, 5),
    "wrong-type-period-number.plan.yaml": Expect(PLAN_STRUCTURE, 3, 9),
    "wrong-type-status-list.plan.yaml": Expect(PLAN_STRUCTURE, 3, 9),
    "wrong-type-updates-text.plan.yaml": Expect(PLAN_STRUCTURE, 14, 18),
    "wrong-type-sections-list.plan.yaml": Expect(PLAN_STRUCTURE, 3, 11),
    "wrong-type-template-number.plan.yaml": Expect("template", 2, 11),
    "unknown-key-nested.plan.yaml": Expect(
        "unknown-key",
        3,
        26,
    ),
    # templates
    "template-unknown-name.plan.yaml": Expect("template", 2, 11),
    "template-outside-repository.plan.yaml": Expect("template", 2, 11),
    "template-url.plan.yaml": Expect("template", 2, 11),
    "template-folder.plan.yaml": Expect("template", 2, 11),
    "template-not-a-template.plan.yaml": Expect(
        "template", 2, 11, template="templates/not-a-template.yaml"
    ),
    "template-broken.plan.yaml": Expect("template", 2, 11, template="templates/broken.yaml"),
    "template-extends-unknown.plan.yaml": Expect(
        "template",
        2,
        11,
        template="templates/extends-unknown.yaml",
    ),
    "template-extends-outside.plan.yaml": Expect(
        "template",
        2,
        11,
        template="templates/extends-outside.yaml",
    ),
}

VALID = sorted(name for name, expect in EXPECTED.items() if expect.rule is None)
BAD = sorted(name for name, expect in EXPECTED.items() if expect.rule is not None)


# --------------------------------------------------------------------------
# Helpers


def process_env() -> dict[str, str]:
    """The environment for a real planctl process: this one's, minus output settings."""
    return {key: value for key, value in os.environ.items() if key not in OUTPUT_ENV}


LINUX = sys.platform.startswith("linux")

# Runs planctl as its own child and reports that child's peak resident memory,
# so a test can tell "stayed small" from "ran into the limit and stopped".
_MEASURE = """\
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"\\npeak-rss-kib={peak}\\n")
sys.exit(code)
"""
_PEAK = "\npeak-rss-kib="


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass
class Run:
    """A finished planctl process, and its peak memory when it was measured."""

    returncode: int
    stdout: str
    stderr: str
    peak_mib: float | None = None


def planctl(*args: str | Path, cwd: Path, timeout: float = TIMEOUT, measure: bool = False) -> Run:
    """Run ``python -m planctl ARGS`` within ``timeout`` seconds and, on Linux, 1 GiB.

    With ``measure`` (Linux only) the run also reports its peak resident memory.
    """
    command = [sys.executable, "-m", "planctl", *map(str, args)]
    measure = measure and LINUX
    if measure:
        command = [sys.executable, "-c", _MEASURE, *command]
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=process_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=_limit_memory if LINUX else None,
        start_new_session=True,  # its own process group, so a timeout ends all of it
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
        process.communicate()
        pytest.fail(f"planctl {' '.join(map(str, args))} did not finish within {timeout:g} s")
    peak = None
    if measure:
        stderr, _, kib = stderr.rpartition(_PEAK)
        peak = int(kib) / 1024
    return Run(process.returncode, stdout, stderr, peak)


def json_run(
    *args: str | Path, cwd: Path, timeout: float = TIMEOUT, max_mib: float | None = None
) -> dict[str, list[Problem]]:
    """Run ``planctl validate --format json ARGS``: the problems of each file, by path.

    Asserts the process contract on the way: no traceback, exit 0 or 1, JSON on
    stdout, and (with ``max_mib``, on Linux) a peak memory under ``max_mib`` MiB.
    """
    result = planctl(
        "validate", "--format", "json", *args, cwd=cwd, timeout=timeout, measure=bool(max_mib)
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), (result.returncode, result.stderr)
    if max_mib is not None and result.peak_mib is not None:
        assert result.peak_mib < max_mib, f"planctl used {result.peak_mib:.0f} MiB"
    document = json.loads(result.stdout)
    files: dict[str, list[Problem]] = {}
    for entry in document["files"]:
        files[entry["path"]] = [_problem(item) for item in entry["problems"]]
    error_count = sum(len(errors(problems)) for problems in files.values())
    assert result.returncode == (1 if error_count else 0)
    assert document["summary"]["errors"] == error_count
    return files


def _problem(item: dict[str, Any]) -> Problem:
    return Problem(
        path=item["path"],
        line=item["line"],
        column=item["column"],
        rule=item["rule"],
        severity=Severity(item["severity"]),
        message=item["message"],
        where=item["where"],
        hint=item["hint"],
        end_line=item["end_line"],
        end_column=item["end_column"],
    )


def errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def line_count(path: Path) -> int:
    """How many lines ``path`` has (at least 1, so an empty file has a line 1)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xff\xfe"):  # UTF-16-LE: count its line feeds
        raw = raw.decode("utf-16").encode("utf-8")
    count = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    return max(1, count)


def assert_located(problems: Sequence[Problem], path: str, file: Path) -> None:
    """Every problem of ``path`` stands on a line of ``file`` that exists, at a column."""
    lines = line_count(file)
    for problem in problems:
        if problem.path == path:
            assert 1 <= problem.line <= lines, (problem, f"{file.name} has {lines} lines")
            assert problem.column >= 1, problem


def in_template(problem: Problem, template: str) -> bool:
    return problem.path.replace("\\", "/").endswith("hostile/" + template)


def copy_corpus(root: Path) -> Path:
    """The corpus copied into ``root/hostile``, with ``root`` marked as a repository."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    folder = root / "hostile"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus in a repository of its own (template paths stay inside it)."""
    return copy_corpus(tmp_path_factory.mktemp("repo"))


def needs_symlinks(folder: Path) -> None:
    """Skip on platforms (or file systems) where symbolic links cannot be made."""
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links on this platform")
    probe = folder / ".symlink-probe"
    try:
        probe.symlink_to("target")
    except (OSError, NotImplementedError):
        pytest.skip("this file system or user cannot make symbolic links")
    probe.unlink()


# --------------------------------------------------------------------------
# The corpus itself


def test_every_corpus_file_has_an_expectation() -> None:
    names = sorted(path.name for path in CORPUS.glob("*.plan.yaml"))
    assert names == sorted(EXPECTED)


def test_the_corpus_bytes_are_intact() -> None:
    """Line-ending conversion on checkout would silently turn these into other tests."""
    bom_crlf = (CORPUS / "utf8-bom-crlf.plan.yaml").read_bytes()
    assert bom_crlf.startswith(b"\xef\xbb\xbf")
    assert bom_crlf.count(b"\r\n") == bom_crlf.count(b"\n") > 10
    assert (CORPUS / "utf16-bom.plan.yaml").read_bytes().startswith(b"\xff\xfe")
    assert b"\xe9" in (CORPUS / "latin1-bytes.plan.yaml").read_bytes()
    assert b"\x00" in (CORPUS / "nul-bytes.plan.yaml").read_bytes()
    assert (CORPUS / "binary-png-header.plan.yaml").read_bytes().startswith(b"\x89PNG\r\n")
    assert b"\t" in (CORPUS / "tabs-indentation.plan.yaml").read_bytes()
    assert b"\x0b" in (CORPUS / "control-character.plan.yaml").read_bytes()
    assert (CORPUS / "empty.plan.yaml").read_bytes() == b""


def _corpus_params() -> Iterator[Any]:
    for name, expect in sorted(EXPECTED.items()):
        marks = (
            [pytest.mark.xfail(strict=True, raises=AssertionError, reason=expect.bug)]
            if expect.bug
            else []
        )
        yield pytest.param(name, id=name.removesuffix(".plan.yaml"), marks=marks)


@pytest.mark.parametrize("name", list(_corpus_params()))
def test_each_corpus_file_is_reported_at_its_line(name: str, corpus: Path) -> None:
    """In-process: the file's expected rule, at the expected line and column."""
    expect = EXPECTED[name]
    file = corpus / name
    report = check_file(file, name).report
    problems = report.problems
    assert all(p.line >= 1 and p.column >= 1 for p in problems), problems
    assert_located(problems, name, file)
    if expect.rule is None:
        assert errors(problems) == [], problems
        return
    found = [p for p in errors(problems) if p.rule == expect.rule and p.path == name]
    assert found, problems
    if expect.line:
        assert (expect.line, expect.column) in [(p.line, p.column) for p in found], problems
    assert all(p.message for p in problems)
    if expect.template:
        inside = [p for p in errors(problems) if in_template(p, expect.template)]
        assert inside, problems
        assert_located(inside, inside[0].path, corpus / expect.template)


@pytest.mark.slow
def test_all_corpus_files_in_one_run(corpus: Path) -> None:
    """One process, every corpus file named on the command line: each gets its problem."""
    root = corpus.parent
    shown = {f"hostile/{name}": name for name in EXPECTED}
    files = json_run(*sorted(shown), cwd=root)
    assert sorted(files) == sorted(shown)
    for path, problems in files.items():
        expect = EXPECTED[shown[path]]
        assert all(p.line >= 1 and p.column >= 1 for p in problems), problems
        if expect.rule is None:
            assert errors(problems) == [], (path, problems)
            continue
        assert any(p.path == path for p in errors(problems)), (path, problems)
        if not expect.bug:
            assert any(p.rule == expect.rule and p.path == path for p in problems), (
                path,
                problems,
            )
            if expect.template:
                assert any(p.path == f"hostile/{expect.template}" for p in problems), problems


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("utf8-bom-crlf.plan.yaml", 0),
        ("merge-keys.plan.yaml", 0),
        ("tabs-indentation.plan.yaml", 1),
        ("utf16-bom.plan.yaml", 1),
        ("python-object-apply.plan.yaml", 1),
        ("template-broken.plan.yaml", 1),
    ],
)
def test_one_file_exit_code(name: str, code: int, corpus: Path) -> None:
    """The CLI contract for a single file: exit code, JSON, the rule at its line."""
    result = planctl("validate", "--format", "json", f"hostile/{name}", cwd=corpus.parent)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    [entry] = document["files"]
    assert entry["path"] == f"hostile/{name}"
    expect = EXPECTED[name]
    if expect.rule is None:
        assert entry["problems"] == []
    else:
        assert [expect.rule, expect.line, expect.column] in [
            [p["rule"], p["line"], p["column"]] for p in entry["problems"]
        ]


def generate_hostile(folder: Path) -> dict[str, str]:
    """Large or generated hostile files in ``folder``; returns each name's expected rule."""
    files: dict[str, tuple[bytes, str]] = {
        # 10,000 levels: flow brackets, unclosed brackets, and block sequences, whose
        # compact form ("- - - x") indents each level by two more columns.
        "deep-flow.plan.yaml": (
            b"planctl: 1\ntitle: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
            "yaml-limits",
        ),
        "deep-flow-unclosed.plan.yaml": (b"planctl: 1\ntitle: " + b"[" * 10_000, "yaml-limits"),
        "deep-block-sequence.plan.yaml": (
            b"planctl: 1\ntitle:\n  " + b"- " * 10_000 + b"x\n",
            "yaml-limits",
        ),
        # Block mappings, one more space each line: 2,000 levels is already 2 MB.
        "deep-block-mapping.plan.yaml": (
            b"planctl: 1\n" + b"".join(b" " * i + b"k%d:\n" % i for i in range(2_000)),
            "yaml-limits",
        ),
        # One anchor of 2,000 values repeated 100 times: 200,000 values.
        "alias-bomb-wide.plan.yaml": (
            b"planctl: 1\ntitle: Reading plan\ngoals:\n  - &g ["
            + b"x, " * 2_000
            + b"x]\n"
            + b"  - *g\n" * 100,
            "yaml-limits",
        ),
        # A 200,000-character line whose mistake is at its very end.
        "long-line.plan.yaml": (
            b"planctl: 1\ntitle: " + b"x" * 200_000 + b": more\n",
            "yaml-syntax",
        ),
        # Integers of 5,000 digits as a target (text is allowed there) and as costs.
        "huge-integers.plan.yaml": (
            b"planctl: 1\ntitle: Reading plan\ngoals:\n  - title: G\n    measure:\n"
            b"      indicator: Readers\n      target: {value: %s, by: 2025-06}\n"
            b"    cost: {amount: %s, by_year: {2024-25: %s}}\n"
            % (b"9" * 5000, b"9" * 5000, b"-" + b"9" * 5000),
            PLAN_STRUCTURE,
        ),
    }
    for name, (content, _rule) in files.items():
        (folder / name).write_bytes(content)
    # Over the 32 MB limit, without writing 32 MB: a sparse file.
    with (folder / "over-size-limit.plan.yaml").open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)
    rules = {name: rule for name, (_content, rule) in files.items()}
    rules["over-size-limit.plan.yaml"] = "file-unreadable"
    return rules


@pytest.mark.slow
def test_the_whole_corpus_folder_with_a_valid_plan(tmp_path: Path) -> None:
    """Bad files never stop the others: one run over everything, the valid plan is clean."""
    folder = copy_corpus(tmp_path)
    shutil.copy(DEMO, folder / "district-pl-plan.plan.yaml")
    generated = generate_hostile(folder)
    files = json_run("hostile", cwd=tmp_path, max_mib=256)
    expected_paths = [f"hostile/{name}" for name in [*EXPECTED, *generated]]
    assert sorted(files) == sorted([*expected_paths, "hostile/district-pl-plan.plan.yaml"])
    assert files["hostile/district-pl-plan.plan.yaml"] == []
    for name in VALID:
        assert errors(files[f"hostile/{name}"]) == [], name
    for name in BAD:
        path = f"hostile/{name}"
        mine = [p for p in errors(files[path]) if p.path == path]
        assert mine, (name, files[path])
        if not EXPECTED[name].bug:
            assert EXPECTED[name].rule in [p.rule for p in mine], (name, files[path])
    for name, rule in generated.items():
        path = f"hostile/{name}"
        mine = [p for p in errors(files[path]) if p.path == path]
        assert rule in [p.rule for p in mine], (name, files[path])
        assert_located(mine, path, folder / name)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "github", "sarif", "gitlab"])
def test_every_output_format_survives_the_corpus(fmt: str, corpus: Path) -> None:
    result = planctl("validate", "--format", fmt, "hostile", cwd=corpus.parent)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    if fmt in ("sarif", "gitlab"):
        json.loads(result.stdout)
    for name in BAD:
        assert f"hostile/{name}" in result.stdout, name


# --------------------------------------------------------------------------
# Bounded time and memory


@pytest.mark.slow
def test_bombs_and_deep_nesting_finish_quickly_in_bounded_memory(tmp_path: Path) -> None:
    """Each generated file is refused at its line, in one run within 20 s and 1 GiB."""
    (tmp_path / ".git").mkdir()
    rules = generate_hostile(tmp_path)
    shutil.copy(CORPUS / "billion-laughs.plan.yaml", tmp_path)
    rules["billion-laughs.plan.yaml"] = "yaml-limits"
    files = json_run(*sorted(rules), cwd=tmp_path, max_mib=256)
    for name, rule in rules.items():
        mine = errors(files[name])
        assert rule in [p.rule for p in mine], (name, mine)
        assert_located(mine, name, tmp_path / name)
    # The mistake at the end of the long line is found at its column.
    assert ("yaml-syntax", 2, 200_008) in [
        (p.rule, p.line, p.column) for p in files["long-line.plan.yaml"]
    ]


def test_a_long_valid_line_is_fine(tmp_path: Path) -> None:
    plan = tmp_path / "long-title.plan.yaml"
    plan.write_text("planctl: 1\ntitle: " + "Reading " * 25_000 + "\n", encoding="utf-8")
    assert errors(check_file(plan, plan.name).report.problems) == []


@pytest.mark.slow
def test_a_file_at_the_size_limit_is_checked_in_bounded_memory(tmp_path: Path) -> None:
    plan = tmp_path / "many-values.plan.yaml"
    with plan.open("w", encoding="utf-8") as handle:
        handle.write("planctl: 1\ntitle: Reading plan\ngoals:\n  - title: G\n    tags: [")
        handle.write("1," * 15_000_000)
        handle.write("1]\n")
    assert plan.stat().st_size < 32 * 1024 * 1024
    files = json_run(plan.name, cwd=tmp_path, max_mib=512)
    assert all(p.line >= 1 for p in files[plan.name])


@pytest.mark.slow
def test_a_flood_of_duplicate_keys_is_bounded(tmp_path: Path) -> None:
    plan = tmp_path / "duplicate-flood.plan.yaml"
    plan.write_text("planctl: 1\n" + "title: Reading plan\n" * 600_000, encoding="utf-8")
    files = json_run(plan.name, cwd=tmp_path, timeout=10)
    assert ("duplicate-key", 3) in [(p.rule, p.line) for p in files[plan.name]]


@pytest.mark.slow
def test_many_unknown_owners_are_checked_quickly(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    count = 2_000
    people = "".join(f"  - name: Person Number {i:05d} Smith\n" for i in range(count))
    steps = "".join(
        f"      - {{action: Step {i}, due: 2024-09, outcome: Done, measure: Logs,"
        f" owners: Persn Numbr {i:05d} Smyth}}\n"
        for i in range(count)
    )
    plan = tmp_path / "roster.plan.yaml"
    plan.write_text(
        "planctl: 1\ntitle: Reading plan\nperiod: {start: 2024-07, end: 2025-06}\n"
        f"people:\n{people}goals:\n  - title: Readers\n    steps:\n{steps}",
        encoding="utf-8",
    )
    files = json_run(plan.name, cwd=tmp_path, timeout=10)
    assert len([p for p in files[plan.name] if p.rule == "owner-in-roster"]) == count


def test_running_out_of_memory_while_parsing_is_a_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import planctl.load.yamlsafe as yamlsafe

    @contextlib.contextmanager
    def exhausted(text: str, *, pure: bool = False) -> Iterator[Callable[[], Any]]:
        def next_event() -> Any:
            raise MemoryError

        yield next_event

    monkeypatch.setattr(yamlsafe, "_event_source", exhausted)
    loaded = load_text("planctl: 1\n", "big.plan.yaml")
    [problem] = loaded.problems
    assert problem.rule in ("yaml-limits", "file-unreadable")
    assert "not valid YAML" not in problem.message


# --------------------------------------------------------------------------
# Nothing executed, nothing fetched


@pytest.mark.slow
def test_python_tags_run_nothing(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    markers = [tmp_path / f"marker-{i}" for i in range(6)]
    payloads = [
        f'!!python/object/apply:os.system ["touch {markers[0]}"]',
        f'!!python/object/new:os.system ["touch {markers[1]}"]',
        f"!!python/object/apply:subprocess.call [[touch, {markers[2]}]]",
        f"!!python/object/apply:builtins.exec [\"open('{markers[3]}', 'w')\"]",
        f'!!python/object/apply:os.system {{args: ["touch {markers[4]}"]}}',
    ]
    names = []
    for index, payload in enumerate(payloads):
        name = f"tag-{index}.plan.yaml"
        (tmp_path / name).write_text(f"planctl: 1\ntitle: {payload}\n", encoding="utf-8")
        names.append(name)
    # The same payload inside a district template the plan points at.
    (tmp_path / "evil-template.yaml").write_text(
        f'planctl-template: 1\nextends: !!python/object/apply:os.system ["touch {markers[5]}"]\n',
        encoding="utf-8",
    )
    (tmp_path / "via-template.plan.yaml").write_text(
        "planctl: 1\ntemplate: ./evil-template.yaml\ntitle: Reading plan\n", encoding="utf-8"
    )
    shutil.copy(CORPUS / "python-object-apply.plan.yaml", tmp_path)
    files = json_run(
        *names, "via-template.plan.yaml", "python-object-apply.plan.yaml", cwd=tmp_path
    )
    for name in [*names, "python-object-apply.plan.yaml"]:
        assert ("yaml-tag", 2, 8) in [(p.rule, p.line, p.column) for p in files[name]], name
    assert "yaml-tag" in [p.rule for p in files["via-template.plan.yaml"]]
    assert [marker for marker in markers if marker.exists()] == []
    # The corpus file's payload is a relative path: it would land in the working folder.
    assert not (tmp_path / "planctl-hostile-marker").exists()


def test_nothing_is_fetched(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No corpus file, not even a template named by URL, opens a network connection."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("planctl must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in EXPECTED:
        check_file(corpus / name, name)
    assert attempts == []


# --------------------------------------------------------------------------
# The file system: links, pipes, devices, permissions, folders


@pytest.mark.slow
def test_symbolic_link_loops(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    plans = root / "plans"
    plans.mkdir(parents=True)
    (root / ".git").mkdir()
    needs_symlinks(plans)
    shutil.copy(DEMO, plans / "good.plan.yaml")
    (plans / "self.plan.yaml").symlink_to("self.plan.yaml")
    (plans / "ping.plan.yaml").symlink_to("pong.plan.yaml")
    (plans / "pong.plan.yaml").symlink_to("ping.plan.yaml")
    (plans / "dangling.plan.yaml").symlink_to("nowhere.plan.yaml")
    # Folder loops: a link back up, and a folder that is a link to itself.
    (plans / "sub").mkdir()
    (plans / "sub" / "up").symlink_to("..", target_is_directory=True)
    (plans / "loop").symlink_to("loop", target_is_directory=True)
    # A template that is a link out of the repository.
    outside = tmp_path / "outside-template.yaml"
    outside.write_text("planctl-template: 1\nextends: default\n", encoding="utf-8")
    (plans / "linked-template.yaml").symlink_to(outside)
    (plans / "template-link.plan.yaml").write_text(
        "planctl: 1\ntemplate: ./linked-template.yaml\ntitle: Reading plan\n", encoding="utf-8"
    )
    files = json_run("plans", "plans/loop", cwd=root)
    assert files["plans/good.plan.yaml"] == []
    for name in ("self", "ping", "pong", "dangling"):
        [problem] = files[f"plans/{name}.plan.yaml"]
        assert (problem.rule, problem.line, problem.column) == ("file-unreadable", 1, 1)
    [problem] = errors(files["plans/template-link.plan.yaml"])
    assert (problem.rule, problem.line, problem.column) == ("template", 2, 11)
    assert "outside" in problem.message
    # The walk did not follow the links back up.
    assert not [path for path in files if "/up/" in path]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_does_not_hang(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (tmp_path / ".git").mkdir()
    shutil.copy(DEMO, plans / "good.plan.yaml")
    os.mkfifo(plans / "pipe.plan.yaml")
    named = json_run("plans/pipe.plan.yaml", cwd=tmp_path)
    [problem] = named["plans/pipe.plan.yaml"]
    assert (problem.rule, problem.line, problem.column) == ("file-unreadable", 1, 1)
    walked = json_run("plans", cwd=tmp_path)
    assert walked["plans/good.plan.yaml"] == []


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_an_endless_device(tmp_path: Path) -> None:
    needs_symlinks(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "zero.plan.yaml").symlink_to("/dev/zero")
    shutil.copy(DEMO, tmp_path / "good.plan.yaml")
    files = json_run(".", cwd=tmp_path)
    [problem] = files["zero.plan.yaml"]
    assert (problem.rule, problem.line, problem.column) == ("file-unreadable", 1, 1)
    assert files["good.plan.yaml"] == []


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file modes need a POSIX system")
def test_an_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    plan = tmp_path / "locked.plan.yaml"
    plan.write_text("planctl: 1\ntitle: Reading plan\n", encoding="utf-8")
    plan.chmod(0)
    try:
        [problem] = check_file(plan, plan.name).report.problems
    finally:
        plan.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert (problem.rule, problem.line, problem.column) == ("file-unreadable", 1, 1)
    assert "permission" in (problem.message + problem.hint).lower()


def test_a_folder_named_like_a_plan_checked_as_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "x.plan.yaml"
    folder.mkdir()
    [problem] = check_file(folder, folder.name).report.problems
    assert (problem.rule, problem.line, problem.column) == ("file-unreadable", 1, 1)
    assert "folder" in problem.message


@pytest.mark.slow
def test_a_folder_named_like_a_plan_on_the_command_line(tmp_path: Path) -> None:
    """Named on the command line it is searched as a folder; an empty one is a usage error."""
    (tmp_path / "x.plan.yaml").mkdir()
    result = planctl("validate", "--format", "json", "x.plan.yaml", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert "x.plan.yaml" in result.stderr
    # Beside other plans it does not stop them.
    shutil.copy(DEMO, tmp_path / "good.plan.yaml")
    files = json_run(".", cwd=tmp_path)
    assert files["good.plan.yaml"] == []


# --------------------------------------------------------------------------
# Messages that mislead


def _problems_of(corpus: Path, name: str) -> list[Problem]:
    return check_file(corpus / name, name).report.problems


def test_a_person_written_as_a_list(corpus: Path) -> None:
    [problem] = errors(_problems_of(corpus, "wrong-type-person-list.plan.yaml"))
    assert "'people' should be a mapping" not in problem.message


def test_a_value_of_several_allowed_forms_is_one_problem(corpus: Path) -> None:
    problems = errors(_problems_of(corpus, "wrong-type-target-list.plan.yaml"))
    assert len([p for p in problems if (p.line, p.column) == (7, 15)]) == 1, problems


def test_a_huge_number_is_not_called_text(corpus: Path) -> None:
    [problem] = errors(_problems_of(corpus, "huge-integer-cost.plan.yaml"))
    assert "the text" not in problem.message


def test_a_template_path_to_a_folder(corpus: Path) -> None:
    [problem] = errors(_problems_of(corpus, "template-folder.plan.yaml"))
    assert "does not exist" not in problem.message
    assert "folder" in problem.message


def test_merge_keys_fill_in_the_steps(corpus: Path) -> None:
    """The valid use of '<<: *anchor' builds the steps a planner meant."""
    doc = check_file(corpus / "merge-keys.plan.yaml", "merge-keys.plan.yaml").doc
    assert doc is not None
    steps = [node.raw for node in doc.steps()]
    assert [step["owners"] for step in steps] == ["Dana Reyes"] * 3
    assert [step["outcome"] for step in steps] == [
        "Coaches trained",
        "Coaches trained",
        "Coaching logs reviewed",
    ]


def test_bom_and_crlf_keep_lines_and_columns(corpus: Path) -> None:
    """The valid BOM + CRLF plan, with one date broken, is reported where it stands."""
    raw = (corpus / "utf8-bom-crlf.plan.yaml").read_bytes().replace(b"2024-09", b"2024-19")
    loaded = load_bytes(raw, "crlf.plan.yaml")
    problems = check_loaded(loaded, corpus).report.problems
    assert [(p.rule, p.line, p.column) for p in errors(problems)] == [("date-format", 11, 14)]
