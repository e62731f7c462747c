"""SARIF 2.1.0, as GitHub code scanning reads it.

One run of the tool ``planctl``. Its driver lists every documented rule
(and a minimal entry for any rule a problem names that has no documentation),
so code scanning can show each rule's description and examples. Each problem
is a result with its rule, level, message, a location relative to the
checkout (``%SRCROOT%``) and a partial fingerprint that ignores the line
number, so moving a problem up or down does not open a new alert.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from planctl.problem import FileReport, Problem, RuleDoc, Severity
from planctl.report import Options, Reporter
from planctl.report._common import (
    FINGERPRINT_KEY,
    describe,
    dump_json,
    fingerprinted,
    posix_path,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
TOOL_NAME = "planctl"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
"""The SARIF level of each severity."""

TAGS = ["plan"]
"""Tags every planctl rule carries, so code scanning can filter on them."""


def _write(reports: Sequence[FileReport], stream: TextIO, options: Options) -> None:
    """Write a SARIF log of ``reports`` to ``stream``."""
    dump_json(log(reports, options.rules, options.tool_version), stream)


write = Reporter(_write, "write")
"""Write ``reports`` to a stream in this format (see :class:`planctl.report.Reporter`)."""


def log(
    reports: Sequence[FileReport], rules: Mapping[str, RuleDoc], tool_version: str
) -> dict[str, Any]:
    """The SARIF log as plain data."""
    problems = fingerprinted(reports)
    descriptors = [descriptor(rules[rule_id]) for rule_id in sorted(rules)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for problem, _ in problems:
        if problem.rule not in index:
            index[problem.rule] = len(descriptors)
            descriptors.append(_undocumented(problem.rule))
    driver: dict[str, Any] = {"name": TOOL_NAME}
    if tool_version:
        driver["version"] = tool_version
        driver["semanticVersion"] = tool_version
    driver["rules"] = descriptors
    results = [
        result(problem, index[problem.rule], fingerprint) for problem, fingerprint in problems
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def descriptor(rule: RuleDoc) -> dict[str, Any]:
    """The SARIF reportingDescriptor of a documented rule."""
    data: dict[str, Any] = {"id": rule.id, "name": pascal_case(rule.name) or pascal_case(rule.id)}
    if rule.summary:
        data["shortDescription"] = {"text": rule.summary}
    if rule.description:
        data["fullDescription"] = {"text": rule.description}
    help_text, help_markdown = _help(rule)
    if help_text:
        data["help"] = {"text": help_text, "markdown": help_markdown}
    data["defaultConfiguration"] = {"level": LEVELS[rule.default_severity]}
    data["properties"] = {"tags": list(TAGS)}
    return data


def _undocumented(rule_id: str) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": pascal_case(rule_id) or "Rule",
        "properties": {"tags": list(TAGS)},
    }


def _help(rule: RuleDoc) -> tuple[str, str]:
    """The rule's description and examples, as plain text and as Markdown."""
    text = [rule.description] if rule.description else []
    markdown = list(text)
    for label, example in (("Fails", rule.fail_example), ("Passes", rule.pass_example)):
        if example:
            text.append(f"{label}:\n{example}")
            fence = "`" * max(3, _longest_backtick_run(example) + 1)
            markdown.append(f"**{label}:**\n\n{fence}yaml\n{example}\n{fence}")
    return "\n\n".join(text), "\n\n".join(markdown)


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def pascal_case(text: str) -> str:
    """``Dates in order`` → ``DatesInOrder``; ``date-order`` → ``DateOrder``."""
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[\W_]+", text) if word)


def result(problem: Problem, rule_index: int, fingerprint: str) -> dict[str, Any]:
    """The SARIF result of one problem."""
    region: dict[str, int] = {
        "startLine": max(problem.line, 1),
        "startColumn": max(problem.column, 1),
    }
    if problem.end_line is not None:
        region["endLine"] = max(problem.end_line, region["startLine"])
    if problem.end_column is not None:
        region["endColumn"] = max(problem.end_column, 1)
    return {
        "ruleId": problem.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[problem.severity],
        "message": {"text": describe(problem)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(problem.path),
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }


def artifact_location(path: str) -> dict[str, str]:
    """The path inside the repository as a URI under ``%SRCROOT%``.

    A path outside the current folder and any repository stays a ``file:`` URI.
    """
    pure = PurePath(posix_path(path))
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    # A file name that is not UTF-8 holds surrogates (os.fsdecode); they are its bytes.
    uri = quote(pure.as_posix(), safe="/", errors="surrogateescape")
    return {"uri": uri, "uriBaseId": SRCROOT}
