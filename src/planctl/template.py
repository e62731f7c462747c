"""Plan templates: a district's action-plan template as data.

A plan template names the levels of the plan (goals → objectives → steps,
strategies → steps, ...), the columns of the action-step table with the
district's own headings, the narrative sections, the fields each level must
fill in, and the severity of each rule. Built-in templates live in
``schemas/plan-templates/``; a district can keep its own file next to its plans
and ``extends:`` a built-in one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from planctl import modelcache, paths, resources, rule_names
from planctl.errors import PlanctlError
from planctl.load import Positions, load_file
from planctl.model.plan import NodeFields, StepFields
from planctl.problem import Problem, Severity, error_at
from planctl.vocabulary import status as _status
from planctl.vocabulary.status import STATUS_WORDS, StatusWord, fold, standard_status

RULE_TEMPLATE = "template"
STEP_FIELDS = tuple(
    name
    for name in StepFields.model_fields
    # A step's listed ``measures`` show in the ``measure`` column, with its single one.
    if name not in ("id", "description", "aligns_to", "silence", "measures")
)
"""The step fields a column of the action-step table may hold, in the plan model's order.

Read from :class:`~planctl.model.plan.StepFields` so that a field is named in one place;
``planctl fmt`` orders the same fields as planners fill them in (``planctl.fmt.STEP_ROW``).
"""
NODE_FIELDS = ("title", "description", "owners", "measure", "measures", "tags", "status", "cost")
SeverityName = Literal["error", "warning", "info", "off"]


class _Strict(BaseModel):
    # Completed below, from the schema an earlier run kept when there is one.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class LevelSpec(_Strict):
    """One level of the plan hierarchy, such as goals or strategies."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    plural: str | None = None
    optional: bool = False
    description: str = ""
    parallel: tuple[str, ...] = ()
    """Fields of this level that list its work beside the level below.

    A strategy map's goal states its objectives as a list of text next to its
    initiatives: a goal that fills one of these is not empty.
    """

    @property
    def plural_label(self) -> str:
        """The label for several nodes ("Goals")."""
        return self.plural or f"{self.label}s"


class SectionSpec(_Strict):
    """A narrative block of the plan (vision, big idea, metrics)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    heading: str
    description: str = ""


class ColumnSpec(_Strict):
    """A column of the action-step table, in the district's words."""

    field: str
    heading: str
    help: str = ""


