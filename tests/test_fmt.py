"""``planctl fmt``: one layout, every comment kept next to its key, data never changed.

The examples are the layout: each is already formatted. Plans in every other
layout (four-space indents, keys in any order, comments everywhere) come out
in that layout, keep every comment beside the key it was written about, read
back as the same data, and stay the same when formatted again. Files are
checked, diffed or rewritten atomically; an invalid file is never touched.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from planctl.fmt import (
    STEP_ROW,
    CannotFormat,
    FormatIntegrityError,
    canonical_date,
    format_file,
    format_text,
    run,
    step_order,
    summary,
)
from planctl.fmt import command as fmt_command
from planctl.fmt import comments as fmt_comments
from planctl.fmt import core as fmt_core
from planctl.fmt import roundtrip as fmt_roundtrip
from planctl.load import load_text
from planctl.model.plan import StepFields, field_names
from planctl.template import PlanTemplate, find, load_builtin
from planctl.validate import repository_root

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.plan.yaml"))
CASES = REPO / "tests" / "rules" / "cases"
DATA = REPO / "tests" / "data" / "fmt"
DEFAULT = load_builtin("default")
TLT = load_builtin("tlt-work-plan")


def template_of(text: str, folder: Path = REPO / "examples") -> PlanTemplate:
    data = load_text(text, "plan").data
    name = data.get("template", "default") if isinstance(data, dict) else "default"
    return find(name, folder, repository_root(folder))


def comments_in(text: str) -> Counter[str]:
    """The comments of a test plan (whose values hold no ' #'), without trailing spaces."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            found[stripped] += 1
        elif " #" in line:
            found[line[line.index(" #") + 1 :].rstrip()] += 1
    return found


def data_of(text: str) -> Any:
    loaded = load_text(text, "plan")
    assert not loaded.problems, loaded.problems
    return loaded.data


def key_column(line: str) -> int:
    """Where the key of a line starts (after the dash of a list item)."""
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) + (2 if stripped.startswith("- ") else 0)


def owner_above(lines: list[str], index: int) -> str:
    """The key line above ``index`` whose value the comment there is part of."""
    column = key_column(lines[index])
    for line in reversed(lines[:index]):
        if line.strip() and not line.strip().startswith("#") and key_column(line) < column:
            return line.strip().removeprefix("- ")
    return ""


def next_content(lines: list[str], index: int) -> str:
    """The first line after ``index`` that is neither blank nor a comment."""
    for line in lines[index + 1 :]:
        if line.strip() and not line.strip().startswith("#"):
            return line.strip()
    return ""


# --------------------------------------------------------------------------
# The examples are the layout


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_every_example_is_already_formatted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_text(text, template=template_of(text)) == text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_examples_with_normalized_dates_keep_comments_and_settle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    template = template_of(text)
    once = format_text(text, template=template, normalize_dates=True)
    assert format_text(once, template=template, normalize_dates=True) == once
    assert comments_in(once) == comments_in(text)


def _shuffled(text: str, seed: int, template: PlanTemplate) -> str:
    """The plan with the keys of the plan and of each goal, objective or step in another order.

    A district's own field stays after the key it follows, as fmt keeps it.
    """
    import random

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    data = yaml.load(text)
    generator = random.Random(seed)
    levels = {level.key for level in template.levels}
    own = {item.key for items in template.fields.values() for item in items}

    def visit(node: Any) -> None:
        runs: list[list[str]] = []
        for key in node:
            if key in own and runs:
                runs[-1].append(key)
            else:
                runs.append([key])
        generator.shuffle(runs)
        for group in runs:
            for key in group:
                node.move_to_end(key)
        for key in list(node):
            if key in levels and isinstance(node[key], list):
                for item in node[key]:
                    if isinstance(item, dict):
                        visit(item)

    visit(data)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def bare(text: str) -> str:
    """``text`` without comments and blank lines."""
    kept = []
    for line in text.splitlines():
        if not line.strip() or line.strip().startswith("#"):
            continue
        kept.append(line[: line.index(" #")].rstrip() if " #" in line else line)
    return "\n".join(kept) + "\n"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_examples_with_shuffled_keys_come_back(path: Path) -> None:
    # The library's own reordering would misplace comments and blank lines: a bare plan here.
    text = bare(path.read_text(encoding="utf-8"))
    template = template_of(text)
    expected = format_text(text, template=template)
    for seed in range(3):
        shuffled = _shuffled(expected, seed, template)
        assert format_text(shuffled, template=template) == expected


def test_owner_forms_and_strategy_map_names_are_kept() -> None:
    text = (
        "planctl: 1\ntemplate: strategy-map\npeople:\n  - {name: Maria Lopez, role: Teacher}\n"
        "goals:\n  - initiatives:\n"
        "      - owners: [{role: Lead, name: Maria Lopez}, 'Maria Lopez, Language Arts teacher']\n"
        "        due: May/2026\n        action: Pilot the writing rubric\n"
        "    key_measures: [Scored writing samples]\n    objectives: [Students write clearly.]\n"
        "    title: Writing\n"
    )
    template = load_builtin("strategy-map")
    once = format_text(text, template=template, normalize_dates=True)
    assert once == (
        "planctl: 1\ntemplate: strategy-map\npeople:\n  - {name: Maria Lopez, role: Teacher}\n"
        # objectives, the district's own field, stays after the key written before it.
        "goals:\n  - title: Writing\n    key_measures: [Scored writing samples]\n"
        "    objectives: [Students write clearly.]\n    initiatives:\n"
        "      - action: Pilot the writing rubric\n"
        "        owners: [{role: Lead, name: Maria Lopez}, 'Maria Lopez, Language Arts teacher']\n"
        "        due: 2026-05\n"
    )
    owners = data_of(once)["goals"][0]["initiatives"][0]["owners"]
    assert owners == data_of(text)["goals"][0]["initiatives"][0]["owners"]
    assert format_text(once, template=template, normalize_dates=True) == once


def test_the_messy_plan_comes_out_in_the_layout() -> None:
    text = (DATA / "messy.input.yaml").read_text(encoding="utf-8")
    expected = (DATA / "messy.expected.yaml").read_text(encoding="utf-8")
    assert format_text(text, template=TLT) == expected
    assert format_text(expected, template=TLT) == expected
    assert comments_in(expected) == comments_in(text)
    assert data_of(expected) == data_of(text)


# --------------------------------------------------------------------------
# The plans of the rule cases


def _case_plans() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in YAML(typ="safe").load(path.read_text(encoding="utf-8"))["cases"]:
            params.append(pytest.param(case["plan"], id=f"{path.stem}: {case['name']}"))
    return params


@pytest.mark.parametrize("plan", _case_plans())
def test_rule_case_plans_round_trip(plan: str) -> None:
    try:
        template = template_of(plan, CASES)
    except Exception:  # a case about a template that does not load
        pytest.skip("the case's template does not load")
    once = format_text(plan, template=template)
    assert format_text(once, template=template) == once
    assert data_of(once) == data_of(plan)
    assert comments_in(once) == comments_in(plan)


# --------------------------------------------------------------------------
# Key order


def test_step_order_follows_the_default_columns() -> None:
    assert step_order(DEFAULT) == [
        "id",
        "action",
        "description",
        *STEP_ROW,
        "aligns_to",
        "silence",
    ]


def test_step_order_follows_the_boston_columns() -> None:
    order = step_order(TLT)
    assert order[:3] == ["id", "action", "description"]
    positions = [order.index(name) for name in ("due", "outcome", "measure", "owners", "comments")]
    assert positions == sorted(positions)
    assert order.index("dates") == order.index("due") + 1
    assert order.index("start") < order.index("due")
    # A list of measures follows the single one, in the district's measure column.
    assert order.index("measures") == order.index("measure") + 1


@pytest.mark.parametrize("name", ["default", "tlt-work-plan", "lmsd-action-plan", "vmosa"])
def test_step_order_places_every_step_field_once(name: str) -> None:
    order = step_order(load_builtin(name))
    assert sorted(order) == sorted(field_names(StepFields))


