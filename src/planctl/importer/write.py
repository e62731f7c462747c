"""The imported plan as the text of a plan file, laid out as the examples are.

The text is written here rather than by a YAML library so that it reads like a plan written by
hand: two-space indents with list items under their key, long sentences folded (``>-``) at
100 columns, cells with several lines as ``|-`` blocks, one owner as a plain value and several
as ``[A, B]``, and a comment wherever the document left something for the planner to do.
Strings are quoted only when they would not read back as the same text (``yes``, ``2013``,
``Note: ...``, a leading ``-``); quoted strings use double quotes with escapes, so control and
invisible characters are visible. Non-breaking spaces and smart quotes are written as they are.

:func:`plan_text` checks its own output: the text must read back, with planctl's loader, as
exactly the data it was made from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from planctl.errors import PlanctlError
from planctl.fmt import step_order
from planctl.importer.build import Draft, NodeDraft
from planctl.importer.source import CannotImport, beyond
from planctl.load import Limits, LoadedFile, load_text
from planctl.template import PlanTemplate

WIDTH = 100
FLOW_MAPPINGS = ("period",)

_RESERVED = re.compile(
    r"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|"
    r"on|On|ON|off|Off|OFF|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|"
    r"[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+|"
    r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|"
    r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)"
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


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
    if len(node.measures) == 1:
        data["measure"] = node.measures[0]
    elif node.measures:
        data["measures"] = list(node.measures)
    if node.children:
        key = template.levels[node.level + 1].key
        data[key] = [_node(child, template, source) for child in node.children]
    if node.steps:
        data["steps"] = [_step(step, template) for step in node.steps]
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
    lines.extend(_mapping(data, 0, top=True))
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


def _mapping(data: Mapping[str, Any], indent: int, *, top: bool = False) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        if top and isinstance(value, list) and value and isinstance(value[0], Mapping):
            lines.append("")  # a blank line before the goals, as in the examples
        lines.extend(_entry(key, value, indent))
    return lines


def _entry(key: str, value: Any, indent: int) -> list[str]:
    head = " " * indent + _scalar_key(key) + ":"
    if isinstance(value, Mapping):
        if not value:
            return [head + " {}"]
        flow = _flow_mapping(value) if key in FLOW_MAPPINGS else None
        if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
            return [head + " " + flow]
        return [head, *_mapping(value, indent + 2)]
    if isinstance(value, list | tuple):
        if not value:
            return [head + " []"]
        flow = _flow_list(value)
        if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
            return [head + " " + flow]
        return [head, *_sequence(value, indent + 2)]
    return _scalar_lines(head, value, indent + 2)


def _sequence(items: Sequence[Any], indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    spaced = any(isinstance(item, Mapping) and len(item) > 1 for item in items)
    for number, item in enumerate(items):
        if isinstance(item, Mapping):
            if number and spaced:
                lines.append("")
            comment = getattr(item, "comment", "")
            if comment:
                lines.extend(_comment(comment, indent))
            if not item:
                lines.append(pad + "- {}")
                continue
            body = _mapping(item, indent + 2)
            body[0] = pad + "- " + body[0].lstrip(" ")
            lines.extend(body)
        else:
            lines.extend(_scalar_lines(pad + "-", item, indent + 2))
    return lines


def _comment(text: str, indent: int) -> list[str]:
    width = WIDTH - indent - 2
    return [" " * indent + "# " + line for line in _wrap(" ".join(text.split()), width)]


def _scalar_lines(head: str, value: Any, body: int) -> list[str]:
    if isinstance(value, str):
        if "\n" in value and _literal_ok(value):
            return [head + " |-", *(" " * body + line for line in value.split("\n"))]
        single = _scalar(value)
        if len(head) + 1 + len(single) > WIDTH and _fold_ok(value):
            return [head + " >-", *(" " * body + line for line in _wrap(value, WIDTH - body))]
        return [head + " " + single]
    return [head + " " + _scalar(value)]


def _scalar_key(key: str) -> str:
    return key if _plain_ok(key, flow=False) else _quoted(key)


def _scalar(value: Any, *, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return text if _plain_ok(text, flow=flow) else _quoted(text)


def _flow_list(items: Sequence[Any]) -> str | None:
    parts = []
    for item in items:
        if isinstance(item, Mapping | list | tuple):
            return None
        if isinstance(item, str) and not _plain_ok(item, flow=True):
            return None
        parts.append(_scalar(item, flow=True))
    return "[" + ", ".join(parts) + "]"


def _flow_mapping(value: Mapping[str, Any]) -> str | None:
    parts = []
    for key, item in value.items():
        if isinstance(item, Mapping | list | tuple) or not _plain_ok(key, flow=True):
            return None
        if isinstance(item, str) and not _plain_ok(item, flow=True):
            return None
        parts.append(f"{key}: {_scalar(item, flow=True)}")
    return "{" + ", ".join(parts) + "}"


_UNPRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Characters YAML cannot hold as they are (and the byte order mark, which it would drop)."""


def _printable(char: str) -> bool:
    return not _UNPRINTABLE.match(char)


def _plain_ok(text: str, *, flow: bool) -> bool:
    """Whether ``text`` can be written without quotes and read back as the same string."""
    if not text or text != text.strip(" ") or text[0] in _INDICATORS or text[0] == " ":
        return False
    if any(char in text for char in "\n\r\t") or _UNPRINTABLE.search(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or text.startswith(("---", "...")):
        return False
    if flow and any(char in text for char in ",[]{}:?#"):
        return False
    return not _RESERVED.fullmatch(text)


def _quoted(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif not _printable(char) or char == "\ufeff":
            code = ord(char)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _literal_ok(text: str) -> bool:
    """A ``|-`` block: lines without end spaces, none empty, all printable."""
    lines = text.split("\n")
    return (
        not _UNPRINTABLE.search(text)
        and "\t" not in text
        and all(line and line == line.strip(" ") for line in lines)
    )


def _fold_ok(text: str) -> bool:
    """A ``>-`` block folds back exactly: single spaces between words, nothing special."""
    return (
        " " in text
        and text == text.strip(" ")
        and "  " not in text
        and not _UNPRINTABLE.search(text)
        and not any(char in text for char in "\t\n\r")
    )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > max(width, 20):
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines
