"""Page names and anchors made from titles (:func:`planctl.site.plans.slug`)."""

from __future__ import annotations

import pytest

from planctl.site.plans import SLUG_LENGTH, slug, unique


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Riverbend Unified School District", "riverbend-unified-school-district"),
        ("Educación Bilingüe", "educacion-bilingue"),
        ("Goal 1: Early reading!", "goal-1-early-reading"),
        ("  --  ", "x"),
        ("読み書き", "x"),
    ],
)
def test_a_title_becomes_letters_digits_and_hyphens(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_a_long_title_is_cut_between_words() -> None:
    title = "Cedar Hill Elementary School, Riverbend Unified School District"
    found = slug(title)
    assert found == "cedar-hill-elementary-school-riverbend-unified-school"
    assert len(found) <= SLUG_LENGTH


def test_one_very_long_word_is_cut_at_the_length() -> None:
    assert slug("a" * 100) == "a" * SLUG_LENGTH


def test_names_already_taken_get_a_number() -> None:
    taken: set[str] = set()
    assert [unique("reading", taken) for _ in range(3)] == ["reading", "reading-2", "reading-3"]
