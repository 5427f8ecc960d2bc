"""Grounding: quotes must occur in their source, answers in their quote."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deck_helpers import load, located, write
from quiz.decks.grounding import SourceText, answer_in_quote, fold, squash
from quiz.decks.reader import load_decks, read_deck

ARTICLE = """\
国家互联网信息办公室2025年1月8日发布的信息显示，截至2024年12月31日，共302款生成式人工
智能服务在国家网信办完成备案，其中2024年新增238款备案。

我国已有 433 款大模型完成备案并上线提供服务 ——ＡＩ 产业迈入规模化应用新阶段。
2023年新发放的普惠小微企业贷款加权平均利率为4.46%。
"""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "seeds" / "article.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def grounded(card: str, source: str = "seeds/article.txt") -> str:
    """A deck with a source and the given card lines (indented four spaces, id 'one')."""
    return f"deck: sample\ntitle: 样例\nsource: {source}\ncards:\n  - id: one\n{card}"


# -- quotes against the source -----------------------------------------------------------


def test_a_grounded_card_loads_with_its_quote_and_source(tmp_path: Path, source: Path) -> None:
    deck, problems = load(tmp_path, grounded("    q: 共多少款？\n    a: 302款\n"
                                             "    quote: 共302款生成式人工智能服务\n"))
    assert problems == []
    assert deck is not None
    assert deck.source == str(source.resolve())
    card = deck.cards[0]
    assert (card.quote, card.source) == ("共302款生成式人工智能服务", str(source.resolve()))


@pytest.mark.parametrize("quote", [
    "共302款生成式人工智能服务在国家网信办完成备案",  # the source breaks this line mid-word
    "我国已有433款大模型完成备案",  # the source has spaces around the figure
    "我国 已有 433 款 大模型",  # the quote has spaces the source lacks
    "'共302款生成式人工\n    智能服务'",  # a quote written over two lines
])
def test_quotes_match_ignoring_whitespace_and_line_breaks(tmp_path: Path, source: Path,
                                                          quote: str) -> None:
    deck, problems = load(tmp_path, grounded(f"    q: 问题\n    a: 433\n    accept: [302]\n"
                                             f"    quote: {quote}\n"))
    assert problems == []


@pytest.mark.parametrize("quote", [
    "共303款生成式人工智能服务",  # one figure changed
    "共302款生成式人工智能服务。",  # punctuation the source does not have there
    "我国已有433款AI大模型",  # words added
    "ＡＩ产业迈入规模化应用新阶段。2024",  # runs past the sentence
])
def test_a_quote_not_in_the_source_is_an_error_at_the_quote(tmp_path: Path, source: Path,
                                                            quote: str) -> None:
    deck, problems = load(tmp_path, grounded(f"    q: 问题\n    a: 302\n    quote: {quote}\n"))
    assert located(problems) == [(8, 12, "error", "quote does not occur in the source "
                                                  "(whitespace ignored)")]
    assert deck is not None and deck.cards == ()


def test_a_quote_is_not_folded_for_width_or_case(tmp_path: Path, source: Path) -> None:
    deck, problems = load(tmp_path, grounded("    q: 问题\n    a: AI\n    quote: AI产业\n"))
    assert [p.message for p in problems] == ["quote does not occur in the source (whitespace "
                                             "ignored)"]


def test_cards_need_a_quote_when_the_deck_has_a_source(tmp_path: Path, source: Path) -> None:
    deck, problems = load(tmp_path, grounded("    q: 问题\n    a: 答案\n"))
    assert located(problems) == [(5, 5, "error", "card 'one' has no 'quote', which cards with a "
                                                 "source need")]


def test_a_card_may_name_its_own_source(tmp_path: Path, source: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - id: free
            q: 没有来源的问题
            a: 答案
          - id: sourced
            q: 问题
            a: 4.46%
            source: seeds/article.txt
            quote: 加权平均利率为4.46%
          - id: sourced-without-quote
            q: 问题
            a: 4.46%
            source: seeds/article.txt
        """)
    assert located(problems) == [(12, 5, "error", "card 'sourced-without-quote' has no 'quote', "
                                                  "which cards with a source need")]
    assert deck is not None
    assert [(c.id, c.source) for c in deck.cards] == [
        ("free", None), ("sourced", str(source.resolve()))]


def test_the_source_path_is_relative_to_the_deck_file(tmp_path: Path, source: Path) -> None:
    card = "    q: 问题\n    a: 238款\n    quote: 其中2024年新增238款备案\n"
    path = write(tmp_path, grounded(card, source="../seeds/article.txt"), "decks/sample.yaml")
    deck, problems = read_deck(path)
    assert problems == []
    assert deck is not None and deck.source == str(source.resolve())


@pytest.mark.parametrize("where", ["deck", "card"])
def test_a_missing_source_file_is_an_error_at_the_source_value(tmp_path: Path,
                                                               where: str) -> None:
    if where == "deck":
        text = grounded("    q: 问题\n    a: 答案\n    quote: 引文\n", source="seeds/missing.txt")
        position = (3, 9)
    else:
        text = ("deck: sample\ntitle: t\ncards:\n  - id: one\n    q: 问题\n    a: 答案\n"
                "    source: seeds/missing.txt\n    quote: 引文\n")
        position = (7, 13)
    deck, problems = load(tmp_path, text)
    assert located(problems) == [(*position, "error", "source file not found: seeds/missing.txt")]


