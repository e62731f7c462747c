"""Alignment references name a goal, objective or step that exists in another plan.

A school or department plan shows which district goals it serves with
``aligns_to``: ``aligns_to: [district-2024.plan.yaml#G1.O3]`` names the other
plan's file, relative to this plan's folder, and after ``#`` the ``id`` of a
goal, objective or step in it, exactly as it is written there. ``planctl
render DISTRICT.plan.yaml SCHOOL.plan.yaml... --layout alignment`` then shows
each district goal with the plans that support it. A reference to a file that
is not there, to an id the plan does not have, to a file outside the plan
repository or to the plan itself would show a district goal as unsupported,
or as supported by nothing; so would two goals that align to each other.

Fails:
    planctl: 1
    title: Lincoln Elementary School Improvement Plan
    goals:
      - id: L1
        title: Every student reads on grade level by the end of grade 3
        aligns_to: [district-2019.plan.yaml#G1]
        steps:
          - action: Train every K-3 teacher in structured literacy
            due: 2024-10
            outcome: K-3 teachers use the same structured literacy routines
            measure: Training records and classroom walkthroughs
            owners: Literacy coach

Passes:
    planctl: 1
    title: Lincoln Elementary School Improvement Plan
    goals:
      - id: L1
        title: Every student reads on grade level by the end of grade 3
        measure: 80% of grade 3 students read on grade level by June 2026
        aligns_to: [district/strategic-plan.plan.yaml#G1.O1]
        steps:
          - action: Train every K-3 teacher in structured literacy
            due: 2024-10
            outcome: K-3 teachers use the same structured literacy routines
            measure: Training records and classroom walkthroughs
            owners: Literacy coach
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from planctl import paths
from planctl.config import load_settings
from planctl.load import load_file
from planctl.model.build import Node, PlanDoc, build
from planctl.model.references import Reference, followed, parse_reference, resolve
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext
from planctl.template import TemplateError, find

ID = "aligns-to"
NAME = "Alignment references"
SUMMARY = "Each aligns_to names a plan file in the repository and an id in that plan."
SEVERITY = Severity.ERROR

MAX_FOLLOWED = 200
"""Nodes followed when looking for a circle of alignments: plenty for any real set of plans."""
MAX_LISTED_FILES = 2000
"""Files of a folder compared with a missing file's name for a suggestion."""


# --------------------------------------------------------------------------- other plans


@dataclass
class NodeInfo:
    """What the rule and the alignment layout need of a node in another plan."""

    ident: str
    where: str
    is_step: bool
    aligns_to: tuple[str, ...]


@dataclass
class OtherPlan:
    """Another plan, read once: its ids, and the first problem that kept it from being read."""

    title: str = ""
    nodes: dict[str, NodeInfo] = field(default_factory=dict)
    problem: str = ""


def read_plan(path: Path) -> OtherPlan:
    """The plan at ``path`` (a resolved path), read once per version of the file."""
    try:
        info = path.stat()
    except OSError:
        return OtherPlan(problem="missing")
    return _read_plan(str(path), info.st_mtime_ns, info.st_size, info.st_ino)


@lru_cache(maxsize=256)
def _read_plan(path_text: str, _mtime: int, _size: int, _inode: int) -> OtherPlan:
    path = Path(path_text)
    kind = paths.probe(path).kind
    if kind is paths.Kind.FOLDER:
        return OtherPlan(problem="is a folder, not a plan file")
    if kind is paths.Kind.OTHER:
        return OtherPlan(problem="is not a regular file")
    loaded = load_file(path, path.name)
    if loaded.fatal or not isinstance(loaded.data, dict):
        first = loaded.problems[0].message if loaded.problems else "it is not a plan"
        return OtherPlan(problem=f"cannot be read as a plan: {first}")
    data: dict[str, Any] = loaded.data
    if "planctl" not in data:
        return OtherPlan(problem="is not a plan file (a plan starts with 'planctl: 1')")
    reference = data.get("template")
    if not isinstance(reference, str) or not reference.strip():
        reference = load_settings(path.parent).template or "default"
    try:
        template = find(reference.strip(), path.parent, paths.repository_root(path.parent))
    except TemplateError as error:
        return OtherPlan(
            problem=f"names a template planctl cannot use ({error.problems[0].message})"
        )
    doc = build(loaded, template)
    return OtherPlan(title=_title(doc), nodes=_nodes(doc))


def _title(doc: PlanDoc) -> str:
    return (doc.header.title if doc.header else None) or ""


def _nodes(doc: PlanDoc) -> dict[str, NodeInfo]:
    nodes: dict[str, NodeInfo] = {}
    for node in doc.nodes():
        fields = node.fields
        if fields is None or not fields.id:
            continue
        nodes.setdefault(
            fields.id.strip(),
            NodeInfo(fields.id.strip(), node.where, node.is_step, tuple(fields.aligns_to)),
        )
    return nodes


# --------------------------------------------------------------------------- the check


