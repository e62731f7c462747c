"""Reading a status cell of a planctl packet: the tasks count under the status is not a status."""

from __future__ import annotations

import pytest

from planctl.importer.cells import split_tasks_count


@pytest.mark.parametrize(
    ("cell", "status", "count"),
    [
        ("Done\n3 of 3 tasks done", "Done", "3 of 3 tasks done"),
        ("In progress\n1 of 4 tasks done (25%)", "In progress", "1 of 4 tasks done (25%)"),
        ("0 of 1 task done", "", "0 of 1 task done"),
        ("In progress", "In progress", ""),
        # A district's words that only look like a count stay the status.
        ("3 of 3 done", "3 of 3 done", ""),
        ("Done; 2 of 3 tasks done by the lead", "Done; 2 of 3 tasks done by the lead", ""),
    ],
)
def test_the_count_a_packet_writes_is_split_from_the_status(
    cell: str, status: str, count: str
) -> None:
    assert split_tasks_count(cell) == (status, count)
