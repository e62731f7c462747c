"""PDF: the HTML packet printed by WeasyPrint (an optional extra).

WeasyPrint is imported only here, only when ``--to pdf`` is asked for; when
it is missing the user is told what to install.

What a layout's page refers to (``<img>``, ``<link rel=stylesheet>``, CSS
``@import`` and ``url()``, fonts) is fetched through :class:`LayoutFiles`, and
nothing else is: it serves the files inside the district's layouts folder
(``--layouts``), by their real paths, so no symbolic link leads out of it, and
``data:`` URLs; it refuses everything else, the network above all. Relative
references are read from the layout file's own folder, so
``<img src="logo.png">`` in ``LAYOUTS/html/table.html.j2`` is
``LAYOUTS/html/logo.png``. Each refused resource is a warning on stderr naming
it, and the PDF is made without it; so is a resource WeasyPrint could not use.

The PDF is PDF/UA-1 (ISO 14289-1): tagged, with the packet's language and
title, bookmarks from the headings and the page's reading order. WeasyPrint
tags it (its ``pdf/ua-1`` variant); :func:`finish_tags` then mends what that
tagging leaves short of the standard: header cells get their scope, links a
description in words, and a list holds only list items.

WeasyPrint 68 made URL fetchers objects (a ``URLFetcher`` subclass) and
version 70 no longer takes a function; before 68 a fetcher is a function
returning a dict. :func:`url_fetcher` gives each version the kind it expects.
"""

from __future__ import annotations

import functools
import html as entities
import logging
import mimetypes
import os
import re
import stat
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit
from urllib.request import DataHandler, Request, url2pathname

from planctl.render import PdfUnavailable, html
from planctl.render.environment import layout_file, make_environment, outside, render_layout

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF for assistive technology, as ISO 14289-1 (PDF/UA-1) asks."""


_TAGGING_PROBLEMS = ("has no required alt description", 'Missing required "lang"')
"""What WeasyPrint logs when a layout leaves out what a tagged PDF must say."""


class ResourceRefused(ValueError):
    """A resource a layout refers to that planctl will not fetch; the message says why."""


@dataclass
class LayoutFiles:
    """The files a PDF layout may use: those inside ``user_dir``, by real path."""

    user_dir: Path | None
    refused: dict[str, str] = field(default_factory=dict)
    """Each refused resource (as WeasyPrint asked for it) and why."""

    def get(self, url: str) -> tuple[bytes, str | None]:
        """The bytes and MIME type of ``url``; :class:`ResourceRefused` when it may not be read."""
        try:
            return self._get(url)
        except ResourceRefused as error:
            self.refused.setdefault(url, str(error))
            raise

    def _get(self, url: str) -> tuple[bytes, str | None]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":  # inline in the page: nothing is fetched
            with DataHandler().data_open(Request(url)) as response:
                data: bytes = response.read()
                return data, response.headers.get_content_type()
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ResourceRefused(
                "planctl fetches nothing from the network; put the file in the layouts folder"
            )
        if self.user_dir is None:
            raise ResourceRefused(
                "a layout may use only files in a district's layouts folder (--layouts)"
            )
        path = Path(url2pathname(parts.path))
        real = outside(path, [os.path.realpath(self.user_dir)])
        if real is not None:
            leads = f" (it leads to {real})" if str(path) != real else ""
            raise ResourceRefused(
                f"it is outside the layouts folder {self.user_dir}{leads}; "
                "a layout may use only the files inside it"
            )
        real_path = Path(os.path.realpath(path))
        try:
            if not stat.S_ISREG(real_path.stat().st_mode):  # a folder, a pipe
                raise ResourceRefused("it is not a file")
            data = real_path.read_bytes()
        except OSError as error:
            raise ResourceRefused(f"it cannot be read: {error.strerror or error}") from None
        return data, mimetypes.guess_type(real_path.name)[0]


def url_fetcher(files: LayoutFiles, weasyprint: ModuleType) -> Any:
    """A WeasyPrint URL fetcher serving ``files``, of the kind this WeasyPrint expects."""
    urls = weasyprint.urls
    if not hasattr(urls, "URLFetcher"):
        return function_fetcher(files)

    class Fetcher(urls.URLFetcher):  # type: ignore[misc,name-defined]
        """WeasyPrint's fetcher with every way out replaced by :class:`LayoutFiles`."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            data, mime_type = files.get(url)
            return urls.URLFetcherResponse(
                url, data, {"Content-Type": mime_type} if mime_type else None
            )

    # Errors are warnings and the rendering goes on (WeasyPrint's default, said again).
    return Fetcher(fail_on_errors=False)


