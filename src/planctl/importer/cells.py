"""Cell text cleaned, and read into plan values where the reading is clear.

Every reader here either returns a value planctl understands or leaves the text as written:
nothing a planner typed is dropped. What cannot be read is reported by the importer with the
cell it came from, and ``planctl validate`` then points at it in the plan file.

Decisions, in one place:

* **Whitespace.** Line breaks inside a cell are kept (a cell with two lines becomes text on two
  lines); blank lines, spaces at the ends of lines and runs of spaces are dropped; tabs become
  spaces. Non-breaking spaces, smart quotes and other characters are kept exactly as typed.
  Control characters (Word's manual line and page breaks become line breaks) are dropped.
* **Owners** are split at line breaks, ``;``, ``,``, ``&``, " and ", "and/or", " w/" and ``/``
  (outside parentheses), so "Shakera Walker/Chason Ishino" and "OEE/ODA" are two owners each,
  as the people who wrote them meant. A ``/`` next to a single letter ("N/A", "P/Hm") does not
  split. Repeated names are kept once. An owner that may be several names run together ("Ana
  Lopez Ben Cruz", "OEE ODA") is kept as written and listed as unsure (:func:`run_together`).
* **Lists** (resources, tags, a district's list fields) are split at line breaks, ``;`` and
  ``,``. No cell is ever split inside a number: "$4,500 Title I" is one item, and so are
  "$1,000.00" and "4,500 dollars" (a comma or ``/`` between two digits is part of the number).
* **Timelines** are read with :func:`planctl.timeline.parse_timeline`. Several dates on
  separate lines, or a list planctl reads as milestones ("August/2013, December/2013"),
  become ``dates:``; one date becomes ``due:``; "2027-06 (quarterly)" becomes ``due`` and
  ``repeat``. Text planctl cannot place on a calendar is kept as written.
* **School years** in a title ("2026-2027 School Improvement Plan", "SY 2026-27") give the
  plan's period when the document states none: from the template's first month (July) to the
  month before it a year later (``2026-07`` to ``2027-06``).
* **Measures** written as one sentence with a baseline and a target ("Because no more than 75%
  of schools had a full TLT, at least 85% of schools will have a full TLT in place by August
  20th") become ``{source, baseline, target: {value, by}, unit: "%", note}`` with the sentence
  kept in ``note``; the cell's other lines are the ``source``. Anything else stays text.
* **Costs** that are one clean amount ("$ 153,000", "$394,088.00", "$12,000 (Title II)")
  become a number (with ``funding`` from the parentheses); anything else is not a cost
  planctl can add up and is kept in ``comments``.
* **Statuses** in words ("Done", "In progress", "Completed", "On hold") become planctl's status
  words; a template's own words ("On target") and unknown words are kept as written.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from planctl.template import PlanTemplate
from planctl.timeline import TimelineError, parse_timeline
from planctl.vocabulary.money import parse_amount, plain_number

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t]+")

REPEATS = ("weekly", "monthly", "quarterly", "semiannually", "annually")


def clean(text: str) -> str:
    """Cell text with line breaks kept and whitespace tidied; see the module's notes."""
    text = _CONTROL.sub("", _BREAKS.sub("\n", text))
    lines = (_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


# --------------------------------------------------------------------------- lists and owners

_OWNER_SEPARATOR = re.compile(
    r"\s*(?:\n|;|,|&|\band/or\b|\s+and\s+|\s+w/\s*|^w/\s*|(?<!\b\w)/(?!\w\b))\s*",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"\s*(?:\n|;|,)\s*")


def _inside_number(text: str, match: re.Match[str]) -> bool:
    """Whether ``match`` is one character between two digits: "4,500", "1/2", never a separator.

    A comma between digits is a thousands separator ("$4,500") or a decimal comma ("4,50 €"):
    splitting there would turn one amount into two numbers that mean something else.
    """
    start, end = match.start(), match.end()
    return (
        end - start == 1
        and start > 0
        and end < len(text)
        and text[start - 1].isdigit()
        and text[end].isdigit()
    )


def _split(text: str, separator: re.Pattern[str], *, unique: bool = False) -> list[str]:
    """``text`` split at ``separator``, except inside parentheses or a number; in order.

    With ``unique``, an item repeated (in any case) is kept once.
    """
    depth = 0
    depths: list[int] = []
    for char in text:
        depths.append(depth)
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
    pieces: list[str] = []
    start = 0
    for match in separator.finditer(text):
        if match.end() == match.start() or depths[match.start()] or _inside_number(text, match):
            continue
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    seen: set[str] = set()
    items: list[str] = []
    for piece in pieces:
        item = piece.strip()
        if item and not (unique and item.casefold() in seen):
            seen.add(item.casefold())
            items.append(item)
    return items


def split_owners(text: str) -> list[str]:
    """People and teams named in a cell: "Shakera Walker/Chason Ishino" is two."""
    return _split(text, _OWNER_SEPARATOR, unique=True)


_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_RUN_TOGETHER = re.compile(r"[^\W\d_A-Z]{3}[A-Z]")
NAMES_IN_A_ROW = 4
"""Capitalised words in one owner from which it may be several names run together."""


def run_together(owner: str) -> bool:
    """Whether one owner may be several names written without a separator.

    "Shakera Walker Chason Ishino" (four or more capitalised words), "Shakera WalkerChason
    Ishino" (a name's end run into the next) and "OEE ODA" (two abbreviations side by side)
    cannot be split safely, so they are kept as written and reported for the planner to check.
    Text in parentheses does not count ("Lena Fischer (Principal, Cedar Hill)" is one).
    """
    bare = re.sub(r"\([^()]*\)", " ", owner)
    words = _WORD.findall(bare)
    if len(words) >= NAMES_IN_A_ROW and all(word[0].isupper() for word in words):
        return True
    if any(_RUN_TOGETHER.search(word) for word in words):
        return True
    abbreviations = [sum(char.isalpha() for char in word) >= 2 and word.isupper() for word in words]
    return any(first and second for first, second in itertools.pairwise(abbreviations))


def split_list(text: str) -> list[str]:
    """Items of a list cell (resources, tags): split at line breaks, ``;`` and ``,``.

    A comma inside a number ("$4,500") does not split, and every item is kept, a repeated one
    too ("$500; $500" is two purchases).
    """
    return _split(text, _LIST_SEPARATOR)


# --------------------------------------------------------------------------- timelines


@dataclass
class Reading:
    """Fields read from one cell, and the texts in it planctl could not read."""

    fields: dict[str, Any] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)


