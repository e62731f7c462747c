"""Every output format of every command, by name, with the module that writes it.

The one list: each command picks its writer here by name, and the command
line makes its ``--format`` / ``--to`` choices from the same tables. It is
a module of its own, importing nothing, because the command line reads it
on every run (``planctl --help`` lists every command's choices).
"""

from __future__ import annotations

VALIDATE = {
    # write(reports, stream, *, rules, color, tool_version)
    "text": "planctl.report.text",
    "json": "planctl.report.json",
    "github": "planctl.report.github",
    "sarif": "planctl.report.sarif",
    "gitlab": "planctl.report.gitlab",
}
RENDER = {
    # render(packet, layout, layouts_dir) -> bytes
    "md": "planctl.render.markdown",
    "html": "planctl.render.html",
    "docx": "planctl.render.docx",
    "pdf": "planctl.render.pdf",
}
STATUS = {
    # write(report, out, *, color)
    "text": "planctl.progress.report_text",
    "md": "planctl.progress.report_md",
    "json": "planctl.progress.report_json",
}
DIFF = {
    # write(plans, out)
    "text": "planctl.diff.text",
    "md": "planctl.diff.markdown",
    "json": "planctl.diff.json",
}
EXPORT = {
    # export(plans, owner, *, stamp) -> str, and ENCODING
    "csv": "planctl.export.csv",
    "ics": "planctl.export.ics",
    "json": "planctl.export.json",
}

# What a file name says of its format, for ``-o FILE`` without ``--format``: each
# suffix names the formats such a file may hold, the first being the one it picks.
# A suffix several formats share (a SARIF log is JSON too) picks its first but
# never contradicts the others.
RENDER_SUFFIXES: dict[str, tuple[str, ...]] = {
    ".md": ("md",),
    ".markdown": ("md",),
    ".html": ("html",),
    ".htm": ("html",),
    ".docx": ("docx",),
    ".pdf": ("pdf",),
}
EXPORT_SUFFIXES: dict[str, tuple[str, ...]] = {
    ".csv": ("csv",),
    ".ics": ("ics",),
    ".json": ("json",),
}
VALIDATE_SUFFIXES: dict[str, tuple[str, ...]] = {
    ".sarif": ("sarif",),
    ".json": ("json", "sarif", "gitlab"),
    ".txt": ("text", "github"),
}


def by_file_name(suffixes: dict[str, tuple[str, ...]], name: str) -> tuple[str, ...] | None:
    """The formats a file called ``name`` may hold, first the one it picks; None if unknown."""
    dot = name.rfind(".")
    if dot <= max(name.rfind("/"), name.rfind("\\")):
        return None
    return suffixes.get(name[dot:].lower())
