"""Mutation fuzzing: damaged plans are problems, never crashes, and fmt keeps its promises.

Plans that read well (the examples, and small generated plans with comments)
are damaged the ways files are damaged in practice (see
``tests/fuzz_strategies.py``), and every mutant must satisfy:

* validate: checking it never raises, within a bounded time; every problem
  names the file, a line and a column inside it, a rule and a message, and
  every report format can write it;
* render: a mutant that builds renders to Markdown and HTML, or fails with
  a one-line :class:`~planctl.errors.UserError`; plan text never becomes
  a script or a layout expression in the packet;
* fmt: a mutant fmt accepts is formatted idempotently, reads back as the
  same data, keeps every comment, and validates the same afterwards.

The runs are deterministic (``derandomize``) and bounded: the default
example count keeps the file well under a minute; set
``PLANCTL_FUZZ_EXAMPLES`` to a larger number to hunt for bugs for longer.
Each bug found is pinned below by a test, a strict ``xfail`` until it is fixed.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.tokens import CommentToken

from planctl.errors import UserError
from planctl.fmt import BLOCKING_RULES, CannotFormat, format_text
from planctl.load import load_text
from planctl.load.yamlsafe import load_bytes
from planctl.problem import Problem, Severity
from planctl.render import LAYOUTS, RenderOptions, render_packet
from planctl.report import REPORTERS
from planctl.rules import rule_docs
from planctl.template import RULE_TEMPLATE, PlanTemplate, load_builtin
from planctl.validate import CheckedPlan, check_loaded
from tests.fuzz_strategies import (
    EXAMPLES,
    JINJA_RESULT,
    MIXES,
    MUTATIONS,
    Mutant,
    mutants,
    small_plans,
)

NAME = "mutant.plan.yaml"
MAX_EXAMPLES = int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "150"))

FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=timedelta(seconds=2),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Deterministic and bounded: the same mutants on every run, two seconds each at most."""

SLOWER = settings(FUZZ, deadline=None)
"""For the stages that render or format a mutant several times: their time varies more."""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of its own for the mutant: no planctl.toml, no repository, no templates."""
    return tmp_path_factory.mktemp("fuzz")


def check(mutant: Mutant, folder: Path) -> CheckedPlan:
    return check_loaded(load_bytes(mutant.raw, NAME), folder)


@pytest.fixture(scope="module", autouse=True)
def inside(folder: Path) -> Iterator[None]:
    """Run in the mutant's folder, so no planctl.toml above the tests changes a render.

    Each example is checked once first, so that importing planctl's rules and
    templates is not counted against the first mutant's deadline.
    """
    for name, raw in EXAMPLES.items():
        check_loaded(load_bytes(raw, name), folder)
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


# --------------------------------------------------------------------------
# Contracts


def assert_located(problems: list[Problem], lines: int, path: str = NAME) -> None:
    """Each problem names the file, a place inside it, a rule and a message."""
    for problem in problems:
        assert problem.path == path, problem
        assert problem.line >= 1, problem
        assert problem.column >= 1, problem
        # A file's last line may end without a newline; one past it is the end of the file.
        assert problem.line <= lines + 1, problem
        assert problem.rule.strip(), problem
        assert problem.message.strip(), problem
        if problem.end_line is not None:
            assert (problem.end_line, problem.end_column or 0) >= (problem.line, 0), problem


def assert_reports_write(checked: CheckedPlan) -> None:
    """Every report format writes the mutant's problems without raising."""
    docs = rule_docs()
    for name, write in REPORTERS.items():
        stream = io.StringIO()
        write([checked.report], stream, rules=docs, color=name == "text", tool_version="0")
        assert stream.getvalue() or name in ("github",), name


def comments(text: str) -> Counter[str]:
    """The comments of ``text`` as the YAML library's scanner finds them, without end spaces."""
    found: Counter[str] = Counter()

    def collect(item: Any) -> None:
        if isinstance(item, CommentToken):
            for line in item.value.splitlines():
                stripped = line.strip()
                if stripped.startswith("#"):
                    found[stripped] += 1
        elif isinstance(item, (list, tuple)):
            for inner in item:
                collect(inner)

    for token in YAML(typ="rt").scan(text):
        collect(token)
        collect(getattr(token, "_comment", None))
    return found


def same(left: Any, right: Any, *, texts: bool = True) -> bool:
    """Equal plain data, where NaN equals NaN and bool is not int.

    With ``texts=False`` two strings are always the same: the shape and every
    other value must still be equal.
    """
    if type(left) is not type(right):
        return False
    if isinstance(left, float):
        return left == right or (math.isnan(left) and math.isnan(right))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(
            same(left[key], right[key], texts=texts) for key in left
        )
    if isinstance(left, list):
        return len(left) == len(right) and all(
            same(a, b, texts=texts) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, str) and not texts:
        return True
    return bool(left == right)


def findings(checked: CheckedPlan) -> Counter[tuple[str, str, str, str]]:
    """What validation says, without where it says it."""
    return Counter(
        (problem.rule, problem.severity.value, problem.where, problem.message)
        for problem in checked.report.problems
    )


