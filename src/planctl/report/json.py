"""planctl's own JSON report, for scripts.

The document has a version, the files in the order they were checked, each
with its problems sorted by position (every problem as
:meth:`Problem.to_dict` gives it), and a summary::

    {"version": 1,
     "files": [{"path": "a.plan.yaml", "problems": [{"path": ..., "line": 3, ...}]}],
     "summary": {"files": 1, "files_with_problems": 1, "errors": 1, "warnings": 0, "infos": 0}}

Fields may be added within version 1; none will be removed or change meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, TextIO

from planctl.problem import FileReport
from planctl.report import Options, Reporter
from planctl.report._common import Summary, dump_json, sorted_problems

VERSION = 1
"""The version of the document's shape."""


def document(reports: Sequence[FileReport]) -> dict[str, Any]:
    """The JSON report as plain data."""
    return {
        "version": VERSION,
        "files": [
            {"path": report.path, "problems": [p.to_dict() for p in sorted_problems(report)]}
            for report in reports
        ],
        "summary": asdict(Summary.of(reports)),
    }


def _write(reports: Sequence[FileReport], stream: TextIO, options: Options) -> None:
    """Write the JSON report to ``stream``, indented by two, with a final newline."""
    del options  # the document does not depend on them
    dump_json(document(reports), stream)


write = Reporter(_write, "write")
"""Write ``reports`` to a stream in this format (see :class:`planctl.report.Reporter`)."""
