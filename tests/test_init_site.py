"""``planctl init --site``: the CI files that publish the plans as a site on GitHub or GitLab Pages.

The files are checked against GitHub's and GitLab's schemas, are the examples in
``examples/ci/``, and their build step is run here as CI would run it (with the
address Pages gives) in a repository that ``planctl init`` set up.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planctl.errors import UserError
from planctl.init import (
    DISTRIBUTION,
    GITLAB_FILE,
    SITE_WORKFLOW_FILE,
    gitlab_pages_text,
    gitlab_text,
    init_repository,
    site_workflow_text,
)
from tests.ci_steps import EXPRESSION, check_schema

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SOURCE = "https://git.riverbend.example/it/planctl.git@v0.2.0"


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def init_with(folder: Path, **options: Any) -> list[Path]:
    return init_repository(folder, "tlt-work-plan", out=io.StringIO(), **options)


def test_the_site_files_are_valid_for_github_and_gitlab(tmp_path: Path) -> None:
    for name, text, schema in (
        ("site.yml", site_workflow_text(), "vendor.github-workflows"),
        ("with-source.yml", site_workflow_text(SOURCE), "vendor.github-workflows"),
        (".gitlab-ci.yml", gitlab_text() + "\n" + gitlab_pages_text(), "vendor.gitlab-ci"),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        check_schema(path, schema)


def test_the_site_files_are_the_examples() -> None:
    examples = REPO / "examples" / "ci"
    assert (examples / "github-pages.yml").read_text(encoding="utf-8") == site_workflow_text()
    assert (examples / "gitlab-pages.yml").read_text(encoding="utf-8") == gitlab_pages_text()


def test_github_pages_builds_on_every_push_to_main_and_deploys() -> None:
    workflow = load(site_workflow_text())
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]
    checkout = build["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    runs = [step.get("run", "") for step in build["steps"]]
    assert 'planctl site -o _site --base-url "$BASE_URL/"' in runs
    upload = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages")]
    assert upload[0]["with"]["path"] == "_site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    for step in build["steps"]:
        assert EXPRESSION.search(step.get("run", "")) is None, step.get("name")


def test_gitlab_pages_builds_on_the_default_branch_into_public() -> None:
    job = load(gitlab_pages_text())["pages"]
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert job["variables"]["PLANCTL"] == DISTRIBUTION and job["variables"]["GIT_DEPTH"] == 0
    assert job["script"] == ['planctl site -o public --base-url "$CI_PAGES_URL/"']
    assert job["artifacts"]["paths"] == ["public"]


def test_init_site_writes_the_pages_workflow_beside_the_checks(tmp_path: Path) -> None:
    created = init_with(tmp_path, site=True)
    names = [path.relative_to(tmp_path).as_posix() for path in created]
    assert ".github/workflows/plans.yml" in names and SITE_WORKFLOW_FILE in names
    assert (tmp_path / SITE_WORKFLOW_FILE).read_text(encoding="utf-8") == site_workflow_text()


def test_init_site_for_gitlab_adds_the_pages_job(tmp_path: Path) -> None:
    init_with(tmp_path, ci="gitlab", site=True, source=SOURCE)
    jobs = load((tmp_path / GITLAB_FILE).read_text(encoding="utf-8"))
    assert set(jobs) == {"plans", "pages"}
    assert jobs["pages"]["variables"]["PLANCTL"] == f"{DISTRIBUTION} @ git+{SOURCE}"
    assert not (tmp_path / ".github").exists()


@pytest.mark.parametrize(
    ("ci", "said"),
    [
        ("github", "  turn Pages on (Settings > Pages > Source: GitHub Actions); each push to\n"),
        ("gitlab", "  each push to the default branch publishes the site on GitLab Pages\n"),
    ],
)
def test_init_site_says_what_publishes_the_site(tmp_path: Path, ci: str, said: str) -> None:
    out = io.StringIO()
    init_repository(tmp_path, "default", out=out, ci=ci, site=True)
    assert said in out.getvalue()
    plain = io.StringIO()
    init_repository(tmp_path / "plain", "default", out=plain, ci=ci)
    assert "Pages" not in plain.getvalue()


def test_init_site_needs_a_ci(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--ci github or --ci gitlab"):
        init_with(tmp_path, ci="none", site=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_build_step_builds_the_site_of_a_new_plan_repository(
    git_env: None, tmp_path: Path
) -> None:
    if shutil.which("git") is None or shutil.which("bash") is None:
        pytest.skip("git and bash run the build step")
    if shutil.which("planctl", path=str(BIN)) is None:
        pytest.skip(f"the planctl command is not installed beside {sys.executable}")
    repo = tmp_path / "plans-repo"
    init_with(repo, site=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, timeout=60)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, timeout=60)
    subprocess.run(["git", "commit", "-q", "-m", "Plans"], cwd=repo, check=True, timeout=60)
    workflow = load(site_workflow_text())
    (step,) = [s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Build the site"]
    environment = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "BASE_URL": "https://riverbend.github.io/plans",
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    site = repo / "_site"
    assert (site / "plans" / "tlt-work-plan.html").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://riverbend.github.io/plans/index.html</loc>" in sitemap