class CustomField(_Strict):
    """A field the district adds to a level, beyond the standard ones."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    heading: str
    type: Literal["text", "list", "number"] = "text"
    help: str = ""


class FieldAlias(_Strict):
    """Another name a plan of this template writes for a field or for the level below.

    A strategy map's goal lists ``initiatives:`` (its action steps) and
    ``key_measures:`` (its measures); ``heading`` is the district's word for the
    field in packets ("Key measure").
    """

    alias: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    field: str
    heading: str = ""


class TemplateFile(_Strict):
    """The shape of a plan template file, as written."""

    planctl_template: Literal[1] = Field(alias="planctl-template")
    name: str | None = None
    title: str | None = None
    description: str | None = None
    extends: str | None = None
    school_year_start: int | None = Field(default=None, ge=1, le=12)
    currency: str | None = None
    levels: list[LevelSpec] | None = None
    sections: list[SectionSpec] | None = None
    open_sections: bool | None = None
    columns: list[ColumnSpec] | None = None
    fields: dict[str, list[CustomField]] = {}
    aliases: dict[str, list[FieldAlias]] = {}
    required: dict[str, list[str | list[str]]] = {}
    rules: dict[str, SeverityName] = {}
    status_aliases: dict[str, StatusWord] = {}

    @field_validator("levels")
    @classmethod
    def _levels_end_with_steps(cls, value: list[LevelSpec] | None) -> list[LevelSpec] | None:
        if value is not None:
            if not value or value[-1].key != "steps":
                raise ValueError("the last level must be 'steps' (the action steps)")
            if value[-1].optional:
                raise ValueError("the 'steps' level cannot be optional")
        return value


modelcache.complete(
    "template",
    [LevelSpec, SectionSpec, ColumnSpec, CustomField, FieldAlias, TemplateFile],
    # The files whose content the schemas come from: these models, and the status words.
    sources=[__file__, _status.__file__],
)


@dataclass(frozen=True)
class PlanTemplate:
    """A template with its ``extends:`` chain resolved."""

    name: str
    title: str
    description: str
    levels: tuple[LevelSpec, ...]
    sections: tuple[SectionSpec, ...]
    open_sections: bool
    columns: tuple[ColumnSpec, ...]
    fields: Mapping[str, tuple[CustomField, ...]]
    required: Mapping[str, tuple[tuple[str, ...], ...]]
    rules: Mapping[str, SeverityName]
    status_aliases: Mapping[str, str]
    school_year_start: int = 7
    currency: str = "USD"
    source: str = ""
    chain: tuple[str, ...] = field(default=())
    aliases: Mapping[str, tuple[FieldAlias, ...]] = field(default_factory=dict)

    def level(self, key: str) -> LevelSpec:
        """The level called ``key``."""
        for level in self.levels:
            if level.key == key:
                return level
        raise KeyError(key)

    def child_levels(self, key: str | None) -> tuple[LevelSpec, ...]:
        """Levels a node of level ``key`` may hold (``None``: the plan itself).

        A node holds the next level down; where that level is optional it may
        hold the one below instead.
        """
        keys = [level.key for level in self.levels]
        index = 0 if key is None else keys.index(key) + 1
        found: list[LevelSpec] = []
        while index < len(self.levels):
            found.append(self.levels[index])
            if not self.levels[index].optional:
                break
            index += 1
        return tuple(found)

    def severity(self, rule: str, default: Severity) -> Severity | None:
        """The severity of ``rule`` under this template; ``None`` when it is off."""
        setting = self.rules.get(rule)
        if setting is None:
            return default
        if setting == "off":
            return None
        return Severity(setting)

    def heading(self, field_name: str) -> str:
        """The district's heading for a step field, or a plain label."""
        for column in self.columns:
            if column.field == field_name:
                return column.heading
        return field_name.replace("_", " ").capitalize()

    def section_heading(self, key: str) -> str:
        """The heading of a narrative section."""
        for section in self.sections:
            if section.key == key:
                return section.heading
        return key.replace("_", " ").capitalize()

    def custom_fields(self, level_key: str) -> tuple[CustomField, ...]:
        """The district's own fields on a level."""
        return self.fields.get(level_key, ())

    def field_aliases(self, level_key: str) -> dict[str, str]:
        """The other names a node of ``level_key`` may write its fields under: alias → field."""
        return {item.alias: item.field for item in self.aliases.get(level_key, ())}

    def written_name(self, level_key: str, field_name: str) -> str:
        """The name a plan of this template writes ``field_name`` under on ``level_key``.

        The alias, when the template gives the field one (``initiatives`` for a
        strategy map's steps), else the field's own name.
        """
        for item in self.aliases.get(level_key, ()):
            if item.field == field_name:
                return item.alias
        return field_name

    def field_heading(self, level_key: str, field_name: str, default: str) -> str:
        """The district's heading for a field of a goal or objective ("Key measure")."""
        for item in self.aliases.get(level_key, ()):
            if item.field == field_name and item.heading:
                return item.heading
        return default

    def resolve_status(self, word: str) -> str | None:
        """The standard status for ``word``: a standard word, a district alias or a synonym.

        Synonyms are the spellings planners use ("In Progress", "Complete",
        "On hold"): :mod:`planctl.vocabulary.status`. A district's alias wins
        over a synonym spelled the same.
        """
        if word in STATUS_WORDS:
            return word
        return self.district_status(word) or standard_status(word)

    def district_status(self, word: str) -> str | None:
        """The standard status of ``word`` when it is one of the district's own words."""
        folded = fold(word)
        for alias, status in self.status_aliases.items():
            if fold(alias) == folded:
                return status
        return None


class TemplateError(PlanctlError):
    """A template could not be loaded; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def builtin_names() -> list[str]:
    """Names of the templates that ship with planctl."""
    folder = resources.plan_templates_dir()
    return sorted(
        path.name.removesuffix(".yaml") for path in folder.iterdir() if path.suffix == ".yaml"
    )


@cache
def load_builtin(name: str) -> PlanTemplate:
    """A built-in template by name; raises :class:`TemplateError` if unknown or broken."""
    # The name is looked up among the shipped files, never joined into a path first:
    # a plan's 'template:' may hold anything (300 characters, a NUL, '../x').
    if name not in builtin_names():
        shown = name if len(name) <= 60 else name[:57] + "..."
        raise TemplateError([_problem(name, 1, 1, f"there is no built-in template '{shown}'")])
    path = resources.plan_templates_dir() / f"{name}.yaml"
    return _load(path, f"{name} (built-in)", root=None, seen=())


def load_template_path(path: Path, display: str, root: Path | None) -> PlanTemplate:
    """A district's own template file; ``root`` bounds where ``extends:`` paths may point."""
    return _load(path, display, root=root, seen=())


