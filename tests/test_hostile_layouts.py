"""Hostile district layouts: a ``--layouts`` folder comes from a pull request and CI renders it.

The promises (``planctl.render.environment`` and ``planctl.render.pdf``):

- a layout reads no file outside its layouts folder: not as a layout file
  that is a symbolic link, not through an include of a linked folder, not as
  a Word layout, not as an image or style sheet of a PDF; the render stops
  with the layout file (and line) named, and no byte of the file it pointed
  at reaches any output;
- a PDF layout fetches nothing from the network and nothing outside its
  folder: the PDF is made without it, and a warning names it;
- a layout's work is bounded: time, output, text and list sizes, numbers,
  ranges and memory, each overrun an error (exit 2) naming the layout file,
  the line and the limit.
"""

from __future__ import annotations

import io
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest

from planctl import resources
from planctl.render import RenderOptions, render_packet
from planctl.render import environment as layout_environment
from planctl.render.environment import LIMITS, LayoutError, Limits
from tests.render.test_pdf import images_in, needs_weasyprint, pdf_text, png
from tests.test_hostile import DEMO, LINUX, TIMEOUT, Run, needs_symlinks, planctl

SECRET = "planctl-hostile-secret-7f3a9c"
"""What the file outside the layouts folder holds; it must never appear in any output."""

FORMATS = ("md", "html", "docx", "pdf")
# Where each output format's layouts live, and what their files end with.
LAYOUT_FOLDER = {"md": "md", "html": "html", "docx": "docx", "pdf": "html"}
LAYOUT_SUFFIX = {"md": ".md.j2", "html": ".html.j2", "docx": ".docx", "pdf": ".html.j2"}


# --------------------------------------------------------------------------
# Helpers


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A plan repository with an empty layouts folder for each format, and a secret outside it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    needs_symlinks(root)
    shutil.copy(DEMO, root / "plan.plan.yaml")
    for folder in ("md", "html", "docx"):
        (root / "layouts" / folder).mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    word = docx.Document()
    word.add_paragraph(SECRET)
    word.save(str(outside / "secret.docx"))
    (outside / "secret.png").write_bytes(png())
    return root


def outside(root: Path) -> Path:
    """The folder next to the repository holding the secret files."""
    return root.parent / "outside"


def word_layout(path: Path, *paragraphs: str) -> None:
    """A Word layout of ``paragraphs`` at ``path``."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def layout_path(root: Path, fmt: str, name: str) -> Path:
    return root / "layouts" / LAYOUT_FOLDER[fmt] / f"{name}{LAYOUT_SUFFIX[fmt]}"


def write_layout(root: Path, fmt: str, name: str, *lines: str) -> Path:
    """A layout ``name`` for ``fmt`` of ``lines`` (a Word layout: one paragraph each)."""
    path = layout_path(root, fmt, name)
    if fmt == "docx":
        word_layout(path, *lines)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def readable(data: bytes) -> bytes:
    """Output bytes with what they pack inside: a Word file's parts, a PDF's streams."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join([data, *(archive.read(name) for name in archive.namelist())])
    return pdf_text(data)


def render_run(root: Path, fmt: str, layout: str, timeout: float = TIMEOUT) -> tuple[Run, bytes]:
    """``planctl render`` of the plan through ``layout``: the run and whatever it output."""
    out = root / f"packet.{fmt}"
    args = ["render", "plan.plan.yaml", "--layouts", "layouts", "--layout", layout, "--format", fmt]
    if fmt != "md":
        args += ["-o", out.name]
    result = planctl(*args, cwd=root, timeout=timeout)
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    data = out.read_bytes() if out.exists() else b""
    return result, data + result.stdout.encode("utf-8")


