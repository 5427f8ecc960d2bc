"""Settings: defaults, config.toml, flags, and one-line errors that name the file and line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from quiz.core.errors import QuizError, UsageError
from quiz.core.settings import Settings, load_settings, parse_step, save_settings


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "config.toml")
    assert settings == Settings()
    assert settings.day_starts_at == 4 and settings.desired_retention == 0.9
    assert not (tmp_path / "config.toml").exists()


def test_file_values_then_flags_override_them(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('desired_retention = 0.85\nnew_per_day = 5\n'
                    'learning_steps = ["30s", "5m", 15]\n'
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


COMMENTED = """\
# My quiz settings.

desired_retention = 0.85   # a little lower than the default
learning_steps = ["1m", "10m", "1h"]

# Weights from last spring:
parameters = [{old}]  # refit monthly
new_per_day = 15

[notes]  # not read by quiz, but mine
reminder = "refit in June"
"""


def test_saving_edits_the_file_in_place_keeping_its_comments_and_layout(tmp_path: Path) -> None:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    old = ", ".join(f"{w:g}" for w in DEFAULT_PARAMETERS)
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED.format(old=old), encoding="utf-8")
    fitted = tuple(round(w * 1.01, 4) for w in DEFAULT_PARAMETERS)
    settings = Settings(desired_retention=0.85, new_per_day=15, learning_steps=(
        timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1)), parameters=fitted)
    save_settings(path, settings)
    new = ", ".join(repr(w) for w in fitted)
    assert path.read_text(encoding="utf-8") == COMMENTED.format(old=new)


def test_saving_adds_a_new_key_before_the_first_table_and_drops_an_unset_one(
        tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\nlang = "zh"  # 中文界面\nfuzz = false\n\n[notes]\nx = 1\n',
                    encoding="utf-8")
    save_settings(path, Settings(fuzz=False, new_per_day=5))
    assert path.read_text(encoding="utf-8") == \
        "# mine\nfuzz = false\nnew_per_day = 5\n\n[notes]\nx = 1\n"


def test_a_new_file_starts_with_a_pointer_to_the_readme(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_settings(path, Settings(new_per_day=5))
    assert path.read_text(encoding="utf-8") == \
        "# quiz settings; see the README for every key and its default.\nnew_per_day = 5\n"


# -- which file: a named one must exist --------------------------------------------------------

DECK = "deck: sample\ntitle: t\ncards:\n  - {id: a, q: b, a: c}\n"


@pytest.mark.parametrize("command", [("due",), ("check", "sample.yaml"), ("log", "export")])
def test_a_config_named_by_flag_or_environment_must_exist(run_quiz, tmp_path: Path,
                                                           command: tuple[str, ...]) -> None:
    (tmp_path / "sample.yaml").write_text(DECK, encoding="utf-8")
    flag = run_quiz(*command, "--config", "missing.toml", "--decks", "sample.yaml")
    assert (flag.returncode, flag.stdout) == (2, "")
    assert flag.stderr == "quiz: no such config file: missing.toml (from --config)\n"
    env = run_quiz(*command, "--decks", "sample.yaml",
                   env={"QUIZ_CONFIG": str(tmp_path / "gone.toml")})
    assert (env.returncode, env.stdout) == (2, "")
    assert env.stderr == \
        f"quiz: no such config file: {tmp_path / 'gone.toml'} (from $QUIZ_CONFIG)\n"
    directory = run_quiz(*command, "--config", ".", "--decks", "sample.yaml")
    assert directory.returncode == 2
    assert directory.stderr == "quiz: config file . (from --config) is a directory\n"
    assert not (tmp_path / "home").exists()


def test_a_missing_default_config_means_the_defaults(run_quiz, quiz_env, tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(DECK, encoding="utf-8")
    env = {key: value for key, value in quiz_env.items() if key != "QUIZ_CONFIG"}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "no-such-dir")
    result = subprocess.run([sys.executable, "-m", "quiz", "due", "--decks", "sample.yaml"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sample")
    named = run_quiz("due", "--decks", "sample.yaml", "--config", "config.toml")
    assert named.returncode == 0 and named.stdout == result.stdout


# -- where things live: flag › environment › the platform's directory -------------------------

def without_quiz_locations(quiz_env: dict[str, str], home: Path) -> dict[str, str]:
    """The environment of a user with no QUIZ_HOME, QUIZ_CONFIG or XDG directories set, whose
    home directory is `home`."""
    env = {key: value for key, value in quiz_env.items()
           if key not in ("QUIZ_HOME", "QUIZ_CONFIG") and not key.startswith("XDG_")}
    return {**env, "HOME": str(home)}


def quiz(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quiz", *args, "--decks", "sample.yaml"],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_the_store_is_in_data_dir_then_quiz_home_then_the_users_data_directory(
        quiz_env, tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(DECK, encoding="utf-8")
    env = without_quiz_locations(quiz_env, tmp_path / "me")
    with_home = {**env, "QUIZ_HOME": str(tmp_path / "env")}
    assert quiz(with_home, tmp_path, "suspend", "sample", "--data-dir", "flag").returncode == 0
    assert (tmp_path / "flag" / "quiz.db").is_file() and not (tmp_path / "env").exists()
    assert quiz(with_home, tmp_path, "suspend", "sample").returncode == 0
    assert (tmp_path / "env" / "quiz.db").is_file() and not (tmp_path / "me").exists()
    assert quiz(env, tmp_path, "suspend", "sample").returncode == 0
    assert (tmp_path / "me" / ".local" / "share" / "quiz" / "quiz.db").is_file()
    assert not (tmp_path / "home").exists()       # the fixture's QUIZ_HOME was taken away


def test_settings_are_read_from_config_then_quiz_config_then_the_users_config_directory(
        quiz_env, tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(basic_deck_text(30), encoding="utf-8")
    for name, new in (("flag.toml", 3), ("env.toml", 5), ("me/.config/quiz/config.toml", 7)):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"new_per_day = {new}\n", encoding="utf-8")
    env = without_quiz_locations(quiz_env, tmp_path / "me")
    named = {**env, "QUIZ_CONFIG": str(tmp_path / "env.toml")}
    for run_env, flags, new in ((named, ("--config", "flag.toml"), 3), (named, (), 5),
                                (env, (), 7)):
        result = quiz(run_env, tmp_path, "due", "--json", *flags)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["total"]["new"] == new


def basic_deck_text(count: int) -> str:
    cards = "".join(f"  - {{id: c{index}, q: q{index}, a: a{index}}}\n" for index in range(count))
    return f"deck: sample\ntitle: t\ncards:\n{cards}"
