"""Chromium for the browser tests: where it is, how it starts, and the axe-core they run.

The system's Chromium (``/usr/bin/chromium``, else ``chromium`` on the PATH, or
``PLANCTL_CHROMIUM``) is driven by Playwright's Python package; no browser is
downloaded. axe-core is pinned in ``tests/data/axe/`` with its licence.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parent / "data" / "axe" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _chromium() -> str | None:
    found = os.environ.get("PLANCTL_CHROMIUM") or "/usr/bin/chromium"
    return found if Path(found).is_file() else shutil.which("chromium")


CHROMIUM = _chromium()
"""The Chromium the tests start, or None (they are then skipped, saying why)."""


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """A running Chromium; the test is skipped, with Chromium's reason, when it will not start."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests use playwright")
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
        except sync_api.Error as error:
            pytest.skip(f"Chromium would not start: {str(error).splitlines()[0]}")
        try:
            yield browser
        finally:
            browser.close()


def axe_results(page: Any) -> Any:
    """axe-core's WCAG 2.1 A/AA results for ``page``: its violations and what it cannot decide."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations', 'incomplete'],
        })""",
        WCAG_21_AA,
    )
