"""Dates and timelines as planners write them, placed on a calendar.

Action plans come from Word tables, so a step's date reads ``May/2013``,
``April-May/2013``, ``Quarterly/2013-14``, ``Late April/early May 2014`` or
``Ongoing``. :func:`parse_timeline` turns such text into a :class:`Timeline`
(the first and last day it covers, and how precise its end is) or raises a
:class:`TimelineError` whose message and hint are written for the planner who
will read them.

Forms read (case does not matter; ``-``, ``–``, ``—``, ``to``, ``through`` and
``thru`` all separate the two ends of a range):

* ISO: ``2013-05-15``, ``2013-05``, ``2013``; ISO intervals ``2013-05..2014-06``
  and ``2013-05/2014-06``.
* Months and days: ``May 2013``, ``May/2013``, ``May, 2013``, ``05/2013``,
  ``6/1/2024`` (month first), ``August 15, 2013``, ``15 August 2013``,
  ``Aug. 15th, 2013``; ``early``, ``mid``, ``late``, ``beginning of``,
  ``middle of`` and ``end of`` before a month are ignored.
* Ranges: ``April-May 2013``, ``April 1-15, 2014``, ``Late April/early May
  2014``, ``December 2003-January 2004``, ``August-May 2013-14`` (each month
  in its school year), ``Summer 2025-Summer 2026``.
* School years: ``2013-14``, ``2013-2014``, ``SY 2013-14``, ``2021-2022 SY``,
  ``school year 2013-14``; seasons: ``Fall 2024``, ``Winter 2024`` (December
  to February), ``Spring 2025``, ``Summer 2025``.
* Deadlines: ``By June 2024``, ``by the end of June 2024``, ``no later than
  June 2024``, ``due June 2024``: a range from the start of the plan period
  (or, without a period or when the deadline comes before it, from the start
  of the deadline itself) to the deadline.
* Repeats: ``Quarterly/2013-14``, ``Monthly, 2024-25``, ``Weekly during SY
  2013-14``, and ``Review annually``, ``Twice a year``, ``Every two weeks``
  over the whole plan period.
* The plan period: ``Year 3``, ``Years 1-5`` (school years counted from the
  one the period starts in), ``Ongoing``, ``All year``, ``Throughout the
  year``.
* Milestones: several of the above separated by commas, semicolons or lines.

``2011-12`` is read as December 2011 (ISO), not as a school year, unless ``SY``
or ``school year`` is written next to it; ``2013-2015`` and ``2013-15`` are
rejected because a school year spans two years in a row. Dates must fall in
the years 1900 to 2100.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

__all__ = [
    "Kind",
    "Precision",
    "Reason",
    "Timeline",
    "TimelineError",
    "parse_month",
    "parse_timeline",
]

Precision = Literal["day", "month", "season", "year"]
Kind = Literal["day", "month", "range", "milestones", "repeat", "period"]
Reason = Literal["vague", "no-year", "invalid", "needs-period", "too-long"]

MAX_LENGTH = 500
MIN_YEAR = 1900
MAX_YEAR = 2100
# Plans run three to five years; anything far beyond is a typo, and the cap
# keeps plan-relative dates far from the limits of ``datetime.date``.
MAX_PLAN_YEAR = 50
# The year used in examples when the plan gives none: the Boston work plan,
# whose forms planctl was first built to read, is dated 2013-14.
EXAMPLE_YEAR = 2013

VAGUE_HINT = (
    "write a month and year such as 'May 2013' or '2013-05', a range such as "
    "'April-May 2013', or several dates such as 'August 2013, December 2013'"
)
PERIOD_HINT = "add `period: {start: 2024-07, end: 2025-06}` to the plan, or write dates"


@dataclass(frozen=True)
class Timeline:
    """When a step happens: the days it covers and how precisely its end is known."""

    text: str
    kind: Kind
    start: date
    end: date
    precision: Precision
    milestones: tuple[Timeline, ...] = ()
    repeat: str | None = None

    def canonical(self) -> str:
        """The timeline in an ISO-style normal form that parses back to the same days.

        A day is ``2013-05-15``, a month ``2013-05``, a calendar year ``2013``,
        any other range ``START..END`` (each end as a month when it falls on a
        month boundary, else as a day), milestones their items joined by
        ``", "``, a repeat ``quarterly 2013-07..2014-06`` and the whole plan
        period ``ongoing``.
        """
        if self.kind == "milestones":
            return ", ".join(item.canonical() for item in self.milestones)
        if self.kind == "period":
            return "ongoing"
        span = _span_text(self.start, self.end, self.precision)
        if self.kind == "repeat":
            return f"{self.repeat} {span}"
        return span


class TimelineError(ValueError):
    """A date planctl cannot place on a calendar, explained for the planner who wrote it."""

    def __init__(self, message: str, hint: str, reason: Reason) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.reason: Reason = reason


def parse_timeline(
    text: str | int,
    *,
    period: tuple[date, date] | None = None,
    school_year_start: int = 7,
) -> Timeline:
    """Read a date or timeline as a planner wrote it.

    ``period`` is the plan's first and last day; ``Ongoing``, ``Year 2``,
    ``Review annually`` and deadlines such as ``By June 2024`` are placed
    within it. ``school_year_start`` is the month (1-12) a school year begins.
    Raises :class:`TimelineError`, and nothing else, for text it cannot read;
    a ``school_year_start`` outside 1-12 is a programming error (ValueError).
    """
    if not 1 <= school_year_start <= 12:
        raise ValueError(f"school_year_start must be a month from 1 to 12, not {school_year_start}")
    found = _parse_cached(text, period, school_year_start)
    if isinstance(found, TimelineError):
        # A fresh exception each time: a cached one would collect every traceback.
        raise TimelineError(found.message, found.hint, found.reason)
    return found


@lru_cache(maxsize=8192, typed=True)
def _parse_cached(
    text: str | int, period: tuple[date, date] | None, school_year_start: int
) -> Timeline | TimelineError:
    """:func:`parse_timeline`'s answer, remembered: plans repeat the same few dates."""
    try:
        return _parse_uncached(text, period, school_year_start)
    except TimelineError as error:
        error.__traceback__ = None
        return error


