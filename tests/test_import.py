"""``planctl import``: Word tables and spreadsheets into plan files.

Word files are built here with python-docx, laid out like the district documents planctl was
made for (Boston's work plan: goal paragraphs and six-column tables with the template's
instruction row; Lower Merion's: "Strategy:" paragraphs and seven-column tables; Clayton's: goal
and objective headings over "# | Action Steps" tables), and every field of every step is
checked. Spreadsheets come in two layouts (goal and objective columns; goal rows above their
steps), as CSV files in ``tests/data/import`` and as workbooks built from them. Every example
plan goes through Word and back: rendered, imported, and compared cell by cell.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.table import Table as DocxTable
from docx.table import _Cell
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl import importer
from planctl.errors import UserError
from planctl.importer import CannotImport, OutputExists, UnknownTemplate, run
from planctl.importer.cells import clean, read_cost, read_due, read_measure, split_owners
from planctl.importer.columns import BadMapping, Matcher, Target, normalize
from planctl.importer.write import plan_text
from planctl.load import load_text
from planctl.model.build import Node, PlanDoc
from planctl.render import RenderOptions, render_packet
from planctl.render.view import step_cells
from planctl.template import load_builtin
from planctl.validate import check_file

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.plan.yaml"))
DATA = REPO / "tests" / "data" / "import"


# --------------------------------------------------------------------------- helpers


def fill(cell: _Cell, text: str) -> None:
    """Cell text with one paragraph per line, as Word keeps it ("a\\n\\nb": a blank between)."""
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def add_table(document: DocumentObject, rows: list[list[str]]) -> DocxTable:
    table: DocxTable = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for row_number, values in enumerate(rows):
        for column, text in enumerate(values):
            if text:
                fill(table.cell(row_number, column), text)
    return table


def save(document: DocumentObject, path: Path) -> Path:
    document.save(str(path))
    return path


def do_import(
    source: Path,
    output: Path | None = None,
    *,
    template: str | None = None,
    mappings: tuple[str, ...] = (),
    force: bool = False,
) -> tuple[int, str, dict[str, Any], str]:
    """Import ``source``: the exit code, the summary, the plan's data and its text."""
    output = output or source.with_name(source.stem + ".plan.yaml")
    out = io.StringIO()
    code = run(source, output, template=template, mappings=list(mappings), force=force, out=out)
    text = output.read_text(encoding="utf-8")
    loaded = load_text(text, output.name)
    assert not loaded.problems, loaded.problems
    assert isinstance(loaded.data, dict)
    return code, out.getvalue(), loaded.data, text


def outline(doc: PlanDoc) -> list[tuple[Any, ...]]:
    """The plan as a reader of its Word tables sees it: nodes, and each step's cells."""
    columns = [column.field for column in doc.template.columns]
    found: list[tuple[Any, ...]] = []

    def walk(node: Node, depth: int) -> None:
        if node.is_step:
            assert node.fields is not None
            cells = step_cells(doc, node.fields)  # type: ignore[arg-type]
            if node.fields.id and "id" not in columns and "action" in columns:
                # A table without a column for the step's number shows it before the action.
                cells["action"] = f"{node.fields.id} {cells['action']}".rstrip()
            found.append(("step", depth, tuple(cells[name] for name in columns)))
            return
        # The number a reader sees: an id that is the node's place ("1") reads as no id.
        found.append((node.level.key, depth, node.title, node.numbering))
        for child in node.children:
            walk(child, depth + 1)

    for root in doc.roots:
        walk(root, 0)
    return found


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_comes_back_from_its_word_packet(example: Path, tmp_path: Path) -> None:
    original = check_file(example, example.name).doc
    assert original is not None
    packet = render_packet([(example, example.name)], RenderOptions(to="docx"))
    source = tmp_path / "packet.docx"
    source.write_bytes(packet)
    output = tmp_path / "imported.plan.yaml"
    code, summary, data, _ = do_import(source, output, template=original.template.name)
    imported = check_file(output, output.name)
    assert imported.doc is not None
    assert outline(imported.doc) == outline(original)
    assert data["title"] == (original.header.title if original.header else None)
    errors = [p for p in imported.report.problems if p.severity.value == "error"]
    assert code == (1 if errors else 0)
    assert f"{len(imported.report.problems)} problem" in summary or not imported.report.problems


def test_a_strategy_map_comes_back_with_its_parallel_lists(tmp_path: Path) -> None:
    example = REPO / "examples" / "cedar-valley-strategy-map.plan.yaml"
    source = tmp_path / "packet.docx"
    source.write_bytes(render_packet([(example, example.name)], RenderOptions(to="docx")))
    _, _, data, text = do_import(source, template="strategy-map")
    first = data["goals"][0]
    # The bullets under "Objectives:" are the goal's objectives, not goals of their own.
    assert len(data["goals"]) == 3
    assert first["objectives"] == [
        "Students read on grade level by the end of grade 3.",
        "Students write clearly for a purpose and an audience in every subject.",
        "Students who fall behind get help within weeks, not semesters.",
    ]
    # "Key measure: ..." lines are the goal's key measures, written as the map names them.
    assert [m.split(" (")[0] for m in first["key_measures"]] == [
        "Grade 3 students meeting or exceeding the state ELA standard",
        "Grade 6-8 students scoring proficient on the common writing task",
    ]
    assert len(first["initiatives"]) == 4
    assert "\n    initiatives:\n" in text and "\n    steps:\n" not in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_the_template_is_recognised_from_the_packet(example: Path, tmp_path: Path) -> None:
    original = check_file(example, example.name).doc
    assert original is not None
    source = tmp_path / "packet.docx"
    source.write_bytes(render_packet([(example, example.name)], RenderOptions(to="docx")))
    _, summary, data, _ = do_import(source)
    assert data["template"] == original.template.name
    assert f"template: {original.template.name} (" in summary


# --------------------------------------------------------------------------- Boston


INSTRUCTIONS = [
    "Define each action step on its own row. Define as many action steps as necessary by "
    "adding rows to the table.",
    "An expected completion date (month and year) must be defined for each action step.",
    "An expected outcome must be defined for each action step.",
    "An evaluative measure must be defined for each action step. ",
    "A responsible person must be identified for each action step.",
    "Comments are optional.",
]
BOSTON_HEADINGS = [
    "Key Action Steps",
    "Timeline",
    "Expected Outcome",
    "Data Source, Baseline & Target",
    "Person/Area Responsible",
    "Comments",
]
LATER_HEADINGS = [
    *BOSTON_HEADINGS[:3],
    "Data Source and Evaluation Methodology",
    *BOSTON_HEADINGS[4:],
]
SENTENCE_75 = (
    "Because no more than 75% of BPS schools had a full TLT, at least 85% of schools will have "
    "a full TLT in place by August 20th"
)
SENTENCE_60 = (
    "Because no more than 60% of participants indicated last year’s session was useful, at "
    "least 75% of participants will indicate that the time was useful in helping them to "
    "advance their QSP"
)
GOAL_1 = (
    "To establish clear lines of communication and coordination of work with facilitator leads "
    "and school leaders"
)
GOAL_2 = (
    "Plan and execute all-facilitator sessions that train school teams in principles of adult "
    "learning and allow time for cross-functional planning"
)
GOAL_3 = (
    "Develop lead teacher training that incorporates data analysis and the tools of the "
    "evaluation system to increase the capacity of schools to engage in data driven inquiry and "
    "promote effective instructional practices"
)