def _plan_dir(context: RuleContext) -> Path:
    """The folder this plan's references start from."""
    folder = getattr(context.doc, "plan_dir", None)
    if isinstance(folder, Path):
        return folder
    # A plan read by the command line is shown by the path it was given.
    return Path(context.doc.path).parent


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each reference that names no file, no id, the plan itself or a circle."""
    plan_dir = _plan_dir(context)
    root = paths.repository_root(plan_dir)
    itself = (plan_dir / Path(context.doc.path).name).resolve()
    for node in context.doc.nodes():
        fields = node.fields
        if fields is None or not fields.aligns_to:
            continue
        for index, text in enumerate(fields.aligns_to):
            problem = _problem(context, node, text, plan_dir, root, itself)
            if problem is not None:
                message, hint = problem
                yield Finding(
                    path=(*node.path, "aligns_to", index),
                    message=message,
                    hint=hint,
                    node=node,
                )


def _problem(
    context: RuleContext, node: Node, text: str, plan_dir: Path, root: Path | None, itself: Path
) -> tuple[str, str] | None:
    reference = parse_reference(text)
    example = "for example 'district-2024.plan.yaml#G1.O3'"
    if not reference.text:
        return "an empty alignment reference", f"name a plan file and an id, {example}"
    if not reference.file:
        return (
            f"a plan cannot align to itself: '{reference.text}' names a goal of this plan",
            "align to a goal or objective of another plan, such as the district's",
        )
    found = resolve(reference, plan_dir, root)
    if isinstance(found, str):
        return found, "align only to plan files inside this plan repository"
    if found == itself:
        return (
            f"a plan cannot align to itself: '{reference.file}' is this plan",
            "align to a goal or objective of another plan, such as the district's",
        )
    kind = paths.probe(found)
    if kind.kind is paths.Kind.UNUSABLE:
        return f"'{reference.file}' cannot be opened: {kind.reason}", _file_hint(reference, found)
    if kind.kind is paths.Kind.MISSING:
        return f"'{reference.file}' does not exist", _file_hint(reference, found)
    other = read_plan(found)
    if other.problem:
        return (
            f"'{reference.file}' {other.problem}",
            f"check the path, and run 'planctl validate' on '{reference.file}'",
        )
    if not reference.ident:
        first = next(iter(other.nodes), "G1")
        return (
            f"'{reference.file}' is named without the goal or objective it aligns to",
            f"add '#' and an id from that plan, for example '{reference.file}#{first}'",
        )
    if reference.ident not in other.nodes:
        return (
            f"'{reference.file}' has no goal, objective or step with the id '{reference.ident}'",
            _id_hint(reference, other),
        )
    own = (fields.id or "").strip() if (fields := node.fields) is not None else ""
    if own:
        circle = _circle(found, reference.ident, itself, own, root)
        if circle is not None:
            what = node.level.label.lower()
            through = "".join(f" through '{step}'" for step in circle[:-1])
            return (
                f"'{reference.text}' aligns back to this {what} ('{own}'){through}, so they "
                "support each other in a circle",
                "remove one of the references: a plan aligns to the plan above it, not back",
            )
    return None


def _file_hint(reference: Reference, missing: Path) -> str:
    folder = missing.parent
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_LISTED_FILES:
                    break
                if entry.name.lower().endswith((".plan.yaml", ".plan.yml")):
                    names.append(entry.name)
    except OSError:
        names = []
    stems = {_stem(name): name for name in sorted(names)}
    close = difflib.get_close_matches(_stem(missing.name), list(stems), n=1, cutoff=0.6)
    if close:
        suggestion = str(Path(reference.file).parent / stems[close[0]]).replace(os.sep, "/")
        suggestion = suggestion.removeprefix("./")
        return f"did you mean '{suggestion}'?"
    return "write the path of the plan file relative to this plan's folder"


def _stem(name: str) -> str:
    """A file name without its plan suffix: what a suggestion compares."""
    lowered = name.lower()
    for suffix in (".plan.yaml", ".plan.yml", ".yaml", ".yml"):
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _id_hint(reference: Reference, other: OtherPlan) -> str:
    ids = list(other.nodes)
    same = [ident for ident in ids if ident.casefold() == reference.ident.casefold()]
    close = same or difflib.get_close_matches(reference.ident, ids, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not ids:
        return f"'{reference.file}' gives none of its goals or objectives an id yet"
    listed = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")
    return f"its ids are {listed}"


def _circle(start: Path, ident: str, itself: Path, own: str, root: Path | None) -> list[str] | None:
    """The references that lead from ``start#ident`` back to this node, if any do."""
    pending: list[tuple[Path, str, list[str]]] = [(start, ident, [])]
    seen: set[tuple[Path, str]] = set()
    while pending and len(seen) < MAX_FOLLOWED:
        path, current, trail = pending.pop()
        if (path, current) in seen:
            continue
        seen.add((path, current))
        info = _node(path, current)
        if info is None:
            continue
        for text, reference, target in followed(info.aligns_to, path.parent, root):
            chain = [*trail, text]
            if target == itself and reference.ident == own:
                return chain
            pending.append((target, reference.ident, chain))
    return None


def _node(path: Path, ident: str) -> NodeInfo | None:
    other = read_plan(path)
    return other.nodes.get(ident) if not other.problem else None


def plan_ids(path: Path) -> Mapping[str, NodeInfo]:
    """The ids of the plan at ``path`` (resolved), for layouts that match references."""
    return read_plan(path).nodes
