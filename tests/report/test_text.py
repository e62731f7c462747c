"""The text report: layout, counts, the quoted line and its caret, colour."""

from __future__ import annotations

import re
import unicodedata

import pytest

from planctl.problem import FileReport, Severity
from planctl.report.text import LONG_LINE, quote_source
from tests.report.helpers import PLAN, problem, render, sample_reports

ANSI = re.compile(r"\x1b\[[0-9;]*m")

EXPECTED = """\
plans/district.plan.yaml
plans/district.plan.yaml:5:9: warning [smart-measure] Goal 1 › Action step 1: no measure of success
  5 |       - action: Hire a reading coach
    |         ^

plans/district.plan.yaml:6:14: error [date-format] Goal 1 › Action step 1 'Hire a reading coach': "2024-13" is not a month
  6 |         due: 2024-13
    |              ^
  hint: write YYYY-MM, for example 2024-12

plans/other.plan.yaml
plans/other.plan.yaml:1:8: info [status-word] 'doing' is not a status word
  1 | status: doing
    |        ^

1 error, 1 warning, 1 info in 2 of 3 files
"""  # noqa: E501 - the report's lines are as long as its messages


def test_small_report_exactly() -> None:
    assert render("text", sample_reports()) == EXPECTED


def test_no_problems_prints_only_the_summary() -> None:
    reports = [FileReport(f"p{i}.plan.yaml", [], ("title: x",)) for i in range(5)]
    assert render("text", reports) == "No problems in 5 files.\n"


@pytest.mark.parametrize(
    ("severities", "files", "expected"),
    [
        ([], 1, "No problems in 1 file."),
        ([], 0, "No problems in 0 files."),
        ([Severity.ERROR], 1, "1 error in 1 of 1 file"),
        ([Severity.ERROR] * 3 + [Severity.WARNING], 5, "3 errors, 1 warning in 2 of 5 files"),
        ([Severity.WARNING] * 2, 2, "2 warnings in 2 of 2 files"),
        ([Severity.INFO], 3, "1 info in 1 of 3 files"),
        ([Severity.INFO] * 2 + [Severity.ERROR] * 2, 2, "2 errors, 2 infos in 2 of 2 files"),
    ],
)
def test_summary_counts_with_singular_and_plural(
    severities: list[Severity], files: int, expected: str
) -> None:
    reports = [FileReport(f"p{i}.plan.yaml") for i in range(files)]
    for index, severity in enumerate(severities):
        # Spread the problems over the first two files (one file when there is only one).
        report = reports[index % min(2, files)]
        report.problems.append(problem(index + 1, path=report.path, severity=severity))
    assert render("text", reports).splitlines()[-1] == expected


def quote_and_caret(output: str) -> tuple[str, int]:
    """The quoted source text and the caret's display column (0-based, after ``| ``)."""
    lines = output.splitlines()
    quote_index = next(i for i, line in enumerate(lines) if re.match(r"^\s+\d+ \|", line))
    quoted = lines[quote_index].split(" | ", 1)[1]
    caret_line = lines[quote_index + 1]
    bar = caret_line.index("|")
    return quoted, caret_line.index("^") - bar - 2


def display_width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


@pytest.mark.parametrize(
    ("line", "target"),
    [
        ("due: 2024-13", "2024"),
        ("\tdue:\t2024-13", "2024"),  # tabs before the column are expanded consistently
        ("a\tb\tc\td", "d"),
        ("title: 読み書き計画 due: 2024-13", "2024"),  # wide characters count two columns
        ("title: e\u0301cole due: x", "x"),  # a combining accent counts none
        ("status: \x1b[31mred due: x", "x"),  # an escape is shown, not sent to the terminal
    ],
)
def test_caret_stands_under_the_column(line: str, target: str) -> None:
    column = line.index(target) + 1
    output = render("text", [FileReport(PLAN, [problem(1, column)], (line,))])
    quoted, caret = quote_and_caret(output)
    assert "\t" not in quoted
    assert "\x1b" not in quoted
    # The text before the caret fills exactly the caret's columns, and the target comes next.
    prefix = ""
    for char in quoted:
        if display_width(prefix) >= caret:
            break
        prefix += char
    assert display_width(prefix) == caret
    assert quoted[len(prefix) :].startswith(target)


