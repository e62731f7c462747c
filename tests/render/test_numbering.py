"""Packets head each goal and objective with the plan's own numbering and level labels.

A goal with ``id: 3`` is "Goal 3" in the packet's headings and contents,
whatever its position; a goal without an id keeps its position; a template
that calls its levels something else is heard in its words.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib

from planctl import RenderOptions, render_plans
from tests.model.test_numbering import STRATEGIES

DISTRICT = """\
planctl: 1
title: Riverbend Literacy Plan
goals:
  - title: Families read at home
    steps:
      - action: Hold family reading nights
  - id: 3
    title: Every child reads by grade 3
    objectives:
      - id: 3.READ
        title: Daily reading blocks
        steps:
          - {id: "3.1", action: Train reading tutors}
          - {action: Buy leveled books}
      - title: Reading at home
        steps:
          - {action: Send books home}
  - id: Goal 12
    title: Count what we do
    steps:
      - {id: "12.1", action: Publish a reading dashboard}
"""

# Headings and contents entries, each "label: title", in document order.
DISTRICT_HEADINGS = [
    "Goal 1: Families read at home",
    "Goal 3: Every child reads by grade 3",
    "Objective 3.READ: Daily reading blocks",
    "Objective 2: Reading at home",
    "Goal 12: Count what we do",
]
DISTRICT_CONTENTS = [
    "Goal 1: Families read at home",
    "Goal 3: Every child reads by grade 3",
    "Goal 12: Count what we do",
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def markdown(path: Path) -> str:
    return render_plans([path], RenderOptions(to="md", layout="table")).decode("utf-8")


def html_tree(path: Path) -> ET.Element:
    page = render_plans([path], RenderOptions(to="html", layout="table")).decode("utf-8")
    root: ET.Element = html5lib.parse(page, namespaceHTMLElements=False)
    return root


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def md_headings(text: str) -> list[str]:
    """The goal and objective headings of a Markdown packet (level 3 and below)."""
    return [match.group(1) for match in re.finditer(r"^#{3,6} (.+)$", text, re.MULTILINE)]


def md_contents(text: str) -> list[str]:
    """The texts of the contents' links to the plan's top-level nodes."""
    return re.findall(r"^ +- \[(.+?)\]\(#\d+-[a-z_]+-\d+\)$", text, re.MULTILINE)


def html_headings(tree: ET.Element) -> list[str]:
    """The headings that carry a node's label, in document order."""
    headings = [element for element in tree.iter() if element.tag in ("h3", "h4", "h5", "h6")]
    return [text_of(h) for h in headings if h.find(".//span[@class='node-label']") is not None]


def html_contents(tree: ET.Element) -> list[str]:
    (nav,) = [e for e in tree.iter("nav") if "contents" in e.get("class", "")]
    top = re.compile(r"#\d+-[a-z_]+-\d+")
    return [text_of(link) for link in nav.iter("a") if top.fullmatch(link.get("href", ""))]


def test_markdown_heads_nodes_with_the_district_numbering(tmp_path: Path) -> None:
    text = markdown(write(tmp_path, "district.plan.yaml", DISTRICT))
    headings = md_headings(text)
    assert [h for h in headings if h.startswith(("Goal", "Objective"))] == DISTRICT_HEADINGS
    assert md_contents(text) == DISTRICT_CONTENTS


def test_html_heads_nodes_with_the_district_numbering(tmp_path: Path) -> None:
    tree = html_tree(write(tmp_path, "district.plan.yaml", DISTRICT))
    assert html_headings(tree) == DISTRICT_HEADINGS
    assert html_contents(tree) == DISTRICT_CONTENTS


def test_an_id_that_names_its_level_is_the_whole_label(tmp_path: Path) -> None:
    path = write(tmp_path, "pathway.plan.yaml", STRATEGIES)
    expected = ["Strategy 2C: Coach every new teacher", "Strategy 2D: Share what works"]
    text = markdown(path)
    assert [h for h in md_headings(text) if h.startswith("Strategy")] == expected
    assert md_contents(text) == expected
    tree = html_tree(path)
    assert html_headings(tree) == expected
    assert html_contents(tree) == expected


def test_a_districts_own_level_labels_head_its_packet(tmp_path: Path) -> None:
    write(
        tmp_path,
        "indicators.yaml",
        "planctl-template: 1\nname: indicators\nextends: default\nlevels:\n"
        "  - {key: goals, label: Priority, plural: Priorities}\n"
        "  - {key: indicators, label: Indicator}\n"
        "  - {key: steps, label: Task}\n",
    )
    path = write(
        tmp_path,
        "safe.plan.yaml",
        "planctl: 1\ntemplate: ./indicators.yaml\ngoals:\n"
        "  - id: 3\n    title: Safe schools\n    indicators:\n"
        "      - {id: C, title: Attendance, steps: [{action: Call home}]}\n"
        "      - {title: Belonging, steps: [{action: Survey students}]}\n",
    )
    expected = ["Priority 3: Safe schools", "Indicator C: Attendance", "Indicator 2: Belonging"]
    headings = md_headings(markdown(path))
    assert [h for h in headings if h.startswith(("Priority", "Indicator"))] == expected
    assert html_headings(html_tree(path)) == expected
