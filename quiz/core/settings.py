"""Study settings from config.toml, overridable by command-line flags, validated with clear errors.

A missing file means the defaults. Every bad value is reported as one line naming the file,
the line of the key and what is allowed, e.g. `config.toml:3: desired_retention must be …`.
Exams (`[[exam]]` tables), easy days and the working calendar are validated by
`quiz.core.calendar`, since the scheduler reads them as settings too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.core.errors import QuizError, UsageError

if TYPE_CHECKING:
    from quiz.core.calendar import Exam, ExamSettingError

PARAMETER_COUNT = 21
_STEP_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])\Z")
_STEP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Settings:
    """How the scheduler and the daily queue behave for one learner."""

    desired_retention: float = 0.90
    new_per_day: int = 20
    reviews_per_day: int = 200
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    fuzz: bool = True
    day_starts_at: int = 4
    leech_lapses: int = 8
    type_basic: bool = False
    lang: str | None = None
    theme: str | None = None
    parameters: tuple[float, ...] | None = None
    # quiz.core.calendar (USUAL, FINISH_DAYS_BEFORE) has these defaults too, and the exams' and
    # easy days' validation; it is imported only when a config names them (a test ties the two).
    exams: tuple[Exam, ...] = ()
    easy_days: tuple[float, ...] = (1.0,) * 7
    calendar: str | None = None
    finish_days: int = 7


SETTING_NAMES = tuple(f.name for f in fields(Settings))
# The config.toml key of each setting, where it is not the setting's own name: exams are
# written as [[exam]] tables, one per exam.
KEYS = {name: name for name in SETTING_NAMES} | {"exams": "exam"}
SETTING_OF = {key: name for name, key in KEYS.items()}

# The flag that overrides each setting for one run, for the commands whose behaviour the
# settings decide (README, "Scheduling settings"). Precedence: flag › config.toml › default.
# `quiz.cli.options` adds them to the parser; a bad value given with one is reported by its flag.
FLAGS = {
    "desired_retention": "--retention",
    "new_per_day": "--new-per-day",
    "reviews_per_day": "--reviews-per-day",
    "learning_steps": "--learning-steps",
    "relearning_steps": "--relearning-steps",
    "maximum_interval": "--maximum-interval",
    "fuzz": "--fuzz",
    "day_starts_at": "--day-starts-at",
    "type_basic": "--type-basic",
    "finish_days": "--finish-days",
}


def parse_step(value: object) -> timedelta:
    """A learning step written as minutes (`10`) or with a unit (`30s`, `10m`, `1h`, `2d`)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        if value <= 0:
            raise ValueError
        return timedelta(minutes=value)
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        match = _STEP_RE.match(value.strip())
        if match and float(match.group(1)) > 0:
            return timedelta(seconds=float(match.group(1)) * _STEP_UNITS[match.group(2)])
    raise ValueError


