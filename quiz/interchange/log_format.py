"""The review-log interchange format shared with the FSRS tools, read and written as CSV or JSONL.

One review per row: ``card_id`` (integer), ``review_time`` (ISO-8601 with a UTC offset, or
milliseconds since the epoch as the FSRS tools write it), ``review_rating`` (1 Again … 4 Easy)
and ``review_duration`` (milliseconds, may be empty). Our own exports add ``deck`` and ``card``
(the deck slug and card id); ``card_id`` is then derived from them by `stable_card_id`.
Readers stream, check every field and stop at the first bad row with ``file:row: message``.
A review time must lie between the Unix epoch and now: nothing was reviewed before 1970, and a
time in the future would be scheduled from a day that has not come. Deck and card names are
shown on the terminal, so they may not hold what `quiz.core.controls` refuses.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import IO, Any

from quiz.core import clock
from quiz.core.controls import forbidden_character
from quiz.core.errors import QuizError, UsageError

COLUMNS = ("card_id", "review_time", "review_rating", "review_duration")
NAME_COLUMNS = ("deck", "card")
FORMATS = ("csv", "jsonl")
INTEGER_RE = re.compile(r"-?[0-9]{1,20}")
MAX_LINE_BYTES = 64 * 1024
MAX_CARD_ID = 2**63 - 1
MAX_DURATION_MS = 7 * 24 * 3600 * 1000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ReviewLogError(QuizError):
    """A review-log file that cannot be read; the message starts with ``file:row:``."""


@dataclass(frozen=True, slots=True)
class LoggedReview:
    """One answer as the FSRS tools record it: which card, when, which grade, how long it took."""

    card_id: int
    review_time: datetime
    rating: int
    duration_ms: int | None = None
    deck: str | None = None
    card: str | None = None

    def to_row(self) -> dict[str, Any]:
        """The row as written, with the deck and card columns only when the review has them."""
        row: dict[str, Any] = {
            "card_id": self.card_id,
            "review_time": self.review_time.isoformat(),
            "review_rating": self.rating,
            "review_duration": self.duration_ms,
        }
        if self.deck is not None:
            row["deck"] = self.deck
            row["card"] = self.card
        return row


def stable_card_id(deck: str, card: str) -> int:
    """A positive 63-bit integer for deck/card that never changes between runs or machines."""
    digest = hashlib.blake2b(f"{deck}/{card}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & MAX_CARD_ID or 1


def parse_since(text: str) -> datetime:
    """A --since value: a date (00:00 UTC that day) or an ISO-8601 time with a UTC offset."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since {text!r}: expected a date YYYY-MM-DD or an ISO-8601 "
                         f"time") from None
    if moment.tzinfo is None:
        raise UsageError(f"--since {text!r}: a time needs a UTC offset (e.g. Z or +08:00)")
    return moment.astimezone(UTC)


def format_for(path: Path, explicit: str | None = None) -> str:
    """The file format: the one given, else from the suffix (.jsonl/.ndjson → jsonl, else csv)."""
    if explicit is not None:
        return explicit
    return "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson") else "csv"


def read_log(path: Path, *, fmt: str | None = None, since: datetime | None = None,
             now: datetime | None = None) -> Iterator[LoggedReview]:
    """Stream the reviews in a CSV or JSONL file, in file order, from `since` on if given.

    A review dated after `now` (default: the current time) is a located error.
    """
    now = clock.now() if now is None else now
    fmt = format_for(path, fmt)
    if fmt not in FORMATS:
        raise QuizError(f"unknown review-log format {fmt!r} (use csv or jsonl)")
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise QuizError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with stream:
        lines = _decoded_lines(stream, str(path))
        rows = _csv_rows(lines, str(path)) if fmt == "csv" else _jsonl_rows(lines, str(path))
        for where, row in rows:
            review = _review_from_row(row, where, now)
            if since is None or review.review_time >= since:
                yield review


def write_log(reviews: Iterable[LoggedReview], stream: IO[str], fmt: str, *,
              names: bool = False) -> int:
    """Write reviews as CSV or JSONL (with deck and card columns when `names`); return the count."""
    columns = COLUMNS + NAME_COLUMNS if names else COLUMNS
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        for review in reviews:
            writer.writerow(review.to_row())
            count += 1
    elif fmt == "jsonl":
        for review in reviews:
            row = review.to_row()
            stream.write(json.dumps({k: row.get(k) for k in columns}, ensure_ascii=False) + "\n")
            count += 1
    else:
        raise QuizError(f"unknown review-log format {fmt!r} (use csv or jsonl)")
    return count


