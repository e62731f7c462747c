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

from planctl.importer import cells
from planctl.importer.columns import Matcher, Target, normalize
from planctl.importer.drafting import (
    _FIELD_LINE,
    _PERIOD,
    INSTRUCTIONS,
    MEASURE_NAMES,
    OWNER_NAMES,
    SKIPPED_STYLES,
    Columns,
    _column_of,
    _Drafting,
    _one_line,
    _Raw,
    _short,
    header_targets,
)
from planctl.importer.drafting import Draft as Draft
from planctl.importer.drafting import NodeDraft as NodeDraft
from planctl.importer.source import Paragraph, Row, Source, Table
from planctl.template import PlanTemplate
from planctl.timeline import TimelineError, parse_month
from planctl.vocabulary.status import plan_status


class Interpreter(_Drafting):
    """Reads a :class:`Source` into a :class:`Draft` for one template."""

    # ------------------------------------------------------------------ entry point

    def run(self) -> Draft:
        """Read every block; the draft is complete afterwards."""
        for block in self.source.blocks:
            if isinstance(block, Table):
                self.table(block)
            else:
                self.paragraph(block)
        self.flush_pending()
        if self.draft.period is None:
            self.period_from_title()
        return self.draft

    def period_from_title(self) -> None:
        """The school year the title or first paragraph names, as the plan's period.

        A plan of one school year often says so only in its title ("2026-2027 School
        Improvement Plan"); without a period "Ongoing" and "Year 1" cannot be placed.
        """
        first = next(
            (block.text for block in self.source.blocks if isinstance(block, Paragraph)), None
        )
        places = [
            ("the title", self.draft.title),
            ("the first paragraph", first),
            ("the first line", self.draft.description[0] if self.draft.description else None),
        ]
        for place, text in places:
            found = cells.school_year(text.split("\n", 1)[0]) if text else None
            if found is None:
                continue
            year, words = found
            start, end = cells.school_year_period(year, self.template.school_year_start)
            self.draft.period = (start, end)
            self.draft.assumed.append(
                f"period: {start} to {end}, the school year '{words}' {place} names "
                "(the document states no period)"
            )
            return

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
        if heading is None and self.listing is not None and paragraph.listed:
            self.listing.append(text)
            return
        self.listing = None
        if heading is None and self.stack and not self.awaiting and self.list_label(text):
            return
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

    def list_label(self, text: str) -> bool:
        """ "Objectives:" alone: a list field of the node, its items in the bullets below."""
        if not text.endswith(":") or "\n" in text:
            return False
        name = normalize(text[:-1])
        node = self.stack[-1]
        for spec in self.template.custom_fields(self.template.levels[node.level].key):
            if spec.type == "list" and (normalize(spec.heading) == name or spec.key == name):
                self.flush_pending()
                self.listing = node.custom[spec.key] = []
                return True
        return False

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
        level_key = self.template.levels[node.level].key
        measure_word = normalize(self.template.field_heading(level_key, "measures", "measure"))
        if name in MEASURE_NAMES or name == measure_word:
            node.measures.append(value)
            return True
        if name in OWNER_NAMES:
            node.owners = cells.split_owners(value)
            self.unsure_owners(node.owners, f"the line '{_short(text, 40)}'")
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
        """planctl's own detail line under a heading: "Responsible: ... · Status: ...".

        Packets of earlier releases started it with "ID G1"; the id is now in the heading.
        """
        pieces = [part.strip() for part in text.split("·")]
        node = self.stack[-1] if self.stack else None
        if node is None:
            self.cover_details(text)
            return
        if pieces[0].startswith("ID "):
            node.id = pieces.pop(0)[3:].strip() or None
        for piece in pieces:
            name, _, value = piece.partition(": ")
            if name == "Responsible" and value:
                # planctl joined the owners with ", ": split there only.
                node.owners = [owner.strip() for owner in value.split(", ") if owner.strip()]
            elif name == "Status" and value:
                node.status = cells.read_status(value, self.template)[0]

    # ------------------------------------------------------------------ tables

    def table(self, table: Table) -> None:
        self.listing = None  # a list field's items end where a table starts
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
                listed = {index: set(items) for index, items in row.listed.items()}
                self.raw = _Raw(table, columns, row.number, values, listed)
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


def interpret(template: PlanTemplate, matcher: Matcher, source: Source) -> Draft:
    """The plan in ``source``, read for ``template``."""
    return Interpreter(template, matcher, source).run()


# ---------------------------------------------------------------------- helpers


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
