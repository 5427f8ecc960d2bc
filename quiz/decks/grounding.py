"""Sources and grounding: where a deck's source article may be, reading it, and checking
quotes against the article and answers against their quote.

The articles come from scanned page layouts that break sentences over lines and
scatter spaces around figures, so both checks ignore whitespace. Quotes must
otherwise be verbatim; answers are also compared after NFKC folding, so a
half-width digit in an answer matches a full-width one in the article.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.core import files
from quiz.core.model import CardType

if TYPE_CHECKING:
    from quiz.decks.nodes import Entries, NodeReader
    from quiz.decks.yamltree import Node

MAX_SOURCE_BYTES = 50 * 1024 * 1024
SEEDS_DIR = "seeds"   # sources may also be in this directory beside the deck's (../seeds)
OUTSIDE = (f"the deck file's directory and the {SEEDS_DIR}/ directory beside it (symbolic links "
           f"followed); a source must be in one of them")
_CLOZE = CardType.CLOZE   # a plain name: looking it up on the enum costs 0.3 µs per card


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


Source = tuple[str, SourceText | None]

def source_roots(deck_path: Path) -> tuple[Path, Path]:
    """Where a deck file's sources may be: its directory (and below) and `seeds/` beside that
    directory, where the bundled decks keep their articles (`source: ../seeds/…`).

    The deck's directory is taken with its symbolic links resolved, `seeds` itself is not: a
    `seeds` link pointing elsewhere would make anywhere a source.
    """
    directory = deck_path.parent.resolve()
    return directory, directory.parent / SEEDS_DIR


def resolve_source(deck_path: Path, written: str | Path) -> Path | None:
    """A `source` as a deck file names it, relative to the file, symbolic links resolved;
    None if it cannot be (a loop of links)."""
    try:
        return (deck_path.parent / written).resolve()
    except (OSError, RuntimeError):   # RuntimeError: a loop of links, before Python 3.13
        return None


def source_allowed(deck_path: Path, resolved: Path) -> bool:
    """Whether a resolved source lies in the deck's `source_roots`. Nothing else is ever read,
    so a hostile deck checked in CI learns nothing about files elsewhere (such as whether a
    guessed quote occurs in /etc/shadow)."""
    return any(resolved.is_relative_to(root) for root in source_roots(deck_path))


def check_source_place(deck_path: Path, source: Path) -> str | None:
    """Why a deck written to `deck_path` could not use `source`, or None if it could; for the
    commands that write a deck's `source` (`quiz new`, `quiz draft -o`)."""
    resolved = resolve_source(deck_path, source.absolute())
    if resolved is not None and source_allowed(deck_path, resolved):
        return None
    return (f"the article {source} is outside {deck_path.parent}/ and the {SEEDS_DIR}/ "
            f"directory beside it, where a deck's source must be; copy it there first")


def read_source(path: Path, written: str) -> SourceText | str:
    """The source article, or the message saying why it cannot be used."""
    try:
        data = files.read_regular(path, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        return f"source file not found: {written}"
    except IsADirectoryError:
        return f"source is a directory, not a file: {written}"
    except OSError as exc:
        return f"cannot read source {written}: {exc.strerror or exc}"
    if data is None:
        return f"source is not a regular file: {written}"
    if len(data) > MAX_SOURCE_BYTES:
        return f"source is larger than {MAX_SOURCE_BYTES // 2**20} MiB: {written}"
    try:
        return SourceText(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return f"source file is not valid UTF-8: {written}"


def load_source(reader: NodeReader, node: Node, what: str, deck_path: Path,
                sources: dict[Path, SourceText | str], ground: bool) -> Source | None:
    """Resolve a `source` path relative to the deck file and read it once per run; a path
    that leads outside the deck's directory and ../seeds is refused unread."""
    value = reader.text(node, what)
    if value is None:
        return None
    resolved = resolve_source(deck_path, value)
    if resolved is None:
        reader.at(node, f"source '{value}' cannot be resolved (a loop of symbolic links)")
        return None
    if not source_allowed(deck_path, resolved):
        reader.at(node, f"source '{value}' is outside {OUTSIDE}")
        return None
    if resolved not in sources:
        sources[resolved] = read_source(resolved, value) if ground else ""
    loaded = sources[resolved]
    if isinstance(loaded, str) and loaded:
        reader.at(node, loaded)
        return None
    return str(resolved), loaded if isinstance(loaded, SourceText) else None


def check_grounding(reader: NodeReader, entries: Entries, source: SourceText, quote: str,
                    card_type: CardType, answer: str, accept: tuple[str, ...],
                    gaps: tuple[str, ...]) -> None:
    """The quote occurs in the source, and the answer (or each cloze gap) in the
    quote; both compared with whitespace ignored."""
    quote = squash(quote)  # once, rather than in every look-up below
    if not source.contains_squashed(quote):
        reader.at(entries["quote"][1], "quote does not occur in the source (whitespace ignored)")
        return
    if card_type is _CLOZE:
        for gap in gaps:
            if gap and not answer_in_quote(gap, quote):
                reader.at(entries["text"][1], f"cloze gap '{gap}' does not occur in the quote")
        return
    if not answer:
        return
    if squash(answer) in quote \
            or any(answer_in_quote(candidate, quote) for candidate in (answer, *accept)):
        return
    also = " nor does any 'accept' entry" if accept else ""
    reader.at(entries["a"][1], f"answer '{answer}' does not occur in the quote{also}")
