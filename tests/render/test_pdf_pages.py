"""How the PDF packet reads on paper: no word split between letters, no page of footer alone.

Each PDF is read with poppler's ``pdftotext -bbox-layout``, which keeps each
text block's lines apart (a table cell is a block), and its words are checked
against the words of the same packet as HTML: a word cut between two letters
("Septemb" / "er") is no word of the packet, while a word hyphenated at a
line's end ("profes-" / "sional") is one once its halves are joined.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest

from planctl.render import RenderOptions, render_packet
from tests.render.test_pdf import needs_weasyprint

pytestmark = [pytest.mark.slow, needs_weasyprint]

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.plan.yaml"))
LAYOUTS = ("table", "one-page", "by-owner", "timeline", "alignment")
XHTML = "{http://www.w3.org/1999/xhtml}"
LETTERS = re.compile(r"[^\W\d_]+")
# The hyphen of a word hyphenated at a line's end (U+2010, or a soft hyphen); a
# hyphen the text holds ("cross-functional") is an ASCII one and stays.
HYPHENS = ("\u2010", "\u00ad")
# The page's margin boxes: the packet's title (in the HTML too) and "Page 2 of 5".
MARGIN_WORDS = {"page", "of"}

# Words too long for a narrow column: hyphenated where English allows, never cut.
LONG_WORDS_PLAN = """\
planctl: 1
template: lmsd-action-plan
title: Long words
period: {start: 2024-07, end: 2025-06}
strategies:
  - title: Professional learning
    steps:
      - action: Interdepartmentalization of professional collaboration for paraprofessionals
        start: September 2024
        due: September 2025
        owners: [Superintendent of Curriculum, Instruction and Assessment]
        outcome: Recommendations
        measure: Questionnaires
"""


def _pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text cannot be read")
    return found


def render(plan: Path, to: str, layout: str) -> bytes:
    return render_packet([(plan, plan.name)], RenderOptions(to=to, layout=layout))


def html_words(data: bytes) -> set[str]:
    document = html5lib.parse(data, namespaceHTMLElements=False)
    return {word.casefold() for word in LETTERS.findall(" ".join(document.itertext()))}


def pdf_pages(data: bytes, tmp_path: Path) -> list[list[list[list[str]]]]:
    """Each page's blocks, each block's lines, each line's words."""
    source = tmp_path / "packet.pdf"
    source.write_bytes(data)
    result = subprocess.run(
        [_pdftotext(), "-bbox-layout", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    root = ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", result.stdout))
    return [
        [
            [[word.text or "" for word in line.iter(f"{XHTML}word")] for line in block]
            for block in page.iter(f"{XHTML}block")
        ]
        for page in root.iter(f"{XHTML}page")
    ]


def words_as_read(lines: list[list[str]]) -> Iterator[str]:
    """The words of a block's lines, a word hyphenated at a line's end joined to its end."""
    carried = ""
    for line in lines:
        for index, word in enumerate(line):
            word = carried + word
            carried = ""
            if index == len(line) - 1 and word.endswith(HYPHENS) and LETTERS.match(word[-2:-1]):
                carried = word[:-1]
                continue
            if index == len(line) - 1 and word.endswith("-"):
                carried = word  # "cross-" / "functional": the text's own hyphen
                continue
            yield word
    if carried:
        yield carried


def split_words(data: bytes, known: set[str], tmp_path: Path) -> list[str]:
    """The PDF's words that are no word of the packet: words cut between letters."""
    known = known | MARGIN_WORDS
    found: list[str] = []
    for page in pdf_pages(data, tmp_path):
        for block in page:
            for word in words_as_read(block):
                found.extend(part for part in LETTERS.findall(word) if part.casefold() not in known)
    return found


def test_the_check_sees_a_word_cut_between_letters(tmp_path: Path) -> None:
    # The check itself: a block whose lines cut "September" is caught, a hyphenated one is not.
    assert list(words_as_read([["Septemb"], ["er"]])) == ["Septemb", "er"]
    assert list(words_as_read([["profes\u2010"], ["sional"]])) == ["professional"]
    assert list(words_as_read([["cross-"], ["functional"]])) == ["cross-functional"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda path: path.name.split(".")[0])
def test_no_word_is_cut_and_the_last_page_is_not_the_footer_alone(
    plan: Path, layout: str, tmp_path: Path
) -> None:
    data = render(plan, "pdf", layout)
    assert split_words(data, html_words(render(plan, "html", layout)), tmp_path) == []
    last = pdf_pages(data, tmp_path)[-1]
    body = [
        " ".join(words)
        for block in last
        for words in block
        if words and not re.fullmatch(r"Page \d+ of \d+", " ".join(words))
    ]
    closing = ("Rendered by planctl", "Source:", "Sources:", "Some details are left out")
    content = [line for line in body if not line.startswith(closing)]
    # Beyond the footer the page holds more than the running title alone.
    assert len(content) > 1, body


def test_long_words_in_narrow_columns_are_hyphenated_not_cut(tmp_path: Path) -> None:
    plan = tmp_path / "long.plan.yaml"
    plan.write_text(LONG_WORDS_PLAN, encoding="utf-8")
    data = render(plan, "pdf", "table")
    known = html_words(render(plan, "html", "table"))
    assert split_words(data, known, tmp_path) == []
    # The narrow column did need its words hyphenated: the check had something to read.
    hyphenated = [
        line[-1]
        for page in pdf_pages(data, tmp_path)
        for block in page
        for line in block
        if line and line[-1].endswith(HYPHENS)
    ]
    assert hyphenated
