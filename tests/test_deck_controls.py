"""Deck text that could drive the terminal: control and bidirectional characters are refused.

YAML's double-quoted escapes (`\\e`, `\\a`, `\\x9b`, `\\u001b`…) make characters the parser
would refuse raw; the loader refuses them after unescaping, in every key and value, at the
value's line and column, naming the character. Bidirectional controls, which YAML counts as
printable, are refused wherever they stand in the file.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deck_helpers import load, located
from quiz.core.controls import BIDI_CONTROLS, CONTROL_RE

# One card of each type with every key it may have, each value on a line of its own.
FIELDS = {
    "deck": ["deck: sample", "title: 样例", "source: article.txt", "as_of: 2024-12-31",
             "tags: [金融, 贷款]", "valid_until: 2030-01-01", "supersedes: older",
             "cards:"],
    "basic": ["  - id: one", "    type: basic", "    q: 问题", "    a: 答案",
              "    accept: [答案一, 答案二]", "    quote: 问题的答案", "    explain: 说明",
              "    tags: [甲]", "    source: article.txt", "    valid_until: 2030-01-01",
              "    supersedes: zero"],
    "cloze": ["  - id: two", "    type: cloze", "    text: 余额{{29.4万亿元}}",
              "    quote: 余额29.4万亿元", "    explain: 说明", "    tags: [乙]"],
    "choice": ["  - id: three", "    type: choice", "    q: 利率？", "    choices: [3.96%, 4.46%]",
               "    a: 4.46%", "    quote: 利率为4.46%"],
    "numeric": ["  - id: four", "    type: numeric", "    q: 多少个？", "    a: 10.19",
                "    accept: [10.2]", "    unit: 个", "    tolerance: 0.1",
                "    quote: 人均10.19个"],
}
ARTICLE = "问题的答案 余额29.4万亿元 利率为4.46% 人均10.19个"
LINES = [line for part in FIELDS.values() for line in part]
# (line index, key) of every scalar value, lists included, in the deck above.
VALUE_LINES = [(index, line.split(":", 1)[0].strip(" -")) for index, line in enumerate(LINES)
               if not line.endswith(":")]
ESCAPES = [("\\e", 0x1B), ("\\a", 0x07), ("\\x9b", 0x9B), ("\\u001b", 0x1B), ("\\r", 0x0D),
           ("\\b", 0x08), ("\\0", 0x00), ("\\x7f", 0x7F), ("\\N", 0x85), ("\\x9d", 0x9D),
           ("\\u202e", 0x202E), ("\\U00002066", 0x2066)]


def deck_text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def test_the_deck_with_every_field_is_valid(tmp_path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    deck, problems = load(tmp_path, deck_text(LINES))
    assert problems == [] and deck is not None and len(deck.cards) == 4


def _with_escape(index: int, escape: str) -> tuple[list[str], int]:
    """The deck with `escape` put into the value on line `index`, and that value's column."""
    lines = list(LINES)
    key, _, value = lines[index].partition(":")
    value = value.strip()
    if value.startswith("["):          # the last item of a flow list
        items = value[1:-1].split(", ")
        head = f"{key}: [{', '.join(items[:-1])}, " if len(items) > 1 else f"{key}: ["
        lines[index] = f'{head}"{items[-1]}{escape}"]'
        return lines, len(head) + 1
    lines[index] = f'{key}: "{value}{escape}"'
    return lines, len(key) + 3


@pytest.mark.parametrize("escape, code", ESCAPES, ids=[e for e, _ in ESCAPES])
@pytest.mark.parametrize("index, key", VALUE_LINES,
                         ids=[f"{i}-{key}" for i, key in VALUE_LINES])
def test_an_escaped_control_in_any_value_is_refused_where_the_value_starts(
        tmp_path, index: int, key: str, escape: str, code: int) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    lines, column = _with_escape(index, escape)
    deck, problems = load(tmp_path, deck_text(lines))
    assert deck is None
    [(line, col, severity, message)] = located(problems)
    assert (line, col, severity) == (index + 1, column, "error")
    assert message.startswith(f"character U+{code:04X} (")
    assert "not allowed in deck text" in message


