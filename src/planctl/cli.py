"""The ``planctl`` command line: parses options and hands them to the commands.

Each command lives in its own package as ``run(options, ...) -> exit code``
(0 clean, 1 problems found or changes, 2 usage error); here it only gets its
options, its settings (from the current folder) and the streams to write to.
A command that cannot go on raises :class:`~planctl.errors.UserError`, which
:class:`_Commands` turns into one ``planctl: ...`` line and its exit code.
The command packages are imported inside the command that runs, because
planctl runs on every commit.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from planctl.collector import tune_collector

# Before typer, pydantic and the command's modules are imported: collections
# during their start-up would walk objects that all stay (main() freezes them).
tune_collector(freeze=False)

import typer  # noqa: E402
from typer.core import TyperArgument, TyperGroup, TyperOption  # noqa: E402

from planctl import formats  # noqa: E402


class _Commands(TyperGroup):
    """planctl's commands; the one place a command's :class:`UserError` becomes its exit.

    It is here rather than in :func:`main` so that ``app`` run any other way
    (a test runner, another program) reports the same line and exit code.
    Here too each command's help and option errors are put in planctl's words.
    """

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, its options shown and checked in planctl's words."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _plain_words(command)
        return command

    def invoke(self, ctx: Any) -> Any:  # click's Context, which typer keeps private
        """Run the command; a :class:`UserError` is one line on stderr and its exit code."""
        # Imported here, not for --help and --version, which never get this far.
        # deferred: start-up (only the command being run loads its code)
        from planctl.errors import UserError

        try:
            return super().invoke(ctx)
        except UserError as error:
            typer.echo(f"planctl: {error}", err=True)
            raise typer.Exit(error.exit_code) from None
        except typer.BadParameter as error:
            error.message = _plain_reason(error)
            raise


# How help shows a value of each option, in place of typer's Python type names.
_VALUE_WORDS = {
    "as_of": "date",
    "date": "date",
    "owner": "name",
    "title": "text",
    "layout": "name",
    "template": "name",
    "mappings": "heading=field",
    "rev": "revision",
    "since": "revision",
    "site_folder": "folder",
    "base_url": "url",
    "lang": "code",
    "output": "file",
    "layouts": "folder",
    "stdin_filename": "name",
    "window": "days",
    "stale_days": "days",
}


class _Argument(TyperArgument):
    """An argument shown by its name alone (``PATHS...``), without a type."""

    def display_type(self, ctx: Any) -> str:
        """Nothing: the argument's name says what it is."""
        return ""


class _Option(TyperOption):
    """An option whose value is shown as a word (``<date>``), never a Python type."""

    def display_type(self, ctx: Any) -> str:
        """The choices (``<text|json>``), else what the value is in words."""
        if self.type_descriptor.is_choice:
            return str(super().display_type(ctx))
        name = self.name or ""
        if name in _VALUE_WORDS:
            return f"<{_VALUE_WORDS[name]}>"
        return "<number>" if self.type_descriptor.annotation is int else "<text>"

    def get_help_record(self, ctx: Any) -> tuple[str, str] | None:
        """The option's line of help, its range in words."""
        record = super().get_help_record(ctx)
        if record is None:
            return None
        names, text = record
        return names, _RANGE.sub(_range_words, text)


# click shows an option's range as "[x>=1]"; planners read "[1 or more]".
_RANGE = re.compile(r"(-?\d+)<=x<=(-?\d+)|x>=(-?\d+)|x<=(-?\d+)")


def _range_words(match: re.Match[str]) -> str:
    low, high, least, most = match.groups()
    if low is not None:
        return f"from {low} to {high}"
    return f"{least} or more" if least is not None else f"{most} or less"


def _plain_words(command: Any) -> None:
    """Show ``command``'s arguments and options without Python's type names.

    typer offers no class of its own for a parameter, so each is given the
    subclass above, which only changes how help shows its value.
    """
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
            param.metavar = param.metavar or (param.name or "").upper()
        elif type(param) is TyperOption:
            param.__class__ = _Option


