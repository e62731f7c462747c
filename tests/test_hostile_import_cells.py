"""Hostile cells for ``planctl import``: numbers, owners and titles as long as a cell may be.

The cell readers that keep amounts whole, look for owners run together and read a school year
from a title run on every cell and title a document holds. Each is fed here the longest cell
the importer reads (:data:`~planctl.importer.source.MAX_CELL` characters) in the shape that
would make a careless pattern slow: digits and commas without end, capitalised words without
separators, school years one after another. The import must finish within the usual time, in
a child process with the usual memory limit, keep every character, and say what it did.
"""

from __future__ import annotations

import csv
from pathlib import Path

from planctl.importer.source import MAX_CELL
from planctl.load import load_text
from tests.test_hostile import planctl

TIMEOUT = 60.0
"""Generous: the import takes well under a second; this only catches a hang."""


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def imported(tmp_path: Path, rows: list[list[str]]) -> tuple[str, dict[str, object]]:
    """Import ``rows`` as a CSV file in a child process; its output and the plan's data."""
    source = write_csv(tmp_path / "plan.csv", rows)
    output = tmp_path / "plan.plan.yaml"
    run = planctl("import", source, "-o", output, cwd=tmp_path, timeout=TIMEOUT)
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    loaded = load_text(output.read_text(encoding="utf-8"), output.name)
    assert not loaded.problems
    assert isinstance(loaded.data, dict)
    return run.stdout, loaded.data


def test_a_cell_of_digits_and_commas_is_one_item(tmp_path: Path) -> None:
    number = ("9," * (MAX_CELL // 2))[: MAX_CELL - 2] + "9"
    _, data = imported(tmp_path, [["Action Step", "Resources"], ["Buy", number]])
    steps = data["goals"][0]["steps"]  # type: ignore[index]
    assert steps[0]["resources"] == [number]


def test_an_owner_of_endless_capitalised_words_is_kept_and_listed(tmp_path: Path) -> None:
    owner = ("Ana Lopez " * (MAX_CELL // 10)).strip()
    summary, data = imported(tmp_path, [["Action Step", "Lead Person(s)"], ["Train", owner]])
    assert data["goals"][0]["steps"][0]["owners"] == owner  # type: ignore[index]
    assert "kept as one owner" in summary


def test_a_title_of_school_years_one_after_another(tmp_path: Path) -> None:
    same = ("2026-2027 " * (MAX_CELL // 10)).strip()
    _, data = imported(tmp_path, [[same], ["Action Step", "Due"], ["Train", "Ongoing"]])
    assert data["title"] == same
    assert data["period"] == {"start": "2026-07", "end": "2027-06"}
    (tmp_path / "plan.plan.yaml").unlink()
    many = " ".join(f"{year}-{year + 1}" for year in range(1900, 2100)) * 40
    _, data = imported(tmp_path, [[many], ["Action Step", "Due"], ["Train", "Ongoing"]])
    assert "period" not in data  # many school years name no one of them