@pytest.mark.parametrize("escape, code", ESCAPES[:4], ids=[e for e, _ in ESCAPES[:4]])
def test_an_escaped_control_in_a_key_is_refused(tmp_path, escape: str, code: int) -> None:
    deck, problems = load(tmp_path, f'deck: sample\ntitle: x\ncards:\n  - id: one\n'
                                    f'    "q{escape}": 问题\n    a: 答案\n')
    assert deck is None
    assert [(p.line, p.column) for p in problems] == [(5, 5)]
    assert problems[0].message.startswith(f"character U+{code:04X} (")


def test_escaped_tabs_and_newlines_are_kept(tmp_path) -> None:
    deck, problems = load(tmp_path, 'deck: sample\ntitle: "a\\tb"\ncards:\n'
                                    '  - {id: a, q: "line one\\nline two", a: "x\\ty"}\n')
    assert problems == []
    assert deck.title == "a\tb"
    assert (deck.cards[0].prompt, deck.cards[0].answer) == ("line one\nline two", "x\ty")


@pytest.mark.parametrize("char", list(BIDI_CONTROLS))
def test_a_raw_bidirectional_control_is_refused_where_it_stands(tmp_path, char: str) -> None:
    deck, problems = load(tmp_path, f"deck: sample\ntitle: 样例\ncards:\n"
                                    f"  - id: a\n    q: 答案是{char}甲乙\n    a: 甲乙\n")
    assert deck is None
    [(line, column, _, message)] = located(problems)
    assert (line, column) == (5, 11)
    assert message.startswith(f"character U+{ord(char):04X} (")
    assert "bidirectional" in message


def test_a_bidirectional_control_in_a_comment_is_refused_too(tmp_path) -> None:
    deck, problems = load(tmp_path, "# note \u202e\ndeck: sample\ntitle: x\ncards:\n"
                                    "  - {id: a, q: b, a: c}\n")
    assert deck is None and [(p.line, p.column) for p in problems] == [(1, 8)]


def test_direction_marks_are_allowed(tmp_path) -> None:
    deck, problems = load(tmp_path, "deck: sample\ntitle: \u200fx\u200e\ncards:\n"
                                    "  - {id: a, q: b, a: c}\n")
    assert problems == [] and deck.title == "\u200fx\u200e"


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",),
                                  blacklist_characters="\x85\u2028\u2029"),
                    min_size=1, max_size=12))
def test_any_title_written_by_pyyaml_loads_as_itself_or_names_a_forbidden_character(
        tmp_path, text: str) -> None:
    written = yaml.safe_dump({"title": text}, allow_unicode=True, width=2**20)
    deck, problems = load(tmp_path, "deck: sample\n" + written + "cards:\n"
                          "  - {id: a, q: b, a: c}\n")
    forbidden = {f"U+{ord(c):04X}" for c in CONTROL_RE.findall(text)}
    if forbidden:
        assert deck is None
        assert any(code in problem.message for problem in problems for code in forbidden)
    elif deck is not None:
        assert deck.title == text


def test_due_and_show_never_print_a_decks_escape_sequences(run_quiz, write_deck) -> None:
    write_deck('deck: sample\ntitle: "\\e]0;pwned\\a"\ncards:\n'
               '  - {id: a, q: "clear\\e[2J\\e[H", a: b}\n  - {id: c, q: fine, a: d}\n')
    write_deck('deck: other\ntitle: 其他\ncards:\n  - {id: a, q: "\\x9b2J", a: b}\n'
               '  - {id: b, q: 好, a: c}\n', "other.yaml")
    for args in (("due",), ("due", "--json"), ("show", "sample"), ("show", "other"),
                 ("check",)):
        result = run_quiz(*args)
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream and "\x9b" not in stream and "\x07" not in stream, args
