"""Hostile text in a plan reaches no terminal, CI log or spreadsheet as something that acts.

YAML's escapes let a plan hold any character (``title: "\\e[31mred\\a"``).
Whatever planctl writes (every report format of ``validate``, ``status`` and
``diff``, every ``export`` to a file and to the screen, a Markdown packet
on the screen) must hold no raw
control character but tab and line breaks, and no bidirectional control:
text formats show them as escapes (``\\x1b``, ``\\u202e``), JSON carries them
as ``\\u`` escapes, iCalendar as spaces. These tests run planctl as a process
and look at the bytes it writes.

A CSV cell a spreadsheet would read as a formula starts with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planctl.escape import json_text, visible
from planctl.export.csv import safe_cell
from planctl.report import github
from tests.test_hostile import TIMEOUT, process_env

# What the plan's texts carry, as YAML escapes: ESC (a colour), BEL, the C1
# CSI and NEL, DEL, NUL, and the bidirectional RLO, ALM, LRI and PDI.
PAYLOAD_YAML = r"\e[31m\a\x9b2J\x85\x7f\0\u202e\u061c\u2066\u2069"
PAYLOAD = "\x1b[31m\x07\x9b2J\x85\x7f\x00\u202e\u061c\u2066\u2069"

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS = frozenset("\t\n\r")


def hostile_plan(action: str = "Act") -> str:
    """A plan whose title, organization, ids, owners, notes, dates and status hold the payload."""
    p = PAYLOAD_YAML
    return f"""\
planctl: 1
title: "Plan {p} red"
organization: "Org {p}"
period: {{start: 2024-07, end: 2026-06}}
people:
  - {{name: "Ana {p} Ruiz"}}
goals:
  - id: "G{p}"
    title: "Goal {p} title"
    owners: "Ana {p} Ruiz"
    steps:
      - id: "S{p}"
        action: "{action} {p} now"
        owners: ["Ana {p} Ruiz", "Nobody {p}"]
        due: "May {p} 2025"
        status: blocked
        cost: {{amount: 100, funding: "Title {p} I"}}
        updates:
          - {{date: 2025-02-11, note: "Note {p} here", status: blocked}}
      - action: "Second {p}"
        owners: "Ana {p} Ruiz"
        due: 2025-01
        status: "weird {p}"
"""


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the hostile plan (new) and an older version of it (old)."""
    folder = tmp_path_factory.mktemp("hostile-output")
    (folder / "old.plan.yaml").write_text(hostile_plan("Old act"), encoding="utf-8")
    (folder / "new.plan.yaml").write_text(hostile_plan(), encoding="utf-8")
    return folder


def run_bytes(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``python -m planctl ARGS``, its output as bytes; fails the test on a timeout."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "planctl", *args],
            cwd=cwd,
            env=process_env(),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"planctl {' '.join(args)} did not finish within {TIMEOUT:g} s")


def raw_controls(data: bytes) -> list[str]:
    """Every control (but tab and line breaks), bidi control or invalid byte in ``data``."""
    text = data.decode("utf-8", errors="surrogateescape")
    found = {
        f"U+{ord(char):04X}"
        for char in text
        if (unicodedata.category(char) in ("Cc", "Cs") and char not in ALLOWED_CONTROLS)
        or char in BIDI
    }
    return sorted(found)


