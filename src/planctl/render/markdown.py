"""Markdown board packets: GitHub-flavoured, readable as plain text.

The layouts in ``templates/md/`` write headings, lists and GitHub tables.
Plan text is data, never Markdown: the filters below escape it so that what
a planner wrote comes back as the same text, whatever it contains. ``|``
cannot end a table cell, HTML shows as text (``<script>`` stays visible and
inert), ``*``, ``_``, backticks and brackets make no emphasis, code or links,
and a line cannot turn into a heading, a list or a quote.

Filters layouts may use, besides Jinja's own:

``md``
    text for a paragraph or a list item, line breaks kept as hard breaks;
    ``md(2)`` indents continuation lines by two spaces (inside a list item).
``md_line``
    text on one line, for headings and short facts.
``cell``
    text for one table cell: line breaks become ``<br>``.
``md_row`` / ``md_rule``
    a whole table row from a list of texts or a step's ``cells`` (each
    escaped as a cell), and the ``| --- |`` row under the headings.
``steps_below`` / ``owners_below``
    as in the HTML layouts.

Runs of blank lines in the output are squeezed to one, so layouts can space
their blocks generously.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sized
from pathlib import Path
from typing import Any

from planctl.render.environment import make_environment, render_layout
from planctl.render.html import TREE_FILTERS
from planctl.render.timeline import gantt

# Characters with an inline meaning anywhere in a line, and what they become:
# HTML's own characters as entities, Markdown's behind a backslash.
_INLINE_CHARS = "\\`*_[]~|"
_INLINE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{char: "\\" + char for char in _INLINE_CHARS}}
)
# Most plan text has none of them; finding that out is cheaper than translating.
_NEEDS_ESCAPE = re.compile(r"[&<>\\`*_\[\]~|]")
# What would start a block at the beginning of a line.
_LIST_MARK = re.compile(r"^([-+])(?=\s|$)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_RULE = re.compile(r"^([-=])(?=[-=\s]*$)")
_CLOSING_HASHES = re.compile(r"(\s)(#+)(\s*)$")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _inline(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return text.translate(_INLINE_ESCAPES)


def _line(text: str) -> str:
    """One line of plan text, escaped so it starts no block and ends no heading."""
    text = _inline(text.strip())
    if text.startswith("#"):
        text = "\\" + text
    text = _LIST_MARK.sub(r"\\\1", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    text = _RULE.sub(r"\\\1", text)
    return _CLOSING_HASHES.sub(r"\1\\\2\3", text)


def md(text: object, indent: int = 0) -> str:
    """Plan text as Markdown paragraphs; a line break stays a (hard) line break."""
    pad = " " * indent
    paragraphs: list[list[str]] = [[]]
    for raw in str(text).strip().splitlines():
        if raw.strip():
            paragraphs[-1].append(_line(raw))
        elif paragraphs[-1]:
            paragraphs.append([])
    blocks = [f"\\\n{pad}".join(lines) for lines in paragraphs if lines]
    return f"\n\n{pad}".join(blocks)


def md_line(text: object) -> str:
    """Plan text on one line: line breaks become spaces."""
    return _line(" ".join(str(text).split()))


def cell(text: object) -> str:
    """Plan text for one GitHub table cell; line breaks become ``<br>``."""
    if text == "":
        return ""  # most cells of a timeline's month columns
    text = str(text).strip()
    parts = text.splitlines()
    if len(parts) > 1:
        return "<br>".join(_inline(part.strip()) for part in parts)
    return _inline(text)


def md_row(texts: Iterable[object]) -> str:
    """A table row: ``| a | b |``, from texts or from a step's ``cells`` (their ``text``).

    Taking the cells themselves spares layouts a ``map(attribute="text")``
    per row, which is most of the time of a table of thousands of steps.
    """
    return (
        "| "
        + " | ".join(
            # Texts first, then cells (dicts before the slower check for any Mapping).
            cell(text if isinstance(text, str) else _text_of(text))
            for text in texts
        )
        + " |"
    )


def _text_of(item: object) -> object:
    return item["text"] if isinstance(item, (dict, Mapping)) else item


def md_rule(columns: Sized | int) -> str:
    """The delimiter row of a table with ``columns`` columns (a number or a list)."""
    count = columns if isinstance(columns, int) else len(columns)
    return "|" + " --- |" * count


FILTERS: dict[str, Callable[..., Any]] = {
    "md": md,
    "md_line": md_line,
    "cell": cell,
    "md_row": md_row,
    "md_rule": md_rule,
}


def render(packet: dict[str, Any], layout: str, layouts_dir: Path | None) -> bytes:
    """The packet as one Markdown document, UTF-8."""
    filters = {**FILTERS, **TREE_FILTERS, "gantt": gantt}
    environment = make_environment("md", layouts_dir, filters=filters)
    text = render_layout(environment, layout, "md", {"packet": packet})
    text = _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"
    return text.encode("utf-8")
