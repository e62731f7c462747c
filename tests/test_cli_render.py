"""`planctl render` from the command line: outputs, exit codes and one-line errors."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planctl.cli import app
from planctl.render import PdfUnavailable
from planctl.render.pdf import load_weasyprint

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "district-pl-plan.plan.yaml"
BOSTON = REPO / "examples" / "boston-tlt-work-plan.plan.yaml"
PATHWAY = REPO / "examples" / "lmsd-strategic-pathway-3.plan.yaml"


def run(*args: str | Path) -> object:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_markdown_goes_to_stdout() -> None:
    result = CliRunner().invoke(app, ["render", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert "# Professional Learning Plan 2024-2027" in result.stdout
    assert "| Action Step |" in result.stdout


@pytest.mark.parametrize("to", ["html", "docx"])
def test_other_formats_need_an_output_file(to: str) -> None:
    result = CliRunner().invoke(app, ["render", str(DEMO), "--format", to])
    assert result.exit_code == 2
    assert result.stderr == f"planctl: --format {to} writes a file: add -o FILE\n"


@pytest.mark.parametrize(("to", "magic"), [("html", b"<!DOCTYPE html>"), ("docx", b"PK")])
def test_writes_the_file_atomically(tmp_path: Path, to: str, magic: bytes) -> None:
    out = tmp_path / f"packet.{to}"
    result = CliRunner().invoke(app, ["render", str(DEMO), str(BOSTON), "-f", to, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert [path.name for path in tmp_path.iterdir()] == [out.name]


def test_drafts_render_with_a_notice_and_strict_refuses(tmp_path: Path) -> None:
    out = tmp_path / "boston.md"
    result = CliRunner().invoke(app, ["render", str(BOSTON), "-o", str(out)])
    assert result.exit_code == 0
    assert "13 validation problems" in out.read_text(encoding="utf-8")
    refused = CliRunner().invoke(app, ["render", str(BOSTON), "--strict", "-o", str(out)])
    assert refused.exit_code == 1
    assert "13 problems; fix them" in refused.stderr
    assert refused.stderr.count("\n") == 1


def test_strict_counts_warnings_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(PATHWAY), "--strict"])
    assert result.exit_code == 1
    assert CliRunner().invoke(app, ["render", str(DEMO), "--strict"]).exit_code == 0


def test_missing_layout_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(DEMO), "--layout", "poster"])
    assert result.exit_code == 2
    assert result.stderr.startswith("planctl: there is no md layout 'poster' (available: ")
    assert result.stderr.count("\n") == 1


def test_failing_district_layout_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / "table.md.j2").write_text("# {{ packet.title }}\n{{ packet.nope }}\n")
    result = CliRunner().invoke(app, ["render", str(DEMO), "--layouts", str(tmp_path)])
    assert result.exit_code == 2
    assert "table.md.j2:2:" in result.stderr
    assert result.stdout == ""


def test_unwritable_output_leaves_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["render", str(DEMO), "--format", "html", "-o", str(tmp_path / "no" / "x.html")]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_write_over_a_plan(tmp_path: Path) -> None:
    plan = tmp_path / "p.plan.yaml"
    plan.write_bytes(DEMO.read_bytes())
    result = CliRunner().invoke(app, ["render", str(plan), "-o", str(plan)])
    assert result.exit_code == 2
    assert plan.read_bytes() == DEMO.read_bytes()


def test_unreadable_plan_is_one_line(tmp_path: Path) -> None:
    plan = tmp_path / "bad.plan.yaml"
    plan.write_text("planctl: 1\ngoals: [\n")
    result = CliRunner().invoke(app, ["render", str(plan)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"planctl: {plan}:")
    assert "cannot be read as a plan" in result.stderr


def test_same_input_same_bytes(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        CliRunner().invoke(app, ["render", str(DEMO), "-f", "html", "-o", str(tmp_path / name)])
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_date_appears_only_when_given() -> None:
    plain = CliRunner().invoke(app, ["render", str(DEMO)]).stdout
    dated = CliRunner().invoke(app, ["render", str(DEMO), "--date", "2025-06-18"]).stdout
    assert "2025-06-18" not in plain
    assert "2025-06-18" in dated


def test_footer_names_the_commit_inside_git(tmp_path: Path) -> None:
    plan = tmp_path / "p.plan.yaml"
    plan.write_bytes(DEMO.read_bytes())
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "p.plan.yaml"], check=True)
    subprocess.run([*git, "commit", "-qm", "plan"], check=True)
    commit = subprocess.run(
        [*git, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    text = CliRunner().invoke(app, ["render", str(plan)]).stdout
    assert commit in text
    plan.write_text(plan.read_text() + "\n# edited\n")
    assert "modified since that commit" in CliRunner().invoke(app, ["render", str(plan)]).stdout


@pytest.mark.skipif(
    importlib.util.find_spec("weasyprint") is not None,
    reason="WeasyPrint is installed here; this checks the message shown without it",
)
def test_pdf_without_weasyprint_says_what_to_install(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["render", str(DEMO), "--format", "pdf", "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 2
    assert "pip install 'planctl-schools[pdf]'" in result.stderr


def _weasyprint_works() -> str:
    try:
        load_weasyprint()  # as planctl imports it (its notices of future needs kept quiet)
    except PdfUnavailable as error:
        return f"WeasyPrint is not usable here ({error}); install planctl-schools[pdf] and Pango"
    return ""


@pytest.mark.slow
@pytest.mark.skipif(bool(_weasyprint_works()), reason=_weasyprint_works() or "ok")
def test_pdf_renders(tmp_path: Path) -> None:
    out = tmp_path / "packet.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "planctl", "render", str(BOSTON), "--format", "pdf", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    if shutil.which("pdfinfo") is None:
        return
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert int(fields["Pages"]) >= 2
    width, _, height = fields["Page size"].split()[:3]
    assert float(width) > float(height), "wide action-step tables print in landscape"
