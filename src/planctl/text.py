"""Plain-text listings for ``planctl rules`` and ``planctl templates``."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence

from planctl.problem import RuleDoc
from planctl.template import PlanTemplate


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)
_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")


def _quoted(match: re.Match[str]) -> str:
    inner = " ".join(match.group(1).split()) if "\n" in match.group(1) else match.group(1)
    quote = '"' if "'" in inner else "'"
    return f"{quote}{inner}{quote}"


def plain(text: str) -> str:
    """Docstring text as a planner reads it: ``code`` in quotes, no reST roles or markup."""
    return _LITERAL.sub(_quoted, _ROLE.sub(lambda match: match.group(1), text))


def rule_table(docs: Iterable[RuleDoc]) -> str:
    """One line per rule: id, default severity, summary."""
    rows: list[tuple[str, ...]] = [("RULE", "SEVERITY", "WHAT IT CHECKS")]
    rows.extend(
        (doc.id, doc.default_severity.value, plain(doc.summary) + _group_note(doc)) for doc in docs
    )
    return _table(rows) + "\n\nShow one rule with examples: planctl rules RULE"


PUBLISHING = "validate --public, render --public and site"
"""The commands that run the privacy group."""


def _group_note(doc: RuleDoc) -> str:
    """Said after the summary of a rule that is off unless asked for."""
    if doc.group == "privacy":
        return f" (privacy group: off unless publishing, with {PUBLISHING})"
    return ""


def rule_detail(doc: RuleDoc) -> str:
    """A rule's full documentation with its failing and passing examples."""
    parts = [f"{doc.id}: {doc.name}", f"default severity: {doc.default_severity.value}"]
    if doc.group == "privacy":
        parts.append(f"group: privacy (off unless publishing: {PUBLISHING})")
    parts.append("")
    parts.extend(textwrap.fill(plain(para), 78) for para in doc.description.split("\n\n"))
    if doc.fail_example:
        parts += ["", "Fails:", textwrap.indent(doc.fail_example, "    ")]
    if doc.pass_example:
        parts += ["", "Passes:", textwrap.indent(doc.pass_example, "    ")]
    parts += ["", f"Silence it on one node with: silence: {{{doc.id}: <reason>}}"]
    return "\n".join(parts)


def template_table(templates: Iterable[PlanTemplate]) -> str:
    """One line per template: name, levels, description."""
    rows: list[tuple[str, ...]] = [("TEMPLATE", "LEVELS", "DESCRIPTION")]
    for template in templates:
        levels = " → ".join(_written_levels(template))
        rows.append((template.name, levels, template.description))
    return _table(rows) + "\n\nShow one template: planctl templates NAME"


def _written_levels(template: PlanTemplate) -> list[str]:
    """The level keys as a plan writes them (a strategy map's steps are its 'initiatives')."""
    names = [template.levels[0].key]
    for above, level in zip(template.levels, template.levels[1:], strict=False):
        names.append(template.written_name(above.key, level.key))
    return names


def template_detail(template: PlanTemplate) -> str:
    """A template's levels, sections, columns, required fields and rule severities."""
    lines = [f"{template.name}: {template.title}"]
    if template.description:
        lines.append(textwrap.fill(plain(template.description), 78))
    if template.chain:
        lines.append("extends: " + " → ".join(template.chain))
    lines.append(f"school year starts in month {template.school_year_start}")
    lines += ["", "Levels:"]
    for level, written in zip(template.levels, _written_levels(template), strict=True):
        optional = " (optional)" if level.optional else ""
        shown = f" (written '{written}:' in the plan)" if written != level.key else ""
        lines.append(f"  {level.key}: {level.label}{optional}{shown}")
        if level.parallel:
            lines.append("    beside the level below: " + ", ".join(level.parallel))
    lines += ["", "Sections:"]
    if template.sections:
        lines.extend(f"  {section.key}: {section.heading}" for section in template.sections)
    if template.open_sections:
        lines.append("  (any section name is accepted)")
    elif not template.sections:
        lines.append("  (none)")
    lines += ["", "Action-step columns:"]
    lines.extend(f"  {column.field}: {column.heading}" for column in template.columns)
    if template.fields:
        lines += ["", "District fields:"]
        for level_key, items in template.fields.items():
            lines.extend(
                f"  {level_key}.{item.key}: {item.heading} ({item.type})" for item in items
            )
    if template.aliases:
        lines += ["", "Names as written in the plan:"]
        for level_key, aliases in template.aliases.items():
            for alias in aliases:
                heading = f" ({alias.heading})" if alias.heading else ""
                lines.append(f"  {level_key}.{alias.alias}: {alias.field}{heading}")
    lines += ["", "Required:"]
    for level_key, groups in template.required.items():
        shown = ", ".join(" or ".join(group) for group in groups)
        lines.append(f"  {level_key}: {shown}")
    lines += ["", "Rule severities:"]
    lines.extend(f"  {rule}: {severity}" for rule, severity in sorted(template.rules.items()))
    if template.status_aliases:
        lines += ["", "Status words:"]
        lines.extend(f"  {alias} = {status}" for alias, status in template.status_aliases.items())
    return "\n".join(lines)