def test_header_keys_come_in_the_fixed_order() -> None:
    text = (
        "goals: []\n"
        "people: []\n"
        "silence: {}\n"
        "currency: EUR\n"
        "sections: {vision: V}\n"
        "description: D\n"
        "adopted: 2024-06\n"
        "status: draft\n"
        "period: {start: 2024-07, end: 2025-06}\n"
        "organization: O\n"
        "title: T\n"
        "template: default\n"
        "planctl: 1\n"
    )
    keys = [line.split(":")[0] for line in format_text(text, template=DEFAULT).splitlines()]
    assert keys == [
        "planctl",
        "template",
        "title",
        "organization",
        "period",
        "status",
        "adopted",
        "description",
        "currency",
        "sections",
        "people",
        "silence",
        "goals",
    ]


def test_node_keys_come_in_model_order_with_levels_last() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - steps: []\n"
        "    objectives: []\n"
        "    silence: {}\n"
        "    comments: C\n"
        "    measure: M\n"
        "    status: in-progress\n"
        "    owners: [A]\n"
        "    description: D\n"
        "    title: T\n"
        "    id: G1\n"
    )
    lines = format_text(text, template=DEFAULT).splitlines()
    keys = [line.strip().removeprefix("- ").split(":")[0] for line in lines[2:]]
    assert keys == [
        "id",
        "title",
        "description",
        "owners",
        "status",
        "measure",
        "comments",
        "silence",
        "objectives",
        "steps",
    ]


def test_unknown_keys_keep_their_order_after_known_ones_and_before_levels() -> None:
    text = (
        "planctl: 1\ngoals:\n  - zeta: 1\n    steps: []\n    alpha: 2\n    title: T\n    notes: 3\n"
    )
    assert format_text(text, template=DEFAULT) == (
        "planctl: 1\ngoals:\n  - title: T\n    zeta: 1\n    alpha: 2\n    notes: 3\n    steps: []\n"
    )


def test_a_districts_own_field_stays_after_the_key_before_it() -> None:
    page = load_builtin("plan-on-a-page")
    text = "planctl: 1\ngoals:\n  - title: T\n    steps: []\n    id: G1\n    vision: V\n"
    # 'vision' follows 'id' wherever 'id' goes.
    assert format_text(text, template=page) == (
        "planctl: 1\ngoals:\n  - id: G1\n    vision: V\n    title: T\n    steps: []\n"
    )


def test_a_merge_key_stays_first() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - title: T\n"
        "    steps:\n"
        "      - &base\n"
        "        owners: A\n"
        "        action: First\n"
        "      - action: Second\n"
        "        <<: *base\n"
    )
    out = format_text(text, template=DEFAULT)
    assert "      - <<: *base\n        action: Second\n" in out
    assert "      - &base\n        action: First\n        owners: A\n" in out


def test_flow_mappings_are_ordered_in_place() -> None:
    text = "planctl: 1\ngoals:\n  - {steps: [{due: 2013-05, action: A}], title: T}\n"
    assert format_text(text, template=DEFAULT) == (
        "planctl: 1\ngoals:\n  - {title: T, steps: [{action: A, due: 2013-05}]}\n"
    )


def test_lists_are_never_reordered() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - title: B\n"
        "    owners: [Zed, Amy]\n"
        "  - title: A\n"
        "    tags:\n"
        "      - z\n"
        "      - a\n"
    )
    assert format_text(text, template=DEFAULT) == text


def test_keys_inside_values_keep_the_authors_order() -> None:
    text = (
        "planctl: 1\n"
        "period: {end: 2025-06, start: 2024-07}\n"
        "goals:\n"
        "  - title: T\n"
        "    measure:\n"
        "      target: 5\n"
        "      source: S\n"
    )
    assert format_text(text, template=DEFAULT) == text


# --------------------------------------------------------------------------
# Comments move with their keys


REORDER = """\
# yaml-language-server: $schema=../schemas/plan.schema.json
# What this plan is.
title: Reading plan   # as the board named it

# The format version.
planctl: 1
goals:
  - title: Readers
    # The id is the document's numbering.
    id: G1
    steps:
      # The first step.
      - owners: Ana          # the coach
        # Written "May/2013".
        due: May/2013
        action: Train coaches
        measure:
          source: Sign-in sheets
          # The target is a count.
          target: 12
        # About the outcome.
        outcome: Coaches trained

      - action: Visit classrooms
  # Goal 2 is blank in the document.
  - id: G2
status: draft
"""

REORDERED = """\
# yaml-language-server: $schema=../schemas/plan.schema.json
# What this plan is.

# The format version.
planctl: 1
title: Reading plan   # as the board named it
status: draft
goals:
  # The id is the document's numbering.
  - id: G1
    title: Readers
    steps:
      # The first step.
      - action: Train coaches
        # Written "May/2013".
        due: May/2013
        owners: Ana          # the coach
        # About the outcome.
        outcome: Coaches trained
        measure:
          source: Sign-in sheets
          # The target is a count.
          target: 12

      - action: Visit classrooms
  # Goal 2 is blank in the document.
  - id: G2
"""


def test_reordering_carries_comments_with_their_keys() -> None:
    out = format_text(REORDER, template=DEFAULT)
    assert out == REORDERED
    assert format_text(out, template=DEFAULT) == out
    assert comments_in(out) == comments_in(REORDER)


def test_each_comment_sits_above_the_same_key_after_reordering() -> None:
    lines = format_text(REORDER, template=DEFAULT).splitlines()
    above = {
        "# The format version.": "planctl: 1",
        "# The id is the document's numbering.": "- id: G1",
        '# Written "May/2013".': "due: May/2013",
        "# About the outcome.": "outcome: Coaches trained",
        "# The target is a count.": "target: 12",
        "# The first step.": "- action: Train coaches",
        "# Goal 2 is blank in the document.": "- id: G2",
    }
    for comment, key_line in above.items():
        index = next(i for i, line in enumerate(lines) if line.strip() == comment)
        assert next_content(lines, index) == key_line, comment
    assert lines[0] == "# yaml-language-server: $schema=../schemas/plan.schema.json"


def test_a_comment_indented_deeper_stays_with_the_value_above() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - title: T\n"
        "    owners: Ana\n"
        "        # about the owners, not the id\n"
        "    id: G1\n"
    )
    lines = format_text(text, template=DEFAULT).splitlines()
    index = lines.index("      # about the owners, not the id")
    assert lines[index - 1] == "    owners: Ana"
    assert lines[2] == "  - id: G1"


@pytest.mark.parametrize(
    "text",
    [
        "planctl: 1\ntitle: Reading\n         # about the title\nstatus: draft\n",
        "planctl: 1\ngoals:\n  - id: G1\n    title: One\n             # about goal 1\n  - id: G2\n",
        "planctl: 1\ngoals:\n  - id: G1\n    steps:\n      - &s\n        due: 2024-05\n"
        "        # about the action\n        action: A\n      - *s\n",
    ],
)
def test_a_comment_settles_in_one_pass(text: str) -> None:
    once = format_text(text, template=DEFAULT)
    assert format_text(once, template=DEFAULT) == once
    assert comments_in(once) == comments_in(text)


def test_comments_after_the_last_key_stay_at_the_end_of_the_mapping() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - steps: []\n"
        "    title: T\n"
        "    # the end of goal 1\n"
        "  - title: U\n"
        "# the end of the plan\n"
    )
    assert format_text(text, template=DEFAULT) == (
        "planctl: 1\n"
        "goals:\n"
        "  - title: T\n"
        "    steps: []\n"
        "    # the end of goal 1\n"
        "  - title: U\n"
        "# the end of the plan\n"
    )


def test_comment_lines_take_the_indentation_of_the_line_below() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "    -   title: T\n"
        "        # four-space layout\n"
        "        steps:\n"
        "        -   action: A\n"
        "# at the margin\n"
        "            due: 2024-05\n"
    )
    assert format_text(text, template=DEFAULT) == (
        "planctl: 1\n"
        "goals:\n"
        "  - title: T\n"
        "    # four-space layout\n"
        "    steps:\n"
        "      - action: A\n"
        "        # at the margin\n"
        "        due: 2024-05\n"
    )


def test_the_schema_line_stays_first_when_planctl_moves_up() -> None:
    text = "# yaml-language-server: $schema=x.json\ntitle: T\nplanctl: 1\n"
    assert format_text(text, template=DEFAULT) == (
        "# yaml-language-server: $schema=x.json\nplanctl: 1\ntitle: T\n"
    )


def test_document_markers_and_comments_around_them_are_kept() -> None:
    text = "# before\n---   # start\ntitle: T\nplanctl: 1\n...\n# after\n"
    assert format_text(text, template=DEFAULT) == (
        "# before\n---   # start\nplanctl: 1\ntitle: T\n...\n# after\n"
    )


