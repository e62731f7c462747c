"""``planctl diff``: what changed between two versions of a plan, in planning terms.

Two fixture pairs in ``tests/data/diff/`` (the Boston work plan, whose steps
have no ids, and the Riverbend plan) pin every change exactly; small plans
written inline pin one behaviour each; the git form runs against a throwaway
repository; every output format is parsed back.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from planctl.cli import app
from planctl.diff import PlanDiff, diff_docs, load_revision, run
from planctl.errors import UserError
from planctl.load import load_text
from planctl.model.build import PlanDoc
from planctl.validate import check_loaded
from tests.git_helpers import git

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "diff"
EXAMPLES = sorted((REPO / "examples").glob("*.plan.yaml"))
BOSTON_OLD = DATA / "boston-old.plan.yaml"
BOSTON_NEW = DATA / "boston-new.plan.yaml"
DISTRICT_OLD = DATA / "district-old.plan.yaml"
DISTRICT_NEW = DATA / "district-new.plan.yaml"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


# --------------------------------------------------------------------------
# Helpers


def build(text: str, name: str = "plan.plan.yaml") -> PlanDoc:
    checked = check_loaded(load_text(text, name), DATA)
    assert checked.doc is not None, [p.message for p in checked.report.problems]
    return checked.doc


def build_file(path: Path) -> PlanDoc:
    return build(path.read_text(encoding="utf-8"), str(path))


def kinds_and_messages(diff: PlanDiff) -> list[tuple[str, str]]:
    return [(change.kind, change.message) for change in diff.changes]


def step(action: str, **fields: object) -> str:
    """One step of an inline plan, its values written as JSON (which YAML reads)."""
    lines = [f"      - action: {json.dumps(action)}"]
    lines.extend(f"        {key}: {json.dumps(value)}" for key, value in fields.items())
    return "\n".join(lines)


def plan(*goals: tuple[str, list[str]], header: str = "", ids: bool = True) -> str:
    """An inline plan: goals (title, steps) under a small header."""
    lines = [
        "planctl: 1",
        "title: Reading plan",
        "period: {start: 2024-07, end: 2026-06}",
        "status: adopted",
        *([header] if header else []),
        "goals:",
    ]
    for number, (title, steps) in enumerate(goals, 1):
        lines.append(f"  - id: G{number}" if ids else "  -")
        lines.append(f"    title: {json.dumps(title)}")
        lines.append("    steps:")
        lines.extend(steps)
    return "\n".join(lines) + "\n"


def diff_texts(old: str, new: str) -> PlanDiff:
    return diff_docs(build(old, "old.plan.yaml"), build(new, "new.plan.yaml"))


def run_files(old: Path | str, new: Path | str, fmt: str = "text") -> tuple[int, str]:
    out = io.StringIO()
    code = run(str(old), str(new), rev=None, to=None, paths=[], fmt=fmt, out=out)
    return code, out.getvalue()


COACH = step("Hire a reading coach", due="2024-09", owners=["Ana Ruiz"], cost=50000)
TRAIN = step("Train teachers in phonics", due="2025-03", owners=["Ben Cole"])
NIGHT = step("Hold a family reading night", due="2025-05", owners=["Ana Ruiz"])


# --------------------------------------------------------------------------
# The fixture pairs, change by change

BOSTON_CHANGES = [
    ("plan-status-changed", "plan status changed: draft → adopted"),
    (
        "due-moved",
        "Goal G1 › Key action step 1 'Standardize job descriptions': "
        "due moved 2 months later: May/2013 → July 2013",
    ),
    (
        "step-renamed",
        "Goal G1 › Key action step 2 'Host a Meeting to create the TLT plan': "
        "renamed: 'Host a meeting to create the TLT plan' → "
        "'Host a Meeting to create the TLT plan'",
    ),
    (
        "owners-changed",
        "Goal G1 › Key action step 2 'Host a Meeting to create the TLT plan': "
        "owners changed: added Chason Ishino; removed Facilitator Leads",
    ),
    (
        "target-changed",
        "Goal G1 › Key action step 2 'Host a Meeting to create the TLT plan': "
        "target changed: 85% by August 20th → 90% by August 20th",
    ),
    (
        "step-moved",
        "Goal G1 › Key action step 5 'Establishing a clear definition of success and…': "
        "moved from Goal G3 to Goal G1",
    ),
    (
        "step-removed",
        "removed Goal G1 › Key action step 4 'Email regular progress updates to facilitator l…' "
        "(due Quarterly/2013-14, Shakera Walker)",
    ),
    (
        "step-renamed",
        "Goal G2 › Key action step 1 'Research and reach consensus on key principles…': "
        "renamed: 'Research and come to consensus on key principles of adult learning' → "
        "'Research and reach consensus on key principles of adult learning'",
    ),
    (
        "step-added",
        "added Goal G2 › Key action step 4 "
        "'Host a family night' (due May 2014, Shakera Walker, $12,000)",
    ),
    (
        "status-changed",
        "Goal G3 › Key action step 1 'Co-design and plan training with ODA and OEE fo…': "
        "status changed: in-progress → done",
    ),
    ("goal-removed", "removed Goal G4"),
]

DISTRICT_CHANGES = [
    ("plan-period-changed", "plan period changed: July 2024 – June 2027 → July 2024 – June 2028"),
    (
        "goal-renamed",
        "Goal G1 'Every teacher learns with colleagues in a profe…': renamed: "
        "'Every teacher learns with colleagues in a strong professional learning community' → "
        "'Every teacher learns with colleagues in a professional learning community that…'",
    ),
    (
        "due-moved",
        "Goal G1 › Objective G1.O2 › Action step 1 "
        "'Publish a district assessment calendar with com…': "
        "due moved 14 days earlier: 2025-03-15 → 2025-03-01",
    ),
    (
        "step-moved",
        "Goal G1 › Objective G1.O2 › Action step 4 "
        "'Develop a non-evaluative peer walkthrough proto…': "
        "moved from Goal G2 › Objective G2.O2 to Goal G1 › Objective G1.O2",
    ),
    (
        "target-changed",
        "Goal G2 'Grow instructional coaching and the leadership…': target changed: "
        "40% by 2025-06; 60% by 2026-06; 75% by 2027-06 → "
        "40% by 2025-06; 60% by 2026-06; 80% by 2027-06",
    ),
    (
        "step-renamed",
        "Goal G2 › Objective G2.O1 › Action step G2.O1.S2 "
        "'Send every coach to a summer institute on coach…': "
        "renamed: 'Provide every coach with professional learning on coaching PLCs' → "
        "'Send every coach to a summer institute on coaching teams'",
    ),
    (
        "start-moved",
        "Goal G2 › Objective G2.O1 › Action step G2.O1.S2 "
        "'Send every coach to a summer institute on coach…': "
        "start moved 1 month earlier: 2025-08 → 2025-07",
    ),
    (
        "status-changed",
        "Goal G2 › Objective G2.O1 › Action step G2.O1.S3 "
        "'Track coaching cycles in the district's profess…': "
        "status changed: blocked → in-progress",
    ),
    (
        "cost-changed",
        "Goal G2 › Objective G2.O2 › Action step 2 "
        "'Run a lab classroom cohort whose hosts open the…': "
        "cost changed: $36,000 → $48,000 (+$12,000)",
    ),
    (
        "goal-removed",
        "removed Goal G3 'Make professional learning coherent, embedded i…' (with 4 steps)",
    ),
    (
        "objective-removed",
        "removed Goal G3 › Objective G3.O1 'Redesign the professional learning calendar to…' "
        "(with 2 steps)",
    ),
    (
        "step-removed",
        "removed Goal G3 › Objective G3.O1 › Action step 1 "
        "'Revise the professional learning calendar with…' "
        "(due 2025-06, James Okafor, Professional Learning Committee)",
    ),
    (
        "step-removed",
        "removed Goal G3 › Objective G3.O1 › Action step 2 "
        "'Review staff survey results and adjust the 2026…' "
        "(due 2026-06, Professional Learning Committee)",
    ),
    (
        "objective-removed",
        "removed Goal G3 › Objective G3.O2 'Provide opportunities for educators and familie…' "
        "(with 2 steps)",
    ),
    (
        "step-removed",
        "removed Goal G3 › Objective G3.O2 › Action step 1 "
        "'Host family learning nights on reading and atte…' "
        "(due SY 2025-26, Marcus Bell, Lena Fischer, $9,600)",
    ),
    (
        "step-removed",
        "removed Goal G3 › Objective G3.O2 › Action step 2 "
        "'Co-design a family learning series with the dis…' "
        "(due 2026-10, Marcus Bell)",
    ),
]


def test_boston_steps_without_ids_are_matched_by_their_text() -> None:
    diff = diff_docs(build_file(BOSTON_OLD), build_file(BOSTON_NEW))
    assert kinds_and_messages(diff) == BOSTON_CHANGES
    assert [goal.message for goal in diff.cost.goals] == ["Goal G2: +$12,000 (from $0 to $12,000)"]
    assert diff.cost.message == "Plan: +$12,000 (from $0 to $12,000)"
    assert diff.summary() == (
        "plan draft → adopted, 1 goal removed, 1 step added, 1 removed, 1 moved, 2 renamed, "
        "1 due date moved, 1 owner change, 1 status change, 1 measure change, net cost +$12,000"
    )


def test_district_goal_removed_with_its_steps_and_net_cost_per_goal() -> None:
    diff = diff_docs(build_file(DISTRICT_OLD), build_file(DISTRICT_NEW))
    assert kinds_and_messages(diff) == DISTRICT_CHANGES
    assert [goal.message for goal in diff.cost.goals] == [
        "Goal G2: +$12,000 (from $372,000 to $384,000)",
        "Goal G3 (removed): -$9,600 (from $9,600 to $0)",
    ]
    assert diff.cost.message == "Plan: +$2,400 (from $400,100 to $402,500)"
    assert diff.cost.net == 2400


def test_before_and_after_hold_whole_values() -> None:
    diff = diff_docs(build_file(DISTRICT_OLD), build_file(DISTRICT_NEW))
    by_kind = {change.kind: change for change in diff.changes}
    assert by_kind["cost-changed"].before == 36000
    assert by_kind["cost-changed"].after == 48000
    assert by_kind["goal-renamed"].after == (
        "Every teacher learns with colleagues in a professional learning community that works"
    )
    assert by_kind["step-moved"].before == "Goal G2 › Objective G2.O2"
    assert by_kind["step-moved"].after == "Goal G1 › Objective G1.O2"
    assert by_kind["step-moved"].where == (
        "Goal G1 › Objective G1.O2 › Action step 4 "
        "'Develop a non-evaluative peer walkthrough proto…'"
    )
    removed = [change for change in diff.changes if change.kind == "step-removed"]
    # A removal is placed where it was, in the old plan.
    assert removed[0].where.startswith("Goal G3 › Objective G3.O1 › Action step 1 ")
    assert removed[0].after is None
    diff = diff_docs(build_file(BOSTON_OLD), build_file(BOSTON_NEW))
    owners = next(change for change in diff.changes if change.kind == "owners-changed")
    assert (owners.before, owners.after) == (
        ["Facilitator Leads", "Shakera Walker"],
        ["Shakera Walker", "Chason Ishino"],
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_a_plan_against_itself_has_no_changes(example: Path) -> None:
    diff = diff_docs(build_file(example), build_file(example))
    assert diff.changes == ()
    assert not diff.changed
    assert diff.cost.goals == ()
    assert diff.summary() == "no planning changes"
    code, text = run_files(example, example)
    assert code == 0
    assert text.endswith(": no planning changes\n")


def test_writing_the_same_plan_another_way_is_no_change() -> None:
    old = plan(
        (
            "Every third grader reads on grade level",
            [
                step("Hire a reading coach", due="May/2025", owners=["Ana Ruiz", "Ben Cole"]),
                step("Train teachers", due="2025-06", start="2024-09"),
            ],
        )
    )
    new = plan(
        (
            "Every  third grader reads\n      on grade level",
            [
                step("Train teachers", due="June 2025", start="September 2024"),
                step("Hire a  reading coach", due="2025-05", owners=["Ben Cole", "Ana Ruiz"]),
            ],
        )
    )
    assert diff_texts(old, new).changes == ()


def test_an_owner_role_written_another_way_is_no_change_but_a_new_role_is() -> None:
    header = "people: [{name: Ana Ruiz}]"
    old = plan(
        ("G", [step("Hire", due="2025-05", owners=["Ana Ruiz, Reading coach"])]), header=header
    )
    same = plan(
        (
            "G",
            [step("Hire", due="2025-05", owners=[{"name": "Ana Ruiz", "role": "Reading coach"}])],
        ),
        header=header,
    )
    assert diff_texts(old, same).changes == ()
    other = plan(
        ("G", [step("Hire", due="2025-05", owners=["Ana Ruiz, Principal"])]), header=header
    )
    [change] = diff_texts(old, other).changes
    assert change.kind == "owners-changed"
    assert change.after == ["Ana Ruiz (Principal)"]
    assert change.before == ["Ana Ruiz (Reading coach)"]


# --------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("before", "after", "kind", "detail"),
    [
        ("May/2013", "July 2013", "due-moved", "due moved 2 months later: May/2013 → July 2013"),
        ("2013-07", "May 2013", "due-moved", "due moved 2 months earlier: 2013-07 → May 2013"),
        ("2013-12", "2014-01", "due-moved", "due moved 1 month later: 2013-12 → 2014-01"),
        (
            "2025-03-15",
            "2025-03-20",
            "due-moved",
            "due moved 5 days later: 2025-03-15 → 2025-03-20",
        ),
        ("2013-05", "2013-05-15", "due-moved", "due moved 16 days earlier: 2013-05 → 2013-05-15"),
        (
            "Fall 2025",
            "Spring 2026",
            "due-moved",
            "due moved 6 months later: Fall 2025 → Spring 2026",
        ),
        ("April-May/2013", "May/2013", "due-changed", "due changed: April-May/2013 → May/2013"),
        (
            "Mid-way and final check in",
            "December 2013",
            "due-changed",
            "due changed: Mid-way and final check in → December 2013",
        ),
        (None, "May 2014", "due-changed", "due added: May 2014"),
        ("May 2014", None, "due-changed", "due removed (was May 2014)"),
    ],
)
def test_due_dates(before: str | None, after: str | None, kind: str, detail: str) -> None:
    def one(due: str | None) -> str:
        fields = {"due": due} if due else {}
        return plan(("Reading", [step("Hire a reading coach", **fields)]))

    diff = diff_texts(one(before), one(after))
    where = "Goal G1 › Action step 1 'Hire a reading coach'"
    assert kinds_and_messages(diff) == [(kind, f"{where}: {detail}")]
    assert (diff.changes[0].before, diff.changes[0].after) == (before, after)


def test_milestone_dates_are_the_due_date_when_there_is_no_due() -> None:
    old = plan(("Reading", [step("Meet", dates=["August 2013", "December 2013"])]))
    new = plan(("Reading", [step("Meet", dates=["August 2013", "February 2014"])]))
    assert kinds_and_messages(diff_texts(old, new)) == [
        (
            "due-moved",
            "Goal G1 › Action step 1 'Meet': due moved 2 months later: "
            "August 2013, December 2013 → August 2013, February 2014",
        )
    ]


def test_start_dates() -> None:
    old = plan(("Reading", [step("Coach", start="2024-09", due="2025-06")]))
    new = plan(("Reading", [step("Coach", start="2024-11-04", due="2025-06")]))
    assert kinds_and_messages(diff_texts(old, new)) == [
        (
            "start-moved",
            "Goal G1 › Action step 1 'Coach': start moved 64 days later: 2024-09 → 2024-11-04",
        )
    ]


# --------------------------------------------------------------------------
# Matching


def test_ids_win_over_text() -> None:
    old = plan(("Reading", [step("Hire a reading coach", id="S1")]))
    new = plan(
        (
            "Reading",
            [step("Hire two reading coaches", id="S1"), step("Hire a reading coach", id="S2")],
        )
    )
    assert kinds_and_messages(diff_texts(old, new)) == [
        (
            "step-renamed",
            "Goal G1 › Action step S1 'Hire two reading coaches': "
            "renamed: 'Hire a reading coach' → 'Hire two reading coaches'",
        ),
        ("step-added", "added Goal G1 › Action step S2 'Hire a reading coach'"),
    ]


def test_an_id_only_on_one_side_still_matches_by_text() -> None:
    old = plan(("Reading", [step("Hire a reading coach", due="2024-09")]))
    new = plan(("Reading", [step("Hire a reading coach", id="S9", due="2024-10")]))
    assert [change.kind for change in diff_texts(old, new).changes] == ["due-moved"]


def test_exact_text_prefers_the_same_goal() -> None:
    review = "Review reading data with principals"
    old = plan(
        ("Reading", [step(review, due="2024-10")]),
        ("Writing", [step(review, due="2024-11")]),
    )
    new = plan(
        ("Reading", [step(review, due="2024-10")]),
        ("Writing", [step(review, due="2024-12")]),
    )
    assert kinds_and_messages(diff_texts(old, new)) == [
        (
            "due-moved",
            f"Goal G2 › Action step 1 '{review}': due moved 1 month later: 2024-11 → 2024-12",
        )
    ]


def test_similar_text_matches_only_under_the_same_parent() -> None:
    old = plan(("Reading", [COACH]), ("Families", [NIGHT]))
    reworded_here = plan(
        (
            "Reading",
            [step("Hire a new reading coach", due="2024-09", owners=["Ana Ruiz"], cost=50000)],
        ),
        ("Families", [NIGHT]),
    )
    assert [c.kind for c in diff_texts(old, reworded_here).changes] == ["step-renamed"]
    reworded_and_moved = plan(
        ("Reading", []),
        ("Families", [NIGHT, step("Hire a new reading coach", due="2024-09")]),
    )
    assert [c.kind for c in diff_texts(old, reworded_and_moved).changes] == [
        "step-removed",
        "step-added",
    ]


def test_goals_match_by_title_without_ids() -> None:
    old = plan(("Reading", [COACH]), ("Families", [NIGHT]), ids=False)
    new = plan(("Families", [NIGHT]), ("reading", [COACH]), ids=False)
    # Reordered goals are no change; a title's case is.
    assert kinds_and_messages(diff_texts(old, new)) == [
        ("goal-renamed", "Goal 2 'reading': renamed: 'Reading' → 'reading'")
    ]


def test_goal_added_with_its_steps_and_cost() -> None:
    old = plan(("Reading", [COACH]))
    new = plan(("Reading", [COACH]), ("Families", [NIGHT, step("Buy books", cost=1500.5)]))
    diff = diff_texts(old, new)
    assert kinds_and_messages(diff) == [
        ("goal-added", "added Goal G2 'Families' (with 2 steps)"),
        (
            "step-added",
            "added Goal G2 › Action step 1 'Hold a family reading night' (due 2025-05, Ana Ruiz)",
        ),
        ("step-added", "added Goal G2 › Action step 2 'Buy books' ($1,500.50)"),
    ]
    assert [goal.message for goal in diff.cost.goals] == [
        "Goal G2 (new): +$1,500.50 (from $0 to $1,500.50)"
    ]


# --------------------------------------------------------------------------
# Fields


def test_owners_status_outcome_and_cost() -> None:
    old = plan(
        (
            "Reading",
            [
                step(
                    "Hire a reading coach",
                    owners=["Ana Ruiz"],
                    status="in-progress",
                    outcome="A coach in every school",
                    cost=50000,
                )
            ],
        )
    )
    new = plan(
        (
            "Reading",
            [
                step(
                    "Hire a reading coach",
                    owners=["Ana Ruiz", "Ben Cole"],
                    status="done",
                    outcome="A coach in every elementary school",
                    cost={"amount": 50000, "funding": "Title I"},
                )
            ],
        )
    )
    where = "Goal G1 › Action step 1 'Hire a reading coach'"
    assert kinds_and_messages(diff_texts(old, new)) == [
        ("owners-changed", f"{where}: owners changed: added Ben Cole"),
        ("status-changed", f"{where}: status changed: in-progress → done"),
        (
            "outcome-changed",
            f"{where}: outcome changed: A coach in every school → "
            "A coach in every elementary school",
        ),
        ("funding-changed", f"{where}: funding added: Title I"),
    ]


def test_measures_baseline_target_and_text() -> None:
    measure_old = {
        "indicator": "Third graders reading on grade level",
        "unit": "%",
        "baseline": {"value": 52, "as_of": "2024-06"},
        "target": {"value": 70, "by": "2026-06"},
    }
    measure_new = {**measure_old, "baseline": {"value": 50, "as_of": "2024-06"}}
    measure_new["target"] = {"value": 75, "by": "2026-06"}
    old = plan(
        ("Reading", [step("Coach", measure=measure_old), step("Train", measure="Sign-in sheets")])
    )
    new = plan(
        ("Reading", [step("Coach", measure=measure_new), step("Train", measure="Exit tickets")])
    )
    assert kinds_and_messages(diff_texts(old, new)) == [
        (
            "baseline-changed",
            "Goal G1 › Action step 1 'Coach': baseline changed: 52% (2024-06) → 50% (2024-06)",
        ),
        (
            "target-changed",
            "Goal G1 › Action step 1 'Coach': target changed: 70% by 2026-06 → 75% by 2026-06",
        ),
        (
            "measure-changed",
            "Goal G1 › Action step 2 'Train': measure changed: Sign-in sheets → Exit tickets",
        ),
    ]


def test_listed_step_measures_and_targets_written_as_a_change() -> None:
    coached = {
        "indicator": "Teachers coached",
        "unit": "%",
        "baseline": 10,
        "target": {"change": "+50 points", "by": "2025-06"},
    }
    old = plan(("Reading", [step("Coach", measures=["Walkthrough notes", coached])]))
    changed = {**coached, "target": {"change": "+80 points", "by": "2025-06"}}
    new = plan(
        ("Reading", [step("Coach", measures=["Walkthrough notes", "Exit tickets", changed])])
    )
    where = "Goal G1 › Action step 1 'Coach'"
    # In the order of the new list: the added measure is second, the changed one third.
    assert kinds_and_messages(diff_texts(old, new)) == [
        ("measure-changed", f"{where}: measure added: Exit tickets"),
        (
            "target-changed",
            f"{where}: target of 'Teachers coached' changed: +50 points (60%) by 2025-06 → "
            "+80 points (90%) by 2025-06",
        ),
    ]


def test_plan_header_changes() -> None:
    old = plan(("Reading", [COACH])).replace("status: adopted", "status: draft")
    new = (
        plan(("Reading", [COACH]), header="organization: Riverbend USD")
        .replace("title: Reading plan", "title: Reading and writing plan")
        .replace("end: 2026-06", "end: 2027-06")
    )
    assert kinds_and_messages(diff_texts(old, new)) == [
        (
            "plan-title-changed",
            "plan title changed: 'Reading plan' → 'Reading and writing plan'",
        ),
        ("plan-organization-changed", "plan organization added: Riverbend USD"),
        (
            "plan-period-changed",
            "plan period changed: July 2024 – June 2026 → July 2024 – June 2027",
        ),
        ("plan-status-changed", "plan status changed: draft → adopted"),
    ]


def test_progress_records_are_not_planning_changes() -> None:
    old = plan(("Reading", [step("Coach", status="done")]))
    new = plan(
        (
            "Reading",
            [
                step(
                    "Coach",
                    status="done",
                    completed="2025-05-02",
                    updates=[{"date": "2025-05-02", "note": "Hired"}],
                )
            ],
        )
    )
    assert diff_texts(old, new).changes == ()


def test_a_missing_side_means_everything_was_added() -> None:
    diff = diff_docs(None, build(plan(("Reading", [COACH]))))
    assert kinds_and_messages(diff) == [
        ("plan-added", "plan added: 'Reading plan'"),
        ("goal-added", "added Goal G1 'Reading' (with 1 step)"),
        (
            "step-added",
            "added Goal G1 › Action step 1 'Hire a reading coach' (due 2024-09, Ana Ruiz, $50,000)",
        ),
    ]
    assert diff.cost.message == "Plan: +$50,000 (from $0 to $50,000)"


# --------------------------------------------------------------------------
# Output formats

BOSTON_TEXT = """\
tests/data/diff/boston-old.plan.yaml → tests/data/diff/boston-new.plan.yaml
  plan draft → adopted, 1 goal removed, 1 step added, 1 removed, 1 moved, 2 renamed, \
