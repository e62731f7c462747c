"""planctl: check, format and render school-district action plans kept as YAML.

For scripts: ``planctl.check(paths, settings)`` checks plans and
``planctl.render_plans(paths, options, settings)`` makes a packet (see
:mod:`planctl.api`; ``planctl.render`` is the package of the formats).
They are imported on first use, so ``import planctl`` (and every command
line run) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.2.0.dev0"

if TYPE_CHECKING:
    from planctl.api import check, render_plans
    from planctl.config import Settings
    from planctl.render import RenderOptions

__all__ = ["RenderOptions", "Settings", "__version__", "check", "render_plans"]


def __getattr__(name: str) -> object:
    """The public API's names, imported when first asked for."""
    homes = {
        "check": "planctl.api",
        "render_plans": "planctl.api",
        "Settings": "planctl.config",
        "RenderOptions": "planctl.render",
    }
    home = homes.get(name)
    if home is None:
        raise AttributeError(f"module 'planctl' has no attribute {name!r}")
    import importlib  # deferred: start-up (only when a script asks for the API)

    return getattr(importlib.import_module(home), name)
