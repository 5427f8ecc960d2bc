"""Quotes checked against their source article, and answers against their quote.

The articles come from scanned page layouts that break sentences over lines and
scatter spaces around figures, so both checks ignore whitespace. Quotes must
otherwise be verbatim; answers are also compared after NFKC folding, so a
half-width digit in an answer matches a full-width one in the article.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path


def squash(text: str) -> str:
    """Text with every whitespace character removed."""
    return "".join(text.split())


def fold(text: str) -> str:
    """Text squashed and NFKC-folded, for comparing short answers."""
    return squash(unicodedata.normalize("NFKC", text)).casefold()


class SourceText:
    """An article with its whitespace removed, ready for quote look-ups.

    A plain substring search is used: measured in bench/check_bench.py, it beats an index of
    4-character grams for any realistic article (the index only pays for itself beyond some
    15,000 look-ups in a 230,000-character source).
    """

    def __init__(self, text: str) -> None:
        self.text = squash(text)

    @classmethod
    def read(cls, path: Path) -> SourceText:
        return cls(path.read_bytes().decode("utf-8-sig"))

    def contains(self, quote: str) -> bool:
        return self.contains_squashed(squash(quote))

    def contains_squashed(self, needle: str) -> bool:
        """`contains` for a quote already squashed, as a deck check has it."""
        return bool(needle) and needle in self.text


def answer_in_quote(answer: str, quote: str) -> bool:
    """Whether an answer occurs in its quote, ignoring whitespace, width and case."""
    squashed = squash(answer)
    if squashed and squashed in squash(quote):
        return True  # the usual case, without the cost of NFKC folding
    folded = fold(answer)
    return bool(folded) and folded in fold(quote)
