"""Plain mode: `quiz study --plain` and `quiz exam --plain`, as text and as the JSON contract
README "Plain mode" documents (each event's keys and types are asserted here)."""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from clockkit import Clock
from enginekit import MIXED_DECK, NOON, basic_deck, write
from quiz.cli.main import main
from quiz.core.clock import day_start
from quiz.core.locations import bundled_dir
from quiz.core.model import CHOICE_LETTERS, Card, CardType
from quiz.decks.discover import find_deck_files
from quiz.decks.giveaway import give_aways
from quiz.decks.reader import load_decks
from quiz.storage.store import Store

CARD_KEYS = {"event", "deck", "id", "type", "question"}
RESULT_KEYS = {"event", "deck", "id", "correct", "answer", "explain", "suggested"}
GRADED_KEYS = {"event", "deck", "id", "grade", "due"}
END_KEYS = {"event", "done", "left"}
EXAM_END_KEYS = {"event", "done", "left", "score", "correct", "total", "timed_out"}


class Terminal:
    """Both ends of a plain-mode run: what the program writes is kept (and read as JSON lines
    when asked), and each line it reads comes from `reply`, given what it has written so far
    (an empty string ends the input)."""

    def __init__(self, reply: Callable[[Terminal], str]) -> None:
        self.reply = reply
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def readline(self) -> str:
        return self.reply(self)

    @property
    def events(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines() if line.startswith("{")]


def scripted(*lines: str) -> Terminal:
    """A terminal that types these lines, then ends the input."""
    queue = [line + "\n" for line in lines]
    return Terminal(lambda _: queue.pop(0) if queue else "")


