"""Numbers as Chinese texts write them (2817亿元, 29.4万亿, 二十九点四万亿, 百分之23.5), read
exactly.

Every function here takes text already passed through `quiz.answers.grading.normalise`
(NFKC, casefolded, spaces, thousands separators and punctuation gone). Values are
`Decimal`s worked in an unbounded context, so that 29.4万亿 and 294000亿 compare
equal and 4.46 never rounds into 4.466.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from functools import lru_cache

EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)   # adds and shifts never round
MULTIPLIERS = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}   # powers of ten
MAX_MULTIPLIER_CHARS = 4
MAX_NUMBER_CHARS = 40

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}
_ZEROS = "零〇"

# Qualifiers: words that make a figure a bound or an estimate without changing its number.
# Each says which side of the number the figure lies on; "about" fits either side.
MORE, LESS, ABOUT = "more", "less", "about"
QUALIFIERS_BEFORE = {   # longest first, so 超过 is read before 超
    "超过": MORE, "高于": MORE, "突破": MORE, "超": MORE, "逾": MORE,
    "将近": LESS, "接近": LESS, "不到": LESS, "不足": LESS, "低于": LESS, "近": LESS,
    "大约": ABOUT, "约": ABOUT,
}
QUALIFIERS_AFTER = {
    "以上": MORE, "开外": MORE, "多": MORE, "余": MORE,
    "以下": LESS, "以内": LESS,
    "左右": ABOUT, "上下": ABOUT, "前后": ABOUT,
}
_QUALIFIER_STARTS = frozenset(word[0] for word in QUALIFIERS_BEFORE)
_AFTER_WORDS = tuple(QUALIFIERS_AFTER)
_ROUGHLY_BEFORE = ("多", "余")   # between a number and its multiplier or unit: 3000多个, 30余万
PERCENTAGE_POINTS = "百分点"
TENTHS = {"成": 0, "成半": 5}   # 成 is a tenth: 七成 = 70%, 七成半 = 75%
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LONE_MULTIPLIERS = frozenset("百千万亿")   # 十 alone is read as a numeral already
_BIG_UNITS = {"万": 10**4, "亿": 10**8}

_ARABIC_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_CHINESE_RE = re.compile(r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿点]*")

# Units a basic or cloze answer may drop ("302款" → "302"). A rest outside this list
# ("360集团", "5g", "带一路") keeps the answer plain text, so a bare number never matches it.
KNOWN_UNITS = frozenset("""
    % ‰ 个 位 名 人 人次 户 家 款 张 笔 次 项 件 份 条 种 类 台 辆 架 艘 座 所 套 间 栋 层 部
    本 篇 首 场 届 批 期 例 起 只 头 匹 颗 枚 株 棵 根 片 处 门 支 道 轮 元 美元 欧元 日元 英镑
    港元 港币 人民币 人民币元 块 角 倍 成 岁 年 个月 月 日 天 周 小时 分钟 秒 季度 亩 公顷 平方米
    平方公里 平方千米 立方米 米 公里 千米 厘米 毫米 克 千克 公斤 斤 吨 升 毫升 瓦 千瓦 千瓦时
    度 摄氏度 百分点 个百分点 分 点 字 页 号 省 市 县 国 所 校 帧
""".split())


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number, the 万/亿-style multipliers written after it, and the unit left over."""

    written: Decimal    # the signed number as written: 29.4 in 29.4万亿元
    shift: int          # the multipliers as a power of ten: 12 in 29.4万亿元
    unit: str           # what is left: 元 in 29.4万亿元, 个 in 3000多个; "" when nothing is
    bare: bool          # a plain number: no multiplier, no unit, no 万/亿 in Chinese numerals
    unit_known: bool    # the unit is empty or one of KNOWN_UNITS
    bound: str = ""     # MORE, LESS or ABOUT when a qualifier says so (超, 近, 约, 以上…)
    qualifiers: tuple[str, ...] = ()   # the qualifiers as written, for saying what was read

    @property
    def value(self) -> Decimal:
        """The number with its multipliers applied: 29.4万亿 → 29400000000000."""
        return EXACT.scaleb(self.written, self.shift)


