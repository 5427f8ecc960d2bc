"""Property-based tests: whatever the file holds, the loader returns a deck or located problems."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.core.controls import BIDI_CONTROLS, CONTROL_RE
from quiz.core.model import Deck
from quiz.decks.problems import Problem
from quiz.decks.reader import read_deck
from quiz.decks.schema import COMMON_CARD_KEYS, DECK_KEYS, TYPE_KEYS

TODAY = date(2025, 6, 1)
CARD_KEYS = sorted(set(COMMON_CARD_KEYS).union(*TYPE_KEYS.values()))
# Text that YAML 1.1 would turn into booleans, numbers, dates or nulls, and YAML punctuation.
TRICKY = ["NO", "yes", "on", "~", "null", "1e3", "0x1F", "010", "1_000", "23.50", "2025-01-08",
          ".inf", "<<", "-", "?", ":", "{{23.5%}}", "[", "]", "{", "}", "#", "&a", "*a", "!x",
          "|", ">", "'", '"', "%", "@", "`", ",", "\t", " ", "\n", "\r\n", "\ufeff", "---", "..."]
CJK = "截至年末普惠小微贷款余额为万亿元同比增长，。（）：「」％２９"


def check(data: bytes) -> tuple[Deck | None, list[Problem], str]:
    """Load bytes as a deck file, asserting the loader's contract; returns what it gave."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "sample.yaml"
        path.write_bytes(data)
        deck, problems = read_deck(path, today=TODAY)
    assert deck is None or isinstance(deck, Deck)
    assert deck is not None or any(p.severity == "error" for p in problems)
    assert problems == sorted(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.severity in ("error", "warning")
        assert problem.message and "\n" not in str(problem)
    return deck, problems, data.decode("utf-8", "replace")


def assert_positions_inside(text: str, problems: list[Problem]) -> None:
    """Every problem points at a line of the file (or just past its end) and a column on it."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for problem in problems:
        assert problem.line <= len(lines) + 1, (problem, len(lines))
        if problem.line <= len(lines):
            assert problem.column <= len(lines[problem.line - 1]) + 1, problem


scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=CJK + "abc 0123456789.-:%", max_size=12),
    st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.dates(),
)
keys = st.one_of(st.sampled_from(DECK_KEYS + tuple(CARD_KEYS)), st.sampled_from(TRICKY),
                 st.text(max_size=6))


def nested(children):
    return st.one_of(st.lists(children, max_size=5),
                     st.dictionaries(keys, children, max_size=6))


values = st.recursive(scalars, nested, max_leaves=12)
cards = st.lists(st.dictionaries(st.sampled_from(CARD_KEYS), values, max_size=8), max_size=5)
decks = st.fixed_dictionaries({"deck": values, "title": values, "cards": cards},
                              optional={key: values for key in DECK_KEYS
                                        if key not in ("deck", "title", "cards")})


@st.composite
def yaml_documents(draw) -> str:
    """Random YAML: dumped from random (often deck-shaped) structures, sometimes damaged."""
    tree = draw(st.one_of(decks, values))
    text = yaml.safe_dump(tree, allow_unicode=True, default_flow_style=draw(st.sampled_from(
        [None, True, False])), sort_keys=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            inserted = draw(st.sampled_from(TRICKY + ["  ", "- ", ": ", "\n  "]))
            text = text[:at] + inserted + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 5)):]
    return text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_gives_a_deck_or_located_problems(text: str) -> None:
    _, problems, decoded = check(text.encode("utf-8", "surrogatepass"))
    assert_positions_inside(decoded, problems)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=CJK + "\x01\x07\x1b\x7f\x9b\ufffe \n:-ab", max_size=60))
def test_control_characters_are_located_where_they_are(text: str) -> None:
    _, problems, _ = check(text.encode())
    for problem in problems:
        if problem.message.startswith("character U+"):
            line = text.split("\n")[problem.line - 1]
            assert f"U+{ord(line[problem.column - 1]):04X}" in problem.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_give_a_deck_or_located_problems(data: bytes) -> None:
    check(data)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_documents())
def test_random_yaml_gives_a_deck_or_located_problems(text: str) -> None:
    _, problems, _ = check(text.encode("utf-8", "surrogatepass"))
    assert_positions_inside(text, problems)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TRICKY + ["deck:", "title:", "cards:", "- id:", "q:", "a:",
                                          "&x", "*x", "!!str", "[", "{", "}", "]", "x", "截至"]),
                max_size=40))
def test_random_yaml_tokens_give_a_deck_or_located_problems(tokens: list[str]) -> None:
    text = " ".join(tokens)
    _, problems, _ = check(text.encode())
    assert_positions_inside(text, problems)


slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
# PyYAML writes U+0085, U+2028 and U+2029 raw, and deck files refuse them (YAML reads them as
# line breaks where editors do not); a test above covers that refusal. Control characters
# (other than tab and newline) and bidirectional controls are refused in deck text, as
# tests/test_deck_controls.py shows.
REFUSED = "\u2028\u2029" + BIDI_CONTROLS + "".join(
    chr(code) for code in range(0xA0) if CONTROL_RE.match(chr(code)))
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                       blacklist_characters=REFUSED),
                min_size=1, max_size=20).filter(lambda t: t.strip() != "")


@settings(max_examples=200, deadline=None)
@given(title=texts, answers=st.lists(st.tuples(texts, texts, st.lists(texts, max_size=3)),
                                     min_size=1, max_size=6, unique_by=lambda c: c[0]),
       flow=st.sampled_from([None, True, False]))
def test_any_text_dumped_as_yaml_loads_back_exactly(title: str, answers, flow) -> None:
    cards = [{"id": f"card-{i}", "q": q, "a": a, **({"accept": accept} if accept else {})}
             for i, (q, a, accept) in enumerate(answers)]
    text = yaml.safe_dump({"deck": "sample", "title": title, "cards": cards},
                          allow_unicode=True, default_flow_style=flow, width=40)
    deck, problems, _ = check(text.encode("utf-8"))
    assert problems == []
    assert deck is not None and deck.title == title
    assert [(c.prompt, c.answer, list(c.accept)) for c in deck.cards] == [
        (q, a, accept) for q, a, accept in answers]
