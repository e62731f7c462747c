"""planctl's stance on every case of the YAML test suite (tests/data/yaml-test-suite).

Each case is valid YAML 1.2 (it has ``in.yaml``, and ``in.json`` when its data
fits JSON) or invalid (it has an ``error`` file). planctl's stance:

* a valid case a plan file can hold is read without a problem, into the data
  its ``in.json`` says;
* a valid case planctl refuses by design is listed in :data:`BY_DESIGN`, with
  what it contains and why; it is refused under its own rule, never
  ``yaml-syntax`` (which says the text is not YAML);
* an invalid case is refused by the parser: a located ``yaml-syntax`` problem.

Where libyaml refuses a file, the loader reads it again with ruamel's
pure-Python parser, which follows YAML 1.2 in more places (a ':' in a flow
collection, a '>' text at column 0, anchors named with any character), and
then with the tabs that separate tokens, the line breaks before a { }
key's ':' and those inside a { } key written over several lines, read as
spaces (and '?x' in a [ ] or { } read as text, a tag ended before a ',',
a tab starting a '|' text read as text); :data:`LIBYAML_GAPS` are the cases
that still go wrong with libyaml (none), :data:`PURE_GAPS` those with
ruamel's parser alone.

Cases the parser in use still gets wrong are listed in :data:`KNOWN_GAPS` as
strict expected failures, so a fix (or a new parser release) that mends one
fails the run until the entry is removed.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from planctl.load.yamlsafe import load_bytes, parser_name

SUITE = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite"


class Refusal(NamedTuple):
    """A valid case planctl refuses by design."""

    contains: str
    why: str
    rules: tuple[str, ...]
    """The rules its problems may carry (never ``yaml-syntax``)."""


ONE_PLAN = "a plan file holds one plan; a second document belongs in a file of its own"
NAMES = "plan keys are field names, so every key is text"
PLAIN = "plans are plain data: only the core tags, on values of their type"

BY_DESIGN: dict[str, Refusal] = {
    "2JQS": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "2XXW": Refusal("the tag !!set", PLAIN, ("yaml-tag",)),
    "35KP": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "4FJ6": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "565N": Refusal("the tag !!binary", PLAIN, ("yaml-tag",)),
    "5TYM": Refusal(
        "more than one document and the tag !my-light",
        f"{ONE_PLAN}; {PLAIN}",
        ("yaml-unsupported", "yaml-tag"),
    ),
    "6BFJ": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "6CK3": Refusal("the tags !local, tag:example.com,2000:app/tag!", PLAIN, ("yaml-tag",)),
    "6M2F": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "6PBE": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "6WLZ": Refusal(
        "more than one document and the tags !foo, tag:example.com,2000:app/foo",
        f"{ONE_PLAN}; {PLAIN}",
        ("yaml-unsupported", "yaml-tag"),
    ),
    "6XDY": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "6ZKB": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "7FWL": Refusal("the tag !bar", PLAIN, ("yaml-tag",)),
    "7Z25": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "9DXL": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "9KAX": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "9MMW": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "9WXW": Refusal(
        "more than one document and the tags !foo, tag:example.com,2000:app/foo",
        f"{ONE_PLAN}; {PLAIN}",
        ("yaml-unsupported", "yaml-tag"),
    ),
    "C4HZ": Refusal("4 tags of tag:clarkevans.com,2002", PLAIN, ("yaml-tag",)),
    "CC74": Refusal("the tag tag:example.com,2000:app/foo", PLAIN, ("yaml-tag",)),
    "CFD4": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "CUP7": Refusal("the tag !local", PLAIN, ("yaml-tag",)),
    "DFF7": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "FH7J": Refusal("a !!null key", NAMES, ("yaml-unsupported",)),
    "FRK4": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "J7PZ": Refusal("the tag !!omap", PLAIN, ("yaml-tag",)),
    "JHB9": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "KK5P": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "KSS4": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "L383": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "LX3P": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "M2N8/00": Refusal(
        "a key that is a list or mapping and an empty (null) key", NAMES, ("yaml-unsupported",)
    ),
    "M2N8/01": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "M5C3": Refusal("the tag !foo", PLAIN, ("yaml-tag",)),
    "M5DY": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "M7A3": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "NHX8": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "NKF9": Refusal(
        "an empty (null) key and more than one document",
        f"{NAMES}; {ONE_PLAN}",
        ("yaml-unsupported",),
    ),
    "P76L": Refusal("the tag tag:example.com,2000:app/int", PLAIN, ("yaml-tag",)),
    "PUW8": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "PW8X": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "Q9WF": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "RZP5": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "RZT7": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "S3PD": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "SBG9": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "SM9W/01": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "U9NS": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "UGM3": Refusal("the tag tag:clarkevans.com,2002:invoice", PLAIN, ("yaml-tag",)),
    "UKK6/00": Refusal("an empty (null) key", NAMES, ("yaml-unsupported",)),
    "UT92": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "V9D5": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "W4TN": Refusal("more than one document", ONE_PLAN, ("yaml-unsupported",)),
    "X38W": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "XW4D": Refusal("a key that is a list or mapping", NAMES, ("yaml-unsupported",)),
    "Z67P": Refusal("the tag !foo", PLAIN, ("yaml-tag",)),
    "Z9M4": Refusal("the tag tag:example.com,2000:app/foo", PLAIN, ("yaml-tag",)),
}
"""Valid cases planctl refuses by design, by case id."""

# Why a parser gets a case wrong. libyaml and ruamel's pure-Python parser
# (used where libyaml is not installed) still follow YAML 1.1 in places.
# Neither is mended by a rewrite that keeps every position: a tab in a plain
# text's next line read as a space would count as indentation and let through
# lines YAML 1.2 refuses, and ruamel's parser would only read the blank lines
# above a '|' text with their spaces removed, which moves every column.
TAB = "ruamel's parser refuses a tab YAML 1.2 allows in the indentation of a plain text's next line"
MORE_INDENTED = (
    "ruamel's parser refuses a '|' or '>' text whose blank first lines have fewer spaces "
    "than its text"
)

LIBYAML_GAPS: dict[str, str] = {}

PURE_GAPS = {
    "4QFQ": MORE_INDENTED,
    "9MMW": "ruamel's parser refuses a [ ] item 'key: value' whose key is a [ ] or { } "
    "(which planctl would refuse by design)",
    "DWX9": MORE_INDENTED,
    "HS5T": TAB,
    "M7A3": "ruamel's parser refuses a document without '---' after '...' "
    "(which planctl would refuse by design)",
    "NB6Z": TAB,
    "R4YG": MORE_INDENTED,
    "T26H": MORE_INDENTED,
    "UV7Q": TAB,
}

KNOWN_GAPS: dict[str, dict[str, str]] = {"libyaml": LIBYAML_GAPS, "pure": PURE_GAPS}
"""Cases the parser in use gets wrong, by parser and case id, with what goes wrong."""


def _case_dirs() -> list[tuple[str, Path]]:
    cases: list[tuple[str, Path]] = []
    for folder in sorted(SUITE.iterdir()):
        if not folder.is_dir():
            continue
        if (folder / "in.yaml").is_file():
            cases.append((folder.name, folder))
        else:
            cases += [
                (f"{folder.name}/{sub.name}", sub)
                for sub in sorted(folder.iterdir())
                if (sub / "in.yaml").is_file()
            ]
    return cases


CASES = _case_dirs()
PARSER = parser_name()


def _params() -> list[Any]:
    gaps = KNOWN_GAPS[PARSER]
    params = []
    for case_id, folder in CASES:
        marks = []
        if case_id in gaps:
            marks.append(pytest.mark.xfail(reason=gaps[case_id], strict=True))
        params.append(pytest.param(case_id, folder, id=case_id, marks=marks))
    return params


def _json_documents(text: str) -> list[Any]:
    """Every JSON value in ``text``, one per YAML document."""
    decoder = json.JSONDecoder()
    documents: list[Any] = []
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return documents
        value, at = decoder.raw_decode(text, at)
        documents.append(value)


def _same(read: Any, expected: Any) -> bool:
    """Equal as data, with true never equal to 1 (as Python's == would have it)."""
    if isinstance(expected, dict):
        return (
            isinstance(read, dict)
            and read.keys() == expected.keys()
            and all(_same(read[key], expected[key]) for key in expected)
        )
    if isinstance(expected, list):
        return (
            isinstance(read, list)
            and len(read) == len(expected)
            and all(_same(a, b) for a, b in zip(read, expected, strict=True))
        )
    if isinstance(expected, bool) or isinstance(read, bool) or expected is None:
        return read is expected
    if isinstance(expected, (int, float)):
        return isinstance(read, (int, float)) and (
            read == expected or (math.isnan(read) and math.isnan(expected))
        )
    return type(read) is type(expected) and read == expected


def test_the_suite_is_all_there() -> None:
    assert len(CASES) == 402
    assert sum((folder / "error").exists() for _, folder in CASES) == 94
    assert (SUITE / "LICENSE").is_file()


def test_tables_name_real_cases() -> None:
    ids = {case_id for case_id, _ in CASES}
    assert set(BY_DESIGN) <= ids
    for parser, gaps in KNOWN_GAPS.items():
        assert set(gaps) <= ids, parser
    for case_id, refusal in BY_DESIGN.items():
        assert not (SUITE / case_id / "error").exists(), case_id
        assert refusal.rules and "yaml-syntax" not in refusal.rules, case_id


@pytest.mark.parametrize(("case_id", "folder"), _params())
def test_case(case_id: str, folder: Path) -> None:
    raw = (folder / "in.yaml").read_bytes()
    loaded = load_bytes(raw, "in.yaml")
    found = [(p.rule, p.line, p.column) for p in loaded.problems]
    if (folder / "error").exists():
        # Invalid YAML: refused by the parser, at a place in the file.
        assert loaded.fatal and found, "invalid YAML was read"
        rule, line, column = found[-1]
        assert rule == "yaml-syntax", found
        assert 1 <= line <= raw.count(b"\n") + 2 and column >= 1, found
        return
    refusal = BY_DESIGN.get(case_id)
    if refusal is not None:
        assert found, f"{refusal.contains} was read"
        assert {rule for rule, _, _ in found} <= set(refusal.rules), found
        return
    assert found == [], [(p.rule, p.line, p.column, p.message) for p in loaded.problems]
    expected_json = folder / "in.json"
    if expected_json.exists():
        documents = _json_documents(expected_json.read_text(encoding="utf-8"))
        expected = documents[0] if documents else None
        assert _same(loaded.data, expected), f"read {loaded.data!r}, expected {expected!r}"