def _plain_reason(error: Any) -> str:
    """Why an option's value was refused, in words, for typer's own message.

    typer checks values with pydantic, whose messages speak of Python
    ("Value error, ...", "Input should be ..."); each is said again here.
    """
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if errors is None:
        return str(error.message)
    first = errors()[0] if errors() else {}
    kind = first.get("type", "")
    given = first.get("input")
    limits = first.get("ctx") or {}
    param = error.param
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and descriptor.is_choice:
        choices = ", ".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
        return f"'{given}' is not one of {choices}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{given} is too small: give {limits.get('ge', limits.get('gt'))} or more"
    if kind in ("less_than_equal", "less_than"):
        return f"{given} is too large: give {limits.get('le', limits.get('lt'))} or less"
    if kind.startswith("int"):
        return f"'{given}' is not a whole number"
    return f"'{given}' is not a value this option takes"


app = typer.Typer(
    cls=_Commands,
    name="planctl",
    help="Check, format and render school-district action plans kept as YAML files.",
    # Shell completion, as ruff and pre-commit offer it: --install-completion.
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK = 0
EXIT_USAGE = 2


class Choice(str, Enum):
    """A value of ``--format``; each command's are made from its writer table."""


def _choices(name: str, names: Iterable[str]) -> type[Choice]:
    """An enumeration of ``names`` for typer, which lists and checks the choices."""
    made: type[Choice] = Choice(name, [(item, item) for item in names])  # type: ignore[call-overload]
    return made


if TYPE_CHECKING:
    from planctl.config import Settings

    OutputFormat = Choice
    RenderFormat = Choice
    StatusFormat = Choice
    ExportFormat = Choice
    DiffFormat = Choice
else:
    OutputFormat = _choices("OutputFormat", ("auto", *formats.VALIDATE))
    RenderFormat = _choices("RenderFormat", formats.RENDER)
    StatusFormat = _choices("StatusFormat", formats.STATUS)
    ExportFormat = _choices("ExportFormat", formats.EXPORT)
    DiffFormat = _choices("DiffFormat", formats.DIFF)

# Defaults, made once (typer reads them from the signatures).
STATUS_TEXT = StatusFormat("text")
DIFF_TEXT = DiffFormat("text")


def _version(value: bool) -> None:
    if value:
        # deferred: start-up (the commit of a development build may take a git run)
        from planctl.version import full_version

        typer.echo(f"planctl {full_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = None,
) -> None:
    """planctl: plans as plain text, checked and rendered."""


def _use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes to work through many files with (default: one per core from 16 files).",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, even at a terminal.")]


def _ticker(quiet: bool) -> Any:
    """The progress bar on stderr for a run over many files, when a person is watching."""
    from planctl.terminal import ticker_for  # deferred: start-up (only the bulk commands)

    return ticker_for(quiet, sys.stdout, sys.stderr, os.environ)


def _format_for(
    given: str | None,
    output: Path | None,
    suffixes: dict[str, tuple[str, ...]],
    default: str | None,
    *,
    any_name: bool = False,
) -> str | None:
    """The format ``--format`` asks for, else the one ``-o FILE``'s name says, else ``default``.

    A ``--format`` the file's name contradicts (``--format md -o packet.pdf``)
    is a usage error, as is, unless ``any_name``, a name with a suffix that
    says no format when none is given.
    """
    # deferred: start-up (only the command being run loads its code)
    from planctl.errors import UserError

    if output is None or str(output) == "-":
        return given or default
    named = formats.by_file_name(suffixes, output.name)
    if given is None:
        if named is not None:
            return named[0]
        if default is None or (output.suffix and not any_name):
            known = ", ".join(suffixes)
            raise UserError(
                f"cannot tell the format from the name {output.name}: "
                f"add --format, or name the file {known}"
            )
        return default
    if named is not None and given not in named:
        raise UserError(
            f"--format {given} does not match -o {output.name}, a {named[0]} file: "
            "drop --format or change the name"
        )
    return given


def _deprecated(old: str, new: str) -> None:
    """Say on stderr that ``old`` still works this release but ``new`` is its spelling now."""
    typer.echo(f"planctl: {old} is deprecated and will be removed; write {new}", err=True)