@lru_cache(maxsize=16384)
def parse_quantity(text: str) -> Quantity | None:
    """Read a normalised text as qualifier, sign, number, multipliers, unit and qualifier;
    None if it is not one (the number must come first, after at most one qualifier).
    Remembered: an answer's figures are read again wherever a deck's texts state them."""
    pos = 0
    qualifiers: list[str] = []
    sides: set[str] = set()
    if text[:1] in _QUALIFIER_STARTS:
        for word, side in QUALIFIERS_BEFORE.items():        # 超1万亿, 近八成, 约30%
            if text.startswith(word):
                qualifiers.append(word)
                sides.add(side)
                pos = len(word)
                break
    negative = text.startswith(("-", "负"), pos)
    if negative or text.startswith("+", pos):
        pos += 1
    percent = text.startswith("百分之", pos)
    if percent:
        pos += 3
    number = _read_arabic(text, pos) or _read_chinese(text, pos)
    if number is None and not percent and _lone_multipliers(text, pos):
        number = Decimal(1), False, pos   # 超万亿元, 千亿元: one of the multipliers
    if number is None:
        return None
    written, has_big_unit, pos = number
    rest = text[pos:]
    if rest[:1] in _ROUGHLY_BEFORE:                          # 3000多个, 30余万: same number
        qualifiers.append(rest[0])
        sides.add(MORE)
        rest = rest[1:]
    if rest.startswith("个") and rest[1:2] in MULTIPLIERS:   # 3个亿, 3.3个百分点
        rest = rest[1:]
    chain = 0
    if not rest.startswith(PERCENTAGE_POINTS):               # 百分点 is a unit, not 百 × 分点
        while chain < min(len(rest), MAX_MULTIPLIER_CHARS) and rest[chain] in MULTIPLIERS:
            chain += 1
    shift = sum(MULTIPLIERS[char] for char in rest[:chain]) if chain else 0
    unit = rest[chain:]
    if chain and unit[:1] in _ROUGHLY_BEFORE:                # 3万多元
        qualifiers.append(unit[0])
        sides.add(MORE)
        unit = unit[1:]
    if unit.endswith(_AFTER_WORDS):                          # 50%以上, 3万左右, 三成多
        for word, side in QUALIFIERS_AFTER.items():
            if unit.endswith(word):
                qualifiers.append(word)
                sides.add(side)
                unit = unit[:-len(word)]
                break
    if percent:
        if chain or unit:
            return None
        unit = "%"
    elif unit in TENTHS and not chain:                       # 七成 is 70%, 七成半 75%
        written = written * 10 + TENTHS[unit]
        unit = "%"
    return Quantity(
        written=-written if negative else written, shift=shift, unit=unit,
        bare=not (chain or unit or has_big_unit),
        unit_known=not unit or unit in KNOWN_UNITS or rest in KNOWN_UNITS,
        bound=(ABOUT if len(sides) > 1 else next(iter(sides))) if sides else "",
        qualifiers=tuple(qualifiers))


def _lone_multipliers(text: str, pos: int) -> bool:
    """Whether multipliers with no number before them (万亿元, 千亿) stand for one of them:
    where the run holds 亿 or a unit follows, not in words such as 千万 or 万一."""
    end = pos
    while end < len(text) and end - pos < MAX_MULTIPLIER_CHARS and text[end] in _LONE_MULTIPLIERS:
        end += 1
    if end == pos or text.startswith(PERCENTAGE_POINTS, pos):
        return False
    rest = text[end:]
    for word in QUALIFIERS_AFTER:
        rest = rest.removesuffix(word)
    return "亿" in text[pos:end] or rest in KNOWN_UNITS


