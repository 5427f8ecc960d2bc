"""The review store: creation, migration with a backup, refusals, undo, hashes, orphans."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import fsrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clockkit import Clock
from enginekit import NOON, SHANGHAI, basic_deck, open_collection, write
from quiz.core.card_state import NEW_STATE, Phase, Rating
from quiz.core.errors import QuizError
from quiz.stats.habit import activity
from quiz.stats.scope import Scope, StudyCalendar
from quiz.storage.schema import SCHEMA_V1, SCHEMA_V2, SCHEMA_VERSION, statements
from quiz.storage.store import DB_NAME, Store
from quiz.study.session import How
from statskit import recounted, stored


def test_store_is_created_on_first_open_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert not data.exists()
    store = Store.open(data)
    try:
        conn = sqlite3.connect(data / DB_NAME)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()
    finally:
        store.close()
    assert not list(data.glob("*.bak-*"))


def _v1_store(path: Path) -> list[tuple]:
    """A real version-1 store: two cards answered with the fsrs scheduler, one suspended."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    reviews = []
    for card_id, ratings in (("c0", [3, 3, 1, 3]), ("c1", [4, 1, 1])):
        card = fsrs.Card(card_id=1, due=NOON)
        now = NOON
        for rating in ratings:
            before = card.to_json() if card.last_review else None
            card, _ = scheduler.review_card(card, fsrs.Rating(rating), now)
            reviews.append(("v1deck", card_id, now.isoformat(), rating, "self", None, 1500,
                            before, card.to_json()))
            now = card.due
        conn.execute("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?)",
                     ("v1deck", card_id, "hash-" + card_id, card.to_json(),
                      int(card_id == "c1"), None))
    conn.executemany("INSERT INTO reviews (deck, card, time, rating, how, reply, duration_ms, "
                     "state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", reviews)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return reviews


def test_migration_from_v1_keeps_everything_and_writes_a_backup_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    reviews = _v1_store(data / DB_NAME)
    store = Store.open(data)
    try:
        backup = sqlite3.connect(data / f"{DB_NAME}.bak-v1")
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
        assert backup.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == len(reviews)
        backup.close()
        assert store.review_count() == len(reviews)
        states = store.stored_states()
        assert states == store.rebuild_states()
        c0, c1 = states["v1deck", "c0"], states["v1deck", "c1"]
        assert (c0.reps, c0.lapses) == (4, 1)
        assert (c1.reps, c1.lapses) == (3, 1)   # the second Again is in relearning: no lapse
        assert c0.phase is Phase.REVIEW
        rows = store.card_rows()
        assert rows["v1deck", "c1"].suspended and not rows["v1deck", "c0"].suspended
        history = store.history("v1deck", "c0")
        assert [h["rating"] for h in history] == [3, 3, 1, 3]
        assert [h["phase_before"] for h in history] == [0, 1, 2, 3]
    finally:
        store.close()
    # Opening again does not migrate or back up again.
    (data / f"{DB_NAME}.bak-v1").unlink()
    Store.open(data).close()
    assert not (data / f"{DB_NAME}.bak-v1").exists()


V2_TABLES = ("cards", "reviews", "exams", "exam_answers")


def _v2_store(root: Path) -> Path:
    """A real version-2 store: a session's answers, undo, cram, a reset and an exam, made by
    the engine and copied table by table into a file with the version-2 schema."""
    write(root, "d.yaml", basic_deck("d", 6))
    clock = Clock(NOON)
    with open_collection(root, new_per_day=10) as collection:
        cards = collection.select()
        for day in range(4):
            session = collection.study(cards, clock=clock)
            for rating in (Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.HARD):
                if session.current is None:
                    break
                session.answer(rating)
                clock.advance(minutes=3)
            if day == 1:
                session.undo()
            clock.advance(days=1, hours=day * 5)
        collection.study(cards[3:], clock=clock, cram=True).answer(Rating.AGAIN)
        collection.reset(cards[4:5], clock())
        exam = collection.exam(cards, count=3, minutes=None, clock=clock, seed=1)
        exam.submit("answer 0")
        exam.skip()
        exam.finish()
    data = root / "v2"
    data.mkdir()
    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    for statement in statements(SCHEMA_V2):
        conn.execute(statement)
    conn.execute("ATTACH ? AS source", (str(root / "home" / DB_NAME),))
    for table in V2_TABLES:
        conn.execute(f"INSERT INTO {table} SELECT * FROM source.{table}")
    conn.execute("DETACH source")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    return data


