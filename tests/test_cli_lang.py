"""--lang (and `lang` in config.toml, and the locale) reaches every command's output, not only
the TUI: `--lang` › config.toml › the locale. Every command in quiz.cli.main.COMMANDS has a case
below, run in both languages, that compares a line it prints with the catalogue's; a new command
without one fails `test_every_command_speaks_the_chosen_language`. What stays English on purpose
(JSON, problem lines located in a file, usage errors, --help) is in the README, by --lang."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from enginekit import basic_deck, write
from quiz.cli.main import COMMANDS
from quiz.render.i18n import Messages

LANGS = ("en", "zh")
# An article with a date and a figure in it, for `quiz new` and `quiz draft`.
ARTICLE = ("全国粮食总产量创新高\n\n国家统计局2024年12月13日公布，2024年全国粮食总产量为"
           "14130亿斤，比上年增加222亿斤。\n")


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    write(tmp_path, "a.yaml", basic_deck("a", 3))
    return write(tmp_path, "b.yaml", basic_deck("b", 1))


# -- one case per command ---------------------------------------------------------------------
# Each gets `quiz` (run_quiz with --lang added), the test's directory (decks a: 3 cards and
# b: 1 card in ./decks, the store in ./home) and the catalogue in the language asked for.

Quiz = Callable[..., object]
CASES: dict[str, Callable[[Quiz, Path, Messages], None]] = {}


def case(command: str):
    def register(function):
        CASES[command] = function
        return function
    return register


def lines(result) -> list[str]:
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


@case("check")
def check_case(quiz, root: Path, t: Messages) -> None:
    checked = t("check.checked", files=t("check.files", count=2), cards=t("check.cards", count=4))
    assert quiz("check").stdout == t("check.clean", checked=checked) + "\n"
    (root / "decks" / "c.yaml").write_text("deck: c\ntitle: c\ncards:\n  - id: x\n    q: y\n",
                                           encoding="utf-8")
    summary = lines(quiz("check"))[-1]
    checked = t("check.checked", files=t("check.files", count=3), cards=t("check.cards", count=5))
    assert summary == t("check.problems", checked=checked, errors=t("check.errors", count=1),
                        warnings=t("check.warnings", count=0))


@case("new")
def new_case(quiz, root: Path, t: Messages) -> None:
    (root / "art").mkdir()
    (root / "art" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert lines(quiz("new", "x", "--source", "art/a.txt", "-o", "art/x.yaml")) \
        == [t("files.wrote", path="art/x.yaml")]
    (root / "art" / "empty.txt").write_text("\n", encoding="utf-8")
    refused = quiz("new", "y", "--source", "art/empty.txt", "-o", "art/y.yaml")
    assert refused.stderr == f"quiz: {t('new.no_text', source='art/empty.txt')}\n"


@case("draft")
def draft_case(quiz, root: Path, t: Messages) -> None:
    (root / "art").mkdir()
    (root / "art" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert lines(quiz("draft", "art/a.txt", "-o", "art/d.yaml")) \
        == [t("files.wrote", path="art/d.yaml")]


@case("show")
def show_case(quiz, root: Path, t: Messages) -> None:
    shown = quiz("show", "a").stdout
    assert t("show.cards", count=3) in shown and f"{t('show.q')} question 0 of a?" in shown
    write(root, "c.yaml", "deck: c\ntitle: c\ncards:\n"
                          "  - {id: one, q: 哪一年？, a: 2024年, quote: 2024年是第一年}\n"
                          "  - {id: two, q: 第一年是哪一年？, a: 2024年}\n")
    related = lines(quiz("show", "c", "--related"))
    assert related == [t("show.related", deck="c", count=1),     # one pair, both ways
                       t("show.pair", giver="one", given="two", where="2024年 (a)"),
                       t("show.pair", giver="two", given="one", where="2024年 (a)")]


@case("try")
def try_case(quiz, root: Path, t: Messages) -> None:
    right = quiz("try", "a/c0", "answer 0")
    assert right.returncode == 0
    assert right.stdout.startswith(t("try.right") + " · ")
    assert right.stdout.splitlines()[-1] == t("try.expected", expected="answer 0")
    wrong = quiz("try", "a/c0", "answer 9")
    assert wrong.returncode == 1 and wrong.stdout.startswith(t("try.wrong") + " · ")


@case("export")
def export_case(quiz, root: Path, t: Messages) -> None:
    assert lines(quiz("export", "anki", "a", "-o", "a.apkg")) == [t(
        "export.wrote", path="a.apkg", notes=t("export.notes", count=3),
        decks=t("export.decks", count=1))]
    write(root, "bad.yaml", "deck: bad\ntitle: bad\ncards:\n  - id: x\n    q: y\n")
    refused = quiz("export", "anki", "bad", "-o", "bad.apkg")
    assert refused.stderr.splitlines()[-1] == f"quiz: {t('export.has_errors', deck='bad')}"


@case("import")
def import_case(quiz, root: Path, t: Messages) -> None:
    (root / "notes.txt").write_text("front\tback\nfront 2\tback 2\n", encoding="utf-8")
    assert lines(quiz("import", "csv", "notes.txt", "--deck", "n", "-o", "n.yaml")) \
        == [t("import.wrote", path="n.yaml", count=2)]


@case("due")
def due_case(quiz, root: Path, t: Messages) -> None:
    shown = lines(quiz("due"))
    assert [line.split()[1] for line in shown[:3]] == [t("due.new")] * 3
    assert shown[2].startswith(t("due.total"))
    assert shown[3] == t("due.next", card="a/c0", question="question 0 of a?")


@case("orphans")
def orphans_case(quiz, root: Path, t: Messages) -> None:
    assert lines(quiz("orphans")) == [t("orphans.none")]


@case("suspend")
def suspend_case(quiz, root: Path, t: Messages) -> None:
    assert lines(quiz("suspend", "a/c0", "a/c1")) == [t("cards.suspend", count=2)]


@case("unsuspend")
def unsuspend_case(quiz, root: Path, t: Messages) -> None:
    quiz("suspend", "a/c0", "a/c1")
    assert lines(quiz("unsuspend", "a")) \
        == [t("cards.unsuspend", count=2) + t("cards.of_named", count=3)]


@case("reset")
def reset_case(quiz, root: Path, t: Messages) -> None:
    assert lines(quiz("reset", "b/c0")) \
        == [t("cards.reset", count=0) + t("cards.of_named", count=1)]


@case("log")
def log_case(quiz, root: Path, t: Messages) -> None:
    exported = quiz("log", "export", "-o", "log.csv")
    assert exported.stderr == t("log.wrote", count=0, shown="0", path="log.csv") + "\n"
    imported = lines(quiz("log", "import", "log.csv"))
    assert imported == [t("log.added", path="log.csv", count=0, shown="0", deck="import-log",
                          present="0")]


@case("optimize")
def optimize_case(quiz, root: Path, t: Messages) -> None:
    from quiz.stats.optimize import MIN_REVIEWS

    refused = quiz("optimize")
    assert refused.returncode == 1
    assert refused.stderr == f"quiz: {t('optimize.too_few', needed=MIN_REVIEWS, scored=0)}\n"


@case("study")
def study_case(quiz, root: Path, t: Messages) -> None:
    shown = lines(quiz("study", "a", "--plain", input=""))
    assert t("plain.question", text="question 0 of a?") in shown
    assert shown[-1] in {t("plain.paused", count=0, left=left) for left in range(20)}


@case("exam")
def exam_case(quiz, root: Path, t: Messages) -> None:
    shown = lines(quiz("exam", "a", "--plain", "--count", "1", input=""))
    assert t("report.score", score=t.percent(0.0)) in shown
    assert t("plain.results", heading=t("report.by_deck"), results="a 0/1") in shown


@case("stats")
def stats_case(quiz, root: Path, t: Messages) -> None:
    assert t("stats.due", today="0", tomorrow="0", week="0") in lines(quiz("stats"))


@case("plan")
def plan_case(quiz, root: Path, t: Messages) -> None:
    refused = quiz("plan")
    assert refused.returncode == 1 and refused.stderr == f"quiz: {t('plan.no_exam')}\n"
    shown = lines(quiz("plan", "--exam", "2099-01-01"))
    days = (date(2099, 1, 1) - date.today()).days      # the study day may be the day before
    assert shown[0] in {t("plan.heading", name="exam", date="2099-01-01", count=count)
                        for count in (days, days + 1)}
    assert shown[1].split()[0] == t("plan.col.deck") and shown[-2].startswith(t("plan.total"))
    assert shown[-1] in {t("plan.on_track"), t("plan.behind", count=1)}


@case("history")
def history_case(quiz, root: Path, t: Messages) -> None:
    history = quiz("history", "a/c0").stdout
    assert t("verdict.expected", expected="answer 0") in history
    assert t("history.never") in history and t("history.phase.new") in history


@case("backup")
def backup_case(quiz, root: Path, t: Messages) -> None:
    store = root / "home" / "quiz.db"
    refused = quiz("backup")
    assert refused.returncode == 1
    assert refused.stderr == f"quiz: {t('backup.no_store', path=store)}\n"
    quiz("due")                                     # makes the store
    written = quiz("backup").stdout                 # the path alone, for scripts
    assert Path(written.strip()).is_file() and written.count("\n") == 1


@case("doctor")
def doctor_case(quiz, root: Path, t: Messages) -> None:
    store = root / "home" / "quiz.db"
    assert lines(quiz("doctor")) == [t("doctor.line_facts", path=store,
                                       verdict=t("doctor.verdict.missing"),
                                       facts=t("doctor.no_store"))]
    store.parent.mkdir()
    store.write_bytes(b"not a database " * 100)
    damaged = lines(quiz("doctor"))
    assert damaged[:3] == [t("doctor.line", path=store, verdict=t("doctor.verdict.damaged")),
                           f"  {t('doctor.not_sqlite')}", t("doctor.what_to_do")]
    assert damaged[3] == f"  - {t('doctor.move_out', name='quiz.db', directory=store.parent)}"


@case("serve")
def serve_case(quiz, root: Path, t: Messages) -> None:
    pytest.importorskip("textual_serve", reason="quiz serve needs the serve extra")
    from servekit import start_server

    served = start_server(root, "--lang", t.lang, decks=root / "decks")
    try:
        assert served.lines[0] == t("serve.open", url=served.url)
    finally:
        assert served.stop() == 0


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_speaks_the_chosen_language(run_quiz, decks, tmp_path: Path,
                                                  command: str, lang: str) -> None:
    assert command in CASES, f"quiz {command} has no case in {__name__}: add one"

    def quiz(*args: str, **options):
        return run_quiz(*args, "--lang", lang, **options)

    CASES[command](quiz, tmp_path, Messages(lang))


def test_every_case_is_a_command() -> None:
    assert set(CASES) <= set(COMMANDS)


# -- where the language comes from, and what it leaves alone ------------------------------------

def test_the_configured_language_and_the_locale(run_quiz, decks, tmp_path: Path) -> None:
    zh, en = Messages("zh"), Messages("en")
    assert run_quiz("orphans").stdout == en("orphans.none") + "\n"            # LANG=C.UTF-8
    assert run_quiz("orphans", env={"LANG": "zh_CN.UTF-8"}).stdout == zh("orphans.none") + "\n"
    (tmp_path / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")
    for command in (["orphans"], ["check"], ["show", "b"]):    # with and without a store
        result = run_quiz(*command)
        assert result.returncode == 0, result.stderr
        assert en("orphans.none") not in result.stdout
        assert any(zh(key).split("{")[0] in result.stdout
                   for key in ("orphans.none", "check.clean", "show.q"))
    assert run_quiz("orphans", "--lang", "en").stdout == en("orphans.none") + "\n"


@pytest.mark.parametrize("lang", LANGS)
def test_a_store_failure_is_said_in_the_language_of_the_run(run_quiz, decks, tmp_path: Path,
                                                            lang: str) -> None:
    t = Messages(lang)
    store = tmp_path / "home" / "quiz.db"
    store.parent.mkdir()
    store.write_bytes(b"not a database " * 100)
    for command in (["due"], ["suspend", "a"], ["stats"]):
        result = run_quiz(*command, "--lang", lang)
        assert result.returncode == 1
        assert result.stderr == f"quiz: {t('store.not_sqlite', path=store)}\n", command
    (tmp_path / "config.toml").write_text(f'lang = "{lang}"\n', encoding="utf-8")
    assert run_quiz("due").stderr == f"quiz: {t('store.not_sqlite', path=store)}\n"


@pytest.mark.parametrize("lang", LANGS)
def test_answers_dated_after_today_are_a_warning_in_the_language_of_the_run(
        run_quiz, decks, tmp_path: Path, lang: str) -> None:
    t = Messages(lang)
    ahead = {"QUIZ_NOW": "2036-01-01T10:00:00+08:00"}
    run_quiz("study", "--plain", input="\n3\n", env=ahead)      # one answer, ten years ahead
    warning = f"quiz: {t('due.future', count=1, shown='1')}"
    for command in (["due"], ["stats"], ["study", "--plain"]):
        result = run_quiz(*command, "--lang", lang, input="")
        assert result.returncode == 0, result.stderr
        assert warning in result.stderr.splitlines(), command


@pytest.mark.parametrize("lang", LANGS)
def test_an_exam_naming_decks_not_loaded_is_a_warning_in_the_language_of_the_run(
        run_quiz, decks, tmp_path: Path, lang: str) -> None:
    t = Messages(lang)
    (tmp_path / "config.toml").write_text(
        '[[exam]]\nname = "x"\ndate = 2099-01-01\ndecks = ["a", "gone"]\n', encoding="utf-8")
    result = run_quiz("plan", "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"quiz: {t('plan.unknown_decks', name='x', decks='gone')}\n"


def test_json_output_is_the_same_in_every_language(run_quiz, decks) -> None:
    for command in (["due", "--json"], ["history", "a/c0", "--json"], ["check", "--json"],
                    ["try", "a/c0", "answer 9", "--json"],
                    ["plan", "--exam", "2099-01-01", "--json"]):
        outputs = {lang: json.loads(run_quiz(*command, "--lang", lang).stdout) for lang in LANGS}
        assert outputs["en"] == outputs["zh"], command
    plain = {lang: run_quiz("study", "--json", "a", "--lang", lang, input="").stdout
             for lang in LANGS}
    assert plain["en"] == plain["zh"] and json.loads(plain["en"].splitlines()[0])


def test_usage_errors_and_help_are_english_in_every_language(run_quiz, decks) -> None:
    for argv in (["show", "nothing-here"], ["plan", "--exam", "someday"], ["show", "--help"],
                 ["study", "--no-such-flag"]):
        said = {lang: run_quiz(*argv, "--lang", lang) for lang in LANGS}
        assert said["en"].returncode == said["zh"].returncode, argv
        assert (said["en"].stdout, said["en"].stderr) == (said["zh"].stdout, said["zh"].stderr)
        assert "quiz" in said["en"].stdout + said["en"].stderr


def test_every_command_takes_lang(run_quiz, decks) -> None:
    from quiz.cli.main import parse_args

    for command in COMMANDS:
        argv = {"export": ["export", "anki", "a", "-o", "a.apkg"],
                "import": ["import", "csv", "f.csv", "--deck", "f"],
                "log": ["log", "export"], "history": ["history", "a/c0"],
                "new": ["new", "x", "--source", "s.txt"], "draft": ["draft", "s.txt"],
                "show": ["show", "a"], "suspend": ["suspend", "a"],
                "unsuspend": ["unsuspend", "a"], "reset": ["reset", "a"],
                "try": ["try", "a/c0", "x"]}.get(command, [command])
        assert parse_args([*argv, "--lang", "zh"]).lang == "zh", command
