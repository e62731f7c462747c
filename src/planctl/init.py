"""Starting a plan repository (``planctl init``) and a new plan (``planctl new``).

``init`` lays out what a district needs to keep its plans in git and check them
in pull requests: ``planctl.toml``, a starter plan under ``plans/``, a
pre-commit configuration whose hooks run the planctl installed beside it, and a
GitHub Actions workflow (or a GitLab CI job) that installs planctl by its
published name, or from a git URL, and runs it. It never replaces a file that
is already there.

A starter plan is built from a template: every level and every column of
the district's action-step table is present, empty, with a comment above it
saying what to write (the template's own instructions where it has them).
It is a draft that reads and builds cleanly, so ``planctl validate`` lists
exactly the gaps still to fill, at their lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from planctl import __version__
from planctl.checking import discover, undiscovered_name_warning
from planctl.errors import UserError
from planctl.resources import schemas_dir
from planctl.template import PlanTemplate, builtin_names, load_builtin
from planctl.vocabulary.status import STATUS_WORDS
from planctl.writing import atomic_writer
from planctl.yamlwrite import DASH_OFFSET, INDENT, SEQUENCE_INDENT, comment_lines

PLANS_FOLDER = "plans"
CONFIG_FILE = "planctl.toml"
PRE_COMMIT_FILE = ".pre-commit-config.yaml"
WORKFLOW_FILE = ".github/workflows/plans.yml"

GITLAB_FILE = ".gitlab-ci.yml"
SITE_WORKFLOW_FILE = ".github/workflows/site.yml"
"""The GitHub Pages workflow ``init --site`` writes (for GitLab, a job in .gitlab-ci.yml)."""
CI_SYSTEMS = ("github", "gitlab", "none")
"""What ``init --ci`` takes: the CI whose file is written, or none."""

DISTRIBUTION = "planctl-schools"
"""The name planctl is published under (the command and the import package are ``planctl``)."""

_SOURCE = re.compile(r"(?:git\+)?(?:https?|ssh|file)://[^\s\"'\\`$]+")
"""A git URL ``init --source`` takes: no spaces, quotes, backslashes, backquotes or ``$``."""

_WORKFLOW = """\
# Check the plans of every pull request that changes one. Each problem is shown on its line
# of the pull request's changed files, and the run's summary page lists them with links,
# shows what changed in the plans since the base branch, and links the board packet (made
# even when a plan has problems, which it lists on its first page). 'planctl init' writes
# this file as .github/workflows/plans.yml.
name: Plans

