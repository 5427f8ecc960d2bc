"""Reading a deck's node tree with every problem located: the typed accessors the deck
reader is built on (a mapping with its keys checked, text, lists of text, dates), each
recording what is wrong at the node's line and column rather than raising."""

from __future__ import annotations

import re
from datetime import date

from quiz.core.errors import did_you_mean
from quiz.decks.problems import Problem, Severity
from quiz.decks.yamltree import Mapping, Node, Scalar, Sequence, position

_CORE = "tag:yaml.org,2002:"
# Explicit tags that still mean plain text or a plain collection; `!` is YAML's "no tag".
PLAIN_TAGS = {None, "!"} | {_CORE + t for t in ("str", "int", "float", "bool", "null",
                                                  "timestamp", "seq", "map")}
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# How close a misspelt key, type, rule or choice must be to be suggested (options sorted).
NEAR = 0.6

Entries = dict[str, tuple[Node, Node]]


class Abort(Exception):
    """Raised when a file cannot be read any further; its problem is already recorded."""


def kind_of(node: Node) -> str:
    """What a node is, for a message saying it is the wrong thing."""
    if type(node) is Mapping:
        return "a mapping"
    if type(node) is Sequence:
        return "a list"
    return "text"


class NodeReader:
    """Reads a file's node tree, recording problems (with their place) as it goes."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.error_count = 0

    # -- reporting -----------------------------------------------------------

    def at(self, node: Node, message: str, severity: Severity = "error") -> None:
        line, column = position(node)
        self.report(line, column, message, severity)

    def report(self, line: int, column: int, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.display, line, column, message, severity))
        if severity == "error":
            self.error_count += 1

    def fatal(self, line: int, column: int, message: str) -> Abort:
        self.report(line, column, message)
        return Abort()

    # -- typed accessors -----------------------------------------------------

    def tag_ok(self, node: Node, what: str) -> bool:
        tag = node.tag
        if tag in PLAIN_TAGS:
            return True
        self.at(node, f"{what}: tag '{tag.replace(_CORE, '!!')}' is not allowed; deck files "
                      f"use plain YAML only")
        return False

    def mapping(self, node: Node, what: str,
                texts: dict[str, str] | None = None) -> Entries | None:
        """The entries by key, reporting bad and duplicate keys; `texts`, if given, also
        receives each value that is plain, non-blank text (nearly every value in a deck)."""
        if node.tag is not None and not self.tag_ok(node, what):
            return None
        if type(node) is not Mapping:
            self.at(node, f"{what} must be a mapping of keys to values, not {kind_of(node)}")
            return None
        entries: Entries = {}
        items = iter(node.value)
        for pair in zip(items, items):
            key_node, value_node = pair
            if type(key_node) is Scalar and key_node.tag is None \
                    and key_node.value not in entries:
                entries[key_node.value] = pair
            elif not self.irregular_key(entries, pair, what):
                continue
            if texts is not None and type(value_node) is Scalar and value_node.tag is None:
                value = value_node.value
                if value and not value.isspace():
                    texts[key_node.value] = value
        return entries

    def irregular_key(self, entries: Entries, pair: tuple[Node, Node], what: str) -> bool:
        """A key that is not plain, unique text: add it if it is still usable, else report."""
        key_node = pair[0]
        if type(key_node) is not Scalar:
            self.at(key_node, f"keys in {what} must be plain text, not {kind_of(key_node)}")
            return False
        key = key_node.value
        if not self.tag_ok(key_node, f"key '{key}'"):
            return False
        if key in entries:
            first = entries[key][0].start_mark.line + 1
            self.at(key_node, f"duplicate key '{key}' in {what} (first at line {first})")
            return False
        entries[key] = pair
        return True

    def text(self, node: Node, what: str) -> str | None:
        if type(node) is Scalar and node.tag is None:
            value = node.value
            if value and not value.isspace():
                return value
        if node.tag is not None and not self.tag_ok(node, what):
            return None
        if type(node) is not Scalar:
            hint = ""
            if type(node) is Mapping and node.value and type(node.value[0]) is Mapping:
                hint = "; put a value that starts with '{{' in quotes"
            self.at(node, f"{what} must be text, not {kind_of(node)}{hint}")
            return None
        value = node.value
        if not value.strip():
            self.at(node, f"{what} is empty")
            return None
        return value

    def text_list(self, node: Node, what: str) -> tuple[str, ...] | None:
        if type(node) is Sequence and node.tag is None:
            values = tuple([item.value for item in node.value if type(item) is Scalar
                            and item.tag is None and item.value and not item.value.isspace()])
            if len(values) == len(node.value):
                return values
        if not self.tag_ok(node, what):
            return None
        if type(node) is not Sequence:
            self.at(node, f"{what} must be a list, not {kind_of(node)}")
            return None
        items = [self.text(item, f"each entry of {what}") for item in node.value]
        if None in items:
            return None
        return tuple(items)  # type: ignore[arg-type]

    def date_text(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            if not _DATE_RE.match(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            self.at(node, f"{what} must be a date written YYYY-MM-DD, not '{value}'")
            return None
        return value

    def unknown_keys(self, entries: Entries, allowed: frozenset[str] | tuple[str, ...],
                     what: str, elsewhere: frozenset[str] = frozenset()) -> None:
        for key, (key_node, _) in entries.items():
            if key in allowed:
                continue
            if key == "<<":
                self.at(key_node, "merge keys ('<<') are not supported; write the keys out")
            elif key in elsewhere:
                self.at(key_node, f"'{key}' is not used by {what}")
            else:
                near = did_you_mean(key, sorted(allowed), cutoff=NEAR)
                self.at(key_node, f"unknown key '{key}' in {what}{near}")

    def required_text(self, entries: Entries, parent: Node, key: str, what: str) -> str | None:
        if key not in entries:
            self.at(parent, f"{what} has no '{key}'")
            return None
        return self.text(entries[key][1], f"'{key}'")

    def list_of(self, entries: Entries, key: str) -> tuple[str, ...]:
        return self.text_list(entries[key][1], f"'{key}'") or ()