def multiplier_text(shift: int) -> str:
    """The multipliers that make a power of ten, as a writer would: 12 → 万亿, 7 → 千万."""
    small = {1: "十", 2: "百", 3: "千"}
    hundred_millions, rest = divmod(shift, 8)
    ten_thousands, rest = divmod(rest, 4)
    return small.get(rest, "") + "万" * ten_thousands + "亿" * hundred_millions


def _read_arabic(text: str, pos: int) -> tuple[Decimal, bool, int] | None:
    """An Arabic number at pos: (value, False, end)."""
    match = _ARABIC_RE.match(text, pos)
    if match is None or len(match.group()) > MAX_NUMBER_CHARS:
        return None
    return Decimal(match.group()), False, match.end()


def _read_chinese(text: str, pos: int) -> tuple[Decimal, bool, int] | None:
    """A Chinese numeral at pos: (value, whether it holds 万/亿, end), None if ambiguous."""
    match = _CHINESE_RE.match(text, pos)
    if match is None or len(match.group()) > MAX_NUMBER_CHARS:
        return None
    run = match.group()
    whole, point, after = run.partition("点")
    if not point or not after or after[0] not in CHINESE_DIGITS:
        # No decimal part: 点 (if any) starts the unit, as in 三点 (three o'clock).
        integer = chinese_integer(whole)
        if integer is None:
            return None
        return Decimal(integer), any(c in _BIG_UNITS for c in whole), pos + len(whole)
    integer = chinese_integer(whole)
    if integer is None:
        return None
    digits = ""
    while len(digits) < len(after) and after[len(digits)] in CHINESE_DIGITS:
        digits += after[len(digits)]
    fraction = "".join(str(CHINESE_DIGITS[c]) for c in digits)
    value = Decimal(f"{integer}.{fraction}")
    # Multipliers after the decimal part (二十九点四万亿) are read by the caller.
    return value, False, pos + len(whole) + 1 + len(digits)


def chinese_integer(text: str) -> int | None:
    """Read 二千八百一十七, 两万, 十五, 二〇二三 or 一千零五; None for text that is not one.

    Forms whose value readers disagree on are refused: 一千五 (1500 or 1005?),
    三万五, 一亿二 and digit strings without 〇/零 such as 三五 ("three or five").
    """
    if not text:
        return None
    if all(c in CHINESE_DIGITS for c in text):
        if len(text) == 1 or any(c in _ZEROS for c in text):
            return int("".join(str(CHINESE_DIGITS[c]) for c in text))
        return None
    total = section = 0
    digit: int | None = None
    zero = False          # a 零 since the last unit: 一千零五 is exact
    last_small = 10**5    # units within a section must fall: 千 > 百 > 十
    last_unit = 1         # the unit just before a pending digit
    seen_digit = False

    def flush() -> int | None:
        if digit is None:
            return 0
        if last_unit > 10 and not zero:
            return None   # 一千五, 三万五: ambiguous
        return digit

    for char in text:
        if char in _ZEROS:
            if digit is not None:
                return None
            zero = True
        elif char in CHINESE_DIGITS:
            if digit is not None:
                return None
            digit, seen_digit = CHINESE_DIGITS[char], True
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            if unit >= last_small or (digit is None and char != "十"):
                return None
            section += unit * (1 if digit is None else digit)
            digit, zero, last_small, last_unit, seen_digit = None, False, unit, unit, True
        else:
            pending = flush()
            if pending is None:
                return None
            group = section + pending
            if char == "亿":
                if group:                 # 二十九万亿, and 一万亿零一亿 after it
                    total += group * _BIG_UNITS[char]
                elif total:               # 一亿亿
                    total *= _BIG_UNITS[char]
                else:
                    return None
                section = 0
            elif group:
                section = group * _BIG_UNITS[char]
            else:
                return None
            digit, zero, last_small, last_unit = None, False, 10**5, _BIG_UNITS[char]
    pending = flush()
    if pending is None or not seen_digit:
        return None
    return total + section + pending
