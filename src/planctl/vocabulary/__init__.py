"""One plan vocabulary: the words, periods, dates and money every part of planctl reads alike.

* :mod:`~planctl.vocabulary.status`: status words and every way planners write them.
* :mod:`~planctl.vocabulary.period`: the plan period.
* :mod:`~planctl.vocabulary.dates`: a plan's dates read with its period and school year.
* :mod:`~planctl.vocabulary.money`: amounts printed and parsed.
* :mod:`~planctl.vocabulary.measures`: measures and their values in words.
* :mod:`~planctl.vocabulary.labels`: labels and trails such as ``Goal 3 › Action step 2``.

It imports only planctl's base modules (the timeline grammar), never the plan
model, rules, renderers or commands, so every layer can import it, and it
stays light: ``planctl validate`` reads the status words at start-up.
"""

from __future__ import annotations

from planctl.vocabulary.dates import PlanDates, read_date
from planctl.vocabulary.labels import SEPARATOR, trail
from planctl.vocabulary.measures import measure_text, with_unit
from planctl.vocabulary.money import (
    CURRENCY_SYMBOLS,
    amount_text,
    money,
    parse_amount,
    plain_number,
    signed_money,
)
from planctl.vocabulary.period import period_bounds, period_text, period_words, plan_period
from planctl.vocabulary.status import (
    PLAN_STATUS_LABELS,
    PLAN_STATUSES,
    SPELLINGS,
    STATUS_LABELS,
    STATUS_WORDS,
    SYNONYMS,
    PlanStatus,
    StatusWord,
    fold,
    plan_status,
    standard_status,
)

__all__ = [
    "CURRENCY_SYMBOLS",
    "PLAN_STATUSES",
    "PLAN_STATUS_LABELS",
    "SEPARATOR",
    "SPELLINGS",
    "STATUS_LABELS",
    "STATUS_WORDS",
    "SYNONYMS",
    "PlanDates",
    "PlanStatus",
    "StatusWord",
    "amount_text",
    "fold",
    "measure_text",
    "money",
    "parse_amount",
    "period_bounds",
    "period_text",
    "period_words",
    "plain_number",
    "plan_period",
    "plan_status",
    "read_date",
    "signed_money",
    "standard_status",
    "trail",
    "with_unit",
]
