"""Generate a deterministic corpus of realistic plan files for the benchmarks.

    python benchmarks/corpus.py OUT_DIR [--plans 300] [--seed 1] [--problems 0.05]

Writes ``OUT_DIR/plan-0001.plan.yaml``, ``plan-0002.plan.yaml``, ... and prints
the totals. Each plan uses the default template: 3-6 goals, each with 2-4
objectives of 3-8 action steps, written the way districts write them: block
and flow mappings, plain, single- and double-quoted text, comments, long folded
descriptions, one owner or a list, text or structured measures, costs split by
school year, statuses and progress updates. About 5% of the plans carry one to
three planted problems (a missing required field, a date with no month and
year, a misspelt optional key); every other plan validates without a problem.

Plan ``N`` depends only on ``N`` and the seed, so the first 300 plans of the
3,000-plan corpus are the 300-plan corpus. At the default ``--scale`` a plan
is about 50 KB: 300 plans are about 15 MB and 22,000 steps, 3,000 plans about
150 MB.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

RULE_REQUIRED = "required-fields"
RULE_DATE = "date-format"
RULE_KEY = "unknown-key"
PLANTED_RULES = (RULE_REQUIRED, RULE_DATE, RULE_KEY)

MONTHS = (
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

ORGANIZATIONS = (
    "Riverbend Unified School District",
    "Maple Valley Public Schools",
    "Cedar Falls Community School District",
    "Lakeshore Independent School District",
    "North Ridge Regional School District",
    "Harbor City Public Schools",
    "Pine Hollow Elementary School",
    "Westfield High School",
    "Eastgate Middle School",
    "Sunnyside School District No. 12",
    "Bluewater County Schools",
    "Oak Park Unified",
)
PLAN_KINDS = (
    "Professional Learning Plan",
    "School Improvement Plan",
    "Strategic Plan",
    "District Improvement Plan",
    "Equity Action Plan",
    "Literacy Action Plan",
    "Family Engagement Plan",
    "Technology Plan",
)
FIRST_NAMES = (
    "Maria",
    "James",
    "Priya",
    "Daniel",
    "Lena",
    "Marcus",
    "Hannah",
    "José",
    "Aisha",
    "Wei",
    "Olivia",
    "Samuel",
    "Fatima",
    "Grace",
    "Tomás",
    "Keisha",
    "Noah",
    "Yuki",
    "Rachel",
    "Andre",
    "Chloé",
    "Mateo",
    "Zainab",
    "Connor",
)
LAST_NAMES = (
    "Alvarez",
    "Okafor",
    "Raman",
    "Kim",
    "Fischer",
    "Bell",
    "Cho",
    "Martínez",
    "Johnson",
    "Nguyen",
    "O'Brien",
    "Patel",
    "Washington",
    "Haddad",
    "Kowalski",
    "Reyes",
    "Thompson",
    "Abara",
    "Lindqvist",
    "Murphy",
    "Delgado",
    "Sato",
    "Bennett",
    "Mensah",
)
TITLES = ("Dr. ", "", "", "", "")
ROLES = (
    "Assistant Superintendent for Teaching and Learning",
    "Director of Professional Learning",
    "Instructional Coaching Coordinator",
    "Director of Assessment and Data",
    "Principal, Cedar Hill Elementary School",
    "Principal, Westfield High School",
    "Coordinator of Family and Community Engagement",
    "Director of Student Services",
    "English Learner Program Coordinator",
    "Chief Technology Officer",
    "Director of Special Education",
    "Literacy Specialist",
    "Mathematics Coordinator, K-12",
    "Teachers' association professional learning liaison",
    "Director of Human Resources",
    "School Counselor Lead",
)
TEAMS = (
    ("Professional Learning Committee", "Teachers, principals and association members"),
    ("PLC Leads Network", "The PLC lead of each school"),
    ("District Literacy Team", "Literacy coaches and reading specialists"),
    ("Data Team", "Assessment, research and accountability staff"),
    ("Family Advisory Council", "Parents and guardians from every school"),
    ("Student Support Team", "Counselors, social workers and psychologists"),
    ("Technology Integration Team", "Instructional technology coaches"),
    ("Grade-Level Chairs", "One chair per grade, K-8"),
)

# Each topic: goal titles, objective titles, step actions, outcomes, evidence,
# indicators (text, unit, direction, low, high), resources and tags.
Indicator = tuple[str, str, str, float, float]


@dataclass(frozen=True)
class Topic:
    """The words of one area of a plan."""

    tag: str
    goals: tuple[str, ...]
    objectives: tuple[str, ...]
    actions: tuple[str, ...]
    outcomes: tuple[str, ...]
    evidence: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    resources: tuple[str, ...]


TOPICS = (
    Topic(
        "literacy",
        (
            "Every student reads on grade level by the end of third grade",
            "Strengthen literacy instruction across all content areas",
            "Close opportunity gaps in early reading",
        ),
        (
            "Adopt and implement a structured literacy curriculum in grades K-3",
            "Provide targeted reading intervention for students below benchmark",
            "Build teachers' knowledge of the science of reading",
            "Engage families in supporting reading at home",
        ),
        (
            "Train K-3 teachers in the new foundational skills curriculum",
            "Administer the fall, winter and spring universal reading screener",
            "Schedule a protected 30-minute intervention block in every elementary school",
            "Purchase decodable text sets for every K-2 classroom",
            "Run monthly data meetings on screener results with grade-level teams",
            "Host a family literacy night at each elementary school",
            "Observe reading lessons with the district walkthrough tool",
            "Align the middle school intervention schedule with the elementary model",
        ),
        (
            "Teachers use the curriculum's routines in every daily reading lesson",
            "Every student below benchmark receives intervention within two weeks",
            "Grade-level teams adjust groups based on screener data",
            "Families leave with books and strategies to read at home",
        ),
        (
            "Screener results by school and grade",
            "Walkthrough notes",
            "Training sign-in sheets and exit surveys",
            "Intervention group rosters",
            "Family night sign-in sheets",
        ),
        (
            ("Third graders reading at or above benchmark", "%", "increase", 45, 80),
            ("K-2 students at benchmark on the spring screener", "%", "increase", 50, 85),
            ("Students more than one year below grade level in reading", "%", "decrease", 8, 30),
        ),
        ("Decodable text sets", "Literacy coach time", "Substitute coverage", "Screener licenses"),
    ),
    Topic(
        "math",
        (
            "Raise achievement in mathematics for every student",
            "Every student completes Algebra I by the end of ninth grade",
        ),
        (
            "Implement high-quality instructional materials in K-8 mathematics",
            "Expand access to advanced mathematics courses",
            "Use common formative assessments to guide mathematics instruction",
        ),
        (
            "Pilot the new K-5 mathematics materials in four schools",
            "Provide summer institutes on number talks for grades 3-8",
            "Write common unit assessments for Algebra I",
            "Review course placement policies for eighth-grade mathematics",
            "Offer after-school tutoring in Algebra I at both high schools",
            "Calibrate scoring of constructed-response items across schools",
            "Share exemplar lessons on the district learning site",
        ),
        (
            "Teachers plan lessons from the adopted materials",
            "More students enroll in and pass Algebra I",
            "Teams compare results and reteach the standards students missed",
        ),
        (
            "Unit assessment results",
            "Course enrollment reports",
            "Tutoring attendance logs",
            "Lesson plan reviews",
            "Institute feedback forms",
        ),
        (
            (
                "Students meeting the standard on the state mathematics test",
                "%",
                "increase",
                30,
                70,
            ),
            ("Ninth graders passing Algebra I", "%", "increase", 55, 92),
            ("Students failing one or more mathematics courses", "count", "decrease", 40, 300),
        ),
        ("Instructional materials", "Summer institute stipends", "Tutoring stipends"),
    ),
    Topic(
        "attendance",
        (
            "Every student attends school every day",
            "Reduce chronic absenteeism in every school",
        ),
        (
            "Identify and reach students at risk of chronic absence early",
            "Partner with families and community agencies on attendance",
            "Make school a place students want to be",
        ),
        (
            "Publish a weekly attendance dashboard for principals",
            "Call families after the second unexcused absence",
            "Train attendance teams in the tiered attendance framework",
            "Launch a mentoring program for students with ten or more absences",
            "Send attendance nudge letters home each quarter",
            "Meet with the county health department about school-based clinics",
            "Recognize classes with the most improved attendance each month",
        ),
        (
            "Principals know which students are missing school and why",
            "Families hear from the school before absences add up",
            "Students at risk have an adult who checks in with them every week",
        ),
        (
            "Attendance dashboard",
            "Call logs",
            "Mentor meeting logs",
            "Chronic absence reports by school",
        ),
        (
            (
                "Students chronically absent (missing 10% or more of school days)",
                "%",
                "decrease",
                8,
                25,
            ),
            ("Average daily attendance", "%", "increase", 88, 97),
        ),
        ("Attendance software", "Mentor stipends", "Postage for nudge letters"),
    ),
    Topic(
        "PLC",
        (
            "Every teacher learns with colleagues in a strong professional learning community",
            "Make professional learning coherent and embedded in the school day",
        ),
        (
            "Protect weekly collaboration time for PLCs in every school",
            "PLC teams use student work and data to plan instruction",
            "Redesign the professional learning calendar",
        ),
        (
            "Map elementary and secondary schedules to find common planning time",
            "Adopt bell schedules with 45 minutes of protected weekly PLC time",
            "Train PLC leads in the PLC process and meeting protocols",
            "Complete the PLC rubric self-assessment each fall and spring",
            "Revise the professional learning calendar with teachers and principals",
            "Survey staff on the relevance of professional learning",
        ),
        (
            "Every PLC meets for at least 45 protected minutes each week",
            "Each PLC knows its stage on the rubric and sets one growth goal",
            "A calendar that moves after-school sessions into the school day",
        ),
        (
            "PLC meeting logs",
            "PLC rubric self-assessments",
            "Master schedules",
            "Spring staff survey",
        ),
        (
            ("PLC teams rated Established or higher on the PLC rubric", "%", "increase", 30, 85),
            ("Staff who agree that professional learning is relevant", "%", "increase", 50, 85),
        ),
        ("Consultant days", "Committee meeting time", "PLC lead stipends"),
    ),
    Topic(
        "coaching",
        (
            "Grow instructional coaching and the leadership capacity of educators",
            "Retain effective teachers in every school",
        ),
        (
            "Expand access to instructional coaching for all educators",
            "Build the capacity of teacher leaders through lab classrooms",
            "Support new teachers in their first two years",
        ),
        (
            "Hire two additional instructional coaches",
            "Provide coaches with training on coaching teams",
            "Track coaching cycles in the professional learning platform",
            "Match every first-year teacher with a trained mentor",
            "Run a lab classroom cohort whose hosts open their rooms to colleagues",
            "Hold exit interviews with every teacher who leaves the district",
        ),
        (
            "Every teacher who asks for coaching receives a coaching cycle",
            "New teachers report feeling supported and stay",
            "Hosts model the practices and visitors try them in their rooms",
        ),
        (
            "Coaching logs",
            "Mentor program survey",
            "Staffing report",
            "Exit interview summaries",
        ),
        (
            ("Teachers who complete at least one coaching cycle", "%", "increase", 20, 75),
            ("First- and second-year teachers retained", "%", "increase", 70, 92),
            ("Teachers per instructional coach", "count", "decrease", 55, 90),
        ),
        ("Coach salaries", "Mentor stipends", "Substitute coverage"),
    ),
    Topic(
        "SEL",
        (
            "Every student feels safe, known and supported at school",
            "Strengthen students' social and emotional learning",
        ),
        (
            "Implement a K-12 social-emotional learning curriculum",
            "Build a multi-tiered system of behavior support",
            "Expand access to mental health services",
        ),
        (
            "Select an SEL curriculum with a committee of teachers, counselors and families",
            "Train advisory teachers to lead weekly SEL lessons",
            "Administer the school climate survey each spring",
            "Contract with a community mental health provider for school-based therapy",
            "Review discipline data by student group each quarter",
            "Set up a calm-down space in every elementary classroom",
        ),
        (
            "Students learn and practice SEL skills every week",
            "Students in crisis are seen by a clinician within a week",
            "Schools respond to behavior with support rather than exclusion",
        ),
        (
            "School climate survey",
            "Referral and service logs",
            "Discipline reports",
            "Lesson completion logs",
        ),
        (
            ("Students who report feeling safe and supported at school", "%", "increase", 55, 90),
            ("Out-of-school suspensions", "count", "decrease", 20, 400),
        ),
        ("SEL curriculum licenses", "Clinician contract", "Survey platform"),
    ),
    Topic(
        "family-engagement",
        (
            "Families are partners in their children's learning",
            "Strengthen two-way communication with families",
        ),
        (
            "Provide opportunities for educators and families to learn together",
            "Reach families in the languages they speak at home",
            "Involve families in school decisions",
        ),
        (
            "Co-design a family learning series with the Family Advisory Council",
            "Translate report cards and school newsletters into the top five home languages",
            "Hold home visits for incoming kindergarten families",
            "Train front-office staff in welcoming practices",
            "Add family representatives to every school improvement team",
            "Survey families about communication preferences",
        ),
        (
            "Families attend and find the sessions useful",
            "Every family receives school news in their home language",
            "Families help shape school improvement plans",
        ),
        (
            "Session sign-in sheets",
            "Family survey",
            "Translation request logs",
            "School improvement team rosters",
        ),
        (
            (
                "Families attending at least one family learning session",
                "count",
                "increase",
                200,
                1500,
            ),
            ("Families who say the school communicates well with them", "%", "increase", 55, 90),
        ),
        ("Interpreters", "Childcare and dinner for family nights", "Translation services"),
    ),
    Topic(
        "technology",
        (
            "Use technology to extend learning for every student",
            "Protect student data and privacy",
        ),
        (
            "Provide every student with a device and home internet access",
            "Build teachers' skill in using digital tools for learning",
            "Strengthen cybersecurity and data privacy practices",
        ),
        (
            "Refresh student laptops on a four-year cycle",
            "Distribute hotspots to families without home internet",
            "Offer monthly digital learning workshops for teachers",
            "Review every learning app's privacy agreement before purchase",
            "Run phishing awareness training for all staff",
            "Publish the list of approved learning apps for families",
        ),
        (
            "Every student can learn online at school and at home",
            "Teachers use digital tools to give timely feedback",
            "No student data is shared without a signed privacy agreement",
        ),
        (
            "Device inventory",
            "Hotspot checkout logs",
            "Workshop attendance",
            "Privacy agreement register",
        ),
        (
            ("Students with a working device and home internet", "%", "increase", 70, 99),
            ("Staff who click a simulated phishing email", "%", "decrease", 3, 25),
        ),
        ("Device budget", "Hotspot contracts", "Training platform"),
    ),
    Topic(
        "college-career",
        (
            "Every graduate is ready for college, career and civic life",
            "Raise the four-year graduation rate",
        ),
        (
            "Expand career and technical education pathways",
            "Increase enrollment in dual-credit and Advanced Placement courses",
            "Support every student with a postsecondary plan",
        ),
        (
            "Launch a health sciences pathway with the community college",
            "Hold FAFSA completion nights for seniors and families",
            "Review transcripts of every ninth grader at risk of falling off track",
            "Add two dual-credit English courses",
            "Arrange internships with local employers for juniors",
            "Train counselors on the postsecondary planning platform",
        ),
        (
            "More students earn college credit or an industry credential before graduating",
            "Every senior leaves with a written postsecondary plan",
            "Ninth graders off track are identified and supported in the fall",
        ),
        (
            "Course enrollment reports",
            "FAFSA completion data",
            "On-track reports",
            "Internship placement list",
        ),
        (
            ("Four-year graduation rate", "%", "increase", 75, 95),
            ("Graduates earning college credit or a credential", "%", "increase", 20, 65),
            ("Ninth graders off track to graduate", "%", "decrease", 8, 30),
        ),
        ("Dual-credit tuition", "Pathway equipment", "Transportation to internships"),
    ),
    Topic(
        "multilingual",
        (
            "Multilingual learners thrive in every classroom",
            "Honor and develop students' home languages",
        ),
        (
            "Strengthen English language development instruction",
            "Expand dual-language programs",
            "Build every teacher's skill in supporting multilingual learners",
        ),
        (
            "Provide sheltered instruction training for content teachers",
            "Open a second dual-language kindergarten classroom",
            "Review the English learner identification process",
            "Co-plan units between ELD and content teachers",
            "Award the state seal of biliteracy at graduation",
        ),
        (
            "Content teachers use language supports in daily lessons",
            "More families can choose a dual-language program",
            "Multilingual learners make a year of language growth each year",
        ),
        (
            "Language proficiency test results",
            "Training rosters",
            "Dual-language enrollment",
            "Co-planning logs",
        ),
        (
            (
                "English learners making expected growth in English proficiency",
                "%",
                "increase",
                35,
                75,
            ),
            ("Long-term English learners", "count", "decrease", 30, 250),
        ),
        ("Dual-language materials", "Sheltered instruction trainers", "ELD teacher time"),
    ),
)

CLAUSES = (
    "so that every student gets timely support",
    "before each grading period closes",
    "and bring what they learn to the next faculty meeting",
    "with a focus on multilingual learners and students with disabilities",
    "using the district's collaborative inquiry protocol",
    "in partnership with the teachers' association",
    "with results shared with the Board each January and June",
    "so that families see the same information as staff",
    "building on what worked in the pilot schools",
    "within the existing budget wherever possible",
)
SUBJECTS = (
    "Grade-level teams",
    "Building principals",
    "Instructional coaches",
    "Data team members",
    "Counselors",
    "Family liaisons",
    "Department chairs",
    "PLC leads",
    "District leaders",
    "Special education case managers",
    "Teacher leaders",
    "Committee members",
)
VERBS = (
    "review",
    "revise",
    "pilot",
    "document",
    "share",
    "analyze",
    "model",
    "observe",
    "plan",
    "calibrate",
    "monitor",
    "refine",
)
OBJECTS = (
    "common formative assessment results",
    "unit plans and pacing guides",
    "attendance and behavior data",
    "the intervention schedule",
    "samples of student work",
    "the walkthrough protocol",
    "family survey responses",
    "coaching logs",
    "the master schedule",
    "meeting notes and next steps",
    "progress toward each target",
    "feedback from students",
)
NOTES = (
    "Kick-off meeting held; schools named their leads.",
    "Draft shared with principals and the association for feedback.",
    "On track; two schools need extra support.",
    "Delayed by the vendor's contract review.",
    "Completed ahead of schedule.",
    "Presented to the Board; questions about cost answered.",
    "Training rescheduled after the snow days.",
    "Spring data in; results mixed by school.",
)
COMMENTS_LINES = (
    "Moved from the previous plan",
    "Board asked for an update in January",
    "Funded by the grant; check reporting dates",
    "See the committee notes",
    "Revised after the spring review",
)
FUNDING = ("Title I", "Title II", "Title III", "Title IV", "General fund", "ESSER", "IDEA", "Grant")
STATUSES = ("not-started", "in-progress", "in-progress", "done", "done", "blocked", "dropped")
PHASES = ("Phase 1: Study", "Phase 2: Prototype", "Phase 3: Expand")
VAGUE_DATES = (
    "Mid-way and final check in",
    "TBD",
    "End of the first semester",
    "One month prior to each session",
    "August 15",
    "Before winter break",
    "As needed",
)
TYPO_KEYS = {
    "comments": "coments",
    "resources": "resouces",
    "benefits": "benifits",
    "tags": "tag",
    "phase": "phaze",
}
MISSING_FIELDS = ("outcome", "measure", "owners")

_NOT_TEXT = re.compile(
    r"(?i:~|null|true|false|yes|no|on|off|y|n)|[-+]?[0-9_.:,]+([eE][-+]?[0-9]+)?|\.(inf|nan)"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*"
)
_INDICATOR = "-?:,[]{}#&*!|>'\"%@`"


@dataclass
class Month:
    """A calendar month, counted as ``year * 12 + month - 1``."""

    index: int

    @property
    def year(self) -> int:
        return self.index // 12

    @property
    def month(self) -> int:
        return self.index % 12 + 1

    @property
    def name(self) -> str:
        return MONTHS[self.month - 1]

    def iso(self) -> str:
        return f"{self.year}-{self.month:02d}"


def month(year: int, number: int) -> Month:
    """The month ``number`` (1-12) of ``year``."""
    return Month(year * 12 + number - 1)


@dataclass
class GeneratedPlan:
    """One generated plan: its text, its size and the problems planted in it."""

    name: str
    text: str
    goals: int = 0
    objectives: int = 0
    steps: int = 0
    planted: list[str] = field(default_factory=list)
    """The rule id of each planted problem; empty for a plan that validates cleanly."""


class _Writer:
    """Lines of YAML with the quoting and layout choices of one plan's author."""

    def __init__(self, rng: random.Random, scale: float) -> None:
        self.rng = rng
        self.scale = scale
        self.lines: list[str] = []

    def line(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def blank(self) -> None:
        self.lines.append("")

    # -- scalars -----------------------------------------------------------

    def text(self, value: str, *, flow: bool = False) -> str:
        """``value`` as a YAML scalar: plain where it can be, else quoted."""
        if _needs_quotes(value, flow=flow):
            return (
                _single(value) if "\\" not in value and self.rng.random() < 0.3 else _double(value)
            )
        roll = self.rng.random()
        if roll < 0.14:
            return _double(value)
        if roll < 0.2:
            return _single(value)
        return value

    def date(self, value: str, *, flow: bool = False) -> str:
        """A date as planners write it; quoted only where YAML needs it."""
        if flow and "," in value:
            return _double(value)
        return value

    def kv(self, indent: int, key: str, value: str, comment: str = "") -> None:
        tail = f"  # {comment}" if comment else ""
        self.line(indent, f"{key}: {value}{tail}")

    def folded(self, indent: int, key: str, value: str) -> None:
        """Long text as a folded block (``>-``), wrapped to the page."""
        self.line(indent, f"{key}: >-")
        width = max(40, 96 - indent - 2)
        for part in textwrap.wrap(value, width=width, break_on_hyphens=False):
            self.line(indent + 2, part)

    def literal(self, indent: int, key: str, paragraphs: Sequence[str]) -> None:
        """Paragraphs as a literal block (``|``), one line each."""
        self.line(indent, f"{key}: |")
        for index, paragraph in enumerate(paragraphs):
            if index:
                self.blank()
            for part in textwrap.wrap(paragraph, width=88 - indent, break_on_hyphens=False):
                self.line(indent + 2, part)

    def long_text(self, indent: int, key: str, value: str) -> None:
        """Long text folded, or on one line, plain or quoted, as authors vary."""
        if len(value) > 70 and self.rng.random() < 0.8:
            self.folded(indent, key, value)
        else:
            self.kv(indent, key, self.text(value))

    def text_list(self, indent: int, key: str, items: Sequence[str]) -> None:
        """A list in flow style (``[a, b]``) or as block items."""
        if self.rng.random() < 0.6 and sum(len(item) for item in items) < 70:
            inner = ", ".join(self.text(item, flow=True) for item in items)
            self.kv(indent, key, f"[{inner}]")
            return
        self.line(indent, f"{key}:")
        for item in items:
            self.line(indent + 2, f"- {self.text(item)}")

    # -- prose -------------------------------------------------------------

    def sentence(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(CLAUSES)}."
        )

    def extend(self, text: str, joiner: str = " ") -> str:
        """``text``, sometimes (more often at a larger scale) with a clause added."""
        if self.rng.random() < min(0.9, 0.15 * self.scale):
            return f"{text}{joiner}{self.rng.choice(CLAUSES)}"
        return text

    def paragraph(self, low: int, high: int) -> str:
        wanted = self.rng.randint(low, high) * self.scale
        count = int(wanted) + (self.rng.random() < wanted % 1)
        return " ".join(self.sentence() for _ in range(max(1, count)))


