"""Build a plan tree from loaded data, reporting shape problems at their lines.

Each node is validated on its own, so a mistake in one step does not hide
the problems of the others: a node whose fields do not fit is reported and
kept (with ``fields`` set to ``None``) so the walk still reaches its
children. Unknown keys are taken out and reported with a "did you mean"
before validation, for the same reason.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from planctl.load import LoadedFile, Span
from planctl.load.positions import PathKey
from planctl.model.people import Owner, Roster
from planctl.model.plan import NodeFields, PlanHeader, StepFields
from planctl.model.wording import _NESTED_FIELDS, _data_path, _describe, _expected, _name, _short
from planctl.problem import Problem, Severity
from planctl.template import CustomField, LevelSpec, PlanTemplate
from planctl.vocabulary.labels import SEPARATOR
from planctl.vocabulary.labels import label as make_label
from planctl.vocabulary.labels import numbering as make_numbering
from planctl.vocabulary.labels import trail as join_trail

RULE_STRUCTURE = "plan-structure"
_NUMBER_WRITTEN = re.compile(
    r"[-+]?(?:0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)"
)
"""A number as YAML's core schema writes it (``3``, ``3.10``, ``007``, ``0x1F``, ``1e3``)."""
RULE_UNKNOWN_KEY = "unknown-key"
TASK_HINT = (
    "write each task as '- Order books', or as '- task: Order books' "
    "with 'owner:', 'due:' and 'done:' below it"
)
"""The forms of a step's checklist item, for a problem with one."""

# Words planners use for a field, and the field planctl knows them as.
SYNONYMS = {
    "owner": "owners",
    "person": "owners",
    "persons": "owners",
    "people_responsible": "owners",
    "responsible": "owners",
    "lead": "owners",
    "leads": "owners",
    "who": "owners",
    "timeline": "due",
    "deadline": "due",
    "end": "due",
    "end_date": "due",
    "due_date": "due",
    "completion_date": "due",
    "by_when": "due",
    "when": "due",
    "start_date": "start",
    "begin": "start",
    "milestones": "dates",
    "expected_outcome": "outcome",
    "outcomes": "outcome",
    "evidence": "measure",
    "data_source": "measure",
    "metric": "measure",
    "metrics": "measures",
    "costs": "cost",
    "budget": "cost",
    "funding": "cost",
    "comment": "comments",
    "notes": "comments",
    "note": "comments",
    "name": "title",
    "goal": "title",
    "task": "action",
    "step": "action",
    "tag": "tags",
    "state": "status",
    "progress": "updates",
    "done": "completed",
    "completed_on": "completed",
    "frequency": "repeat",
    "benefit": "benefits",
    "resource": "resources",
    "align": "aligns_to",
    "aligned_to": "aligns_to",
    "alignment": "aligns_to",
    "subtasks": "tasks",
    "sub_tasks": "tasks",
    "sub_actions": "tasks",
    "subactions": "tasks",
    "checklist": "tasks",
    "action_items": "tasks",
    "todo": "tasks",
}


