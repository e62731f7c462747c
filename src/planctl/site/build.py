"""The pages of a site, written into a folder: index, filters, plans, scorecard, search, feed.

:class:`SiteBuilder` takes plans one at a time (:meth:`SiteBuilder.add`
writes the plan's page at once and keeps only what the pages across plans
need), then :meth:`SiteBuilder.finish` writes those pages, the search
index, the Atom feed, the sitemap and the assets.

Every link is relative (``plans/x.html``, ``../index.html``), so the site
works from a folder opened in a browser and under any sub-path of a web
server; ``base_url`` adds canonical links and a sitemap only. Nothing is
fetched: the style sheet and the two small scripts are the site's own files.
Pages are rendered by the layouts in ``templates/site/`` with Jinja's
autoescaping on; plan text is always escaped text. Output depends only on
the plans, the settings and the commit: lists are sorted, and the only dates
are the plans' and the commit's.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import jinja2
from markupsafe import Markup

from planctl.render.html import FILTERS, badge, status_class
from planctl.resources import layouts_dir
from planctl.site.plans import STANDINGS, SitePlan, slug, unique
from planctl.site.source import Commit

ASSETS = ("site.css", "search.js", "filter.js")
"""The site's own files, copied as they are from ``templates/site/``."""
MARKER = ".planctl-site"
"""The file that marks a folder as made by ``planctl site`` (it may be replaced)."""
FILTER_KINDS = (("school", "schools"), ("goal-area", "goal_areas"), ("owner", "owners"))
"""Each filter's name in page names and the :class:`SitePlan` attribute it groups by."""


@dataclass(frozen=True)
class SiteSettings:
    """What every page shares: words, commit, the as-of day, the canonical base."""

    labels: Mapping[str, str]
    commit: Commit
    as_of: date
    version: str
    base_url: str = ""
    title: str = ""


def environment() -> jinja2.Environment:
    """The Jinja environment of the site's layouts (the HTML packet's filters included)."""
    folder = layouts_dir()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder / "site"), str(folder / "html")]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.filters["standing_label"] = _standing_label
    env.filters["status_badge"] = _status_badge
    return env


def _status_badge(text: str, labels: Mapping[str, str], key: str = "") -> Markup:
    """A status as a badge in the site's words (``Terminado``), else as the plan writes it."""
    found = key or status_class(text)
    return badge(labels.get("status_" + found.replace("-", "_"), text), found)


def _standing_label(key: str, labels: Mapping[str, str]) -> str:
    return labels.get("standing_" + key.replace("-", "_"), key)


@dataclass
class _Group:
    """A filter's value (one school, goal area or owner) and the plans it holds."""

    name: str
    page: str
    plans: list[str] = field(default_factory=list)