def assert_refused(result: Run, output: bytes, where: str, *markers: str) -> None:
    """The render stopped (exit 2) naming ``where``, and no marker reached any output."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.startswith("planctl: "), result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert where in result.stderr, result.stderr
    assert "outside the layouts folder layouts" in result.stderr, result.stderr
    for marker in markers:
        assert marker.encode("utf-8") not in readable(output)
        assert marker not in result.stderr


def render_in_process(root: Path, fmt: str, layout: str) -> bytes:
    plan = root / "plan.plan.yaml"
    options = RenderOptions(to=fmt, layout=layout, layouts_dir=root / "layouts")
    return render_packet([(plan, plan.name)], options)


# --------------------------------------------------------------------------
# Files outside the layouts folder


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_layout_file_that_links_outside_is_refused(repo: Path, fmt: str) -> None:
    target = outside(repo) / ("secret.docx" if fmt == "docx" else "secret.txt")
    link = layout_path(repo, fmt, "leak")
    link.symlink_to(target)
    result, output = render_run(repo, fmt, "leak")
    shown = str(Path("layouts") / LAYOUT_FOLDER[fmt] / link.name)
    assert_refused(result, output, f"planctl: {shown} leads to {target}", SECRET)
    assert not (repo / f"packet.{fmt}").exists()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_include_through_a_linked_folder_is_refused(repo: Path, fmt: str) -> None:
    folder = repo / "layouts" / LAYOUT_FOLDER[fmt]
    (folder / "parts").symlink_to(outside(repo), target_is_directory=True)
    path = write_layout(repo, fmt, "inc", "Board packet", "{% include 'parts/secret.txt' %}")
    result, output = render_run(repo, fmt, "inc")
    if fmt == "docx":  # Word layouts are located by the text near the failure
        where = f"{path.relative_to(repo)}: the document body, near “{{% include"
    else:
        where = f"{path.relative_to(repo)}:2: "
    assert_refused(result, output, where, SECRET)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc/self/environ")
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_environment_of_the_process_stays_out(
    repo: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI keeps its tokens in the environment: /proc/self/environ is the prize."""
    token = "planctl-hostile-token-41d2"
    monkeypatch.setenv("PLANCTL_HOSTILE_TOKEN", token)
    folder = repo / "layouts" / LAYOUT_FOLDER[fmt]
    if fmt != "docx":  # a Word layout must be a Word file, so only the include applies
        layout_path(repo, fmt, "environ").symlink_to("/proc/self/environ")
        result, output = render_run(repo, fmt, "environ")
        assert_refused(result, output, "leads to /proc/", token)
    (folder / "self").symlink_to("/proc/self", target_is_directory=True)
    write_layout(repo, fmt, "env-include", "{% include 'self/environ' %}")
    result, output = render_run(repo, fmt, "env-include")
    assert_refused(result, output, "env-include", token)