def test_migration_from_v2_sums_the_log_into_buckets_and_keeps_everything(
        tmp_path: Path) -> None:
    data = _v2_store(tmp_path)
    conn = sqlite3.connect(data / DB_NAME)
    before = {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
              for table in V2_TABLES}
    conn.close()
    assert {row[3] for row in before["reviews"]} == {"study", "cram", "reset"}
    assert before["exam_answers"]
    store = Store.open(data)
    try:
        backup = sqlite3.connect(data / f"{DB_NAME}.bak-v2")
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
        assert backup.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == \
            len(before["reviews"])
        assert not backup.execute("SELECT 1 FROM sqlite_master "
                                  "WHERE name = 'review_buckets'").fetchall()
        backup.close()
        conn = sqlite3.connect(data / DB_NAME)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in V2_TABLES} == before
        assert stored(conn) == recounted(conn) and stored(conn)
        # The figures read from the buckets are those read from the log itself.
        calendar = StudyCalendar(NOON + timedelta(days=6), 4, SHANGHAI)
        decks = {"d": tuple(f"c{n}" for n in range(6))}
        assert activity(store, Scope(decks, whole_log=True), calendar) == \
            activity(store, Scope(decks, whole_log=False), calendar)
        assert activity(store, Scope(decks), calendar).answers > 0
        # The triggers came with the table: a later answer is summed too.
        store.record("d", "c0", "h", now=NOON + timedelta(days=9), kind="cram", rating=3,
                     duration_ms=61_000)
        assert stored(conn) == recounted(conn)
        conn.close()
    finally:
        store.close()


def test_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / DB_NAME)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = (data / DB_NAME).read_bytes()
    with pytest.raises(QuizError, match="newer quiz"):
        Store.open(data)
    assert (data / DB_NAME).read_bytes() == before


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign"])
def test_damaged_or_foreign_file_is_reported_and_never_overwritten(tmp_path: Path,
                                                                   damage: str) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    path = data / DB_NAME
    for extra in data.glob(f"{DB_NAME}-*"):
        extra.unlink()
    if damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 300)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:150])
    else:
        path.unlink()
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    before = path.read_bytes()
    with pytest.raises(QuizError) as error:
        Store.open(data)
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    assert path.read_bytes() == before


def test_directory_in_place_of_the_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data" / DB_NAME).mkdir(parents=True)
    with pytest.raises(QuizError, match="is a directory"):
        Store.open(tmp_path / "data")