def readable(text: str, school_year_start: int = 7) -> bool:
    """Whether planctl can place ``text`` on a calendar (given the plan's period)."""
    try:
        parse_timeline(text, school_year_start=school_year_start)
    except TimelineError as error:
        # "Ongoing" and "Year 2" read once the plan has a period: not the cell's fault.
        return error.reason == "needs-period"
    return True


def read_due(text: str, school_year_start: int = 7) -> Reading:
    """A timeline cell as ``due``, ``dates`` and ``repeat``; unread texts are kept as written."""
    lines = text.split("\n")
    if len(lines) > 1:
        return Reading(
            {"dates": lines}, [line for line in lines if not readable(line, school_year_start)]
        )
    repeated = re.fullmatch(r"(.*\S)\s*\((" + "|".join(REPEATS) + r")\)", text, re.IGNORECASE)
    if repeated:
        due = repeated.group(1)
        unread = [] if readable(due, school_year_start) else [due]
        return Reading({"due": due, "repeat": repeated.group(2).lower()}, unread)
    if text.casefold() in REPEATS:
        return Reading({"repeat": text.casefold()})
    try:
        timeline = parse_timeline(text, school_year_start=school_year_start)
    except TimelineError as error:
        if error.reason == "needs-period":
            return Reading({"due": text})
        parts = _split(text, re.compile(r"\s*[,;]\s*"))
        if len(parts) > 1 and any(readable(part, school_year_start) for part in parts):
            return Reading(
                {"dates": parts}, [part for part in parts if not readable(part, school_year_start)]
            )
        return Reading({"due": text}, [text])
    if timeline.kind == "milestones" and len(timeline.milestones) > 1:
        return Reading({"dates": [item.text for item in timeline.milestones]})
    return Reading({"due": text})


# --------------------------------------------------------------------------- school years

_SCHOOL_YEAR = re.compile(r"(?<![\w/.-])((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)?\d\d)(?![\w/.-])")