def _parse_uncached(
    text: str | int, period: tuple[date, date] | None, school_year_start: int
) -> Timeline:
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        # YAML may hand over booleans or nulls; they are no more a date than "TBD".
        raise TimelineError(
            f"'{text}' is not a date planctl can place on a calendar", VAGUE_HINT, "vague"
        )
    try:
        stripped = str(text).strip()
    except ValueError:
        # An int too long to turn into text at all.
        stripped = "9" * (MAX_LENGTH + 1)
    if len(stripped) > MAX_LENGTH:
        raise TimelineError(
            f"'{stripped[:40]}…' is too long for a date ({len(stripped)} characters)",
            f"write one date, a range or a short list of dates (at most {MAX_LENGTH} characters)",
            "too-long",
        )
    if not stripped:
        raise TimelineError(
            "'' is empty, not a date planctl can place on a calendar", VAGUE_HINT, "vague"
        )
    context = _Context(period, school_year_start)
    try:
        return _parse_item(stripped, context)
    except TimelineError:
        listed = _parse_list(stripped, context)
        if listed is None:
            raise
        if isinstance(listed, TimelineError):
            raise listed from None
        return listed


def parse_month(text: str | int) -> tuple[date, date]:
    """The first and last day of one month, day or calendar year, as for a plan period's ends.

    ``2024-07`` and ``July 2024`` give July 1 and July 31, 2024; ``2024`` the
    whole year; ``2024-07-15`` that day twice. Anything wider than a month
    but not a calendar year (a range, season or school year) is rejected.
    """
    try:
        timeline = parse_timeline(text)
    except TimelineError as error:
        if error.reason != "needs-period":
            raise
        timeline = None
    if timeline is not None and (
        timeline.kind in ("day", "month")
        or _span_text(timeline.start, timeline.end, "year").isdigit()
    ):
        return timeline.start, timeline.end
    shown = str(text).strip()
    raise TimelineError(
        f"'{shown}' is not one month",
        "write one month and year, for example '2024-07' or 'July 2024'",
        "invalid",
    )


# --------------------------------------------------------------------------
# Lists of dates


def _parse_list(text: str, context: _Context) -> Timeline | TimelineError | None:
    """``text`` read as milestones, or the error of its first unreadable item.

    None when ``text`` is not a list of dates, or when no item is
    anything like a date: quoting the whole text then says more than quoting
    its first fragment ("Mid-way, final check in").
    """
    items = _split_items(text, context)
    if len(items) == 1 and items[0] != text:
        # Stray punctuation around one date: "May 2013;".
        try:
            return replace(_parse_item(items[0], context), text=text)
        except TimelineError as error:
            return error
    if len(items) < 2:
        return None
    parsed: list[Timeline] = []
    first_error: TimelineError | None = None
    all_vague = True
    for number, item in enumerate(items, start=1):
        try:
            parsed.append(_parse_item(item, context))
        except TimelineError as error:
            if error.reason != "vague":
                all_vague = False
            if first_error is None:
                first_error = _in_list(error, item, number)
        else:
            all_vague = False
    if all_vague:
        return None
    if first_error is not None:
        return first_error
    return Timeline(
        text=text,
        kind="milestones",
        start=min(item.start for item in parsed),
        end=max(item.end for item in parsed),
        precision=parsed[-1].precision,
        milestones=tuple(parsed),
    )