def function_fetcher(files: LayoutFiles) -> Any:
    """The fetcher WeasyPrint before 68 takes: a function returning a dict."""

    def fetch(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
        data, mime_type = files.get(url)
        return {"string": data, "mime_type": mime_type, "redirected_url": url}

    return fetch


def render(packet: dict[str, Any], layout: str, layouts_dir: Path | None) -> bytes:
    """The packet as PDF bytes, laid out by the HTML layout of the same name."""
    environment = make_environment("html", layouts_dir, filters=html.FILTERS)
    page = render_layout(environment, layout, "html", {"packet": packet})
    source = layout_file(environment, layout, "html")
    weasyprint = load_weasyprint()
    files = LayoutFiles(layouts_dir)
    base = source.resolve().parent if source is not None else layouts_dir or Path()
    with _weasyprint_errors() as problems:
        document = weasyprint.HTML(
            string=page,
            url_fetcher=url_fetcher(files, weasyprint),
            base_url=base.resolve().as_uri() + "/",
        )
        finisher = functools.partial(finish_tags, charts=chart_words(page))
        data: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=finisher)
    for url, reason in files.refused.items():
        _warn(f"the PDF is made without {_shown(url)}: {reason}")
    for problem in problems:
        if any(sign in problem for sign in _TAGGING_PROBLEMS):
            _warn(
                f"the PDF is not accessible as laid out: {problem}; "
                'give the layout\'s <html> a lang and each <img> an alt="..."'
            )
        elif not any(url in problem for url in files.refused):
            _warn(f"the PDF is made without a resource: {problem}")
    return data


_CHART = re.compile(
    r'<svg [^>]*class="measure-chart"[^>]*><title>([^<]*)</title><desc>([^<]*)</desc>'
)


def chart_words(page: str) -> dict[str, str]:
    """Each measure chart of the HTML ``page``: its title, and its description in words."""
    return {
        entities.unescape(title): entities.unescape(description)
        for title, description in _CHART.findall(page)
    }


def finish_tags(document: Any, pdf: Any, charts: dict[str, str] | None = None) -> None:
    """Mend WeasyPrint's structure tree of ``pdf`` (a ``pydyf.PDF``) before it is written.

    - a chart's alternate text is its title and the description stating its
      figures (``charts``, by title): WeasyPrint gives a figure its title alone,
      which tells a reader there is a chart but not what it shows;
    - each link's annotation is described by the link's words (WeasyPrint
      writes its target, ``#goal-1``, which a screen reader would spell out);
    - each table header cell has a scope: ``Row`` beside data cells or heading
      a group of rows in the body, else ``Column`` (as the HTML layouts' ``scope``
      attributes say);
    - a list holds only list items: a ``<div>`` grouping a term with its
      definition gives its items to the list, and the space between two
      items drawn side by side joins the item before it.
    """
    import pydyf  # deferred: start-up (WeasyPrint's own PDF writer, loaded with it)

    for page in document.pages:
        for link in page.links:
            box = link[-1]
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None:
                continue
            words = " ".join("".join(element.itertext()).split())
            if words:
                annotation["Contents"] = pydyf.String(words)
    tree = _Tree(pdf)
    for node in list(tree.nodes()):
        if node.get("S") == "/TH":
            tree.scope_header(node)
        elif node.get("S") == "/Figure" and charts:
            title = str(getattr(node.get("Alt"), "string", ""))
            if title in charts:
                node["Alt"] = pydyf.String(f"{title}. {charts[title]}")
        elif node.get("S") == "/L":
            tree.only_items(node, pydyf)


