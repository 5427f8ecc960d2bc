"""`quiz.decks.lint`: one table per rule, each with cards it warns about and cards it passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clockkit import Clock
from deck_helpers import load, write
from enginekit import NOON, open_collection
from quiz.core.model import Deck
from quiz.decks.discover import find_deck_files
from quiz.decks.lint import (
    RULES,
    choice_count,
    choice_in_question,
    choice_kind,
    duplicate_fact,
    lint_decks,
    long_answer,
    option_kind,
    relative_time,
    typed_length,
)
from quiz.decks.reader import load_decks

HEAD = "deck: sample\ntitle: 样例\ncards:\n"


def deck_of(tmp_path: Path, cards: str) -> Deck:
    """A deck of the given card lines (YAML, indented under `cards:`), loaded with no errors."""
    deck, problems = load(tmp_path, HEAD + cards)
    assert deck is not None and [p for p in problems if p.severity == "error"] == []
    return deck


def basic(q: str, a: str = "答案", extra: str = "") -> str:
    return f"  - id: c\n    q: '{q}'\n    a: '{a}'\n{extra}"


def cloze(text: str) -> str:
    return f"  - id: c\n    type: cloze\n    text: '{text}'\n"


def choice(q: str, choices: list[str], a: str, extra: str = "") -> str:
    listed = ", ".join(f"'{c}'" for c in choices)
    return (f"  - id: c\n    type: choice\n    q: '{q}'\n    choices: [{listed}]\n"
            f"    a: '{a}'\n{extra}")


def rules_of(problems) -> list[str]:
    return [p.message.split("]")[0].lstrip("[") for p in problems]


# -- relative-time -----------------------------------------------------------------------------

RELATIVE_WARNED = [
    ("截至去年11月底，园区累计入驻QFLP基金多少家？", "去年"),
    ("目前海南国际清算所清算会员开户增至多少家？", "目前"),
    ("覃裕祥的工厂在30年前拿下了多少只衣架的出口订单？", "30年前"),
    ("覃裕祥的工厂在３０年前拿下了多少只衣架的出口订单？", "３０年前"),
    ("青山镇三十余年前开始做什么？", "三十余年前"),
    ("成立4年来，三亚CBD累计实现营收多少亿元？", "4年来"),
    ("今年以来，人工智能行业不断上演什么？", "今年以来"),
    ("近年来三亚CBD注重什么共同发力？", "近年来"),
    ("海南国际清算所日前上线了什么系统？", "日前"),
    ("如今荔浦衣架产业正迈入什么时代？", "如今"),
    # The year is in another sentence: 。？；! end one.
    ("2023年营收1648.63亿元。目前入驻企业多少家？", "目前"),
    ("2023年营收1648.63亿元？近日上线了什么系统？", "近日"),
    ("2023年营收1648.63亿元；近日上线了什么系统？", "近日"),
    # Not a year: a count, a figure, a year with no 年.
    ("营收2817亿元，目前入驻企业多少家？", "目前"),
    ("据2025上海世界移动通信大会介绍，截至目前有多少款大模型完成备案？", "截至目前"),
]
RELATIVE_PASSED = [
    "截至2024年11月底，园区累计入驻QFLP基金多少家？",
    "截至报道时（2025年1月），海南国际清算所清算会员开户增至多少家？",
    "目前（截至报道时，2025年1月）海南国际清算所清算会员开户增至多少家？",
    "２０２５年，目前中国已有多少款大模型完成备案？",
    "二〇二五年，如今荔浦衣架产业正迈入什么时代？",
    "据2025-01-08发布的信息，截至目前共有多少款生成式人工智能服务完成备案？",
    "据2025年上海世界移动通信大会介绍，截至目前有多少款大模型完成备案？",
    "2000年前后，荔浦开创了什么发展模式？",          # a year, not "N years ago"
    "汪彬认为，凭借多年来的技术积累，我国已从应用端向哪里突破？",   # no count of years
    "这一趋势在人工智能大模型领域体现在哪里？",        # 体现在 is not 现在
    "2023年普惠小微贷款利率较上年度下降了吗？",        # 上年 with its year beside it
]


@pytest.mark.parametrize("question, word", RELATIVE_WARNED)
def test_relative_time_warns_of_a_floating_word(tmp_path: Path, question: str, word: str) -> None:
    problems = relative_time(deck_of(tmp_path, basic(question)))
    assert rules_of(problems) == ["relative-time"]
    assert word in problems[0].message and problems[0].severity == "warning"


@pytest.mark.parametrize("question", RELATIVE_PASSED)
def test_relative_time_passes_a_dated_or_absolute_question(tmp_path: Path, question: str) -> None:
    assert relative_time(deck_of(tmp_path, basic(question))) == []


@pytest.mark.parametrize("text, warned", [
    ("海南国际清算所近日上线了{{大宗商品信息管理系统}}。", True),
    ("2024年12月，海南国际清算所近日上线了{{大宗商品信息管理系统}}。", False),
    # A year inside a gap is hidden from the learner, so it anchors nothing…
    ("{{2024年}}，海南国际清算所近日上线了{{大宗商品信息管理系统}}。", True),
    # …but a hint is shown, and a relative word inside a gap is read once revealed.
    ("{{2024年::2024年}}，海南国际清算所近日上线了{{大宗商品信息管理系统}}。", False),
    ("海南国际清算所{{近日}}上线了国内首个大宗商品信息管理系统。", True),
])
def test_relative_time_reads_cloze_text_as_the_learner_sees_it(tmp_path: Path, text: str,
                                                               warned: bool) -> None:
    problems = relative_time(deck_of(tmp_path, cloze(text)))
    assert rules_of(problems) == (["relative-time"] if warned else [])


def test_relative_time_points_at_the_word_and_can_be_silenced(tmp_path: Path) -> None:
    deck = deck_of(tmp_path, """\
  - id: plain
    q: 截至去年11月底，园区累计入驻QFLP基金多少家？
    a: 57家
  - id: folded
    q: >-
      截至去年11月底，
      园区累计入驻QFLP基金多少家？
    a: 57家
  - id: silenced
    q: 截至去年11月底，园区累计入驻QFLP基金多少家？
    a: 57家
    lint: {ignore: [relative-time]}
