"""Dates read from normalised text: every common form of one day, and nothing that is no day."""

from __future__ import annotations

import pytest

from quiz.answers.dates import DateValue, parse_date
from quiz.answers.grading import normalise


@pytest.mark.parametrize(("text", "year", "month", "day", "part"), [
    ("2025年1月8日", 2025, 1, 8, ""),
    ("2025年1月8号", 2025, 1, 8, ""),
    ("2025年01月08日", 2025, 1, 8, ""),
    ("2025.1.8", 2025, 1, 8, ""),
    ("2025/1/8", 2025, 1, 8, ""),
    ("2025-01-08", 2025, 1, 8, ""),
    ("２０２５年１月８日", 2025, 1, 8, ""),
    ("一九九五年", 1995, None, None, ""),
    ("二〇二五年十二月三十一日", 2025, 12, 31, ""),
    ("两千零二十五年", 2025, None, None, ""),
    ("2024年2月29日", 2024, 2, 29, ""),
    ("2024年12月", 2024, 12, None, ""),
    ("1月8日", None, 1, 8, ""),
    ("2024年末", 2024, None, None, "末"),
    ("2024年底", 2024, None, None, "末"),
    ("12月底", None, 12, None, "末"),
    ("2024年初", 2024, None, None, "初"),
])
def test_dates_in_every_common_form(text: str, year: int | None, month: int | None,
                                    day: int | None, part: str) -> None:
    assert parse_date(normalise(text)) == DateValue(year, month, day, part)


@pytest.mark.parametrize("text", [
    "2025年2月29日", "2025年13月1日", "2025年4月31日", "1月32日", "2025", "1995", "一九九五",
    "2025.1", "1.8", "2025.18", "20250108", "2025年1月8日末", "年", "8日", "2025.1.8.9",
    "十二三年", "12345年", "三五年", "2025年1月8", "",
])
def test_texts_that_are_no_date(text: str) -> None:
    assert parse_date(normalise(text)) is None


@pytest.mark.parametrize(("text", "read"), [
    ("2025.1", DateValue(2025, 1, None)),
    ("1.8", DateValue(None, 1, 8)),
    ("1/8", DateValue(None, 1, 8)),
    ("12.31", DateValue(None, 12, 31)),
    ("2.30", None),
    ("13.1", None),
])
def test_a_reply_may_give_a_date_with_two_numbers(text: str, read: DateValue | None) -> None:
    assert parse_date(normalise(text), reply=True) == read


@pytest.mark.parametrize(("reply", "answer", "same"), [
    (DateValue(2025, 1, 8), DateValue(2025, 1, 8), True),
    (DateValue(2025, 1, 8), DateValue(None, 1, 8), True),     # the card cannot check a year
    (DateValue(None, 1, 8), DateValue(2025, 1, 8), False),    # the answer's year is missing
    (DateValue(2025, 1, 9), DateValue(2025, 1, 8), False),
    (DateValue(2025, 1, None), DateValue(2025, None, None), False),
    (DateValue(2025, None, None), DateValue(None, None, None, "末"), False),
    (DateValue(2024, None, None, "末"), DateValue(2024, None, None), False),
])
def test_a_reply_states_every_field_of_the_answer(reply: DateValue, answer: DateValue,
                                                  same: bool) -> None:
    assert reply.matches(answer) is same


def test_a_date_is_shown_as_chinese_text() -> None:
    assert str(DateValue(2025, 1, 8)) == "2025年1月8日"
    assert str(DateValue(None, 12, None, "末")) == "12月末"
