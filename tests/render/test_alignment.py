"""Alignment across plans: the aligns-to rule on real files, and the alignment layout."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib
import pytest

from planctl.load import load_file
from planctl.problem import Problem
from planctl.render import RenderOptions, render_packet
from planctl.render.alignment import alignment_view
from planctl.render.view import plan_view
from planctl.validate import check_file, check_loaded, repository_root
from tests.render.test_html import assert_safe_and_accessible

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.plan.yaml"))
DATA = ROOT / "tests" / "data" / "alignment"
DISTRICT = DATA / "district-2024.plan.yaml"
LINCOLN = DATA / "schools" / "lincoln-elementary.plan.yaml"
WASHINGTON = DATA / "schools" / "washington-middle.plan.yaml"


def problems(path: Path) -> list[Problem]:
    return [p for p in check_file(path, path.name).report.problems if p.rule == "aligns-to"]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def plan(goals: str) -> str:
    return f"planctl: 1\ngoals:\n{goals}"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A plan repository (it has a planctl.toml) inside a folder that is not one."""
    root = tmp_path / "plans"
    root.mkdir()
    (root / "planctl.toml").write_text("", encoding="utf-8")
    return root


# -- the rule on files ---------------------------------------------------------------------


def test_the_fixtures_are_clean() -> None:
    for path in (DISTRICT, LINCOLN, WASHINGTON):
        assert check_file(path, path.name).report.problems == [], path.name


def test_a_circle_of_two_goals_is_reported_in_both_plans(repo: Path) -> None:
    a = write(repo, "a.plan.yaml", plan("  - {id: A1, title: A, aligns_to: [b.plan.yaml#B1]}\n"))
    b = write(repo, "b.plan.yaml", plan("  - {id: B1, title: B, aligns_to: [a.plan.yaml#A1]}\n"))
    (found,) = problems(a)
    assert "'b.plan.yaml#B1' aligns back to this goal ('A1')" in found.message
    assert "support each other in a circle" in found.message
    (other,) = problems(b)
    assert "'a.plan.yaml#A1' aligns back to this goal ('B1')" in other.message


def test_a_longer_circle_names_the_way_back(repo: Path) -> None:
    a = write(repo, "a.plan.yaml", plan("  - {id: A1, title: A, aligns_to: [b.plan.yaml#B1]}\n"))
    write(repo, "b.plan.yaml", plan("  - {id: B1, title: B, aligns_to: [sub/c.plan.yaml#C1]}\n"))
    write(repo, "sub/c.plan.yaml", plan("  - {id: C1, title: C, aligns_to: [../a.plan.yaml#A1]}\n"))
    (found,) = problems(a)
    assert "through 'sub/c.plan.yaml#C1'" in found.message


def test_different_nodes_may_align_both_ways_between_plans(repo: Path) -> None:
    a = write(
        repo,
        "a.plan.yaml",
        plan("  - {id: A1, title: A, aligns_to: [b.plan.yaml#B1]}\n  - {id: A2, title: A2}\n"),
    )
    b = write(repo, "b.plan.yaml", plan("  - {id: B1, title: B, aligns_to: [a.plan.yaml#A2]}\n"))
    assert problems(a) == [] and problems(b) == []


def test_a_path_outside_the_repository_is_named(repo: Path) -> None:
    write(repo.parent, "outside.plan.yaml", plan("  - {id: X1, title: X}\n"))
    path = write(
        repo, "a.plan.yaml", plan("  - {id: A1, title: A, aligns_to: [../outside.plan.yaml#X1]}\n")
    )
    (found,) = problems(path)
    assert found.message == "'../outside.plan.yaml' is outside the plan repository"
    assert str(repo) not in found.message + found.hint


def test_outside_a_repository_references_stay_in_the_plans_folder(tmp_path: Path) -> None:
    folder = tmp_path / "loose"
    write(tmp_path, "above.plan.yaml", plan("  - {id: X1, title: X}\n"))
    path = write(
        folder, "a.plan.yaml", plan("  - {id: A1, title: A, aligns_to: [../above.plan.yaml#X1]}\n")
    )
    if repository_root(path.parent) is not None:
        pytest.skip("the temporary folder is inside a repository")
    (found,) = problems(path)
    assert "is outside the plan repository" in found.message


def test_a_referenced_plan_is_read_with_its_own_template(repo: Path) -> None:
    write(
        repo,
        "district.plan.yaml",
        "planctl: 1\ntemplate: lmsd-action-plan\nstrategies:\n  - {id: S1, title: One}\n",
    )
    path = write(
        repo, "a.plan.yaml", plan("  - {id: A1, title: A, aligns_to: [district.plan.yaml#S1]}\n")
    )
    assert problems(path) == []


