"""Settings flags: each does what the README says on the commands that study; flag › config.toml
› default."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clockkit import Clock
from enginekit import NOON, SHANGHAI, basic_deck, write
from quiz.cli.main import SETTINGS_COMMANDS, main, parse_args
from quiz.cli.open import open_collection
from quiz.core.card_state import Rating
from quiz.study.collection import Collection
from quiz.study.session import How

CLOZE = "  - id: gap\n    type: cloze\n    text: 余额{{29.4万亿元}}\n"


def opened(tmp_path: Path, *flags: str, command: str = "study", home: str = "home",
           config: str = "") -> Collection:
    """The collection `quiz COMMAND FLAGS…` opens, on a deck of 30 basic cards and a cloze."""
    deck = tmp_path / "decks" / "d.yaml"
    if not deck.exists():
        write(tmp_path, "d.yaml", basic_deck("d", 30) + CLOZE)
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    args = parse_args([command, *flags, "--decks", str(tmp_path / "decks"),
                       "--data-dir", str(tmp_path / home),
                       "--config", str(tmp_path / "config.toml")])
    collection = open_collection(args)
    collection.tz = SHANGHAI
    return collection


def due_after(tmp_path: Path, ratings: list[Rating], *flags: str, home: str = "home",
              config: str = "", wait: timedelta = timedelta(0)) -> timedelta:
    """How long after its last answer the first card comes back, answered with `ratings`
    (the clock moving on by `wait` between answers)."""
    clock = Clock(NOON)
    with opened(tmp_path, *flags, home=home, config=config) as collection:
        card = collection.select()[0]
        for rating in ratings:
            session = collection.study([card], clock=clock)
            assert session.current == card
            session.answer(rating)
            clock.advance(seconds=wait.total_seconds())
        answered = clock() - wait
        return collection.store.state_of(card.deck, card.id).due - answered


def test_retention_changes_intervals(tmp_path: Path) -> None:
    default = due_after(tmp_path, [Rating.EASY], "--no-fuzz", home="a")
    lower = due_after(tmp_path, [Rating.EASY], "--no-fuzz", "--retention", "0.8", home="b")
    higher = due_after(tmp_path, [Rating.EASY], "--no-fuzz", "--retention", "0.97", home="c")
    assert higher < default < lower


def test_retention_flag_beats_config(tmp_path: Path) -> None:
    from_config = due_after(tmp_path, [Rating.EASY], "--no-fuzz", home="a",
                            config="desired_retention = 0.8\n")
    flag = due_after(tmp_path, [Rating.EASY], "--no-fuzz", "--retention", "0.9", home="b",
                     config="desired_retention = 0.8\n")
    default = due_after(tmp_path, [Rating.EASY], "--no-fuzz", home="c")
    assert flag == default < from_config


def easy_intervals(tmp_path: Path, *flags: str, home: str, config: str = "") -> set[datetime]:
    """The due dates of 25 new cards all answered Easy at the same moment."""
    clock = Clock(NOON)
    with opened(tmp_path, "--new-per-day", "100", *flags, home=home, config=config) \
            as collection:
        session = collection.study(collection.select()[:25], clock=clock)
        keys = []
        while session.current is not None:
            keys.append(session.current)
            session.answer(Rating.EASY)
        return {collection.store.state_of(card.deck, card.id).due for card in keys}


def test_no_fuzz_makes_intervals_deterministic(tmp_path: Path) -> None:
    assert len(easy_intervals(tmp_path, home="a")) > 1        # fuzz is on by default
    assert len(easy_intervals(tmp_path, "--no-fuzz", home="b")) == 1
    # --fuzz turns it back on over `fuzz = false` in config.toml
    assert len(easy_intervals(tmp_path, home="c", config="fuzz = false\n")) == 1
    assert len(easy_intervals(tmp_path, "--fuzz", home="d", config="fuzz = false\n")) > 1


def test_learning_steps(tmp_path: Path) -> None:
    assert due_after(tmp_path, [Rating.AGAIN], home="a") == timedelta(minutes=1)
    assert due_after(tmp_path, [Rating.GOOD], home="b") == timedelta(minutes=10)
    steps = ("--learning-steps", "2m,7m")
    assert due_after(tmp_path, [Rating.AGAIN], *steps, home="c") == timedelta(minutes=2)
    assert due_after(tmp_path, [Rating.GOOD], *steps, home="d") == timedelta(minutes=7)
    assert due_after(tmp_path, [Rating.GOOD], "--learning-steps", "2m,7m", home="e",
                     config='learning_steps = ["30m"]\n') == timedelta(minutes=7)


def test_relearning_steps(tmp_path: Path) -> None:
    lapse = [Rating.EASY, Rating.AGAIN]
    month = timedelta(days=30)
    assert due_after(tmp_path, lapse, "--no-fuzz", home="a", wait=month) \
        == timedelta(minutes=10)
    assert due_after(tmp_path, lapse, "--no-fuzz", "--relearning-steps", "45m", home="b",
                     wait=month) == timedelta(minutes=45)


def test_maximum_interval(tmp_path: Path) -> None:
    assert due_after(tmp_path, [Rating.EASY], "--no-fuzz", home="a") > timedelta(days=3)
    assert due_after(tmp_path, [Rating.EASY], "--no-fuzz", "--maximum-interval", "3",
                     home="b") == timedelta(days=3)


def test_type_basic(tmp_path: Path) -> None:
    def kinds(*flags: str, home: str, config: str = "") -> list[How]:
        with opened(tmp_path, "--new-per-day", "100", *flags, home=home,
                    config=config) as collection:
            found = []
            for card in (collection.card("d", "c0"), collection.card("d", "gap")):
                session = collection.study([card], clock=Clock(NOON))
                found.append(session.input_kind())
            return found

    assert kinds(home="a") == [How.SELF, How.SELF]
    assert kinds("--type-basic", home="b") == [How.TYPED, How.TYPED]
    assert kinds("--no-type-basic", home="c", config="type_basic = true\n") \
        == [How.SELF, How.SELF]


def test_new_per_day_in_quiz_due(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 30))

    def new_today(*flags: str) -> int:
        result = run_quiz("due", "--json", *flags)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["total"]["new"]

    assert new_today() == 20
    assert new_today("--new-per-day", "3") == 3
    assert new_today("--new-per-day=0") == 0
    (tmp_path / "config.toml").write_text("new_per_day = 5\n", encoding="utf-8")
    assert new_today() == 5
    assert new_today("--new-per-day", "7") == 7
    assert run_quiz("--new-per-day", "2", "due").stdout.splitlines()[0].split()[2] == "2"


def test_reviews_per_day(tmp_path: Path) -> None:
    clock = Clock(NOON)
    with opened(tmp_path, "--new-per-day", "100", "--no-fuzz", command="due") as collection:
        session = collection.study(collection.select()[:6], clock=clock)
        while session.current is not None:
            session.answer(Rating.EASY)
    later = clock.advance(days=90)
    for flags, due in (((), 6), (("--reviews-per-day", "4"), 4), (("--reviews-per-day", "0"), 0)):
        with opened(tmp_path, *flags, command="due") as collection:
            assert [c.due for c in collection.counts(later)] == [due]
            assert len(collection.availability(collection.select(), later).reviews) == due


def test_day_starts_at(tmp_path: Path) -> None:
    three_am = datetime(2026, 3, 2, 3, 0, tzinfo=SHANGHAI).astimezone(UTC)
    with opened(tmp_path, command="due") as collection:
        session = collection.study(collection.select()[:3], clock=lambda: three_am)
        for _ in range(3):
            session.answer(Rating.GOOD)
    five_am = three_am + timedelta(hours=2)
    with opened(tmp_path, command="due") as collection:     # day starts at 4: yesterday's
        assert collection.limits_left(five_am)[0] == 20
    with opened(tmp_path, "--day-starts-at", "2", command="due") as collection:
        assert collection.limits_left(five_am)[0] == 17     # today's: three new cards seen
    with opened(tmp_path, "--day-starts-at", "2", command="due",
                config="day_starts_at = 4\n") as collection:
        assert collection.limits_left(five_am)[0] == 17


def test_stats_takes_the_retention_target(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    for flags, desired in (((), 0.9), (("--retention", "0.85"), 0.85)):
        result = run_quiz("stats", "--json", *flags)
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["retention"]["desired"] == desired == report["recall"]["desired"]


@pytest.mark.parametrize("argv, before", [
    (["study"], False), (["study", "--cram"], True), (["exam", "--count", "2"], False),
    (["exam"], True), ([], True),
], ids=lambda value: " ".join(value) if isinstance(value, list) else f"flags-first={value}")
def test_the_tui_commands_study_with_the_flags(tmp_path: Path, monkeypatch, argv,
                                               before) -> None:
    """`quiz study`, `quiz exam` and bare `quiz` open the TUI over a collection that has them,
    given after the command's name or before it."""
    write(tmp_path, "d.yaml", basic_deck("d", 5))
    seen: list = []

    from quiz.tui import app as tui_app

    real_build_app = tui_app.build_app

    def build_app(collection, **options):
        seen.append(collection.settings)
        app = real_build_app(collection, **options)
        app.run = lambda: None   # made as the command makes it, but not run
        return app

    monkeypatch.setattr(tui_app, "build_app", build_app)
    flags = ["--retention", "0.8", "--new-per-day", "3", "--reviews-per-day", "9",
             "--learning-steps", "2m,7m", "--relearning-steps", "45m",
             "--maximum-interval", "99", "--no-fuzz", "--day-starts-at", "6", "--type-basic"]
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    places = ["--decks", str(tmp_path / "decks"), "--data-dir", str(tmp_path / "home"),
              "--config", str(tmp_path / "config.toml")]
    assert main([*flags, *argv, *places] if before else [*argv, *flags, *places]) == 0
    (settings,) = seen
    assert (settings.desired_retention, settings.new_per_day, settings.reviews_per_day,
            settings.learning_steps, settings.relearning_steps, settings.maximum_interval,
            settings.fuzz, settings.day_starts_at, settings.type_basic) == (
        0.8, 3, 9, (timedelta(minutes=2), timedelta(minutes=7)), (timedelta(minutes=45),), 99,
        False, 6, True)


