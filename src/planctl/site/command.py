"""The ``site`` command: check plans as public documents, build the site, put it in place.

The plans are checked with the settings of a public document
(``public = True``: the privacy rules report small student counts, names,
ids and contacts). While any privacy error stands, nothing is written:
the problems are printed as ``planctl validate`` prints them, then one line
says the site was not built and why. Otherwise the site is built in a
temporary folder beside ``-o`` and moved into place only when complete; a
folder planctl did not make (it has no marker file) is replaced only with
``--force``, and never one holding a plan file or a git repository.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from planctl import __version__
from planctl.bulk import Ticker, reading_jobs
from planctl.checking import find_plans, open_plans, privacy_errors
from planctl.config import Settings
from planctl.errors import UserError
from planctl.problem import FileReport
from planctl.render.view import standing_day
from planctl.site.alignment import SitePlanFile, aligned_to, alignment_data
from planctl.site.build import MARKER, SiteBuilder, SiteSettings, remove_folder
from planctl.site.changes import what_changed
from planctl.site.feed import atom
from planctl.site.labels import DEFAULT, load_labels
from planctl.site.plans import site_plan
from planctl.site.source import commit_of, default_since


@dataclass(frozen=True)
class SiteOptions:
    """What ``planctl site`` was asked for."""

    plans: Sequence[str]
    """Plan files or folders (default: the plans of ``planctl.toml``)."""
    output: Path
    """The folder to build the site in."""
    lang: str | None = None
    """The language of the site's own words (default: ``lang`` in planctl.toml, else en)."""
    base_url: str | None = None
    """Where the site is published, for canonical links and the sitemap."""
    since: str | None = None
    """The revision "what changed" starts at (default: the adoption tag, else the first commit)."""
    force: bool = False
    """Replace a folder that planctl did not make."""
    title: str | None = None
    """The site's title (default: the labels' "Plans and progress")."""
    jobs: int | None = None
    """Processes to read many plans with."""


def public_settings(settings: Settings) -> Settings:
    """``settings`` for checking a public document: the privacy rules run too."""
    return dataclasses.replace(settings, public=True)


def _base_url(given: str | None) -> str:
    if not given:
        return ""
    text = given.strip()
    if not text.startswith(("https://", "http://")):
        raise UserError(
            f"--base-url {given}: write the site's address, such as https://example.org/plans/"
        )
    return text if text.endswith("/") else text + "/"


def check_output(output: Path, inputs: Sequence[Path], *, force: bool) -> None:
    """Refuse an ``output`` the site may not replace (before any work is done)."""
    if output.exists() and not output.is_dir():
        raise UserError(f"-o {output}: not a folder")
    target = output.resolve()
    for path in inputs:
        if target == path.resolve() or target in path.resolve().parents:
            raise UserError(f"-o {output}: the folder holds the plan {path}; choose another folder")
    if not output.is_dir():
        return
    if (output / ".git").exists():
        raise UserError(f"-o {output}: the folder is a git repository; choose another folder")
    cwd = Path.cwd().resolve()
    if target == cwd or target in cwd.parents:
        raise UserError(f"-o {output}: the folder holds this one; choose another folder")
    made_here = (output / MARKER).is_file()
    if not made_here and not force and any(output.iterdir()):
        raise UserError(
            f"-o {output}: the folder is not empty and was not made by planctl site "
            "(add --force to replace it)"
        )


def run(
    options: SiteOptions,
    settings: Settings,
    out: TextIO,
    err: TextIO,
    ticker: Ticker | None = None,
) -> int:
    """Build the site of the plans into ``options.output``; 0 when built, 1 when refused.

    Raises :class:`~planctl.errors.UserError` for a language without labels, a
    base URL that is not one, no plans, a plan that cannot be read as a plan
    and an output folder that may not be replaced.
    """
    labels = load_labels(options.lang or settings.lang or DEFAULT)
    base_url = _base_url(options.base_url)
    files = find_plans(options.plans, settings, allow_none=True)
    if not files:
        raise UserError("no plan files to build a site of")
    inputs = [path for path, _ in files]
    output = options.output
    check_output(output, inputs, force=options.force)
    commit = commit_of(inputs)
    as_of = standing_day(settings.as_of, commit.day)
    site = SiteSettings(
        labels=labels,
        commit=commit,
        as_of=as_of,
        version=__version__,
        base_url=base_url,
        title=options.title or "",
    )
    parent = output.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=parent))
        # A site is for a web server to read: the folder as any new one, not private.
        temporary.chmod(0o755)
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror or error}") from None
    try:
        refused = _build(files, options, settings, site, temporary, ticker)
        if refused:
            remove_folder(temporary)
            _refuse(refused, out, err)
            return 1
        _put_in_place(temporary, output)
    finally:
        remove_folder(temporary)
    plans = f"{len(files)} plan{'' if len(files) == 1 else 's'}"
    err.write(f"planctl: wrote the site of {plans} to {output}\n")
    return 0


