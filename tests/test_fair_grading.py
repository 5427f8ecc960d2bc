"""Grading as a fair examiner marks: every form of the same fact is right, a different fact wrong.

Qualifiers around numbers, 成, 个百分点 and 倍, dates in every common form, traditional
characters, listed items and `order: any`, bracketed abbreviations, and cloze gaps marked
one by one. The basic rules (width, 万/亿, tolerance…) are in test_answers.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quiz.answers.grading import CORRECT_REASONS, check_reply
from quiz.core.model import Card, CardType, cloze_parts


def basic(answer: str, accept: tuple[str, ...] = (), any_order: bool = False) -> Card:
    return Card(deck="d", id="b", type=CardType.BASIC, prompt="什么？", answer=answer,
                accept=accept, any_order=any_order)


def numeric(answer: str, unit: str | None = None, accept: tuple[str, ...] = ()) -> Card:
    return Card(deck="d", id="n", type=CardType.NUMERIC, prompt="多少？", answer=answer,
                unit=unit, accept=accept)


def choice(choices: tuple[str, ...], answer: str) -> Card:
    return Card(deck="d", id="c", type=CardType.CHOICE, prompt="哪个？", answer=answer,
                choices=choices)


def cloze(text: str, any_order: bool = False) -> Card:
    gaps = tuple(answer for answer, _ in cloze_parts(text))
    return Card(deck="d", id="z", type=CardType.CLOZE, prompt=text, answer=" / ".join(gaps),
                gaps=gaps, any_order=any_order)


OVER = basic("超1万亿元")
SHARE = choice(("七成", "八成以上", "五成", "三成"), "八成以上")
DAY = basic("2025年1月8日")
MONTH_DAY = basic("1月8日")
TWO_ITEMS = basic("提质+降价")
ANY_ITEMS = basic("提质+降价", any_order=True)
MLF = basic("中期借贷便利（MLF）")
THREE_GAPS = cloze("余额{{29.4万亿元}}，增长{{23.5%}}，共{{302款}}")
CITIES = cloze("{{北京}}、{{上海}}、{{广州}}", any_order=True)
# Cards of the bundled decks, whose accept entries say more than their answers.
RRR = numeric("1", "万亿元", accept=("1万亿元", "1万亿", "超1万亿元", "超1万亿"))
BALANCE = numeric("29.4", "万亿元", accept=("29.4万亿元", "29.4万亿"))
ORDER = numeric("10", "万只", accept=("10万只", "10万"))
ANNOUNCED = basic("2025年1月8日", accept=("1月8日", "2025-01-08", "2025年1月8号"))

TABLE = [
    # qualifiers: the number decides; only the other side of the answer's is wrong
    (OVER, "超1万亿元", True, "exact"),
    (OVER, "超1万亿", True, "number"),
    (OVER, "1万亿元", True, "number"),
    (OVER, "1万亿", True, "number"),
    (OVER, "逾1万亿", True, "number"),
    (OVER, "超过一万亿元", True, "number"),
    (OVER, "约1万亿", True, "number"),
    (OVER, "1万亿元以上", True, "number"),
    (OVER, "近1万亿元", False, "wrong"),
    (OVER, "不到1万亿", False, "wrong"),
    (OVER, "超2万亿", False, "wrong"),
    (OVER, "超1亿", False, "wrong"),
    (OVER, "超1万亿美元", False, "wrong"),
    (numeric("1", "万亿元"), "超1万亿", True, "number"),
    (numeric("1", "万亿元"), "将近1万亿", True, "number"),
    (numeric("3000", "多个"), "约3000个", True, "number"),
    (numeric("3000", "多个"), "近3000个", False, "wrong"),
    (numeric("3000", "多个"), "不到三千个", False, "wrong"),
    (numeric("70", "%以上", accept=("70%",)), "七成以上", True, "number"),
    (numeric("70", "%以上", accept=("70%",)), "70%", True, "accept"),
    (numeric("70", "%以上", accept=("70%",)), "近七成", False, "wrong"),   # the answer's side holds
    (basic("2000年前后"), "2000年", True, "number"),
    (basic("3万多元"), "三万元", True, "number"),
    (basic("3万多元"), "3万元以下", False, "wrong"),
    # 成 is a tenth
    (basic("70%"), "七成", True, "number"),
    (basic("70%"), "7成", True, "number"),
    (basic("70%"), "七成以上", True, "number"),
    (basic("70%"), "七成半", False, "wrong"),
    (basic("75%"), "七成半", True, "number"),
    (basic("80%以上"), "八成以上", True, "number"),
    (basic("七成"), "70%", True, "number"),
    (basic("七成"), "百分之七十", True, "number"),
    (basic("七成"), "70", True, "number"),
    (basic("七成"), "7", False, "wrong"),
    (basic("七成"), "八成", False, "wrong"),
    (basic("七成"), "0.7", False, "wrong"),
    (SHARE, "80%", True, "choice"),
    (SHARE, "超八成", True, "choice"),
    (SHARE, "八成", True, "choice"),
    (SHARE, "近八成", False, "wrong"),
    (SHARE, "70%", False, "wrong"),
    # 个百分点 and 倍 are not %
    (numeric("3.3", "个百分点"), "3.3个百分点", True, "exact"),
    (numeric("3.3", "个百分点"), "3.3百分点", True, "number"),
    (numeric("3.3", "个百分点"), "3.3%", False, "wrong"),
    (numeric("3.3", "个百分点"), "330%", False, "wrong"),
    (basic("3.3%"), "3.3个百分点", False, "wrong"),
    (basic("3.3%"), "3.3百分点", False, "wrong"),
    (basic("2倍"), "两倍", True, "number"),
    (basic("2倍"), "200%", False, "wrong"),
    (basic("200%"), "2倍", False, "wrong"),
    # dates in every common form; a different day is wrong
    (DAY, "2025年1月8日", True, "exact"),
    (DAY, "2025年1月8号", True, "date"),
    (DAY, "2025年01月08日", True, "date"),
    (DAY, "2025.1.8", True, "date"),
    (DAY, "2025/1/8", True, "date"),
    (DAY, "2025-01-08", True, "date"),
    (DAY, "2025. 1. 8", True, "date"),
    (DAY, "２０２５年１月８日", True, "exact"),
    (DAY, "２０２５／１／８", True, "date"),
    (DAY, "二〇二五年一月八日", True, "date"),
    (DAY, "2025年1月9日", False, "wrong"),
    (DAY, "2025.1.9", False, "wrong"),
    (DAY, "2024/1/8", False, "wrong"),
    (DAY, "2025-08-01", False, "wrong"),
    (DAY, "1月8日", False, "wrong"),
    (DAY, "2025年1月", False, "wrong"),
    (DAY, "2025.18", False, "wrong"),
    (DAY, "20250108", False, "wrong"),
    (DAY, "2025/1/8/9", False, "wrong"),
    (MONTH_DAY, "1.8", True, "date"),
    (MONTH_DAY, "1/8", True, "date"),
    (MONTH_DAY, "1月8号", True, "date"),
    (MONTH_DAY, "一月八日", True, "date"),
    (MONTH_DAY, "2025年1月8日", True, "date"),
    (MONTH_DAY, "1.9", False, "wrong"),
    (MONTH_DAY, "8.1", False, "wrong"),
    (MONTH_DAY, "1月", False, "wrong"),
    (basic("12月31日"), "12.31", True, "date"),
    (basic("2.5"), "2月5日", False, "wrong"),
    (basic("2.5"), "2.5", True, "exact"),
    (numeric("1995", "年"), "一九九五年", True, "date"),
    (numeric("1995", "年"), "1995", True, "exact"),
    (numeric("1995", "年"), "一九九六年", False, "wrong"),
    (basic("1995年"), "一九九五年", True, "date"),
    (basic("2025年"), "二〇二五年", True, "date"),
    (basic("2025年"), "两千零二十五年", True, "date"),
    (basic("2024年末"), "2024年底", True, "date"),
    (basic("2024年末"), "2024年初", False, "wrong"),
    (basic("2024年末"), "2024年", False, "wrong"),
    (basic("2025年2月28日"), "2025年2月29日", False, "wrong"),
    # traditional characters count as their simplified forms, in reply and answer
    (basic("王京涛"), "王京濤", True, "exact"),
    (basic("王京涛"), "王京清", False, "wrong"),
    (basic("中国人民银行"), "中國人民銀行", True, "exact"),
    (basic("發展"), "发展", True, "exact"),
    (TWO_ITEMS, "提質降價", True, "exact"),
    (basic("29.4万亿元"), "29.4萬億元", True, "exact"),
    (basic("29.4万亿元"), "294000億", True, "number"),
    # listed items: marks and joiners between them do not matter; the order does
    (TWO_ITEMS, "提质降价", True, "exact"),
    (TWO_ITEMS, "提质、降价", True, "exact"),
    (TWO_ITEMS, "提质＋降价", True, "exact"),
    (TWO_ITEMS, "提质和降价", True, "items"),
    (TWO_ITEMS, "提质及降价", True, "items"),
    (TWO_ITEMS, "提质 以及 降价", True, "items"),
    (TWO_ITEMS, "降价、提质", False, "wrong"),
    (TWO_ITEMS, "提质", False, "wrong"),
    (TWO_ITEMS, "提质降价增效", False, "wrong"),
    (TWO_ITEMS, "提质和和降价", False, "wrong"),
    (ANY_ITEMS, "降价、提质", True, "items"),
    (ANY_ITEMS, "降价和提质", True, "items"),
    (ANY_ITEMS, "提质+降价", True, "exact"),
    (ANY_ITEMS, "降价", False, "wrong"),
    (ANY_ITEMS, "降价提质提质", False, "wrong"),
    (basic("中国人民银行、金融监管总局和国家外汇局", any_order=True),
     "国家外汇局、中国人民银行及金融监管总局", True, "items"),
    (basic("提质和降价"), "提质+降价", True, "items"),
    (basic("提质&降价"), "提质和降价", True, "items"),
    (basic("「普惠金融」"), "“普惠金融”", True, "exact"),
    (basic("4+2"), "4、2", True, "exact"),
    (basic("4+2"), "4和2", True, "items"),
    (basic("4+2"), "42", False, "wrong"),
    (basic("4+2", any_order=True), "2+4", True, "items"),
    (basic("4+2"), "2+4", False, "wrong"),
    (basic("“4+2”现代服务业体系"), "4+2现代服务业体系", True, "exact"),
    (basic("参与度"), "参度", False, "wrong"),
    (basic("和平"), "平", False, "wrong"),
    (basic("1,234"), "1234", True, "exact"),
    # a bracketed abbreviation may be left out, or (at the end) given alone
    (MLF, "中期借贷便利", True, "exact"),
    (MLF, "MLF", True, "exact"),
    (MLF, "mlf", True, "exact"),
    (MLF, "中期借贷便利(MLF)", True, "exact"),
    (MLF, "中期借贷便利MLF", True, "exact"),
    (MLF, "SLF", False, "wrong"),
    (MLF, "中期借贷", False, "wrong"),
    (basic("三亚中央商务区（CBD）建设"), "三亚中央商务区建设", True, "exact"),
    (basic("三亚中央商务区（CBD）建设"), "CBD", False, "wrong"),
    (basic("指标分析报告（2023—2024年）"), "指标分析报告", False, "wrong"),
    # cloze cards: right when every gap is
    (THREE_GAPS, "29.4万亿元；23.5%；302款", True, "exact"),
    (THREE_GAPS, "29.4万亿元;23.5%;302", True, "number"),
    (THREE_GAPS, "29.4万亿元；23.6%；302款", False, "wrong"),
    (THREE_GAPS, "302款；23.5%；29.4万亿元", False, "wrong"),
    (CITIES, "广州 北京 上海", True, "items"),
    (CITIES, "北京；上海；广州", True, "exact"),
    (CITIES, "广州 北京 深圳", False, "wrong"),
    (CITIES, "北京 北京 北京", False, "wrong"),
    (cloze("{{提质+降价}}", any_order=True), "降价、提质", True, "items"),
    (cloze("{{提质+降价}}"), "降价、提质", False, "wrong"),
    # the gaps written together, as a list of items
    (cloze("大模型的{{感知}}、{{理解}}和{{推理}}能力"), "感知理解推理", True, "items"),
    (cloze("大模型的{{感知}}、{{理解}}和{{推理}}能力"), "理解感知推理", False, "wrong"),
    (cloze("{{量增}}、{{面扩}}、{{价降}}、{{质优}}", any_order=True), "面扩量增价降质优", True,
     "items"),
    (THREE_GAPS, "29.4万亿元23.5%302款", True, "items"),
    (THREE_GAPS, "29.4万亿元23.5%", False, "wrong"),
    # a card is one fact with all its forms: what an accept entry states holds for the card
    (RRR, "超1万亿", True, "accept"),
    (RRR, "1万亿元", True, "exact"),
    (RRR, "约1万亿", True, "number"),
    (RRR, "近1万亿元", False, "wrong"),          # an entry's 超 holds where the answer has none
    (RRR, "不到1万亿", False, "wrong"),
    (BALANCE, "29.4万亿", True, "accept"),
    (BALANCE, "294000亿元", True, "number"),
    (BALANCE, "29.4万亿美元", False, "wrong"),     # an entry without a unit takes the card's
    (BALANCE, "29.4万亿户", False, "wrong"),
    (ORDER, "10万", True, "accept"),
    (ORDER, "十万只", True, "number"),
    (ORDER, "10万个", False, "wrong"),
    (ORDER, "10万件", False, "wrong"),
    (ANNOUNCED, "1月8日", True, "accept"),
    (ANNOUNCED, "2025.1.8", True, "date"),
    (ANNOUNCED, "1.8", True, "date"),
    (ANNOUNCED, "2024年1月8日", False, "wrong"),  # a yearless entry takes no other year
    (ANNOUNCED, "2026/1/8", False, "wrong"),
    # a multiplier with no number before it is one of it where 亿 or a unit says so
    (RRR, "超万亿元", True, "number"),
    (RRR, "逾万亿", True, "number"),
    (RRR, "近万亿元", False, "wrong"),
    (RRR, "超千亿元", False, "wrong"),
    (cloze("营收突破{{千亿元}}大关"), "1000亿元", True, "number"),
    (cloze("营收突破{{千亿元}}大关"), "一千亿", True, "number"),
    (cloze("营收突破{{千亿元}}大关"), "百亿元", False, "wrong"),
    (numeric("1", "万人"), "万人", True, "number"),
    (numeric("1", "万人"), "万", False, "wrong"),          # 万 alone is no figure
    (numeric("10000000", "元"), "千万元", True, "number"),
    (numeric("10000000", "元"), "千万", False, "wrong"),    # nor is 千万 (by all means)
]


@pytest.mark.parametrize(("card", "reply", "correct", "reason"), TABLE,
                         ids=[f"{card.type.value}:{card.answer}:{reply!r}"
                              for card, reply, _, _ in TABLE])
def test_fair_grading_table(card: Card, reply: str, correct: bool, reason: str) -> None:
    verdict = check_reply(card, reply)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict.detail
    assert verdict.detail


@pytest.mark.parametrize(("card", "reply", "right"), [
    (THREE_GAPS, "29.4万亿元；23.5%；302款", [True, True, True]),
    (THREE_GAPS, "29.4万亿元；23.6%；302", [True, False, True]),
    (THREE_GAPS, "29.4万亿元 302款", [True, False, True]),       # the second gap left out
    (THREE_GAPS, "29.4万亿元", [True, False, False]),
    (THREE_GAPS, "23.5%", [False, True, False]),
    (THREE_GAPS, "x；y；z", [False, False, False]),
    (THREE_GAPS, "302款；23.5%；29.4万亿元", [False, True, False]),
    (THREE_GAPS, "29.4万亿元、23.5%、302款、1", [True, True, False]),
    (CITIES, "广州 北京 深圳", [True, False, True]),
    (CITIES, "北京 北京 北京", [True, False, False]),
])
def test_cloze_gaps_are_marked_one_by_one(card: Card, reply: str, right: list[bool]) -> None:
    verdict = check_reply(card, reply)
    assert [gap.correct for gap in verdict.gaps] == right
    assert verdict.gaps_right == sum(right)
    assert verdict.correct is all(right)
    assert [gap.expected for gap in verdict.gaps] == list(card.gaps)
    assert verdict.detail == ("every gap right" if all(right) and verdict.reason != "items"
                              else verdict.detail)


def test_a_gap_says_what_was_read_for_it() -> None:
    first, second, third = check_reply(THREE_GAPS, "29.4万亿元；23.6%；302").gaps
    assert (first.reply, second.reply, third.reply) == ("29.4万亿元", "23.6%", "302")
    assert (first.reason, second.reason, third.reason) == ("exact", "wrong", "number")
    left_out = check_reply(THREE_GAPS, "29.4万亿元 302款").gaps[1]
    assert (left_out.reply, left_out.reason) == ("", "empty")


@pytest.mark.parametrize(("card", "reply", "detail"), [
    (DAY, "2025/1/8", "2025/1/8 read as 2025年1月8日"),
    (OVER, "超1万亿", "超1万亿 read as 1万亿, the number of 超1万亿元 "
                     "(qualifier 超 set aside: the number decides)"),
    (basic("70%"), "七成", "七成 read as 70%, the number of 70%"),
    (basic("王京涛"), "王京濤", "王京濤 read as 王京涛 (traditional characters), the answer"),
    (ANY_ITEMS, "降价、提质", "降价、提质 read as the items 降价、提质 in another order "
                          "(order: any)"),
    (OVER, "近1万亿元", "近1万亿元 read as 1万亿元; 超1万亿元 says more than, not less than"),
    (numeric("3.3", "个百分点"), "3.3%", "3.3% read as 3.3%; 3.3个百分点 has another unit"),
    (DAY, "2025年1月9日", "2025年1月9日 read as 2025年1月9日, not 2025年1月8日"),
    (SHARE, "b", "b picks b. 八成以上"),
])
def test_the_detail_says_which_rule_decided(card: Card, reply: str, detail: str) -> None:
    assert check_reply(card, reply).detail == detail


# -- properties ---------------------------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789./-", "０１２３４５６７８９．／－")
CHINESE_DIGITS = "〇一二三四五六七八九"
DATE_LAYOUTS = ["{y}年{m}月{d}日", "{y}年{m}月{d}号", "{y}年{mm}月{dd}日", "{y}.{m}.{d}",
                "{y}/{m}/{d}", "{y}-{mm}-{dd}", "{y}/{mm}/{dd}", "{cy}年{m}月{d}日",
                " {y} 年 {m} 月 {d} 日 "]
dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31))


def date_reply(day: datetime.date, layout: str, wide: bool) -> str:
    reply = layout.format(y=day.year, m=day.month, d=day.day, mm=f"{day.month:02}",
                          dd=f"{day.day:02}",
                          cy="".join(CHINESE_DIGITS[int(c)] for c in str(day.year)))
    return reply.translate(FULL_WIDTH) if wide else reply


@given(day=dates, layout=st.sampled_from(DATE_LAYOUTS), wide=st.booleans())
def test_a_date_in_any_layout_is_right(day: datetime.date, layout: str, wide: bool) -> None:
    card = basic(f"{day.year}年{day.month}月{day.day}日")
    verdict = check_reply(card, date_reply(day, layout, wide))
    assert verdict.correct and verdict.reason in ("exact", "date"), verdict.detail


@given(day=dates, other=dates, layout=st.sampled_from(DATE_LAYOUTS), wide=st.booleans())
def test_another_day_in_any_layout_is_wrong(day: datetime.date, other: datetime.date,
                                            layout: str, wide: bool) -> None:
    assume(day != other)
    card = basic(f"{day.year}年{day.month}月{day.day}日")
    assert not check_reply(card, date_reply(other, layout, wide)).correct


QUALIFIERS = {"more": ["超", "超过", "逾", "突破", "{}以上", "{}多"],
              "less": ["近", "将近", "接近", "不到", "不足", "{}以下"],
              "about": ["约", "大约", "{}左右", "{}上下"],
              "": [""]}
AMOUNT_UNITS = ["万亿元", "亿元", "万户", "个", "%", "吨", "家"]


def qualified(word: str, number: str, unit: str) -> str:
    if "{}" in word:
        return number + word.format(unit) if word != "{}多" else number + "多" + unit
    return word + number + unit


@given(n=st.decimals(min_value=1, max_value=10**6, places=2), unit=st.sampled_from(AMOUNT_UNITS),
       answer_side=st.sampled_from(list(QUALIFIERS)), reply_side=st.sampled_from(list(QUALIFIERS)),
       data=st.data())
def test_qualifiers_are_set_aside_unless_they_contradict(
        n: Decimal, unit: str, answer_side: str, reply_side: str, data: st.DataObject) -> None:
    number = format(n, "f")
    answer = qualified(data.draw(st.sampled_from(QUALIFIERS[answer_side])), number, unit)
    reply = qualified(data.draw(st.sampled_from(QUALIFIERS[reply_side])), number, unit)
    contradicts = {answer_side, reply_side} == {"more", "less"}
    assert check_reply(basic(answer), reply).correct is not contradicts, (answer, reply)


@given(n=st.decimals(min_value=1, max_value=10**6, places=2), unit=st.sampled_from(AMOUNT_UNITS),
       word=st.sampled_from([w for side in ("more", "about") for w in QUALIFIERS[side]]),
       position=st.integers(min_value=0), digit=st.sampled_from("0123456789"))
def test_changing_a_digit_makes_a_qualified_number_wrong(
        n: Decimal, unit: str, word: str, position: int, digit: str) -> None:
    number = format(n, "f")
    index = [i for i, c in enumerate(number) if c.isdigit()][position % sum(
        c.isdigit() for c in number)]
    changed = number[:index] + digit + number[index + 1:]
    assume(Decimal(changed) != n)
    card = basic(qualified("超", number, unit))
    assert not check_reply(card, qualified(word, changed, unit)).correct


# Simplified characters and their traditional forms (each one character, one to one).
TRADITIONAL = dict(zip("国银发质价经济万亿产业数据务区总监贷涛备华东门车书长开关问题",
                       "國銀發質價經濟萬億產業數據務區總監貸濤備華東門車書長開關問題"))
words = st.text(alphabet="".join(TRADITIONAL) + "中人行展元新", min_size=1, max_size=12)


@given(answer=words, number=st.none() | st.integers(min_value=1, max_value=10**6))
def test_a_reply_in_traditional_characters_is_right(answer: str, number: int | None) -> None:
    text = answer if number is None else f"{answer}{number}"
    reply = "".join(TRADITIONAL.get(char, char) for char in text)
    assert check_reply(basic(text), reply).correct
    assert check_reply(basic(reply), text).correct


@given(answer=words, data=st.data())
def test_a_different_character_is_still_wrong(answer: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(answer) - 1))
    other = data.draw(st.sampled_from("甲乙丙丁"))
    reply = "".join(TRADITIONAL.get(char, char) for char in answer)
    reply = reply[:index] + other + reply[index + 1:]
    assert not check_reply(basic(answer), reply).correct


ITEMS = ["提质", "降价", "增效", "扩容", "普惠金融", "数字金融", "绿色金融", "科技金融", "养老金融",
         "人工智能", "DeepSeek-V3", "2024年"]
JOINERS = ["、", "，", "+", "和", "及", "与", "以及", " ", "；", ""]


@given(items=st.lists(st.sampled_from(ITEMS), min_size=2, max_size=5, unique=True),
       data=st.data())
def test_listed_items_in_any_order_are_right_with_order_any(items: list[str],
                                                            data: st.DataObject) -> None:
    answer = "、".join(items[:-1]) + "和" + items[-1]
    order = data.draw(st.permutations(items))
    joiners = [data.draw(st.sampled_from(JOINERS)) for _ in order[1:]]
    joiners = [joiner or ("、" if before[-1].isdigit() and after[0].isdigit() else "")
               for joiner, before, after in zip(joiners, order, order[1:])]   # 4+2 is not 42
    reply = order[0] + "".join(joiner + item for joiner, item in zip(joiners, order[1:]))
    assert check_reply(basic(answer, any_order=True), reply).correct, reply
    in_order = check_reply(basic(answer), reply).correct
    assert in_order is (list(order) == items), reply


@given(items=st.lists(st.sampled_from(ITEMS), min_size=2, max_size=5, unique=True),
       data=st.data())
def test_a_missing_or_extra_item_is_wrong_in_any_order(items: list[str],
                                                       data: st.DataObject) -> None:
    card = basic("、".join(items), any_order=True)
    order = data.draw(st.permutations(items))
    assert not check_reply(card, "、".join(order[1:])).correct
    extra = data.draw(st.sampled_from([item for item in ITEMS if item not in items] or ["另外"]))
    assert not check_reply(card, "、".join([*order, extra])).correct


GAPS = ["29.4万亿元", "23.5%", "普惠金融", "2,817", "DeepSeek-V3", "十五", "433款",
        "2025年1月8日", "提质+降价", "七成"]


@given(gaps=st.lists(st.sampled_from(GAPS), min_size=2, max_size=6, unique=True),
       data=st.data())
def test_each_gap_is_marked_on_its_own(gaps: list[str], data: st.DataObject) -> None:
    card = cloze("".join(f"第{i}空{{{{{gap}}}}}" for i, gap in enumerate(gaps)))
    wrong = data.draw(st.sets(st.integers(min_value=0, max_value=len(gaps) - 1)))
    parts = ["错误答案" if index in wrong else gap for index, gap in enumerate(gaps)]
    verdict = check_reply(card, "；".join(parts))
    assert [gap.correct for gap in verdict.gaps] == [i not in wrong for i in range(len(gaps))]
    assert verdict.correct is not wrong
    assert (verdict.reason in CORRECT_REASONS) is not wrong
