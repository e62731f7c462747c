"""The sandbox layouts run in (planctl.render.environment)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pytest
from jinja2 import DictLoader
from jinja2.exceptions import SecurityError, UndefinedError

from planctl.render.environment import make_environment


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
