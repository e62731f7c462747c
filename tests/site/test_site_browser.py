"""The site of the examples in a real browser, from a folder and from a web server.

Chromium (the system's, ``/usr/bin/chromium`` or ``PLANCTL_CHROMIUM``) opens the
site over ``file://`` and over HTTP on 127.0.0.1 under a sub-path, follows every
link (none broken, every page reached), and watches that no request leaves the
site and nothing is written to the console as an error. The search finds a step
by a word of its text; the filters narrow the plans; axe-core
(``tests/data/axe/axe.min.js``) finds no WCAG 2.1 A/AA violation on any page; the
keyboard reaches a skip link first, then every link. The index and a plan page are
photographed at phone and desktop widths (into ``PLANCTL_SCREENSHOTS`` when set)
and must not be wider than the screen.
"""

from __future__ import annotations

import functools
import io
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest

from planctl.config import Settings
from planctl.site.command import SiteOptions, run
from tests.browser_helpers import CHROMIUM, axe_results, launched_chromium

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# School plans aligned to a district plan: the site then has an alignment page too.
ALIGNMENT = Path(__file__).resolve().parents[2] / "tests" / "data" / "alignment"
pytest.importorskip("playwright.sync_api", reason="the browser tests use playwright")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium: install the system's (apt-get install chromium) to run these",
    ),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the examples and an alignment, in a folder ``site`` of its own."""
    folder = tmp_path_factory.mktemp("published") / "site"
    plans = SiteOptions([str(EXAMPLES), str(ALIGNMENT)], folder)
    code = run(plans, Settings(), io.StringIO(), io.StringIO())
    assert code == 0
    return folder


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """A web server on 127.0.0.1 serving the site under a sub-path: its address."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site.parent))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/site/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


class Watched:
    """A browser tab whose console errors and requests outside the site are recorded."""

    def __init__(self, browser: Any, base: str, viewport: dict[str, int] = DESKTOP) -> None:
        self.base = base
        self.context = browser.new_context(viewport=viewport)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("request", self._request)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.base):
            self.outside.append(request.url)

    def close(self) -> None:
        self.context.close()


def _site_pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


@pytest.mark.parametrize("over", ["file", "http"])
def test_every_link_leads_somewhere_and_every_page_is_reached(
    browser: Any, site: Path, server: str, over: str
) -> None:
    assert (site / "alignment.html").is_file()
    base = site.as_uri() + "/" if over == "file" else server
    tab = Watched(browser, base)
    try:
        queue = [base + "index.html"]
        visited: set[str] = set()
        broken: list[str] = []
        while queue:
            address = queue.pop()
            if address in visited:
                continue
            visited.add(address)
            response = tab.page.goto(address)
            if over == "http":
                assert response is not None and response.ok, address
            found = tab.page.evaluate(
                """() => [...document.querySelectorAll('a[href]')].map(a => a.href)"""
            )
            for link in found:
                target, fragment = urldefrag(link)
                if not target.startswith(base):
                    broken.append(f"{address}: {link} leaves the site")
                    continue
                relative = target[len(base) :]
                if not (site / relative).is_file():
                    broken.append(f"{address}: {link} is broken")
                elif relative.endswith(".html"):
                    queue.append(target)
                    if fragment:
                        text = (site / relative).read_text(encoding="utf-8")
                        if f'id="{fragment}"' not in text:
                            broken.append(f"{address}: {link}: no such anchor")
        assert broken == []
        assert {address[len(base) :] for address in visited} == _site_pages(site)
        assert tab.outside == [], "requests left the site"
        assert tab.errors == []
    finally:
        tab.close()


def test_the_search_finds_a_step_by_a_word_of_its_text(browser: Any, site: Path) -> None:
    base = site.as_uri() + "/"
    tab = Watched(browser, base)
    try:
        page = tab.page
        page.goto(base + "search.html")
        page.fill("#search-input", "specials")  # in a step's comments only, not its action
        page.wait_for_selector("#search-results li")
        results = page.locator("#search-results li a")
        assert "Adopt 2025-26 bell schedules" in results.first.inner_text()
        assert page.inner_text("#search-status") == f"{results.count()} results"
        results.first.click()
        page.wait_for_load_state()
        assert page.url.startswith(base + "plans/district-pl-plan.html#")
        target = page.url.split("#", 1)[1]
        assert page.locator(f"[id='{target}']").inner_text().find("bell schedules") >= 0
        # The same search from the address, as the form sends it.
        page.goto(base + "search.html?q=bell+schedules")
        page.wait_for_selector("#search-results li")
        assert page.locator("#search-results li").count() >= 1
        page.fill("#search-input", "zzzz-nothing-like-it")
        page.wait_for_function("document.getElementById('search-results').children.length === 0")
        assert page.inner_text("#search-status") == "Nothing found."
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.close()


