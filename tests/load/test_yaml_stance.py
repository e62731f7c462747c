"""What the loader makes of tags, keys, line separators and libyaml's blind spots.

The YAML test suite (test_yaml_suite.py) covers the syntax; these tests pin the
messages, positions and plan-level checks around it, and the plan texts that
look like the mistakes the loader now catches but are fine.
"""

from __future__ import annotations

import math

import pytest

from planctl.load import load_text
from planctl.model.build import build
from planctl.rules import rule_docs
from planctl.template import load_builtin


def problems(text: str) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, p.column) for p in load_text(text, "p").problems]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("v: !!int 12\n", 12),
        ('v: !!int "12"\n', 12),
        ("v: !!int 0x1F\n", 31),
        ("v: !!float 1\n", 1.0),
        ("v: !!float -.inf\n", -math.inf),
        ("v: !!bool true\n", True),
        ("v: !!null ~\n", None),
        ("v: !!null\n", None),
        ("v: !!str 12\n", "12"),
        ("v: !!str true\n", "true"),
        ("v: !!str\n", ""),
        ("v: ! 12\n", "12"),
        ("v: !!map {a: 1}\n", {"a": 1}),
        ("v: !!seq [a]\n", ["a"]),
        ("v: ! [a]\n", ["a"]),
    ],
)
def test_core_tags_that_fit_give_their_type(text: str, value: object) -> None:
    loaded = load_text(text, "p")
    assert loaded.problems == []
    assert loaded.data["v"] == value
    assert type(loaded.data["v"]) is type(value)


@pytest.mark.parametrize(
    ("text", "column", "needle"),
    [
        ("v: !!int hello\n", 4, "whole number"),
        ("v: !!int 1.5\n", 4, "whole number"),
        ("v: !!float text\n", 4, "a number"),
        ("v: !!bool yes\n", 4, "true or false"),
        ("v: !!null nothing\n", 4, "empty"),
        ("v: !!map [x]\n", 4, "a list"),
        ("v: !!seq {a: b}\n", 4, "a mapping"),
        ("v: !!map text\n", 4, "the text 'text'"),
        ("v: !!int [1]\n", 4, "a list"),
        ("!!int hello: v\n", 1, "whole number"),
    ],
)
def test_core_tags_that_do_not_fit_are_located_problems(
    text: str, column: int, needle: str
) -> None:
    loaded = load_text(text, "p")
    [problem] = loaded.problems
    assert (problem.rule, problem.line, problem.column) == ("yaml-tag", 1, column)
    assert needle in problem.message
    assert "remove the tag" in problem.hint


def test_a_misfit_tag_keeps_the_text() -> None:
    assert load_text("v: !!int hello\n", "p").data == {"v": "hello"}


@pytest.mark.parametrize("written", ["true", "True", "false", '"1"', "'1'", "1.0", "!!str 1"])
def test_planctl_must_be_the_whole_number_1(written: str) -> None:
    loaded = load_text(f"planctl: {written}\ntitle: Plan\n", "p.plan.yaml")
    assert loaded.problems == []
    doc = build(loaded, load_builtin("default"))
    [problem] = doc.problems
    assert (problem.rule, problem.line, problem.column) == ("plan-structure", 1, 10)
    assert f"planctl: {written}" in problem.message
    assert problem.hint == "write 'planctl: 1'"


@pytest.mark.parametrize("written", ["1", "0x1", "!!int 1"])
def test_planctl_1_passes(written: str) -> None:
    loaded = load_text(f"planctl: {written}\ntitle: Plan\n", "p.plan.yaml")
    assert build(loaded, load_builtin("default")).problems == []


def test_an_unknown_planctl_version_keeps_its_message() -> None:
    loaded = load_text("planctl: 2\ntitle: Plan\n", "p.plan.yaml")
    [problem] = build(loaded, load_builtin("default")).problems
    assert "not a plan format this version of planctl reads" in problem.message
    assert problem.hint == "write 'planctl: 1'"


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_yaml11_line_breaks_are_text(char: str) -> None:
    loaded = load_text(f"title: a{char}b\nowner: 'c{char}d'\nx: 1\n", "p")
    assert loaded.problems == []
    assert loaded.data == {"title": f"a{char}b", "owner": f"c{char}d", "x": 1}
    assert loaded.positions.value(("x",))[:2] == (3, 4)


