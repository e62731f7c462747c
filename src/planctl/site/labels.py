"""The site's own words (Goal, Status, Due, Overdue…) in each language, read from data files.

Each language is one TOML file in the shipped ``templates/site/labels/``
folder, named by its code (``en.toml``, ``es.toml``); adding a language is
adding a file with every key English has. Plan text is never translated: only
these labels change with the site's language.
"""

from __future__ import annotations

import sys
from pathlib import Path

from planctl.errors import UserError
from planctl.resources import layouts_dir

DEFAULT = "en"
"""The language of a site whose settings name none."""


def labels_dir() -> Path:
    """The folder of label files."""
    return layouts_dir() / "site" / "labels"


def languages() -> list[str]:
    """The codes of the languages a site can be built in, sorted."""
    return sorted(path.stem for path in labels_dir().glob("*.toml"))


def read_labels(path: Path) -> dict[str, str]:
    """The labels one file holds, as written (no English filled in)."""
    if sys.version_info >= (3, 11):
        import tomllib  # deferred: start-up (only the site reads label files)
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # deferred: start-up (as above)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def load_labels(lang: str) -> dict[str, str]:
    """The labels of ``lang``; a key its file lacks is English's.

    Raises :class:`~planctl.errors.UserError` for a language with no file.
    """
    code = lang.strip().lower()
    known = languages()
    if code not in known:
        raise UserError(
            f"there are no site labels in '{lang}': use one of {', '.join(known)} "
            f"(a language is one file in the site's labels folder)"
        )
    labels = read_labels(labels_dir() / f"{DEFAULT}.toml")
    if code != DEFAULT:
        labels.update(read_labels(labels_dir() / f"{code}.toml"))
    labels["lang"] = code
    return labels