def _needs_quotes(value: str, *, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _INDICATOR:
        return True
    if ": " in value or " #" in value or value.endswith(":") or "\n" in value:
        return True
    if flow and any(char in value for char in ",[]{}"):
        return True
    return _NOT_TEXT.fullmatch(value) is not None


def _double(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass
class _Person:
    name: str
    role: str
    team: bool = False


@dataclass
class _Context:
    """What one plan's generator knows while it writes the plan."""

    rng: random.Random
    out: _Writer
    first: Month
    last: Month
    people: list[_Person]
    problems: dict[int, str]
    """Planted problems by global step number: 'missing', 'date' or 'typo'."""
    planted: list[str] = field(default_factory=list)
    step_number: int = 0

    def between(self, low: int, high: int) -> Month:
        """A month between ``low`` and ``high`` months after the period's start."""
        return Month(self.first.index + self.rng.randint(low, high))

    def span(self) -> int:
        return self.last.index - self.first.index

    def owners(self, count: int) -> list[str]:
        return [person.name for person in self.rng.sample(self.people, count)]


def generate_plan(
    index: int, seed: int = 1, problem_rate: float = 0.05, scale: float = 1.0
) -> GeneratedPlan:
    """Plan number ``index`` (from 1) of the corpus made with ``seed``."""
    rng = random.Random(f"planctl-corpus:{seed}:{index}")
    out = _Writer(rng, scale)
    start_year = rng.randint(2021, 2026)
    years = rng.choice((3, 3, 3, 4, 5))
    first = month(start_year, 7)
    last = month(start_year + years, 6)
    goal_count = rng.randint(3, 6)
    shape = [[rng.randint(3, 8) for _ in range(rng.randint(2, 4))] for _ in range(goal_count)]
    total_steps = sum(sum(objectives) for objectives in shape)
    problems: dict[int, str] = {}
    if rng.random() < problem_rate:
        for number in rng.sample(range(total_steps), rng.randint(1, 3)):
            problems[number] = rng.choice(("missing", "date", "typo"))
    people = _roster(rng)
    context = _Context(rng, out, first, last, people, problems)
    topics = rng.sample(TOPICS, goal_count)
    plan = GeneratedPlan(name=f"plan-{index:04d}.plan.yaml", text="")
    _header(context, index)
    out.line(0, "goals:")
    for goal_number, (topic, objectives) in enumerate(zip(topics, shape, strict=True), start=1):
        _goal(context, goal_number, topic, objectives)
        plan.goals += 1
        plan.objectives += len(objectives)
        plan.steps += sum(objectives)
    while not out.lines[-1]:
        out.lines.pop()
    plan.text = "\n".join(out.lines) + "\n"
    plan.planted = context.planted
    return plan


def _roster(rng: random.Random) -> list[_Person]:
    names: set[str] = set()
    people: list[_Person] = []
    roles = rng.sample(ROLES, rng.randint(6, 10))
    for role in roles:
        while True:
            name = f"{rng.choice(TITLES)}{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name not in names:
                break
        names.add(name)
        people.append(_Person(name, role))
    for name, role in rng.sample(TEAMS, rng.randint(2, 4)):
        people.append(_Person(name, role, team=True))
    return people


def _header(context: _Context, index: int) -> None:
    out, rng = context.out, context.rng
    organization = rng.choice(ORGANIZATIONS)
    kind = rng.choice(PLAN_KINDS)
    years = f"{context.first.year}-{context.last.year}"
    out.line(0, f"# {organization}: {kind} {years}")
    out.line(0, "# Kept in the plan repository; changes are reviewed before each board meeting.")
    out.line(0, "planctl: 1")
    if rng.random() < 0.85:
        out.kv(0, "template", "default")
    out.kv(0, "title", out.text(f"{kind} {years}"))
    out.kv(0, "organization", out.text(organization))
    if rng.random() < 0.6:
        out.kv(0, "period", f"{{start: {context.first.iso()}, end: {context.last.iso()}}}")
    else:
        out.line(0, "period:")
        out.kv(2, "start", context.first.iso())
        out.kv(2, "end", context.last.iso(), comment="the end of the last school year")
    adopted = rng.random() < 0.7
    out.kv(0, "status", "adopted" if adopted else "draft")
    if adopted:
        out.kv(0, "adopted", f"{context.first.year}-06-{rng.randint(10, 28)}")
    out.folded(0, "description", out.paragraph(2, 4))
    out.blank()
    out.line(0, "sections:")
    out.kv(2, "vision", out.text(out.sentence()))
    out.folded(2, "mission", out.paragraph(2, 4))
    out.line(2, "beliefs:")
    for _ in range(rng.randint(3, 6)):
        out.line(4, f"- {out.text(out.sentence())}")
    if rng.random() < 0.5:
        out.line(2, "implementation_phases:")
        for phase in PHASES:
            out.line(4, f"- {out.text(phase + ' - ' + out.sentence())}")
    out.blank()
    out.line(0, "people:")
    for person in context.people:
        _person(out, person)
    out.blank()


def _person(out: _Writer, person: _Person) -> None:
    rng = out.rng
    if rng.random() < 0.6:
        parts = [f"name: {out.text(person.name, flow=True)}"]
        parts.append(f"role: {out.text(person.role, flow=True)}")
        if person.team:
            parts.append("team: true")
        out.line(2, "- {" + ", ".join(parts) + "}")
        return
    out.line(2, f"- name: {out.text(person.name)}")
    out.kv(4, "role", out.text(person.role))
    if person.team:
        out.kv(4, "team", "true")


def _goal(context: _Context, number: int, topic: Topic, objectives: list[int]) -> None:
    out, rng = context.out, context.rng
    out.line(2, f"# Goal {number}: {topic.tag}")
    out.line(2, f"- id: G{number}")
    out.kv(4, "title", out.text(rng.choice(topic.goals)))
    if rng.random() < 0.4:
        out.folded(4, "description", out.paragraph(1, 3))
    if rng.random() < 0.6:
        out.kv(4, "owners", out.text(context.owners(1)[0]))
    if rng.random() < 0.4:
        out.text_list(4, "tags", [topic.tag])
    if rng.random() < 0.5:
        out.kv(4, "status", "in-progress")
    indicators = rng.sample(topic.indicators, min(len(topic.indicators), rng.randint(1, 2)))
    out.line(4, "measures:")
    for indicator in indicators:
        _smart_measure(context, 6, indicator, item=True)
    out.line(4, "objectives:")
    titles = rng.sample(topic.objectives, min(len(topic.objectives), len(objectives)))
    while len(titles) < len(objectives):
        titles.append(f"{rng.choice(topic.objectives)} (phase {len(titles) + 1})")
    for objective_number, (title, steps) in enumerate(zip(titles, objectives, strict=True), 1):
        _objective(context, f"G{number}.O{objective_number}", title, topic, steps)
    out.blank()


def _objective(context: _Context, ident: str, title: str, topic: Topic, steps: int) -> None:
    out, rng = context.out, context.rng
    out.line(6, f"- id: {ident}")
    out.kv(8, "title", out.text(title))
    if rng.random() < 0.2:
        out.folded(8, "description", out.paragraph(1, 3))
    if rng.random() < 0.5:
        out.kv(8, "status", rng.choice(("not-started", "in-progress", "done")))
    if rng.random() < 0.6:
        out.line(8, "measures:")
        _smart_measure(context, 10, rng.choice(topic.indicators), item=True)
    else:
        indicator = rng.choice(topic.indicators)
        target = round(rng.uniform(indicator[3], indicator[4]))
        unit = "%" if indicator[1] == "%" else ""
        by = Month(context.last.index - 12 * rng.randint(0, 1))
        out.kv(8, "measure", out.text(f"{indicator[0]}: {target}{unit} by {by.name} {by.year}"))
    out.line(8, "steps:")
    for step in range(1, steps + 1):
        _step(context, f"{ident}.S{step}", topic)


def _smart_measure(context: _Context, indent: int, indicator: Indicator, *, item: bool) -> None:
    """A structured goal or objective measure with a baseline and dated targets."""
    out, rng = context.out, context.rng
    text, unit, direction, low, high = indicator
    pad = indent + 2 if item else indent
    out.line(indent, f"- indicator: {out.text(text)}" if item else f"indicator: {out.text(text)}")
    out.kv(
        pad,
        "source",
        out.text(
            rng.choice(
                (
                    "State report card",
                    "District dashboard",
                    "Student information system",
                    "Spring survey",
                )
            )
        ),
    )
    out.kv(pad, "unit", '"%"' if unit == "%" else unit)
    out.kv(pad, "direction", direction)
    integer = unit != "%" or rng.random() < 0.6
    years = context.span() // 12 + 1
    step = (high - low) / (years + 1)
    values = [low + step * i for i in range(years + 1)]
    if direction == "decrease":
        values.reverse()
    shown = [str(round(v)) if integer else f"{v:.1f}" for v in values]
    baseline_at = Month(context.first.index - rng.randint(1, 3))
    out.kv(pad, "baseline", f"{{value: {shown[0]}, as_of: {baseline_at.iso()}}}")
    ends = [Month(context.first.index + 11 + 12 * i) for i in range(years)]
    if rng.random() < 0.5:
        targets = ", ".join(
            f"{{value: {value}, by: {end.iso()}}}"
            for value, end in zip(shown[1:], ends, strict=True)
        )
        out.kv(pad, "targets", f"[{targets}]")
    else:
        out.kv(pad, "target", f"{{value: {shown[-1]}, by: {ends[-1].iso()}}}")
    if rng.random() < 0.5:
        out.line(pad, "actuals:")
        note = out.text(rng.choice(NOTES), flow=True)
        out.line(pad + 2, f"- {{value: {shown[1]}, as_of: {ends[0].iso()}, note: {note}}}")


def _due(context: _Context) -> tuple[str, Month]:
    """A due date in one of the forms planners write, and its first month."""
    rng = context.rng
    at = context.between(2, context.span())
    day = rng.randint(1, 28)
    form = rng.randrange(14)
    if form == 0:
        return f"{at.name} {at.year}", at
    if form == 1:
        return f"{at.name}/{at.year}", at
    if form == 2:
        return f"{at.month:02d}/{at.year}", at
    if form == 3:
        return f"{at.iso()}-{day:02d}", at
    if form == 4:
        return f"{at.month}/{day}/{at.year}", at
    if form == 5:
        return f"{at.name} {day}, {at.year}", at
    if form == 6:
        return f"By {at.name} {at.year}", at
    if form == 7 and at.month > 1 and at.index - 1 > context.first.index:
        return f"{MONTHS[at.month - 2]}-{at.name}/{at.year}", Month(at.index - 1)
    if form == 8:
        school_year = (at.index - context.first.index) // 12
        year = context.first.year + school_year
        return f"SY {year}-{(year + 1) % 100:02d}", Month(context.first.index + 12 * school_year)
    if form == 9 and at.month in (3, 4, 5, 9, 10, 11):
        season = "Spring" if at.month < 6 else "Fall"
        begin = month(at.year, 3 if season == "Spring" else 9)
        if begin.index > context.first.index:
            return f"{season} {at.year}", begin
    return at.iso(), at


def _step(context: _Context, ident: str, topic: Topic) -> None:
    out, rng = context.out, context.rng
    number = context.step_number
    context.step_number += 1
    planted = context.problems.get(number)
    if planted is None and rng.random() < 0.2:
        _flow_step(context, topic)
        return
    fields = _step_fields(context, ident, topic, planted)
    if rng.random() < 0.12:
        out.line(10, f"# {rng.choice(COMMENTS_LINES)}")
    first = len(out.lines)
    for key, write in fields:
        write(key, 12)
    # The first field goes on the list item's own line: "- action: ...".
    out.lines[first] = " " * 10 + "- " + out.lines[first][12:]


_Write = Callable[[str, int], None]
"""Writes one field of a step, given its key and indent."""


def _step_fields(
    context: _Context, ident: str, topic: Topic, planted: str | None
) -> list[tuple[str, _Write]]:
    out, rng = context.out, context.rng
    fields: list[tuple[str, _Write]] = []

    def add(key: str, write: _Write) -> None:
        fields.append((key, write))

    def plain(value: str) -> _Write:
        return lambda key, indent: out.kv(indent, key, value)

    if rng.random() < 0.2:
        add("id", plain(ident))
    action = out.extend(rng.choice(topic.actions))
    add("action", lambda key, indent: out.long_text(indent, key, action))
    if rng.random() < 0.25 * min(1.0, context.out.scale):
        description = out.paragraph(1, 3)
        add("description", lambda key, indent: out.folded(indent, key, description))
    typo = None
    if planted == "typo":
        typo = rng.choice(sorted(TYPO_KEYS))
        context.planted.append(RULE_KEY)
    if rng.random() < 0.15 or typo == "phase":
        add("phase", plain(out.text(rng.choice(PHASES))))
    due, due_month = _due(context)
    has_start = False
    if planted == "date":
        due = rng.choice(VAGUE_DATES)
        context.planted.append(RULE_DATE)
        add("due", plain(out.text(due)))
    else:
        if rng.random() < 0.4 and due_month.index > context.first.index:
            begin = Month(rng.randint(context.first.index, due_month.index - 1))
            has_start = True
            add("start", plain(begin.iso() if rng.random() < 0.7 else f"{begin.name} {begin.year}"))
        if rng.random() < 0.12:
            milestones = sorted(
                {context.between(1, context.span()).index for _ in range(rng.randint(2, 5))}
            )
            shown = [f"{Month(m).name} {Month(m).year}" for m in milestones]
            add("dates", lambda key, indent: out.text_list(indent, key, shown))
        else:
            add("due", plain(out.date(due)))
            if has_start and rng.random() < 0.2:
                add("repeat", plain(rng.choice(("monthly", "quarterly", "semiannually"))))
    missing = None
    if planted == "missing":
        missing = rng.choice(MISSING_FIELDS)
        context.planted.append(RULE_REQUIRED)
    if missing != "owners":
        names = context.owners(rng.choice((1, 1, 1, 1, 2, 2, 3)))
        if len(names) == 1 and rng.random() < 0.6:
            add("owners", plain(out.text(names[0])))
        else:
            add("owners", lambda key, indent: out.text_list(indent, key, names))
    if missing != "outcome":
        outcome = out.extend(rng.choice(topic.outcomes), ", ")
        add("outcome", lambda key, indent: out.long_text(indent, key, outcome))
    if missing != "measure":
        add("measure", lambda key, indent: _step_measure(context, key, indent, topic))
    if rng.random() < 0.3:
        add("cost", lambda key, indent: _cost(context, key, indent))
    if rng.random() < 0.2 or typo == "resources":
        resources = rng.sample(topic.resources, rng.randint(1, len(topic.resources)))
        add("resources", lambda key, indent: out.text_list(indent, key, resources))
    if rng.random() < 0.08 or typo == "benefits":
        benefits = out.sentence()
        add("benefits", lambda key, indent: out.long_text(indent, key, benefits))
    if rng.random() < 0.15 or typo == "tags":
        tags = [topic.tag, *rng.sample(("equity", "pilot", "board-priority", "grant"), 1)]
        add("tags", lambda key, indent: out.text_list(indent, key, tags))
    status = rng.choice(STATUSES) if rng.random() < 0.7 else None
    if status is not None:
        add("status", plain(status))
        if status == "done" and rng.random() < 0.8 and planted != "date":
            done = Month(rng.randint(due_month.index, context.last.index))
            add("completed", plain(f"{done.iso()}-{rng.randint(1, 28):02d}"))
    if rng.random() < 0.15:
        add("updates", lambda key, indent: _updates(context, key, indent, status))
    if rng.random() < 0.12 or typo == "comments":
        if rng.random() < 0.3:
            paragraphs = [out.paragraph(1, 2), out.paragraph(1, 2)]
            add("comments", lambda key, indent: out.literal(indent, key, paragraphs))
        else:
            comment = out.paragraph(1, 2)
            add("comments", lambda key, indent: out.long_text(indent, key, comment))
    if typo is not None:
        fields = [(TYPO_KEYS[key] if key == typo else key, write) for key, write in fields]
    return fields


def _step_measure(context: _Context, key: str, indent: int, topic: Topic) -> None:
    out, rng = context.out, context.rng
    roll = rng.random()
    if roll < 0.6:
        evidence = out.extend(rng.choice(topic.evidence))
        out.long_text(indent, key, evidence)
        return
    source = rng.choice(topic.evidence)
    baseline = rng.randint(0, 20)
    target = baseline + rng.randint(1, 40)
    if roll < 0.85:
        out.kv(
            indent,
            key,
            f"{{source: {out.text(source, flow=True)}, baseline: {baseline}, target: {target}}}",
        )
        return
    out.line(indent, f"{key}:")
    out.kv(indent + 2, "source", out.text(source))
    out.kv(indent + 2, "direction", "increase")
    out.kv(indent + 2, "baseline", str(baseline))
    out.kv(indent + 2, "target", str(target))


def _cost(context: _Context, key: str, indent: int) -> None:
    out, rng = context.out, context.rng
    if rng.random() < 0.7:
        out.kv(indent, key, str(rng.randrange(500, 60_000, 100)))
        return
    years = max(1, min(3, context.span() // 12 + 1))
    parts = [rng.randrange(2_000, 150_000, 500) for _ in range(rng.randint(1, years))]
    first_year = context.first.year
    by_year = ", ".join(
        f'"{first_year + i}-{(first_year + i + 1) % 100:02d}": {amount}'
        for i, amount in enumerate(parts)
    )
    out.line(indent, f"{key}:")
    out.kv(indent + 2, "amount", str(sum(parts)))
    out.kv(indent + 2, "funding", out.text(rng.choice(FUNDING)))
    if rng.random() < 0.5:
        out.kv(indent + 2, "code", f'"{rng.randint(1000, 9999)}-{rng.randint(100, 999)}"')
    out.kv(indent + 2, "by_year", f"{{{by_year}}}")
    if rng.random() < 0.4:
        out.kv(indent + 2, "note", out.text(out.sentence()))


def _updates(context: _Context, key: str, indent: int, status: str | None) -> None:
    out, rng = context.out, context.rng
    out.line(indent, f"{key}:")
    count = rng.randint(1, 3)
    moments = sorted({context.between(0, context.span()).index for _ in range(count)})
    for position, moment in enumerate(moments):
        at = Month(moment)
        when = f"{at.iso()}-{rng.randint(1, 28):02d}"
        note = rng.choice(NOTES)
        last = position == len(moments) - 1
        tail = f", status: {status}" if last and status else ""
        if rng.random() < 0.7:
            out.line(indent + 2, f"- {{date: {when}, note: {out.text(note, flow=True)}{tail}}}")
        else:
            out.line(indent + 2, f"- date: {when}")
            out.kv(indent + 4, "note", out.text(note))
            if tail:
                out.kv(indent + 4, "status", str(status))


def _flow_step(context: _Context, topic: Topic) -> None:
    """A short step written as a flow mapping, on one line or wrapped over several."""
    out, rng = context.out, context.rng
    due, _ = _due(context)
    names = context.owners(rng.randint(1, 2))
    owners = "[" + ", ".join(out.text(name, flow=True) for name in names) + "]"
    parts = [
        f"action: {out.text(rng.choice(topic.actions), flow=True)}",
        f"due: {out.date(due, flow=True)}",
        f"owners: {owners}",
        f"outcome: {out.text(rng.choice(topic.outcomes), flow=True)}",
        f"measure: {out.text(rng.choice(topic.evidence), flow=True)}",
    ]
    if rng.random() < 0.5:
        parts.append(f"status: {rng.choice(('not-started', 'in-progress'))}")
    if rng.random() < 0.5:
        out.line(10, "- {" + ", ".join(parts) + "}")
        return
    out.line(10, "- {" + parts[0] + ",")
    for part in parts[1:-1]:
        out.line(13, part + ",")
    out.line(13, parts[-1] + "}")


@dataclass
class CorpusTotals:
    """What a corpus holds, as printed after writing it."""

    plans: int = 0
    goals: int = 0
    objectives: int = 0
    steps: int = 0
    size: int = 0
    planted: Counter[str] = field(default_factory=Counter)
    plans_with_problems: int = 0

    def add(self, plan: GeneratedPlan, size: int) -> None:
        self.plans += 1
        self.goals += plan.goals
        self.objectives += plan.objectives
        self.steps += plan.steps
        self.size += size
        self.planted.update(plan.planted)
        self.plans_with_problems += bool(plan.planted)

    def summary(self) -> str:
        planted = ", ".join(f"{rule} {count}" for rule, count in sorted(self.planted.items()))
        return (
            f"{self.plans:,} plans, {self.goals:,} goals, {self.objectives:,} objectives, "
            f"{self.steps:,} steps, {self.size / 1e6:.1f} MB "
            f"({self.size / max(self.plans, 1) / 1e3:.0f} KB a plan); "
            f"{self.plans_with_problems} plans with planted problems ({planted or 'none'})"
        )


def write_corpus(
    folder: Path,
    plans: int,
    seed: int = 1,
    problem_rate: float = 0.05,
    scale: float = 1.0,
) -> CorpusTotals:
    """Write ``plans`` plans into ``folder`` and return the totals."""
    folder.mkdir(parents=True, exist_ok=True)
    totals = CorpusTotals()
    for index in range(1, plans + 1):
        plan = generate_plan(index, seed, problem_rate, scale)
        data = plan.text.encode("utf-8")
        (folder / plan.name).write_bytes(data)
        totals.add(plan, len(data))
    return totals


def main(argv: Sequence[str] | None = None) -> int:
    """Write the corpus and print its totals."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--plans", type=int, default=300, help="how many plans (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--problems",
        type=float,
        default=0.05,
        help="share of plans with planted problems (default 0.05)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="length of long text; 1.0 makes plans of about 50 KB",
    )
    args = parser.parse_args(argv)
    totals = write_corpus(args.out_dir, args.plans, args.seed, args.problems, args.scale)
    print(f"{args.out_dir}: {totals.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
