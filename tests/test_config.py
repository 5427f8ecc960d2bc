"""Settings: defaults, config.toml, flags, and one-line errors that name the file and line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from quiz.config import Settings, load_settings, parse_step, save_settings
from quiz.errors import QuizError, UsageError


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "config.toml")
    assert settings == Settings()
    assert settings.day_starts_at == 4 and settings.desired_retention == 0.9
    assert not (tmp_path / "config.toml").exists()


def test_file_values_then_flags_override_them(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('desired_retention = 0.85\nnew_per_day = 5\nlearning_steps = ["30s", "5m", 15]\n'
                    'relearning_steps = []\nfuzz = false\nlang = "zh"\n', encoding="utf-8")
    settings = load_settings(path, new_per_day=7, desired_retention=None)
    assert settings.desired_retention == 0.85
    assert settings.new_per_day == 7
    assert settings.learning_steps == (timedelta(seconds=30), timedelta(minutes=5),
                                       timedelta(minutes=15))
    assert settings.relearning_steps == ()
    assert settings.fuzz is False and settings.lang == "zh"


@pytest.mark.parametrize("line, message", [
    ("desired_retention = 1.5", "desired_retention must be between 0.70 and 0.99"),
    ("desired_retention = true", "desired_retention must be between 0.70 and 0.99"),
    ("new_per_day = -1", "new_per_day must be a whole number"),
    ("new_per_day = 2.5", "new_per_day must be a whole number"),
    ("learning_steps = [\"10x\"]", "learning_steps must be a list of steps"),
    ("learning_steps = [0]", "learning_steps must be a list of steps"),
    ("day_starts_at = 24", "day_starts_at must be a whole number from 0 to 23"),
    ("fuzz = \"yes\"", "fuzz must be true or false"),
    ("lang = \"fr\"", "lang must be one of zh, en"),
    ("parameters = [1, 2]", "parameters must be a list of 21 numbers"),
    ("retention = 0.9", "unknown setting 'retention'"),
])
def test_bad_values_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"# settings\n\n{line}\n", encoding="utf-8")
    with pytest.raises(QuizError) as error:
        load_settings(path)
    text = str(error.value)
    assert text.startswith(f"{path}:3: ")
    assert message in text
    assert "\n" not in text


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("new_per_day = 5\nfuzz = = true\n", encoding="utf-8")
    with pytest.raises(QuizError, match=rf"^{path}:2:\d+: TOML syntax: "):
        load_settings(path)


def test_bad_flag_is_a_usage_error_naming_the_flag(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^--retention: desired_retention must be"):
        load_settings(tmp_path / "config.toml", desired_retention=0.5)


def test_parameters_out_of_bounds_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("parameters = [" + ", ".join(["500"] * 21) + "]\n", encoding="utf-8")
    with pytest.raises(QuizError, match=r"parameters\[0\] = 500 is outside"):
        load_settings(path)


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    from fsrs.scheduler import DEFAULT_PARAMETERS

    settings = Settings(desired_retention=0.8, new_per_day=3, learning_steps=(
        timedelta(seconds=90), timedelta(hours=1)), fuzz=False, lang="en", theme="light",
        parameters=tuple(DEFAULT_PARAMETERS))
    save_settings(path, settings)
    assert load_settings(path) == settings


@pytest.mark.parametrize("text, seconds", [(10, 600), ("30s", 30), ("10m", 600), ("1h", 3600),
                                           ("2d", 172800), ("1.5m", 90)])
def test_parse_step(text: object, seconds: int) -> None:
    assert parse_step(text).total_seconds() == seconds
