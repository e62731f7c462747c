"""The draft a document is read into, and the interpreter's groundwork.

:class:`Draft` and its :class:`NodeDraft` nodes are what reading a document
gives (:mod:`planctl.importer.write` turns them into a plan file).
:class:`_Drafting` holds the interpreter's state and what both paragraphs and
tables lead to: labels and sections, opening and placing nodes, and turning a
step row's cells into a step. :class:`planctl.importer.build.Interpreter`
adds the reading of paragraphs and tables on top.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from planctl.importer import cells
from planctl.importer.columns import Matcher, Target, level_words, normalize
from planctl.importer.source import Row, Source, Table, beyond
from planctl.load import Limits
from planctl.template import PlanTemplate

SKIPPED_STYLES = ("toc", "plan notice", "plan sources", "header", "footer")
INSTRUCTIONS = re.compile(
    r"\b(on its own row|must be (?:defined|identified) for each|comments are optional|"
    r"by adding rows|add (?:more )?rows to the table)\b",
    re.IGNORECASE,
)
# After a level's label: a number ("1", "2.3", "4b"), or a district's id with a digit in it
# and a colon or nothing after it ("G1:", "3.READ:", "G4"), as packets head a node with an id;
# then the title.
_LABEL_REST = re.compile(
    r"\s*(?:#\s*|no\.\s*|number\s+)?"
    r"(?P<num>\d+(?:\.\d+)*[a-z]?\b|(?=[^\s:]*\d)[^\s:]+(?=\s*(?::|$)))?"
    r"\s*(?P<sep>[:.)\-–—])?\s*(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_FIELD_LINE = re.compile(r"(?P<name>[^:\n]{1,80}):\s+(?P<value>.+)", re.DOTALL)
_PERIOD = re.compile(r"(?P<start>[A-Za-z]+ \d{4})\s*[–-]\s*(?P<end>[A-Za-z]+ \d{4})")
OWNER_NAMES = (
    "responsible",
    "owner",
    "person responsible",
    "responsible party",
    "staff responsible",
    "lead",
    "lead person",
    "point person",
    "key player",
)
"""A node's owners on a line of their own ("Lead Person: ..."), normalised."""
MEASURE_NAMES = ("measure", "metric", "evidence")


@dataclass(eq=False)
class NodeDraft:
    """A goal, objective or strategy being built."""

    level: int
    title: str | None = None
    id: str | None = None
    description: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    status: str | None = None
    measures: list[str] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)
    children: list[NodeDraft] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    depth: int = 0
    implicit: str = ""

    def walk(self) -> Iterator[NodeDraft]:
        """This node and every node below it."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Pending:
    """An unlabelled heading waiting to see whether a table or text follows."""

    text: str
    depth: int
    lines: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Columns:
    """A step table's column headings and where each column goes."""

    headings: list[str]
    targets: list[Target | None]

    def heading(self, column: int) -> str:
        text = self.headings[column] if column < len(self.headings) else ""
        return " ".join(text.split()) or f"Column {column + 1}"


@dataclass
class Draft:
    """A plan read from a document, with what the summary reports about the reading."""

    template: PlanTemplate
    source: str
    title: str | None = None
    organization: str | None = None
    period: tuple[str, str] | None = None
    status: str | None = None
    description: list[str] = field(default_factory=list)
    sections: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    roots: list[NodeDraft] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unmapped: dict[str, list[str]] = field(default_factory=dict)
    assumed: list[str] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)
    empty_rows: int = 0
    step_tables: int = 0
    skipped_tables: list[str] = field(default_factory=list)
    rows: int = 0

    def nodes(self) -> Iterator[NodeDraft]:
        """Every goal, objective and strategy, top down."""
        for root in self.roots:
            yield from root.walk()

    def steps(self) -> int:
        """The number of action steps."""
        return sum(len(node.steps) for node in self.nodes())