@app.command()
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plan files or folders (searched for *.plan.yaml); - reads a plan from "
            "standard input. Default: the plans of planctl.toml, or this folder."
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text for people; json; github (annotations); sarif (code scanning); gitlab "
            "(code quality). Default: what -o's name says (.sarif, .json), else auto: github "
            "inside GitHub Actions, else text.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of the screen."),
    ] = None,
    jobs: Jobs = None,
    quiet: Quiet = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            help="With -: the plan's file name, for the report and its folder's template.",
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="The plans are to be published: check them for student data too "
            "(small counts, names, ID numbers, contacts).",
        ),
    ] = False,
) -> None:
    """Check plans against their template's rules and report each problem at its line."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.config import load_settings
    from planctl.report import resolve_format
    from planctl.validate.command import ValidateOptions, run

    given = None if output_format is None else output_format.value
    chosen = _format_for(given, output, formats.VALIDATE_SUFFIXES, "auto", any_name=True)
    options = ValidateOptions(
        paths=paths or [],
        format=resolve_format(chosen or "auto", os.environ),
        strict=strict,
        output=output,
        jobs=jobs,
        color=output is None and _use_color(sys.stdout),
        environ=os.environ,
        stdin_filename=stdin_filename,
    )
    settings = _publishing(load_settings(Path.cwd()), public)
    raise typer.Exit(run(options, settings, sys.stdout, _ticker(quiet), sys.stdin.buffer))


def _publishing(settings: Settings, public: bool) -> Settings:
    """``settings`` with the privacy rules on when ``--public`` says the plans are published."""
    # deferred: start-up (as the commands' own imports)
    from dataclasses import replace

    return replace(settings, public=True) if public else settings


class Paper(str, Enum):
    """Paper sizes for printed packets."""

    letter = "letter"
    a4 = "a4"


@app.command()
def render(
    plans: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plan files or folders; several make one packet. "
            "Default: the plans of planctl.toml, or this folder."
        ),
    ] = None,
    output_format: Annotated[
        RenderFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: what -o's name says (.md, .html, .docx, .pdf), else md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output file. Markdown goes to the screen without it."),
    ] = None,
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            "-l",
            help="table (default), one-page, by-owner, timeline, scorecard or alignment.",
        ),
    ] = "table",
    layouts: Annotated[
        Path | None,
        typer.Option("--layouts", help="A folder of the district's own layouts, searched first."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse to render plans that have problems.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="A date to print on the cover, written as in plans (2027-03-01, March 2027); "
            "none by default, so output is reproducible.",
        ),
    ] = None,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size for print.")] = Paper.letter,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The packet's title (default: the plan's title)."),
    ] = None,
    jobs: Jobs = None,
    quiet: Quiet = False,
    old_to: Annotated[
        RenderFormat | None, typer.Option("--to", "-t", hidden=True, show_default=False)
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="The packet is to be published: refuse to write it while a plan carries "
            "student data (small counts, names, ID numbers, contacts).",
        ),
    ] = False,
) -> None:
    """Render plans as a board packet: Markdown, HTML, Word or PDF, in the district's headings."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.config import load_settings
    from planctl.render import RenderOptions
    from planctl.render.command import RenderCommandOptions, run

    given = _format_option(output_format, old_to)
    packet = RenderOptions(
        to=_format_for(given, output, formats.RENDER_SUFFIXES, "md") or "md",
        layout=layout,
        layouts_dir=layouts,
        strict=strict,
        date=date,
        paper=paper.value,
        title=title,
    )
    options = RenderCommandOptions(plans or [], output, packet, jobs)
    settings = _publishing(load_settings(Path.cwd()), public)
    raise typer.Exit(run(options, settings, sys.stdout, sys.stderr, _ticker(quiet)))


