"""The sandbox layouts run in (planctl.render.environment)."""

from __future__ import annotations

import shutil
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
from jinja2 import DictLoader
from jinja2.exceptions import SecurityError, UndefinedError

from planctl import resources
from planctl.render import RenderOptions, render_packet
from planctl.render.environment import layout_limits, make_environment

REPO = Path(__file__).resolve().parents[2]


def run(source: str, **context: Any) -> str:
    environment = make_environment("html", None)
    environment.loader = DictLoader({"t": source})
    return environment.get_template("t").render(**context)


def test_dict_keys_read_as_attributes_as_jinja_reads_them() -> None:
    step = {"text": "<b>x</b>", "items": "not the method", "n": 0}
    assert run("{{ step.text }}|{{ step.n }}", step=step) == "&lt;b&gt;x&lt;/b&gt;|0"
    # A key named like a dict method does not hide the method, as in plain Jinja.
    assert run("{{ step.items()|list|length }}", step=step) == "3"
    assert run("{{ OrderedDict.text }}", OrderedDict=OrderedDict(text="y")) == "y"


def test_missing_keys_are_still_undefined_and_dunders_still_unsafe() -> None:
    with pytest.raises(UndefinedError, match="has no attribute 'missing'"):
        run("{{ step.missing }}", step={"text": "x"})
    assert run("{{ step.__class__ is defined }}", step={"__class__": "x"}) == "False"
    with pytest.raises(SecurityError):
        run("{{ step.__class__.__subclasses__() }}", step={})


def run_bounded(source: str, **context: Any) -> str:
    """``source`` rendered as a district's layout is: with the limits in force."""
    environment = make_environment("html", Path.cwd())
    environment.loader = DictLoader({"t": source})
    with layout_limits(environment):
        return environment.get_template("t").render(**context)


def test_the_checked_operators_and_range_work_as_in_jinja() -> None:
    source = (
        "{{ 'ab' * 3 }}|{{ 2 ** 10 }}|{{ [1] + [2] }}|{{ 'a' ~ 1 ~ 'b' }}|{{ 3 * 4 }}|"
        "{{ range(5)|list }}|{{ range(10)[2:5]|list }}|{{ range(3)|reverse|list }}|"
        "{{ 3 in range(5) }}|{{ range(4)|length }}|{{ range(6)|last }}|"
        "{% for i in range(3) %}{{ loop.revindex }}{% endfor %}"
    )
    expected = "ababab|1024|[1, 2]|a1b|12|[0, 1, 2, 3, 4]|[2, 3, 4]|[2, 1, 0]|True|4|5|321"
    assert run(source) == expected
    assert run_bounded(source) == expected


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("layout", ["table", "by-owner", "one-page", "timeline"])
def test_shipped_layouts_give_the_same_packet_under_the_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, layout: str
) -> None:
    """A district folder that copies planctl's layouts gets what planctl's own give."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(resources.layouts_dir(), tmp_path / "layouts")
    plan = REPO / "examples" / "boston-tlt-work-plan.plan.yaml"
    files = [(plan, plan.name)]
    own = render_packet(files, RenderOptions(to=fmt, layout=layout))
    copied = render_packet(
        files, RenderOptions(to=fmt, layout=layout, layouts_dir=tmp_path / "layouts")
    )
    assert copied == own
