"""Deck format v1: structure, keys, ids, card types, dates, slugs and how problems are reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from deck_helpers import TODAY, load, located, messages, where, write
from quiz.core.model import Card, CardType
from quiz.decks.discover import find_deck_files
from quiz.decks.problems import Problem
from quiz.decks.reader import load_decks, read_deck

# -- structure ---------------------------------------------------------------------------


def test_deck_title_and_cards_are_required_at_the_top(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "as_of: 2023-12-31\n")
    assert deck is None
    assert located(problems) == [
        (1, 1, "error", "the deck has no 'cards'"),
        (1, 1, "error", "the deck has no 'deck'"),
        (1, 1, "error", "the deck has no 'title'"),
    ]


@pytest.mark.parametrize("value, message", [
    ("[]", "'cards' is empty; a deck needs at least one card"),
    ("{id: a}", "'cards' must be a list of cards, not a mapping"),
    ("some text", "'cards' must be a list of cards, not text"),
    ("", "'cards' must be a list of cards, not text"),
])
def test_cards_must_be_a_non_empty_list(tmp_path: Path, value: str, message: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: 样例\ncards: {value}\n")
    assert located(problems) == [(3, 8 if value else 7, "error", message)]
    assert deck is not None and deck.cards == ()


def test_each_card_must_be_a_mapping(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - just a question?
          - [q, a]
          - {id: ok, q: 问题, a: 答案}
        """)
    assert located(problems) == [
        (4, 5, "error", "a card must be a mapping of keys to values, not text"),
        (5, 5, "error", "a card must be a mapping of keys to values, not a list"),
    ]
    assert deck is not None and [c.id for c in deck.cards] == ["ok"]


@pytest.mark.parametrize("card_type, keys, missing", [
    ("basic", "q: 问题", ["a"]),
    ("basic", "a: 答案", ["q"]),
    ("cloze", "q: 问题", ["text"]),
    ("choice", "q: 问题\n    a: 甲", ["choices"]),
    ("choice", "choices: [甲, 乙]", ["a", "q"]),
    ("numeric", "q: 问题", ["a"]),
    ("numeric", "a: '1'", ["q"]),
])
def test_each_card_type_requires_its_keys(tmp_path: Path, card_type: str, keys: str,
                                          missing: list[str]) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: 样例\ncards:\n  - id: one\n"
                                    f"    type: {card_type}\n    {keys}\n")
    expected = [(4, 5, "error", f"card 'one' ({card_type}) has no '{key}'") for key in missing]
    assert [p for p in located(problems) if "has no" in p[3]] == expected


def test_basic_is_the_default_type_and_a_card_needs_an_id(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - q: 问题
            a: 答案
        """)
    assert located(problems) == [(4, 5, "error", "the card has no 'id'")]
    assert deck is not None and deck.cards == ()


def test_an_unknown_card_type_is_an_error_with_a_hint(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - id: one
            type: choise
            q: 问题
        """)
    assert located(problems) == [(5, 11, "error", "unknown card type 'choise'; use one of basic, "
                                                  "cloze, choice, numeric; did you mean 'choice'?")]


# -- unknown and duplicate keys -------------------------------------------------------------


def test_unknown_keys_are_rejected_with_did_you_mean(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        titel: 样例
        sources: x.txt
        colour: red
        cards:
          - id: one
            q: 问题
            a: 答案
            qoute: 引文
            explian: 说明
            zzz: 1
        """)
    assert located(problems) == [
        (1, 1, "error", "the deck has no 'title'"),
        (2, 1, "error", "unknown key 'titel' in a deck; did you mean 'title'?"),
        (3, 1, "error", "unknown key 'sources' in a deck; did you mean 'source'?"),
        (4, 1, "error", "unknown key 'colour' in a deck"),
        (9, 5, "error", "unknown key 'qoute' in basic cards; did you mean 'quote'?"),
        (10, 5, "error", "unknown key 'explian' in basic cards; did you mean 'explain'?"),
        (11, 5, "error", "unknown key 'zzz' in basic cards"),
    ]


def test_a_key_of_another_card_type_says_so(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - id: one
            q: 问题
            a: 答案
            text: 同比增长{{23.5%}}
            choices: [甲, 乙]
        """)
    assert located(problems) == [
        (7, 5, "error", "'text' is not used by basic cards"),
        (8, 5, "error", "'choices' is not used by basic cards"),
    ]