def _format_option(output_format: Choice | None, old_to: Choice | None) -> str | None:
    """``--format``, or the ``--to`` it replaces (with a note that ``--to`` is going)."""
    if old_to is not None:
        _deprecated(f"--to {old_to.value}", f"--format {old_to.value}")
        if output_format is not None and output_format.value != old_to.value:
            # deferred: start-up (only the command being run loads its code)
            from planctl.errors import UserError

            raise UserError(f"--to {old_to.value} and --format {output_format.value} disagree")
    chosen = output_format or old_to
    return None if chosen is None else chosen.value


@app.command()
def fmt(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plan files or folders; - formats the plan on standard input onto the screen. "
            "Default: the plans of planctl.toml, or this folder."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; exit 1 and name the files that would change."
        ),
    ] = False,
    show_diff: Annotated[
        bool, typer.Option("--diff", help="Change nothing; print what would change.")
    ] = False,
    normalize_dates: Annotated[
        bool,
        typer.Option("--normalize-dates", help="Rewrite timelines such as May/2013 as 2013-05."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Format read-only files too; they stay read-only."),
    ] = False,
    jobs: Jobs = None,
    quiet: Quiet = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            help="With -: the plan's file name, for messages and its folder's template.",
        ),
    ] = None,
) -> None:
    """Lay plan files out one canonical way, keeping every comment, list order and value."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.config import load_settings
    from planctl.fmt import run as run_fmt

    code = run_fmt(
        paths or [],
        check=check,
        diff=show_diff,
        normalize_dates=normalize_dates,
        out=sys.stdout,
        err=sys.stderr,
        settings=load_settings(Path.cwd()),
        force=force,
        jobs=jobs,
        ticker=_ticker(quiet),
        stdin=sys.stdin.buffer,
        stdin_filename=stdin_filename,
    )
    raise typer.Exit(code)


@app.command()
def status(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plan files or folders. Default: the plans of planctl.toml, or this folder."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The date to measure against, written as in plans (2027-03-01, March 2027); "
            "default: as_of in planctl.toml, else today.",
        ),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only this person's or team's steps.")
    ] = None,
    window: Annotated[
        int, typer.Option("--window", min=1, help="Days ahead counted as due soon.")
    ] = 30,
    stale_days: Annotated[
        int | None,
        typer.Option(
            "--stale-days",
            min=1,
            help="List steps in progress unchanged this many days (needs git).",
        ),
    ] = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="text, md for a board update, or json.")
    ] = STATUS_TEXT,
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Where the plans stand: overdue, due soon, blocked, done, completion, costs and measures."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.config import load_settings
    from planctl.progress.command import StatusOptions, run

    options = StatusOptions(
        paths=paths or [],
        as_of=as_of,
        owner=owner,
        window=window,
        stale_days=stale_days,
        format=output_format.value,
        color=_use_color(sys.stdout),
        jobs=jobs,
    )
    raise typer.Exit(run(options, load_settings(Path.cwd()), sys.stdout, _ticker(quiet)))


@app.command()
def export(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plan files or folders. Default: the plans of planctl.toml, or this folder."
        ),
    ] = None,
    output_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, ics (calendar) or json. Default: what -o's name says (.csv, .ics, .json).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file (default: the screen).")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only this person's or team's steps.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date stamped on calendar entries (reproducible output)."),
    ] = None,
    jobs: Jobs = None,
    quiet: Quiet = False,
    old_to: Annotated[
        ExportFormat | None, typer.Option("--to", "-t", hidden=True, show_default=False)
    ] = None,
) -> None:
    """Export steps for spreadsheets (csv), calendars (ics) or other programs (json)."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.config import load_settings
    from planctl.errors import UserError
    from planctl.export.command import ExportOptions, run

    chosen = _format_for(
        _format_option(output_format, old_to), output, formats.EXPORT_SUFFIXES, None
    )
    if chosen is None:
        raise UserError("give --format csv, ics or json (or -o FILE named .csv, .ics or .json)")
    options = ExportOptions(
        paths=paths or [], to=chosen, output=output, owner=owner, as_of=as_of, jobs=jobs
    )
    raise typer.Exit(run(options, load_settings(Path.cwd()), sys.stdout, _ticker(quiet)))