class SiteBuilder:
    """Writes a site into ``folder`` (which exists and is empty), plan by plan."""

    def __init__(self, folder: Path, settings: SiteSettings) -> None:
        self.folder = folder
        self.settings = settings
        self.env = environment()
        self.plans: list[SitePlan] = []
        self.pages: list[str] = []
        # What the pages across plans list of every plan's steps and measures waits in
        # files, not in memory: a site of many plans holds one plan's model at a time.
        # Both are closed by close() (the builder is a context manager).
        self.search: IO[str] = _spool()
        self.scorecard: IO[str] = _spool()
        self.names: set[str] = set()

    def __enter__(self) -> SiteBuilder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the files the pages across plans wait in (a refused site never needs them)."""
        self.search.close()
        self.scorecard.close()

    def page_name(self, source: str) -> str:
        """A unique page name for the plan file ``source`` (its name without ``.plan.yaml``)."""
        stem = Path(source).name
        for suffix in (".plan.yaml", ".plan.yml", ".yaml", ".yml"):
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        return unique(slug(stem), self.names)

    # ------------------------------------------------------------------ pages

    def _context(self, path: str) -> dict[str, Any]:
        depth = path.count("/")
        settings = self.settings
        return {
            "labels": settings.labels,
            "lang": settings.labels.get("lang", "en"),
            "root": "../" * depth,
            "path": path,
            "canonical": f"{settings.base_url}{path}" if settings.base_url else "",
            "commit": settings.commit.as_dict(),
            "as_of": settings.as_of.isoformat(),
            "version": settings.version,
            "site_title": settings.title or settings.labels["site_title"],
            "standings": STANDINGS,
        }

    def _write(self, path: str, layout: str, **context: Any) -> None:
        """Render ``layout`` into the page ``path``, as it is made (a page may be large)."""
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        template = self.env.get_template(layout)
        with target.open("w", encoding="utf-8", newline="\n") as stream:
            stream.writelines(template.generate(**self._context(path), **context))
        self.pages.append(path)

    def _write_bytes(self, path: str, data: bytes) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def add(self, plan: SitePlan) -> None:
        """Write ``plan``'s page and its part of the scorecard and search; keep its figures."""
        self._write(plan.href, "plan.html.j2", plan=plan, view=plan.view)
        self._index_for_search(plan)
        section = self.env.get_template("_scorecard_plan.html.j2").render(
            **self._context("scorecard.html"), plan=plan
        )
        self.scorecard.write(section)
        # The index needs only the figures, not every step: memory follows the largest plan.
        view = plan.view
        plan.view = {
            key: view[key]
            for key in ("anchor", "title", "organization", "period", "status", "adopted", "lang")
        }
        self.plans.append(plan)

    def _spooled(self, spool: IO[str]) -> Iterator[str]:
        """What ``spool`` holds, from its start, in pieces."""
        spool.seek(0)
        while piece := spool.read(1 << 16):
            yield piece

    def _entries(self) -> Iterator[dict[str, str]]:
        """The search index's entries, one at a time, from its spool."""
        self.search.seek(0)
        for line in self.search:
            entry: dict[str, str] = json.loads(line)
            yield entry

    def _add_entry(self, entry: Mapping[str, str]) -> None:
        self.search.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")

    def _index_for_search(self, plan: SitePlan) -> None:
        view = plan.view
        title = str(view["title"])
        href = plan.href
        add = self._add_entry
        add({"k": "plan", "t": title, "c": str(view["organization"]), "u": href})
        pending = list(view["goals"])
        while pending:
            node = pending.pop(0)
            add(
                {
                    "k": "goal",
                    "t": f"{node['label']}: {node['title']}" if node["title"] else node["label"],
                    "c": title,
                    "u": f"{href}#{node['anchor']}",
                }
            )
            for step in node["steps"]:
                fields = step["fields"]
                words = " ".join(
                    fields[name]
                    for name in ("description", "outcome", "comments", "owners", "measure")
                    if fields[name]
                )
                add(
                    {
                        "k": "step",
                        "t": f"{step['label']}: {fields['action']}",
                        "c": f"{title} › {step['trail']}",
                        "w": words,
                        "u": f"{href}#{step['anchor']}",
                    }
                )
            pending[0:0] = node["children"]
        for group in view["scorecard"]["groups"]:
            for row in group["rows"]:
                add(
                    {
                        "k": "measure",
                        "t": str(row["name"]),
                        "c": f"{title} › {row['for']}",
                        "u": f"scorecard.html#{plan.slug}-{row['anchor']}",
                    }
                )

    def finish(
        self,
        *,
        changes: Sequence[Mapping[str, Any]] | None,
        since: str,
        feed: Callable[[SiteBuilder], bytes],
        alignments: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """Write the pages across plans, the search index, the feed, sitemap and assets.

        ``alignments`` are the district plans the others align to, each with its
        supporters (:func:`planctl.site.alignment.alignment_data`); with none,
        there is no alignment page.
        """
        plans = self.plans
        groups = self._groups()
        self._write(
            "index.html",
            "index.html.j2",
            plans=plans,
            groups=groups,
            group=None,
            aligned=bool(alignments),
        )
        for kind, values in groups.items():
            for value in values:
                chosen = [plan for plan in plans if plan.slug in value.plans]
                self._write(
                    value.page,
                    "index.html.j2",
                    plans=chosen,
                    groups=groups,
                    group={"kind": kind, "name": value.name},
                    aligned=False,
                )
        sections = (Markup(piece) for piece in self._spooled(self.scorecard))
        self._write("scorecard.html", "scorecard.html.j2", sections=sections)
        if alignments:
            self._write("alignment.html", "alignment.html.j2", alignments=alignments)
        self._write("changes.html", "changes.html.j2", changes=changes, since=since)
        self.scorecard.close()
        self.search.seek(0, 2)
        for value in groups["owner"]:
            self._add_entry({"k": "owner", "t": value.name, "c": "", "u": value.page})
        self._write("search.html", "search.html.j2")
        self._write("all.html", "all.html.j2", entries=self._entries())
        self._write_index()
        self.search.close()
        self._write_bytes("feed.xml", feed(self))
        for asset in ASSETS:
            source = layouts_dir() / "site" / asset
            self._write_bytes(f"assets/{asset}", source.read_bytes())
        if self.settings.base_url:
            self._write_bytes("sitemap.xml", self._sitemap())
        self._write_bytes(MARKER, b"made by planctl site; planctl site may replace this folder\n")

    def _write_index(self) -> None:
        """The search index as JSON, and as a script the search page loads (also from a folder)."""
        (self.folder / "assets").mkdir(parents=True, exist_ok=True)
        with (
            (self.folder / "search-index.json").open("w", encoding="utf-8") as data,
            (self.folder / "assets" / "search-index.js").open("w", encoding="ascii") as script,
        ):
            data.write("[")
            script.write("window.planctlSearch=[")
            for number, entry in enumerate(self._entries()):
                comma = "," if number else ""
                data.write(comma + json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
                script.write(comma + json.dumps(entry, ensure_ascii=True, separators=(",", ":")))
            data.write("]")
            script.write("];\n")

    def _groups(self) -> dict[str, list[_Group]]:
        """Each filter's values, sorted, each with its page and the plans it holds."""
        groups: dict[str, list[_Group]] = {}
        for kind, attribute in FILTER_KINDS:
            found: dict[str, _Group] = {}
            taken: set[str] = set()
            names = sorted(
                {name for plan in self.plans for name in getattr(plan, attribute)},
                key=lambda name: (name.casefold(), name),
            )
            for name in names:
                page = f"filters/{kind}-{unique(slug(name), taken)}.html"
                found[name] = _Group(name, page)
            for plan in self.plans:
                for name in getattr(plan, attribute):
                    found[name].plans.append(plan.slug)
            groups[kind] = list(found.values())
        return groups

    def _sitemap(self) -> bytes:
        base = self.settings.base_url
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        lines.extend(f"<url><loc>{_xml(base + path)}</loc></url>" for path in sorted(self.pages))
        lines.append("</urlset>")
        return ("\n".join(lines) + "\n").encode("utf-8")


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _spool() -> IO[str]:
    """A temporary file, gone when closed."""
    return tempfile.TemporaryFile("w+", encoding="utf-8")


def remove_folder(folder: Path) -> None:
    """Remove a folder this build made (a temporary one), ignoring what is already gone."""
    shutil.rmtree(folder, ignore_errors=True)
