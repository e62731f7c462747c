"""The safe loader: plain data, positions, and located problems for bad YAML."""

from __future__ import annotations

import codecs
import math
from pathlib import Path

import pytest

from planctl.load import Limits, load_file, load_text
from planctl.load.yamlsafe import load_bytes


def test_plain_data_keeps_dates_as_text_and_yaml12_words() -> None:
    loaded = load_text("due: 2013-05-15\nmonth: 2013-05\nflag: yes\nn: 12\nx: 1.5\nq: '7'\n", "p")
    assert loaded.problems == []
    assert loaded.data == {
        "due": "2013-05-15",
        "month": "2013-05",
        "flag": "yes",
        "n": 12,
        "x": 1.5,
        "q": "7",
    }


def test_core_schema_scalars() -> None:
    text = "a: ~\nb: null\nc:\nd: true\ne: False\nf: 0x1F\ng: .inf\nh: .nan\ni: -3\n"
    data = load_text(text, "p").data
    assert data["a"] is None and data["b"] is None and data["c"] is None
    assert data["d"] is True and data["e"] is False
    assert data["f"] == 31
    assert data["g"] == math.inf
    assert math.isnan(data["h"])
    assert data["i"] == -3


def test_positions_of_keys_and_values_are_one_based() -> None:
    loaded = load_text("title: Plan\ngoals:\n  - title: One\n    steps:\n      - action: Do\n", "p")
    positions = loaded.positions
    assert positions.value(("title",))[:2] == (1, 8)
    assert positions.key(("goals",))[:2] == (2, 1)
    assert positions.value(("goals", 0, "title"))[:2] == (3, 12)
    assert positions.key(("goals", 0, "steps", 0, "action"))[:2] == (5, 9)
    # A path below a scalar falls back to the nearest located ancestor.
    assert positions.value(("goals", 0, "title", "nope"))[:2] == (3, 12)


def test_duplicate_key_is_reported_at_the_second_and_first_value_kept() -> None:
    loaded = load_text("due: 2013-05\nowners: [A]\ndue: 2013-06\n", "plan.yaml")
    assert [(p.rule, p.line, p.column) for p in loaded.problems] == [("duplicate-key", 3, 1)]
    assert "first on line 1" in loaded.problems[0].message
    assert loaded.data["due"] == "2013-05"
    assert not loaded.fatal


def test_python_tags_are_refused_and_never_constructed() -> None:
    loaded = load_text("title: !!python/object/apply:os.system ['touch /tmp/x']\n", "p")
    assert [p.rule for p in loaded.problems] == ["yaml-tag"]
    assert "!!python/object/apply:os.system" in loaded.problems[0].message
    assert loaded.data == {"title": ["touch /tmp/x"]}


def test_local_tag_is_refused() -> None:
    loaded = load_text("title: !secret abc\n", "p")
    assert [p.rule for p in loaded.problems] == ["yaml-tag"]


def test_aliases_share_values_and_merge_keys_fill_in() -> None:
    text = "base: &b {due: 2013-05, owners: [A]}\nstep:\n  <<: *b\n  due: 2013-06\n"
    data = load_text(text, "p").data
    assert data["step"] == {"due": "2013-06", "owners": ["A"]}


def test_billion_laughs_is_bounded() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    loaded = load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert loaded.fatal
    assert [p.rule for p in loaded.problems] == ["yaml-limits"]
    assert loaded.problems[0].line > 1


def test_deep_nesting_is_bounded() -> None:
    loaded = load_text("x: " + "[" * 10_000 + "]" * 10_000 + "\n", "deep.yaml")
    assert loaded.fatal
    assert [p.rule for p in loaded.problems] == ["yaml-limits"]


def test_syntax_error_is_located_with_a_hint() -> None:
    loaded = load_text("title: Plan\ngoals:\n\t- title: x\n", "tabs.yaml")
    assert loaded.fatal
    [problem] = loaded.problems
    assert (problem.rule, problem.line, problem.column) == ("yaml-syntax", 3, 1)
    assert "tabs" in problem.hint


def test_colon_in_text_hint() -> None:
    [problem] = load_text("title: Plan: 2024\n", "p").problems
    assert problem.rule == "yaml-syntax"
    assert "quotes" in problem.hint


def test_second_document_is_reported() -> None:
    loaded = load_text("title: A\n---\ntitle: B\n", "p")
    assert [(p.rule, p.line) for p in loaded.problems] == [("yaml-unsupported", 2)]


def test_unknown_alias() -> None:
    [problem] = load_text("owners: *nobody\n", "p").problems
    assert problem.rule == "yaml-syntax"
    assert "*nobody" in problem.message


def test_huge_integer_stays_text() -> None:
    data = load_text("cost: " + "9" * 5000 + "\n", "p").data
    assert data["cost"] == "9" * 5000


def test_bom_and_crlf_are_fine() -> None:
    loaded = load_bytes(codecs.BOM_UTF8 + b"title: Plan\r\nstatus: draft\r\n", "p")
    assert loaded.problems == []
    assert loaded.data == {"title": "Plan", "status": "draft"}
    assert loaded.positions.value(("status",))[:2] == (2, 9)


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (codecs.BOM_UTF16_LE + "title: x\n".encode("utf-16-le"), "UTF-16"),
        (b"title: caf\xe9\n", "0xE9"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "NUL"),
    ],
)
def test_undecodable_files_are_problems(raw: bytes, needle: str) -> None:
    loaded = load_bytes(raw, "bad.yaml")
    assert loaded.fatal
    [problem] = loaded.problems
    assert problem.rule == "file-unreadable"
    assert needle in problem.message


def test_latin1_byte_is_located() -> None:
    [problem] = load_bytes(b"title: ok\nowner: Jos\xe9\n", "p").problems
    assert (problem.line, problem.column) == (2, 11)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.plan.yaml"
    path.write_text("title: " + "x" * 2000 + "\n")
    loaded = load_file(path, "big.plan.yaml", Limits(max_bytes=1000))
    assert loaded.fatal
    assert "limited" in loaded.problems[0].message


def test_folder_and_missing_file(tmp_path: Path) -> None:
    assert load_file(tmp_path, "dir").problems[0].rule == "file-unreadable"
    assert load_file(tmp_path / "none.yaml", "none").problems[0].rule == "file-unreadable"


def test_long_line_is_fine() -> None:
    loaded = load_text("title: " + "word " * 40_000 + "\n", "p")
    assert loaded.problems == []
    assert len(loaded.data["title"]) > 190_000


def test_complex_key_is_a_problem() -> None:
    loaded = load_text("? [a, b]\n: c\n", "p")
    assert loaded.fatal
    assert loaded.problems[0].rule == "yaml-unsupported"
