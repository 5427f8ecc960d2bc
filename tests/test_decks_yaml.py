"""Deck files at the YAML level: syntax, scalars, tags, aliases, limits and encodings."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from deck_helpers import load, located, messages, where
from quiz.core.model import CardType
from quiz.decks.reader import MAX_BYTES, read_deck
from quiz.decks.yamltree import MAX_ALIAS_NODES, MAX_ALIASES, MAX_DEPTH

VALID = """\
deck: sample
title: 样例
cards:
  - id: one
    q: 问题
    a: 答案
"""


def test_a_valid_deck_loads_without_problems(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, VALID)
    assert problems == []
    assert deck is not None
    assert (deck.slug, deck.title) == ("sample", "样例")
    assert [(c.id, c.type, c.prompt, c.answer, c.line) for c in deck.cards] == [
        ("one", CardType.BASIC, "问题", "答案", 4)]


# -- syntax errors at the parser's position ------------------------------------------------


def test_a_tab_in_indentation_is_a_syntax_error_at_the_tab(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: sample\n\ttitle: 样例\n")
    assert deck is None
    assert where(problems) == [(2, 1)]
    assert problems[0].message.startswith("YAML syntax: ")
    assert "tab" in problems[0].message


def test_an_unclosed_quote_is_reported_where_the_quote_opens(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: sample\ntitle: '样例\ncards: []\n")
    assert deck is None
    assert located(problems) == [(2, 8, "error", "YAML syntax: a quoted scalar that starts here "
                                                 "is not closed before the end of the file")]


def test_an_unclosed_flow_list_names_where_it_started(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: sample\ntags: [金融, 贷款\ntitle: x\n")
    assert deck is None
    assert where(problems) == [(3, 6)]
    assert "(started at line 2, column 7)" in problems[0].message


def test_bad_indentation_is_a_syntax_error_at_the_misaligned_key(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - id: one
             q: 问题
        """)
    assert deck is None
    assert where(problems) == [(5, 7)]
    assert problems[0].message.startswith("YAML syntax: mapping values are not allowed")


