"""Progress figures: pure functions over the review store, for `quiz stats` and the TUI.

Every figure is aggregated inside SQLite (a million logged answers never pass through
Python), and the study-habit figures over the whole log read the store's 15-minute sums of it
(`review_buckets`) rather than the answers themselves. The clock, the hour a study day starts
and the local timezone come in as a `StudyCalendar`, so the figures are the same whoever
computes them and whenever. Card figures cover the cards of the loaded decks (a `Scope`);
history figures cover the whole log, or only the named decks' entries. Nothing here imports
Textual or fsrs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING

from quiz.core.card_state import CardState
from quiz.core.clock import from_ms, next_day_starts, study_date, to_ms, utc
from quiz.storage.migrations import BUCKET_MS

if TYPE_CHECKING:
    from quiz.core.settings import Settings
    from quiz.decks.cache import DeckEntry
    from quiz.storage.store import Store

DAY_MS = 86_400_000
YOUNG_DAYS = 21                       # an interval this long or longer makes a card mature
HEATMAP_DAYS = 365
FORECAST_DAYS = 30
RETENTION_PERIODS = (1, 7, 30, 365)   # study days back, today included
WEAK_LIMIT = 10
SLOW_DAYS = 30                        # the slowest answers are looked for in the last 30 days
# An answer counts at most a minute (a break is not study); the store's review_buckets cap
# each answer the same way, and a test ties the two.
ANSWER_CAP_MS = 60_000
WEAK_LISTS = ("lapses", "leeches", "retrievability", "slowest")
# fsrs.scheduler.FSRS_DEFAULT_DECAY (the last default parameter), kept here so that the figures
# need not import fsrs; a test checks that the two agree.
FSRS_DEFAULT_DECAY = 0.1542

Key = tuple[str, str]

# The answers the heatmap, time and streaks count: study and cram answers (not resets, manual
# changes or reviews imported from another log; exam answers live in their own table).
_ANSWER_KINDS = "('study', 'cram')"
_ANSWERED = f"r.kind IN {_ANSWER_KINDS}"
# The answers true retention counts: study answers given while the card was in review.
_RECALL = "r.kind = 'study' AND r.phase_before = 2"


# -- what the figures are over ------------------------------------------------------------

@dataclass(frozen=True)
class StudyCalendar:
    """The learner's clock: now, the local hour a study day starts, and the local timezone."""

    now: datetime
    day_starts_at: int = 4
    tz: tzinfo | None = None

    @cached_property
    def today(self) -> date:
        return study_date(self.now, self.day_starts_at, self.tz)

    def start(self, offset: int = 0) -> int:
        """When the study day `offset` days from today begins, in ms UTC: the local hour on
        that date, DST-aware (as `quiz.core.clock.next_day_start`, without redoing today each time)."""
        moment = datetime.combine(self.today + timedelta(days=offset), time(self.day_starts_at),
                                  tzinfo=self.tz)
        return round(moment.timestamp() * 1000)

    def date_of(self, ms: int) -> date:
        """The study day a moment belongs to."""
        return study_date(from_ms(ms), self.day_starts_at, self.tz)


@dataclass(frozen=True)
class Scope:
    """The loaded cards the figures cover, and whether history counts the whole log.

    `cards` maps each deck slug to its loaded card ids; `deck_tags` and `card_tags` give the
    cards' tags (a card missing from `card_tags` has its deck's). With `whole_log`, history
    figures also count answers to cards no loaded deck holds any more; otherwise only the
    answers to cards of these decks.
    """

    cards: dict[str, Sequence[str]]
    deck_tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    card_tags: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    whole_log: bool = True

    @classmethod
    def of(cls, entries: Iterable[DeckEntry], *, whole_log: bool = True) -> Scope:
        """The scope of some loaded decks (`Collection.entries`), without building their cards."""
        entries = list(entries)
        return cls(cards={entry.slug: entry.ids for entry in entries},
                   deck_tags={entry.slug: entry.deck_tags for entry in entries},
                   card_tags={entry.slug: entry.tags for entry in entries},
                   whole_log=whole_log)

    @property
    def decks(self) -> tuple[str, ...]:
        return tuple(self.cards)

    def tags_of(self, deck: str, card: str) -> tuple[str, ...]:
        return self.card_tags.get(deck, {}).get(card, self.deck_tags.get(deck, ()))

    def loaded_json(self) -> str:
        return json.dumps({slug: list(ids) for slug, ids in self.cards.items()},
                          ensure_ascii=False, separators=(",", ":"))


