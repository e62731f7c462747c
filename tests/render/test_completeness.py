"""Nothing written in a plan vanishes from its board packet.

For every example plan and for a plan that uses every key of the plan format
(``tests/data/complete/every-field.plan.yaml``, with a district template of its
own), the default ``table`` layout is rendered in Markdown, HTML, Word and PDF,
and every scalar value of the plan file must be found in the output's text, in
a form a reader recognises: ``48000`` as ``$48,000``, ``2024-10`` as written or
as ``October 2024``, ``in-progress`` as ``In progress``, ``increase`` as
``Higher is better``.

The list of keys comes from ``planctl schema``: a key the format gains later
must be used by a fixture plan (so its values are looked for), and then must
have a place in the packet, or this test fails.

How each format is read: Markdown through markdown-it into HTML, HTML through
html5lib (text of the whole document), Word through python-docx (paragraphs
and every table cell, nested tables included), PDF through poppler's
``pdftotext``. A PDF's text layer breaks a table cell's lines in reading order
with its neighbours', so there a value is found when each of its words is (a word
hyphenated at a line's end may come out joined).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import html5lib
import pytest
from markdown_it import MarkdownIt

from planctl.load.yamlsafe import load_file
from planctl.model.tasks import DONE_MARK, OPEN_MARK
from planctl.render import RenderOptions, render_packet
from planctl.render.details import DIRECTION_WORDS
from planctl.schema import plan_schema
from planctl.vocabulary.measures import read_pending
from planctl.vocabulary.money import money
from planctl.vocabulary.status import PLAN_STATUS_LABELS, STATUS_LABELS, standard_status

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.plan.yaml"))
COMPLETE = ROOT / "tests" / "data" / "complete"
EVERY_FIELD = COMPLETE / "every-field.plan.yaml"
PLANS = [*EXAMPLES, EVERY_FIELD, COMPLETE / "board-goals.plan.yaml"]

NOT_SHOWN = {
    "planctl": "the version of the file format, not part of the plan",
    "template": "the file or name of the plan's template; its columns and labels are the packet",
    "currency": "shown as the symbol of every amount",
    "lang": "the language the packet declares to screen readers (lang, the document's language)",
    "team": "true or false; a team is shown as 'team' beside its name",
}
"""Keys whose values a packet does not print as written, each with why."""


# --------------------------------------------------------------------------- the plan's values


def schema_keys() -> set[str]:
    """Every key the plan format has, read from the JSON Schema ``planctl schema`` prints."""
    keys: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for name, item in value.get("properties", {}).items():
                keys.add(name)
                walk(item)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(plan_schema())
    return keys


def data_of(path: Path) -> Any:
    loaded = load_file(path, path.name)
    assert not loaded.fatal, loaded.problems
    return loaded.data


def keys_of(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from keys_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_of(item)


def scalars(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar value of the plan file with the key it is under (a list's items: its key)."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name in NOT_SHOWN:
                continue
            if name == "silence" and isinstance(item, dict):
                # A silenced rule's id and the planner's reason.
                yield from ((name, rule) for rule in item)
                yield from scalars(list(item.values()), name)
                continue
            if name == "by_year" and isinstance(item, dict):
                yield from ((name, year) for year in item)
                yield from (("amount", amount) for amount in item.values())
                continue
            yield from scalars(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from scalars(item, key)
    elif value is not None and value != "":
        yield key, value


# --------------------------------------------------------------------------- forms a reader knows

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip


def forms(key: str, value: Any) -> list[str]:
    """The ways a packet may show ``value`` (under ``key``) to a reader."""
    if isinstance(value, bool) and key == "done":
        return [DONE_MARK if value else OPEN_MARK]  # a task's box: ☑ done, ☐ not yet
    if isinstance(value, bool):
        return [str(value).lower()]
    if isinstance(value, (int, float)):
        number = f"{value:g}" if isinstance(value, float) else str(value)
        return [number, f"{value:,}", money(float(value))]
    if isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    found = [text]
    word = standard_status(text)
    if key in ("status",) and word is not None:
        found.append(STATUS_LABELS.get(word, text))
    if key == "status" and text in PLAN_STATUS_LABELS:
        found.append(PLAN_STATUS_LABELS[text])
    if key == "owners" and "," in text:
        # "Maria Lopez, Language Arts teacher" is shown as "Maria Lopez (Language Arts teacher)".
        name, _, role = text.partition(",")
        found.append(f"{name.strip()} ({role.strip()})")
    if key == "direction" and text in DIRECTION_WORDS:
        found.append(DIRECTION_WORDS[text])
    if key == "value" and read_pending(text) is not None:
        found.append("not yet measured")  # a baseline to be measured: "TBD", "N/A"
    month = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if month and 1 <= int(month.group(2)) <= 12:
        name = MONTHS[int(month.group(2)) - 1]
        found.append(f"{name} {month.group(1)}")
        if month.group(3):
            found.append(f"{name} {int(month.group(3))}, {month.group(1)}")
    return found


def squeeze(text: str) -> str:
    return " ".join(text.split()).casefold()


# The hyphen WeasyPrint sets where it hyphenates a word at a line's end.
LINE_HYPHEN = "\u2010"


def words(text: str) -> set[str]:
    """The words of ``text``, and each first half of a word hyphenated at a line's end.

    Such a half is kept with its hyphen ("profes‐"): in a table, the line after it
    may be a neighbouring cell's, so the halves are joined where a value is looked
    for (:func:`all_words_found`).
    """
    folded = text.casefold()
    halves = {f"{half}{LINE_HYPHEN}" for half in re.findall(rf"(\w+){LINE_HYPHEN}", folded)}
    return set(re.findall(r"\w+", folded)) | halves


def _hyphenated(word: str, known: set[str]) -> bool:
    """``word`` is found as two halves, hyphenated at a line's end ("profes‐", "sional")."""
    return any(
        f"{word[:cut]}{LINE_HYPHEN}" in known and word[cut:] in known for cut in range(1, len(word))
    )


