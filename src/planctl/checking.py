"""Checking: find plan files, read each, build it, run the rules, collect problems.

This is the one pipeline every command that reads plans goes through
(load → template → model → rules): :func:`find_plans` turns the command
line's paths into plan files, :func:`open_plans` checks them one by one.
Each file is checked on its own: a file that cannot be read is a problem in
its report and never stops the others.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from planctl import paths
from planctl.bulk import Ticker, map_in_order
from planctl.config import Settings
from planctl.errors import UserError
from planctl.load import LoadedFile, load_file
from planctl.model.build import RULE_STRUCTURE, PlanDoc, build
from planctl.paths import repository_root as repository_root  # kept importable from here
from planctl.problem import FileReport, Problem, Severity
from planctl.rule_names import is_privacy_rule, known_names
from planctl.rules import RULES, privacy_rules
from planctl.rules.base import RuleContext
from planctl.rules.drafts import DRAFT_NOTE, is_draft, is_gap
from planctl.template import RULE_TEMPLATE, PlanTemplate, TemplateError, builtin_names, find

PLAN_SUFFIXES = (".plan.yaml", ".plan.yml")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__"})
RULE_SILENCE = "silence"


class PathNotFound(UserError):
    """A path given on the command line does not exist."""


@dataclass
class CheckedPlan:
    """A plan file after validation: the built plan (when it could be built) and its report."""

    report: FileReport
    doc: PlanDoc | None
    source: Path | None = None
    """The file read, when the plan came from one (``report.path`` is its shown name)."""

    def unreadable_reason(self) -> str:
        """Why the plan could not be built: its first error and that error's line."""
        problems = self.report.problems
        errors = [p for p in problems if p.severity is Severity.ERROR] or problems
        return f"{errors[0].message} (line {errors[0].line})" if errors else "unreadable"


def is_plan_file(name: str) -> bool:
    """True for ``*.plan.yaml`` and ``*.plan.yml`` names."""
    return name.lower().endswith(PLAN_SUFFIXES)


def undiscovered_name_warning(path: Path) -> str:
    """Why a plan written to ``path`` will be missed by folder searches, or ''.

    ``planctl validate`` and the hooks search folders for ``*.plan.yaml`` and
    ``*.plan.yml`` only; a plan named otherwise is checked only when named.
    """
    if is_plan_file(path.name):
        return ""
    stem = path.name.split(".")[0] or "plan"
    return (
        f"warning: {path.name} will not be found when planctl searches a folder "
        f"(it looks for *.plan.yaml); name it {stem}.plan.yaml"
    )


def discover(targets: Sequence[str]) -> list[tuple[Path, str]]:
    """Plan files named by ``targets``: files as given, folders searched for ``*.plan.yaml``.

    Raises :class:`PathNotFound` for a target that does not exist. Folder
    walks do not follow symbolic links, so a link loop cannot trap them.
    """
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for target in targets:
        path = Path(target)
        if path.is_dir():
            for file in _walk(path):
                _add(found, seen, file)
        elif path.exists() or path.is_symlink():
            _add(found, seen, path)
        else:
            raise PathNotFound(target)
    return found


def _add(found: list[tuple[Path, str]], seen: set[Path], path: Path) -> None:
    key = path.absolute()
    if key not in seen:
        seen.add(key)
        found.append((path, _display(path)))


def _display(path: Path) -> str:
    text = os.path.normpath(str(path))
    # A name that is not UTF-8 is shown with U+FFFD, so every report can write it.
    return paths.shown(text.replace(os.sep, "/"))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=None):
        dirs[:] = sorted(name for name in dirs if name not in SKIP_DIRS)
        for name in sorted(files):
            path = Path(root) / name
            # Regular files (and links, so a broken one is reported): a named pipe or
            # device called *.plan.yaml would block a read.
            if is_plan_file(name) and (path.is_symlink() or path.is_file()):
                yield path


def find_plans(
    targets: Sequence[str], settings: Settings | None = None, *, allow_none: bool = False
) -> list[tuple[Path, str]]:
    """The plan files ``targets`` name, each with its shown name; the one discovery of plans.

    No targets means the ``plans`` of ``settings`` (``planctl.toml``), else the
    current folder. Raises :class:`~planctl.errors.UserError` for a target that
    does not exist and, unless ``allow_none``, when no plan file is found.
    """
    chosen = list(targets) or (settings.plan_paths() if settings is not None else []) or ["."]
    try:
        files = discover(chosen)
    except PathNotFound as missing:
        raise UserError(f"no such file or folder: {missing}") from None
    if not files and not allow_none:
        raise UserError(f"no *.plan.yaml or *.plan.yml files in {', '.join(chosen)}")
    return files


