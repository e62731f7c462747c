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
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from planctl.importer.cells import clean
from planctl.importer.source import MAX_COLUMNS, MAX_ROWS, CannotImport, Row, Source, Table

DELIMITERS = (",", ";", "\t")


def _too_many(name: str) -> CannotImport:
    return CannotImport(
        f"{name} has more than {MAX_ROWS:,} rows; planctl imports plans, not data sets: "
        "copy the plan's rows into a smaller file"
    )


def read_csv(path: Path) -> Source:
    """The rows of a CSV file as one table."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    table = Table(1, "", sheet=True)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        for number, record in enumerate(reader, 1):
            if number > MAX_ROWS:
                raise _too_many(path.name)
            table.rows.append(Row(number, [clean(cell) for cell in record[:MAX_COLUMNS]]))
    except csv.Error as error:
        raise CannotImport(f"{path.name} cannot be read as CSV: {error}") from None
    return Source(path.name, "csv", [table])


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


def read_xlsx(path: Path) -> Source:
    """The visible sheets of an Excel workbook, one table each."""
    try:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise CannotImport("reading .xlsx files needs openpyxl: pip install openpyxl") from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except InvalidFileException as error:
        raise CannotImport(f"{path.name} cannot be read as an Excel workbook: {error}") from None
    except Exception as error:  # openpyxl raises many kinds for a file it cannot read
        raise CannotImport(
            f"{path.name} cannot be read as an Excel (.xlsx) workbook "
            f"({type(error).__name__}); open it in Excel and save it again as .xlsx"
        ) from None
    source = Source(path.name, "xlsx")
    total = 0
    try:
        for worksheet in workbook.worksheets:
            if getattr(worksheet, "sheet_state", "visible") != "visible":
                continue
            table = Table(len(source.blocks) + 1, f"sheet '{worksheet.title}'", sheet=True)
            for number, cells in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS), 1):
                total += 1
                if total > MAX_ROWS:
                    raise _too_many(path.name)
                table.rows.append(Row(number, [_cell_text(cell) for cell in cells]))
            source.blocks.append(table)
    except CannotImport:
        raise
    except Exception as error:  # a damaged sheet inside a readable package
        raise CannotImport(
            f"{path.name} cannot be read as an Excel (.xlsx) workbook "
            f"({type(error).__name__}); open it in Excel and save it again as .xlsx"
        ) from None
    finally:
        workbook.close()
    return source


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
