"""Quotes checked against their source article, and answers against their quote.

The articles come from scanned page layouts that break sentences over lines and
scatter spaces around figures, so both checks ignore whitespace. Quotes must
otherwise be verbatim; answers are also compared after NFKC folding, so a
half-width digit in an answer matches a full-width one in the article.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

_GRAM = 4
_INDEX_THRESHOLD = 50_000


def squash(text: str) -> str:
    """Text with every whitespace character removed."""
    return "".join(text.split())


def fold(text: str) -> str:
    """Text squashed and NFKC-folded, for comparing short answers."""
    return squash(unicodedata.normalize("NFKC", text)).casefold()


class SourceText:
    """An article prepared for many quote look-ups.

    Large sources get an index of their 4-character grams, so that checking
    thousands of quotes does not scan the whole article once per quote.
    """

    def __init__(self, text: str) -> None:
        self.text = squash(text)
        self._index: dict[str, list[int]] | None = None

    @classmethod
    def read(cls, path: Path) -> SourceText:
        return cls(path.read_bytes().decode("utf-8-sig"))

    def contains(self, quote: str) -> bool:
        needle = squash(quote)
        if not needle:
            return False
        if len(self.text) < _INDEX_THRESHOLD or len(needle) < _GRAM:
            return needle in self.text
        if self._index is None:
            self._index = self._build_index()
        text = self.text
        return any(text.startswith(needle, start) for start in self._index.get(needle[:_GRAM], ()))

    def _build_index(self) -> dict[str, list[int]]:
        index: defaultdict[str, list[int]] = defaultdict(list)
        text = self.text
        for start in range(len(text) - _GRAM + 1):
            index[text[start:start + _GRAM]].append(start)
        return index


def answer_in_quote(answer: str, quote: str) -> bool:
    """Whether an answer occurs in its quote, ignoring whitespace, width and case."""
    folded = fold(answer)
    return bool(folded) and folded in fold(quote)
