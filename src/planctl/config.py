"""Project settings: ``planctl.toml`` at the root of a plan repository.

planctl looks for ``planctl.toml`` in the current folder and its parents. It
may say where the plans are, which template plans use when they name none,
a shared roster of people, rule severities for the whole repository, and the
date progress is measured against::

    plans = ["plans/**/*.plan.yaml"]
    template = "tlt-work-plan"
    roster = "people.yaml"
    as_of = "2025-01-15"

    [rules]
    smart-measure = "off"
    date-in-period = "error"

    [privacy]
    threshold = 10          # counts of fewer students than this are not published
    allow = ["Cedar Hill"]  # texts the privacy rules never flag

Mistakes in the file are reported like plan problems, at their line.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl import paths, rule_names
from planctl.load import load_file
from planctl.problem import Problem, error_at

CONFIG_NAME = "planctl.toml"
RULE_CONFIG = "config"
KEYS = ("plans", "template", "roster", "as_of", "rules", "privacy", "lang")
PRIVACY_KEYS = ("threshold", "allow")
DEFAULT_PRIVACY_THRESHOLD = 10
"""Counts of fewer students than this are suppressed before publishing (FERPA practice)."""
SEVERITIES = ("error", "warning", "info", "off")


@dataclass(frozen=True)
class Person:
    """Someone on the shared roster."""

    name: str
    aliases: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    """The person's ``email`` and ``phone`` as the roster writes them (they may be published)."""


@dataclass
class Settings:
    """What a run of planctl takes from ``planctl.toml`` (all optional)."""

    path: Path | None = None
    root: Path | None = None
    plans: list[str] = field(default_factory=list)
    template: str | None = None
    roster: list[Person] = field(default_factory=list)
    as_of: str | None = None
    lang: str | None = None
    """The language of the site's own words (``planctl site``): ``en``, ``es``."""
    rules: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    public: bool = False
    """The plans are about to be published: the privacy rules run too (``--public``, ``site``)."""
    privacy_threshold: int = DEFAULT_PRIVACY_THRESHOLD
    """``[privacy] threshold``: a count of fewer students than this is a privacy problem."""
    privacy_allow: tuple[str, ...] = ()
    """``[privacy] allow``: texts the privacy rules never flag (a school named like a person)."""

    def plan_paths(self) -> list[str]:
        """The plan files the ``plans`` globs name, relative to the current folder."""
        if self.root is None:
            return []
        found: list[str] = []
        for pattern in self.plans:
            for match in sorted(self.root.glob(pattern)):
                if match.is_file():
                    try:
                        found.append(str(match.relative_to(Path.cwd())))
                    except ValueError:
                        found.append(str(match))
        return found


def find_config(start: Path) -> Path | None:
    """The nearest ``planctl.toml`` at or above ``start``."""
    current = start.resolve()
    for folder in (current, *current.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path) -> Settings:
    """Settings from the nearest ``planctl.toml``; defaults when there is none."""
    path = find_config(start)
    if path is None:
        return Settings()
    display = _display(path)
    settings = Settings(path=path, root=path.parent)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        settings.problems.append(_problem(display, 1, 1, f"cannot read {CONFIG_NAME}: {error}"))
        return settings
    try:
        data = _parse_toml(text)
    except ValueError as error:
        line, column = _toml_position(str(error), text)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        settings.problems.append(
            _problem(display, line, column, f"{CONFIG_NAME} is not valid TOML: {message}")
        )
        return settings
    _apply(settings, data, text, display)
    return settings


def _parse_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib  # deferred: start-up (read only where a planctl.toml exists)
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # deferred: start-up (as above)
    data: dict[str, Any] = tomllib.loads(text)
    return data


def _toml_position(message: str, text: str) -> tuple[int, int]:
    match = re.search(r"at line (\d+), column (\d+)", message)
    if match:
        return int(match.group(1)), int(match.group(2))
    if "end of document" in message:
        return text.count("\n") + 1, 1
    return 1, 1