def test_the_filters_narrow_the_plans_in_place(browser: Any, site: Path) -> None:
    base = site.as_uri() + "/"
    tab = Watched(browser, base)
    try:
        page = tab.page
        page.goto(base + "index.html")
        cards = page.locator(".plan-card")
        total = cards.count()
        page.select_option("#live-filter-school", "Boston Public Schools")
        shown = page.locator(".plan-card:not([hidden])")
        assert shown.count() == 1 < total
        assert "Teacher Leader Team Work Plan" in shown.first.inner_text()
        assert page.inner_text("#filter-count") == f"1 / {total} plans shown"
        page.select_option("#live-filter-school", "")
        assert page.locator(".plan-card:not([hidden])").count() == total
        assert tab.errors == []
    finally:
        tab.close()


@pytest.fixture(scope="module")
def axe_tab(browser: Any, site: Path) -> Iterator[Any]:
    tab = Watched(browser, site.as_uri() + "/")
    yield tab.page
    tab.close()


def _axe(page: Any) -> list[str]:
    results = axe_results(page)
    problems = [
        f"{rule['id']}: {node['target']} {node['failureSummary']}"
        for rule in results["violations"]
        for node in rule["nodes"]
    ]
    # axe-core cannot decide the contrast of text drawn in SVG (the charts; their colours
    # are checked by tests/render/test_chart.py); anything else it cannot decide is a fault.
    problems.extend(
        f"undecided contrast: {node['target']}: {node['html'][:100]}"
        for rule in results["incomplete"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if not node["html"].startswith("<text")
    )
    return problems


def test_axe_core_finds_nothing_on_any_page(axe_tab: Any, site: Path) -> None:
    found: dict[str, list[str]] = {}
    for name in sorted(_site_pages(site)):
        axe_tab.goto((site / name).as_uri())
        problems = _axe(axe_tab)
        if problems:
            found[name] = problems
    assert found == {}


def test_axe_core_finds_nothing_in_a_search_with_results(axe_tab: Any, site: Path) -> None:
    axe_tab.goto((site / "search.html").as_uri() + "?q=plc")
    axe_tab.wait_for_selector("#search-results li")
    assert _axe(axe_tab) == []


@pytest.mark.parametrize("name", ["index.html", "plans/district-pl-plan.html", "search.html"])
def test_the_keyboard_reaches_a_skip_link_then_every_link(
    browser: Any, site: Path, name: str
) -> None:
    tab = Watched(browser, site.as_uri() + "/")
    try:
        page = tab.page
        page.goto((site / name).as_uri())
        page.keyboard.press("Tab")
        first = page.evaluate(
            "() => ({cls: document.activeElement.className,"
            " href: document.activeElement.getAttribute('href')})"
        )
        assert first == {"cls": "skip-link", "href": "#main"}
        # Links inside a closed <details> are reached once it is opened (Enter on its summary).
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        links = page.evaluate("document.querySelectorAll('a[href]').length")
        focusable = page.evaluate(
            "document.querySelectorAll('a[href], summary, select, input, button').length"
        )
        reached: set[int] = set()
        for _ in range(focusable + 5):
            found = page.evaluate(
                """() => {
                    const a = document.activeElement;
                    const style = getComputedStyle(a);
                    return {index: [...document.querySelectorAll('a[href]')].indexOf(a),
                            body: a === document.body,
                            outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
                }"""
            )
            if found["body"]:
                break
            if found["index"] >= 0:
                assert found["outline"] != "none" and found["width"] >= 2, "a visible focus ring"
                reached.add(found["index"])
            page.keyboard.press("Tab")
        assert len(reached) == links
    finally:
        tab.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", ["index.html", "plans/district-pl-plan.html"])
def test_pages_fit_the_screen_and_are_photographed(
    browser: Any, site: Path, tmp_path: Path, name: str, width: str
) -> None:
    viewport = PHONE if width == "phone" else DESKTOP
    tab = Watched(browser, site.as_uri() + "/", viewport)
    try:
        page = tab.page
        page.goto((site / name).as_uri())
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than a {width} screen"
        folder = Path(os.environ.get("PLANCTL_SCREENSHOTS") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        shot = folder / f"{Path(name).stem}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    finally:
        tab.close()
