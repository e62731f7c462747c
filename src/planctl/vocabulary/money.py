"""Money: amounts as a board packet prints them, and as planners type them.

``money(12000)`` is ``$12,000``; ``parse_amount("$ 4,500 (Title II)")`` is
``(4500, "Title II")``. Cents show only when there are some.
"""

from __future__ import annotations

import re

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "$", "AUD": "$"}
"""The symbol printed before an amount in each currency planctl knows."""


def amount_text(amount: float) -> str:
    """An amount without a symbol: ``12,000``, ``394,088.5`` is ``394,088.50``."""
    return f"{amount:,.2f}".removesuffix(".00")


def money(amount: float, currency: str = "USD") -> str:
    """An amount as a board packet prints it: ``$12,000``, ``$394,088.50``, ``12,000 NZD``."""
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    text = amount_text(amount)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def signed_money(amount: float, currency: str = "USD") -> str:
    """A change in money: ``+$12,000``, ``-$500``, ``$0``."""
    if amount > 0:
        return "+" + money(amount, currency)
    if amount < 0:
        return "-" + money(-amount, currency)
    return money(0, currency)


def plain_number(amount: float) -> int | float:
    """An amount for data files (JSON, CSV): a whole number without ``.0``."""
    return int(amount) if float(amount).is_integer() else amount


_AMOUNT = re.compile(
    r"(?P<symbol>[$€£])?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d{1,2})?"
    r"\s*(?P<code>[A-Z]{3})?\s*(?:\((?P<funding>[^()]+)\))?"
)


def parse_amount(text: str, currency: str = "USD") -> tuple[int | float, str] | None:
    """One clean amount and its funding source, or ``None``.

    ``"$ 153,000"`` is ``(153000, "")``, ``"$12,000 (Title II)"`` is
    ``(12000, "Title II")``. A symbol or code of another currency than
    ``currency``, or anything else in the text, makes it not one clean amount.
    """
    match = _AMOUNT.fullmatch(text.strip())
    if match is None:
        return None
    symbol, code = match.group("symbol"), match.group("code")
    if symbol and symbol != CURRENCY_SYMBOLS.get(currency.upper(), symbol):
        return None
    if code and code != currency.upper():
        return None
    number = float(match.group("number").replace(",", "") + (match.group("decimals") or ""))
    return plain_number(number), (match.group("funding") or "").strip()