@dataclass(eq=False)
class Node:
    """A goal, objective, strategy or action step, with where it stands."""

    level: LevelSpec
    path: PathKey
    number: int
    parent: Node | None
    raw: dict[str, Any]
    fields: NodeFields | StepFields | None = None
    custom: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    is_step: bool = False
    silenced: dict[str, str] = field(default_factory=dict)
    ident: str = ""
    """The node's ``id`` as written in the file (a number id as its digits), or empty text."""

    @property
    def title(self) -> str:
        """The node's title (a step's action), or empty text."""
        if self.fields is not None:
            text = self.fields.action if isinstance(self.fields, StepFields) else self.fields.title
            return text or ""
        value = self.raw.get("action" if self.is_step else "title")
        return value if isinstance(value, str) else ""

    @property
    def numbering(self) -> str:
        """The node's number as the document writes it: its id ("3.READ"), else its position."""
        return make_numbering(self.number, self.ident)

    @property
    def label(self) -> str:
        """ "Goal 3", "Goal 3.READ", "Strategy 2C", "Action step 2".

        See :func:`planctl.vocabulary.labels.label`.
        """
        return make_label(self.level.label, self.number, self.ident)

    @property
    def trail(self) -> str:
        """The labels from the top of the plan down to this node."""
        labels: list[str] = []
        node: Node | None = self
        while node is not None:
            labels.append(node.label)
            node = node.parent
        return join_trail(reversed(labels))

    @property
    def where(self) -> str:
        """Where the node is, in words: "Goal 3 › Action step 2 'Standardize job descriptions'"."""
        title = self.title
        return f"{self.trail} '{_short(title)}'" if title else self.trail

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in document order."""
        # A stack rather than nested generators: each rule walks every node,
        # and a nested generator passes each node up through all its ancestors.
        pending = [self]
        while pending:
            node = pending.pop()
            yield node
            pending.extend(reversed(node.children))


@dataclass(eq=False)
class PlanDoc:
    """A plan read as far as it could be, ready for the rules."""

    loaded: LoadedFile
    template: PlanTemplate
    header: PlanHeader | None
    roots: list[Node]
    problems: list[Problem] = field(default_factory=list)
    roster: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """People from the repository's shared roster: (name, aliases)."""
    plan_dir: Path | None = None
    """The folder the plan's relative references (template, aligns_to) start from."""
    all_nodes: list[Node] = field(default_factory=list)
    """Every node in document order, as :func:`build` made them (each rule reads them all)."""
    _people: tuple[int, Roster] | None = field(default=None, repr=False)
    written: dict[PathKey, dict[str, str]] = field(default_factory=dict)
    """Per node path, the fields the node writes under a template alias: field → alias.

    Readers locate a field by its own name (``measures``); :meth:`span` finds
    it where the plan wrote it (``key_measures``).
    """

    @property
    def path(self) -> str:
        """The file's name as shown in problems."""
        return self.loaded.path

    def dispose(self) -> None:
        """Undo the links between nodes, so the tree is freed as soon as it is dropped.

        Each node points to its parent and its children, so a dropped tree is
        a cycle that only the cyclic garbage collector frees, and only when it
        next runs in full: checking many plans would hold several plans' trees
        at once. Call it when the plan is no longer needed; nothing may use
        the nodes afterwards.
        """
        for node in self.all_nodes:
            node.parent = None
            node.children = []
        self.roots = []
        self.all_nodes = []

    def people(self) -> Roster:
        """The plan's roster (``people:``) and the repository's shared one, read once."""
        # The shared roster is set after the plan is built; a roster read before is read again.
        if self._people is None or self._people[0] != len(self.roster):
            people = self.header.people if self.header is not None else []
            self._people = (len(self.roster), Roster(people, self.roster))
        return self._people[1]

    def owners(self, node: Node) -> tuple[Owner, ...]:
        """The node's owners read against the roster: each person or team, and their role."""
        if node.fields is None:
            return ()
        return self.people().owners(node.fields.owners)

    def nodes(self) -> Iterator[Node]:
        """Every node, in document order."""
        return iter(self.all_nodes)

    def steps(self) -> Iterator[Node]:
        """Every action step, in document order."""
        return (node for node in self.nodes() if node.is_step)

    def span(self, path: Sequence[str | int], *, key: bool = False) -> Span:
        """Where ``path`` stands in the file (its key, when ``key`` and it has one)."""
        positions = self.loaded.positions
        if self.written:
            path = self._as_written(path)
        return positions.key(path) if key else positions.value(path)

    def _as_written(self, path: Sequence[str | int]) -> tuple[str | int, ...]:
        """``path`` with each field a node writes under an alias named by that alias."""
        parts = list(path)
        for index in range(1, len(parts)):
            names = self.written.get(tuple(parts[:index]))
            if names is not None and parts[index] in names:
                parts[index] = names[str(parts[index])]
        return tuple(parts)

    def problem(
        self,
        rule: str,
        severity: Severity,
        path: Sequence[str | int],
        message: str,
        *,
        where: str = "",
        hint: str = "",
        key: bool = False,
    ) -> Problem:
        """A problem located at ``path`` in this file."""
        span = self.span(path, key=key)
        return Problem(
            path=self.path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            rule=rule,
            severity=severity,
            message=message,
            where=where,
            hint=hint,
        )


