"""Where a deck's `source` may be: in the deck file's directory tree or `seeds/` beside it.

Anything else (an absolute path, `..` past those directories, a symbolic link leading out) is
an error at the source value, and the file is never opened: a hostile deck checked in CI must
not learn whether a guessed quote occurs in /etc/shadow, or even whether a file exists.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import quiz.core.files
from quiz.decks.discover import find_deck_files
from quiz.decks.reader import load_decks, read_deck

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "截至2024年12月31日，共302款生成式人工智能服务完成备案。"
CARD = "  - id: one\n    q: 共多少款？\n    a: 302款\n    quote: 共302款生成式人工智能服务\n"


def deck_with_source(source: str) -> str:
    return f"deck: sample\ntitle: 样例\nsource: {source}\ncards:\n{CARD}"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/decks (where the deck goes), root/seeds with the article, and root/outside with
    a file no deck may read."""
    root = tmp_path / "root"
    (root / "decks").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    return root


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the loader opens."""
    paths: list[Path] = []
    original = quiz.core.files.read_regular

    def spy(path: Path, limit: int) -> bytes | None:
        paths.append(Path(path))
        return original(path, limit)

    monkeypatch.setattr(quiz.core.files, "read_regular", spy)
    return paths


def load_sample(tree: Path, text: str, *, ground: bool = True):
    path = tree / "decks" / "sample.yaml"
    path.write_text(text, encoding="utf-8")
    return read_deck(path, ground=ground)


def refused(problems, value: str, line: int = 3, column: int = 9) -> bool:
    return [(p.line, p.column, p.severity) for p in problems] == [(line, column, "error")] \
        and problems[0].message.startswith(f"source '{value}' is outside the deck file's "
                                           f"directory and the seeds/ directory beside it")


@pytest.mark.parametrize("source", ["../seeds/article.txt", "../decks/../seeds/article.txt"])
def test_a_source_in_seeds_beside_the_decks_is_read(tree: Path, source: str) -> None:
    deck, problems = load_sample(tree, deck_with_source(source))
    assert problems == []
    assert deck.source == str((tree / "seeds" / "article.txt").resolve())


def test_a_source_in_the_decks_own_tree_is_read(tree: Path) -> None:
    (tree / "decks" / "articles").mkdir()
    shutil.copy(tree / "seeds" / "article.txt", tree / "decks" / "articles" / "a.txt")
    (tree / "decks" / "link.txt").symlink_to("articles/a.txt")      # a link that stays inside
    for source in ("articles/a.txt", "./articles/../articles/a.txt", "link.txt"):
        deck, problems = load_sample(tree, deck_with_source(source))
        assert problems == [], source


def test_an_absolute_path_outside_is_refused_unread(tree: Path, opened: list[Path]) -> None:
    secret = tree / "outside" / "secret.txt"
    for source in (str(secret), "/etc/shadow", "/etc/passwd"):
        opened.clear()
        _, problems = load_sample(tree, deck_with_source(source))
        assert refused(problems, source)
        assert opened == [tree / "decks" / "sample.yaml"]


def test_an_absolute_path_inside_is_read(tree: Path) -> None:
    deck, problems = load_sample(tree, deck_with_source(str(tree / "seeds" / "article.txt")))
    assert problems == []


@pytest.mark.parametrize("source", ["../outside/secret.txt", "../../root/outside/secret.txt",
                                    "../seeds/../outside/secret.txt", "../../../../etc/passwd",
                                    "..", "../seeds-not/x.txt", "../seedsx/article.txt"])
def test_dot_dot_past_the_allowed_directories_is_refused(tree: Path, opened: list[Path],
                                                         source: str) -> None:
    (tree / "seeds-not").mkdir()
    deck, problems = load_sample(tree, deck_with_source(source))
    assert refused(problems, source)
    assert opened == [tree / "decks" / "sample.yaml"]


def test_whether_the_file_exists_outside_changes_nothing_in_the_report(tree: Path) -> None:
    _, there = load_sample(tree, deck_with_source("../outside/secret.txt"))
    _, missing = load_sample(tree, deck_with_source("../outside/secret.tx"))
    assert [p.message.replace("secret.txt", "X") for p in there] == \
        [p.message.replace("secret.tx", "X") for p in missing]


def test_a_symbolic_link_leading_outside_is_refused(tree: Path, opened: list[Path]) -> None:
    (tree / "decks" / "article.txt").symlink_to(tree / "outside" / "secret.txt")
    (tree / "decks" / "folder").symlink_to(tree / "outside")
    (tree / "seeds" / "leak.txt").symlink_to("../outside/secret.txt")
    for source in ("article.txt", "folder/secret.txt", "../seeds/leak.txt"):
        opened.clear()
        deck, problems = load_sample(tree, deck_with_source(source))
        assert refused(problems, source), source
        assert opened == [tree / "decks" / "sample.yaml"]


def test_a_seeds_directory_that_is_a_link_elsewhere_is_not_a_place_for_sources(
        tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "seeds").symlink_to(tmp_path / "elsewhere")
    path = tmp_path / "decks" / "sample.yaml"
    path.write_text(deck_with_source("../seeds/article.txt"), encoding="utf-8")
    _, problems = read_deck(path)
    assert refused(problems, "../seeds/article.txt")


def test_decks_reached_through_a_linked_directory_keep_their_seeds(tmp_path: Path,
                                                                   tree: Path) -> None:
    (tmp_path / "alias").symlink_to(tree)
    path = tmp_path / "alias" / "decks" / "sample.yaml"
    path.write_text(deck_with_source("../seeds/article.txt"), encoding="utf-8")
    deck, problems = read_deck(path)
    assert problems == []


def test_a_card_source_outside_is_refused_at_the_card(tree: Path) -> None:
    text = ("deck: sample\ntitle: 样例\ncards:\n  - id: one\n    q: 问题\n    a: 302款\n"
            "    quote: 共302款\n    source: /etc/passwd\n")
    deck, problems = load_sample(tree, text)
    assert refused(problems, "/etc/passwd", line=8, column=13)


def test_the_study_path_refuses_an_outside_source_too(tree: Path, opened: list[Path]) -> None:
    _, problems = load_sample(tree, deck_with_source("/etc/passwd"), ground=False)
    assert refused(problems, "/etc/passwd")
    assert opened == [tree / "decks" / "sample.yaml"]


def test_a_loop_of_symbolic_links_is_an_error_not_a_crash(tree: Path) -> None:
    os.symlink("b", tree / "decks" / "a")
    os.symlink("a", tree / "decks" / "b")
    _, problems = load_sample(tree, deck_with_source("a/article.txt"))
    assert [(p.line, p.column) for p in problems] == [(3, 9)]
    assert problems[0].message.startswith("source 'a/article.txt' ")


def test_quiz_check_reports_an_outside_source_in_one_located_line(run_quiz, tmp_path: Path
                                                                  ) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "sample.yaml").write_text(deck_with_source("/etc/shadow"),
                                                    encoding="utf-8")
    result = run_quiz("check", "decks")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "decks/sample.yaml:3:9: error: source '/etc/shadow' is outside the deck file's "
        "directory and the seeds/ directory beside it (symbolic links followed); a source "
        "must be in one of them")


def test_the_bundled_decks_load_as_the_wheel_lays_them_out(tmp_path: Path) -> None:
    # pyproject.toml puts decks/ and seeds/ at quiz/_bundled/decks and quiz/_bundled/seeds.
    bundled = tmp_path / "quiz" / "_bundled"
    shutil.copytree(REPO / "decks", bundled / "decks")
    shutil.copytree(REPO / "seeds", bundled / "seeds")
    result = load_decks(find_deck_files([bundled / "decks"]))
    assert [str(p) for p in result.problems] == []
    assert len(result.decks) == 5
    assert all(deck.source.startswith(str((bundled / "seeds").resolve())) for deck in result.decks)