def test_a_comment_the_layout_cannot_keep_is_reported_not_lost() -> None:
    text = "planctl: 1\ntitle:\n  # between the key and its text\n  Reading plan\n"
    with pytest.raises(CannotFormat) as raised:
        format_text(text, template=DEFAULT)
    [problem] = raised.value.problems
    assert problem.line == 3
    assert "between the key and its text" in problem.message
    assert problem.hint


def test_a_comment_inside_a_bracketed_list_is_reported_not_lost() -> None:
    text = "planctl: 1\ngoals:\n  - title: T\n    owners: [\n      Ana,  # lead\n      Bo]\n"
    with pytest.raises(CannotFormat):
        format_text(text, template=DEFAULT)


def test_a_comment_after_a_dash_goes_above_the_item() -> None:
    text = "planctl: 1\ngoals:\n  - # the first goal\n    title: T\n"
    out = format_text(text, template=DEFAULT)
    assert out == "planctl: 1\ngoals:\n  # the first goal\n  - title: T\n"
    assert format_text(out, template=DEFAULT) == out


def assert_formats_to(text: str, expected: str) -> None:
    """``text`` comes out as ``expected``, with CRLF line ends too, and stays so."""
    assert format_text(text, template=DEFAULT) == expected
    assert format_text(text.replace("\n", "\r\n"), template=DEFAULT) == expected
    assert format_text(expected, template=DEFAULT) == expected
    assert comments_in(expected) == comments_in(text)
    assert data_of(expected) == data_of(text)


@pytest.mark.parametrize(
    "text",
    [
        # (The cases the fuzzers found are in test_fuzz.py.) A comment above the list
        # made the YAML library write the next item's second key on its first line.
        "planctl: 1\npeople:\n  # the roster\n  - {name: Ana}  # lead\n  - {name: Cy}    # aide\n"
        "  - name: Bo\n    role: Coach\n  - {name: Di}  # third\n  - name: Ed\n    role: Aide\n",
        "planctl: 1\nroster:\n  # the roster\n  - {}  # nobody yet\n"
        "  - name: Bo\n    role: Coach\n",
        "planctl: 1\nroster:\n  # pairs\n  - [Ana, Bo]  # a pair\n  - []  # none\n"
        "  - name: Bo\n    role: Coach\n",
        "planctl: 1\ngoals:\n  - id: G1\n    steps:\n      # the steps\n"
        "      - {action: A, due: 2024-09}  # first\n      - action: B\n        due: 2024-10\n",
        "planctl: 1\ngoals:\n  - id: G1\n    measure:\n      # the targets\n      targets:\n"
        "        - {value: 1, by: 2024-06}  # first\n        - value: 2\n          by: 2025-06\n",
    ],
)
def test_a_commented_flow_item_keeps_its_comment_and_the_next_item_its_lines(text: str) -> None:
    assert_formats_to(text, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "planctl: 1\ngoals:\n  - id: G1\n    steps:\n# the steps\n"
            "      - {due: 2024-09, action: A}  # first\n"
            "      - owners: [Ana]\n        action: B\n",
            "planctl: 1\ngoals:\n  - id: G1\n    steps:\n      # the steps\n"
            "      - {action: A, due: 2024-09}  # first\n"
            "      - action: B\n        owners: [Ana]\n",
        ),
        (
            "planctl: 1\nroster:\n  # a list in a list\n  - - {a: 1}  # one\n"
            "    - b: 2\n      c: 3\n",
            "planctl: 1\nroster:\n  # a list in a list\n  -   - {a: 1}  # one\n      - b: 2\n"
            "        c: 3\n",
        ),
    ],
)
def test_a_commented_flow_item_before_a_block_item_comes_out_in_the_layout(
    text: str, expected: str
) -> None:
    assert_formats_to(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "planctl: 1\ngoals:\n  - &goal\n    # about the goal\n    title: One\n"
            "  - <<: *goal\n    id: G2\n",
            "planctl: 1\ngoals:\n  # about the goal\n  - &goal\n    title: One\n"
            "  - <<: *goal\n    id: G2\n",
        ),
        (
            "planctl: 1\ngoals:\n  - id: G0\n  - &goal\n        # indented deeper\n"
            "    title: One\n  - <<: *goal\n    id: G2\n",
            "planctl: 1\ngoals:\n  - id: G0\n  # indented deeper\n  - &goal\n    title: One\n"
            "  - <<: *goal\n    id: G2\n",
        ),
        (
            "planctl: 1\ngoals:\n  - &goal  # the model goal\n    # about it\n    title: One\n"
            "  - *goal\n",
            "planctl: 1\ngoals:\n  # the model goal\n  # about it\n  - &goal\n    title: One\n"
            "  - *goal\n",
        ),
        (
            "planctl: 1\ngoals:\n  - id: G1\n    steps:\n      - &step\n\n        # about\n"
            "        # the step\n        action: A\n      - <<: *step\n        due: 2024-05\n",
            "planctl: 1\ngoals:\n  - id: G1\n    steps:\n\n      # about\n      # the step\n"
            "      - &step\n        action: A\n      - <<: *step\n        due: 2024-05\n",
        ),
        (
            "planctl: 1\nroster:\n  - &pair\n    # a list in a list\n    - Ana\n  - *pair\n",
            "planctl: 1\nroster:\n  # a list in a list\n  - &pair\n      - Ana\n  - *pair\n",
        ),
        (
            "planctl: 1\nroster:\n  - &ana\n    # a name\n    Ana\n  - *ana\n",
            "planctl: 1\nroster:\n  # a name\n  - &ana Ana\n  - *ana\n",
        ),
        (
            "planctl: 1\nroster:\n  - &ana  # a name\n    'Ana # Bo'\n  - *ana\n",
            "planctl: 1\nroster:\n  # a name\n  - &ana 'Ana # Bo'\n  - *ana\n",
        ),
        (
            "planctl: 1\nroster:\n  - &ana\n    # a text\n    |+\n    Ana\n\n  - *ana\n",
            "planctl: 1\nroster:\n  # a text\n  - &ana |+\n    Ana\n\n  - *ana\n",
        ),
    ],
)
def test_a_comment_after_an_anchored_dash_goes_above_the_item(text: str, expected: str) -> None:
    assert_formats_to(text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "planctl: 1\ntitle: &title\n  # dropped by the YAML library\n  Reading\nx: *title\n",
        "planctl: 1\ntitle: &title\n  # dropped by the YAML library\n  |\n  Reading\nx: *title\n",
        "planctl: 1\nx: [&a\n  # dropped by the YAML library\n  b, *a]\n",
    ],
)
def test_a_comment_between_an_anchor_and_its_text_is_reported_not_lost(text: str) -> None:
    with pytest.raises(CannotFormat) as raised:
        format_text(text, template=DEFAULT)
    [problem] = raised.value.problems
    assert problem.line == 3
    assert "dropped by the YAML library" in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "planctl: 1\ntitle: # about the title\n  >-\n  Reading plan\n",
            "planctl: 1\ntitle: >-\n  Reading plan\n# about the title\n",
        ),
        (
            "planctl: 1\ngoals:\n  - id: G1\n    title: # about the goal\n      |\n      One\n",
            "planctl: 1\ngoals:\n  - id: G1\n    title: |\n      One\n    # about the goal\n",
        ),
        (
            "planctl: 1\ngoals:\n  - id: G1\n    steps:\n      - action:    # about\n"
            "          >\n          One\n",
            "planctl: 1\ngoals:\n  - id: G1\n    steps:\n      - action: >\n          One\n"
            "        # about\n",
        ),
        (
            "planctl: 1\ntitle: # about the title\n  >-\n  Reading plan\nstatus: draft\n",
            "planctl: 1\ntitle: >-\n  Reading plan\n# about the title\nstatus: draft\n",
        ),
    ],
)
def test_a_comment_before_a_block_header_goes_below_the_block_at_its_keys_column(
    text: str, expected: str
) -> None:
    assert_formats_to(text, expected)


def test_a_hash_inside_text_is_not_a_comment() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - steps:\n"
        "      - action: 'Room #4'\n"
        "        due: 2013-05#draft\n"
        "        description: |\n"
        "          # not a comment: text\n"
        "    title: Goal #1 # a comment\n"
    )
    assert format_text(text, template=DEFAULT) == (
        "planctl: 1\n"
        "goals:\n"
        "  - title: Goal #1 # a comment\n"
        "    steps:\n"
        "      - action: 'Room #4'\n"
        "        description: |\n"
        "          # not a comment: text\n"
        "        due: 2013-05#draft\n"
    )


