"""``planctl import``: existing Word tables and spreadsheets turned into plan files.

A district's plan usually exists already, as a Word document of goal headings and action-step
tables or as a spreadsheet. ``planctl import FILE -o OUT.plan.yaml`` reads it into a plan file
of the template the document follows, then validates the result, so the planner starts from
the document they know and a list of what it leaves open.

The pipeline: a reader turns the file into paragraphs and tables of plain text
(:mod:`~planctl.importer.docx`, :mod:`~planctl.importer.sheet`); the interpreter reads them as
a plan for the template (:mod:`~planctl.importer.build`, with headings matched by
:mod:`~planctl.importer.columns` and cells read by :mod:`~planctl.importer.cells`); the writer
lays the plan out as YAML (:mod:`~planctl.importer.write`), which is written atomically and
checked by :func:`planctl.checking.check_loaded`.

Files that cannot be imported stop the command (exit 2) before anything is written: an output
that exists (without ``--force``), an extension planctl does not read, a password-protected or
old-format (.doc, .xls) file, a damaged file, one too large to be a plan, a document with no
tables and no goal headings, an unknown template, a ``--map`` that names no field.

The work is bounded by what is read, whatever a file declares about itself: a file of at most
50 MB; a .docx or .xlsx is unpacked in pieces first (:mod:`~planctl.importer.package`) and
refused past 64 MB unpacked, 32 MB of XML or 10,000 parts, or when a part unpacks to more than
its header says; then at most 20,000 rows, 50,000 paragraphs, 1,000,000 cells, 200 columns,
100,000 characters a cell and 16,000,000 characters in all are read
(:mod:`~planctl.importer.source`); and no plan is written that is larger than ``planctl
validate`` reads. Each limit is many times a real plan; a refusal names it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from planctl.checking import check_loaded, undiscovered_name_warning
from planctl.config import load_settings
from planctl.errors import UserError
from planctl.importer.build import Draft, interpret
from planctl.importer.columns import Matcher, normalize
from planctl.importer.docx import read as read_docx
from planctl.importer.package import check, read_bounded, too_big
from planctl.importer.sheet import read_csv, read_xlsx
from planctl.importer.source import MAX_BYTES, CannotImport, Kind, Paragraph, Source
from planctl.importer.write import dump, plan_data
from planctl.load import LoadedFile
from planctl.paths import repository_root
from planctl.problem import Severity
from planctl.template import (
    PlanTemplate,
    TemplateError,
    builtin_names,
    load_builtin,
    load_template_path,
)
from planctl.writing import atomic_writer

__all__ = [
    "CannotImport",
    "ImportOptions",
    "OutputExists",
    "UnknownTemplate",
    "read_source",
    "run",
    "run_import",
]

SUFFIXES: dict[str, Kind] = {".docx": "docx", ".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
OLD_FORMATS = (".doc", ".xls", ".dot", ".xlt")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
TEMPLATE_SCORE_MINIMUM = 1
GENERIC_LABELS = frozenset({"goal", "objective", "strategy"})


class OutputExists(UserError):
    """The output file exists and ``--force`` was not given."""


class UnknownTemplate(UserError):
    """``--template`` names no template planctl can load."""


@dataclass(frozen=True)
class ImportOptions:
    """What ``planctl import`` was asked for."""

    source: Path
    """A Word (.docx) or spreadsheet (.xlsx, .csv) plan."""
    output: Path
    """The plan file to write."""
    template: str | None = None
    """The template the document follows (default: the one its headings fit best)."""
    mappings: Sequence[str] = ()
    """Columns the document names its own way, as ``Heading=field``."""
    force: bool = False
    """Replace the output file if it exists."""


def run_import(options: ImportOptions, out: TextIO) -> int:
    """The command: :func:`run` with the options the command line was given."""
    return run(
        options.source,
        options.output,
        template=options.template,
        mappings=options.mappings,
        force=options.force,
        out=out,
    )


def run(
    source: Path,
    output: Path,
    *,
    template: str | None,
    mappings: Sequence[str],
    force: bool,
    out: TextIO,
) -> int:
    """Import ``source`` into the plan file ``output``; report on ``out``.

    Returns 0 when the plan has no validation errors and 1 when it has (the problems are
    listed); raises :class:`~planctl.errors.UserError` when nothing can be imported, before
    anything is written.
    """
    if output.exists() and not force:
        raise OutputExists(f"{output} already exists; use --force to replace it")
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        raise CannotImport(f"{output} is the file being imported; write the plan to a new file")
    chosen: PlanTemplate | None = None
    reference = ""
    if template is not None:
        chosen, reference = load_template(template, output)
        Matcher.build(chosen, mappings)  # a bad --map stops the command before any reading
    document = read_source(source)
    why = ""
    if chosen is None:
        chosen, why = guess_template(document)
        reference = chosen.name
    matcher = Matcher.build(chosen, mappings)
    draft = interpret(chosen, matcher, document)
    if not draft.roots:
        raise CannotImport(_nothing_found(document, draft))
    heading = _heading_comment(document, draft)
    text, loaded = dump(plan_data(draft, reference, source.stem), heading, str(output))
    with atomic_writer(output) as stream:
        stream.write(text)
    code = _report(document, draft, output, loaded, why, out)
    warning = undiscovered_name_warning(output)
    if warning:
        out.write(f"{warning}\n")
    return code


# --------------------------------------------------------------------------- reading


def read_source(path: Path) -> Source:
    """The paragraphs and tables of ``path``; raises :class:`CannotImport` when it cannot."""
    kind = _kind(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CannotImport(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_BYTES:
        raise too_big(path.name, size)
    raw = read_bounded(path)  # a file that grows, or lies about its size, is still bounded
    if raw.startswith(OLE_MAGIC):
        raise CannotImport(
            f"{path.name} is password-protected or old .doc/.xls format: save as .docx/.xlsx "
            "(without a password) and import that"
        )
    if kind == "csv":
        return read_csv(path.name, raw)
    label = "Word (.docx)" if kind == "docx" else "Excel (.xlsx)"
    check(raw, path.name, label)
    if kind == "docx":
        return read_docx(path.name, raw)
    return read_xlsx(path.name, raw)


def _kind(path: Path) -> Kind:
    suffix = path.suffix.lower()
    if not path.exists():
        raise CannotImport(f"{path} does not exist")
    if path.is_dir():
        raise CannotImport(f"{path} is a folder; name a .docx, .xlsx or .csv file")
    if suffix in OLD_FORMATS:
        raise CannotImport(
            f"{path.name} is in the old .doc/.xls format: save as .docx/.xlsx and import that"
        )
    if suffix not in SUFFIXES:
        raise CannotImport(
            f"planctl cannot import '{path.suffix or path.name}' files; "
            "it reads Word (.docx), Excel (.xlsx) and CSV (.csv) files"
        )
    if not path.is_file():  # a pipe or a device would block or never end
        raise CannotImport(f"{path} is not a regular file; name a .docx, .xlsx or .csv file")
    return SUFFIXES[suffix]


# --------------------------------------------------------------------------- templates


def load_template(name: str, output: Path) -> tuple[PlanTemplate, str]:
    """The template ``--template`` names, and how the plan file refers to it."""
    if "/" in name or "\\" in name or name.endswith((".yaml", ".yml")):
        path = Path(name)
        if not path.is_file():
            raise UnknownTemplate(f"the template file {name} does not exist")
        root = repository_root(output.absolute().parent)
        try:
            loaded = load_template_path(path.resolve(), name, root)
        except TemplateError as error:
            raise UnknownTemplate(f"the template {name} cannot be used: {error}") from None
        relative = os.path.relpath(path.resolve(), output.absolute().parent.resolve())
        return loaded, relative.replace(os.sep, "/")
    try:
        return load_builtin(name), name
    except TemplateError:
        names = builtin_names()
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "built-in templates: " + ", ".join(names)
        raise UnknownTemplate(f"there is no template '{name}'; {hint}") from None


def guess_template(document: Source) -> tuple[PlanTemplate, str]:
    """The built-in template whose headings the document uses most; ``default`` otherwise.

    Each column heading the tables use exactly, each section heading and each level word
    ("Goal", "Objective", "Strategy") of its headings counts for a template.
    """
    cells: set[str] = set()
    for table in document.tables:
        for row in table.rows[:12]:
            cells.update(_folded(text) for text in row.cells if text and len(text) < 120)
    paragraphs = [
        block.text.split("\n", 1)[0] for block in document.blocks if isinstance(block, Paragraph)
    ]
    for table in document.tables:
        paragraphs.extend(row.cells[0] for row in table.rows if row.cells and row.cells[0])
    paragraphs = paragraphs[:5000]  # the headings a template is known by come early
    openings = {_folded(text.split(":", 1)[0]) for text in paragraphs}
    normalized = {normalize(opening) for opening in openings}
    words = {_first_word(text) for text in paragraphs}
    scores: list[tuple[int, int, str]] = []
    for order, name in enumerate(["default", *(n for n in builtin_names() if n != "default")]):
        candidate = load_builtin(name)
        score = sum(
            1 for column in {c.heading for c in candidate.columns} if _folded(column) in cells
        )
        score += sum(
            1
            for section in candidate.sections
            if _folded(section.heading) in openings
            or normalize(section.heading.rsplit(":", 1)[-1]) in normalized
        )
        labels = {level.label.casefold() for level in candidate.levels[:-1]}
        score += 2 * len(labels & words) - 2 * len((GENERIC_LABELS & words) - labels)
        scores.append((score, -order, name))
    score, _, best = max(scores)
    if score < TEMPLATE_SCORE_MINIMUM:
        return load_builtin("default"), "no template's headings were found; the default one"
    chosen = load_builtin(best)
    if best == "default":
        return chosen, "the document's headings are the default template's"
    return chosen, "the document uses its headings; choose another with --template"


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("*", "").split()).rstrip(":")


def _first_word(text: str) -> str:
    word = text.strip().split(" ", 1)[0].casefold()
    return word.rstrip(":#0123456789.")


# --------------------------------------------------------------------------- summary


def _counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _source_extent(document: Source, draft: Draft) -> str:
    rows = _counted(draft.rows, "row", "rows")
    tables = len(document.tables)
    if document.kind == "csv":
        return rows
    if document.kind == "xlsx":
        return f"{_counted(tables, 'sheet', 'sheets')}, {rows}"
    return f"{_counted(tables, 'table', 'tables')}, {rows}"


def _heading_comment(document: Source, draft: Draft) -> str:
    return f"Imported by planctl from {document.name} ({_source_extent(document, draft)})."


def _nothing_found(document: Source, draft: Draft) -> str:
    headings = ", ".join(column.heading for column in draft.template.columns)
    if not document.tables:
        return (
            f"{document.name} has no tables and no goal headings: planctl imports action "
            "steps from tables (one row per step)"
        )
    return (
        f"{document.name} has no table whose first row holds column headings planctl knows "
        f'(such as {headings}); name the columns with --map "Heading=field"'
    )


def _report(
    document: Source, draft: Draft, output: Path, loaded: LoadedFile, why: str, out: TextIO
) -> int:
    template = draft.template
    display = str(output)
    counts = []
    for index, level in enumerate(template.levels[:-1]):
        number = sum(1 for node in draft.nodes() if node.level == index)
        if level.optional and not number:
            continue
        counts.append(_counted(number, level.label.lower(), level.plural_label.lower()))
    steps = template.levels[-1]
    counts.append(_counted(draft.steps(), steps.label.lower(), steps.plural_label.lower()))
    out.write(
        f"Imported {document.name} ({_source_extent(document, draft)}) into {display} "
        f"with the template {template.name}: {', '.join(counts)}.\n"
    )
    if why:
        out.write(f"  template: {template.name} ({why})\n")
    skipped = []
    if draft.instructions:
        skipped.append(
            _counted(len(draft.instructions), "instruction row", "instruction rows")
            + f" ({'; '.join(draft.instructions)})"
        )
    if draft.empty_rows:
        skipped.append(_counted(draft.empty_rows, "empty row", "empty rows"))
    if skipped:
        out.write(f"  skipped: {', '.join(skipped)}\n")
    for place in draft.skipped_tables:
        out.write(f"  {place} was not read: it has no row of column headings planctl knows\n")
    for note in draft.assumed:
        out.write(f"  {note}\n")
    if draft.unmapped:
        out.write(
            "  columns not mapped (their text is kept in each step's comments as "
            '"Heading: text"; map one with --map "Heading=field"):\n'
        )
        for heading, places in draft.unmapped.items():
            out.write(f"    {heading} ({', '.join(places)})\n")
    if draft.notes:
        out.write("  cells planctl could not read, or is unsure of (kept as written):\n")
        for note in draft.notes:
            out.write(f"    {note}\n")
    settings = load_settings(output.absolute().parent)
    problems = check_loaded(loaded, output.absolute().parent, settings).report.problems
    errors = sum(1 for problem in problems if problem.severity == Severity.ERROR)
    if not problems:
        out.write(f"Validation: no problems in {display}.\n")
        return 0
    out.write(f"Validation of {display}:\n")
    for problem in problems:
        where = f"{problem.where}: " if problem.where else ""
        out.write(
            f"  {problem.path}:{problem.line}:{problem.column}: {problem.severity.value} "
            f"[{problem.rule}] {where}{problem.message}\n"
        )
    warnings = len(problems) - errors
    parts = [_counted(errors, "error", "errors")]
    if warnings:
        parts.append(_counted(warnings, "warning", "warnings"))
    out.write(
        f"{_counted(len(problems), 'problem', 'problems')} ({', '.join(parts)}): "
        f"fill them in, then run 'planctl validate {display}'.\n"
    )
    return 1 if errors else 0
