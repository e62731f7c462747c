"""``planctl export``: CSV, iCalendar and JSON, each read back by a real reader.

The calendar is parsed with the ``icalendar`` package (events, stable and
unique UIDs, all-day dates, text with commas and semicolons, folding), the
CSV with the ``csv`` module (one row per step, the columns, the byte-order
mark), the JSON with ``json``; then the owner filter, atomic writing and
the mistakes a user can make.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]  # icalendar needs it
from icalendar import Calendar

from planctl.errors import UserError
from planctl.export import run
from planctl.export.csv import COLUMNS
from planctl.export.ics import escape, fold

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "district-pl-plan.plan.yaml"
CLAYTON = REPO / "examples" / "clayton-pd-goals-2024.plan.yaml"
STEPS_IN_DEMO = 17
EVENTS_IN_DEMO = 16 + 6  # one per dated step, but six for the step with six milestones


def export(paths: list[str], to: str, output: Path | None = None, **options: Any) -> str:
    out = io.StringIO()
    arguments: dict[str, Any] = {"owner": None}
    arguments.update(options)
    assert run(paths, to=to, output=output, out=out, **arguments) == 0
    return out.getvalue()


def step(action: str, **fields: object) -> str:
    lines = [f"      - action: {json.dumps(action)}"]
    lines.extend(f"        {key}: {json.dumps(value)}" for key, value in fields.items())
    return "\n".join(lines)


def plan(*steps: str) -> str:
    lines = [
        "planctl: 1",
        "title: Reading plan",
        "period: {start: 2024-07, end: 2025-06}",
        "goals:",
        "  - id: G1",
        "    title: Every student reads on grade level",
        "    steps:",
        *steps,
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in its own folder, away from any planctl.toml."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


def calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(cal: Calendar) -> list[Any]:
    return list(cal.walk("VEVENT"))


# --------------------------------------------------------------------------
# iCalendar


def test_ics_parses_back_with_one_event_per_date(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    assert export([str(DEMO)], "ics", target) == ""
    cal = calendar(target)
    assert str(cal["VERSION"]) == "2.0"
    assert "planctl" in str(cal["PRODID"])
    found = events(cal)
    assert len(found) == EVENTS_IN_DEMO
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == len(uids)
    by_summary: dict[str, list[date]] = {}
    for event in found:
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        assert type(start) is date and type(end) is date
        assert (end - start).days == 1
        by_summary.setdefault(str(event["SUMMARY"]), []).append(start)
    assert by_summary["Hire two additional instructional coaches"] == [date(2025, 11, 30)]
    assert by_summary[
        "Adopt 2025-26 bell schedules with 45 minutes of protected weekly PLC time"
    ] == [date(2025, 5, 31)]
    assert by_summary[
        "Publish a district assessment calendar with common formative assessment windows"
    ] == [date(2025, 3, 15)]
    assert by_summary["PLC teams complete the PLC rubric self-assessment each fall and spring"] == [
        date(2024, 10, 31),
        date(2025, 4, 30),
        date(2025, 10, 31),
        date(2026, 4, 30),
        date(2026, 10, 31),
        date(2027, 4, 30),
    ]


def test_ics_event_details(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    export([str(DEMO)], "ics", target)
    found = events(calendar(target))
    hire = next(e for e in found if str(e["SUMMARY"]).startswith("Hire two"))
    description = str(hire["DESCRIPTION"])
    where = "Goal G2 › Objective G2.O1 › Action step 1 'Hire two"
    assert description.splitlines()[0].startswith(where)
    assert "Outcome: Ten coaches, one for every 60 teachers" in description
    assert "Owners: Dr. Maria Alvarez" in description
    assert "Status: Done" in description
    assert hire["CATEGORIES"].cats == ["Done"]
    assert str(hire["TRANSP"]) == "TRANSPARENT"
    assert hire.decoded("DTSTAMP").date() == date(2000, 1, 1)
    pilot = next(e for e in found if str(e["SUMMARY"]).startswith("Pilot video-based"))
    assert str(pilot["STATUS"]) == "CANCELLED"
    rubric = [e for e in found if str(e["SUMMARY"]).startswith("PLC teams complete")]
    assert "Milestone 2 of 6: April 2025" in str(rubric[1]["DESCRIPTION"])


def test_ics_uids_are_stable_across_exports_and_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    export([str(DEMO)], "ics", first)
    monkeypatch.chdir(REPO)
    export(["examples/district-pl-plan.plan.yaml"], "ics", second)
    assert first.read_bytes() == second.read_bytes()
    uids = [str(event["UID"]) for event in events(calendar(first))]
    assert all(uid.endswith("@planctl") for uid in uids)


def test_ics_uids_survive_edits_to_other_steps(tmp_path: Path) -> None:
    path = tmp_path / "reading.plan.yaml"
    train = step("Train staff", due="2024-10")
    books = step("Order books", id="S2", due="2024-11")
    path.write_text(plan(train, books), encoding="utf-8")
    before = {str(e["SUMMARY"]): str(e["UID"]) for e in events(calendar_of(path, tmp_path))}
    night = step("Hold a reading night", due="2024-12")
    path.write_text(plan(night, step("Order books", id="S2", due="2025-01"), train), "utf-8")
    after = {str(e["SUMMARY"]): str(e["UID"]) for e in events(calendar_of(path, tmp_path))}
    assert after["Train staff"] == before["Train staff"]
    assert after["Order books"] == before["Order books"]  # the id holds, the date moved
    assert after["Hold a reading night"] not in before.values()


def calendar_of(path: Path, tmp_path: Path) -> Calendar:
    target = tmp_path / "out.ics"
    export([str(path)], "ics", target)
    return calendar(target)


def test_ics_steps_with_the_same_action_get_different_uids(tmp_path: Path) -> None:
    path = tmp_path / "same.plan.yaml"
    path.write_text(plan(step("Meet", due="2024-10"), step("Meet", due="2024-11")), "utf-8")
    uids = [str(e["UID"]) for e in events(calendar_of(path, tmp_path))]
    assert len(uids) == 2 and len(set(uids)) == 2


def test_ics_text_round_trips(tmp_path: Path) -> None:
    action = 'Buy books, pencils; and "paper" \\ glue, from the district’s vendor ' * 2
    path = tmp_path / "text.plan.yaml"
    outcome = "Line one\nLine two, with; punctuation"
    path.write_text(plan(step(action, due="2024-10", outcome=outcome)), encoding="utf-8")
    target = tmp_path / "text.ics"
    export([str(path)], "ics", target)
    raw = target.read_bytes()
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    (event,) = events(calendar(target))
    assert str(event["SUMMARY"]) == action
    assert f"Outcome: {outcome}" in str(event["DESCRIPTION"])
    assert b"SUMMARY:Buy books\\, pencils\\; and" in raw


def test_escape_and_fold() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape("bell\x07") == "bell "
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_ics_dtstamp_from_the_as_of_date(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    export([str(DEMO)], "ics", target, as_of="2025-01-15")
    assert b"DTSTAMP:20250115T000000Z\r\n" in target.read_bytes()
    with pytest.raises(UserError, match="is not a date"):
        export([str(DEMO)], "ics", target, as_of="soon")


def test_ics_for_one_owner(tmp_path: Path) -> None:
    everyone, mine = tmp_path / "all.ics", tmp_path / "priya.ics"
    export([str(DEMO)], "ics", everyone)
    export([str(DEMO)], "ics", mine, owner="priya raman")
    cal = calendar(mine)
    assert str(cal["X-WR-CALNAME"]) == "Priya Raman: Professional Learning Plan 2024-2027"
    found = events(cal)
    assert len(found) == 4
    assert all("Priya Raman" in str(e["DESCRIPTION"]) for e in found)
    all_uids = {str(e["UID"]) for e in events(calendar(everyone))}
    assert {str(e["UID"]) for e in found} <= all_uids


def test_ics_plan_without_dates_has_no_events(tmp_path: Path) -> None:
    target = tmp_path / "clayton.ics"
    export([str(CLAYTON)], "ics", target)
    cal = calendar(target)
    assert events(cal) == []


# due, first day, RRULE, every day the rule gives (the plan period is July 2024 - June 2025,
# so each rule repeats once: the second table row has a two-year period)
YEARLY_EVENTS: list[tuple[str, str, date, str, list[date]]] = [
    ("By March 30 of each year", "", date(2025, 3, 30), "FREQ=YEARLY;UNTIL=20250630", [
        date(2025, 3, 30),
    ]),
    (
        "By March 30 of each year",
        "period: {start: SY 2024-25, end: SY 2025-26}",
        date(2025, 3, 30),
        "FREQ=YEARLY;UNTIL=20260630",
        [date(2025, 3, 30), date(2026, 3, 30)],
    ),
    (
        "By November of each year",
        "period: {start: SY 2024-25, end: SY 2026-27}",
        date(2024, 11, 30),
        "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=-1;UNTIL=20270630",
        [date(2024, 11, 30), date(2025, 11, 30), date(2026, 11, 30)],
    ),
    (
        "Each winter",
        "period: {start: SY 2026-27, end: SY 2027-28}",
        date(2027, 2, 28),
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;UNTIL=20280630",
        [date(2027, 2, 28), date(2028, 2, 29)],
    ),
    ("Annually in May", "", date(2025, 5, 31), "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=-1;UNTIL=20250630",
     [date(2025, 5, 31)]),
]  # fmt: skip


@pytest.mark.parametrize(("due", "period", "first", "rule", "days"), YEARLY_EVENTS)
def test_ics_yearly_dates_repeat_within_the_period(
    tmp_path: Path, due: str, period: str, first: date, rule: str, days: list[date]
) -> None:
    text = plan(step("Report to the board", due=due), step("Survey", dates=[due]))
    if period:
        text = text.replace("period: {start: 2024-07, end: 2025-06}", period)
    source = tmp_path / "yearly.plan.yaml"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "yearly.ics"
    export([str(source)], "ics", target)
    raw = target.read_bytes().decode("utf-8")
    assert raw.count(f"RRULE:{rule}\r\n") == 2
    for event in events(calendar(target)):
        assert event.decoded("DTSTART") == first
        expanded = rrulestr(f"RRULE:{rule}", dtstart=datetime.combine(first, time()))
        assert [day.date() for day in expanded] == days


def _month_ends(first: date, step: int, count: int) -> list[date]:
    """``count`` last days of months, ``step`` months apart from ``first``'s month."""
    found = []
    for n in range(count):
        month = first.month - 1 + n * step
        year, month = first.year + month // 12, month % 12 + 1
        following = date(year + (month == 12), month % 12 + 1, 1)
        found.append(date.fromordinal(following.toordinal() - 1))
    return found


