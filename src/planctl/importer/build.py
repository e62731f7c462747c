"""From paragraphs and tables to a plan: goals, objectives or strategies, and their steps.

The document is read in order, as a person reads it:

* **Labelled headings** open a node of the template's level they name: "Goal 1: ...",
  "Goal #2", "Objective 2: ...", "Strategy:" (the title then comes in the next paragraph or
  table row). They may be Word headings or ordinary paragraphs, or a table row holding only
  that text. A template with a single level above its steps takes "Goal", "Objective",
  "Strategy" and "Priority" for that level.
* **Other headings** (Word's Heading 1-9 styles) wait to see what follows: a step table makes
  them the title of a node (one level below the labelled node above them, when the template
  has one); text makes them a narrative section (a heading the template names, or any heading
  in a template with open sections), or else part of the description of the node above.
* **Step tables** are tables whose first row (after any heading rows) holds column headings
  planctl knows (:mod:`planctl.importer.columns`); every later row is an action step of the
  current node. A table with no heading above it starts an implicit goal with no title (the
  plan file says so, and ``planctl validate`` asks for one). The template's instruction rows
  ("Define each action step on its own row. ...") and empty rows are skipped; a row that
  repeats the headings starts the table's columns again.
* **Merged cells.** A cell merged across columns is read once. A cell merged down several rows
  applies to each of them (Word shows one date or person for all those steps); when the action
  cell itself continues from the row above, the row adds lines to the step above instead.
* **Spreadsheets** are tables too. Columns named after a level ("Goal", "Objective") place each
  row's step, rows with the same title going to the same node and a blank cell meaning "as
  above". Without such columns, a row with text only in its first column is a goal heading
  ("grouped rows"), unless every row is like that (a list of actions only). Single cells
  above the heading row give the plan's title.
* **Paragraphs** under a node: "Measure: ...", "Responsible: ..." and the template's own
  fields ("Connections to the Profile of the Graduate: ...") fill in the node; other text is
  its description. Text before the first goal is the plan's description.

planctl's own Word packets carry a little more, which is read back: the cover's organization,
period and status, and each node's id, owners and status.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from planctl.importer import cells
from planctl.importer.columns import Matcher, Target, level_words, normalize
from planctl.importer.source import Paragraph, Row, Source, Table, beyond
from planctl.load import Limits
from planctl.template import PlanTemplate
from planctl.timeline import TimelineError, parse_month
from planctl.vocabulary.status import plan_status

SKIPPED_STYLES = ("toc", "plan notice", "plan sources", "header", "footer")
INSTRUCTIONS = re.compile(
    r"\b(on its own row|must be (?:defined|identified) for each|comments are optional|"
    r"by adding rows|add (?:more )?rows to the table)\b",
    re.IGNORECASE,
)
_LABEL_REST = re.compile(
    r"\s*(?:#\s*|no\.\s*|number\s+)?(?P<num>\d+(?:\.\d+)*[a-z]?\b)?\s*(?P<sep>[:.)\-–—])?\s*(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_FIELD_LINE = re.compile(r"(?P<name>[^:\n]{1,80}):\s+(?P<value>.+)", re.DOTALL)
_PERIOD = re.compile(r"(?P<start>[A-Za-z]+ \d{4})\s*[–-]\s*(?P<end>[A-Za-z]+ \d{4})")
OWNER_NAMES = ("responsible", "owner", "person responsible", "lead", "key player")
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


class Interpreter:
    """Reads a :class:`Source` into a :class:`Draft` for one template."""

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

    # ------------------------------------------------------------------ entry point

    def run(self) -> Draft:
        """Read every block; the draft is complete afterwards."""
        for block in self.source.blocks:
            if isinstance(block, Table):
                self.table(block)
            else:
                self.paragraph(block)
        self.flush_pending()
        return self.draft

    # ------------------------------------------------------------------ paragraphs

    def paragraph(self, paragraph: Paragraph) -> None:
        style, text = paragraph.style, paragraph.text
        if style.startswith(SKIPPED_STYLES):
            return
        if style == "letterhead":
            self.draft.organization = self.draft.organization or _one_line(text)
            return
        if paragraph.heading == 0:
            if self.draft.title is None:
                self.draft.title = _one_line(text)
                return
            paragraph = Paragraph(text, style, 1, paragraph.listed)
        if style == "subtitle" and not self.draft.roots and self.cover_details(text):
            return
        if style == "plan details":
            self.details(text)
            return
        heading = paragraph.heading
        label = self.label(text, heading=heading is not None)
        if label is not None:
            self.open_labelled(*label, depth=heading or 0)
            return
        if (
            heading is None
            and self.stack
            and not self.awaiting
            and not self.pending
            and self.node_field(self.stack[-1], text)
        ):
            return
        section = self.section_of(text)
        if section is not None:
            self.flush_pending()
            self.awaiting = None
            key, inline = section
            self.section = key
            self.draft.sections.setdefault(key, [])
            if inline:
                self.draft.sections[key].append((inline, paragraph.listed))
            return
        if heading is not None:
            if heading <= 1 and self.draft.title is None and not self.draft.roots:
                self.draft.title = _one_line(text)
                return
            if heading <= 1 and _one_line(text) == self.draft.title and not self.draft.roots:
                return
            self.push_pending(_one_line(text), heading)
            return
        self.text(text, paragraph.listed)

    def text(self, text: str, listed: bool) -> None:
        """A paragraph that is neither a heading nor a label."""
        if self.awaiting is not None:
            self.awaiting.title = _one_line(text)
            self.awaiting = None
            return
        if self.pending:
            self.pending[-1].lines.append((text, listed))
            return
        if self.section is not None:
            self.draft.sections[self.section].append((text, listed))
            return
        if self.stack and self.node_field(self.stack[-1], text):
            return
        if self.stack:
            self.stack[-1].description.append(text)
        else:
            self.draft.description.append(text)

    def node_field(self, node: NodeDraft, text: str) -> bool:
        """ "Measure: ...", "Responsible: ..." or a field of the template, filled in."""
        match = _FIELD_LINE.fullmatch(text)
        if match is None:
            return False
        name, value = normalize(match.group("name")), match.group("value").strip()
        for spec in self.template.custom_fields(self.template.levels[node.level].key):
            if normalize(spec.heading) == name or spec.key == name:
                if spec.type == "list":
                    node.custom[spec.key] = cells.split_list(value)
                elif spec.type == "number":
                    number = cells.read_number(value)
                    node.custom[spec.key] = value if number is None else number
                else:
                    node.custom[spec.key] = value
                return True
        if name in MEASURE_NAMES:
            node.measures.append(value)
            return True
        if name in OWNER_NAMES:
            node.owners = cells.split_owners(value)
            return True
        return False

    def cover_details(self, text: str) -> bool:
        """ "April 2013 – June 2014 · Adopted": the plan's period and status, if it says."""
        found = False
        for piece in (part.strip() for part in text.split("·")):
            status = plan_status(piece)
            period = _PERIOD.fullmatch(piece)
            if status:
                self.draft.status = self.draft.status or status
                found = True
            elif period:
                try:
                    start = parse_month(period.group("start"))[0]
                    end = parse_month(period.group("end"))[0]
                except TimelineError:
                    continue
                self.draft.period = self.draft.period or (f"{start:%Y-%m}", f"{end:%Y-%m}")
                found = True
        return found

    def details(self, text: str) -> None:
        """planctl's own detail line under a heading: "ID G1 · Responsible: ... · Status: ..."."""
        pieces = [part.strip() for part in text.split("·")]
        node = self.stack[-1] if self.stack else None
        if node is None or not pieces[0].startswith("ID "):
            if node is None:
                self.cover_details(text)
            return
        node.id = pieces[0][3:].strip() or None
        for piece in pieces[1:]:
            name, _, value = piece.partition(": ")
            if name == "Responsible" and value:
                # planctl joined the owners with ", ": split there only.
                node.owners = [owner.strip() for owner in value.split(", ") if owner.strip()]
            elif name == "Status" and value:
                node.status = cells.read_status(value, self.template)[0]

    # ------------------------------------------------------------------ labels and sections

    def label(self, text: str, *, heading: bool) -> tuple[int, str | None] | None:
        """The level and title of "Goal 1: ...", "Goal #2", "Strategy:"; None for other text."""
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
            return level, title or None
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

    def open_labelled(self, level: int, title: str | None, *, depth: int) -> None:
        self.flush_raw()
        self.flush_pending()
        self.section = None
        del self.stack[level:]
        self.ensure_parents(level, "")
        node = self.add_node(level, title, depth=depth)
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

    # ------------------------------------------------------------------ tables

    def table(self, table: Table) -> None:
        self.flush_raw()
        self.section = None
        if not table.sheet:
            self.awaiting = None
        columns: Columns | None = None
        fresh = False  # no step read since the headings
        previous: list[str] = []
        grouped = table.sheet and _grouped(table, self)
        for row in table.rows:
            texts = list(row.cells)
            for column in row.continued:
                if column < len(previous):
                    texts[column] = previous[column]
            if not any(row.cells):
                previous = texts
                self.draft.empty_rows += 1
                continue
            filled = [(index, text) for index, text in enumerate(texts) if text]
            found = self.columns_of(texts, table, row.number)
            if found is not None:
                self.flush_raw()
                columns = found
                fresh = True
                self.open_pending()
                if table.number not in self.tables_seen:
                    self.tables_seen.add(table.number)
                    self.draft.step_tables += 1
                previous = texts
                continue
            if self.heading_row(table, row, filled, columns, grouped):
                previous = texts
                continue
            if columns is None:
                if table.sheet:
                    previous = texts
                    self.before_header(filled)
                    continue
                break
            if fresh and self.instruction(filled):
                # The template's instructions come right below its headings.
                self.draft.instructions.append(table.where(row.number))
                previous = texts
                continue
            fresh = False
            action = _column_of(columns, "action")
            if action is not None and action in row.continued and self.raw is not None:
                self.continue_raw(row, texts)
            else:
                self.flush_raw()
                values = {index: [text] for index, text in filled}
                self.raw = _Raw(table, columns, row.number, values)
            previous = texts
        self.flush_raw()
        if columns is None:
            self.draft.skipped_tables.append(table.place or "the sheet")
            self.flush_pending()

    def columns_of(self, texts: list[str], table: Table, number: int) -> Columns | None:
        """The row's columns, when it is a row of column headings planctl knows."""
        found = header_targets(self.matcher, texts)
        if found is None:
            return None
        targets = list(found)
        filled = [index for index, text in enumerate(texts) if text]
        seen: set[Target] = set()
        for index, target in enumerate(targets):
            if target is None or target.kind in ("number", "ignore"):
                continue
            if target in seen:
                targets[index] = None  # a second "Due" column: kept in comments
            seen.add(target)
        has_action = any(t is not None and t.field == "action" for t in targets)
        if not has_action:
            first = next((index for index in filled if targets[index] is None), None)
            if first is not None:
                targets[first] = Target("step", "action")
                self.draft.assumed.append(
                    f"{table.where(number)}: '{_short(texts[first])}' taken as the action column"
                )
        for index in filled:
            if targets[index] is None:
                heading = " ".join(texts[index].split())
                places = self.draft.unmapped.setdefault(heading, [])
                place = table.place or "the sheet"
                if place not in places:
                    places.append(place)
        return Columns(texts, targets)

    def heading_row(
        self,
        table: Table,
        row: Row,
        filled: list[tuple[int, str]],
        columns: Columns | None,
        grouped: bool,
    ) -> bool:
        """A row that is a heading ("Goal 1: ...", "Strategy:", a full-width title)."""
        distinct = {text for _, text in filled}
        if len(distinct) != 1:
            return False
        index, text = filled[0]
        if index != 0 and not row.full:
            return False
        label = self.label(text, heading=row.full)
        if label is not None:
            self.open_labelled(*label, depth=0)
            return True
        if self.awaiting is not None:
            self.awaiting.title = _one_line(text)
            self.awaiting = None
            return True
        if row.full or (columns is None and not table.sheet):
            self.flush_raw()
            self.push_pending(_one_line(text), 99)
            if columns is not None:
                self.open_pending()
            return True
        if grouped and columns is not None:
            self.flush_raw()
            del self.stack[0:]
            self.add_node(0, _one_line(text), depth=0)
            return True
        return False

    def before_header(self, filled: list[tuple[int, str]]) -> None:
        """Spreadsheet rows above the headings: the plan's title, then its description."""
        if len(filled) == 1 and self.draft.title is None:
            self.draft.title = _one_line(filled[0][1])
        else:
            self.draft.description.append(" ".join(text for _, text in filled))

    def instruction(self, filled: list[tuple[int, str]]) -> bool:
        hits = sum(
            1 for _, text in filled if INSTRUCTIONS.search(text) or normalize(text) in self.helps
        )
        return hits > 0 and hits * 2 >= len(filled)

    def continue_raw(self, row: Row, texts: list[str]) -> None:
        assert self.raw is not None
        for index, text in enumerate(texts):
            if not text or index in row.continued:
                continue
            self.raw.values.setdefault(index, []).append(text)

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
            step["owners"] = [*step.get("owners", []), *cells.split_owners(text)]
        elif name in ("resources", "tags"):
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
        elif name in ("action", "id", "phase", "start", "completed"):
            step[name] = _one_line(text) if name != "action" else text
        else:
            step[name] = text


def interpret(template: PlanTemplate, matcher: Matcher, source: Source) -> Draft:
    """The plan in ``source``, read for ``template``."""
    return Interpreter(template, matcher, source).run()


# ---------------------------------------------------------------------- helpers


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


def _grouped(table: Table, interpreter: Interpreter) -> bool:
    """Grouped rows: a sheet without level columns whose steps fill more than one cell."""
    header_seen = False
    several = False
    for row in table.rows:
        filled = [text for text in row.cells if text]
        if not filled:
            continue
        columns = None if header_seen else header_targets(interpreter.matcher, row.cells)
        if columns is not None:
            if any(t is not None and t.kind == "level" for t in columns):
                return False
            header_seen = True
            continue
        if header_seen and len(filled) > 1:
            several = True
    return several


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
