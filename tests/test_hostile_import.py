"""Hostile files for ``planctl import``: each is refused in one line, quickly, in little memory.

The promise: whatever a .docx, .xlsx or .csv holds or claims about itself, ``planctl import``
either reads all of it or stops with one ``planctl: ...`` line (exit 2) that names the limit it
hit, and writes nothing; it never runs for minutes, never needs gigabytes and never writes a plan
that ``planctl validate`` would refuse. Every file here is made at test time (zip bombs with
:mod:`zipfile`, headers patched by hand), so nothing large is committed.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from planctl.importer import CannotImport, run
from planctl.importer.source import (
    MAX_CELL,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_PARAGRAPHS,
    MAX_PARTS,
    MAX_ROWS,
    MAX_TEXT,
    MAX_UNPACKED,
    MAX_XML,
)
from planctl.load import Limits, load_text
from tests.test_hostile import LINUX, planctl

MB = 1024 * 1024
PEAK_MIB = 200
"""Peak memory a refusal may take: python, planctl and one small piece of the file at a time."""
HEADINGS = ["Action Step", "Timeline", "Person Responsible", "Expected Outcome"]
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# --------------------------------------------------------------------------- making files


def base_docx() -> bytes:
    """A small Word plan: a goal heading and a step table with one step."""
    document = docx.Document()
    document.add_paragraph("Goal 1: Improve reading")
    table = document.add_table(rows=2, cols=len(HEADINGS))
    for cell, text in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["Train teachers", "May 2025", "Priya Raman", "Done"], strict=True
    ):
        cell.text = text
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def cell_xml(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def row_xml(number: int) -> bytes:
    """A step row as Word writes it, with the run formatting Word repeats in every cell."""
    run = (
        '<w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="20"/>'
        '</w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    )
    cells = [f"Train teachers in guided reading, group {number}", "May 2025", "Priya Raman"]
    return (
        "<w:tr>"
        + "".join(
            '<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p>'
            + run.format(text) * 5
            + "</w:p></w:tc>"
            for text in cells
        )
        + "</w:tr>"
    ).encode()


def with_document(path: Path, body: Iterator[bytes], *, level: int = 6) -> Path:
    """A copy of :func:`base_docx` whose document.xml is the one ``body`` yields, streamed."""
    base = zipfile.ZipFile(io.BytesIO(base_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as package:
        for info in base.infolist():
            if info.filename == "word/document.xml":
                with package.open("word/document.xml", "w", force_zip64=True) as member:
                    for piece in body:
                        member.write(piece)
            else:
                package.writestr(info.filename, base.read(info.filename))
    return path


def table_document(rows: Iterator[bytes]) -> Iterator[bytes]:
    """document.xml: a goal paragraph, then a table of the headings and ``rows``."""
    yield f"<w:document {_W}><w:body><w:p><w:r><w:t>Goal 1: Reading</w:t></w:r></w:p>".encode()
    yield ("<w:tbl><w:tr>" + "".join(cell_xml(h) for h in HEADINGS) + "</w:tr>").encode()
    yield from rows
    yield b"</w:tbl></w:body></w:document>"


def bomb_rows(megabytes: int) -> Iterator[bytes]:
    """About ``megabytes`` MB of step rows, a MB at a time."""
    rows = b"".join(row_xml(number) for number in range(10))  # within deflate's 32 KB window
    piece = rows * (MB // len(rows))
    for _ in range(megabytes * MB // len(piece) + 1):
        yield piece


def patch_header(
    raw: bytes, name: str, offset_local: int, offset_central: int, value: int, form: str = "<L"
) -> bytes:
    """``raw`` with a field (32-bit unless ``form`` says) of ``name``'s headers set to ``value``."""
    data = bytearray(raw)
    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo(name)
    struct.pack_into(form, data, info.header_offset + offset_local, value)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        (length,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + length] == name.encode():
            struct.pack_into(form, data, central + offset_central, value)
            return bytes(data)
        central = data.find(b"PK\x01\x02", central + 46)
    raise AssertionError(f"{name} has no central directory entry")


def declare_size(raw: bytes, name: str, size: int) -> bytes:
    """``raw`` whose headers say ``name`` unpacks to ``size`` bytes."""
    return patch_header(raw, name, 22, 24, size)


