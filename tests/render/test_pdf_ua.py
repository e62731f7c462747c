"""PDF packets are PDF/UA-1: tagged for screen readers (planctl.render.pdf).

Two checkers read every layout's packet of every example: ``page`` (a PDF/UA-1
validator over the Matterhorn Protocol's machine-checkable conditions) and
``pdfua`` (a smaller one that also warns). Both must find nothing. The
structure tree is then read with pikepdf for what a person relies on: the
language, the title, the bookmarks, headings in the page's order, header cells
with a scope, links and figures described in words.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from planctl.render import LAYOUTS, RenderOptions, render_packet
from tests.render.test_markdown import EXAMPLES
from tests.render.test_pdf import needs_weasyprint

pikepdf = pytest.importorskip("pikepdf", reason="the PDF/UA checks read PDFs with pikepdf")
page_validation = pytest.importorskip("page", reason="the PDF/UA-1 checker 'page-validation'")
pdfua = pytest.importorskip("pdfua", reason="the PDF/UA-1 checker 'pdfua'")

pytestmark = needs_weasyprint
ALL_LAYOUTS = (*LAYOUTS, "alignment")
DEMO = next(path for path in EXAMPLES if path.name.startswith("district"))


@cache
def packet(layout: str) -> bytes:
    """Every example in one packet of ``layout``: each example's pages, in one file."""
    files = [(path, path.name) for path in EXAMPLES]
    return render_packet(files, RenderOptions(to="pdf", layout=layout, date="2026-01-15"))


@pytest.fixture(params=ALL_LAYOUTS)
def pdf_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / f"{request.param}.pdf"
    path.write_bytes(packet(request.param))
    return path


def test_the_pdf_ua_1_checker_finds_no_failure(pdf_file: Path) -> None:
    report = page_validation.validate_pdf(str(pdf_file), profile="ua1")
    assert [f"{failure.rule_id}: {failure.message}" for failure in report.failures] == []


def test_the_second_checker_finds_no_error_and_no_warning(pdf_file: Path) -> None:
    report = pdfua.validate(str(pdf_file))
    assert [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings] == []
    # Its heading check stops on WeasyPrint's arrays of attributes (pdfua 0.1.3);
    # the headings are read below instead. Any other rule it skips is a failure.
    skipped = {outcome.rule_id for outcome in report.skipped}
    assert skipped <= {"UA-14-001"}


def elements(pdf: Any) -> Iterator[tuple[int, Any]]:
    """The structure elements in reading order, each with its depth."""
    stack = [(0, kid) for kid in reversed(list(kids(pdf.Root.StructTreeRoot)))]
    while stack:
        depth, node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        yield depth, node
        stack.extend((depth + 1, kid) for kid in reversed(list(kids(node))))


def kids(node: Any) -> list[Any]:
    k = node.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
def test_the_structure_tree_says_what_a_reader_needs(layout: str) -> None:
    with pikepdf.open(io.BytesIO(packet(layout))) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.docinfo["/Title"]) == "Plans"
        outline = [item.title for item in pdf.open_outline().root]
        assert outline, "bookmarks from the headings"
        found = list(elements(pdf))
        kinds = [str(node.S) for _, node in found]
        charts = 0
        assert "/H1" in kinds
        headings = [int(kind[2]) for kind in kinds if kind[:2] == "/H" and kind[2:].isdigit()]
        # No heading skips a level on the way down (a reader's outline has no holes).
        assert all(b <= a + 1 for a, b in pairwise(headings)), headings
        for _, node in found:
            kind = str(node.S)
            if kind == "/TH":
                assert str(node.A.Scope) in ("/Column", "/Row")
            elif kind == "/Figure":
                alt = str(node.get("/Alt", "")).strip()
                assert alt
                if alt.startswith("Chart: "):
                    # A chart's words state its figures, not only its title.
                    assert "; " in alt or " as of " in alt, alt
                    charts += 1
            elif kind == "/L":
                assert {str(kid.S) for kid in kids(node)} <= {"/LI", "/L", "/Caption"}
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                if annotation.Subtype == "/Link":
                    words = str(annotation.get("/Contents", ""))
                    assert words.strip() and not words.startswith("#"), words
        if layout in ("table", "one-page"):
            assert kinds.count("/Table") >= len(EXAMPLES)
        if layout in ("table", "scorecard"):
            assert charts >= 5, "the examples' measures with figures are drawn"


def test_the_plans_language_is_the_documents(tmp_path: Path) -> None:
    plan = tmp_path / "plan.plan.yaml"
    text = DEMO.read_text(encoding="utf-8").replace("planctl: 1\n", "planctl: 1\nlang: es\n", 1)
    plan.write_text(text, encoding="utf-8")
    data = render_packet([(plan, plan.name)], RenderOptions(to="pdf", layout="one-page"))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "es"


def test_a_timeline_is_a_table_of_steps_each_drawing_said_in_words() -> None:
    with pikepdf.open(io.BytesIO(packet("timeline"))) as pdf:
        found = list(elements(pdf))
        kinds = [str(node.S) for _, node in found]
        assert kinds.count("/Table") >= len(EXAMPLES) - 1  # each plan with dates
        # Each step's bar is a figure in its row, its alt text the dates and status (and
        # no figure for a legend swatch: those are backgrounds, artifacts a reader skips).
        said = [str(node.Alt) for _, node in found if node.S == "/Figure"]
        assert "August 2024 – October 2024 (Done)" in said
        assert all(re.search(r"\d{4}|no dates", words) for words in said)
        row_heads = [node for _, node in found if node.S == "/TH" and node.A.Scope == "/Row"]
        assert len(row_heads) >= len(said)