@pytest.mark.parametrize(
    "tag",
    [
        "{% extends 'parts/secret.txt' %}",
        "{% import 'parts/secret.txt' as secret %}{{ secret }}",
        "{% from 'parts/secret.txt' import anything %}",
        "{% include ['no-such-part', 'parts/secret.txt'] %}",
        "{% include 'parts/secret.txt' ignore missing %}",
        "{% include 'chain' %}",
    ],
)
def test_every_way_of_loading_a_layout_is_confined(
    repo: Path, tag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    folder = repo / "layouts" / "md"
    (folder / "parts").symlink_to(outside(repo), target_is_directory=True)
    (folder / "hop").symlink_to(outside(repo) / "secret.txt")
    (folder / "chain").symlink_to("hop")  # a link to a link out
    write_layout(repo, "md", "sneaky", "# Packet", tag)
    with pytest.raises(LayoutError) as caught:
        render_in_process(repo, "md", "sneaky")
    message = str(caught.value)
    assert "sneaky.md.j2:2: " in message
    assert f"leads to {outside(repo) / 'secret.txt'}, outside the layouts folder" in message
    assert SECRET not in message


def test_a_linked_layouts_subfolder_leading_out_is_refused(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``layouts/md`` itself may not be a link out of the layouts folder."""
    monkeypatch.chdir(repo)
    (repo / "layouts" / "md").rmdir()
    elsewhere = repo.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "table.md.j2").write_text("{{ packet.title }}\n", encoding="utf-8")
    (repo / "layouts" / "md").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(LayoutError, match=r"table\.md\.j2 leads to .*elsewhere"):
        render_in_process(repo, "md", "table")


def test_links_that_stay_inside_the_folder_are_followed(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    folder = repo / "layouts" / "md"
    (repo / "layouts" / "shared").mkdir()
    (repo / "layouts" / "shared" / "title.j2").write_text("T: {{ packet.title }}", "utf-8")
    (folder / "parts").symlink_to(repo / "layouts" / "shared", target_is_directory=True)
    write_layout(repo, "md", "real", "{% include 'parts/title.j2' %}")
    (folder / "alias.md.j2").symlink_to("real.md.j2")
    text = render_in_process(repo, "md", "alias").decode("utf-8")
    assert text.startswith("T: ")


# --------------------------------------------------------------------------
# What a PDF layout refers to


@needs_weasyprint
def test_a_pdf_layout_gets_nothing_from_outside_and_says_so(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("planctl must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    secret_png = outside(repo) / "secret.png"
    folder = repo / "layouts" / "html"
    (folder / "logo.png").symlink_to(secret_png)
    (folder / "art").symlink_to(outside(repo), target_is_directory=True)
    references = {
        "../../../outside/secret.png": str(secret_png),  # up and out
        str(secret_png): str(secret_png),  # an absolute path
        secret_png.as_uri(): str(secret_png),  # a file:// URL
        "logo.png": str(folder / "logo.png"),  # a link out
        "art/secret.png": str(folder / "art" / "secret.png"),  # through a linked folder
        "http://127.0.0.1:9/logo.png": "http://127.0.0.1:9/logo.png",
        "https://example.org/logo.png": "https://example.org/logo.png",
    }
    images = "".join(f'<img src="{reference}">' for reference in references)
    styles = (
        '<link rel="stylesheet" href="https://example.org/style.css">'
        '<link rel="stylesheet" href="art/secret.txt">'
        "<style>@import url('../../../outside/secret.txt');"
        " body { background: url('https://example.org/paper.png') }</style>"
    )
    (folder / "letterhead.html.j2").write_text(
        f"<html><head>{styles}</head><body><h1>{{{{ packet.title }}}}</h1>{images}</body></html>",
        encoding="utf-8",
    )
    data = render_in_process(repo, "pdf", "letterhead")
    assert data.startswith(b"%PDF-")
    assert images_in(data) == 0
    assert SECRET.encode("utf-8") not in readable(data)
    assert attempts == []
    warnings = capsys.readouterr().err.splitlines()
    for shown in [
        *references.values(),
        "https://example.org/style.css",
        str(folder / "art" / "secret.txt"),
        str(outside(repo) / "secret.txt"),
        "https://example.org/paper.png",
    ]:
        [line] = [line for line in warnings if f"the PDF is made without {shown}:" in line]
        assert line.startswith("planctl: warning: "), line
        assert "outside the layouts folder" in line or "nothing from the network" in line


@needs_weasyprint
def test_without_a_layouts_folder_a_pdf_fetches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shipped layouts refer to nothing; the fetcher would refuse even so."""
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "plan.plan.yaml"
    shutil.copy(DEMO, plan)
    data = render_packet([(plan, plan.name)], RenderOptions(to="pdf"))
    assert data.startswith(b"%PDF-")
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------
# Time, size and memory


@pytest.mark.slow
@pytest.mark.parametrize(
    ("expression", "limit"),
    [
        ("'x' * 10**10", "texts and lists of up to 134,217,728"),
        ("10**10 * [0]", "texts and lists of up to 134,217,728"),
        ("10**100000000", "numbers of up to 10,000 bits"),
        ("(2**9000) * (2**9000)", "numbers of up to 10,000 bits"),
        ("range(10**10)|length", "ranges of up to 100,000"),
    ],
)
@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_huge_values_are_refused_at_once(repo: Path, fmt: str, expression: str, limit: str) -> None:
    path = write_layout(repo, fmt, "huge", "Board packet", f"{{{{ {expression} }}}}")
    started = time.monotonic()
    result, _ = render_run(repo, fmt, "huge")
    assert time.monotonic() - started < TIMEOUT
    assert result.returncode == 2, result.stderr
    assert limit in result.stderr
    where = "the document body, near" if fmt == "docx" else "huge.md.j2:2: "
    assert f"planctl: {path.relative_to(repo)}" in result.stderr
    assert where in result.stderr


@pytest.mark.slow
def test_a_loop_of_ten_billion_steps_stops_at_the_time_limit(repo: Path) -> None:
    write_layout(
        repo,
        "md",
        "spin",
        "# Packet",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    )
    started = time.monotonic()
    result, _ = render_run(repo, "md", "spin", timeout=LIMITS.seconds + TIMEOUT)
    took = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"planctl: {Path('layouts/md/spin.md.j2')}:2: the layout ran longer than layouts may run "
        f"({LIMITS.seconds:g} s)\n"
    )
    assert LIMITS.seconds <= took < LIMITS.seconds + 10


@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="the memory limit is Linux's address-space limit")
def test_a_huge_allocation_is_a_memory_error(repo: Path) -> None:
    write_layout(repo, "md", "pad", "# Packet", "{{ 'x'.ljust(10**10) }}")
    result, _ = render_run(repo, "md", "pad")
    assert result.returncode == 2, result.stderr
    assert "pad.md.j2:2: the layout needed more memory than layouts may use" in result.stderr


def small_limits(monkeypatch: pytest.MonkeyPatch, **limits: float) -> Limits:
    chosen = Limits(**limits)  # type: ignore[arg-type]
    monkeypatch.setattr(layout_environment, "LIMITS", chosen)
    return chosen


SPIN = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


