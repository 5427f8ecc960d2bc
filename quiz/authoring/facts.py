"""Facts an exam asks about, found in Chinese prose: figures, dates, rankings and named bodies.

Plain regular expressions tuned to news prose: a figure is a number with a unit
("29.4万亿元", "433 款", "40 多亿只"), a percentage or a share ("23.5%", "七成"),
a date ("2024年12月31日", "11月底"), a ranking ("首批", "全球最大") or a named
body (an organisation ending in 银行, 办公室, 公司… or a title in 《》).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class FigureKind(StrEnum):
    QUANTITY = "quantity"
    PERCENT = "percent"
    DATE = "date"
    RANKING = "ranking"
    BODY = "body"


_NUMBER = r"(?<![A-Za-z0-9.\-])(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)"
_MAGNITUDE = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)"
_UNIT = (r"(?:个百分点|百分点|亿美元|美元|港元|欧元|亿元|元|平方公里|平方米|公里|千米|万吨|吨|"
         r"个月|个|款|家|户|张|笔|只|人次|人|次|项|倍|天|小时|分钟|分|亩|件|种|类|座|名|位|台|"
         r"辆|条|份|周岁|岁|所|批|期|支|套|部|篇|场|届|年)")
_CJK_DIGITS = "一二两三四五六七八九十百千"

_PATTERNS: tuple[tuple[FigureKind, re.Pattern[str]], ...] = (
    (FigureKind.DATE, re.compile(
        r"(?<!\d)\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:末|底|初)?"
        r"|(?<!\d)\d{1,2}\s*月(?:\s*\d{1,2}\s*日|底|末|初)"
        r"|上世纪\s*\d{2}\s*年代(?:初|末|中期)?")),
    (FigureKind.PERCENT, re.compile(
        _NUMBER + r"\s*[%％](?:以上|左右)?"
        r"|[一二三四五六七八九十]成(?:以上|左右)?")),
    (FigureKind.QUANTITY, re.compile(
        _NUMBER + r"\s*(?P<unit>(?:多|余)?" + _MAGNITUDE + r"?(?:多|余)?" + _UNIT + ")"
        r"|[双两]?[千百]亿(?:元|美元|级)|(?<=“)\d+(?:\+\d+)+(?=”)"
        rf"|[{_CJK_DIGITS}]+[余多]年|[二两三四五六七八九十]+大(?=[\u4e00-\u9fff])"
        r"|[两二三四五六七八九十]+(?:个|次|批|项)(?=[\u4e00-\u9fff])")),
    (FigureKind.RANKING, re.compile(
        r"第[一二三四五六七八九十\d]+|首[个批家次款台座]|(?<![\d.])\d+\s*强"
        r"|(?:全球|全国|世界|国内|亚洲|全省|全市)(?:最大|最高|最多|最早|最长|第一|领先)")),
    (FigureKind.BODY, re.compile(
        r"《[^《》\n]{3,40}》"
        r"|(?:(?<=[，。；：、“”（）据由])|^)"
        r"(?![在是与和向由据支当对为从])[\u4e00-\u9fffA-Za-z0-9 ]{3,16}?"
        r"(?:办公室|人民银行|银行(?![卡业账结网存])|委员会|研究院|研究所|科学院|信通院|清算所|"
        r"交易所|网信办|集团|有限公司|公司|协会|大会|商务区)")),
)
_APPROXIMATE_BEFORE = ("超", "近", "约", "逾", "超过", "突破")
_APPROXIMATE_AFTER = ("以上", "左右", "多")


@dataclass(frozen=True, slots=True)
class Figure:
    """One fact found in a piece of text, at [start, end) of that text."""

    kind: FigureKind
    text: str
    start: int
    end: int
    number: str | None = None
    unit: str | None = None

    def exact_number(self, context: str) -> bool:
        """Whether the figure states an exact digit number (not "超80亿元", "300多家")."""
        if self.number is None or "多" in (self.unit or "") or "余" in (self.unit or ""):
            return False
        before = context[:self.start].rstrip()
        after = context[self.end:].lstrip()
        return not before.endswith(_APPROXIMATE_BEFORE) and \
            not after.startswith(_APPROXIMATE_AFTER) and \
            not self.text.endswith(_APPROXIMATE_AFTER)


def find_figures(text: str) -> list[Figure]:
    """Every fact in text, leftmost-longest, never overlapping; earlier kinds win ties."""
    found: list[tuple[int, int, int, Figure]] = []
    for rank, (kind, pattern) in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            if not match.group(0).strip():
                continue
            groups = match.groupdict()
            number = groups.get("number")
            unit = groups.get("unit")
            if kind is FigureKind.PERCENT and number is not None:
                unit = "%"
            figure = Figure(kind, match.group(0), match.start(), match.end(), number,
                            unit.strip() if unit else None)
            found.append((match.start(), -(match.end() - match.start()), rank, figure))
    chosen: list[Figure] = []
    taken_until = -1
    for start, _, _, figure in sorted(found, key=lambda item: item[:3]):
        if start >= taken_until:
            chosen.append(figure)
            taken_until = figure.end
    return chosen