@app.command("import")
def import_(
    source: Annotated[
        Path, typer.Argument(help="A Word (.docx) or spreadsheet (.xlsx, .csv) plan.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The plan file to write (*.plan.yaml).")
    ],
    template: Annotated[
        str | None, typer.Option("--template", "-t", help="The plan template the document follows.")
    ] = None,
    mappings: Annotated[
        list[str] | None,
        typer.Option("--map", help='A column the document names its own way: "Heading=field".'),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file if it exists.")
    ] = False,
) -> None:
    """Turn an existing Word or spreadsheet plan into a plan file."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.importer import ImportOptions, run_import

    options = ImportOptions(source, output, template, mappings or [], force)
    raise typer.Exit(run_import(options, sys.stdout))


@app.command()
def site(
    plans: Annotated[
        list[str] | None,
        typer.Argument(help="Plan files or folders. Default: the plans of planctl.toml."),
    ] = None,
    site_folder: Annotated[
        Path,
        typer.Option("--output", "-o", help="The folder to build the site in."),
    ] = Path("site"),
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="The site's language: en or es (default: lang in planctl.toml)."
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Where the site is published: canonical links, a sitemap."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="What changed since this git revision (default: the adoption tag, "
            "else the first commit).",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The site's title (default: Plans and progress).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a folder that planctl site did not make.")
    ] = False,
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Build a public progress site of the plans: static pages, search, a feed.

    Nothing is written while a privacy rule finds an error (exit 1).
    """
    # deferred: start-up (only the command being run loads its code)
    from planctl.config import load_settings
    from planctl.site.command import SiteOptions, run

    options = SiteOptions(plans or [], site_folder, lang, base_url, since, force, title, jobs)
    settings = load_settings(Path.cwd())
    raise typer.Exit(run(options, settings, sys.stdout, sys.stderr, _ticker(quiet)))


@app.command()
def diff(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="OLD NEW plan files; with --rev, the plans to compare (default: all)."),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            help="Compare with this git revision (a tag such as adopted-2024); "
            "OLD..NEW compares two revisions, not the working tree.",
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text; md for a pull-request comment; json."),
    ] = DIFF_TEXT,
    old_to: Annotated[str | None, typer.Option("--to", hidden=True)] = None,
) -> None:
    """What changed in planning terms: steps added, moved or re-dated, owners, targets, costs.

    Exit 0 when nothing changed, 1 when something did, 2 on a usage error.
    """
    # deferred: start-up (only the command being run loads its code)
    from planctl.diff.command import DiffOptions, run
    from planctl.errors import UserError

    names = files or []
    if rev is None and old_to is not None:
        raise UserError("--to goes with --rev; write --rev OLD..NEW")
    if old_to is not None:
        _deprecated(f"--to {old_to}", f"--rev {rev}..{old_to}")
    if rev is None and len(names) != 2:
        raise UserError("give two plan files (OLD NEW), or --rev REV [PATH...]")
    if rev is None:
        options = DiffOptions(old=names[0], new=names[1], format=output_format.value)
    else:
        options = DiffOptions(rev=rev, to=old_to, paths=names, format=output_format.value)
    raise typer.Exit(run(options, sys.stdout))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The plan repository to set up.")] = Path(),
    template: Annotated[
        str, typer.Option("--template", "-t", help="The plan template of the starter plan.")
    ] = "default",
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="A git URL CI installs planctl from (default: its published name)."
        ),
    ] = None,
    ci: Annotated[
        str, typer.Option("--ci", help="The CI file to write: github, gitlab or none.")
    ] = "github",
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Create again the files an earlier init created and that were removed since.",
        ),
    ] = False,
    site: Annotated[
        bool,
        typer.Option(
            "--site",
            help="Also publish the plans as a site at every push to main (GitHub or GitLab Pages).",
        ),
    ] = False,
) -> None:
    """Set up a plan repository: planctl.toml, a starter plan, pre-commit, a CI workflow and
    the plan schema for editors.

    Existing files are never overwritten.
    """
    # deferred: start-up (only the command being run loads its code)
    from planctl.init import InitOptions, run_init

    options = InitOptions(folder, template, source, ci, force, site)
    raise typer.Exit(run_init(options, sys.stdout))