@pytest.mark.parametrize(
    "fmt",
    ["md", "html", "docx"],
)
def test_the_time_limit_holds_in_every_format(
    repo: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    small_limits(monkeypatch, seconds=0.5)
    path = write_layout(repo, fmt, "spin", "Board packet", SPIN)
    started = time.monotonic()
    with pytest.raises(LayoutError) as caught:
        render_in_process(repo, fmt, "spin")
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert message.startswith(str(path))
    assert message.endswith("the layout ran longer than layouts may run (0.5 s)")


def test_the_time_limit_names_the_line_every_time(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timer and the layout's own clock checks both see the time run out; the
    second to notice must not raise again while the first error is on its way out."""
    monkeypatch.chdir(repo)
    small_limits(monkeypatch, seconds=0.2)
    path = write_layout(repo, "md", "spin", "# Packet", SPIN)
    messages = set()
    for _ in range(15):
        with pytest.raises(LayoutError) as caught:
            render_in_process(repo, "md", "spin")
        messages.add(str(caught.value))
    assert messages == {f"{path}:2: the layout ran longer than layouts may run (0.2 s)"}


@pytest.mark.parametrize(
    "loop",
    [
        SPIN,
        # Recursion that calls and writes, and a loop that only writes.
        "{% macro f(n) %}{% for i in range(50) %}{{ f(n + 1) if n < 8 else i }}{% endfor %}"
        "{% endmacro %}{{ f(0) }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    ],
)
def test_the_time_limit_holds_without_the_timer(
    repo: Path, loop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside the main thread there is no SIGALRM: the layout's own steps look at the clock."""
    monkeypatch.chdir(repo)
    small_limits(monkeypatch, seconds=0.5, length=10**12)
    write_layout(repo, "md", "spin", "# Packet", loop)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            render_in_process(repo, "md", "spin")
        except BaseException as error:  # handed to the test's thread
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "the layout ran on past its time limit"
    [error] = outcome
    assert isinstance(error, LayoutError)
    assert "spin.md.j2:2: the layout ran longer than layouts may run (0.5 s)" in str(error)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("{% for i in range(1000) %}0123456789{% endfor %}", "flood.md.j2:2: "),
        (
            "{% set s %}{% for i in range(1000) %}0123456789{% endfor %}{% endset %}",
            "flood.md.j2:2: ",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(20) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "flood.md.j2:2: ",
        ),
        ("{{ 'abc' * 400 }}", "flood.md.j2:2: "),
        ("{{ ['abc'] * 200 + ['abc'] * 900 }}", "flood.md.j2:2: "),
    ],
)
def test_texts_and_output_are_bounded(
    repo: Path, body: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    limits = small_limits(monkeypatch, length=1000)
    write_layout(repo, "md", "flood", "# Packet", body)
    with pytest.raises(LayoutError) as caught:
        render_in_process(repo, "md", "flood")
    message = str(caught.value)
    assert where in message
    assert f"{limits.length:,}" in message


@pytest.mark.skipif(not LINUX, reason="the memory limit is Linux's address-space limit")
def test_memory_is_bounded_while_a_layout_runs(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import resource

    monkeypatch.chdir(repo)
    small_limits(monkeypatch, memory=64 * 1024 * 1024)
    before = resource.getrlimit(resource.RLIMIT_AS)
    # Each step doubles a text by a method the size checks cannot foresee.
    write_layout(
        repo,
        "md",
        "grow",
        "# Packet",
        "{% set ns = namespace(s='x' * 1000) %}"
        "{% for i in range(40) %}{% set ns.s = ns.s.replace('x', 'xx') %}{% endfor %}",
    )
    with pytest.raises(LayoutError) as caught:
        render_in_process(repo, "md", "grow")
    assert "grow.md.j2:2: the layout needed more memory than layouts may use (64 MiB)" in str(
        caught.value
    )
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the process's own, put back


def test_limits_leave_the_timer_and_signal_as_they_were(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timers here")
    monkeypatch.chdir(repo)
    before = signal.getsignal(signal.SIGALRM)
    write_layout(repo, "md", "fine", "{{ packet.title }}")
    render_in_process(repo, "md", "fine")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_the_limits_bound_what_the_district_wrote(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """planctl's own Word layout runs as without --layouts; a district's copy is bounded."""
    monkeypatch.chdir(repo)
    small_limits(monkeypatch, length=1000)
    assert render_in_process(repo, "docx", "table").startswith(b"PK")
    shutil.copy(resources.layouts_dir() / "docx" / "table.docx", repo / "layouts" / "docx")
    with pytest.raises(LayoutError, match=r"table\.docx: .*wrote more than 1,000 characters"):
        render_in_process(repo, "docx", "table")