def format_step(step: timedelta) -> str:
    """A step as config.toml writes it: the largest whole unit (`10m`, `1h`, `90s`)."""
    seconds = int(step.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _check(name: str, value: Any) -> Any:
    """Validate and normalise one setting; raises ValueError with what is allowed."""

    def integer(low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
        return value

    def boolean() -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, not {value!r}")
        return value

    def steps() -> tuple[timedelta, ...]:
        items = value if isinstance(value, (list, tuple)) else [value]
        try:
            return tuple(parse_step(item) for item in items)
        except ValueError:
            raise ValueError(f"{name} must be a list of steps like [\"1m\", \"10m\"] "
                             f"(s, m, h or d; a bare number is minutes), not {value!r}") from None

    def choice(options: tuple[str, ...]) -> str | None:
        if value is None or value in options:
            return value
        raise ValueError(f"{name} must be one of {', '.join(options)}, not {value!r}")

    if name == "desired_retention":
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not 0.70 <= value <= 0.99:
            raise ValueError(f"desired_retention must be between 0.70 and 0.99, not {value!r}")
        return float(value)
    if name == "new_per_day":
        return integer(0, 100_000)
    if name == "reviews_per_day":
        return integer(0, 1_000_000)
    if name in ("learning_steps", "relearning_steps"):
        return steps()
    if name == "maximum_interval":
        return integer(1, 36500)
    if name in ("fuzz", "type_basic"):
        return boolean()
    if name == "day_starts_at":
        return integer(0, 23)
    if name == "leech_lapses":
        return integer(1, 1000)
    if name == "lang":
        return choice(("zh", "en"))
    if name == "theme":
        return choice(("dark", "light"))
    if name == "parameters":
        return _parameters(value)
    if name in ("exams", "easy_days", "calendar"):
        from quiz.core import calendar

        if name == "exams":
            return calendar.parse_exams(value)
        if name == "easy_days":
            return calendar.parse_easy_days(value)
        return calendar.check_calendar(value)
    if name == "finish_days":
        return integer(1, 365)
    raise ValueError(f"unknown setting '{KEYS.get(name, name)}'; settings are "
                     f"{', '.join(KEYS.values())}")


def _parameters(value: Any) -> tuple[float, ...] | None:
    if value is None:
        return None
    if not isinstance(value, (list, tuple)) or len(value) != PARAMETER_COUNT or any(
            isinstance(v, bool) or not isinstance(v, (int, float)) for v in value):
        raise ValueError(f"parameters must be a list of {PARAMETER_COUNT} numbers "
                         f"(from `quiz optimize`)")
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    for index, (v, low, high) in enumerate(zip(value, LOWER_BOUNDS_PARAMETERS,
                                               UPPER_BOUNDS_PARAMETERS)):
        if not low <= v <= high:
            raise ValueError(f"parameters[{index}] = {v} is outside {low}–{high}")
    return tuple(float(v) for v in value)


def _key_line(text: str, key: str, start: int = 0) -> int:
    """The line where a top-level key is set (or its table begins), for error messages (1 if
    not found); from `start`, a position in the text."""
    name = rf"[\"']?{re.escape(key)}[\"']?"
    match = re.compile(rf"^[ \t]*(?:{name}[ \t]*=|\[[ \t]*{name}[ \t]*\])",
                       re.MULTILINE).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _exam_line(text: str, error: ExamSettingError) -> int:
    """The line of the key an `[[exam]]` error is about, within that exam's table (or of the
    table's header, or of an `exam =` key)."""
    headers = list(re.finditer(r"^[ \t]*\[\[[ \t]*[\"']?exam[\"']?[ \t]*\]\]", text,
                               re.MULTILINE))
    if error.index >= len(headers):
        return _key_line(text, "exam")
    header = headers[error.index]
    line = text.count("\n", 0, header.start()) + 1
    if error.key is None:
        return line
    end = headers[error.index + 1].start() if error.index + 1 < len(headers) else len(text)
    found = re.compile(rf"^[ \t]*[\"']?{re.escape(error.key)}[\"']?[ \t]*=",
                       re.MULTILINE).search(text, header.end(), end)
    return text.count("\n", 0, found.start()) + 1 if found else line


def load_settings(path: Path, **overrides: Any) -> Settings:
    """Settings from a config.toml (missing file = defaults), then command-line overrides:
    flag › config.toml › default."""
    values: dict[str, Any] = {}
    if path.is_file():
        import tomllib  # 5 ms to import: only when there is a file to read

        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise QuizError(f"{path}: not valid UTF-8; save it as UTF-8") from None
        except OSError as exc:
            raise QuizError(f"{path}: cannot read: {exc.strerror or exc}") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = re.sub(r" \(at line (\d+), column (\d+)\)$", "", str(exc))
            where = re.search(r"at line (\d+), column (\d+)", str(exc))
            location = f"{where.group(1)}:{where.group(2)}" if where else "1"
            raise QuizError(f"{path}:{location}: TOML syntax: {message}") from None
        for key, value in data.items():
            name = SETTING_OF.get(key, key)
            try:
                values[name] = _check(name, value)
            except ValueError as exc:
                from quiz.core.calendar import ExamSettingError

                line = _exam_line(text, exc) if isinstance(exc, ExamSettingError) \
                    else _key_line(text, key)
                raise QuizError(f"{path}:{line}: {exc}") from None
    for key, value in overrides.items():
        if value is None:
            continue
        try:
            values[key] = _check(key, value)
        except ValueError as exc:
            flag = FLAGS.get(key, "--" + key.replace("_", "-"))
            raise UsageError(f"{flag}: {exc}") from None
    return replace(Settings(), **values)


def _toml_value(name: str, value: Any) -> Any:
    """A setting as tomlkit writes it: steps as text like "10m", tuples as one-line arrays,
    easy days as an inline table of the days that are not usual, exams as [[exam]] tables."""
    import tomlkit

    from quiz.core.calendar import easy_days_table, exam_table

    if name == "exams":
        tables = tomlkit.aot()
        for exam in value:
            tables.append(tomlkit.item(exam_table(exam)))
        return tables
    if name == "easy_days":
        table = tomlkit.inline_table()
        table.update(easy_days_table(value))
        return table
    if isinstance(value, tuple):
        return [format_step(v) if isinstance(v, timedelta) else v for v in value]
    return value


def _save_exams(document: Any, exams: tuple[Exam, ...]) -> None:
    """Write the exams as [[exam]] tables, keeping the tables of the exams that stay (their
    comments and order) and adding the new ones after them."""
    import tomlkit

    from quiz.core.calendar import exam_table

    existing = document.get("exam")
    if not isinstance(existing, tomlkit.items.AoT):
        if existing is not None:
            del document["exam"]
        if exams:
            document["exam"] = _toml_value("exams", exams)
        return
    wanted = {exam.name: exam for exam in exams}
    kept: set[str] = set()
    for index in range(len(existing) - 1, -1, -1):
        table = existing[index]
        name = table.get("name")
        if name not in wanted or name in kept:
            del existing[index]
            continue
        kept.add(name)
        fresh = exam_table(wanted[name])
        for key in [key for key in table if key not in fresh]:
            del table[key]
        for key, value in fresh.items():
            if table.get(key) != value:
                table[key] = value
    for exam in exams:
        if exam.name not in kept:
            if len(existing):
                existing[-1].add(tomlkit.nl())   # a blank line between tables, as the user's
            existing.append(tomlkit.item(exam_table(exam)))
    if not len(existing):
        del document["exam"]


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings that differ from what the file says (or, for a key it does not
    have, from the default), editing the file in place and atomically.

    tomlkit keeps everything else as the user wrote it: comments, blank lines, key order,
    quoting and any table; a changed key keeps its place and its trailing comment.
    """
    import tomlkit

    from quiz.core.files import atomic_output

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        text = "# quiz settings; see the README for every key and its default.\n"
    except UnicodeDecodeError:
        raise QuizError(f"{path}: not valid UTF-8; save it as UTF-8") from None
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError as exc:
        raise QuizError(f"{path}: cannot update it: {exc}") from None
    current = document.unwrap()
    defaults = Settings()
    for name in SETTING_NAMES:
        key = KEYS[name]
        value = getattr(settings, name)
        try:
            written = _check(name, current[key]) if key in current else getattr(defaults, name)
        except ValueError:
            written = None  # a bad value in the file is replaced by the one to save
        if value == written:
            continue
        if name == "exams":
            _save_exams(document, value)
        elif key in current and value is None:
            del document[key]
        elif value is not None:
            document[key] = _toml_value(name, value)
    with atomic_output(path, replace=True, encoding="utf-8") as stream:
        stream.write(document.as_string())