def test_a_folded_block_ending_in_a_space_before_a_comment_is_never_damaged() -> None:
    # The YAML library writes such a comment onto the block's last line, inside the text.
    text = "planctl: 1\ndescription: >-\n  text \n# about the title\ntitle: T\n"
    try:
        out = format_text(text, template=DEFAULT)
    except CannotFormat as error:
        assert error.problems[0].line == 4
    else:
        assert comments_in(out) == comments_in(text)
        assert data_of(out) == data_of(text)


def test_a_tab_the_layout_cannot_read_is_reported() -> None:
    text = "# plan\n---\nplanctl: 1\ntitle: Reading\tplan\n"
    with pytest.raises(CannotFormat) as raised:
        format_text(text, template=DEFAULT)
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == (4, 15)
    assert problem.hint == "replace the tab with spaces"


# --------------------------------------------------------------------------
# Values and styles are kept


def test_long_lines_are_never_wrapped() -> None:
    long = " ".join(["word"] * 1500)
    for value in (long, f'"{long}"', f"'{long}'"):
        text = f"planctl: 1\ntitle: {value}\n"
        assert format_text(text, template=DEFAULT) == text


def test_a_plan_written_as_one_flow_mapping_is_ordered() -> None:
    text = "{title: X, goals: [{steps: [], title: T}], planctl: 1}\n"
    assert format_text(text, template=DEFAULT) == (
        "{planctl: 1, title: X, goals: [{title: T, steps: []}]}\n"
    )


def test_values_are_never_rewritten() -> None:
    text = (
        "planctl: 1\n"
        "title: yes\n"
        "organization: ~\n"
        "adopted: 2024-06-18\n"
        "description: null\n"
        "currency: 0012\n"
        "goals:\n"
        "  - id: 1.50\n"
        "    title: 'single'\n"
        '    description: "double"\n'
        "    owners: [on, 'off']\n"
        "    comments:\n"
    )
    assert format_text(text, template=DEFAULT) == text


def test_block_scalars_are_kept_and_never_rewrapped() -> None:
    long = "word " * 40
    text = (
        "planctl: 1\n"
        f"description: >-\n  {long.strip()}\n  second line\n"
        "goals:\n"
        "  - title: T\n"
        "    description: |\n"
        "      Line one   \n"
        "        indented\n"
        "\n"
        "      after a blank\n"
        f"    comments: {long.strip()}\n"
    )
    assert format_text(text, template=DEFAULT) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "planctl: 1\ntitle: |+\n  Reading\n\n",
            "planctl: 1\ntitle: |+\n  Reading\n\n...\n",
        ),
        (
            "planctl: 1\ntitle: |+\n  Reading\n\n\n...   # the end\n# after\n",
            "planctl: 1\ntitle: |+\n  Reading\n\n\n...   # the end\n# after\n",
        ),
        (
            "planctl: 1\ngoals:\n  - id: G1\n    title: # about the goal\n      |+\n      One\n\n",
            "planctl: 1\ngoals:\n  - id: G1\n    title: |+\n      One\n\n"
            "    # about the goal\n...\n",
        ),
    ],
)
def test_a_kept_block_at_the_end_keeps_its_blank_lines_and_one_end_marker(
    text: str, expected: str
) -> None:
    # The YAML library ends such a block with '...'; the next run must keep it as it is.
    assert_formats_to(text, expected)


def test_trailing_spaces_go_except_inside_block_text() -> None:
    text = "planctl: 1   \n# note   \ntitle: T  # eol   \ndescription: |\n  kept   \n"
    assert format_text(text, template=DEFAULT) == (
        "planctl: 1\n# note\ntitle: T  # eol\ndescription: |\n  kept   \n"
    )


def test_crlf_line_ends_come_out_as_lf() -> None:
    text = "# plan\r\ntitle: T\r\nplanctl: 1\r\ngoals:\r\n  - title: G   # eol\r\n"
    out = format_text(text, template=DEFAULT)
    assert "\r" not in out
    assert out == "# plan\nplanctl: 1\ntitle: T\ngoals:\n  - title: G   # eol\n"


def test_a_byte_order_mark_is_dropped() -> None:
    assert format_text("\ufeffplanctl: 1\n", template=DEFAULT) == "planctl: 1\n"


def test_one_final_newline() -> None:
    assert format_text("planctl: 1", template=DEFAULT) == "planctl: 1\n"
    assert format_text("\n\nplanctl: 1\n\n\n", template=DEFAULT) == "planctl: 1\n"


def test_flow_style_is_kept_where_the_author_used_it() -> None:
    text = (
        "planctl: 1\n"
        "period: {start: 2013-04, end: 2014-06}\n"
        "people:\n"
        "  - {name: Ana, role: Coach}\n"
        "  - name: Bo\n"
        "goals:\n"
        "  - title: T\n"
        "    owners: [A, B]\n"
        "    tags:\n"
        "      - x\n"
    )
    assert format_text(text, template=DEFAULT) == text


def test_indentation_becomes_two_and_four() -> None:
    text = (
        "planctl: 1\n"
        "people:\n"
        "- name: Ana\n"
        "goals:\n"
        "-     title: T\n"
        "      steps:\n"
        "          -   action: A\n"
        "              measure:\n"
        "                    source: S\n"
    )
    assert format_text(text, template=DEFAULT) == (
        "planctl: 1\n"
        "people:\n"
        "  - name: Ana\n"
        "goals:\n"
        "  - title: T\n"
        "    steps:\n"
        "      - action: A\n"
        "        measure:\n"
        "          source: S\n"
    )


# --------------------------------------------------------------------------
# Invalid plans are not formatted


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("planctl: 1\ntitle: [unclosed\n", "yaml-syntax"),
        ("planctl: 1\ntitle: A\ntitle: B\n", "duplicate-key"),
        ("planctl: 1\ntitle: !!python/name:os.system\n", "yaml-tag"),
        ("planctl: 1\ntitle: [a, b]\n", "plan-structure"),
        ("- planctl: 1\n", "plan-structure"),
        ("# only a comment\n", "plan-structure"),
        ("planctl: 1\ngoals: {title: T}\n", "plan-structure"),
        ("planctl: 1\n---\nplanctl: 1\n", "yaml-unsupported"),
    ],
)
def test_invalid_plans_are_not_formatted(text: str, rule: str) -> None:
    with pytest.raises(CannotFormat) as raised:
        format_text(text, template=DEFAULT)
    assert rule in {problem.rule for problem in raised.value.problems}


def test_unknown_keys_and_bad_dates_do_not_stop_formatting() -> None:
    text = "planctl: 1\nduedate: soon\ngoals:\n  - title: T\n    steps:\n      - due: soon\n"
    assert format_text(text, template=DEFAULT) == text


def test_a_change_of_data_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fmt_core._format_body

    def corrupt(*args: Any, **kwargs: Any) -> Any:
        return [(line.replace("Readers", "Writers"), flag) for line, flag in real(*args, **kwargs)]

    monkeypatch.setattr(fmt_core, "_format_body", corrupt)
    with pytest.raises(FormatIntegrityError):
        format_text(REORDER, template=DEFAULT)


# --------------------------------------------------------------------------
# Dates


def test_normalize_dates_rewrites_dates_planctl_can_read() -> None:
    text = (
        "planctl: 1\n"
        "period: {start: April 2013, end: 'June 2014'}\n"
        "goals:\n"
        "  - title: T\n"
        "    measure:\n"
        "      baseline: {value: 1, as_of: June/2013}\n"
        "      target: {value: 2, by: August 2014}\n"
        "      targets: [{value: 2, by: May 2014}]\n"
        "      actuals: [{value: 2, as_of: Dec 2013}]\n"
        "    steps:\n"
        "      - action: A\n"
        "        start: SY 2013-14\n"
        "        due: May/2013   # as written\n"
        '        dates: [August/2013, "December 2013"]\n'
        "        completed: August 15, 2013\n"
        "        updates:\n"
        "          - {date: September 2013, note: started}\n"
        "      - action: B\n"
        "        due: Mid-way and final check in\n"
        "        dates: April-May 2013\n"
    )
    out = format_text(text, template=DEFAULT, normalize_dates=True)
    assert out == (
        "planctl: 1\n"
        "period: {start: 2013-04, end: '2014-06'}\n"
        "goals:\n"
        "  - title: T\n"
        "    measure:\n"
        "      baseline: {value: 1, as_of: 2013-06}\n"
        "      target: {value: 2, by: 2014-08}\n"
        "      targets: [{value: 2, by: 2014-05}]\n"
        "      actuals: [{value: 2, as_of: 2013-12}]\n"
        "    steps:\n"
        "      - action: A\n"
        "        start: 2013-07..2014-06\n"
        "        due: 2013-05    # as written\n"
        '        dates: [2013-08, "2013-12"]\n'
        "        completed: 2013-08-15\n"
        "        updates:\n"
        "          - {date: 2013-09, note: started}\n"
        "      - action: B\n"
        "        due: Mid-way and final check in\n"
        "        dates: 2013-04..2013-05\n"
    )
    assert format_text(out, template=DEFAULT, normalize_dates=True) == out


