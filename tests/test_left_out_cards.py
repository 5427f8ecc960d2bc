"""Study leaves out exactly the cards `quiz check` rejects, grounding included, and says how many
errors there are — the count `quiz check` gives — before the session starts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from clockkit import Clock
from quiz.render.i18n import Messages
from quiz.study.collection import Collection
from quiz.tui.app import build_app
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.study import StudyScreen
from tuikit import FROZEN, settle, showing

ARTICLE = "截至2023年末，普惠小微贷款余额29.4万亿元，同比增长23.5%。全国人均拥有10.19个银行账户。\n"

GROUNDED = """\
deck: grounded
title: 有出处的牌组
source: article.txt
cards:
  - id: balance
    q: 截至2023年末，普惠小微贷款余额为多少？
    a: 29.4万亿元
    quote: 截至2023年末，普惠小微贷款余额29.4万亿元
  - id: answer-not-in-quote
    q: 同比增长多少？
    a: 30%
    quote: 同比增长23.5%
  - id: quote-not-in-source
    q: 人均账户数？
    a: "10.19"
    quote: 全国人均拥有10.19个手机
  - id: accounts
    type: numeric
    q: 全国人均拥有多少个银行账户？
    a: "10.19"
    quote: 全国人均拥有10.19个银行账户
"""

BROKEN = """\
deck: broken
title: 坏牌组
cards:
  - id: no-answer
    q: 没有答案的问题？
  - id: fine
    q: 好问题？
    a: 好答案
"""

DUPLICATE = """\
deck: grounded
title: 重名的牌组
cards:
  - id: x
    q: 问题？
    a: 答案
"""


def decks(root: Path) -> Path:
    folder = root / "decks"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "grounded.yaml").write_text(GROUNDED, encoding="utf-8")
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "zz-duplicate.yaml").write_text(DUPLICATE, encoding="utf-8")
    (folder / "syntax.yaml").write_text("deck: syntax\ntitle: 'unclosed\ncards: []\n",
                                        encoding="utf-8")
    return folder


def check_errors(run_quiz) -> int:
    """The errors in `quiz check`'s summary line."""
    result = run_quiz("check")
    assert result.returncode == 1, result.stdout
    return int(re.search(r"(\d+) errors?, \d+ warnings?$", result.stdout.splitlines()[-1])[1])


def test_quiz_due_counts_what_quiz_check_accepts(run_quiz, tmp_path: Path) -> None:
    from quiz.decks.discover import find_deck_files
    from quiz.decks.reader import load_decks

    folder = decks(tmp_path)
    errors = check_errors(run_quiz)
    accepted = sum(len(deck.cards) for deck in load_decks(find_deck_files([folder])).decks)
    assert (accepted, errors) == (3, 5)
    for _ in range(2):   # the deck cache, first built then read, gives the same
        report = run_quiz("due", "--json", "--new-per-day", "100")
        assert report.returncode == 0
        due = json.loads(report.stdout)
        assert sum(deck["total"] for deck in due["decks"]) == accepted
        assert due["deck_problems"] == errors
        assert report.stderr == f"quiz: {Messages('en')('home.problems', count=errors)}\n"
    text = run_quiz("due", "--lang", "zh")
    assert text.stderr == f"quiz: {Messages('zh')('home.problems', count=errors)}\n"


def test_the_studied_cards_are_those_quiz_check_accepts(tmp_path: Path) -> None:
    from quiz.decks.discover import find_deck_files
    from quiz.decks.reader import load_decks

    folder = decks(tmp_path)
    checked = load_decks(find_deck_files([folder]))
    with Collection.open(deck_paths=[folder], data_dir=tmp_path / "home",
                         config_path=tmp_path / "config.toml") as collection:
        studied = {(card.deck, card.id) for card in collection.select()}
        assert studied == {(card.deck, card.id) for deck in checked.decks for card in deck.cards}
        assert studied == {("grounded", "balance"), ("grounded", "accounts"), ("broken", "fine")}
        assert collection.error_count == len(checked.errors)
        # Every card studied shows a source quote that the article holds.
        for card in collection.select(["grounded"]):
            assert card.quote.replace(" ", "") in ARTICLE


async def test_the_deck_list_says_it_before_anything_is_studied(tmp_path: Path) -> None:
    folder = decks(tmp_path)
    with Collection.open(deck_paths=[folder], data_dir=tmp_path / "home",
                         config_path=tmp_path / "config.toml") as collection:
        app = build_app(collection, start="home", clock=Clock(FROZEN), lang="zh",
                        cursor_blink=False)
        async with app.run_test(size=(100, 24)) as pilot:
            await settle(pilot, lambda: showing(app, HomeScreen))
            label = app.screen.query_one("#home-problems")
            assert label.display
            assert str(label.render()) == Messages("zh")("home.problems", count=5)


async def test_quiz_study_says_it_over_the_first_card(tmp_path: Path, monkeypatch) -> None:
    folder = decks(tmp_path)
    with Collection.open(deck_paths=[folder], data_dir=tmp_path / "home",
                         config_path=tmp_path / "config.toml") as collection:
        for start in ("study", "exam"):
            app = build_app(collection, start=start, cards=collection.select(), clock=Clock(FROZEN),
                            lang="en", cursor_blink=False, exam_count=2)
            notices: list[tuple[str, str]] = []
            monkeypatch.setattr(app, "notify", lambda message, severity="information",
                                notices=notices, **_: notices.append((message, severity)))
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                assert notices == [(Messages("en")("home.problems", count=5), "warning")]
                if start == "study":
                    assert showing(app, StudyScreen)
                    assert app.screen.session.progress().done == 0   # nothing answered yet


async def test_no_notice_when_the_decks_are_clean(tmp_path: Path, monkeypatch) -> None:
    from tuikit import open_collection

    with open_collection(tmp_path) as collection:
        app = build_app(collection, start="study", cards=collection.select(), clock=Clock(FROZEN),
                        lang="en", cursor_blink=False)
        notices: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **_: notices.append(message))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
        assert notices == []