def test_a_dedented_list_item_is_a_syntax_error_on_its_line(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: sample\ncards:\n  - id: a\n - id: b\n")
    assert deck is None
    assert where(problems) == [(4, 2)]


def test_syntax_error_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    # The second ':' is the eleventh character on the line (but the 15th byte).
    deck, problems = load(tmp_path, "deck: sample\ntitle: 标题标题: x\n")
    assert where(problems) == [(2, 12)]


# -- the tree: top level, documents, emptiness ------------------------------------------


@pytest.mark.parametrize("text, kind", [
    ("- a\n- b\n", "a list"),
    ("just words\n", "text"),
    ("'quoted'\n", "text"),
])
def test_the_top_level_must_be_a_mapping(tmp_path: Path, text: str, kind: str) -> None:
    deck, problems = load(tmp_path, text)
    assert deck is None
    assert located(problems) == [(1, 1, "error", f"the deck file must be a mapping of keys to "
                                                 f"values, not {kind}")]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n# c\n"])
def test_an_empty_file_is_one_clear_error(tmp_path: Path, text: str) -> None:
    deck, problems = load(tmp_path, text)
    assert deck is None
    assert located(problems) == [(1, 1, "error", "file is empty; a deck needs 'deck', 'title' "
                                                 "and 'cards'")]


def test_a_second_document_is_refused_at_its_marker(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, VALID + "---\ndeck: other\n")
    assert deck is None
    assert located(problems) == [(7, 1, "error", "a second YAML document ('---'); a deck file "
                                                 "holds one")]


def test_one_document_with_explicit_markers_is_fine(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "---\n" + VALID + "...\n")
    assert problems == []
    assert deck is not None


def test_keys_must_be_plain_text(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, VALID + "? [a, b]\n: c\n")
    assert located(problems) == [(7, 3, "error", "keys in the deck file must be plain text, "
                                                 "not a list")]


# -- scalars are kept exactly as written ---------------------------------------------------

AMBIGUOUS = ["NO", "yes", "on", "off", "Y", "true", "23.50", "1e3", "0x1F", "0o17", "2025-01-08",
             "010", "1_000", "null", "Null", ".inf", "-.inf", ".nan", "12:30:00", "1:20",
             "+12", "0.10", "1.0e+3", "2001-12-14t21:59:43.10-05:00", "0b101", "=", "<<"]


@pytest.mark.parametrize("written", AMBIGUOUS)
def test_scalars_are_kept_exactly_as_written(tmp_path: Path, written: str) -> None:
    deck, problems = load(tmp_path, f"""\
        deck: sample
        title: {written}
        cards:
          - id: one
            q: {written}
            a: {written}
            accept: [{written}]
            explain: {written}
        """)
    assert problems == []
    assert deck is not None
    assert deck.title == written
    card = deck.cards[0]
    assert (card.prompt, card.answer, card.accept, card.explain) == (
        written, written, (written,), written)
    assert all(type(value) is str for value in (card.prompt, card.answer, *card.accept))


def test_numbers_and_dates_as_ids_stay_strings(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: t
        cards:
          - {id: 010, q: a, a: b}
          - {id: 2025-01-08, q: a, a: b}
          - {id: 123, q: a, a: b}
          - {id: 1e3, q: a, a: b}
        """)
    assert problems == []
    assert deck is not None
    assert [c.id for c in deck.cards] == ["010", "2025-01-08", "123", "1e3"]
    assert [c.key for c in deck.cards][0] == "sample/010"


def test_quoted_block_and_tagged_strings_keep_their_text(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: !!str 2024
        cards:
          - id: one
            q: "第一行\\n第二行"
            a: 'it''s'
            explain: |
              多行
              说明
        """)
    assert problems == []
    assert deck is not None
    assert deck.title == "2024"
    card = deck.cards[0]
    assert (card.prompt, card.answer, card.explain) == ("第一行\n第二行", "it's", "多行\n说明\n")


@pytest.mark.parametrize("value, kind", [("[a, b]", "a list"), ("{x: y}", "a mapping")])
@pytest.mark.parametrize("key", ["q", "a", "explain", "unit", "quote"])
def test_a_list_or_mapping_where_text_belongs_is_an_error_at_the_value(
        tmp_path: Path, key: str, value: str, kind: str) -> None:
    fields = {"q": "问题", "a": "'1'", "explain": "说明", "unit": "个", key: value}
    lines = "".join(f"    {name}: {text}\n" for name, text in fields.items())
    deck, problems = load(tmp_path, f"deck: sample\ntitle: 样例\ncards:\n  - id: one\n"
                                    f"    type: numeric\n{lines}")
    line = 6 + list(fields).index(key)
    assert located(problems) == [(line, len(key) + 7, "error", f"'{key}' must be text, not {kind}")]
    assert deck is not None and deck.cards == ()


def test_a_cloze_text_starting_with_braces_gets_a_quoting_hint(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - id: one
            type: cloze
            text: {{23.5%}}
        """)
    assert located(problems) == [(6, 11, "error", "'text' must be text, not a mapping; put a "
                                                  "value that starts with '{{' in quotes")]


@pytest.mark.parametrize("value, kind", [("[a]", "a list"), ("{a: b}", "a mapping")])
def test_ids_must_be_text(tmp_path: Path, value: str, kind: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: t\ncards:\n  - id: {value}\n"
                                    f"    q: a\n    a: b\n")
    assert located(problems) == [(4, 9, "error", f"'id' must be text, not {kind}")]


@pytest.mark.parametrize("value", ["", "''", "'   '", '""'])
def test_empty_text_is_an_error_at_the_value(tmp_path: Path, value: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: {value}\ncards:\n"
                                    f"  - {{id: a, q: b, a: c}}\n")
    assert deck is None
    column = 7 if value == "" else 8  # an empty value sits right after the colon
    assert located(problems) == [(2, column, "error", "'title' is empty")]


def test_a_tilde_is_the_text_it_shows_not_null(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: sample\ntitle: ~\ncards:\n  - {id: a, q: ~, a: ~}\n")
    assert problems == []
    assert deck is not None and (deck.title, deck.cards[0].answer) == ("~", "~")


# -- only plain YAML: tags -----------------------------------------------------------------


@pytest.mark.parametrize("tagged, shown", [
    ("!!python/object/apply:os.system ['touch pwned']", "!!python/object/apply:os.system"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!custom value", "!custom"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!<tag:example.com,2000:app/x> v", "tag:example.com,2000:app/x"),
])
def test_python_and_custom_tags_are_refused_and_construct_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tagged: str, shown: str) -> None:
    monkeypatch.chdir(tmp_path)
    deck, problems = load(tmp_path, f"deck: sample\ntitle: {tagged}\ncards:\n"
                                    f"  - {{id: a, q: b, a: c}}\n")
    assert deck is None
    assert located(problems) == [(2, 8, "error", f"'title': tag '{shown}' is not allowed; deck "
                                                 f"files use plain YAML only")]
    assert not (tmp_path / "pwned").exists()


def test_tags_on_collections_and_keys_are_refused(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: t
        !!python/str x: y
        cards: !!set
          ? a
        """)
    assert located(problems) == [
        (3, 1, "error", "key 'x': tag '!!python/str' is not allowed; deck files use plain "
                        "YAML only"),
        (4, 8, "error", "'cards': tag '!!set' is not allowed; deck files use plain YAML only"),
    ]


# -- aliases --------------------------------------------------------------------------------


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - id: one
            q: 问题
            a: &answer 答案
            tags: &tags [金融, 贷款]
          - id: two
            q: 另一个问题
            a: *answer
            tags: *tags
        """)
    assert problems == []
    assert deck is not None
    assert [(c.answer, c.tags) for c in deck.cards] == [("答案", ("金融", "贷款"))] * 2


def billion_laughs(levels: int = 9) -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\ndeck: sample\ntitle: t\ncards: *i\n"


def test_billion_laughs_fails_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    deck, problems = read_deck(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert deck is None
    assert located(problems) == [(5, 8, "error", f"aliases expand to more than "
                                                 f"{MAX_ALIAS_NODES:,} nodes; refused")]
    # Generous bounds: the expansion is a billion nodes; the refusal takes milliseconds.
    assert elapsed < 2.0
    assert peak < 2**20


def test_more_than_the_alias_limit_is_refused_at_the_first_alias_over(tmp_path: Path) -> None:
    refs = "\n".join("  - *x" for _ in range(MAX_ALIASES + 1))
    deck, problems = load(tmp_path, f"deck: sample\nx: &x a\nlist:\n{refs}\n")
    assert deck is None
    assert located(problems) == [(MAX_ALIASES + 4, 5, "error", f"more than {MAX_ALIASES} "
                                                               f"aliases; aliases are limited in "
                                                               f"deck files")]


@pytest.mark.parametrize("text, position", [
    ("deck: &a [x, *a]\n", (1, 14)),
    ("x: &a\n  y: [1, {z: *a}]\ndeck: r\n", (2, 14)),
])
def test_a_recursive_alias_is_refused(tmp_path: Path, text: str, position: tuple[int, int]) -> None:
    deck, problems = load(tmp_path, text)
    assert deck is None
    assert where(problems) == [position]
    assert problems[0].message == "recursive alias *a: a node may not contain itself"


def test_an_alias_to_no_anchor_is_refused(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: sample\ntitle: *nowhere\n")
    assert deck is None
    assert where(problems) == [(2, 8)]
    assert "nowhere" in problems[0].message


def test_merge_keys_are_refused_with_a_hint(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - &base {id: one, q: 问题, a: 答案}
          - <<: *base
            id: two
        """)
    assert located(problems) == [
        (5, 5, "error", "card 'two' (basic) has no 'a'"),
        (5, 5, "error", "card 'two' (basic) has no 'q'"),
        (5, 5, "error", "merge keys ('<<') are not supported; write the keys out"),
    ]