def test_normalize_dates_through_anchors_and_merge_keys() -> None:
    text = (
        "planctl: 1\n"
        "defaults: &d {due: May/2013, owners: Ana}\n"
        "goals:\n"
        "  - title: T\n"
        "    steps:\n"
        "      - <<: *d\n"
        "        action: A\n"
        "      - &s\n"
        "        action: B\n"
        "        due: June 2013\n"
        "      - *s\n"
    )
    out = format_text(text, template=DEFAULT, normalize_dates=True)
    assert out == text.replace("due: June 2013", "due: 2013-06")


def test_without_the_flag_dates_are_untouched() -> None:
    text = (
        "planctl: 1\ngoals:\n  - title: T\n    steps:\n      - action: A\n        due: May/2013\n"
    )
    assert format_text(text, template=DEFAULT) == text


def test_dates_counted_from_the_period_stay_as_written() -> None:
    text = (
        "planctl: 1\n"
        "period: {start: 2024-07, end: 2027-06}\n"
        "goals:\n"
        "  - title: T\n"
        "    steps:\n"
        "      - {action: A, due: Year 2}\n"
        "      - {action: B, due: Ongoing}\n"
        "      - {action: C, due: By June 2025}\n"
        "      - {action: D, due: Review annually}\n"
        "      - {action: E, due: 2025}\n"
        "      - {action: F, due: August 15}\n"
    )
    assert format_text(text, template=DEFAULT, normalize_dates=True) == text


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("May/2013", "2013-05"),
        ("05/2013", "2013-05"),
        ("August 15, 2013", "2013-08-15"),
        ("April-May/2013", "2013-04..2013-05"),
        ("Quarterly/2013-14", "quarterly 2013-07..2014-06"),
        ("August/2013, December/2013", "2013-08, 2013-12"),
        ("2013-05", None),
        ("Mid-way and final check in", None),
        ("By June 2024", None),
        ("Year 2", None),
        # school years and bracketed years have a normal form; a year with no month has none
        ("2016 – 2017 School Year", "2016-07..2017-06"),
        ("21-22; 22-23", "2021-07..2022-06, 2022-07..2023-06"),
        ("Summer School (2 years: 2022, 2023)", "2022-06..2022-08, 2023-06..2023-08"),
        ("October 2003-2012", None),
        ("October 2003 - 2012", None),
        ("By March 30 of each year", None),
        (2013, None),
        (True, None),
        (None, None),
    ],
)
def test_canonical_date(written: Any, normal: str | None) -> None:
    assert canonical_date(written, "timeline", None, 7) == normal


def test_a_period_end_stays_a_month() -> None:
    assert canonical_date("April 2013", "month", None, 7) == "2013-04"
    assert canonical_date("SY 2013-14", "month", None, 7) is None


# --------------------------------------------------------------------------
# Files: --check, --diff, writing


CLEAN = "planctl: 1\ntitle: T\ngoals:\n  - title: G\n"
MESSY = "title: T   \nplanctl: 1\ngoals:\n    - title: G\n"


def write_plan(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def run_file(
    path: Path,
    *,
    check: bool = False,
    diff: bool = False,
    normalize_dates: bool = False,
    force: bool = False,
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = format_file(
        path,
        path.name,
        check=check,
        diff=diff,
        normalize_dates=normalize_dates,
        out=out,
        err=err,
        force=force,
    )
    return code, out.getvalue(), err.getvalue()


def test_check_reports_a_file_that_would_change(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "a.plan.yaml", MESSY)
    assert run_file(path, check=True) == (1, "would reformat a.plan.yaml\n", "")
    assert path.read_text(encoding="utf-8") == MESSY


def test_check_passes_a_formatted_file(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "a.plan.yaml", CLEAN)
    assert run_file(path, check=True) == (0, "", "")


def test_diff_prints_a_unified_diff(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "a.plan.yaml", MESSY)
    code, out, _ = run_file(path, diff=True)
    assert code == 1
    assert out.splitlines() == [
        "--- a.plan.yaml",
        "+++ a.plan.yaml",
        "@@ -1,4 +1,4 @@",
        "-title: T   ",
        " planctl: 1",
        "+title: T",
        " goals:",
        "-    - title: G",
        "+  - title: G",
    ]
    assert path.read_text(encoding="utf-8") == MESSY


def test_diff_and_check_together(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "a.plan.yaml", MESSY)
    code, out, _ = run_file(path, diff=True, check=True)
    assert code == 1
    assert out.startswith("--- a.plan.yaml\n")
    assert out.endswith("would reformat a.plan.yaml\n")


def test_formatting_rewrites_the_file_atomically(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "a.plan.yaml", MESSY)
    path.chmod(0o640)
    assert run_file(path) == (0, "", "reformatted a.plan.yaml\n")
    assert path.read_text(encoding="utf-8") == CLEAN
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(item.name for item in tmp_path.iterdir()) == ["a.plan.yaml"]


def test_a_formatted_file_is_not_written_again(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "a.plan.yaml", CLEAN)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    assert run_file(path) == (0, "", "")
    assert path.stat().st_mtime_ns == 1_000_000_000_000_000_000


def test_a_crlf_file_is_rewritten_with_lf(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "a.plan.yaml", CLEAN.replace("\n", "\r\n"))
    assert run_file(path, check=True)[0] == 1
    assert run_file(path)[0] == 0
    assert path.read_bytes() == CLEAN.encode("utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "planctl: 1\ntitle: [unclosed\n",
        "planctl: 1\ntitle: A\ntitle: B\n",
        "planctl: 1\ntitle: !custom x\n",
        "planctl: 1\ngoals: text\n",
        "planctl: 1\ntemplate: no-such-template\n",
        "planctl: 1\ntitle:\n  # lost by the layout\n  T\n",
    ],
)
def test_an_invalid_file_is_left_untouched(tmp_path: Path, text: str) -> None:
    path = write_plan(tmp_path, "bad.plan.yaml", text)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    for check, diff in ((False, False), (True, False), (False, True)):
        code, out, err = run_file(path, check=check, diff=diff)
        assert code == 1
        assert out == ""
        assert re.match(r"bad\.plan\.yaml:\d+:\d+: error \[[a-z-]+\] ", err), err
    assert path.read_bytes() == text.encode("utf-8")
    assert path.stat().st_mtime_ns == 1_000_000_000_000_000_000
    assert sorted(item.name for item in tmp_path.iterdir()) == ["bad.plan.yaml"]


def test_an_internal_error_leaves_the_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_plan(tmp_path, "a.plan.yaml", MESSY)

    def broken(*_: Any, **__: Any) -> str:
        raise FormatIntegrityError("formatting would change the plan's data")

    monkeypatch.setattr(fmt_command, "format_text", broken)
    code, out, err = run_file(path)
    assert (code, out) == (1, "")
    assert err == "a.plan.yaml: internal error: formatting would change the plan's data\n"
    assert path.read_text(encoding="utf-8") == MESSY


def test_a_file_that_cannot_be_written_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planctl.writing import CannotWrite

    path = write_plan(tmp_path, "a.plan.yaml", MESSY)

    def refuse(target: Path, **_: Any) -> Any:
        raise CannotWrite(f"cannot write {target.name}: read-only")

    monkeypatch.setattr("planctl.fmt.command.atomic_writer", refuse)
    code, _, err = run_file(path)
    assert code == 2
    assert err == "a.plan.yaml: cannot write a.plan.yaml: read-only\n"
    assert path.read_text(encoding="utf-8") == MESSY


def test_writing_through_a_link_changes_the_plan_it_points_to(tmp_path: Path) -> None:
    target = write_plan(tmp_path, "real.plan.yaml", MESSY)
    link = tmp_path / "link.plan.yaml"
    link.symlink_to(target.name)
    assert run_file(link)[0] == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == CLEAN


# --------------------------------------------------------------------------
# Read-only files: refused unless --force, as an editor would

READ_ONLY = "planctl: a.plan.yaml: read-only: make it writable or use --force\n"
LONG_AGO = 1_000_000_000_000_000_000


def read_only_plan(folder: Path, mode: int = 0o444, text: str = MESSY) -> Path:
    path = write_plan(folder, "a.plan.yaml", text)
    path.chmod(mode)
    os.utime(path, ns=(LONG_AGO, LONG_AGO))
    return path


def assert_untouched(path: Path, text: str, mode: int) -> None:
    assert path.read_bytes() == text.encode("utf-8")
    assert path.stat().st_mode & 0o7777 == mode
    assert path.stat().st_mtime_ns == LONG_AGO
    assert [item.name for item in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o464, 0o555])
def test_a_read_only_file_is_refused_and_left_untouched(tmp_path: Path, mode: int) -> None:
    path = read_only_plan(tmp_path, mode)
    assert run_file(path) == (2, "", READ_ONLY)
    assert_untouched(path, MESSY, mode)


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o620, 0o755])
def test_a_file_its_owner_may_write_is_formatted(tmp_path: Path, mode: int) -> None:
    path = read_only_plan(tmp_path, mode)
    assert run_file(path) == (0, "", "reformatted a.plan.yaml\n")
    path.chmod(0o644)
    assert path.read_text(encoding="utf-8") == CLEAN
    assert path.stat().st_mode & 0o7777 == 0o644