def build(loaded: LoadedFile, template: PlanTemplate) -> PlanDoc:
    """Validate the header and every node of ``loaded`` against ``template``."""
    data = loaded.data
    doc = PlanDoc(loaded=loaded, template=template, header=None, roots=[])
    assert isinstance(data, dict), "the caller checks that the plan is a mapping"
    top_levels = template.child_levels(None)
    level_keys = {level.key for level in top_levels}
    header_raw = {key: value for key, value in data.items() if key not in level_keys}
    header_raw = _drop_unknown(doc, header_raw, (), PlanHeader, "plan", [], "the plan")
    header_raw = _check_version(doc, header_raw)
    doc.header = _validate(doc, PlanHeader, header_raw, (), "plan")
    if doc.header is None:
        # The problems are reported; the rest of the header (its period above all)
        # still reads the plan's dates, so one bad roster entry does not turn every
        # school-year date into "the plan has no period".
        doc.header = _salvage_header(header_raw)
    if doc.header is not None:
        _check_sections(doc, doc.header)
    silenced = dict(doc.header.silence) if doc.header else {}
    for level in top_levels:
        doc.roots.extend(_build_level(doc, data, (), level, None, silenced))
    return doc


def _salvage_header(raw: dict[str, Any]) -> PlanHeader | None:
    """The header without the values that failed validation, or None if it still fails.

    An unknown key inside a value (a roster entry's stray key) is dropped from that
    value alone; any other failing value is left out whole. Nothing is reported
    here: :func:`_validate` reported each problem already.
    """
    current = raw
    for _ in range(3):
        try:
            return PlanHeader.model_validate(current)
        except ValidationError as error:
            current = _without_failures(current, error)
    return None


def _without_failures(raw: dict[str, Any], error: ValidationError) -> dict[str, Any]:
    trimmed = copy.deepcopy(raw)
    failed: set[str] = set()
    for item in error.errors(include_url=False):
        path = _data_path(raw, item["loc"])
        if not path:
            continue
        if item["type"] == "extra_forbidden" and len(path) > 1:
            parent: Any = trimmed
            for part in path[:-1]:
                if isinstance(parent, dict):
                    parent = parent.get(part)
                elif isinstance(parent, list) and isinstance(part, int) and part < len(parent):
                    parent = parent[part]
                else:
                    parent = None
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
                continue
        failed.add(str(path[0]))
    return {key: value for key, value in trimmed.items() if key not in failed}


def _check_version(doc: PlanDoc, header_raw: dict[str, Any]) -> dict[str, Any]:
    """Report a ``planctl:`` that is not the whole number 1, and go on as if it were.

    pydantic's ``Literal[1]`` would let ``true`` (which Python counts as 1)
    through; ``"1"`` and ``1.0`` are near misses a planner should fix too. A
    version planctl does not know (2, "x") is left to pydantic's message.
    """
    if "planctl" not in header_raw:
        return header_raw
    value = header_raw["planctl"]
    if type(value) is int or not (value == 1 or isinstance(value, (bool, str))):
        return header_raw
    span = doc.span(("planctl",))
    lines = doc.loaded.lines
    written = str(value)
    if span.line == span.end_line and span.line <= len(lines):
        written = lines[span.line - 1][span.column - 1 : span.end_column - 1] or written
    if isinstance(value, bool):
        why = "true and false are not format versions"
    elif isinstance(value, str):
        why = "the format version is a number, not text"
    else:
        why = "the format version is a whole number"
    if isinstance(value, str) and value.strip() not in ("1", "1.0"):
        return header_raw  # another version or a word: pydantic says it is not one planctl reads
    quote = '"' if "'" in written else "'"
    doc.problems.append(
        doc.problem(
            RULE_STRUCTURE,
            Severity.ERROR,
            ("planctl",),
            f"{quote}planctl: {written}{quote} is not the plan format version: {why}",
            where=_where_text("plan"),
            hint="write 'planctl: 1'",
        )
    )
    return {**header_raw, "planctl": 1}


