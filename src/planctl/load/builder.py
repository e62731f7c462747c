"""The builder: parser events in, plain data, positions and problems out.

:class:`_Builder` is the loop every plan's events go through, so it keeps
the common case (a plain scalar in a mapping or list) inline in
:meth:`_Builder.run`; reading scalars and checking tags comes from
:class:`planctl.load.scalars._Resolving`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from planctl.load.loaded import (
    RULE_DUPLICATE,
    RULE_LIMITS,
    RULE_SYNTAX,
    RULE_UNSUPPORTED,
    Limits,
    LoadedFile,
    _position,
    _Stop,
)
from planctl.load.positions import PathKey, Span
from planctl.load.scalars import _ALLOWED_TAGS, _MAP, _NULL_TAG, _SEQ, _STR, _Resolving
from planctl.problem import Problem, Severity

_DIRECTIVE = re.compile("^%", re.MULTILINE)
_BLOCK_HEADER = re.compile(r"[|>]([-+0-9]*)[ \t]*(?:#.*)?$")
"""The indicator of a '|' or '>' text and what follows it on its line."""


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    # tuple.__new__ skips the Python-level __new__ of a NamedTuple.
    return tuple.__new__(Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1))


class _Frame:
    """A mapping or sequence being built, with what is needed to finish it."""

    __slots__ = (
        "anchor",
        "container",
        "flow",
        "indent",
        "is_map",
        "key",
        "key_span",
        "line",
        "merges",
        "path",
        "seen",
        "size",
        "start",
    )

    def __init__(
        self,
        container: dict[str, Any] | list[Any],
        path: PathKey,
        anchor: str | None,
        flow: bool = False,
        indent: int = -1,
        start: int = 0,
        line: int = 0,
    ) -> None:
        self.container = container
        self.flow = flow
        self.indent = indent
        """The column of the innermost block mapping or list (-1 at the top)."""
        self.start = start
        """Where in the text the collection starts."""
        self.line = line
        """The 0-based line it starts on."""
        self.is_map = isinstance(container, dict)
        self.path = path
        self.anchor = anchor
        self.key: str | None = None
        self.key_span: Span | None = None
        self.seen: dict[str, Span] = {}
        self.merges: list[dict[str, Any]] = []
        self.size = 1


class _Builder(_Resolving):
    """Turns parser events into plain data, positions and problems."""

    def __init__(self, loaded: LoadedFile, limits: Limits) -> None:
        self.loaded = loaded
        self.limits = limits
        self.positions = loaded.positions
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.key_texts: dict[str, str] = {}
        self.unsupported = False
        self.source = loaded.text
        """The text the parser reads (it may end with a line break the file lacks)."""
        self.ended = False
        self.mends: set[str] = set()
        """What stopped a reading that another one may mend: '?' for '?x' in a [ ] or { }
        (see :meth:`glued_question`), '!' for a tag run on over a ','."""
        self.lone_dash = False
        """True once a plain scalar is a '-' alone, which only libyaml's flow lists let by."""
        self.ended_at = 0
        """True when the last document ended with '...'."""
        """True when reading stopped at YAML that planctl refuses by design."""
        """The text of each anchored scalar, for an alias of it used as a key."""
        self.alias_nodes = 0
        self.values = 0
        self.documents = 0
        self.root: Any = None

    def problem(
        self, rule: str, span: Span, message: str, hint: str = "", *, stop: bool = False
    ) -> None:
        if len(self.loaded.problems) >= self.limits.max_problems:
            self.loaded.problems.append(
                Problem(
                    path=self.loaded.path,
                    line=span.line,
                    column=span.column,
                    rule=RULE_LIMITS,
                    severity=Severity.ERROR,
                    message=f"more than {self.limits.max_problems} problems in the YAML; "
                    "reading stopped here",
                    hint="fix the problems above first",
                )
            )
            raise _Stop
        self.loaded.problems.append(
            Problem(
                path=self.loaded.path,
                line=span.line,
                column=span.column,
                end_line=span.end_line,
                end_column=span.end_column,
                rule=rule,
                severity=Severity.ERROR,
                message=message,
                hint=hint,
            )
        )
        if stop:
            self.unsupported = rule == RULE_UNSUPPORTED
            raise _Stop

    def run(self, next_event: Callable[[], Any]) -> None:
        """Build the data from every event ``next_event`` returns, up to the stream's end.

        Plain scalars without a tag or anchor are most of a plan's events, so
        they are handled here inline; everything else goes to its handler.
        """
        # deferred: start-up (ruamel.yaml loads only when a file is parsed)
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentEndEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
            StreamEndEvent,
        )

        handlers: dict[type, Callable[[Any], None]] = {
            MappingStartEvent: self.on_mapping_start,
            SequenceStartEvent: self.on_sequence_start,
            MappingEndEvent: self.on_end,
            SequenceEndEvent: self.on_end,
            AliasEvent: self.on_alias,
            DocumentStartEvent: self.on_document_start,
            DocumentEndEvent: self.on_document_end,
        }
        stack = self.stack
        values = self.positions.values
        keys = self.positions.keys
        max_values = self.limits.max_values
        resolve_plain = self.resolve_plain
        new_span = tuple.__new__
        while True:
            event = next_event()
            kind = type(event)
            if kind is not ScalarEvent or event.tag is not None or event.anchor or not stack:
                if kind is StreamEndEvent:
                    break
                handler = handlers.get(kind)
                if handler is not None:
                    handler(event)
                elif kind is ScalarEvent:
                    self.on_scalar(event)
                continue
            start, end = event.start_mark, event.end_mark
            span: Span = new_span(
                Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
            )
            frame = stack[-1]
            container = frame.container
            text: str = event.value
            if (
                frame.flow
                and not event.style
                and (text[-1:] == ":" or self.source[start.index - 1 : start.index] == "?")
            ):
                text = self.flow_plain(frame, text, start.index, end.index, span)
            if isinstance(container, dict):
                key = frame.key
                if key is None:
                    if not text and not event.style:
                        self.empty_key(span)
                    self.take_key(frame, text, span)
                    continue
                path: PathKey = (*frame.path, key)
                taken: str = key
            else:
                path = (*frame.path, len(container))
                taken = ""
            if event.style:
                value: Any = text
                if start.line != end.line and not frame.flow:
                    self.check_lines(event.style, text, start.index, end.index, frame.indent)
            else:
                value = text if not event.implicit[0] else resolve_plain(text)
            self.values += 1
            if self.values > max_values:
                self.too_many_values(span)
            frame.size += 1
            values[path] = span
            if isinstance(container, list):
                container.append(value)
                continue
            # A scalar is never merged, so even '<<' is an ordinary key here.
            if frame.key_span is not None:
                keys[path] = frame.key_span
            if taken not in container:
                container[taken] = value
            frame.key = None
            frame.key_span = None
        self.loaded.data = self.root

    # -- documents -------------------------------------------------------

    def on_document_end(self, event: Any) -> None:
        self.ended = bool(event.explicit)
        self.ended_at = event.end_mark.index

    def on_document_start(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1 and not self.ended and (event.version or event.tags):
            # libyaml lets a directive end a document; YAML needs '...' first.
            directive = _DIRECTIVE.search(self.source, self.ended_at)
            self.stop_at(
                directive.start() if directive else event.start_mark.index,
                "a %YAML or %TAG line comes after a document that was not ended with '...'",
                "keep one plan per file; delete the line and everything after it",
            )
        if self.documents > 1:
            self.problem(
                RULE_UNSUPPORTED,
                _span(event),
                "the file holds more than one YAML document (a second '---' starts another)",
                "keep one plan per file; move the second document to its own *.plan.yaml file",
                stop=True,
            )

    # -- nodes -----------------------------------------------------------

    def next_path(self) -> PathKey:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        assert frame.key is not None
        return (*frame.path, frame.key)

    def on_scalar(self, event: Any) -> None:
        span = _span(event)
        self.check_tag(event, span)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.flow and not event.style:
            start, end = event.start_mark.index, event.end_mark.index
            event.value = self.flow_plain(frame, event.value, start, end, span)
        if isinstance(frame, _Frame) and isinstance(frame.container, dict) and frame.key is None:
            tag = event.tag
            if tag == _NULL_TAG or (not event.value and not event.style and tag is None):
                self.empty_key(span)
            if tag is not None and tag != _STR and tag in _ALLOWED_TAGS:
                self.resolve(event, span)  # only to report a tag that does not fit the key
            self.take_key(frame, event.value, span)
            if event.anchor:
                self.anchors[event.anchor] = (event.value, 1)
                self.key_texts[event.anchor] = event.value
            return
        value = self.resolve(event, span)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
            self.key_texts[event.anchor] = event.value
        start, end = event.start_mark, event.end_mark
        if event.style and start.line != end.line and not (frame and frame.flow):
            indent = frame.indent if frame else -1
            self.check_lines(event.style, event.value, start.index, end.index, indent)
        self.place(value, span, size=1)

    def check_lines(self, style: str, value: str, start: int, end: int, indent: int) -> None:
        """Check the lines of a text that spans several, written in ``style``, in a block."""
        if style in ("|", ">"):
            # Only a text that starts with blank lines (or holds none) can break the rule.
            if not value or value[0] == "\n":
                self.check_block_scalar(start, indent)
        else:
            self.check_indent(start, end, indent)

    def check_block_scalar(self, start: int, indent: int) -> None:
        """Stop at a '|' or '>' text whose blank first lines are indented past its first line.

        Without a number after '|' the first line with text sets the indentation,
        and YAML forbids blank lines above it that have more spaces; libyaml
        lets them through.
        """
        text = self.source
        header_end = text.find("\n", start)
        if header_end == -1:
            return
        header = _BLOCK_HEADER.search(text, start, header_end)
        if header is None or any(char.isdigit() for char in header.group(1)):
            return
        widest = 0
        widest_at = 0
        at = header_end + 1
        while at < len(text):
            line_end = text.find("\n", at)
            if line_end == -1:
                line_end = len(text)
            line = text[at:line_end].rstrip("\r")
            spaces = len(line) - len(line.lstrip(" "))
            if spaces < len(line):
                if indent < spaces < widest:
                    self.stop_at(
                        widest_at,
                        "a blank line at the start of a '|' or '>' text has more spaces than "
                        "its first line of text",
                        "delete the spaces on the blank lines above the text",
                    )
                return
            if spaces > widest:
                widest, widest_at = spaces, at
            at = line_end + 1

    def stop_at(self, at: int, message: str, hint: str) -> None:
        """Stop with a syntax problem at character ``at`` of the text."""
        line, column = _position(self.source, at)
        self.problem(
            RULE_SYNTAX,
            Span(line, column, line, column + 1),
            f"the file is not valid YAML: {message}",
            hint,
            stop=True,
        )

    def check_indent(self, start: int, end: int, indent: int) -> None:
        """Stop at a line of a quoted text or [ ] / { } that is not indented past its block.

        libyaml accepts such lines; YAML does not (they would belong to the
        mapping or list around), and other YAML readers refuse the file.
        """
        if indent < 0:
            return
        text = self.source
        enough = " " * (indent + 1)
        at = text.find("\n", start, end)
        while at != -1:
            first = at + 1
            if text.startswith(enough, first):
                at = text.find("\n", first, end)
                continue  # the usual case: indented past the block
            column = first
            while column < end and text[column] == " ":
                column += 1
            content = column
            while content < end and text[content] in " \t":
                content += 1
            if column - first <= indent and content < end and text[content] not in "\r\n":
                line = text.count("\n", 0, first) + 1
                span = Span(line, column - first + 1, line, column - first + 2)
                what = "a tab" if text[column] == "\t" else "this line"
                self.problem(
                    RULE_SYNTAX,
                    span,
                    f"the file is not valid YAML: {what} continues a quoted text or a [ ] or "
                    f"{{ }} from the line above but is not indented past column {indent + 1}",
                    f"indent the line with at least {indent + 1 - (column - first)} more "
                    "space(s), or join it to the line above",
                    stop=True,
                )
            at = text.find("\n", first, end)

    def empty_key(self, span: Span) -> None:
        """Stop reading at a key that is empty: YAML allows it, a plan cannot name a field so."""
        self.problem(
            RULE_UNSUPPORTED,
            span,
            "a key is empty (nothing before the colon); plan keys must be names",
            "write a name before the colon, such as 'title:'",
            stop=True,
        )

    def take_key(self, frame: _Frame, key: str, span: Span) -> None:
        first = frame.seen.get(key)
        if first is not None and key != "<<":
            self.problem(
                RULE_DUPLICATE,
                span,
                f"the key '{key}' appears twice in the same mapping (first on line {first.line})",
                "keep one of them; a second one would silently replace the first",
            )
        elif key != "<<":
            frame.seen[key] = span
        frame.key = key
        frame.key_span = span

    def on_mapping_start(self, event: Any) -> None:
        self.open(event, {}, _MAP)

    def on_sequence_start(self, event: Any) -> None:
        self.open(event, [], _SEQ)

    def open(self, event: Any, container: dict[str, Any] | list[Any], kind: str) -> None:
        span = _span(event)
        if event.tag is not None:
            self.check_tag(event, span, kind)
        stack = self.stack
        parent = stack[-1] if stack else None
        if parent is not None and parent.is_map and parent.key is None:
            self.collection_key(span)
        if len(stack) >= self.limits.max_depth:
            self.problem(
                RULE_LIMITS,
                span,
                f"the data is nested more than {self.limits.max_depth} levels deep",
                "a plan needs only a few levels (goals, objectives, steps); check the indentation",
                stop=True,
            )
        path = self.next_path()
        self.positions.values[path] = span
        mark = event.start_mark
        flow = bool(event.flow_style)
        # A [ ] or { } lies inside the innermost block mapping or list around it.
        outer = parent.indent if parent is not None else -1
        indent = outer if flow else mark.column
        # The anchor is recorded on close, when the size of the finished value is known.
        stack.append(_Frame(container, path, event.anchor, flow, indent, mark.index, mark.line))

    def on_end(self, event: Any) -> None:
        frame = self.stack.pop()
        container = frame.container
        if (
            frame.flow
            and frame.indent >= 0
            and event.end_mark.line != frame.line
            and not (self.stack and self.stack[-1].flow)  # the outermost [ ] holds the rest
        ):
            self.check_indent(frame.start, event.end_mark.index, frame.indent)
        if isinstance(container, dict) and frame.merges:
            for merged in frame.merges:
                for key, value in merged.items():
                    container.setdefault(key, value)
        if frame.anchor:
            self.anchors[frame.anchor] = (container, frame.size)
            self.key_texts.pop(frame.anchor, None)
        start = self.positions.values.get(frame.path)
        if start is not None:
            end = event.end_mark
            self.positions.values[frame.path] = tuple.__new__(
                Span, (start.line, start.column, end.line + 1, end.column + 1)
            )
        self.place(container, None, size=frame.size)

    def flow_plain(self, frame: _Frame, text: str, start: int, end: int, span: Span) -> str:
        """The text of a plain scalar in a [ ] or { } as YAML 1.2 reads it, or a stop.

        A '?' glued to it is read as a key marker (see :meth:`glued_question`).
        ruamel's own parser keeps a ':' just before a ',', ']' or '}' in the
        text ('{omitted:, b}'), where YAML 1.2 reads the colon of a key with
        no value: a key of a { } loses it; elsewhere the reading stops.
        """
        source = self.source
        if source[start - 1 : start] == "?":
            self.glued_question(span, text)
        if text[-1:] != ":" or source[end : end + 1] not in (",", "]", "}"):
            return text
        if frame.is_map and frame.key is None:
            return text[:-1]
        if frame.is_map:
            self.stop_at(
                end - 1,
                "a ':' after a value in a { } starts no key",
                "put the value in quotes if the ':' belongs to it",
            )
        self.problem(
            RULE_UNSUPPORTED,
            span,
            f"'{text}' in a [ ] is a key with no value, which planctl cannot read there",
            f"write '{text} ' with a space and a value after the colon, or quote it: \"{text}\"",
            stop=True,
        )
        return text

    def glued_question(self, span: Span, value: str) -> None:
        """Stop at '?text' in a [ ] or { }: YAML 1.2 reads it as text, both parsers as a key."""
        self.mends.add("?")
        self.problem(
            RULE_UNSUPPORTED,
            span,
            f"'?{value}' in a [ ] or {{ }} would be read as a key marker and the text "
            f"'{value}', not as the text '?{value}'",
            f'put it in quotes: "?{value}"',
            stop=True,
        )

    def collection_key(self, span: Span) -> None:
        """Stop reading at a key that is a list or mapping: YAML allows it, a plan does not."""
        self.problem(
            RULE_UNSUPPORTED,
            span,
            "a key is itself a list or mapping; plan keys must be names",
            "write a plain name before the colon, such as 'title:'",
            stop=True,
        )

    def on_alias(self, event: Any) -> None:
        span = _span(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            # An alias of a scalar is a key of the text it repeats.
            text = self.key_texts.get(event.anchor)
            if text is not None:
                self.take_key(frame, text, span)
                return
            if event.anchor in self.anchors:
                self.collection_key(span)
        target = self.anchors.get(event.anchor)
        if target is None:
            self.problem(
                RULE_SYNTAX,
                span,
                f"the alias '*{event.anchor}' refers to no anchor '&{event.anchor}' above it",
                f"define '&{event.anchor}' before using '*{event.anchor}', or write the value out",
                stop=True,
            )
            return
        value, size = target
        self.alias_nodes += size
        if self.alias_nodes > self.limits.max_alias_nodes:
            self.problem(
                RULE_LIMITS,
                span,
                "aliases (*name) repeat too much data: the file would expand to more than "
                f"{self.limits.max_alias_nodes:,} values",
                "write repeated parts out, or use fewer nested aliases",
                stop=True,
            )
        self.place(value, span, size=size)

    def place(self, value: Any, span: Span | None, *, size: int) -> None:
        """Put a finished value into the container that is open, or make it the root."""
        if not self.stack:
            if span is not None:
                self.positions.values[()] = span
            self.root = value
            return
        self.values += 1
        if self.values > self.limits.max_values:
            self.too_many_values(span or Span(1, 1, 1, 1))
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.container, list):
            if span is not None:
                item_path = (*frame.path, len(frame.container))
                self.positions.values[item_path] = span
            frame.container.append(value)
            return
        key = frame.key
        assert key is not None
        path = (*frame.path, key)
        if frame.key_span is not None:
            self.positions.keys[path] = frame.key_span
        if span is not None:
            self.positions.values[path] = span
        if key == "<<" and (isinstance(value, dict) or _all_dicts(value)):
            # A merge key: its entries fill in what the mapping does not say itself.
            frame.merges.extend([value] if isinstance(value, dict) else value)
        elif key not in frame.container:
            # On a duplicate key the first value stays; the duplicate was reported.
            frame.container[key] = value
        frame.key = None
        frame.key_span = None

    def too_many_values(self, span: Span) -> None:
        """Stop reading: the file holds more values than the limit."""
        self.problem(
            RULE_LIMITS,
            span,
            f"the file holds more than {self.limits.max_values:,} values; "
            "plan files are limited to that",
            "split the plan into several files, one per school or team",
            stop=True,
        )


def _all_dicts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)