def _loaded_cte(scope: Scope) -> tuple[str, list[object]]:
    """A `loaded(deck, card)` CTE of the scope's cards, and its parameter."""
    return ("loaded(deck, card) AS (SELECT d.key, c.value FROM json_each(?) d, "
            "json_each(d.value) c)", [scope.loaded_json()])


# The scope's stored cards `c`; CROSS JOIN keeps the loaded list outside, so SQLite looks each
# card up by its (deck, card) key instead of re-reading the JSON list for every stored card.
_SCOPED_CARDS = "loaded l CROSS JOIN cards c ON c.deck = l.deck AND c.card = l.card"


def _log_filter(scope: Scope) -> tuple[str, list[object]]:
    """A condition on log rows `r` that keeps the scope's answers, and its parameters."""
    if scope.whole_log:
        return "", []
    # `+r.card`: keep the scan on the time index; probing the card index for every card of the
    # decks on every day would take far longer.
    return ("AND +r.card IN (SELECT id FROM cards WHERE deck IN (SELECT value FROM json_each(?)))",
            [json.dumps(scope.decks, ensure_ascii=False)])


def _day_ranges(calendar: StudyCalendar, first: int, last: int) -> list[tuple[int, int]]:
    """[start, end) in ms of each study day from offset `first` to `last`."""
    starts = [calendar.start(offset) for offset in range(first, last + 2)]
    return list(zip(starts, starts[1:]))


def _split(ranges: Sequence[tuple[int, int]]
           ) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[int]]:
    """Each range's whole buckets [first, end), and the part-bucket edges the buckets miss
    (none when a range starts and ends on bucket edges, as every real day does) with the index
    of the range each edge belongs to."""
    spans, edges, owners = [], [], []
    for index, (start, finish) in enumerate(ranges):
        first, end = -(-start // BUCKET_MS), finish // BUCKET_MS
        if first >= end:
            first = end = 0
            parts = [(start, finish)]
        else:
            parts = [(start, first * BUCKET_MS), (end * BUCKET_MS, finish)]
        spans.append((first, end))
        for part in parts:
            if part[0] < part[1]:
                edges.append(part)
                owners.append(index)
    return spans, edges, owners


# -- card counts and what is due ----------------------------------------------------------

# -- the cards now: counts, forecast and predicted recall ---------------------------------------

def _decay(parameters: Sequence[float] | None) -> tuple[float, float]:
    """The forgetting curve's (decay, factor), as fsrs computes them from the parameters."""
    decay = -(parameters[20] if parameters else FSRS_DEFAULT_DECAY)
    return decay, 0.9 ** (1 / decay) - 1


def _retrievability_sql(calendar: StudyCalendar, parameters: Sequence[float] | None,
                        ) -> tuple[str, list[object]]:
    """An SQL expression for card `c`'s retrievability now (fsrs: whole days elapsed)."""
    decay, factor = _decay(parameters)
    return ("pow(1 + ? * MAX(0, (? - c.last_review) / 86400000) / c.stability, ?)",
            [factor, to_ms(calendar.now), decay])


# Cards whose recall can be predicted: studied (so with a stability) and not suspended.
_MEASURED = ("c.phase > 0 AND NOT c.suspended AND c.stability IS NOT NULL "
             "AND c.last_review IS NOT NULL")


@dataclass(frozen=True)
class CardCounts:
    """Where a deck's cards stand, and how many are due soon.

    new, learning (learning and relearning), young, mature and suspended split the deck's cards
    (a suspended card counts only as suspended); leeches are counted among those too. due_*
    count unsuspended learning and review cards due before the end of today (overdue included),
    during tomorrow, and before the end of the seventh study day (today included).
    """

    total: int = 0
    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    leeches: int = 0
    due_today: int = 0
    due_tomorrow: int = 0
    due_week: int = 0

    def __add__(self, other: CardCounts) -> CardCounts:
        names = self.__dataclass_fields__
        return CardCounts(**{name: getattr(self, name) + getattr(other, name) for name in names})


@dataclass(frozen=True)
class Forecast:
    """Cards due on each of the next study days (day 0 is today, overdue cards included)."""

    start: date
    due: tuple[int, ...]

    @property
    def average(self) -> float:
        """The average daily load: reviews per day over the forecast, if all were done."""
        return sum(self.due) / len(self.due) if self.due else 0.0

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=n) for n in range(len(self.due)))