def test_a_syntax_error_after_a_line_separator_keeps_its_line() -> None:
    assert problems("title: a\u2028b\nx: y: z\n") == [("yaml-syntax", 2, 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: Plan\n---\ntitle: Other\n", ("yaml-unsupported", 2, 1)),
        ("title: Plan\n...\ntitle: Other\n", ("yaml-unsupported", 3, 1)),
        ("? [a, b]\n: c\n", ("yaml-unsupported", 1, 3)),
        ("? {a: b}\n: c\n", ("yaml-unsupported", 1, 3)),
        (": value\n", ("yaml-unsupported", 1, 1)),
        ("a: 1\n: value\n", ("yaml-unsupported", 2, 1)),
        ("?\n: value\n", ("yaml-unsupported", 1, 2)),
        ("a: &x [1]\n*x : v\n", ("yaml-unsupported", 2, 1)),
    ],
)
def test_yaml_a_plan_cannot_hold_is_unsupported_not_bad_syntax(
    text: str, expected: tuple[str, int, int]
) -> None:
    assert problems(text)[0] == expected


def test_an_unsupported_file_with_bad_syntax_further_on_reports_the_syntax() -> None:
    found = problems("a: 1\n---\nb: c: d\n")
    assert found == [("yaml-unsupported", 2, 1), ("yaml-syntax", 3, 5)]


def test_an_alias_of_text_is_a_key() -> None:
    loaded = load_text("a: &name owners\n*name : [Shakera Walker]\n", "p")
    assert loaded.problems == []
    assert loaded.data == {"a": "owners", "owners": ["Shakera Walker"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('status: "done"# checked\n', ("yaml-syntax", 1, 15)),
        ("owners: [A, B]#two\n", ("yaml-syntax", 1, 15)),
        ("owners: [A,#two\n  B]\n", ("yaml-syntax", 1, 12)),
        ("notes: >#folded\n  text\n", ("yaml-syntax", 1, 9)),
        ("owners: [-]\n", ("yaml-syntax", 1, 10)),
        ("owners: [A, -, B]\n", ("yaml-syntax", 1, 13)),
        ('title: "a long\ntitle"\n', ("yaml-syntax", 2, 1)),
        ("owners: [A,\nB]\n", ("yaml-syntax", 2, 1)),
        ("goals:\n  - title: 'one\n  two'\n", ("yaml-syntax", 3, 3)),
        ("notes: >\n   \n  text\n", ("yaml-syntax", 2, 1)),
        ("- !!str, text\n", ("yaml-syntax", 1, 3)),
        ("---\na: 1\n%YAML 1.2\n---\nb: 2\n", ("yaml-syntax", 3, 1)),
    ],
)
def test_mistakes_libyaml_lets_through_are_syntax_errors(
    text: str, expected: tuple[str, int, int]
) -> None:
    loaded = load_text(text, "p")
    assert loaded.fatal
    assert [(p.rule, p.line, p.column) for p in loaded.problems][-1] == expected
    assert loaded.problems[-1].hint


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("title: C# club\n", {"title": "C# club"}),
        ("link: https://example.org/plan#goals\n", {"link": "https://example.org/plan#goals"}),
        ('refs: ["#L1", "district#G1"]\n', {"refs": ["#L1", "district#G1"]}),
        ('notes: |\n  say "done"# then\n  [x]#y\n', {"notes": 'say "done"# then\n[x]#y\n'}),
        ("notes: >-\n  a\n  b\n", {"notes": "a b"}),
        ('status: "done" # a note "x"#y\n', {"status": "done"}),
        ("list: a,#b\n", {"list": "a,#b"}),
        ("costs: [-1, -2.5]\n", {"costs": [-1, -2.5]}),
        ("- -x\n- '-'\n", ["-x", "-"]),
        ('title: "a long\n  title"\n', {"title": "a long title"}),
        ("owners: [A,\n  B]\n", {"owners": ["A", "B"]}),
        ("owners: [\n  A,\n  B\n  ]\n", {"owners": ["A", "B"]}),
        ("goals:\n  - title: 'one\n     two'\n", {"goals": [{"title": "one two"}]}),
        ("notes: |\n  %not a directive\n", {"notes": "%not a directive\n"}),
        ("notes: |2\n   \n  text\n", {"notes": " \ntext\n"}),
        ("%FOO bar\n---\na: 1\n", {"a": 1}),
        ("%YAML 1.3\n---\na: 1\n", {"a": 1}),
        ("...\n", None),
        ("notes: |\n  text", {"notes": "text\n"}),
        ("title: no final line break", {"title": "no final line break"}),
    ],
)
def test_text_that_looks_like_those_mistakes_is_fine(text: str, data: object) -> None:
    loaded = load_text(text, "p")
    assert loaded.problems == []
    assert loaded.data == data