1 due date moved, 1 owner change, 1 status change, 1 measure change, net cost +$12,000
  The plan
    ~ status changed: draft → adopted
  Goal G1 'To establish clear lines of communication and c…'
    ~ Key action step 1 'Standardize job descriptions': due moved 2 months later: \
May/2013 → July 2013
    ~ Key action step 2 'Host a Meeting to create the TLT plan': renamed: \
'Host a meeting to create the TLT plan' → 'Host a Meeting to create the TLT plan'
    ~ Key action step 2 'Host a Meeting to create the TLT plan': owners changed: \
added Chason Ishino; removed Facilitator Leads
    ~ Key action step 2 'Host a Meeting to create the TLT plan': target changed: \
85% by August 20th → 90% by August 20th
    ~ Key action step 5 'Establishing a clear definition of success and…': \
moved from Goal G3 to Goal G1
    - removed Key action step 4 'Email regular progress updates to facilitator l…' \
(due Quarterly/2013-14, Shakera Walker)
  Goal G2 'Plan and execute all-facilitator sessions that…'
    ~ Key action step 1 'Research and reach consensus on key principles…': renamed: \
'Research and come to consensus on key principles of adult learning' → \
'Research and reach consensus on key principles of adult learning'
    + added Key action step 4 'Host a family night' (due May 2014, Shakera Walker, $12,000)
  Goal G3 'Develop lead teacher training that incorporates…'
    ~ Key action step 1 'Co-design and plan training with ODA and OEE fo…': status changed: \
