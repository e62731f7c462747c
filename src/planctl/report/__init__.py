"""Report formats: one module per output, chosen by name.

``write_report("text", reports, stream, rules=...)`` writes the problems of
checked files to ``stream`` in one of the formats of :data:`REPORTERS`:

- ``text``: grouped by file, with the offending line quoted, for people;
- ``json``: planctl's own stable JSON document;
- ``github``: GitHub Actions workflow commands (annotations on the diff);
- ``sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers;
- ``gitlab``: a GitLab Code Quality report.

``auto`` is not a format but a choice made by :func:`resolve_format`.
Each format module is imported only when it is used, because planctl runs
on every commit and should start fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from planctl import __version__
from planctl.formats import VALIDATE

if TYPE_CHECKING:
    from planctl.problem import FileReport, RuleDoc


class Options:
    """What a report format may use besides the problems: rule documents, colour, tool version."""

    __slots__ = ("color", "rules", "tool_version")

    def __init__(self, rules: Mapping[str, RuleDoc], color: bool, tool_version: str) -> None:
        self.rules = rules
        self.color = color
        self.tool_version = tool_version


Body = Callable[[Sequence["FileReport"], TextIO, Options], None]
"""What a format module writes: the problems of ``reports`` to ``stream`` under ``options``."""


class Reporter:
    """Writes file reports to a stream in one format: a format's :data:`Body` behind the keywords.

    Every format module's ``write`` is one of these, so the keywords (and their defaults)
    are spelled in this one place.
    """

    def __init__(self, body: Body, name: str = "", doc: str | None = None) -> None:
        self.body = body
        self.__name__ = self.__qualname__ = name or body.__name__
        self.__doc__ = body.__doc__ if doc is None else doc

    def __call__(
        self,
        reports: Sequence[FileReport],
        stream: TextIO,
        *,
        rules: Mapping[str, RuleDoc] | None = None,
        color: bool = False,
        tool_version: str = "",
    ) -> None:
        """Write ``reports`` to ``stream``."""
        self.body(reports, stream, Options(rules or {}, color, tool_version))


def _lazy(name: str) -> Reporter:
    """A reporter that imports ``planctl.report.<name>`` on its first call."""

    def body(reports: Sequence[FileReport], stream: TextIO, options: Options) -> None:
        write: Reporter = importlib.import_module(VALIDATE[name]).write
        write.body(reports, stream, options)

    return Reporter(
        body,
        f"write_{name}",
        f"Write reports in the {name!r} format (see planctl.report.{name}).",
    )


REPORTERS: Mapping[str, Reporter] = {name: _lazy(name) for name in VALIDATE}
"""Every output format by name; each reporter imports its module when first called."""

FORMATS: tuple[str, ...] = ("auto", *REPORTERS)
"""What ``--format`` accepts: ``auto`` and every name in :data:`REPORTERS`."""


def resolve_format(fmt: str, environ: Mapping[str, str]) -> str:
    """The format to write for ``fmt``: ``auto`` is ``github`` in GitHub Actions, else ``text``.

    Raises :class:`ValueError` for a name that is neither ``auto`` nor in :data:`REPORTERS`.
    """
    if fmt == "auto":
        return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
    if fmt not in REPORTERS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def write_report(
    fmt: str,
    reports: Sequence[FileReport],
    stream: TextIO,
    *,
    rules: Mapping[str, RuleDoc],
    color: bool = False,
    tool_version: str = __version__,
) -> None:
    """Write ``reports`` to ``stream`` in format ``fmt``.

    ``rules`` documents the rules by id (SARIF lists them); ``color`` asks the
    text format for ANSI colours (other formats ignore it); ``tool_version``
    is recorded by the formats that name the tool. ``auto`` is resolved from
    the process environment. Raises :class:`ValueError` for an unknown format.
    """
    if fmt == "auto":
        import os  # deferred: start-up (an explicit --format needs no environment)

        fmt = resolve_format(fmt, os.environ)
    reporter = REPORTERS.get(fmt)
    if reporter is None:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    reporter(reports, stream, rules=rules, color=color, tool_version=tool_version)
