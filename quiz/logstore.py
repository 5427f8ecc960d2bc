"""The review log in and out of the store: export graded answers, import another tool's log.

Imported reviews go to a deck of their own, `import-<name>`, which no deck file defines, so
they never mix with the learner's cards; each is logged with kind `import` and the state FSRS
gives it, exactly as if it had been answered then. Importing is idempotent: a review already
logged for the same card, time (to the millisecond) and grade is skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .model import IMPORT_PREFIX
from .reviewlog import LoggedReview, stable_card_id
from .scheduler import Rating, Scheduler, from_ms, to_ms, utc
from .store import Store

EXPORTED_KINDS = ("study", "import")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: reviews added, already present, and refused as out of order."""

    deck: str
    added: int
    present: int
    older: int


def import_deck(name: str) -> str:
    """The deck slug for an import named `name` (e.g. a file stem): import-<slug>."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "log"
    return IMPORT_PREFIX + slug.removeprefix(IMPORT_PREFIX)


def import_name(path: Path) -> str:
    """The default import name: the file name without its suffixes."""
    return path.name.split(".")[0] or "log"


def stored_reviews(store: Store, since: datetime | None = None) -> Iterator[LoggedReview]:
    """The learner's graded answers and imported reviews, oldest first, with deck and card."""
    for deck, card, time_ms, rating, duration_ms in store.graded_reviews(EXPORTED_KINDS, since):
        yield LoggedReview(stable_card_id(deck, card), from_ms(time_ms), rating, duration_ms,
                           deck, card)


def import_reviews(store: Store, scheduler: Scheduler, reviews: Iterable[LoggedReview],
                   deck: str, *, advance: Callable[[int], None] | None = None) -> ImportResult:
    """Log `reviews` under `deck`, card by card in time order, skipping what is already there.

    A card's card id becomes the card name, or `deck/card` for a log that names them. A review
    older than the card's latest stored one cannot be replayed in order and is counted as older.
    """
    by_card: dict[str, list[LoggedReview]] = defaultdict(list)
    for review in reviews:
        name = f"{review.deck}/{review.card}" if review.deck is not None else str(review.card_id)
        by_card[name].append(review)
    added = present = older = 0
    for card, history in by_card.items():
        with store.transaction():  # one commit per card, not per review
            counts = _import_card(store, scheduler, deck, card, history)
        added, present, older = added + counts[0], present + counts[1], older + counts[2]
        if advance is not None:
            advance(len(history))
    return ImportResult(deck, added, present, older)


def _import_card(store: Store, scheduler: Scheduler, deck: str, card: str,
                 history: list[LoggedReview]) -> tuple[int, int, int]:
    """Replay one card's reviews in time order; returns (added, present, older)."""
    added = present = older = 0
    history.sort(key=lambda review: review.review_time)
    logged = store.history(deck, card)
    known = {(entry["time"], entry["rating"]) for entry in logged}
    latest = max((entry["time"] for entry in logged), default=None)
    for review in history:
        moment = utc(review.review_time)
        if (to_ms(moment), review.rating) in known:
            present += 1
        elif latest is not None and to_ms(moment) < latest:
            older += 1
        else:
            rating = Rating(review.rating)

            def change(before, card_id, rating=rating, moment=moment):
                return scheduler.review(before, rating, moment, card_id)

            store.record(deck, card, "", now=moment, kind="import", change=change,
                         rating=review.rating, duration_ms=review.duration_ms)
            known.add((to_ms(moment), review.rating))
            latest = to_ms(moment)
            added += 1
    return added, present, older
