"""What a reader hands on: a document as paragraphs and tables of plain text, in order.

The Word and spreadsheet readers know their file formats and nothing about plans; the
interpreter (:mod:`planctl.importer.build`) knows plans and nothing about file formats. Between
them is this small model: text only, already cleaned (:func:`planctl.importer.cells.clean`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from planctl.errors import UserError

MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused before they are opened."""
MAX_UNPACKED = 400 * 1024 * 1024
"""A .docx or .xlsx whose parts unpack to more than this is refused (a zip bomb, or not a plan)."""
MAX_ROWS = 100_000
"""Table or spreadsheet rows read in all; a plan has hundreds."""
MAX_COLUMNS = 200
"""Columns read from each spreadsheet row; an action-step table has a handful."""

Kind = Literal["docx", "csv", "xlsx"]


class CannotImport(UserError):
    """The file cannot be imported; the message says why and what to do."""


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
