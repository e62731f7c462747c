"""Models completed from kept schemas validate exactly as models built afresh."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from planctl import modelcache

REPO = Path(__file__).resolve().parent.parent


def _models() -> list[type[BaseModel]]:
    """Two fresh deferred models, one inside the other, as planctl's modules declare them."""

    class Item(BaseModel):
        model_config = ConfigDict(extra="forbid", defer_build=True)

        name: str = Field(pattern=r"^[a-z]+$")
        count: int = 0

    class Box(BaseModel):
        model_config = ConfigDict(extra="forbid", defer_build=True)

        items: list[Item] = []
        label: str | None = None

        @field_validator("label", mode="before")
        @classmethod
        def _label_as_text(cls, value: object) -> object:
            return str(value) if isinstance(value, int) else value

    # A kept schema names its classes as pickle does, by module and name: these
    # fresh classes stand at module level under their names, as planctl's do.
    for model in (Item, Box):
        model.__qualname__ = model.__name__
        globals()[model.__name__] = model
    return [Item, Box]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    written = tmp_path / "models.py"
    written.write_text("# the models' source\n")
    return written


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), **extra}


def _check(models: list[type[BaseModel]]) -> None:
    """The models validate, refuse and convert as written."""
    item, box = models
    made = box.model_validate({"items": [{"name": "ab", "count": 2}], "label": 7})
    assert made.model_dump() == {"items": [{"name": "ab", "count": 2}], "label": "7"}
    with pytest.raises(ValidationError):
        box.model_validate({"items": [{"name": "AB"}]})
    with pytest.raises(ValidationError):
        item.model_validate({"name": "ab", "other": 1})


def test_the_first_run_builds_and_keeps_the_next_uses_them(tmp_path: Path, source: Path) -> None:
    env = _env(tmp_path)
    first = _models()
    assert not modelcache.complete("test", first, [str(source)], env)
    _check(first)
    kept = list((tmp_path / "cache" / "planctl").glob("models-test-*.pickle"))
    assert len(kept) == 1
    second = _models()
    assert modelcache.complete("test", second, [str(source)], env)
    _check(second)
    assert second[1].model_json_schema() == first[1].model_json_schema()


def test_a_changed_source_is_a_new_key_and_only_the_newest_files_stay(
    tmp_path: Path, source: Path
) -> None:
    env = _env(tmp_path)
    modelcache.complete("test", _models(), [str(source)], env)
    source.write_text("# changed\n")
    assert not modelcache.complete("test", _models(), [str(source)], env)
    folder = tmp_path / "cache" / "planctl"
    assert len(list(folder.glob("models-test-*.pickle"))) == 2
    for number in range(modelcache.KEPT_PER_GROUP + 2):
        source.write_text(f"# version {number}\n")
        modelcache.complete("test", _models(), [str(source)], env)
    assert len(list(folder.glob("models-test-*.pickle"))) == modelcache.KEPT_PER_GROUP
    # The latest is among them.
    assert modelcache.complete("test", _models(), [str(source)], env)


def test_no_cache_reads_and_writes_nothing(tmp_path: Path, source: Path) -> None:
    env = _env(tmp_path, PLANCTL_NO_CACHE="1")
    for _ in range(2):
        models = _models()
        assert not modelcache.complete("test", models, [str(source)], env)
        _check(models)
    assert not (tmp_path / "cache").exists()


def test_a_damaged_file_is_built_again_and_replaced(tmp_path: Path, source: Path) -> None:
    env = _env(tmp_path)
    modelcache.complete("test", _models(), [str(source)], env)
    (kept,) = (tmp_path / "cache" / "planctl").glob("models-test-*.pickle")
    kept.write_bytes(kept.read_bytes()[:40])
    models = _models()
    assert not modelcache.complete("test", models, [str(source)], env)
    _check(models)
    assert modelcache.complete("test", _models(), [str(source)], env)


def test_a_schema_pydantic_refuses_leaves_the_models_to_build(tmp_path: Path, source: Path) -> None:
    env = _env(tmp_path)
    modelcache.complete("test", _models(), [str(source)], env)
    (kept,) = (tmp_path / "cache" / "planctl").glob("models-test-*.pickle")
    kept.write_bytes(
        pickle.dumps(
            {"format": 2, "schemas": {"Item": {"type": "nonsense"}, "Box": {}}, "plugins": False}
        )
    )
    models = _models()
    assert not modelcache.complete("test", models, [str(source)], env)
    _check(models)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