def test_every_settings_command_takes_every_flag() -> None:
    for command in SETTINGS_COMMANDS:
        args = parse_args([command, "--retention", "0.8", "--no-fuzz", "--day-starts-at", "5"])
        assert (args.desired_retention, args.fuzz, args.day_starts_at) == (0.8, False, 5)


@pytest.mark.parametrize("argv, message", [
    (["due", "--retention", "2"], "--retention: desired_retention must be between 0.70 and 0.99"),
    (["due", "--new-per-day", "-1"], "--new-per-day: new_per_day must be a whole number"),
    (["study", "--learning-steps", "1x"], "--learning-steps: learning_steps must be a list"),
    (["due", "--day-starts-at", "24"], "--day-starts-at: day_starts_at must be a whole number"),
])
def test_a_bad_flag_value_is_one_line_naming_the_flag(run_quiz, tmp_path, argv, message) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    result = run_quiz(*argv)
    assert result.returncode == 2
    assert result.stderr.startswith(f"quiz: {message}") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("argv", [["--retention", "0.8", "check"], ["--no-fuzz", "suspend", "d"],
                                  ["check", "--new-per-day", "3"], ["due", "--new-per-day", "x"]],
                         ids=" ".join)
def test_settings_flags_elsewhere_are_usage_errors(run_quiz, tmp_path, argv) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    result = run_quiz(*argv)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_no_learning_steps_sends_a_new_card_straight_to_review(tmp_path: Path) -> None:
    assert due_after(tmp_path, [Rating.GOOD], "--no-fuzz", home="a") == timedelta(minutes=10)
    assert due_after(tmp_path, [Rating.GOOD], "--no-fuzz", "--learning-steps", "",
                     home="b") >= timedelta(days=1)


@pytest.mark.parametrize(("argv", "config", "theme"), [
    (["study"], "", "dark"),
    (["study", "--theme", "light"], "", "light"),
    (["--theme", "light", "exam"], "", "light"),
    ([], 'theme = "light"\n', "light"),
    (["exam", "--theme", "dark"], 'theme = "light"\n', "dark"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else repr(value))
def test_the_theme_is_the_flag_then_config_then_dark(tmp_path: Path, monkeypatch, argv, config,
                                                     theme) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 5))
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    seen: list[str] = []

    from quiz.tui import app as tui_app

    real_build_app = tui_app.build_app

    def build_app(collection, **options):
        app = real_build_app(collection, **options)
        seen.append(app.theme)
        app.run = lambda: None   # made as the command makes it, but not run
        return app

    monkeypatch.setattr(tui_app, "build_app", build_app)
    places = ["--decks", str(tmp_path / "decks"), "--data-dir", str(tmp_path / "home"),
              "--config", str(tmp_path / "config.toml")]
    assert main([*argv, *places]) == 0
    assert seen == [{"dark": "textual-dark", "light": "textual-light"}[theme]]