on:
  pull_request:
    paths:
      # Plans and what they depend on: planctl.toml, the roster, district templates (YAML
      # files of any name) and this workflow.
      - "**/*.yaml"
      - "**/*.yml"
      - planctl.toml
  push:
    branches: [main]
    paths:
      - "**/*.yaml"
      - "**/*.yml"
      - planctl.toml
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    name: Check plans
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"

      - name: Install planctl
        env:
          # What pip installs: {what}
          PLANCTL: "{requirement}"
        run: |
          python -m pip install --disable-pip-version-check --quiet "$PLANCTL"
          planctl --version

      - name: Check plans
        id: check
        # Each problem on its line and in the job summary. Problems (exit 1) fail the job in
        # the last step, after the packet is made; a check that cannot run fails here.
        run: |
          status=0
          planctl validate --format github || status=$?
          echo "status=$status" >> "$GITHUB_OUTPUT"
          if [ "$status" -gt 1 ]; then exit "$status"; fi

      - name: Compare with the base branch
        # Only pull requests have a base branch (GitHub sets GITHUB_BASE_REF for them).
        run: |
          if [ -z "${GITHUB_BASE_REF:-}" ]; then exit 0; fi
          base=$GITHUB_BASE_REF
          summary=$GITHUB_STEP_SUMMARY
          changes="$RUNNER_TEMP/plan-changes.md"
          printf '## Plan changes since %s\\n\\n' "$base" >> "$summary"
          refspec="+refs/heads/$base:refs/remotes/origin/$base"
          if ! git fetch --quiet --no-tags --depth=1 origin "$refspec"; then
            echo "The base branch could not be fetched; the changes are not shown." >> "$summary"
            exit 0
          fi
          status=0
          planctl diff --rev "origin/$base" --format md > "$changes" || status=$?
          if [ "$status" -le 1 ]; then
            cat "$changes" >> "$summary"
          else
            echo "planctl diff could not compare the plans: see this step's log." >> "$summary"
          fi

      - name: Render the board packet
        run: planctl render --to html -o packet.html {plans}

      - name: Upload the board packet
        id: upload
        uses: actions/upload-artifact@v4
        with:
          name: plan-packet
          path: packet.html
          if-no-files-found: error

      - name: Link the board packet
        env:
          PACKET_URL: ${{ steps.upload.outputs.artifact-url }}
        run: |
          {
            echo "## Board packet"
            echo
            echo "[Download the board packet]($PACKET_URL) (packet.html, zipped)."
          } >> "$GITHUB_STEP_SUMMARY"

      - name: Fail when a plan has problems
        env:
          STATUS: ${{ steps.check.outputs.status }}
        run: |
          if [ "$STATUS" != "0" ]; then
            echo "The plans have problems: each is marked on its line and listed in the summary."
            exit 1
          fi

  # Optional: the same problems in the repository's Security tab (GitHub code scanning).
  # Turn it on with a repository variable PLANCTL_SARIF set to "true"; private repositories
  # need GitHub Advanced Security for code scanning.
  code-scanning:
    name: Plans in code scanning
    if: ${{ vars.PLANCTL_SARIF == 'true' }}
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install planctl
        env:
          PLANCTL: "{requirement}"
        run: python -m pip install --disable-pip-version-check --quiet "$PLANCTL"
      - name: Check plans (SARIF)
        # The report is uploaded whether or not problems were found; the job above fails
        # the pull request.
        run: planctl validate --format sarif -o planctl.sarif || test -s planctl.sarif
      - uses: github/codeql-action/upload-sarif@v3
        if: ${{ always() && hashFiles('planctl.sarif') != '' }}
        with:
          sarif_file: planctl.sarif
          category: planctl
"""

_SITE_WORKFLOW = """\
# Publish the plans as a progress site on GitHub Pages at every push to main: an index of
# the plans, a page per plan, the scorecard, what changed since adoption, search and a feed
# (planctl site). Nothing is published while a plan would show a student's name, id,
# contact or a count small enough to identify students: the job fails and names the lines.
# Turn Pages on first (Settings > Pages > Source: GitHub Actions).
# 'planctl init --site' writes this file as .github/workflows/site.yml.
name: Plan site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    name: Build the site
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # The whole history and its tags: what changed since the plan's adoption tag.
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install planctl
        env:
          # What pip installs: {what}
          PLANCTL: "{requirement}"
        run: python -m pip install --disable-pip-version-check --quiet "$PLANCTL"
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build the site
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: planctl site -o _site --base-url "$BASE_URL/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site

  deploy:
    name: Publish the site
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

_GITLAB_PAGES = """\
# Publish the plans as a progress site on GitLab Pages at every push to the default branch:
# an index of the plans, a page per plan, the scorecard, what changed since adoption, search
# and a feed (planctl site). Nothing is published while a plan would show a student's name,
# id, contact or a count small enough to identify students: the job fails and names the
# lines. 'planctl init --ci gitlab --site' adds this job to .gitlab-ci.yml.
pages:
  stage: deploy
  image: python:3.12
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  variables:
    # What pip installs: {what}
    PLANCTL: "{requirement}"
    # The whole history and its tags: what changed since the plan's adoption tag.
    GIT_DEPTH: 0
  before_script:
    - python -m pip install --disable-pip-version-check --quiet "$PLANCTL"
  script:
    - planctl site -o public --base-url "$CI_PAGES_URL/"
  artifacts:
    paths:
      - public
"""