def test_a_broken_plan_is_reported_not_raised(repo: Path) -> None:
    write(repo, "broken.plan.yaml", "planctl: 1\ngoals: [\n")
    write(repo, "list.plan.yaml", "- just\n- a list\n")
    write(repo, "odd.plan.yaml", "planctl: 1\ntemplate: no-such-template\n")
    path = write(
        repo,
        "a.plan.yaml",
        plan(
            "  - id: A1\n    title: A\n    aligns_to:\n"
            "      - broken.plan.yaml#G1\n      - list.plan.yaml#G1\n      - odd.plan.yaml#G1\n"
            "      - '#'\n      - '##'\n      - 'a#b#c'\n      - " + "../" * 300 + "x#G1\n"
        ),
    )
    found = problems(path)
    messages = [p.message for p in found]
    assert messages[0].startswith("'broken.plan.yaml' cannot be read as a plan")
    assert messages[1].startswith("'list.plan.yaml' cannot be read as a plan")
    assert messages[2].startswith("'odd.plan.yaml' names a template planctl cannot use")
    assert "cannot align to itself" in messages[3] and "cannot align to itself" in messages[4]
    assert "'a' does not exist" in messages[5]
    assert "outside the plan repository" in messages[6]


def test_a_changed_plan_is_read_again(repo: Path) -> None:
    district = write(repo, "district.plan.yaml", plan("  - {id: G1, title: One}\n"))
    path = write(
        repo, "a.plan.yaml", plan("  - {id: A1, title: A, aligns_to: [district.plan.yaml#G2]}\n")
    )
    (found,) = problems(path)
    assert found.hint == "its ids are G1"
    district.write_text(plan("  - {id: G1, title: One}\n  - {id: G2, title: Two}\n"), "utf-8")
    assert problems(path) == []


def test_a_plan_without_ids_says_so(repo: Path) -> None:
    write(repo, "district.plan.yaml", plan("  - {title: One}\n"))
    path = write(
        repo, "a.plan.yaml", plan("  - {id: A1, title: A, aligns_to: [district.plan.yaml#G1]}\n")
    )
    (found,) = problems(path)
    assert found.hint == "'district.plan.yaml' gives none of its goals or objectives an id yet"


def test_the_rule_can_be_silenced_with_a_reason(repo: Path) -> None:
    path = write(
        repo,
        "a.plan.yaml",
        plan(
            "  - id: A1\n    title: A\n    aligns_to: [district-2030.plan.yaml#G1]\n"
            "    silence: {aligns-to: The 2030 district plan is still being written}\n"
        ),
    )
    assert problems(path) == []


# -- the alignment view --------------------------------------------------------------------


def packet_alignment(*paths: Path) -> dict[str, Any]:
    entries = []
    views = []
    for index, path in enumerate(paths, 1):
        checked = check_loaded(load_file(path, path.name), path.parent)
        assert checked.doc is not None
        entries.append((path, checked.doc))
        views.append(plan_view(checked.doc, index, 0))
    return alignment_view(entries, views)


def test_each_district_node_lists_the_plans_that_support_it() -> None:
    view = packet_alignment(DISTRICT, LINCOLN, WASHINGTON)
    states = {node["id"]: node["state"] for node in view["nodes"]}
    assert states == {
        "G1": "through",
        "G1.O1": "supported",
        "G1.O2": "supported",
        "G1.O3": "unsupported",
        "G2": "through",
        "G2.O1": "supported",
        "G3": "unsupported",
    }
    by_id = {node["id"]: node for node in view["nodes"]}
    assert by_id["G1.O1"]["plans"] == [
        "Lincoln Elementary School Improvement Plan",
        "Washington Middle School Improvement Plan",
    ]
    (via_step,) = by_id["G2.O1"]["supporters"]
    assert via_step["label"] == "Goal L2 › Action step L2.S1"
    assert via_step["via"] == "Action step G2.O1.S1 'Launch attendance teams in every school'"
    assert via_step["status"] == "In progress"
    unsupported = [node["trail"] for node in view["unsupported"]]
    assert unsupported == ["Goal G1 › Objective G1.O3", "Goal G3"]
    assert view["totals"] == {
        "nodes": 7,
        "supported": 5,
        "unsupported": 2,
        "links": 4,
        "plans": 2,
    }


def test_references_to_missing_ids_and_plans_that_align_to_nothing(repo: Path) -> None:
    district = write(repo, "district.plan.yaml", DISTRICT.read_text(encoding="utf-8"))
    school = write(
        repo,
        "schools/a.plan.yaml",
        plan(
            "  - {id: A1, title: A, aligns_to: ['../district.plan.yaml#G9', other.plan.yaml#X]}\n"
        ),
    )
    view = packet_alignment(district, school)
    assert view["unmatched"] == [
        {
            "plan": "a.plan.yaml",
            "where": "Goal A1 'A'",
            "reference": "../district.plan.yaml#G9",
            "reason": "the district plan has no id 'G9'",
        }
    ]
    assert [school["title"] for school in view["unaligned"]] == ["a.plan.yaml"]


