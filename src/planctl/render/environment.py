"""The Jinja environment layouts run in: sandboxed, strict, autoescaped for HTML.

Shipped layouts live in the package's ``templates/<format>/`` folder; a
district's ``--layouts DIR`` is searched first (``DIR/<format>/NAME.<ext>.j2``
or ``DIR/NAME.<ext>.j2``), so it can override a shipped layout or add its own.
Every layout runs in Jinja's sandbox with strict undefined: a layout can read
the plan data it is given and nothing else, and a misspelt name is an error
naming the layout file and line rather than an empty cell.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import SandboxedEnvironment

from planctl import resources
from planctl.errors import UserError

EXTENSIONS = {"md": "md", "html": "html", "docx": "docx"}


class LayoutError(UserError):
    """A layout is missing or failed; the message names the file and line."""


def layout_dirs(fmt: str, user_dir: Path | None) -> list[Path]:
    """Folders searched for layouts of ``fmt``, the district's first."""
    folders: list[Path] = []
    if user_dir is not None:
        folders += [user_dir / fmt, user_dir]
    folders.append(resources.layouts_dir() / fmt)
    return [folder for folder in folders if folder.is_dir()]


# Names a dict has as attributes (methods, dunders): ``x.items`` stays the method.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class LayoutSandbox(SandboxedEnvironment):
    """Jinja's sandbox, reading the view's dicts the same way in fewer steps.

    For ``step.cells`` Jinja first asks the dict for an attribute ``cells``
    and, on the AttributeError, for the item; a table of thousands of steps
    pays for that exception on every cell. A key of a plain dict that is not
    also one of its attribute names is what Jinja would return anyway, so it
    is returned at once; everything else goes through the sandbox's checks.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` as layouts write it (see the class)."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def make_environment(
    fmt: str,
    user_dir: Path | None,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> SandboxedEnvironment:
    """A sandboxed environment for ``fmt`` layouts, with ``filters`` added."""
    environment = LayoutSandbox(
        loader=ChoiceLoader(
            [FileSystemLoader(str(folder)) for folder in layout_dirs(fmt, user_dir)]
        ),
        undefined=StrictUndefined,
        autoescape=fmt == "html",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    if filters:
        environment.filters.update(filters)
    return environment


def layout_name(layout: str, fmt: str) -> str:
    """The file name of a layout: ``table`` → ``table.html.j2``."""
    return f"{layout}.{EXTENSIONS.get(fmt, fmt)}.j2"


def render_layout(
    environment: SandboxedEnvironment, layout: str, fmt: str, context: Mapping[str, Any]
) -> str:
    """Render ``layout`` with ``context``; every failure becomes a :class:`LayoutError`."""
    name = layout_name(layout, fmt)
    try:
        template = environment.get_template(name)
    except TemplateNotFound:
        available = available_layouts(environment)
        raise LayoutError(
            f"there is no {fmt} layout '{layout}' (available: {', '.join(available) or 'none'})"
        ) from None
    except TemplateSyntaxError as error:
        raise LayoutError(
            f"{error.filename or name}:{error.lineno}: layout syntax error: {error.message}"
        ) from None
    try:
        return template.render(**context)
    except Exception as error:  # any failure inside a layout is the layout's
        raise LayoutError(
            f"{_where(error, template.filename or name)}: {_describe(error)}"
        ) from None


def available_layouts(environment: SandboxedEnvironment) -> list[str]:
    """Layout names the environment can load."""
    names = set()
    for template in environment.list_templates(extensions=["j2"]):
        base = Path(template).name
        if not base.startswith("_"):
            names.add(base.split(".")[0])
    return sorted(names)


def _where(error: BaseException, fallback: str) -> str:
    """The layout file and line a rendering error happened at."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}:{frame.lineno}"
    return fallback


def _describe(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    kind = type(error).__name__
    if kind == "UndefinedError":
        return f"the layout uses something the plan data does not have: {text}"
    if kind == "SecurityError":
        return f"the layout tried something layouts may not do: {text}"
    return f"the layout failed: {kind}: {text}"