def test_undo_restores_the_exact_state_and_refuses_if_answered_since(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        card = collection.cards["d", "c0"]
        first = collection.study([card], clock=clock).answer(Rating.GOOD)
        before = collection.store.state_of("d", "c0")
        clock.advance(minutes=10)
        session = collection.study([card], clock=clock)
        session.answer(Rating.GOOD, how=How.TYPED, reply="answer 0")
        assert collection.store.state_of("d", "c0") != before
        assert session.undo() == card
        assert collection.store.state_of("d", "c0") == before
        assert collection.store.review_count() == 1
        # An older answer cannot be undone once the card was answered again.
        ids = [h["id"] for h in collection.store.history("d", "c0")]
        session.answer(Rating.AGAIN)
        with pytest.raises(QuizError, match="answered since"):
            collection.store.undo(ids[0])
        assert first.due is not None


def test_content_edit_keeps_history_and_records_the_new_hash(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", basic_deck("d", 2))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        old = collection.cards["d", "c0"]
        collection.study([old], clock=clock).answer(Rating.EASY)
        state = collection.store.state_of("d", "c0")
    path.write_text(path.read_text(encoding="utf-8").replace("question 0 of", "Question 0 of"),
                    encoding="utf-8")
    clock.advance(days=30)
    with open_collection(tmp_path) as collection:
        edited = collection.cards["d", "c0"]
        assert edited.content_hash != old.content_hash
        assert collection.store.state_of("d", "c0") == state
        assert collection.orphans() == []
        session = collection.study(collection.select(), clock=clock)
        assert session.current == edited   # a review now due, before the new card
        session.answer(Rating.GOOD)
        hashes = [h["content_hash"] for h in collection.store.history("d", "c0")]
        assert hashes == [old.content_hash, edited.content_hash]
        assert collection.store.card_rows()["d", "c0"].content_hash == edited.content_hash


def test_removed_card_is_an_orphan_with_its_history(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", basic_deck("d", 3))
    write(tmp_path, "e.yaml", basic_deck("e", 1))
    clock = Clock(NOON)
    with open_collection(tmp_path) as collection:
        session = collection.study(collection.select(), clock=clock)
        while session.current is not None and session.progress().done < 4:
            session.answer(Rating.GOOD)
    path.write_text(basic_deck("d", 2), encoding="utf-8")
    (tmp_path / "decks" / "e.yaml").unlink()
    with open_collection(tmp_path) as collection:
        orphans = {(o.deck, o.card): o for o in collection.orphans()}
        assert set(orphans) == {("d", "c2"), ("e", "c0")}
        assert orphans["d", "c2"].deck_loaded and not orphans["e", "c0"].deck_loaded
        assert orphans["d", "c2"].reviews == 1
        assert [c.total for c in collection.counts(clock())] == [2]
        assert collection.store.prune([("d", "c2")]) == 1
        assert collection.store.history("d", "c2") == []
        assert {(o.deck, o.card) for o in collection.orphans()} == {("e", "c0")}


operations = st.lists(st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(list(Rating))),
    st.tuples(st.just("undo"), st.none()),
    st.tuples(st.just("wait"), st.integers(min_value=1, max_value=60 * 24 * 40)),
    st.tuples(st.just("reset"), st.none()),
), max_size=40)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_answers_and_undos_leave_the_store_equal_to_replaying_the_log(
        tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, object]]) -> None:
    root = tmp_path_factory.mktemp("ops")
    write(root, "d.yaml", basic_deck("d", 3))
    clock = Clock(NOON)
    with open_collection(root, new_per_day=1000, reviews_per_day=100000) as collection:
        cards = collection.select()
        session = collection.study(cards, clock=clock)
        history: list[tuple[str, str, object]] = []   # (deck, card, state before) per answer
        for op, value in ops:
            if op == "answer" and session.current is not None:
                card = session.current
                history.append((card.deck, card.id, collection.store.state_of(card.deck, card.id)))
                session.answer(value)  # type: ignore[arg-type]
            elif op == "undo" and session.can_undo():
                deck, card_id, before = history.pop()
                assert session.undo().id == card_id
                assert collection.store.state_of(deck, card_id) == before
            elif op == "wait":
                clock.advance(minutes=value)  # type: ignore[arg-type]
                session = collection.study(cards, clock=clock)
                history.clear()
            elif op == "reset":
                collection.reset(cards[:1], clock())
                session = collection.study(cards, clock=clock)
                history.clear()
        assert collection.store.rebuild_states() == collection.store.stored_states()
        # The log is a chain: each entry starts from the state the previous one left.
        for card in cards:
            entries = collection.store.history(card.deck, card.id)
            for earlier, later in zip(entries, entries[1:]):
                assert later["state_before"] == earlier["state_after"]
            if entries:
                assert entries[0]["state_before"] is None


def test_never_answered_card_rebuilds_as_new(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 2))
    with open_collection(tmp_path) as collection:
        collection.suspend([collection.cards["d", "c1"]])
        assert collection.store.rebuild_states() == {}
        assert collection.store.state_of("d", "c1") == NEW_STATE
        assert collection.store.card_rows()["d", "c1"].suspended
        assert collection.store.state_of("d", "c0") == NEW_STATE


def test_nested_transactions_commit_once_and_roll_back_together(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    try:
        with store.transaction():
            store.record("d", "kept", "h", now=NOON, kind="manual")
            with store.transaction():
                store.record("d", "kept", "h", now=NOON, kind="manual")
        assert len(store.history("d", "kept")) == 2
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.record("d", "gone", "h", now=NOON, kind="manual")
                with store.transaction():
                    store.record("d", "gone", "h", now=NOON, kind="manual")
                raise RuntimeError("abort the batch")
        assert store.history("d", "gone") == []
    finally:
        store.close()