_ITEM_SEPARATOR = re.compile(r"([,;\n])")
_STARTS_WITH_YEAR = re.compile(r"[0-9]{4}(?![0-9])")
_HAS_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def _split_items(text: str, context: _Context) -> list[str]:
    """The items of a list of dates, keeping ``August 15, 2013`` in one piece."""
    pieces = _ITEM_SEPARATOR.split(text)
    items: list[str] = []
    separator = ""
    for index, piece in enumerate(pieces):
        if index % 2:
            separator = piece
            continue
        piece = piece.strip()
        if not piece:
            continue
        # A year after a comma may finish the date before it ("August 15,
        # 2013"), but not one that has its year already ("2013, 2014") or
        # needs none ("Ongoing, 2014"). A joined date with a mistake in it
        # ("April 31, 2014") stays joined, so the mistake is what is reported.
        if (
            items
            and separator == ","
            and _STARTS_WITH_YEAR.match(piece)
            and not _HAS_YEAR.search(items[-1])
            and _reads(f"{items[-1]}, {piece}", context)
        ):
            items[-1] = f"{items[-1]}, {piece}"
        else:
            items.append(piece)
    return items


def _reads(text: str, context: _Context) -> bool:
    """Whether ``text`` is in a form planctl reads, even one with a mistake."""
    try:
        _parse_form(text, context)
    except _NoMatch:
        return False
    except TimelineError:
        return True
    return True


def _in_list(error: TimelineError, item: str, number: int) -> TimelineError:
    """``error`` about one item, its message saying which item of the list it is."""
    quoted = f"'{item}'"
    message = error.message
    if message.startswith(quoted):
        message = f"{quoted} (the {_ordinal(number)} date){message[len(quoted) :]}"
    else:
        message = f"the {_ordinal(number)} date: {message}"
    return TimelineError(message, error.hint, error.reason)


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# --------------------------------------------------------------------------
# One item


@dataclass(frozen=True)
class _Context:
    period: tuple[date, date] | None
    school_year_start: int


class _NoMatch(Exception):
    """The text is not in any form planctl reads (as opposed to a form with a mistake)."""


def _parse_item(text: str, context: _Context) -> Timeline:
    """One date, range, repeat or period: everything but a list."""
    try:
        return _parse_form(text, context)
    except _NoMatch:
        pass
    example = _with_year(text, context)
    if example is not None:
        written, timeline = example
        raise TimelineError(
            f"'{text}' has no year",
            f"write the month and year, for example '{written}' or '{timeline.canonical()}'",
            "no-year",
        )
    raise TimelineError(
        f"'{text}' is not a date planctl can place on a calendar", VAGUE_HINT, "vague"
    )


def _with_year(text: str, context: _Context) -> tuple[str, Timeline] | None:
    """``text`` completed with a plausible year, when that is all it lacks."""
    if _HAS_YEAR.search(text):
        return None
    years = [EXAMPLE_YEAR]
    if context.period is not None:
        first = context.period[0].year
        years = [first, first + 1]
    found: tuple[str, Timeline] | None = None
    for year in years:
        if text[-1:].isdigit():
            candidates = [f"{text}, {year}", f"{text}/{year}"]
        else:
            candidates = [f"{text} {year}"]
        for candidate in candidates:
            try:
                timeline = _parse_form(candidate, context)
            except (_NoMatch, TimelineError):
                continue
            if found is None:
                found = candidate, timeline
            # Prefer the example that lands inside the plan period.
            period = context.period
            if period is None or (period[0] <= timeline.start and timeline.end <= period[1]):
                return candidate, timeline
            break
    return found


def _parse_form(text: str, context: _Context) -> Timeline:
    """One item in any form but a list; _NoMatch when it is in none of them."""
    tokens = _tokens(text)
    if not tokens:
        raise _NoMatch
    errors = _Errors(text)
    if tokens[0].kind == "by" and len(tokens) > 1 and tokens[1].text == ":":
        del tokens[1]  # "Due: June 2024"
    head = tokens[0]
    if head.kind == "ongoing" and len(tokens) == 1:
        first, last = _need_period(context, errors.whole_period())
        return Timeline(text, "period", first, last, _precision_of(last))
    repeat = _repeat_of(tokens)
    if repeat is not None:
        word, rest = repeat
        if not rest:
            first, last = _need_period(context, errors.repeat_period(word))
            return Timeline(text, "repeat", first, last, _precision_of(last), repeat=word)
        span = _Parser(rest, context, errors).target()
        return Timeline(text, "repeat", span.start, span.end, span.precision, repeat=word)
    if head.kind == "by":
        span = _Parser(tokens[1:], context, errors).target()
        start = span.start
        if context.period is not None and context.period[0] <= span.start:
            start = context.period[0]
        return Timeline(text, "range", start, span.end, span.precision)
    span = _Parser(tokens, context, errors).target()
    return Timeline(text, span.kind, span.start, span.end, span.precision)


def _need_period(context: _Context, error: TimelineError) -> tuple[date, date]:
    if context.period is None:
        raise error
    return context.period


