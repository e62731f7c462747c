"""The ``templates`` command: list the built-in plan templates, or show one.

(:mod:`planctl.template` reads and finds templates; this is the command.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from planctl.errors import UserError
from planctl.template import TemplateError, builtin_names, load_builtin
from planctl.text import template_detail, template_table


@dataclass(frozen=True)
class TemplatesOptions:
    """What ``planctl templates`` was asked for."""

    name: str | None = None
    """The built-in template to show: its levels, columns, required fields and rules."""


def run(options: TemplatesOptions, out: TextIO) -> int:
    """Write the table of built-in templates, or one template, to ``out``; returns 0.

    Raises :class:`~planctl.errors.UserError` for a name that is no built-in
    template, listing those there are.
    """
    if options.name is None:
        out.write(template_table([load_builtin(item) for item in builtin_names()]) + "\n")
        return 0
    try:
        template = load_builtin(options.name)
    except TemplateError as error:
        raise UserError(f"{error}; built-in templates: {', '.join(builtin_names())}") from None
    out.write(template_detail(template) + "\n")
    return 0