@dataclass
class _Raw:
    """A step row waiting for the rows that continue it."""

    table: Table
    columns: Columns
    row: int
    values: dict[int, list[str]]
    """Each column's lines, joined when the step is complete (joining as they come is quadratic)."""
    listed: dict[int, set[str]] = field(default_factory=dict)
    """Each column's lines that are list items in the document (bullets under an action)."""


class _Drafting:
    """The state of one reading, and the steps shared by paragraphs and tables."""

    def __init__(self, template: PlanTemplate, matcher: Matcher, source: Source) -> None:
        self.template = template
        self.matcher = matcher
        self.source = source
        self.draft = Draft(template, source.name)
        self.labels = sorted(level_words(template).items(), key=lambda item: -len(item[0]))
        self.steps_level = len(template.levels) - 1
        self.stack: list[NodeDraft] = []
        self.pending: list[Pending] = []
        self.awaiting: NodeDraft | None = None
        self.listing: list[str] | None = None
        """A node's list field whose items follow its label ("Objectives:", then bullets)."""
        self.section: str | None = None
        self.raw: _Raw | None = None
        self.kept = 0
        """Characters of "Heading: text" kept in comments so far."""
        self.helps = {normalize(column.help) for column in template.columns if column.help}
        self.tables_seen: set[int] = set()
        self.custom_steps = {spec.key: spec for spec in template.custom_fields("steps")}
        self.holds_steps = {
            index
            for index, level in enumerate(template.levels[:-1])
            if "steps" in {child.key for child in template.child_levels(level.key)}
        }

    # ------------------------------------------------------------------ labels and sections

    def label(self, text: str, *, heading: bool) -> tuple[int, str | None, str | None] | None:
        """The level, title and number of "Goal 1: ...", "Goal #2", "Strategy:"; None else.

        The number is as written ("1", "G1", "2C"), or None when the label has none.
        """
        first = text.split("\n", 1)[0]
        folded = first.casefold()
        for word, level in self.labels:
            if not folded.startswith(word):
                continue
            after = first[len(word) :]
            if after[:1].isalpha():
                continue
            match = _LABEL_REST.fullmatch(after)
            if match is None:
                continue
            number, separator, rest = match.group("num"), match.group("sep"), match.group("rest")
            if number is None and separator != ":" and not (heading and (separator or not rest)):
                continue
            if number is not None and separator is None and rest and not heading:
                # "Goal 1 will be ..." reads as a sentence, not a heading.
                continue
            lines = [rest, *text.split("\n")[1:]] if "\n" in text else [rest]
            title = " ".join(line.strip() for line in lines if line.strip())
            return level, title or None, number
        return None

    def section_of(self, text: str) -> tuple[str, str] | None:
        """The template's section a paragraph names ("Big Idea:"), with any text after it."""
        if not self.template.sections or "\n" in text:
            return None
        whole = normalize(text)
        for section in self.template.sections:
            if _names_section(whole, section.heading):
                return section.key, ""
        match = _FIELD_LINE.fullmatch(text)
        if match is not None:
            name = normalize(match.group("name"))
            for section in self.template.sections:
                if _names_section(name, section.heading):
                    return section.key, match.group("value").strip()
        return None

    # ------------------------------------------------------------------ nodes

    def open_labelled(
        self, level: int, title: str | None, number: str | None, *, depth: int
    ) -> None:
        self.flush_raw()
        self.flush_pending()
        self.section = None
        del self.stack[level:]
        self.ensure_parents(level, "")
        node = self.add_node(level, title, depth=depth)
        siblings = self.stack[level - 1].children if level else self.draft.roots
        if number is not None and number != str(len(siblings)):
            # "Goal G1" or "Goal 3" written third-from-last: the district's own numbering is
            # its id. A number that is just the node's position needs no id: its label says it.
            node.id = number
        self.awaiting = node if title is None else None

    def add_node(
        self, level: int, title: str | None, *, depth: int, implicit: str = ""
    ) -> NodeDraft:
        node = NodeDraft(level, title, depth=depth, implicit=implicit)
        siblings = self.stack[level - 1].children if level else self.draft.roots
        siblings.append(node)
        del self.stack[level:]
        self.stack.append(node)
        return node

    def ensure_parents(self, level: int, where: str) -> None:
        """Open nodes without titles above ``level`` where the document gives none."""
        while len(self.stack) < level:
            self.add_node(len(self.stack), None, depth=0, implicit=where or "-")

    def push_pending(self, text: str, depth: int) -> None:
        self.flush_raw()
        self.section = None
        self.awaiting = None
        while self.pending and self.pending[-1].depth >= depth:
            self.flush_one(self.pending.pop())
        self.pending.append(Pending(text, depth))

    def flush_pending(self) -> None:
        for pending in self.pending:
            self.flush_one(pending)
        self.pending = []

    def flush_one(self, pending: Pending) -> None:
        """A heading no table followed: a section, or text of the node above."""
        if not pending.lines:
            return
        if self.template.open_sections and not self.stack:
            key = _section_key(pending.text)
            if key:
                self.draft.sections.setdefault(key, []).extend(pending.lines)
                return
        lines = [pending.text, *(text for text, _ in pending.lines)]
        if self.stack:
            self.stack[-1].description.extend(lines)
        else:
            self.draft.description.extend(lines)

    def open_pending(self) -> None:
        """Headings right above a step table become the nodes its steps belong to."""
        if not self.pending:
            return
        heads, self.pending = self.pending, []
        while self.stack and self.stack[-1].depth and self.stack[-1].depth >= heads[0].depth:
            self.stack.pop()
        deepest = self.steps_level - 1
        room = deepest - len(self.stack) + 1
        if room <= 0 and self.stack and heads[0].depth > self.stack[-1].depth:
            # A sub-heading where the template has no level for it: part of the node above.
            for head in heads:
                self.stack[-1].description.extend([head.text, *(t for t, _ in head.lines)])
            return
        if room <= 0:
            del self.stack[deepest:]
            room = 1
        for head in heads[:-room]:
            self.flush_one(head)
        for head in heads[-room:]:
            node = self.add_node(len(self.stack), head.text, depth=head.depth)
            node.description.extend(text for text, _ in head.lines)

    def node_for_steps(self, levels: dict[int, dict[str, str]], where: str) -> NodeDraft:
        """The node a row's steps go to, opening the nodes its level columns name."""
        self.open_pending()
        for level in sorted(levels):
            self.place(level, levels[level], where)
        if not self.stack:
            self.add_node(0, None, depth=0, implicit=where)
        node = self.stack[-1]
        while node.level not in self.holds_steps:
            node = self.add_node(node.level + 1, None, depth=0, implicit=where)
        return node

    def place(self, level: int, values: dict[str, str], where: str) -> None:
        """Make the node a level column names current: the same title continues it."""
        title = values.get("title")
        if title:
            label = self.label(title, heading=True)
            if label is not None and label[0] == level and label[1]:
                title = label[1]
            title = _one_line(title)
        node_id = values.get("id")
        current = self.stack[level] if len(self.stack) > level else None
        if not title and not node_id:
            # Only the level's own fields: they belong to the node above ("as above").
            self.ensure_parents(level + 1, where)
        elif current is None or not _same(current, title, node_id):
            self.ensure_parents(level, where)
            siblings = self.stack[level - 1].children if level else self.draft.roots
            found = next((node for node in siblings if _same(node, title, node_id)), None)
            if found is not None:
                del self.stack[level:]
                self.stack.append(found)
            else:
                self.add_node(level, title, depth=0)
        node = self.stack[level]
        if node_id and not node.id:
            node.id = node_id
        spec_types = {
            spec.key: spec.type
            for spec in self.template.custom_fields(self.template.levels[level].key)
        }
        for key, text in values.items():
            if key in spec_types and key not in node.custom:
                node.custom[key] = cells.split_list(text) if spec_types[key] == "list" else text

    # ------------------------------------------------------------------ step rows

    def continue_raw(self, row: Row, texts: list[str]) -> None:
        assert self.raw is not None
        for index, text in enumerate(texts):
            if not text or index in row.continued:
                continue
            self.raw.values.setdefault(index, []).append(text)
            self.raw.listed.setdefault(index, set()).update(row.listed.get(index, ()))

    def flush_raw(self) -> None:
        raw, self.raw = self.raw, None
        if raw is None:
            return
        where = raw.table.where(raw.row)
        step: dict[str, Any] = {}
        levels: dict[int, dict[str, str]] = {}
        extra: list[str] = []
        for index, lines in sorted(raw.values.items()):
            text = "\n".join(lines)
            target = raw.columns.targets[index] if index < len(raw.columns.targets) else None
            heading = raw.columns.heading(index)
            if target is None:
                self.extra(extra, heading, text)
            elif target.kind == "level":
                levels.setdefault(target.level, {})[target.field] = text
            elif target.kind == "step":
                where_cell = f"{where}, {_short(heading)}"
                if target.field == "action":
                    text, tasks = split_tasks(text, raw.listed.get(index, set()))
                    if tasks:
                        step["tasks"] = tasks
                self.step_field(step, target.field, text, where_cell, extra, heading)
        place = raw.table.place or "the sheet"
        if not step and not extra:
            if levels:
                self.node_for_steps(levels, place)
            return
        node = self.node_for_steps(levels, place)
        if extra:
            step["comments"] = "\n".join([*filter(None, [step.get("comments")]), *extra])
        node.steps.append(step)
        self.draft.rows += 1

    def extra(self, extra: list[str], heading: str, text: str) -> None:
        """Keep a cell the plan has no field for as "Heading: text" in the step's comments.

        The heading is repeated for every such cell, so this is where a small document could
        make a huge plan: what is kept is counted, and the import stops once it is more than a
        plan file may hold.
        """
        self.kept += len(heading) + len(text) + 2
        limit = Limits().max_bytes
        if self.kept > limit:
            raise beyond(
                f"the plan made from {self.source.name} would be larger than "
                f"{limit // 1048576} MB (its columns planctl has no field for are kept in each "
                "step's comments, under their headings)",
                f"{limit // 1048576} MB a plan file",
                "the most planctl validate reads",
                'map the columns with --map "Heading=field", or import the document in parts',
            )
        extra.append(f"{heading}: {text}")

    def step_field(
        self,
        step: dict[str, Any],
        name: str,
        text: str,
        where: str,
        extra: list[str],
        heading: str,
    ) -> None:
        """Put one cell's text into a step, read as the field it is."""
        template = self.template
        custom = self.custom_steps
        if name == "due":
            reading = cells.read_due(text, template.school_year_start)
            if any(key in step for key in reading.fields):
                self.extra(extra, heading, text)
                return
            step.update(reading.fields)
            self.draft.notes.extend(f"{where}: '{item}' kept as written" for item in reading.unread)
        elif name == "dates":
            step["dates"] = [*step.get("dates", []), *cells.split_list(text)]
        elif name == "owners":
            owners = cells.split_owners(text)
            step["owners"] = [*step.get("owners", []), *owners]
            self.unsure_owners(owners, where)
        elif name in ("resources", "tags", "aligns_to"):
            step[name] = [*step.get(name, []), *cells.split_list(text)]
        elif name == "measure":
            measure = cells.read_measure(text)
            step["measure"] = measure
            target = measure.get("target") if isinstance(measure, dict) else None
            by = target.get("by") if isinstance(target, dict) else None
            if by and not cells.readable(by, template.school_year_start):
                self.draft.notes.append(f"{where}: target date '{by}' kept as written")
        elif name == "cost":
            cost = cells.read_cost(text, template.currency)
            if cost is None:
                self.extra(extra, heading, text)
                self.draft.notes.append(
                    f"{where}: '{_short(text)}' is not one amount; kept in comments"
                )
            else:
                step["cost"] = cost
        elif name == "status":
            text, counted = cells.split_tasks_count(text)
            if counted:
                # The count is the packet's summary of the step's checklist, not a status.
                self.draft.notes.append(
                    f"{where}: '{counted}' counts the step's tasks; the tasks are not imported"
                )
            if not text:
                return
            status, known = cells.read_status(text, template)
            step["status"] = status
            if not known:
                self.draft.notes.append(
                    f"{where}: '{_short(text)}' is not a status planctl knows; kept as written"
                )
        elif name == "repeat":
            folded = text.casefold()
            step["repeat"] = folded if folded in cells.REPEATS else text
        elif name in custom and custom[name].type == "list":
            step[name] = cells.split_list(text)
        elif name in custom and custom[name].type == "number":
            number = cells.read_number(text)
            step[name] = text if number is None else number
        elif name == "comments" and step.get("comments"):
            step["comments"] = f"{step['comments']}\n{text}"
        elif name in ("start", "completed"):
            step[name] = _one_line(text)
            if not cells.readable(step[name], template.school_year_start):
                self.draft.notes.append(f"{where}: '{_short(text)}' kept as written")
        elif name in ("action", "id", "phase"):
            step[name] = _one_line(text) if name != "action" else text
        else:
            step[name] = text

    def unsure_owners(self, owners: list[str], where: str) -> None:
        """List the owners that may be several names with no separator between them."""
        self.draft.notes.extend(
            f"{where}: '{_short(owner)}' kept as one owner; if it names more than one, "
            "separate them with commas"
            for owner in owners
            if cells.run_together(owner)
        )