in-progress → done
  Goal G4
    - removed Goal G4
  Cost
    Goal G2: +$12,000 (from $0 to $12,000)
    Plan: +$12,000 (from $0 to $12,000)
"""


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.usefixtures("in_repo")
def test_text_output_is_grouped_by_goal() -> None:
    code, text = run_files(
        "tests/data/diff/boston-old.plan.yaml", "tests/data/diff/boston-new.plan.yaml"
    )
    assert code == 1
    assert text == BOSTON_TEXT


def test_text_output_shows_control_characters_as_escapes() -> None:
    old = plan(("Reading", [COACH]))
    new = plan(("Reading", [COACH, step("Ring \x1b[31mred\x1b[0m \u202ebells")]))
    diff = diff_docs(build(old), build(new))
    from planctl.diff.command import ComparedPlan
    from planctl.diff.text import write

    out = io.StringIO()
    write([ComparedPlan("a.plan.yaml", "a", "b", "a → b", diff)], out)
    assert "\x1b" not in out.getvalue() and "\u202e" not in out.getvalue()
    assert "Ring \\x1b[31mred\\x1b[0m \\u202ebells" in out.getvalue()


def _json(old: Path, new: Path) -> dict[str, Any]:
    code, text = run_files(old, new, "json")
    assert code == 1
    document: dict[str, Any] = json.loads(text)
    return document


def test_json_output() -> None:
    document = _json(DISTRICT_OLD, DISTRICT_NEW)
    assert document["version"] == 1
    assert document["summary"] == {"plans": 1, "changed": 1}
    [entry] = document["plans"]
    assert entry["path"] == entry["new"] == os.path.normpath(DISTRICT_NEW).replace(os.sep, "/")
    assert entry["old"] == os.path.normpath(DISTRICT_OLD).replace(os.sep, "/")
    assert [(c["kind"], c["message"]) for c in entry["changes"]] == DISTRICT_CHANGES
    for change in entry["changes"]:
        assert set(change) == {"kind", "where", "goal", "before", "after", "message"}
    assert entry["cost"] == {
        "currency": "USD",
        "before": 400100,
        "after": 402500,
        "net": 2400,
        "message": "Plan: +$2,400 (from $400,100 to $402,500)",
        "goals": [
            {
                "where": "Goal G2 'Grow instructional coaching and the leadership…'",
                "label": "Goal G2",
                "before": 372000,
                "after": 384000,
                "net": 12000,
                "state": "",
                "message": "Goal G2: +$12,000 (from $372,000 to $384,000)",
            },
            {
                "where": "Goal G3 'Make professional learning coherent, embedded i…'",
                "label": "Goal G3",
                "before": 9600,
                "after": 0,
                "net": -9600,
                "state": "removed",
                "message": "Goal G3 (removed): -$9,600 (from $9,600 to $0)",
            },
        ],
    }


def _inline_text(token: Token) -> str:
    return "".join(child.content for child in token.children or [] if child.type == "text")


def _markdown(text: str) -> list[Token]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    for token in tokens:
        for child in token.children or []:
            assert child.type not in ("html_inline", "link_open", "em_open", "code_inline")
    return tokens


def _headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [
        (token.tag, _inline_text(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def _items(tokens: list[Token]) -> list[str]:
    return [
        _inline_text(tokens[index + 2])
        for index, token in enumerate(tokens)
        if token.type == "list_item_open"
    ]


def test_markdown_output() -> None:
    code, text = run_files(BOSTON_OLD, BOSTON_NEW, "md")
    assert code == 1
    tokens = _markdown(text)
    assert _headings(tokens) == [
        ("h3", os.path.normpath(BOSTON_NEW).replace(os.sep, "/")),
        ("h4", "The plan"),
        ("h4", "Goal G1 'To establish clear lines of communication and c…'"),
        ("h4", "Goal G2 'Plan and execute all-facilitator sessions that…'"),
        ("h4", "Goal G3 'Develop lead teacher training that incorporates…'"),
        ("h4", "Goal G4"),
        ("h4", "Cost"),
    ]
    summary = next(
        token for token in tokens if token.type == "inline" and "net cost" in token.content
    )
    strong = "".join(
        child.content
        for child in summary.children or []
        if child.type == "text" and child.content.startswith("plan draft")
    )
    assert strong == (
        "plan draft → adopted, 1 goal removed, 1 step added, 1 removed, 1 moved, 2 renamed, "
        "1 due date moved, 1 owner change, 1 status change, 1 measure change, net cost +$12,000"
    )
    diff = diff_docs(build_file(BOSTON_OLD), build_file(BOSTON_NEW))
    assert _items(tokens) == [change.line for change in diff.changes]
    cells = [
        _inline_text(tokens[index + 1]) for index, t in enumerate(tokens) if t.type == "td_open"
    ]
    assert cells == [
        "Goal G2 'Plan and execute all-facilitator sessions that…'",
        "$0",
        "$12,000",
        "+$12,000",
        "Plan",
        "$0",
        "$12,000",
        "+$12,000",
    ]


def test_markdown_escapes_plan_text(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> | *stars* _under_ `tick` [link](https://example.org)"
    old = tmp_path / "old.plan.yaml"
    new = tmp_path / "new.plan.yaml"
    old.write_text(plan(("# Reading <b>", [COACH])), encoding="utf-8")
    new.write_text(plan(("# Reading <b>", [COACH, step(hostile, cost=100)])), encoding="utf-8")
    code, text = run_files(old, new, "md")
    assert code == 1
    tokens = _markdown(text)
    assert ("h4", "Goal G1 '# Reading <b>'") in _headings(tokens)
    assert _items(tokens) == [f"added Action step 2 '{hostile[:47].rstrip()}…' ($100)"]
    cells = [
        _inline_text(tokens[index + 1]) for index, t in enumerate(tokens) if t.type == "td_open"
    ]
    assert cells[0] == "Goal G1 '# Reading <b>'"


def test_no_changes_in_every_format() -> None:
    code, text = run_files(BOSTON_OLD, BOSTON_OLD, "text")
    assert (code, text) == (0, f"{BOSTON_OLD} → {BOSTON_OLD}: no planning changes\n")
    code, text = run_files(BOSTON_OLD, BOSTON_OLD, "md")
    assert (code, text) == (0, "No planning changes (1 plan compared).\n")
    _markdown(text)
    code, text = run_files(BOSTON_OLD, BOSTON_OLD, "json")
    document = json.loads(text)
    assert code == 0
    assert document["plans"][0]["changes"] == []
    assert document["plans"][0]["changed"] is False
    assert document["summary"] == {"plans": 1, "changed": 0}


# --------------------------------------------------------------------------
# Bad input


def test_bad_input_is_a_user_error(tmp_path: Path) -> None:
    not_a_plan = tmp_path / "notes.plan.yaml"
    not_a_plan.write_text("shopping: [milk, eggs]\n", encoding="utf-8")
    broken = tmp_path / "broken.plan.yaml"
    broken.write_text("planctl: 1\ngoals: [\n", encoding="utf-8")
    a_list = tmp_path / "list.plan.yaml"
    a_list.write_text("- one\n- two\n", encoding="utf-8")
    missing = tmp_path / "missing.plan.yaml"
    cases = [
        (missing, f"no such file: {missing}"),
        (tmp_path, f"{tmp_path} is a folder, not a plan file"),
        (not_a_plan, f"{not_a_plan} is not a plan: it has no 'planctl: 1' line"),
        (a_list, f"{a_list} is not a plan planctl can read: the file is a list"),
        (broken, f"{broken} is not a plan planctl can read: "),
    ]
    for path, message in cases:
        with pytest.raises(UserError) as raised:
            run_files(BOSTON_OLD, path)
        assert str(raised.value).startswith(message), str(raised.value)
        assert "\n" not in str(raised.value)


def test_unrelated_plans_can_be_compared() -> None:
    code, text = run_files(BOSTON_OLD, DISTRICT_NEW)
    assert code == 1
    # The first goal of each has the id G1: the same goal, renamed.
    assert (
        "    ~ Goal G1 'Every teacher learns with colleagues in a profe…': renamed: "
        "'To establish clear lines of communication and coordination of work with facilit…' → "
        "'Every teacher learns with colleagues in a professional learning community that…'\n"
    ) in text
    assert "    ~ section 'Beliefs' added (5 items)\n" in text
    assert (
        "    - removed Key action step 1 "
        "'Standardize job descriptions' (due May/2013, Shakera Walker)\n" in text
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"old": "a", "new": None, "rev": None, "to": None, "paths": []}, "give two plan files"),
        ({"old": None, "new": None, "rev": None, "to": "HEAD", "paths": []}, "--to needs --rev"),
        (
            {"old": "a", "new": "b", "rev": None, "to": None, "paths": [], "fmt": "xml"},
            "unknown format 'xml': use text, md, json",
        ),
    ],
)
def test_bad_command_lines(arguments: dict[str, Any], message: str) -> None:
    arguments.setdefault("fmt", "text")
    with pytest.raises(UserError, match=message):
        run(
            arguments["old"],
            arguments["new"],
            rev=arguments["rev"],
            to=arguments["to"],
            paths=arguments["paths"],
            fmt=arguments["fmt"],
            out=io.StringIO(),
        )


# --------------------------------------------------------------------------
# Git revisions


@pytest.fixture
def repo(git_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A repository: the adopted plan tagged ``adopted-2024``, then edited and committed."""
    root = tmp_path / "plans-repo"
    (root / "plans").mkdir(parents=True)
    git(root, "init", "-q")
    plan_file = root / "plans" / "pl.plan.yaml"
    plan_file.write_bytes(DISTRICT_OLD.read_bytes())
    (root / "README.md").write_text("Plans\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Adopted plan")
    git(root, "tag", "adopted-2024")
    plan_file.write_bytes(DISTRICT_NEW.read_bytes())
    git(root, "commit", "-q", "-am", "Mid-year revision")
    monkeypatch.chdir(root)
    yield root