@dataclass(frozen=True)
class Recall:
    """Predicted recall now over the unsuspended cards studied so far."""

    cards: int
    average: float | None
    below_desired: int
    desired: float


@dataclass(frozen=True)
class CardsNow:
    """The scope's cards at one moment: counts per deck, the due forecast, predicted recall."""

    decks: dict[str, CardCounts]
    forecast: Forecast
    recall: Recall

    @property
    def total(self) -> CardCounts:
        return sum(self.decks.values(), CardCounts())


def cards_now(store: Store, scope: Scope, calendar: StudyCalendar, settings: Settings,
              days: int = FORECAST_DAYS) -> CardsNow:
    """Counts, forecast and recall in one pass over the scope's cards, grouped by deck and by
    the study day each card falls due (today for overdue cards; none beyond the forecast), as
    `quiz.core.clock.day_index` tells it (the study session's summary uses that)."""
    loaded, parameters = _loaded_cte(scope)
    expression, values = _retrievability_sql(calendar, settings.parameters)
    bucket = ("CASE WHEN c.phase > 0 AND NOT c.suspended THEN CASE "
              + " ".join(f"WHEN c.due < ? THEN {n}" for n in range(days)) + " END END")
    rows = store.query(
        f"WITH {loaded}, scoped AS (SELECT l.deck, c.id, c.phase, c.due, c.last_review, "
        f" c.suspended, c.leech, {bucket} AS day, "
        f" CASE WHEN {_MEASURED} THEN {expression} END AS r "
        f" FROM loaded l LEFT JOIN cards c ON c.deck = l.deck AND c.card = l.card) "
        f"SELECT deck, day, COUNT(*), "
        f" COUNT(*) FILTER (WHERE id IS NULL OR (phase = 0 AND NOT suspended)),"
        f" COUNT(*) FILTER (WHERE phase IN (1, 3) AND NOT suspended),"
        f" COUNT(*) FILTER (WHERE phase = 2 AND NOT suspended "
        f"  AND due - last_review < {YOUNG_DAYS * DAY_MS}),"
        f" COUNT(*) FILTER (WHERE phase = 2 AND NOT suspended "
        f"  AND due - last_review >= {YOUNG_DAYS * DAY_MS}),"
        f" COUNT(*) FILTER (WHERE suspended), COUNT(*) FILTER (WHERE leech),"
        f" COUNT(r), TOTAL(r), COUNT(*) FILTER (WHERE r < ?) "
        f"FROM scoped GROUP BY deck, day",
        [*parameters, *next_day_starts(calendar.now, calendar.day_starts_at, calendar.tz, days),
         *values,
         settings.desired_retention])
    counts: dict[str, list[int]] = {slug: [0] * 10 for slug in scope.decks}
    due = [0] * days
    measured, total_r, below = 0, 0.0, 0
    for deck, day, *figures in rows:
        tally = counts[deck]
        for index, value in enumerate(figures[:7]):
            tally[index] += value
        if day is not None:
            due[day] += figures[0]
            tally[7] += figures[0] if day == 0 else 0
            tally[8] += figures[0] if day == 1 else 0
            tally[9] += figures[0] if day < 7 else 0
        measured += figures[7]
        total_r += figures[8]
        below += figures[9]
    return CardsNow(
        decks={slug: CardCounts(*tally) for slug, tally in counts.items()},
        forecast=Forecast(start=calendar.today, due=tuple(due)),
        recall=Recall(measured, total_r / measured if measured else None, below,
                      settings.desired_retention))


