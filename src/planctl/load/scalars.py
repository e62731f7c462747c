"""Scalars under the YAML 1.2 core schema, and the tags a plan may carry.

:class:`_Resolving` is the part of the builder (:class:`planctl.load.builder._Builder`
inherits it) that turns a scalar's text into a value and checks its tag:
``yes`` stays text, ``0o14`` is a number, ``!!int hello`` is a problem and
``!!python/object`` is refused.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from planctl.load.loaded import RULE_SYNTAX, RULE_TAG, Limits
from planctl.load.positions import Span

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_INT_OCT = re.compile(r"0o[0-7]+")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_NUMBER_START = frozenset("0123456789+-.")
"""The characters a number (int, float, .inf or .nan) can start with."""
_CORE_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _CORE_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
_STR, _NULL_TAG, _BOOL = _CORE_TAG + "str", _CORE_TAG + "null", _CORE_TAG + "bool"
_INT_TAG, _FLOAT_TAG = _CORE_TAG + "int", _CORE_TAG + "float"
_MAP, _SEQ = _CORE_TAG + "map", _CORE_TAG + "seq"
_TAG_MEANS = {
    _NULL_TAG: ("empty (null)", "write nothing after the colon, or '~'"),
    _BOOL: ("true or false", "write true or false"),
    _INT_TAG: ("a whole number", "write a whole number such as 12"),
    _FLOAT_TAG: ("a number", "write a number such as 1.5"),
    _MAP: ("a mapping of keys and values", "write 'key: value' lines under it"),
    _SEQ: ("a list", "write '- item' lines under it, or [item, item]"),
}
"""What each typed core tag promises, and how to keep that promise."""
_MISFIT = object()
"""What a typed tag's reading gives for text that is not of its type."""


class _Resolving:
    """The builder's methods that read scalars and check tags (see :mod:`planctl.load.builder`)."""

    limits: Limits
    lone_dash: bool
    mends: set[str]

    if TYPE_CHECKING:

        def problem(
            self, rule: str, span: Span, message: str, hint: str = "", *, stop: bool = False
        ) -> None: ...

    def check_tag(self, event: Any, span: Span, kind: str = "") -> None:
        """Report a tag that is not a core one, or a core tag on a list or mapping it does not fit.

        ``kind`` is the collection's core tag, or empty for a scalar (whose
        value :meth:`resolve` checks against its tag).
        """
        tag = event.tag
        if tag is None or tag == "!" or tag == kind or (tag in _ALLOWED_TAGS and not kind):
            return
        shown = "!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag
        if shown.startswith("!") and any(char in shown for char in ",[]{}"):
            # libyaml lets a tag run on over a ',' (as in '!!str, text'); YAML ends it there.
            self.mends.add("!")
            self.problem(
                RULE_SYNTAX,
                span,
                f"the file is not valid YAML: the tag '{shown}' holds one of , [ ] {{ }}",
                "put a space between the tag and what follows, or remove the tag",
                stop=True,
            )
        if tag in _ALLOWED_TAGS:
            what = "a mapping" if kind == _MAP else "a list"
            self.misfit(span, tag, what)
            return
        self.problem(
            RULE_TAG,
            span,
            f"the YAML tag '{shown}' is not allowed in a plan file",
            "remove the tag: plan files hold plain text, numbers, lists and mappings",
        )

    def misfit(self, span: Span, tag: str, what: str) -> None:
        """Report a core tag on a value that is not of its type."""
        shown = "!!" + tag[len(_CORE_TAG) :]
        means = _TAG_MEANS.get(tag, ("text", ""))
        self.problem(
            RULE_TAG,
            span,
            f"the tag '{shown}' says this is {means[0]}, but it is {what}",
            f"remove the tag '{shown}', or {means[1]}" if means[1] else f"remove the tag '{shown}'",
        )

    def resolve(self, event: Any, span: Span) -> Any:
        """The value of a scalar under the YAML 1.2 core schema, its tag checked."""
        text: str = event.value
        tag = event.tag
        plain = event.style in (None, "") and (event.implicit is None or event.implicit[0])
        if tag is None:
            if not plain:
                return text
            return None if text in _NULL else self.resolve_core(text)
        if tag == _STR or tag == "!":
            # '!' is YAML's "non-specific" tag: on a scalar it means text.
            return text
        if tag not in _ALLOWED_TAGS:
            # Refused in check_tag; read as if untagged, for the problems that follow.
            return None if plain and text in _NULL else self.resolve_core(text)
        value = self.resolve_tagged(tag, text)
        if value is _MISFIT:
            self.misfit(span, tag, f"the text {_quoted(text)}")
            return text
        return value

    def resolve_tagged(self, tag: str, text: str) -> Any:
        """``text`` read as the core type ``tag`` names, or :data:`_MISFIT` when it is not one."""
        if tag == _NULL_TAG:
            return None if text in _NULL else _MISFIT
        if tag == _BOOL:
            return True if text in _TRUE else False if text in _FALSE else _MISFIT
        if tag == _INT_TAG:
            if _INT.fullmatch(text) or _INT_OCT.fullmatch(text) or _INT_HEX.fullmatch(text):
                return self.resolve_core(text)
            return _MISFIT
        if tag == _FLOAT_TAG:
            if _INT.fullmatch(text):
                value = self.resolve_core(text)
                return float(value) if isinstance(value, int) else value
            if _FLOAT.fullmatch(text) or _INF.fullmatch(text) or _NAN.fullmatch(text):
                return self.resolve_core(text)
            return _MISFIT
        return _MISFIT  # !!map or !!seq on a scalar

    def resolve_plain(self, text: str) -> Any:
        """The value of a plain, untagged scalar under the core schema."""
        if not text or text[0] not in _NUMBER_START:
            # No number starts this way: only null, true and false remain.
            if text in _NULL:
                return None
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            return text
        return self.resolve_core(text)

    def resolve_core(self, text: str) -> Any:
        """``text`` as a boolean or number when it is spelt as one, else the text itself."""
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.fullmatch(text):
            digits = len(text.lstrip("+-"))
            if digits > self.limits.max_int_digits:
                return text  # a number this long is not a plan value; keep the text
            return int(text)
        if _INT_OCT.fullmatch(text):
            return int(text[2:], 8) if len(text) <= self.limits.max_int_digits else text
        if _INT_HEX.fullmatch(text):
            return int(text[2:], 16) if len(text) <= self.limits.max_int_digits else text
        if _FLOAT.fullmatch(text) and len(text) <= 64:
            return float(text)
        if _INF.fullmatch(text):
            return -math.inf if text.startswith("-") else math.inf
        if _NAN.fullmatch(text):
            return math.nan
        if text[0] == "-" and text[:2].rstrip() == "-":
            self.lone_dash = True  # '-' alone is no text; _second_look reports where
        return text


def _quoted(text: str) -> str:
    """``text`` in quotes for a message, shortened when long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")
