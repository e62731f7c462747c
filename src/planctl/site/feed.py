"""The Atom feed of a site: every dated update of every step, newest first.

An update whose date planctl cannot read as a day is left out (a feed entry
needs a time). Entry ids are made from the plan's page, the step and the
update's place, so they stay the same from one build to the next; links are
relative to the feed, or absolute under ``--base-url``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from planctl.site.build import SiteBuilder

LIMIT = 200
"""The newest updates the feed carries."""


def atom(builder: SiteBuilder) -> bytes:
    """The feed of the builder's plans, as UTF-8 XML."""
    settings = builder.settings
    labels = settings.labels
    base = settings.base_url
    entries = []
    for plan in builder.plans:
        for number, update in enumerate(plan.updates, 1):
            if update["day"]:
                entries.append((update["day"], plan.slug, number, plan, update))
    entries.sort(key=lambda item: (item[0], item[1], -item[2]), reverse=True)
    entries = entries[:LIMIT]
    newest = entries[0][0] if entries else (settings.commit.day or settings.as_of.isoformat())
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(labels["lang"])}>',
        f"<title>{escape(settings.title or labels['feed_title'])}</title>",
        f"<id>{escape(_id(base, 'feed.xml'))}</id>",
        f"<updated>{newest}T00:00:00Z</updated>",
        f'<link rel="alternate" href={quoteattr(base + "changes.html")}/>',
        f"<generator>planctl {escape(settings.version)}</generator>",
    ]
    if base:
        lines.append(f'<link rel="self" href={quoteattr(base + "feed.xml")}/>')
    for day, _, number, plan, update in entries:
        link = f"{plan.href}#{update['anchor']}" if update["anchor"] else plan.href
        title = f"{plan.view['title']} › {update['step_label']}: {update['step_action']}"
        key = f"{plan.href}#{update['anchor']}/{number}"
        author = update["by"] or plan.view["organization"] or plan.view["title"]
        summary = " · ".join(
            filter(None, [update["date"], update["status"], update["note"], update["by"]])
        )
        lines.extend(
            [
                "<entry>",
                f"<title>{escape(title)}</title>",
                f"<id>{escape(_id(base, key))}</id>",
                f"<updated>{day}T00:00:00Z</updated>",
                f"<link href={quoteattr(base + link)}/>",
                f"<author><name>{escape(author)}</name></author>",
                f"<summary>{escape(summary)}</summary>",
                "</entry>",
            ]
        )
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _id(base: str, path: str) -> str:
    """A lasting id: the page's address under ``base``, else a ``urn`` of the path."""
    return base + path if base else f"urn:planctl-site:{path}"