# -- the study habit --------------------------------------------------------------------------

@dataclass(frozen=True)
class RecallTally:
    """Review-state study answers: how many were given and how many passed (Hard or better)."""

    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None

    def __add__(self, other: RecallTally) -> RecallTally:
        return RecallTally(self.passed + other.passed, self.total + other.total)


@dataclass(frozen=True)
class Day:
    """One study day of the log: answers given, time spent answering, and recall tallies."""

    date: date
    answers: int = 0
    time_ms: int = 0
    young: RecallTally = RecallTally()
    mature: RecallTally = RecallTally()


@dataclass(frozen=True)
class Activity:
    """The last `len(days)` study days (oldest first, today last) and the streaks."""

    days: tuple[Day, ...]
    current_streak: int
    longest_streak: int

    @property
    def answers(self) -> int:
        return sum(day.answers for day in self.days)

    @property
    def time_ms(self) -> int:
        return sum(day.time_ms for day in self.days)

    @property
    def days_studied(self) -> int:
        return sum(1 for day in self.days if day.answers)


# A study day's habit figures: (answers, time ms, young passed, young total, mature passed,
# mature total).
Tally = tuple[int, int, int, int, int, int]


def _log_tallies(store: Store, scope: Scope, ranges: Sequence[tuple[int, int]]) -> list[Tally]:
    """The tally of each [start, end) range in ms, read from the log itself."""
    if not ranges:
        return []
    where, parameters = _log_filter(scope)
    young = f"{_RECALL} AND r.interval_before < {YOUNG_DAYS}"
    mature = f"{_RECALL} AND r.interval_before >= {YOUNG_DAYS}"
    # One range scan of the time index per range: no sort of the answers.
    rows = store.query(
        f"WITH ranges(n, start, finish) AS (SELECT key, value->>0, value->>1 FROM json_each(?)) "
        f"SELECT (SELECT json_array(COUNT(*), TOTAL(MIN(r.duration_ms, {ANSWER_CAP_MS})),"
        f"  COUNT(*) FILTER (WHERE {young} AND r.rating > 1), COUNT(*) FILTER (WHERE {young}),"
        f"  COUNT(*) FILTER (WHERE {mature} AND r.rating > 1), COUNT(*) FILTER (WHERE {mature}))"
        f" FROM reviews r WHERE r.time >= start AND r.time < finish AND {_ANSWERED} {where}) "
        f"FROM ranges ORDER BY n",
        [json.dumps(ranges), *parameters])
    tallies = []
    for (figures,) in rows:
        answers, time_ms, *recall = json.loads(figures)
        tallies.append((answers, int(time_ms), *recall))
    return tallies


def _bucket_tallies(store: Store, spans: Sequence[tuple[int, int]]) -> list[Tally]:
    """The tally of each [first, end) span of 15-minute buckets, from the store's sums."""
    study = "FILTER (WHERE b.kind = 'study')"
    # A scalar subquery per span reads its buckets in key order; a join grouped by span would
    # sort every bucket row of the year first (twice the time).
    rows = store.query(
        f"WITH spans(n, first, finish) AS (SELECT key, value->>0, value->>1 FROM json_each(?)) "
        f"SELECT (SELECT json_array(SUM(b.entries), SUM(b.time_ms), SUM(b.young_passed) {study},"
        f"  SUM(b.young_failed) {study}, SUM(b.mature_passed) {study},"
        f"  SUM(b.mature_failed) {study}) FROM review_buckets b "
        f" WHERE b.bucket >= first AND b.bucket < finish AND b.kind IN {_ANSWER_KINDS}) "
        f"FROM spans ORDER BY n",
        [json.dumps(spans)])
    tallies = []
    for (figures,) in rows:
        answers, time_ms, young_passed, young_failed, mature_passed, mature_failed = \
            (value or 0 for value in json.loads(figures))
        tallies.append((answers, time_ms, young_passed, young_passed + young_failed,
                        mature_passed, mature_passed + mature_failed))
    return tallies


