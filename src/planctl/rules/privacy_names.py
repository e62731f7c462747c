"""A published plan does not name students.

Update notes and comments written for the team ("Jayden Smith, a grade 4
student, moved up two reading levels") name students; published, the plan
tells the whole district. This rule finds a capitalised name written next to
a word for a student: "the student Jayden", "Jayden Smith, a grade 4
student", "Mia is a third grader", "Jayden's mother", "Jayden and his
parents", "Mia met her IEP goals".

A name on the roster (the plan's ``people:`` and the repository's shared
roster), or of an owner or the author of an update, is staff and passes, as
do school and programme names ("Lincoln Elementary students", "Title I
students", "Reading Recovery students"), months and the words that begin a
sentence. A name written before "students" ("Lincoln students") is taken as
a school's. Texts listed in ``[privacy] allow`` of ``planctl.toml`` pass.
A privacy rule: it runs only when the plan is published (``validate
--public``, ``render --public``, ``site``).

Fails:
    planctl: 1
    goals:
      - title: Literacy
        steps:
          - action: Tutor struggling readers
            updates:
              - date: 2025-01-10
                note: Jayden Smith, a grade 4 student, moved up two reading levels.

Passes:
    planctl: 1
    people:
      - name: Maria Lopez
    goals:
      - title: Literacy
        measure: Grade 3 students meeting the ELA standard rise from 61% to 75% by 2027
        steps:
          - action: Tutor Lincoln Elementary students in Reading Recovery
            due: 2025-05
            outcome: Maria Lopez met with Title I students and their families
            measure: Reading Recovery exit rate
            owners: Maria Lopez
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.problem import Severity
from planctl.rules._privacy import GROUP as GROUP
from planctl.rules._privacy import allowed, is_allowed, plan_words, roster_words, texts, word_set
from planctl.rules.base import Finding, RuleContext

ID = "privacy-student-name"
NAME = "No students' names"
SUMMARY = "Published text names no student (a name next to student, pupil, child, his, her)."
SEVERITY = Severity.ERROR

_PART = r"[A-Z](?:[a-z]+(?:[A-Z][a-z]+)?|['’][A-Z][a-z]+)(?:-[A-Z][a-z]+)?"
_NAME = rf"(?P<name>{_PART}(?:[ \t]+{_PART})?)"
_FAMILY = (
    r"(?:mother|father|mom|dad|mum|parents?|guardians?|family|grandmother|grandfather"
    r"|grandparents?|siblings?|brother|sister|aunt|uncle|foster\s+parents?)"
)
_STUDENT = (
    r"(?:student|pupil|child|learner|kid|kindergartn?er|(?:first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))[ -]grader|freshman"
    r"|sophomore|senior|junior)"
)
_ABOUT = (
    rf"(?:{_FAMILY}|IEP|504(?:\s+plan)?|behaviou?r(?:\s+plan)?|classmates?|homework"
    r"|reading\s+level|test\s+scores?|report\s+card|attendance|tutor|case\s+manager)"
    # "family engagement", "parent nights": the school's work with families, not one family.
    r"(?![ \t]+(?:engagement|nights?|literacy|services|center|centre|liaisons?|involvement"
    r"|partnerships?|outreach|resources?|conferences?|surveys?|events?|workshops?|programs?"
    r"|academy|university|council|association|organi[sz]ations?|groups?|rates?|teams?|staff"
    r"|committee|office|data|policy|policies)\b)"
)
PATTERNS: tuple[re.Pattern[str], ...] = (
    # "the student Jayden Smith", "pupil Mia", "a child named Jayden"
    re.compile(
        rf"\b(?:student|pupil|child|learner|kid|son|daughter)s?[ \t]+(?:named[ \t]+|called[ \t]+)?"
        rf"{_NAME}"
    ),
    # "Jayden Smith, a grade 4 student", "Jayden (grade 3 student)", "Mia - a third grader"
    re.compile(
        rf"{_NAME}[ \t]*(?:(?:,|–|—|-)[ \t]*(?:a|an|our)[ \t]+|\([ \t]*(?:(?:a|an)[ \t]+)?)"
        rf"(?:[\w-]+[ \t]+){{0,2}}?{_STUDENT}\b"
    ),
    # "Jayden is a fifth-grade student", "Mia was a third grader"
    re.compile(
        rf"{_NAME}[ \t]+(?:is|was)[ \t]+(?:a|an|our)[ \t]+(?:[\w-]+[ \t]+){{0,2}}?{_STUDENT}\b"
    ),
    # "Jayden's mother", "Mia's IEP"
    re.compile(rf"{_NAME}['’]s[ \t]+{_ABOUT}\b"),
    # "Jayden and his parents", "Mia met her IEP goals", "Jayden improved his attendance"
    re.compile(rf"{_NAME}[ \t]+(?:[a-z]+[ \t]+){{0,2}}?(?:his|her|their)[ \t]+{_ABOUT}\b"),
)
BETWEEN_CHECKED = (1, 2)
"""The patterns (by index) whose words between the name and the student word are checked."""
# Words between the name and the student word that make it something else than a person.
_STOP_BETWEEN = word_set(
    "where who which that with for of to and or by in on at from whose whom than school"
)
TITLES = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Mx|Dr|Miss|Prof|Principal|Superintendent|Coach|Dean|Director|Counselor"
    r"|Teacher|teacher|principal|coach|counselor|director|superintendent|Sr|Sra|Srta)\.?[ \t]*)$"
)
# Capitalised words that are not given names or surnames in a school plan.
NOT_NAMES = word_set(
    """
    the this that these those all each every our we they he she his her its their it in on at by
    for with after before during when while if as a an and but or no not one two three four five
    six seven eight nine ten some many most more few several any both either our my your
    student students pupil pupils child children kid kids learner learners teacher teachers staff
    parent parents family families school schools elementary middle high junior senior academy
    district county state city community charter public primary secondary intermediate campus
    title tier grade grades level reading recovery math maths mathematics english spanish french
    science history arts art music ela esl ell literacy numeracy writing language program
    programme programs team teams council center centre services service support success special
    education gifted talented head start early college university board department office unit
    plan plans goal goals step steps strategy strategies objective objectives summer fall spring
    winter autumn january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday premium find club voice
    government leadership achievement growth data assessment intervention learning lab pathways
    pathway professional development network partnership foundation initiative project council
    attendance behavior behaviour health wellness counseling counselling library after academic
    advanced placement honors ap ib international baccalaureate dual enrollment credit career
    technical vocational kindergarten pre prek preschool transition english learners newcomer
    newcomers bilingual dual immersion migrant homeless foster youth native american indian
    black hispanic latino latina latinx asian white pacific islander multiracial african
    disabilities disability iep section new first second third fourth fifth sixth seventh eighth
    ninth tenth eleventh twelfth freshman sophomore ready set go way success academy prep
    mtss pbis rti sel panorama educlimber map star iready dibels acadience naep sat act
    classroom classrooms class room library cafeteria gym bus transportation lunch breakfast
    north south east west central upper lower valley river lake hill hills park ridge
    read write reads writes meet meets met hold holds held use uses used provide provides
    next then finally also however overall additionally currently previously recently today
    yesterday last instead meanwhile similarly specifically often sometimes again later earlier
    once now here there since until because although though so thus therefore moreover
    furthermore ultimately initially lastly notably importantly unfortunately fortunately
    """
)


# Verbs that begin a task or a sentence ("Call Jayden's mother"): not the first part of a name.
VERBS = word_set(
    """
    send call meet review email invite share ask tell give help support contact check follow
    schedule remind visit pair place move refer assign enroll enrol tutor notify update monitor
    observe assess screen text phone thank celebrate welcome introduce connect provide offer
    include congratulate recognize recognise praise mentor coach interview survey test teach
    see let make get take bring walk drive pick drop register transfer
    """
)


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each name written next to a word for a student that is nobody on the roster."""
    staff = roster_words(context) | plan_words(context)
    allow = allowed(context)
    for found in texts(context):
        for name, context_words in student_names(found.text, staff):
            if is_allowed(name, allow):
                continue
            yield Finding(
                path=found.path,
                message=f"'{name}' looks like a student's name ('{context_words}')",
                hint=(
                    "leave students' names out of a published plan (write 'a grade 4 student');"
                    " a member of staff goes on the roster (people:), and a word that is not a"
                    " name in [privacy] allow of planctl.toml"
                ),
                node=found.node,
                where=found.where,
                phrase=name,
            )