def strings(value: Any) -> Iterator[str]:
    """Every string in a decoded JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


ESCAPED = "escaped"  # text: the payload shown as \x1b, \x9b, \u202e
JSON_RAW = "json"  # JSON: the payload's characters come back when the document is read
SPACES = "spaces"  # iCalendar: the controls became spaces, the text around them stays

AS_OF = ("--as-of", "2025-06-01", "new.plan.yaml")

# (command arguments, the output file's name or "" for the screen, how the payload shows)
CASES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "validate-text": (("validate", "--format", "text", "new.plan.yaml"), "", ESCAPED),
    "validate-json": (("validate", "--format", "json", "new.plan.yaml"), "", JSON_RAW),
    "validate-github": (("validate", "--format", "github", "new.plan.yaml"), "", ESCAPED),
    "validate-sarif": (("validate", "--format", "sarif", "new.plan.yaml"), "", JSON_RAW),
    "validate-gitlab": (("validate", "--format", "gitlab", "new.plan.yaml"), "", ESCAPED),
    "validate-auto": (("validate", "new.plan.yaml"), "", ESCAPED),
    "status-text": (("status", "-f", "text", *AS_OF), "", ESCAPED),
    "status-md": (("status", "-f", "md", *AS_OF), "", ESCAPED),
    "status-json": (("status", "-f", "json", *AS_OF), "", JSON_RAW),
    "diff-text": (("diff", "-f", "text", "old.plan.yaml", "new.plan.yaml"), "", ESCAPED),
    "diff-md": (("diff", "-f", "md", "old.plan.yaml", "new.plan.yaml"), "", ESCAPED),
    "diff-json": (("diff", "-f", "json", "old.plan.yaml", "new.plan.yaml"), "", JSON_RAW),
    "render-md": (("render", "--format", "md", "new.plan.yaml"), "", ESCAPED),
    "export-csv": (("export", "--format", "csv", "new.plan.yaml"), "", ESCAPED),
    "export-ics": (("export", "--format", "ics", "new.plan.yaml"), "", SPACES),
    "export-json": (("export", "--format", "json", "new.plan.yaml"), "", JSON_RAW),
    "export-csv-file": (("export", "--format", "csv", "new.plan.yaml"), "out.csv", ESCAPED),
    "export-ics-file": (("export", "--format", "ics", "new.plan.yaml"), "out.ics", SPACES),
    "export-json-file": (("export", "--format", "json", "new.plan.yaml"), "out.json", JSON_RAW),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_no_raw_control_character_reaches_the_output(case: str, plans: Path) -> None:
    args, output, shown = CASES[case]
    if output:
        args = (*args, "--output", output)
    result = run_bytes(*args, cwd=plans)
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr
    data = (plans / output).read_bytes() if output else result.stdout
    assert raw_controls(data) == []
    assert raw_controls(result.stderr) == []
    text = data.decode("utf-8-sig")
    # The text is shown, not dropped: each kind of character is there in its escaped form.
    if shown == ESCAPED:
        for escape in ("\\x1b", "\\x07", "\\x9b", "\\x7f", "\\x00", "\\u202e", "\\u2066"):
            assert escape in text, escape
    elif shown == JSON_RAW:
        assert any(PAYLOAD[:-1] in item for item in strings(json.loads(text)))
    else:
        assert "Plan  [31m  2J" in text


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "gitlab"])
def test_a_file_name_with_controls_or_not_utf8_is_shown_safely(fmt: str, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = hostile_plan()
    (folder / "a\x1b[2J\u202eb.plan.yaml").write_text(plan, encoding="utf-8")
    # A name that is not UTF-8 (the byte 0xFF): Python reads it as a surrogate.
    (folder / os.fsdecode(b"c\xffd.plan.yaml")).write_text(plan, encoding="utf-8")
    result = run_bytes("validate", "--format", fmt, "plans", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    assert result.stderr == b""
    assert raw_controls(result.stdout) == []


def test_status_and_export_survive_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    from planctl.export import run as export
    from planctl.progress import run as status

    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / os.fsdecode(b"c\xffd.plan.yaml")).write_text(hostile_plan(), encoding="utf-8")
    for to in ("csv", "ics", "json"):
        out = io.StringIO()
        assert export([str(folder)], to=to, output=None, owner=None, out=out) == 0
        assert raw_controls(out.getvalue().encode("utf-8")) == [], to
    for fmt in ("text", "md", "json"):
        out = io.StringIO()
        code = status(
            [str(folder)],
            as_of="2025-06-01",
            owner=None,
            window=30,
            stale_days=None,
            fmt=fmt,
            out=out,
            color=False,
        )
        assert code == 0
        assert raw_controls(out.getvalue().encode("utf-8")) == [], fmt


# --------------------------------------------------------------------------
# The escape function


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, accents é and CJK 漢字", "plain text, accents é and CJK 漢字"),
        ("\x1b[31mred\x07", "\\x1b[31mred\\x07"),
        ("nul\x00 del\x7f", "nul\\x00 del\\x7f"),
        ("c1 \x9b2J \x85", "c1 \\x9b2J \\x85"),
        ("a\u202eb\u2066c\u2069\u061c", "a\\u202eb\\u2066c\\u2069\\u061c"),
        ("tab\tline\nbreak\r", "tab\\x09line\\x0abreak\\x0d"),
        ("lone \udcff", "lone \\udcff"),
        ("no-break\u00a0space, zero\u200bwidth", "no-break\u00a0space, zero\u200bwidth"),
    ],
)
def test_visible_shows_controls_and_bidi_as_escapes(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_keeps_what_the_format_allows() -> None:
    assert visible("a\tb\nc\x1bd\re", keep="\t\n") == "a\tb\nc\\x1bd\\x0de"


def test_json_text_escapes_what_json_dumps_leaves_and_decodes_to_the_same_data() -> None:
    data = {"title": PAYLOAD, "path": "c\udcffd"}
    written = json_text(json.dumps(data, ensure_ascii=False))
    assert raw_controls(written.encode("utf-8", "surrogatepass")) == []
    assert "\\u009b" in written and "\\u202e" in written and "\\udcff" in written
    assert json.loads(written) == data


def test_a_github_annotation_is_one_line_without_controls() -> None:
    message = github.escape_data("50% done\r\nthen \x1b[31mred\x07\u202e")
    assert message == "50%25 done%0D%0Athen \\x1b[31mred\\x07\\u202e"
    assert github.escape_property("a\x1b,b:c\n") == "a\\x1b%2Cb%3Ac%0A"


# --------------------------------------------------------------------------
# CSV formulas


@pytest.mark.parametrize(
    "payload",
    [
        "=1+1",
        " =1+1",
        "\n=1+1",
        "\r\n=1+1",
        "\t=1+1",
        "\t",
        "\rtext",
        "\ntext",
        "＝1+1",
        "﹦1+1",
        "＋1+1",
        "－1+1",
        "＠SUM(A1)",
        "@SUM(A1)",
        "+1+1",
        "-1+1",
        "-",
        "- 5",
        "\u3000=1+1",
        "\u00a0@SUM(A1)",
        '=HYPERLINK("http://x.example","click")',
    ],
)
def test_a_cell_a_spreadsheet_reads_as_a_formula_is_prefixed(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize(
    "text", ["-5", "+5", "-2.5", "+.5", "1e5", "-1E-3", "Goal 1", "e=mc2", "a-b", "", " "]
)
def test_plain_text_and_signed_numbers_stay_as_written(text: str) -> None:
    assert safe_cell(text) == text


def test_a_cell_keeps_tabs_and_line_breaks_and_escapes_controls() -> None:
    assert safe_cell("one\ttwo\r\nthree\x1b[0m\u202e") == "one\ttwo\r\nthree\\x1b[0m\\u202e"
    assert safe_cell("\x1b=1+1") == "\\x1b=1+1"  # starts with a backslash: plain text


@pytest.mark.slow
def test_csv_export_prefixes_every_formula_payload(tmp_path: Path) -> None:
    payloads = [" =1+1", "\n=1+1", "＝1+1", "@SUM(A1)", "+1+1", "-1+1", "\t=1+1"]
    steps = "\n".join(
        f"      - {{action: {json.dumps(payload)}, owners: {json.dumps(payload)}, due: 2025-01}}"
        for payload in payloads
    )
    plan = (
        "planctl: 1\ntitle: t\nperiod: {start: 2024-07, end: 2026-06}\n"
        f"goals:\n  - title: g\n    steps:\n{steps}\n"
    )
    (tmp_path / "f.plan.yaml").write_text(plan, encoding="utf-8")
    for output in ("", "out.csv"):
        args = ["export", "--format", "csv", "f.plan.yaml"]
        result = run_bytes(*args, *(["--output", output] if output else []), cwd=tmp_path)
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        data = (tmp_path / output).read_bytes() if output else result.stdout
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert [row["action"] for row in rows] == ["'" + payload for payload in payloads]
        assert [row["owners"] for row in rows] == ["'" + payload for payload in payloads]