def import_error(source: Path, tmp_path: Path) -> str:
    """The message importing ``source`` stops with; nothing may be written."""
    output = tmp_path / "out.plan.yaml"
    with pytest.raises(CannotImport) as refused:
        run(source, output, template=None, mappings=[], force=False, out=io.StringIO())
    assert not output.exists()
    message = str(refused.value)
    assert "\n" not in message
    return message


def assert_refused_in_one_line(tmp_path: Path, source: Path, expected: str) -> float | None:
    """Run the command: one ``planctl:`` line with ``expected``, exit 2, no plan, little memory."""
    result = planctl("import", source.name, "-o", "out.plan.yaml", cwd=tmp_path, measure=True)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("planctl: "), lines
    assert expected in lines[0], lines[0]
    assert not (tmp_path / "out.plan.yaml").exists()
    if LINUX:
        assert result.peak_mib is not None
        assert result.peak_mib < PEAK_MIB, result.peak_mib
    return result.peak_mib


# --------------------------------------------------------------------------- zip bombs


@pytest.mark.slow
def test_a_docx_that_unpacks_to_300_mb_is_refused_quickly_in_little_memory(
    tmp_path: Path,
) -> None:
    """Honest headers: a 3 MB file, 300 MB of table rows (it once took a minute and 4.7 GB)."""
    source = with_document(tmp_path / "rows.docx", table_document(bomb_rows(300)))
    assert source.stat().st_size < 4 * MB
    declared = sum(info.file_size for info in zipfile.ZipFile(source).infolist())
    assert declared > 300 * MB
    assert_refused_in_one_line(
        tmp_path,
        source,
        f"rows.docx holds more than {MAX_XML // MB} MB of XML; the import limit is "
        f"{MAX_XML // MB} MB of XML (fixed: ",
    )


@pytest.mark.slow
def test_a_part_that_unpacks_past_what_its_header_declares(tmp_path: Path) -> None:
    """A header that claims a few KB for a part of 300 MB is caught at the first lie."""
    original = zipfile.ZipFile(io.BytesIO(base_docx())).read("word/document.xml")

    def padded() -> Iterator[bytes]:
        yield original
        for _ in range(300):
            yield b" " * MB  # whitespace after the root element: still well-formed XML

    source = with_document(tmp_path / "liar.docx", padded(), level=1)
    source.write_bytes(declare_size(source.read_bytes(), "word/document.xml", len(original)))
    assert zipfile.ZipFile(source).getinfo("word/document.xml").file_size == len(original)
    assert_refused_in_one_line(
        tmp_path,
        source,
        f"liar.docx cannot be read as a Word (.docx) file: its part 'word/document.xml' unpacks "
        f"to more than the {len(original):,} bytes its header declares",
    )


