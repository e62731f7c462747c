"""Choosing a format, and loading format modules only when they are used."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from planctl.problem import FileReport
from planctl.report import FORMATS, REPORTERS, resolve_format, write_report
from tests.report.helpers import RULES, render, sample_reports


def test_format_names() -> None:
    assert list(REPORTERS) == ["text", "json", "github", "sarif", "gitlab"]
    assert FORMATS == ("auto", "text", "json", "github", "sarif", "gitlab")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"GITHUB_ACTIONS": "true"}, "github"),
        ({"GITHUB_ACTIONS": "false"}, "text"),
        ({"GITHUB_ACTIONS": "TRUE"}, "text"),
        ({"GITLAB_CI": "true"}, "text"),
        ({}, "text"),
    ],
)
def test_auto(environ: dict[str, str], expected: str) -> None:
    assert resolve_format("auto", environ) == expected


@pytest.mark.parametrize("name", list(REPORTERS))
def test_concrete_formats_are_kept(name: str) -> None:
    assert resolve_format(name, {"GITHUB_ACTIONS": "true"}) == name


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        resolve_format("xml", {})
    with pytest.raises(ValueError, match="choose one of auto, text, json"):
        write_report("xml", [], io.StringIO(), rules=RULES)


def test_write_report_resolves_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert render("auto", sample_reports()) == render("github", sample_reports())
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert render("auto", sample_reports()) == render("text", sample_reports())


@pytest.mark.parametrize("name", list(REPORTERS))
def test_reporters_write_only_to_their_stream(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = io.StringIO()
    write_report(name, sample_reports(), stream, rules=RULES)
    assert stream.getvalue()
    assert capsys.readouterr() == ("", "")


def test_defaults_for_colour_and_version() -> None:
    stream = io.StringIO()
    write_report("sarif", [FileReport("a.plan.yaml")], stream, rules={})
    from planctl import __version__

    assert f'"semanticVersion": "{__version__}"' in stream.getvalue()


@pytest.mark.slow
def test_format_modules_load_only_when_used() -> None:
    code = (
        "import sys, io\n"
        "import planctl.report as r\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('planctl.report.'))\n"
        "print(loaded())\n"
        "r.write_report('json', [], io.StringIO(), rules={})\n"
        "print(loaded())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "['planctl.report._common', 'planctl.report.json']"]