# -- size and nesting limits -----------------------------------------------------------------


def test_files_over_five_mib_are_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_bytes(VALID.encode() + b"# " + b"x" * (MAX_BYTES - len(VALID)) + b"\n")
    assert path.stat().st_size > MAX_BYTES
    deck, problems = read_deck(path)
    assert deck is None
    assert located(problems) == [(1, 1, "error", "file is larger than 5 MiB, the limit for deck "
                                                 "files")]


def test_a_file_of_exactly_five_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    padding = MAX_BYTES - len(VALID.encode()) - 3
    path.write_bytes(VALID.encode() + b"# " + b"x" * padding + b"\n")
    assert path.stat().st_size == MAX_BYTES
    deck, problems = read_deck(path)
    assert problems == []
    assert deck is not None


@pytest.mark.parametrize("opening, per_level", [("[", 1), ("{a: ", 4), ("- ", 2)])
def test_nesting_past_the_limit_is_refused_where_it_goes_too_deep(
        tmp_path: Path, opening: str, per_level: int) -> None:
    deck, problems = load(tmp_path, opening * (MAX_DEPTH + 1) + "x\n")
    assert deck is None
    assert located(problems) == [(1, MAX_DEPTH * per_level + 1, "error",
                                  f"nested more than {MAX_DEPTH} levels deep; refused")]


