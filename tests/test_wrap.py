"""Line breaking for Chinese and mixed text, measured in terminal cells."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from quiz.tui.wrap import CLOSING, OPENING, wrap

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


def test_newlines_are_kept_and_break_spaces_dropped():
    assert wrap("第一行\n\nsecond line", 6) == ["第一行", "", "second", "line"]
    assert wrap("", 10) == [""]


CJK_TEXT = st.text(alphabet=st.sampled_from(
    list("普惠小微贷款余额万亿元同比增长") + list("，。；：（）《》“”、") + list("ab12.%") + [" ", "\n"]),
    max_size=200)


@settings(max_examples=300, deadline=None)
@given(CJK_TEXT, st.integers(min_value=2, max_value=90))
def test_any_text_fits_any_width_without_loss(text, width):
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert squeeze("".join(lines)) == squeeze(text)
    assert len(lines) >= text.count("\n") + 1
