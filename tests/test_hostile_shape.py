"""Every command refuses the same way: one ``planctl: ...`` line, its exit code, nothing else.

The commands raise :class:`~planctl.errors.UserError` and the command line
turns it into that line in one place; these runs are real processes (with
the time and memory limits of :func:`tests.test_hostile.planctl`), so a
refusal that escaped as a traceback or an "internal error" would show here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_hostile import planctl

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CLEAN = "plans/district-pl-plan.plan.yaml"
WITH_PROBLEMS = "plans/boston-tlt-work-plan.plan.yaml"

# The arguments, the exit code, and words of the one line expected on stderr.
REFUSALS = [
    (["validate", "missing.plan.yaml"], 2, "no such file or folder: missing.plan.yaml"),
    (["validate", "-o", CLEAN, "plans"], 2, "refusing to write the report over"),
    (["render", CLEAN, "--format", "html"], 2, "--format html writes a file: add -o FILE"),
    (["render", WITH_PROBLEMS, "--strict"], 1, "fix them or render without --strict"),
    (["render", CLEAN, "--layouts", "nowhere"], 2, "--layouts nowhere: no such folder"),
    (["status", "plans", "--owner", "Zzyzx"], 2, "no step in these plans is owned by 'Zzyzx'"),
    (["status", "empty"], 2, "no *.plan.yaml or *.plan.yml files in empty"),
    (["export", "plans", "--format", "csv", "-o", CLEAN], 2, "refusing to write the export over"),
    (["diff", CLEAN], 2, "give two plan files (OLD NEW)"),
    (["diff", "--to", "HEAD", CLEAN, WITH_PROBLEMS], 2, "--to goes with --rev"),
    (["import", "missing.docx", "-o", "new.plan.yaml"], 2, "missing.docx does not exist"),
    (["new", CLEAN], 2, "already exists; add --force to replace it"),
    (["init", "--template", "nosuch", "repo"], 2, "there is no built-in template 'nosuch'"),
    (["rules", "date-fromat"], 2, "did you mean 'date-format'?"),
    (["templates", "nosuch"], 2, "built-in templates: "),
    (["schema", "-o", "plans"], 2, "cannot write plans: it is a folder"),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("refusals")
    (root / "plans").mkdir()
    (root / "empty").mkdir()
    for name in (CLEAN, WITH_PROBLEMS):
        shutil.copy(EXAMPLES / Path(name).name, root / name)
    return root


@pytest.mark.parametrize(
    ("args", "code", "words"), REFUSALS, ids=[" ".join(r[0]) for r in REFUSALS]
)
def test_a_refusal_is_one_line_and_its_exit_code(
    args: list[str], code: int, words: str, folder: Path
) -> None:
    before = sorted(path.relative_to(folder) for path in folder.rglob("*"))
    result = planctl(*args, cwd=folder)
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("planctl: ")
    assert words in lines[0]
    assert "internal error" not in lines[0]
    # A refusal writes nothing: no report, packet, export, plan or temporary file.
    assert sorted(path.relative_to(folder) for path in folder.rglob("*")) == before
