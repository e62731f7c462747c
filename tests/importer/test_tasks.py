"""``planctl import``: bullets under an action in a Word table become the step's tasks."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from planctl.importer.drafting import split_tasks
from tests.test_import import do_import

Cell = str | list[tuple[str, str]]


def _document(path: Path, cells: list[list[Cell]]) -> Path:
    """A Word file with one goal heading and a table; a cell is text, or (style, text) lines."""
    document = docx.Document()
    document.add_heading("Goal 1: Every student reads on grade level", level=1)
    table = document.add_table(rows=0, cols=3)
    headings: list[Cell] = ["Action Step", "Due", "Person(s) Responsible"]
    for row in [headings, *cells]:
        added = table.add_row().cells
        for cell, value in zip(added, row, strict=True):
            if isinstance(value, str):
                cell.text = value
                continue
            first, *rest = value
            cell.paragraphs[0].text = first[1]
            if first[0]:
                cell.paragraphs[0].style = document.styles[first[0]]
            for style, text in rest:
                cell.add_paragraph(text, style=style or None)
    document.save(str(path))
    return path


def test_list_paragraphs_under_an_action_become_its_tasks(tmp_path: Path) -> None:
    source = _document(
        tmp_path / "plan.docx",
        [
            [
                [
                    ("", "Adopt a new reading curriculum"),
                    ("List Bullet", "Order books"),
                    ("List Bullet", "Train coaches"),
                ],
                "May 2025",
                "Ana Ruiz",
            ],
            [
                "Hold family reading nights\n- Book the library\n• Send invitations",
                "2025-03",
                "Ben",
            ],
            ["Review the data\nwith principals", "2025-06", "Ana Ruiz"],
        ],
    )
    _, _, data, text = do_import(source)
    first, second, third = data["goals"][0]["steps"]
    assert first["action"] == "Adopt a new reading curriculum"
    assert first["tasks"] == ["Order books", "Train coaches"]
    assert second["action"] == "Hold family reading nights"
    assert second["tasks"] == ["Book the library", "Send invitations"]
    # Lines that are not bullets stay the action's.
    assert "tasks" not in third and third["action"] == "Review the data\nwith principals"
    assert "tasks:\n" in text, text


@pytest.mark.parametrize(
    ("text", "listed", "action", "tasks"),
    [
        ("Adopt\n• Order books\n• Train", set(), "Adopt", ["Order books", "Train"]),
        ("Adopt\no Order books", set(), "Adopt", ["Order books"]),
        ("Adopt\nOrder books\nnote", {"Order books"}, "Adopt\nnote", ["Order books"]),
        ("Adopt\nonly words", set(), "Adopt\nonly words", []),
        ("• Order books", {"• Order books"}, "• Order books", []),
        ("Adopt\n•", set(), "Adopt\n•", []),
        ("2024-25 cohort\n-5 points", set(), "2024-25 cohort\n-5 points", []),
        ("Adopt\n- Order books\n* Train", set(), "Adopt", ["Order books", "Train"]),
    ],
)
def test_split_tasks(text: str, listed: set[str], action: str, tasks: list[str]) -> None:
    assert split_tasks(text, listed) == (action, tasks)
