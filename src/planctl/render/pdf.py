"""PDF: the HTML packet printed by WeasyPrint (an optional extra).

WeasyPrint is imported only here, only when ``--to pdf`` is asked for; when
it is missing the user is told what to install. It is given a URL fetcher
that refuses everything, so rendering never touches the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _no_fetch(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    raise ValueError(f"planctl does not fetch resources while rendering ({url})")


def render(packet: dict[str, Any], layout: str, layouts_dir: Path | None) -> bytes:
    """The packet as PDF bytes, laid out by the HTML layout of the same name."""
    from planctl.render import PdfUnavailable, html

    page = html.render(packet, layout, layouts_dir).decode("utf-8")
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            "PDF output needs WeasyPrint: pip install 'planctl[pdf]' "
            f"(and the Pango library it uses); {type(error).__name__}: {error}"
        ) from None
    document = weasyprint.HTML(string=page, url_fetcher=_no_fetch, base_url=".")
    data: bytes = document.write_pdf()
    return data
