"""Typed-answer checking: a table of replies that must and must not match, and properties."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quiz.answers.grading import (
    CORRECT_REASONS,
    REASONS,
    AnswerPart,
    Verdict,
    answer_parts,
    check_reply,
    normalise,
)
from quiz.core.model import Card, CardType, cloze_parts
from quiz.decks.discover import find_deck_files
from quiz.decks.reader import load_decks

REPO = Path(__file__).resolve().parent.parent


def numeric(answer: str, unit: str | None = None, tolerance: str | None = None,
            accept: tuple[str, ...] = ()) -> Card:
    return Card(deck="d", id="n", type=CardType.NUMERIC, prompt="多少？", answer=answer,
                unit=unit, tolerance=tolerance, accept=accept)


def basic(answer: str, accept: tuple[str, ...] = ()) -> Card:
    return Card(deck="d", id="b", type=CardType.BASIC, prompt="什么？", answer=answer,
                accept=accept)


def choice(choices: tuple[str, ...], answer: str) -> Card:
    return Card(deck="d", id="c", type=CardType.CHOICE, prompt="哪个？", answer=answer,
                choices=choices)


def cloze(text: str) -> Card:
    gaps = tuple(answer for answer, _ in cloze_parts(text))
    return Card(deck="d", id="z", type=CardType.CLOZE, prompt=text, answer=" / ".join(gaps),
                gaps=gaps)


LOAN = numeric("29.4", "万亿元")
BALANCE = numeric("2817", "亿元")
ACCOUNTS = numeric("10.19", "个")
ACCOUNTS_ROUGHLY = numeric("10.19", "个", tolerance="0.05")
LOAN_ROUGHLY = numeric("29.4", "万亿元", tolerance="0.1")
GROWTH = numeric("23.5", "%")
FALL = numeric("-3.2", "%")
MODELS = numeric("433")
RATES = choice(("3.96%", "4.46%", "4.96%", "5.46%"), "4.46%")
LETTERS = choice(("C", "B", "A"), "A")
TWO_GAPS = cloze("普惠小微贷款余额{{29.4万亿元}}，同比增长{{23.5%}}")
ONE_GAP = cloze("同比增长{{23.5%::百分比}}")
TEXT_GAPS = cloze("{{中国人民银行、金融监管总局}}于{{2024}}年发布，共{{1,234}}家")
DIGIT_GAPS = cloze("{{1}}和{{2}}")

TABLE = [
    # numeric card with a 万亿 unit: any 万/亿 form of the same amount, unit optional
    (LOAN, "29.4", True, "exact"),
    (LOAN, "29.4万亿元", True, "exact"),
    (LOAN, "29.4万亿", True, "number"),
    (LOAN, "294000亿元", True, "number"),
    (LOAN, "294000亿", True, "number"),
    (LOAN, "29400000000000元", True, "number"),
    (LOAN, "２９．４", True, "exact"),
    (LOAN, "２９．４万亿元", True, "exact"),
    (LOAN, " 29.4 万亿元。", True, "exact"),
    (LOAN, "29.40", True, "number"),
    (LOAN, "二十九点四万亿", True, "number"),
    (LOAN, "29.4个万亿", True, "number"),
    (LOAN, "29.4亿", False, "wrong"),
    (LOAN, "29.4万", False, "wrong"),
    (LOAN, "294000", False, "wrong"),
    (LOAN, "29.4万亿美元", False, "wrong"),
    (LOAN, "29.4元", False, "wrong"),
    (LOAN, "29,4", False, "wrong"),
    (LOAN, "-29.4", False, "wrong"),
    (LOAN, "29.41", False, "wrong"),
    (LOAN, "", False, "empty"),
    (LOAN, " 。，  ", False, "empty"),
    # numeric card with an 亿 unit and thousands separators
    (BALANCE, "2817亿", True, "number"),
    (BALANCE, "2817亿元", True, "exact"),
    (BALANCE, "0.2817万亿元", True, "number"),
    (BALANCE, "2,817", True, "exact"),
    (BALANCE, "2，817亿元", True, "exact"),
    (BALANCE, "2 817", True, "exact"),
    (BALANCE, "2817万元", False, "wrong"),
    (BALANCE, "281.7", False, "wrong"),
    (BALANCE, "2817元", False, "wrong"),
    (BALANCE, "28,17", False, "wrong"),
    # numeric card with a measure word
    (ACCOUNTS, "10.19", True, "exact"),
    (ACCOUNTS, "10.19个", True, "exact"),
    (ACCOUNTS, "10.19张", False, "wrong"),
    (ACCOUNTS, "10.2", False, "wrong"),
    (ACCOUNTS, "1019", False, "wrong"),
    (ACCOUNTS, "10.19万个", False, "wrong"),
    # tolerance is absolute, on the answer's own scale, and inclusive
    (ACCOUNTS_ROUGHLY, "10.23", True, "tolerance"),
    (ACCOUNTS_ROUGHLY, "10.14个", True, "tolerance"),
    (ACCOUNTS_ROUGHLY, "10.19", True, "exact"),
    (ACCOUNTS_ROUGHLY, "10.24", True, "tolerance"),
    (ACCOUNTS_ROUGHLY, "10.25", False, "wrong"),
    (LOAN_ROUGHLY, "29.5万亿", True, "tolerance"),
    (LOAN_ROUGHLY, "293000亿元", True, "tolerance"),
    (LOAN_ROUGHLY, "29.6", False, "wrong"),
    (LOAN_ROUGHLY, "29.5亿", False, "wrong"),
    # percentages
    (GROWTH, "23.5%", True, "exact"),
    (GROWTH, "23.5", True, "exact"),
    (GROWTH, "２３．５％", True, "exact"),
    (GROWTH, "百分之二十三点五", True, "number"),
    (GROWTH, "百分之23.5", True, "number"),
    (GROWTH, "23.5个百分点", False, "wrong"),
    (GROWTH, "0.235", False, "wrong"),
    (GROWTH, "23.5‰", False, "wrong"),
    # negative numbers: ASCII, Unicode and full-width minus, or 负
    (FALL, "-3.2%", True, "exact"),
    (FALL, "\u22123.2", True, "exact"),
    (FALL, "－３．２％", True, "exact"),
    (FALL, "负3.2%", True, "number"),
    (FALL, "3.2", False, "wrong"),
    (FALL, "- 3.2", True, "exact"),
    (GROWTH, "- 23.5", False, "wrong"),
    (FALL, "3.2%", False, "wrong"),
    # a numeric card without a unit: a known unit may be added, a multiplier may not
    (MODELS, "433", True, "exact"),
    (MODELS, "433款", True, "number"),
    (MODELS, "四百三十三", True, "number"),
    (MODELS, "433万", False, "wrong"),
    (MODELS, "4330", False, "wrong"),
    (MODELS, "43", False, "wrong"),
    (MODELS, "433带一路", False, "wrong"),
    (numeric("1"), "10", False, "wrong"),
    (numeric("10"), "1", False, "wrong"),
    (numeric("10"), "十", True, "number"),
    (numeric("1995", "年"), "一九九五", False, "wrong"),
    (numeric("2023", "年"), "二〇二三年", True, "date"),
    (numeric("1500"), "一千五", False, "wrong"),
    (numeric("1500"), "一千五百", True, "number"),
    (numeric("3", "千米"), "3000米", True, "number"),
    (numeric("3", "千米"), "三千米", True, "number"),
    (numeric("3", "千米"), "3米", False, "wrong"),
    (numeric("3.3", "个百分点"), "3.3百分点", True, "number"),
    (numeric("3.3", "个百分点"), "3.3%", False, "wrong"),
    (numeric("3000", "多个"), "3000个", True, "number"),
    (numeric("3000", "多个"), "3000多个", True, "exact"),
    (numeric("3000", "多个"), "三千多个", True, "number"),
    (numeric("3000", "多个"), "3000张", False, "wrong"),
    (numeric("3000", "多个"), "3000多万个", False, "wrong"),
    (numeric("50", "%以上"), "50%", True, "number"),
    (numeric("50", "%以上"), "50", True, "exact"),
    (numeric("50", "%以上"), "5%以上", False, "wrong"),
    (numeric("10.19", "个", accept=("10.2",)), "10.2个", True, "accept"),
    (numeric("10.19", "个", accept=("10.2",)), "10.20", True, "number"),
    (numeric("10.19", "个", accept=("10.2",)), "10.2", True, "accept"),
    (numeric("10.19", "个", accept=("10.2",)), "10.21", False, "wrong"),
    # basic cards: text answers, and number-with-unit answers read as numbers
    (basic("29.4万亿元", accept=("29.4万亿",)), "29.4万亿元", True, "exact"),
    (basic("29.4万亿元", accept=("29.4万亿",)), "29.4万亿", True, "accept"),
    (basic("29.4万亿元", accept=("29.4万亿",)), "294000亿元", True, "number"),
    (basic("29.4万亿元", accept=("29.4万亿",)), "29.4", True, "number"),
    (basic("29.4万亿元", accept=("29.4万亿",)), "29.4亿元", False, "wrong"),
    (basic("4.466%"), "4.46%", False, "wrong"),
    (basic("4.466%"), "4.466", True, "number"),
    (basic("1"), "10", False, "wrong"),
    (basic("1"), "1", True, "exact"),
    (basic("302款"), "302", True, "number"),
    (basic("302款"), "302个", False, "wrong"),
    (basic("302款"), "3020款", False, "wrong"),
    (basic("4.92亿美元"), "4.92亿", True, "number"),
    (basic("4.92亿美元"), "492000000美元", True, "number"),
    (basic("4.92亿美元"), "4.92亿元", False, "wrong"),
    (basic("55.52万吨"), "555200吨", True, "number"),
    (basic("55.52万吨"), "55.52吨", False, "wrong"),
    (basic("3.3个百分点"), "3.3", True, "number"),
    (basic("2023年"), "2023", True, "number"),
    (basic("2023年"), "2024年", False, "wrong"),
    (basic("360集团"), "360", False, "wrong"),
    (basic("360集团"), "360集团", True, "exact"),
    (basic("5G"), "5", False, "wrong"),
    (basic("5G"), "５ｇ", True, "exact"),
    (basic("一带一路"), "1", False, "wrong"),
    (basic("一带一路"), "“一带一路”", True, "exact"),
    (basic("普惠金融"), "普惠 金融", True, "exact"),
    (basic("普惠金融"), "普惠", False, "wrong"),
    (basic("普惠金融"), "普惠金融服务", False, "wrong"),
    (basic("中国人民银行", accept=("人民银行", "央行")), "央行！", True, "accept"),
    (basic("中国人民银行", accept=("人民银行", "央行")), "人行", False, "wrong"),
    (basic("DeepSeek-V3"), "deepseek v3", True, "exact"),
    (basic("DeepSeek-V3"), "DeepSeek-V2", False, "wrong"),
    (basic("2023—2024年"), "2023-2024年", True, "exact"),
    (basic("2023—2024年"), "20232024年", False, "wrong"),
    (basic("《中国普惠金融指标分析报告》"), "中国普惠金融指标分析报告", True, "exact"),
    (basic("（一）【注】：？！‘’"), "一注", True, "exact"),
    (basic("普惠金融"), "   ", False, "empty"),
    # choice cards: the text, or its letter a–f in either case and width
    (RATES, "b", True, "choice"),
    (RATES, "B", True, "choice"),
    (RATES, "Ｂ", True, "choice"),
    (RATES, "(b)", True, "choice"),
    (RATES, "b.", True, "choice"),
    (RATES, "4.46%", True, "choice"),
    (RATES, "４．４６％", True, "choice"),
    (RATES, "4.46", True, "choice"),
    (RATES, "a", False, "wrong"),
    (RATES, "3.96%", False, "wrong"),
    (RATES, "e", False, "wrong"),
    (RATES, "bc", False, "wrong"),
    (RATES, "4.5", False, "wrong"),
    (RATES, "", False, "empty"),
    (LETTERS, "a", True, "choice"),
    (LETTERS, "c", False, "wrong"),
    # cloze cards: every gap, in order, separated
    (TWO_GAPS, "29.4万亿元，23.5%", True, "exact"),
    (TWO_GAPS, "29.4万亿元 23.5%", True, "exact"),
    (TWO_GAPS, "29.4万亿元；23.5%", True, "exact"),
    (TWO_GAPS, "29.4万亿元/23.5%", True, "exact"),
    (TWO_GAPS, "294000亿、23.5", True, "number"),
    (TWO_GAPS, "２９．４万亿元，２３．５％", True, "exact"),
    (TWO_GAPS, "23.5%，29.4万亿元", False, "wrong"),
    (TWO_GAPS, "29.4万亿元", False, "wrong"),
    (TWO_GAPS, "29.4万亿元23.5%", True, "items"),      # written together, as listed items
    (TWO_GAPS, "29.4万亿元，23.6%", False, "wrong"),
    (TWO_GAPS, "29.4万亿元，23.5%，1", False, "wrong"),
    (TWO_GAPS, "、，", False, "empty"),
    (ONE_GAP, "23.5", True, "number"),
    (ONE_GAP, "２３．５％", True, "exact"),
    (ONE_GAP, "百分比", False, "wrong"),
    (TEXT_GAPS, "中国人民银行、金融监管总局、2024、1,234", True, "exact"),
    (TEXT_GAPS, "中国人民银行 金融监管总局 2024 1 234", True, "exact"),
    (TEXT_GAPS, "中国人民银行、金融监管总局、2024、1234家", True, "number"),
    (TEXT_GAPS, "中国人民银行、2024、1,234", False, "wrong"),
    (DIGIT_GAPS, "1 2", True, "exact"),
    (DIGIT_GAPS, "1、2", True, "exact"),
    (DIGIT_GAPS, "12", False, "wrong"),
    (DIGIT_GAPS, "2 1", False, "wrong"),
]


@pytest.mark.parametrize(("card", "reply", "correct", "reason"), TABLE,
                         ids=[f"{card.type.value}:{card.answer}:{reply!r}"
                              for card, reply, _, _ in TABLE])
def test_reply_table(card: Card, reply: str, correct: bool, reason: str) -> None:
    verdict = check_reply(card, reply)
    assert (verdict.correct, verdict.reason) == (correct, reason)


def test_table_is_large_and_mostly_hostile() -> None:
    assert len(TABLE) >= 60
    assert sum(not correct for _, _, correct, _ in TABLE) >= 50


@pytest.mark.parametrize(("card", "expected"), [
    (LOAN, "29.4万亿元"),
    (MODELS, "433"),
    (basic("普惠金融"), "普惠金融"),
    (RATES, "b. 4.46%"),
    (TWO_GAPS, "29.4万亿元、23.5%"),
    (ONE_GAP, "23.5%"),
])
def test_expected_is_what_the_learner_is_shown(card: Card, expected: str) -> None:
    assert check_reply(card, "wrong").expected == expected
    assert check_reply(card, "").expected == expected


@pytest.mark.parametrize(("text", "folded"), [
    ("２９．４％", "29.4%"),
    ("1,234,567", "1234567"),
    ("1，234", "1234"),
    ("“普惠金融”，。、；：？！（）《》【】—", "普惠金融"),
    ("DeepSeek-V3", "deepseekv3"),
    ("下降 -5", "下降-5"),
    ("2023—2024", "2023_2024"),
    ("1,2", "1_2"),
    ("4.46.", "4.46"),
])
def test_normalise(text: str, folded: str) -> None:
    assert normalise(text) == folded


UNITS = ["", "个", "万亿元", "亿元", "%", "万户", "吨", "个百分点"]
FULL_WIDTH = str.maketrans("0123456789.,-%", "０１２３４５６７８９．，－％")
numbers = st.decimals(min_value=-10**12, max_value=10**12, places=3,
                      allow_nan=False, allow_infinity=False)


@given(n=numbers, unit=st.sampled_from(UNITS), layout=st.sampled_from([
    "{plain}", "{grouped}", "{wide}", "{plain}{unit}", "{chinese_grouped}{unit}",
    " {wide_grouped} {unit} 。",
]))
def test_any_layout_of_the_answer_is_right(n: Decimal, unit: str, layout: str) -> None:
    plain, grouped = format(n, "f"), format(n, ",f")
    reply = layout.format(plain=plain, grouped=grouped, wide=plain.translate(FULL_WIDTH),
                          chinese_grouped=grouped.replace(",", "，"),
                          wide_grouped=grouped.translate(FULL_WIDTH), unit=unit)
    assert check_reply(numeric(plain, unit or None), reply).correct


@given(n=numbers, unit=st.sampled_from(["万亿元", "亿元", "万户"]))
def test_the_same_amount_in_smaller_units_is_right(n: Decimal, unit: str) -> None:
    scale = {"万亿元": (10**4, "亿元"), "亿元": (10**4, "万元"), "万户": (10**4, "户")}[unit]
    reply = format(n * scale[0], "f") + scale[1]
    assert check_reply(numeric(format(n, "f"), unit), reply).reason == "number"


@given(n=numbers, m=numbers, unit=st.sampled_from(UNITS),
       tolerance=st.sampled_from([None, "0", "0.05", "2"]))
def test_a_number_outside_the_tolerance_is_wrong(n: Decimal, m: Decimal, unit: str,
                                                 tolerance: str | None) -> None:
    assume(abs(n - m) > Decimal(tolerance or 0))
    card = numeric(format(n, "f"), unit or None, tolerance)
    assert not check_reply(card, format(m, "f")).correct
    assert not check_reply(card, format(m, ",f") + unit).correct


@given(n=numbers, offset=st.decimals(min_value=0, max_value=2, places=3))
def test_a_number_inside_the_tolerance_is_right(n: Decimal, offset: Decimal) -> None:
    card = numeric(format(n, "f"), "万亿元", "2")
    verdict = check_reply(card, format(n + offset, "f") + "万亿")
    assert verdict.correct
    assert verdict.reason == ("number" if offset == 0 else "tolerance")


@given(text=st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


def normalise_char_by_char(text: str) -> str:
    """The folding rules of `normalise` written out one character at a time: what it must
    return, however it finds the characters to drop."""
    import unicodedata

    from quiz.answers.grading import _SPACED_SIGN_RE, _THOUSANDS_RE, _simplified

    text = _simplified(unicodedata.normalize("NFKC",
                                             unicodedata.normalize("NFKC", text).casefold()))
    text = _SPACED_SIGN_RE.sub("-", text.translate(str.maketrans("\u2212\u2012\u2010", "---")))
    text = _THOUSANDS_RE.sub(lambda m: m.group().replace(",", "").replace(" ", ""), text)
    kept: list[str] = []
    dropped = False
    last = len(text) - 1
    for index, char in enumerate(text):
        if char.isspace() or char == "+" or (
                unicodedata.category(char)[0] == "P" and not (
                    char in "%‰"
                    or (char == "." and 0 < index < last and text[index - 1] in "0123456789"
                        and text[index + 1] in "0123456789")
                    or (char == "-" and index < last and text[index + 1] in "0123456789"
                        and not (kept and kept[-1].isascii() and kept[-1].isalnum())))):
            dropped = True
            continue
        if dropped and char in "0123456789" and kept and kept[-1] in "0123456789":
            kept.append("_")
        dropped = False
        kept.append(char)
    return unicodedata.normalize("NFKC", "".join(kept))


# With compatibility characters that NFKC composes across characters (ﾊﾟ → パ), singletons
# (Å), ligatures, Hangul, and capitals whose case folding needs NFKC again (İ).
FOLDED_ALPHABET = ("0123456789ab .-+%‰,，。、－—_:;()（）“”\t\n\x00\u2212七成万亿提质降價Aé\u0301"
                   "ﾊﾟﾞ\u212bﬁ①²Ａ１한\u1100\u1161İßẞǅ\u0327\u0300")


@given(text=st.text(alphabet=FOLDED_ALPHABET, max_size=16) | st.text(max_size=16))
def test_normalise_drops_and_keeps_what_its_rules_say(text: str) -> None:
    assert normalise(text) == normalise_char_by_char(text)


any_card = st.builds(
    Card, deck=st.just("d"), id=st.just("x"), type=st.sampled_from(list(CardType)),
    prompt=st.text(max_size=40), answer=st.text(max_size=20),
    gaps=st.lists(st.text(max_size=10), max_size=4).map(tuple),
    accept=st.lists(st.text(max_size=10), max_size=3).map(tuple),
    choices=st.lists(st.text(max_size=10), max_size=6).map(tuple),
    unit=st.none() | st.text(max_size=4), tolerance=st.none() | st.text(max_size=6),
    any_order=st.booleans())


@given(card=any_card,
       reply=st.text() | st.from_regex(r"[-负]?[0-9一二十百千万亿点.,，、 ]{0,30}[个元%]?"))
def test_check_reply_never_raises(card: Card, reply: str) -> None:
    verdict = check_reply(card, reply)
    assert isinstance(verdict, Verdict)
    assert verdict.reason in REASONS
    assert verdict.correct == (verdict.reason in CORRECT_REASONS)


figure_texts = st.from_regex(
    r"[超近约]?-?[0-9一二七十百千万亿点.,]{1,8}(个百分点|万亿元|成|成半|%|款|)", fullmatch=True)
answer_texts = st.text(max_size=12) | figure_texts | st.from_regex(
    r"[A-Za-z中期借贷便利]{1,6}[（(][A-Za-z]{1,4}[）)]", fullmatch=True)


@st.composite
def cards_with_figures(draw: st.DrawFn) -> Card:
    kind = draw(st.sampled_from(list(CardType)))
    answer = draw(answer_texts)
    choices = draw(st.lists(answer_texts, max_size=4))
    if kind is CardType.CHOICE and draw(st.booleans()):
        choices.insert(draw(st.integers(0, len(choices))), answer)
    gaps = tuple(draw(st.lists(answer_texts, max_size=3)))
    prompt = "".join(f"{draw(st.text(max_size=4))}{{{{{gap}}}}}" for gap in gaps)
    return Card("d", "x", kind, prompt, answer, gaps=gaps if draw(st.booleans()) else (),
                accept=tuple(draw(st.lists(answer_texts, max_size=2))), choices=tuple(choices),
                unit=draw(st.none() | st.sampled_from(["", "%", "万亿元", "款", "个百分点"])),
                tolerance=draw(st.none() | st.sampled_from(["0", "0.5"])),
                any_order=draw(st.booleans()))


def parts_of_targets(card: Card) -> tuple[AnswerPart, ...]:
    """A card's answer parts as the targets a reply is checked against hold them: every form
    and figure of each gap, of the correct option, or of the answer and its accept entries."""
    from quiz.answers.grading import _choice_targets, _gap_targets, _gaps, _targets

    if card.type is CardType.CLOZE and _gaps(card):
        groups = _gap_targets(_gaps(card))
    elif card.type is CardType.CHOICE:
        groups = ([target for target, option in zip(_choice_targets(card.choices), card.choices)
                   if option == card.answer],)
    else:
        groups = (_targets(card),)
    return tuple(AnswerPart(frozenset(text for target in group for text in target.texts),
                            frozenset((target.quantity.value, target.quantity.unit)
                                      for target in group if target.quantity is not None))
                 for group in groups)


@given(card=any_card | cards_with_figures())
def test_answer_parts_are_what_replies_are_checked_against(card: Card) -> None:
    assert answer_parts(card) == parts_of_targets(card)


@given(choices=st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=2,
                        max_size=6, unique=True),
       data=st.data())
def test_only_the_answer_letter_is_right(choices: list[Decimal], data: st.DataObject) -> None:
    texts = tuple(f"{c}%" for c in choices)
    answer = data.draw(st.integers(0, len(texts) - 1))
    picked = data.draw(st.integers(0, len(texts) - 1))
    letter = "abcdef"[picked]
    card = choice(texts, texts[answer])
    for reply in (letter, letter.upper(), texts[picked]):
        assert check_reply(card, reply).correct == (picked == answer)


@given(gaps=st.lists(st.sampled_from(["29.4万亿元", "23.5%", "普惠金融", "2,817", "DeepSeek-V3",
                                      "十五", "433款"]), min_size=1, max_size=4),
       separator=st.sampled_from([" ", "、", "，", ", ", "；", " / ", "|"]))
def test_cloze_gaps_in_order_are_right(gaps: list[str], separator: str) -> None:
    card = cloze("".join(f"第{i}空{{{{{gap}}}}}" for i, gap in enumerate(gaps)))
    assert check_reply(card, separator.join(gaps)).reason == "exact"
    assert not check_reply(card, separator.join(gaps[:-1])).correct


def test_every_bundled_card_takes_its_own_answer() -> None:
    result = load_decks(find_deck_files([REPO / "decks"]), ground=False)
    cards = [card for deck in result.decks for card in deck.cards]
    assert len(cards) >= 150
    for card in cards:
        if card.type is CardType.CHOICE:
            for letter, text in zip("abcdef", card.choices):
                is_answer = text == card.answer
                assert check_reply(card, text).correct is is_answer, (card.key, text)
                assert check_reply(card, letter).correct is is_answer, (card.key, letter)
        elif card.type is CardType.CLOZE:
            for separator in ("、", " ", "，", "；"):
                assert check_reply(card, separator.join(card.gaps)).correct, card.key
        else:
            for reply in (card.answer, card.full_answer, *card.accept):
                assert check_reply(card, reply).correct, (card.key, reply)


def test_answers_does_not_import_textual() -> None:
    code = "import sys, quiz.answers.grading; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
