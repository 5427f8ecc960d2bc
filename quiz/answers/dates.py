"""Dates as replies write them: 2025年1月8日, 2025年1月8号, 2025.1.8, 2025/1/8, 2025-01-08,
一九九五年.

Every function here takes text already passed through `quiz.answers.grading.normalise`, in which
2025/1/8 and 2025-01-08 have become 2025_1_8 and 2025_01_08 (a dropped mark between two
numbers leaves one `_`) and full-width digits are ASCII.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from quiz.answers.numbers import CHINESE_DIGITS, chinese_integer

_NUMERAL = "[0-9]+|[零〇一二两三四五六七八九十百千]+"
_PART = "(?P<part>初|末|底)?"
# 2025年1月8日, 2025年1月, 2025年, 1月8号, 2025年末, 12月底 (at least one of 年 and 月).
_WORDS_RE = re.compile(
    rf"(?:(?P<year>{_NUMERAL})年)?(?:(?P<month>{_NUMERAL})月(?:(?P<day>{_NUMERAL})[日号])?)?"
    rf"{_PART}\Z")
# 2025.1.8, 2025_01_08, 2025.1, 1.8: the same mark between every pair of numbers.
_MARKS_RE = re.compile(r"(?P<first>[0-9]{1,4})(?P<mark>[._])(?P<second>[0-9]{1,2})"
                       r"(?:(?P=mark)(?P<third>[0-9]{1,2}))?\Z")
_PARTS = {"初": "初", "末": "末", "底": "末"}   # 年底 and 年末 are the same time
_MAX_DATE_CHARS = 24


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date or part of one; None where the text leaves a field out."""

    year: int | None
    month: int | None
    day: int | None
    part: str = ""     # 初 (the start) or 末 (the end, also written 底) of the year or month

    def __str__(self) -> str:
        text = f"{self.year}年" if self.year is not None else ""
        if self.month is not None:
            text += f"{self.month}月"
        if self.day is not None:
            text += f"{self.day}日"
        return text + self.part

    def matches(self, answer: DateValue) -> bool:
        """Whether a reply's date states the answer's: every field the answer has, equal; a
        year may be added to an answer without one (the card cannot check it)."""
        return (self.month, self.day, self.part) == (answer.month, answer.day, answer.part) \
            and (self.year == answer.year or (answer.year is None and answer.month is not None))


def parse_date(text: str, *, reply: bool = False) -> DateValue | None:
    """Read a normalised text as a date; None if it is not one, or names no real day.

    Written with . / or - a date needs all three fields (2025.1.8), except in a `reply`
    to a date, where 2025.1 and 1.8 are read as dates too (alone they are numbers).
    """
    if len(text) > _MAX_DATE_CHARS or not text:
        return None
    match = _WORDS_RE.match(text)
    if match is not None and (match["year"] or match["month"]):
        if match["part"] and match["day"]:
            return None
        year = _year(match["year"]) if match["year"] else None
        month = _small(match["month"]) if match["month"] else None
        day = _small(match["day"]) if match["day"] else None
        if (match["year"] and year is None) or (match["month"] and month is None) \
                or (match["day"] and day is None):
            return None
        return _checked(year, month, day, _PARTS.get(match["part"] or "", ""))
    match = _MARKS_RE.match(text)
    if match is None or not (reply or match["third"]):
        return None
    first, second, third = int(match["first"]), int(match["second"]), match["third"]
    if len(match["first"]) == 4:                      # 2025.1.8, or 2025.1 in a reply
        return _checked(first, second, int(third) if third else None, "")
    if third is None and len(match["first"]) <= 2:    # 1.8 in a reply: month and day
        return _checked(None, first, second, "")
    return None


def _year(text: str) -> int | None:
    """A year in Arabic digits, digit by digit in Chinese (一九九五) or as a numeral
    (两千零二十五)."""
    if text.isdigit():
        return int(text) if len(text) <= 4 else None
    if len(text) == 4 and all(char in CHINESE_DIGITS and char != "两" for char in text):
        return int("".join(str(CHINESE_DIGITS[char]) for char in text))
    value = chinese_integer(text)
    return value if value is not None and 1000 <= value <= 9999 else None


def _small(text: str) -> int | None:
    """A month or day number: 1, 08, 十二, 三十一."""
    if text.isdigit():
        return int(text) if len(text) <= 2 else None
    return chinese_integer(text)


def _checked(year: int | None, month: int | None, day: int | None,
             part: str) -> DateValue | None:
    """The date if it can be a real one (29 February only in a leap year, or with no year)."""
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        if month is None:
            return None
        try:   # a leap year stands in for a missing one, so that 2月29日 can be a day
            date(year if year is not None else 2000, month, day)
        except ValueError:
            return None
    return DateValue(year, month, day, part)