def _day_tallies(store: Store, scope: Scope, ranges: Sequence[tuple[int, int]]) -> list[Tally]:
    """The tally of each study day: from the bucket sums when the whole log counts (with any
    part-bucket edge from the log), otherwise from the scope's answers in the log."""
    if not scope.whole_log:
        return _log_tallies(store, scope, ranges)
    spans, edges, owners = _split(ranges)
    tallies = _bucket_tallies(store, spans)
    for owner, tally in zip(owners, _log_tallies(store, scope, edges)):
        tallies[owner] = tuple(a + b for a, b in zip(tallies[owner], tally))
    return tallies


def activity(store: Store, scope: Scope, calendar: StudyCalendar,
             days: int = HEATMAP_DAYS) -> Activity:
    """Answers, time and recall per study day for the last `days` days, and the streaks."""
    first = calendar.today - timedelta(days=days - 1)
    result = []
    for n, (answers, time_ms, young_passed, young_total, mature_passed, mature_total) in \
            enumerate(_day_tallies(store, scope, _day_ranges(calendar, 1 - days, 0))):
        result.append(Day(first + timedelta(days=n), answers, time_ms,
                          RecallTally(young_passed, young_total),
                          RecallTally(mature_passed, mature_total)))
    current, longest = streaks(store, scope, calendar)
    return Activity(tuple(result), current, longest)


def _log_studied(store: Store, scope: Scope, ranges: Sequence[tuple[int, int]]) -> list[bool]:
    """Whether each [start, end) range in ms holds one of the scope's answers, from the log."""
    if not ranges:
        return []
    where, parameters = _log_filter(scope)
    return [bool(hit) for (hit,) in store.query(
        f"WITH ranges(n, start, finish) AS (SELECT key, value->>0, value->>1 FROM json_each(?)) "
        f"SELECT EXISTS (SELECT 1 FROM reviews r WHERE r.time >= start AND r.time < finish "
        f"AND {_ANSWERED} {where}) FROM ranges ORDER BY n", [json.dumps(ranges), *parameters])]


def _studied(store: Store, scope: Scope, ranges: Sequence[tuple[int, int]]) -> list[bool]:
    """Whether each study day holds an answer: one `EXISTS` probe per day, into the bucket
    sums when the whole log counts (and the log for any part-bucket edge)."""
    if not scope.whole_log:
        return _log_studied(store, scope, ranges)
    spans, edges, owners = _split(ranges)
    found = [bool(hit) for (hit,) in store.query(
        f"WITH spans(n, first, finish) AS (SELECT key, value->>0, value->>1 FROM json_each(?)) "
        f"SELECT EXISTS (SELECT 1 FROM review_buckets b WHERE b.bucket >= first "
        f"AND b.bucket < finish AND b.kind IN {_ANSWER_KINDS}) FROM spans ORDER BY n",
        [json.dumps(spans)])]
    for owner, hit in zip(owners, _log_studied(store, scope, edges)):
        found[owner] = found[owner] or hit
    return found


def streaks(store: Store, scope: Scope, calendar: StudyCalendar) -> tuple[int, int]:
    """(current, longest) runs of consecutive study days with at least one answer.

    Today counts once something is answered; until then the current streak runs to yesterday.
    """
    if scope.whole_log:
        first = store.query(f"SELECT MIN(bucket) * {BUCKET_MS} FROM review_buckets "
                            f"WHERE kind IN {_ANSWER_KINDS}")[0][0]
    else:
        where, parameters = _log_filter(scope)
        first = store.query(f"SELECT MIN(r.time) FROM reviews r WHERE {_ANSWERED} {where}",
                            parameters)[0][0]
    if first is None:
        return 0, 0
    span = max(0, (calendar.today - calendar.date_of(first)).days)
    studied = _studied(store, scope, _day_ranges(calendar, -span, 0))
    longest = run = 0
    for hit in studied:
        run = run + 1 if hit else 0
        longest = max(longest, run)
    current = 0
    for hit in reversed(studied[:-1] if studied and not studied[-1] else studied):
        if not hit:
            break
        current += 1
    return current, longest