def test_a_file_this_user_may_not_write_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another user's 0644 file: its owner may write it, this user may not.
    path = read_only_plan(tmp_path, 0o644)
    monkeypatch.setattr(os, "access", lambda *_, **__: False)
    assert run_file(path) == (2, "", READ_ONLY)
    assert_untouched(path, MESSY, 0o644)
    assert run_file(path, force=True) == (0, "", "reformatted a.plan.yaml\n")


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o464])
def test_force_formats_a_read_only_file_and_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    path = read_only_plan(tmp_path, mode)
    assert run_file(path, force=True) == (0, "", "reformatted a.plan.yaml\n")
    assert path.stat().st_mode & 0o7777 == mode
    path.chmod(0o644)
    assert path.read_text(encoding="utf-8") == CLEAN
    assert [item.name for item in tmp_path.iterdir()] == ["a.plan.yaml"]


def test_check_and_diff_read_a_read_only_file(tmp_path: Path) -> None:
    path = read_only_plan(tmp_path)
    assert run_file(path, check=True) == (1, "would reformat a.plan.yaml\n", "")
    code, out, err = run_file(path, diff=True)
    assert (code, err) == (1, "")
    assert "+  - title: G\n" in out
    assert_untouched(path, MESSY, 0o444)


def test_a_formatted_read_only_file_is_simply_unchanged(tmp_path: Path) -> None:
    path = read_only_plan(tmp_path, text=CLEAN)
    assert run_file(path) == (0, "", "")
    assert_untouched(path, CLEAN, 0o444)


def test_a_read_only_file_behind_a_link_is_refused(tmp_path: Path) -> None:
    target = read_only_plan(tmp_path)
    link = tmp_path / "link.plan.yaml"
    link.symlink_to(target.name)
    code, out, err = run_file(link)
    assert (code, out) == (2, "")
    assert err == "planctl: link.plan.yaml: read-only: make it writable or use --force\n"
    assert target.read_bytes() == MESSY.encode("utf-8")
    assert link.is_symlink()
    assert run_file(link, force=True)[0] == 0
    assert link.is_symlink()
    assert target.stat().st_mode & 0o7777 == 0o444


# --------------------------------------------------------------------------
# run(): many files, one summary


def run_paths(
    paths: list[str], *, check: bool = False, diff: bool = False, force: bool = False
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(paths, check=check, diff=diff, normalize_dates=False, out=out, err=err, force=force)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    write_plan(tmp_path, "a.plan.yaml", MESSY)
    write_plan(tmp_path, "b.plan.yaml", CLEAN)
    write_plan(tmp_path, "c.plan.yml", MESSY)
    (tmp_path / "sub").mkdir()
    write_plan(tmp_path / "sub", "d.plan.yaml", CLEAN)
    write_plan(tmp_path, "notes.yaml", MESSY)
    return tmp_path


def test_run_formats_a_folder_and_sums_up(plans: Path) -> None:
    code, out, err = run_paths([str(plans)])
    assert (code, out) == (0, "")
    assert err.splitlines()[-1] == "2 files reformatted, 2 unchanged"
    assert (plans / "a.plan.yaml").read_text(encoding="utf-8") == CLEAN
    assert (plans / "notes.yaml").read_text(encoding="utf-8") == MESSY
    assert run_paths([str(plans)], check=True) == (0, "", "4 files unchanged\n")


def test_run_formats_the_others_when_one_is_read_only(plans: Path) -> None:
    locked = plans / "c.plan.yml"
    locked.chmod(0o444)
    code, out, err = run_paths([str(plans)])
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"reformatted {(plans / 'a.plan.yaml').as_posix()}",
        f"planctl: {locked.as_posix()}: read-only: make it writable or use --force",
        "1 file reformatted, 2 unchanged, 1 could not be formatted",
    ]
    assert (plans / "a.plan.yaml").read_text(encoding="utf-8") == CLEAN
    assert locked.read_text(encoding="utf-8") == MESSY
    assert run_paths([str(plans)], force=True) == (
        0,
        "",
        f"reformatted {locked.as_posix()}\n1 file reformatted, 3 unchanged\n",
    )
    assert locked.stat().st_mode & 0o7777 == 0o444


def test_run_check_lists_files_and_fails(plans: Path) -> None:
    code, out, err = run_paths([str(plans)], check=True)
    assert code == 1
    assert out.splitlines() == [
        f"would reformat {(plans / 'a.plan.yaml').as_posix()}",
        f"would reformat {(plans / 'c.plan.yml').as_posix()}",
    ]
    assert err == "would reformat 2 files, 2 unchanged\n"


def test_one_bad_file_does_not_stop_the_others(plans: Path) -> None:
    write_plan(plans, "bad.plan.yaml", "planctl: 1\ntitle: A\ntitle: B\n")
    code, _, err = run_paths([str(plans)])
    assert code == 1
    assert "[duplicate-key]" in err
    assert err.splitlines()[-1] == "2 files reformatted, 2 unchanged, 1 could not be formatted"
    assert (plans / "c.plan.yml").read_text(encoding="utf-8") == CLEAN


def test_run_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run_paths([str(tmp_path / "missing.plan.yaml")])
    assert (code, out) == (2, "")
    assert "no such file or folder" in err


def test_run_a_folder_without_plans_is_a_usage_error(tmp_path: Path) -> None:
    assert run_paths([str(tmp_path)])[0] == 2


@pytest.mark.parametrize(
    ("counts", "dry", "line"),
    [
        ((1, 0, 0), False, "1 file reformatted"),
        ((2, 5, 0), False, "2 files reformatted, 5 unchanged"),
        ((0, 3, 0), False, "3 files unchanged"),
        ((1, 0, 0), True, "would reformat 1 file"),
        ((0, 1, 1), True, "1 file unchanged, 1 could not be formatted"),
        ((0, 0, 2), False, "2 files could not be formatted"),
    ],
)
def test_summary(counts: tuple[int, int, int], dry: bool, line: str) -> None:
    assert summary(*counts, dry=dry) == line


# --------------------------------------------------------------------------
# Any plan: a property


@dataclass
class Entry:
    key: str
    value: Any
    above: str | None = None
    eol: str | None = None
    blank: bool = False
    shift: int = 0
    """How many columns left of the key the comment above it starts."""
    after: str | None = None
    """A comment below the value, indented deeper than the key: part of the value."""


@dataclass
class Item:
    value: Any
    above: str | None = None
    blank: bool = False


@dataclass
class Block:
    """A block mapping (entries) or a block list (items)."""

    entries: list[Entry] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class Literal:
    lines: list[str]
    folded: bool


@dataclass
class Layout:
    mapping: int
    offset: int
    gap: int


