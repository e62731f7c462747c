"""Hypothesis strategies for the mutation fuzzer (``tests/test_fuzz.py``).

A mutant starts from a plan that reads well (one of the examples, or a small
generated plan with comments) and is then damaged the ways plan files are
damaged in practice: a line dropped, duplicated, moved or re-indented by an
editor, a colon deleted, a value retyped as a list, a mapping, a number or a
date that does not exist, the file cut short, stray bytes pasted in (NUL,
tabs, Word's manual line break, bytes that are not UTF-8), and hostile text
(anchors and aliases, Python tags, template and script injection). For
``planctl fmt`` the layout is changed instead: comments on their own lines
at any indentation, at line ends, between a key and its value or inside a
bracketed list, quotes, ``|`` and ``>`` blocks, blank lines, trailing spaces,
CR line ends, deeper indentation.

Every mutation is recorded in :attr:`Mutant.steps`, so a failing example says
what was done to which file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
EXAMPLES: dict[str, bytes] = {
    path.name: path.read_bytes() for path in sorted((REPO / "examples").glob("*.plan.yaml"))
}

SCRIPT = "<script>alert(1)</script>"
JINJA = "{{ 12345*9 }}"
JINJA_RESULT = str(12345 * 9)
"""What :data:`JINJA` would become if plan text were ever run as a layout."""

RETYPED: tuple[str, ...] = (
    "[x]",
    "[]",
    "{a: 1}",
    "{}",
    "1",
    "0",
    "-5",
    "3.5",
    "1e400",
    "-0",
    "0x1F",
    "0o17",
    "null",
    "~",
    "''",
    '""',
    "true",
    "yes",
    ".nan",
    ".inf",
    "-.inf",
    "9" * 39,
    "9" * 60,
    "-" + "9" * 45,
    "2013-13",
    "0000-01",
    "9999-12",
    "2013-02-30",
    "2013-00-10",
    "2024-07..2023-01",
    "2024-07..",
    "..2024-07",
    "Year 0",
    "Year 99999999999999999999",
    "SY 2013-12",
    "Q5 2024",
    "Ongoing",
    "May/2013",
    "April-May 2013",
    "&a x",
    "*a",
    "*nowhere",
    "!!str 5",
    "!!binary aGVsbG8=",
    "!!python/object:os.system x",
    "!!python/object/apply:os.system [echo]",
    "!custom x",
    "!!set {a, b}",
    "!!timestamp 2013-05-01",
    "|\n  block text\n",
    ">-",
    "|",
    "? x",
    "<< : *a",
    SCRIPT,
    f'"{SCRIPT}"',
    JINJA,
    f'"{JINJA}"',
    "{{ 7*7 }}",
    "'{% for x in range(9999999) %}x{% endfor %}'",
    '"line\\u2028break"',
    '"\\x00"',
    "[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]",
    "{a: {b: {c: {d: [1, {e: 2}]}}}}",
    "a: b",
    "- x",
    "#",
    "x # trailing",
    "'unclosed",
    '"unclosed',
    "[unclosed",
    "{unclosed",
    "é€😀",
    "\u202eevil",
)
"""Values a scalar may be retyped as."""

SNIPPETS: tuple[bytes, ...] = (
    b"\x00",
    b"\t",
    b"\x0b",
    b"\x0c",
    b"\x1b[31m",
    b"\x7f",
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xe2\x80",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\xef\xbf\xbe",
    b"\xc2\x85",
    "\u2028".encode(),
    "\u00a0".encode(),
    b"\r",
    b"\r\n",
    b"\n",
    b": ",
    b":",
    b"- ",
    b"-",
    b"? ",
    b"&a ",
    b"*a",
    b"&a",
    b"*a ",
    b"<<: *a\n",
    b"!!python/object:os.system ",
    b"!!python/object/apply:os.system ['true'] ",
    b"!local ",
    b"{{ 7*7 }}",
    JINJA.encode(),
    b"{% raw %}",
    SCRIPT.encode(),
    b"<script>",
    b"</td></tr></table><script>alert(1)</script>",
    b"<!--",
    b"]]>",
    b"| x |",
    b"# ",
    b" #",
    b" # pasted comment",
    b"#",
    b"'",
    b'"',
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"|",
    b">-",
    b"%YAML 1.2\n",
    b"%TAG ! tag:example.com,2000:\n",
    b"---\n",
    b"...\n",
    b"--- ",
    b"\\",
    b"`",
    b"@",
    b"%",
    b"  ",
    b"    ",
    b"9" * 50,
    b".nan",
    b"~",
    "é€😀".encode(),
    "\u202e".encode(),
)
"""Bytes pasted into a file at a random place."""

KEYS: tuple[str, ...] = (
    "planctl",
    "template",
    "title",
    "organization",
    "period",
    "start",
    "end",
    "status",
    "adopted",
    "description",
    "currency",
    "sections",
    "people",
    "name",
    "team",
    "aliases",
    "silence",
    "goals",
    "objectives",
    "strategies",
    "steps",
    "id",
    "action",
    "due",
    "dates",
    "owners",
    "outcome",
    "measure",
    "measures",
    "baseline",
    "target",
    "targets",
    "actuals",
    "value",
    "by",
    "as_of",
    "cost",
    "amount",
    "by_year",
    "resources",
    "benefits",
    "tags",
    "completed",
    "updates",
    "date",
    "comments",
    "aligns_to",
    "phase",
    "repeat",
    "<<",
    "x-unknown",
)
"""Keys a key may be renamed to: the plan's own, and a few that are not."""

