"""Starting a plan repository and a new plan: the files, and that a starter plan is a draft.

A starter plan must read and build cleanly, so that ``planctl validate``
reports only the gaps a planner still has to fill (empty required fields,
placeholder dates), never a broken file.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from typer.testing import CliRunner

from planctl import __version__
from planctl.cli import app
from planctl.errors import UserError
from planctl.init import (
    DISTRIBUTION,
    RECORD_FILE,
    SCHEMA_FILE,
    config_text,
    gitlab_text,
    init_repository,
    new_plan,
    release_of,
    repository_url,
    requirement,
    starter_plan,
    workflow_text,
)
from planctl.load import load_text
from planctl.template import builtin_names, load_builtin
from planctl.validate import check_file

REPO = Path(__file__).resolve().parent.parent
INIT_FILES = (
    "planctl.toml",
    "plans/tlt-work-plan.plan.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/plans.yml",
    ".planctl/plan.schema.json",
    ".vscode/settings.json",
)
# The rules a starter plan may break: each names a gap to fill, none a broken file.
GAP_RULES = frozenset({"required-fields", "date-format", "no-empty-goal", "smart-measure"})
STRUCTURAL_RULES = frozenset(
    {"yaml-syntax", "plan-structure", "unknown-key", "duplicate-key", "template", "yaml-tag"}
)


def toml_loads(text: str) -> dict[str, Any]:
    """Parse TOML with tomllib (Python 3.11+) or tomli; skip the test where neither is there."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib.loads(text)
    reader = pytest.importorskip(  # pragma: no cover - Python 3.10
        "tomli", reason="reading TOML needs tomllib (Python 3.11+) or tomli"
    )
    loaded: dict[str, Any] = reader.loads(text)  # pragma: no cover
    return loaded


def load_yaml(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def init(folder: Path, template: str = "tlt-work-plan") -> tuple[list[Path], str]:
    out = io.StringIO()
    created = init_repository(folder, template, out=out)
    return created, out.getvalue()


def test_init_creates_its_files(tmp_path: Path) -> None:
    created, said = init(tmp_path)
    assert created == [tmp_path / name for name in INIT_FILES]
    for name in INIT_FILES:
        assert (tmp_path / name).is_file()
        assert f"created {name}" in said
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == (
        sorted([*INIT_FILES, RECORD_FILE])
    )
    assert "pre-commit install" in said


def test_init_makes_a_missing_folder(tmp_path: Path) -> None:
    created, _ = init(tmp_path / "district" / "plans-repo")
    assert len(created) == len(INIT_FILES)


def test_a_second_init_creates_nothing_and_says_so(tmp_path: Path) -> None:
    init(tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in INIT_FILES}
    created, said = init(tmp_path)
    assert created == []
    for name in INIT_FILES:
        assert f"{name} already exists; left as it is" in said
        assert (tmp_path / name).read_bytes() == before[name]
    assert "created" not in said


def test_init_leaves_an_existing_file_untouched(tmp_path: Path) -> None:
    own = b'# the district\'s own settings\ntemplate = "default"\n'
    (tmp_path / "planctl.toml").write_bytes(own)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "plans.yml").write_bytes(b"name: ours\n")
    created, said = init(tmp_path)
    assert (tmp_path / "planctl.toml").read_bytes() == own
    assert (workflows / "plans.yml").read_bytes() == b"name: ours\n"
    assert created == [
        tmp_path / "plans/tlt-work-plan.plan.yaml",
        tmp_path / ".pre-commit-config.yaml",
        tmp_path / ".planctl/plan.schema.json",
        tmp_path / ".vscode/settings.json",
    ]
    assert "planctl.toml already exists" in said
    assert ".github/workflows/plans.yml already exists" in said


def test_init_never_follows_a_link_over_a_file(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "planctl.toml").symlink_to(target)
    created, said = init(repo)
    assert repo / "planctl.toml" not in created
    assert target.read_text() == "keep me\n"
    assert "planctl.toml already exists" in said


