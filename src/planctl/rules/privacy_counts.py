"""A published plan does not give small counts of students.

Student-privacy law (FERPA) and state reporting rules suppress counts of
fewer than 10 students (some states 5) before anything is published: "3 of
the 4 students with disabilities in grade 5" identifies them to everyone who
knows the school. This rule finds counts of students below the threshold in
every published text and measure: "n=3", "(n = 7)", "3 of 4 students",
"two students", "3 students with disabilities", a percentage with its small
count ("50% (2 of 4)", "75% of 8 students"), and a measure counted in
students whose baseline or actual is below the threshold.

Counts of other things ("10 teachers", "3 PLC meetings", "3 times a year"),
grades and tiers ("Grade 3 students", "Tier 2", "K-8 students"), group sizes
("groups of 4 students", "5 students per group") and counts already
suppressed ("fewer than 10 students") pass. The threshold is ``[privacy]
threshold`` in ``planctl.toml`` (default 10). A privacy rule: it runs only
when the plan is published (``validate --public``, ``render --public``,
``site``).

Fails:
    planctl: 1
    goals:
      - title: Literacy
        steps:
          - action: Tutor students with disabilities in grade 5
            updates:
              - date: 2025-01-10
                note: 3 of the 4 students with disabilities in grade 5 met the benchmark.

Passes:
    planctl: 1
    goals:
      - title: Literacy
        measure: Grade 3 students meeting the ELA standard rise from 61% to 75% by 2027
        steps:
          - action: Hold 3 PLC meetings a term for 10 teachers
            due: 2025-05
            outcome: Fewer than 10 students with disabilities in grade 5 took the benchmark
            measure: PLC minutes show 3 meetings a term
            owners: Maria Lopez
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.model.plan import Measure
from planctl.problem import Severity
from planctl.rules._privacy import GROUP as GROUP
from planctl.rules._privacy import (
    allowed,
    is_allowed,
    quoted,
    texts,
    threshold,
    word_list,
    word_set,
)
from planctl.rules.base import Finding, RuleContext

ID = "privacy-small-count"
NAME = "No small counts of students"
SUMMARY = "Published text gives no count of fewer students than the privacy threshold (n=3)."
SEVERITY = Severity.ERROR

NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        word_list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen"
            " fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}

_NUM = r"(?:\d{1,4}|" + "|".join(NUMBER_WORDS) + r")"
# A count: not part of a longer number, a range (K-5, 3-5), money, a ratio or a decimal.
_COUNT = rf"(?<![\w$.,/:=–-]){_NUM}(?![\w%]|[.,:/–-]\w)"
_NOUN = r"(?:students?|pupils?|children|child|kids?|learners?|youths?|SWDs?|ELLs?|ELs|boys|girls)"
COUNT = re.compile(
    rf"(?P<count>{_COUNT})"
    rf"(?:\s+(?:out\s+)?of\s+(?:the\s+|our\s+|these\s+)?(?P<total>{_COUNT}))?"
    rf"(?P<between>(?:\s+[\w'’-]+){{0,2}}?)"
    rf"\s+(?P<noun>{_NOUN}(?:\s+(?:students|learners|pupils))?)(?![\w-])",
    re.IGNORECASE,
)
N_EQUALS = re.compile(r"(?<![\w])n\s*=\s*(?P<count>\d{1,4})(?![\d.,]\d)", re.IGNORECASE)
PERCENT_OF = re.compile(
    # Not inside a longer number: a run of digits would make it backtrack over the run.
    rf"(?<![\d.])\d+(?:\.\d+)?\s*%\s*\(\s*(?P<count>{_COUNT})"
    rf"\s*(?:out\s+of|of|/)\s*(?P<total>{_COUNT})\s*\)",
    re.IGNORECASE,
)
FRACTION = re.compile(
    rf"(?<![\w/.-])(?P<count>\d{{1,4}})\s*/\s*(?P<total>\d{{1,4}})(?![\w/.-])\s+(?P<noun>{_NOUN})\b",
    re.IGNORECASE,
)

# Words before a number that make it a grade, a tier, a name or a limit rather than a count.
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?:grades?|gr|tier|tiers|level|levels|years?|period|unit|room|cohort|section|phase"
    r"|step|goal|objective|strategy|page|chapter|part|lesson|module|week|day|no|number|title"
    r"|groups?\s+of|ratio\s+of|maximum\s+of|minimum\s+of|caseloads?\s+of|up\s+to|no\s+more\s+than"
    r"|at\s+most|max|min|fewer\s+than|less\s+than|under|below|at\s+least|more\s+than|over"
    r"|every|each|per|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?|#)\s*$",
    re.IGNORECASE,
)
# A list of grades or tiers ("grades 4 and 5 students") and a rate ("1 in 5 students").
_LIST_OR_RATE_BEFORE = re.compile(
    r"(?:\b(?:grades|tiers|levels)\s+(?:\w+\s*(?:,|and|&|or|through|to)\s*)+"
    r"|\b(?:grade|gr|tier|level)\.?\s+\w+\s*(?:and|&|or|through|to)\s*"
    rf"|{_NUM}\s+in\s+)$",
    re.IGNORECASE,
)
# Words after the student word that make the number a group size or a rate.
_NOT_A_COUNT_AFTER = re.compile(
    r"^\s*(?:per\b|each\b|at\s+a\s+time\b|a\s+time\b|to\s+(?:a|one|each)\b|in\s+(?:a|each|every)\s+"
    r"(?:group|class|session|section)\b)",
    re.IGNORECASE,
)
# Words between the number and the student word that make it a count of something else.
_NOT_BETWEEN = word_set(
    "with for of to and or by in on at from about per than who that the a an as their our"
)
_S_WORDS = frozenset({"homeless", "gifted", "various", "previous", "less", "unless", "dangerous"})
HINT = "write 'fewer than {n} students' (or the percentage without the count)"


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each count of fewer students than the threshold in published text and measures."""
    limit = threshold(context)
    allow = allowed(context)
    for found in texts(context):
        for phrase in small_counts(found.text, limit):
            if is_allowed(phrase, allow):
                continue
            yield Finding(
                path=found.path,
                message=(
                    f"'{quoted(phrase)}' counts fewer than {limit} students;"
                    " published, it can identify them"
                ),
                hint=HINT.format(n=limit),
                node=found.node,
                where=found.where,
                phrase=phrase,
            )
    for item in context.measures:
        measure = item.measure
        if not isinstance(measure, Measure) or not _counts_students(measure.unit):
            continue
        values = []
        if measure.baseline is not None:
            value = getattr(measure.baseline, "value", measure.baseline)
            values.append(((*item.path, "baseline"), value))
        values.extend(
            ((*item.path, "actuals", index, "value"), actual.value)
            for index, actual in enumerate(measure.actuals)
        )
        for path, value in values:
            count = _number(value)
            if count is not None and 0 < count < limit:
                yield Finding(
                    path=path,
                    message=(
                        f"{count:g} {measure.unit} is a count of fewer than {limit} students;"
                        " published, it can identify them"
                    ),
                    hint=f"report it as 'fewer than {limit}', or as a percentage of a larger group",
                    node=item.node,
                )


