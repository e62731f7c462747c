"""``planctl diff``: two plan files, or plans at a git revision against another or the disk.

Two forms:

* ``planctl diff OLD NEW`` compares two plan files (any two: unrelated plans
  just show many changes);
* ``planctl diff --rev REV [PATH...]`` compares each plan between ``REV``
  and the working tree (or, as ``--rev REV..REV2``, with ``REV2``). Without paths it compares every
  ``*.plan.yaml`` tracked under the current folder at either side; a folder
  among the paths stands for the plans tracked under it. A plan missing on
  one side was added or removed as a whole.

The exit code is that of ``diff``: 0 without planning changes, 1 with some.
Bad input (a missing file, a file that is not a plan, an unknown revision, a
folder outside git) raises :class:`~planctl.errors.UserError`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from planctl.checking import check_loaded, is_plan_file
from planctl.config import Settings, load_settings
from planctl.diff import WRITERS
from planctl.diff.compare import PlanDiff, diff_docs, short
from planctl.diff.git import WORKING_TREE, Repository, repository_of
from planctl.errors import UserError
from planctl.lazy import writer_module
from planctl.load.yamlsafe import load_bytes
from planctl.model.build import PlanDoc
from planctl.problem import Severity

EXIT_SAME = 0
EXIT_CHANGED = 1


@dataclass(frozen=True)
class DiffOptions:
    """What ``planctl diff`` was asked for: two files, or a revision and paths."""

    old: str | None = None
    """With ``new``: the old plan file (no ``rev``)."""
    new: str | None = None
    """With ``old``: the new plan file (no ``rev``)."""
    rev: str | None = None
    """Compare plans at this git revision with the working tree (or ``to``)."""
    to: str | None = None
    """With ``rev``: compare with this revision, not the working tree."""
    paths: Sequence[str] = ()
    """With ``rev``: the plans or folders to compare (default: every plan tracked here)."""
    format: str = "text"
    """A name of :data:`planctl.diff.WRITERS`."""


@dataclass(frozen=True)
class ComparedPlan:
    """One plan compared: its path, what each side is, a heading, and the changes."""

    path: str
    old: str
    new: str
    heading: str
    diff: PlanDiff


def _display(path: Path | str) -> str:
    return os.path.normpath(str(path)).replace(os.sep, "/")


def _from_cwd(path: Path) -> str:
    """``path`` relative to the current folder when it is below it, else as it is."""
    try:
        return _display(os.path.relpath(path))
    except ValueError:  # another drive
        return _display(path)


class _Builder:
    """Builds plans from bytes, with the settings of the folder each plan lives in."""

    def __init__(self) -> None:
        self._settings: dict[Path, Settings] = {}

    def _settings_for(self, folder: Path) -> Settings:
        key = Path(os.path.normpath(folder.absolute()))
        if key not in self._settings:
            start = key
            while not start.is_dir() and start != start.parent:
                start = start.parent
            self._settings[key] = load_settings(start)
        return self._settings[key]

    def build(self, raw: bytes | None, name: str, plan_dir: Path) -> PlanDoc | None:
        """The plan ``raw`` holds (``None`` for an absent file); UserError when it is no plan."""
        if raw is None:
            return None
        loaded = load_bytes(raw, name)
        checked = check_loaded(loaded, plan_dir, self._settings_for(plan_dir))
        if checked.doc is None:
            problems = sorted(
                checked.report.problems, key=lambda p: (p.severity is not Severity.ERROR, p.line)
            )
            reason = (
                f"{short(problems[0].message, 120)} (line {problems[0].line})"
                if problems
                else "it cannot be read"
            )
            raise UserError(f"{name} is not a plan planctl can read: {reason}")
        if isinstance(loaded.data, dict) and "planctl" not in loaded.data:
            raise UserError(f"{name} is not a plan: it has no 'planctl: 1' line")
        return checked.doc


def _read_file(path: Path, name: str, *, must_exist: bool) -> bytes | None:
    if path.is_dir():
        raise UserError(f"{name} is a folder, not a plan file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if must_exist:
            raise UserError(f"no such file: {name}") from None
        return None
    except OSError as error:
        raise UserError(f"cannot read {name}: {error.strerror or error}") from None


def _compare_files(old: str, new: str) -> ComparedPlan:
    builder = _Builder()
    old_path, new_path = Path(old), Path(new)
    old_name, new_name = _display(old), _display(new)
    old_raw = _read_file(old_path, old_name, must_exist=True)
    new_raw = _read_file(new_path, new_name, must_exist=True)
    old_doc = builder.build(old_raw, old_name, old_path.parent)
    new_doc = builder.build(new_raw, new_name, new_path.parent)
    return ComparedPlan(
        path=new_name,
        old=old_name,
        new=new_name,
        heading=f"{old_name} → {new_name}",
        diff=diff_docs(old_doc, new_doc),
    )


class _Revisions:
    """Compares plans between a revision and the working tree or a second revision."""

    def __init__(self, rev: str, to: str | None) -> None:
        self.rev = rev
        self.to = to
        self.new_label = to if to is not None else WORKING_TREE
        self.builder = _Builder()

    def _sides(self, repository: Repository) -> tuple[str, str | None]:
        old = repository.commit(self.rev)
        new = repository.commit(self.to) if self.to is not None else None
        return old, new

    def plans_under(self, repository: Repository, under: str) -> list[str]:
        """Plan files tracked under ``under`` on either side, root-relative and sorted."""
        old, new = self._sides(repository)
        prefix = f"{under}/" if under else ""
        names = {*repository.files(old, under), *repository.files(new, under)}
        return sorted(name for name in names if name.startswith(prefix) and is_plan_file(name))

    def compare(self, repository: Repository, relative: str, name: str) -> ComparedPlan:
        """The plan ``relative`` (shown as ``name``) on both sides."""
        old, new = self._sides(repository)
        path = repository.root / relative
        old_raw = repository.read(old, relative, self.rev)
        if new is None:
            new_raw = _read_file(path, name, must_exist=False)
        else:
            new_raw = repository.read(new, relative, self.new_label)
        if old_raw is None and new_raw is None:
            raise UserError(
                f"no such plan: {name} (not at {self.rev}, not in the {self.new_label})"
            )
        plan_dir = path.parent
        old_doc = self.builder.build(old_raw, f"{name} at {self.rev}", plan_dir)
        new_name = name if new is None else f"{name} at {self.new_label}"
        new_doc = self.builder.build(new_raw, new_name, plan_dir)
        return ComparedPlan(
            path=name,
            old=self.rev,
            new=self.new_label,
            heading=f"{name} ({self.rev} → {self.new_label})",
            diff=diff_docs(old_doc, new_doc),
        )

    def all_here(self) -> list[ComparedPlan]:
        """Every plan tracked under the current folder on either side."""
        repository = repository_of(Path.cwd())
        return self._folder(repository, repository.relative(Path.cwd()), "this folder")

    def path(self, given: str) -> list[ComparedPlan]:
        """The plan ``given``, or every plan tracked under it when it is a folder."""
        target = Path(given)
        repository = repository_of(target)
        relative = repository.relative(target)
        old, new = self._sides(repository)
        is_folder = (
            target.is_dir()
            or repository.kind(old, relative) == "tree"
            or (new is not None and repository.kind(new, relative) == "tree")
        )
        if not is_folder:
            return [self.compare(repository, relative, _display(given))]
        return self._folder(repository, relative, _display(given))

    def _folder(self, repository: Repository, under: str, shown: str) -> list[ComparedPlan]:
        """Every plan tracked under the folder ``under`` on either side; ``shown`` names it."""
        names = self.plans_under(repository, under)
        if not names:
            raise UserError(
                f"no *.plan.yaml files tracked under {shown} at {self.rev} "
                f"or in the {self.new_label}"
            )
        return [self.compare(repository, n, _from_cwd(repository.root / n)) for n in names]


def compare(
    old: str | None,
    new: str | None,
    *,
    rev: str | None,
    to: str | None,
    paths: Sequence[str],
) -> list[ComparedPlan]:
    """The plans the command line names, compared (see :func:`run`).

    ``rev`` may name both sides as git does, ``OLD..NEW`` (``to`` is the older
    spelling of ``NEW``).
    """
    if rev is not None and ".." in rev:
        old_rev, _, new_rev = rev.partition("..")
        if not old_rev or not new_rev or new_rev.startswith(".") or to is not None:
            raise UserError(f"--rev {rev}: write two revisions as OLD..NEW (adopted-2024..HEAD)")
        rev, to = old_rev, new_rev
    if rev is None:
        if to is not None:
            raise UserError("--to needs --rev: planctl diff --rev OLD..NEW [PATH...]")
        if old is None or new is None or paths:
            raise UserError(
                "give two plan files (planctl diff OLD NEW) "
                "or a revision (planctl diff --rev REV [PATH...])"
            )
        return [_compare_files(old, new)]
    revisions = _Revisions(rev, to)
    given = [item for item in (old, new) if item is not None] + list(paths)
    if not given:
        return revisions.all_here()
    compared: list[ComparedPlan] = []
    seen: set[str] = set()
    for item in given:
        for plan in revisions.path(item):
            if plan.path not in seen:
                seen.add(plan.path)
                compared.append(plan)
    return compared


def run(options: DiffOptions, out: TextIO) -> int:
    """Compare plans and write the changes to ``out`` in ``options.format``.

    Returns 0 when there are no planning changes and 1 when there are;
    raises :class:`~planctl.errors.UserError` for input it cannot compare.
    Each plan is checked with the settings of the folder it lives in.
    """
    if options.format not in WRITERS:
        raise UserError(f"unknown format '{options.format}': use {', '.join(WRITERS)}")
    compared = compare(
        options.old, options.new, rev=options.rev, to=options.to, paths=options.paths
    )
    writer_module(WRITERS, options.format).write(compared, out)
    return EXIT_CHANGED if any(plan.diff.changed for plan in compared) else EXIT_SAME


def run_with(
    old: str | None,
    new: str | None,
    *,
    rev: str | None,
    to: str | None,
    paths: Sequence[str],
    fmt: str,
    out: TextIO,
) -> int:
    """:func:`run` with keyword arguments.

    ``planctl diff OLD NEW`` is ``run_with(OLD, NEW, rev=None, to=None, paths=[], ...)``;
    ``planctl diff --rev REV[..REV2] [PATH...]`` is
    ``run_with(None, None, rev=REV, to=REV2, paths=PATHS, ...)``.
    """
    return run(DiffOptions(old, new, rev, to, paths, fmt), out)
