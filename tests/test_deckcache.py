"""The deck cache: reused while a deck file is unchanged, rebuilt when it changes or is damaged."""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enginekit import MIXED_DECK, basic_deck, write
from quiz.decks import cache as deckcache
from quiz.decks.cache import load_decks_cached
from quiz.decks.discover import find_deck_files
from quiz.decks.reader import read_deck


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


# -- grounding: study leaves out what `quiz check` rejects ---------------------------------------

GROUNDED = """\
deck: g
title: grounded
source: article.txt
cards:
  - id: right
    q: How many?
    a: "42"
    quote: there were 42 of them
  - id: wrong
    q: How many others?
    a: "17"
    quote: there were 42 of them
"""


def grounded(tmp_path: Path) -> tuple[Path, Path]:
    deck = write(tmp_path, "g.yaml", GROUNDED)
    source = deck.parent / "article.txt"
    source.write_text("In the end there were 42 of them.\n", encoding="utf-8")
    return deck, source


def test_cards_failing_grounding_are_left_out_as_quiz_check_rejects_them(tmp_path: Path) -> None:
    from quiz.decks.reader import load_decks

    deck, _ = grounded(tmp_path)
    (entry,), problems = load_decks_cached([deck], tmp_path / "cache")
    assert entry.ids == ("right",)
    checked = load_decks([deck])
    assert [p.message for p in problems] == [p.message for p in checked.errors]
    assert "answer '17' does not occur in the quote" in problems[0].message
    assert entry.ids == tuple(card.id for card in checked.decks[0].cards)


def test_the_grounding_result_is_cached(tmp_path: Path, monkeypatch) -> None:
    import quiz.decks.reader

    deck, _ = grounded(tmp_path)
    load_decks_cached([deck], tmp_path / "cache")

    def no_parsing(*args, **kwargs):
        raise AssertionError("the deck was read again")

    monkeypatch.setattr(quiz.decks.reader, "read_deck", no_parsing)
    (entry,), problems = load_decks_cached([deck], tmp_path / "cache")
    assert entry.ids == ("right",) and len(problems) == 1


def test_a_changed_source_is_grounded_again(tmp_path: Path) -> None:
    deck, source = grounded(tmp_path)
    load_decks_cached([deck], tmp_path / "cache")
    source.write_text("there were 42 of them, and 17 others\n", encoding="utf-8")
    (entry,), problems = load_decks_cached([deck], tmp_path / "cache")
    assert entry.ids == ("right",)   # the quote of 'wrong' still lacks its answer
    deck.write_text(GROUNDED.replace("quote: there were 42 of them\n", "quote: 17 others\n")
                    .replace("a: \"42\"\n    quote: 17 others", "a: \"42\"\n    quote: there "
                             "were 42 of them"), encoding="utf-8")
    (entry,), problems = load_decks_cached([deck], tmp_path / "cache")
    assert entry.ids == ("right", "wrong") and problems == []
    source.unlink()
    (entry,), problems = load_decks_cached([deck], tmp_path / "cache")
    assert [p.message for p in problems] == ["source file not found: article.txt"]


# -- a damaged or stale cache rebuilds itself ------------------------------------------------------

