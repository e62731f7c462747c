"""GitHub workflow commands, parsed back and unescaped as the runner does."""

from __future__ import annotations

import re

import pytest

from planctl.problem import FileReport, Severity
from planctl.report.github import escape_data, escape_property
from tests.report.helpers import PLAN, problem, render, sample_reports

COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)$")


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Each line as (command, properties, message), unescaped."""
    parsed = []
    for line in output.splitlines():
        match = COMMAND.match(line)
        assert match, line
        props = dict(pair.split("=", 1) for pair in match["props"].split(","))
        parsed.append(
            (
                match["command"],
                {key: unescape_property(value) for key, value in props.items()},
                unescape_data(match["data"]),
            )
        )
    return parsed


def test_one_command_per_problem() -> None:
    output = render("github", sample_reports())
    assert output.count("\n") == 3
    parsed = parse(output)
    assert [command for command, _, _ in parsed] == ["warning", "error", "notice"]
    _, props, message = parsed[1]
    assert props == {
        "file": PLAN,
        "line": "6",
        "col": "14",
        "endLine": "6",
        "endColumn": "21",
        "title": "date-format",
    }
    assert message == (
        "Goal 1 › Action step 1 'Hire a reading coach': \"2024-13\" is not a month\n"
        "Hint: write YYYY-MM, for example 2024-12"
    )


def test_end_position_omitted_when_unknown() -> None:
    _, props, message = parse(render("github", sample_reports()))[0]
    assert set(props) == {"file", "line", "col", "title"}
    assert message == "Goal 1 › Action step 1: no measure of success"


def test_exact_line() -> None:
    report = FileReport("a.plan.yaml", [problem(2, 3, path="a.plan.yaml", message="late")])
    assert render("github", [report]) == (
        "::error file=a.plan.yaml,line=2,col=3,title=date-format::late\n"
    )


@pytest.mark.parametrize(
    "message",
    [
        "100% done",
        "already escaped: %0A and %25 stay as written",
        "key: value, another: value",
        "first line\nsecond line\r\nthird",
        "Goal 1 › Action step 3 'Standardize job descriptions' — ünïcödé 読み書き",
        "::error::not a command",
        "",
    ],
)
def test_messages_round_trip(message: str) -> None:
    report = FileReport(
        PLAN,
        [
            problem(
                1,
                1,
                path="plans/odd, name: 100%.yaml",
                rule="rule:with,odd%chars",
                message=message,
                where="Goal 1, step 2: 50%",
                hint="write\nthis",
            )
        ],
    )
    output = render("github", [report])
    assert output.count("\n") == 1  # newlines never split a command
    [(command, props, data)] = parse(output)
    assert command == "error"
    assert props["file"] == "plans/odd, name: 100%.yaml"
    assert props["title"] == "rule:with,odd%chars"
    assert data == f"Goal 1, step 2: 50%: {message}\nHint: write\nthis"


def test_escaping_matches_the_toolkit() -> None:
    assert escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


@pytest.mark.parametrize(
    ("severity", "command"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
)
def test_severity_to_command(severity: Severity, command: str) -> None:
    output = render("github", [FileReport(PLAN, [problem(severity=severity)])])
    assert output.startswith(f"::{command} ")


def test_leading_dot_slash_is_dropped_from_the_path() -> None:
    report = FileReport("./plans/a.plan.yaml", [problem(path="./plans/a.plan.yaml")])
    [(_, props, _)] = parse(render("github", [report]))
    assert props["file"] == "plans/a.plan.yaml"


def test_nothing_written_without_problems() -> None:
    assert render("github", [FileReport(PLAN)]) == ""