def test_parts_that_unpack_past_the_package_limit(tmp_path: Path) -> None:
    """Parts Word never parses (pictures) count too, as they are unpacked."""
    source = tmp_path / "pictures.docx"
    source.write_bytes(base_docx())
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for number in range(3):
            package.writestr(f"word/media/image{number}.png", bytes(MAX_UNPACKED // 2))
    message = import_error(source, tmp_path)
    limit = MAX_UNPACKED // MB
    assert message.startswith(
        f"pictures.docx unpacks to more than {limit} MB; the import limit is {limit} MB unpacked "
        "(fixed: "
    )
    assert message.endswith("so copy the plan's tables into a new file and import that")


@pytest.mark.parametrize(("size", "crc"), [(-1, 0), (+1, 0), (0, 1)])
def test_a_part_shorter_than_declared_or_with_a_bad_checksum_is_damaged(
    tmp_path: Path, size: int, crc: int
) -> None:
    raw = base_docx()
    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo("word/styles.xml")
    raw = declare_size(raw, "word/styles.xml", info.file_size + size)
    raw = patch_header(raw, "word/styles.xml", 14, 16, info.CRC ^ crc)
    source = tmp_path / "damaged.docx"
    source.write_bytes(raw)
    message = import_error(source, tmp_path)
    assert "damaged" in message
    assert message.endswith("open it and save it again")


def test_a_package_of_too_many_parts(tmp_path: Path) -> None:
    source = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(source, "w") as package:
        for number in range(MAX_PARTS + 1):
            package.writestr(f"x/{number}", b"")
    message = import_error(source, tmp_path)
    assert message.startswith(f"parts.xlsx has {MAX_PARTS + 1:,} parts; the import limit is")


def test_a_password_flag_is_refused_by_name(tmp_path: Path) -> None:
    raw = base_docx()
    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo("word/document.xml")
    raw = patch_header(raw, "word/document.xml", 6, 8, info.flag_bits | 0x1, "<H")
    source = tmp_path / "locked.docx"
    source.write_bytes(raw)
    assert "is password-protected" in import_error(source, tmp_path)


# --------------------------------------------------------------------------- spreadsheets


def test_an_xlsx_whose_dimension_understates_its_rows_is_read_whole(tmp_path: Path) -> None:
    """openpyxl's read-only mode stops at the <dimension>: planctl reads every row anyway."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Action Step", "Timeline", "Person Responsible", "Expected Outcome", "", "x"])
    for number in range(1, 11):
        sheet.append([f"Step {number}", "May 2025", "Priya Raman", "Done"])
    stream = io.BytesIO()
    workbook.save(stream)
    source = tmp_path / "short.xlsx"
    with (
        zipfile.ZipFile(stream) as original,
        zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as edited,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:F11"/>' in data
                data = data.replace(b'<dimension ref="A1:F11"/>', b'<dimension ref="A1:F4"/>')
            edited.writestr(info.filename, data)
    output = tmp_path / "short.plan.yaml"
    run(source, output, template=None, mappings=[], force=False, out=io.StringIO())
    data = load_text(output.read_text(encoding="utf-8"), output.name).data
    steps = data["goals"][0]["steps"]
    assert [step["action"] for step in steps] == [f"Step {n}" for n in range(1, 11)]


def test_text_past_the_last_column_is_refused_not_dropped(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Action Step", "Timeline"])
    sheet.cell(row=2, column=1, value="Train teachers")
    sheet.cell(row=2, column=16_000, value="far away")
    source = tmp_path / "wide.xlsx"
    workbook.save(source)
    message = import_error(source, tmp_path)
    assert message.startswith(
        f"wide.xlsx: sheet 'Sheet', row 2 has text in column 16,000; the import limit is "
        f"{MAX_COLUMNS} columns"
    )
    csv_source = tmp_path / "wide.csv"
    csv_source.write_text("Action Step" + "," * MAX_COLUMNS + "x\n", encoding="utf-8")
    assert import_error(csv_source, tmp_path).startswith(
        f"wide.csv: row 1 has text in column {MAX_COLUMNS + 1}"
    )


# --------------------------------------------------------------------------- rows, cells, text


def test_too_many_rows(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("Action Step\n" + "Step\n" * MAX_ROWS, encoding="utf-8")
    assert import_error(source, tmp_path).startswith(
        f"rows.csv has more than {MAX_ROWS:,} rows; the import limit is {MAX_ROWS:,} rows"
    )


def test_too_many_cells(tmp_path: Path) -> None:
    width = MAX_CELLS // (MAX_ROWS - 1) + 1
    source = tmp_path / "cells.csv"
    rows = ("," * (width - 1) + "\n") * (MAX_ROWS - 1)
    source.write_text("Action Step\n" + rows, encoding="utf-8")
    assert import_error(source, tmp_path).startswith(
        f"cells.csv has more than {MAX_CELLS:,} cells; the import limit is {MAX_CELLS:,} cells"
    )


def test_a_cell_too_long(tmp_path: Path) -> None:
    source = tmp_path / "long.csv"
    source.write_text("Action Step,Timeline\n" + "x" * (MAX_CELL + 1) + "\n", encoding="utf-8")
    assert import_error(source, tmp_path).startswith(
        f"long.csv: row 2 holds more than {MAX_CELL:,} characters; the import limit is "
        f"{MAX_CELL:,} characters a cell or paragraph"
    )
    document = docx.Document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "Action Step"
    table.cell(1, 0).text = "x" * (MAX_CELL + 1)
    word = tmp_path / "long.docx"
    document.save(str(word))
    assert import_error(word, tmp_path).startswith(
        f"long.docx: table 1, row 2 holds {MAX_CELL + 1:,} characters; the import limit is"
    )


def test_too_much_text(tmp_path: Path) -> None:
    cell = "x" * MAX_CELL
    source = tmp_path / "text.csv"
    rows = (cell + "\n") * (MAX_TEXT // MAX_CELL + 1)
    source.write_text("Action Step\n" + rows, encoding="utf-8")
    assert import_error(source, tmp_path).startswith(
        f"text.csv holds more than {MAX_TEXT:,} characters of text; the import limit is"
    )


def test_too_many_paragraphs(tmp_path: Path) -> None:
    def paragraphs() -> Iterator[bytes]:
        yield f"<w:document {_W}><w:body>".encode()
        for _ in range(MAX_PARAGRAPHS + 1):
            yield b"<w:p><w:r><w:t>Words</w:t></w:r></w:p>"
        yield b"</w:body></w:document>"

    source = with_document(tmp_path / "prose.docx", paragraphs())
    assert import_error(source, tmp_path).startswith(
        f"prose.docx has more than {MAX_PARAGRAPHS:,} paragraphs; the import limit is"
    )


# --------------------------------------------------------------------------- the plan written


def test_a_plan_larger_than_validate_reads_is_not_written(tmp_path: Path) -> None:
    """12 million characters of text are under the reading limit but 36 MB as UTF-8."""
    limit = Limits().max_bytes
    cell = "読" * 1_500
    rows = 12_000_000 // len(cell)
    source = tmp_path / "wide-text.csv"
    source.write_text("Action Step,Timeline\n" + (cell + ",May 2025\n") * rows, encoding="utf-8")
    assert rows * len(cell.encode()) > limit
    message = import_error(source, tmp_path)
    assert f"{tmp_path / 'out.plan.yaml'} would be " in message
    assert f"; the import limit is {limit // MB} MB a plan file (fixed: the most planctl" in message


def test_a_plan_of_more_values_than_validate_reads_is_not_written(tmp_path: Path) -> None:
    """Owners split at ";" make many values of little text: the loader's value limit holds too."""
    limit = Limits().max_values
    names = ";".join(f"P{number}" for number in range(15_000))
    rows = limit // 15_000 + 1
    source = tmp_path / "owners.csv"
    source.write_text(
        "Action Step,Due,Person Responsible\n" + f"Step,May 2025,{names}\n" * rows,
        encoding="utf-8",
    )
    message = import_error(source, tmp_path)
    assert f"out.plan.yaml would hold more than {limit:,} values; the import limit is " in message
    assert message.endswith("so import the document in parts, one plan file each")


def test_headings_repeated_in_comments_cannot_blow_up_the_plan(tmp_path: Path) -> None:
    """A column without a field of its own is kept as "Heading: text" in each step's comments,
    so a heading repeated across a row makes a plan far larger than the file: that is counted."""
    limit = Limits().max_bytes
    heading = "Measure (Data Source, Baseline & Target)"  # the second and later ones have no field
    columns = 50
    rows = limit // ((columns - 2) * (len(heading) + 3)) + 1  # the first one is the measure
    source = tmp_path / "repeated.csv"
    source.write_text(
        ",".join(["Action Step", *[f'"{heading}"'] * (columns - 1)])
        + "\n"
        + ("Step" + ",x" * (columns - 1) + "\n") * rows,
        encoding="utf-8",
    )
    assert source.stat().st_size < 2 * MB
    message = import_error(source, tmp_path)
    assert message.startswith(
        f"the plan made from repeated.csv would be larger than {limit // MB} MB"
    )
    assert 'map the columns with --map "Heading=field"' in message


# --------------------------------------------------------------------------- other files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "plan.csv"
    os.mkfifo(pipe)
    assert "is not a regular file" in import_error(pipe, tmp_path)


@pytest.mark.skipif(sys.platform == "win32", reason="needs /dev/zero")
def test_a_link_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "plan.csv"
    link.symlink_to("/dev/zero")
    assert "is not a regular file" in import_error(link, tmp_path)
