"""Every command over hostile input: a clear answer (exit 0, 1 or 2), never an internal error.

``tests/test_hostile.py`` holds the corpus and what ``validate`` must say of
each file. Here every other command meets the same files, plus values a
plan can hold that name files (a ``template:`` of 300 characters, a NUL in
a path, an ``aligns_to:`` through a name too long for the file system) and
file names that are awkward to print (not UTF-8, an escape sequence, a
newline, a leading dash). Exit 3 means planctl failed; a test fails on it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.test_hostile import DEMO, Run, copy_corpus, planctl

pytestmark = pytest.mark.slow

# Commands that take many plans at once run once over all of them.
BULK_COMMANDS: list[list[str]] = [
    ["validate", "--format", "text"],
    ["validate", "--format", "github"],
    ["fmt", "--check"],
    ["fmt", "--diff"],
    ["status"],
    ["status", "--format", "md"],
    ["status", "--format", "json"],
    ["export", "--format", "csv"],
    ["export", "--format", "ics"],
    ["export", "--format", "json"],
]

LONG = "x" * 300
# Values of `template:` and `aligns_to:` that name files the system will not open.
ODD_REFERENCES = {
    "too-long": LONG,
    "too-long-yaml": LONG + ".yaml",
    "too-long-folder": f"a/{LONG}/b.yaml",
    "too-deep": "/".join(["a"] * 3000) + ".yaml",
    "nul": '"a\\0b.yaml"',
    "newline": '"a\\nb.yaml"',
    "device": "/dev/zero",
    "parent": "../../../../etc/passwd",
    "line-separator": '"\\u2028x.yaml"',
}
ODD_NAMES = [
    "-leading-dash.plan.yaml",
    "new\nline.plan.yaml",
    "escape-\x1b[31m-red.plan.yaml",
    "tab\t.plan.yaml",
    "percent-%s%n.plan.yaml",
    ("y" * 240) + ".plan.yaml",
]


def _assert_no_internal_error(run: Run, what: str) -> None:
    assert run.returncode in (0, 1, 2), (what, run.returncode, run.stderr[-2000:])
    assert "internal error" not in run.stderr, (what, run.stderr[-2000:])
    assert "Traceback" not in run.stderr, (what, run.stderr[-2000:])


def _run_all(commands: list[tuple[list[str], Path]]) -> Iterator[tuple[str, Run]]:
    """Run ``planctl ARGS`` in ``cwd`` for each pair, two at a time."""

    def one(item: tuple[list[str], Path]) -> tuple[str, Run]:
        args, cwd = item
        return " ".join(args), planctl(*args, cwd=cwd, timeout=60)

    with ThreadPoolExecutor(max_workers=2) as pool:
        yield from pool.map(one, commands)


def _odd_plans(folder: Path) -> list[str]:
    """Plans whose `template:` or `aligns_to:` name unusable files; their file names."""
    base = DEMO.read_text(encoding="utf-8")
    names = []
    template_line = next(line for line in base.splitlines() if line.startswith("template: "))
    for label, value in ODD_REFERENCES.items():
        template = base.replace(template_line, f"template: {value}", 1)
        name = f"template-{label}.plan.yaml"
        (folder / name).write_text(template, encoding="utf-8")
        names.append(name)
        first_goal = "  - id: G1\n"
        assert first_goal in base, "the demo plan's first goal is no longer 'G1'"
        aligned = base.replace(first_goal, f"{first_goal}    aligns_to: {value}\n", 1)
        name = f"aligns-{label}.plan.yaml"
        (folder / name).write_text(aligned, encoding="utf-8")
        names.append(name)
    return names


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding the hostile corpus and plans with odd references."""
    root = tmp_path_factory.mktemp("hostile-commands")
    shutil.rmtree(root)
    root.mkdir()
    copy_corpus(root)
    shutil.rmtree(root / ".git")
    odd = root / "odd"
    odd.mkdir()
    _odd_plans(odd)
    if shutil.which("git") is not None:
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
        env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "corpus"]):
            subprocess.run(["git", *command], cwd=root, env=env, check=True)
    else:
        (root / ".git").mkdir()
    return root


@pytest.mark.parametrize("command", BULK_COMMANDS, ids=" ".join)
def test_bulk_commands_over_the_corpus(command: list[str], repository: Path) -> None:
    for folder in ("hostile", "odd"):
        run = planctl(*command, folder, cwd=repository, timeout=120)
        _assert_no_internal_error(run, f"{' '.join(command)} {folder}")


