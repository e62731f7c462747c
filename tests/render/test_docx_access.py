"""Word packets pass the rules of Word's accessibility checker (planctl.render.docx).

Every example in every Word layout is read back as XML (:mod:`tests.render.docx_access`):
a title and the language in its properties, real headings in order, tables with a
repeating header row and a title, no empty paragraphs or merged cells for spacing,
alt text on pictures, contrast of coloured text, and status said in words.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest
from docx.shared import Inches

from planctl.render import LAYOUTS, RenderOptions, render_packet
from planctl.render.timeline.looks import STATUS_LOOKS
from tests.render import docx_access
from tests.render.docx_access import CHECKS, Docx, W
from tests.render.test_markdown import EXAMPLES
from tests.render.test_pdf import png

DEMO = next(path for path in EXAMPLES if path.name.startswith("district"))


@cache
def rendered(example: Path, layout: str) -> bytes:
    options = RenderOptions(to="docx", layout=layout, date="2026-01-15")
    return render_packet([(example, example.name)], options)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_passes_in_every_word_layout(example: Path, layout: str) -> None:
    document = Docx(rendered(example, layout))
    problems = [problem for check in CHECKS[1:] for problem in check(document)]
    problems += list(docx_access.properties(document, "en"))
    assert problems == []


def test_a_plans_language_is_the_documents(tmp_path: Path) -> None:
    plan = tmp_path / "plan.plan.yaml"
    text = DEMO.read_text(encoding="utf-8").replace("planctl: 1\n", "planctl: 1\nlang: es\n", 1)
    plan.write_text(text, encoding="utf-8")
    data = render_packet([(plan, plan.name)], RenderOptions(to="docx", layout="one-page"))
    assert list(docx_access.properties(Docx(data), "es")) == []


def test_tables_say_where_their_steps_are() -> None:
    document = Docx(rendered(DEMO, "table"))
    captions = [caption.get(f"{W}val") for caption in document.body.iter(f"{W}tblCaption")]
    assert "Action steps: Goal G1 › Objective G1.O1" in captions


def test_a_timeline_says_each_status_in_words_beside_its_shading() -> None:
    # Colour is never alone: each status has its own shading pattern (done and "no status"
    # are both solid, and never share a tracked chart without the status column's word).
    patterns = [look.word_shading for key, look in STATUS_LOOKS.items() if key != "none"]
    assert len(set(patterns)) == len(patterns)
    document = Docx(rendered(DEMO, "timeline"))
    charts = [t for t in document.body.iter(f"{W}tbl") if "Timeline" in _caption(t)]
    assert charts
    for table in charts:
        rows = table.findall(f"{W}tr")
        header = [docx_access.text(cell) for cell in rows[1].findall(f"{W}tc")]
        assert header[0] == "Step" and header[-1] == "Status"
        for row in rows[2:]:
            cells = row.findall(f"{W}tc")
            shaded = [c for c in cells if c.find(f"{W}tcPr/{W}shd[@{W}val]") is not None]
            if len(cells) > 2 and shaded:
                assert docx_access.text(cells[-1]).strip(), "a status word ends the row"


def _caption(table: ET.Element) -> str:
    found = table.find(f"{W}tblPr/{W}tblCaption")
    return found.get(f"{W}val", "") if found is not None else ""


# The checks themselves find what they are for.


def bad_document(tmp_path: Path) -> bytes:
    document = docx.Document()
    document.add_paragraph("Plan", style="Heading 1")
    document.add_paragraph("Too deep", style="Heading 3")
    document.add_paragraph("")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0))
    run = document.add_paragraph().add_run("pale words")
    run.font.color.rgb = docx.shared.RGBColor(0xBB, 0xBB, 0xBB)
    image = tmp_path / "logo.png"
    image.write_bytes(png())
    document.add_picture(str(image), width=Inches(1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_checks_find_each_problem(tmp_path: Path) -> None:
    document = Docx(bad_document(tmp_path))
    found = {check.__name__: list(check(document)) for check in CHECKS[1:]}
    assert found["headings"] == ["Heading 3 'Too deep' follows Heading 1"]
    assert "table 1 has no title or description (Table Properties › Alt Text)" in found["tables"]
    assert "table 1 has no header row marked to repeat" in found["tables"]
    assert "table 1 has cells merged down rows" in found["tables"]
    assert found["spacing"]
    assert found["pictures"] and "has no alt text" in found["pictures"][0]
    # python-docx's own Heading 3 blue is too pale too.
    assert found["colours"] == [
        "'Too deep' in #4F81BD on #FFFFFF: 4.03:1",
        "'pale words' in #BBBBBB on #FFFFFF: 1.92:1",
    ]
    assert list(docx_access.properties(document, "en"))  # python-docx's blank has no language


def test_the_contrast_is_wcags() -> None:
    assert round(docx_access.contrast("000000", "FFFFFF"), 1) == 21.0
    assert round(docx_access.contrast("767676", "FFFFFF"), 2) == 4.54


def test_the_packet_reopens_with_its_title() -> None:
    with zipfile.ZipFile(io.BytesIO(rendered(DEMO, "table"))) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "<dc:title>Professional Learning Plan 2024-2027</dc:title>" in core
    assert "<dc:language>en</dc:language>" in core
