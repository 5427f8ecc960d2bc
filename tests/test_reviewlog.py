"""The FSRS review-log format: reading, writing, located errors, --since, hostile input."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.core.controls import BIDI_CONTROLS
from quiz.core.errors import QuizError
from quiz.interchange.log_format import (
    MAX_CARD_ID,
    LoggedReview,
    ReviewLogError,
    format_for,
    parse_since,
    read_log,
    stable_card_id,
    write_log,
)

SAMPLE = Path(__file__).parent / "data" / "review-log-sample.csv"
HEADER = "card_id,review_time,review_rating,review_duration\n"
UTC = UTC
# Examples write files under tmp_path (shared across examples, overwritten each time).
FILES = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def write(tmp_path: Path, text: str | bytes, name: str = "log.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_reads_the_sample_log() -> None:
    reviews = list(read_log(SAMPLE))
    assert len(reviews) == 12_580
    assert len({review.card_id for review in reviews}) == 1_205
    assert reviews[0] == LoggedReview(
        1711684180217, datetime(2024, 3, 29, 20, 32, 32, 250000, tzinfo=UTC), 1, 25060)
    assert {review.rating for review in reviews} <= {1, 2, 3, 4}


def test_reads_epoch_milliseconds_bom_crlf_and_extra_columns(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfreview_state,card_id,review_time,review_rating\r\n"
                           b"1,7,1711744352250,3\r\n")
    [review] = read_log(path)
    assert review == LoggedReview(7, datetime(2024, 3, 29, 20, 32, 32, 250000, tzinfo=UTC), 3)


def test_times_with_an_offset_are_converted_to_utc(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "1,2024-05-01T08:00:00+08:00,3,\n")
    [review] = read_log(path)
    assert review.review_time == datetime(2024, 5, 1, 0, 0, tzinfo=UTC)
    assert review.duration_ms is None


reviews_strategy = st.builds(
    LoggedReview,
    card_id=st.integers(0, MAX_CARD_ID),
    # Up to a fixed day in the past: times after now are refused.
    review_time=st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2025, 12, 31),
                             timezones=st.just(UTC)),
    rating=st.integers(1, 4),
    duration_ms=st.none() | st.integers(0, 7 * 24 * 3600 * 1000),
)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@settings(FILES, max_examples=40)
@given(reviews=st.lists(reviews_strategy, max_size=20))
def test_round_trip_without_names(tmp_path: Path, fmt: str, reviews: list[LoggedReview]) -> None:
    path = tmp_path / f"log.{fmt}"
    with path.open("w", encoding="utf-8", newline="") as stream:
        assert write_log(reviews, stream, fmt) == len(reviews)
    assert list(read_log(path)) == reviews


# Names with control characters are refused (a test below shows it).
names = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                              blacklist_characters=BIDI_CONTROLS), min_size=1, max_size=12)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@settings(FILES, max_examples=40)
@given(pairs=st.lists(st.tuples(reviews_strategy, names, names), max_size=10))
def test_round_trip_with_deck_and_card(tmp_path: Path, fmt: str, pairs) -> None:
    reviews = [LoggedReview(stable_card_id(deck, card), r.review_time, r.rating, r.duration_ms,
                            deck, card) for r, deck, card in pairs]
    path = tmp_path / f"log.{fmt}"
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_log(reviews, stream, fmt, names=True)
    assert list(read_log(path)) == reviews


def test_csv_export_columns_match_the_fsrs_tools() -> None:
    out = io.StringIO()
    review = LoggedReview(stable_card_id("gdp", "q1"), datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
                          3, 4200, "gdp", "q1")
    write_log([review], out, "csv", names=True)
    header, row = out.getvalue().splitlines()
    assert header == "card_id,review_time,review_rating,review_duration,deck,card"
    assert row == f"{review.card_id},2025-01-02T03:04:05+00:00,3,4200,gdp,q1"


def test_jsonl_export_is_one_object_per_line() -> None:
    out = io.StringIO()
    review = LoggedReview(5, datetime(2025, 1, 2, tzinfo=UTC), 1, None)
    write_log([review, review], out, "jsonl")
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0]) == {"card_id": 5, "review_time": "2025-01-02T00:00:00+00:00",
                                    "review_rating": 1, "review_duration": None}


def test_stable_card_id_is_fixed_distinct_and_in_range() -> None:
    assert stable_card_id("gdp-2024", "growth-rate") == stable_card_id("gdp-2024", "growth-rate")
    assert stable_card_id("gdp-2024", "growth-rate") == 7_685_123_458_147_340_457
    ids = {stable_card_id("deck", f"card-{n}") for n in range(2000)}
    assert len(ids) == 2000
    assert all(0 < i <= MAX_CARD_ID for i in ids)


@pytest.mark.parametrize(("text", "message"), [
    (HEADER + "1,2024-05-01T00:00:00Z,5,100\n", "log.csv:2: review_rating 5 is out of range 1–4"),
    (HEADER + "1,2024-05-01T00:00:00Z,good,100\n",
     "log.csv:2: review_rating 'good' is not an integer"),
    (HEADER + ",2024-05-01T00:00:00Z,3,100\n", "log.csv:2: card_id missing"),
    (HEADER + "-4,2024-05-01T00:00:00Z,3,100\n", "log.csv:2: card_id -4 is out of range"),
    (HEADER + "1,2024-05-01 08:00,3,100\n",
     "log.csv:2: review_time '2024-05-01 08:00' has no UTC offset"),
    (HEADER + "1,yesterday,3,100\n", "log.csv:2: review_time 'yesterday' is not an ISO-8601 time"),
    (HEADER + "1,99999999999999999,3,100\n",
     "log.csv:2: review_time '99999999999999999' is out of range"),
    (HEADER + "1,2024-05-01T00:00:00Z,3,-1\n", "log.csv:2: review_duration -1 is out of range"),
    (HEADER + "1,2024-05-01T00:00:00Z,3\n",
     "log.csv:2: expected 4 fields as in the header, found 3"),
    ("card_id,card_id,review_time,review_rating\n", "log.csv:1: column 'card_id' appears twice"),
    ("card_id,time,rating\n", "log.csv:1: header lacks review_time, review_rating"),
    ("", "log.csv:1: empty file"),
    (HEADER + '1,"2024-05-01T00:00:00Z" x,3,1\n', "log.csv:2: malformed CSV"),
])
def test_bad_csv_rows_get_located_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ReviewLogError) as caught:
        list(read_log(path))
    assert str(caught.value).startswith(f"{tmp_path}/{message}")
    assert "\n" not in str(caught.value)


def test_error_row_counts_lines_of_multiline_fields(tmp_path: Path) -> None:
    text = ("card_id,review_time,review_rating,note\n"
            '1,2024-05-01T00:00:00Z,3,"two\nlines"\n'
            "\n"
            "2,2024-05-01T00:00:00Z,0,x\n")
    with pytest.raises(ReviewLogError, match=r"log\.csv:5: review_rating 0 is out of range"):
        list(read_log(write(tmp_path, text)))


def test_rows_before_the_bad_one_stream_out_first(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "1,2024-05-01T00:00:00Z,3,1\n1,2024-05-02T00:00:00Z,9,1\n")
    reviews = read_log(path)
    assert next(reviews).rating == 3
    with pytest.raises(ReviewLogError, match="log.csv:3:"):
        next(reviews)


def test_non_utf8_byte_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER.encode() + b"1,2024-05-01T00:00:00Z,3,1\n1,\xff,3,1\n")
    with pytest.raises(ReviewLogError, match=r"log\.csv:3: not UTF-8 \(byte 0xff at column 3\)"):
        list(read_log(path))


def test_nul_and_overlong_lines_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ReviewLogError, match=r"log\.csv:2: NUL character"):
        list(read_log(write(tmp_path, HEADER + "1\0,x,3,1\n")))
    with pytest.raises(ReviewLogError, match=r"log\.csv:2: line longer than 64 KiB"):
        list(read_log(write(tmp_path, HEADER + "1" * 100_000 + "\n")))


@pytest.mark.parametrize(("line", "message"), [
    ('{"card_id": 1, "review_time": "2024-05-01T00:00:00Z", "review_rating": 3', "not valid JSON"),
    ("[1, 2]", "expected a JSON object, found list"),
    ('{"card_id": true, "review_time": "2024-05-01T00:00:00Z", "review_rating": 3}',
     "card_id True is not an integer"),
    ('{"card_id": 1, "review_time": "2024-05-01T00:00:00Z", "review_rating": 2.5}',
     "review_rating 2.5 is not an integer"),
    ('{"card_id": 1, "review_time": "2024-05-01T00:00:00Z", "review_rating": 3, "deck": "d"}',
     "deck and card go together"),
    ('{"card_id": 1, "review_time": ["x"], "review_rating": 3}', "review_time ['x'] is not a time"),
    ("[" * 100_000, "line longer than"),
    ("[" * 50_000, "not valid JSON"),
    ('{"card_id": ' + "9" * 5000 + "}", "not valid JSON"),
])
def test_bad_jsonl_lines_get_located_errors(tmp_path: Path, line: str, message: str) -> None:
    good = '{"card_id": 1, "review_time": "2024-05-01T00:00:00Z", "review_rating": 3}'
    path = write(tmp_path, f"{good}\n\n{line}\n", "log.jsonl")
    with pytest.raises(ReviewLogError) as caught:
        list(read_log(path))
    assert str(caught.value).startswith(f"{path}:3: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(("time", "message"), [
    ("9999-12-31T23:59:59+00:00", "is in the future"),
    ("253402300799999", "is in the future"),
    ("2030-01-01T00:00:00.001Z", "is in the future"),
    ("1893456000001", "is in the future"),          # 2030-01-01T00:00:00.001Z in ms
    ("0001-01-01T00:00:00+00:00", "is out of range (before 1970)"),
    ("0001-01-01T00:00:00-05:00", "is out of range (before 1970)"),
    ("1969-12-31T23:59:59.999Z", "is out of range (before 1970)"),
])
def test_review_times_before_1970_or_after_now_are_located_errors(
        tmp_path: Path, time: str, message: str) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    path = write(tmp_path, HEADER + "1,2024-05-01T00:00:00Z,3,\n" + f"1,{time},3,\n")
    with pytest.raises(ReviewLogError) as caught:
        list(read_log(path, now=now))
    assert str(caught.value).startswith(f"{path}:3: review_time ")
    assert message in str(caught.value)
    value = int(time) if time.isdigit() else time
    jsonl = write(tmp_path, json.dumps({"card_id": 1, "review_time": value,
                                        "review_rating": 3}) + "\n", "log.jsonl")
    with pytest.raises(ReviewLogError) as caught:
        list(read_log(jsonl, now=now))
    assert str(caught.value).startswith(f"{jsonl}:1: review_time ")
    assert message in str(caught.value)


@pytest.mark.parametrize("name, code", [("\x1b]0;pwned\x07", "U+001B"), ("a\x9b2J", "U+009B"),
                                        ("b\rc", "U+000D"), ("\u202eevil", "U+202E")])
@pytest.mark.parametrize("column", ["deck", "card"])
def test_deck_and_card_names_that_could_drive_the_terminal_are_located_errors(
        tmp_path: Path, name: str, code: str, column: str) -> None:
    names = {"deck": "d", "card": "c", column: name}
    row = {"card_id": 1, "review_time": "2024-05-01T00:00:00Z", "review_rating": 3, **names}
    jsonl = write(tmp_path, json.dumps({**row, "deck": "d", "card": "c"}) + "\n"
                  + json.dumps(row) + "\n", "log.jsonl")
    with pytest.raises(ReviewLogError) as caught:
        list(read_log(jsonl))
    assert str(caught.value).startswith(f"{jsonl}:2: {column} ")
    assert code in str(caught.value) and "\x1b" not in str(caught.value)
    out = io.StringIO()
    import csv

    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(
        [list(row), ["1", "2024-05-01T00:00:00Z", "3", "d", "c"], list(row.values())])
    path = write(tmp_path, out.getvalue())
    with pytest.raises(ReviewLogError) as caught:
        list(read_log(path))
    assert str(caught.value).startswith(f"{path}:3: {column} ") and code in str(caught.value)


def test_the_first_and_last_moments_in_range_are_read(tmp_path: Path) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    path = write(tmp_path, HEADER + "1,1970-01-01T00:00:00Z,3,\n1,0,3,\n"
                 "1,2030-01-01T08:00:00+08:00,3,\n1,1893456000000,3,\n")
    assert [r.review_time for r in read_log(path, now=now)] == [
        datetime(1970, 1, 1, tzinfo=UTC)] * 2 + [now] * 2


def test_since_keeps_reviews_from_that_moment_on(tmp_path: Path) -> None:
    rows = "".join(f"1,2024-05-{day:02d}T12:00:00Z,3,1\n" for day in (1, 2, 3))
    path = write(tmp_path, HEADER + rows)
    days = [r.review_time.day for r in read_log(path, since=parse_since("2024-05-02"))]
    assert days == [2, 3]
    days = [r.review_time.day for r in read_log(path, since=parse_since("2024-05-02T12:00:01Z"))]
    assert days == [3]
    assert parse_since("2024-05-02T08:00+08:00") == datetime(2024, 5, 2, tzinfo=UTC)


def test_since_on_the_sample() -> None:
    since = parse_since("2024-10-01")
    reviews = list(read_log(SAMPLE, since=since))
    assert 0 < len(reviews) < 12_580
    assert all(r.review_time >= since for r in reviews)
    assert min(r.review_time for r in reviews) - since < timedelta(days=1)


@pytest.mark.parametrize("text", ["May 2nd", "2024-13-01", "2024-05-02T08:00", ""])
def test_bad_since_values_are_usage_errors(text: str) -> None:
    with pytest.raises(QuizError, match="--since"):
        parse_since(text)


def test_format_follows_the_suffix_unless_given() -> None:
    assert format_for(Path("a.jsonl")) == "jsonl"
    assert format_for(Path("a.NDJSON")) == "jsonl"
    assert format_for(Path("a.csv")) == "csv"
    assert format_for(Path("a.txt"), "jsonl") == "jsonl"


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(QuizError, match="nope.csv: cannot read"):
        list(read_log(tmp_path / "nope.csv"))


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
@settings(FILES, max_examples=150)
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_hostile_bytes_never_escape_as_anything_but_a_located_error(
        tmp_path: Path, suffix: str, data: bytes) -> None:
    path = write(tmp_path, data, "hostile" + suffix)
    try:
        for review in read_log(path):
            assert 1 <= review.rating <= 4
            assert review.review_time.tzinfo is not None
    except ReviewLogError as exc:
        assert str(exc).startswith(f"{path}:")
        assert "\n" not in str(exc)


row_fields = st.one_of(st.text(max_size=30), st.integers().map(str),
                       st.sampled_from(["2024-05-01T00:00:00Z", "1711744352250", "3", "", "-0"]))


@settings(FILES, max_examples=150)
@given(rows=st.lists(st.lists(row_fields, min_size=4, max_size=4), max_size=5))
def test_hostile_csv_fields_under_a_valid_header(tmp_path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    import csv

    csv.writer(out, lineterminator="\n").writerows([HEADER.strip().split(","), *rows])
    path = write(tmp_path, out.getvalue())
    try:
        assert len(list(read_log(path))) <= len(rows)
    except ReviewLogError as exc:
        assert str(exc).startswith(f"{path}:")


json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = json_scalars | st.lists(json_scalars, max_size=3) | st.dictionaries(
    st.text(max_size=5), json_scalars, max_size=3)


@settings(FILES, max_examples=150)
@given(objects=st.lists(st.fixed_dictionaries({}, optional={
    "card_id": json_values | st.integers(), "review_time": json_values | st.integers(),
    "review_rating": json_values | st.integers(1, 4), "review_duration": json_values,
    "deck": json_values, "card": json_values}), max_size=5))
def test_hostile_jsonl_values(tmp_path: Path, objects: list[dict]) -> None:
    path = write(tmp_path, "".join(json.dumps(o) + "\n" for o in objects), "log.jsonl")
    try:
        assert len(list(read_log(path))) <= len(objects)
    except ReviewLogError as exc:
        assert str(exc).startswith(f"{path}:")
