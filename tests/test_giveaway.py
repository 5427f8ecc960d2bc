"""Which cards give which away: one card's texts hold another card's whole answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quiz.core.model import Card, CardType
from quiz.decks.giveaway import SAME_QUOTE, give_aways, pair_count, relation


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
