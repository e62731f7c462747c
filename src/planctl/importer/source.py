"""What a reader hands on: a document as paragraphs and tables of plain text, in order.

The Word and spreadsheet readers know their file formats and nothing about plans; the
interpreter (:mod:`planctl.importer.build`) knows plans and nothing about file formats. Between
them is this small model: text only, already cleaned (:func:`planctl.importer.cells.clean`).

The limits on what is read live here too. They bound the work by what is actually read, not by
what a file claims about itself, and each is many times what a real plan needs (a district's
Word plan is a few hundred KB with a few hundred table rows). A file past one is refused, before
anything is written, with a line that names the limit; the limits are fixed, so the way on is to
copy the plan's part of the document into a new file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from planctl.errors import UserError

MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused before they are read."""
MAX_PARTS = 10_000
"""Parts (zip members) a .docx or .xlsx may have; Word writes a few dozen."""
MAX_UNPACKED = 64 * 1024 * 1024
"""Bytes all the parts of a .docx or .xlsx may unpack to, counted as they are unpacked."""
MAX_XML = 32 * 1024 * 1024
"""Bytes the XML parts may unpack to: the reader holds them parsed, at some 15 times the size."""
MAX_ROWS = 20_000
"""Table or spreadsheet rows read in all; a plan has hundreds."""
MAX_PARAGRAPHS = 50_000
"""Paragraphs outside tables; a 200-page document has a few thousand."""
MAX_COLUMNS = 200
"""Columns a table or spreadsheet row may fill; an action-step table has a handful."""
MAX_CELLS = 1_000_000
"""Cells read in all, empty ones included; a plan's tables have a few thousand."""
MAX_CELL = 100_000
"""Characters in one cell or paragraph (some 30 pages of text)."""
MAX_TEXT = 16_000_000
"""Characters read in all: a plan file holding more would pass the size planctl validate reads."""

ADVICE = "copy the plan's tables into a new file and import that"

Kind = Literal["docx", "csv", "xlsx"]


class CannotImport(UserError):
    """The file cannot be imported; the message says why and what to do."""


def beyond(found: str, limit: str, why: str, advice: str = ADVICE) -> CannotImport:
    """The refusal of a file past a limit: what was found, the limit, why it is fixed, what to do.

    ``found`` starts with the file's name ("plan.docx has more than 20,000 table rows"); the
    line reads "...; the import limit is LIMIT (fixed: WHY), so ADVICE".
    """
    return CannotImport(f"{found}; the import limit is {limit} (fixed: {why}), so {advice}")


class Budget:
    """What a reader has read so far; refuses the file the moment a limit is passed.

    The readers call :meth:`row`, :meth:`paragraph`, :meth:`columns` and :meth:`text` as they go,
    so a hostile file is stopped after at most one limit's worth of work.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = 0
        self.paragraphs = 0
        self.cells = 0
        self.characters = 0

    def row(self, what: str = "table rows") -> None:
        """Count one table or sheet row (``what`` names them in the refusal)."""
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise self._more_than(MAX_ROWS, "rows", "a plan has hundreds", what)

    def paragraph(self) -> None:
        """Count one paragraph outside the tables."""
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise self._more_than(
                MAX_PARAGRAPHS, "paragraphs", "a 200-page document has a few thousand"
            )

    def columns(self, where: str, column: int) -> None:
        """Refuse text found in ``column`` (1-based) when it is past :data:`MAX_COLUMNS`."""
        if column > MAX_COLUMNS:
            raise beyond(
                f"{self.name}: {where} has text in column {column:,}",
                f"{MAX_COLUMNS} columns",
                "an action-step table has a handful",
                "delete the columns past the table's own and import again",
            )

    def cell(self) -> None:
        """Count one table or sheet cell, empty or not."""
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise self._more_than(MAX_CELLS, "cells", "a plan's tables have a few thousand")

    def text(self, text: str, where: str) -> str:
        """Count ``text`` (a cell or paragraph at ``where``) and return it."""
        if len(text) > MAX_CELL:
            raise self.too_long(where, f"{len(text):,}")
        self.characters += len(text)
        if self.characters > MAX_TEXT:
            raise beyond(
                f"{self.name} holds more than {MAX_TEXT:,} characters of text",
                f"{MAX_TEXT:,} characters",
                "more would make a plan file larger than planctl validate reads",
            )
        return text

    def _more_than(self, limit: int, things: str, why: str, what: str = "") -> CannotImport:
        return beyond(
            f"{self.name} has more than {limit:,} {what or things}", f"{limit:,} {things}", why
        )

    def too_long(self, where: str, size: str) -> CannotImport:
        """The refusal of a cell or paragraph (at ``where``) of ``size`` characters."""
        return beyond(
            f"{self.name}: {where} holds {size} characters",
            f"{MAX_CELL:,} characters a cell or paragraph",
            "some 30 pages",
            "shorten it and import again",
        )


@dataclass
class Paragraph:
    """A paragraph of a Word document.

    ``heading`` is 0 for the document's Title style, 1-9 for Heading 1-9, ``None`` otherwise.
    """

    text: str
    style: str = ""
    heading: int | None = None
    listed: bool = False


@dataclass
class Row:
    """A table or spreadsheet row: the text of each column ("" where empty or merged away).

    ``number`` is the row as the user counts it (the first row of a table is 1; a spreadsheet
    row keeps its own number). ``continued`` holds the columns whose cell continues a vertical
    merge from the row above; ``full`` is true when one cell spans the whole row.
    """

    number: int
    cells: list[str]
    continued: frozenset[int] = frozenset()
    full: bool = False
    listed: dict[int, frozenset[str]] = field(default_factory=dict)
    """Each column's lines that are items of a bulleted or numbered list in the document."""


@dataclass
class Table:
    """A Word table or a spreadsheet sheet."""

    number: int
    place: str
    rows: list[Row] = field(default_factory=list)
    sheet: bool = False

    def where(self, row: int) -> str:
        """A row in words: "table 2, row 4", "sheet 'Plan', row 4", "row 4"."""
        return f"{self.place}, row {row}" if self.place else f"row {row}"


Block = Paragraph | Table


@dataclass
class Source:
    """A whole document: its file name, kind and blocks in reading order."""

    name: str
    kind: Kind
    blocks: list[Block] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        """The tables (or sheets), in order."""
        return [block for block in self.blocks if isinstance(block, Table)]
