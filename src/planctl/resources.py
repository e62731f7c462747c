"""Where planctl finds the files it ships: plan templates, the schema, layouts.

An installed wheel carries the top-level ``schemas/`` and ``templates/``
folders inside the package (``planctl/_data``); a source checkout (editable
install, tests) reads them from the repository itself.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """The shipped folder ``name`` (``schemas`` or ``templates``)."""
    # planctl is installed as plain files (never zipped), so the resource is a real path.
    packaged = Path(str(files("planctl") / "_data" / name))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"planctl's {name} folder is missing from this installation")


def schemas_dir() -> Path:
    """The folder of plan templates and the plan JSON Schema."""
    return data_dir("schemas")


def plan_templates_dir() -> Path:
    """The folder of built-in plan templates (``schemas/plan-templates``).

    Named apart from :func:`layouts_dir` (the top-level ``templates/``): a plan
    template says what a plan holds, a layout how a rendered plan looks.
    """
    return schemas_dir() / "plan-templates"


def layouts_dir() -> Path:
    """The folder of render layouts."""
    return data_dir("templates")
