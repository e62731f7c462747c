"""The floor: only parse plan files with PyYAML's C loader, and check nothing.

    python benchmarks/floor.py PATH...

Finds plan files the way ``planctl validate`` does (``*.plan.yaml`` and
``*.plan.yml`` under each folder, in sorted order) and loads each one with
``yaml.load(f, Loader=yaml.CSafeLoader)``. No validator reading the same files
can be much faster than this, so it is the yardstick for ``planctl validate``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

# Imported by name so type checking does not need PyYAML's stubs; this script
# is only run by the benchmarks.
yaml = importlib.import_module("yaml")

SUFFIXES = (".plan.yaml", ".plan.yml")


def plan_files(targets: Sequence[str]) -> Iterator[Path]:
    """Plan files named by ``targets``: files as given, folders searched in sorted order."""
    for target in targets:
        path = Path(target)
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(SUFFIXES):
                    yield Path(root) / name


def main(argv: Sequence[str]) -> int:
    """Load every plan file; exit 0 when each one parsed, 1 otherwise."""
    failed = 0
    for path in plan_files(argv or ["."]):
        with path.open("rb") as handle:
            try:
                yaml.load(handle, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
