"""Numbers as Chinese texts write them: Arabic or Chinese numerals, 万/亿 multipliers, units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.answers.numbers import chinese_integer, parse_quantity


@pytest.mark.parametrize(("numeral", "value"), [
    ("二千八百一十七", 2817), ("两万", 20000), ("十五", 15), ("十", 10), ("一百一十", 110),
    ("二〇二三", 2023), ("一千零五", 1005), ("一万零五百", 10500), ("一亿二千万", 120_000_000),
    ("二十九万亿", 29 * 10**12), ("二十三万四千", 234_000), ("零", 0),
    ("一千五", None), ("三万五", None), ("一亿二", None), ("三五", None), ("十四五", None),
    ("万", None), ("百", None), ("五十十", None), ("十百", None), ("五零", 50),
    ("一万亿零一亿", 10**12 + 10**8), ("一亿亿", 10**16), ("", None),
])
def test_chinese_integer(numeral: str, value: int | None) -> None:
    assert chinese_integer(numeral) == value


@pytest.mark.parametrize(("text", "written", "shift", "unit", "bare"), [
    ("29.4万亿元", "29.4", 12, "元", False),
    ("294000亿", "294000", 8, "", False),
    ("10.19个", "10.19", 0, "个", False),
    ("3个亿", "3", 8, "", False),
    ("3.3个百分点", "3.3", 0, "百分点", False),
    ("-5", "-5", 0, "", True),
    ("负3.2%", "-3.2", 0, "%", False),
    ("百分之二十三点五", "23.5", 0, "%", False),
    ("二十九点四万亿元", "29.4", 12, "元", False),
    ("三千", "3000", 0, "", True),
    ("三万", "30000", 0, "", False),
    ("三点", "3", 0, "点", False),
    (".5", "0.5", 0, "", True),
    ("3000多个", "3000", 0, "个", False),
    ("30余万", "30", 4, "", False),
    ("50%以上", "50", 0, "%", False),
    ("3000多", "3000", 0, "", True),
    ("超万亿元", "1", 12, "元", False),
    ("千亿", "1", 11, "", False),
    ("万人", "1", 4, "人", False),
])
def test_parse_quantity(text: str, written: str, shift: int, unit: str, bare: bool) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.written, quantity.shift, quantity.unit, quantity.bare) == (
        Decimal(written), shift, unit, bare)


@pytest.mark.parametrize("text", ["", "约", "超大", "万一", "千万", "万", "万达", "千帆平台",
                                  "百分点", "百分之5元", "一千五", "%5",
                                  "e5", "1" * 41])
def test_texts_that_are_no_number(text: str) -> None:
    assert parse_quantity(text) is None


@pytest.mark.parametrize(("text", "known"), [
    ("302款", True), ("55.52万吨", True), ("3.3个百分点", True), ("4.92亿美元", True),
    ("360集团", False), ("5g", False), ("1带一路", False), ("2023年末", False),
])
def test_only_real_units_are_known(text: str, known: bool) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None and quantity.unit_known is known


@given(value=st.integers(min_value=0, max_value=10**16))
def test_chinese_numerals_read_their_arabic_value(value: int) -> None:
    assert chinese_integer(_chinese(value)) == value


def _chinese(value: int) -> str:
    """Write a number in standard Chinese numerals (the test's own reference spelling)."""
    digits = "零一二三四五六七八九"
    if value == 0:
        return "零"

    def below_10000(number: int) -> str:
        text, zero = "", False
        for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = number // power % 10
            if digit:
                text += ("零" if zero and text else "") + digits[digit] + unit
                zero = False
            else:
                zero = True
        return text

    text, zero = "", False
    for power, unit in ((10**16, "亿亿"), (10**12, "万亿"), (10**8, "亿"), (10**4, "万"), (1, "")):
        group = value // power % 10000 if power < 10**16 else value // power
        if group:
            part = below_10000(group)
            if text and (zero or group < 1000):
                part = "零" + part
            text += part + unit
            zero = False
        elif text:
            zero = True
    return text


@given(text=st.text(alphabet="零〇一二两三四五六七八九十百千万亿点0123456789.-+负个元%百分之",
                    max_size=30))
def test_parse_quantity_never_raises(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is None or isinstance(quantity.value, Decimal)