def formattable(checked: CheckedPlan) -> PlanTemplate | None:
    """The template to format with, when ``planctl fmt`` would try the file at all."""
    if checked.doc is None:
        return None
    if any(p.rule in BLOCKING_RULES or p.rule == RULE_TEMPLATE for p in checked.report.problems):
        return None
    return checked.doc.template


def assert_fmt_contract(text: str, template: PlanTemplate, *, normalize_dates: bool) -> str | None:
    """fmt refuses ``text`` with located problems, or keeps every one of its promises.

    Returns the formatted text, or ``None`` when fmt refused.
    """
    try:
        out = format_text(text, template=template, normalize_dates=normalize_dates)
    except CannotFormat as refused:
        event("fmt: refused")
        assert refused.problems
        assert_located(refused.problems, len(text.splitlines()), path="<plan>")
        return None
    event("fmt: formatted")
    again = format_text(out, template=template, normalize_dates=normalize_dates)
    assert again == out, "formatting twice changes the file"
    assert out.endswith("\n") and not out.endswith("\n\n"), "not one final newline"
    assert "\r" not in out and not out.startswith("\ufeff"), "not LF line ends without a BOM"
    before, after = load_text(text, NAME), load_text(out, NAME)
    assert after.problems == []
    # Normalizing dates rewrites some texts; nothing else may change.
    assert same(after.data, before.data, texts=not normalize_dates), "formatting changed the data"
    lost = comments(text) - comments(out)
    assert not lost, f"formatting lost comments: {sorted(lost)}"
    return out


def assert_render_contract(
    mutant: Mutant, folder: Path, layout: str, formats: tuple[str, ...] = ("md", "html")
) -> None:
    """The mutant renders in ``layout`` or fails with a message for the user; text stays text."""
    path = folder / NAME
    path.write_bytes(mutant.raw)
    for to in formats:
        try:
            packet = render_packet([(path, NAME)], RenderOptions(to=to, layout=layout))
        except UserError as error:
            event(f"render {to}: {type(error).__name__}")
            assert str(error).strip()
            continue
        event(f"render {to}: rendered")
        if to == "docx":
            continue
        assert_inert(packet.decode("utf-8"), to, mutant.raw)


def assert_inert(text: str, to: str, raw: bytes) -> None:
    """Plan text in a packet is shown as text: no markup, no layout code, no Markdown structure."""
    lowered = text.lower()
    for tag in ("<script", "<img"):
        assert tag not in lowered, f"plan text became a {tag}> tag in the {to} packet"
    if "&lt;script" in lowered or "&lt;img" in lowered:
        event(f"render {to}: markup shown as text")
    if JINJA_RESULT.encode() not in raw:
        assert JINJA_RESULT not in text, f"plan text ran as a layout in the {to} packet"
    if to == "md":
        assert not re.search(r"(?<!\\)\]\(javascript:", text), "plan text became a link"
        assert "| injected |" not in text, "plan text became table cells"


# --------------------------------------------------------------------------
# The fuzzers


@FUZZ
@given(mutant=mutants())
def test_validate_reports_every_mutant_as_located_problems(mutant: Mutant, folder: Path) -> None:
    checked = check(mutant, folder)
    problems = checked.report.problems
    event("built" if checked.doc is not None else "not built")
    assert_located(problems, len(mutant.raw.decode("utf-8", "replace").splitlines()))
    assert checked.doc is not None or problems, "a plan that cannot be built has no problem"
    assert_reports_write(checked)


@SLOWER
@given(mutant=mutants(mix="gentle"), layout=st.sampled_from(LAYOUTS))
def test_render_a_mutant_that_builds(mutant: Mutant, layout: str, folder: Path) -> None:
    checked = check(mutant, folder)
    if checked.doc is not None:
        assert_render_contract(mutant, folder, layout)


@SLOWER
@given(mutant=mutants(max_mutations=4, mix="layout"), normalize_dates=st.booleans())
def test_fmt_keeps_its_promises_on_mutants(
    mutant: Mutant, normalize_dates: bool, folder: Path
) -> None:
    checked = check(mutant, folder)
    template = formattable(checked)
    if template is None or checked.doc is None:
        return
    out = assert_fmt_contract(checked.doc.loaded.text, template, normalize_dates=normalize_dates)
    if out is not None and not normalize_dates:
        reformatted = check_loaded(load_bytes(out.encode("utf-8"), NAME), folder)
        assert findings(reformatted) == findings(checked), "validation differs after formatting"


@settings(FUZZ, max_examples=min(MAX_EXAMPLES, 20), deadline=None)
@given(text=small_plans())
def test_the_generated_plans_start_out_valid(text: str, folder: Path) -> None:
    checked = check_loaded(load_text(text, NAME), folder)
    assert [p for p in checked.report.problems if p.severity is Severity.ERROR] == []


def test_every_mutation_is_drawn() -> None:
    assert set(MIXES["any"]) == set(MUTATIONS)
    for mix in MIXES.values():
        assert set(mix) <= set(MUTATIONS)