def open_plans(
    files: Sequence[tuple[Path, str]],
    settings: Settings | None = None,
    *,
    jobs: int | None = 1,
    ticker: Ticker | None = None,
) -> Iterator[CheckedPlan]:
    """Check each of ``files`` (from :func:`find_plans`) in turn; the one check loop.

    Plans are checked as they are asked for, so a command that stops at the
    first unreadable plan does not pay for the rest. With ``jobs`` other than
    one (None: one per core from :data:`~planctl.bulk.PARALLEL_FROM` files),
    worker processes check the files and send each built plan back, in the
    files' order. ``ticker`` counts the files checked.
    """
    items = [(path, display, settings) for path, display in files]
    return map_in_order(check_file, items, jobs=jobs, ticker=ticker, what="reading")


def validate_reports(
    files: Sequence[tuple[Path, str]],
    settings: Settings | None = None,
    jobs: int | None = None,
    ticker: Ticker | None = None,
) -> list[FileReport]:
    """Check ``files`` and return only their reports, in order.

    Many files are checked in several processes (``jobs``, default: one per
    core); each report keeps only the lines its problems quote, so memory
    follows the largest plan rather than the size of the repository.
    """
    items = [(path, display, settings) for path, display in files]
    return list(map_in_order(_report_only, items, jobs=jobs, ticker=ticker, what="checking"))


def _report_only(path: Path, display: str, settings: Settings | None) -> FileReport:
    """One file's report, from a worker process."""
    return _report_kept(check_file(path, display, settings))


def _report_kept(checked: CheckedPlan) -> FileReport:
    """The report alone, keeping only the lines it quotes; the built plan is let go."""
    if checked.doc is not None:
        # Freed now by reference counting, not whenever the collector next runs in full.
        checked.doc.dispose()
    return checked.report.keep_quoted_lines_only()


def check_file(path: Path, display: str, settings: Settings | None = None) -> CheckedPlan:
    """Read and check one plan file; never raises for a bad file."""
    loaded = load_file(path, display)
    checked = check_loaded(loaded, path.parent, settings)
    checked.source = path
    return checked


def check_loaded(
    loaded: LoadedFile, plan_dir: Path, settings: Settings | None = None
) -> CheckedPlan:
    """Check an already-read plan whose relative references start at ``plan_dir``.

    ``settings`` (from ``planctl.toml``) give the template of plans that name
    none, rule severities for the repository and a shared roster.
    """
    report = FileReport(path=loaded.path, problems=list(loaded.problems), lines=loaded.lines)
    if loaded.fatal:
        return CheckedPlan(report, None)
    data = loaded.data
    if not isinstance(data, dict):
        report.problems.append(_not_a_plan(loaded))
        return CheckedPlan(report, None)
    template, problems = _template_for(loaded, plan_dir, settings)
    report.problems.extend(problems)
    if template is None:
        return CheckedPlan(report, None)
    if settings is not None and settings.rules:
        # The repository's severities win over the template's.
        template = replace(template, rules={**template.rules, **settings.rules})  # type: ignore[dict-item]
    doc = build(loaded, template)
    doc.plan_dir = plan_dir
    if settings is not None:
        doc.roster = [(person.name, person.aliases) for person in settings.roster]
    report.problems.extend(doc.problems)
    report.problems.extend(run_rules(doc, settings))
    report.problems.sort(key=Problem.sort_key)
    return CheckedPlan(report, doc)


def _not_a_plan(loaded: LoadedFile) -> Problem:
    data = loaded.data
    if data is None:
        message = "the file is empty"
    elif isinstance(data, list):
        message = "the file is a list; a plan file is a mapping of fields"
    else:
        message = "the file holds a single value; a plan file is a mapping of fields"
    span = loaded.positions.value(())
    return Problem(
        path=loaded.path,
        line=span.line,
        column=span.column,
        rule=RULE_STRUCTURE,
        severity=Severity.ERROR,
        message=message,
        hint="start the plan with 'planctl: 1', then 'title:' and its goals",
    )


def _template_for(
    loaded: LoadedFile, plan_dir: Path, settings: Settings | None
) -> tuple[PlanTemplate | None, list[Problem]]:
    data = loaded.data
    assert isinstance(data, dict)
    fallback = (settings.template if settings is not None else None) or "default"
    reference = data.get("template", fallback)
    span = loaded.positions.value(("template",))
    if not isinstance(reference, str) or not reference.strip():
        return None, [
            Problem(
                path=loaded.path,
                line=span.line,
                column=span.column,
                rule=RULE_TEMPLATE,
                severity=Severity.ERROR,
                message="'template' should name a template",
                hint="write a built-in name such as 'template: default' (see 'planctl templates')",
            )
        ]
    try:
        return find(reference.strip(), plan_dir, repository_root(plan_dir)), []
    except TemplateError as error:
        return None, _template_problems(loaded, reference, span.line, span.column, error)