def test_yaml_unsupported_is_documented_with_examples() -> None:
    doc = rule_docs()["yaml-unsupported"]
    assert doc.fail_example and doc.pass_example
    assert [p.rule for p in load_text(doc.fail_example, "p").problems] == ["yaml-unsupported"]
    assert "yaml-unsupported" in rule_docs()["yaml-syntax"].description


@pytest.mark.parametrize(
    ("text", "data"),
    [
        (
            "links: [https://example.org/a, http://b.c/d]\n",
            ["https://example.org/a", "http://b.c/d"],
        ),
        ("link: {url: http://example.org}\n", {"url": "http://example.org"}),
    ],
)
def test_yaml_12_that_libyaml_refuses_is_read(text: str, data: object) -> None:
    loaded = load_text(text, "plan.plan.yaml")
    assert loaded.problems == []
    assert isinstance(loaded.data, dict)
    assert next(iter(loaded.data.values())) == data


def test_text_neither_parser_reads_keeps_the_first_parsers_position() -> None:
    loaded = load_text("a: 1\nb: [1, 2\nc: 3\n", "plan.plan.yaml")
    [problem] = loaded.problems
    assert problem.rule == "yaml-syntax"
    assert (problem.line, problem.column) == (3, 2)


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("steps:\n-\tplan the day\n", {"steps": ["plan the day"]}),
        ("title:\tPlan\n", {"title": "Plan"}),
        ("people:\t[Ann, Bo]\n", {"people": ["Ann", "Bo"]}),
        ("a: 1\n\t\nb: 2\n", {"a": 1, "b": 2}),
        ("a: b\t\nc: d\t# note\n", {"a": "b", "c": "d"}),  # before a comment or line's end
        ("---\tjust text\n", "just text"),
        ("%YAML\t1.2\n---\ntitle: T\n", {"title": "T"}),
        # A tab after the spaces of a '|' or '>' text's first line is text.
        ("- |\n \tfoo\n bar\n", ["\tfoo\nbar\n"]),
        ("a:\n  b: |+\n    \tx\n     y\n\n\n  c: d\n", {"a": {"b": "\tx\n y\n\n\n", "c": "d"}}),
        ("a: >-\n  \tx\n  y\n\n  z\nb: 1\n", {"a": "\tx\ny\nz", "b": 1}),
    ],
)
def test_tabs_that_separate_tokens_are_read(text: str, data: object) -> None:
    loaded = load_text(text, "plan.plan.yaml")
    assert loaded.problems == []
    assert loaded.data == data


@pytest.mark.parametrize(
    "text",
    [
        "goals:\n\t- title: x\n",  # a tab indenting a block
        "a:\n\tb: 1\n",
        "-\t- nested\n",  # a tab before a block collection on the same line
        'a: "one\n\ttwo"\n',  # inside a quoted value: no reading may change it
        "- |\n  foo\n \tbar\n",  # a '|' text's later line less indented, then a tab
        "- |\n\tfoo\n",  # a tab as the whole indentation of a '|' text
        "a: |\n  \tx\n \ty\n",
    ],
)
def test_tabs_that_indent_stay_syntax_errors(text: str) -> None:
    loaded = load_text(text, "plan.plan.yaml")
    assert [problem.rule for problem in loaded.problems] == ["yaml-syntax"]