def test_duplicate_keys_are_rejected_at_deck_and_card_level(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        title: 另一个标题
        cards:
          - id: one
            q: 问题
            a: 答案
            a: 另一个答案
          - {id: two, q: 问题, q: 再问, a: 答案}
        """)
    assert located(problems) == [
        (3, 1, "error", "duplicate key 'title' in the deck file (first at line 2)"),
        (8, 5, "error", "duplicate key 'a' in a card (first at line 7)"),
        (9, 22, "error", "duplicate key 'q' in a card (first at line 9)"),
    ]


def test_the_first_of_duplicate_keys_is_not_silently_replaced(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: sample\ntitle: 甲\ntitle: 乙\ncards:\n"
                                    "  - {id: a, q: b, a: c}\n")
    assert deck is not None and deck.title == "甲"
    assert [p.severity for p in problems] == ["error"]


# -- ids -----------------------------------------------------------------------------------------


def test_duplicate_card_ids_name_both_lines(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - id: same
            q: 问题
            a: 答案
          - q: 问题二
            a: 答案二
            id: same
        """)
    assert located(problems) == [(9, 9, "error", "duplicate card id 'same': lines 4 and 9")]
    assert deck is not None and [c.line for c in deck.cards] == [4]


def test_duplicate_ids_are_found_even_when_a_card_has_other_errors(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - id: same
            q: 问题
          - id: same
            q: 问题
            a: 答案
          - {id: same, type: nonsense}
        """)
    assert located(problems) == [
        (4, 5, "error", "card 'same' (basic) has no 'a'"),
        (6, 9, "error", "duplicate card id 'same': lines 4 and 6"),
        (9, 10, "error", "duplicate card id 'same': lines 4 and 9"),
        (9, 22, "error", "unknown card type 'nonsense'; use one of basic, cloze, choice, "
                         "numeric"),
    ]


@pytest.mark.parametrize("card_id", ["Upper", "under_score", "-leading", "with space", "点",
                                     "a.b"])
def test_card_ids_must_be_slugs(tmp_path: Path, card_id: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: t\ncards:\n  - id: '{card_id}'\n"
                                    f"    q: a\n    a: b\n")
    assert located(problems) == [(4, 9, "error", f"card id '{card_id}' must be lowercase "
                                                 f"letters, digits and '-', starting with a "
                                                 f"letter or digit")]
    assert deck is not None and deck.cards == ()


@pytest.mark.parametrize("card_id", ["a", "0", "micro-loan-balance", "2023-q4", "a--b", "x-"])
def test_slug_ids_are_accepted(tmp_path: Path, card_id: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: t\ncards:\n  - {{id: {card_id}, "
                                    f"q: a, a: b}}\n")
    assert problems == []
    assert deck is not None and deck.cards[0].id == card_id


# -- choice cards -------------------------------------------------------------------------------


def choice_deck(choices: str, answer: str) -> str:
    return (f"deck: sample\ntitle: 样例\ncards:\n  - id: rate\n    type: choice\n"
            f"    q: 利率为？\n    choices: {choices}\n    a: {answer}\n")


def test_a_choice_card_loads_with_its_choices(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, choice_deck("[3.96%, 4.46%, 4.96%, 5.46%]", "4.46%"))
    assert problems == []
    assert deck is not None
    card = deck.cards[0]
    assert (card.type, card.choices, card.answer) == (
        CardType.CHOICE, ("3.96%", "4.46%", "4.96%", "5.46%"), "4.46%")


@pytest.mark.parametrize("choices, answer, expected", [
    ("[4.46%]", "4.46%", (7, 14, "'choices' needs 2 to 6 options, not 1")),
    ("[a, b, c, d, e, f, g]", "a", (7, 14, "'choices' needs 2 to 6 options, not 7")),
    ("[]", "a", (7, 14, "'choices' is empty")),
    ("[3.96%, 4.46%, 3.96%]", "4.46%", (7, 29, "choice '3.96%' is listed twice")),
    ("[3.96%, 4.46%]", "4.46", (8, 8, "answer '4.46' is not one of the choices; did you mean "
                                      "'4.46%'?")),
    ("[甲, 乙]", "丙", (8, 8, "answer '丙' is not one of the choices")),
    ("甲乙", "甲", (7, 14, "'choices' must be a list, not text")),
    ("[甲, [乙]]", "甲", (7, 18, "each entry of 'choices' must be text, not a list")),
])
def test_choice_rules(tmp_path: Path, choices: str, answer: str,
                      expected: tuple[int, int, str]) -> None:
    deck, problems = load(tmp_path, choice_deck(choices, answer))
    assert located(problems) == [(*expected[:2], "error", expected[2])]
    assert deck is not None and deck.cards == ()


def test_six_choices_are_allowed(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, choice_deck("[a, b, c, d, e, f]", "f"))
    assert problems == []


# -- numeric cards ----------------------------------------------------------------------------


def numeric_deck(answer: str, extra: str = "") -> str:
    return (f"deck: sample\ntitle: 样例\ncards:\n  - id: count\n    type: numeric\n"
            f"    q: 多少？\n    a: {answer}\n{extra}")


@pytest.mark.parametrize("answer", ["10.19", "2,817", "0", "-3.5", "+12", "1,234,567.89", "010"])
def test_numeric_answers_are_numbers_as_written(tmp_path: Path, answer: str) -> None:
    deck, problems = load(tmp_path, numeric_deck(answer, "    unit: 个\n    tolerance: 0.5\n"))
    assert problems == []
    assert deck is not None
    card = deck.cards[0]
    assert (card.answer, card.unit, card.tolerance, card.full_answer) == (
        answer, "个", "0.5", f"{answer}个")


@pytest.mark.parametrize("answer", ["29.4万亿元", "1e3", "0x1F", "1_000", "12,34", "1.", ".5",
                                    "10.19个"])
def test_a_numeric_answer_that_is_not_a_number_is_an_error_at_the_answer(
        tmp_path: Path, answer: str) -> None:
    deck, problems = load(tmp_path, numeric_deck(answer))
    assert located(problems) == [(7, 8, "error", f"numeric answer '{answer}' is not a number; "
                                                 f"put the unit in 'unit' (e.g. a: 29.4, unit: "
                                                 f"万亿元)")]


@pytest.mark.parametrize("tolerance", ["-1", "some", "5%", "1e-3"])
def test_a_tolerance_must_be_a_number_of_zero_or_more(tmp_path: Path, tolerance: str) -> None:
    deck, problems = load(tmp_path, numeric_deck("10.19", f"    tolerance: {tolerance}\n"))
    assert located(problems) == [(8, 16, "error", f"tolerance '{tolerance}' must be a number of "
                                                  f"zero or more")]


# -- cloze cards -----------------------------------------------------------------------------


def cloze_deck(text: str) -> str:
    return f"deck: sample\ntitle: 样例\ncards:\n  - id: growth\n    type: cloze\n    text: {text}\n"


def test_cloze_gaps_are_the_answer_and_hints_stay_out_of_it(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, cloze_deck("余额{{29.4万亿元::金额}}，同比增长{{ 23.5% }}"))
    assert problems == []
    assert deck is not None
    card = deck.cards[0]
    assert card.gaps == ("29.4万亿元", "23.5%")
    assert card.question == "余额[金额]，同比增长[…]"
    assert card.full_answer == "余额29.4万亿元，同比增长23.5%"
    assert card.to_json()["answer"] == ["29.4万亿元", "23.5%"]


@pytest.mark.parametrize("text, message", [
    ("没有空格的句子", "cloze text has no gap; mark each gap as {{answer}}"),
    ("增长{{}}了", "cloze text has no gap; mark each gap as {{answer}}"),
    ("增长{{ }}了", "cloze text has an empty gap {{}}"),
    ("增长{{::提示}}了", "cloze text has an empty gap {{}}"),
    ("增长{{23.5%}}了}}", "cloze text has an unbalanced '{{' or '}}'"),
    ("增长{{23.5%}}和{{", "cloze text has an unbalanced '{{' or '}}'"),
    ("增长{23.5%}了", "cloze text has no gap; mark each gap as {{answer}}"),
])
def test_cloze_gap_rules(tmp_path: Path, text: str, message: str) -> None:
    deck, problems = load(tmp_path, cloze_deck(text))
    assert located(problems) == [(6, 11, "error", message)]
    assert deck is not None and deck.cards == ()


# -- dates and expiry ----------------------------------------------------------------------------


def test_valid_until_in_the_past_is_a_warning_at_the_date(tmp_path: Path) -> None:
    text = """\
        deck: sample
        title: 样例
        cards:
          - id: old
            q: 问题
            a: 答案
            valid_until: 2025-05-31
          - id: current
            q: 问题
            a: 答案
            valid_until: 2025-06-01
        """
    deck, problems = load(tmp_path, text, today=date(2025, 6, 1))
    assert located(problems) == [(7, 18, "warning", "valid_until: the fact expired on 2025-05-31")]
    assert deck is not None and [c.valid_until for c in deck.cards] == ["2025-05-31", "2025-06-01"]
    _, later = load(tmp_path, text, today=date(2025, 6, 2))
    assert where(later) == [(7, 18), (11, 18)]
    _, earlier = load(tmp_path, text, today=date(2020, 1, 1))
    assert earlier == []


def test_a_deck_valid_until_warns_once_and_applies_to_its_cards(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        valid_until: 2024-12-31
        cards:
          - {id: a, q: 问题, a: 答案}
          - {id: b, q: 问题, a: 答案, valid_until: 2030-01-01}
        """)
    assert located(problems) == [(3, 14, "warning", "valid_until: the fact expired on 2024-12-31")]
    assert deck is not None
    assert [c.valid_until for c in deck.cards] == ["2024-12-31", "2030-01-01"]


