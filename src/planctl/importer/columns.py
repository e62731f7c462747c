"""Column headings matched to plan fields.

A district's table says "Person/Area Responsible", a spreadsheet says "Owner", the template
says "Person(s) Responsible": all three are ``owners``. Headings are compared after
:func:`normalize` (case, punctuation, "(s)" and plural endings do not matter), in this order:

1. the user's own ``--map "Heading=field"``: any step field (``description`` and ``aligns_to``
   too), a district field of the template (its key or its heading; a level's field alone, as
   ``vision``, or as ``goals.vision``), a level's title or id (``goals``, ``goals.id``), or
   ``ignore``;
2. the template's own column headings, then the headings of its custom step fields;
3. the template's levels: a "Goal", "Objective" or "Strategy" column (its label, plural or key,
   optionally followed by "title", "name", "ID", "#"); the district's fields of that level
   ("Vision" in the plan-on-a-page template);
4. :data:`SYNONYMS`, the words real plans use;
5. row numbers ("#", "No.", "Step #"), which are dropped: the order of the rows is the number.

A heading that matches nothing is *unmapped*; its text is kept in the step's ``comments`` as
"Heading: text". Headings with a trailing note in parentheses ("Timeline (month and year)") or
after a colon are tried without it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from planctl.errors import UserError
from planctl.template import STEP_FIELDS, CustomField, PlanTemplate

Kind = Literal["step", "level", "number", "ignore"]

SYNONYMS: dict[str, tuple[str, ...]] = {
    "action": (
        "Action Steps",
        "Key Action Steps",
        "Action Items",
        "Action",
        "Actions",
        "Step",
        "Task",
        "Activity",
        "Activities",
    ),
    "owners": (
        "Person(s) Responsible",
        "Person/Area Responsible",
        "Person Responsible",
        "Responsible Person",
        "Staff Responsible",
        "Responsible Staff",
        "Responsible Party",
        "Responsible Parties",
        "Who Is Responsible",
        "Who's Responsible",
        "Owner",
        "Lead",
        "Lead Person",
        "Lead Staff",
        "Point Person",
        "Point of Contact",
        "Contact Person",
        "Led By",
        "Assigned To",
        "Accountable",
        "Person Accountable",
        "Responsible",
        "Responsibility",
        "Who",
        "Key Players",
    ),
    "due": (
        "Timeline",
        "Due",
        "Due Date",
        "Completion Date",
        "End Date",
        "By When",
        "Deadline",
        "Target Date",
        "Timeframe",
        "Time Frame",
        "When",
    ),
    "start": ("Start", "Start Date", "Begin", "Begin Date"),
    "measure": (
        "Evidence",
        "Evidence of Progress",
        "Evidence of Success",
        "Data Source",
        "Data Source, Baseline & Target",
        "Data Source and Evaluation Methodology",
        "Source(s) of Data to Measure Effectiveness",
        "Measure",
        "Measure of Success",
        "Metrics",
        "Evaluation",
    ),
    "outcome": ("Expected Outcome", "Outcome", "Expected Result", "Result", "Deliverable"),
    "cost": ("Cost", "Anticipated Costs", "Budget", "Estimated Cost", "Amount"),
    "benefits": ("Anticipated Benefits/Indicators of Success", "Benefits", "Indicators of Success"),
    "resources": ("Resources", "Resources Needed", "Materials"),
    "comments": ("Comments", "Notes", "Comment", "Remarks"),
    "status": ("Status", "Progress"),
    "completed": ("Completed", "Date Completed", "Completed On"),
    "phase": ("Phase",),
    "tags": ("Tags",),
    "id": ("ID", "Step ID"),
}
NUMBER_HEADINGS = ("#", "No.", "No", "Number", "Step #", "Step No.", "Item #", "Row")
IGNORE_WORDS = ("ignore", "skip", "none", "-")
QUALIFIERS = ("", " title", " name", " description")
ID_QUALIFIERS = (" id", " #", " no.", " number")
MAPPABLE_STEP_FIELDS = (
    "id",
    STEP_FIELDS[0],
    "description",
    *(name for name in STEP_FIELDS[1:] if name != "updates"),
    "aligns_to",
)
"""Every step field a column can fill: all but ``updates`` and ``silence``, which are not text."""


def normalize(text: str) -> str:
    """A heading reduced to lower-case words without punctuation or plural endings.

    "Person(s) Responsible" and "persons responsible" are the same; "Data Source, Baseline &
    Target" is "data source baseline and target".
    """
    folded = text.casefold().replace("(s)", "s").replace("#", " number ").replace("&", " and ")
    words = re.findall(r"[^\W_]+", folded)
    return " ".join(
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        for word in words
    )


def _variants(heading: str) -> list[str]:
    """The heading, then without a note in parentheses, then before a colon."""
    forms = [heading]
    bare = re.sub(r"\([^)]*\)", " ", heading).strip()
    if bare and bare != heading:
        forms.append(bare)
    if ":" in heading:
        head = heading.split(":", 1)[0].strip()
        if head:
            forms.append(head)
    return forms


@dataclass(frozen=True)
class Target:
    """Where a column's text goes: a step field, a level's title or field, or nowhere."""

    kind: Kind
    field: str = ""
    level: int = -1


class BadMapping(UserError):
    """A ``--map`` option that cannot be used."""


@dataclass
class Matcher:
    """Matches headings to targets for one template and one set of ``--map`` options."""

    template: PlanTemplate
    user: dict[str, Target] = field(default_factory=dict)
    known: dict[str, Target] = field(default_factory=dict)
    cache: dict[str, Target | None] = field(default_factory=dict)

    @classmethod
    def build(cls, template: PlanTemplate, mappings: Sequence[str]) -> Matcher:
        """A matcher; raises :class:`BadMapping` for a ``--map`` it cannot use."""
        matcher = cls(template)
        table = matcher.known
        # Later entries never replace earlier ones: the template's own words win.
        custom_steps = {spec.key for spec in template.custom_fields("steps")}
        for column in template.columns:
            if column.field in MAPPABLE_STEP_FIELDS or column.field in custom_steps:
                _put(table, column.heading, Target("step", column.field))
        for spec in template.custom_fields("steps"):
            _put(table, spec.heading, Target("step", spec.key))
        for index, level in enumerate(template.levels[:-1]):
            for word in _level_words(template, index):
                for qualifier in QUALIFIERS:
                    _put(table, word + qualifier, Target("level", "title", index))
                for qualifier in ID_QUALIFIERS:
                    _put(table, word + qualifier, Target("level", "id", index))
            for spec in template.custom_fields(level.key):
                _put(table, spec.heading, Target("level", spec.key, index))
        for name, headings in SYNONYMS.items():
            for heading in headings:
                _put(table, heading, Target("step", name))
        for heading in NUMBER_HEADINGS:
            _put(table, heading, Target("number"))
        for mapping in mappings:
            heading, target = matcher._parse(mapping)
            matcher.user[normalize(heading)] = target
        return matcher

    def match(self, heading: str) -> Target | None:
        """The target of a column heading, or ``None`` when it is unmapped."""
        if heading in self.cache:
            return self.cache[heading]
        found = self._match(heading)
        if len(self.cache) < 10_000:
            self.cache[heading] = found
        return found

    def _match(self, heading: str) -> Target | None:
        for form in _variants(heading):
            key = normalize(form)
            if key in self.user:
                return self.user[key]
        for form in _variants(heading):
            key = normalize(form)
            if key in self.known:
                return self.known[key]
        return None

    def fields(self) -> list[str]:
        """Names ``--map`` accepts, for its error messages."""
        names = list(MAPPABLE_STEP_FIELDS)
        names.extend(spec.key for spec in self.template.custom_fields("steps"))
        for level in self.template.levels[:-1]:
            names.append(level.key)
            names.append(f"{level.key}.id")
            names.extend(
                f"{level.key}.{spec.key}" for spec in self.template.custom_fields(level.key)
            )
        names.append("ignore")
        return names

    def _parse(self, mapping: str) -> tuple[str, Target]:
        if "=" not in mapping:
            raise BadMapping(
                f"--map '{mapping}' should be written 'Heading=field', for example "
                "'--map \"Lead Person=owners\"'"
            )
        heading, _, name = mapping.rpartition("=")
        heading, name = heading.strip(), name.strip()
        if not heading:
            raise BadMapping(f"--map '{mapping}' names no column heading before '='")
        if not name:
            raise BadMapping(f"--map '{mapping}' names no field after '='")
        target = self._target(name)
        if target is None:
            choices = self.fields()
            close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "fields: " + ", ".join(choices)
            raise BadMapping(f"--map '{mapping}': '{name}' is not a field of this template; {hint}")
        return heading, target

    def _target(self, name: str) -> Target | None:
        lowered = name.casefold()
        if lowered in IGNORE_WORDS:
            return Target("ignore")
        if lowered in MAPPABLE_STEP_FIELDS:
            return Target("step", lowered)
        custom = _named(self.template.custom_fields("steps"), name)
        if custom is not None:
            return Target("step", custom)
        if "." not in name:
            # A district field of a level named alone ("vision"), when only one level has it.
            found = [
                Target("level", key, index)
                for index, level in enumerate(self.template.levels[:-1])
                if (key := _named(self.template.custom_fields(level.key), name)) is not None
            ]
            if len(found) == 1:
                return found[0]
        level_part, _, field_part = name.partition(".")
        for index in range(len(self.template.levels) - 1):
            words = {word.casefold() for word in _level_words(self.template, index)}
            if level_part.casefold() not in words:
                continue
            if not field_part or field_part.casefold() == "title":
                return Target("level", "title", index)
            if field_part.casefold() == "id":
                return Target("level", "id", index)
            level = self.template.levels[index]
            key = _named(self.template.custom_fields(level.key), field_part)
            if key is not None:
                return Target("level", key, index)
        return None


def _named(specs: Iterable[CustomField], name: str) -> str | None:
    """The key of the district field ``name`` names: its key or its heading, in any case."""
    folded, words = name.casefold(), normalize(name)
    for spec in specs:
        if spec.key.casefold() == folded or normalize(spec.heading) == words:
            return spec.key
    return None


def _put(table: dict[str, Target], heading: str, target: Target) -> None:
    table.setdefault(normalize(heading), target)


def _level_words(template: PlanTemplate, index: int) -> Iterable[str]:
    level = template.levels[index]
    return dict.fromkeys((level.label, level.plural_label, level.key))


def level_words(template: PlanTemplate) -> dict[str, int]:
    """Words that name a level in a heading ("Goal 1: ..."), casefolded, to the level's index.

    The template's own labels come first. "Goal", "Objective", "Strategy" and "Priority" name
    the top level of a template with a single level above the steps, whatever it is called.
    """
    words: dict[str, int] = {}
    for index in range(len(template.levels) - 1):
        for word in _level_words(template, index):
            words.setdefault(word.casefold(), index)
    if len(template.levels) == 2:
        for word in ("goal", "goals", "objective", "objectives", "strategy", "strategies"):
            words.setdefault(word, 0)
        words.setdefault("priority", 0)
        words.setdefault("priorities", 0)
    return words
