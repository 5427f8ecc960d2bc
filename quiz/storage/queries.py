"""The statements the progress figures read, as named functions over the store.

Each takes the store and plain values (the loaded cards and decks as JSON, bounds in ms, the
forgetting curve), never the figures' own types: the SQL over the store's tables lives here,
beside the tables, and `quiz.stats` keeps the dataclasses and the arithmetic. Everything is
aggregated inside SQLite, so a million logged answers never pass through Python, and the
study-habit figures over the whole log read the 15-minute sums of it (`review_buckets`).

`decks_json` is None when the whole log counts, else the JSON list of the decks whose answers
do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quiz.storage.schema import ANSWER_CAP_MS, BUCKET_MS, DAY_MS, YOUNG_DAYS

if TYPE_CHECKING:
    from quiz.core.memory import Curve
    from quiz.storage.store import Store

Ranges = Sequence[tuple[int, int]]
# A study day's habit figures: (answers, time ms, young passed, young total, mature passed,
# mature total).
Tally = tuple[int, int, int, int, int, int]

# The answers the heatmap, time and streaks count: study and cram answers (not resets, manual
# changes or reviews imported from another log; exam answers live in their own table).
_ANSWER_KINDS = "('study', 'cram')"
_ANSWERED = f"r.kind IN {_ANSWER_KINDS}"
# The answers true retention counts: study answers given while the card was in review.
_RECALL = "r.kind = 'study' AND r.phase_before = 2"
# Cards whose recall can be predicted: studied (so with a stability) and not suspended.
_MEASURED = ("c.phase > 0 AND NOT c.suspended AND c.stability IS NOT NULL "
             "AND c.last_review IS NOT NULL")
# The scope's stored cards `c`; CROSS JOIN keeps the loaded list outside, so SQLite looks each
# card up by its (deck, card) key instead of re-reading the JSON list for every stored card.
_SCOPED_CARDS = "loaded l CROSS JOIN cards c ON c.deck = l.deck AND c.card = l.card"


def _loaded_cte(cards_json: str) -> tuple[str, list[object]]:
    """A `loaded(deck, card)` CTE of the loaded cards ({deck: [ids]} as JSON), and its
    parameter."""
    return ("loaded(deck, card) AS (SELECT d.key, c.value FROM json_each(?) d, "
            "json_each(d.value) c)", [cards_json])


def _log_filter(decks_json: str | None) -> tuple[str, list[object]]:
    """A condition on log rows `r` that keeps the decks' answers, and its parameters."""
    if decks_json is None:
        return "", []
    # `+r.card`: keep the scan on the time index; probing the card index for every card of the
    # decks on every day would take far longer.
    return ("AND +r.card IN (SELECT id FROM cards WHERE deck IN (SELECT value FROM json_each(?)))",
            [decks_json])


def _retrievability_sql(curve: Curve, now_ms: int) -> tuple[str, list[object]]:
    """An SQL expression for card `c`'s retrievability now (fsrs: whole days elapsed)."""
    decay, factor = curve
    return (f"pow(1 + ? * MAX(0, (? - c.last_review) / {DAY_MS}) / c.stability, ?)",
            [factor, now_ms, decay])


def _split(ranges: Ranges) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[int]]:
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


# -- the cards now -------------------------------------------------------------------------

def card_figures(store: Store, cards_json: str, day_ends: Sequence[int], curve: Curve,
                 now_ms: int, desired: float) -> list[tuple]:
    """Counts, forecast and recall in one pass over the loaded cards, grouped by deck and by
    the study day each card falls due (0 for today and overdue, None beyond `day_ends`, the
    end of each forecast day in ms). Each row: deck, day, cards, new, learning, young, mature,
    suspended, leeches, measured, their total retrievability, measured below `desired`."""
    loaded, parameters = _loaded_cte(cards_json)
    expression, values = _retrievability_sql(curve, now_ms)
    bucket = ("CASE WHEN c.phase > 0 AND NOT c.suspended THEN CASE "
              + " ".join(f"WHEN c.due < ? THEN {n}" for n in range(len(day_ends))) + " END END")
    return store.query(
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
        [*parameters, *day_ends, *values, desired])


def weakest_rows(store: Store, cards_json: str, curve: Curve, now_ms: int, since_ms: int,
                 limit: int) -> list[tuple]:
    """The unsuspended loaded cards with the most lapses, the leeches, the lowest
    retrievability and the slowest answers (mean time since `since_ms`), `limit` of each.
    Each row: list name, rank, card row id, deck, card, lapses, leech, retrievability, mean
    answer ms, answers timed."""
    loaded, parameters = _loaded_cte(cards_json)
    expression, values = _retrievability_sql(curve, now_ms)
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
    return store.query(
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
        [*parameters, *values, since_ms, *values, limit, *[limit] * len(orders), since_ms,
         since_ms])


# -- the study habit -----------------------------------------------------------------------

def _log_tallies(store: Store, ranges: Ranges, decks_json: str | None) -> list[Tally]:
    """The tally of each [start, end) range in ms, read from the log itself."""
    if not ranges:
        return []
    where, parameters = _log_filter(decks_json)
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


