"""Reading a timeline: :func:`parse_timeline`, :func:`parse_month`, lists of dates and one item.

A text is read as one item (a date, range, repeat, deadline or the plan
period) and, failing that, as a list of items; answers are cached because
plans repeat the same few dates.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from planctl.timeline.grammar import _Context, _NoMatch, _Parser
from planctl.timeline.lexer import _Tok, _tokens
from planctl.timeline.messages import _Errors
from planctl.timeline.model import (
    EXAMPLE_YEAR,
    MAX_LENGTH,
    Timeline,
    TimelineError,
    _precision_of,
    _school_year,
    _span_text,
    vague_hint,
)


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
            f"'{text}' is not a date planctl can place on a calendar", vague_hint(period), "vague"
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
            "'' is empty, not a date planctl can place on a calendar", vague_hint(period), "vague"
        )
    context = _Context(period, school_year_start)
    try:
        return _parse_item(stripped, context)
    except TimelineError:
        listed = _parse_years_in_brackets(stripped, context) if "(" in stripped else None
        if listed is None:
            listed = _parse_list(stripped, context)
        if listed is None:
            raise
        if isinstance(listed, TimelineError):
            raise listed from None
        return listed


def parse_period_end(text: str | int, school_year_start: int = 7) -> tuple[date, date]:
    """The first and last day an end of a plan period names.

    As :func:`parse_month` (a month, a day or a calendar year), and also a
    school year in any spelling (``SY 2021-22``, ``2021-2022``, ``2016 – 2017
    School Year``, ``21-22``): the template's first month (``school_year_start``)
    to the month before it a year later.
    """
    try:
        return parse_month(text)
    except TimelineError as error:
        try:
            timeline = parse_timeline(text, school_year_start=school_year_start)
        except TimelineError:
            timeline = None
        if timeline is not None and timeline.kind == "range" and timeline.precision == "year":
            school_year = _school_year(timeline.start.year, school_year_start)
            if (timeline.start, timeline.end) == school_year and not timeline.year_only:
                return school_year
        if error.reason != "invalid":
            raise
        shown = str(text).strip()
        raise TimelineError(
            f"'{shown}' is not one month or one school year",
            "write one month and year, for example '2024-07' or 'July 2024', or a school year "
            "such as 'SY 2024-25'",
            "invalid",
        ) from None


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
    items = _carry_over(_split_items(text, context), context)
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
        year_only=any(item.year_only for item in parsed),
    )


_BARE_YEAR = re.compile(r"[0-9]{4}")
_HEAD_AND_YEAR = re.compile(r"(?P<head>[^0-9]*[a-zA-Z][^,;]*?)[\s,/]*(?P<year>[0-9]{4})")


def _carry_over(items: list[str], context: _Context) -> list[str]:
    """Bare years after a season, month or day take it over: ``Summer 2022, 2023, 2024``.

    ``2023`` there means Summer 2023, not the whole year.
    """
    carried: list[str] = []
    head: str | None = None
    for item in items:
        if head is not None and _BARE_YEAR.fullmatch(item):
            carried.append(f"{head} {item}")
            continue
        carried.append(item)
        head = _yearless_head(item, context)
    return carried


def _yearless_head(item: str, context: _Context) -> str | None:
    """``Summer`` of ``Summer 2022``: what comes before the year of a season, month or day."""
    match = _HEAD_AND_YEAR.fullmatch(item)
    if match is None or _HAS_YEAR.search(match["head"]):
        return None
    try:
        timeline = _parse_form(item, context)
    except (_NoMatch, TimelineError):
        return None
    if timeline.kind in ("day", "month") or timeline.precision == "season":
        return match["head"].strip()
    return None


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_YEARS_IN_BRACKETS = re.compile(
    r"(?P<head>[^()]*?)\s*\(\s*(?:(?P<count>[0-9]{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+(?:school\s+)?years?\s*[:,-]?\s*)?(?P<items>[^()]*?)\s*\)\s*[.;]?",
    re.IGNORECASE,
)


def _parse_years_in_brackets(text: str, context: _Context) -> Timeline | TimelineError | None:
    """``Summer School (3 years: 2022, 2023, 2024)``: the season, month or day in each year.

    Without words before the brackets, the items are read as they are:
    ``(3 years: 21-22, 22-23, 23-24)``. None when ``text`` is not in this form.
    """
    match = _YEARS_IN_BRACKETS.fullmatch(text)
    if match is None or not match["items"]:
        return None
    items = [item.strip() for item in re.split(r"[,;]|\band\b", match["items"]) if item.strip()]
    head = match["head"].strip()
    if head:
        if not all(_BARE_YEAR.fullmatch(item) for item in items):
            return None
        items = [f"{head} {item}" for item in items]
    if len(items) == 1:
        try:
            listed: Timeline | TimelineError | None = _parse_item(items[0], context)
        except TimelineError:
            listed = None
    else:
        listed = _parse_list("; ".join(items), context)
    if not isinstance(listed, Timeline):
        # Not dates after all: the whole text's own reading (and error) stands.
        return None
    count = match["count"]
    if count is not None:
        named = int(count) if count.isdigit() else _NUMBER_WORDS.index(count.lower()) + 1
        if named != len(items):
            return TimelineError(
                f"'{text}' names {named} years but lists {len(items)}",
                "list one year for each, or correct the number of years",
                "invalid",
            )
    return replace(listed, text=text)


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
        f"'{text}' is not a date planctl can place on a calendar",
        vague_hint(context.period),
        "vague",
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
    errors = _Errors(text, context.period)
    if tokens[0].kind == "by" and len(tokens) > 1 and tokens[1].text == ":":
        del tokens[1]  # "Due: June 2024"
    head = tokens[0]
    if head.kind == "ongoing" and len(tokens) == 1:
        first, last = _need_period(context, errors.whole_period())
        return Timeline(text, "period", first, last, _precision_of(last))
    yearly = _yearly(text, tokens, context, errors)
    if yearly is not None:
        return yearly
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
        return Timeline(text, "range", start, span.end, span.precision, year_only=span.year_only)
    span = _Parser(tokens, context, errors).target()
    return Timeline(text, span.kind, span.start, span.end, span.precision, year_only=span.year_only)


# Words around a yearly date: "By March 30 of each year", "Annually in May", "Each fall".
_YEARLY_CONNECTORS = frozenset({"in", "on", "during", "of", "by", ",", "/"})


def _yearly(text: str, tokens: list[_Tok], context: _Context, errors: _Errors) -> Timeline | None:
    """A day, month or season with no year repeated each school year of the plan period.

    ``By March 30 of each year``, ``By November of each year``, ``Annually
    in May``, ``Each fall``, ``every May``: each occurrence inside the plan
    period is a milestone. None when ``tokens`` are in no such form.
    """
    rest = tokens[1:] if tokens[0].kind == "by" else tokens
    if not rest:
        return None
    if rest[0].kind == "rep" and rest[0].text == "annually":
        rest = rest[1:]
        while rest and rest[0].text in _YEARLY_CONNECTORS:
            rest = rest[1:]
    elif rest[-1].kind == "rep" and rest[-1].text == "annually":
        rest = rest[:-1]
        while rest and rest[-1].text in _YEARLY_CONNECTORS:
            rest = rest[:-1]
    elif rest[0].kind == "word" and rest[0].text in ("each", "every"):
        rest = rest[1:]
    else:
        return None
    if not rest:
        return None
    found = _Parser(rest, context, errors).yearly()
    if found is None:
        return None
    every, days = found
    occurrences = tuple(
        Timeline(
            words,
            "day" if precision == "day" else "month" if precision == "month" else "range",
            first,
            last,
            precision,
        )
        for first, last, precision, words in days
    )
    return Timeline(
        text,
        "yearly",
        occurrences[0].start,
        occurrences[-1].end,
        occurrences[-1].precision,
        milestones=occurrences,
        repeat="annually",
        every=every,
    )


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