_GITLAB = """\
# Check the plans of every merge request that changes one: the problems appear in the merge
# request's code-quality widget and in the job log; what changed in the plans since the
# target branch (plan-changes.md) and the board packet (packet.html, made even when a plan
# has problems, which it lists on its first page) are linked from the merge request.
# 'planctl init --ci gitlab' writes this file as .gitlab-ci.yml; to add the job to an
# existing .gitlab-ci.yml, copy the 'plans' job.
plans:
  stage: test
  image: python:3.12
  rules:
    # Plans and what they depend on: planctl.toml, the roster, district templates (YAML
    # files of any name) and this file.
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      changes:
        - "**/*.yaml"
        - "**/*.yml"
        - planctl.toml
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      changes:
        - "**/*.yaml"
        - "**/*.yml"
        - planctl.toml
  variables:
    # What pip installs: {what}
    PLANCTL: "{requirement}"
  before_script:
    - python -m pip install --disable-pip-version-check --quiet "$PLANCTL"
    - planctl --version
  script:
    # The problems in words for the job log, then the report for the widget. Problems fail
    # the job at the end, after the packet is made.
    - planctl validate --format text || true
    - status=0
    - planctl validate --format gitlab -o gl-code-quality-report.json || status=$?
    - if [ "$status" -gt 1 ]; then exit "$status"; fi
    - |
      if [ -n "${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-}" ]; then
        target=$CI_MERGE_REQUEST_TARGET_BRANCH_NAME
        changes=plan-changes.md
        refspec="+refs/heads/$target:refs/remotes/origin/$target"
        if git fetch --quiet --no-tags --depth=1 origin "$refspec"; then
          changed=0
          planctl diff --rev "origin/$target" --format md > "$changes" || changed=$?
          if [ "$changed" -gt 1 ]; then
            echo "planctl diff could not compare the plans: see the job log." > "$changes"
          fi
        else
          echo "The target branch could not be fetched; the changes are not shown." > "$changes"
        fi
      fi
    - planctl render --to html -o packet.html {plans}
    - exit "$status"
  artifacts:
    when: always
    expose_as: plans
    reports:
      codequality: gl-code-quality-report.json
    paths:
      - gl-code-quality-report.json
      - packet.html
      - plan-changes.md
    expire_in: 4 weeks
"""

_PRE_COMMIT = """\
# pre-commit checks and formats the plans each commit changes, with the planctl installed on
# this machine ('language: system' runs the planctl command found on PATH). Once in each
# clone:
#   pip install pre-commit "{requirement}"
#   pre-commit install
# Where planctl is published as a git repository with release tags, pre-commit can install
# it by itself instead: replace the 'local' repository below with
#   - repo: {repository}
#     rev: v{version}
#     hooks:
#       - id: planctl-validate
#       - id: planctl-fmt
repos:
  - repo: local
    hooks:
      - id: planctl-validate
        name: planctl validate
        entry: planctl validate
        language: system
        files: \\.plan\\.ya?ml$
        require_serial: false
      - id: planctl-fmt
        name: planctl fmt
        entry: planctl fmt
        language: system
        files: \\.plan\\.ya?ml$
        require_serial: false
"""


def requirement(source: str | None = None) -> str:
    """What pip installs for CI: the published distribution, or planctl from the git URL ``source``.

    Raises :class:`UserError` for a source that is not a git URL.
    """
    if source is None:
        return DISTRIBUTION
    if not _SOURCE.fullmatch(source):
        raise UserError(
            f"--source takes the git URL of planctl's repository, such as "
            f"https://git.example.org/it/planctl.git (with @TAG for a release); not {source!r}"
        )
    url = source if source.startswith("git+") else f"git+{source}"
    return f"{DISTRIBUTION} @ {url}"


def _what(source: str | None) -> str:
    if source is None:
        return (
            f"planctl as published under the name {DISTRIBUTION} (pin a release with "
            f"{DISTRIBUTION}==X.Y.Z); 'planctl init --source URL' writes a git URL instead."
        )
    return "planctl from its git repository ('@TAG' at the end of the URL pins a release)."


