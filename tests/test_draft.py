"""`quiz draft`: candidate cards for the facts of an article, grounded so they pass `quiz check`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.authoring.article import load_article, read_article
from quiz.authoring.draft import DRAFT_TAG, draft_cards, render_draft
from quiz.authoring.facts import FigureKind, find_figures
from quiz.decks.reader import read_deck

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FINANCE = SEEDS / "000_cc1b8b3426606615.txt"
HANGERS = SEEDS / "003_8e4914b865765139.txt"

PARAGRAPH = """\
小微企业获得更多金融支持。根据《报告》，2023年普惠小微融资保持量增、面扩、价降、质优。截至2023年末，普惠小微贷款余额29.4万亿元，同比增长23.5%；普惠小微授信户数6166万户，同比增长9.1%；2023年新发放的普惠小微企业贷款加权平均利率为4.46%，较上年度进一步下降；普惠小微贷款中信用贷款占比23.7%，比上年末高3.3个百分点。
"""


def answers(cards) -> list[str]:
    """Each card's answer as the source writes it: the cloze gap, or the number and unit."""
    found = []
    for card in cards:
        if card.fields["type"] == "cloze":
            found.append(re.search(r"\{\{(.+?)\}\}", str(card.fields["text"])).group(1))
        else:
            found.append(f"{card.fields['a']}{card.fields.get('unit', '')}")
    return found


def test_draft_finds_every_figure_of_a_known_paragraph() -> None:
    cards = draft_cards(read_article(PARAGRAPH))
    found = {a.replace(" ", "") for a in answers(cards)}
    assert {"29.4万亿元", "23.5%", "6166万户", "9.1%", "4.46%", "23.7%", "3.3个百分点",
            "2023年末", "2023年"} <= found


def test_exact_figures_with_a_subject_become_numeric_cards() -> None:
    cards = draft_cards(read_article(PARAGRAPH))
    numeric = {card.fields["a"]: card.fields for card in cards if card.fields["type"] == "numeric"}
    assert numeric["29.4"]["unit"] == "万亿元"
    assert numeric["29.4"]["q"] == "截至2023年末，普惠小微贷款余额多少万亿元？"
    assert numeric["6166"]["q"] == "截至2023年末，普惠小微授信户数多少万户？"
    # growth rates name no subject of their own: they stay cloze cards with their clause
    growth = next(c.fields for c in cards if "{{23.5%}}" in str(c.fields.get("text")))
    assert growth["text"] == "截至2023年末，普惠小微贷款余额29.4万亿元，同比增长{{23.5%}}"
    assert growth["quote"] == "截至2023年末，普惠小微贷款余额29.4万亿元，同比增长23.5%；"


def test_approximate_figures_are_never_numeric() -> None:
    text = ("2025 年，全市拥有衣架家居企业 300 多家，年生产各类衣架 40 多亿只，"
            "行业产值超 80 亿元。\n")
    cards = draft_cards(read_article(text))
    assert {c.fields["type"] for c in cards} == {"cloze"}
    assert {a.replace(" ", "") for a in answers(cards)} == {"2025年", "300多家", "40多亿只",
                                                            "80亿元"}


def test_figures_rankings_dates_and_bodies_are_recognised() -> None:
    kinds = {f.text: f.kind for f in find_figures(
        "截至去年11月底，海南国际清算所上线国内首个系统，占全省50%以上，有七成产自荔浦，"
        "与DeepSeek-V3和5G无关，世界500强企业32家，《木制衣架》标准。360集团创始人说")}
    assert kinds["11月底"] is FigureKind.DATE
    assert kinds["海南国际清算所"] is FigureKind.BODY
    assert kinds["首个"] is FigureKind.RANKING
    assert kinds["50%以上"] is FigureKind.PERCENT
    assert kinds["七成"] is FigureKind.PERCENT
    assert kinds["500强"] is FigureKind.RANKING
    assert kinds["32家"] is FigureKind.QUANTITY
    assert kinds["《木制衣架》"] is FigureKind.BODY
    assert kinds["360集团"] is FigureKind.BODY
    assert not {"3", "5", "5G"} & set(kinds)


def test_as_of_dates_are_asked_once_but_event_dates_wherever_they_stand() -> None:
    text = ("截至2023年末，甲余额1.5万亿元。截至2023年末，乙余额2.5万亿元。"
            "2023年，甲产业入选首批集群。2023年，乙产业获批集群。\n")
    dates = [card for card in draft_cards(read_article(text))
             if card.figure.kind is FigureKind.DATE]
    assert [(card.figure.text, card.fields["quote"]) for card in dates] == [
        ("2023年末", "截至2023年末，甲余额1.5万亿元。"),
        ("2023年", "2023年，甲产业入选首批集群。"),
        ("2023年", "2023年，乙产业获批集群。"),
    ]