_TYPED_BULLET = re.compile(r"^(?:[•▪◦●○■□☐☑✓✔➢➤►·]|[*–o-](?=\s))\s*")
"""A bullet typed before a line's text ("• Order books", "- Order books", "o Order books").

A hyphen, an asterisk, a dash or an "o" is a bullet only with a space after it ("-5 points" is
not a list item)."""


def split_tasks(text: str, listed: set[str]) -> tuple[str, list[str]]:
    """An action cell's text, and the bullets under it as tasks.

    The lines after the first that are list items in the document (``listed``) or start with a
    typed bullet become the step's checklist; the first line, and any line that is neither, stay
    the action. A cell that is all bullets is left whole: it names no action to hold them.
    """
    lines = text.split("\n")
    if len(lines) < 2:
        return text, []
    kept = [lines[0]]
    tasks: list[str] = []
    for line in lines[1:]:
        typed = _TYPED_BULLET.match(line)
        if line in listed or typed:
            item = line[typed.end() :] if typed else line
            if item.strip():
                tasks.append(item.strip())
                continue
        kept.append(line)
    if not tasks:
        return text, []
    return "\n".join(kept), tasks


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 60) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _same(node: NodeDraft, title: str | None, node_id: str | None) -> bool:
    if node_id and node.id:
        return node.id == node_id
    if title:
        return node.title == title
    return node_id is not None and node.id == node_id


