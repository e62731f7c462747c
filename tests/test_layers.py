"""The layering of planctl's modules: no import cycle, and every late import says why.

``lint-imports`` checks the contracts in pyproject.toml (which layer may import
which). These tests check what those contracts cannot say: that no cycle of
modules remains once imports inside functions are counted too, that the
rule names settings and templates check are the rules planctl has, and that
an import inside a function is there to keep start-up fast and says so.
"""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from planctl import rule_names
from planctl.rules import all_rules
from planctl.rules.file_checks import FILE_CHECKS

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "src" / "planctl"


DEFERRED = "# deferred:"


def import_graph() -> dict[str, set[str]]:
    """Every planctl module and the planctl modules it imports, at the top or in a function.

    Imports under ``if TYPE_CHECKING:`` never run and are left out.
    """
    graph = grimp.build_graph("planctl", cache_dir=None, exclude_type_checking_imports=True)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        imported = set(graph.find_modules_directly_imported_by(module))
        edges[module] = imported
    return edges


def test_no_module_of_planctl_is_in_an_import_cycle() -> None:
    graph = import_graph()
    assert {"planctl.config", "planctl.template", "planctl.checking"} <= set(graph)
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        pytest.fail("import cycle: " + " -> ".join(error.args[1]))


def test_the_graph_sees_imports_inside_functions() -> None:
    # planctl.render imports the checking engine only inside render_packet.
    assert "planctl.checking" in import_graph()["planctl.render"]


def test_rule_names_are_the_rules_and_file_checks() -> None:
    assert tuple(module.ID for module in all_rules()) == rule_names.RULE_NAMES
    assert tuple(doc.id for doc in FILE_CHECKS) == rule_names.FILE_CHECK_NAMES


def test_settings_and_templates_are_read_without_the_rules(tmp_path: Path) -> None:
    (tmp_path / "planctl.toml").write_text('[rules]\nsmart-measur = "off"\n', encoding="utf-8")
    (tmp_path / "t.yaml").write_text(
        "planctl-template: 1\nextends: default\nrules:\n  no-such-rule: off\n", encoding="utf-8"
    )
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from planctl.config import load_settings\n"
        "from planctl.template import TemplateError, load_template_path\n"
        "folder = Path(sys.argv[1])\n"
        "print(load_settings(folder).problems[0].hint)\n"
        "try:\n"
        "    load_template_path(folder / 't.yaml', 't.yaml', folder)\n"
        "except TemplateError as error:\n"
        "    print(error.problems[0].message)\n"
        "print(sorted(name for name in sys.modules if name.startswith('planctl.rules')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.splitlines() == [
        "did you mean 'smart-measure'?",
        "there is no rule 'no-such-rule'",
        "[]",
    ]


def _late_imports(path: Path) -> list[tuple[int, str]]:
    """Imports inside functions of ``path`` with no ``# deferred:`` note near them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    missing: set[tuple[int, str]] = set()
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            # The note sits on the import or up to three lines above (a group of imports).
            near = lines[max(0, node.lineno - 4) : node.end_lineno]
            if not any(DEFERRED in line for line in near):
                missing.add((node.lineno, lines[node.lineno - 1].strip()))
    return sorted(missing)


def test_imports_inside_functions_say_they_defer_for_start_up() -> None:
    unexplained = [
        f"{path.relative_to(SOURCE).as_posix()}:{line}: {text}"
        for path in sorted(SOURCE.rglob("*.py"))
        for line, text in _late_imports(path)
    ]
    assert unexplained == []


def test_the_check_finds_an_unexplained_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def quiet():\n"
        "    import json\n"
        "\n\n\n"
        "def noted():\n"
        "    import csv  # deferred: start-up (only this command writes CSV)\n",
        encoding="utf-8",
    )
    assert _late_imports(sample) == [(2, "import json")]