def test_headlines_and_captions_are_not_drafted() -> None:
    cards = draft_cards(load_article(FINANCE))
    lines = {card.line for card in cards}
    assert not lines & {3, 5, 7, 17, 18, 48, 50, 100, 101, 103, 105}


@pytest.mark.parametrize("article", [FINANCE, HANGERS])
def test_the_draft_of_each_seed_passes_check_as_written(tmp_path: Path, article: Path) -> None:
    cards = draft_cards(load_article(article))
    deck_file = tmp_path / "drafted.yaml"
    (tmp_path / article.name).write_bytes(article.read_bytes())
    deck_file.write_text(render_draft(load_article(article), cards, slug="drafted",
                                      title="草稿", source=article.name, source_name=article.name),
                         encoding="utf-8")
    deck, problems = read_deck(deck_file)
    assert problems == []
    assert deck is not None and len(deck.cards) == len(cards) >= 25
    assert all(card.tags == (DRAFT_TAG,) for card in deck.cards)
    assert {card.type.value for card in deck.cards} == {"cloze", "numeric"}


def test_ids_are_unique_and_the_same_on_every_run() -> None:
    first = [card.id for card in draft_cards(load_article(FINANCE))]
    again = [card.id for card in draft_cards(load_article(FINANCE))]
    assert first == again
    assert len(set(first)) == len(first)
    assert "quantity-29-4-" in " ".join(first)


def test_draft_cli_prints_a_deck_whose_source_is_relative_to_the_current_directory(
        run_quiz, tmp_path: Path) -> None:
    article = tmp_path / "articles" / "finance.txt"
    article.parent.mkdir()
    article.write_bytes(FINANCE.read_bytes())
    result = run_quiz("draft", "articles/finance.txt")
    assert result.returncode == 0, result.stderr
    assert "\nsource: articles/finance.txt\n" in result.stdout
    assert "\ndeck: finance\n" in result.stdout
    assert "# Save it in the directory it was drafted in: 'source' (articles/finance.txt) " \
           "is relative to it.\n" in result.stdout
    (tmp_path / "finance.yaml").write_text(result.stdout, encoding="utf-8")
    check = run_quiz("check", "finance.yaml")
    assert check.returncode == 0, check.stdout
    *reported, summary = check.stdout.splitlines()
    assert "0 errors" in summary or "no problems" in summary
    # The article's own relative time words (去年, 目前) are left for the author to anchor.
    assert all(": warning: [" in line for line in reported), reported


def test_draft_cli_writes_a_file_relative_to_it_and_refuses_to_overwrite(
        run_quiz, tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / HANGERS.name).write_bytes(HANGERS.read_bytes())
    article = f"seeds/{HANGERS.name}"
    result = run_quiz("draft", article, "-o", "decks/hangers.yaml", "--deck", "hangers")
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "decks" / "hangers.yaml").read_text(encoding="utf-8")
    assert "\ndeck: hangers\n" in written
    assert f"\nsource: ../seeds/{HANGERS.name}\n" in written
    assert "Save it in the directory" not in written
    assert run_quiz("check", "decks/hangers.yaml").returncode == 0
    again = run_quiz("draft", article, "-o", "decks/hangers.yaml")
    assert again.returncode == 2
    assert again.stderr.strip() == "quiz: decks/hangers.yaml already exists; not overwritten"
    assert run_quiz("draft", article, "-o", "decks/hangers.yaml", "--force").returncode == 0


def test_draft_cli_refuses_a_source_the_deck_could_not_use(run_quiz, tmp_path: Path) -> None:
    # The repository's seeds are outside tmp_path/decks and tmp_path/seeds.
    result = run_quiz("draft", str(HANGERS), "-o", "decks/hangers.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith(f"quiz: the article {HANGERS} is outside decks/ and the "
                                    f"seeds/ directory beside it")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "decks").exists()


@pytest.mark.parametrize("args, code, message", [
    (("missing.txt",), 2, "quiz: no such article: missing.txt"),
    (("plain.txt",), 1, "quiz: found no figures, dates or named bodies in plain.txt; "
                        "nothing drafted"),
    ((str(FINANCE), "--deck", "Bad Slug"), 2, "quiz: deck slug 'Bad Slug' must be lowercase"),
])
def test_draft_cli_errors_are_one_line(run_quiz, tmp_path: Path, args, code: int,
                                       message: str) -> None:
    (tmp_path / "plain.txt").write_text("没有数字的一句话。\n", encoding="utf-8")
    result = run_quiz("draft", *args)
    assert result.returncode == code
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