def find(reference: str, plan_dir: Path, root: Path | None) -> PlanTemplate:
    """The template a plan names: a built-in name, or a path relative to the plan."""
    if _is_path(reference):
        path = _safe_path(reference, plan_dir, root)
        return load_template_path(path, _display(path), root)
    return load_builtin(reference)


def _is_path(reference: str) -> bool:
    return "/" in reference or "\\" in reference or reference.endswith((".yaml", ".yml"))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _safe_path(reference: str, base: Path, root: Path | None) -> Path:
    """Resolve ``reference`` against ``base``, refusing paths that leave ``root``."""
    candidate = Path(reference)
    if candidate.is_absolute():
        raise TemplateError(
            [_problem(reference, 1, 1, f"the template path '{reference}' is absolute")]
        )
    kind = paths.probe(base / candidate)
    resolved = paths.resolved(base / candidate)
    fence = paths.resolved(root or base)
    if resolved is None or fence is None or kind.kind is paths.Kind.UNUSABLE:
        why = f": {kind.reason}" if kind.reason else ""
        raise TemplateError(
            [_problem(reference, 1, 1, f"the template path '{reference}' cannot be opened{why}")]
        )
    if resolved != fence and fence not in resolved.parents:
        raise TemplateError(
            [
                _problem(
                    reference,
                    1,
                    1,
                    f"the template path '{reference}' points outside the plan repository",
                )
            ]
        )
    if kind.kind is paths.Kind.FOLDER:
        raise TemplateError(
            [_problem(reference, 1, 1, f"the template path '{reference}' is a folder, not a file")]
        )
    if kind.kind is paths.Kind.OTHER:
        raise TemplateError(
            [_problem(reference, 1, 1, f"the template path '{reference}' is not a regular file")]
        )
    if kind.kind is not paths.Kind.FILE:
        raise TemplateError(
            [_problem(reference, 1, 1, f"the template file '{reference}' does not exist")]
        )
    return resolved


def _problem(path: str, line: int, column: int, message: str, hint: str = "") -> Problem:
    return error_at(path, line, column, RULE_TEMPLATE, message, hint)


def _load(path: Path, display: str, root: Path | None, seen: tuple[str, ...]) -> PlanTemplate:
    key = str(path.resolve())
    if key in seen:
        raise TemplateError([_problem(display, 1, 1, "the template extends itself in a loop")])
    loaded = load_file(path, display)
    if loaded.problems:
        raise TemplateError(loaded.problems)
    if not isinstance(loaded.data, dict):
        raise TemplateError(
            [
                _problem(
                    display,
                    1,
                    1,
                    "a template file must be a mapping starting 'planctl-template: 1'",
                )
            ]
        )
    try:
        spec = TemplateFile.model_validate(loaded.data)
    except ValidationError as error:
        raise TemplateError(_validation_problems(error, loaded.positions, display)) from None
    parent: PlanTemplate | None = None
    if spec.extends:
        try:
            parent = _load_parent(spec.extends, path, root, (*seen, key), display)
        except TemplateError as error:
            # Problems without a real file of their own are shown at 'extends:'.
            span = loaded.positions.value(["extends"])
            unlocated = [p for p in error.problems if p.path == spec.extends]
            located = [p for p in error.problems if p.path != spec.extends]
            raise TemplateError(
                [
                    *(
                        _problem(display, span.line, span.column, p.message, p.hint)
                        for p in unlocated
                    ),
                    *located,
                ]
            ) from None
    name = spec.name or path.name.removesuffix(".yaml").removesuffix(".yml")
    template = _merge(spec, parent, name, display)
    problems = list(_check_references(spec, template, loaded.positions, display))
    if problems:
        raise TemplateError(problems)
    return template