def small_counts(text: str, limit: int) -> list[str]:
    """The phrases of ``text`` that count fewer than ``limit`` students, in order."""
    found: list[tuple[int, str]] = []
    for match in N_EQUALS.finditer(text):
        if 0 < int(match["count"]) < limit:
            found.append((match.start(), match[0]))
    for match in PERCENT_OF.finditer(text):
        if _small(match["count"], limit) or _small(match["total"], limit):
            found.append((match.start(), match[0]))
    for match in FRACTION.finditer(text):
        if _small(match["count"], limit) or _small(match["total"], limit):
            found.append((match.start(), match[0]))
    position = 0
    while (counted := COUNT.search(text, position)) is not None:
        if _is_count(text, counted, limit):
            found.append((counted.start(), counted[0]))
            position = counted.end()
        else:
            # "3 and 4 students" is not a count of 3; the 4 after it may be.
            position = counted.start() + 1
    return [phrase for _, phrase in sorted(found)]


def _is_count(text: str, match: re.Match[str], limit: int) -> bool:
    count, total = match["count"], match["total"]
    if not (_small(count, limit) or (total is not None and _small(total, limit))):
        return False
    before = text[max(0, match.start() - 40) : match.start()]
    if _NOT_A_COUNT_BEFORE.search(before) or _LIST_OR_RATE_BEFORE.search(before):
        return False
    if _NOT_A_COUNT_AFTER.match(text[match.end() :]):
        return False
    for word in match["between"].split():
        folded = word.casefold()
        if folded in _NOT_BETWEEN or _value(word) is not None:
            return False
        # A plural noun between ("3 PLC meetings", "2 parent nights") is what is counted.
        if word.islower() and folded.endswith("s") and folded not in _S_WORDS:
            return False
    noun = match["noun"].casefold()
    # "2 student teachers", "3 child care slots": a singular student word is an adjective.
    return not (noun in ("student", "pupil", "child", "kid", "learner") and _value(count) != 1)


def _small(written: str | None, limit: int) -> bool:
    value = _value(written)
    return value is not None and 0 < value < limit


def _value(written: str | None) -> int | None:
    if written is None:
        return None
    if written.isdigit():
        return int(written)
    return NUMBER_WORDS.get(written.casefold())


def _counts_students(unit: str | None) -> bool:
    return unit is not None and re.search(r"student|pupil|child|learner", unit, re.I) is not None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and value.strip().isdigit():
        return float(value.strip())
    return None
