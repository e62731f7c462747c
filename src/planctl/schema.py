"""The JSON Schema of a plan file, for editors (completion and inline errors).

The schema accepts the levels of every built-in template (goals,
strategies, objectives, steps) and their custom fields, so one schema serves
every plan. ``planctl validate`` remains the judge: it knows which levels
the plan's own template allows and checks what a schema cannot (dates,
owners, required fields).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from planctl.model.plan import NodeFields, PlanHeader, StepFields
from planctl.template import builtin_names, load_builtin
from planctl.writing import atomic_writer


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a plan file."""
    # deferred: start-up (pydantic's schema generator loads only for 'planctl schema')
    from pydantic.json_schema import GenerateJsonSchema, models_json_schema
    from pydantic_core import core_schema

    class WithEmptyDefaults(GenerateJsonSchema):
        """Shows ``[]`` and ``{}`` as the defaults of fields whose default is made empty."""

        def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
            factory = schema.get("default_factory")
            if factory in (list, dict):
                return factory()
            return super().get_default_value(schema)

    _, defs = models_json_schema(
        [(PlanHeader, "validation"), (NodeFields, "validation"), (StepFields, "validation")],
        ref_template="#/$defs/{model}",
        schema_generator=WithEmptyDefaults,
    )
    definitions: dict[str, Any] = defs["$defs"]
    level_keys: dict[str, str] = {}
    custom: dict[str, dict[str, Any]] = {}
    # A template's other names for fields (a strategy map's 'initiatives:' and
    # 'key_measures:'), by the model whose field they name: alias → (field, title).
    aliases: dict[str, dict[str, tuple[str, str]]] = {"NodeFields": {}, "StepFields": {}}
    for name in builtin_names():
        template = load_builtin(name)
        for level in template.levels:
            level_keys.setdefault(level.key, level.plural_label)
            for item in template.custom_fields(level.key):
                custom[item.key] = _custom_schema(item.type, item.heading)
            target = "StepFields" if level.key == "steps" else "NodeFields"
            below = {child.key: child.plural_label for child in template.child_levels(level.key)}
            for alias in template.aliases.get(level.key, ()):
                title = alias.heading or below.get(alias.field, "")
                aliases[target].setdefault(alias.alias, (alias.field, title))
    node = definitions["NodeFields"]
    node["title"] = "Goal, objective or strategy"
    for key, label in level_keys.items():
        target = "StepFields" if key == "steps" else "NodeFields"
        listing = {"type": "array", "items": {"$ref": f"#/$defs/{target}"}, "title": label}
        if key != "steps":
            node["properties"][key] = listing
        else:
            node["properties"]["steps"] = listing
    for key, schema in custom.items():
        # One template's level may be another's list of text (a strategy map's objectives).
        level = node["properties"].get(key)
        node["properties"][key] = (
            schema
            if level is None
            else {
                "title": schema["title"],
                "anyOf": [_untitled(level), *schema.get("anyOf", [_untitled(schema)])],
            }
        )
    for model, names in aliases.items():
        properties = definitions[model]["properties"]
        for written, (field, heading) in names.items():
            if field in properties:
                properties[written] = {**properties[field], "title": heading or field}
    definitions["StepFields"]["title"] = "Action step"
    root = dict(definitions.pop("PlanHeader"))
    root["properties"] = dict(root["properties"])
    for key, label in level_keys.items():
        if key == "steps":
            continue
        root["properties"][key] = {
            "type": "array",
            "items": {"$ref": "#/$defs/NodeFields"},
            "title": label,
        }
    root["properties"]["template"]["examples"] = builtin_names()
    root.update(
        {
            "title": "planctl plan file",
            "description": (
                "A school-district action plan: goals, objectives or strategies, and action steps."
            ),
        }
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": definitions}


def _untitled(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key != "title"}


def _custom_schema(kind: str, heading: str) -> dict[str, Any]:
    if kind == "list":
        return {
            "title": heading,
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        }
    if kind == "number":
        return {"title": heading, "type": "number"}
    return {"title": heading, "type": ["string", "number"]}


def plan_schema_text() -> str:
    """The schema as the committed ``schemas/plan.schema.json`` holds it."""
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class SchemaOptions:
    """What ``planctl schema`` was asked for."""

    output: Path | None = None
    """The file to write the schema to (atomically); none writes it to the stream."""


def run(options: SchemaOptions, out: TextIO) -> int:
    """Write the JSON Schema of plan files to ``options.output`` or ``out``; returns 0.

    Raises :class:`~planctl.errors.UserError` for a file that cannot be written.
    """
    text = plan_schema_text()
    if options.output is None:
        out.write(text)
        return 0
    with atomic_writer(options.output) as stream:
        stream.write(text)
    return 0