def test_no_plans_give_an_empty_view() -> None:
    assert alignment_view([], [])["nodes"] == []


# -- the layouts ---------------------------------------------------------------------------


def render(*paths: Path, to: str = "html") -> str:
    files = [(path, path.relative_to(ROOT).as_posix()) for path in paths]
    options = RenderOptions(to=to, layout="alignment", date="2025-01-15")
    return render_packet(files, options).decode("utf-8")


def rows_of(page: str) -> dict[str, ET.Element]:
    root = html5lib.parse(page, namespaceHTMLElements=False)
    table = next(t for t in root.iter("table") if "alignment" in t.get("class", ""))
    return {"".join(row[0].itertext()): row for row in table.findall("./tbody/tr")}


def test_html_shows_supported_and_unsupported_district_nodes() -> None:
    page = render(DISTRICT, LINCOLN, WASHINGTON)
    rows = rows_of(page)
    assert list(rows) == [
        "Goal G1: Every student reads and writes with confidence",
        "Objective G1.O1: Every student reads on grade level by the end of grade 3",
        "Objective G1.O2: Every student reads complex texts in every subject by grade 8",
        "Objective G1.O3: Every student writes across the curriculum",
        "Goal G2: Every student attends school every day",
        "Objective G2.O1: Cut chronic absenteeism in half",
        "Goal G3: Every family is a partner in learning",
    ]
    unsupported = [text for text, row in rows.items() if "unsupported" in row.get("class", "")]
    assert unsupported == [
        "Objective G1.O3: Every student writes across the curriculum",
        "Goal G3: Every family is a partner in learning",
    ]
    for text in unsupported:
        assert "".join(rows[text][1].itertext()).strip() == "Not supported by any plan"
    supported = "".join(rows[list(rows)[1]][1].itertext())
    assert "Lincoln Elementary School Improvement Plan" in supported
    assert "Washington Middle School Improvement Plan" in supported
    goal = rows[next(iter(rows))]
    assert "Supported through the objectives below it" in "".join(goal[1].itertext())
    root = html5lib.parse(page, namespaceHTMLElements=False)
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    links = [a.get("href", "") for a in root.iter("a")]
    assert links and all(link[1:] in ids for link in links)
    assert next(root.iter("script"), None) is None


def test_html_with_only_the_district_plan_says_what_to_give() -> None:
    page = render(DISTRICT)
    assert "Only one plan was given." in page
    rows = rows_of(page)
    assert all("unsupported" in row.get("class", "") for row in rows.values())


def test_markdown_lists_supported_and_unsupported_nodes() -> None:
    text = render(DISTRICT, LINCOLN, WASHINGTON, to="md")
    objective = "Goal G1 › Objective G1.O3: Every student writes across the curriculum"
    assert f"| {objective} |" in text
    assert "| **Not supported by any plan** |" in text
    assert f"## Not supported by any plan\n\n- {objective}" in text
    assert "Lincoln Elementary School Improvement Plan — Goal L1: Every Lincoln student" in text


def test_plan_text_in_the_alignment_is_escaped(repo: Path) -> None:
    district = write(
        repo,
        "district.plan.yaml",
        plan('  - {id: G1, title: "<script>alert(1)</script> & | *x*"}\n'),
    )
    school = write(
        repo,
        "school.plan.yaml",
        'planctl: 1\ntitle: "<b>School</b>"\ngoals:\n'
        '  - {id: S1, title: "<img src=x onerror=alert(2)>", aligns_to: [district.plan.yaml#G1]}\n',
    )
    files = [(district, "district.plan.yaml"), (school, "school.plan.yaml")]
    page = render_packet(files, RenderOptions(to="html", layout="alignment")).decode("utf-8")
    root = html5lib.parse(page, namespaceHTMLElements=False)
    assert next(root.iter("script"), None) is None and next(root.iter("img"), None) is None
    assert "<script>alert(1)</script>" in "".join(root.itertext())
    text = render_packet(files, RenderOptions(to="md", layout="alignment")).decode("utf-8")
    assert "<script>" not in text and "&lt;img src=x onerror=alert(2)&gt;" in text


@pytest.mark.parametrize("to", ["html", "md"])
def test_the_examples_render_as_an_alignment(to: str) -> None:
    for paths in ([path] for path in EXAMPLES):
        output = render(*paths, to=to)
        if to == "html":
            assert_safe_and_accessible(output)
    everything = render(*EXAMPLES, to=to)
    assert "aligns to nothing in this plan" in everything
    if to == "html":
        assert_safe_and_accessible(everything)