@dataclass(frozen=True)
class Retention:
    """True retention over the last few study days, beside the desired retention."""

    desired: float
    periods: dict[int, tuple[RecallTally, RecallTally]]   # days → (young, mature)


def retention(activity: Activity, desired: float,
              periods: Sequence[int] = RETENTION_PERIODS) -> Retention:
    """Passed share of review-state study answers, young and mature, over each period."""
    result = {}
    for length in periods:
        recent = activity.days[-length:]
        result[length] = (sum((day.young for day in recent), RecallTally()),
                          sum((day.mature for day in recent), RecallTally()))
    return Retention(desired, result)


# -- weakest cards ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WeakCard:
    """A card that needs attention, with every measure the weak lists rank by."""

    deck: str
    card: str
    lapses: int
    leech: bool
    retrievability: float | None
    mean_answer_ms: float | None   # mean (capped) time of study and cram answers, last 30 days
    answers: int

    @property
    def key(self) -> str:
        return f"{self.deck}/{self.card}"


def weakest(store: Store, scope: Scope, calendar: StudyCalendar, settings: Settings,
            limit: int = WEAK_LIMIT) -> dict[str, tuple[WeakCard, ...]]:
    """The unsuspended cards with the most lapses, the leeches, the lowest retrievability and
    the slowest answers (mean time over the last 30 days), `limit` of each."""
    loaded, parameters = _loaded_cte(scope)
    expression, values = _retrievability_sql(calendar, settings.parameters)
    since = calendar.start(1 - SLOW_DAYS)
    timed = f"r.time >= ? AND {_ANSWERED} AND r.duration_ms IS NOT NULL"
    mean = f"AVG(MIN(r.duration_ms, {ANSWER_CAP_MS}))"
    orders = {
        "lapses": ("lapses > 0", "lapses DESC, r IS NULL, r"),
        "leeches": ("leech", "lapses DESC, r IS NULL, r"),
        "retrievability": ("r IS NOT NULL", "r, lapses DESC"),
    }
    lists = " UNION ALL ".join(
        f"SELECT '{name}', ROW_NUMBER() OVER (ORDER BY {order}, deck, card), id, deck, card, "
        f"lapses, leech, r FROM (SELECT * FROM scoped WHERE {where} "
        f"ORDER BY {order}, deck, card LIMIT ?)"
        for name, (where, order) in orders.items())
    rows = store.query(
        f"WITH {loaded}, "
        f"scoped AS MATERIALIZED (SELECT c.id, c.deck, c.card, c.lapses, c.leech, "
        f" CASE WHEN {_MEASURED} THEN {expression} END AS r FROM {_SCOPED_CARDS} "
        f" WHERE NOT c.suspended), "
        # INDEXED BY: the card index would spare a sort but read every answer ever given.
        f"times AS MATERIALIZED (SELECT r.card AS id, {mean} AS mean "
        f" FROM reviews r INDEXED BY reviews_time WHERE {timed} "
        f" AND r.card IN (SELECT id FROM scoped) GROUP BY r.card), "
        # The slowest cards' rows come from `cards` by primary key: joining `scoped` instead
        # would first build an index over all of it.
        f"slowest AS (SELECT c.id, c.deck, c.card, c.lapses, c.leech, "
        f" CASE WHEN {_MEASURED} THEN {expression} END AS r, t.mean FROM times t "
        f" JOIN cards c ON c.id = t.id ORDER BY t.mean DESC, c.deck, c.card LIMIT ?), "
        f"picked(list, rank, id, deck, card, lapses, leech, r) AS ({lists} UNION ALL "
        f" SELECT 'slowest', ROW_NUMBER() OVER (ORDER BY mean DESC, deck, card), id, deck, "
        f" card, lapses, leech, r FROM slowest) "
        # Only the picked cards need their mean time and count, each from its own answers.
        f"SELECT p.*, (SELECT {mean} FROM reviews r WHERE r.card = p.id AND {timed}), "
        f" (SELECT COUNT(*) FROM reviews r WHERE r.card = p.id AND {timed}) FROM picked p",
        [*parameters, *values, since, *values, limit, *[limit] * len(orders), since, since])
    found: dict[str, list[tuple[int, WeakCard]]] = {name: [] for name in WEAK_LISTS}
    for name, rank, _, deck, card, lapses, leech, r, mean_ms, answers in rows:
        found[name].append((rank, WeakCard(deck, card, lapses, bool(leech), r, mean_ms,
                                           answers)))
    return {name: tuple(card for _, card in sorted(found[name], key=lambda item: item[0]))
            for name in WEAK_LISTS}


