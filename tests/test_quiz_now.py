"""QUIZ_NOW stands in for the system clock in every command (`quiz.core.clock.now`): each
command of the COMMANDS table either shows the moment it names, or reads no clock and says the
same at any moment; a bad value is a one-line usage error whatever the command."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from enginekit import write
from quiz.cli.main import COMMANDS, main
from quiz.core import clock
from quiz.core.card_state import Rating
from quiz.study.collection import Collection

EARLY = "2026-05-01T12:00:00+00:00"
LATE = "2026-07-01T12:00:00+00:00"
DECK = """\
deck: d
title: D
cards:
  - id: c0
    q: question 0?
    a: answer 0
    valid_until: 2026-06-01
  - id: c1
    q: question 1?
    a: answer 1
"""
LOG = "card_id,review_rating,review_time,review_duration\n1,3,2026-06-01T08:00:00+00:00,4000\n"
ARTICLE = Path(__file__).resolve().parent.parent / "seeds" / "000_cc1b8b3426606615.txt"


class Run:
    """`quiz ARGS…` in this process at a QUIZ_NOW, over the folder's decks, store and config."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        write(root, "d.yaml", DECK)
        (root / "config.toml").write_text("", encoding="utf-8")
        (root / "review-log.csv").write_text(LOG, encoding="utf-8")
        (root / "seeds").mkdir()
        (root / "seeds" / "article.txt").write_bytes(ARTICLE.read_bytes())
        for name in ("QUIZ_DECKS", "QUIZ_HOME", "QUIZ_CONFIG"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.chdir(root)
        monkeypatch.setenv("TZ", "UTC")

    def __call__(self, now: str, *args: str) -> tuple[int, str, str]:
        self.monkeypatch.setenv("QUIZ_NOW", now)
        self.capsys.readouterr()
        code = main([*args, "--data-dir", str(self.root / "home"),
                     "--config", str(self.root / "config.toml")])
        out, err = self.capsys.readouterr()
        return code, out, err

    def studied(self, moment: str) -> None:
        """Answer d/c1 Good at `moment`."""
        with Collection.open(deck_paths=[self.root / "decks"], data_dir=self.root / "home",
                             config_path=self.root / "config.toml") as collection:
            at = datetime.fromisoformat(moment)
            session = collection.study(collection.find(["d/c1"]), clock=lambda: at)
            session.answer(Rating.GOOD)
            while session.current is not None:
                session.answer(Rating.GOOD)


def same_at_any_moment(*args: str) -> Callable[[Run], None]:
    """A command that reads no clock: the same output early and late."""

    def scenario(run: Run) -> None:
        early, late = run(EARLY, *args), run(LATE, *args)
        assert early[0] == 0, early
        assert early == late

    return scenario


def toggled(args: list[str], undo: list[str]) -> Callable[[Run], None]:
    """A command that changes a card but reads no clock: undone, it says the same again at
    another moment."""

    def scenario(run: Run) -> None:
        run(EARLY, *undo)
        early = run(EARLY, *args)
        assert early[0] == 0, early
        run(EARLY, *undo)
        assert run(LATE, *args) == early

    return scenario


def new(run: Run) -> None:            # reads no clock: the same deck early and late
    for now in (EARLY, LATE):
        assert run(now, "new", "--source", "seeds/article.txt", "-o", f"{now[:7]}.yaml",
                   "s")[0] == 0
    assert (run.root / "2026-05.yaml").read_bytes() == (run.root / "2026-07.yaml").read_bytes()


def check(run: Run) -> None:           # valid_until against today
    assert "expired" not in run(EARLY, "check")[1]
    assert "the fact expired on 2026-06-01" in run(LATE, "check")[1]


def export(run: Run) -> None:          # the package's notes are stamped with the moment
    for now in (EARLY, LATE):
        target = run.root / f"{now[:10]}.apkg"
        assert run(now, "export", "anki", "d", "-o", str(target))[0] == 0
        with zipfile.ZipFile(target) as package:
            package.extract("collection.anki2", run.root / now[:10])
        conn = sqlite3.connect(run.root / now[:10] / "collection.anki2")
        assert {mod for mod, in conn.execute("SELECT mod FROM notes")} == {
            int(datetime.fromisoformat(now).timestamp())}
        conn.close()


def due(run: Run) -> None:             # the expired card leaves today's queue
    assert json.loads(run(EARLY, "due", "--json")[1])["total"]["new"] == 2
    assert json.loads(run(LATE, "due", "--json")[1])["total"]["new"] == 1


def reset(run: Run) -> None:           # the reset is logged at the moment
    run.studied(EARLY)
    assert run(LATE, "reset", "d/c1")[0] == 0
    entries = json.loads(run(LATE, "history", "d/c1", "--json")[1])["entries"]
    assert entries[-1]["kind"] == "reset"
    assert datetime.fromisoformat(entries[-1]["time"]) - datetime.fromisoformat(LATE) \
        < timedelta(minutes=1)


def log(run: Run) -> None:             # a review dated after the moment is refused
    early = run(EARLY, "log", "import", "review-log.csv")
    assert early[0] != 0 and "2026-06-01" in early[2]
    assert run(LATE, "log", "import", "review-log.csv")[0] == 0


def optimize(run: Run) -> None:        # likewise for a log to fit
    early = run(EARLY, "optimize", "--log", "review-log.csv")
    late = run(LATE, "optimize", "--log", "review-log.csv")
    assert "2026-06-01" in early[2] and "2026-06-01" not in late[2]


def tui(command: str) -> Callable[[Run], None]:
    def scenario(run: Run) -> None:    # the app's clock
        from quiz.tui import app as tui_app

        clocks = []
        real_build_app = tui_app.build_app

        def build_app(collection, **options):
            app = real_build_app(collection, **options)
            clocks.append(app.clock)
            app.run = lambda: None
            return app

        run.monkeypatch.setattr(tui_app, "build_app", build_app)
        for now in (EARLY, LATE):
            assert run(now, command)[0] == 0
            assert abs(clocks[-1]() - datetime.fromisoformat(now)) < timedelta(minutes=1)

    return scenario


def serve(run: Run) -> None:           # each tab's app: `quiz` itself, in the server's environment
    import shlex

    from quiz.serve import server as served
    from quiz.tui import app as tui_app

    commands: list[str] = []

    class Server:
        def __init__(self, command: str, **_options) -> None:
            commands.append(command)

        def run(self, announce) -> None:
            pass

    run.monkeypatch.setattr(served, "QuizServer", Server)
    clocks = []
    real_build_app = tui_app.build_app

    def build_app(collection, **options):
        app = real_build_app(collection, **options)
        clocks.append(app.clock)
        app.run = lambda: None
        return app

    run.monkeypatch.setattr(tui_app, "build_app", build_app)
    for now in (EARLY, LATE):
        assert run(now, "serve", "--port", "0")[0] == 0
        # A tab runs the command with QUIZ_NOW still set (textual-serve passes the server's
        # environment on): run its arguments here, as the tab's process would.
        argv = shlex.split(commands[-1])
        assert argv[0] == "exec" and argv[2:4] == ["-m", "quiz"]
        assert main(argv[4:]) == 0
        assert abs(clocks[-1]() - datetime.fromisoformat(now)) < timedelta(minutes=1)


def stats(run: Run) -> None:           # today
    assert json.loads(run(EARLY, "stats", "--json")[1])["today"] == EARLY[:10]
    assert json.loads(run(LATE, "stats", "--json")[1])["today"] == LATE[:10]


def plan(run: Run) -> None:            # days left
    (run.root / "config.toml").write_text('[[exam]]\nname = "x"\ndate = 2026-12-01\n',
                                          encoding="utf-8")
    assert json.loads(run(EARLY, "plan", "--json")[1])["exams"][0]["days_left"] == 214
    assert json.loads(run(LATE, "plan", "--json")[1])["exams"][0]["days_left"] == 153


def history(run: Run) -> None:         # recall now
    run.studied(EARLY)
    soon, later = (json.loads(run(now, "history", "d/c1", "--json")[1])["state"]
                   for now in (EARLY, LATE))
    assert soon["retrievability"] > 0.99 > later["retrievability"]


def backup(run: Run) -> None:          # the file's name
    run.studied(EARLY)
    assert run(EARLY, "backup")[1].strip().endswith("quiz-backup-20260501-120000.db")
    assert run(LATE, "backup")[1].strip().endswith("quiz-backup-20260701-120000.db")


SCENARIOS: dict[str, Callable[[Run], None]] = {
    "check": check,
    "new": new,
    "draft": same_at_any_moment("draft", "seeds/article.txt"),
    "show": same_at_any_moment("show", "d"),
    "try": same_at_any_moment("try", "d/c1", "answer 1"),
    "export": export,
    "import": same_at_any_moment("import", "csv", "review-log.csv", "--deck", "i", "-o", "-"),
    "due": due,
    "orphans": same_at_any_moment("orphans"),
    "suspend": toggled(["suspend", "d/c0"], ["unsuspend", "d/c0"]),
    "unsuspend": toggled(["unsuspend", "d/c0"], ["suspend", "d/c0"]),
    "reset": reset,
    "log": log,
    "optimize": optimize,
    "study": tui("study"),
    "exam": tui("exam"),
    "stats": stats,
    "plan": plan,
    "history": history,
    "backup": backup,
    "doctor": same_at_any_moment("doctor"),
    "serve": serve,
}
# The arguments a command needs to get past its parser.
NEEDS = {"new": ["--source", "seeds/article.txt", "s"], "draft": ["seeds/article.txt"],
         "show": ["d"], "try": ["d/c1", "x"], "export": ["anki", "d", "-o", "x.apkg"],
         "import": ["csv", "x.csv", "--deck", "i"],
         "suspend": ["d"], "unsuspend": ["d"], "reset": ["d"], "log": ["export"],
         "history": ["d/c1"]}


def test_every_command_says_what_quiz_now_does_to_it() -> None:
    assert set(SCENARIOS) == set(COMMANDS)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_quiz_now_reaches_every_command(command: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    SCENARIOS[command](Run(tmp_path, monkeypatch, capsys))


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("value", ["tomorrow", "2026-11-20", "2026-11-20T09:00:00"])
def test_a_bad_quiz_now_is_a_one_line_usage_error(command: str, value: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = Run(tmp_path, monkeypatch, capsys)(value, command, *NEEDS.get(command, []))
    assert code == 2 and out == ""
    assert err == (f"quiz: QUIZ_NOW must be a date and time with its UTC offset, such as "
                   f"2026-11-20T09:00:00+08:00, not {value!r}\n")


def test_the_clock_runs_on_from_quiz_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZ_NOW", "2026-11-20T09:00:00+08:00")
    first = clock.now()
    assert first - datetime.fromisoformat("2026-11-20T01:00:00+00:00") < timedelta(seconds=5)
    assert clock.now() >= first and first.tzinfo is not None
    monkeypatch.setenv("QUIZ_NOW", "2027-01-01T00:00:00Z")
    assert clock.now().year == 2027
    monkeypatch.delenv("QUIZ_NOW")
    assert abs(clock.now() - datetime.now().astimezone()) < timedelta(seconds=5)
