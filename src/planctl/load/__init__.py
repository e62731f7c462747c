"""Reading plan files: bytes → text → YAML events → plain data with positions.

The loader is the only place that touches YAML syntax. It builds plain Python
data (dict, list, str, int, float, bool, None) itself from parser events, so
no YAML tag can construct an object, dates stay the text the planner wrote,
and every key and value keeps its line and column.
"""

from planctl.load.positions import Positions, Span
from planctl.load.yamlsafe import Limits, LoadedFile, load_bytes, load_file, load_text

__all__ = ["Limits", "LoadedFile", "Positions", "Span", "load_bytes", "load_file", "load_text"]