# -- one card's history ---------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    """One log entry of a card: an answer (study, cram or exam) or a change of schedule."""

    time: datetime
    kind: str                    # study | cram | reset | manual | exam
    rating: int | None           # 1 again … 4 easy; None for reset, manual and exam answers
    how: str | None              # self | typed | choice (exam answers are typed or chosen)
    reply: str | None
    duration_ms: int | None
    correct: bool | None         # exam answers only
    due_after: datetime | None   # when the card was due after this entry
    interval_days: float | None  # the interval it was given (due after − this answer)


@dataclass(frozen=True)
class CardHistory:
    """Every log entry of one card, oldest first, and where the card stands now."""

    deck: str
    card: str
    entries: tuple[HistoryEntry, ...]
    state: CardState
    suspended: bool
    retrievability: float | None


def card_history(store: Store, deck: str, card: str, calendar: StudyCalendar,
                 settings: Settings) -> CardHistory | None:
    """One card's log and current state; None if the store has never seen the card."""
    expression, values = _retrievability_sql(calendar, settings.parameters)
    found = store.query(f"SELECT c.id, c.suspended, CASE WHEN c.stability IS NOT NULL AND "
                        f"c.last_review IS NOT NULL THEN {expression} END "
                        f"FROM cards c WHERE c.deck = ? AND c.card = ?",
                        [*values, deck, card])
    if not found:
        return None
    card_id, suspended, retrievability = found[0]
    rows = store.query(
        "SELECT time, kind, rating, how, reply, duration_ms, NULL, state_after, id, 0 "
        "FROM reviews WHERE card = ? UNION ALL "
        "SELECT time, 'exam', NULL, NULL, reply, duration_ms, correct, NULL, id, 1 "
        "FROM exam_answers WHERE card = ? ORDER BY 1, 10, 9", [card_id, card_id])
    entries = []
    for at, kind, rating, how, reply, duration, correct, after, _, _ in rows:
        due = interval = None
        if kind != "exam":
            state = CardState.from_json(after)
            due = state.due
            if due is not None and kind != "cram":
                interval = (due - from_ms(at)).total_seconds() / 86400
        entries.append(HistoryEntry(from_ms(at), kind, rating, how, reply, duration,
                                    None if correct is None else bool(correct), due, interval))
    state = store.state_of(deck, card)
    return CardHistory(deck, card, tuple(entries), state, bool(suspended),
                       retrievability if not state.is_new else None)


# -- exams -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExamScore:
    """One exam's result over the scope's questions (all of them when the scope is every deck)."""

    started: datetime
    finished: datetime | None    # None if the exam was never handed in
    questions: int
    answered: int
    correct: int
    timed_out: bool

    @property
    def score(self) -> float:
        """Percent correct; unanswered questions count as wrong."""
        return 100 * self.correct / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class ExamHistory:
    """Every exam, oldest first, and all exam answers tallied by deck and by tag."""

    exams: tuple[ExamScore, ...]
    by_deck: dict[str, RecallTally]
    by_tag: dict[str, RecallTally]