HOSTILE_LINES: tuple[str, ...] = (
    "defaults: &a {owners: Ana, outcome: Done}",
    "<<: *a",
    "- *a",
    "silence: {date-format: ''}",
    "silence: {no-such-rule: because}",
    "silence: [date-format]",
    "template: ../../etc/passwd",
    "template: https://example.invalid/t.yaml",
    "template: ''",
    "template: [default]",
    "planctl: 2",
    "planctl: '1'",
    "period: {start: 2027-06, end: 2024-07}",
    "period: {start: 2024-07}",
    "period: 2024",
    "people: [Ana, {name: Ana}, {name: Ana}]",
    "owners: [Ana, Ana, '', null]",
    "steps: []",
    "goals: {}",
    "cost: {amount: -1, by_year: {2024-25: .nan, '': 5}}",
    "measure: {baseline: {value: [1]}, target: {value: {}, by: 2013-13}}",
    "updates: [{date: 2013-13}, 5, null]",
    "dates: [2024-09, 2023-01, May/2013, Year 2, 2013-13]",
    "id: G1",
    f"title: {SCRIPT}",
    f"action: '{JINJA}'",
    "? complex key",
    ": no key",
    "---",
    "...",
    "%YAML 1.1",
    "# a comment line",
    "   # an indented comment # with a hash",
    "",
)
"""Whole lines inserted at the indentation of the line they go before."""

_KEY_LINE = re.compile(
    rb"^(?P<lead>[ \t]*(?:- +)*)(?P<key>[^\s:#'\"{}\[\],&*!|>-][^:#]*?):(?=[ \t]|$)"
)
_VALUE_LINE = re.compile(
    rb"^(?P<head>[ \t]*(?:- +)*[^:#]*?:[ \t]+)(?P<value>[^#\n]*?)(?P<rest>[ \t]*(?:#.*)?)$"
)
_ITEM_LINE = re.compile(rb"^(?P<head>[ \t]*(?:- +)+)(?P<value>[^#\n]*?)(?P<rest>[ \t]*(?:#.*)?)$")


@dataclass(frozen=True)
class Mutant:
    """A damaged plan file: where it came from, what was done to it, and its bytes."""

    base: str
    steps: tuple[str, ...]
    raw: bytes


# --------------------------------------------------------------------------
# Small valid plans to start from

_WORDS = st.text(alphabet="abcdefgh KLMN 0123.'/&()-", min_size=1, max_size=14).map(
    lambda text: "T" + " ".join(text.split())
)
_DATES = st.sampled_from(
    ["2024-09", "2025-06", "May 2025", "April-May 2025", "SY 2024-25", "Fall 2024", "2024-10-22"]
)
_OWNERS = st.sampled_from(["Ana Ruiz", "Bo Chen", "Reading Team"])