def _fill(text: str, source: str | None, plans: str = PLANS_FOLDER) -> str:
    return (
        text.replace("{requirement}", requirement(source))
        .replace("{what}", _what(source))
        .replace("{plans}", plans)
    )


def workflow_text(source: str | None = None) -> str:
    """The GitHub Actions workflow ``init`` writes (examples/ci/github-workflow.yml: no source)."""
    return _fill(_WORKFLOW, source)


def gitlab_text(source: str | None = None) -> str:
    """The GitLab CI job ``init --ci gitlab`` writes (examples/ci/gitlab-ci.yml: no source)."""
    return _fill(_GITLAB, source)


def site_workflow_text(source: str | None = None) -> str:
    """The GitHub Pages workflow ``init --site`` writes (examples/ci/github-pages.yml)."""
    return _fill(_SITE_WORKFLOW, source)


def gitlab_pages_text(source: str | None = None) -> str:
    """The GitLab Pages job ``init --ci gitlab --site`` adds (examples/ci/gitlab-pages.yml)."""
    return _fill(_GITLAB_PAGES, source)


def pre_commit_text(source: str | None = None) -> str:
    """The pre-commit configuration ``init`` writes: local hooks, the published form in a note."""
    repository = "<the git URL of planctl>"
    if source is not None:
        requirement(source)  # refuses what is not a git URL
        repository = repository_url(source)
    return (
        _PRE_COMMIT.replace("{requirement}", requirement(source))
        .replace("{repository}", repository)
        .replace("{version}", release_of(__version__))
    )


def repository_url(source: str) -> str:
    """The repository of a pip git URL: without ``git+`` and without an ``@TAG`` at its end."""
    url = source.removeprefix("git+")
    head, at, tail = url.rpartition("@")
    if at and "/" not in tail and "://" in head:
        return head
    return url


def release_of(version: str) -> str:
    """The release a version is or leads to: ``0.2.0`` for ``0.2.0.dev0`` or ``0.2.0``."""
    return re.sub(r"\.?dev\d*$", "", version.partition("+")[0])


_CONFIG = """\
# planctl.toml: settings for the plans in this repository. planctl also takes the folder
# holding this file as the top of the plan repository: a plan's template path may not
# point above it.

# The plan files of this repository.
plans = ["plans/**/*.plan.yaml"]

# The template of plans that do not name one in 'template:'.
# 'planctl templates' lists the built-in ones.
template = "{template}"

# A roster of people and teams shared by every plan; owners are checked against it.
# roster = "people.yaml"

# The date planctl takes as today when it reports progress (default: the day it runs).
# as_of = "2025-06"

[rules]
# A rule's severity for every plan here: "error", "warning", "info" or "off".
# 'planctl rules' lists the rules.
# smart-measure = "off"
# date-in-period = "error"
"""

# What to write in each step field, for templates whose columns carry no instructions.
_STEP_HELP = {
    "action": "What will be done; one action per step.",
    "start": "The month and year the step begins, such as 'September 2024'.",
    "due": "The month and year the step will be done, such as 'May 2025'.",
    "dates": "The milestones, each a month and year, such as [August 2025, December 2025].",
    "repeat": "How often the step recurs: weekly, monthly, quarterly, semiannually or annually.",
    "owners": "The person or team responsible, such as [J. Rivera].",
    "outcome": "What will exist when the step is done.",
    "measure": "The evidence that the step worked: a data source, or {source, baseline, target}.",
    "cost": "The amount, such as 1500, or {amount, funding, by_year}.",
    "resources": "People, time and materials the step needs.",
    "benefits": "What success will look like.",
    "comments": "Anything else reviewers should know.",
    "phase": "The phase of the plan the step belongs to.",
    "tags": "Words to group steps by, such as [PLC].",
    "status": "One of " + ", ".join(STATUS_WORDS) + ".",
    "completed": "The date the step was done.",
    "updates": "Progress notes, each {date, note, status}.",
}
_LIST_FIELDS = frozenset({"owners", "dates", "resources", "tags", "aligns_to", "updates"})
_NODE_LIST_FIELDS = frozenset({"owners", "tags", "aligns_to", "measures"})
_MEASURE = (
    ("indicator", "what is counted"),
    ("source", "where the numbers come from"),
    ("unit", '"%", count or ratio'),
    ("direction", "increase or decrease"),
    ("baseline", "{value: 62, as_of: 2024-05}"),
    ("target", "{value: 85, by: 2027-06}"),
)