def _template_problems(
    loaded: LoadedFile, reference: str, line: int, column: int, error: TemplateError
) -> list[Problem]:
    """Problems with the template, shown at the plan's 'template:' line.

    A template file with its own located problems is reported at those
    locations too, so its author can fix it.
    """
    problems: list[Problem] = []
    own = [p for p in error.problems if p.path not in (reference, reference.strip())]
    first = error.problems[0]
    hint = ""
    if "no built-in template" in first.message:
        names = builtin_names()
        close = difflib.get_close_matches(reference, names, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "built-in templates: " + ", ".join(names)
    message = (
        first.message
        if not own
        else f"the template '{reference}' has problems; they are reported at the template's lines"
    )
    problems.append(
        Problem(
            path=loaded.path,
            line=line,
            column=column,
            rule=RULE_TEMPLATE,
            severity=Severity.ERROR,
            message=message,
            where="template",
            hint=hint,
        )
    )
    problems.extend(own)
    return problems


def run_rules(doc: PlanDoc, settings: Settings | None = None) -> list[Problem]:
    """Run every rule the template leaves on, dropping findings silenced on their node.

    The privacy rules run only when ``settings.public`` says the plan is
    about to be published.
    """
    context = RuleContext(doc, settings)
    problems: list[Problem] = list(_silence_problems(doc, set(known_names())))
    header_silenced = doc.header.silence if doc.header else {}
    draft = is_draft(doc)
    modules = (*RULES, *privacy_rules()) if context.publishing else RULES
    for module in modules:
        severity = doc.template.severity(module.ID, module.SEVERITY)
        if severity is None:
            continue
        for finding in module.check(context):
            silenced = finding.node.silenced if finding.node is not None else header_silenced
            if module.ID in silenced:
                continue
            where = finding.where or (finding.node.where if finding.node is not None else "")
            said, message = severity, finding.message
            if draft and severity is Severity.ERROR and is_gap(doc, module.ID, finding.path):
                said, message = Severity.WARNING, f"{message} ({DRAFT_NOTE})"
            problem = doc.problem(
                module.ID,
                said,
                finding.path,
                message,
                where=where,
                hint=finding.hint,
                key=finding.key,
            )
            problems.append(_at_phrase(doc, problem, finding.phrase) if finding.phrase else problem)
    return problems


def _at_phrase(doc: PlanDoc, problem: Problem, phrase: str) -> Problem:
    """``problem`` located at the first line of its value that holds ``phrase``.

    A long note written over several lines is then shown at the line and
    column of the words, not at the start of the note; a phrase the file
    writes otherwise (escaped, folded over two lines) keeps the value's place.
    """
    lines = doc.loaded.lines
    last = min(problem.end_line or problem.line, len(lines))
    for number in range(problem.line, last + 1):
        start = problem.column - 1 if number == problem.line else 0
        index = lines[number - 1].find(phrase, start)
        if index >= 0:
            column = index + 1
            return replace(
                problem,
                line=number,
                column=column,
                end_line=number,
                end_column=column + len(phrase),
            )
    return problem


def privacy_errors(reports: Iterable[FileReport]) -> list[Problem]:
    """The problems that stop ``reports``' plans being published: privacy rules at error.

    A publishing command (``render --public``, ``site``) checks its plans with
    ``dataclasses.replace(settings, public=True)`` and writes nothing while this
    list is not empty. A privacy rule a district set to ``warning`` is shown
    but does not stop publishing.
    """
    return [
        problem
        for report in reports
        for problem in report.problems
        if is_privacy_rule(problem.rule) and problem.severity is Severity.ERROR
    ]


def _silence_problems(doc: PlanDoc, known: set[str]) -> Iterator[Problem]:
    """A silenced rule must exist and come with a reason."""
    owners: list[tuple[tuple[str | int, ...], dict[str, str], str]] = []
    if doc.header is not None and doc.header.silence:
        owners.append(((), doc.header.silence, "the plan"))
    owners.extend(
        (node.path, node.fields.silence, node.where)
        for node in doc.nodes()
        if node.fields is not None and node.fields.silence
    )
    for path, silence, where in owners:
        for rule, reason in silence.items():
            at = (*path, "silence", rule)
            if rule not in known:
                close = difflib.get_close_matches(rule, sorted(known), n=1, cutoff=0.6)
                yield doc.problem(
                    RULE_SILENCE,
                    Severity.ERROR,
                    at,
                    f"'{rule}' is not a rule planctl has",
                    where=where,
                    hint=f"did you mean '{close[0]}'?" if close else "see 'planctl rules'",
                    key=True,
                )
            elif not reason.strip():
                yield doc.problem(
                    RULE_SILENCE,
                    Severity.ERROR,
                    at,
                    f"the rule '{rule}' is silenced without a reason",
                    where=where,
                    hint=f"say why, for example '{rule}: Funded from the district budget'",
                    key=True,
                )
