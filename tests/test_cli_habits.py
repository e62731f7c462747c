"""Command-line habits planners bring from other tools (ruff, yamllint, pre-commit).

``-o packet.pdf`` picks the format, ``-h`` is ``--help``, ``-`` reads a plan
from standard input, commands without paths read the plans of planctl.toml,
``--format`` is the one word for a format, shells can complete planctl, and
nothing planctl says speaks Python.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner, Result

from planctl.cli import app

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
DEMO = EXAMPLES / "district-pl-plan.plan.yaml"
BOSTON = EXAMPLES / "boston-tlt-work-plan.plan.yaml"

MAGIC = {"pdf": b"%PDF-", "docx": b"PK", "html": b"<!DOCTYPE html>", "md": b"# "}


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


# --------------------------------------------------------------------------
# The output file's name picks the format


@pytest.mark.parametrize("suffix", ["pdf", "docx", "html", "md"])
def test_the_output_name_picks_the_render_format(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"packet.{suffix}"
    result = invoke("render", str(DEMO), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(MAGIC[suffix])
    if suffix == "docx":
        assert "word/document.xml" in zipfile.ZipFile(out).namelist()


def test_a_name_without_a_suffix_is_markdown(tmp_path: Path) -> None:
    out = tmp_path / "packet"
    assert invoke("render", str(DEMO), "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(MAGIC["md"])


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        (
            ["render", str(DEMO), "--format", "md"],
            "packet.pdf",
            "planctl: --format md does not match -o packet.pdf, a pdf file: "
            "drop --format or change the name\n",
        ),
        (
            ["export", str(DEMO), "-f", "csv"],
            "steps.ics",
            "planctl: --format csv does not match -o steps.ics, a ics file: "
            "drop --format or change the name\n",
        ),
        (
            ["validate", str(DEMO), "--format", "text"],
            "report.sarif",
            "planctl: --format text does not match -o report.sarif, a sarif file: "
            "drop --format or change the name\n",
        ),
        (
            ["render", str(DEMO)],
            "packet.odt",
            "planctl: cannot tell the format from the name packet.odt: add --format, "
            "or name the file .md, .markdown, .html, .htm, .docx, .pdf\n",
        ),
        (
            ["export", str(DEMO)],
            "steps.txt",
            "planctl: cannot tell the format from the name steps.txt: add --format, "
            "or name the file .csv, .ics, .json\n",
        ),
    ],
)
def test_a_format_the_name_contradicts_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], name: str, message: str
) -> None:
    result = invoke(*args, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr == message
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("to", ["csv", "ics", "json"])
def test_the_output_name_picks_the_export_format(tmp_path: Path, to: str) -> None:
    out = tmp_path / f"steps.{to}"
    assert invoke("export", str(DEMO), "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    if to == "ics":
        assert text.startswith("BEGIN:VCALENDAR")
    elif to == "json":
        json.loads(text)
    else:
        assert text.splitlines()[0].count(",") > 3


def test_export_without_a_format_or_a_name_says_what_to_add() -> None:
    result = invoke("export", str(DEMO))
    assert result.exit_code == 2
    assert "give --format csv, ics or json" in result.stderr


def test_the_report_name_picks_sarif_and_json_fits_every_json_format(tmp_path: Path) -> None:
    sarif = tmp_path / "planctl.sarif"
    assert invoke("validate", str(BOSTON), "-o", str(sarif)).exit_code == 1
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    plain = tmp_path / "report.json"
    invoke("validate", str(BOSTON), "-o", str(plain))
    assert isinstance(json.loads(plain.read_text(encoding="utf-8")), dict)
    gitlab = tmp_path / "gl-code-quality-report.json"
    assert invoke("validate", str(BOSTON), "-f", "gitlab", "-o", str(gitlab)).exit_code == 1
    assert isinstance(json.loads(gitlab.read_text(encoding="utf-8")), list)


# --------------------------------------------------------------------------
# One word for a format; the old one still works for a release


def test_render_and_export_take_the_old_to_with_a_note(tmp_path: Path) -> None:
    out = tmp_path / "packet.html"
    result = invoke("render", str(DEMO), "--to", "html", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "planctl: --to html is deprecated and will be removed; write --format html\n"
    )
    assert out.read_bytes().startswith(MAGIC["html"])
    result = invoke("export", str(DEMO), "-t", "csv")
    assert result.exit_code == 0
    assert "write --format csv" in result.stderr
    assert "Action" in result.stdout or "action" in result.stdout


def test_the_old_to_and_format_must_agree() -> None:
    result = invoke("export", str(DEMO), "--to", "csv", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "planctl: --to csv and --format json disagree"


@pytest.mark.parametrize("command", ["render", "export", "diff"])
def test_help_offers_format_and_hides_to(command: str) -> None:
    shown = invoke(command, "--help").stdout
    assert "--format" in shown
    assert "--to" not in shown


# --------------------------------------------------------------------------
# -h, and shell completion


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands())
def test_dash_h_is_help_on_every_command(command: str) -> None:
    short = invoke(command, "-h")
    assert short.exit_code == 0
    assert short.stdout == invoke(command, "--help").stdout
    assert short.stdout.startswith(f"Usage: planctl {command} ")


def test_dash_h_is_help_for_planctl_itself() -> None:
    assert invoke("-h").stdout == invoke("--help").stdout


def test_completion_is_offered_for_the_shell() -> None:
    assert "--install-completion" in invoke("--help").stdout
    result = invoke("--show-completion", "bash")
    assert result.exit_code == 0
    assert "_PLANCTL_COMPLETE" in result.stdout


# --------------------------------------------------------------------------
# - reads a plan from standard input


def test_validate_reads_a_plan_from_standard_input() -> None:
    result = invoke(
        "validate",
        "-",
        "--stdin-filename",
        "plans/boston.plan.yaml",
        stdin=BOSTON.read_bytes(),
    )
    assert result.exit_code == 1
    assert "plans/boston.plan.yaml:" in result.stdout
    from_file = invoke("validate", str(BOSTON))
    assert result.stdout == from_file.stdout.replace(str(BOSTON), "plans/boston.plan.yaml")


def test_validate_without_a_name_calls_standard_input_dash() -> None:
    result = invoke("validate", "-", "-f", "json", stdin=BOSTON.read_bytes())
    files = json.loads(result.stdout)["files"]
    assert [entry["path"] for entry in files] == ["-"]


def test_dash_goes_alone() -> None:
    result = invoke("validate", "-", str(DEMO), stdin=b"")
    assert result.exit_code == 2
    assert result.stderr == "planctl: '-' reads one plan from standard input; give it alone\n"


def test_fmt_writes_the_formatted_plan_to_standard_output() -> None:
    messy = DEMO.read_text(encoding="utf-8").replace("\n  - ", "\n  -   ", 1)
    assert messy != DEMO.read_text(encoding="utf-8")
    result = invoke("fmt", "-", stdin=messy.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout == DEMO.read_text(encoding="utf-8")
    checked = invoke(
        "fmt", "--check", "-", "--stdin-filename", "pl.plan.yaml", stdin=messy.encode()
    )
    assert (checked.exit_code, checked.stdout) == (1, "would reformat pl.plan.yaml\n")


def test_fmt_of_a_broken_plan_on_standard_input_writes_nothing() -> None:
    result = invoke("fmt", "-", stdin=b"planctl: 1\ngoals: [\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("-:")


# --------------------------------------------------------------------------
# render and export read the plans of planctl.toml


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "plans").mkdir()
    shutil.copy(DEMO, tmp_path / "plans" / "pl.plan.yaml")
    shutil.copy(BOSTON, tmp_path / "elsewhere.plan.yaml")
    (tmp_path / "planctl.toml").write_text('plans = ["plans/*.plan.yaml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_render_without_paths_renders_the_configured_plans(repository: Path) -> None:
    result = invoke("render")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == invoke("render", "plans/pl.plan.yaml").stdout


def test_export_without_paths_exports_the_configured_plans(repository: Path) -> None:
    result = invoke("export", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == invoke("export", "-f", "json", "plans/pl.plan.yaml").stdout


# --------------------------------------------------------------------------
# Nothing planctl says speaks Python

PYTHON_WORDS = (
    "list[",
    "str]",
    "<str>",
    "<int",
    "<float",
    "<bool",
    "int range",
    "Value error",
    "Input should",
    "pydantic",
    "Traceback",
    "NoneType",
    "validation error",
    "type=",
    "For further information",
    "x>=",
    "x<=",
)

BAD_INVOCATIONS = [
    ["validate", "--format", "xml"],
    ["validate", "-j", "0"],
    ["validate", "-j", "many"],
    ["validate", "--output"],
    ["validate", "--nope"],
    ["render", str(DEMO), "--format", "odt"],
    ["render", str(DEMO), "--paper", "a5"],
    ["render", str(DEMO), "--date", "someday", "-o", "x.md"],
    ["status", str(DEMO), "--window", "0"],
    ["status", str(DEMO), "--window", "soon"],
    ["status", str(DEMO), "--stale-days", "-3"],
    ["status", str(DEMO), "--format", "pdf"],
    ["status", str(DEMO), "--as-of", "someday"],
    ["export", str(DEMO), "--format", "xml"],
    ["export", str(DEMO), "--to", "xml"],
    ["diff", "--format", "xml"],
    ["diff", "--rev", "a..."],
    ["import"],
    ["import", "x.docx"],
    ["new"],
    ["rules", "no-such-rule"],
    ["templates", "no-such-template"],
    ["schema", "-o"],
    ["init", "--template"],
    ["no-such-command"],
]


def test_help_never_shows_python_words() -> None:
    for args in [[], *([command] for command in _commands())]:
        shown = invoke(*args, "--help").stdout
        found = [word for word in PYTHON_WORDS if word in shown]
        assert not found, (args, found, shown)


@pytest.mark.parametrize("args", BAD_INVOCATIONS, ids=" ".join)
def test_bad_invocations_never_show_python_words(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    said = result.stdout + result.stderr
    found = [word for word in PYTHON_WORDS if word in said]
    assert not found, (found, said)


def test_a_refused_choice_lists_the_choices_in_words() -> None:
    result = invoke("validate", "--format", "xml")
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--format' / '-f': "
        "'xml' is not one of auto, text, json, github, sarif, gitlab"
    )
    result = invoke("status", "--window", "0")
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--window': 0 is too small: give 1 or more"
    )
    result = invoke("status", "--window", "soon")
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--window': 'soon' is not a whole number"
    )


# --------------------------------------------------------------------------
# Dates on the command line are read as plans' dates are


@pytest.mark.parametrize("written", ["March 2027", "2027-03", "03/01/2027", "March 1, 2027"])
def test_render_date_takes_every_form_plans_write(written: str) -> None:
    result = invoke("render", str(DEMO), "--date", written)
    assert result.exit_code == 0, result.stderr
    assert written in result.stdout


def test_render_refuses_a_date_it_cannot_read() -> None:
    result = invoke("render", str(DEMO), "--date", "someday")
    assert result.exit_code == 2
    assert result.stderr == (
        "planctl: --date 'someday' is not a date: write 2027-03-01 or March 2027\n"
    )


# --------------------------------------------------------------------------
# Rule and template texts are plain text, not the docstrings' markup

REST_MARKUP = ("``", ":class:`", ":func:`", ":data:`", ":mod:`", "\n.. ")


def test_rules_and_templates_speak_without_markup() -> None:
    from planctl.rules import rule_docs
    from planctl.template import builtin_names

    shown = [invoke("rules").stdout, invoke("templates").stdout]
    shown += [invoke("rules", rule).stdout for rule in rule_docs()]
    shown += [invoke("templates", name).stdout for name in builtin_names()]
    for text in shown:
        assert text
        found = [mark for mark in REST_MARKUP if mark in text]
        assert not found, (found, text)
    explained = invoke("rules", "date-format").stdout
    assert "'May 2013'" in explained
    assert "'Annually in May'" in explained  # a literal that was wrapped in the docstring


def test_plain_quotes_literals_holding_a_quote_with_double_quotes() -> None:
    from planctl.text import plain

    assert plain("write ``'yes'`` or :class:`~planctl.Thing`") == "write \"'yes'\" or planctl.Thing"