def test_init_with_an_unknown_template_names_the_built_ins_and_writes_nothing(
    tmp_path: Path,
) -> None:
    with pytest.raises(UserError) as raised:
        init(tmp_path, "tlt-workplan")
    message = str(raised.value)
    assert "tlt-workplan" in message
    assert "\n" not in message
    for name in builtin_names():
        assert name in message
    assert list(tmp_path.iterdir()) == []


def test_init_into_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x")
    with pytest.raises(UserError, match="it is a file"):
        init(path)


def test_the_config_is_toml_with_commented_settings(tmp_path: Path) -> None:
    init(tmp_path, "lmsd-action-plan")
    text = (tmp_path / "planctl.toml").read_text(encoding="utf-8")
    config = toml_loads(text)
    assert config == {
        "plans": ["plans/**/*.plan.yaml"],
        "template": "lmsd-action-plan",
        "rules": {},
    }
    for commented in ('# roster = "people.yaml"', "# as_of = ", '# smart-measure = "off"'):
        assert commented in text
    # Each commented example is itself valid TOML once uncommented.
    uncommented = "\n".join(
        line[2:] if line.startswith(("# roster", "# as_of", "# smart-", "# date-in")) else line
        for line in text.splitlines()
    )
    assert set(toml_loads(uncommented)) == {"plans", "template", "roster", "as_of", "rules"}