def _build_level(
    doc: PlanDoc,
    container: dict[str, Any],
    path: PathKey,
    level: LevelSpec,
    parent: Node | None,
    silenced: dict[str, str],
    written: str | None = None,
) -> list[Node]:
    name = written or level.key
    items = container.get(name)
    if name not in container or items is None:
        return []
    items_path = (*path, name)
    if not isinstance(items, list):
        doc.problems.append(
            doc.problem(
                RULE_STRUCTURE,
                Severity.ERROR,
                items_path,
                f"'{name}' should be a list of {level.plural_label.lower()}, "
                f"not {_describe(items)}",
                where=parent.where if parent else "the plan",
                hint=f"start each {_item_label(level)} on its own line with '- '",
            )
        )
        return []
    nodes = []
    for index, raw in enumerate(items):
        node_path = (*items_path, index)
        number = index + 1
        if not isinstance(raw, dict):
            trail = f"{parent.trail}{SEPARATOR}" if parent else ""
            first = "action" if level.key == "steps" else "title"
            shown = f"'{_short(str(raw))}'" if isinstance(raw, str) else _describe(raw)
            doc.problems.append(
                doc.problem(
                    RULE_STRUCTURE,
                    Severity.ERROR,
                    node_path,
                    f"each {_item_label(level)} should be a mapping of fields, not {shown}",
                    where=f"{trail}{make_label(level.label, number)}",
                    hint=f"write it as '- {first}: ...' with its other fields below",
                )
            )
            continue
        node = Node(
            level=level,
            path=node_path,
            number=number,
            parent=parent,
            raw=raw,
            is_step=level.key == "steps",
            ident=_written_id(doc, raw, node_path),
        )
        nodes.append(node)
        doc.all_nodes.append(node)  # before its children: document order
        _fill_node(doc, node, silenced)
    return nodes


def _item_label(level: LevelSpec) -> str:
    return level.label.lower()


def _written_id(doc: PlanDoc, raw: dict[str, Any], path: PathKey) -> str:
    """The node's id as the file writes it, or empty text when it has none that is text.

    A number id is taken from the file's text, so ``id: 3.10`` is "3.10" and
    ``id: 007`` is "007", not the numbers YAML reads them as.
    """
    value = raw.get("id")
    if isinstance(value, str):
        return value
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    span = doc.span((*path, "id"))
    lines = doc.loaded.lines
    if span.line == span.end_line and 0 < span.line <= len(lines):
        written = lines[span.line - 1][span.column - 1 : span.end_column - 1].strip()
        # An id reached through an alias ('- *goal') is located at the alias: not its text.
        if _NUMBER_WRITTEN.fullmatch(written):
            return written
    return str(value)


def _fill_node(doc: PlanDoc, node: Node, silenced: dict[str, str]) -> None:
    template = doc.template
    children = (
        template.child_levels(None if node.is_step else node.level.key) if not node.is_step else ()
    )
    child_keys = {level.key for level in children}
    custom = {item.key: item for item in template.custom_fields(node.level.key)}
    model: type[NodeFields] | type[StepFields] = StepFields if node.is_step else NodeFields
    raw = node.raw
    written: dict[str, str] = {}
    aliases = template.field_aliases(node.level.key) if template.aliases else {}
    if aliases and not aliases.keys().isdisjoint(raw):
        raw, written = _read_aliases(doc, node, aliases)
    own = {key: value for key, value in raw.items() if key not in child_keys and key not in custom}
    if node.ident and not isinstance(own.get("id"), str):
        # A number id is its written text for every reader (``#3.10`` aligns to ``id: 3.10``).
        own = {**own, "id": node.ident}
    extra_names = [*child_keys, *custom, *aliases]
    own = _drop_unknown(doc, own, node.path, model, node.level.label, extra_names, node)
    fields = _validate(doc, model, own, node.path, node)
    node.fields = fields
    node.silenced = dict(silenced)
    if fields is not None:
        node.silenced.update(fields.silence)
    for key, spec in custom.items():
        if key in raw:
            node.custom[key] = _custom_value(doc, node, spec, raw[key])
    for level in children:
        node.children.extend(
            _build_level(
                doc, node.raw, node.path, level, node, node.silenced, written.get(level.key)
            )
        )


