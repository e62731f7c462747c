"""The collector tuning keeps collections, only rarer, and is applied by every run."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from planctl.collector import YOUNG_THRESHOLD, tune_collector


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_collector")
def test_collections_become_rare_but_stay_on() -> None:
    tune_collector()
    assert gc.isenabled()
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("restored_collector")
def test_cycles_are_still_collected() -> None:
    tune_collector()

    class Node:
        partner: object = None

    def make_cycles(count: int) -> None:
        for _ in range(count):
            a, b = Node(), Node()
            a.partner, b.partner = b, a

    before = gc.get_stats()[0]["collections"]
    make_cycles(YOUNG_THRESHOLD)
    assert gc.get_stats()[0]["collections"] > before


def test_the_command_line_tunes_the_collector() -> None:
    probe = (
        "import gc, sys\n"
        "import planctl.cli\n"
        "seen = []\n"
        "planctl.cli.app.__class__.__call__ = lambda self: seen.append(gc.get_threshold()[0])\n"
        "planctl.cli.main()\n"
        "print(seen[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert int(result.stdout) == YOUNG_THRESHOLD


def test_collections_are_rare_before_the_command_line_imports_its_libraries() -> None:
    # A finder that only looks: it notes the threshold when typer is first asked for.
    probe = (
        "import gc, sys\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            print(gc.get_threshold()[0])\n"
        "sys.meta_path.insert(0, Spy())\n"
        "import planctl.cli\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert int(result.stdout) == YOUNG_THRESHOLD
