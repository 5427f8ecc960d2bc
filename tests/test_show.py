"""`quiz show`: cards rendered as the learner sees them, with one-line errors for unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from quiz.core.errors import UsageError
from quiz.decks.reader import read_deck, select_cards
from quiz.render.card import render_card, render_deck_header
from sample_decks import FINANCE_DECK, PLAIN_DECK, copy_seed


@pytest.fixture(autouse=True)
def finance_seed(tmp_path: Path) -> Path:
    """The article FINANCE_DECK quotes, in tmp_path/seeds beside tmp_path/decks."""
    return copy_seed(tmp_path)


@pytest.fixture
def deck(write_deck):
    loaded, problems = read_deck(write_deck(FINANCE_DECK, "finance.yaml"))
    assert problems == []
    return loaded


def rendered(renderable, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(renderable)
    return console.export_text()


def card(deck, card_id: str):
    return next(c for c in deck.cards if c.id == card_id)


def test_a_basic_card_shows_question_then_answer_quote_and_explanation(deck) -> None:
    text = rendered(render_card(card(deck, "micro-loan-balance")))
    assert "finance/micro-loan-balance · basic" in text
    question = text.index("Q 截至2023年末，普惠小微贷款余额为多少？")
    answer = text.index("A 29.4万亿元")
    assert question < answer < text.index("also accepted: 29.4万亿") \
        < text.index("“截至2023年末，普惠小微贷款余额29.4万亿元”") < text.index("同比增长23.5%")
    assert "tags: 金融, inclusive finance" in text


def test_a_cloze_is_masked_then_revealed(deck) -> None:
    text = rendered(render_card(card(deck, "micro-loan-growth")))
    assert "Q 普惠小微贷款余额[金额]，同比增长[…]" in text
    assert "A 普惠小微贷款余额29.4万亿元，同比增长23.5%" in text
    assert "{{" not in text


def test_choices_are_lettered_and_the_answer_names_its_letter(deck) -> None:
    text = rendered(render_card(card(deck, "rate-choice")))
    for line in ("A. 3.96%", "B. 4.46%", "C. 4.96%", "D. 5.46%"):
        assert line in text
    assert "A B. 4.46%" in text


def test_a_numeric_answer_carries_its_unit_and_expiry(deck) -> None:
    text = rendered(render_card(card(deck, "account-count")))
    assert "A 10.19个" in text
    assert "valid until 2099-12-31" in text


def test_brackets_and_markup_in_cards_print_as_written(write_deck) -> None:
    plain, problems = read_deck(write_deck(PLAIN_DECK, "plain.yaml"))
    assert problems == []
    text = rendered(render_card(card(plain, "html-looking")))
    assert "《报告》里 <b> 与 & 这样的字符如何显示？" in text
    assert "原样 <b> & 显示" in text
    cloze = rendered(render_card(card(plain, "cloze-markup")))
    assert "Q a < b & […] [x]" in cloze
    assert "A a < b & c > d [x]" in cloze


def test_long_chinese_text_wraps_instead_of_being_cut(deck) -> None:
    text = rendered(render_card(card(deck, "micro-loan-balance")), width=30)
    flat = "".join(ch for line in text.splitlines() for ch in line if ch not in "│╭╮╰╯─ ")
    assert "“截至2023年末，普惠小微贷款余额29.4万亿元”" in flat
    assert "…" not in text


def test_the_deck_header_counts_the_cards_shown(deck) -> None:
    assert "4 cards · as of 2023-12-31" in rendered(render_deck_header(deck, 4))
    assert "1 of 4 cards" in rendered(render_deck_header(deck, 1))


def test_select_cards_suggests_close_names(deck) -> None:
    assert select_cards([deck], "finance")[1] == deck.cards
    assert select_cards([deck], "finance/rate-choice")[1] == (card(deck, "rate-choice"),)
    with pytest.raises(UsageError, match="no deck 'financ'; did you mean 'finance'"):
        select_cards([deck], "financ")
    with pytest.raises(UsageError, match="no card 'rate-choise' in deck 'finance'; did you "
                                         "mean 'rate-choice'"):
        select_cards([deck], "finance/rate-choise")


def test_show_cli_prints_every_card_of_a_deck(run_quiz, write_deck, tmp_path: Path) -> None:
    write_deck(FINANCE_DECK, "finance.yaml")
    result = run_quiz("show", "finance", "--decks", str(tmp_path / "decks"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("finance/") == 4
    one = run_quiz("show", "finance/rate-choice", "--decks", str(tmp_path / "decks"))
    assert one.stdout.count("finance/") == 1 and "B. 4.46%" in one.stdout


@pytest.mark.parametrize("spec, message", [
    ("finanse", "quiz: no deck 'finanse'; did you mean 'finance'?\n"),
    ("finance/rate", "quiz: no card 'rate' in deck 'finance'; did you mean 'rate-choice'?\n"),
    ("elsewhere", "quiz: no deck 'elsewhere'\n"),
])
def test_show_cli_unknown_names_are_one_line_usage_errors(run_quiz, write_deck, tmp_path: Path,
                                                          spec: str, message: str) -> None:
    write_deck(FINANCE_DECK, "finance.yaml")
    result = run_quiz("show", spec, "--decks", str(tmp_path / "decks"))
    assert result.returncode == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_show_cli_warns_when_some_cards_of_the_deck_have_errors(run_quiz, write_deck,
                                                                tmp_path: Path) -> None:
    write_deck(FINANCE_DECK + "  - id: broken\n    q: 没有答案？\n", "finance.yaml")
    result = run_quiz("show", "finance", "--decks", str(tmp_path / "decks"))
    assert result.returncode == 0
    assert result.stderr.startswith("quiz: warning: ")
    assert "finance.yaml has 2 errors; cards with errors are not shown" in result.stderr
    assert result.stdout.count("finance/") == 4