class _Tree:
    """The structure elements of a ``pydyf.PDF`` being written, by their references."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.objects: list[Any] = pdf.objects

    def nodes(self) -> Iterator[Any]:
        for item in self.objects:
            if isinstance(item, dict) and item.get("Type") == "/StructElem":
                yield item

    def get(self, reference: Any) -> Any:
        if isinstance(reference, int):  # a marked-content id, not an element
            return None
        number = int(bytes(reference).split()[0])
        return self.objects[number]

    def kids(self, node: Any) -> list[Any]:
        return [self.get(kid) for kid in node.get("K", ())]

    def scope_header(self, cell: Any) -> None:
        row = self.get(cell.get("P"))
        if row is None or row.get("S") != "/TR":
            return
        beside_data = any(kid is not None and kid.get("S") == "/TD" for kid in self.kids(row))
        group = self.get(row.get("P"))
        # A row of headers alone in the body heads the rows under it (a timeline's objective).
        in_body = group is not None and group.get("S") == "/TBody"
        cell.setdefault("A", {})["Scope"] = "/Row" if beside_data or in_body else "/Column"

    def only_items(self, node: Any, pydyf: Any) -> None:
        kept: list[Any] = []
        strays: list[tuple[int, Any]] = []  # (how many items came before, element)
        for reference in self._flattened(node):
            kid = self.get(reference)
            if kid is not None and kid.get("S") in ("/LI", "/L", "/Caption"):
                kid["P"] = node.reference
                kept.append(reference)
            else:
                strays.append((sum(1 for k in kept if self.get(k)["S"] == "/LI"), reference))
        items = [k for k in kept if self.get(k)["S"] == "/LI"]
        for before, reference in strays:
            if not items:  # nothing to join: the stray becomes an item of its own
                item = self._new(pydyf, "LI", node, [])
                kept.append(item.reference)
                items.append(item.reference)
            host = self.get(items[max(before - 1, 0)])
            body = next((k for k in self.kids(host) if k is not None and k["S"] == "/LBody"), None)
            if body is None:
                body = self._new(pydyf, "LBody", host, [])
                host["K"].append(body.reference)
            if isinstance(reference, int):
                body["K"].append(reference)
            else:
                self.get(reference)["P"] = body.reference
                body["K"].append(reference)
        node["K"] = pydyf.Array(kept)

    def _flattened(self, node: Any) -> Iterator[Any]:
        """The kids of ``node``, with those of a grouping element (a div) in its place."""
        for reference in node.get("K", ()):
            kid = self.get(reference)
            if (
                kid is not None
                and kid.get("S") in ("/Div", "/NonStruct")
                and not any(isinstance(k, int) for k in kid.get("K", ()))
            ):
                yield from self._flattened(kid)
            else:
                yield reference

    def _new(self, pydyf: Any, kind: str, parent: Any, kids: list[Any]) -> Any:
        element = pydyf.Dictionary(
            {"Type": "/StructElem", "S": f"/{kind}", "K": pydyf.Array(kids), "P": parent.reference}
        )
        if "Pg" in parent:
            element["Pg"] = parent["Pg"]
        self.pdf.add_object(element)
        return element


def load_weasyprint() -> ModuleType:
    """WeasyPrint, or :class:`~planctl.render.PdfUnavailable` saying what to install."""
    try:
        with warnings.catch_warnings():
            # Its notices about what its future versions will need are not the user's concern.
            warnings.simplefilter("ignore", DeprecationWarning)
            import weasyprint  # deferred: start-up (WeasyPrint and Pango load only for PDF)
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            "PDF output needs WeasyPrint: pip install 'planctl-schools[pdf]' "
            f"(and the Pango library it uses); {type(error).__name__}: {error}"
        ) from None
    module: ModuleType = weasyprint  # untyped: the annotation is ours
    return module


@contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    """The errors WeasyPrint logs meanwhile (a resource it could not load or use)."""
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage().splitlines()[0])

    handler = Collect(logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def _shown(url: str) -> str:
    """A resource as the user wrote it, near enough: a file's path, else the URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return url2pathname(parts.path)
    return url if len(url) <= 100 else url[:97] + "..."


def _warn(text: str) -> None:
    sys.stderr.write(f"planctl: warning: {text}\n")
