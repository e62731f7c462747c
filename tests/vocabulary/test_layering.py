"""The vocabulary sits below every layer: it imports none of them, and nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = "import json, sys; import planctl.vocabulary; print(json.dumps(sorted(sys.modules)))"

LAYERS = (
    "model",
    "rules",
    "render",
    "report",
    "progress",
    "diff",
    "export",
    "importer",
    "template",
    "validate",
    "cli",
)


def test_the_vocabulary_imports_no_layer_above_it_and_nothing_heavy() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    modules = set(json.loads(result.stdout))
    assert "planctl.vocabulary.status" in modules
    above = [
        name for name in modules if name.startswith("planctl.") and name.split(".")[1] in LAYERS
    ]
    assert sorted(above) == []
    heavy = {"pydantic", "rich", "jinja2", "ruamel", "typer"}
    assert heavy.isdisjoint(name.partition(".")[0] for name in modules)