def school_year(text: str) -> tuple[int, str] | None:
    """The first year of the school year a title names ("2026-2027 School Improvement Plan",
    "SY 2026-27", "2026/27"), and the words that name it; ``None`` when it names none.

    Two years in a row only: "2024-2027" is a span of years, not a school year, and "2026-07"
    a month. A title naming several school years names no one of them.
    """
    found: dict[int, str] = {}
    for match in _SCHOOL_YEAR.finditer(text):
        first, second = int(match.group(1)), match.group(2)
        following = first + 1 if len(second) == 4 else (first + 1) % 100
        if int(second) == following:
            found.setdefault(first, match.group(0))
    if len(found) != 1:
        return None
    return next(iter(found.items()))


def school_year_period(first: int, start_month: int) -> tuple[str, str]:
    """The plan period of the school year beginning in ``first``: ``("2026-07", "2027-06")``.

    The year runs from the template's first month to the month before it, a year later.
    """
    end_year, end_month = (first + 1, start_month - 1) if start_month > 1 else (first, 12)
    return f"{first}-{start_month:02d}", f"{end_year}-{end_month:02d}"


# --------------------------------------------------------------------------- measures

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b)", re.IGNORECASE)
_BASELINE_CUE = re.compile(
    r"\b(because|no more than|not more than|fewer than|less than|only|currently|last year|"
    r"baseline (?:of|is|was)|from)\b",
    re.IGNORECASE,
)
_TARGET_CUE = re.compile(r"\b(will|target|at least|goal|to)\b", re.IGNORECASE)
_BY = re.compile(r"\bby\s+([^,;]+?)\s*\.?\s*$", re.IGNORECASE)


def _number(text: str) -> int | float:
    return plain_number(float(text))


def _sentence(line: str) -> dict[str, Any] | None:
    """Baseline and target of a sentence such as "Because no more than 75% ... at least 85%"."""
    found = list(_PERCENT.finditer(line))
    if len(found) != 2:
        return None
    first, second = found
    if not _BASELINE_CUE.search(line[: first.start()]):
        return None
    if not _TARGET_CUE.search(line[first.end() : second.start()]):
        return None
    baseline = _number(first.group(1))
    value = _number(second.group(1))
    by = _BY.search(line[second.end() :])
    target: Any = {"value": value, "by": by.group(1)} if by else value
    return {"baseline": baseline, "target": target, "unit": "%", "note": line}


def read_measure(text: str) -> str | dict[str, Any]:
    """A measure cell: a mapping when one line is a baseline-and-target sentence, else text."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        parts = _sentence(line)
        if parts is None:
            continue
        others = [other for number, other in enumerate(lines) if number != index]
        if others:
            return {"source": "; ".join(others), **parts}
        return parts
    return text


# --------------------------------------------------------------------------- costs


def read_cost(text: str, currency: str = "USD") -> int | float | dict[str, Any] | None:
    """One clean amount ("$ 153,000", "$394,088.00", "$12,000 (Title II)"), or ``None``."""
    found = parse_amount(text, currency)
    if found is None:
        return None
    amount, funding = found
    return {"amount": amount, "funding": funding} if funding else amount


# --------------------------------------------------------------------------- statuses


_TASKS_COUNT = re.compile(r"\n?(\d+ of \d+ tasks? done(?: \(\d+%\))?)\s*$")


def split_tasks_count(text: str) -> tuple[str, str]:
    """A status cell's status, and the tasks count a planctl packet writes under it.

    ``"Done\n3 of 3 tasks done"`` is ``("Done", "3 of 3 tasks done")``; a cell
    with no such line is itself and ``""``.
    """
    found = _TASKS_COUNT.search(text)
    if found is None:
        return text, ""
    return text[: found.start()].strip(), found.group(1)


def read_status(text: str, template: PlanTemplate) -> tuple[str, bool]:
    """The status to write, and whether planctl knows it.

    A district's own word is kept as written; any other spelling of a status
    ("In Progress", "Stalled") becomes its standard word (``in-progress``).
    """
    if template.district_status(text) is not None:
        return text, True
    status = template.resolve_status(text)
    return (status, True) if status is not None else (text, False)


def read_number(text: str) -> int | float | None:
    """A number written plainly ("12", "1,200", "3.5"), or ``None``."""
    match = re.fullmatch(r"-?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?", text.strip())
    if match is None:
        return None
    return _number(text.strip().replace(",", ""))
