"""The Jinja environment layouts run in: sandboxed, strict, confined, bounded.

Shipped layouts live in the package's ``templates/<format>/`` folder; a
district's ``--layouts DIR`` is searched first (``DIR/<format>/NAME.<ext>.j2``
or ``DIR/NAME.<ext>.j2``), so it can override a shipped layout or add its own.
Every layout runs in Jinja's sandbox with strict undefined: a layout can read
the plan data it is given and nothing else, and a misspelt name is an error
naming the layout file and line rather than an empty cell.

A district's layouts may come from anyone who can open a pull request, and
the packets are often rendered by CI, so two more promises hold.

**Files stay inside the layouts folder.** Every layout file and every
``{% include %}``, ``{% import %}`` or ``{% extends %}`` is resolved to its real
path (symbolic links followed) and refused, with the layout file and line,
unless that path is inside the ``--layouts`` folder or planctl's own layouts
folder. The same holds for Word layouts and for what a PDF layout fetches
(:mod:`planctl.render.pdf`).

**Work is bounded.** With a district's folder in use (``--layouts``), a render
stops with an error naming the layout file, the line and the limit when it
goes over one of :data:`LIMITS`:

- 30 seconds of wall-clock time for the layout's Jinja rendering;
- 128 Mi (134,217,728) characters of output, and as long a text or list made
  by ``*``, ``+``, ``~`` or a ``{% set %}`` block;
- integers of 10,000 bits (about 3,000 digits) made by ``*`` or ``**``;
- ``range()`` of 100,000 numbers (Jinja's own limit);
- on Linux, 1 GiB of memory above what planctl held when the layout started.

The sizes are checked before the work is done (``'x' * 10**10`` and
``10**100000000`` are refused at once); the clock and the memory catch what
the checks cannot foresee (nested loops, string methods that pad).

The limits are far above what packets need. For a plan of 20,000 steps
(``benchmarks/render_large.py``), planctl's own Markdown and HTML layouts,
run as a district's, take at most 3.3 s, write at most 23 M characters and
add at most about 100 MiB (the HTML timeline; the tables 0.5 s, 6 M
characters, 16 MiB). planctl's Word timeline writes some 11 KB of XML a
step, so a district's copy of it goes over the memory limit past about 5,000
steps; planctl's own Word layouts run unbounded even with ``--layouts``, as
no file of the district's can run in them. Without ``--layouts`` nothing of a
district's runs and nothing is bounded: the work follows the plans, which
have limits of their own.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from jinja2 import (
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from planctl.errors import UserError
from planctl.render.layout_files import ConfinedLoader as ConfinedLoader
from planctl.render.layout_files import LayoutOutside as LayoutOutside
from planctl.render.layout_files import LayoutRefused as LayoutRefused
from planctl.render.layout_files import layout_dirs as layout_dirs
from planctl.render.layout_files import layout_roots as layout_roots
from planctl.render.layout_files import outside as outside
from planctl.render.layout_files import refused_link as refused_link

EXTENSIONS = {"md": "md", "html": "html", "docx": "docx"}


class LayoutError(UserError):
    """A layout is missing or failed; the message names the file and line."""


@dataclass(frozen=True)
class Limits:
    """How much work a district's layout may make (see the module's docstring)."""

    seconds: float = 30.0
    length: int = 128 * 1024 * 1024
    """Characters of output, and characters or items of a text or list a layout makes."""
    int_bits: int = 10_000
    range_items: int = 100_000
    memory: int = 1024 * 1024 * 1024
    """Bytes of address space above the process's own when the layout starts (Linux)."""


LIMITS = Limits()
"""The limits every render with a district's layouts folder runs under."""

_RAISE_AGAIN_AFTER = 5.0
"""Seconds after which the time-limit error is raised again, if the first went unnoticed."""
# --------------------------------------------------------------------------- the sandbox


# Names a dict has as attributes (methods, dunders): ``x.items`` stays the method.
_DICT_ATTRIBUTES = frozenset(dir(dict))
_SIZED = (str, list, tuple, bytes)
# How many numbers of a range go by between two looks at the clock.
_CLOCK_EVERY = 4096


