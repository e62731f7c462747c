"""The plan and template models, completed from schemas kept between runs.

planctl runs on every commit and every editor save, and pydantic spends a
large part of such a run working out, from the models' annotations, the
schema its validators are built from: the same work every run, as long as
the models and the libraries do not change. The models are therefore declared
with ``defer_build`` and completed here: from the schemas a previous run kept
in the user's cache folder when there is one for these exact sources, else
built afresh and kept for the next run. pydantic validates the plan just the
same either way; only where its schema comes from differs.

A kept schema is found by a key made of everything it depends on: the
content of the source files that declare the models and the types in their
fields, planctl's, pydantic's and Python's versions. Any change to one is a
new key, so a kept schema is never used for other sources.

pydantic looks through every installed package for plugins the first time it
makes a validator. The key also changes when a package is installed or
removed (the folders Python imports from change), so when no plugin was
installed as the schemas were kept, pydantic need not look again; when one
was, it loads them as always.

The cache is ``$XDG_CACHE_HOME/planctl`` (else ``~/.cache/planctl``);
``PLANCTL_NO_CACHE=1`` turns it off. A folder that cannot be written, or a file that cannot be read
(damaged, cut short, another user's), only means the schemas are built, as
they would be without a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
from pydantic import BaseModel

from planctl import __version__

NO_CACHE = "PLANCTL_NO_CACHE"
"""Set (to anything but empty or ``0``) to neither read nor write planctl's cache."""

_FORMAT = 2
"""The layout of a cache file; a change makes every kept file a miss."""

KEPT_PER_GROUP = 8
"""Files kept for one group of models; older ones are removed when a new one is written."""

PLUGINS_SWITCH = "PYDANTIC_DISABLE_PLUGINS"
"""pydantic's environment variable that turns its plugins off."""


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder planctl keeps its cache in, or None when the cache is off or has no home."""
    env = os.environ if environ is None else environ
    if env.get(NO_CACHE, "") not in ("", "0"):
        return None
    base = env.get("XDG_CACHE_HOME", "")
    # The XDG specification ignores a relative path: it would depend on the current folder.
    if base and Path(base).is_absolute():
        return Path(base) / "planctl"
    home = Path(env.get("HOME", "") or Path("~").expanduser())
    if not home.is_absolute():
        return None
    return home / ".cache" / "planctl"


def complete(
    name: str,
    models: Sequence[type[BaseModel]],
    sources: Sequence[str],
    environ: Mapping[str, str] | None = None,
) -> bool:
    """Complete ``models`` (declared with ``defer_build``), from the cache when it holds them.

    ``name`` names the group of models in the cache; ``sources`` are the files
    whose content the schemas depend on. Returns True when the kept schemas
    were used, False when they were built (and kept for the next run).
    """
    folder = cache_folder(environ)
    key = cache_key(sources)
    if folder is not None and key is not None:
        kept = _read(folder / f"models-{name}-{key}.pickle")
        if kept is not None:
            # No plugin was installed when the schemas were kept, and the key changes
            # when a package is installed: pydantic need not look for plugins again.
            with _plugins_off(not kept["plugins"]):
                if _install(models, kept["schemas"]):
                    return True
    for model in models:
        model.model_rebuild(force=True)
    if folder is not None and key is not None:
        schemas = {model.__qualname__: model.__pydantic_core_schema__ for model in models}
        _write(
            folder,
            f"models-{name}-",
            f"models-{name}-{key}.pickle",
            {"format": _FORMAT, "schemas": schemas, "plugins": _plugins_installed()},
        )
    return False


def cache_key(sources: Sequence[str]) -> str | None:
    """The key of schemas built from ``sources`` by these versions; None if one cannot be read."""
    digest = hashlib.sha256()
    for part in (
        str(_FORMAT),
        __version__,
        pydantic.VERSION,
        pydantic_core.__version__,
        sys.version,
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    for source in sources:
        try:
            digest.update(Path(source).read_bytes())
        except OSError:
            return None
        digest.update(b"\0")
    # Where packages are installed, and when each folder last changed: installing or
    # removing one (a pydantic plugin among them) makes a new key.
    for entry in sys.path:
        try:
            changed = Path(entry).stat().st_mtime_ns if entry else 0
        except OSError:
            changed = -1
        digest.update(f"{entry}\0{changed}\0".encode())
    return digest.hexdigest()[:32]


def _read(path: Path) -> dict[str, Any] | None:
    """What ``path`` keeps (``schemas``, ``plugins``), or None when there is nothing to trust."""
    try:
        with path.open("rb") as file:
            info = os.fstat(file.fileno())
            # Only a file this user wrote, that nobody else may change, is unpickled.
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if not mine or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return None
            data = file.read()
    except OSError:
        return None
    try:
        kept = pickle.loads(data)
    except Exception:  # a damaged file: any error unpickling it is a miss
        return None
    if not isinstance(kept, dict) or kept.get("format") != _FORMAT:
        return None
    if not isinstance(kept.get("schemas"), dict) or not isinstance(kept.get("plugins"), bool):
        return None
    return kept


def _plugins_installed() -> bool:
    """Whether any installed package offers pydantic a plugin (True when that cannot be told)."""
    # deferred: start-up (only when the schemas are built, which looks for plugins anyway)
    from importlib.metadata import entry_points

    try:
        return bool(entry_points(group="pydantic"))
    except Exception:  # broken package metadata: let pydantic look, as it always does
        return True


@contextlib.contextmanager
def _plugins_off(off: bool) -> Iterator[None]:
    """pydantic's own switch for plugins, set while the models are completed when ``off``."""
    if not off or PLUGINS_SWITCH in os.environ:
        yield
        return
    os.environ[PLUGINS_SWITCH] = "1"
    try:
        yield
    finally:
        os.environ.pop(PLUGINS_SWITCH, None)


def _install(models: Sequence[type[BaseModel]], schemas: Mapping[str, Any]) -> bool:
    """Complete each model with its kept schema; False (models left to build) if one is missing.

    pydantic takes a model's schema as given when the class already holds one
    (as for a model used inside another), so each gets its kept schema and is
    then completed by pydantic itself: validators, serializer and signature.
    """
    if any(not isinstance(schemas.get(model.__qualname__), dict) for model in models):
        return False
    try:
        for model in models:
            model.__pydantic_core_schema__ = schemas[model.__qualname__]
        for model in models:
            model.model_rebuild()
    except Exception:  # a schema pydantic will not take: build them all afresh instead
        for model in models:
            if not model.__pydantic_complete__ and "__pydantic_core_schema__" in vars(model):
                delattr(model, "__pydantic_core_schema__")
        return False
    return True


def _write(folder: Path, prefix: str, name: str, kept: Mapping[str, Any]) -> None:
    """Keep ``kept`` in ``folder/name``, written whole or not at all; the oldest keys go."""
    try:
        data = pickle.dumps(dict(kept), protocol=4)
    except Exception:  # a schema that cannot be kept: the next run builds it again
        return
    temporary = folder / f".{name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        temporary.replace(folder / name)
        # Several installs (a virtual environment, pre-commit's own) may share the folder,
        # each with its own key: the newest few stay, so they do not evict one another.
        kept_files = sorted(
            folder.glob(f"{prefix}*.pickle"), key=lambda path: path.stat().st_mtime_ns
        )
        for old in kept_files[:-KEPT_PER_GROUP]:
            old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