def test_a_file_others_may_write_is_not_read(tmp_path: Path, source: Path) -> None:
    env = _env(tmp_path)
    modelcache.complete("test", _models(), [str(source)], env)
    (kept,) = (tmp_path / "cache" / "planctl").glob("models-test-*.pickle")
    kept.chmod(0o666)
    assert not modelcache.complete("test", _models(), [str(source)], env)


def test_a_folder_that_cannot_be_written_only_means_building(tmp_path: Path, source: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder would be")
    models = _models()
    assert not modelcache.complete("test", models, [str(source)], _env(tmp_path))
    _check(models)
    assert not list(tmp_path.glob("**/*.tmp"))


@pytest.mark.parametrize("plugins", [False, True])
def test_pydantic_looks_for_plugins_again_only_when_some_were_installed(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch, plugins: bool
) -> None:
    env = _env(tmp_path)
    monkeypatch.delenv(modelcache.PLUGINS_SWITCH, raising=False)
    monkeypatch.setattr(modelcache, "_plugins_installed", lambda: plugins)
    modelcache.complete("test", _models(), [str(source)], env)
    switch_seen: list[str | None] = []
    install = modelcache._install

    def watched(*args: object) -> bool:
        switch_seen.append(os.environ.get(modelcache.PLUGINS_SWITCH))
        return install(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(modelcache, "_install", watched)
    assert modelcache.complete("test", _models(), [str(source)], env)
    assert switch_seen == [None if plugins else "1"]
    assert modelcache.PLUGINS_SWITCH not in os.environ


def test_installing_a_package_makes_a_new_key(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packages = tmp_path / "site-packages"
    packages.mkdir()
    monkeypatch.syspath_prepend(str(packages))
    before = modelcache.cache_key([str(source)])
    assert modelcache.cache_key([str(source)]) == before
    (packages / "a_plugin-1.0.dist-info").mkdir()
    os.utime(packages, ns=(0, packages.stat().st_mtime_ns + 1_000_000_000))
    assert modelcache.cache_key([str(source)]) != before


def test_the_cache_folder_follows_xdg_then_home() -> None:
    assert modelcache.cache_folder({"XDG_CACHE_HOME": "/c", "HOME": "/h"}) == Path("/c/planctl")
    # A relative XDG_CACHE_HOME is ignored, as the specification says.
    assert modelcache.cache_folder({"XDG_CACHE_HOME": "c", "HOME": "/h"}) == Path(
        "/h/.cache/planctl"
    )
    assert modelcache.cache_folder({"HOME": "/h", "PLANCTL_NO_CACHE": "1"}) is None
    assert modelcache.cache_folder({"HOME": "/h", "PLANCTL_NO_CACHE": "0"}) == Path(
        "/h/.cache/planctl"
    )


# A schema's references carry the id of their class in the process that built it,
# and functions show their address: both differ from run to run and are left out.
PROBE = r"""
import json, re
def plain(schema):
    return re.sub(r":\d+'", ":ID'", re.sub(r" at 0x\w+", "", repr(schema)))
from pydantic import BaseModel
import planctl.model.plan as plan, planctl.template as template
models = [
    value
    for module in (plan, template)
    for value in vars(module).values()
    if isinstance(value, type) and issubclass(value, BaseModel)
    and value.__module__ == module.__name__ and value.__pydantic_complete__
]
print(json.dumps({
    "models": sorted(model.__qualname__ for model in models),
    "schemas": {m.__qualname__: plain(m.__pydantic_core_schema__) for m in models},
    "json": plan.StepFields.model_json_schema(),
}))
"""


@pytest.mark.slow
def test_planctl_models_from_the_cache_are_the_models_built_afresh(tmp_path: Path) -> None:
    def probe(**extra: str) -> dict[str, object]:
        env = {key: value for key, value in os.environ.items() if key != "PLANCTL_NO_CACHE"}
        env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), **extra)
        done = subprocess.run(
            [sys.executable, "-c", PROBE],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        found: dict[str, object] = json.loads(done.stdout)
        return found

    fresh = probe(PLANCTL_NO_CACHE="1")
    names: list[str] = fresh["models"]  # type: ignore[assignment]
    assert not (tmp_path / "cache").exists()
    written = probe()  # builds and keeps
    kept = probe()  # reads what the run before kept
    assert len(list((tmp_path / "cache" / "planctl").glob("models-*.pickle"))) == 2
    assert {"StepFields", "NodeFields", "PlanHeader", "TemplateFile"} <= set(names)
    assert fresh == written == kept
