"""The alignment page: a district plan's goals and objectives, and the plans supporting them.

While the site's plans are read, :func:`aligned_to` notes which other plans
of the site each one names in ``aligns_to``. Afterwards, for each plan named
so (the district's), :func:`alignment_data` reads it and the plans that
align to it again and matches their references with the packet's
:func:`planctl.render.alignment.alignment_view`, then turns the result into
links between the site's pages. Only the plans of one alignment are held at
once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from planctl.checking import check_file
from planctl.config import Settings
from planctl.model.build import PlanDoc
from planctl.model.references import followed
from planctl.paths import repository_root
from planctl.render.alignment import alignment_view
from planctl.render.view import plan_view
from planctl.site.plans import stable_anchors


@dataclass(frozen=True)
class SitePlanFile:
    """A plan of the site: its file, as shown, its place and its page."""

    path: Path
    display: str
    index: int
    page: str


def aligned_to(doc: PlanDoc, path: Path) -> set[Path]:
    """The plan files ``doc`` (read from ``path``) names in its ``aligns_to`` references."""
    root = repository_root(path.parent)
    found: set[Path] = set()
    for node in doc.nodes():
        fields = node.fields
        if fields is None or not fields.aligns_to:
            continue
        for _, _, target in followed(fields.aligns_to, path.parent, root):
            found.add(target.resolve())
    return found


def alignment_data(
    district: SitePlanFile,
    supporters: Sequence[SitePlanFile],
    settings: Settings,
    as_of: date,
) -> dict[str, Any] | None:
    """The district plan's nodes, each with the site's plans supporting it; None if unreadable."""
    files = [district, *supporters]
    docs: list[PlanDoc] = []
    try:
        for item in files:
            doc = check_file(item.path, item.display, settings).doc
            if doc is None:
                return None
            docs.append(doc)
        views = [
            plan_view(doc, item.index, 0, as_of) for doc, item in zip(docs, files, strict=True)
        ]
        stable_anchors(views[0])
        view = alignment_view(
            [(item.path, doc) for item, doc in zip(files, docs, strict=True)], views
        )
    finally:
        for doc in docs:
            doc.dispose()
    pages = {views[number]["anchor"]: item.page for number, item in enumerate(files)}
    return _linked(view, district.page, pages)


def _linked(view: Mapping[str, Any], page: str, pages: Mapping[str, str]) -> dict[str, Any]:
    """The alignment with a link to each district node and to each supporting plan's page."""
    nodes = []
    for node in view["nodes"]:
        anchor = str(node["anchor"]).removeprefix("alignment-")
        nodes.append(
            node
            | {
                "href": f"{page}#{anchor}",
                "supporters": [
                    supporter | {"href": pages.get(str(supporter["plan_anchor"]), "")}
                    for supporter in node["supporters"]
                ],
            }
        )
    district = view["district"]
    return {
        "title": district["title"],
        "organization": district["organization"],
        "period": district["period"],
        "href": page,
        "nodes": nodes,
        "totals": view["totals"],
        "unmatched": view["unmatched"],
    }