def _quoted(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same text."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 .'/&()-]*[A-Za-z0-9.)]", text):
        return text
    return "'" + text.replace("'", "''") + "'"


@st.composite
def small_plans(draw: st.DrawFn) -> str:
    """A small valid default-template plan, with comments and blank lines here and there."""
    counter = iter(range(1, 1000))

    def comment(indent: int, chance: float = 0.3) -> list[str]:
        if draw(st.floats(0, 1)) >= chance:
            return []
        return [" " * indent + f"# note {next(counter)}: {draw(_WORDS)}"]

    def eol(chance: float = 0.2) -> str:
        return f"  # eol {next(counter)}" if draw(st.floats(0, 1)) < chance else ""

    lines = ["# yaml-language-server: $schema=../schemas/plan.schema.json"]
    lines += comment(0, 0.5)
    header = [
        "planctl: 1",
        "template: default",
        f"title: {_quoted(draw(_WORDS))}",
    ]
    if draw(st.booleans()):
        header.append(f"organization: {_quoted(draw(_WORDS))}")
    if draw(st.booleans()):
        header.append("period: {start: 2024-07, end: 2026-06}")
    if draw(st.booleans()):
        header.append(f"status: {draw(st.sampled_from(['draft', 'adopted', 'archived']))}")
    for line in draw(st.permutations(header)):
        lines += comment(0)
        lines.append(line + eol())
    if draw(st.booleans()):
        lines += ["", "people:", "  - name: Ana Ruiz", "  - name: Bo Chen", "    role: Coach"]
        lines += ["  - name: Reading Team", "    team: true"]
    lines += ["", "goals:"]
    anchored: list[str] = []
    for number in range(1, draw(st.integers(1, 2)) + 1):
        lines += comment(2)
        lines += [f"  - id: G{number}", f"    title: {_quoted(draw(_WORDS))}" + eol()]
        lines += comment(4)
        lines.append("    steps:")
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.integers(0, 3)) == 0:
                lines.append(
                    f"      - {{action: {_quoted(draw(_WORDS))}, due: {draw(_DATES)},"
                    f" owners: {draw(_OWNERS)}, outcome: Done, measure: Logs}}" + eol()
                )
                continue
            fields = [
                f"action: {_quoted(draw(_WORDS))}",
                f"due: {draw(_DATES)}",
                f"owners: [{', '.join(draw(st.lists(_OWNERS, min_size=1, max_size=2)))}]",
                f"outcome: {_quoted(draw(_WORDS))}",
            ]
            if draw(st.booleans()):
                fields.append(
                    "measure: {source: Logs, baseline: 10, target: {value: 20, by: 2025-06}}"
                )
            else:
                fields.append(f"measure: {_quoted(draw(_WORDS))}")
            if draw(st.booleans()):
                fields.append(f"cost: {draw(st.integers(0, 10**6))}")
            if draw(st.booleans()):
                fields.append(
                    f"status: {draw(st.sampled_from(['done', 'in-progress', 'not-started']))}"
                )
            if draw(st.booleans()):
                fields.append(
                    "description: |\n          First line # not a comment\n          Second line"
                )
            fields = draw(st.permutations(fields))
            # A step may be anchored and merged into the next ones (YAML merge keys).
            merge = draw(st.sampled_from(["", "", "", "anchor", "merge", "merge-list"]))
            if merge == "anchor" and not anchored:
                anchored.append(f"s{next(counter)}")
                lines.append(f"      - &{anchored[-1]}")
                lead_first = "        "
            elif merge.startswith("merge") and anchored:
                alias = f"*{anchored[-1]}" if merge == "merge" else f"[*{anchored[-1]}]"
                lines.append(f"      - <<: {alias}")
                lead_first = "        "
            else:
                lead_first = "      - "
            for index, field in enumerate(fields):
                lines += comment(8, 0.15)
                lead = lead_first if index == 0 else "        "
                lines.append(lead + field + ("" if "\n" in field else eol(0.1)))
            if draw(st.booleans()):
                lines.append("")
    lines += comment(0, 0.3)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Mutations: each takes the bytes and a draw, and returns new bytes and what it did