def _repeat_of(tokens: list[_Tok]) -> tuple[str, list[_Tok]] | None:
    """The repeat word and the tokens naming its range, if the text is a repeat."""
    index = 0
    if tokens[0].kind == "word" and tokens[0].text in ("review", "reviewed", "meet", "check"):
        index = 1
    if index < len(tokens) and tokens[index].kind == "rep":
        rest = tokens[index + 1 :]
        if rest and rest[0].text in _REPEAT_CONNECTORS:
            rest = rest[1:]
            if not rest:
                raise _NoMatch
        return tokens[index].text, rest
    # "2013-14 quarterly"
    if index == 0 and len(tokens) > 1 and tokens[-1].kind == "rep":
        rest = tokens[:-1]
        if rest[-1].text in (",", "/"):
            rest = rest[:-1]
        if not rest:
            raise _NoMatch
        return tokens[-1].text, rest
    return None


_REPEAT_CONNECTORS = frozenset(
    {"/", ",", "-", "during", "in", "for", "throughout", "over", "across", "from"}
)


# --------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True)
class _Tok:
    """One piece of the text.

    ``kind`` is one of: ``day`` (y, m, d), ``ym`` (y, n, digits of n: an ISO
    month or a two-digit school year), ``yy`` (y1, y2), ``nm`` (y, m from
    ``05/2013``), ``num`` (value, digits), ``mon`` (month), ``season`` (its
    name in ``text``), ``sep`` (``-`` or ``..``), ``punct``, ``sy``, ``q`` (qualifier), ``by``,
    ``ongoing``, ``rep`` (canonical repeat word in ``text``), ``word``,
    ``other``.
    """

    kind: str
    text: str
    nums: tuple[int, ...] = ()


