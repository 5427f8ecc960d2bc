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

from quiz.core.card_state import Rating
from quiz.core.clock import from_ms, to_ms, utc
from quiz.core.model import IMPORT_PREFIX
from quiz.interchange.log_format import LoggedReview, stable_card_id
from quiz.storage.store import Store
from quiz.study.scheduler import Scheduler

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
    Reviews are committed in batches (`Store.write_in_batches`), so a long import never keeps
    another process waiting for long; `advance` hears how many were handled after each one.
    """
    by_card: dict[str, list[LoggedReview]] = defaultdict(list)
    for review in reviews:
        name = f"{review.deck}/{review.card}" if review.deck is not None else str(review.card_id)
        by_card[name].append(review)
    for history in by_card.values():
        history.sort(key=lambda review: review.review_time)
    replay = _Replay(store, scheduler, deck)
    handled = 0

    def between() -> None:
        nonlocal handled
        if advance is not None:
            advance(replay.handled - handled)
        handled = replay.handled

    store.write_in_batches(((card, review) for card, history in by_card.items()
                            for review in history), replay.add, begin=replay.recheck,
                           between=between)
    return ImportResult(deck, replay.added, replay.present, replay.older)


class _Replay:
    """Replays reviews into the store one by one, knowing what the current card's log holds."""

    def __init__(self, store: Store, scheduler: Scheduler, deck: str) -> None:
        self.store = store
        self.scheduler = scheduler
        self.deck = deck
        self.card: str | None = None
        self.known: set[tuple[int, int]] = set()     # (time ms, rating) logged for the card
        self.latest: int | None = None              # the card's latest logged time (ms)
        self.entries = 0                            # how many entries the card's log holds
        self.added = self.present = self.older = self.handled = 0

    def recheck(self) -> None:
        """At the start of each batch: if another process logged the current card since the
        last one, read its log again."""
        if self.card is not None and \
                self.store.log_extent(self.deck, self.card) != (self.entries, self.latest):
            self.card = None

    def add(self, item: tuple[str, LoggedReview]) -> None:
        card, review = item
        if card != self.card:
            logged = self.store.history(self.deck, card)
            self.card, self.entries = card, len(logged)
            self.known = {(entry["time"], entry["rating"]) for entry in logged}
            self.latest = max((entry["time"] for entry in logged), default=None)
        moment = utc(review.review_time)
        time_ms = to_ms(moment)
        self.handled += 1
        if (time_ms, review.rating) in self.known:
            self.present += 1
        elif self.latest is not None and time_ms < self.latest:
            self.older += 1
        else:
            rating = Rating(review.rating)
            scheduler = self.scheduler

            def change(before, card_id, now):
                return scheduler.review(before, rating, now, card_id)

            self.store.record(self.deck, card, "", now=moment, kind="import", change=change,
                              rating=review.rating, duration_ms=review.duration_ms)
            self.known.add((time_ms, review.rating))
            self.latest = time_ms
            self.entries += 1
            self.added += 1
