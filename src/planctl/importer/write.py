"""The imported plan as the text of a plan file, laid out as the examples are.

The text is written by :mod:`planctl.yamlwrite` (planctl's one writer of plan YAML) so that it
reads like a plan written by hand: two-space indents with list items under their key, long
sentences folded (``>-``) at 100 columns, cells with several lines as ``|-`` blocks, one owner as
a plain value and several as ``[A, B]``, and a comment wherever the document left something for
the planner to do.

:func:`plan_text` checks its own output: the text must read back, with planctl's loader, as
exactly the data it was made from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planctl.errors import PlanctlError
from planctl.fmt import step_order
from planctl.importer.build import Draft, NodeDraft
from planctl.importer.source import CannotImport, beyond
from planctl.load import Limits, LoadedFile, load_text
from planctl.template import PlanTemplate
from planctl.yamlwrite import block_lines

FLOW_MAPPINGS = ("period",)


class Commented(dict[str, Any]):
    """A mapping written with a comment line above it."""

    def __init__(self, comment: str = "") -> None:
        super().__init__()
        self.comment = comment


class WriteError(PlanctlError):
    """The plan text did not read back as the data it was made from (a bug in planctl)."""


# --------------------------------------------------------------------------- plan data


def plan_data(draft: Draft, reference: str, fallback_title: str) -> dict[str, Any]:
    """The plan as ordered data: header, sections, then the template's levels."""
    template = draft.template
    data: dict[str, Any] = {"planctl": 1, "template": reference}
    data["title"] = draft.title or fallback_title
    if draft.organization:
        data["organization"] = draft.organization
    if draft.period:
        data["period"] = {"start": draft.period[0], "end": draft.period[1]}
    data["status"] = draft.status or "draft"
    if draft.description:
        data["description"] = "\n".join(draft.description)
    sections = {key: _section(lines) for key, lines in draft.sections.items() if lines}
    if sections:
        data["sections"] = sections
    data[template.levels[0].key] = [_node(node, template, draft.source) for node in draft.roots]
    return data


def _section(lines: list[tuple[str, bool]]) -> str | list[str]:
    if any(listed for _, listed in lines):
        return [text for text, _ in lines]
    return "\n".join(text for text, _ in lines)


def _node(node: NodeDraft, template: PlanTemplate, source: str) -> Commented:
    level = template.levels[node.level]
    comment = ""
    if node.implicit and not node.title:
        where = f" above {node.implicit}" if node.implicit != "-" else ""
        comment = (
            f"{source} has no {level.label} heading{where}: give this "
            f"{level.label.lower()} a title."
        )
    data = Commented(comment)
    if node.id:
        data["id"] = node.id
    if node.title:
        data["title"] = node.title
    data.update(node.custom)
    if node.description:
        data["description"] = "\n".join(node.description)
    if node.owners:
        data["owners"] = node.owners[0] if len(node.owners) == 1 else list(node.owners)
    if node.status:
        data["status"] = node.status
    # Under the names the template's plans write (a strategy map's 'key_measures:' and
    # 'initiatives:').
    written = template.written_name
    measures = written(level.key, "measures")
    if len(node.measures) == 1 and measures == "measures":
        data["measure"] = node.measures[0]
    elif node.measures:
        data[measures] = list(node.measures)
    if node.children:
        key = template.levels[node.level + 1].key
        data[written(level.key, key)] = [_node(child, template, source) for child in node.children]
    if node.steps:
        data[written(level.key, "steps")] = [_step(step, template) for step in node.steps]
    return data


def _step(step: Mapping[str, Any], template: PlanTemplate) -> dict[str, Any]:
    # The order planctl fmt gives a step's fields, so an imported plan is formatted already.
    order = step_order(template)
    data: dict[str, Any] = {}
    for key in sorted(step, key=lambda name: order.index(name) if name in order else len(order)):
        value = step[key]
        data[key] = value[0] if key == "owners" and len(value) == 1 else value
    return data


# --------------------------------------------------------------------------- text


def plan_text(data: Mapping[str, Any], heading: str) -> str:
    """``data`` as plan-file text after a comment line; checked to read back as ``data``."""
    return dump(data, heading, "imported plan")[0]


def dump(data: Mapping[str, Any], heading: str, name: str) -> tuple[str, LoadedFile]:
    """The plan text and the plan as planctl reads it back (as ``name``).

    Raises :class:`~planctl.importer.source.CannotImport` if the plan has more bytes or values
    than the plan files planctl validate reads (the loader's own :class:`Limits`), and
    :class:`WriteError` if it does not read back as exactly ``data``.
    """
    limits = Limits()
    if _values(data) > limits.max_values:  # counted first: laying out values is the slow part
        raise _too_large(
            name, f"hold more than {limits.max_values:,} values", f"{limits.max_values:,} values"
        )
    lines = [f"# {line}" if line else "#" for line in heading.split("\n")]
    lines.extend(block_lines(data, 0, top=True, flow=FLOW_MAPPINGS))
    text = "\n".join(lines) + "\n"
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise _too_large(name, f"be {size / 1048576:.1f} MB", f"{limits.max_bytes // 1048576} MB")
    loaded = load_text(text, name)
    if loaded.problems or loaded.data != _plain(data):
        raise WriteError("the imported plan did not read back as written; please report this")
    return text, loaded


def _too_large(name: str, found: str, limit: str) -> CannotImport:
    """The refusal of a plan that ``planctl validate`` would not read."""
    return beyond(
        f"{name} would {found}",
        f"{limit} a plan file",
        "the most planctl validate reads",
        "import the document in parts, one plan file each",
    )


def _values(data: Mapping[str, Any]) -> int:
    """The values in ``data`` as the loader counts them: every one below the top."""
    count = 0
    stack: list[Any] = [data]
    while stack:
        container = stack.pop()
        items = list(container.values()) if isinstance(container, Mapping) else container
        count += len(items)
        stack.extend(item for item in items if isinstance(item, Mapping | list | tuple))
    return count


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
