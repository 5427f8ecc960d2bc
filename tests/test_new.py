"""`quiz new`: a deck skeleton with the article's metadata that passes check as written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quiz.authoring.article import read_article
from quiz.authoring.skeleton import skeleton
from quiz.decks.reader import read_deck

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FINANCE = SEEDS / "000_cc1b8b3426606615.txt"
HANGERS = SEEDS / "003_8e4914b865765139.txt"

FILLED_CARD = """\
  - id: micro-loan-balance
    type: numeric
    q: 截至2023年末，普惠小微贷款余额为多少？
    a: '29.4'
    unit: 万亿元
    quote: 截至2023年末，普惠小微贷款余额29.4万亿元
"""


def fill_in(text: str) -> str:
    """The skeleton with its example cards left commented and one more real card added."""
    return text + FILLED_CARD


def test_new_writes_the_metadata_read_from_the_article(run_quiz, tmp_path: Path) -> None:
    article = tmp_path / "seeds" / "finance.txt"
    article.parent.mkdir()
    article.write_bytes(FINANCE.read_bytes())
    result = run_quiz("new", "ai-filings", "--source", "seeds/finance.txt")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote decks/ai-filings.yaml\n"
    written = (tmp_path / "decks" / "ai-filings.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(written)
    assert data["deck"] == "ai-filings"
    assert data["title"] == ("截至2024年12月31日，共302款生成式人工智能服务完成备案——"
                             "提质降价，国产大模型加速奔跑")
    assert data["source"] == "../seeds/finance.txt"
    assert str(data["as_of"]) == "2024-12-31"
    assert data["tags"] == []
    (first,) = data["cards"]
    assert first["tags"] == ["draft"] and first["quote"] in FINANCE.read_text(encoding="utf-8")
    for commented in ("  # - id: example-basic", "  # - id: example-cloze",
                      "  # - id: example-choice", "  # - id: example-numeric",
                      "  #   valid_until: ", "  #   supersedes: ", "  #   lint: ",
                      "\n# name: ", "\n# valid_until: ", "\n# supersedes: "):
        assert commented in written


def copy_to_seeds(root: Path, article: Path) -> str:
    """The article copied to root/seeds, beside root/decks; its path from root."""
    (root / "seeds").mkdir(exist_ok=True)
    (root / "seeds" / article.name).write_bytes(article.read_bytes())
    return f"seeds/{article.name}"


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.stem)
def test_a_fresh_skeleton_passes_check_as_written(run_quiz, tmp_path: Path, seed: Path) -> None:
    article = tmp_path / "seeds" / seed.name
    article.parent.mkdir()
    article.write_bytes(seed.read_bytes())
    assert run_quiz("new", "fresh", "--source", f"seeds/{seed.name}").returncode == 0
    fresh = run_quiz("check", "decks/fresh.yaml")
    assert (fresh.returncode, fresh.stdout) == (0, "1 deck file, 1 card: no problems\n")


def test_the_skeleton_still_passes_check_once_a_card_is_filled_in(run_quiz,
                                                                   tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / FINANCE.name).write_bytes(FINANCE.read_bytes())
    assert run_quiz("new", "finance", "--source", f"seeds/{FINANCE.name}").returncode == 0
    deck_file = tmp_path / "decks" / "finance.yaml"
    deck_file.write_text(fill_in(deck_file.read_text(encoding="utf-8")), encoding="utf-8")
    filled = run_quiz("check", "decks/finance.yaml")
    assert filled.returncode == 0, filled.stdout
    assert filled.stdout.endswith("1 deck file, 2 cards: no problems\n")


@pytest.mark.parametrize("text", ["没有数字的一句话。\n", "\n只有标题\n\n"])
def test_an_article_without_facts_gives_a_card_on_its_opening(tmp_path: Path,
                                                               text: str) -> None:
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "plain.yaml"
    path.write_text(skeleton("plain", "a.txt", read_article(text)), encoding="utf-8")
    deck, problems = read_deck(path)
    assert problems == []
    assert deck is not None and [card.answer for card in deck.cards] == [text.strip()]


def test_an_article_without_text_writes_nothing(run_quiz, tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("\n  \n", encoding="utf-8")
    result = run_quiz("new", "blank", "--source", "blank.txt")
    assert result.returncode == 1
    assert result.stderr == "quiz: blank.txt has no text for a card to quote; nothing written\n"
    assert not (tmp_path / "decks").exists()


def test_each_commented_example_is_a_card_of_its_type(tmp_path: Path) -> None:
    text = skeleton("sample", "article.txt", read_article("正文。\n"))
    uncommented = "\n".join(line.replace("# ", "", 1) if line.startswith("  # -") or
                            line.startswith("  #   ") else line for line in text.splitlines())
    data = yaml.safe_load(uncommented)
    assert [card.get("type", "basic") for card in data["cards"][1:]] == \
        ["basic", "cloze", "choice", "numeric"]


def test_without_a_date_or_headline_the_keys_are_left_for_the_author() -> None:
    text = skeleton("plain", "a.txt", read_article("没有日期的一句话。\n"))
    assert "\n# as_of: YYYY-MM-DD" in text
    assert "\ntitle: plain  # no headline found" in text
    hangers = skeleton("hangers", "a.txt", read_article(HANGERS.read_text(encoding="utf-8")))
    assert "\n# as_of:" in hangers and "\nas_of:" not in hangers


def test_a_title_that_yaml_would_misread_is_quoted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\n2024: 标题: 冒号\n\n正文一句有1个数。\n", encoding="utf-8")
    article = read_article((tmp_path / "a.txt").read_text(encoding="utf-8"))
    card = "  - id: one\n    q: 几个？\n    a: 1个\n    quote: 正文一句有1个数\n"
    path = tmp_path / "colon.yaml"
    path.write_text(skeleton("colon", "a.txt", article) + card, encoding="utf-8")
    deck, problems = read_deck(path)
    assert problems == []
    assert deck is not None and deck.title == "2024: 标题: 冒号"


@pytest.mark.parametrize("args, message", [
    (("Bad_Slug", "--source", str(FINANCE)), "quiz: deck slug 'Bad_Slug' must be lowercase"),
    (("good", "--source", "missing.txt"), "quiz: no such article: missing.txt"),
    (("good", "--source", "."), "quiz: article is a directory, not a file: ."),
    (("good", "--source", str(FINANCE)), f"quiz: the article {FINANCE} is outside decks/ and "
                                         f"the seeds/ directory beside it"),
])
def test_bad_arguments_are_one_line_usage_errors(run_quiz, tmp_path: Path, args,
                                                 message: str) -> None:
    result = run_quiz("new", *args)
    assert result.returncode == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert not (tmp_path / "decks").exists()


def test_new_never_overwrites(run_quiz, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my work\n", encoding="utf-8")
    result = run_quiz("new", "mine", "--source", copy_to_seeds(tmp_path, FINANCE),
                      "-o", "mine.yaml")
    assert result.returncode == 2
    assert result.stderr == "quiz: mine.yaml already exists; not overwritten\n"
    assert target.read_text(encoding="utf-8") == "my work\n"