# the step's repeat, its first day, its RRULE, and every day that rule gives within the
# plan period (July 2024 - June 2025)
REPEATS: list[tuple[dict[str, str], date, str, list[date]]] = [
    ({"repeat": "monthly"}, date(2024, 7, 31), "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20250630",
     _month_ends(date(2024, 7, 1), 1, 12)),
    ({"due": "Quarterly/2024-25"}, date(2024, 9, 30),
     "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;UNTIL=20250630",
     [date(2024, 9, 30), date(2024, 12, 31), date(2025, 3, 31), date(2025, 6, 30)]),
    ({"repeat": "twice a year"}, date(2024, 12, 31),
     "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1;UNTIL=20250630",
     [date(2024, 12, 31), date(2025, 6, 30)]),
    ({"repeat": "annually"}, date(2025, 6, 30),
     "FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=-1;UNTIL=20250630", [date(2025, 6, 30)]),
    ({"repeat": "weekly"}, date(2024, 7, 1), "FREQ=WEEKLY;UNTIL=20250630",
     [date.fromordinal(date(2024, 7, 1).toordinal() + 7 * n) for n in range(53)]),
    ({"repeat": "every other week"}, date(2024, 7, 1), "FREQ=WEEKLY;INTERVAL=2;UNTIL=20250630",
     [date.fromordinal(date(2024, 7, 1).toordinal() + 14 * n) for n in range(27)]),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "first", "rule", "days"), REPEATS)
