"""HTML packets in a real browser: axe-core's WCAG 2.1 A/AA rules and the keyboard.

Chromium (the system's, ``/usr/bin/chromium`` or ``PLANCTL_CHROMIUM``) opens one packet of
every example per layout; axe-core (``tests/data/axe/axe.min.js``, pinned, with its
licence) must find no violation and no colour contrast it cannot decide. The keyboard
reaches a skip link first, then every link, each with a visible focus ring.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from planctl.render import LAYOUTS, RenderOptions, render_packet
from tests.browser_helpers import AXE, AXE_VERSION, CHROMIUM, axe_results, launched_chromium
from tests.render.test_markdown import EXAMPLES

ALL_LAYOUTS = (*LAYOUTS, "alignment")


pytest.importorskip("playwright.sync_api", reason="the browser tests use playwright")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium: install the system's (apt-get install chromium) to run axe-core",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@cache
def packet(layout: str) -> str:
    files = [(path, path.name) for path in EXAMPLES]
    data = render_packet(files, RenderOptions(to="html", layout=layout, date="2026-01-15"))
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def pages(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One browser page per layout, opened from a file as a reader opens the packet."""
    folder = tmp_path_factory.mktemp("packets")
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    opened: dict[str, Any] = {}

    def open_layout(layout: str) -> Any:
        if opened.get("layout") != layout:
            path = folder / f"{layout}.html"
            path.write_text(packet(layout), encoding="utf-8")
            tab.goto(path.as_uri())
            opened["layout"] = layout
        return tab

    yield open_layout
    tab.close()


def test_the_vendored_axe_core_is_the_pinned_one() -> None:
    head = AXE.read_text(encoding="utf-8")[:200]
    assert f"axe v{AXE_VERSION}" in head
    assert (AXE.parent / "LICENSE").read_text(encoding="utf-8").startswith("Mozilla Public")


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
def test_axe_core_finds_nothing_in_any_layout(pages: Any, layout: str) -> None:
    page = pages(layout)
    results = axe_results(page)
    assert results["testEngine"]["version"] == AXE_VERSION
    violations = [
        f"{rule['id']}: {node['target']} {node['failureSummary']}"
        for rule in results["violations"]
        for node in rule["nodes"]
    ]
    assert violations == []
    # axe-core cannot decide the contrast of any text drawn in SVG. The measure charts are
    # images (role="img", with a title and a description stating every figure, and the same
    # figures in a table); the colours they draw with are checked by tests/render/test_chart.py.
    undecided = [
        f"{node['target']}: {node['html'][:120]}"
        for rule in results["incomplete"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if not node["html"].startswith("<text")
    ]
    assert undecided == [], f"{len(undecided)} colour contrasts axe-core cannot decide"


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
def test_the_keyboard_reaches_a_skip_link_then_every_link_with_a_visible_focus(
    pages: Any, layout: str
) -> None:
    page = pages(layout)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => {
            const a = document.activeElement;
            const box = a.getBoundingClientRect();
            return {cls: a.className, href: a.getAttribute('href'), top: box.top,
                    target: !!document.querySelector(a.getAttribute('href'))};
        }"""
    )
    assert first["cls"] == "skip-link" and first["href"] == "#main" and first["target"]
    assert first["top"] >= 0, "the skip link comes into sight when focused"
    links = page.evaluate("document.querySelectorAll('a[href]').length")
    reached: set[int] = set()
    for _ in range(links + 5):
        found = page.evaluate(
            """() => {
                const a = document.activeElement;
                const all = [...document.querySelectorAll('a[href]')];
                const style = getComputedStyle(a);
                return {index: all.indexOf(a), outline: style.outlineStyle,
                        width: parseFloat(style.outlineWidth)};
            }"""
        )
        if found["index"] < 0:
            break
        assert found["outline"] != "none" and found["width"] >= 2, "a visible focus ring"
        reached.add(found["index"])
        page.keyboard.press("Tab")
    assert len(reached) == links
