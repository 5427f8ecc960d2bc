"""The learner's calendar: exams on dates, easy days, and a country's working calendar.

Settings name these (`[[exam]]`, `easy_days`, `calendar` in config.toml) and validate them
here, so they sit below everything that reads settings; the scheduler (`quiz.study.exam_date`,
`quiz.study.workload`) decides what they do to intervals.

**Easy days** give each weekday a share of the usual review load (Sunday 0.5: half a day's
reviews).

**The working calendar** (optional, a country code such as "CN") comes from the `holidays`
package, which follows the official announcements (for China, the State Council's yearly
notice, including the 调休 make-up working days). A public holiday or a day off in lieu counts
as a Sunday (it takes Sunday's share); a weekend day made a working day counts as a usual
working day (share 1), whatever its weekday's share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
USUAL = (1.0,) * 7
# New cards of an exam's decks are paced to have all been seen this many days before it.
FINISH_DAYS_BEFORE = 7


@dataclass(frozen=True)
class Exam:
    """An exam on a date, over some decks (None: every deck).

    `retention` is the recall wanted on the exam day, when it is not the desired retention.
    """

    name: str
    date: date
    decks: frozenset[str] | None = None
    retention: float | None = None

    def covers(self, deck: str) -> bool:
        return self.decks is None or deck in self.decks

    def finish_by(self, days_before: int = FINISH_DAYS_BEFORE) -> date:
        """The last day on which new cards are introduced to have seen them all in time."""
        return self.date - timedelta(days=days_before)


def parse_easy_days(value: Any) -> tuple[float, ...]:
    """`easy_days` from config.toml (`{sun = 0.5}`): a share of the usual load per weekday,
    Monday first; a weekday not named keeps 1. Raises ValueError saying what is allowed."""
    if not isinstance(value, Mapping):
        raise ValueError(f"easy_days must be a table like {{sun = 0.5}}, not {value!r}")
    shares = list(USUAL)
    for key, share in value.items():
        if key not in WEEKDAYS:
            raise ValueError(f"easy_days: unknown day {key!r}; days are {', '.join(WEEKDAYS)}")
        if isinstance(share, bool) or not isinstance(share, (int, float)) \
                or not 0 <= share <= 1:
            raise ValueError(f"easy_days.{key} must be a share of the usual load from 0 to 1, "
                             f"not {share!r}")
        shares[WEEKDAYS.index(key)] = float(share)
    return tuple(shares)


def check_calendar(value: Any) -> str | None:
    """`calendar` from config.toml: None, or a country code the `holidays` package knows
    ("CN"). Raises ValueError saying what is allowed."""
    if value is None:
        return None
    import holidays

    if not isinstance(value, str) or value.upper() not in holidays.list_supported_countries():
        raise ValueError(f"calendar must be a country code such as \"CN\", not {value!r}")
    return value.upper()


@dataclass(frozen=True)
class WorkingCalendar:
    """A country's public holidays and make-up working days, from the `holidays` package."""

    country: str

    @cached_property
    def _days(self) -> Any:
        import holidays

        return holidays.country_holidays(self.country)

    def is_day_off(self, day: date) -> bool:
        """A public holiday or a day off in lieu of one."""
        return day in self._days

    def is_makeup_workday(self, day: date) -> bool:
        """A weekend day made a working day to bridge a holiday (调休 in China)."""
        return self._days.is_weekend(day) and self._days.is_working_day(day)