def _decoded_lines(stream: IO[bytes], name: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) for each line, refusing non-UTF-8 bytes and over-long lines."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise ReviewLogError(f"{name}:{number}: line longer than {MAX_LINE_BYTES // 1024} KiB")
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReviewLogError(f"{name}:{number}: not UTF-8 (byte 0x{raw[exc.start]:02x} at "
                                 f"column {exc.start + 1})") from None
        if "\0" in text:
            raise ReviewLogError(f"{name}:{number}: NUL character in the file")
        yield number, text


def _csv_rows(lines: Iterator[tuple[int, str]], name: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield (location, row) per CSV record; the header must name the four FSRS columns."""
    current = [0]

    def texts() -> Iterator[str]:
        for number, text in lines:
            current[0] = number
            yield text

    reader = csv.reader(texts(), strict=True)
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            where = f"{name}:{start}"
            start = current[0] + 1
            if not record or record == [""]:
                continue
            if header is None:
                header = _check_header(record, where)
                continue
            if len(record) != len(header):
                raise ReviewLogError(f"{where}: expected {len(header)} fields as in the header, "
                                     f"found {len(record)}")
            yield where, dict(zip(header, record))
    except csv.Error as exc:
        raise ReviewLogError(f"{name}:{current[0]}: malformed CSV: {exc}") from None
    if header is None:
        raise ReviewLogError(f"{name}:1: empty file: expected a header with "
                             f"{', '.join(COLUMNS)}")


def _check_header(record: list[str], where: str) -> list[str]:
    """The header's column names, refusing duplicates and missing FSRS columns."""
    header = [column.strip() for column in record]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise ReviewLogError(f"{where}: column {column!r} appears twice in the header")
        seen.add(column)
    missing = [column for column in COLUMNS if column not in seen and column != "review_duration"]
    if missing:
        raise ReviewLogError(f"{where}: header lacks {', '.join(missing)} (expected "
                             f"{', '.join(COLUMNS)})")
    return header


def _jsonl_rows(lines: Iterator[tuple[int, str]], name: str,
                ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (location, object) per non-blank JSONL line."""
    for number, text in lines:
        if not text.strip():
            continue
        where = f"{name}:{number}"
        try:
            row = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ReviewLogError(f"{where}: not valid JSON: {_first_line(exc)}") from None
        if not isinstance(row, dict):
            raise ReviewLogError(f"{where}: expected a JSON object, found {type(row).__name__}")
        yield where, row


def _review_from_row(row: dict[str, Any], where: str, now: datetime) -> LoggedReview:
    """Check every field of one row and build the review, or raise a located error."""
    card_id = _integer(row.get("card_id"), "card_id", where, 0, MAX_CARD_ID)
    rating = _integer(row.get("review_rating"), "review_rating", where, 1, 4)
    review_time = _in_range(_moment(row.get("review_time"), where), row.get("review_time"),
                            where, now)
    duration = row.get("review_duration")
    duration_ms = None if duration in (None, "") else _integer(
        duration, "review_duration", where, 0, MAX_DURATION_MS)
    deck = _optional_text(row.get("deck"), "deck", where)
    card = _optional_text(row.get("card"), "card", where)
    if (deck is None) != (card is None):
        raise ReviewLogError(f"{where}: deck and card go together: give both or neither")
    return LoggedReview(card_id, review_time, rating, duration_ms, deck, card)


def _integer(value: Any, column: str, where: str, low: int, high: int) -> int:
    """An integer field (JSON number or CSV digits) within [low, high]."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        if INTEGER_RE.fullmatch(value.strip()):
            number = int(value.strip())
    if number is None:
        shown = "missing" if value in (None, "") else f"{_shown(value)} is not an integer"
        raise ReviewLogError(f"{where}: {column} {shown}")
    if not low <= number <= high:
        raise ReviewLogError(f"{where}: {column} {number} is out of range {low}–{high}")
    return number


def _moment(value: Any, where: str) -> datetime:
    """A review time: ISO-8601 with an offset, or epoch milliseconds; returned in UTC."""
    if value in (None, ""):
        raise ReviewLogError(f"{where}: review_time missing")
    if (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
            isinstance(value, str) and INTEGER_RE.fullmatch(value.strip())):
        try:
            millis = float(value)
            if not math.isfinite(millis) or not 0 <= millis <= 253402300799999:
                raise OverflowError
            return datetime.fromtimestamp(millis / 1000, tz=UTC)
        except (OverflowError, ValueError, OSError):
            raise ReviewLogError(f"{where}: review_time {_shown(value)} is out of range") from None
    if not isinstance(value, str):
        raise ReviewLogError(f"{where}: review_time {_shown(value)} is not a time")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ReviewLogError(f"{where}: review_time {_shown(value)} is not an ISO-8601 "
                             f"time") from None
    if moment.tzinfo is None:
        raise ReviewLogError(f"{where}: review_time {_shown(value)} has no UTC offset "
                             f"(add Z or +00:00)")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ReviewLogError(f"{where}: review_time {_shown(value)} is out of range") from None


def _in_range(moment: datetime, value: Any, where: str, now: datetime) -> datetime:
    """The review time if it lies between the epoch and now, else a located error."""
    if moment < EPOCH:
        raise ReviewLogError(f"{where}: review_time {_shown(value)} is out of range "
                             f"(before 1970)")
    if moment > now:
        raise ReviewLogError(f"{where}: review_time {_shown(value)} is in the future (now is "
                             f"{now.astimezone(UTC).isoformat(timespec='seconds')})")
    return moment


def _optional_text(value: Any, column: str, where: str) -> str | None:
    """An optional text column (deck, card): None when absent or empty."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ReviewLogError(f"{where}: {column} {_shown(value)} is not text")
    found = forbidden_character(value)
    if found is not None:
        raise ReviewLogError(f"{where}: {column} {_shown(value)}: character {found} is not "
                             f"allowed (names are shown on the terminal)")
    return value


def _shown(value: Any) -> str:
    """A value quoted for an error message, cut short so one line stays one line."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
