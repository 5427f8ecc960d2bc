"""The message catalogue: complete in both languages, chosen correctly, used by the TUI."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from quiz.render.i18n import CATALOGUE, LANGS, Messages, locale_lang, resolve_lang

PACKAGE = Path(__file__).resolve().parent.parent / "quiz"
# Every module that prints or draws text for the learner: the front ends (the TUI, the CLI and
# every command, plain mode, quiz serve), the cards of `quiz show`, the readiness of `quiz plan`,
# the report of `quiz check --watch`.
INTERFACE_MODULES = sorted([
    *(PACKAGE / "tui").rglob("*.py"),
    *(PACKAGE / "cli").rglob("*.py"),
    *(PACKAGE / "plain").rglob("*.py"),
    PACKAGE / "render" / "card.py",
    PACKAGE / "render" / "readiness.py",
    PACKAGE / "decks" / "watch.py",
    *(PACKAGE / "serve").rglob("*.py"),
])
# Keys built at run time from a family name and a value.
DYNAMIC_FAMILIES = {"grade.": ("1", "2", "3", "4"),
                    "home.col.": ("new", "learning", "due", "total")}
# Text the front ends print in English on purpose (README, the paragraph on --lang): the last
# line of defence against a traceback.
ENGLISH_ON_PURPOSE = {"quiz: internal error: ", " (set QUIZ_DEBUG=1 to see the traceback)"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_and_the_same_placeholders():
    for key, entry in CATALOGUE.items():
        assert set(entry) == set(LANGS), key
        assert all(text.strip() for text in entry.values()), key
        assert fields(entry["zh"]) == fields(entry["en"]), key


def test_chinese_messages_are_chinese_and_english_ones_are_not():
    for key, entry in CATALOGUE.items():
        assert not CJK.search(entry["en"]), key
        assert CJK.search(entry["zh"]) or key == "app.title", key


def test_grades_read_as_anki_users_know_them():
    zh, en = Messages("zh"), Messages("en")
    assert [zh(f"grade.{n}") for n in range(1, 5)] == ["再来", "困难", "良好", "简单"]
    assert [en(f"grade.{n}") for n in range(1, 5)] == ["Again", "Hard", "Good", "Easy"]


def test_the_help_does_not_call_typed_cards_by_the_name_of_cloze_cards():
    # 填空题 is what the exam report calls cloze questions (填空题共 N 空); the help's line for
    # typed replies (numeric cards, and basic and cloze with type_basic) called them so too,
    # on a screen where a cloze card is self-graded.
    zh = Messages("zh")
    assert zh("report.gaps", asked=2, right=1).startswith("填空题")
    assert "填空" not in zh("help.typed")


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "", "LC_ALL": ""}, "zh"),
    ({"LC_ALL": "ZH_cn"}, "zh"),
])
def test_locale_picks_the_language(environ, lang):
    assert locale_lang(environ) == lang


def test_a_chosen_language_beats_the_locale():
    assert resolve_lang("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    assert resolve_lang("zh", {"LANG": "en_US.UTF-8"}) == "zh"
    assert resolve_lang(None, {"LANG": "zh_CN.UTF-8"}) == "zh"
    with pytest.raises(ValueError):
        resolve_lang("fr", {})
    with pytest.raises(ValueError):
        Messages("de")


def test_messages_format_and_unknown_keys_fail_loudly():
    t = Messages("en")
    assert t("study.progress", done=3, left=17, elapsed="0:42") == "3 done · 17 left · 0:42"
    assert Messages("zh")("exam.question", n=2, total=20) == "第 2/20 题"
    with pytest.raises(KeyError):
        t("no.such.key")


@pytest.mark.parametrize(("seconds", "shown"), [
    (0, "0:00"), (5, "0:05"), (65, "1:05"), (3599, "59:59"), (3723, "1:02:03"), (-4, "0:00"),
])
def test_clock_readings(seconds, shown):
    from datetime import timedelta

    assert Messages("en").clock(timedelta(seconds=seconds)) == shown


def string_constants(path: Path) -> list[ast.Constant]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docstrings]


def test_interface_modules_hold_no_chinese_text():
    offenders = [f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}"
                 for path in INTERFACE_MODULES
                 for node in string_constants(path) if CJK.search(node.value)]
    assert offenders == []


def domain_messages() -> list[tuple[str, ast.Call]]:
    """Every `Message(KEY, TEMPLATE, …)` made anywhere in the package (`quiz.core.message`)."""
    return [(f"{path.relative_to(PACKAGE)}:{call.lineno}", call)
            for path in sorted(PACKAGE.rglob("*.py"))
            for call in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "Message"]


def test_what_the_domain_says_in_english_is_the_catalogues_english():
    """The domain cannot read the catalogue (a layer above it), so it writes the English
    again: here the two are kept equal, and every message it names is in the catalogue."""
    calls = domain_messages()
    assert len(calls) > 40
    for where, call in calls:
        key, template = call.args
        assert isinstance(key, ast.Constant) and isinstance(template, ast.Constant), where
        assert key.value in CATALOGUE, where
        assert template.value == CATALOGUE[key.value]["en"], where
        names = {keyword.arg for keyword in call.keywords}
        assert fields(template.value) <= names, where


def test_a_message_is_said_again_in_the_learners_language():
    from quiz.core.errors import QuizError
    from quiz.core.message import Message

    entries = Message("doctor.entries", "{shown} log entry|{shown} log entries", count=1200,
                      shown="1,200")
    cards = Message("doctor.cards", "{shown} card|{shown} cards", count=1, shown="1")
    said = Message("doctor.facts", "store version {version}, {entries} of {cards}, {size}",
                   version=3, entries=entries, cards=cards, size="1 KiB")
    assert said == "store version 3, 1,200 log entries of 1 card, 1 KiB"
    assert said.key == "doctor.facts" and isinstance(said, str)
    zh = Messages("zh")
    assert zh.text(said) == zh("doctor.facts", version=3, size="1 KiB",
                               entries=zh("doctor.entries", count=1200, shown="1,200"),
                               cards=zh("doctor.cards", count=1, shown="1"))
    assert zh.text(said) != said
    assert Messages("en").text(said) == said
    assert zh.text("plain English") == "plain English"
    assert zh.error(QuizError(said)) == zh.text(said)
    assert zh.error(QuizError("not named")) == "not named"
    # A `|` is a plural form only in a message with a count.
    pipe = Message("doctor.no_backup", CATALOGUE["doctor.no_backup"]["en"], directory="d",
                   name="quiz.db")
    assert "OLD.db .recover | sqlite3 quiz.db" in pipe and pipe.startswith("no backup")


def test_every_key_the_interface_names_exists_and_every_message_is_used():
    namespaces = {key.split(".")[0] for key in CATALOGUE}
    key_like = re.compile(r"[a-z_]+(\.[a-z_0-9]+)+\Z")
    named = {node.value for path in INTERFACE_MODULES for node in string_constants(path)
             if key_like.match(node.value) and node.value.split(".")[0] in namespaces}
    assert sorted(named - set(CATALOGUE)) == []
    named |= {call.args[0].value for _, call in domain_messages()}
    dynamic = {family + value for family, values in DYNAMIC_FAMILIES.items() for value in values}
    assert sorted(set(CATALOGUE) - named - dynamic) == []


def test_widgets_are_never_given_literal_text():
    shown_by = {"Label", "Static", "Prose", "notify", "update", "show"}
    offenders = []
    for path in INTERFACE_MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            name = call.func.attr if isinstance(call.func, ast.Attribute) \
                else getattr(call.func, "id", "")
            first = call.args[0]
            if name in shown_by and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str) \
                    and any(char.isalpha() for char in first.value):
                offenders.append(f"{path.relative_to(PACKAGE)}:{call.lineno}: {first.value!r}")
    assert offenders == []


def literal_text(node: ast.AST):
    """The literal parts of an argument: a string, an f-string's text, a sum of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from literal_text(part)
    elif isinstance(node, ast.BinOp):
        yield from literal_text(node.left)
        yield from literal_text(node.right)


def test_front_ends_print_no_words_of_their_own():
    """What a command prints, a screen shows, a progress bar says or an error tells comes from
    the catalogue: no words in the code (usage errors, English by design, are UsageError)."""
    shown_by = {"print", "input", "write", "say", "complain", "notify", "update", "Label",
                "Static", "Prose", "show", "progress_bar", "describe", "QuizError"}
    word = re.compile(r"[A-Za-z]{2,}")
    offenders = []
    for path in INTERFACE_MODULES:
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            name = call.func.attr if isinstance(call.func, ast.Attribute) \
                else getattr(call.func, "id", "")
            if name not in shown_by:
                continue
            for text in (text for arg in call.args for text in literal_text(arg)):
                if text not in ENGLISH_ON_PURPOSE and set(word.findall(text)) - {"quiz"}:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{call.lineno}: {text!r}")
    assert offenders == []
