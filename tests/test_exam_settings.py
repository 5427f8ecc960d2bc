"""Exams, easy days, the working calendar and finish_days in config.toml: read, checked with
one-line errors naming the file, the line and the key, and written back with tomlkit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from quiz.core.calendar import FINISH_DAYS_BEFORE, USUAL, Exam
from quiz.core.errors import QuizError, UsageError
from quiz.core.settings import Settings, load_settings, save_settings

EXAMS = """\
# mine
easy_days = {sat = 0.8, sun = 0.5}   # weekends lighter
calendar = "cn"
finish_days = 10

[[exam]]   # the big one
name = "国考"
date = 2026-11-29
decks = ["genai-filings-2024", "large-models-2025"]

[[exam]]
name = "事业单位"
date = 2027-04-18
retention = 0.95
"""


def test_exams_easy_days_calendar_and_finish_days_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(EXAMS, encoding="utf-8")
    settings = load_settings(path)
    assert settings.exams == (
        Exam("国考", date(2026, 11, 29), frozenset({"genai-filings-2024", "large-models-2025"})),
        Exam("事业单位", date(2027, 4, 18), None, 0.95))
    assert settings.easy_days == (1, 1, 1, 1, 1, 0.8, 0.5)
    assert settings.calendar == "CN" and settings.finish_days == 10
    assert Settings().exams == () and Settings().calendar is None
    assert Settings().finish_days == FINISH_DAYS_BEFORE == 7
    assert Settings().easy_days == USUAL == (1.0,) * 7
    assert load_settings(path, finish_days=3).finish_days == 3


@pytest.mark.parametrize("text, line, message", [
    ('[[exam]]\nname = "a"\ndate = "2026-11-29"\n', 3,
     "exam.date must be a date like 2026-11-29 (unquoted), not '2026-11-29'"),
    ('[[exam]]\nname = "a"\ndate = 2026-11-29T09:00:00\n', 3,
     "exam.date must be a date like 2026-11-29 (unquoted), not 2026-11-29 09:00:00"),
    ('[[exam]]\ndate = 2026-11-29\n', 1, "exam.name must be the exam's name, not None"),
    ('[[exam]]\nname = ""\ndate = 2026-11-29\n', 2, "exam.name must be the exam's name"),
    ('[[exam]]\nname = "a"\ndate = 2026-11-29\nroom = 3\n', 4,
     "exam: unknown key 'room'; an exam has name, date, decks, retention"),
    ('new_per_day = 1\n\n[[exam]]\nname = "a"\ndate = 2026-11-29\n\n[[exam]]\nname = "b"\n'
     'date = 2026-12-29\ndecks = []\n', 10, "exam[2].decks must be a list of deck slugs"),
    ('[[exam]]\nname = "a"\ndate = 2026-11-29\ndecks = [3]\n', 4, "exam.decks must be a list"),
    ('[[exam]]\nname = "a"\ndate = 2026-11-29\nretention = 0.5\n', 4,
     "exam.retention must be between 0.70 and 0.99, not 0.5"),
    ('[[exam]]\nname = "a"\ndate = 2026-11-29\n[[exam]]\nname = "a"\ndate = 2026-12-29\n', 5,
     "exam[2].name: another exam is already named 'a'"),
    ('exam = 3\n', 1, "exam must be one or more [[exam]] tables, not 3"),
    ('easy_days = {sun = 2}\n', 1, "easy_days.sun must be a share of the usual load from 0 to 1"),
    ('easy_days = {sunday = 0.5}\n', 1, "easy_days: unknown day 'sunday'; days are mon, tue"),
    ('new_per_day = 5\n[easy_days]\nsun = -1\n', 2, "easy_days.sun must be a share"),
    ('easy_days = "sun"\n', 1, "easy_days must be a table like {sun = 0.5}"),
    ('calendar = "XX"\n', 1, "calendar must be a country code such as \"CN\", not 'XX'"),
    ('calendar = 86\n', 1, "calendar must be a country code"),
    ('finish_days = 0\n', 1, "finish_days must be a whole number from 1 to 365, not 0"),
])
def test_bad_values_are_one_line_errors_at_their_key(tmp_path: Path, text: str, line: int,
                                                    message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuizError) as error:
        load_settings(path)
    assert str(error.value).startswith(f"{path}:{line}: {message}")
    assert "\n" not in str(error.value)


def test_a_bad_finish_days_flag_names_the_flag(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="^--finish-days: finish_days must be"):
        load_settings(tmp_path / "config.toml", finish_days=400)


def test_saving_keeps_the_exam_tables_and_their_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(EXAMS, encoding="utf-8")
    settings = load_settings(path)
    save_settings(path, settings)
    assert path.read_text(encoding="utf-8") == EXAMS           # nothing changed, nothing written
    more = replace(settings, new_per_day=5, exams=settings.exams + (
        Exam("省考", date(2026, 12, 6), frozenset({"lipu-hangers"})),))
    save_settings(path, more)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\neasy_days = {sat = 0.8, sun = 0.5}   # weekends lighter\n")
    assert "[[exam]]   # the big one\n" in text
    assert text.index("new_per_day = 5") < text.index("[[exam]]")
    assert text.endswith('\n\n[[exam]]\nname = "省考"\ndate = 2026-12-06\n'
                         'decks = ["lipu-hangers"]\n')
    assert load_settings(path) == more
    fewer = replace(more, exams=more.exams[1:], easy_days=(1.0,) * 6 + (0.5,), calendar=None)
    save_settings(path, fewer)
    text = path.read_text(encoding="utf-8")
    assert "国考" not in text and "calendar" not in text
    assert "easy_days = {sun = 0.5}" in text
    assert load_settings(path) == fewer
    save_settings(path, replace(fewer, exams=()))
    assert "[[exam]]" not in path.read_text(encoding="utf-8")
    assert load_settings(path).exams == ()