def exam_history(store: Store, scope: Scope) -> ExamHistory:
    """Exam scores over time and (correct, total) per deck and per tag."""
    where, parameters = _log_filter(scope)
    where = where.replace("r.card", "a.card")
    exams = tuple(
        ExamScore(from_ms(started), from_ms(finished) if finished is not None else None,
                  questions, answered, correct, bool(timed_out))
        for started, finished, questions, answered, correct, timed_out in store.query(
            f"SELECT e.started, e.finished, COUNT(*), COUNT(a.reply), SUM(a.correct), "
            f"COALESCE(e.timed_out, 0) FROM exams e JOIN exam_answers a ON a.exam = e.id "
            f"WHERE 1 {where} GROUP BY e.id ORDER BY e.started, e.id", parameters))
    # Cards that carry their deck's tags are summed per deck first, and those sums go to the
    # deck's tags: a tag is added once a deck rather than once a card.
    by_deck: dict[str, list[int]] = {}
    by_tag: dict[str, list[int]] = {}
    deck_tagged: dict[str, list[int]] = {}
    for deck, card, correct, total in store.query(
            f"SELECT c.deck, c.card, SUM(a.correct), COUNT(*) FROM exam_answers a "
            f"JOIN cards c ON c.id = a.card WHERE 1 {where} GROUP BY a.card", parameters):
        _tally(by_deck, deck, correct, total)
        own = scope.card_tags.get(deck, {}).get(card)
        if own is None:
            _tally(deck_tagged, deck, correct, total)
        else:
            for tag in own:
                _tally(by_tag, tag, correct, total)
    for deck, (correct, total) in deck_tagged.items():
        for tag in scope.deck_tags.get(deck, ()):
            _tally(by_tag, tag, correct, total)
    return ExamHistory(exams, {deck: RecallTally(*sums) for deck, sums in sorted(by_deck.items())},
                       {tag: RecallTally(*sums) for tag, sums in sorted(by_tag.items())})


def _tally(sums: dict[str, list[int]], key: str, correct: int, total: int) -> None:
    found = sums.setdefault(key, [0, 0])
    found[0] += correct
    found[1] += total


# -- everything at once ------------------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    """Every figure of the progress review, for one scope at one moment."""

    now: datetime
    today: date
    decks: dict[str, CardCounts]
    total: CardCounts
    forecast: Forecast
    activity: Activity
    retention: Retention
    recall: Recall
    weakest: dict[str, tuple[WeakCard, ...]]
    exams: ExamHistory
    future_answers: int = 0      # answers dated after today: the clock was set ahead


def future_answers(store: Store, scope: Scope, calendar: StudyCalendar) -> int:
    """How many answers are dated on a study day after today (given while the clock was set
    ahead); the figures by day leave them out, so they are counted apart to be reported."""
    where, parameters = _log_filter(scope)
    return store.query(f"SELECT COUNT(*) FROM reviews r WHERE r.time >= ? "
                       f"AND r.rating IS NOT NULL {where}",
                       [calendar.start(1), *parameters])[0][0]


def progress(store: Store, scope: Scope, calendar: StudyCalendar,
             settings: Settings) -> Progress:
    """All the figures: card counts, forecast, habit, retention, recall, weak cards, exams."""
    calendar = StudyCalendar(utc(calendar.now), calendar.day_starts_at, calendar.tz)
    cards = cards_now(store, scope, calendar, settings)
    habit = activity(store, scope, calendar)
    return Progress(
        now=calendar.now, today=calendar.today, decks=cards.decks, total=cards.total,
        forecast=cards.forecast, activity=habit,
        retention=retention(habit, settings.desired_retention), recall=cards.recall,
        weakest=weakest(store, scope, calendar, settings), exams=exam_history(store, scope),
        future_answers=future_answers(store, scope, calendar))