def test_nesting_up_to_the_limit_is_only_a_structure_problem(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert located(problems) == [(1, 1, "error", "the deck file must be a mapping of keys to "
                                                 "values, not a list")]


def test_a_million_nested_brackets_fail_at_once_instead_of_crashing(tmp_path: Path) -> None:
    # PyYAML's own composer recurses in C and overflows the stack on this (a segfault), and
    # older libyaml scanners are quadratic in the depth; our limit applies while parsing. Newer
    # libyaml releases stop at a depth limit of their own first, so which of the two reports it
    # (and at which bracket) depends on the installed parser: assert only one located error, on
    # an opening bracket past the first level, and that the parse ends rather than hangs.
    path = tmp_path / "sample.yaml"
    path.write_text("a: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    deck, problems = read_deck(path)
    assert time.perf_counter() - started < 60.0  # a hang guard, not a timing goal (bench/)
    assert deck is None
    [(line, column)] = where(problems)
    assert line == 1 and len("a: ") + 1 < column <= len("a: ") + 1_000_000
    assert all(problem.severity == "error" for problem in problems)


# -- encodings and characters ----------------------------------------------------------------


def test_a_utf8_bom_is_fine_and_does_not_shift_columns(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode() + b"    qq: x\n")
    deck, problems = read_deck(path)
    assert deck is not None and deck.slug == "sample"
    assert located(problems) == [(7, 5, "error", "unknown key 'qq' in basic cards; did you mean "
                                                 "'q'?")]


@pytest.mark.parametrize("data, position, byte", [
    (b"deck: sample\ntitle: \xff\n", (2, 8), 0xff),
    ("deck: sample\ntitle: 标题".encode() + b"\xe6\xa0\n", (2, 10), 0xe6),
    (b"\xef\xbb\xbfdeck: sample\ntitle: ab\xc0\n", (2, 10), 0xc0),
    ("deck: s\r\ntitle: 样\r\n".encode() + b"\x80", (3, 1), 0x80),
    ("deck: sample\n".encode("latin-1") + "title: café\n".encode("latin-1"), (2, 11), 0xe9),
])
def test_a_file_that_is_not_utf8_gets_an_encoding_error_at_the_byte(
        tmp_path: Path, data: bytes, position: tuple[int, int], byte: int) -> None:
    path = tmp_path / "sample.yaml"
    path.write_bytes(data)
    deck, problems = read_deck(path)
    assert deck is None
    assert located(problems) == [(*position, "error", f"file is not valid UTF-8 (byte "
                                                      f"0x{byte:02x}); save it as UTF-8")]


def test_a_utf16_file_is_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_bytes(VALID.encode("utf-16"))
    deck, problems = read_deck(path)
    assert deck is None
    assert where(problems) == [(1, 1)]
    assert "not valid UTF-8" in problems[0].message


@pytest.mark.parametrize("text, position, code", [
    ("deck: sample\ntitle: ab\x07c\n", (2, 10), 0x07),
    ("deck: sample\ntitle: 标题\x01\n", (2, 10), 0x01),
    ("deck: sample\r\ntitle: 标题\x00\r\n", (2, 10), 0x00),
    ("deck: sample\ntitle: ok\ncards:\n  - {id: a, q: \x1b[31m, a: b}\n", (4, 16), 0x1b),
    ("deck: sample\ntitle: x\x7f\n", (2, 9), 0x7f),
    ("deck: sample\ntitle: \x9b\n", (2, 8), 0x9b),
    ("deck: sample\ntitle: \ufffe\n", (2, 8), 0xfffe),
])
def test_control_characters_are_errors_at_their_position(
        tmp_path: Path, text: str, position: tuple[int, int], code: int) -> None:
    path = tmp_path / "sample.yaml"
    path.write_bytes(text.encode("utf-8"))
    deck, problems = read_deck(path)
    assert deck is None
    assert located(problems) == [(*position, "error", f"character U+{code:04X} is not allowed in "
                                                      f"YAML (a control character)")]


@pytest.mark.parametrize("char, name", [
    ("\x85", "NEXT LINE"), ("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR")])
def test_unicode_line_breaks_are_errors_so_line_numbers_stay_true(
        tmp_path: Path, char: str, name: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: 样例\nexplain: 甲{char}乙\n")
    assert deck is None
    assert located(problems) == [(3, 11, "error", f"character U+{ord(char):04X} ({name}) is a line "
                                                  f"break in YAML but not in most editors; replace "
                                                  f"it with a newline")]


def test_tabs_inside_values_and_cr_lf_line_ends_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_bytes(b"deck: sample\r\ntitle: a\tb\r\ncards:\r\n  - {id: x, q: y, a: z}\r\n"
                     b"  - {id: y, q: y, a: [z]}\r\n")
    deck, problems = read_deck(path)
    assert deck is not None and deck.title == "a\tb"
    assert located(problems) == [(5, 22, "error", "'a' must be text, not a list")]


def test_an_unreadable_path_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    deck, problems = read_deck(tmp_path / "dir.yaml")
    assert deck is None
    assert where(problems) == [(1, 1)]
    assert messages(problems).startswith("cannot read file")