def test_ics_honours_every_repeat(
    tmp_path: Path, fields: dict[str, str], first: date, rule: str, days: list[date]
) -> None:
    source = tmp_path / "repeats.plan.yaml"
    source.write_text(plan(step("Data meeting", **fields)), encoding="utf-8")
    target = tmp_path / "repeats.ics"
    export([str(source)], "ics", target)
    (event,) = events(calendar(target))
    assert event.decoded("DTSTART") == first
    assert f"\r\nRRULE:{rule}\r\n" in target.read_bytes().decode("utf-8")
    expanded = rrulestr(f"RRULE:{rule}", dtstart=datetime.combine(first, time()))
    assert [day.date() for day in expanded] == days


def test_ics_has_no_event_on_a_guessed_month(tmp_path: Path) -> None:
    source = tmp_path / "years.plan.yaml"
    source.write_text(
        plan(
            step("Hire coaches", due="2025"),
            step("Old work", dates=["October 2003-2012", "May 2025"]),
            step("Summer school", dates=["Summer School (2 years: 2024, 2025)"]),
        ),
        encoding="utf-8",
    )
    target = tmp_path / "years.ics"
    export([str(source)], "ics", target)
    found = [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events(calendar(target))]
    assert found == [
        ("Old work", date(2025, 5, 31)),
        ("Summer school", date(2024, 8, 31)),
        ("Summer school", date(2025, 8, 31)),
    ]