def test_the_comment_scanner_finds_real_comments_only() -> None:
    text = (
        "# top\n"
        "a: 1   # end of line\n"
        "b: |\n"
        "  # text, not a comment\n"
        "c: 'x # y'\n"
        "d: [1, # in a list\n"
        "  2]\n"
        "e: x#y\n"
        "# last\n"
    )
    assert comments(text) == Counter(["# top", "# end of line", "# in a list", "# last"])


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_comment_scanner_agrees_with_a_line_scan_on_the_examples(name: str) -> None:
    """In the examples no value holds ' #', so a plain scan of the lines finds every comment."""
    text = EXAMPLES[name].decode("utf-8")
    expected: Counter[str] = Counter()
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            expected[line.strip()] += 1
        elif " #" in line:
            expected[line[line.index(" #") :].strip()] += 1
    assert comments(text) == expected


# --------------------------------------------------------------------------
# Bugs the fuzzers found


DEFAULT = load_builtin("default")


def assert_formats_in_one_pass(text: str) -> None:
    """fmt keeps the comments and data of ``text``, and a second run changes nothing."""
    once = format_text(text, template=DEFAULT)
    assert comments(once) == comments(text)
    assert same(load_text(once, NAME).data, load_text(text, NAME).data)
    assert format_text(once, template=DEFAULT) == once


@pytest.mark.parametrize(
    "text",
    [
        "planctl: 1\ntitle: Reading\t\n",
        "planctl: 1\ntitle: 'Reading'\t\n",
        "planctl: 1\ntitle:\tReading\n",
        "planctl: 1\ntitle: Reading\t# a tab before the comment\n",
        "planctl: 1\ntitle: Reading \t# a space and a tab\n",
        "planctl: 1\t# after the version\ntitle: Reading\n",
        "planctl: 1\ntitle: Reading\n  \t# a comment line indented with a tab\n",
        "planctl: 1\ntitle: >-\t# a tab after the block indicator\n  Reading\n",
        "planctl: 1\ntitle: >- \t\n  Reading\n",
    ],
)
def test_a_tab_between_tokens_is_formatted_or_refused(text: str) -> None:
    """planctl's loader reads these tabs as spaces; fmt's own parser refuses them.

    fmt must then refuse the file with a located problem (CannotFormat), never
    let the YAML library's error escape.
    """
    assert load_text(text, NAME).problems == []
    try:
        out = format_text(text, template=DEFAULT)
    except CannotFormat as refused:
        assert_located(refused.problems, len(text.splitlines()), path="<plan>")
        return
    assert comments(out) == comments(text)


@pytest.mark.parametrize(
    "text",
    [
        "planctl: 1\ntitle: Reading\n         # about the title\nstatus: draft\n",
        "planctl: 1\ntitle: Reading\ngoals:\n  - id: G1\n    title: One\n"
        "             # about goal 1\n  - id: G2\n    title: Two\n",
    ],
)
def test_a_deeply_indented_comment_settles_in_one_pass(text: str) -> None:
    assert_formats_in_one_pass(text)


@pytest.mark.parametrize(
    "text",
    [
        "planctl: 1\ntitle: Reading\ngoals:\n  - &goal\n    # about the goal\n    title: One\n"
        "  - <<: *goal\n    id: G2\n",
        "planctl: 1\ntitle: Reading\ngoals:\n  - &goal\n    # about the goal\n    title: One\n",
    ],
)
def test_a_comment_after_an_anchored_dash_settles_in_one_pass(text: str) -> None:
    assert_formats_in_one_pass(text)


@pytest.mark.parametrize(
    "text",
    [
        "planctl: 1\ntitle: # about the title\n  >-\n  Reading plan\n",
        "planctl: 1\ntitle: Reading\ngoals:\n  - id: G1\n    title: # about the goal\n"
        "      |\n      One\n",
    ],
)
def test_a_comment_before_a_block_header_settles_in_one_pass(text: str) -> None:
    assert_formats_in_one_pass(text)


@pytest.mark.parametrize(
    "text",
    [
        "planctl: 1\npeople:\n  # the roster\n  - {name: Ana}  # lead\n"
        "  - name: Bo\n    role: Coach\n",
        "planctl: 1\npeople:  # the roster\n  - {name: Ana}  # lead\n"
        "  - name: Bo\n    role: Coach\n",
        "planctl: 1\ngoals:\n  - id: G1\n    steps:\n# the steps\n"
        "      - {action: A, due: 2024-09}  # first\n      - action: B\n        due: 2024-10\n",
        # Formatted once (the keys of the second step put in order), then not again.
        "planctl: 1\ngoals:\n  - id: G1\n    steps:\n# the steps\n"
        "      - {action: A, due: 2024-09}  # first\n      - owners: [Ana]\n        action: B\n",
    ],
)
def test_a_commented_flow_item_before_a_block_item_is_formatted(text: str) -> None:
    assert_formats_in_one_pass(text)