def test_caret_after_the_end_of_the_line() -> None:
    output = render("text", [FileReport(PLAN, [problem(1, 500)], ("due:",))])
    quoted, caret = quote_and_caret(output)
    assert (quoted, caret) == ("due:", 4)


def test_long_line_is_cut_around_the_column() -> None:
    line = "x" * 300 + "TARGET" + "y" * 300
    column = 301
    output = render("text", [FileReport(PLAN, [problem(1, column)], (line,))])
    quoted, caret = quote_and_caret(output)
    assert quoted.startswith("…")
    assert quoted.endswith("…")
    assert len(quoted) <= LONG_LINE
    assert quoted[caret:].startswith("TARGET")


def test_long_line_cut_at_its_start_and_end() -> None:
    line = "START" + "-" * 400 + "END"
    head, caret = quote_source(line, 1)
    assert head.startswith("START") and head.endswith("…") and caret == 0
    tail, caret = quote_source(line, len(line) - 2)
    assert tail.startswith("…") and tail.endswith("END")
    assert tail[caret:] == "END"


def test_line_of_exactly_the_limit_is_not_cut() -> None:
    line = "z" * LONG_LINE
    assert quote_source(line, LONG_LINE) == (line, LONG_LINE - 1)


def test_no_quote_without_source_text() -> None:
    report = FileReport(PLAN, [problem(9, 1, message="late")], ("only one line",))
    output = render("text", [report])
    assert output == (f"{PLAN}\n{PLAN}:9:1: error [date-format] late\n\n1 error in 1 of 1 file\n")


def test_problem_in_another_file_does_not_quote_this_files_line() -> None:
    report = FileReport(PLAN, [problem(1, 1, path="plans/roster.yaml")], ("title: x",))
    assert "title: x" not in render("text", [report])


def test_colour_off_has_no_escape_codes() -> None:
    reports = sample_reports()
    reports[0].problems.append(problem(2, 1, message="evil \x1b[2J title", hint="a\x07b"))
    output = render("text", reports, color=False)
    assert "\x1b" not in output
    assert "\x07" not in output
    assert "evil \\x1b[2J title" in output


def test_colour_on_only_adds_escape_codes() -> None:
    coloured = render("text", sample_reports(), color=True)
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert "\x1b[1;33mwarning\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == EXPECTED


def test_colour_on_for_a_clean_run() -> None:
    coloured = render("text", [FileReport(PLAN)], color=True)
    assert coloured != "No problems in 1 file.\n"
    assert ANSI.sub("", coloured) == "No problems in 1 file.\n"


def test_multiline_hint_and_message_stay_indented() -> None:
    report = FileReport(
        PLAN, [problem(1, 1, message="two\nlines", hint="first\nsecond")], ("title: x",)
    )
    lines = render("text", [report]).splitlines()
    assert lines[1].endswith("two")
    assert lines[2] == "    lines"
    assert "  hint: first" in lines
    assert "        second" in lines


def test_bidi_controls_are_shown_escaped() -> None:
    report = FileReport(PLAN, [problem(1, 1)], ("title: \u202eevil",))
    quoted, _ = quote_and_caret(render("text", [report]))
    assert quoted == "title: \\u202eevil"


def test_problems_sorted_by_position_within_a_file() -> None:
    report = FileReport(PLAN, [problem(3, 1), problem(1, 5), problem(1, 2)], ("a", "b", "c"))
    heads = [line for line in render("text", [report]).splitlines() if line.startswith(PLAN + ":")]
    assert [h.split(": ")[0] for h in heads] == [f"{PLAN}:1:2", f"{PLAN}:1:5", f"{PLAN}:3:1"]
