"""``planctl export`` and a step's checklist: CSV cells and JSON items, read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.test_export import export, plan, step

TASKS = [
    {"task": "Order books", "owner": "Ben Cho", "due": "2024-09", "done": "2024-09-12"},
    {"task": "Train coaches", "owners": ["Ana Ruiz", "Ben Cho"], "done": True},
    "Share results",
    {"task": "Report", "due": "soon"},
]


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.plan.yaml"
    path.write_text(
        plan(step("Adopt curriculum", due="2025-03", tasks=TASKS), step("Hold nights")),
        encoding="utf-8",
    )
    return path


def test_csv_lists_the_checklist_a_line_an_item_and_counts_it(plan_file: Path) -> None:
    text = export([str(plan_file)], "csv")
    first, second = csv.DictReader(io.StringIO(text))
    assert first["tasks"].split("\n") == [
        "☑ Order books (Ben Cho; due 2024-09; done 2024-09-12)",
        "☑ Train coaches (Ana Ruiz, Ben Cho)",
        "☐ Share results",
        "☐ Report (due soon)",
    ]
    assert (first["tasks_done"], first["tasks_total"], first["status"]) == ("2", "4", "In progress")
    assert (second["tasks"], second["tasks_done"], second["tasks_total"]) == ("", "", "")


def test_json_reads_each_item_with_its_place_and_dates(plan_file: Path) -> None:
    data = json.loads(export([str(plan_file)], "json"))
    first, second = data["plans"][0]["tree"][0]["children"]
    items = first["tasks"]
    assert [item["task"] for item in items] == [
        "Order books",
        "Train coaches",
        "Share results",
        "Report",
    ]
    assert items[0]["where"] == "Goal G1 › Action step 1 'Adopt curriculum' › Task 1 'Order books'"
    assert items[1]["owners"] == ["Ana Ruiz", "Ben Cho"]
    assert [item["done"] for item in items] == [True, True, False, False]
    assert items[0]["dates"]["done"]["end"] == "2024-09-12"
    assert items[0]["dates"]["due"]["end"] == "2024-09-30"
    assert items[3]["dates"]["due"]["error"]
    assert items[2]["dates"] == {} and items[2]["due"] is None
    assert first["status"] == "in-progress"
    # The fields as written are there too.
    assert first["fields"]["tasks"][2] == "Share results"
    assert second["tasks"] == []