def boston_document(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Teacher Leader Team Work Plan Template", style="Title")
    document.add_paragraph(f"Goal 1: {GOAL_1}")
    add_table(
        document,
        [
            BOSTON_HEADINGS,
            INSTRUCTIONS,
            [
                "Standardize job descriptions",
                "May/2013",
                "Standardized job descriptions",
                "Four standardized job descriptions",
                "Shakera Walker",
                "",
            ],
            [
                "Host a meeting to create the TLT plan",
                "April-May/2013",
                "Define plan and strategy for roll out",
                f"TLT plan communicated to school leaders\n\n{SENTENCE_75} ",
                "Facilitator Leads\n\nShakera Walker",
                "",
            ],
            [
                "Coordinate 3 meetings to check in with facilitator leads, plan All Facilitator "
                "agenda, share best practices and assess program progress",
                "August/2013\n\nDecember/2013\n\nLate April/early May",
                "High quality AF meetings\n\n",
                f"{SENTENCE_60} ",
                "Shakera Walker\n\nFacilitator Leads",
                "",
            ],
            [
                "Email regular progress updates to facilitator leads",
                "Quarterly/2013-14",
                "Updates",
                "Quarterly email updates to Lead Facilitators",
                "Shakera Walker",
                "",
            ],
            [
                "Create an accountability and feedback loop for facilitator leads",
                "Mid-way and final check in",
                "System and structure in place to hold Lead Facilitators accountable for "
                "developing and leading effective sessions and using participant responses to "
                "meet the needs of TLTs",
                "",
                "Shakera Walker/Chason Ishino",
                "",
            ],
        ],
    )
    document.add_paragraph(f"Goal 2: {GOAL_2}")
    add_table(
        document,
        [
            LATER_HEADINGS,
            [
                "Research and come to consensus on key principles of adult learning",
                "August/2013",
                "Definition and agreement on key principles of adult learning that will be used "
                "to guide AF sessions",
                "",
                "Shakera Walker w/facilitator leads",
                "",
            ],
            [
                "Find and hire guest speakers who facilitate dialogue around adult learning "
                "theory\n\n",
                "August 15",
                "Confirmation and schedule of guest speakers for AF sessions",
                "Participant feedback forms",
                "Shakera Walker\n\nChason Ishino",
                "",
            ],
            [
                "Convene lead facilitators to plan agenda, set norms and assess progress of "
                "respective content area work",
                "One month prior to each AF session",
                "Creation of agendas, tools and resources",
                "AF agenda, exit tickets and feedback loop from Facilitator Leads",
                "Shakera Walker",
                "",
            ],
        ],
    )
    document.add_paragraph(f"Goal 3: {GOAL_3}")
    add_table(
        document,
        [
            LATER_HEADINGS,
            [
                "Co-design and plan training with ODA and OEE focused on supporting lead "
                "teachers to develop skill set with respect to inquiry, data use, analysis and "
                "evaluation process\n\n",
                "August/2013",
                "PD plan with identified objectives, desired outcomes and tools/resources for "
                "Lead Teachers",
                "PD Plan",
                "OEE/ODA",
                "",
            ],
            [
                "Coordinate regular meetings to assess effects of our efforts and determine "
                "what targeted support needs to be provided\n\n\n",
                "August-May/2013-14",
                "Define plan and areas to focus during session",
                "Lead Teacher Feedback\n\nPrincipal Response",
                "Shakera Walker",
                "",
            ],
            [
                "Establishing a clear definition of success and having a feedback loop for this "
                "as well",
                "July 2013",
                "Program is managed effectively and LTs play a role in shaping the program so "
                "that it fits their needs",
                "Participant Feedback and P/Hm feedback",
                "OEE/ODA",
                "",
            ],
        ],
    )
    document.add_paragraph("Goal 4: ")
    add_table(document, [LATER_HEADINGS, [""] * 6, [""] * 6])
    return save(document, path / "tlt-work-plan.docx")


BOSTON_GOALS: list[dict[str, Any]] = [
    {
        "title": GOAL_1,
        "steps": [
            {
                "action": "Standardize job descriptions",
                "due": "May/2013",
                "outcome": "Standardized job descriptions",
                "measure": "Four standardized job descriptions",
                "owners": "Shakera Walker",
            },
            {
                "action": "Host a meeting to create the TLT plan",
                "due": "April-May/2013",
                "outcome": "Define plan and strategy for roll out",
                "measure": {
                    "source": "TLT plan communicated to school leaders",
                    "baseline": 75,
                    "target": {"value": 85, "by": "August 20th"},
                    "unit": "%",
                    "note": SENTENCE_75,
                },
                "owners": ["Facilitator Leads", "Shakera Walker"],
            },
            {
                "action": "Coordinate 3 meetings to check in with facilitator leads, plan All "
                "Facilitator agenda, share best practices and assess program progress",
                "dates": ["August/2013", "December/2013", "Late April/early May"],
                "outcome": "High quality AF meetings",
                "measure": {"baseline": 60, "target": 75, "unit": "%", "note": SENTENCE_60},
                "owners": ["Shakera Walker", "Facilitator Leads"],
            },
            {
                "action": "Email regular progress updates to facilitator leads",
                "due": "Quarterly/2013-14",
                "outcome": "Updates",
                "measure": "Quarterly email updates to Lead Facilitators",
                "owners": "Shakera Walker",
            },
            {
                "action": "Create an accountability and feedback loop for facilitator leads",
                "due": "Mid-way and final check in",
                "outcome": "System and structure in place to hold Lead Facilitators accountable "
                "for developing and leading effective sessions and using participant responses "
                "to meet the needs of TLTs",
                "owners": ["Shakera Walker", "Chason Ishino"],
            },
        ],
    },
    {
        "title": GOAL_2,
        "steps": [
            {
                "action": "Research and come to consensus on key principles of adult learning",
                "due": "August/2013",
                "outcome": "Definition and agreement on key principles of adult learning that "
                "will be used to guide AF sessions",
                "owners": ["Shakera Walker", "facilitator leads"],
            },
            {
                "action": "Find and hire guest speakers who facilitate dialogue around adult "
                "learning theory",
                "due": "August 15",
                "outcome": "Confirmation and schedule of guest speakers for AF sessions",
                "measure": "Participant feedback forms",
                "owners": ["Shakera Walker", "Chason Ishino"],
            },
            {
                "action": "Convene lead facilitators to plan agenda, set norms and assess "
                "progress of respective content area work",
                "due": "One month prior to each AF session",
                "outcome": "Creation of agendas, tools and resources",
                "measure": "AF agenda, exit tickets and feedback loop from Facilitator Leads",
                "owners": "Shakera Walker",
            },
        ],
    },
    {
        "title": GOAL_3,
        "steps": [
            {
                "action": "Co-design and plan training with ODA and OEE focused on supporting "
                "lead teachers to develop skill set with respect to inquiry, data use, analysis "
                "and evaluation process",
                "due": "August/2013",
                "outcome": "PD plan with identified objectives, desired outcomes and "
                "tools/resources for Lead Teachers",
                "measure": "PD Plan",
                "owners": ["OEE", "ODA"],
            },
            {
                "action": "Coordinate regular meetings to assess effects of our efforts and "
                "determine what targeted support needs to be provided",
                "due": "August-May/2013-14",
                "outcome": "Define plan and areas to focus during session",
                "measure": "Lead Teacher Feedback\nPrincipal Response",
                "owners": "Shakera Walker",
            },
            {
                "action": "Establishing a clear definition of success and having a feedback "
                "loop for this as well",
                "due": "July 2013",
                "outcome": "Program is managed effectively and LTs play a role in shaping the "
                "program so that it fits their needs",
                "measure": "Participant Feedback and P/Hm feedback",
                "owners": ["OEE", "ODA"],
            },
        ],
    },
    {},
]


def test_boston_work_plan_every_field_of_every_step(tmp_path: Path) -> None:
    code, _, data, text = do_import(boston_document(tmp_path))
    assert data["template"] == "tlt-work-plan"
    assert data["title"] == "Teacher Leader Team Work Plan Template"
    assert data["goals"] == BOSTON_GOALS
    assert text.startswith(
        "# Imported by planctl from tlt-work-plan.docx (4 tables, 11 rows).\n"
        "planctl: 1\ntemplate: tlt-work-plan\n"
    )
    assert code == 1


def test_boston_summary_names_each_cell_it_could_not_read(tmp_path: Path) -> None:
    _, summary, _, _ = do_import(boston_document(tmp_path))
    lines = summary.splitlines()
    assert lines[0] == (
        "Imported tlt-work-plan.docx (4 tables, 11 rows) into "
        f"{tmp_path / 'tlt-work-plan.plan.yaml'} with the template tlt-work-plan: "
        "4 goals, 11 key action steps."
    )
    assert "  skipped: 1 instruction row (table 1, row 2), 2 empty rows" in lines
    assert "    table 1, row 5, Timeline: 'Late April/early May' kept as written" in lines
    assert "    table 1, row 7, Timeline: 'Mid-way and final check in' kept as written" in lines
    assert "    table 2, row 3, Timeline: 'August 15' kept as written" in lines
    assert (
        "    table 2, row 4, Timeline: 'One month prior to each AF session' kept as written"
        in lines
    )
    assert "columns not mapped" not in summary
    assert any("[required-fields] Goal 4: this goal has no title" in line for line in lines)
    assert any("[date-format] Goal 1 › Key action step 5" in line for line in lines)
    assert (
        "    table 1, row 4, Data Source, Baseline & Target: target date 'August 20th' "
        "kept as written" in lines
    )
    # The plan is written as a draft: gaps to fill in are warnings until it is adopted, and a
    # value that is wrong as written stays an error.
    assert any(
        "[required-fields] Goal 4: this goal has no title" in line
        and line.endswith("(a warning while the plan is a draft; an error once it is adopted)")
        for line in lines
    )
    assert lines[-1].startswith("13 problems (5 errors, 8 warnings): fill them in")


def test_goal_rows_merged_across_the_table_open_goals(tmp_path: Path) -> None:
    """Boston's document as one table: the goal is a row whose one cell spans the table."""
    document = docx.Document()
    table = add_table(
        document,
        [
            ["Goal 1: Communication", "", "", "", "", ""],
            BOSTON_HEADINGS,
            INSTRUCTIONS,
            ["Standardize job descriptions", "May/2013", "Descriptions", "Four", "Shakera", ""],
            ["Goal 2: Sessions", "", "", "", "", ""],
            BOSTON_HEADINGS,
            ["Hire guest speakers", "August/2013", "Schedule", "Feedback forms", "Chason", ""],
        ],
    )
    for row in (0, 4):
        table.cell(row, 0).merge(table.cell(row, 5))
    _, summary, data, _ = do_import(save(document, tmp_path / "one-table.docx"))
    assert data["template"] == "tlt-work-plan"
    assert [goal["title"] for goal in data["goals"]] == ["Communication", "Sessions"]
    assert [step["action"] for step in data["goals"][0]["steps"]] == [
        "Standardize job descriptions"
    ]
    assert data["goals"][1]["steps"][0]["owners"] == "Chason"
    assert "1 instruction row (table 1, row 3)" in summary


# --------------------------------------------------------------------------- Lower Merion

LMSD_HEADINGS = [
    "Action Steps",
    "Start Date",
    "End Date",
    "Person(s) Responsible",
    "Source(s) of Data to Measure Effectiveness",
    "Anticipated Costs",
    "Anticipated Benefits/ Indicators of Success",
]
BIG_IDEA = (
    "We will transform our approach to professional learning from a top-down model to one that "
    "honors and harnesses our educators' collective wisdom."
)


def lmsd_document(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("All Forward Strategic Pathways Action Plan Template", style="Title")
    document.add_paragraph("Big Idea:")
    document.add_paragraph(BIG_IDEA)
    document.add_paragraph(
        "Related District Strength(s) and Challenge(s) to the Big Idea (please refer to page 9 "
        "of the plan):"
    )
    document.add_paragraph("Strategy:")
    document.add_paragraph("Build the capacity of educator-leaders")

    def only(action: str) -> list[str]:
        return [action, "", "", "", "", "", ""]

    add_table(
        document,
        [
            LMSD_HEADINGS,
            only('Collaboratively identify "non-negotiable" effective instructional practices'),
            only("Engage key stakeholders (e.g., LMEA and School Board) in discussions"),
            [
                "Identify educator-leaders (formal) and “go-to’s” (informal)",
                "September 2024",
                "June 2025",
                "Assistant Superintendent; Director of Professional Learning",
                "Nominations from principals",
                "$ 153,000",
                "A list of leaders by practice",
            ],
            [
                "Train/Develop the leadership capacity of",
                "",
                "",
                "",
                "",
                "TBD",
                "",
            ],
            only(""),
            only("identified teachers"),
            only("Strategy:"),
            only("Develop K-12 Professional Learning Community (PLC) structure and processes"),
            LMSD_HEADINGS,
            only("Define/Clarify PLC process (e.g., the “why”, the “what”, and the “how) in LMSD"),
            only("Create a technology infrastructure to support PLC collaboration"),
        ],
    )
    document.add_paragraph("Strategy:")
    document.add_paragraph("Embed professional learning opportunities during the school day")
    add_table(
        document,
        [
            LMSD_HEADINGS,
            [
                "Revise the professional learning calendar and its scheduling",
                "2024-25",
                "August 2025",
                "Director of Professional Learning",
                "Calendar review",
                "$394,088.00",
                "More learning in the school day",
            ],
        ],
    )
    return save(document, path / "lmsd.docx")


def test_lower_merion_strategies_and_every_field_of_every_step(tmp_path: Path) -> None:
    _, summary, data, _ = do_import(lmsd_document(tmp_path))
    assert data["template"] == "lmsd-action-plan"
    assert data["sections"] == {"big_idea": BIG_IDEA}
    assert data["strategies"] == [
        {
            "title": "Build the capacity of educator-leaders",
            "steps": [
                {
                    "action": 'Collaboratively identify "non-negotiable" effective instructional '
                    "practices"
                },
                {"action": "Engage key stakeholders (e.g., LMEA and School Board) in discussions"},
                {
                    "action": "Identify educator-leaders (formal) and “go-to’s” (informal)",
                    "start": "September 2024",
                    "due": "June 2025",
                    "owners": [
                        "Assistant Superintendent",
                        "Director of Professional Learning",
                    ],
                    "measure": "Nominations from principals",
                    "cost": 153000,
                    "benefits": "A list of leaders by practice",
                },
                {
                    "action": "Train/Develop the leadership capacity of",
                    "comments": "Anticipated Costs: TBD",
                },
                {"action": "identified teachers"},
            ],
        },
        {
            "title": "Develop K-12 Professional Learning Community (PLC) structure and processes",
            "steps": [
                {
                    "action": "Define/Clarify PLC process (e.g., the “why”, the “what”, and the "
                    "“how) in LMSD"
                },
                {"action": "Create a technology infrastructure to support PLC collaboration"},
            ],
        },
        {
            "title": "Embed professional learning opportunities during the school day",
            "steps": [
                {
                    "action": "Revise the professional learning calendar and its scheduling",
                    "start": "2024-25",
                    "due": "August 2025",
                    "owners": "Director of Professional Learning",
                    "measure": "Calendar review",
                    "cost": 394088,
                    "benefits": "More learning in the school day",
                }
            ],
        },
    ]
    assert "table 1, row 5, Anticipated Costs: 'TBD' is not one amount; kept in comments" in (
        summary
    )
    assert "1 empty row" in summary


# --------------------------------------------------------------------------- Clayton


def clayton_document(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("PD Review and Goals 2024", style="Heading 1")
    document.add_paragraph("Goal #1", style="Heading 2")
    document.add_paragraph("Maintain our professional learning focus on the Strategic Plan.")
    document.add_paragraph("(Equitable learning, Empowered learning, Social Emotional Learning)")
    document.add_paragraph(
        "Connections to the Profile of the Graduate: Self-Actualized, Empathetic, Creative Thinker"
    )
    document.add_paragraph(
        "Objective 1: Identify and ensure assured experiences and practices related to "
        "strategic plan."
    )
    add_table(
        document,
        [
            ["#", "Action Steps"],
            ["1", "Create a model for the whole strategic plan and POG"],
            ["2", "Design and implement PL specific to the Clayton honeycomb model"],
        ],
    )
    document.add_paragraph(
        "Objective 2: Explore and implement work around standards.", style="Heading 3"
    )
    add_table(
        document,
        [
            ["#", "Action Steps"],
            ["1", "Send teams to training around standards"],
        ],
    )
    document.add_paragraph("Goal #2", style="Heading 2")
    document.add_paragraph(
        "Continue to revise, revamp, and implement with fidelity the Professional Learning "
        "Communities (PLC) model"
    )
    document.add_paragraph(
        "Objective 1: Use building data to determine targeted areas of desired growth"
    )
    add_table(
        document,
        [
            ["#", "Action Steps"],
            [
                "1",
                "Create an assessment calendar with explicit formative data gathering → "
                "non-negotiable\nAnd use PLC structure to review data",
            ],
        ],
    )
    return save(document, path / "clayton.docx")


def test_clayton_goals_objectives_and_numbered_steps(tmp_path: Path) -> None:
    _, summary, data, _ = do_import(clayton_document(tmp_path))
    assert data["template"] == "clayton-pd-goals"
    assert data["title"] == "PD Review and Goals 2024"
    assert data["goals"] == [
        {
            "title": "Maintain our professional learning focus on the Strategic Plan.",
            "connections": ["Self-Actualized", "Empathetic", "Creative Thinker"],
            "description": "(Equitable learning, Empowered learning, Social Emotional Learning)",
            "objectives": [
                {
                    "title": "Identify and ensure assured experiences and practices related to "
                    "strategic plan.",
                    "steps": [
                        {"action": "Create a model for the whole strategic plan and POG"},
                        {
                            "action": "Design and implement PL specific to the Clayton honeycomb "
                            "model"
                        },
                    ],
                },
                {
                    "title": "Explore and implement work around standards.",
                    "steps": [{"action": "Send teams to training around standards"}],
                },
            ],
        },
        {
            "title": "Continue to revise, revamp, and implement with fidelity the Professional "
            "Learning Communities (PLC) model",
            "objectives": [
                {
                    "title": "Use building data to determine targeted areas of desired growth",
                    "steps": [
                        {
                            "action": "Create an assessment calendar with explicit formative data "
                            "gathering → non-negotiable\nAnd use PLC structure to review data"
                        }
                    ],
                }
            ],
        },
    ]
    # The "#" column is the row number: dropped, not kept as a comment.
    assert "columns not mapped" not in summary


# --------------------------------------------------------------------------- merged cells


def test_merged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    table = add_table(
        document,
        [
            ["Action Step", "Due", "Person(s) Responsible", "Expected Outcome", "Measure"],
            ["Goal 1: Reading", "", "", "", ""],
            ["Train teachers", "August 2024", "Priya Raman", "Routine used", "Walkthroughs"],
            ["Buy books", "September 2024", "", "Sets in rooms", ""],
            ["Coach teachers", "October 2024", "James Okafor", "Coaching", "Logs"],
            ["", "December 2024", "", "", ""],
            ["Goal 2: Attendance", "", "", "", ""],
            ["Call families", "Monthly/2024-25", "Marcus Bell", "Calls", "Logs"],
            ["", "", "", "", ""],
        ],
    )
    table.cell(1, 0).merge(table.cell(1, 4))
    table.cell(6, 0).merge(table.cell(6, 4))
    table.cell(2, 2).merge(table.cell(3, 2))  # one person for two steps
    table.cell(3, 3).merge(table.cell(3, 4))  # one text over two columns: read once
    table.cell(4, 0).merge(table.cell(5, 0))  # one action over two rows: one step
    table.cell(4, 2).merge(table.cell(5, 2))
    # python-docx repeats the merged cell object in each grid column it covers.
    assert table.rows[3].cells[3] is not None
    assert table.rows[3].cells[3]._tc is table.rows[3].cells[4]._tc
    _, summary, data, _ = do_import(save(document, tmp_path / "merged.docx"))
    assert data["goals"] == [
        {
            "title": "Reading",
            "steps": [
                {
                    "action": "Train teachers",
                    "due": "August 2024",
                    "owners": "Priya Raman",
                    "outcome": "Routine used",
                    "measure": "Walkthroughs",
                },
                {
                    "action": "Buy books",
                    "due": "September 2024",
                    "owners": "Priya Raman",
                    "outcome": "Sets in rooms",
                },
                {
                    "action": "Coach teachers",
                    "dates": ["October 2024", "December 2024"],
                    "owners": "James Okafor",
                    "outcome": "Coaching",
                    "measure": "Logs",
                },
            ],
        },
        {
            "title": "Attendance",
            "steps": [
                {
                    "action": "Call families",
                    "due": "Monthly/2024-25",
                    "owners": "Marcus Bell",
                    "outcome": "Calls",
                    "measure": "Logs",
                }
            ],
        },
    ]
    assert "1 empty row" in summary


def test_a_table_without_a_heading_starts_a_goal_without_a_title(tmp_path: Path) -> None:
    document = docx.Document()
    add_table(
        document,
        [
            ["Action Step", "Due", "Owner"],
            ["Train teachers", "August 2024", "Priya Raman"],
        ],
    )
    code, _, data, text = do_import(save(document, tmp_path / "bare.docx"))
    assert data["title"] == "bare"
    assert data["goals"] == [
        {"steps": [{"action": "Train teachers", "due": "August 2024", "owners": "Priya Raman"}]}
    ]
    assert "  # bare.docx has no Goal heading above table 1: give this goal a title.\n" in text
    # An imported plan is a draft, so a gap to fill in is a warning and the import exits 0.
    assert code == 0


def test_unlabelled_headings_above_tables_become_goals(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Riverbend plan", style="Title")
    document.add_paragraph("Vision", style="Heading 1")
    document.add_paragraph("Every student reads by grade 3.")
    document.add_paragraph("Early reading", style="Heading 1")
    document.add_paragraph("Phonics in every K-2 room.")
    add_table(document, [["Action Step", "Due"], ["Train teachers", "August 2024"]])
    document.add_paragraph("Attendance", style="Heading 1")
    document.add_paragraph("Coaching", style="Heading 2")
    add_table(document, [["Action Step", "Due"], ["Call families", "September 2024"]])
    _, _, data, _ = do_import(save(document, tmp_path / "headings.docx"), template="default")
    assert data["sections"] == {"vision": "Every student reads by grade 3."}
    assert data["goals"] == [
        {
            "title": "Early reading",
            "description": "Phonics in every K-2 room.",
            "steps": [{"action": "Train teachers", "due": "August 2024"}],
        },
        {
            "title": "Attendance",
            "objectives": [
                {
                    "title": "Coaching",
                    "steps": [{"action": "Call families", "due": "September 2024"}],
                }
            ],
        },
    ]


# --------------------------------------------------------------------------- spreadsheets


FLAT_GOALS: list[dict[str, Any]] = [
    {
        "title": "Every teacher learns in a strong PLC",
        "objectives": [
            {
                "title": "Protect weekly PLC time",
                "steps": [
                    {
                        "action": "Map elementary and secondary schedules",
                        "start": "2024-08",
                        "due": "October 2024",
                        "owners": ["Professional Learning Committee", "Daniel Kim"],
                        "measure": "Schedule map reviewed by every principal",
                        "cost": 1500,
                        "status": "done",
                        "comments": "Shared with principals\nRoom: Board room",
                    },
                    {
                        "action": "Adopt bell schedules with protected PLC time",
                        "due": "May 2025",
                        "owners": "Dr. Maria Alvarez",
                        "measure": "Board approval",
                        "status": "in-progress",
                    },
                    {
                        "action": "Train PLC leads",
                        "due": "SY 2024-25",
                        "owners": "James Okafor",
                        "measure": "Training attendance",
                        "cost": 18500,
                        "status": "done",
                    },
                ],
            },
            {
                "title": "Use assessment data in PLCs",
                "steps": [
                    {
                        "action": "Publish an assessment calendar",
                        "due": "2025-03-15",
                        "owners": "Daniel Kim",
                        "measure": "Calendar posted",
                        "status": "not-started",
                        "comments": "Budget: TBD",
                    }
                ],
            },
        ],
    },
    {
        "title": "Grow instructional coaching",
        "steps": [
            {
                "action": "Hire two instructional coaches",
                "due": "Fall 2025",
                "owners": "Dr. Maria Alvarez",
                "measure": "Because only 8 coaches were on staff, at least 10 will be by Fall 2025",
                "cost": {"amount": 312000, "funding": "Title II"},
                "status": "blocked",
            }
        ],
    },
]
GROUPED_GOALS: list[dict[str, Any]] = [
    {
        "title": "Improve early reading",
        "steps": [
            {
                "action": "Train K-2 teachers in phonics",
                "due": "August 2024",
                "owners": "Priya Raman",
                "outcome": "Teachers use the phonics routine daily",
                "measure": "Walkthrough notes",
            },
            {
                "action": "Buy decodable readers",
                "due": "September 2024",
                "owners": "James Okafor",
                "outcome": "Every K-2 room has a set",
                "measure": "Inventory",
            },
        ],
    },
    {
        "title": "Improve attendance",
        "steps": [
            {
                "action": "Call families after two absences",
                "due": "Monthly/2024-25",
                "owners": ["Marcus Bell", "Lena Fischer"],
                "outcome": "Families hear from school early",
                "measure": "Call logs",
            },
            {
                "action": "Share attendance data with teachers",
                "due": "Mid-year",
                "owners": "Daniel Kim",
                "outcome": "Teachers know who is missing school",
                "measure": "Dashboard views",
            },
        ],
    },
]


def csv_rows(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def write_xlsx(path: Path, rows: list[list[Any]], *, hidden: bool = False) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Plan"
    for row in rows:
        sheet.append([value if value != "" else None for value in row])
    if hidden:
        lists = workbook.create_sheet("Lists")
        lists.append(["Action Step", "Due"])
        lists.append(["Not a step", "May 2025"])
        lists.sheet_state = "hidden"
    workbook.save(path)
    return path


def copy_of(name: str, folder: Path) -> Path:
    target = folder / name
    target.write_bytes((DATA / name).read_bytes())
    return target


def test_flat_csv_with_goal_and_objective_columns(tmp_path: Path) -> None:
    _, summary, data, _ = do_import(copy_of("flat.csv", tmp_path))
    assert data["template"] == "default"
    assert data["goals"] == FLAT_GOALS
    assert "Imported flat.csv (5 rows)" in summary
    assert "    Room (the sheet)" in summary
    assert 'kept in each step\'s comments as "Heading: text"' in summary
    assert "row 4, Budget: 'TBD' is not one amount; kept in comments" in summary
    assert "skipped: 1 empty row" in summary


def test_an_output_name_folder_searches_miss_is_warned_of(tmp_path: Path) -> None:
    source = copy_of("flat.csv", tmp_path)
    _, summary, _, _ = do_import(source, tmp_path / "flat.yaml")
    assert summary.splitlines()[-1] == (
        "warning: flat.yaml will not be found when planctl searches a folder "
        "(it looks for *.plan.yaml); name it flat.plan.yaml"
    )
    _, summary, _, _ = do_import(source, tmp_path / "flat.plan.yaml")
    assert "will not be found" not in summary


def test_flat_workbook_reads_as_the_csv_does(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "flat.xlsx", csv_rows("flat.csv"), hidden=True)
    _, summary, data, _ = do_import(source)
    assert data["goals"] == FLAT_GOALS
    assert "Imported flat.xlsx (1 sheet, 5 rows)" in summary
    assert "sheet 'Plan', row 4, Budget: 'TBD'" in summary


def test_grouped_rows_csv_and_workbook(tmp_path: Path) -> None:
    _, _, from_csv, _ = do_import(copy_of("grouped.csv", tmp_path))
    source = write_xlsx(tmp_path / "grouped.xlsx", csv_rows("grouped.csv"))
    _, summary, from_xlsx, _ = do_import(source, tmp_path / "from-xlsx.plan.yaml")
    assert from_csv["title"] == from_xlsx["title"] == "Riverbend Reading Plan"
    assert from_csv["goals"] == from_xlsx["goals"] == GROUPED_GOALS
    assert "sheet 'Plan', row 9, Due Date: 'Mid-year' kept as written" in summary


def test_a_list_of_actions_only_is_not_read_as_goal_rows(tmp_path: Path) -> None:
    source = tmp_path / "actions.csv"
    source.write_text("Action Step,Due\nTrain teachers,\nBuy books,\n", encoding="utf-8")
    _, _, data, _ = do_import(source)
    assert data["goals"] == [{"steps": [{"action": "Train teachers"}, {"action": "Buy books"}]}]


def test_level_columns_with_fields_of_their_own(tmp_path: Path) -> None:
    source = tmp_path / "page.csv"
    source.write_text(
        "Goals,Vision,Action Items,Key Players\n"
        "Read by grade 3,Every student reads,Tutor weekly,Teachers and aides\n"
        ",,Test monthly,Coaches\n"
        "Safe schools,,Survey students,Counselors\n"
        ",Every student feels safe,Act on the survey,Principals\n",
        encoding="utf-8",
    )
    _, _, data, _ = do_import(source, template="plan-on-a-page")
    assert data["goals"] == [
        {
            "title": "Read by grade 3",
            "vision": "Every student reads",
            "steps": [
                {"action": "Tutor weekly", "owners": ["Teachers", "aides"]},
                {"action": "Test monthly", "owners": "Coaches"},
            ],
        },
        {
            "title": "Safe schools",
            "vision": "Every student feels safe",
            "steps": [
                {"action": "Survey students", "owners": "Counselors"},
                {"action": "Act on the survey", "owners": "Principals"},
            ],
        },
    ]


def test_workbook_cells_typed_by_excel(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Goal", "Action", "Due Date", "Start", "Cost"])
    sheet.append(["Reading", "Train teachers", datetime(2024, 5, 1), datetime(2024, 1, 15), 1500.0])
    sheet["C2"].number_format = "mmm yyyy"
    sheet.append(["Reading", "Buy books", datetime(2024, 6, 30), None, 249.5])
    workbook.save(tmp_path / "typed.xlsx")
    _, _, data, _ = do_import(tmp_path / "typed.xlsx")
    assert data["goals"][0]["steps"] == [
        {"action": "Train teachers", "start": "2024-01-15", "due": "2024-05", "cost": 1500},
        {"action": "Buy books", "due": "2024-06-30", "cost": 249.5},
    ]


def test_csv_in_windows_encoding_with_semicolons(tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes("Action Step;Owner\nRevise the café menu;José Núñez\n".encode("cp1252"))
    _, _, data, _ = do_import(source)
    assert data["goals"][0]["steps"] == [{"action": "Revise the café menu", "owners": "José Núñez"}]


def test_map_overrides_and_adds_columns(tmp_path: Path) -> None:
    _, summary, data, _ = do_import(
        copy_of("flat.csv", tmp_path), mappings=("Room=resources", "notes = outcome")
    )
    first = data["goals"][0]["objectives"][0]["steps"][0]
    assert first["resources"] == ["Board room"]
    assert first["outcome"] == "Shared with principals"
    assert "comments" not in first
    assert "columns not mapped" not in summary


def test_map_can_ignore_a_column(tmp_path: Path) -> None:
    _, summary, data, _ = do_import(copy_of("flat.csv", tmp_path), mappings=("Room=ignore",))
    assert data["goals"][0]["objectives"][0]["steps"][0]["comments"] == "Shared with principals"
    assert "columns not mapped" not in summary


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("Lead", "should be written 'Heading=field'"),
        ("=owners", "names no column heading"),
        ("Lead=", "names no field"),
        ("Lead=owner", "did you mean 'owners'?"),
    ],
)
def test_a_bad_map_stops_before_anything_is_written(
    tmp_path: Path, mapping: str, message: str
) -> None:
    output = tmp_path / "out.plan.yaml"
    with pytest.raises(BadMapping, match=message):
        run(
            copy_of("flat.csv", tmp_path),
            output,
            template="default",
            mappings=[mapping],
            force=False,
            out=io.StringIO(),
        )
    assert not output.exists()


# --------------------------------------------------------------------------- errors


def run_quietly(source: Path, output: Path, **options: Any) -> int:
    return run(
        source,
        output,
        template=options.get("template"),
        mappings=options.get("mappings", []),
        force=options.get("force", False),
        out=io.StringIO(),
    )


def test_an_existing_output_is_left_alone_without_force(tmp_path: Path) -> None:
    output = tmp_path / "plan.plan.yaml"
    output.write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputExists, match="already exists; use --force"):
        run_quietly(copy_of("grouped.csv", tmp_path), output)
    assert output.read_text(encoding="utf-8") == "mine\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["grouped.csv", "plan.plan.yaml"]
    run_quietly(tmp_path / "grouped.csv", output, force=True)
    assert output.read_text(encoding="utf-8").startswith("# Imported by planctl from grouped.csv")


def test_a_document_with_no_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Our plan", style="Title")
    document.add_paragraph("We will improve reading.")
    output = tmp_path / "out.plan.yaml"
    with pytest.raises(CannotImport, match="has no tables and no goal headings"):
        run_quietly(save(document, tmp_path / "prose.docx"), output)
    assert not output.exists()


def test_a_document_whose_tables_are_not_step_tables(tmp_path: Path) -> None:
    document = docx.Document()
    add_table(document, [["Name", "Phone"], ["Front office", "555-0100"]])
    with pytest.raises(CannotImport, match="no table whose first row holds column headings"):
        run_quietly(save(document, tmp_path / "contacts.docx"), tmp_path / "out.plan.yaml")


@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx"])
def test_a_corrupt_package(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(b"PK\x03\x04 this is not the rest of a zip file")
    with pytest.raises(CannotImport, match="damaged"):
        run_quietly(source, tmp_path / "out.plan.yaml")
    assert not (tmp_path / "out.plan.yaml").exists()


@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx"])
def test_a_zip_that_is_not_an_office_file(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("hello.txt", "hello")
    with pytest.raises(CannotImport, match="cannot be read as"):
        run_quietly(source, tmp_path / "out.plan.yaml")


@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx", "plan.csv"])
def test_password_protected_files(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(
        CannotImport, match=r"password-protected or old \.doc/\.xls format: save as \.docx/\.xlsx"
    ):
        run_quietly(source, tmp_path / "out.plan.yaml")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("plan.doc", r"old \.doc/\.xls format: save as \.docx/\.xlsx"),
        ("plan.xls", r"old \.doc/\.xls format"),
        ("plan.pdf", r"cannot import '\.pdf' files; it reads Word \(\.docx\), Excel"),
        ("plan", "cannot import 'plan' files"),
    ],
)
def test_unknown_extensions(tmp_path: Path, name: str, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(b"anything")
    with pytest.raises(CannotImport, match=message):
        run_quietly(source, tmp_path / "out.plan.yaml")


def test_a_missing_source(tmp_path: Path) -> None:
    with pytest.raises(CannotImport, match="does not exist"):
        run_quietly(tmp_path / "missing.docx", tmp_path / "out.plan.yaml")


def test_huge_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "big.csv"
    source.write_text("Action Step,Due\n" + "Step,May 2025\n" * 30, encoding="utf-8")
    monkeypatch.setattr("planctl.importer.source.MAX_ROWS", 20)
    limit = r"the import limit is 20 rows \(fixed: a plan has hundreds\), so copy the plan's"
    with pytest.raises(CannotImport, match="big.csv has more than 20 rows; " + limit):
        run_quietly(source, tmp_path / "out.plan.yaml")
    workbook = write_xlsx(tmp_path / "big.xlsx", [["Action Step", "Due"]] * 30)
    with pytest.raises(CannotImport, match="big.xlsx has more than 20 rows; " + limit):
        run_quietly(workbook, tmp_path / "out.plan.yaml")
    monkeypatch.setattr("planctl.importer.MAX_BYTES", 100)
    with pytest.raises(CannotImport, match=r"big.csv is 0.0 MB; the import limit is 50 MB a file"):
        run_quietly(source, tmp_path / "out.plan.yaml")
    assert not (tmp_path / "out.plan.yaml").exists()


def test_huge_word_tables_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document()
    add_table(document, [["Action Step", "Due"]] + [["Step", "May 2025"]] * 12)
    monkeypatch.setattr("planctl.importer.source.MAX_ROWS", 10)
    with pytest.raises(CannotImport, match="more than 10 table rows; the import limit is 10 rows"):
        run_quietly(save(document, tmp_path / "big.docx"), tmp_path / "out.plan.yaml")


def test_an_unknown_template(tmp_path: Path) -> None:
    with pytest.raises(UnknownTemplate, match="did you mean 'tlt-work-plan'"):
        run_quietly(copy_of("grouped.csv", tmp_path), tmp_path / "o.plan.yaml", template="tlt-plan")
    assert not (tmp_path / "o.plan.yaml").exists()


def test_errors_are_user_errors_with_exit_code_2() -> None:
    for kind in (CannotImport, OutputExists, UnknownTemplate, BadMapping):
        assert issubclass(kind, UserError)
        assert kind.exit_code == 2


def test_a_district_template_file(tmp_path: Path) -> None:
    (tmp_path / "planctl.toml").write_text("", encoding="utf-8")
    (tmp_path / "district.yaml").write_text(
        "planctl-template: 1\nextends: tlt-work-plan\ncolumns:\n"
        "  - {field: action, heading: Task}\n  - {field: owners, heading: Point Person}\n",
        encoding="utf-8",
    )
    (tmp_path / "plans").mkdir()
    source = tmp_path / "tasks.csv"
    source.write_text("Task,Point Person\nTrain teachers,Priya Raman\n", encoding="utf-8")
    output = tmp_path / "plans" / "tasks.plan.yaml"
    _, _, data, _ = do_import(source, output, template=str(tmp_path / "district.yaml"))
    assert data["template"] == "../district.yaml"
    assert data["goals"][0]["steps"] == [{"action": "Train teachers", "owners": "Priya Raman"}]
    checked = check_file(output, "tasks.plan.yaml")
    assert not [p for p in checked.report.problems if p.rule == "template"]


# --------------------------------------------------------------------------- cells and columns


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        ("Shakera Walker/Chason Ishino", ["Shakera Walker", "Chason Ishino"]),
        ("OEE/ODA", ["OEE", "ODA"]),
        ("Shakera Walker w/facilitator leads", ["Shakera Walker", "facilitator leads"]),
        ("Facilitator Leads\nShakera Walker", ["Facilitator Leads", "Shakera Walker"]),
        ("Ana & Ben; Cy, Di and Ed", ["Ana", "Ben", "Cy", "Di", "Ed"]),
        ("Principal and/or designee", ["Principal", "designee"]),
        ("Lena Fischer (Principal, Cedar Hill)", ["Lena Fischer (Principal, Cedar Hill)"]),
        ("N/A", ["N/A"]),
        ("Ana, ana", ["Ana"]),
    ],
)
def test_owners_are_split(text: str, owners: list[str]) -> None:
    assert split_owners(text) == owners


@pytest.mark.parametrize(
    ("text", "fields", "unread"),
    [
        ("May/2013", {"due": "May/2013"}, []),
        (
            "Mid-way and final check in",
            {"due": "Mid-way and final check in"},
            ["Mid-way and final check in"],
        ),
        ("August/2013\nDecember/2013", {"dates": ["August/2013", "December/2013"]}, []),
        ("October 2024, April 2025", {"dates": ["October 2024", "April 2025"]}, []),
        (
            "August/2013, December/2013, Late April/early May",
            {"dates": ["August/2013", "December/2013", "Late April/early May"]},
            ["Late April/early May"],
        ),
        ("2027-06 (quarterly)", {"due": "2027-06", "repeat": "quarterly"}, []),
        ("Quarterly", {"repeat": "quarterly"}, []),
        ("Ongoing", {"due": "Ongoing"}, []),
        ("August 15, 2013", {"due": "August 15, 2013"}, []),
    ],
)
def test_timelines(text: str, fields: dict[str, Any], unread: list[str]) -> None:
    reading = read_due(text)
    assert reading.fields == fields
    assert reading.unread == unread


def test_measures() -> None:
    assert read_measure(f"TLT plan communicated to school leaders\n{SENTENCE_75}") == {
        "source": "TLT plan communicated to school leaders",
        "baseline": 75,
        "target": {"value": 85, "by": "August 20th"},
        "unit": "%",
        "note": SENTENCE_75,
    }
    # planctl's own rendering of a measure, and plain evidence, stay text.
    rendered = (
        "Schools with a full TLT. Source: TLT rosters. Baseline 75%; target 85% by August 20th"
    )
    assert read_measure(rendered) == rendered
    assert read_measure("Participant feedback forms") == "Participant feedback forms"
    assert read_measure("85% of students will pass by (year.)") == (
        "85% of students will pass by (year.)"
    )


@pytest.mark.parametrize(
    ("text", "cost"),
    [
        ("$ 153,000", 153000),
        ("$394,088.00", 394088),
        ("$394,088.50", 394088.5),
        ("12000", 12000),
        ("$12,000 (Title II)", {"amount": 12000, "funding": "Title II"}),
        ("TBD", None),
        ("$1,2345", None),
        ("€500", None),
        ("$500 per teacher", None),
    ],
)
def test_costs(text: str, cost: Any) -> None:
    assert read_cost(text) == cost


def test_clean_keeps_what_was_typed() -> None:
    assert clean("  a\u00a0b  \t c \r\n\r\n  “quoted”\x0bnext\x07 ") == "a\u00a0b c\n“quoted”\nnext"


def test_headings_match_whatever_their_case_and_punctuation() -> None:
    matcher = Matcher.build(load_builtin("tlt-work-plan"), [])
    assert matcher.match("PERSON / AREA RESPONSIBLE") == Target("step", "owners")
    assert matcher.match("Person(s) Responsible") == Target("step", "owners")
    assert matcher.match("data source, baseline and target") == Target("step", "measure")
    assert matcher.match("Timeline (month and year)") == Target("step", "due")
    assert matcher.match("By When?") == Target("step", "due")
    assert matcher.match("Goal") == Target("level", "title", 0)
    assert matcher.match("Goal #") == Target("level", "id", 0)
    assert matcher.match("#") == Target("number")
    assert matcher.match("Favourite colour") is None
    assert normalize("Anticipated Benefits/ Indicators of Success") == normalize(
        "anticipated benefits indicators of success"
    )


# --------------------------------------------------------------------------- the plan file


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=4))
def test_any_cell_text_is_written_so_it_reads_back(texts: list[str]) -> None:
    values = [clean(text) for text in texts if clean(text)] or ["x"]
    step: dict[str, Any] = {"action": values[0], "owners": values, "comments": values[-1]}
    data = {
        "planctl": 1,
        "template": "default",
        "title": values[0],
        "goals": [{"title": values[-1], "steps": [step]}],
    }
    text = plan_text(data, "Imported by planctl from test.docx (1 table, 1 row).")
    loaded = load_text(text, "plan")
    assert not loaded.problems
    assert loaded.data == data


def test_awkward_values_are_quoted() -> None:
    values = ["yes", "2013", "Note: read this", "- dash", "#hash", "a #b", "~", "1e3", "“smart”"]
    data = {
        "planctl": 1,
        "template": "default",
        "title": "t",
        "goals": [{"title": v} for v in values],
    }
    text = plan_text(data, "x")
    assert '  - title: "yes"\n' in text
    assert '  - title: "2013"\n' in text
    assert "  - title: “smart”\n" in text
    assert load_text(text, "p").data == data


def test_the_importer_loads_no_heavy_library_until_it_reads_a_file() -> None:
    import subprocess
    import sys

    code = (
        "import sys, planctl.importer; "
        "print(any(m.split('.')[0] in ('docx', 'openpyxl') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_summary_counts_every_level(tmp_path: Path) -> None:
    _, summary, _, _ = do_import(copy_of("flat.csv", tmp_path))
    assert summary.splitlines()[0].endswith(
        "with the template default: 2 goals, 2 objectives, 5 action steps."
    )
    assert "Validation of" in summary
    # The two goals have no measure: a sheet of steps seldom says how a goal is measured.
    # Every problem is a gap, and gaps in a draft are warnings until the plan is adopted.
    assert summary.splitlines()[-1].startswith("7 problems (0 errors, 7 warnings): fill them in")


def test_reading_uses_the_module_limits() -> None:
    assert importer.SUFFIXES[".docx"] == "docx"


def test_the_command_exits_1_with_problems_and_2_when_it_cannot_import(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from planctl.cli import app

    source = copy_of("grouped.csv", tmp_path)
    output = tmp_path / "grouped.plan.yaml"
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(source), "-o", str(output)])
    assert result.exit_code == 1
    assert "3 problems (1 error, 2 warnings)" in result.output
    again = runner.invoke(app, ["import", str(source), "-o", str(output)])
    assert again.exit_code == 2
    assert "already exists; use --force" in again.output
    complete = tmp_path / "complete.csv"
    complete.write_text(
        "Goal,Action Step,Due,Point Person,Expected Outcome,Evidence\n"
        "Early reading,Train teachers,August 2024,Priya Raman,Teachers use the routine,"
        "Walkthrough notes\n",
        encoding="utf-8",
    )
    clean_output = tmp_path / "complete.plan.yaml"
    mapped = runner.invoke(
        app, ["import", str(complete), "-o", str(clean_output), "--map", "Point Person=owners"]
    )
    # Every step's cell is filled in; the goal's measure is a warning, and warnings exit 0.
    assert mapped.exit_code == 0, mapped.output
    assert mapped.output.splitlines()[-1].startswith("1 problem (0 errors, 1 warning): ")


def test_a_goal_number_other_than_its_place_is_kept_as_its_id(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Riverbend plan", style="Title")
    document.add_paragraph("Goal 1: Early reading", style="Heading 1")
    add_table(document, [["Action Step", "Due"], ["Train teachers", "August 2024"]])
    document.add_paragraph("Goal 3: Attendance", style="Heading 1")
    add_table(document, [["Action Step", "Due"], ["Call families", "September 2024"]])
    document.add_paragraph("Goal G4: Families", style="Heading 1")
    add_table(document, [["Action Step", "Due"], ["Host a night", "October 2024"]])
    _, _, data, _ = do_import(save(document, tmp_path / "numbered.docx"), template="default")
    # "Goal 1" first needs no id: planctl labels it so. "Goal 3" second and "Goal G4" do.
    assert [(goal.get("id"), goal["title"]) for goal in data["goals"]] == [
        (None, "Early reading"),
        ("3", "Attendance"),
        ("G4", "Families"),
    ]
