"""Which cards give which away: one card's texts hold another card's whole answer."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.answers.grading import AnswerPart, answer_parts, normalise, part_right
from quiz.answers.numbers import parse_quantity
from quiz.core.model import Card, CardType, cloze_parts
from quiz.decks.giveaway import (
    _FIGURE_RE,
    SAME_QUOTE,
    GiveAway,
    _apart,
    _bare_number,
    give_aways,
    pair_count,
    relation,
    shown_texts,
)


def basic(card_id: str, q: str, a: str, **fields) -> Card:
    return Card("d", card_id, CardType.BASIC, q, a, **fields)


def cloze(card_id: str, text: str, **fields) -> Card:
    return Card("d", card_id, CardType.CLOZE, text, "", **fields)


def numeric(card_id: str, q: str, a: str, unit: str | None = None, **fields) -> Card:
    return Card("d", card_id, CardType.NUMERIC, q, a, unit=unit, **fields)


def choice(card_id: str, q: str, choices: list[str], a: str, **fields) -> Card:
    return Card("d", card_id, CardType.CHOICE, q, a, choices=tuple(choices), **fields)


def found(cards: list[Card]) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    return {(pair.giver, pair.given): pair.found for pair in give_aways(cards)}


def test_a_question_that_shows_another_cards_answer_gives_it_away() -> None:
    cards = [basic("origin", "国内衣架中，有七成产自哪个市？", "广西荔浦市"),
             basic("share", "荔浦衣架占全国市场的多少？", "七成")]
    assert found(cards) == {("origin", "share"): (("q", "七成"),)}


def test_every_text_a_card_shows_counts_answer_note_choice_and_quote() -> None:
    asked = numeric("new-2024", "2024年新增备案多少款？", "238", unit="款")
    for giver, key in [
            (basic("a", "问？", "新增238款"), "a"),
            (basic("n", "问？", "答", explain="其中2024年新增238款备案"), "explain"),
            (choice("c", "问？", ["238款", "302款"], "302款"), "choices"),
            (basic("s", "问？", "答", quote="当年新增238款。"), "quote")]:
        assert found([giver, asked]) == {(giver.id, "new-2024"): ((key, "238款"),)}, key


def test_texts_are_compared_as_the_grader_folds_them() -> None:
    model = basic("model", "哪家公司的模型？", "DeepSeek-V3")
    person = basic("person", "谁表示？", "王京涛")
    shows = basic("shows", "ＤｅｅｐＳｅｅｋ Ｖ３ 由谁发布？", "杭州深度求索", explain="王京濤表示")
    assert found([model, person, shows]) == {("shows", "model"): (("q", "deepseekv3"),),
                                             ("shows", "person"): (("explain", "王京涛"),)}


def test_an_accept_entry_is_enough() -> None:
    city = basic("city", "七成衣架产自哪个市？", "广西荔浦市", accept=("荔浦",))
    other = basic("other", "荔浦衣架产业始于何时？", "20世纪80年代")
    assert found([city, other]) == {("other", "city"): (("q", "荔浦"),)}


def test_a_cloze_card_is_given_away_only_with_every_gap() -> None:
    series = cloze("series", "八大系列有{{木制}}、{{竹制}}等。")
    one = basic("one", "有木制衣架吗？", "有")
    both = choice("both", "不属于八大系列的是？", ["木制", "竹制", "不锈钢", "布艺"], "不锈钢")
    assert found([series, one, both]) == {
        ("both", "series"): (("choices", "木制"), ("choices", "竹制"))}


def test_a_choice_card_is_given_away_by_its_answer_not_its_other_options() -> None:
    rate = choice("rate", "加权平均利率为？", ["3.96%", "4.46%", "4.96%", "5.46%"], "4.46%")
    wrong = basic("wrong", "另一个利率为？", "答", explain="去年为3.96%。")
    right = basic("right", "问？", "答", explain="利率为4.46%。")
    assert found([rate, wrong, right]) == {("right", "rate"): (("explain", "4.46%"),)}


def test_a_number_is_never_found_inside_a_longer_number_or_word() -> None:
    three = numeric("three", "有几家？", "3", unit="家")
    for text in ["共302家", "增长3.5家", "下降-3家", "达3万家", "约23家", "3G网络", "GPT3家"]:
        assert found([basic("t", text, "答"), three]) == {}, text
    for text in ["共3家", "3家企业", "第一批3家"]:
        assert found([basic("t", text, "答"), three]) == {("t", "three"): (("q", "3家"),)}, text


def test_a_plain_number_counts_only_where_its_figure_is_right_for_it() -> None:
    growth = basic("growth", "增长了多少？", "3.3%")
    eight = cloze("eight", "形成了{{八}}大系列。")
    assert found([basic("points", "高出3.3个百分点", "答"), growth]) == {}
    assert found([basic("day", "1月8日发布", "答"), eight]) == {}
    assert found([basic("count", "共八大系列", "答"), eight]) == \
        {("count", "eight"): (("q", "八"),)}
    assert found([basic("inside", "十八大系列", "答"), eight]) == {}


def test_figures_are_read_as_the_grader_reads_them() -> None:
    share = basic("share", "占多少？", "70%")
    floor = basic("floor", "规模超过多少？", "超1万亿元")
    trillion = basic("trillion", "余额多少？", "1万亿元")
    texts = found([basic("seven", "七成产自荔浦", "答"), share])
    assert texts == {("seven", "share"): (("q", "七成"),)}
    assert found([basic("t", "规模1万亿元", "答"), floor]) == \
        {("t", "floor"): (("q", "1万亿元"),)}
    assert found([basic("t", "余额10000亿元", "答"), trillion]) == \
        {("t", "trillion"): (("q", "10000亿元"),)}
    assert found([basic("t", "余额1万亿美元", "答"), trillion]) == {}


def test_a_figure_is_read_for_its_value_even_in_the_digits_of_its_own_cards_answer() -> None:
    half = basic("half", "占比为7成半", "七成")   # 7成半 is 75%; 七成 is written in 7s too
    share = basic("share", "占多少？", "75%")
    assert found([half, share]) == {("half", "share"): (("q", "7成半"),)}


def test_the_answer_as_written_counts_before_a_figure_in_another_form() -> None:
    share = basic("share", "占多少？", "70%")
    assert found([basic("t", "七成，即70%", "答"), share]) == {("t", "share"): (("q", "70%"),)}
    assert found([basic("t", "70%，即七成", "答"), share]) == {("t", "share"): (("q", "70%"),)}


def test_a_figure_counts_only_where_the_grader_takes_it_for_the_answer() -> None:
    floor = basic("floor", "规模超过多少？", "超1万亿元")
    assert found([basic("t", "规模近1万亿元", "答"), floor]) == {}


def test_a_one_character_answer_that_is_no_number_is_never_looked_for() -> None:
    assert found([basic("province", "哪个省？", "省"), basic("t", "全省各市", "答")]) == {}


def test_cards_with_one_quote_give_each_other_away() -> None:
    quote = "截至2023年末，普惠小微贷款余额29.4万亿元"
    balance = basic("balance", "余额多少？", "29.4万亿元", quote=quote)
    year = basic("year", "截至哪年末？", "2023年末", quote=f" {quote} ")
    assert found([balance, year]) == {("balance", "year"): (("quote", "2023年末"),),
                                      ("year", "balance"): (("quote", "29.4万亿元"),)}
    other = basic("other", "问？", "答", quote="普惠小微贷款余额")
    what = basic("what", "问？", "答案", quote="普惠小微贷款余额")
    assert found([other, what]) == {("other", "what"): (("quote", SAME_QUOTE),),
                                    ("what", "other"): (("quote", SAME_QUOTE),)}


def test_a_card_never_gives_itself_away_and_the_relation_lists_ids() -> None:
    share = basic("share", "七成产自哪里？", "荔浦")
    asks = basic("asks", "占多少？", "七成")
    cards = [share, asks, basic("apart", "问？", "答案")]
    assert relation(cards) == {"share": ("asks",)}
    assert pair_count(relation(cards)) == (1, 1)
    both = [basic("a", "问荔浦？", "青山"), basic("b", "问青山？", "荔浦")]
    assert pair_count(relation(both)) == (1, 2)


CJK = st.text(alphabet=st.characters(min_codepoint=0x4E50, max_codepoint=0x4FFF),
              min_size=2, max_size=6)


@given(answer=CJK, before=CJK, after=CJK)
def test_an_answer_written_out_in_another_cards_question_is_always_found(
        answer: str, before: str, after: str) -> None:
    asked = basic("asked", "问什么？", answer)
    shows = basic("shows", f"{before}，{answer}。{after}", "另一个答案")
    assert ("shows", "asked") in found([asked, shows])


@given(answer=CJK, text=CJK)
def test_a_text_without_the_answer_never_gives_it_away(answer: str, text: str) -> None:
    shown = text.replace(answer[0], "")
    assert found([basic("asked", "问什么？", answer), basic("shows", shown, "乙")]) in (
        {}, {("asked", "shows"): (("a", "乙"),)})


# -- The relation by its plain definition ------------------------------------------------
#
# Every card against every other, every form of every part of the answer looked for at every
# place of every text: slow and plain, to hold the index of `quiz.decks.giveaway` to.

SINGLES = frozenset("0123456789零〇一二两三四五六七八九十百千万亿")


def significant(digits: str) -> str:
    """29.4 → 294, 0.50 → 5: the digits a figure is written in, without point or zeros."""
    return digits.replace(".", "").strip("0") or "0"


def states(text: str, card: Card, number: int, part: AnswerPart,
           deck_digits: set[str]) -> str | None:
    """The first form by which `text` (normalised) gives part `number` of the card's answer:
    a form of it standing apart (leftmost, the longest at one place), then a figure."""
    places = sorted((start, -len(form), form) for form in part.texts
                    if len(form) > 1 or form in SINGLES   # one character says nothing else
                    for start in range(len(text)) if text.startswith(form, start))
    for start, _, form in places:
        if not _apart(text, start, start + len(form)):
            continue
        if _bare_number(form):   # a plain number only where its figure is right for the part
            figure = _FIGURE_RE.match(text, start)
            span = figure.group() if figure else form
            quantity = parse_quantity(span)
            if quantity is None or not any(
                    value == quantity.value and (not quantity.unit or unit == quantity.unit)
                    for value, unit in part.figures) or not part_right(card, number, span):
                continue
        return form
    for figure in _FIGURE_RE.finditer(text):
        arabic, span = figure.group("arabic"), figure.group()
        if arabic is not None and significant(arabic) not in deck_digits:
            continue   # a figure in digits no answer's figure has is not read
        quantity = parse_quantity(span)
        if _apart(text, *figure.span()) and quantity is not None and not quantity.bare \
                and (quantity.value, quantity.unit) in part.figures \
                and part_right(card, number, span):
            return span
    return None


def reference(cards: list[Card]) -> list[GiveAway]:
    """Each ordered pair of cards in which the first shows every part of the second's answer,
    in the first text (as `shown_texts` lists them) that shows it; then cards with one quote."""
    parts = [answer_parts(card) for card in cards]
    deck_digits = {significant(format(abs(value), "f"))
                   for card_parts in parts for part in card_parts for value, _ in part.figures}
    texts = [[(key, normalise(text)) for key, text in shown_texts(card)] for card in cards]
    pairs: dict[tuple[int, int], tuple[tuple[str, str], ...]] = {}
    for giver in range(len(cards)):
        for asked in range(len(cards)):
            if asked == giver:
                continue
            where = []
            for number, part in enumerate(parts[asked]):
                where += [(key, form) for key, text in texts[giver] if (form := states(
                    text, cards[asked], number, part, deck_digits)) is not None][:1]
            if len(where) == len(parts[asked]):
                pairs[giver, asked] = tuple(where)
    quotes = [dict(texts[index]).get("quote") for index in range(len(cards))]
    for giver, quote in enumerate(quotes):
        for asked, other in enumerate(quotes):
            if quote and quote == other and asked != giver:
                pairs.setdefault((giver, asked), (("quote", SAME_QUOTE),))
    return [GiveAway(cards[giver].id, cards[asked].id, where)
            for (giver, asked), where in sorted(pairs.items())]


# Random decks built from pieces that catch each other out: numbers inside longer numbers,
# figures in other units and multipliers, 成 and 个百分点, Latin words inside others, width,
# case and script, punctuation, shared quotes and accept lists.
FIGURES = ["3", "30", "302", "3.3", "3.5", "-3", "0.5", "5", "7", "0.7", "八", "十八", "七", "七成",
           "七成半", "70", "75", "1", "10000", "1万", "238", "2024", "29.4", "二十九点四", "294000"]
UNITS = ["", "", "%", "个百分点", "成", "成半", "万亿元", "亿元", "款", "家", "万", "年", "个",
         "万件", "美元", "元"]
WORDS = ["荔浦", "衣架", "荔浦衣架", "deepseek", "ai", "said", "gpt4", "5g", "王京濤", "王京涛",
         "ＤｅｅｐＳｅｅｋ", "省", "市", "木制", "竹制", "超", "近", "约", "以上", "多", "余", "第",
         "百分之", "大约", "不到"]
MARKS = ["，", "。", " ", "、", "-", ".", "%", "（", "）", "+", ",", "\n"]
BEFORE, AFTER = ["", "", "超", "近", "约"], ["", "", "", "以上", "左右", "多"]


@st.composite
def decks(draw: st.DrawFn) -> list[Card]:
    """A few cards on a few numbers and units of their own, so that they meet often."""
    numbers = draw(st.lists(st.sampled_from(FIGURES), min_size=1, max_size=3))
    units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3))
    figures = st.builds(lambda *pieces: "".join(pieces), st.sampled_from(BEFORE),
                        st.sampled_from(numbers), st.sampled_from(units), st.sampled_from(AFTER))
    words = st.one_of(figures, st.sampled_from(WORDS))
    texts = st.lists(words | st.sampled_from(MARKS), max_size=6).map("".join)
    answers = words | st.lists(words, min_size=2, max_size=3).map("、".join)
    quotes = draw(st.lists(texts, min_size=1, max_size=3))
    cards: list[Card] = []
    for number in range(draw(st.integers(1, 7))):
        if cards and draw(st.integers(0, 3)) == 0:   # the same answer, asked again
            again = draw(st.sampled_from(cards))
            cards.append(replace(again, id=f"c{number}", prompt=again.prompt if again.type
                                 is CardType.CLOZE else draw(st.sampled_from([again.prompt,
                                                                               *quotes]))))
            continue
        kind = draw(st.sampled_from(list(CardType)))
        fields = {"explain": draw(st.none() | texts),
                  "quote": draw(st.none() | st.sampled_from(quotes))}
        card_id = f"c{number}"
        if kind is CardType.CLOZE:
            gaps = draw(st.lists(answers, min_size=1, max_size=3))
            text = "".join(f"{draw(texts)}{{{{{gap}}}}}" for gap in gaps) + draw(texts)
            gaps = tuple(answer for answer, _ in cloze_parts(text))
            cards.append(Card("d", card_id, kind, text, " / ".join(gaps), gaps=gaps, **fields))
        elif kind is CardType.CHOICE:
            options = draw(st.lists(answers, min_size=2, max_size=4))
            cards.append(choice(card_id, draw(texts), options,
                                draw(st.sampled_from(options)), **fields))
        elif kind is CardType.NUMERIC:
            cards.append(numeric(card_id, draw(texts), draw(st.sampled_from(numbers)),
                                 unit=draw(st.sampled_from(units)) or None,
                                 tolerance=draw(st.sampled_from([None, "0", "0.5"])), **fields))
        else:
            cards.append(basic(card_id, draw(texts), draw(answers),
                               accept=tuple(draw(st.lists(answers, max_size=2))),
                               any_order=draw(st.booleans()), **fields))
    return cards


@settings(max_examples=400, deadline=None)
@given(cards=decks())
def test_the_index_finds_what_the_plain_definition_finds(cards: list[Card]) -> None:
    assert give_aways(cards) == reference(cards)