""")
    problems = relative_time(deck)
    # The plain value starts at column 8 and 去年 is 2 characters in; a folded value is
    # reported where it starts (its `>-`).
    assert [(p.line, p.column) for p in problems] == [(5, 10), (8, 8)]
    assert {p.path for p in problems} == {str(deck.path)}


# -- choice-kind -------------------------------------------------------------------------------

CHOICE_KIND_WARNED = [
    # a currency only some options have
    (["15亿元", "86.57亿元", "10.53亿美元", "4.92亿美元"], "15亿元", ["10.53亿美元", "4.92亿美元"]),
    # …or only the answer has
    (["4.92亿美元", "15亿元", "86.57亿元", "4346亿元"], "4.92亿美元",
     ["15亿元", "86.57亿元", "4346亿元"]),
    # a percentage among money amounts
    (["29.4万亿元", "23.5%", "2817亿元", "2184亿元"], "29.4万亿元", ["23.5%"]),
    # percentage points are not percent; a multiple is not a share
    (["3.3个百分点", "23.7%", "2.21个百分点", "9.1个百分点"], "3.3个百分点", ["23.7%"]),
    (["七成", "1.8倍", "五成", "三成"], "七成", ["1.8倍"]),
    # a name among years, a year among names
    (["2023年", "2024年", "2020年", "现代金融"], "2023年", ["现代金融"]),
    (["现代金融产业", "现代商贸产业", "2024年", "邮轮游艇产业"], "现代金融产业", ["2024年"]),
    # a count among multiples
    (["11.3倍", "58倍", "1.8倍", "57家"], "58倍", ["57家"]),
]
CHOICE_KIND_PASSED = [
    (["4.46%", "3.96%", "4.96%", "5.46%"], "4.46%"),
    (["２３．５％", "9.1%", "14.9%", "22.4%"], "２３．５％"),         # full-width
    (["15亿元", "86.57亿元", "1.2万亿元", "4346亿元"], "15亿元"),    # multipliers differ
    (["超80亿元", "40亿元", "300多亿元", "10亿元左右"], "超80亿元"),  # qualifiers
    (["40多亿只", "80多亿只", "300多亿只", "10多亿只"], "40多亿只"),
    (["七成", "八成以上", "五成", "三成"], "七成"),
    (["上世纪90年代初", "1995年", "2000年前后", "2008年"], "上世纪90年代初"),
    (["植绒", "冷轧钢", "不锈钢", "高分子塑料"], "植绒"),
    (["“九天”客服大模型", "讯飞星火教育大模型", "通义法睿", "文心一言"], "“九天”客服大模型"),
]


@pytest.mark.parametrize("choices, answer, odd", CHOICE_KIND_WARNED)
def test_choice_kind_warns_of_options_of_another_kind(tmp_path: Path, choices: list[str],
                                                      answer: str, odd: list[str]) -> None:
    problems = choice_kind(deck_of(tmp_path, choice("问？", choices, answer)))
    assert rules_of(problems) == ["choice-kind"]
    named = [c for c in choices if f"'{c}' (" in problems[0].message]
    assert named == odd
    # located at the first odd option: line 7 holds `choices: ['…', …]`
    first = choices.index(odd[0])
    assert problems[0].line == 7
    assert problems[0].column == \
        len("    choices: [") + 2 + sum(len(c) + 4 for c in choices[:first])


@pytest.mark.parametrize("choices, answer", CHOICE_KIND_PASSED)
def test_choice_kind_passes_options_of_one_kind(tmp_path: Path, choices: list[str],
                                                answer: str) -> None:
    assert choice_kind(deck_of(tmp_path, choice("问？", choices, answer))) == []


@pytest.mark.parametrize("option, kind", [
    ("2,817亿元", "元"), ("２８１７亿元", "元"), ("4.92亿美元", "美元"), ("23.5%", "%"),
    ("百分之二十三点五", "%"), ("七成", "%"), ("1.8倍", "倍"), ("57家", "家"), ("302", "a number"),
    ("2023年", "time"), ("上世纪90年代初", "time"), ("360集团", "text"), ("5G网络", "text"),
    ("中期借贷便利（MLF）", "text"),
])
def test_option_kind(option: str, kind: str) -> None:
    assert option_kind(option) == kind


# -- choice-count ------------------------------------------------------------------------------


@pytest.mark.parametrize("choices, warned", [
    (["2020年", "2023年"], True),
    (["2020年", "2023年", "2024年"], True),
    (["2020年", "2023年", "2024年", "2025年"], False),
    (["2019年", "2020年", "2023年", "2024年", "2025年"], False),
])
def test_choice_count_wants_four_options(tmp_path: Path, choices: list[str], warned: bool) -> None:
    problems = choice_count(deck_of(tmp_path, choice("哪一年？", choices, "2023年")))
    assert rules_of(problems) == (["choice-count"] if warned else [])
    assert [(p.line, p.column) for p in problems] == ([(7, 14)] if warned else [])


def test_choice_count_can_be_silenced(tmp_path: Path) -> None:
    card = choice("是否？", ["是", "否"], "是", "    lint: {ignore: [choice-count]}\n")
    assert choice_count(deck_of(tmp_path, card)) == []


# -- choice-in-question ------------------------------------------------------------------------


@pytest.mark.parametrize("question, choices, given", [
    ("2023年，三亚CBD哪个产业入选首批千亿级产业集群？",
     ["现代金融", "现代商贸", "邮轮游艇", "总部经济"], []),
    ("三亚CBD现代金融产业哪一年入选？2023年还是2024年？", ["2023年", "2024年", "2020年", "2025年"],
     ["2023年", "2024年"]),
    ("截至２０２３年末，哪类贷款余额2817亿元？", ["2023年", "2024年", "2020年", "2025年"],
     ["2023年"]),
    ("中国移动的“九天”客服大模型依托哪个客服领域的数据？", ["“九天”", "10086", "12345", "95588"],
     ["“九天”"]),
    # A number is not part of a longer number: 8 is not in 2008, 1.8 not in 11.8.
    ("自2008年起，荔浦企业参与制定了多少个标准？增速11.8%。", ["8", "10", "12", "1.8"], []),
    ("荔浦带动了当地8个配套产业发展，其中有多少个标准？", ["8", "10", "12", "6"], ["8"]),
])
def test_choice_in_question_finds_options_the_question_gives(tmp_path: Path, question: str,
                                                             choices: list[str],
                                                             given: list[str]) -> None:
    problems = choice_in_question(deck_of(tmp_path, choice(question, choices, choices[0])))
    assert rules_of(problems) == ["choice-in-question"] * len(given)
    assert [m for m in given if any(f"'{m}'" in p.message for p in problems)] == given


# -- long-answer -------------------------------------------------------------------------------


@pytest.mark.parametrize("answer, accept, warned", [
    ("北京市社会科学院经济研究所副所长", None, True),                       # 16 characters
    ("北京市社会科学院经济研究所副所", None, False),                         # 15
    ("北京市社会科学院经济研究所副所长", "[经济研究所副所长]", False),
    ("北京市社会科学院经济研究所副所长", "[北京市社会科学院经济研究所的副所长]", True),
    ("北京市社会科学院、经济研究所，副所", None, False),   # punctuation is not typed: 15
    ("ＡＩ与大模型平台业务副总经理", None, False),          # full width folds: 14
    ("大量的数据集合在眼前，却很难切入分析", None, True),   # 17 without the comma
])
def test_long_answer_wants_a_short_typed_answer(tmp_path: Path, answer: str, accept: str | None,
                                                warned: bool) -> None:
    extra = f"    accept: {accept}\n" if accept else ""
    problems = long_answer(deck_of(tmp_path, basic("职务？", answer, extra)))
    assert rules_of(problems) == (["long-answer"] if warned else [])


@pytest.mark.parametrize("text, warned", [
    ("全力打造{{自贸港现代服务业高质量发展引领区}}。", True),
    ("全力打造自贸港{{现代服务业}}高质量发展{{引领区}}。", False),
])
def test_long_answer_reads_each_cloze_gap(tmp_path: Path, text: str, warned: bool) -> None:
    problems = long_answer(deck_of(tmp_path, cloze(text)))
    assert rules_of(problems) == (["long-answer"] if warned else [])
    if warned:   # at the gap's first character: text starts at column 12, the gap 7 in
        assert (problems[0].line, problems[0].column) == (6, 12 + len("全力打造{{"))


def test_long_answer_leaves_numeric_and_choice_cards_alone(tmp_path: Path) -> None:
    long = "中央党校（国家行政学院）经济学教研部政府经济管理教研室"
    cards = choice("哪个单位？", [long, "甲单位", "乙单位", "丙单位"], long) + \
        "  - id: n\n    type: numeric\n    q: 多少？\n    a: '123456789012345678'\n"
    assert long_answer(deck_of(tmp_path, cards)) == []
    assert typed_length(long) > 15


# -- duplicate-fact ----------------------------------------------------------------------------


DUPLICATES = """\
  - id: first
    q: 截至2023年末，普惠小微贷款余额为多少？
    a: 29.4万亿元
    quote: 普惠小微贷款余额29.4万亿元
  - id: same-fact-as-cloze
    type: cloze
    text: 截至2023年末，普惠小微贷款余额{{29.4万亿元}}
    quote: 普惠小微贷款余额 29.4万亿元
  - id: same-quote-other-answer
    q: 截至2023年末，余额29.4万亿元的是哪类贷款？
    a: 普惠小微贷款
    quote: 普惠小微贷款余额29.4万亿元
  - id: other-quote-same-answer
    q: 截至2023年末，普惠小微贷款余额为多少？
    a: 29.4万亿元
    quote: 截至2023年末，普惠小微贷款余额29.4万亿元
