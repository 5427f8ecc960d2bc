"""Decks with every card type, grounded in the finance seed, for the authoring tests."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FINANCE_SEED = "000_cc1b8b3426606615.txt"


def copy_seed(root: Path, name: str = FINANCE_SEED) -> Path:
    """Copy a seed article to root/seeds, beside root/decks, where a deck's source may be."""
    target = root / "seeds" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((SEEDS / name).read_bytes())
    return target


# Written to root/decks, with the seed copied to root/seeds (`copy_seed`).
FINANCE_DECK = f"""\
deck: finance
title: 中国普惠金融指标分析报告（2023—2024年）
source: ../seeds/{FINANCE_SEED}
as_of: 2023-12-31
tags: [金融, inclusive finance]
cards:
  - id: micro-loan-balance
    q: 截至2023年末，普惠小微贷款余额为多少？
    a: 29.4万亿元
    accept: [29.4万亿]
    quote: 截至2023年末，普惠小微贷款余额29.4万亿元
    explain: 同比增长23.5%
  - id: micro-loan-growth
    type: cloze
    text: 普惠小微贷款余额{{{{29.4万亿元::金额}}}}，同比增长{{{{23.5%}}}}
    quote: 普惠小微贷款余额29.4万亿元，同比增长23.5%
    tags: [growth]
  - id: rate-choice
    type: choice
    q: 2023年新发放的普惠小微企业贷款加权平均利率为？
    choices: [3.96%, 4.46%, 4.96%, 5.46%]
    a: 4.46%
    quote: 加权平均利率为4.46%
  - id: account-count
    type: numeric
    q: 截至2023年末，全国人均拥有多少个银行账户？
    a: '10.19'
    unit: 个
    tolerance: '0'
    quote: 全国人均拥有10.19个银行账户
    valid_until: 2099-12-31
"""

PLAIN_DECK = """\
deck: plain
title: Characters <that> & look like markup
cards:
  - id: html-looking
    q: 《报告》里 <b> 与 & 这样的字符如何显示？
    a: 原样 <b> & 显示
    tags: [two words]
  - id: cloze-markup
    type: cloze
    text: "a < b & {{c > d}} [x]"
"""
