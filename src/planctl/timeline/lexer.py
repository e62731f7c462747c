"""The tokens of a date as written: numbers, month and season names, and known phrases.

:func:`_tokens` lower-cases the text, reads it with one regular expression
and folds phrases such as ``school year``, ``by the end of`` or ``every two
weeks`` into one token each.
Names with a leading underscore are internal to :mod:`planctl.timeline`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class _Tok:
    """One piece of the text.

    ``kind`` is one of: ``day`` (y, m, d), ``ym`` (y, n, digits of n: an ISO
    month or a two-digit school year), ``yy`` (y1, y2: two years in a row;
    other pairs are two ``num`` tokens and the separator), ``nm`` (y, m from
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
    | (?P<yy>(?P<y3>[0-9]{4})(?P<s3>[-/])(?P<y4>[0-9]{4}))(?![0-9])
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
# "Summer School 2022" is when summer school runs: that summer.
_phrases("season", "summer", "summer school", "summer session")
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
            first, second = _ints(match, "y3", "y4")
            if second == first + 1:
                raw.append(_Tok("yy", match["yy"], (first, second)))
            else:
                # Not a school year: two years, as "October 2003 - 2012" is
                # written, so "October 2003-2012" reads the same.
                raw.append(_Tok("num", match["y3"], (first, 4)))
                raw.append(_Tok("punct", match["s3"]))
                raw.append(_Tok("num", match["y4"], (second, 4)))
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