def all_words_found(candidate: str, known: set[str]) -> bool:
    """Every word of ``candidate`` is among ``known``.

    pdftotext joins a word hyphenated at a line's end, so each hyphenated word may be found
    as its parts or joined ("after-school" may read "afterschool"), one word at a time:
    "2025-26" in the same value is still found as its parts. A word the packet
    hyphenated itself is found as its two halves (see :func:`words`).
    """
    for compound in re.findall(r"\w+(?:-\w+)*", candidate.casefold()):
        parts = set(compound.split("-"))
        if all(part in known or _hyphenated(part, known) for part in parts):
            continue
        if compound.replace("-", "") not in known:
            return False
    return True


def missing(plan: Path, text: str, *, by_words: bool = False) -> list[str]:
    """The plan's values not found in ``text``, each as ``key: value``."""
    haystack = squeeze(text)
    known = words(text) if by_words else set()
    lost = []
    for key, value in scalars(data_of(plan)):
        candidates = forms(key, value)
        if by_words:
            found = any(all_words_found(candidate, known) for candidate in candidates)
        else:
            found = any(squeeze(candidate) in haystack for candidate in candidates)
        if not found:
            lost.append(f"{key}: {value!r}")
    return lost


# --------------------------------------------------------------------------- reading the outputs


def html_text(markup: str) -> str:
    document = html5lib.parse(markup, namespaceHTMLElements=False)
    body = document.find("body")
    assert body is not None
    # "" rather than " ": a <wbr> after a "/" must not split "May/2013".
    return "".join(body.itertext())


def md_text(markdown: str) -> str:
    return html_text(MarkdownIt("commonmark").enable("table").render(markdown))


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    # Every w:t of the body, paragraph by paragraph: nested tables and merged rows included.
    parts = []
    for paragraph in document.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
    ):
        parts.append(
            "".join(
                node.text or ""
                for node in paragraph.iter(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
                )
            )
        )
    return "\n".join(parts)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text cannot be read")
    source = tmp_path / "packet.pdf"
    source.write_bytes(data)
    result = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return result.stdout.decode("utf-8")


def render(plan: Path, to: str, layout: str = "table") -> bytes:
    return render_packet(
        [(plan, plan.name)], RenderOptions(to=to, layout=layout, date="2025-06-30")
    )


# --------------------------------------------------------------------------- the tests


def test_the_fixture_plans_use_every_key_of_the_format() -> None:
    used = {key for plan in PLANS for key in keys_of(data_of(plan))}
    unused = schema_keys() - used
    assert not unused, (
        f"no fixture plan uses {sorted(unused)}: add them to {EVERY_FIELD.name} "
        "(and give them a place in the packet)"
    )


def test_every_key_is_shown_or_says_why_not() -> None:
    assert set(NOT_SHOWN) <= schema_keys(), "NOT_SHOWN names a key the format does not have"


@pytest.mark.parametrize("plan", PLANS, ids=lambda path: path.name)
def test_markdown_packet_shows_every_value(plan: Path) -> None:
    text = md_text(render(plan, "md").decode("utf-8"))
    assert missing(plan, text) == []


@pytest.mark.parametrize("plan", PLANS, ids=lambda path: path.name)
def test_html_packet_shows_every_value(plan: Path) -> None:
    text = html_text(render(plan, "html").decode("utf-8"))
    assert missing(plan, text) == []


@pytest.mark.parametrize("plan", PLANS, ids=lambda path: path.name)
def test_word_packet_shows_every_value(plan: Path) -> None:
    text = docx_text(render(plan, "docx"))
    assert missing(plan, text) == []


@pytest.mark.parametrize("plan", PLANS, ids=lambda path: path.name)
def test_pdf_packet_shows_every_value(plan: Path, tmp_path: Path) -> None:
    text = pdf_text(render(plan, "pdf"), tmp_path)
    assert missing(plan, text, by_words=True) == []


def test_the_check_finds_a_value_left_out() -> None:
    """The check itself: a packet without one value of the plan is caught."""
    markup = render(EVERY_FIELD, "html").decode("utf-8")
    text = html_text(markup)
    assert "Includes first-year licences" in text
    assert missing(EVERY_FIELD, text.replace("Includes first-year licences", "")) == [
        "note: 'Includes first-year licences'"
    ]


@pytest.mark.parametrize("layout", ["one-page", "by-owner", "timeline", "alignment"])
@pytest.mark.parametrize("to", ["md", "html"])
def test_compact_layouts_say_what_they_leave_out(layout: str, to: str) -> None:
    text = squeeze(html.unescape(render(EVERY_FIELD, to, layout).decode("utf-8")))
    assert squeeze("are in the full packet (planctl render --layout table)") in text