def _column_of(columns: Columns, name: str) -> int | None:
    for index, target in enumerate(columns.targets):
        if target is not None and target.kind == "step" and target.field == name:
            return index
    return None


def header_targets(matcher: Matcher, texts: list[str]) -> list[Target | None] | None:
    """Each column's target, when the row is a row of headings: two or more, and at least
    half of its filled cells, are headings planctl knows. ``None`` for any other row."""
    filled = [text for text in texts if text]
    if len(filled) < 2 or any(len(text) > 120 for text in filled):
        return None
    allowed = len(filled) // 2  # unknown cells a heading row may have
    unknown = 0
    targets: list[Target | None] = []
    for text in texts:
        target = matcher.match(text) if text else None
        if text and target is None:
            unknown += 1
            if unknown > allowed:
                return None
        targets.append(target)
    return targets if len(filled) - unknown >= 2 else None


def _names_section(name: str, heading: str) -> bool:
    """Whether the normalised ``name`` names the section ``heading``."""
    if not name:
        return False
    full = normalize(heading)
    if name == full:
        return True
    if ":" in heading and name == normalize(heading.rsplit(":", 1)[1]):
        return True
    return len(full.split()) >= 4 and name.startswith(full)


def _section_key(heading: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", heading.casefold()).strip("_")
    if key and not key[0].isalpha():
        key = f"section_{key}"
    return key