def _plan_files(repository: Path) -> list[str]:
    files = sorted(path.name for path in (repository / "hostile").glob("*.plan.yaml"))
    odd = sorted(path.name for path in (repository / "odd").glob("*.plan.yaml"))
    return [f"hostile/{name}" for name in files] + [f"odd/{name}" for name in odd]


def test_render_diff_and_import_each_file(repository: Path, tmp_path: Path) -> None:
    commands: list[tuple[list[str], Path]] = []
    for index, name in enumerate(_plan_files(repository)):
        # The same bytes as a spreadsheet to import: junk where a table is expected.
        sheet = tmp_path / f"sheet-{index}.csv"
        shutil.copyfile(repository / name, sheet)
        target = str(tmp_path / f"imported-{index}.plan.yaml")
        commands.append((["import", str(sheet), "-o", target], repository))
        commands.append((["render", name], repository))
        commands.append(
            (["render", name, "--format", "docx", "-o", str(tmp_path / "p.docx")], repository)
        )
        commands.append((["diff", str(DEMO), name], repository))
    if (repository / ".git").is_dir() and shutil.which("git"):
        commands.append((["diff", "--rev", "HEAD"], repository))
    failures = []
    for what, run in _run_all(commands):
        if run.returncode not in (0, 1, 2) or "internal error" in run.stderr:
            failures.append(f"planctl {what}: exit {run.returncode}: {run.stderr[-300:]}")
    assert not failures, "\n".join(failures)


def test_odd_references_are_located_problems(repository: Path) -> None:
    run = planctl("validate", "--format", "json", "odd", cwd=repository)
    _assert_no_internal_error(run, "validate odd")
    assert run.returncode == 1
    for label in ODD_REFERENCES:
        name = f"template-{label}.plan.yaml"
        assert f"odd/{name}" in run.stdout, name
    # Each odd template is reported at the `template:` line of its plan, by the template rule.
    text = planctl("validate", "odd/template-nul.plan.yaml", cwd=repository)
    assert re.search(r"template-nul\.plan\.yaml:\d+:\d+: error \[template\]", text.stdout)
    assert "NUL character" in text.stdout
    long = planctl("validate", "odd/template-too-long.plan.yaml", cwd=repository)
    assert "there is no built-in template 'xxx" in long.stdout
    assert LONG not in long.stdout.replace("\n", ""), "a 300-character name is shortened"


@pytest.mark.skipif(os.name != "posix", reason="file names of any bytes are a POSIX thing")
def test_awkward_file_names(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    names = list(ODD_NAMES)
    for name in names:
        shutil.copy(DEMO, tmp_path / name)
    not_utf8 = os.fsdecode(b"not-utf8-\xff\xfe.plan.yaml")
    shutil.copy(DEMO, tmp_path / not_utf8)
    names.append(not_utf8)
    commands: list[tuple[list[str], Path]] = []
    for name in names:
        for command in (*BULK_COMMANDS, ["render"], ["render", "--format", "html", "-o", "p.html"]):
            commands.append(([*command, "--", name], tmp_path))
    failures = []
    for what, run in _run_all(commands):
        if run.returncode not in (0, 1, 2) or "internal error" in run.stderr:
            failures.append(f"planctl {what!r}: exit {run.returncode}: {run.stderr[-300:]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", LONG],
        ["render", "PLAN", "--layouts", LONG],
        ["render", "PLAN", "--format", "html", "-o", LONG],
        ["export", "PLAN", "--format", "csv", "-o", LONG],
        ["import", LONG + ".docx", "-o", "new.plan.yaml"],
        ["diff", "PLAN", LONG],
        ["new", LONG + ".plan.yaml"],
        ["init", LONG],
        ["schema", "-o", LONG],
        ["fmt", LONG],
        ["status", LONG],
    ],
    ids=lambda args: args[0] + "-" + "-".join(a for a in args[1:] if a.startswith("-")),
)
def test_a_name_too_long_on_the_command_line(args: list[str], tmp_path: Path) -> None:
    shutil.copy(DEMO, tmp_path / "plan.plan.yaml")
    run = planctl(*(arg if arg != "PLAN" else "plan.plan.yaml" for arg in args), cwd=tmp_path)
    _assert_no_internal_error(run, " ".join(args))
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("planctl: "), run.stderr