def run_rev(rev: str, *paths: str, to: str | None = None, fmt: str = "json") -> tuple[int, Any]:
    out = io.StringIO()
    code = run(None, None, rev=rev, to=to, paths=list(paths), fmt=fmt, out=out)
    return code, json.loads(out.getvalue()) if fmt == "json" else out.getvalue()


@needs_git
def test_revision_against_the_working_tree(repo: Path) -> None:
    code, document = run_rev("adopted-2024")
    assert code == 1
    [entry] = document["plans"]
    assert (entry["path"], entry["old"], entry["new"]) == (
        "plans/pl.plan.yaml",
        "adopted-2024",
        "working tree",
    )
    assert [(c["kind"], c["message"]) for c in entry["changes"]] == DISTRICT_CHANGES
    code, text = run_rev("adopted-2024", fmt="text")
    assert text.startswith("plans/pl.plan.yaml (adopted-2024 → working tree)\n")


@needs_git
def test_revision_to_revision_and_uncommitted_edits(repo: Path) -> None:
    code, document = run_rev("adopted-2024", to="HEAD")
    assert code == 1
    assert document["plans"][0]["new"] == "HEAD"
    assert len(document["plans"][0]["changes"]) == len(DISTRICT_CHANGES)
    # The working tree is HEAD: nothing changed since the last commit.
    code, document = run_rev("HEAD")
    assert code == 0
    assert document["plans"][0]["changes"] == []
    plan_file = repo / "plans" / "pl.plan.yaml"
    plan_file.write_text(
        plan_file.read_text(encoding="utf-8").replace("due: 2025-03-01", "due: 2025-04-01"),
        encoding="utf-8",
    )
    code, document = run_rev("HEAD", "plans/pl.plan.yaml")
    assert code == 1
    assert [c["kind"] for c in document["plans"][0]["changes"]] == ["due-moved"]
    assert document["plans"][0]["changes"][0]["message"].endswith(
        "due moved 31 days later: 2025-03-01 → 2025-04-01"
    )


