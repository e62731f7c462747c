"""``planctl validate``: check plans against their template's rules and report each problem.

:func:`run` is the command (:mod:`planctl.validate.command`); the checking
engine it drives lives in :mod:`planctl.checking` and is re-exported here,
where scripts and older code look for it.
"""

from planctl.checking import (
    PLAN_SUFFIXES,
    CheckedPlan,
    PathNotFound,
    check_file,
    check_loaded,
    discover,
    find_plans,
    is_plan_file,
    open_plans,
    repository_root,
    run_rules,
    validate_reports,
)
from planctl.validate.command import ValidateOptions, run

__all__ = [
    "PLAN_SUFFIXES",
    "CheckedPlan",
    "PathNotFound",
    "ValidateOptions",
    "check_file",
    "check_loaded",
    "discover",
    "find_plans",
    "is_plan_file",
    "open_plans",
    "repository_root",
    "run",
    "run_rules",
    "validate_reports",
]