def _build(
    files: Sequence[tuple[Path, str]],
    options: SiteOptions,
    settings: Settings,
    site: SiteSettings,
    folder: Path,
    ticker: Ticker | None,
) -> list[FileReport]:
    """Build the site in ``folder``; the privacy problems that stop it (none: it is built)."""
    with SiteBuilder(folder, site) as builder:
        return _build_with(builder, files, options, settings, site, ticker)


def _build_with(
    builder: SiteBuilder,
    files: Sequence[tuple[Path, str]],
    options: SiteOptions,
    settings: Settings,
    site: SiteSettings,
    ticker: Ticker | None,
) -> list[FileReport]:
    """:func:`_build` with the builder it writes through."""
    refused: list[FileReport] = []
    pages: dict[str, str] = {}
    placed: dict[Path, SitePlanFile] = {}
    aligned: dict[Path, set[Path]] = {}
    checked_plans = open_plans(
        files, public_settings(settings), jobs=reading_jobs(options.jobs), ticker=ticker
    )
    for index, ((path, display), checked) in enumerate(zip(files, checked_plans, strict=True), 1):
        report = checked.report
        private = privacy_errors([report])
        if private:
            refused.append(FileReport(report.path, private, report.lines))
        doc = checked.doc
        if doc is None:
            first = report.problems[0]
            raise UserError(
                f"{display}:{first.line}:{first.column}: cannot be read as a plan: {first.message}"
            )
        try:
            if not refused:
                name = builder.page_name(display)
                plan = site_plan(
                    doc,
                    index=index,
                    name=name,
                    path=display,
                    problems=len(report.problems),
                    as_of=site.as_of,
                )
                builder.add(plan)
                pages[Path(display).as_posix()] = plan.href
                placed[path.resolve()] = SitePlanFile(path, display, index, plan.href)
                for target in aligned_to(doc, path):
                    aligned.setdefault(target, set()).add(path.resolve())
        finally:
            doc.dispose()
    if refused:
        return refused
    since = options.since or default_since([path for path, _ in files]) or ""
    changes = what_changed([display for _, display in files], since, pages) if since else None
    alignments = []
    for target in sorted(aligned):
        supporters = sorted(source for source in aligned[target] if source != target)
        if target in placed and supporters:
            found = alignment_data(
                placed[target],
                [placed[source] for source in supporters],
                public_settings(settings),
                site.as_of,
            )
            if found is not None:
                alignments.append(found)
    builder.finish(changes=changes, since=since, feed=atom, alignments=alignments)
    return []


def _refuse(reports: Sequence[FileReport], out: TextIO, err: TextIO) -> None:
    """Print the privacy problems as validate does, then why the site was not built."""
    # deferred: start-up (the text report is needed only when the site is refused)
    from planctl.report.text import write

    write(reports, out)
    count = sum(len(report.problems) for report in reports)
    problems = f"{count} privacy problem{'' if count == 1 else 's'}"
    plans = f"{len(reports)} plan{'' if len(reports) == 1 else 's'}"
    err.write(
        f"planctl: the site was not built: {problems} in {plans} would be published; "
        "fix them and build again\n"
    )


def _put_in_place(built: Path, output: Path) -> None:
    """Move the finished site to ``output``, replacing what was there."""
    try:
        if output.exists():
            old = built.with_name(built.name + ".old")
            output.replace(old)
            try:
                built.replace(output)
            except OSError:
                old.replace(output)
                raise
            remove_folder(old)
        else:
            built.replace(output)
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror or error}") from None