@dataclass
class Written:
    """A generated plan and what each comment was written next to."""

    text: str = ""
    above_key: dict[str, str] = field(default_factory=dict)
    after_key: dict[str, str] = field(default_factory=dict)
    eol_key: dict[str, str] = field(default_factory=dict)
    above_item: set[str] = field(default_factory=set)
    others: set[str] = field(default_factory=set)


PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 .'/&()-]*[A-Za-z0-9.)])?")
WORDS = st.text(
    alphabet=st.sampled_from("abcdefghij KLMNOP 0123 .,'/&()-:\"!?é"), min_size=1, max_size=18
)
DATES = st.sampled_from(
    [
        "May/2013",
        "2013-05",
        "April-May 2013",
        "Mid-way and final check in",
        "SY 2013-14",
        "Ongoing",
        "August 15",
        "Quarterly/2013-14",
        "2024-10-22",
    ]
)


def scalar(text: str) -> str:
    if PLAIN.fullmatch(text) and text.lower() not in ("null", "true", "false", "yes", "no"):
        return text
    return json.dumps(text, ensure_ascii=False)


@st.composite
def texts(draw: st.DrawFn) -> str:
    return "T" + draw(WORDS)


class Comments:
    """Unique comment texts, numbered as they are drawn."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.count = 0

    def maybe(self, chance: float = 0.4) -> str | None:
        if not self.draw(st.floats(0, 1)) < chance:
            return None
        self.count += 1
        body = self.draw(st.text(alphabet="abc xyz#:'\"-", max_size=12)).rstrip()
        return f"# c{self.count} {body}".rstrip()


@st.composite
def flow_mapping(draw: st.DrawFn, keys: list[tuple[str, str]]) -> str:
    order = draw(st.permutations(keys))
    return "{" + ", ".join(f"{key}: {value}" for key, value in order) + "}"


@st.composite
def plan_trees(draw: st.DrawFn) -> tuple[Block, str]:
    comments = Comments(draw)
    template = draw(st.sampled_from(["default", "tlt-work-plan"]))

    def entries(pairs: list[tuple[str, Any]]) -> list[Entry]:
        shuffled = draw(st.permutations(pairs))
        result = []
        for index, (key, value) in enumerate(shuffled):
            simple = not isinstance(value, (Block, Literal))
            result.append(
                Entry(
                    key,
                    value,
                    above=comments.maybe() if index else None,
                    eol=comments.maybe(0.3) if simple or isinstance(value, Block) else None,
                    blank=draw(st.booleans()) and index > 0,
                    shift=draw(st.sampled_from([0, 0, 1, 2, 8])),
                    after=None if isinstance(value, Literal) else comments.maybe(0.15),
                )
            )
        return result

    def step() -> Any:
        pairs: list[tuple[str, Any]] = [("action", scalar(draw(texts())))]
        if draw(st.booleans()):
            pairs.append(("due", scalar(draw(DATES))))
        if draw(st.booleans()):
            pairs.append(
                (
                    "owners",
                    "["
                    + ", ".join(
                        draw(st.lists(st.sampled_from(["Ana", "Bo"]), min_size=1, max_size=2))
                    )
                    + "]",
                )
            )
        if draw(st.booleans()):
            pairs.append(("outcome", scalar(draw(texts()))))
        if draw(st.booleans()):
            measure = Block(
                entries=entries(
                    [
                        ("source", scalar(draw(texts()))),
                        ("target", "{value: 85, by: " + draw(DATES) + "}"),
                    ]
                )
            )
            pairs.append(("measure", measure))
        if draw(st.booleans()):
            pairs.append(("status", draw(st.sampled_from(["done", "in-progress"]))))
        if draw(st.booleans()):
            pairs.append(("phase", scalar(draw(texts()))))
        if draw(st.booleans()):
            pairs.append(("notes_x", scalar(draw(texts()))))
        if draw(st.booleans()):
            pairs.append(("description", literal(draw(st.booleans()))))
        if draw(st.integers(0, 4)) == 0:
            flat = [
                (key, value)
                for key, value in pairs
                if isinstance(value, str) and "," not in value and ":" not in value
            ]
            return draw(flow_mapping(flat or [("action", "A")]))
        return Block(entries=entries(pairs))

    def literal(folded: bool) -> Literal:
        lines = [draw(texts()) for _ in range(2)]
        # The library writes a comment after a '>-' block whose last line ends in a space
        # onto that line (fmt then reports the comment instead of formatting the file).
        return Literal([line.rstrip() for line in lines] if folded else lines, folded)

    def items(values: list[Any]) -> Block:
        return Block(
            items=[
                Item(value, above=comments.maybe(0.3), blank=draw(st.booleans()))
                for value in values
            ]
        )

    def goal(number: int) -> Block:
        pairs: list[tuple[str, Any]] = [("title", scalar(draw(texts())))]
        if draw(st.booleans()):
            pairs.append(("id", f"G{number}"))
        if draw(st.booleans()):
            pairs.append(("owners", "Ana"))
        if draw(st.booleans()):
            pairs.append(("status", "in-progress"))
        if template == "default" and draw(st.booleans()):
            objective = Block(
                entries=entries(
                    [
                        ("title", scalar(draw(texts()))),
                        ("steps", items([step() for _ in range(draw(st.integers(0, 2)))])),
                    ]
                )
            )
            pairs.append(("objectives", items([objective])))
        else:
            pairs.append(("steps", items([step() for _ in range(draw(st.integers(0, 3)))])))
        return Block(entries=entries(pairs))

    header: list[tuple[str, Any]] = [
        ("planctl", "1"),
        ("template", template),
        ("title", scalar(draw(texts()))),
        ("status", draw(st.sampled_from(["draft", "adopted"]))),
        ("goals", items([goal(n) for n in range(1, draw(st.integers(1, 3)) + 1)])),
    ]
    if draw(st.booleans()):
        header.append(("period", draw(flow_mapping([("start", "2013-04"), ("end", "June 2014")]))))
    if draw(st.booleans()):
        header.append(("organization", scalar(draw(texts()))))
    if draw(st.booleans()):
        header.append(
            (
                "people",
                items([Block(entries=entries([("name", "Ana"), ("role", scalar(draw(texts())))]))]),
            )
        )
    root = Block(entries=entries(header))
    return root, template


def render(root: Block, layout: Layout, top: str | None, bottom: str | None) -> Written:
    written = Written()
    lines: list[str] = []
    if top:
        lines.append(top)
        written.others.add(top)

    def value_text(value: Any) -> str:
        return value if isinstance(value, str) else ""

    def mapping(block: Block, column: int, first: str | None) -> None:
        for index, entry in enumerate(block.entries):
            if entry.blank:
                lines.append("")
            if entry.above:
                lines.append(" " * max(column - entry.shift, 0) + entry.above)
                written.above_key[entry.above] = entry.key
            lead = first if index == 0 and first is not None else " " * column
            eol = f"  {entry.eol}" if entry.eol else ""
            if entry.eol:
                written.eol_key[entry.eol] = entry.key
            value = entry.value
            if isinstance(value, Literal):
                lines.append(f"{lead}{entry.key}: {'>-' if value.folded else '|'}")
                lines.extend(" " * (column + layout.mapping) + line for line in value.lines)
            elif isinstance(value, Block) and value.entries:
                lines.append(f"{lead}{entry.key}:{eol}")
                mapping(value, column + layout.mapping, None)
            elif isinstance(value, Block) and value.items:
                lines.append(f"{lead}{entry.key}:{eol}")
                sequence(value, column + layout.offset)
            elif isinstance(value, Block):
                lines.append(f"{lead}{entry.key}: []{eol}")
            else:
                lines.append(f"{lead}{entry.key}: {value_text(value)}{eol}")
            if entry.after:
                lines.append(" " * (column + 2) + entry.after)
                written.after_key[entry.after] = entry.key

    def sequence(block: Block, dash: int) -> None:
        for item in block.items:
            if item.blank:
                lines.append("")
            if item.above:
                lines.append(" " * dash + item.above)
                written.above_item.add(item.above)
            prefix = " " * dash + "-" + " " * layout.gap
            if isinstance(item.value, Block):
                mapping(item.value, dash + 1 + layout.gap, prefix)
            else:
                lines.append(prefix + item.value)

    mapping(root, 0, None)
    if bottom:
        lines.append(bottom)
        written.others.add(bottom)
    written.text = "\n".join(lines) + "\n"
    return written


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    generated=plan_trees(),
    layout=st.builds(
        Layout, st.sampled_from([2, 4]), st.sampled_from([0, 2, 4]), st.sampled_from([1, 3])
    ),
    top=st.sampled_from([None, "# yaml-language-server: $schema=../schemas/plan.schema.json"]),
    bottom=st.sampled_from([None, "# the end"]),
    normalize=st.booleans(),
)
def test_any_plan_settles_keeps_its_data_and_every_comment_beside_its_key(
    generated: tuple[Block, str],
    layout: Layout,
    top: str | None,
    bottom: str | None,
    normalize: bool,
) -> None:
    root, name = generated
    written = render(root, layout, top, bottom)
    text = written.text
    note(text)
    template = load_builtin(name)
    once = format_text(text, template=template, normalize_dates=normalize)
    assert format_text(once, template=template, normalize_dates=normalize) == once
    crlf = text.replace("\n", "\r\n")
    assert format_text(crlf, template=template, normalize_dates=normalize) == once
    if not normalize:
        assert data_of(once) == data_of(text)
    assert comments_in(once) == comments_in(text)
    lines = once.splitlines()
    if top:
        assert lines[0] == top
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped in written.others:
            continue
        if stripped in written.above_key:
            key = written.above_key[stripped]
            assert next_content(lines, number).removeprefix("- ").startswith(f"{key}:"), stripped
        elif stripped in written.above_item:
            assert next_content(lines, number).startswith("- "), stripped
        elif stripped in written.after_key:
            assert owner_above(lines, number).startswith(f"{written.after_key[stripped]}:"), (
                stripped
            )
        elif " #" in line:
            comment = line[line.index(" #") + 1 :]
            key = written.eol_key[comment]
            assert line.strip().removeprefix("- ").startswith(f"{key}:"), line


# --------------------------------------------------------------------------
# Long runs of comment lines


def scanned(text: str, *, library: bool = False) -> list[Any]:
    """Each token fmt's scanner (or the library's) reads in ``text``, with its comments."""
    from ruamel.yaml.tokens import CommentToken, Token

    def described(value: Any) -> Any:
        if isinstance(value, CommentToken):
            return ("#", value.value, value.start_mark.line, value.start_mark.column)
        if isinstance(value, Token):
            end = value.end_mark
            return (
                type(value).__name__,
                getattr(value, "value", None),
                (value.start_mark.line, value.start_mark.column),
                (end.line, end.column) if end is not None else None,
                described(getattr(value, "_comment", None)),
            )
        if isinstance(value, list):
            return [described(item) for item in value]
        return value

    yaml = fmt_roundtrip._round_trip()
    if library:
        from ruamel.yaml.scanner import RoundTripScanner

        yaml.Scanner = RoundTripScanner
    return [described(token) for token in yaml.scan(text)]


COMMENT_RUNS = [
    "planctl: 1\ntitle: T  # same line\n# one\n  # two\n\n    # three\ngoals: []\n",
    "planctl: 1\ntitle: T\n# one\n# two\n\n# three\ngoals: []\n",
    "planctl: 1\ntitle: T\n    # deeper one\n    # deeper two\ngoals: []\n",
    "planctl: 1\ntitle:  # after the colon\n  # one\n  # two\n  T\n",
    "planctl: 1\ntags: [a, b]  # flow\n# one\n# two\nperiod: {start: 2020-01}  # f\n# x\n",
    "planctl: 1\ndescription: |\n  text\n\n  # text too\n# one\n  # two\ntitle: T\n",
    "planctl: 1\ngoals:\n  - title: G  # g\n    # one\n    # two\n  # three\n",
    "planctl: 1\ntitle: T\n# the end\n# really\n",
    "planctl: 1\ntitle: T  # no newline at the end\n# one\n# two",
    "planctl: 1\ntitle: 'quoted'\n\n\n# one\n\n\n# two\n\n",
]


@pytest.mark.parametrize(
    "text",
    [*COMMENT_RUNS, *(path.read_text(encoding="utf-8") for path in EXAMPLES)],
    ids=[*(f"run{number}" for number in range(len(COMMENT_RUNS))), *(p.name for p in EXAMPLES)],
)
def test_the_scanner_reads_comments_as_the_library_does(text: str) -> None:
    # fmt reads comment runs with its own scanner (in linear time); it must read
    # the same tokens, carrying the same comments, as the library's.
    ours = scanned(text)
    assert ours == scanned(text, library=True)
    assert any("#" in repr(token) for token in ours)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    generated=plan_trees(),
    layout=st.builds(
        Layout, st.sampled_from([2, 4]), st.sampled_from([0, 2, 4]), st.sampled_from([1, 3])
    ),
)
def test_the_scanner_reads_any_plan_as_the_library_does(
    generated: tuple[Block, str], layout: Layout
) -> None:
    text = render(generated[0], layout, None, "# the end").text
    note(text)
    assert scanned(text) == scanned(text, library=True)


def comment_run(lines: int, column: int = 4) -> str:
    """``lines`` comment lines at ``column``."""
    return "".join(f"{' ' * column}# note {number}\n" for number in range(lines))


def runs_plan(lines: int) -> str:
    """A plan with a run of ``lines`` comment lines after a comment, a block and a step."""
    run = comment_run(lines)
    return (
        f"planctl: 1\ntitle: T  # same line\n{run}"
        f"goals:\n    - title: G\n      description: |\n        text\n{run}"
        f"      status: draft\n{run}"
    )


@pytest.mark.parametrize("lines", [3, 3000])
def test_a_run_of_comment_lines_is_laid_out_as_a_short_one(lines: int) -> None:
    once = format_text(runs_plan(lines), template=DEFAULT)
    assert once == (
        f"planctl: 1\ntitle: T  # same line\n{comment_run(lines, 2)}"
        f"goals:\n  - title: G\n    description: |\n      text\n{comment_run(lines, 4)}"
        f"    status: draft\n{comment_run(lines, 2)}"
    )
    assert format_text(once, template=DEFAULT) == once


def test_a_run_of_comment_lines_costs_work_in_proportion_to_its_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each comment line's column depends on the text above the run; looking back
    # over the run from each of its lines made fmt quadratic in the run's length.
    calls = Counter[int]()
    looked_at = fmt_comments._blank_or_comment

    def counted(line: str) -> bool:
        calls[size] += 1
        return looked_at(line)

    monkeypatch.setattr(fmt_comments, "_blank_or_comment", counted)
    for size in (200, 800):
        format_text(runs_plan(size), template=DEFAULT)
    assert 0 < calls[800] <= 5 * calls[200]


def test_yaml_12_that_libyaml_refuses_is_formatted(tmp_path: Path) -> None:
    text = "planctl: 1\ntitle: T\ngoals:\n  - title: G\n    aligns_to: [https://example.org/x]\n"
    path = write_plan(tmp_path, "a.plan.yaml", text)
    code, _, err = run_file(path)
    assert code == 0, err
    assert "[https://example.org/x]" in path.read_text(encoding="utf-8")


def test_a_file_the_layout_library_cannot_read_is_left_with_a_located_problem(
    tmp_path: Path,
) -> None:
    # A tab alone on a line is YAML 1.2 (planctl validate reads it); libyaml is not.
    text = "\t\nplanctl: 1\ntitle: T\n"
    path = write_plan(tmp_path, "a.plan.yaml", text)
    code, _, err = run_file(path)
    assert code == 1
    assert err.startswith("a.plan.yaml:1:1: error [fmt] fmt cannot lay out this file")
    assert "replace the tab with spaces" in err
    assert path.read_text(encoding="utf-8") == text


def test_a_blank_line_moved_after_a_flow_mapping_is_formatted_once_and_for_all() -> None:
    # The key order moves 'measure: {...}' above the blank line that ends the step;
    # formatting the result again changes nothing.
    source = (
        "planctl: 1\ntitle: T\ngoals:\n  - title: G\n    steps:\n"
        "      - action: A\n        due: 2024-09\n        owners: [Ana Ruiz]\n"
        "        measure: {source: Logs, baseline: 10, target: {value: 20, by: 2025-06}}\n"
        "        outcome: O\n\n"
        "      - {action: B, due: 2024-09, owners: Ana Ruiz, outcome: Done, measure: Logs}  # c\n"
    )
    template = load_builtin("default")
    once = format_text(source, template=template)
    assert format_text(once, template=template) == once
