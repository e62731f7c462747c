"""PDF packets from a district's HTML layout: its images and style sheets (planctl.render.pdf).

What a layout may not fetch (the network, files outside its folder) is in
``tests/test_hostile_layouts.py``; here is what it may.
"""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from planctl.render import PdfUnavailable, RenderOptions, render_packet
from planctl.render.pdf import LayoutFiles, ResourceRefused, function_fetcher, url_fetcher

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "district-pl-plan.plan.yaml"
A5 = b"/MediaBox [0 0 419.527559 595.275591]"


def png(width: int = 4, height: int = 2) -> bytes:
    """A small red PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf_text(data: bytes) -> bytes:
    """A PDF's bytes with each of its deflated streams inflated after them."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # not deflated (or not whole): its bytes are in data already
    return b"\n".join(parts)


def images_in(data: bytes) -> int:
    """How many images a PDF holds."""
    return len(re.findall(rb"/Subtype ?/Image\b", pdf_text(data)))


def _weasyprint_missing() -> str:
    from planctl.render.pdf import load_weasyprint

    try:
        load_weasyprint()
    except PdfUnavailable as error:
        return str(error)
    return ""


needs_weasyprint = pytest.mark.skipif(
    bool(_weasyprint_missing()), reason=_weasyprint_missing() or "WeasyPrint works"
)


def render_pdf(root: Path, layout: str) -> bytes:
    """The demo plan as a PDF through ``layout`` of the folder ``root/layouts``."""
    plan = root / "plan.plan.yaml"
    if not plan.exists():
        shutil.copy(DEMO, plan)
    options = RenderOptions(to="pdf", layout=layout, layouts_dir=root / "layouts")
    return render_packet([(plan, plan.name)], options)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder to render in (the current one), for plan and layouts."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_layout(root: Path, name: str, body: str) -> Path:
    """``root/layouts/html/NAME.html.j2`` holding a page with ``body``."""
    folder = root / "layouts" / "html"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.html.j2"
    path.write_text(
        f'<html lang="en"><head>{body}</head><body><h1>{{{{ packet.title }}}}</h1></body></html>\n',
        encoding="utf-8",
    )
    return folder


@needs_weasyprint
def test_an_image_in_the_layouts_folder_is_in_the_pdf(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_layout(
        root, "letterhead", '<img src="logo.png" alt="Logo"><img src="art/seal.png" alt="Seal">'
    )
    (folder / "logo.png").write_bytes(png())
    (folder / "art").mkdir()
    (folder / "art" / "seal.png").write_bytes(png(3, 3))
    data = render_pdf(root, "letterhead")
    assert data.startswith(b"%PDF-")
    assert images_in(data) == 2
    assert capsys.readouterr().err == ""


@needs_weasyprint
def test_an_image_without_alt_text_is_named_in_a_warning(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_layout(root, "letterhead", '<img src="logo.png">')
    (folder / "logo.png").write_bytes(png())
    assert images_in(render_pdf(root, "letterhead")) == 1
    err = capsys.readouterr().err
    assert err.startswith("planctl: warning: the PDF is not accessible as laid out: ")
    assert "logo.png" in err and 'alt="..."' in err and "without a resource" not in err


@needs_weasyprint
def test_a_missing_image_is_named_in_a_warning(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_layout(root, "letterhead", '<img src="logo.png">')
    data = render_pdf(root, "letterhead")
    assert images_in(data) == 0
    err = capsys.readouterr().err
    assert "planctl: warning: the PDF is made without" in err
    assert "logo.png" in err
    assert "cannot be read" in err


@needs_weasyprint
def test_style_sheets_and_their_imports_come_from_the_layouts_folder(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_layout(root, "small", '<link rel="stylesheet" href="print.css">')
    (folder / "print.css").write_text('@import "page.css";\n', encoding="utf-8")
    (folder / "page.css").write_text("@page { size: A5 }\n", encoding="utf-8")
    assert A5 in pdf_text(render_pdf(root, "small"))
    assert capsys.readouterr().err == ""


@needs_weasyprint
def test_a_link_that_stays_inside_the_folder_is_followed(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_layout(root, "letterhead", '<img src="current-logo.png" alt="Logo">')
    (folder / "logo-2026.png").write_bytes(png())
    try:
        (folder / "current-logo.png").symlink_to("logo-2026.png")
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    assert images_in(render_pdf(root, "letterhead")) == 1
    assert capsys.readouterr().err == ""


@needs_weasyprint
def test_an_inline_image_needs_no_file(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import base64

    inline = "data:image/png;base64," + base64.b64encode(png()).decode("ascii")
    write_layout(root, "inline", f'<img src="{inline}" alt="A red box">')
    assert images_in(render_pdf(root, "inline")) == 1
    assert capsys.readouterr().err == ""


@needs_weasyprint
def test_the_fetcher_is_the_kind_the_installed_weasyprint_takes(tmp_path: Path) -> None:
    from planctl.render.pdf import load_weasyprint

    weasyprint = load_weasyprint()
    fetcher = url_fetcher(LayoutFiles(tmp_path), weasyprint)
    if hasattr(weasyprint.urls, "URLFetcher"):  # 68 and later
        assert isinstance(fetcher, weasyprint.urls.URLFetcher)
        (tmp_path / "a.css").write_text("p {}", encoding="utf-8")
        response = fetcher.fetch((tmp_path / "a.css").as_uri())
        assert response.read() == b"p {}"
        assert response.content_type == "text/css"
    else:
        assert callable(fetcher)


def test_the_function_fetcher_of_older_weasyprint(tmp_path: Path) -> None:
    """WeasyPrint before 68 calls a function and reads a dict."""
    (tmp_path / "logo.png").write_bytes(png())
    files = LayoutFiles(tmp_path)
    fetch = function_fetcher(files)
    url = (tmp_path / "logo.png").as_uri()
    assert fetch(url) == {"string": png(), "mime_type": "image/png", "redirected_url": url}
    with pytest.raises(ResourceRefused, match="nothing from the network"):
        fetch("https://example.org/logo.png")
    assert list(files.refused) == ["https://example.org/logo.png"]
