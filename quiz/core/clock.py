"""The clock, times as the store keeps them (UTC, whole milliseconds), and study days: a day
starts at a local hour (04:00 by default), as in Anki, not at midnight.

`now()` is the one reading of the system clock in quiz. With `QUIZ_NOW` set (ISO 8601 with a
UTC offset, e.g. 2026-11-20T09:00:00+08:00) the clock starts at that moment instead when it is
first read and runs on from there, so a command can be tried on another day ("what if I take a
week off") and tests can move days without sleeping.
"""

from __future__ import annotations

import os
import time as _time
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from quiz.core.errors import UsageError

NOW_VARIABLE = "QUIZ_NOW"
# The QUIZ_NOW value last read, the moment it names and the monotonic clock when it was read.
_set_clock: tuple[str, datetime, float] | None = None


def utc(moment: datetime) -> datetime:
    """A timezone-aware moment in UTC, truncated to the millisecond the store keeps."""
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def to_ms(moment: datetime) -> int:
    """Milliseconds since the Unix epoch (how the store keeps times)."""
    return round(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """The UTC moment of a millisecond timestamp."""
    return datetime.fromtimestamp(ms / 1000, UTC)


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz else moment.astimezone()


def day_boundary(day: date, hour: int, tz: tzinfo | None) -> datetime:
    """The UTC moment of `hour`:00 local time on `day` (DST-aware when tz is a ZoneInfo)."""
    if tz is None:
        return datetime.combine(day, time(hour)).astimezone(UTC)
    return datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)


def study_date(now: datetime, hour: int, tz: tzinfo | None = None) -> date:
    """The calendar date a study day is named by (before `hour`, it is still yesterday)."""
    local = _local(now, tz)
    return local.date() - timedelta(days=1) if local.hour < hour else local.date()


def day_start(now: datetime, hour: int, tz: tzinfo | None = None) -> datetime:
    """When the study day containing `now` began (UTC)."""
    return day_boundary(study_date(now, hour, tz), hour, tz)


def next_day_start(now: datetime, hour: int, tz: tzinfo | None = None, days: int = 1) -> datetime:
    """When the study day after the one containing `now` begins (UTC); `days` ahead."""
    return day_boundary(study_date(now, hour, tz) + timedelta(days=days), hour, tz)


def next_day_starts(now: datetime, hour: int, tz: tzinfo | None = None,
                    days: int = 1) -> tuple[int, ...]:
    """When each of the next `days` study days begins (ms UTC): tomorrow's first."""
    today = study_date(now, hour, tz)
    return tuple(to_ms(day_boundary(today + timedelta(days=offset), hour, tz))
                 for offset in range(1, days + 1))


def day_index(due_ms: int, starts: tuple[int, ...]) -> int | None:
    """The study day a due time falls on, counted from today (0, overdue included) with the
    day starts of `next_day_starts`; None past the last of them. `quiz stats` counts its
    forecast the same way in SQL (a `CASE WHEN due < start` per day)."""
    for index, start in enumerate(starts):
        if due_ms < start:
            return index
    return None


def now() -> datetime:
    """The current moment, timezone-aware UTC: the system clock, or QUIZ_NOW's (running on
    from when it was first read). Everything that reads the time of day without being handed a
    clock reads it here. A QUIZ_NOW that is not a moment with an offset is a usage error."""
    text = os.environ.get(NOW_VARIABLE)
    if not text:
        return datetime.now(UTC)
    global _set_clock
    if _set_clock is None or _set_clock[0] != text:
        _set_clock = (text, parse_now(text), _time.monotonic())
    _, start, read_at = _set_clock
    return start + timedelta(seconds=_time.monotonic() - read_at)


def parse_now(text: str) -> datetime:
    """A QUIZ_NOW value as a UTC moment."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise UsageError(f"{NOW_VARIABLE} must be a date and time with its UTC offset, such as "
                         f"2026-11-20T09:00:00+08:00, not {text!r}")
    return moment.astimezone(UTC)


def today() -> date:
    """Today's calendar date in the local time zone, by `now()`: for the expiry dates decks
    write (`valid_until`)."""
    return now().astimezone().date()