_LEXEME = re.compile(
    r"""
      (?P<isoday>(?P<y1>[0-9]{4})(?P<s1>[-/])(?P<m1>[0-9]{1,2})(?P=s1)(?P<d1>[0-9]{1,2}))(?![0-9])
    | (?P<usday>(?P<m2>[0-9]{1,2})/(?P<d2>[0-9]{1,2})/(?P<y2>[0-9]{4}))(?![0-9])
    | (?P<yy>(?P<y3>[0-9]{4})[-/](?P<y4>[0-9]{4}))(?![0-9])
    | (?P<ym>(?P<y5>[0-9]{4})[-/](?P<n5>[0-9]{1,2}))(?![0-9])
    | (?P<nm>(?P<m6>[0-9]{1,2})/(?P<y6>[0-9]{4}))(?![0-9])
    | (?P<num>[0-9]+)(?:st|nd|rd|th)?
    | (?P<word>[a-z]+)(?:\.(?!\.))?
    | (?P<dots>\.\.+)
    | (?P<punct>[-/,;:])
    | (?P<space>\s+|\.)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-"})

_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Each season's first month and its length in months.
_SEASONS = {"winter": (12, 3), "spring": (3, 3), "summer": (6, 3), "fall": (9, 3), "autumn": (9, 3)}

_PHRASES: dict[tuple[str, ...], tuple[str, str]] = {}


def _phrases(kind: str, text: str, *written: str) -> None:
    for phrase in written:
        _PHRASES[tuple(re.findall(r"[a-z]+|[0-9]+|-", phrase))] = (kind, text)


_phrases("sy", "sy", "sy", "school year", "school-year")
_phrases(
    "by",
    "by",
    "by",
    "due",
    "due by",
    "due on",
    "by the end of",
    "by end of",
    "no later than",
    "not later than",
    "on or before",
    "complete by",
    "completed by",
    "to be completed by",
)
_phrases(
    "q",
    "q",
    "early",
    "mid",
    "mid-",
    "late",
    "beginning of",
    "the beginning of",
    "start of",
    "the start of",
    "middle of",
    "the middle of",
    "end of",
    "the end of",
)
_phrases(
    "ongoing",
    "ongoing",
    "ongoing",
    "on-going",
    "on going",
    "all year",
    "all year long",
    "all school year",
    "throughout the year",
    "throughout the school year",
    "continuous",
    "continuously",
    "continual",
    "year-round",
    "year round",
)
_phrases("rep", "weekly", "weekly", "every week", "each week", "once a week")
_phrases(
    "rep",
    "biweekly",
    "biweekly",
    "bi-weekly",
    "bi weekly",
    "every two weeks",
    "every 2 weeks",
    "every other week",
    "fortnightly",
)
_phrases("rep", "monthly", "monthly", "every month", "each month", "once a month")
_phrases(
    "rep",
    "quarterly",
    "quarterly",
    "every quarter",
    "each quarter",
    "once a quarter",
    "every three months",
    "every 3 months",
)
_phrases(
    "rep",
    "semiannually",
    "semiannually",
    "semi-annually",
    "semi annually",
    "biannually",
    "twice a year",
    "twice yearly",
    "twice per year",
    "twice annually",
    "every six months",
    "every 6 months",
)
_phrases(
    "rep",
    "annually",
    "annually",
    "yearly",
    "each year",
    "every year",
    "once a year",
    "once per year",
)
_phrases("sep", "-", "to", "through", "thru", "-")
_LONGEST_PHRASE = max(len(phrase) for phrase in _PHRASES)


def _tokens(text: str) -> list[_Tok]:
    """The text as tokens, with known phrases folded into one token each."""
    raw: list[_Tok] = []
    for match in _LEXEME.finditer(text.lower().translate(_DASHES)):
        group = match.lastgroup
        if group == "isoday":
            raw.append(_Tok("day", match["isoday"], _ints(match, "y1", "m1", "d1")))
        elif group == "usday":
            raw.append(_Tok("day", match["usday"], _ints(match, "y2", "m2", "d2")))
        elif group == "yy":
            raw.append(_Tok("yy", match["yy"], _ints(match, "y3", "y4")))
        elif group == "ym":
            year, number = _ints(match, "y5", "n5")
            raw.append(_Tok("ym", match["ym"], (year, number, len(match["n5"]))))
        elif group == "nm":
            raw.append(_Tok("nm", match["nm"], _ints(match, "y6", "m6")))
        elif group == "num":
            digits = match["num"]
            # Long digit runs are no date; capping keeps int() cheap.
            value = int(digits) if len(digits) <= 8 else -1
            raw.append(_Tok("num", digits, (value, len(digits))))
        elif group == "word":
            raw.append(_Tok("word", match["word"]))
        elif group == "dots":
            raw.append(_Tok("sep", ".."))
        elif group == "punct":
            raw.append(_Tok("punct", match["punct"]))
        elif group == "other":
            raw.append(_Tok("other", match["other"]))
    return _fold(raw)


def _ints(match: re.Match[str], *groups: str) -> tuple[int, ...]:
    return tuple(int(match[group]) for group in groups)


def _fold(raw: list[_Tok]) -> list[_Tok]:
    folded: list[_Tok] = []
    index = 0
    while index < len(raw):
        for length in range(min(_LONGEST_PHRASE, len(raw) - index), 0, -1):
            key = tuple(token.text for token in raw[index : index + length])
            found = _PHRASES.get(key)
            if found is not None and all(
                token.kind in ("word", "num", "punct") for token in raw[index : index + length]
            ):
                folded.append(_Tok(found[0], found[1]))
                index += length
                break
        else:
            token = raw[index]
            index += 1
            if token.kind == "word":
                if token.text in _MONTHS:
                    token = _Tok("mon", token.text, (_MONTHS[token.text],))
                elif token.text in _SEASONS:
                    token = _Tok("season", token.text)
                elif token.text == "the":
                    # "the" never changes a date: "the 2013-14 school year".
                    continue
            folded.append(token)
    # A qualifier only counts before a month, season or year ("mid-April");
    # elsewhere ("mid-way") it stays, so the text does not parse.
    return [
        token
        for position, token in enumerate(folded)
        if not (
            token.kind == "q"
            and position + 1 < len(folded)
            and folded[position + 1].kind in ("mon", "season", "num", "ym", "yy", "nm", "sy", "q")
        )
    ]


# --------------------------------------------------------------------------
# Grammar


@dataclass
class _Part:
    """One end of a range as written, before years are shared between the ends."""

    unit: Literal["day", "month", "season", "year", "school-year"]
    year: int | None = None
    month: int = 1
    day: int = 1
    season: str = ""
    # A school year written after a month ("May 2013-14"): it gives each
    # month its own calendar year.
    pair: int | None = None
    # The month of a bare day on the right of "April 1-15, 2014".
    bare_day: bool = False


@dataclass(frozen=True)
class _Span:
    kind: Kind
    start: date
    end: date
    precision: Precision


class _Errors:
    """The messages for one text, each quoting it first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quoted = f"'{text}'"

    def _error(self, message: str, hint: str, reason: Reason = "invalid") -> TimelineError:
        return TimelineError(f"{self.quoted}{message}", hint, reason)

    def year_range(self, year: int) -> TimelineError:
        return self._error(
            f": year {year} is out of range",
            f"write a year from {MIN_YEAR} to {MAX_YEAR}, for example '2013-05' for May 2013",
        )

    def month(self, month: int) -> TimelineError:
        return self._error(
            f" names month {month}, but there are only 12 months",
            "write the month as a number from 1 to 12 ('2013-05' is May 2013, and '6/1/2024' "
            "is June 1, 2024: month first), or write its name, 'May 2013'",
        )

    def day(self, year: int, month: int, day: int) -> TimelineError:
        last = calendar.monthrange(year, month)[1]
        name = _MONTH_NAMES[month]
        return self._error(
            f" is not a real date: {name} {year} has {last} days, so there is no day {day}",
            f"check the day; for example '{year}-{month:02}-{last:02}' is the last day of "
            f"{name} {year}",
        )

    def not_school_year(self, first: int, second: int) -> TimelineError:
        return self._error(
            f" is not a school year: a school year runs over two years in a row, "
            f"such as {first}-{(first + 1) % 100:02}, and {second} does not follow {first}",
            f"write one school year as '{first}-{(first + 1) % 100:02}', or a longer span with "
            f"both ends, for example 'SY {first}-{(first + 1) % 100:02} - "
            f"SY {first + 1}-{(first + 2) % 100:02}' or '{first}-07..{first + 2}-06'",
        )

    def month_or_school_year(self, year: int, number: int) -> TimelineError:
        return self._error(
            f" is neither a month (there is no month {number}) nor a school year "
            f"(that would be {year}-{(year + 1) % 100:02})",
            f"write a month as '{year}-05' or a school year as '{year}-{(year + 1) % 100:02}'",
        )

    def one_year_school_year(self, year: int) -> TimelineError:
        return self._error(
            f" names one year, but a school year has two ({year}-{(year + 1) % 100:02} or "
            f"{year - 1}-{year % 100:02}?)",
            f"write both years, for example 'SY {year}-{(year + 1) % 100:02}'",
        )

    def reversed(self, first: str, last: str, hint: str = "") -> TimelineError:
        return self._error(
            f" ends before it starts: {last} comes before {first}",
            hint
            or "put the earlier date first, for example 'April-May 2013'; a range across two "
            "years needs both years, for example 'December 2003-January 2004'",
        )

    def plan_year(self, number: int) -> TimelineError:
        if number < 1:
            message = f" names year {number}, but plan years count from Year 1"
        else:
            message = f" is more than {MAX_PLAN_YEAR} years after the plan starts"
        return self._error(
            message,
            "write 'Year 1' for the school year the plan starts in, 'Year 2' for the next, "
            "or write the school year, such as '2024-25'",
        )

    def whole_period(self) -> TimelineError:
        return self._error(
            " means the whole plan period, but the plan has no period",
            PERIOD_HINT,
            "needs-period",
        )

    def plan_years(self) -> TimelineError:
        return self._error(
            " counts school years from the start of the plan period, but the plan has no period",
            PERIOD_HINT + ", for example '2024-25' for a school year",
            "needs-period",
        )

    def repeat_period(self, word: str) -> TimelineError:
        return self._error(
            " repeats over the whole plan period, but the plan has no period",
            PERIOD_HINT + f", for example '{word} 2024-25' for a school year",
            "needs-period",
        )


class _Parser:
    """A recursive-descent reader of one date, range or plan year over tokens.

    Every rule looks at most three tokens ahead and never revisits a token
    more than a fixed number of times, so reading is linear in the text.
    """

    def __init__(
        self,
        tokens: list[_Tok],
        context: _Context,
        errors: _Errors,
    ) -> None:
        self.tokens = tokens
        self.position = 0
        self.context = context
        self.errors = errors

    # -- helpers

    def _peek(self, ahead: int = 0) -> _Tok | None:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def _is(self, ahead: int, kind: str, *texts: str) -> bool:
        token = self._peek(ahead)
        return token is not None and token.kind == kind and (not texts or token.text in texts)

    def _year(self, year: int) -> int:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise self.errors.year_range(year)
        return year

    def _school_year_pair(self, first: int, second: int) -> int:
        """The first year of ``first-second`` when it is a school year; raise otherwise."""
        self._year(first)
        if second < 100:
            if second != (first + 1) % 100:
                raise self.errors.not_school_year(first, second)
        elif second != first + 1:
            raise self.errors.not_school_year(first, self._year(second))
        return first

    # -- entry points

    def target(self) -> _Span:
        """The whole token list as one plan year, date or range."""
        span = self._plan_years()
        if span is None:
            span = self._span()
        if self.position != len(self.tokens):
            raise _NoMatch
        if span.end.year > MAX_YEAR:
            # "Winter 2100" ends in 2101, a year planctl could not read back.
            raise self.errors.year_range(span.end.year)
        return span

    def _plan_years(self) -> _Span | None:
        """``Year 3``, ``Years 1-5``: school years counted from the plan period's first."""
        if not self._is(0, "word", "year", "years"):
            return None
        first = self._plan_number(1)
        if first is None:
            return None
        last = first
        self.position += 2
        if self._is(0, "sep", "-") or self._is(0, "punct", "/"):
            ahead = 2 if self._is(1, "word", "year", "years") else 1
            number = self._plan_number(ahead)
            if number is not None:
                last = number
                self.position += ahead + 1
        if self.position != len(self.tokens):
            raise _NoMatch
        period = self.context.period
        if period is None:
            raise self.errors.plan_years()
        for number in (first, last):
            if not 1 <= number <= MAX_PLAN_YEAR:
                raise self.errors.plan_year(number)
        begins = self.context.school_year_start
        base = period[0].year if period[0].month >= begins else period[0].year - 1
        if not 1 <= base <= date.max.year - MAX_PLAN_YEAR - 1:
            raise self.errors.year_range(base + last)
        start = _school_year(base + first - 1, begins)[0]
        end = _school_year(base + last - 1, begins)[1]
        if end < start:
            raise self.errors.reversed(
                f"Year {first}",
                f"Year {last}",
                "put the earlier year first, for example 'Years 1-3'",
            )
        return _Span("range", start, end, "year")

    def _plan_number(self, ahead: int) -> int | None:
        token = self._peek(ahead)
        if token is None or token.kind != "num" or token.nums[1] > 2:
            return None
        return token.nums[0]

    def _span(self) -> _Span:
        left = self._part(bare_day=False)
        if left is None:
            raise _NoMatch
        separator = self._peek()
        if separator is None:
            if left.year is None and left.pair is None:
                raise _NoMatch
            return self._single(left)
        if not (separator.kind == "sep" or (separator.kind == "punct" and separator.text == "/")):
            raise _NoMatch
        self.position += 1
        right = self._part(bare_day=left.unit == "day")
        if right is not None:
            return self._range(left, separator.text, right)
        after = self._peek()
        if (
            left.unit == "year"
            and left.year is not None
            and separator.text != ".."
            and after is not None
            and after.kind == "num"
            and after.nums[1] == 2
        ):
            # "2013 - 14": a school year written with spaces.
            self.position += 1
            first = self._school_year_pair(left.year, after.nums[0])
            return self._single(_Part("school-year", year=first))
        raise _NoMatch

    def _single(self, part: _Part) -> _Span:
        self._share_pair(part, part.pair)
        start, end, precision, _ = self._days(part)
        kind: Kind = "day" if part.unit == "day" else "month" if part.unit == "month" else "range"
        return _Span(kind, start, end, precision)

    def _range(self, left: _Part, separator: str, right: _Part) -> _Span:
        if right.bare_day:
            right.month = left.month
            if left.year is None and left.pair is None:
                left.year = right.year
                left.pair = right.pair
            elif right.year is None and right.pair is None:
                right.year = left.year
                right.pair = left.pair
        if left.unit == "year" and right.unit == "year" and separator != "..":
            # "2013 - 2014", "2013 to 2014": the school year, as "2013-2014" is.
            assert left.year is not None and right.year is not None
            begins = self._school_year_pair(left.year, right.year)
            return self._single(_Part("school-year", year=begins))
        if right.year is None and right.pair is None:
            raise _NoMatch
        if left.year is None and left.pair is None:
            # The year written once at the end belongs to both ends:
            # "April-May 2013", "August-May 2013-14".
            left.year = right.year
            left.pair = right.pair
        self._share_pair(left, left.pair)
        self._share_pair(right, right.pair)
        start, _, _, left_text = self._days(left)
        _, end, precision, right_text = self._days(right)
        if end < start:
            raise self.errors.reversed(left_text, right_text)
        return _Span("range", start, end, precision)

    def _share_pair(self, part: _Part, pair: int | None) -> None:
        """Give a month, day or season its calendar year within school year ``pair``."""
        if pair is None:
            return
        month = _SEASONS[part.season][0] if part.unit == "season" else part.month
        part.year = pair if month >= self.context.school_year_start else pair + 1

    def _days(self, part: _Part) -> tuple[date, date, Precision, str]:
        """First day, last day, precision and a description of a part with its year."""
        assert part.year is not None
        year = part.year
        if part.unit == "day":
            if not 1 <= part.month <= 12:
                raise self.errors.month(part.month)
            if not 1 <= part.day <= calendar.monthrange(year, part.month)[1]:
                raise self.errors.day(year, part.month, part.day)
            day = date(year, part.month, part.day)
            return day, day, "day", f"{_MONTH_NAMES[part.month]} {part.day}, {year}"
        if part.unit == "month":
            if not 1 <= part.month <= 12:
                raise self.errors.month(part.month)
            first, last = _month(year, part.month)
            return first, last, "month", f"{_MONTH_NAMES[part.month]} {year}"
        if part.unit == "season":
            month, length = _SEASONS[part.season]
            first = date(year, month, 1)
            end_year, end_month = divmod(year * 12 + month - 1 + length - 1, 12)
            last = _month(end_year, end_month + 1)[1]
            return first, last, "season", f"{part.season.capitalize()} {year}"
        if part.unit == "school-year":
            first, last = _school_year(year, self.context.school_year_start)
            return first, last, "year", f"school year {year}-{(year + 1) % 100:02}"
        return date(year, 1, 1), date(year, 12, 31), "year", str(year)

    # -- parts

    def _part(self, *, bare_day: bool) -> _Part | None:
        """One date as written, possibly without its year; None if none starts here."""
        token = self._peek()
        if token is None:
            return None
        kind = token.kind
        if kind == "sy":
            self.position += 1
            return self._school_year_after_sy()
        if kind == "day":
            self.position += 1
            year, month, day = token.nums
            return _Part("day", year=self._year(year), month=month, day=day)
        if kind == "ym":
            self.position += 1
            year, number, digits = token.nums
            self._year(year)
            forced = self._trailing_sy()
            is_pair = digits == 2 and number == (year + 1) % 100
            # ISO first: "2011-12" is December 2011 unless "SY" says otherwise.
            if not forced and 1 <= number <= 12:
                return _Part("month", year=year, month=number)
            if is_pair:
                return _Part("school-year", year=year)
            if forced:
                raise self.errors.not_school_year(year, number)
            raise self.errors.month_or_school_year(year, number)
        if kind == "yy":
            self.position += 1
            first = self._school_year_pair(*token.nums)
            self._trailing_sy()
            return _Part("school-year", year=first)
        if kind == "nm":
            self.position += 1
            year, month = token.nums
            return _Part("month", year=self._year(year), month=month)
        if kind == "num":
            return self._number_part(token, bare_day=bare_day)
        if kind == "mon":
            self.position += 1
            part = _Part("month", month=token.nums[0])
            if self._is(0, "num") and self._day_number(self._peek()):
                next_token = self._peek()
                assert next_token is not None
                part.unit = "day"
                part.day = next_token.nums[0]
                self.position += 1
            self._year_part(part)
            return part
        if kind == "season":
            self.position += 1
            part = _Part("season", season=token.text)
            self._year_part(part)
            return part
        return None

    def _number_part(self, token: _Tok, *, bare_day: bool) -> _Part | None:
        value, digits = token.nums
        if digits == 4:
            self.position += 1
            return _Part("year", year=self._year(value))
        if not self._day_number(token):
            return None
        ahead = 2 if self._is(1, "word", "of") else 1
        if self._is(ahead, "mon"):
            # "15 August 2013"
            month_token = self._peek(ahead)
            assert month_token is not None
            self.position += ahead + 1
            part = _Part("day", month=month_token.nums[0], day=value)
            self._year_part(part)
            return part
        if bare_day:
            self.position += 1
            part = _Part("day", day=value, bare_day=True)
            self._year_part(part)
            return part
        return None

    @staticmethod
    def _day_number(token: _Tok | None) -> bool:
        return token is not None and token.kind == "num" and token.nums[1] <= 2

    def _year_part(self, part: _Part) -> None:
        """The year after a month, day or season: ``2013``, ``, 2013``, ``/2013-14``."""
        ahead = 1 if self._is(0, "punct", ",", "/") else 0
        token = self._peek(ahead)
        if token is None:
            return
        if token.kind == "num" and token.nums[1] == 4:
            part.year = self._year(token.nums[0])
        elif token.kind == "ym":
            # After a month name "2013-14" can only be a school year.
            year, number, _ = token.nums
            part.pair = self._school_year_pair(year, number)
        elif token.kind == "yy":
            part.pair = self._school_year_pair(*token.nums)
        else:
            return
        self.position += ahead + 1
        if part.pair is not None:
            self._trailing_sy()

    def _trailing_sy(self) -> bool:
        if self._is(0, "sy"):
            self.position += 1
            return True
        return False

    def _school_year_after_sy(self) -> _Part | None:
        token = self._peek()
        if token is None:
            return None
        if token.kind == "ym":
            self.position += 1
            return _Part("school-year", year=self._school_year_pair(*token.nums[:2]))
        if token.kind == "yy":
            self.position += 1
            return _Part("school-year", year=self._school_year_pair(*token.nums))
        if token.kind == "num" and token.nums[1] == 4:
            year = self._year(token.nums[0])
            self.position += 1
            if (self._is(0, "sep", "-") or self._is(0, "punct", "/")) and self._is(1, "num"):
                second = self._peek(1)
                assert second is not None
                if second.nums[1] in (2, 4):
                    self.position += 2
                    return _Part("school-year", year=self._school_year_pair(year, second.nums[0]))
            raise self.errors.one_year_school_year(year)
        return None


# --------------------------------------------------------------------------
# Calendar arithmetic and the normal form


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _school_year(year: int, begins: int) -> tuple[date, date]:
    """The school year starting in ``year``: its first day and its last."""
    first = date(year, begins, 1)
    following = date(year + 1, begins, 1)
    return first, following - timedelta(days=1)


def _precision_of(last: date) -> Precision:
    return "month" if last.day == calendar.monthrange(last.year, last.month)[1] else "day"


def _span_text(start: date, end: date, precision: Precision) -> str:
    """``start..end`` written as briefly as parses back to the same two days."""
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    if precision == "year" and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        if start.year == end.year:
            return str(start.year)
        return f"{start.year}..{end.year}"
    by_day = precision == "day"
    first = start.isoformat() if by_day or start.day != 1 else f"{start.year:04}-{start.month:02}"
    last = end.isoformat() if by_day or not month_end else f"{end.year:04}-{end.month:02}"
    return first if first == last else f"{first}..{last}"