def test_expiry_needs_an_injected_today(tmp_path: Path) -> None:
    path = write(tmp_path, "deck: sample\ntitle: t\nvalid_until: 1999-01-01\ncards:\n"
                           "  - {id: a, q: b, a: c}\n")
    assert read_deck(path)[1] == []
    assert [p.severity for p in read_deck(path, today=TODAY)[1]] == ["warning"]


@pytest.mark.parametrize("key", ["as_of", "valid_until"])
@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "2025-1-8", "20250108", "soon",
                                   "2025-01-08T10:00"])
def test_dates_must_be_real_and_written_yyyy_mm_dd(tmp_path: Path, key: str, value: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: t\n{key}: {value}\ncards:\n"
                                    f"  - {{id: a, q: b, a: c}}\n")
    assert located(problems) == [(3, len(key) + 3, "error", f"{key} must be a date written "
                                                            f"YYYY-MM-DD, not '{value}'")]


def test_optional_deck_fields_are_kept(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        as_of: 2023-12-31
        tags: [金融, 2023]
        supersedes: sample-2022
        cards:
          - {id: a, q: b, a: c, tags: [贷款, 金融], explain: 说明, supersedes: old-a}
        """)
    assert problems == []
    assert deck is not None
    assert (deck.as_of, deck.tags, deck.supersedes) == ("2023-12-31", ("金融", "2023"),
                                                        "sample-2022")
    card = deck.cards[0]
    assert (card.tags, card.explain, card.supersedes) == (("金融", "2023", "贷款"), "说明", "old-a")


# -- slugs and file names ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["Sample", "sample_2023", "-sample", "样例", "a b"])
def test_the_deck_slug_must_be_a_slug(tmp_path: Path, slug: str) -> None:
    deck, problems = load(tmp_path,
                          f"deck: '{slug}'\ntitle: t\ncards:\n  - {{id: a, q: b, a: c}}\n")
    assert deck is None
    assert located(problems) == [(1, 7, "error", f"deck slug '{slug}' must be lowercase letters, "
                                                 f"digits and '-', starting with a letter or "
                                                 f"digit")]


def test_import_slugs_are_reserved_for_imported_review_logs(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: import-x\ntitle: t\ncards:\n  - {id: a, q: b, a: c}\n",
                          name="import-x.yaml")
    assert deck is None
    assert located(problems) == [(1, 7, "error", "deck slug 'import-x' is reserved: 'import-…' "
                                                 "decks hold imported review logs")]


@pytest.mark.parametrize("name", ["other.yaml", "sample-2023.yml", "Sample.yaml"])
def test_a_slug_that_differs_from_the_file_name_is_a_warning(tmp_path: Path, name: str) -> None:
    deck, problems = load(tmp_path, "deck: sample\ntitle: t\ncards:\n  - {id: a, q: b, a: c}\n",
                          name=name)
    assert deck is not None
    assert located(problems) == [(1, 7, "warning", f"deck slug 'sample' differs from the file "
                                                   f"name '{name}'")]


def test_a_yml_file_named_after_its_slug_is_fine(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, "deck: sample\ntitle: t\ncards:\n  - {id: a, q: b, a: c}\n",
                          name="sample.yml")
    assert problems == [] and deck is not None


def test_deck_slugs_are_unique_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "deck: sample\ntitle: 一\ncards:\n  - {id: a, q: b, a: c}\n",
                  "a/sample.yaml")
    second = write(tmp_path, "# the same slug again\ndeck:   sample\ntitle: 二\ncards:\n"
                             "  - {id: a, q: b, a: c}\n", "b/sample.yaml")
    result = load_decks([first, second], today=TODAY)
    assert [d.title for d in result.decks] == ["一"]
    assert [str(p) for p in result.problems] == [
        f"{second}:2:9: error: deck slug 'sample' is already used by {first}:1"]


# -- reporting: every problem, exact format -------------------------------------------------------


def test_all_problems_in_all_files_are_reported_in_one_run(tmp_path: Path) -> None:
    files = [
        write(tmp_path, "deck: one\ntitle: [x]\ncards:\n  - {id: a, q: b}\n  - {id: B, q: b, "
                        "a: c}\n", "one.yaml"),
        write(tmp_path, "deck: two\n\ttitle: x\n", "two.yaml"),
        write(tmp_path, "deck: three\ntitle: t\ncards:\n  - {id: a, q: b, a: c, x: 1}\n",
              "three.yaml"),
        write(tmp_path, "deck: four\ntitle: t\ncards:\n  - {id: a, q: b, a: c}\n", "four.yaml"),
    ]
    result = load_decks(files, today=TODAY)
    assert [(Path(p.path).name, p.line, p.column) for p in result.problems] == [
        ("one.yaml", 2, 8), ("one.yaml", 4, 5), ("one.yaml", 5, 10),
        ("two.yaml", 2, 1),
        ("three.yaml", 4, 25),
    ]
    assert result.broken_paths() == {str(f) for f in files[:3]}
    assert [d.slug for d in result.decks] == ["three", "four"]
    assert [len(d.cards) for d in result.decks] == [0, 1]
    # Every card read is counted, in a deck that did not load (one) and with errors (three).
    assert result.cards_read == 4


def test_checking_without_building_cards_finds_the_same_problems_and_cards(
        tmp_path: Path) -> None:
    files = [
        write(tmp_path, """\
            deck: one
            title: 一
            valid_until: 2025-01-01
            cards:
              - {id: a, q: 问, a: 答}
              - {id: a, q: 又问, a: 又答}
              - {id: c, type: cloze, text: "增长{{23.5%}}"}
              - {id: d, type: choice, q: 选, choices: [甲, 乙, 甲], a: 丙}
              - {id: e, type: numeric, q: 几, a: '10.19', unit: 个}
              - {id: f, q: 问, a: 答, tags: [x, x]}
            """, "one.yaml"),
        write(tmp_path, "deck: one\ntitle: 重名\ncards:\n  - {id: a, q: b, a: c}\n", "dup.yaml"),
        write(tmp_path, "deck: [bad]\ntitle: t\ncards:\n  - {id: a, q: b, a: c}\n", "bad.yaml"),
        write(tmp_path, "deck: two\ntitle: 二\ncards:\n  - {id: a, q: b, a: c}\n", "two.yaml"),
    ]
    built = load_decks(files, today=TODAY)
    checked = load_decks(files, today=TODAY, build_cards=False)
    assert checked.problems == built.problems and built.problems
    assert [len(d.cards) for d in built.decks] == [4, 1]
    assert checked.cards_read == built.cards_read == 9
    assert [(d.slug, d.title, d.cards) for d in checked.decks] == [("one", "一", ()),
                                                                     ("two", "二", ())]


def test_problems_print_as_path_line_column_severity_message() -> None:
    assert str(Problem("decks/x.yaml", 14, 8, "quote does not occur")) == \
        "decks/x.yaml:14:8: error: quote does not occur"
    assert str(Problem("x.yaml", 2, 7, "slug differs", "warning")) == \
        "x.yaml:2:7: warning: slug differs"
    assert Problem("p", 1, 2, "m").to_json() == {"path": "p", "line": 1, "column": 2,
                                                "message": "m", "severity": "error"}


def test_problems_come_sorted_by_position(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: t
        cards:
          - {id: a, q: b, a: c, zz: 1}
          - {id: b, q: b, a: c, aa: 1}
          - {id: c, q: [b], a: c}
        """)
    assert where(problems) == sorted(where(problems)) == [(4, 25), (5, 25), (6, 16)]


