"""The deck cache: reused while a deck file is unchanged, rebuilt when it changes."""

from __future__ import annotations

import os
from pathlib import Path

from enginekit import MIXED_DECK, basic_deck, write
from quiz.decks import read_deck
from quiz.deckcache import find_deck_files, load_decks_cached


def test_cached_decks_equal_freshly_read_ones(tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    write(tmp_path, "d.yaml", basic_deck("d", 3, tags=("t",)))
    files = list(find_deck_files([tmp_path / "decks"]))
    first, _ = load_decks_cached(files, tmp_path / "cache")
    again, _ = load_decks_cached(files, tmp_path / "cache")
    assert len(list((tmp_path / "cache").iterdir())) == 2
    for entry_first, entry_again, path in zip(first, again, files):
        fresh, _ = read_deck(path, ground=False)
        assert entry_again.deck == fresh == entry_first.deck
        assert entry_again.ids == tuple(card.id for card in fresh.cards)
        assert all(entry_again.card_tags(card.id) == card.tags for card in fresh.cards)


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", basic_deck("d", 2))
    files = [path]
    load_decks_cached(files, tmp_path / "cache")
    stat = path.stat()
    path.write_text(basic_deck("d", 2).replace("answer 1", "answer 9"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))   # same size and mtime: cached
    (entry,), _ = load_decks_cached(files, tmp_path / "cache")
    assert entry.card("c1").answer == "answer 1"
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    (entry,), _ = load_decks_cached(files, tmp_path / "cache")
    assert entry.card("c1").answer == "answer 9"


def test_problems_are_cached_and_shown_with_the_path_given(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", basic_deck("d", 1) + "  - id: bad\n    q: no answer\n")
    for _ in range(2):
        entries, problems = load_decks_cached([path], tmp_path / "cache")
        assert [e.ids for e in entries] == [("c0",)]
        assert len(problems) == 1 and problems[0].path == str(path)
        assert "has no 'a'" in problems[0].message


def test_a_damaged_cache_entry_is_ignored_and_rewritten(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", basic_deck("d", 2))
    load_decks_cached([path], tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache").iterdir()
    cache_file.write_bytes(b"\x00garbage")
    (entry,), problems = load_decks_cached([path], tmp_path / "cache")
    assert entry.ids == ("c0", "c1") and not problems
    assert cache_file.read_bytes() != b"\x00garbage"


def test_duplicate_slugs_across_files_are_reported(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", basic_deck("same", 1))
    second = write(tmp_path, "b.yaml", basic_deck("same", 1))
    entries, problems = load_decks_cached([first, second], tmp_path / "cache")
    assert [e.path for e in entries] == [first]
    assert any("already used by" in p.message and p.path == str(second) for p in problems)


def test_order_any_survives_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", "deck: d\ntitle: t\ncards:\n"
                                     "  - {id: a, q: 哪两个？, a: 提质+降价, order: any}\n"
                                     "  - {id: b, q: 哪两个？, a: 提质+降价}\n")
    for _ in range(2):   # written, then read back from the cache
        (entry,), _ = load_decks_cached([path], tmp_path / "cache")
        assert (entry.card("a").any_order, entry.card("b").any_order) == (True, False)
