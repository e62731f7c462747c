"""Reading spreadsheets: .csv with the csv module, .xlsx with openpyxl.

Each sheet is one table of rows. CSV files are read as UTF-8 (with or without Excel's byte
order mark), falling back to Windows-1252, the encoding Excel uses for "CSV" on Windows; the
separator (comma, semicolon or tab) is the one that splits the first line into most columns.
Workbooks are opened read-only with the values Excel last calculated (not formulas); hidden
sheets are left out. Dates become ``2013-05-15``, or ``2013-05`` when the cell shows no day.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from planctl.importer.cells import clean
from planctl.importer.source import MAX_CELL, MAX_COLUMNS, Budget, CannotImport, Row, Source, Table

DELIMITERS = (",", ";", "\t")


def read_csv(name: str, raw: bytes) -> Source:
    """The rows of the CSV file ``name``, whose bytes are ``raw``, as one table."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    table = Table(1, "", sheet=True)
    budget = Budget(name)
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(MAX_CELL)  # the csv module stops at a longer field
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        for number, record in enumerate(reader, 1):
            budget.row("rows")
            cells = _cells(budget, map(clean, record), table.where(number))
            table.rows.append(Row(number, cells))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            where = table.where(len(table.rows) + 1)
            raise budget.too_long(where, f"more than {MAX_CELL:,}") from None
        raise CannotImport(f"{name} cannot be read as CSV: {error}") from None
    finally:
        csv.field_size_limit(limit)
    return Source(name, "csv", [table])


def _cells(budget: Budget, values: Iterable[str], where: str) -> list[str]:
    """The texts of a row's cells, counted by ``budget``; text past the last column is refused."""
    cells: list[str] = []
    for column, value in enumerate(values, 1):
        budget.cell()
        text = budget.text(value, where)
        if column > MAX_COLUMNS:
            if text:
                budget.columns(where, column)
            continue
        cells.append(text)
    return cells


def _delimiter(text: str) -> str:
    """The separator that splits the first line into most columns (a comma on a tie)."""
    first = text.split("\n", 1)[0][:65536]
    best, most = ",", 0
    for candidate in DELIMITERS:
        try:
            count = len(next(csv.reader([first], delimiter=candidate), []))
        except csv.Error:
            continue
        if count > most:
            best, most = candidate, count
    return best


def read_xlsx(name: str, raw: bytes) -> Source:
    """The visible sheets of the Excel workbook ``name``, whose bytes are ``raw``, one table each.

    ``raw`` must have passed :func:`planctl.importer.package.check`. Every row a sheet holds is
    read: the size a sheet declares (its ``<dimension>``) is not trusted, since a workbook
    written by another program can understate it.
    """
    try:  # deferred: start-up (openpyxl loads only for a workbook)
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise CannotImport("reading .xlsx files needs openpyxl: pip install openpyxl") from None
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except InvalidFileException as error:
        raise CannotImport(f"{name} cannot be read as an Excel workbook: {error}") from None
    except Exception as error:  # openpyxl raises many kinds for a file it cannot read
        raise _unreadable(name, error) from None
    source = Source(name, "xlsx")
    budget = Budget(name)
    try:
        for worksheet in workbook.worksheets:
            if getattr(worksheet, "sheet_state", "visible") != "visible":
                continue
            table = Table(len(source.blocks) + 1, f"sheet '{worksheet.title}'", sheet=True)
            # In read-only mode openpyxl stops at the rows and pads to the columns the sheet's
            # <dimension> declares; without one it reads each row as the sheet holds it.
            worksheet.reset_dimensions()
            for number, cells in enumerate(worksheet.iter_rows(), 1):
                budget.row("rows")
                texts = _cells(budget, map(_cell_text, cells), table.where(number))
                table.rows.append(Row(number, texts))
            source.blocks.append(table)
    except CannotImport:
        raise
    except Exception as error:  # a damaged sheet inside a readable package
        raise _unreadable(name, error) from None
    finally:
        workbook.close()
    return source


def _unreadable(name: str, error: Exception) -> CannotImport:
    return CannotImport(
        f"{name} cannot be read as an Excel (.xlsx) workbook "
        f"({type(error).__name__}); open it in Excel and save it again as .xlsx"
    )


def _cell_text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return _day(value.date(), str(getattr(cell, "number_format", "")))
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return _day(value, str(getattr(cell, "number_format", "")))
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    return clean(str(value))


def _day(day: date, number_format: str) -> str:
    """A date cell: the month alone when the cell's format shows no day ("mmm yyyy")."""
    shown = number_format.lower().replace("[", " ").replace("]", " ")
    if "y" in shown and "d" not in shown:
        return f"{day.year:04}-{day.month:02}"
    return day.isoformat()
