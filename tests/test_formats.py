"""Output formats: each named once, in planctl.formats; the command line offers exactly those."""

from __future__ import annotations

import importlib

import pytest
from typer.testing import CliRunner

from planctl import formats
from planctl.cli import app

# Each table, the function its modules provide, a command line that picks from it, and
# the choices that line offers besides the table's ("auto" picks a format, it is none).
TABLES = [
    (formats.VALIDATE, "write", ["validate", "--format"], ["auto"]),
    (formats.RENDER, "render", ["render", "examples/district-pl-plan.plan.yaml", "--format"], []),
    (formats.STATUS, "write", ["status", "--format"], []),
    (formats.DIFF, "write", ["diff", "--format"], []),
    (formats.EXPORT, "export", ["export", "examples", "--format"], []),
]


@pytest.mark.parametrize(("table", "function", "_command", "_extra"), TABLES)
def test_every_format_names_a_module_that_writes_it(
    table: dict[str, str], function: str, _command: list[str], _extra: list[str]
) -> None:
    for name, module_name in table.items():
        module = importlib.import_module(module_name)
        assert callable(getattr(module, function)), name


@pytest.mark.parametrize(("table", "_function", "command", "extra"), TABLES)
def test_the_command_line_offers_the_table_and_nothing_else(
    table: dict[str, str], _function: str, command: list[str], extra: list[str]
) -> None:
    result = CliRunner().invoke(app, [*command, "no-such-format"])
    assert result.exit_code == 2
    offered = ", ".join([*extra, *table])
    assert f"'no-such-format' is not one of {offered}" in result.output.replace("\n", " ")


def test_the_packages_read_their_formats_from_the_same_tables() -> None:
    from planctl import diff, export, progress, render, report

    assert render.FORMATS is formats.RENDER
    assert progress.WRITERS is formats.STATUS
    assert diff.WRITERS is formats.DIFF
    assert export.WRITERS is formats.EXPORT
    assert tuple(report.REPORTERS) == tuple(formats.VALIDATE)