@needs_git
def test_two_revisions_are_written_as_git_writes_them(repo: Path) -> None:
    assert run_rev("adopted-2024..HEAD") == run_rev("adopted-2024", to="HEAD")
    code, document = run_rev("adopted-2024..HEAD")
    assert (code, document["plans"][0]["old"], document["plans"][0]["new"]) == (
        1,
        "adopted-2024",
        "HEAD",
    )


@pytest.mark.parametrize("rev", ["..HEAD", "adopted-2024..", "a...b"])
def test_a_half_written_range_is_a_user_error(rev: str) -> None:
    with pytest.raises(UserError, match=r"OLD\.\.NEW"):
        run(None, None, rev=rev, to=None, paths=[], fmt="json", out=io.StringIO())


@needs_git
def test_the_old_to_still_works_with_a_note(repo: Path) -> None:
    result = CliRunner().invoke(app, ["diff", "--rev", "adopted-2024", "--to", "HEAD"])
    assert result.exit_code == 1
    assert result.stderr == (
        "planctl: --to HEAD is deprecated and will be removed; write --rev adopted-2024..HEAD\n"
    )
    assert "--to" not in CliRunner().invoke(app, ["diff", "--help"]).stdout


@needs_git
def test_a_plan_absent_at_the_revision_was_added(repo: Path) -> None:
    new_plan = repo / "plans" / "reading.plan.yaml"
    new_plan.write_text(plan(("Reading", [COACH])), encoding="utf-8")
    git(repo, "add", "plans/reading.plan.yaml")
    assert load_revision(new_plan, "adopted-2024") is None
    assert (
        load_revision(repo / "plans" / "pl.plan.yaml", "adopted-2024") == DISTRICT_OLD.read_bytes()
    )
    code, document = run_rev("adopted-2024", "plans/reading.plan.yaml")
    assert code == 1
    assert [c["kind"] for c in document["plans"][0]["changes"]] == [
        "plan-added",
        "goal-added",
        "step-added",
    ]
    # Without paths, every plan tracked under the current folder on either side.
    code, document = run_rev("adopted-2024")
    assert [entry["path"] for entry in document["plans"]] == [
        "plans/pl.plan.yaml",
        "plans/reading.plan.yaml",
    ]