def _line_of(text: str, key: str) -> int:
    """The line where ``key`` is set (TOML readers do not keep positions)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _apply(settings: Settings, data: dict[str, Any], text: str, display: str) -> None:
    def bad(key: str, message: str, hint: str = "") -> None:
        settings.problems.append(_problem(display, _line_of(text, key), 1, message, hint))

    for key in data:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            bad(
                key,
                f"'{key}' is not a setting planctl knows",
                f"did you mean '{close[0]}'?" if close else "settings: " + ", ".join(KEYS),
            )
    plans = data.get("plans", [])
    if isinstance(plans, str):
        plans = [plans]
    if isinstance(plans, list) and all(isinstance(item, str) for item in plans):
        settings.plans = list(plans)
    else:
        bad(
            "plans", "'plans' should be a list of file patterns, such as [\"plans/**/*.plan.yaml\"]"
        )
    template = data.get("template")
    if template is not None:
        if isinstance(template, str) and template.strip():
            settings.template = template.strip()
        else:
            bad("template", "'template' should name a template, such as \"tlt-work-plan\"")
    as_of = data.get("as_of")
    if as_of is not None:
        settings.as_of = str(as_of)
    lang = data.get("lang")
    if lang is not None:
        if isinstance(lang, str) and lang.strip():
            settings.lang = lang.strip()
        else:
            bad("lang", '\'lang\' should name the site\'s language, such as "en" or "es"')
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        bad("rules", "'rules' should be a table of rule = severity")
        rules = {}
    known = rule_names.known_names()
    for rule, severity in rules.items():
        if rule not in known:
            close = difflib.get_close_matches(rule, known, n=1, cutoff=0.6)
            bad(
                rule,
                f"there is no rule '{rule}'",
                f"did you mean '{close[0]}'?" if close else "see 'planctl rules'",
            )
        elif severity not in SEVERITIES:
            bad(rule, f"'{severity}' is not a severity", "write one of: " + ", ".join(SEVERITIES))
        else:
            settings.rules[rule] = severity
    _apply_privacy(settings, data.get("privacy"), bad)
    roster = data.get("roster")
    if roster is not None:
        if not isinstance(roster, str):
            bad("roster", "'roster' should be the path of a YAML file listing people")
        else:
            _load_roster(settings, roster, text, display)


def _apply_privacy(settings: Settings, privacy: Any, bad: Callable[..., None]) -> None:
    """Read the ``[privacy]`` table: the small-count threshold and the allowed texts."""
    if privacy is None:
        return
    if not isinstance(privacy, dict):
        bad("privacy", "'privacy' should be a table: [privacy] with 'threshold = 10' below it")
        return
    for key in privacy:
        if key not in PRIVACY_KEYS:
            close = difflib.get_close_matches(key, PRIVACY_KEYS, n=1)
            bad(
                key,
                f"'{key}' is not a privacy setting planctl knows",
                f"did you mean '{close[0]}'?" if close else "settings: " + ", ".join(PRIVACY_KEYS),
            )
    threshold = privacy.get("threshold")
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
            bad(
                "threshold",
                f"the privacy threshold should be a whole number of students, not {threshold!r}",
                "write 'threshold = 10' (or 5, as some states suppress fewer than 5)",
            )
        else:
            settings.privacy_threshold = threshold
    allow = privacy.get("allow")
    if allow is not None:
        if isinstance(allow, str):
            allow = [allow]
        if isinstance(allow, list) and all(isinstance(item, str) for item in allow):
            settings.privacy_allow = tuple(item.strip() for item in allow if item.strip())
        else:
            bad("allow", "'allow' should be a list of texts, such as [\"Cedar Hill\"]")


def _load_roster(settings: Settings, roster: str, text: str, display: str) -> None:
    """Read the shared roster: a YAML list of ``{name, role, team, aliases}``."""
    assert settings.root is not None
    line = _line_of(text, "roster")
    path = paths.resolved(settings.root / roster)
    root = paths.resolved(settings.root)
    if path is None or root is None or paths.probe(path).kind is paths.Kind.UNUSABLE:
        settings.problems.append(
            _problem(display, line, 1, f"the roster file '{roster}' cannot be opened")
        )
        return
    if root not in path.parents:
        settings.problems.append(
            _problem(display, line, 1, f"the roster '{roster}' is outside the plan repository")
        )
        return
    if paths.probe(path).kind is not paths.Kind.FILE:
        settings.problems.append(
            _problem(display, line, 1, f"the roster file '{roster}' does not exist")
        )
        return
    loaded = load_file(path, _display(path))
    if loaded.problems:
        settings.problems.extend(loaded.problems)
        return
    data = loaded.data
    items = data.get("people") if isinstance(data, dict) else data
    if not isinstance(items, list):
        settings.problems.append(
            _problem(_display(path), 1, 1, "a roster file is a list of people ('- name: ...')")
        )
        return
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            aliases = item.get("aliases") or []
            contacts = (item.get("email"), item.get("phone"))
            settings.roster.append(
                Person(
                    item["name"],
                    tuple(str(a) for a in aliases if isinstance(a, (str, int))),
                    tuple(str(c) for c in contacts if isinstance(c, (str, int))),
                )
            )
        elif isinstance(item, str):
            settings.roster.append(Person(item))
        else:
            span = loaded.positions.value((index,))
            settings.problems.append(
                _problem(_display(path), span.line, span.column, "each person needs a 'name'")
            )


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _problem(path: str, line: int, column: int, message: str, hint: str = "") -> Problem:
    return error_at(path, line, column, RULE_CONFIG, message, hint)
