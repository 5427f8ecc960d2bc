"""Helpers for the engine tests: a moment far from the day boundary and small generated decks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from quiz.study.collection import Collection

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Noon in Shanghai: far from the 04:00 day boundary.
NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def basic_deck(slug: str, count: int, *, tags: tuple[str, ...] = (), extra: str = "") -> str:
    """A deck of `count` basic cards (`c0`, `c1`, …) whose answers are their numbers."""
    lines = [f"deck: {slug}", f"title: Deck {slug}"]
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    lines.append("cards:")
    for index in range(count):
        lines += [f"  - id: c{index}", f"    q: question {index} of {slug}?",
                  f"    a: answer {index}"]
    return "\n".join(lines) + "\n" + extra


MIXED_DECK = """\
deck: mixed
title: 混合
tags: [金融]
cards:
  - id: basic
    q: 2023年末普惠小微贷款余额？
    a: 29.4万亿元
  - id: numeric
    type: numeric
    q: 全国人均拥有多少个银行账户？
    a: "10.19"
    unit: 个
  - id: choice
    type: choice
    q: 加权平均利率为？
    choices: [3.96%, 4.46%, 4.96%]
    a: 4.46%
    tags: [利率]
  - id: cloze
    type: cloze
    text: 普惠小微贷款余额29.4万亿元，同比增长{{23.5%}}
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / "decks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def open_collection(root: Path, **overrides: object) -> Collection:
    """A collection over root/decks with its store in root/home; fuzz off unless asked."""
    overrides.setdefault("fuzz", False)
    return Collection.open(deck_paths=[root / "decks"], data_dir=root / "home",
                           config_path=root / "config.toml", overrides=overrides, tz=SHANGHAI)