def test_a_display_path_is_used_in_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "deck: [x]\n")
    _, problems = read_deck(path, display="decks/sample.yaml")
    assert {p.path for p in problems} == {"decks/sample.yaml"}


# -- finding deck files -------------------------------------------------------------------------


def test_directories_are_searched_recursively_for_yaml_and_yml(tmp_path: Path) -> None:
    for name in ["b.yaml", "a/c.yml", "a/deeper/d.yaml", "notes.txt", "x.json", "a/e.YAML.bak"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / "dir.yaml").mkdir()
    found = [p.relative_to(tmp_path).as_posix() for p in find_deck_files([tmp_path])]
    assert found == ["a/c.yml", "a/deeper/d.yaml", "b.yaml"]


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    path = write(tmp_path, "deck: sample\ntitle: t\ncards:\n  - {id: a, q: b, a: c}\n")
    files = list(find_deck_files([path, tmp_path, tmp_path / "." / "sample.yaml"]))
    assert files == [path]
    assert load_decks(files).problems == []


def test_files_named_directly_are_kept_whatever_their_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, "deck: [x]\n", "deck.txt")
    assert list(find_deck_files([path])) == [path]
    assert messages(read_deck(path)[1])


# -- order: any ----------------------------------------------------------------------------------


def test_order_any_is_kept_on_basic_and_cloze_cards(tmp_path: Path) -> None:
    deck, problems = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - {id: items, q: 哪两个？, a: 提质+降价, order: any}
          - {id: gaps, type: cloze, text: "{{北京}}和{{上海}}", order: any}
          - {id: plain, q: 哪两个？, a: 提质+降价}
        """)
    assert problems == []
    assert deck is not None
    assert [card.any_order for card in deck.cards] == [True, True, False]
    assert deck.cards[0].to_json()["order"] == "any" and "order" not in deck.cards[2].to_json()


def test_order_any_changes_the_content_hash_of_its_card_only(tmp_path: Path) -> None:
    deck, _ = load(tmp_path, """\
        deck: sample
        title: 样例
        cards:
          - {id: a, q: 哪两个？, a: 提质+降价}
          - {id: b, q: 哪两个？, a: 提质+降价, order: any}
        """)
    assert deck is not None
    plain, any_order = deck.cards
    assert plain.content_hash != any_order.content_hash
    assert plain.content_hash == Card(deck="sample", id="a", type=CardType.BASIC,
                                      prompt="哪两个？", answer="提质+降价").content_hash


@pytest.mark.parametrize("card, message", [
    ("{id: a, q: 哪两个？, a: 提质+降价, order: random}",
     "order 'random' is not known; write 'order: any' for items that may come in any order, "
     "or leave it out"),
    ("{id: a, q: 哪两个？, a: 提质+降价, order: [any]}", "'order' must be text, not a list"),
    ("{id: a, type: numeric, q: 多少？, a: '5', order: any}",
     "'order' is not used by numeric cards"),
    ("{id: a, type: choice, q: 哪个？, choices: [甲, 乙], a: 甲, order: any}",
     "'order' is not used by choice cards"),
])
def test_order_is_any_and_only_on_basic_and_cloze_cards(tmp_path: Path, card: str,
                                                        message: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: 样例\ncards:\n  - {card}\n")
    assert messages(problems) == message
    assert deck is not None and deck.cards == ()