@needs_git
def test_a_plan_deleted_since_the_revision_was_removed(repo: Path) -> None:
    git(repo, "rm", "-q", "plans/pl.plan.yaml")
    code, document = run_rev("adopted-2024", "plans/pl.plan.yaml")
    assert code == 1
    changes = document["plans"][0]["changes"]
    assert changes[0] == {
        "kind": "plan-removed",
        "where": "the plan",
        "goal": "",
        "before": "Professional Learning Plan 2024-2027",
        "after": None,
        "message": "plan removed: 'Professional Learning Plan 2024-2027'",
    }
    assert {c["kind"] for c in changes[1:]} == {"goal-removed", "objective-removed", "step-removed"}


@needs_git
def test_paths_and_folders_from_a_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "plans")
    code, document = run_rev("adopted-2024", to="HEAD")
    assert [entry["path"] for entry in document["plans"]] == ["pl.plan.yaml"]
    monkeypatch.chdir(repo)
    code, document = run_rev("adopted-2024", "plans", to="HEAD")
    assert code == 1
    assert [entry["path"] for entry in document["plans"]] == ["plans/pl.plan.yaml"]


@needs_git
def test_revision_errors(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UserError) as raised:
        run_rev("adopted-2023")
    assert str(raised.value) == "no revision 'adopted-2023' in this repository"
    with pytest.raises(UserError, match="no revision '--help' in this repository"):
        run_rev("--help")
    with pytest.raises(UserError, match="no revision 'adopted-2024~5' in this repository"):
        run_rev("HEAD", to="adopted-2024~5")
    with pytest.raises(UserError) as raised:
        run_rev("adopted-2024", "plans/nowhere.plan.yaml")
    assert str(raised.value) == (
        "no such plan: plans/nowhere.plan.yaml (not at adopted-2024, not in the working tree)"
    )
    (repo / "plans" / "broken.plan.yaml").write_text("planctl: 1\ngoals: [\n", encoding="utf-8")
    with pytest.raises(UserError, match="is not a plan planctl can read"):
        run_rev("adopted-2024", "plans/broken.plan.yaml")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.plan.yaml").write_bytes(DISTRICT_OLD.read_bytes())
    monkeypatch.chdir(plain)
    with pytest.raises(UserError, match=r"is not in a git repository$"):
        run_rev("adopted-2024")
    with pytest.raises(UserError, match=r"is not in a git repository$"):
        load_revision(plain / "a.plan.yaml", "HEAD")


@needs_git
def test_git_not_installed(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(UserError, match="git is not installed"):
        run_rev("adopted-2024")