class _LayoutCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the length of every ``a ~ b`` checked.

    ``~`` is the one operator the sandbox cannot intercept (it is compiled
    to a join), and doubling a text with it in a loop is the shortest way
    to fill memory.
    """

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """``a ~ b`` as ``environment.checked(a ~ b)``."""
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


class LayoutSandbox(SandboxedEnvironment):
    """Jinja's sandbox with sizes checked, and the view's dicts read in fewer steps.

    For ``step.cells`` Jinja first asks the dict for an attribute ``cells``
    and, on the AttributeError, for the item; a table of thousands of steps
    pays for that exception on every cell. A key of a plain dict that is not
    also one of its attribute names is what Jinja would return anyway, so it
    is returned at once; everything else goes through the sandbox's checks.

    ``*``, ``**`` and ``+`` are checked before they run and ``~`` after (see
    :data:`LIMITS`). When the environment is ``bounded`` (a district's folder
    is in use), every text it joins is measured and the clock is looked at in
    calls, operators, ranges and output (see :func:`layout_limits`).
    """

    code_generator_class = _LayoutCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, bounded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bounded = bounded
        self.limits = LIMITS
        self.deadline: float | None = None
        self.timed_out_at: float | None = None
        self.globals["range"] = self.range
        if bounded:
            # Every buffer a layout joins (its output, a macro's, a {% set %} block's).
            self.concat = self.bounded_join  # type: ignore[method-assign]

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` as layouts write it (see the class)."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """A call from a layout (a macro, a method), with a look at the clock first."""
        self.check_clock()
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``left operator right``, refused when its result would be over a limit."""
        self.check_clock()
        limits = self.limits
        if operator == "**":
            if type(left) is int and type(right) is int and right > 0 and abs(left) > 1:
                bits = (abs(left).bit_length() - 1) * right
                if bits > limits.int_bits:
                    raise LayoutRefused(
                        f"{left} ** {right} would be a number of {bits:,} bits; "
                        f"layouts may make numbers of up to {limits.int_bits:,} bits"
                    )
        elif operator == "*":
            if isinstance(left, int) and isinstance(right, int):
                bits = left.bit_length() + right.bit_length()
                if bits > limits.int_bits:
                    raise LayoutRefused(
                        f"a product of {bits:,} bits; layouts may make numbers of up to "
                        f"{limits.int_bits:,} bits"
                    )
            elif isinstance(left, _SIZED) and isinstance(right, int):
                self._check_length(len(left) * right, f"{_short(left)} * {right}")
            elif isinstance(right, _SIZED) and isinstance(left, int):
                self._check_length(len(right) * left, f"{left} * {_short(right)}")
        elif isinstance(left, _SIZED) and isinstance(right, _SIZED):  # "+"
            self._check_length(len(left) + len(right), f"{_short(left)} + {_short(right)}")
        return super().call_binop(context, operator, left, right)

    def _check_length(self, length: int, what: str) -> None:
        if length > self.limits.length:
            raise LayoutRefused(
                f"{what} would be {length:,} characters or items long; "
                f"layouts may make texts and lists of up to {self.limits.length:,}"
            )

    def checked(self, text: str) -> str:
        """``text`` (the result of ``~``) when it is not longer than the limit."""
        self._check_length(len(text), "a text joined with ~")
        return text

    def range(self, *args: int) -> Sequence[int]:
        """``range()`` for layouts: at most :attr:`Limits.range_items` numbers."""
        numbers = range(*args)
        if len(numbers) > self.limits.range_items:
            raise LayoutRefused(
                f"range({', '.join(map(repr, args))}) has {len(numbers):,} numbers; "
                f"layouts may use ranges of up to {self.limits.range_items:,}"
            )
        return _ClockedRange(numbers, self.check_clock) if self.bounded else numbers

    def check_clock(self) -> None:
        """Raise the time-limit error once the layout's time is up."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.time_is_up()

    def time_is_up(self) -> None:
        """Raise the time-limit error, unless it was raised moments ago.

        The clock is watched two ways (see :func:`layout_limits`); the first
        raise must be given time to travel out through Jinja's own exception
        handling, which rewrites the traceback to the layout's lines: raising
        again inside it would lose the line. Only a raise that something
        swallowed is repeated, a few seconds on.
        """
        now = time.monotonic()
        if self.timed_out_at is not None and now - self.timed_out_at < _RAISE_AGAIN_AFTER:
            return
        self.timed_out_at = now
        raise LayoutRefused(_time_up(self.limits))

    def bounded_join(self, parts: Iterable[str]) -> str:
        """``"".join(parts)``, stopped where the text goes over the length limit.

        A buffer (a list) is measured before it is joined. A stream (the
        layout's output) is measured as it comes; when it goes over, the
        error is thrown into the layout where it stands, so it names the line
        that was writing.
        """
        limit = self.limits.length
        if isinstance(parts, list):
            if sum(map(len, parts)) > limit:
                raise LayoutRefused(_too_long(limit))
            return "".join(parts)
        stream = iter(parts)
        found: list[str] = []
        size = 0
        for part in stream:
            # The timer may go off here too, between two pieces of the layout.
            try:
                size += len(part)
                found.append(part)
                if size > limit:
                    raise LayoutRefused(_too_long(limit))
                if len(found) % _CLOCK_EVERY == 0:
                    self.check_clock()
            except LayoutRefused as error:
                throw = getattr(stream, "throw", None)
                if throw is None:
                    raise
                throw(error)
                raise  # the layout went on after it; it still ends the render
        return "".join(found)


class _ClockedRange(Sequence[int]):
    """A ``range`` that looks at the clock as it is counted through.

    Where the time limit cannot be a timer signal (see :func:`layout_limits`),
    this is what stops ``{% for i in range(100000) %}{% for j in range(100000) %}``.
    """

    # Private names: the sandbox keeps layouts from reaching the plain range inside.
    def __init__(self, numbers: range, check: Callable[[], None]) -> None:
        self._numbers = numbers
        self._check = check

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> _ClockedRange: ...

    def __getitem__(self, index: int | slice) -> int | _ClockedRange:
        if isinstance(index, slice):
            return _ClockedRange(self._numbers[index], self._check)
        return self._numbers[index]

    def __iter__(self) -> Iterator[int]:
        for count, number in enumerate(self._numbers):
            if count % _CLOCK_EVERY == 0:
                self._check()
            yield number

    def __reversed__(self) -> Iterator[int]:
        return iter(_ClockedRange(self._numbers[::-1], self._check))

    def __contains__(self, value: object) -> bool:
        return value in self._numbers

    def __repr__(self) -> str:
        return repr(self._numbers)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _too_long(limit: int) -> str:
    return f"the layout wrote more than {limit:,} characters, more than layouts may write"


def _time_up(limits: Limits) -> str:
    return f"the layout ran longer than layouts may run ({limits.seconds:g} s)"


def make_environment(
    fmt: str,
    user_dir: Path | None,
    filters: Mapping[str, Callable[..., Any]] | None = None,
    *,
    bounded: bool | None = None,
) -> LayoutSandbox:
    """A sandboxed environment for ``fmt`` layouts, with ``filters`` added.

    The environment is ``bounded`` (its renders run under :data:`LIMITS`, see
    :func:`layout_limits`) when a district's folder (``user_dir``) is in use,
    unless the caller knows that no file of it can run.
    """
    environment = LayoutSandbox(
        loader=ConfinedLoader(layout_dirs(fmt, user_dir), user_dir),
        undefined=StrictUndefined,
        autoescape=fmt == "html",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bounded=user_dir is not None if bounded is None else bounded,
    )
    if filters:
        environment.filters.update(filters)
    return environment


# --------------------------------------------------------------------------- the limits


@contextmanager
def layout_limits(environment: LayoutSandbox) -> Iterator[None]:
    """Run the block (a layout's rendering) under the environment's time and memory limits.

    Does nothing for an environment that is not bounded. The clock is kept
    two ways. In the main thread of a Unix process with no timer of its own,
    a ``SIGALRM`` timer raises the time-limit error wherever the layout
    stands, even inside a loop that calls nothing; should something on the
    way swallow it, it is raised again a few seconds later. Everywhere
    else (another thread, Windows) the environment looks at the clock in
    every call, operator, range step and piece of output, which bounds every
    loop a layout can write over numbers or its own output; loops over plan
    data are bounded by the plan's size.
    """
    if not environment.bounded:
        yield
        return
    limits = environment.limits
    environment.deadline = time.monotonic() + limits.seconds
    environment.timed_out_at = None
    try:
        # The timer is stopped before the memory limit is put back, so that it
        # cannot go off in between and leave the process held.
        with _memory_capped(limits.memory), _alarm(environment, limits):
            yield
    finally:
        environment.deadline = None


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def _alarm(environment: LayoutSandbox, limits: Limits) -> Iterator[None]:
    usable = (
        hasattr(signal, "setitimer")
        and _main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # nobody else's timer
    )
    if not usable:
        yield
        return

    def time_up(signum: int, frame: Any) -> None:
        environment.time_is_up()

    previous = signal.signal(signal.SIGALRM, time_up)
    try:
        signal.setitimer(signal.ITIMER_REAL, limits.seconds, 0.5)
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)


@contextmanager
def _memory_capped(budget: int) -> Iterator[None]:
    """Lower the address-space limit to the process's present size plus ``budget``.

    Then an allocation past it fails as a ``MemoryError`` at once, instead of
    the machine swapping or the kernel killing the process; single requests
    as large as ``'x'.ljust(10**10)`` fail the same way. Only on Linux (where
    the size is in ``/proc/self/statm``) and in the main thread (the limit is
    the whole process's); it is put back as it was afterwards.
    """
    size = _address_space() if sys.platform.startswith("linux") and _main_thread() else None
    if size is None:
        yield
        return
    import resource  # deferred: start-up (only where a memory cap is set, on Linux)

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + budget
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already held tighter than this (a test harness, a container)
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


# --------------------------------------------------------------------------- rendering


def layout_name(layout: str, fmt: str) -> str:
    """The file name of a layout: ``table`` → ``table.html.j2``."""
    return f"{layout}.{EXTENSIONS.get(fmt, fmt)}.j2"


def layout_file(environment: SandboxedEnvironment, layout: str, fmt: str) -> Path | None:
    """The file ``layout`` was loaded from (after :func:`render_layout`), if from a file."""
    try:
        filename = environment.get_template(layout_name(layout, fmt)).filename
    except Exception:  # not found or refused: render_layout has said so already
        return None
    return Path(filename) if filename else None


def render_layout(
    environment: LayoutSandbox, layout: str, fmt: str, context: Mapping[str, Any]
) -> str:
    """Render ``layout`` with ``context``; every failure becomes a :class:`LayoutError`."""
    name = layout_name(layout, fmt)
    with layout_limits(environment):
        try:
            template = environment.get_template(name)
        except TemplateNotFound:
            available = available_layouts(environment)
            raise LayoutError(
                f"there is no {fmt} layout '{layout}' (available: {', '.join(available) or 'none'})"
            ) from None
        except TemplateSyntaxError as error:
            raise LayoutError(
                f"{error.filename or name}:{error.lineno}: layout syntax error: {error.message}"
            ) from None
        except LayoutOutside as error:
            raise LayoutError(str(error)) from None
        except (LayoutRefused, MemoryError) as error:  # the clock or memory, while compiling
            raise LayoutError(f"{name}: {describe(error, environment)}") from None
        try:
            return template.render(**context)
        except Exception as error:  # any failure inside a layout is the layout's
            raise LayoutError(
                f"{_where(error, template.filename or name)}: {describe(error, environment)}"
            ) from None


def available_layouts(environment: SandboxedEnvironment) -> list[str]:
    """Layout names the environment can load."""
    names = set()
    for template in environment.list_templates(extensions=["j2"]):
        base = Path(template).name
        if not base.startswith("_"):
            names.add(base.split(".")[0])
    return sorted(names)


def _where(error: BaseException, fallback: str) -> str:
    """The layout file and line a rendering error happened at."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}:{frame.lineno}"
    return fallback


def describe(error: BaseException, environment: LayoutSandbox) -> str:
    """What went wrong in a layout, in words, for after its file and line."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    kind = type(error).__name__
    if isinstance(error, LayoutRefused):
        return text
    if isinstance(error, MemoryError):
        if environment.bounded:
            return (
                "the layout needed more memory than layouts may use "
                f"({environment.limits.memory // 1048576:,} MiB)"
            )
        return "the layout ran out of memory"
    if isinstance(error, TemplateSyntaxError):
        return f"layout syntax error: {error.message or text}"
    if kind == "UndefinedError":
        return f"the layout uses something the plan data does not have: {text}"
    if kind == "SecurityError":
        return f"the layout tried something layouts may not do: {text}"
    return f"the layout failed: {kind}: {text}"
