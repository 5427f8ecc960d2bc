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

from quiz.core.controls import BIDI_CONTROLS, BIDI_RE, CONTROL_RE, describe
from quiz.decks.problems import line_col

try:
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader

MAX_DEPTH = 100
MAX_ALIASES = 100
MAX_ALIAS_NODES = 10_000

# YAML counts these as line breaks; editors and `grep -n` do not, so every later line number
# would disagree with what the author sees.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}

# Each node is the parser event that starts it, so the tree costs no second object per node.
Scalar = yaml.ScalarEvent
"""A scalar node: its `value` (the text as written), `tag` (None if none) and `start_mark`."""
Mapping = yaml.MappingStartEvent
"""A mapping node: `tag` and `start_mark`, and a `value` list of its keys and values
alternately (key, value, key, value…), in file order, duplicates kept."""
Sequence = yaml.SequenceStartEvent
"""A list node: `tag` and `start_mark`, and a `value` list of its items."""
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent

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
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while a tree is built and read: the tree has no cycles, but
    its hundreds of thousands of objects would be rescanned again and again as it grows (this
    nearly doubles the time to check a 10,000-card deck)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compose(text: str, encoded: bytes | None = None) -> Node | None:
    """The single document in text as a tree, or None if there is none; raises TreeError.

    `encoded`, the text as UTF-8 if the caller has it, spares the parser encoding it again.
    """
    # Three `in` tests take 0.5 ms on a 3 MiB deck; the regular expression takes 30 ms.
    odd = ("\x85" in text or "\u2028" in text or "\u2029" in text) and _ODD_BREAKS.search(text)
    if odd:
        line, column = line_col(text, odd.start())
        raise TreeError(line, column, f"character U+{ord(odd.group()):04X} "
                                      f"({_BREAK_NAMES[odd.group()]}) is a line break in YAML "
                                      f"but not in most editors; replace it with a newline")
    # Raw control characters are the parser's to refuse; bidirectional controls are printable
    # to YAML, so they are looked for here (nine `in` tests: 4 ms on a 3 MiB deck, less than
    # half what one regular expression takes).
    bidi = BIDI_RE.search(text) if any(c in text for c in BIDI_CONTROLS) else None
    if bidi is not None:
        line, column = line_col(text, bidi.start())
        raise TreeError(line, column, f"character {describe(bidi.group())} is not allowed in "
                                      f"deck files: it reorders the text around it on screen")
    with gc_paused():
        try:
            return _compose_events(_Parser(text if encoded is None else encoded),
                                   anchored="&" in text, escaped="\\" in text)
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc) from None
        except yaml.reader.ReaderError:
            # libyaml reports the character by byte offset; find it in the text instead.
            bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
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


def _compose_events(parser: yaml.CSafeLoader, anchored: bool, escaped: bool) -> Node | None:
    """Build the tree from the parser's events; the hot loop of loading a deck.

    `anchored` is False when the text has no '&', so no scalar can carry an anchor; `escaped`
    is False when it has no backslash, so no scalar can hold an escaped control character
    (only a double-quoted scalar's escapes, such as \\e or \\x9b, can make one).
    """
    document: list[Node] = []
    append = document.append  # adds a node to the collection being read (or the document)
    stack: list[Mapping | Sequence] = []  # the collections being read, outermost first
    anchors: dict[str, Node] = {}
    aliases = alias_nodes = documents = 0
    for event in iter(parser.get_event, None):
        kind = type(event)
        if kind is Scalar:
            if anchored and event.anchor is not None:
                anchors[event.anchor] = event
            if escaped and event.style == '"':
                _check_escapes(event)
            append(event)
        elif kind is Mapping or kind is Sequence:
            if len(stack) >= MAX_DEPTH:
                raise TreeError(event.start_mark.line + 1, event.start_mark.column + 1,
                                f"nested more than {MAX_DEPTH} levels deep; refused")
            if event.anchor is not None:
                anchors[event.anchor] = event
            append(event)
            stack.append(event)
            event.value = []
            append = event.value.append
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            stack.pop()
            append = stack[-1].value.append if stack else document.append
        elif kind is yaml.AliasEvent:
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            target = anchors.get(event.anchor)
            if target is None:
                raise TreeError(line, column, f"alias *{event.anchor} names no anchor before it")
            if any(open_collection is target for open_collection in stack):
                raise TreeError(line, column, f"recursive alias *{event.anchor}: "
                                              f"a node may not contain itself")
            aliases += 1
            if aliases > MAX_ALIASES:
                raise TreeError(line, column, f"more than {MAX_ALIASES} aliases; aliases are "
                                              f"limited in deck files")
            alias_nodes += _size(target, MAX_ALIAS_NODES - alias_nodes)
            if alias_nodes > MAX_ALIAS_NODES:
                raise TreeError(line, column, f"aliases expand to more than "
                                              f"{MAX_ALIAS_NODES:,} nodes; refused")
            append(target)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise TreeError(event.start_mark.line + 1, event.start_mark.column + 1,
                                "a second YAML document ('---'); a deck file holds one")
    return document[0] if document else None


def _check_escapes(scalar: Scalar) -> None:
    """Refuse a double-quoted scalar whose escapes make a character deck text may not hold."""
    found = CONTROL_RE.search(scalar.value)
    if found is not None:
        line, column = position(scalar)
        raise TreeError(line, column, f"character {describe(found.group())} is not allowed in "
                                      f"deck text (made by an escape in this quoted value)")


def _size(node: Node, budget: int) -> int:
    """How many nodes the node expands to (aliases inside it counted in full), counting no
    further than one past budget, so an alias bomb costs at most the budget to measure."""
    count = 0
    pending = [node]
    while pending and count <= budget:
        node = pending.pop()
        count += 1
        if type(node) is not Scalar:
            pending.extend(node.value)
    return count
