"""Alignment references: ``district-2024.plan.yaml#G1.O3`` taken apart and followed.

The ``aligns-to`` rule (:mod:`planctl.rules.aligns_to`) checks them and the
alignment layout (:mod:`planctl.render.alignment`) matches them; both read
them here, so a layout needs nothing of the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Reference:
    """``district-2024.plan.yaml#G1.O3`` taken apart."""

    text: str
    file: str
    ident: str


def parse_reference(text: str) -> Reference:
    """The file and id of a reference; either may be empty."""
    cleaned = text.strip()
    file, _, ident = cleaned.partition("#")
    return Reference(cleaned, file.strip(), ident.strip())


def resolve(reference: Reference, plan_dir: Path, root: Path | None) -> Path | str:
    """The file a reference names, or why it names none (a message for the planner)."""
    shown = reference.file
    if "://" in shown or shown.lower().startswith(("http:", "https:", "www.")):
        return f"'{shown}' is a web address; plans align to plan files in this repository"
    path = Path(shown)
    if path.is_absolute() or shown.startswith(("/", "\\")) or (len(shown) > 1 and shown[1] == ":"):
        return f"'{shown}' is an absolute path; write it relative to this plan's folder"
    try:
        resolved = (plan_dir / path).resolve()
        fence = (root or plan_dir).resolve()
    except (OSError, RuntimeError, ValueError):
        return f"'{shown}' is not a path planctl can follow"
    if resolved != fence and fence not in resolved.parents:
        return f"'{shown}' is outside the plan repository"
    return resolved


def followed(
    texts: Iterable[str], plan_dir: Path, root: Path | None
) -> Iterator[tuple[str, Reference, Path]]:
    """Each reference of ``texts`` that names a file :func:`resolve` accepts, with that file.

    A reference without a file part, or one whose file is refused (a web
    address, an absolute path, outside the repository), is passed over: the
    ``aligns-to`` rule reports those where they are written.
    """
    for text in texts:
        reference = parse_reference(text)
        if not reference.file:
            continue
        target = resolve(reference, plan_dir, root)
        if not isinstance(target, str):
            yield text, reference, target