_Mutation = Callable[[bytes, st.DrawFn], tuple[bytes, str]]


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def _index(draw: st.DrawFn, size: int) -> int:
    return draw(st.integers(0, max(size - 1, 0)))


def _drop_line(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines))
    del lines[at]
    return _join(lines), f"drop line {at + 1}"


def _drop_range(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines))
    count = draw(st.integers(2, 12))
    del lines[at : at + count]
    return _join(lines), f"drop lines {at + 1}-{at + count}"


def _duplicate_line(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines))
    lines.insert(at, lines[at])
    return _join(lines), f"duplicate line {at + 1}"


def _swap_lines(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    first = _index(draw, len(lines))
    second = draw(st.integers(max(first - 8, 0), min(first + 8, len(lines) - 1)))
    lines[first], lines[second] = lines[second], lines[first]
    return _join(lines), f"swap lines {first + 1} and {second + 1}"


def _reindent(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines))
    line = lines[at]
    body = line.lstrip(b" \t")
    indent = len(line) - len(body)
    how = draw(st.sampled_from(["shift", "tab", "mixed"]))
    if how == "shift":
        delta = draw(st.sampled_from([-4, -2, -1, 1, 2, 4, 8]))
        lines[at] = b" " * max(indent + delta, 0) + body
        return _join(lines), f"indent line {at + 1} by {delta}"
    if how == "tab":
        lines[at] = b"\t" * max(indent // 2, 1) + body
        return _join(lines), f"indent line {at + 1} with tabs"
    lines[at] = b" \t" + b" " * max(indent - 2, 0) + body
    return _join(lines), f"indent line {at + 1} with a space and a tab"


def _delete_colon(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    candidates = [number for number, line in enumerate(lines) if b":" in line]
    if not candidates:
        return raw, "no colon to delete"
    at = draw(st.sampled_from(candidates))
    line = lines[at]
    position = line.index(b":")
    lines[at] = line[:position] + line[position + 1 :]
    return _join(lines), f"delete the colon of line {at + 1}"


def _retype(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines))
    value = draw(st.sampled_from(RETYPED))
    return _retyped(lines, at, value)


def _retype_value(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    """Retype a value that is written on its key's line (or a list item's)."""
    lines = _lines(raw)
    candidates = [
        number
        for number, line in enumerate(lines)
        if (match := _VALUE_LINE.match(line) or _ITEM_LINE.match(line)) and match["value"].strip()
    ]
    if not candidates:
        return raw, "no value to retype"
    at = draw(st.sampled_from(candidates))
    value = draw(st.sampled_from([value for value in RETYPED if "\n" not in value]))
    return _retyped(lines, at, value)


def _retyped(lines: list[bytes], at: int, value: str) -> tuple[bytes, str]:
    encoded = value.encode()
    line = lines[at]
    match = _VALUE_LINE.match(line) or _ITEM_LINE.match(line)
    if match is not None:
        lines[at] = match["head"] + encoded + match["rest"]
    elif _KEY_LINE.match(line):
        lines[at] = line.rstrip() + b" " + encoded
    else:
        indent = line[: len(line) - len(line.lstrip(b" "))]
        lines[at] = indent + encoded
    return _join(lines), f"retype line {at + 1} as {value!r}"


def _rename_key(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    candidates = [number for number, line in enumerate(lines) if _KEY_LINE.match(line)]
    if not candidates:
        return raw, "no key to rename"
    at = draw(st.sampled_from(candidates))
    key = draw(st.sampled_from(KEYS))
    match = _KEY_LINE.match(lines[at])
    assert match is not None
    lines[at] = match["lead"] + key.encode() + lines[at][match.end("key") :]
    return _join(lines), f"rename the key of line {at + 1} to {key!r}"


def _insert_line(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines) + 1)
    text = draw(st.sampled_from(HOSTILE_LINES))
    near = lines[at] if at < len(lines) else b""
    indent = near[: len(near) - len(near.lstrip(b" "))]
    if draw(st.booleans()):
        indent += b"  "
    lines.insert(at, indent + text.encode())
    return _join(lines), f"insert {text!r} before line {at + 1}"


def _append_to_value(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    candidates = [number for number, line in enumerate(lines) if _VALUE_LINE.match(line)]
    if not candidates:
        return raw, "no value to append to"
    at = draw(st.sampled_from(candidates))
    text = draw(st.sampled_from([SCRIPT, JINJA, "{{ 7*7 }}", "a | b", "**x** _y_", "&amp;"]))
    match = _VALUE_LINE.match(lines[at])
    assert match is not None
    lines[at] = match["head"] + match["value"] + b" " + text.encode() + match["rest"]
    return _join(lines), f"append {text!r} to the value on line {at + 1}"


INJECTIONS: tuple[str, ...] = (
    SCRIPT,
    "<SCRIPT SRC=//example.invalid/x.js></SCRIPT>",
    "</td></tr></table><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    JINJA,
    "{% raw %}{{ 12345*9 }}",
    "${12345*9}",
    "](javascript:alert(1))",
    "| injected | cell |",
)
"""Text that must stay text in a packet: markup, layout expressions, Markdown structure."""


def _inject(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    """Write markup or a layout expression into a text value, quoted so that it stays text."""
    lines = _lines(raw)
    candidates = [
        number
        for number, line in enumerate(lines)
        if (match := _VALUE_LINE.match(line))
        and match["value"].strip()
        and not re.search(rb"[\[{]", match["head"] + match["value"][:1])
    ]
    if not candidates:
        return raw, "no value to inject into"
    at = draw(st.sampled_from(candidates))
    match = _VALUE_LINE.match(lines[at])
    assert match is not None
    payload = draw(st.sampled_from(INJECTIONS))
    value = match["value"].decode("utf-8", "replace").strip("'\"")
    text = json.dumps(f"{value} {payload}" if draw(st.booleans()) else payload)
    lines[at] = match["head"] + text.encode() + match["rest"]
    return _join(lines), f"write {payload!r} into the value on line {at + 1}"


def _truncate(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    at = draw(st.integers(0, len(raw)))
    return raw[:at], f"truncate at byte {at}"


def _insert_bytes(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    at = draw(st.integers(0, len(raw)))
    snippet = draw(st.sampled_from(SNIPPETS) | st.binary(min_size=1, max_size=4))
    return raw[:at] + snippet + raw[at:], f"insert {snippet!r} at byte {at}"


def _overwrite_bytes(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    if not raw:
        return raw, "nothing to overwrite"
    at = draw(st.integers(0, len(raw) - 1))
    snippet = draw(st.binary(min_size=1, max_size=3))
    return raw[:at] + snippet + raw[at + len(snippet) :], f"overwrite byte {at} with {snippet!r}"


_COMMENT_TEXT = st.text(alphabet="abc xyz#:'\"-{}[]|>&*!%@`,é", max_size=16)


def _comment_line(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines) + 1)
    indent = draw(st.integers(0, 14))
    text = f"# c{at} {draw(_COMMENT_TEXT)}".rstrip()
    lines.insert(at, (" " * indent + text).encode())
    what = f"insert the comment line {text!r} at column {indent + 1} before line {at + 1}"
    return _join(lines), what


def _comment_at_end(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines))
    text = f"# e{at} {draw(_COMMENT_TEXT)}".rstrip()
    gap = draw(st.sampled_from([" ", "  ", "\t", "    "]))
    lines[at] = lines[at].rstrip(b"\r") + (gap + text).encode()
    return _join(lines), f"end line {at + 1} with the comment {text!r}"


def _blank_line(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines) + 1)
    blank = draw(st.sampled_from(["", " ", "   ", "\t"]))
    lines.insert(at, blank.encode())
    return _join(lines), f"insert the blank line {blank!r} before line {at + 1}"


def _trailing_spaces(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    at = _index(draw, len(lines))
    spaces = draw(st.sampled_from([" ", "   ", "\t", " \t "]))
    lines[at] += spaces.encode()
    return _join(lines), f"end line {at + 1} with {spaces!r}"


def _requote(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    lines = _lines(raw)
    candidates = [
        number
        for number, line in enumerate(lines)
        if (match := _VALUE_LINE.match(line)) and match["value"].strip()
    ]
    if not candidates:
        return raw, "no value to quote"
    at = draw(st.sampled_from(candidates))
    match = _VALUE_LINE.match(lines[at])
    assert match is not None
    value = match["value"].decode("utf-8", "replace")
    if draw(st.booleans()):
        quoted = "'" + value.replace("'", "''") + "'"
    else:
        quoted = json.dumps(value, ensure_ascii=draw(st.booleans()))
    lines[at] = match["head"] + quoted.encode() + match["rest"]
    return _join(lines), f"quote the value on line {at + 1} as {quoted}"


def _line_ends(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    ending = draw(st.sampled_from([b"\r\n", b"\r"]))
    return raw.replace(b"\n", ending), f"end every line with {ending!r}"


def _indent_all(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    factor = draw(st.sampled_from([2, 3]))
    lines = []
    for line in _lines(raw):
        body = line.lstrip(b" ")
        lines.append(b" " * ((len(line) - len(body)) * factor) + body)
    return _join(lines), f"indent every line {factor} times as deep"


def _comment_between(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    """Put a comment between a key and its value, or between a dash and its mapping."""
    lines = _lines(raw)
    candidates = [
        number
        for number, line in enumerate(lines)
        if (match := _VALUE_LINE.match(line)) and match["value"].strip() and not match["rest"]
    ]
    if not candidates:
        return raw, "no value to put a comment before"
    at = draw(st.sampled_from(candidates))
    line = lines[at]
    match = _VALUE_LINE.match(line)
    assert match is not None
    text = f"# b{at} {draw(_COMMENT_TEXT)}".rstrip().encode()
    indent = len(line) - len(line.lstrip(b" -"))
    head = match["head"].rstrip()
    dash = re.match(rb"^( *)- +", line)
    if dash is not None and draw(st.booleans()):
        # "- key: value" becomes "- # comment" and "  key: value" below it.
        lines[at : at + 1] = [dash.group(1) + b"- " + text, b" " * indent + line[dash.end() :]]
        return _join(lines), f"put a comment after the dash of line {at + 1}"
    lines[at : at + 1] = [head + b" " + text, b" " * (indent + 2) + match["value"]]
    return _join(lines), f"put a comment between the key and the value of line {at + 1}"


def _split_flow(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    """Spread a one-line ``{...}`` or ``[...]`` over lines, maybe with comments inside."""
    lines = _lines(raw)
    candidates = [
        number
        for number, line in enumerate(lines)
        if re.search(rb"[\[{][^\]}]*, ", line) and b"#" not in line
    ]
    if not candidates:
        return raw, "no flow collection to split"
    at = draw(st.sampled_from(candidates))
    line = lines[at]
    indent = len(line) - len(line.lstrip(b" -")) + draw(st.sampled_from([2, 4, 0]))
    pieces = line.split(b", ")
    with_comment = draw(st.booleans())
    out = [pieces[0] + b","]
    for number, piece in enumerate(pieces[1:], 1):
        last = number == len(pieces) - 1
        comment = b"  # f%d" % number if with_comment and draw(st.booleans()) else b""
        out[-1] += comment
        out.append(b" " * indent + piece + (b"" if last else b","))
    lines[at : at + 1] = out
    what = "with comments" if with_comment else "without comments"
    return _join(lines), f"spread the flow collection of line {at + 1} over lines {what}"


_BLOCK_HEADERS = ("|", "|-", "|+", ">", ">-", ">+", "|2", ">2-", "|+ # kept", "> # folded")


def _block_scalar(raw: bytes, draw: st.DrawFn) -> tuple[bytes, str]:
    """Turn a value into a ``|`` or ``>`` block, with text that looks like YAML and comments."""
    lines = _lines(raw)
    candidates = [
        number
        for number, line in enumerate(lines)
        if (match := _VALUE_LINE.match(line))
        and match["value"].strip()
        and not re.search(rb"[\[{]", match["head"])
    ]
    if not candidates:
        return raw, "no value to make a block"
    at = draw(st.sampled_from(candidates))
    line = lines[at]
    match = _VALUE_LINE.match(line)
    assert match is not None
    header = draw(st.sampled_from(_BLOCK_HEADERS))
    indent = len(line) - len(line.lstrip(b" -")) + 2
    body = draw(
        st.lists(
            st.sampled_from(
                ["Text", "# not a comment", "key: not a key", "- not an item", "", "  deeper"]
            ),
            min_size=1,
            max_size=4,
        )
    )
    if not body[0].strip():
        body[0] = "Text"
    block = [(b" " * indent + text.encode()) if text else b"" for text in body]
    lines[at : at + 1] = [match["head"].rstrip() + b" " + header.encode() + match["rest"], *block]
    return _join(lines), f"make the value of line {at + 1} a {header!r} block: {body!r}"


MUTATIONS: dict[str, _Mutation] = {
    "drop-line": _drop_line,
    "drop-range": _drop_range,
    "duplicate-line": _duplicate_line,
    "swap-lines": _swap_lines,
    "reindent": _reindent,
    "delete-colon": _delete_colon,
    "retype": _retype,
    "retype-value": _retype_value,
    "rename-key": _rename_key,
    "insert-line": _insert_line,
    "append-to-value": _append_to_value,
    "truncate": _truncate,
    "insert-bytes": _insert_bytes,
    "overwrite-bytes": _overwrite_bytes,
    "comment-line": _comment_line,
    "comment-at-end": _comment_at_end,
    "blank-line": _blank_line,
    "trailing-spaces": _trailing_spaces,
    "requote": _requote,
    "line-ends": _line_ends,
    "indent-all": _indent_all,
    "comment-between": _comment_between,
    "split-flow": _split_flow,
    "block-scalar": _block_scalar,
    "inject": _inject,
}

# Mutations that keep most files readable YAML come up more often, so that the later stages
# (building, rendering, formatting) see many mutants too.
_WEIGHTED = (
    ["retype", "retype-value"] * 2
    + ["rename-key"] * 2
    + ["drop-line"] * 2
    + ["duplicate-line"] * 2
    + ["swap-lines"] * 2
    + ["insert-line"] * 2
    + ["append-to-value"] * 2
    + ["drop-range", "reindent", "delete-colon", "truncate", "insert-bytes", "overwrite-bytes"]
    + ["comment-line", "comment-at-end", "blank-line", "requote", "line-ends"]
    + ["comment-between", "split-flow", "block-scalar", "inject", "indent-all", "trailing-spaces"]
)
# Mutations that mostly leave a plan that still builds: for rendering and formatting.
_GENTLE = (
    ["retype-value", "inject"] * 3
    + ["rename-key"] * 2
    + ["duplicate-line", "swap-lines", "drop-line", "insert-line", "append-to-value"]
)
# Mutations of the layout, the comments and the styles: what fmt has to put right.
_LAYOUT = (
    ["comment-line", "comment-at-end"] * 4
    + ["swap-lines", "reindent", "requote", "rename-key", "comment-between"] * 2
    + ["blank-line", "trailing-spaces", "line-ends", "indent-all", "retype-value"]
    + ["split-flow", "block-scalar"]
)
MIXES = {"any": _WEIGHTED, "gentle": _GENTLE, "layout": _LAYOUT}


@st.composite
def bases(draw: st.DrawFn) -> tuple[str, bytes]:
    """A plan to start from: an example file, or a small generated plan."""
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(EXAMPLES)))
        return name, EXAMPLES[name]
    return "generated", draw(small_plans()).encode()


@st.composite
def mutants(draw: st.DrawFn, max_mutations: int = 3, *, mix: str = "any") -> Mutant:
    """A plan with one to ``max_mutations`` mutations drawn from the mix ``mix``.

    ``any`` damages plans in every way; ``gentle`` in ways that mostly still
    build as a plan (a value retyped, a key renamed, a line moved), for the
    stages after validation; ``layout`` changes comments, indentation, quotes
    and line ends, what ``planctl fmt`` has to put right.
    """
    base, raw = draw(bases())
    steps: list[str] = []
    for _ in range(draw(st.integers(1, max_mutations))):
        name = draw(st.sampled_from(MIXES[mix]))
        raw, what = MUTATIONS[name](raw, draw)
        steps.append(what)
    return Mutant(base, tuple(steps), raw)