def _read_aliases(
    doc: PlanDoc, node: Node, aliases: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The node's values under their own names, and the fields written under an alias.

    A field written both ways ('key_measures:' and 'measures:') is reported and
    the alias's value kept: the template's name is the one the district reads.
    """
    raw: dict[str, Any] = {}
    written: dict[str, str] = {}
    for key, value in node.raw.items():
        name = aliases.get(key)
        if name is None:
            if key in written:  # the alias came first; it wins
                continue
            raw[key] = value
            continue
        if name in node.raw:
            doc.problems.append(
                doc.problem(
                    RULE_STRUCTURE,
                    Severity.ERROR,
                    (*node.path, name),
                    f"'{key}' and '{name}' are the same field here; the plan writes it twice",
                    where=node.where,
                    hint=f"keep one: this template calls it '{key}:'",
                    key=True,
                )
            )
        raw[name] = value
        written[name] = key
    if written:
        doc.written[node.path] = written
    return raw, written


def _custom_value(doc: PlanDoc, node: Node, spec: CustomField, value: Any) -> Any:
    """Check a district field by its declared type; keep it as written."""
    ok = (
        (
            spec.type == "text"
            and isinstance(value, (str, int, float))
            and not isinstance(value, bool)
        )
        or (spec.type == "list" and (isinstance(value, str) or _is_text_list(value)))
        or (
            spec.type == "number"
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        )
    )
    if not ok:
        expected = {"text": "text", "list": "a list of texts", "number": "a number"}[spec.type]
        doc.problems.append(
            doc.problem(
                RULE_STRUCTURE,
                Severity.ERROR,
                (*node.path, spec.key),
                f"'{spec.key}' ({spec.heading}) should be {expected}, not {_describe(value)}",
                where=node.where,
            )
        )
        return None
    if spec.type == "list" and isinstance(value, str):
        return [value]
    return value


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value)


def _drop_unknown(
    doc: PlanDoc,
    raw: dict[str, Any],
    path: PathKey,
    model: type[BaseModel],
    label: str,
    extra_names: Sequence[str],
    where: str | Node,
) -> dict[str, Any]:
    """Report keys ``model`` does not know, and return the rest.

    ``where`` is the place in words, or the node whose place it is (worked
    out only when there is a problem to report).
    """
    known = _known_names(model, tuple(extra_names))
    if known.issuperset(raw):
        return raw
    kept: dict[str, Any] = {}
    severity = doc.template.severity(RULE_UNKNOWN_KEY, Severity.ERROR)
    for key, value in raw.items():
        if key in known:
            kept[key] = value
            continue
        if severity is None:
            continue
        hint = _did_you_mean(key, sorted(known), doc.template)
        doc.problems.append(
            doc.problem(
                RULE_UNKNOWN_KEY,
                severity,
                (*path, key),
                f"'{key}' is not a field planctl knows for {_article(label)} {label.lower()}",
                where=_where_text(where),
                hint=hint,
                key=True,
            )
        )
    return kept


@cache
def _known_names(model: type[BaseModel], extra_names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(model.model_fields) | frozenset(extra_names)


def _where_text(where: str | Node) -> str:
    return where if isinstance(where, str) else where.where


def _article(label: str) -> str:
    return "an" if label[:1].lower() in "aeiou" else "a"


def _did_you_mean(key: str, known: list[str], template: PlanTemplate) -> str:
    normal = "".join(ch if ch.isalnum() else "_" for ch in key.strip().lower()).strip("_")
    while "__" in normal:
        normal = normal.replace("__", "_")
    if normal in known and normal != key:
        return f"did you mean '{normal}'?"
    for column in template.columns:
        heading = "".join(ch if ch.isalnum() else "_" for ch in column.heading.lower()).strip("_")
        if heading == normal and column.field in known:
            return f"'{column.heading}' is written '{column.field}:' in a plan file"
    synonym = SYNONYMS.get(normal)
    if synonym in known:
        return f"did you mean '{synonym}'?"
    close = difflib.get_close_matches(normal, known, n=1, cutoff=0.75)
    if close:
        return f"did you mean '{close[0]}'?"
    shown = ", ".join(name for name in known if name != "silence")
    return f"the fields are: {shown}" if len(known) < 30 else ""


def _validate(
    doc: PlanDoc, model: type[Any], raw: dict[str, Any], path: PathKey, where: str | Node
) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        # A value that fits none of a field's forms gets one error per form from
        # pydantic; planners get one problem naming every form.
        grouped: dict[PathKey, list[Any]] = {}
        for item in error.errors(include_url=False):
            grouped.setdefault(_data_path(raw, item["loc"]), []).append(item)
        for data_path, items in grouped.items():
            problem = _type_problem(doc, items, raw, path, _where_text(where))
            if data_path[:1] == ("tasks",) and not problem.hint:
                problem = dataclasses.replace(problem, hint=TASK_HINT)
            doc.problems.append(problem)
        return None


def _type_problem(
    doc: PlanDoc, items: list[Any], raw: dict[str, Any], base: PathKey, where: str
) -> Problem:
    """Pydantic errors about one value, in a planner's words, at the line of the value."""
    item = items[0]
    data_path = _data_path(raw, item["loc"])
    path = (*base, *data_path)
    name = _name(data_path)
    kind = item["type"]
    value = item.get("input")
    if kind == "extra_forbidden":
        key = str(data_path[-1]) if data_path else "?"
        close = difflib.get_close_matches(key, _NESTED_FIELDS, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else ""
        if data_path[:1] == ("owners",) and not close:
            hint = "an owner written as a mapping has a 'name' and a 'role'"
        severity = doc.template.severity(RULE_UNKNOWN_KEY, Severity.ERROR) or Severity.INFO
        return doc.problem(
            RULE_UNKNOWN_KEY,
            severity,
            path,
            f"'{key}' is not a field planctl knows here",
            where=where,
            hint=hint,
            key=True,
        )
    if data_path[:1] == ("owners",) and len(data_path) > 1 and kind != "extra_forbidden":
        return _owner_problem(doc, kind, path, data_path, value, where)
    if kind == "missing":
        field_name = str(item["loc"][-1])
        hint = "add 'planctl: 1' as the first line of the plan" if field_name == "planctl" else ""
        return doc.problem(
            RULE_STRUCTURE,
            Severity.ERROR,
            path,
            f"'{field_name}' is missing",
            where=where,
            hint=hint,
            key=True,
        )
    forms: list[str] = []
    for each in items:
        form = _expected(each["type"], each)
        if form not in forms:
            forms.append(form)
    expected = forms[0] if len(forms) == 1 else ", ".join(forms[:-1]) + " or " + forms[-1]
    message = f"'{name}' should be {expected}, not {_describe(value)}"
    hint = ""
    if kind == "literal_error" and name == "planctl":
        message = f"'planctl: {value}' is not a plan format this version of planctl reads"
        hint = "write 'planctl: 1'"
    return doc.problem(RULE_STRUCTURE, Severity.ERROR, path, message, where=where, hint=hint)


def _owner_problem(
    doc: PlanDoc, kind: str, path: PathKey, data_path: PathKey, value: Any, where: str
) -> Problem:
    """An owner that is neither a name nor ``{name, role}``, said in those words."""
    example = "write a name, or '{name: Maria Lopez, role: Language Arts teacher}'"
    number = next((part for part in data_path if isinstance(part, int)), 0) + 1
    if kind == "missing":
        return doc.problem(
            RULE_STRUCTURE,
            Severity.ERROR,
            path,
            f"owner {number} is written as a mapping but has no 'name'",
            where=where,
            hint=example,
        )
    return doc.problem(
        RULE_STRUCTURE,
        Severity.ERROR,
        path,
        f"owner {number} should be a name or a name with a role, not {_describe(value)}",
        where=where,
        hint=example,
    )


def _check_sections(doc: PlanDoc, header: PlanHeader) -> None:
    """Sections the template does not declare are unknown keys (unless it is open)."""
    template = doc.template
    if template.open_sections:
        return
    declared = [section.key for section in template.sections]
    severity = template.severity(RULE_UNKNOWN_KEY, Severity.ERROR)
    if severity is None:
        return
    for key in header.sections:
        if key in declared:
            continue
        close = difflib.get_close_matches(key, declared, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif declared:
            hint = "the sections of this template are: " + ", ".join(declared)
        else:
            hint = f"the template '{template.name}' has no narrative sections"
        doc.problems.append(
            doc.problem(
                RULE_UNKNOWN_KEY,
                severity,
                ("sections", key),
                f"the template '{template.name}' has no section '{key}'",
                where="sections",
                hint=hint,
                key=True,
            )
        )
