"""The wheel: what it carries, and that an installed planctl runs from it alone.

The wheel is built from this checkout, installed into a bare folder and run
from another folder with only that folder on the import path, so nothing can
come from the source tree by accident.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from planctl import __version__
from planctl.version import is_release

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
DATA_FOLDERS = ("schemas", "templates")
# The distribution's name in file names ("planctl-schools", normalized as wheels spell it).
DIST = "planctl_schools"
EXAMPLE = REPO / "examples" / "boston-tlt-work-plan.plan.yaml"


def pip(*args: str | Path, cwd: Path) -> None:
    env = dict(os.environ)
    env.update({"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INDEX": "1", "PIP_NO_INPUT": "1"})
    subprocess.run(
        [sys.executable, "-m", "pip", *map(str, args)],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def shipped_data_files() -> list[str]:
    """The files of schemas/ and templates/, as the wheel should hold them (planctl/_data/...)."""
    found = []
    for folder in DATA_FOLDERS:
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found.append(f"planctl/_data/{path.relative_to(REPO).as_posix()}")
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", out, REPO, cwd=out)
    (built,) = out.glob(f"{DIST}-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    pip("install", "--no-deps", "--target", target, wheel, cwd=target)
    return target


def test_the_wheel_is_named_for_this_version(wheel: Path) -> None:
    assert wheel.name == f"{DIST}-{__version__}-py3-none-any.whl"


def test_the_wheel_carries_the_package_and_its_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "planctl/_data/schemas/plan-templates/default.yaml" in names
    if (REPO / "schemas" / "plan.schema.json").is_file():
        assert "planctl/_data/schemas/plan.schema.json" in names
    missing_data = [name for name in shipped_data_files() if name not in names]
    assert missing_data == []
    sources = sorted((REPO / "src").rglob("*.py"))
    assert sources
    missing_code = [
        path.relative_to(REPO / "src").as_posix()
        for path in sources
        if path.relative_to(REPO / "src").as_posix() not in names
    ]
    assert missing_code == []
    assert "planctl/__main__.py" in names
    # Only the package and its metadata: no tests, examples or stray top-level modules.
    dist_info = f"{DIST}-{__version__}.dist-info/"
    stray = [name for name in names if not name.startswith(("planctl/", dist_info))]
    assert stray == []
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_wheel_declares_the_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        entry_points = archive.read(f"{DIST}-{__version__}.dist-info/entry_points.txt")
    assert "planctl = planctl.cli:main" in entry_points.decode("utf-8")


# Run in the installed copy: where planctl comes from, then the CLI on a plan copied beside it.
CHECK = """
import contextlib, io, json, sys
from pathlib import Path

import planctl
import planctl.resources
from planctl.cli import main


def run(*args):
    sys.argv = ["planctl", *args]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main()
        except SystemExit as done:
            return done.code, out.getvalue()
    return 0, out.getvalue()


validate = run("validate", "--format", "json", "plan.plan.yaml")
template = run("templates", "tlt-work-plan")
version = run("--version")
with contextlib.redirect_stderr(io.StringIO()):
    site = run("site", "plan.plan.yaml", "-o", "published", "--lang", "es")
print(json.dumps({
    "package": str(Path(planctl.__file__).resolve()),
    "schemas": str(planctl.resources.schemas_dir().resolve()),
    "validate": validate,
    "template": template,
    "version": version,
    "site": site,
}))
"""


def test_the_installed_wheel_runs_on_its_own(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "plans"
    work.mkdir()
    shutil.copy(EXAMPLE, work / "plan.plan.yaml")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("GITHUB_ACTIONS", None)
    env["PYTHONPATH"] = str(installed)
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    seen = json.loads(result.stdout)
    site = installed.resolve()
    assert Path(seen["package"]).is_relative_to(site), seen["package"]
    assert not Path(seen["package"]).is_relative_to(REPO)
    assert Path(seen["schemas"]).is_relative_to(site), seen["schemas"]
    code, output = seen["validate"]
    assert code == 1
    report = json.loads(output)
    assert [entry["path"] for entry in report["files"]] == ["plan.plan.yaml"]
    assert report["summary"]["errors"] == 8
    code, output = seen["template"]
    assert code == 0
    assert "Person/Area Responsible" in output
    # The site's layouts, scripts and labels come with the wheel.
    assert seen["site"][0] == 0
    index = (work / "published" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in index and "Planes y avances" in index
    assert (work / "published" / "assets" / "search.js").is_file()
    # Between releases the installed copy names the commit it was built from.
    code, output = seen["version"]
    assert code == 0
    commit = built_commit(REPO)
    if commit is None or is_release(__version__):
        assert output == f"planctl {__version__}\n"
    else:
        assert output == f"planctl {__version__}+g{commit[:12]}\n"


def built_commit(repo: Path) -> str | None:
    """The commit checked out in ``repo``; None outside a git checkout."""
    if not (repo / ".git").exists() or shutil.which("git") is None:
        return None
    result = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def test_a_wheel_built_from_a_checkout_records_its_commit(wheel: Path) -> None:
    commit = built_commit(REPO)
    if commit is None:
        pytest.skip("planctl's sources are not a git checkout here")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("planctl/_commit.txt").decode("ascii").strip() == commit


def test_the_wheel_metadata_names_the_distribution(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"{DIST}-{__version__}.dist-info/METADATA").decode("utf-8")
    assert "Name: planctl-schools\n" in metadata
    assert "Provides-Extra: pdf" in metadata
