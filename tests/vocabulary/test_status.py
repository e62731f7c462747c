"""Status words: every spelling planners use means one status, read alike by every command."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planctl.load import load_text
from planctl.model.build import PlanDoc, build
from planctl.progress.status import step_progress
from planctl.render.view import plan_view
from planctl.rules import status_word
from planctl.rules.base import RuleContext
from planctl.template import load_builtin
from planctl.vocabulary.status import (
    PLAN_STATUSES,
    STATUS_LABELS,
    STATUS_WORDS,
    SYNONYMS,
    fold,
    plan_status,
    standard_status,
)

# As planners print them, with the status each means.
PRINTED = [
    ("In Progress", "in-progress"),
    ("In progress", "in-progress"),
    ("Started", "in-progress"),
    ("Ongoing", "in-progress"),
    ("Underway", "in-progress"),
    ("Under way", "in-progress"),
    ("Not Started", "not-started"),
    ("Not yet started", "not-started"),
    ("To do", "not-started"),
    ("Todo", "not-started"),
    ("Planned", "not-started"),
    ("Complete", "done"),
    ("Completed", "done"),
    ("Finished", "done"),
    ("Closed", "done"),
    ("On Hold", "blocked"),
    ("Stalled", "blocked"),
    ("Stuck", "blocked"),
    ("Cancelled", "dropped"),
    ("Canceled", "dropped"),
    ("Discontinued", "dropped"),
]


@pytest.mark.parametrize(("word", "status"), PRINTED)
def test_each_printed_synonym_means_its_status(word: str, status: str) -> None:
    assert standard_status(word) == status


@pytest.mark.parametrize("written", ["in progress", "IN-PROGRESS", "in_progress", " In  progress "])
def test_case_spaces_hyphens_and_underscores_do_not_matter(written: str) -> None:
    assert standard_status(written) == "in-progress"


@pytest.mark.parametrize("word", ["maybe", "progress", "in", "", "done done", "draft"])
def test_other_words_mean_no_status(word: str) -> None:
    assert standard_status(word) is None


def test_each_standard_word_means_itself_and_has_a_label() -> None:
    for status in STATUS_WORDS:
        assert standard_status(status) == status
        assert STATUS_LABELS[status]


def test_no_spelling_means_two_statuses() -> None:
    seen: dict[str, str] = {}
    for status, spellings in SYNONYMS.items():
        for spelling in spellings:
            assert seen.setdefault(fold(spelling), status) == status, spelling


def test_the_lists_that_used_to_disagree_are_both_accepted() -> None:
    # The rule knew todo and stuck, the importer stalled and discontinued.
    assert [standard_status(w) for w in ("todo", "stuck", "stalled", "discontinued")] == [
        "not-started",
        "blocked",
        "blocked",
        "dropped",
    ]


def test_plan_statuses() -> None:
    assert [plan_status(word) for word in ("Draft", "ADOPTED", " archived ")] == list(PLAN_STATUSES)
    assert plan_status("done") is None


def test_the_template_resolves_synonyms_and_keeps_district_words_first() -> None:
    template = load_builtin("default")
    assert template.resolve_status("Stalled") == "blocked"
    assert template.district_status("Stalled") is None
    district = replace(template, status_aliases={"Started": "not-started", "On target": "done"})
    # A district may give a planner's word its own meaning.
    assert district.resolve_status("started") == "not-started"
    assert district.resolve_status("On-Target") == "done"
    assert district.resolve_status("Finished") == "done"


# --------------------------------------------------------------------------- every reader


def _doc(word: str) -> PlanDoc:
    text = (
        "planctl: 1\n"
        "title: Reading plan\n"
        "period: {start: 2024-07, end: 2026-06}\n"
        "goals:\n"
        "  - title: Every child reads\n"
        "    steps:\n"
        "      - action: Train tutors\n"
        "        due: 2025-05\n"
        "        owners: Shakera Walker\n"
        "        outcome: Tutors trained\n"
        "        measure: Twelve tutors trained by May 2025\n"
        f"        status: {word}\n"
    )
    loaded = load_text(text, "plan.plan.yaml")
    return build(loaded, load_builtin("default"))


@pytest.mark.parametrize(("word", "status"), PRINTED)
def test_the_rule_status_and_render_read_each_synonym_alike(word: str, status: str) -> None:
    doc = _doc(word)
    assert list(status_word.check(RuleContext(doc))) == []
    step = next(doc.steps())
    progress = step_progress(doc, step, as_of=date(2025, 1, 1), window=30)
    assert progress.status == status
    assert progress.status_label == STATUS_LABELS[status]
    view = plan_view(doc, 1, 0)
    assert view["steps"][0]["status_key"] == status
    assert view["steps"][0]["fields"]["status"] == STATUS_LABELS[status]