# --------------------------------------------------------------------------
# CSV


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_csv_has_a_row_per_step(tmp_path: Path) -> None:
    target = tmp_path / "steps.csv"
    export([str(DEMO)], "csv", target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == STEPS_IN_DEMO + 1
    rows = read_csv(target)
    assert len(rows) == STEPS_IN_DEMO
    hire = next(row for row in rows if row["action"].startswith("Hire two"))
    assert hire == {
        "plan": str(DEMO).replace("\\", "/"),
        "plan_title": "Professional Learning Plan 2024-2027",
        "goal": "Goal G2: Grow instructional coaching and the leadership capacity of educators",
        "objective": "Objective G2.O1: Expand access to instructional coaching for all educators",
        "step": "1",
        "id": "",
        "action": "Hire two additional instructional coaches",
        "start": "",
        "due": "Fall 2025",
        "start_date": "",
        "due_date": "2025-11-30",
        "owners": "Dr. Maria Alvarez",
        "status": "Done",
        "completed": "2025-08-11",
        "outcome": "Ten coaches, one for every 60 teachers",
        "measure": "Coaches on staff (staffing report). Baseline 8; target 10",
        "cost": "312000",
        "currency": "USD",
        "funding": "Title II",
        "tags": "",
        "tasks": "",
        "tasks_done": "",
        "tasks_total": "",
    }
    two_owners = next(row for row in rows if row["action"].startswith("Map elementary"))
    assert two_owners["owners"] == "Professional Learning Committee; Daniel Kim"
    assert two_owners["start_date"] == "2024-08-01"
    rubric = next(row for row in rows if row["action"].startswith("PLC teams complete"))
    assert rubric["due_date"] == "2027-04-30"
    assert sum(float(row["cost"] or 0) for row in rows) == 400100


def test_csv_never_holds_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "formula.plan.yaml"
    path.write_text(plan(step('=HYPERLINK("http://x.example","click")', due="2024-10")), "utf-8")
    target = tmp_path / "formula.csv"
    export([str(path)], "csv", target)
    (row,) = read_csv(target)
    assert row["action"] == '\'=HYPERLINK("http://x.example","click")'


def test_csv_to_the_screen_has_no_byte_order_mark() -> None:
    text = export([str(DEMO)], "csv")
    assert text.startswith("plan,plan_title,goal,")
    assert len(list(csv.DictReader(io.StringIO(text)))) == STEPS_IN_DEMO


def test_csv_of_a_plan_without_dates(tmp_path: Path) -> None:
    target = tmp_path / "clayton.csv"
    export([str(CLAYTON)], "csv", target)
    rows = read_csv(target)
    assert rows and all(row["due_date"] == "" for row in rows)


def test_csv_for_one_owner(tmp_path: Path) -> None:
    target = tmp_path / "mine.csv"
    export([str(DEMO)], "csv", target, owner="DANIEL KIM")
    rows = read_csv(target)
    assert len(rows) == 4
    assert all("Daniel Kim" in row["owners"] for row in rows)


def test_csv_and_ics_name_owners_with_their_roles(tmp_path: Path) -> None:
    source = tmp_path / "roles.plan.yaml"
    text = plan(
        step("Order books", due="2024-09", owners=["Ana Ruiz, Library media specialist", "Ben"]),
        step("Train staff", due="2024-10", owners={"name": "Ana Ruiz", "role": "Coach"}),
    )
    source.write_text(text.replace("goals:\n", "people: [{name: Ana Ruiz}]\ngoals:\n"), "utf-8")
    export([str(source)], "csv", tmp_path / "out.csv")
    assert [row["owners"] for row in read_csv(tmp_path / "out.csv")] == [
        "Ana Ruiz (Library media specialist); Ben",
        "Ana Ruiz (Coach)",
    ]
    # One person, whatever role each step gives her.
    export([str(source)], "csv", tmp_path / "mine.csv", owner="ana ruiz")
    assert [row["action"] for row in read_csv(tmp_path / "mine.csv")] == [
        "Order books",
        "Train staff",
    ]
    export([str(source)], "ics", tmp_path / "plan.ics")
    descriptions = [
        str(event.get("description")) for event in events(calendar(tmp_path / "plan.ics"))
    ]
    assert any("Owners: Ana Ruiz (Library media specialist), Ben" in d for d in descriptions)
    assert any("Owners: Ana Ruiz (Coach)" in d for d in descriptions)


# --------------------------------------------------------------------------
# JSON


def tree_steps(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for node in nodes:
        if node["is_step"]:
            found.append(node)
        else:
            found.extend(tree_steps(node["children"]))
    return found


def test_json_is_the_normalised_plan(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    export([str(DEMO)], "json", target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["version"] == 1
    (item,) = data["plans"]
    assert item["template"] == "default"
    assert item["header"]["title"] == "Professional Learning Plan 2024-2027"
    assert item["period"] == {"start": "2024-07-01", "end": "2027-06-30"}
    assert len(item["people"]) == 9
    assert item["people"][0]["name"] == "Dr. Maria Alvarez"
    assert [goal["fields"]["id"] for goal in item["tree"]] == ["G1", "G2", "G3"]
    steps = tree_steps(item["tree"])
    assert len(steps) == STEPS_IN_DEMO
    first = steps[0]
    assert first["fields"]["owners"] == ["Professional Learning Committee", "Daniel Kim"]
    assert first["dates"]["due"] == {
        "text": "2024-10",
        "kind": "month",
        "start": "2024-10-01",
        "end": "2024-10-31",
        "precision": "month",
    }
    assert first["dates"]["start"]["start"] == "2024-08-01"
    assert first["dates"]["completed"]["end"] == "2024-10-22"
    assert first["due_date"] == "2024-10-31"
    assert first["status"] == "done"
    rubric = next(s for s in steps if s["fields"]["action"].startswith("PLC teams complete"))
    assert [d["end"] for d in rubric["dates"]["dates"]][-1] == "2027-04-30"
    hire = next(s for s in steps if s["fields"]["action"].startswith("Hire two"))
    assert hire["fields"]["cost"]["by_year"] == {"2025-26": 152000, "2026-27": 160000}
    goal = item["tree"][0]
    assert goal["fields"]["measures"][0]["baseline"] == {
        "value": 38,
        "as_of": "2024-05",
        "note": None,
    }


COACHED = {
    "indicator": "Teachers coached",
    "unit": "%",
    "baseline": 10,
    "target": {"change": "+80 points", "by": "2025-06"},
}


def test_several_step_measures_and_a_change(tmp_path: Path) -> None:
    path = tmp_path / "measures.plan.yaml"
    listed = step("Coach", due="2025-03", measure="Coaching logs", measures=["Notes", COACHED])
    path.write_text(plan(listed), "utf-8")
    target = tmp_path / "steps.csv"
    export([str(path)], "csv", target)
    (row,) = read_csv(target)
    # One line a measure in the cell; the change with the figure it reaches.
    assert row["measure"].splitlines() == [
        "Coaching logs",
        "Notes",
        "Teachers coached. Baseline 10%; target +80 points (90%) by 2025-06",
    ]
    data = json.loads(export([str(path)], "json"))
    (first,) = tree_steps(data["plans"][0]["tree"])
    assert first["fields"]["measure"] == "Coaching logs"
    assert first["fields"]["measures"][0] == "Notes"
    assert first["fields"]["measures"][1]["target"] == {
        "value": None,
        "change": "+80 points",
        "by": "2025-06",
        "note": None,
    }


def test_json_reports_unreadable_dates(tmp_path: Path) -> None:
    path = tmp_path / "vague.plan.yaml"
    path.write_text(plan(step("Check in", due="Mid-way and final check in")), "utf-8")
    data = json.loads(export([str(path)], "json"))
    (only,) = tree_steps(data["plans"][0]["tree"])
    assert only["dates"]["due"]["text"] == "Mid-way and final check in"
    assert "not a date" in only["dates"]["due"]["error"]
    assert only["due_date"] is None


def test_json_gives_yearly_dates_and_years_without_months(tmp_path: Path) -> None:
    path = tmp_path / "yearly.plan.yaml"
    text = plan(step("Report", due="Each spring", dates=["2025"]))
    path.write_text(text.replace("2024-07, end: 2025-06", "SY 2023-24, end: SY 2024-25"), "utf-8")
    data = json.loads(export([str(path)], "json"))
    (only,) = tree_steps(data["plans"][0]["tree"])
    due = only["dates"]["due"]
    assert (due["kind"], due["every"], due["repeat"]) == ("yearly", "Spring", "annually")
    assert [item["start"] for item in due["milestones"]] == ["2024-03-01", "2025-03-01"]
    assert only["dates"]["dates"][0]["year_only"] is True
    assert "year_only" not in due


def test_json_for_one_owner_keeps_the_goals_above_their_steps() -> None:
    data = json.loads(export([str(DEMO)], "json", owner="Marcus Bell"))
    tree = data["plans"][0]["tree"]
    assert [goal["fields"]["id"] for goal in tree] == ["G3"]
    assert [o["fields"]["id"] for o in tree[0]["children"]] == ["G3.O2"]
    assert len(tree_steps(tree)) == 2
    assert data["owner"] == "Marcus Bell"


# --------------------------------------------------------------------------
# Writing and mistakes


def test_output_is_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "steps.csv"
    target.write_text("old", encoding="utf-8")
    export([str(DEMO)], "csv", target)
    assert len(read_csv(target)) == STEPS_IN_DEMO
    assert sorted(p.name for p in tmp_path.iterdir()) == ["steps.csv", "work"]


def test_dash_writes_to_the_stream() -> None:
    text = export([str(DEMO)], "ics", Path("-"))
    assert text.startswith("BEGIN:VCALENDAR\r\n")


def test_export_mistakes(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unknown export format 'xlsx'"):
        export([str(DEMO)], "xlsx")
    with pytest.raises(UserError, match=r"no such file or folder: missing\.plan\.yaml"):
        export(["missing.plan.yaml"], "csv")
    with pytest.raises(UserError, match="does not exist"):
        export([str(DEMO)], "csv", tmp_path / "nowhere" / "steps.csv")
    copy = tmp_path / "copy.plan.yaml"
    copy.write_bytes(DEMO.read_bytes())
    with pytest.raises(UserError, match="refusing to write the export over the plan"):
        export([str(copy)], "csv", copy)
    assert copy.read_bytes() == DEMO.read_bytes()
    with pytest.raises(UserError, match="no step in these plans is owned by 'Nobody Here'"):
        export([str(DEMO)], "csv", owner="Nobody Here")
    broken = tmp_path / "broken.plan.yaml"
    broken.write_text("goals: [unclosed\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"^.*broken.plan.yaml is not a plan planctl can read: "):
        export([str(broken)], "json")