@pytest.fixture
def run(quiz_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `quiz ARGS` in this process on a terminal, with the decks under tmp_path/decks and
    the system clock set to `clock`; returns the exit code."""

    def run_quiz(terminal: Terminal, *args: str, clock: Callable[[], datetime] | None = None,
                 decks: Path | None = None) -> int:
        monkeypatch.setattr(sys, "stdin", terminal)
        monkeypatch.setattr(sys, "stdout", terminal)
        monkeypatch.setattr("quiz.core.clock.now", clock or Clock(NOON))
        return main(["--decks", str(decks or tmp_path / "decks"), "--lang", "en", *args])

    return run_quiz


def stored(tmp_path: Path) -> dict[tuple[str, str], list[dict]]:
    store = Store.open(tmp_path / "home")
    try:
        return {key: store.history(*key) for key in store.card_rows()}
    finally:
        store.close()


def test_every_event_has_exactly_the_documented_keys_and_types(run, tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    replies = {"basic": "", "numeric": "10.19", "choice": "b", "cloze": "23"}
    terminal = Terminal(lambda t: (replies[t.events[-1]["id"]] if t.events[-1]["event"] == "card"
                                   else "") + "\n" if len(t.events) < 12 else "")
    assert run(terminal, "study", "--plain", "--json") == 0
    events = terminal.events
    # Four cards answered; the input ends at the fifth (a learning step of one of them).
    assert [event["event"] for event in events] == \
        ["card", "result", "graded"] * 4 + ["card", "end"]
    for event in events:
        kind = event["event"]
        if kind == "card":
            assert set(event) == CARD_KEYS | ({"choices"} if event["type"] == "choice" else set())
            assert event["type"] in {t.value for t in CardType}
            assert all(isinstance(event[key], str) for key in CARD_KEYS)
            assert event.get("choices", ["x"]) and all(isinstance(c, str)
                                                       for c in event.get("choices", []))
        elif kind == "result":
            assert set(event) == RESULT_KEYS
            assert event["correct"] in (True, False, None)
            assert isinstance(event["answer"], str)
            assert event["explain"] is None or isinstance(event["explain"], str)
            assert event["suggested"] in (1, 2, 3, 4)
        elif kind == "graded":
            assert set(event) == GRADED_KEYS
            assert event["grade"] in (1, 2, 3, 4)
            assert datetime.fromisoformat(event["due"]).tzinfo is not None
        else:
            assert set(event) == END_KEYS
            assert isinstance(event["done"], int) and isinstance(event["left"], int)
    by_id = {event["id"]: event for event in events if event["event"] == "result"}
    assert by_id["basic"]["correct"] is None and by_id["basic"]["suggested"] == 3
    assert by_id["numeric"]["correct"] is True and by_id["choice"]["correct"] is True
    assert by_id["cloze"]["correct"] is False and by_id["cloze"]["suggested"] == 1
    assert by_id["choice"]["answer"] == "b. 4.46%"
    cards = {event["id"]: event for event in events if event["event"] == "card"}
    assert cards["choice"]["choices"] == ["3.96%", "4.46%", "4.96%"]
    assert cards["cloze"]["question"] == "普惠小微贷款余额同比增长[…]"
    graded = {event["id"]: event["grade"] for event in events if event["event"] == "graded"}
    assert graded == {"basic": 3, "numeric": 3, "choice": 3, "cloze": 1}   # Enter: suggested
    # Good leaves three cards one learning step each; Again leaves the cloze card two.
    assert events[-1] == {"event": "end", "done": 4, "left": 3 + 2}


def test_end_of_input_ends_cleanly_with_every_answer_stored(run, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 5))
    terminal = scripted("", "4", "", "2", "")   # the third card is revealed, never graded
    assert run(terminal, "study", "--json") == 0
    events = terminal.events
    assert [event["event"] for event in events] == [
        "card", "result", "graded", "card", "result", "graded", "card", "result", "end"]
    # Five new cards, two asks each: Easy took two off, Hard (still the first step) none.
    assert events[-1] == {"event": "end", "done": 2, "left": 5 * 2 - 2}
    history = stored(tmp_path)
    answered = [event["id"] for event in events if event["event"] == "graded"]
    assert sorted(card for (_, card), log in history.items() if log) == sorted(answered)
    assert [log[0]["rating"] for (_, card), log in sorted(history.items()) if log] == \
        [dict(zip(answered, (4, 2)))[card] for card in sorted(answered)]


def test_a_line_that_is_no_grade_is_said_on_stderr_and_asked_again(
        run, tmp_path: Path, capsys) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    terminal = scripted("", "Good", "5", "1")
    assert run(terminal, "study", "--plain", "--json") == 0
    assert [event["grade"] for event in terminal.events if event["event"] == "graded"] == [1]
    assert capsys.readouterr().err.count("quiz: A grade is 1, 2, 3 or 4") == 2


def test_cram_grades_change_no_schedule_so_they_have_no_due(run, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 2))
    terminal = scripted("", "", "", "")
    assert run(terminal, "study", "--json", "--cram") == 0
    assert [event["due"] for event in terminal.events if event["event"] == "graded"] == \
        [None, None]
    assert terminal.events[-1] == {"event": "end", "done": 2, "left": 0}


def test_text_mode_reads_as_a_conversation(run, tmp_path: Path) -> None:
    named = MIXED_DECK.replace("title: 混合\n", "title: 混合\nname: 混合卡组\n")
    write(tmp_path, "mixed.yaml", named)
    terminal = scripted("x", "", "10.19", "4")
    assert run(terminal, "study", "--plain", "mixed") == 0
    text = terminal.text
    assert "Card 1 · 8 left · 混合卡组\nQ: " in text
    assert "Enter shows the answer (or type a reply): " in text \
        or "Your choice (a–c, or the option's text): " in text \
        or "Your answer: " in text
    assert "✗ Not quite\nAnswer: " in text
    assert "Grade 1 Again 1m · 2 Hard 6m · 3 Good 10m · 4 Easy " in text
    assert "; Enter = 1 Again: Saved: Again · due in 1m\n" in text
    assert "Saved: Easy · due in " in text
    assert text.rstrip().endswith("Session paused: 2 answers, 6 left.")


def test_a_finished_session_says_so(run, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 1))
    terminal = scripted("", "4")
    assert run(terminal, "study", "--plain") == 0
    assert terminal.text.rstrip().endswith("Session complete: 1 answer.")
    terminal = scripted()
    assert run(terminal, "study", "--plain") == 0
    assert terminal.text.strip() == "Nothing to study right now."


def test_an_exam_asks_every_question_then_ends_with_the_score(run, tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    answers = {"basic": "29.4万亿元", "numeric": "10.19", "choice": "a", "cloze": ""}
    terminal = Terminal(lambda t: answers[t.events[-1]["id"]] + "\n"
                        if t.events[-1]["event"] == "card" else "")
    assert run(terminal, "exam", "--json", "--count", "4") == 0
    events = terminal.events
    assert [event["event"] for event in events] == ["card"] * 4 + ["end"]
    assert all(set(event) == CARD_KEYS | ({"choices"} if event["type"] == "choice" else set())
               for event in events[:4])
    assert events[-1] == {"event": "end", "done": 4, "left": 0, "score": 50.0, "correct": 2,
                          "total": 4, "timed_out": False}
    assert set(events[-1]) == EXAM_END_KEYS


def test_an_exam_whose_input_ends_is_handed_in(run, tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    terminal = scripted("没有")
    assert run(terminal, "exam", "--plain", "--count", "4") == 0
    text = terminal.text
    assert text.startswith("Practice exam · All decks\n\nQuestion 1/4 · mixed · untimed\nQ: ")
    assert "Exam report · All decks\nScore 0%\n0/4 correct · 1 answered · 0:00\n" in text
    assert "Mistakes (4)\n" in text and text.count("(no answer)") == 3
    assert "    Your answer: 没有 · Answer: " in text


def asked(terminal: Terminal) -> list[str]:
    return [event["id"] for event in terminal.events if event["event"] == "card"]


def test_tag_keeps_only_the_cards_with_it_in_a_session_and_an_exam(run, tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)       # only the choice card is tagged 利率
    terminal = scripted("a", "", "a", "")
    assert run(terminal, "study", "--json", "--tag", "利率") == 0
    assert set(asked(terminal)) == {"choice"}
    terminal = scripted("a")
    assert run(terminal, "exam", "--json", "--tag", "利率") == 0
    assert asked(terminal) == ["choice"]
    assert terminal.events[-1]["total"] == 1
    terminal = scripted("", "", "", "")              # the deck's own tag is every card's
    assert run(terminal, "exam", "--json", "--tag", "金融", "--count", "4") == 0
    assert sorted(asked(terminal)) == ["basic", "choice", "cloze", "numeric"]


def test_mistakes_studies_the_cards_whose_last_answer_was_wrong(run, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    first = scripted("", "1", "", "3")             # Again, then Good; the input ends
    assert run(first, "study", "--json") == 0
    wrong, right = asked(first)[:2]
    terminal = scripted("", "3", "", "3", "", "3")
    assert run(terminal, "study", "--json", "--mistakes", "--cram") == 0
    assert asked(terminal) == [wrong]
    assert right != wrong


def test_leeches_studies_the_cards_tagged_leech(run, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", basic_deck("d", 3))
    (tmp_path / "config.toml").write_text("leech_lapses = 1\nrelearning_steps = []\n",
                                          encoding="utf-8")
    clock = Clock(NOON)
    learnt = scripted("", "4")                      # Easy: into review at once
    assert run(learnt, "study", "--json", "--new-per-day", "1", clock=clock) == 0
    (leech,) = set(asked(learnt))
    clock.advance(days=60)
    lapse = scripted("", "1")                       # forgotten: one lapse makes a leech here
    assert run(lapse, "study", "--json", "--new-per-day", "0", clock=clock) == 0
    assert asked(lapse) == [leech]
    terminal = scripted("", "3", "", "3", "", "3")
    assert run(terminal, "study", "--json", "--leeches", "--cram", clock=clock) == 0
    assert asked(terminal) == [leech]


def test_minutes_gives_the_exam_a_clock(run, tmp_path: Path) -> None:
    write(tmp_path, "mixed.yaml", MIXED_DECK)
    timed = scripted()
    assert run(timed, "exam", "--plain", "--count", "1", "--minutes", "10") == 0
    assert "Question 1/1 · mixed · 10:00 left\n" in timed.text
    untimed = scripted()
    assert run(untimed, "exam", "--plain", "--count", "1") == 0
    assert "Question 1/1 · mixed · untimed\n" in untimed.text


def test_plain_mode_never_imports_textual(quiz_env, tmp_path: Path) -> None:
    import subprocess

    write(tmp_path, "d.yaml", basic_deck("d", 1))
    probe = ("import sys; from quiz.cli.main import main; code = main(sys.argv[1:]); "
             "print('textual' in sys.modules, file=sys.stderr); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", probe, "--decks", str(tmp_path / "decks"),
                             "study", "--json"], input="\n3\n", capture_output=True, text=True,
                            env=quiz_env, cwd=tmp_path, timeout=60)
    assert result.returncode == 0
    assert result.stderr.strip().splitlines()[-1] == "False"
    assert json.loads(result.stdout.splitlines()[-1])["event"] == "end"


# -- the bundled decks over several days, driven as a learner would -----------------------------

def bundled_cards() -> dict[tuple[str, str], Card]:
    decks = load_decks(find_deck_files([bundled_dir("decks")])).decks
    return {(card.deck, card.id): card for deck in decks for card in deck.cards}


def learner(cards: dict[tuple[str, str], Card], rng: random.Random,
            stop_after: int) -> Terminal:
    """Right most of the time, sometimes wrong, sometimes asking to see the answer; grades as
    suggested or by hand; stops after `stop_after` cards (the input ends)."""

    def reply(terminal: Terminal) -> str:
        last = terminal.events[-1]
        if last["event"] == "card":
            if sum(event["event"] == "card" for event in terminal.events) > stop_after:
                return ""
            card = cards[last["deck"], last["id"]]
            roll = rng.random()
            if roll < 0.2:
                return "\n"
            if roll < 0.35:
                return "不知道\n"
            if card.type is CardType.CHOICE:
                return CHOICE_LETTERS[card.choices.index(card.answer)] + "\n"
            if card.type is CardType.CLOZE:
                return "；".join(card.gaps) + "\n"
            return card.full_answer + "\n"
        return rng.choice(["", "", "", "1", "2", "4"]) + "\n"

    return Terminal(reply)


def test_no_card_is_asked_on_a_day_something_shown_earlier_gave_its_answer_away(run) -> None:
    cards = bundled_cards()
    decks = load_decks(find_deck_files([bundled_dir("decks")])).decks
    gives = {((deck.slug, pair.giver), (deck.slug, pair.given))
             for deck in decks for pair in give_aways(deck.cards)}
    assert len(gives) > 100
    rng = random.Random(11)
    moment = [day_start(NOON, 4) + timedelta(hours=6)]
    asked_on: dict[int, list[tuple[str, str]]] = {}
    for day in range(5):
        for stop_after in (12, 400):            # leave early once, then study the rest
            terminal = learner(cards, rng, stop_after)

            def clock() -> datetime:
                moment[0] += timedelta(seconds=20)
                return moment[0]

            assert run(terminal, "study", "--json", "--new-per-day", "30",
                       clock=clock, decks=bundled_dir("decks")) == 0
            asked_on.setdefault(day, []).extend(
                (event["deck"], event["id"]) for event in terminal.events
                if event["event"] == "card")
            assert terminal.events[-1]["event"] == "end"
        moment[0] = day_start(moment[0], 4) + timedelta(days=1, hours=6)
    for day, asked in asked_on.items():
        assert asked, day
        for position, card in enumerate(asked):
            shown_before = set(asked[:position]) - {card}
            assert not {(earlier, card) for earlier in shown_before} & gives, (day, card)
    assert sum(len(asked) for asked in asked_on.values()) > 150
