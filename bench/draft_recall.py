"""How many of the figures the bundled decks teach does `quiz draft` find in their articles?

A figure is an answer the decks teach that holds an Arabic digit (a cloze gap, a numeric
answer with its unit, a basic answer or the correct choice), counted once per article. Draft
finds it when one of its cards, drafted from the same article, asks for an answer with the
same numbers and quotes a span of the article that overlaps the deck card's quote.

Usage: python bench/draft_recall.py [--decks DIR] [--misses]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quiz.authoring.article import load_article
from quiz.authoring.draft import draft_cards
from quiz.core.model import Card, CardType
from quiz.decks.discover import find_deck_files
from quiz.decks.grounding import fold, squash
from quiz.decks.reader import load_decks

_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Taught:
    """One figure a deck teaches: its text, its numbers, and where its quote sits."""

    text: str
    numbers: tuple[str, ...]
    span: tuple[int, int]


def numbers(text: str) -> tuple[str, ...]:
    """The numbers in a text, thousands separators dropped, in order."""
    return tuple(_NUMBER_RE.findall(fold(text).replace(",", "")))


def answers(card: Card) -> list[str]:
    """Every answer a card teaches, as the learner sees it."""
    if card.type is CardType.CLOZE:
        return list(card.gaps)
    if card.type is CardType.NUMERIC:
        return [f"{card.answer}{card.unit or ''}"]
    return [card.answer]


def span_of(quote: str, article_text: str) -> tuple[int, int] | None:
    """Where a quote sits in the whitespace-free article text."""
    needle = squash(quote)
    start = article_text.find(needle)
    return (start, start + len(needle)) if start >= 0 and needle else None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def measure(deck_dirs: list[Path]) -> dict[Path, tuple[list[Taught], list[Taught]]]:
    """For each article: the figures taught and those of them the draft finds."""
    result = load_decks(find_deck_files(deck_dirs))
    if result.errors:
        raise SystemExit(f"the decks have errors; run 'quiz check' first "
                         f"({len(result.errors)} errors)")
    taught: dict[Path, dict[str, list[Taught]]] = defaultdict(lambda: defaultdict(list))
    for deck in result.decks:
        for card in deck.cards:
            source = card.source or deck.source
            if source is None or card.quote is None:
                continue
            text = squash(Path(source).read_text(encoding="utf-8-sig"))
            span = span_of(card.quote, text)
            for answer in answers(card):
                if span is not None and numbers(answer):
                    taught[Path(source)][fold(answer)].append(Taught(answer, numbers(answer), span))
    report = {}
    for source, figures in sorted(taught.items()):
        text = squash(source.read_text(encoding="utf-8-sig"))
        drafted = []
        for card in draft_cards(load_article(source)):
            fields = card.fields
            answer = (re.search(r"\{\{(.+?)\}\}", str(fields["text"])).group(1)
                      if fields["type"] == "cloze" else f"{fields['a']}{fields.get('unit', '')}")
            span = span_of(str(fields["quote"]), text)
            if span is not None:
                drafted.append((numbers(answer), span))
        all_figures = [occurrences[0] for occurrences in figures.values()]
        found = [occurrences[0] for occurrences in figures.values()
                 if any(set(t.numbers) <= set(d_numbers) and overlaps(t.span, d_span)
                        for t in occurrences for d_numbers, d_span in drafted)]
        report[source] = (all_figures, found)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decks", action="append", type=Path,
                        help="deck directory (default: the checkout's decks/)")
    parser.add_argument("--misses", action="store_true", help="list the figures not found")
    args = parser.parse_args()
    report = measure(args.decks or [REPO / "decks"])
    total_found = total = 0
    print(f"{'article':<32} {'found':>5} / {'total':<5} recall")
    for source, (figures, found) in report.items():
        total += len(figures)
        total_found += len(found)
        print(f"{source.name:<32} {len(found):>5} / {len(figures):<5} "
              f"{len(found) / len(figures):.0%}")
        if args.misses:
            missed = sorted({t.text for t in figures} - {t.text for t in found})
            print("  missed: " + ", ".join(missed))
    if total:
        print(f"{'all articles':<32} {total_found:>5} / {total:<5} {total_found / total:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
