"""Money: amounts as packets, reports and diffs print them, and as planners type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planctl.vocabulary.money import amount_text, money, parse_amount, plain_number, signed_money


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (12000, "USD", "$12,000"),
        (394088.5, "USD", "$394,088.50"),
        (0.25, "usd", "$0.25"),
        (1500, "EUR", "€1,500"),
        (1500, "GBP", "£1,500"),
        (1500, "CAD", "$1,500"),
        (1500, "NZD", "1,500 NZD"),
    ],
)
def test_money(amount: float, currency: str, text: str) -> None:
    assert money(amount, currency) == text


def test_amount_text_has_no_symbol_and_cents_only_when_there_are_some() -> None:
    assert amount_text(4500) == "4,500"
    assert amount_text(4500.1) == "4,500.10"


@pytest.mark.parametrize(
    ("amount", "text"), [(12000, "+$12,000"), (-500, "-$500"), (0, "$0"), (-0.5, "-$0.50")]
)
def test_signed_money(amount: float, text: str) -> None:
    assert signed_money(amount) == text


def test_plain_number_drops_a_whole_numbers_point() -> None:
    assert plain_number(12000.0) == 12000
    assert isinstance(plain_number(12000.0), int)
    assert plain_number(12.5) == 12.5


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("$4,500", (4500, "")),
        ("$ 153,000", (153000, "")),
        ("$394,088.00", (394088, "")),
        ("$12,000 (Title II)", (12000, "Title II")),
        ("4500", (4500, "")),
        ("1,500.5 USD", (1500.5, "")),
    ],
)
def test_parse_amount(text: str, found: tuple[float, str]) -> None:
    assert parse_amount(text) == found


@pytest.mark.parametrize(
    "text", ["about $4,500", "€4,500", "4,500 EUR", "$4,50", "$4500 or $5000", "", "TBD"]
)
def test_parse_amount_refuses_what_is_not_one_clean_amount_in_the_currency(text: str) -> None:
    assert parse_amount(text, "USD") is None


def test_parse_amount_takes_the_plans_currency() -> None:
    assert parse_amount("€4,500", "EUR") == (4500, "")
    assert parse_amount("4,500 EUR", "eur") == (4500, "")


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_amounts_printed_are_read_back(amount: int) -> None:
    assert parse_amount(money(amount)) == (amount, "")
