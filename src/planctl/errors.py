"""planctl's own exceptions: one root, and the kind whose message is meant for the user.

Problems in plans are never exceptions (they are :class:`~planctl.problem.Problem`
data). Exceptions are for a command that cannot go on: a layout that fails,
a file that cannot be written, a missing optional library.
"""

from __future__ import annotations


class PlanctlError(Exception):
    """The root of planctl's exceptions."""


class UserError(PlanctlError):
    """A command cannot go on; ``str(error)`` is one line for the user.

    ``exit_code`` is 2 (usage or environment) unless a subclass says otherwise.
    """

    exit_code = 2