def test_a_source_that_is_a_directory_or_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - {id: a, q: 问题, a: 答案, quote: 引文, source: folder}
          - {id: b, q: 问题, a: 答案, quote: 引文, source: latin1.txt}
        """)
    assert located(problems) == [
        (4, 46, "error", "source is a directory, not a file: folder"),
        (5, 46, "error", "source file is not valid UTF-8: latin1.txt"),
    ]


def test_a_source_with_a_bom_is_fine(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "开头就是引文。".encode())
    deck, problems = load(tmp_path, grounded("    q: 问题\n    a: 引文\n    quote: 开头就是引文\n",
                                             source="bom.txt"))
    assert problems == []


def test_a_source_is_read_once_for_many_decks(tmp_path: Path, source: Path) -> None:
    card = "    q: 问题\n    a: 302款\n    quote: 共302款\n"
    sources: dict = {}
    for name in ["a.yaml", "b.yaml"]:
        path = write(tmp_path, grounded(card).replace("deck: sample", f"deck: {name[0]}"), name)
        assert read_deck(path, sources=sources)[1] == []
    assert list(sources) == [source.resolve()]


def test_without_grounding_sources_are_not_read(tmp_path: Path) -> None:
    path = write(tmp_path, grounded("    q: 问题\n    a: 答案\n    quote: 不在任何地方\n",
                                    source="seeds/missing.txt"))
    result = load_decks([path], ground=False)
    assert result.problems == []
    assert result.decks[0].cards[0].quote == "不在任何地方"


# -- answers against their quote ----------------------------------------------------------


def test_an_answer_not_in_its_quote_is_an_error_at_the_answer(tmp_path: Path,
                                                              source: Path) -> None:
    deck, problems = load(tmp_path, grounded("    q: 问题\n    a: 303款\n"
                                             "    quote: 共302款生成式人工智能服务\n"))
    assert located(problems) == [(7, 8, "error", "answer '303款' does not occur in the quote")]


def test_one_accept_entry_in_the_quote_is_enough(tmp_path: Path, source: Path) -> None:
    deck, problems = load(tmp_path, grounded("    q: 问题\n    a: 三百零二款\n"
                                             "    accept: [三百零二, 302款]\n"
                                             "    quote: 共302款生成式人工智能服务\n"))
    assert problems == []


def test_when_no_accept_entry_is_in_the_quote_the_message_says_so(tmp_path: Path,
                                                                  source: Path) -> None:
    deck, problems = load(tmp_path, grounded("    q: 问题\n    a: 三百零二款\n"
                                             "    accept: [三百零二]\n"
                                             "    quote: 共302款生成式人工智能服务\n"))
    assert located(problems) == [(7, 8, "error", "answer '三百零二款' does not occur in the quote "
                                                 "nor does any 'accept' entry")]


@pytest.mark.parametrize("answer", ["ai", "AI", "ＡＩ", "433款", "433 款", "Ａi产业"])
def test_answers_match_ignoring_width_case_and_spaces(tmp_path: Path, source: Path,
                                                      answer: str) -> None:
    deck, problems = load(tmp_path, grounded(f"    q: 问题\n    a: {answer}\n"
                                             f"    quote: 我国已有 433 款大模型完成备案并上线提供"
                                             f"服务 ——ＡＩ 产业\n"))
    assert problems == []


def test_every_cloze_gap_must_be_in_the_quote(tmp_path: Path, source: Path) -> None:
    deck, problems = load(tmp_path, grounded(
        "    type: cloze\n"
        "    text: 共{{302款}}服务，新增{{238款}}，其中{{100款::数量}}\n"
        "    quote: 共302款生成式人工智能服务在国家网信办完成备案，其中2024年新增238款备案\n"))
    assert located(problems) == [(7, 11, "error", "cloze gap '100款' does not occur in the quote")]


def test_the_correct_choice_must_be_in_the_quote(tmp_path: Path, source: Path) -> None:
    card = ("    type: choice\n    q: 利率为？\n    choices: [3.96%, 4.46%]\n    a: {answer}\n"
            "    quote: 加权平均利率为4.46%\n")
    assert load(tmp_path, grounded(card.format(answer="4.46%")))[1] == []
    _, problems = load(tmp_path, grounded(card.format(answer="3.96%")))
    assert located(problems) == [(9, 8, "error", "answer '3.96%' does not occur in the quote")]


def test_a_numeric_answer_must_be_in_the_quote(tmp_path: Path, source: Path) -> None:
    card = "    type: numeric\n    q: 多少款？\n    a: {answer}\n    unit: 款\n    quote: 共302款\n"
    assert load(tmp_path, grounded(card.format(answer="302")))[1] == []
    _, problems = load(tmp_path, grounded(card.format(answer="303")))
    assert located(problems) == [(8, 8, "error", "answer '303' does not occur in the quote")]


def test_a_broken_quote_is_reported_before_the_answer_is_compared(tmp_path: Path,
                                                                  source: Path) -> None:
    _, problems = load(tmp_path, grounded("    q: 问题\n    a: 不相关\n    quote: 不在原文中\n"))
    assert [p.message for p in problems] == ["quote does not occur in the source (whitespace "
                                             "ignored)"]


# -- the look-up itself -----------------------------------------------------------------------


def test_squash_and_fold() -> None:
    assert squash(" 共 302\n款\u3000服务\t") == "共302款服务"
    assert fold("ＡＩ 产业 ２０２５") == "ai产业2025"


def test_answer_in_quote_needs_a_non_empty_answer() -> None:
    assert not answer_in_quote("  ", "任何引文")
    assert answer_in_quote("4.46%", "利率为 4.46 %")


def test_an_empty_quote_never_matches() -> None:
    assert not SourceText("一些文字").contains(" \n ")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="甲乙丙丁 \n12", min_size=0, max_size=80),
       st.text(alphabet="甲乙丙丁 \n12", min_size=0, max_size=8))
def test_contains_is_a_whitespace_blind_substring_search(article: str, quote: str) -> None:
    expected = bool(squash(quote)) and squash(quote) in squash(article)
    assert SourceText(article).contains(quote) is expected