def test_an_anchor_named_with_a_colon_is_read_whole() -> None:
    loaded = load_text("key: &an:chor value\nother: *an:chor\n", "plan.plan.yaml")
    assert loaded.problems == []
    assert loaded.data == {"key": "value", "other": "value"}


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("owners: [?x]\n", {"owners": ["?x"]}),
        ("link: { ?foo: bar }\n", {"link": {"?foo": "bar"}}),
        ("owners: ['it''s ?x', ?y, \"?z\"] # [?q\n", {"owners": ["it's ?x", "?y", "?z"]}),
        # A tag before a ',' ends there, as YAML 1.2 says (libyaml runs it on).
        ("link: {a: !!str, b: c}\n", {"link": {"a": "", "b": "c"}}),
        ("owners: [!!str,\n  x]\nn: 1\n", {"owners": ["", "x"], "n": 1}),
        ("owners: [?x, !!str, y]\n", {"owners": ["?x", "", "y"]}),
        # A ':' just before a ',' or '}' is a key's (ruamel's own parser keeps it in the text).
        (
            "link: {omitted value:, b: 1, c:}\n",
            {"link": {"omitted value": None, "b": 1, "c": None}},
        ),
    ],
)
def test_text_in_brackets_is_read_as_yaml_1_2_says(text: str, data: object) -> None:
    loaded = load_text(text, "plan.plan.yaml")
    assert loaded.problems == []
    assert loaded.data == data


def test_a_question_mark_glued_to_text_keeps_positions_and_problems() -> None:
    loaded = load_text("a: 1\nowners: {?x: 1, ?x: 2}\n", "plan.plan.yaml")
    assert loaded.data == {"a": 1, "owners": {"?x": 1}}
    [problem] = loaded.problems
    assert (problem.rule, problem.line, problem.column) == ("duplicate-key", 2, 17)


def test_a_question_mark_glued_to_text_in_bad_yaml_is_still_refused() -> None:
    loaded = load_text("owners: [?x\n  b: c\n", "plan.plan.yaml")
    assert loaded.fatal
    assert "yaml-syntax" in [problem.rule for problem in loaded.problems]


def test_a_spaced_question_mark_is_an_explicit_key_as_before() -> None:
    loaded = load_text("link: { ? foo : bar }\n", "plan.plan.yaml")
    assert loaded.problems == []
    assert loaded.data == {"link": {"foo": "bar"}}


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ('link: { "multi\n    line": value, b: 1}\n', {"link": {"multi line": "value", "b": 1}}),
        ("link: { multi\n    line: value }\n", {"link": {"multi line": "value"}}),
        ("link: { a\n  b: [x,\n   y], c\n  d: 1 }\n", {"link": {"a b": ["x", "y"], "c d": 1}}),
        ('link: { "a\\\n  b": 1 }\n', {"link": {"ab": 1}}),
        ("link: { 'it''s\n\n  two': 1 }\n", {"link": {"it's\ntwo": 1}}),
    ],
)
def test_a_key_of_braces_written_over_several_lines_is_read_folded(text: str, data: object) -> None:
    loaded = load_text(text + "title: T\n", "plan.plan.yaml")
    assert loaded.problems == []
    assert loaded.data == {**data, "title": "T"}  # type: ignore[dict-item]
    assert loaded.positions.value(["title"]).line == text.count("\n") + 1


@pytest.mark.parametrize(
    "text",
    [
        "link: [ multi\n    line: value]\n",  # a pair's key in a [ ] stays on one line
        "link: { a\n---\n b: c}\n",  # a document marker inside
    ],
)
def test_a_key_over_several_lines_where_yaml_forbids_it_stays_refused(text: str) -> None:
    loaded = load_text(text, "plan.plan.yaml")
    assert loaded.fatal
    assert loaded.problems[-1].rule == "yaml-syntax"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("link: {k: a:}\n", "yaml-syntax"),  # a ':' after a value starts no key
        ("owners: [a:, b]\n", "yaml-unsupported"),  # a pair with no value in a [ ]
    ],
)
def test_a_colon_before_a_comma_where_no_key_is_read_is_refused(text: str, rule: str) -> None:
    loaded = load_text(text, "plan.plan.yaml")
    assert loaded.fatal
    assert [problem.rule for problem in loaded.problems][-1:] == [rule]


def test_a_tag_before_a_comma_outside_brackets_stays_refused() -> None:
    loaded = load_text("a: !!str, x\n", "plan.plan.yaml")
    assert [(problem.rule, problem.line, problem.column) for problem in loaded.problems] == [
        ("yaml-syntax", 1, 4)
    ]


def test_a_key_whose_colon_is_on_the_next_line_keeps_the_lines_as_written() -> None:
    fixed = load_text('link: {"url"\n  : here}\ntitle: T\n', "plan.plan.yaml")
    assert fixed.problems == []
    assert fixed.data == {"link": {"url": "here"}, "title": "T"}
    assert fixed.positions.value(["title"]).line == 3  # the file's lines, not the joined text's
