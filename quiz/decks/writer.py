"""Deck files written as YAML that `quiz check` reads back exactly, with comments where they help.

PyYAML cannot emit comments, so each card is dumped on its own and the file is
assembled line by line; every scalar goes through PyYAML's emitter, which quotes
whatever would otherwise be read back differently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import yaml

_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")


class _DeckDumper(yaml.SafeDumper):
    """A safe dumper that writes multi-line text as literal blocks when it can."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, items: list[object]) -> yaml.SequenceNode:
    flat = all(isinstance(item, str) and "\n" not in item for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flat)


_DeckDumper.add_representer(str, _represent_text)
_DeckDumper.add_representer(list, _represent_list)


def clean_text(text: str) -> str:
    """Text with every kind of line break made a plain newline, so YAML keeps it as written."""
    return _LINE_BREAKS.sub("\n", text)


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_DeckDumper, allow_unicode=True, sort_keys=False,
                     width=2**31 - 1, default_flow_style=False)


def _comment_lines(comments: Sequence[str], indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for comment in comments
            for line in clean_text(comment).split("\n")]


def dump_deck(meta: Mapping[str, object], cards: Sequence[Mapping[str, object]], *,
              header: Sequence[str] = (),
              card_comments: Sequence[Sequence[str]] | None = None) -> str:
    """A whole deck file: header comments, the deck keys, then each card under its comments."""
    lines = _comment_lines(header, "")
    lines.extend(_dump(dict(meta)).splitlines())
    lines.append("cards:")
    for index, card in enumerate(cards):
        lines.extend(card_lines(card, card_comments[index] if card_comments is not None else ()))
    return "\n".join(lines) + "\n"


def card_lines(card: Mapping[str, object], comments: Sequence[str] = ()) -> list[str]:
    """One card as the lines of an item of `cards:`, under its comments."""
    return _comment_lines(comments, "  ") + [
        f"  {line}" if line else line for line in _dump([dict(card)]).splitlines()]


def scalar(value: str) -> str:
    """One scalar as it should appear after `key: ` on a single line."""
    flat = _dump(clean_text(value).replace("\n", " "))
    return flat.removesuffix("\n...\n").rstrip("\n")