@dataclass(frozen=True)
class DayShares:
    """How much of the usual review load each study day should carry.

    `rest_days` carry none (an exam day: the learner sits the exam, not reviews).
    """

    weekdays: tuple[float, ...] = USUAL
    calendar: WorkingCalendar | None = None
    rest_days: frozenset[date] = frozenset()

    @classmethod
    def from_settings(cls, easy_days: tuple[float, ...] = USUAL, calendar: str | None = None,
                      rest_days: Iterable[date] = ()) -> DayShares:
        return cls(easy_days, WorkingCalendar(calendar) if calendar else None,
                   frozenset(rest_days))

    def share(self, day: date) -> float:
        if day in self.rest_days:
            return 0.0
        if self.calendar is not None:
            if self.calendar.is_makeup_workday(day):
                return 1.0
            if self.calendar.is_day_off(day):
                return self.weekdays[6]
        return self.weekdays[day.weekday()]

    @property
    def usual(self) -> bool:
        """Every day carries the usual load (nothing to do with shares)."""
        return self.weekdays == USUAL and self.calendar is None and not self.rest_days


# -- settings -----------------------------------------------------------------------------------

EXAM_KEYS = ("name", "date", "decks", "retention")


class ExamSettingError(ValueError):
    """A bad `[[exam]]` table: the message, and which table (0-based) and key it is about."""

    def __init__(self, message: str, index: int, key: str | None) -> None:
        super().__init__(message)
        self.index = index
        self.key = key


def parse_exams(value: Any) -> tuple[Exam, ...]:
    """`[[exam]]` tables from config.toml: each a `name`, a `date` (a TOML date) and optionally
    `decks` (slugs; every deck when left out) and `retention` (the recall wanted on the exam
    day). Raises ExamSettingError saying what is allowed."""
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ExamSettingError(f"exam must be one or more [[exam]] tables, not {value!r}", 0,
                               None)
    exams: list[Exam] = []
    for index, table in enumerate(value):
        if isinstance(table, Exam):
            exams.append(table)
            continue
        where = f"exam[{index + 1}]" if len(value) > 1 else "exam"

        def fail(message: str, key: str | None, index: int = index) -> ExamSettingError:
            return ExamSettingError(message, index, key)

        if not isinstance(table, Mapping):
            raise fail(f"{where} must be a table with a name and a date, not {table!r}", None)
        for key in table:
            if key not in EXAM_KEYS:
                raise fail(f"{where}: unknown key '{key}'; an exam has {', '.join(EXAM_KEYS)}",
                           key)
        name = table.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(f"{where}.name must be the exam's name, not {name!r}", "name")
        day = table.get("date")
        if not isinstance(day, date) or isinstance(day, datetime):
            shown = day.isoformat(" ") if isinstance(day, datetime) else repr(day)
            raise fail(f"{where}.date must be a date like 2026-11-29 (unquoted), not {shown}",
                       "date")
        decks = table.get("decks")
        if decks is not None:
            if isinstance(decks, str):
                decks = [decks]
            if not isinstance(decks, (list, tuple)) or not decks or not all(
                    isinstance(deck, str) and deck.strip() for deck in decks):
                raise fail(f"{where}.decks must be a list of deck slugs (leave it out for every "
                           f"deck), not {decks!r}", "decks")
            decks = frozenset(deck.strip() for deck in decks)
        retention = table.get("retention")
        if retention is not None and (isinstance(retention, bool) or not isinstance(
                retention, (int, float)) or not 0.70 <= retention <= 0.99):
            raise fail(f"{where}.retention must be between 0.70 and 0.99, not {retention!r}",
                       "retention")
        if any(exam.name == name.strip() for exam in exams):
            raise fail(f"{where}.name: another exam is already named {name.strip()!r}", "name")
        exams.append(Exam(name.strip(), day, decks,
                          None if retention is None else float(retention)))
    return tuple(exams)


def exam_table(exam: Exam) -> dict[str, Any]:
    """An exam as config.toml writes it (the keys left at their default left out)."""
    table: dict[str, Any] = {"name": exam.name, "date": exam.date}
    if exam.decks is not None:
        table["decks"] = sorted(exam.decks)
    if exam.retention is not None:
        table["retention"] = exam.retention
    return table


def easy_days_table(shares: tuple[float, ...]) -> dict[str, float]:
    """`easy_days` as config.toml writes it: only the days whose share is not 1."""
    return {day: share for day, share in zip(WEEKDAYS, shares) if share != 1.0}