def _bucket_tallies(store: Store, spans: Ranges) -> list[Tally]:
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


def day_tallies(store: Store, ranges: Ranges, decks_json: str | None) -> list[Tally]:
    """The tally of each [start, end) range in ms: from the bucket sums when the whole log
    counts (with any part-bucket edge from the log), otherwise from the decks' answers."""
    if decks_json is not None:
        return _log_tallies(store, ranges, decks_json)
    spans, edges, owners = _split(ranges)
    tallies = _bucket_tallies(store, spans)
    for owner, tally in zip(owners, _log_tallies(store, edges, None)):
        tallies[owner] = tuple(a + b for a, b in zip(tallies[owner], tally))
    return tallies


def _log_studied(store: Store, ranges: Ranges, decks_json: str | None) -> list[bool]:
    """Whether each [start, end) range in ms holds one of the decks' answers, from the log."""
    if not ranges:
        return []
    where, parameters = _log_filter(decks_json)
    return [bool(hit) for (hit,) in store.query(
        f"WITH ranges(n, start, finish) AS (SELECT key, value->>0, value->>1 FROM json_each(?)) "
        f"SELECT EXISTS (SELECT 1 FROM reviews r WHERE r.time >= start AND r.time < finish "
        f"AND {_ANSWERED} {where}) FROM ranges ORDER BY n", [json.dumps(ranges), *parameters])]


def days_studied(store: Store, ranges: Ranges, decks_json: str | None) -> list[bool]:
    """Whether each [start, end) range in ms holds an answer: one `EXISTS` probe per range,
    into the bucket sums when the whole log counts (and the log for any part-bucket edge)."""
    if decks_json is not None:
        return _log_studied(store, ranges, decks_json)
    spans, edges, owners = _split(ranges)
    found = [bool(hit) for (hit,) in store.query(
        f"WITH spans(n, first, finish) AS (SELECT key, value->>0, value->>1 FROM json_each(?)) "
        f"SELECT EXISTS (SELECT 1 FROM review_buckets b WHERE b.bucket >= first "
        f"AND b.bucket < finish AND b.kind IN {_ANSWER_KINDS}) FROM spans ORDER BY n",
        [json.dumps(spans)])]
    for owner, hit in zip(owners, _log_studied(store, edges, None)):
        found[owner] = found[owner] or hit
    return found


def first_answer_ms(store: Store, decks_json: str | None) -> int | None:
    """When the first answer the figures count was given (to its bucket when the whole log
    counts); None if there is none."""
    if decks_json is None:
        return store.query(f"SELECT MIN(bucket) * {BUCKET_MS} FROM review_buckets "
                           f"WHERE kind IN {_ANSWER_KINDS}")[0][0]
    where, parameters = _log_filter(decks_json)
    return store.query(f"SELECT MIN(r.time) FROM reviews r WHERE {_ANSWERED} {where}",
                       parameters)[0][0]


def answers_from(store: Store, start_ms: int, decks_json: str | None) -> int:
    """How many graded answers to the decks' cards are dated at or after `start_ms`."""
    where, parameters = _log_filter(decks_json)
    return store.query(f"SELECT COUNT(*) FROM reviews r WHERE r.time >= ? "
                       f"AND r.rating IS NOT NULL {where}", [start_ms, *parameters])[0][0]


# -- one card ------------------------------------------------------------------------------

def card_log(store: Store, deck: str, card: str, curve: Curve, now_ms: int,
             ) -> tuple[bool, float | None, list[tuple]] | None:
    """One card's (suspended, retrievability now, log), None if the store has never seen it.
    Each log row: time ms, kind, rating, how, reply, duration ms, correct (exam answers),
    state after (other entries), in time order (log entries before exam answers at a tie)."""
    expression, values = _retrievability_sql(curve, now_ms)
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
    return bool(suspended), retrievability, [row[:8] for row in rows]


# -- exams ---------------------------------------------------------------------------------

def exam_scores(store: Store, decks_json: str | None) -> list[tuple]:
    """Each exam with a question from the decks, oldest first: started ms, finished ms (None
    if never handed in), questions, answered, correct and timed out, over those questions."""
    where, parameters = _log_filter(decks_json)
    where = where.replace("r.card", "a.card")
    return store.query(
        f"SELECT e.started, e.finished, COUNT(*), COUNT(a.reply), SUM(a.correct), "
        f"COALESCE(e.timed_out, 0) FROM exams e JOIN exam_answers a ON a.exam = e.id "
        f"WHERE 1 {where} GROUP BY e.id ORDER BY e.started, e.id", parameters)


def exam_results(store: Store, decks_json: str | None) -> list[tuple]:
    """(deck, card, correct, asked) of every card the decks' exams asked."""
    where, parameters = _log_filter(decks_json)
    where = where.replace("r.card", "a.card")
    return store.query(
        f"SELECT c.deck, c.card, SUM(a.correct), COUNT(*) FROM exam_answers a "
        f"JOIN cards c ON c.id = a.card WHERE 1 {where} GROUP BY a.card", parameters)