def _template(name: str) -> PlanTemplate:
    names = builtin_names()
    if name not in names:
        raise UserError(f"there is no built-in template '{name}'; built-in: {', '.join(names)}")
    return load_builtin(name)


def starter_plan(template: str) -> str:
    """The text of a new draft plan built from the built-in ``template``.

    Raises :class:`UserError` for a name that is not a built-in template.
    """
    return _Writer(_template(template)).plan()


class _Writer:
    """Writes a starter plan line by line."""

    def __init__(self, template: PlanTemplate) -> None:
        self.template = template
        self.lines: list[str] = []

    def comment(self, indent: int, text: str) -> None:
        self.lines.extend(comment_lines(text, indent, least=40))

    def line(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def plan(self) -> str:
        template = self.template
        self.comment(0, f"{template.title}: a new plan from the template '{template.name}'.")
        if template.description:
            self.comment(0, template.description)
        instructions = " ".join(column.help for column in template.columns if column.help)
        if instructions:
            self.lines.append("#")
            self.comment(0, f"The template's instructions: {instructions}")
        self.lines.append("#")
        self.comment(
            0,
            "Write in each empty field; 'planctl validate' lists the ones still empty, at their "
            f"lines. Copy a block to add another {template.levels[0].label.lower()} or step; "
            f"'planctl templates {template.name}' shows the template.",
        )
        self.line(0, "planctl: 1")
        self.line(0, f"template: {template.name}")
        self.comment(0, "The plan's title, as on the cover of the board packet.")
        self.line(0, "title:")
        self.comment(0, "The district, school or team the plan belongs to.")
        self.line(0, "organization:")
        self.comment(0, "The months the plan covers, written as 2024-07 or July 2024.")
        self.line(0, "period: {start: YYYY-MM, end: YYYY-MM}")
        self.comment(0, "draft until the plan is adopted, then adopted; archived when it is over.")
        self.line(0, "status: draft")
        self.comment(0, "What the plan is for, in a paragraph.")
        self.line(0, "description:")
        self.sections()
        self.lines.append("")
        self.comment(
            0,
            "The people and teams who own steps; each step's owners are checked against this "
            "list. For example:",
        )
        self.line(0, "#   - {name: Dr. Maria Alvarez, role: Assistant Superintendent}")
        self.line(0, "#   - {name: Professional Learning Committee, team: true}")
        self.line(0, "people: []")
        self.lines.append("")
        self.level(0, 0, "")
        return "\n".join(self.lines) + "\n"

    def sections(self) -> None:
        template = self.template
        if template.sections:
            self.lines.append("")
            self.comment(0, "The plan's narrative, each a paragraph or a list.")
            self.line(0, "sections:")
            for section in template.sections:
                help_text = f"{section.heading}. {section.description}".strip()
                self.comment(INDENT, help_text.rstrip(".") + ".")
                self.line(INDENT, f'{section.key}: ""')
        elif template.open_sections:
            self.lines.append("")
            self.comment(0, "Narrative sections, each a paragraph or a list, for example:")
            self.line(0, "# sections:")
            self.line(0, "#   vision: Every student reads on grade level by the end of grade 3.")

    def level(self, index: int, indent: int, parent_id: str) -> None:
        template = self.template
        spec = template.levels[index]
        # Under the name the district's plans write it (a strategy map's 'initiatives:').
        above = template.levels[index - 1].key if index else None
        self.line(indent, f"{template.written_name(above, spec.key) if above else spec.key}:")
        item = indent + DASH_OFFSET
        body = indent + SEQUENCE_INDENT
        if spec.key == "steps":
            self.step(item, body)
            return
        node_id = f"{parent_id}{spec.label[:1].upper()}1"
        self.line(item, f"- id: {node_id}")
        about = spec.description or f"state the {spec.label.lower()} in one sentence."
        self.comment(body, f"{spec.label}: {about}")
        self.line(body, "title:")
        written = {"id", "title"}
        if index == 0:
            self.comment(
                body,
                f"How progress on the {spec.label.lower()} is measured: what is counted, where "
                "the numbers come from, a baseline and a target with their dates.",
            )
            measures = template.written_name(spec.key, "measures")
            if measures == "measures":
                self.line(body, "measure:")
                for key, note in _MEASURE:
                    self.line(body + INDENT, f"{key + ':':<12}# {note}")
            else:
                # The template names the goal's list of measures ('key_measures:').
                self.line(body, f"{measures}:")
                for number, (key, note) in enumerate(_MEASURE):
                    dash = "- " if number == 0 else "  "
                    self.line(body + INDENT, f"{dash}{key + ':':<12}# {note}")
            written.update(("measure", "measures"))
        for custom in template.custom_fields(spec.key):
            self.comment(body, f"{custom.heading}. {custom.help}".strip())
            written.add(custom.key)
            if custom.type == "list":
                self.line(body, f"{custom.key}: []")
            elif custom.type == "text":
                self.line(body, f'{custom.key}: ""')
            else:
                self.line(body, f"# {custom.key}: 0")
        for group in template.required.get(spec.key, ()):
            if any(name in written for name in group):
                continue
            name = group[0]
            written.add(name)
            self.comment(body, f"{template.heading(name)}. Required.")
            self.line(body, f"{name}: []" if name in _NODE_LIST_FIELDS else f"{name}:")
        self.level(index + 1, body, f"{node_id}.")

    def step(self, item: int, body: int) -> None:
        template = self.template
        custom = {field.key: field for field in template.custom_fields("steps")}
        names = ["action"]
        names += [column.field for column in template.columns if column.field not in names]
        for group in template.required.get("steps", ()):
            if not any(name in names for name in group):
                names.append(group[0])
        names += [key for key in custom if key not in names]
        for position, name in enumerate(names):
            indent = item if position == 0 else body
            self.comment(indent, f"{template.heading(name)}: {self.help(name)}")
            if name in custom:
                kind = custom[name].type
                value = " []" if kind == "list" else ' ""' if kind == "text" else ""
                text = f"{name}:{value}" if kind != "number" else f"# {name}: 0"
            else:
                text = f"{name}: []" if name in _LIST_FIELDS else f"{name}:"
            if position == 0:
                self.line(item, f"- {text}")
            else:
                self.line(body, text)
        others = [name for name in _STEP_HELP if name not in names]
        if others:
            self.comment(body, "A step may also have: " + ", ".join(others) + ".")

    def help(self, name: str) -> str:
        template = self.template
        for column in template.columns:
            if column.field == name and column.help:
                return column.help
        for field in template.custom_fields("steps"):
            if field.key == name and field.help:
                return field.help
        text = _STEP_HELP.get(name, "")
        if name == "status" and template.status_aliases:
            text = text.rstrip(".") + ", or " + ", ".join(template.status_aliases) + "."
        for group in template.required.get("steps", ()):
            if name in group:
                others = [other for other in group if other != name]
                alternatives = " or ".join(f"'{other}'" for other in others)
                text += f" Required (or {alternatives} instead)." if others else " Required."
                break
        return text.strip()


def config_text(template: str) -> str:
    """The ``planctl.toml`` that ``init`` writes, naming ``template`` for new plans."""
    return _CONFIG.replace("{template}", template)


def init_repository(
    folder: Path,
    template: str,
    *,
    out: TextIO,
    source: str | None = None,
    ci: str = "github",
    force: bool = False,
    site: bool = False,
) -> list[Path]:
    """Lay out a plan repository in ``folder``; return the files created.

    Creates ``planctl.toml``, ``plans/<template>.plan.yaml``, ``.pre-commit-config.yaml``,
    the editor files (see :func:`_editor_files`) and the CI file of ``ci``
    (``.github/workflows/plans.yml`` for github, ``.gitlab-ci.yml`` for gitlab,
    none for none), and with ``site`` the CI's publishing of the plans' site
    (``.github/workflows/site.yml``, or a ``pages`` job in ``.gitlab-ci.yml``);
    CI installs planctl by its published name, or from the git
    URL ``source``. A file already there is left as it is and named on ``out``;
    so is each file created. A file an earlier ``init`` created and the district
    removed since is not created again, unless ``force``; nor is the starter plan
    in a folder that holds plans. Raises :class:`UserError` for an unknown
    template or CI, a source that is not a git URL, or a file that cannot be
    written.
    """
    if ci not in CI_SYSTEMS:
        raise UserError(f"--ci takes {', '.join(CI_SYSTEMS)}; not {ci!r}")
    plan = f"{PLANS_FOLDER}/{template}.plan.yaml"
    files = {
        CONFIG_FILE: config_text(template),
        plan: f"{SCHEMA_LINE}\n{starter_plan(template)}",
        PRE_COMMIT_FILE: pre_commit_text(source),
    }
    if site and ci == "none":
        raise UserError("--site publishes the plans from CI: give --ci github or --ci gitlab")
    if ci == "github":
        files[WORKFLOW_FILE] = workflow_text(source)
        if site:
            files[SITE_WORKFLOW_FILE] = site_workflow_text(source)
    elif ci == "gitlab":
        files[GITLAB_FILE] = gitlab_text(source)
        if site:
            files[GITLAB_FILE] += "\n" + gitlab_pages_text(source)
    files.update(_editor_files())
    if folder.exists() and not folder.is_dir():
        raise UserError(f"cannot set up plans in {folder}: it is a file")
    before = _created_before(folder)
    created: list[Path] = []
    for name, text in files.items():
        path = folder / name
        skipped = _why_not(folder, name, plan, before, force=force)
        if skipped:
            out.write(f"{name} {skipped}\n")
        elif _create(path, text):
            created.append(path)
            out.write(f"created {name}\n")
        else:
            out.write(f"{name} already exists; left as it is\n")
    if created:
        install = requirement(source)
        _record(folder, before | {path.relative_to(folder).as_posix() for path in created})
        out.write(
            "next:\n"
            f"  write the plan in {plan} ('planctl validate' lists what is still empty)\n"
            f"  pip install pre-commit; then 'pre-commit install', so that each commit checks\n"
            "    the plans it changes with this planctl\n"
        )
        if ci != "none":
            out.write(f"  CI installs planctl as '{install}'\n")
        if site and ci == "github":
            out.write(
                "  turn Pages on (Settings > Pages > Source: GitHub Actions); each push to\n"
                "    main then publishes the site\n"
            )
        elif site:
            out.write("  each push to the default branch publishes the site on GitLab Pages\n")
    return created


def _create(path: Path, text: str) -> bool:
    """Write ``text`` to a new file ``path``; False (and nothing written) if it exists."""
    if path.exists() or path.is_symlink():
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create the folder {path.parent}: {_reason(error)}") from None
    try:
        stream = path.open("x", encoding="utf-8", newline="\n")
    except FileExistsError:
        return False
    except OSError as error:
        raise UserError(f"cannot write {path}: {_reason(error)}") from None
    try:
        with stream:
            stream.write(text)
    except OSError as error:
        path.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {_reason(error)}") from None
    return True


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def new_plan(template: str, output: Path, *, force: bool) -> Path:
    """Write a starter plan from the built-in ``template`` to ``output``; return ``output``.

    Refuses (:class:`UserError`) to replace an existing file unless ``force``.
    """
    text = starter_plan(template)
    if output.is_dir():
        raise UserError(f"cannot write {output}: it is a folder")
    if not force:
        if not _create(output, text):
            raise UserError(f"{output} already exists; add --force to replace it")
        return output
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create the folder {output.parent}: {_reason(error)}") from None
    with atomic_writer(output) as stream:
        stream.write(text)
    return output


@dataclass(frozen=True)
class InitOptions:
    """What ``planctl init`` was asked for."""

    folder: Path = Path()
    """The plan repository to set up."""
    template: str = "default"
    """The built-in template of the starter plan."""
    source: str | None = None
    """A git URL CI installs planctl from (default: the published distribution)."""
    ci: str = "github"
    """The CI to write a file for: a name of :data:`CI_SYSTEMS`."""
    force: bool = False
    """Create again the files an earlier ``init`` created that were removed since."""
    site: bool = False
    """Also write the CI's publishing of the plans as a site (GitHub or GitLab Pages)."""


def run_init(options: InitOptions, out: TextIO) -> int:
    """``planctl init``: :func:`init_repository`, naming each file on ``out``; returns 0."""
    init_repository(
        options.folder,
        options.template,
        out=out,
        source=options.source,
        ci=options.ci,
        force=options.force,
        site=options.site,
    )
    return 0


@dataclass(frozen=True)
class NewOptions:
    """What ``planctl new`` was asked for."""

    output: Path
    """The plan file to create."""
    template: str = "default"
    """The built-in template to start from."""
    force: bool = False
    """Replace the file if it exists."""


def run_new(options: NewOptions, err: TextIO) -> int:
    """``planctl new``: :func:`new_plan`, then what to do next on ``err``; returns 0."""
    path = new_plan(options.template, options.output, force=options.force)
    err.write(f"planctl: wrote {path}; 'planctl validate {path}' lists what to fill in\n")
    warning = undiscovered_name_warning(path)
    if warning:
        err.write(f"planctl: {warning}\n")
    return 0


# --------------------------------------------------------------------------
# Editors, and what init created before

SCHEMA_FILE = ".planctl/plan.schema.json"
"""The plan JSON Schema in the plan repository, for editors' completion and inline errors."""
SCHEMA_LINE = "# yaml-language-server: $schema=../.planctl/plan.schema.json"
"""The starter plan's first line: where the YAML language server finds the schema."""
EDITOR_FILE = ".vscode/settings.json"
RECORD_FILE = ".planctl/created-by-init.txt"
"""The files ``init`` created, one a line, so that a second ``init`` leaves removed ones out."""


def _editor_files() -> dict[str, str]:
    """The plan schema, and VS Code's setting that applies it to every plan file."""
    schema = (schemas_dir() / "plan.schema.json").read_text(encoding="utf-8")
    settings = {"yaml.schemas": {SCHEMA_FILE: ["*.plan.yaml", "*.plan.yml"]}}
    return {SCHEMA_FILE: schema, EDITOR_FILE: json.dumps(settings, indent=2) + "\n"}


def _created_before(folder: Path) -> set[str]:
    try:
        text = (folder / RECORD_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"}


def _record(folder: Path, names: set[str]) -> None:
    lines = [
        "# The files 'planctl init' created here. A second 'planctl init' does not create",
        "# again one that was removed ('planctl init --force' does).",
        *sorted(names),
    ]
    path = folder / RECORD_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path) as stream:
            stream.write("\n".join(lines) + "\n")
    except (OSError, UserError):
        pass  # only a convenience: init still did its work


def _why_not(folder: Path, name: str, plan: str, before: set[str], *, force: bool) -> str:
    """Why ``init`` leaves the file ``name`` out, or '' to create it."""
    if (folder / name).exists() or force:
        return ""
    if name in before:
        return "was created by an earlier init and removed since; left out (--force creates it)"
    if name == plan and _has_plans(folder):
        return "not created: the repository has plans already"
    return ""


def _has_plans(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    try:
        return bool(discover([str(folder)]))
    except UserError:
        return False
