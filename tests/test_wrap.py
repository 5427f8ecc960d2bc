"""Line breaking for Chinese and mixed text, measured in terminal cells."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from quiz.render.linebreak import CLOSING, OPENING, wrap

SENTENCE = ("截至2023年末，普惠小微贷款余额29.4万亿元，同比增长23.5%；授信户数6166万户。"
            "Digital RMB 试点范围扩大到 17 个省份的 26 个地区。")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("width", [8, 13, 20, 33, 41, 76])
def test_lines_fit_and_nothing_is_lost(width):
    lines = wrap(SENTENCE, width)
    assert all(cell_len(line) <= width for line in lines)
    assert squeeze("".join(lines)) == squeeze(SENTENCE)


@pytest.mark.parametrize("width", [9, 13, 20, 33, 41, 76])
def test_closing_punctuation_never_starts_a_line(width):
    lines = wrap(SENTENCE, width)
    assert [line for line in lines[1:] if line[:1] in CLOSING] == []


@pytest.mark.parametrize("width", [9, 13, 20, 33, 41])
def test_latin_words_and_numbers_stay_whole(width):
    lines = wrap(SENTENCE, width)
    for word in ("Digital", "RMB", "29.4", "23.5%", "6166", "2023"):
        assert any(word in line for line in lines), (word, lines)


def test_opening_punctuation_stays_with_what_follows():
    lines = wrap("中国普惠金融指标分析报告（2023—2024年）", 16)
    assert lines == ["中国普惠金融指标", "分析报告", "（2023—2024年）"]
    for width in range(4, 30):
        assert [line for line in wrap("报告（2023）与《规划》“引文”", width)
                if line[-1:] in OPENING] == []


def test_a_word_longer_than_the_line_is_folded():
    assert wrap("supercalifragilistic", 8) == ["supercal", "ifragili", "stic"]


def test_a_separator_after_a_space_stays_with_what_it_follows():
    assert wrap("学习 · 再来 · 输入", 6) == ["学习 ·", "再来 ·", "输入"]
    assert wrap("a ，b", 4) == ["a ，", "b"]


def test_newlines_are_kept_and_break_spaces_dropped():
    assert wrap("第一行\n\nsecond line", 6) == ["第一行", "", "second", "line"]
    assert wrap("", 10) == [""]


CJK_TEXT = st.text(alphabet=st.sampled_from(
    list("普惠小微贷款余额万亿元同比增长") + list("，。；：（）《》“”、") + list("ab12.%")
    + [" ", "\n"]),
    max_size=200)


@settings(max_examples=300, deadline=None)
@given(CJK_TEXT, st.integers(min_value=2, max_value=90))
def test_any_text_fits_any_width_without_loss(text, width):
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert squeeze("".join(lines)) == squeeze(text)
    assert len(lines) >= text.count("\n") + 1


# -- the same rule in the CLI's Rich output ----------------------------------------------------

def rendered_lines(renderable, width: int) -> list[str]:
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


@pytest.mark.parametrize("width", [8, 11, 13, 20, 33])
def test_rich_output_breaks_as_the_tui_does(width):
    from rich.text import Text

    from quiz.render.linebreak import Wrapped

    text = Text(SENTENCE, style="bold")
    assert rendered_lines(Wrapped(text), width) == [line.rstrip() for line in wrap(SENTENCE, width)]


def test_wrapped_text_measures_its_widest_unbreakable_piece():
    from rich.console import Console
    from rich.measure import Measurement

    from quiz.render.linebreak import Wrapped

    console = Console(width=80)
    measured = Measurement.get(console, console.options, Wrapped("余额，同比 Digital\n短"))
    assert (measured.minimum, measured.maximum) == (7, 18)   # "Digital", the first line


PUNCTUATED = ("截至2023年末，普惠小微贷款余额29.4万亿元，同比增长23.5%；授信户数6166万户。"
              "“数字人民币”试点扩大到17个省份：北京、天津、上海、重庆！（详见附件）")
GAPS = ("截至2023年末，普惠小微贷款余额{{29.4万亿元}}，同比增长{{23.5%}}；"
        "授信户数6166万户。")

SHOW_DECK = f"""\
deck: punct
title: 标点：测试，牌组（2023—2024年）
tags: [金融]
cards:
  - id: basic
    q: {PUNCTUATED}？
    a: 29.4万亿元，同比增长23.5%
    accept: [29.4万亿元；23.5%]
    quote: {PUNCTUATED}
    explain: {PUNCTUATED}
  - id: gaps
    type: cloze
    text: {GAPS}
  - id: pick
    type: choice
    q: {PUNCTUATED}？
    choices: [甲，乙；丙。, 丁、戊！己？]
    a: 甲，乙；丙。
"""


def starts_of_pieces(text: str) -> list[str]:
    """Every piece that starts a line or follows a gap in it (table and panel cells) and begins
    with closing punctuation. Only the separator "·" follows a space in these texts, and it
    never starts a line either, so a piece that starts with any of them was broken there."""
    return [piece for line in text.splitlines() for piece in line.split()
            if piece[:1] in CLOSING and not (piece == "·" and not line.startswith("·"))]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quiz_show_never_starts_a_line_with_closing_punctuation(run_quiz, tmp_path, lang):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "punct.yaml").write_text(SHOW_DECK, encoding="utf-8")
    for width in range(16, 61, 3):
        result = run_quiz("show", "punct", "--lang", lang, env={"COLUMNS": str(width)})
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("6166") == 6   # every text of the deck is there
        assert starts_of_pieces(result.stdout) == [], (width, result.stdout)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quiz_history_never_starts_a_line_with_closing_punctuation(run_quiz, tmp_path, lang):
    from datetime import UTC, datetime, timedelta

    from quiz.core.card_state import Rating
    from quiz.study.collection import Collection
    from quiz.study.session import How

    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "punct.yaml").write_text(SHOW_DECK, encoding="utf-8")
    moment = datetime.now(UTC) - timedelta(minutes=5)
    with Collection.open(deck_paths=[tmp_path / "decks"], data_dir=tmp_path / "home",
                         config_path=tmp_path / "config.toml") as collection:
        session = collection.study(collection.find(["punct/basic"]), clock=lambda: moment)
        session.answer(Rating.AGAIN, how=How.TYPED, reply=PUNCTUATED)
    for width in range(20, 101, 4):
        result = run_quiz("history", "punct/basic", "--lang", lang, env={"COLUMNS": str(width)})
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("6166") == 2   # the question and the reply
        assert starts_of_pieces(result.stdout) == [], (width, result.stdout)