def student_names(text: str, staff: set[str] | None = None) -> list[tuple[str, str]]:
    """The names in ``text`` written as a student's, each with the words that say so."""
    staff = staff or set()
    found: dict[str, tuple[int, str]] = {}
    for index, pattern in enumerate(PATTERNS):
        for match in pattern.finditer(text):
            name = _without_verb(match["name"])
            # "Cedar Hill, a school where students...": the words before the student word.
            if not _is_name(text, match, name, staff, index in BETWEEN_CHECKED):
                continue
            if name not in found:
                found[name] = (match.start(), _said(match[0], name, index))
    return [(name, words) for name, (_, words) in sorted(found.items(), key=lambda i: i[1][0])]


def _is_name(
    text: str, match: re.Match[str], name: str, staff: set[str], between_checked: bool
) -> bool:
    words = [word.casefold().replace("’", "'") for word in name.split()]
    if any(word in NOT_NAMES for word in words):
        return False
    if all(word in staff for word in words):
        return False
    if TITLES.search(text[: match.start("name")]):
        return False
    if not between_checked:
        return True
    between = text[match.end("name") : match.end()].casefold().split()
    return not any(word.strip(",()–—-") in _STOP_BETWEEN for word in between)


def _without_verb(name: str) -> str:
    """``name`` without a verb before it: "Call Jayden" is "Jayden"."""
    first, _, rest = name.partition(" ")
    return rest.strip() if rest and first.casefold() in VERBS else name


def _said(words: str, name: str, pattern: int) -> str:
    """The words that make ``name`` a student's, from the name on, on one line."""
    if pattern > 0:
        words = words[words.find(name) :]
    words = " ".join(words.split())
    return words + ")" if words.count("(") > words.count(")") else words
