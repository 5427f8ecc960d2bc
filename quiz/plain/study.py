"""`quiz study --plain`: the study session line by line — the question, a reply (or Enter to
see the answer), the verdict and the answer, a grade (or Enter for the suggested one).

With `--json` every step is one JSON object per line, a contract kept stable (README "Plain
mode"): `card`, then a line in (the reply, or empty to reveal); `result`, then a line in (a
grade 1–4, or empty for the suggested one); `graded`; and `end` when nothing is left or input
ends. Each grade is stored before the next card is shown, as in the TUI; input that ends mid-card
stores nothing for that card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.core.card_state import Rating
from quiz.core.model import CHOICE_LETTERS, CardType
from quiz.render.i18n import Messages
from quiz.study.session import How

if TYPE_CHECKING:
    from quiz.answers.grading import Verdict
    from quiz.core.model import Card
    from quiz.plain.lines import Lines
    from quiz.study.session import StudySession

ENGLISH = Messages("en")   # what goes to stderr beside JSON is for a program: English, as JSON is


def choice_keys(card: Card) -> str:
    """The letters a choice card is answered with: a–d."""
    return f"{CHOICE_LETTERS[0]}–{CHOICE_LETTERS[len(card.choices) - 1]}"


def show_question(lines: Lines, t: Messages, card: Card, heading: str) -> None:
    """The card as a person reads it: a heading, the question, its options or unit."""
    lines.say(heading, t("plain.question", text=card.question))
    if card.type is CardType.CHOICE:
        lines.say(*(f"  {letter}. {choice}"
                    for letter, choice in zip(CHOICE_LETTERS, card.choices)))
    elif card.unit:
        lines.say(t("study.unit", unit=card.unit))


def card_event(lines: Lines, card: Card) -> None:
    fields: dict[str, object] = {"deck": card.deck, "id": card.id, "type": card.type.value,
                                 "question": card.question}
    if card.type is CardType.CHOICE:
        fields["choices"] = list(card.choices)
    lines.event("card", **fields)


def run_study(session: StudySession, lines: Lines, t: Messages, labels: dict[str, str]) -> int:
    """Ask until nothing is left or input ends; every grade is stored as it is given."""
    from quiz.answers.grading import expected_answer

    while session.current is not None:
        card = session.current
        kind = session.input_kind()
        progress = session.progress()
        card_event(lines, card)
        show_question(lines, t, card, t("plain.card", n=progress.done + 1, left=progress.left,
                                        deck=labels.get(card.deck, card.deck)))
        prompt = {How.SELF: t("plain.reveal"), How.TYPED: t("plain.reply"),
                  How.CHOICE: t("plain.choose", keys=choice_keys(card))}[kind]
        reply = lines.read(prompt)
        if reply is None:
            break
        verdict: Verdict | None = None
        how = kind
        if reply.strip() or kind is not How.SELF:   # a reply to a self-graded card is checked
            verdict = session.check(reply)
            how = How.TYPED if kind is How.SELF else kind
        suggested = session.suggested(verdict) if verdict is not None else Rating.GOOD
        answer = verdict.expected if verdict is not None else expected_answer(card)
        lines.event("result", deck=card.deck, id=card.id,
                    correct=None if verdict is None else verdict.correct, answer=answer,
                    explain=card.explain, suggested=int(suggested))
        if verdict is not None:
            lines.say(t("verdict.correct" if verdict.correct else
                        "verdict.empty" if verdict.reason == "empty" else "verdict.wrong"))
        lines.say(t("verdict.expected", expected=answer if verdict is not None
                    else card.full_answer))
        if card.explain:
            lines.say(t("plain.explain", text=card.explain))
        intervals = session.interval_labels()
        rating = read_grade(lines, t, intervals, suggested)
        if rating is None:
            break
        result = session.answer(rating, how=how, reply=reply if how is not How.SELF else None)
        due = result.due
        lines.event("graded", deck=card.deck, id=card.id, grade=int(rating),
                    due=due.isoformat() if due is not None else None)
        name = t(f"grade.{int(rating)}")
        if due is None:
            lines.say(t("plain.graded_cram", grade=name))
        else:
            lines.say(t("plain.graded", grade=name,
                        due=t("summary.due_in", interval=intervals[rating])))
        if result.became_leech:
            lines.say(t("plain.leech"))
        lines.say("")
    if session.current is not None:
        session.leave()   # the card on screen has been seen
    progress = session.progress()
    lines.event("end", done=progress.done, left=progress.left)
    if progress.complete:
        lines.say(t("plain.complete", count=progress.done) if progress.done
                  else t("summary.nothing"))
    else:
        lines.say(t("plain.paused", count=progress.done, left=progress.left))
    return 0


def read_grade(lines: Lines, t: Messages, labels: dict[Rating, str],
               suggested: Rating) -> Rating | None:
    """A grade 1–4, or the suggested one for an empty line; None once input ends. `labels`
    are the intervals each grade gives (none in cram), as the TUI's buttons show them."""
    grades = " · ".join(f"{int(rating)} {t(f'grade.{int(rating)}')}"
                        + (f" {labels[rating]}" if rating in labels else "")
                        for rating in Rating)
    prompt = t("plain.grade", grades=grades,
               suggested=f"{int(suggested)} {t(f'grade.{int(suggested)}')}")
    while True:
        line = lines.read(prompt)
        if line is None:
            return None
        text = line.strip()
        if not text:
            return suggested
        if text in ("1", "2", "3", "4"):
            return Rating(int(text))
        lines.complain((ENGLISH if lines.as_json else t)("plain.bad_grade"))
