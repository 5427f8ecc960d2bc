"""Plain YAML text → a tree of positioned nodes, built from parser events under strict limits.

We compose the tree ourselves instead of calling `yaml.compose`: no scalar is resolved to a
bool, number or date (every value stays the text the author wrote), no tag constructs
anything, and the limits hold while parsing, so a hostile file (an alias bomb, a million
nested brackets) fails at once instead of exhausting memory or overflowing the C stack in
PyYAML's recursive composer. It is also faster: PyYAML's composer runs its Python resolver
on every scalar.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

import yaml

from .problems import line_col

try:
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader

MAX_DEPTH = 100
MAX_ALIASES = 100
MAX_ALIAS_NODES = 10_000

# YAML 1.1 forbids these characters anywhere in a stream (libyaml reports them by byte offset).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# YAML counts these as line breaks; editors and `grep -n` do not, so every later line number
# would disagree with what the author sees.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}

Scalar = yaml.ScalarEvent
"""A scalar node is its parser event (value, tag, start_mark): no second object per scalar."""


class Collection:
    """A mapping or a list: its start position, explicit tag (or None) and contents."""

    __slots__ = ("start_mark", "tag", "value", "size", "open", "_key")

    def __init__(self, start_mark: yaml.Mark, tag: str | None) -> None:
        self.start_mark = start_mark
        self.tag = tag
        self.value: list = []
        self.size = 1
        self.open = True
        self._key: Node | None = None


class Mapping(Collection):
    """`value` is a list of (key node, value node) pairs, in file order, duplicates kept."""

    __slots__ = ()


class Sequence(Collection):
    """`value` is a list of item nodes."""

    __slots__ = ()


Node = Scalar | Mapping | Sequence


class TreeError(Exception):
    """The text is not plain YAML within the limits; 1-based position and message."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = message


def position(node: Node) -> tuple[int, int]:
    """The 1-based line and column where a node starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic collector: a large tree without cycles would make it rescan the heap
    again and again while the tree grows (it doubles the time of a 10,000-card deck)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compose(text: str) -> Node | None:
    """The single document in text as a tree, or None if there is none; raises TreeError."""
    odd = _ODD_BREAKS.search(text)
    if odd:
        line, column = line_col(text, odd.start())
        raise TreeError(line, column, f"character U+{ord(odd.group()):04X} "
                                      f"({_BREAK_NAMES[odd.group()]}) is a line break in YAML "
                                      f"but not in most editors; replace it with a newline")
    with _no_gc():
        try:
            return _compose_events(_Parser(text))
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc) from None
        except yaml.reader.ReaderError:
            bad = _NOT_PRINTABLE.search(text)
            if bad is None:
                raise TreeError(1, 1, "YAML: the text cannot be read") from None
            line, column = line_col(text, bad.start())
            raise TreeError(line, column, f"character U+{ord(bad.group()):04X} is not allowed in "
                                          f"YAML (a control character)") from None


def _syntax_error(exc: yaml.MarkedYAMLError) -> TreeError:
    """The parser's message at the parser's position, naming where the construct began.

    When the file ends inside a quote or bracket, the position is where it was opened: the
    end of the file is not where the author has to look.
    """
    problem, context = exc.problem or "", exc.context or ""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    mark = problem_mark or context_mark
    message = problem or context
    if problem and context and context_mark is not None:
        started = f"line {context_mark.line + 1}, column {context_mark.column + 1}"
        if "end of stream" in problem:
            mark = context_mark
            what = context.removeprefix("while scanning ").removeprefix("while parsing ")
            message = f"{what} that starts here is not closed before the end of the file"
        else:
            message = f"{problem} {context} (started at {started})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return TreeError(line, column, f"YAML syntax: {message}")


def _compose_events(parser: yaml.CSafeLoader) -> Node | None:
    get_event = parser.get_event
    stack: list[Collection] = []
    anchors: dict[str, Node] = {}
    root: Node | None = None
    aliases = alias_nodes = documents = 0
    while True:
        event = get_event()
        kind = type(event)
        if kind is Scalar:
            node: Node = event
            size = 1
            if event.anchor is not None:
                anchors[event.anchor] = event
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise TreeError(event.start_mark.line + 1, event.start_mark.column + 1,
                                f"nested more than {MAX_DEPTH} levels deep; refused")
            collection = (Mapping if kind is yaml.MappingStartEvent else Sequence)(
                event.start_mark, event.tag)
            if event.anchor is not None:
                anchors[event.anchor] = collection
            stack.append(collection)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            node = stack.pop()
            node.open = False
            size = node.size
        elif kind is yaml.AliasEvent:
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            target = anchors.get(event.anchor)
            if target is None:
                raise TreeError(line, column, f"alias *{event.anchor} names no anchor before it")
            if type(target) is not Scalar and target.open:
                raise TreeError(line, column, f"recursive alias *{event.anchor}: "
                                              f"a node may not contain itself")
            aliases += 1
            if aliases > MAX_ALIASES:
                raise TreeError(line, column, f"more than {MAX_ALIASES} aliases; aliases are "
                                              f"limited in deck files")
            node = target
            size = 1 if type(target) is Scalar else target.size
            alias_nodes += size
            if alias_nodes > MAX_ALIAS_NODES:
                raise TreeError(line, column, f"aliases expand to more than "
                                              f"{MAX_ALIAS_NODES:,} nodes; refused")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise TreeError(event.start_mark.line + 1, event.start_mark.column + 1,
                                "a second YAML document ('---'); a deck file holds one")
            continue
        elif kind is yaml.StreamEndEvent:
            return root
        else:  # stream start, document end
            continue
        if not stack:
            root = node
            continue
        parent = stack[-1]
        parent.size += size
        if type(parent) is Sequence:
            parent.value.append(node)
        elif parent._key is None:
            parent._key = node
        else:
            parent.value.append((parent._key, node))
            parent._key = None