"""


def test_duplicate_fact_finds_one_quote_and_answer_carded_twice(tmp_path: Path) -> None:
    deck = deck_of(tmp_path, DUPLICATES)
    problems = duplicate_fact([deck])
    assert rules_of(problems) == ["duplicate-fact"]
    assert (problems[0].line, problems[0].column) == (11, 12)   # the later card's quote
    assert "'first' (line 4)" in problems[0].message


@pytest.mark.parametrize("where", ["first", "same-fact-as-cloze"])
def test_duplicate_fact_is_silenced_on_either_card(tmp_path: Path, where: str) -> None:
    text = DUPLICATES.replace(f"  - id: {where}\n", f"  - id: {where}\n"
                                                    f"    lint: {{ignore: [duplicate-fact]}}\n")
    assert duplicate_fact([deck_of(tmp_path, text)]) == []


def test_duplicate_fact_compares_decks_that_share_a_source(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "article.txt").write_text("截至2023年末，普惠小微贷款余额29.4万亿元。",
                                                    encoding="utf-8")
    for slug, card_id in (("one", "balance"), ("two", "balance-again")):
        write(tmp_path / "decks", f"deck: {slug}\ntitle: t\nsource: ../seeds/article.txt\ncards:\n"
                                  f"  - id: {card_id}\n    q: 截至2023年末余额？\n"
                                  f"    a: 29.4万亿元\n"
                                  f"    quote: 普惠小微贷款余额29.4万亿元\n", f"{slug}.yaml")
    result = load_decks(find_deck_files([tmp_path / "decks"]))
    assert result.problems == []
    problems = lint_decks(result.decks)
    assert rules_of(problems) == ["duplicate-fact"]
    assert problems[0].path.endswith("two.yaml") and "one/balance" in problems[0].message


# -- the `lint` key, the `name` key and `quiz check` ---------------------------------------------


@pytest.mark.parametrize("value, message", [
    ("{ignore: [relative-tme]}", "unknown lint rule 'relative-tme'"),
    ("{ignore: [relative-tme]}", "did you mean 'relative-time'?"),
    ("{ignor: [relative-time]}", "unknown key 'ignor' in 'lint'; did you mean 'ignore'?"),
    ("{}", "'lint' has no 'ignore'"),
    ("[relative-time]", "'lint' must be a mapping"),
    ("{ignore: relative-time}", "'ignore' must be a list"),
])
def test_the_lint_key_names_known_rules(tmp_path: Path, value: str, message: str) -> None:
    _, problems = load(tmp_path, HEAD + f"  - id: c\n    q: 问？\n    a: 答\n    lint: {value}\n")
    assert problems and {(p.severity, p.line) for p in problems} == {("error", 7)}
    assert any(message in p.message for p in problems)


def test_every_rule_has_a_name_and_a_description() -> None:
    assert set(RULES) == {"relative-time", "choice-kind", "choice-count", "choice-in-question",
                          "long-answer", "duplicate-fact"}
    assert all(RULES.values())


@pytest.mark.parametrize("name, ok", [
    ("生成式AI备案2024", True),                     # 16 cells
    ("一二三四五六七八九十一二", True),             # 24 cells
    ("一二三四五六七八九十一二三", False),          # 26 cells
    ("a" * 24, True),
    ("a" * 25, False),
    ("[生成式AI]", False),                          # a list, not text
])
def test_a_deck_name_is_short_text(tmp_path: Path, name: str, ok: bool) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: 样例\nname: {name}\n"
                                    f"cards:\n  - {{id: c, q: 问？, a: 答}}\n")
    assert deck is not None
    if ok:
        assert problems == [] and deck.name == name
    else:
        assert [(p.line, p.severity) for p in problems] == [(3, "error")]
        assert deck.name is None


def test_check_prints_counts_and_lists_lint_warnings(run_quiz, tmp_path: Path) -> None:
    write(tmp_path / "decks", HEAD.replace("title: 样例\n", "title: 样例\nname: 样例2025\n")
          + basic("目前园区入驻企业多少家？", "57家")
          + "  - id: d\n    type: choice\n    q: 哪一年？\n    choices: [2020年, 2023年, 2024年]\n"
            "    a: 2023年\n")
    result = run_quiz("check", "decks")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "decks/sample.yaml:6:9: warning: [relative-time] 目前 with no year in the sentence: "
        "write the date the article means, or anchor it to the report's date, as in "
        "截至报道时（2025年1月）",
        "decks/sample.yaml:11:14: warning: [choice-count] 3 options; give 4",
        "1 deck file, 2 cards: 0 errors, 2 warnings",
    ]
    report = json.loads(run_quiz("check", "--json", "decks").stdout)
    assert report["decks"][0]["name"] == "样例2025"
    assert [(e["line"], e["severity"]) for e in report["errors"]] == \
        [(6, "warning"), (11, "warning")]
    assert report["errors"][1]["message"].startswith("[choice-count]")


def test_study_keeps_cards_that_have_warnings(tmp_path: Path) -> None:
    deck = write(tmp_path / "decks", HEAD + basic("目前园区入驻企业多少家？", "57家")
                 + choice("哪一年？", ["2020年", "2023年"], "2023年").replace("id: c", "id: d"))
    assert len(lint_decks([load(tmp_path / "decks", deck.read_text(encoding="utf-8"))[0]])) == 2
    with open_collection(tmp_path) as collection:
        assert sorted(card.id for card in collection.cards.values()) == ["c", "d"]
        assert collection.counts(Clock(NOON)())[0].new == 2


def test_a_hostile_card_gets_warnings_never_a_traceback(tmp_path: Path) -> None:
    deck = deck_of(tmp_path, basic("去年" * 500 + "？{{{{{{", "答" * 3000)
                   + choice("%%%", ["-", "."], "-").replace("id: c", "id: d"))
    problems = lint_decks([deck])
    assert {p.severity for p in problems} == {"warning"}
    assert sorted(rules_of(problems)) == ["choice-count", "long-answer", "relative-time"]