def cached_once(tmp_path: Path) -> tuple[Path, Path]:
    path = write(tmp_path, "d.yaml", basic_deck("d", 3))
    load_decks_cached([path], tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache").iterdir()
    return path, cache_file


def assert_rebuilt(tmp_path: Path, path: Path, cache_file: Path, damaged: bytes) -> None:
    (entry,), problems = load_decks_cached([path], tmp_path / "cache")
    assert entry.ids == ("c0", "c1", "c2") and problems == []
    assert [entry.card(card_id).answer for card_id in entry.ids] == [
        "answer 0", "answer 1", "answer 2"]
    assert cache_file.read_bytes() not in (damaged, b"")
    (again,), _ = load_decks_cached([path], tmp_path / "cache")   # and the new entry is good
    assert again.deck == entry.deck


@pytest.mark.parametrize("cut", [1, 10, 20, 100, -1])
def test_a_truncated_cache_file_is_rebuilt(tmp_path: Path, cut: int) -> None:
    path, cache_file = cached_once(tmp_path)
    damaged = cache_file.read_bytes()[:cut]
    cache_file.write_bytes(damaged)
    assert_rebuilt(tmp_path, path, cache_file, damaged)


@given(garbage=st.binary(max_size=300), keep=st.integers(0, 60))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_garbage_in_a_cache_file_is_rebuilt(tmp_path: Path, garbage: bytes, keep: int) -> None:
    path = write(tmp_path, "d.yaml", basic_deck("d", 3))
    load_decks_cached([path], tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache").iterdir()
    damaged = cache_file.read_bytes()[:keep] + garbage
    cache_file.write_bytes(damaged)
    (entry,), problems = load_decks_cached([path], tmp_path / "cache")
    assert entry.ids == ("c0", "c1", "c2") and problems == []
    assert entry.card("c2").answer == "answer 2"


@pytest.mark.parametrize("content", [b"", b"\x00garbage", marshal.dumps({}), marshal.dumps(None),
                                     marshal.dumps((1, 2)), b"quiz-deck-cache\n"])
def test_a_cache_file_of_other_content_is_rebuilt(tmp_path: Path, content: bytes) -> None:
    path, cache_file = cached_once(tmp_path)
    cache_file.write_bytes(content)
    assert_rebuilt(tmp_path, path, cache_file, content)


def test_a_flipped_byte_in_a_cached_card_is_caught(tmp_path: Path) -> None:
    path, cache_file = cached_once(tmp_path)
    data = bytearray(cache_file.read_bytes())
    at = data.rindex(b"answer 1")
    data[at + 7] = ord("9")   # still a well-formed marshal stream, but not what was written
    cache_file.write_bytes(bytes(data))
    assert_rebuilt(tmp_path, path, cache_file, bytes(data))


def entry_bytes(tmp_path: Path, path: Path, change) -> bytes:
    """A cache file for `path` written with `change(fields)` applied to the marshalled tuple."""
    data = (tmp_path / "cache").iterdir().__next__().read_bytes()
    payload = marshal.loads(data[len(deckcache.MAGIC) + 4:])
    payload = change(list(payload))
    encoded = marshal.dumps(tuple(payload))
    return deckcache.MAGIC + zlib.crc32(encoded).to_bytes(4, "big") + encoded


@pytest.mark.parametrize("change", [
    pytest.param(lambda f: [(2, *f[0][1:]), *f[1:]], id="older-loader-version"),
    pytest.param(lambda f: [(f[0][0], "0.0.1", *f[0][2:]), *f[1:]], id="other-quiz-version"),
    pytest.param(lambda f: [(*f[0][:2], f[0][2] + ("new_field",), *f[0][3:]), *f[1:]],
                 id="other-card-fields"),
    pytest.param(lambda f: f[:-1], id="one-item-short"),
    pytest.param(lambda f: [*f, None], id="one-item-more"),
    pytest.param(lambda f: [*f[:2], "not a header", *f[3:]], id="header-not-a-tuple"),
    pytest.param(lambda f: [*f[:2], f[2][:-1], *f[3:]], id="header-short"),
    pytest.param(lambda f: [*f[:6], [("p", 1)], *f[7:]], id="problems-malformed"),
    pytest.param(lambda f: [*f[:7], b"\x00", f[8]], id="cards-blob-malformed"),
    pytest.param(lambda f: [*f[:8], {"c0": ("c1",)}], id="relation-not-a-blob"),
    pytest.param(lambda f: {"signature": f[0]}, id="a-mapping"),
])
def test_a_cache_entry_from_another_format_or_version_is_rebuilt(tmp_path: Path, change) -> None:
    path, cache_file = cached_once(tmp_path)
    damaged = entry_bytes(tmp_path, path, change)
    cache_file.write_bytes(damaged)
    assert_rebuilt(tmp_path, path, cache_file, damaged)


def test_a_change_to_the_loaders_code_rebuilds_the_cache(tmp_path: Path, monkeypatch) -> None:
    path, cache_file = cached_once(tmp_path)
    before = cache_file.read_bytes()
    loader = tmp_path / "decks_py_copy.py"
    loader.write_text("# the loader\n", encoding="utf-8")
    monkeypatch.setattr(deckcache, "LOADER_FILES", (loader,))
    deckcache._loader_stamp.cache_clear()
    try:
        load_decks_cached([path], tmp_path / "cache")
        first = cache_file.read_bytes()
        assert first != before                               # a new loader: written again
        with monkeypatch.context() as patched:                # the same loader: reused
            patched.setattr("quiz.decks.reader.read_deck",
                            lambda *a, **k: pytest.fail("read again"))
            load_decks_cached([path], tmp_path / "cache")
        loader.write_text("# the loader, changed\n", encoding="utf-8")
        deckcache._loader_stamp.cache_clear()                # (a new process)
        load_decks_cached([path], tmp_path / "cache")
        assert cache_file.read_bytes() != first
    finally:
        deckcache._loader_stamp.cache_clear()


def test_the_previous_cache_format_is_rebuilt(tmp_path: Path) -> None:
    path, cache_file = cached_once(tmp_path)
    stat = path.stat()
    old = marshal.dumps(((2, deckcache._CARD_FIELDS, sys.version_info[:2], str(path.resolve()),
                          stat.st_mtime_ns, stat.st_size), ("d",), ("c0",), {}, {}, [], b""))
    cache_file.write_bytes(old)
    assert_rebuilt(tmp_path, path, cache_file, old)


def test_a_cache_whose_deck_changed_on_disk_is_rebuilt(tmp_path: Path) -> None:
    path, cache_file = cached_once(tmp_path)
    before = cache_file.read_bytes()
    path.write_text(basic_deck("d", 4), encoding="utf-8")
    (entry,), _ = load_decks_cached([path], tmp_path / "cache")
    assert entry.ids == ("c0", "c1", "c2", "c3")
    assert cache_file.read_bytes() != before


def test_a_cache_that_cannot_be_written_only_costs_speed(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", basic_deck("d", 2))
    (tmp_path / "cache").write_text("a file where the cache directory belongs")
    (entry,), problems = load_decks_cached([path], tmp_path / "cache")
    assert entry.ids == ("c0", "c1") and problems == []


def test_every_command_survives_a_damaged_cache(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    assert run_quiz("due").returncode == 0
    (cache_file,) = (tmp_path / "home" / "cache").iterdir()
    for damaged in (marshal.dumps({}), cache_file.read_bytes()[:-5]):
        cache_file.write_bytes(damaged)
        for args in (["due"], ["stats"], ["history", "d/c1"], ["suspend", "d/c1"]):
            result = run_quiz(*args)
            assert result.returncode == 0 and result.stderr == "", (args, result.stderr)
            cache_file.write_bytes(damaged)


GIVING_DECK = """\
deck: giving
title: 荔浦
cards:
  - id: share
    q: 占全国市场多少？
    a: 七成
  - id: city
    q: 有七成产自哪个市？
    a: 荔浦市
  - id: apart
    q: 别的问题？
    a: 别的答案
"""


def test_which_cards_give_which_away_is_cached_with_the_deck(tmp_path: Path) -> None:
    path = write(tmp_path, "giving.yaml", GIVING_DECK)
    (fresh,), _ = load_decks_cached([path], tmp_path / "cache")
    (cached,), _ = load_decks_cached([path], tmp_path / "cache")
    assert fresh.gives_away == cached.gives_away == {"city": ("share",)}
    assert cached.related("share") == {"city"} and cached.related("apart") == set()


def test_a_relation_that_does_not_decode_is_worked_out_again(tmp_path: Path) -> None:
    path = write(tmp_path, "giving.yaml", GIVING_DECK)
    load_decks_cached([path], tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache").iterdir()
    cache_file.write_bytes(entry_bytes(tmp_path, path, lambda f: [*f[:8], b"\x00garbage"]))
    (entry,), _ = load_decks_cached([path], tmp_path / "cache")
    assert entry.gives_away == {"city": ("share",)}


def test_the_relation_of_a_fresh_entry_is_there_for_quiz_check_and_only_then(
        tmp_path: Path) -> None:
    path = write(tmp_path, "giving.yaml", GIVING_DECK)
    cache = tmp_path / "cache"
    assert deckcache.cached_relation(path, cache) is None          # no entry yet
    load_decks_cached([path], cache)
    assert deckcache.cached_relation(path, cache) == {"city": ("share",)}
    (cache_file,) = cache.iterdir()
    good = cache_file.read_bytes()
    cache_file.write_bytes(entry_bytes(tmp_path, path, lambda f: [*f[:8], b"\x00garbage"]))
    assert deckcache.cached_relation(path, cache) is None          # does not decode
    cache_file.write_bytes(good)
    path.write_text(GIVING_DECK.replace("七成", "六成半"), encoding="utf-8")
    assert deckcache.cached_relation(path, cache) is None          # the deck changed
    assert list(cache.iterdir()) == [cache_file]                    # and nothing was written
