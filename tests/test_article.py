"""Articles split into sentences across the scanned layout's line breaks; furniture set aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.authoring.article import load_article, read_article
from quiz.core.errors import UsageError
from quiz.decks.grounding import SourceText

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FINANCE = SEEDS / "000_cc1b8b3426606615.txt"
HANGERS = SEEDS / "003_8e4914b865765139.txt"


def texts(article) -> list[str]:
    return [sentence.text for sentence in article.sentences]


def test_a_sentence_runs_over_a_blank_line() -> None:
    article = read_article("2023年，三亚CBD现代金融产业成\n\n"
                           "功入选海南省首批千亿级产业集群。下一句。\n")
    assert texts(article) == ["2023年，三亚CBD现代金融产业成功入选海南省首批千亿级产业集群。",
                              "下一句。"]
    assert article.sentences[0].line == 1
    assert article.sentences[0].line_at(len("2023年，三亚CBD现代金融产业成")) == 3


def test_the_seed_articles_broken_sentences_are_joined() -> None:
    finance = texts(load_article(FINANCE))
    assert "2023年，三亚CBD现代金融产业成功入选海南省首批千亿级产业集群。" in finance
    assert any(s.startswith("截至去年11月底，园区累计入驻QFLP") for s in finance)
    hangers = texts(load_article(HANGERS))
    assert "如今，荔浦市已成为全球最大的木衣架生产和出口基地。" in hangers


def test_every_sentence_of_the_seeds_is_a_verbatim_span() -> None:
    for path in (FINANCE, HANGERS):
        source = SourceText.read(path)
        article = load_article(path)
        assert len(article.sentences) > 40
        assert all(source.contains(sentence.text) for sentence in article.sentences)


def test_headlines_bylines_and_captions_are_not_sentences() -> None:
    article = load_article(FINANCE)
    prose = "".join(texts(article))
    for furniture in ("提质降价，国产大模型加速奔跑", "本报记者 王俊岭", "王坤 拍摄", "功能更强",
                      "过仕宁摄（人民视觉）", "一位江苏市民正在使用大模型辅助完成日常工作"):
        assert furniture not in prose
    kinds = {item.text: item.kind for item in article.furniture}
    assert kinds["提质降价，国产大模型加速奔跑"] == "headline"
    assert kinds["本报记者 王俊岭"] == "byline"
    assert kinds["谢贵明摄（人民视觉）"] == "caption"


def test_a_caption_inside_a_sentence_cuts_it_into_a_fragment() -> None:
    article = load_article(FINANCE)
    fragment = next(s for s in article.sentences if s.text.endswith("DeepSeek-V3的成绩超"))
    assert not fragment.complete
    assert all(s.complete for s in article.sentences if s is not fragment)


def test_quoted_speech_keeps_its_closing_mark() -> None:
    article = read_article("“这是第一句。这是第二句。”他说。\n")
    assert texts(article) == ["“这是第一句。", "这是第二句。”", "他说。"]


def test_title_joins_a_headline_that_ends_in_a_dash() -> None:
    assert load_article(FINANCE).title() == \
        "截至2024年12月31日，共302款生成式人工智能服务完成备案——提质降价，国产大模型加速奔跑"
    assert load_article(HANGERS).title().startswith("我国已有 433 款大模型完成备案")
    assert read_article("只有一句正文。\n").title() is None


def test_as_of_is_read_from_an_as_of_phrase_only() -> None:
    assert load_article(FINANCE).as_of() == ("2024-12-31", "截至2024年12月31日")
    assert load_article(HANGERS).as_of() is None
    assert read_article("截至2023年末，余额为1元。\n").as_of() == ("2023-12-31", "截至2023年末")
    assert read_article("截至2023年2月30日，无此日。\n").as_of() is None


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "missing.txt", "no such article"),
    (lambda tmp: tmp, "is a directory"),
    (lambda tmp: (tmp / "bad.txt").write_bytes(b"\xff\xfe abc") and tmp / "bad.txt",
     "not valid UTF-8"),
])
def test_unreadable_articles_are_usage_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        load_article(make(tmp_path))
