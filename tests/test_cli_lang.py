"""--lang (and `lang` in config.toml, and the locale) reaches every command's output, not only
the TUI: `--lang` › config.toml › the locale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enginekit import basic_deck, write
from quiz.render.i18n import Messages

LANGS = ("en", "zh")


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    write(tmp_path, "a.yaml", basic_deck("a", 3))
    return write(tmp_path, "b.yaml", basic_deck("b", 1))


@pytest.mark.parametrize("lang", LANGS)
def test_check_summary(run_quiz, decks, lang: str) -> None:
    t = Messages(lang)
    result = run_quiz("check", "--lang", lang)
    checked = t("check.checked", files=t("check.files", count=2), cards=t("check.cards", count=4))
    assert result.stdout == t("check.clean", checked=checked) + "\n"
    (decks.parent / "c.yaml").write_text("deck: c\ntitle: c\ncards:\n  - id: x\n    q: y\n",
                                         encoding="utf-8")
    broken = run_quiz("--lang", lang, "check")
    summary = t("check.problems", checked="\0", errors=t("check.errors", count=1),
                warnings=t("check.warnings", count=0))
    files = t("check.files", count=3)
    assert broken.stdout.splitlines()[-1].startswith(files)
    assert broken.stdout.splitlines()[-1].endswith(summary.split("\0")[1])


@pytest.mark.parametrize("lang", LANGS)
def test_due(run_quiz, decks, lang: str) -> None:
    t = Messages(lang)
    lines = run_quiz("due", "--lang", lang).stdout.splitlines()
    assert [line.split()[1] for line in lines[:3]] == [t("due.new")] * 3
    assert lines[2].startswith(t("due.total"))
    assert lines[3] == t("due.next", card="a/c0", question="question 0 of a?")


@pytest.mark.parametrize("lang", LANGS)
def test_suspend_unsuspend_reset_and_orphans(run_quiz, decks, lang: str) -> None:
    t = Messages(lang)
    assert run_quiz("suspend", "a/c0", "a/c1", "--lang", lang).stdout \
        == t("cards.suspend", count=2) + "\n"
    assert run_quiz("unsuspend", "a", "--lang", lang).stdout \
        == t("cards.unsuspend", count=2) + t("cards.of_named", count=3) + "\n"
    assert run_quiz("reset", "b/c0", "--lang", lang).stdout \
        == t("cards.reset", count=0) + t("cards.of_named", count=1) + "\n"
    assert run_quiz("orphans", "--lang", lang).stdout == t("orphans.none") + "\n"


@pytest.mark.parametrize("lang", LANGS)
def test_show_and_history(run_quiz, decks, lang: str) -> None:
    t = Messages(lang)
    shown = run_quiz("show", "a", "--lang", lang).stdout
    assert t("show.cards", count=3) in shown and f"{t('show.q')} question 0 of a?" in shown
    history = run_quiz("history", "a/c0", "--lang", lang).stdout
    assert t("verdict.expected", expected="answer 0") in history
    assert t("history.never") in history and t("history.phase.new") in history


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


def test_json_output_is_the_same_in_every_language(run_quiz, decks) -> None:
    for command in (["due", "--json"], ["history", "a/c0", "--json"], ["check", "--json"]):
        outputs = {lang: json.loads(run_quiz(*command, "--lang", lang).stdout) for lang in LANGS}
        assert outputs["en"] == outputs["zh"], command


def test_every_command_takes_lang(run_quiz, decks) -> None:
    from quiz.cli.main import COMMANDS, parse_args

    for command in COMMANDS:
        argv = {"export": ["export", "anki", "a", "-o", "a.apkg"],
                "import": ["import", "csv", "f.csv", "--deck", "f"],
                "log": ["log", "export"], "history": ["history", "a/c0"],
                "new": ["new", "x", "--source", "s.txt"], "draft": ["draft", "s.txt"],
                "show": ["show", "a"], "suspend": ["suspend", "a"],
                "unsuspend": ["unsuspend", "a"], "reset": ["reset", "a"],
                "try": ["try", "a/c0", "x"]}.get(command, [command])
        assert parse_args([*argv, "--lang", "zh"]).lang == "zh", command


@pytest.mark.parametrize("lang", LANGS)
def test_try(run_quiz, decks, lang: str) -> None:
    t = Messages(lang)
    right = run_quiz("try", "a/c0", "answer 0", "--lang", lang)
    assert right.returncode == 0
    assert right.stdout.startswith(t("try.right") + " · ")
    assert right.stdout.splitlines()[-1] == t("try.expected", expected="answer 0")
    wrong = run_quiz("try", "a/c0", "answer 9", "--lang", lang)
    assert wrong.returncode == 1 and wrong.stdout.startswith(t("try.wrong") + " · ")