@app.command()
def new(
    output: Annotated[Path, typer.Argument(help="The plan file to create (*.plan.yaml).")],
    template: Annotated[
        str, typer.Option("--template", "-t", help="The plan template to start from.")
    ] = "default",
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Add one starter plan: every field of the template, with what to write in each."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.init import NewOptions, run_new

    raise typer.Exit(run_new(NewOptions(output, template, force), sys.stderr))


@app.command()
def rules(
    rule_id: Annotated[
        str | None,
        typer.Argument(help="Show one rule in full, with examples."),
    ] = None,
) -> None:
    """List the rules plans are checked against, or explain one."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.rules.command import RulesOptions, run

    raise typer.Exit(run(RulesOptions(rule_id), sys.stdout))


@app.command()
def templates(
    name: Annotated[
        str | None,
        typer.Argument(help="Show one template: its levels, columns, required fields and rules."),
    ] = None,
) -> None:
    """List the built-in plan templates, or show one."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.templates import TemplatesOptions, run

    raise typer.Exit(run(TemplatesOptions(name), sys.stdout))


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the schema to this file."),
    ] = None,
) -> None:
    """Print the JSON Schema of plan files, for editors' completion and inline errors."""
    # deferred: start-up (only the command being run loads its code)
    from planctl.schema import SchemaOptions, run

    raise typer.Exit(run(SchemaOptions(output), sys.stdout))


@contextmanager
def _only_command(name: str) -> Iterator[None]:
    """Let typer see only the command ``name`` while it runs, when that is a command.

    typer builds every command it knows before running one, reading each
    function's signature and help; for all of planctl's commands that is a
    tenth of a one-plan ``validate``. The full list stays when ``name`` is
    not a command, so help and "no such command" messages still list them all.
    """
    # deferred: start-up (typer's command builder, only to pick the command)
    from typer.main import get_command_name

    everything = app.registered_commands
    chosen = [
        info
        for info in everything
        if info.callback is not None
        and (info.name or get_command_name(info.callback.__name__)) == name
    ]
    app.registered_commands = chosen or everything
    try:
        yield
    finally:
        app.registered_commands = everything


def _shown_path(name: object) -> str:
    """A file name from an error, shortened and printable."""
    from planctl.paths import shown  # deferred: start-up (only on an error)

    text = shown(os.fsdecode(name)) if isinstance(name, (str, bytes, os.PathLike)) else str(name)
    return text if len(text) <= 80 else f"{text[:40]}…{text[-30:]}"


def _exit_on_termination() -> None:
    """Turn SIGTERM and SIGHUP into an ordinary exit, so writers remove their temporary files.

    By default these signals end Python at once; as an exit, every ``finally``
    and ``except BaseException`` on the way out runs (a CI job cancelled
    mid-write leaves no ``.tmp`` file behind).
    """
    import signal  # deferred: start-up (cheap, but only main() needs it)

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, leave)


def main() -> None:
    """Run planctl; an unexpected failure is one line, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show "›" gets a replacement character, not a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    tune_collector()
    _exit_on_termination()
    try:
        with _only_command(sys.argv[1] if len(sys.argv) > 1 else ""):
            app()
    except BrokenPipeError:
        # The reader (head, less) went away; that is not an error of planctl's.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.stderr.write("planctl: interrupted\n")
        sys.exit(130)
    except OSError as error:
        if error.filename is None or os.environ.get("PLANCTL_DEBUG"):
            raise
        # A file named on the command line that the system will not open (a name
        # too long, no permission, a full disk): the user's to fix, not a bug.
        sys.stderr.write(f"planctl: {_shown_path(error.filename)}: {error.strerror or error}\n")
        sys.exit(EXIT_USAGE)
    except Exception as error:
        if os.environ.get("PLANCTL_DEBUG"):
            raise
        sys.stderr.write(
            f"planctl: internal error: {type(error).__name__}: {error}\n"
            "planctl: please report this with the file that caused it "
            "(set PLANCTL_DEBUG=1 to see the details)\n"
        )
        sys.exit(3)