def test_the_pre_commit_hooks_run_the_planctl_installed_here(tmp_path: Path) -> None:
    init(tmp_path)
    text = (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    config = load_yaml(text)
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    shipped = load_yaml((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    # The same hooks as the published repository's, run by the planctl on PATH.
    assert list(hooks) == [hook["id"] for hook in shipped]
    for published in shipped:
        hook = hooks[published["id"]]
        assert hook["language"] == "system"
        for key in ("name", "entry", "files", "require_serial"):
            assert hook[key] == published[key], key
    # How to install, and the published form, are said in the comments.
    assert f'pip install pre-commit "{DISTRIBUTION}"' in text
    assert f"#     rev: v{release_of(__version__)}" in text
    assert "<owner>" not in text


def test_the_workflow_is_the_example_workflow(tmp_path: Path) -> None:
    init(tmp_path)
    written = (tmp_path / ".github" / "workflows" / "plans.yml").read_text(encoding="utf-8")
    example = (REPO / "examples" / "ci" / "github-workflow.yml").read_text(encoding="utf-8")
    assert written == example == workflow_text()
    workflow = load_yaml(written)
    installs = [
        step["env"]["PLANCTL"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("name") == "Install planctl"
    ]
    assert installs == [DISTRIBUTION, DISTRIBUTION]
    assert "<owner>" not in written


def test_the_gitlab_job_is_the_example_job(tmp_path: Path) -> None:
    created, said = init_with(tmp_path, ci="gitlab")
    names = [path.relative_to(tmp_path).as_posix() for path in created]
    assert names == [*INIT_FILES[:3], ".gitlab-ci.yml", *INIT_FILES[4:]]
    assert not (tmp_path / ".github").exists()
    written = (tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8")
    example = (REPO / "examples" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8")
    assert written == example == gitlab_text()
    assert load_yaml(written)["plans"]["variables"]["PLANCTL"] == DISTRIBUTION
    assert f"CI installs planctl as '{DISTRIBUTION}'" in said


def test_ci_none_writes_only_the_plan_files(tmp_path: Path) -> None:
    created, said = init_with(tmp_path, ci="none")
    names = [path.relative_to(tmp_path).as_posix() for path in created]
    assert names == [*INIT_FILES[:3], *INIT_FILES[4:]]
    assert "CI installs" not in said
    with pytest.raises(UserError, match="--ci takes github, gitlab, none; not 'jenkins'"):
        init_with(tmp_path / "other", ci="jenkins")
    assert not (tmp_path / "other").exists()


def init_with(folder: Path, **options: Any) -> tuple[list[Path], str]:
    out = io.StringIO()
    created = init_repository(folder, "tlt-work-plan", out=out, **options)
    return created, out.getvalue()


SOURCE = "https://git.riverbend.example/it/planctl.git@v0.2.0"


def test_a_source_url_is_what_ci_installs_and_what_pre_commit_names(tmp_path: Path) -> None:
    init_with(tmp_path, source=SOURCE)
    pinned = f"{DISTRIBUTION} @ git+{SOURCE}"
    workflow = load_yaml(
        (tmp_path / ".github" / "workflows" / "plans.yml").read_text(encoding="utf-8")
    )
    install = next(step for step in workflow["jobs"]["check"]["steps"] if "env" in step)
    assert install["env"]["PLANCTL"] == pinned
    pre_commit = (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'pip install pre-commit "{pinned}"' in pre_commit
    assert "#   - repo: https://git.riverbend.example/it/planctl.git\n" in pre_commit
    assert load_yaml(gitlab_text(SOURCE))["plans"]["variables"]["PLANCTL"] == pinned


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (None, DISTRIBUTION),
        ("https://h.example/a/planctl", f"{DISTRIBUTION} @ git+https://h.example/a/planctl"),
        (
            "git+ssh://git@h.example/a/planctl.git",
            f"{DISTRIBUTION} @ git+ssh://git@h.example/a/planctl.git",
        ),
    ],
)
def test_requirements(source: str | None, expected: str) -> None:
    assert requirement(source) == expected


@pytest.mark.parametrize(
    "source",
    ["planctl", "/srv/planctl", 'https://h.example/x"; rm -rf /', "https://h.example/$(id)", ""],
)
def test_a_source_that_is_not_a_git_url_is_refused(source: str, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--source takes the git URL"):
        init_with(tmp_path, source=source)
    assert list(tmp_path.iterdir()) == []


def test_repository_urls_and_releases() -> None:
    assert repository_url("git+ssh://git@h.example/a/planctl.git@v1") == (
        "ssh://git@h.example/a/planctl.git"
    )
    assert repository_url("https://h.example/a/planctl") == "https://h.example/a/planctl"
    assert release_of("0.2.0.dev0") == "0.2.0"
    assert release_of("0.2.0.dev3+g1234567") == "0.2.0"
    assert release_of("1.0.0") == "1.0.0"


def test_the_command_line_passes_source_and_ci(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path), "--source", SOURCE, "--ci", "gitlab"])
    assert result.exit_code == 0, result.output
    assert f"git+{SOURCE}" in (tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", builtin_names())
def test_a_starter_plan_is_a_draft_with_only_gaps_to_fill(name: str, tmp_path: Path) -> None:
    path = new_plan(name, tmp_path / f"{name}.plan.yaml", force=False)
    checked = check_file(path, path.name)
    rules = {problem.rule for problem in checked.report.problems}
    assert rules <= GAP_RULES, [str(p) for p in checked.report.problems]
    assert not rules & STRUCTURAL_RULES
    assert "required-fields" in rules
    assert checked.doc is not None
    # Every level is there, one node each, down to one step.
    template = load_builtin(name)
    node = checked.doc.roots[0]
    for level in template.levels:
        assert node.level.key == level.key
        if level.key != "steps":
            assert node.children, f"the {level.key} level holds nothing"
            node = node.children[0]
    assert node.is_step


@pytest.mark.parametrize("name", builtin_names())
def test_a_starter_plan_says_what_to_write_in_each_column(name: str) -> None:
    template = load_builtin(name)
    text = starter_plan(name)
    lines = text.splitlines()
    keys = [line.strip().removeprefix("- ").split(":")[0] for line in lines]
    # The steps as the plan writes them ('initiatives:' on a strategy map).
    above = template.levels[-2].key if len(template.levels) > 1 else None
    steps_key = template.written_name(above, "steps") if above else "steps"
    for column in template.columns:
        steps_start = keys.index(steps_key)  # the step's fields, not the goal's measure
        assert column.field in keys[steps_start:], column.field
        index = keys.index(column.field, steps_start)
        comment = " ".join(line.strip().removeprefix("# ") for line in _comment_above(lines, index))
        assert comment.startswith(f"{column.heading}:"), (column.field, comment)
        if column.help:
            assert column.help in comment
    for section in template.sections:
        assert f'  {section.key}: ""' in lines
    # Every field the template requires of a step is there to fill in.
    for group in template.required.get("steps", ()):
        assert any(field in keys for field in group), group


def _comment_above(lines: list[str], index: int) -> list[str]:
    found: list[str] = []
    while index > 0 and lines[index - 1].lstrip().startswith("#"):
        index -= 1
        found.insert(0, lines[index])
    return found


def test_the_boston_starter_plan_carries_the_template_instructions() -> None:
    text = starter_plan("tlt-work-plan")
    flat = " ".join(line.strip().removeprefix("# ") for line in text.splitlines())
    assert (
        "Timeline: An expected completion date (month and year) must be defined for each "
        "action step." in flat
    )
    assert "Person/Area Responsible: A responsible person must be identified" in flat


def test_a_starter_plan_reports_each_empty_required_field_at_its_line(tmp_path: Path) -> None:
    path = new_plan("tlt-work-plan", tmp_path / "work.plan.yaml", force=False)
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = check_file(path, path.name).report.problems
    missing = [p for p in problems if p.rule == "required-fields"]
    at = {lines[p.line - 1].strip().removeprefix("- ").split(":")[0] for p in missing}
    assert at == {"title", "action", "due", "outcome", "measure", "owners"}


def test_validate_in_a_new_repository_lists_only_the_gaps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init(tmp_path, "default")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(app, ["validate", "--format", "json"])
    # The starter plan is a draft: its gaps are warnings, so its first commit passes ...
    assert result.exit_code == 0
    report = YAML(typ="safe", pure=True).load(result.stdout)
    (only,) = report["files"]
    assert only["path"] == "plans/default.plan.yaml"
    problems = only["problems"]
    assert problems and {problem["rule"] for problem in problems} <= GAP_RULES
    assert {problem["severity"] for problem in problems} == {"warning"}
    # ... and --strict, or adopting the plan, makes the gaps fail.
    strict = CliRunner().invoke(app, ["validate", "--strict"])
    assert strict.exit_code == 1
    plan = tmp_path / "plans" / "default.plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("status: draft", "status: adopted"),
        encoding="utf-8",
    )
    adopted = CliRunner().invoke(app, ["validate", "--format", "json"])
    assert adopted.exit_code == 1
    errors = YAML(typ="safe", pure=True).load(adopted.stdout)["files"][0]["problems"]
    assert {problem["rule"] for problem in errors if problem["severity"] == "error"} >= {
        "required-fields"
    }


def test_new_plan_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "plan.plan.yaml"
    path.write_text("planctl: 1\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        new_plan("vmosa", path, force=False)
    assert "already exists" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert path.read_text(encoding="utf-8") == "planctl: 1\n"


def test_new_plan_overwrites_with_force(tmp_path: Path) -> None:
    path = tmp_path / "plan.plan.yaml"
    path.write_text("planctl: 1\n", encoding="utf-8")
    assert new_plan("vmosa", path, force=True) == path
    assert path.read_text(encoding="utf-8") == starter_plan("vmosa")


def test_new_plan_makes_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "plans" / "2025" / "reading.plan.yaml"
    assert new_plan("default", path, force=False) == path
    assert path.read_text(encoding="utf-8").startswith("# Action plan")


def test_new_plan_with_an_unknown_template_names_the_built_ins(tmp_path: Path) -> None:
    with pytest.raises(UserError) as raised:
        new_plan("../schemas/plan-templates/default", tmp_path / "x.plan.yaml", force=True)
    assert "built-in: " + ", ".join(builtin_names()) in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_new_plan_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="it is a folder"):
        new_plan("default", tmp_path, force=True)


def test_the_config_names_the_chosen_template() -> None:
    assert 'template = "vmosa"' in config_text("vmosa")


# --------------------------------------------------------------------------
# A second init, and what it remembers of the first


def test_a_file_removed_after_init_is_not_created_again_unless_forced(tmp_path: Path) -> None:
    init(tmp_path)
    starter = tmp_path / "plans" / "tlt-work-plan.plan.yaml"
    starter.unlink()
    created, said = init(tmp_path)
    assert created == []
    assert not starter.exists()
    assert (
        "plans/tlt-work-plan.plan.yaml was created by an earlier init and removed since; "
        "left out (--force creates it)"
    ) in said
    out = io.StringIO()
    assert init_repository(tmp_path, "tlt-work-plan", out=out, force=True) == [starter]
    assert starter.is_file()


def test_the_command_line_forces_with_force(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["init", str(tmp_path)])
    (tmp_path / "planctl.toml").unlink()
    assert "left out" in runner.invoke(app, ["init", str(tmp_path)]).stdout
    assert not (tmp_path / "planctl.toml").exists()
    result = runner.invoke(app, ["init", str(tmp_path), "--force"])
    assert "created planctl.toml" in result.stdout
    assert (tmp_path / "planctl.toml").is_file()


def test_no_starter_plan_where_there_are_plans(tmp_path: Path) -> None:
    (tmp_path / "district").mkdir()
    (tmp_path / "district" / "reading.plan.yaml").write_text(
        (REPO / "examples" / "district-pl-plan.plan.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    created, said = init(tmp_path)
    assert tmp_path / "plans" / "tlt-work-plan.plan.yaml" not in created
    assert "plans/tlt-work-plan.plan.yaml not created: the repository has plans already" in said
    assert tmp_path / "planctl.toml" in created


# --------------------------------------------------------------------------
# Editors complete and check plans with the schema init writes


def _plan_data(path: Path) -> Any:
    loaded = load_text(path.read_text(encoding="utf-8"), path.name)
    assert not loaded.fatal, path
    return loaded.data


def test_the_starter_plan_points_editors_at_the_schema_init_writes(tmp_path: Path) -> None:
    init(tmp_path, "default")
    plan = tmp_path / "plans" / "default.plan.yaml"
    first = plan.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (plan.parent / first.partition("$schema=")[2]).resolve() == (
        tmp_path / SCHEMA_FILE
    ).resolve()
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {SCHEMA_FILE: ["*.plan.yaml", "*.plan.yml"]}
    assert (tmp_path / SCHEMA_FILE).is_file()


def test_the_schema_init_writes_accepts_every_example_and_starter_plan(tmp_path: Path) -> None:
    init(tmp_path, "default")
    schema = json.loads((tmp_path / SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    examples = sorted((REPO / "examples").glob("*.plan.yaml"))
    assert examples
    for example in examples:
        errors = [error.message for error in validator.iter_errors(_plan_data(example))]
        assert not errors, (example.name, errors[:3])
    for name in builtin_names():
        starter = new_plan(name, tmp_path / "starters" / f"{name}.plan.yaml", force=False)
        errors = [error.message for error in validator.iter_errors(_plan_data(starter))]
        assert not errors, (name, errors[:3])
    wrong = {**_plan_data(examples[0]), "titel": "A misspelt key"}
    assert list(validator.iter_errors(wrong))


def test_the_starter_plan_with_its_schema_line_still_formats_and_checks(tmp_path: Path) -> None:
    init(tmp_path, "default")
    plan = tmp_path / "plans" / "default.plan.yaml"
    before = plan.read_bytes()
    result = CliRunner().invoke(app, ["fmt", "--check", str(plan)])
    assert result.exit_code == 0, result.output
    assert plan.read_bytes() == before


# --------------------------------------------------------------------------
# Names folder searches would miss


def test_new_warns_of_a_name_folder_searches_miss(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", str(tmp_path / "reading.yaml")])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        "planctl: warning: reading.yaml will not be found when planctl searches a folder "
        "(it looks for *.plan.yaml); name it reading.plan.yaml"
    )
    quiet = CliRunner().invoke(app, ["new", str(tmp_path / "reading.plan.yml")])
    assert "warning" not in quiet.stderr