def _load_parent(
    reference: str, path: Path, root: Path | None, seen: tuple[str, ...], display: str
) -> PlanTemplate:
    if _is_path(reference):
        if root is None:
            raise TemplateError(
                [_problem(display, 1, 1, "a built-in template can only extend built-in ones")]
            )
        parent_path = _safe_path(reference, path.parent, root)
        return _load(parent_path, _display(parent_path), root, seen)
    try:
        return load_builtin(reference)
    except TemplateError:
        names = builtin_names()
        close = difflib.get_close_matches(reference, names, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "built-in templates: " + ", ".join(names)
        raise TemplateError(
            [_problem(reference, 1, 1, f"there is no built-in template '{reference}'", hint)]
        ) from None


def _merge(spec: TemplateFile, parent: PlanTemplate | None, name: str, source: str) -> PlanTemplate:
    """Apply ``spec`` over ``parent``: lists are replaced, mappings merged key by key."""
    if parent is None and spec.levels is None:
        raise TemplateError(
            [_problem(source, 1, 1, "the template names no levels and extends none")]
        )
    levels = tuple(spec.levels) if spec.levels is not None else parent.levels  # type: ignore[union-attr]
    fields: dict[str, tuple[CustomField, ...]] = dict(parent.fields) if parent else {}
    fields.update({level: tuple(items) for level, items in spec.fields.items()})
    required: dict[str, tuple[tuple[str, ...], ...]] = dict(parent.required) if parent else {}
    for level, items in spec.required.items():
        required[level] = tuple((item,) if isinstance(item, str) else tuple(item) for item in items)
    aliases: dict[str, tuple[FieldAlias, ...]] = dict(parent.aliases) if parent else {}
    aliases_written = {level: tuple(items) for level, items in spec.aliases.items()}
    aliases.update(aliases_written)
    rules: dict[str, SeverityName] = dict(parent.rules) if parent else {}
    rules.update(spec.rules)
    statuses: dict[str, str] = dict(parent.status_aliases) if parent else {}
    statuses.update(spec.status_aliases)
    return PlanTemplate(
        name=name,
        title=spec.title or (parent.title if parent else name),
        description=spec.description or (parent.description if parent else ""),
        levels=levels,
        sections=tuple(spec.sections)
        if spec.sections is not None
        else (parent.sections if parent else ()),
        open_sections=(
            spec.open_sections
            if spec.open_sections is not None
            else (parent.open_sections if parent else False)
        ),
        columns=tuple(spec.columns)
        if spec.columns is not None
        else (parent.columns if parent else ()),
        fields=fields,
        required=required,
        rules=rules,
        status_aliases=statuses,
        aliases=aliases,
        school_year_start=spec.school_year_start or (parent.school_year_start if parent else 7),
        currency=spec.currency or (parent.currency if parent else "USD"),
        source=source,
        chain=((*parent.chain, parent.name) if parent else ()),
    )


def _check_references(
    spec: TemplateFile, template: PlanTemplate, positions: Positions, display: str
) -> Iterator[Problem]:
    """Rule names and required fields must be ones planctl knows, or a typo goes unnoticed."""
    rules = rule_names.known_names()
    for rule in spec.rules:
        if rule not in rules:
            span = positions.key(["rules", rule])
            close = difflib.get_close_matches(rule, rules, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "see 'planctl rules'"
            yield _problem(display, span.line, span.column, f"there is no rule '{rule}'", hint)
    level_keys = [level.key for level in template.levels]
    yield from _check_aliases(spec, template, positions, display)
    yield from _check_parallel(spec, template, positions, display)
    for level_key, groups in spec.required.items():
        if level_key not in level_keys:
            span = positions.key(["required", level_key])
            yield _problem(
                display,
                span.line,
                span.column,
                f"the template has no level '{level_key}'",
                "levels: " + ", ".join(level_keys),
            )
            continue
        model = StepFields if level_key == "steps" else NodeFields
        known = {*model.model_fields, *(item.key for item in template.custom_fields(level_key))}
        for index, group in enumerate(groups):
            names = [group] if isinstance(group, str) else group
            span = positions.value(["required", level_key, index])
            if not names:
                yield _problem(
                    display,
                    span.line,
                    span.column,
                    "an empty list of alternatives requires nothing",
                )
            for field_name in names:
                if field_name not in known:
                    close = difflib.get_close_matches(field_name, sorted(known), n=1, cutoff=0.6)
                    hint = f"did you mean '{close[0]}'?" if close else ""
                    yield _problem(
                        display,
                        span.line,
                        span.column,
                        f"'{field_name}' is not a field of {level_key}",
                        hint,
                    )


def _level_names(template: PlanTemplate, level_key: str) -> tuple[list[str], list[str]]:
    """The fields a node of ``level_key`` has, and the levels it may hold, by their own names."""
    model = StepFields if level_key == "steps" else NodeFields
    fields = [name for name in model.model_fields if name != "silence"]
    fields += [item.key for item in template.custom_fields(level_key)]
    children = [] if level_key == "steps" else [c.key for c in template.child_levels(level_key)]
    return fields, children


def _check_aliases(
    spec: TemplateFile, template: PlanTemplate, positions: Positions, display: str
) -> Iterator[Problem]:
    """An alias names a field or level below its own level, and is not a name already taken."""
    level_keys = [level.key for level in template.levels]
    for level_key, items in spec.aliases.items():
        if level_key not in level_keys:
            span = positions.key(["aliases", level_key])
            close = difflib.get_close_matches(level_key, level_keys, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "levels: " + ", ".join(level_keys)
            yield _problem(
                display,
                span.line,
                span.column,
                f"the template has no level '{level_key}' to give aliases to",
                hint,
            )
            continue
        fields, children = _level_names(template, level_key)
        known = [*fields, *children]
        seen: dict[str, str] = {}
        for index, item in enumerate(items):
            if item.field not in known:
                span = positions.value(["aliases", level_key, index, "field"])
                close = difflib.get_close_matches(item.field, known, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "fields: " + ", ".join(known)
                yield _problem(
                    display,
                    span.line,
                    span.column,
                    f"'{item.field}' is not a field of {level_key}, nor a level below it",
                    hint,
                )
            if item.alias in known:
                span = positions.value(["aliases", level_key, index, "alias"])
                yield _problem(
                    display,
                    span.line,
                    span.column,
                    f"'{item.alias}' is already a field of {level_key}; an alias is another name",
                    "choose a name the plan file does not use for anything else",
                )
            elif item.alias in seen or item.field in seen.values():
                span = positions.value(["aliases", level_key, index, "alias"])
                twice = "name" if item.alias in seen else f"field '{item.field}'"
                yield _problem(
                    display,
                    span.line,
                    span.column,
                    f"the {twice} has two aliases on {level_key}",
                    "give each field at most one alias",
                )
            seen[item.alias] = item.field


def _check_parallel(
    spec: TemplateFile, template: PlanTemplate, positions: Positions, display: str
) -> Iterator[Problem]:
    """A level's parallel lists are fields of that level, above the steps."""
    for index, level in enumerate(spec.levels or ()):
        if not level.parallel:
            continue
        if level.key == "steps":
            span = positions.key(["levels", index, "parallel"])
            yield _problem(
                display,
                span.line,
                span.column,
                "action steps hold no level below them, so they have no parallel lists",
            )
            continue
        fields, _ = _level_names(template, level.key)
        for place, name in enumerate(level.parallel):
            if name not in fields:
                span = positions.value(["levels", index, "parallel", place])
                close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"add it under 'fields: {level.key}:', or use one of: " + ", ".join(fields)
                )
                yield _problem(
                    display, span.line, span.column, f"'{name}' is not a field of {level.key}", hint
                )


def _validation_problems(
    error: ValidationError, positions: Positions, display: str
) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = [part for part in item["loc"] if isinstance(part, (str, int))]
        span = positions.key(loc) if item["type"] == "extra_forbidden" else positions.value(loc)
        where = ".".join(str(part) for part in loc) or "template"
        problems.append(_problem(display, span.line, span.column, f"{where}: {item['msg']}"))
    return problems


def iter_rule_settings(template: PlanTemplate) -> Iterator[tuple[str, str]]:
    """The template's rule settings, for display."""
    yield from sorted(template.rules.items())


def describe(template: PlanTemplate) -> dict[str, Any]:
    """A plain-data summary of a template for ``planctl templates NAME``."""
    return {
        "name": template.name,
        "title": template.title,
        "description": template.description,
        "extends": list(template.chain),
        "school_year_start": template.school_year_start,
        "levels": [level.model_dump() for level in template.levels],
        "sections": [section.model_dump() for section in template.sections],
        "open_sections": template.open_sections,
        "columns": [column.model_dump() for column in template.columns],
        "fields": {k: [f.model_dump() for f in v] for k, v in template.fields.items()},
        "aliases": {k: [a.model_dump() for a in v] for k, v in template.aliases.items()},
        "required": {k: [list(alt) for alt in v] for k, v in template.required.items()},
        "rules": dict(template.rules),
        "status_aliases": dict(template.status_aliases),
    }
