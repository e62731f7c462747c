"""planctl: check, format and render school-district action plans kept as YAML."""

__version__ = "0.1.0"
