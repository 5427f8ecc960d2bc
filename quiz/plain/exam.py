"""`quiz exam --plain`: the exam line by line — each question, a reply (an empty line skips),
no verdict until the end, then the report.

With `--json` each question is a `card` event (as in study) answered by one line, and the exam
ends with one `end` event carrying the score. Input that ends before the last question hands
the exam in: the questions left count as wrong, as when the time runs out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.core.model import CardType
from quiz.plain.study import card_event, choice_keys, show_question
from quiz.study.session import How

if TYPE_CHECKING:
    from quiz.plain.lines import Lines
    from quiz.render.i18n import Messages
    from quiz.study.exam import ExamReport, ExamSession


def run_exam(session: ExamSession, lines: Lines, t: Messages, labels: dict[str, str],
             title: str) -> int:
    """Ask every question (or until input ends or the time is up), then report."""
    from quiz.answers.grading import GAP_SEPARATOR

    total = len(session.questions)
    lines.say(f"{t('exam.heading')} · {title}", "")
    while session.current is not None:
        card = session.current
        left = session.time_left()
        heading = " · ".join([t("exam.question", n=session.index + 1, total=total),
                              labels.get(card.deck, card.deck),
                              t("exam.untimed") if left is None
                              else t("exam.time_left", time=t.clock(left))])
        card_event(lines, card)
        show_question(lines, t, card, heading)
        gaps = len(card.gaps) if card.type is CardType.CLOZE else 0
        if gaps > 1:
            lines.say(t("plain.gaps", count=gaps, separator=GAP_SEPARATOR))
        prompt = t("plain.exam_choose", keys=choice_keys(card)) \
            if session.input_kind() is How.CHOICE else t("plain.exam_reply")
        reply = lines.read(prompt)
        if reply is None:
            break
        if reply.strip():
            session.submit(reply)
        else:
            session.skip()
        lines.say("")
    done = session.index
    report = session.finish()
    lines.event("end", done=done, left=total - done, score=round(report.score, 2),
                correct=report.correct, total=report.total, timed_out=report.timed_out)
    say_report(lines, t, report, labels, title)
    return 0


def say_report(lines: Lines, t: Messages, report: ExamReport, labels: dict[str, str],
               title: str) -> None:
    """The report as the report screen gives it, one line after another."""
    lines.say(f"{t('report.heading')} · {title}",
              t("report.score", score=t.percent(report.score / 100)),
              t("report.correct", correct=report.correct, total=report.total,
                answered=report.answered, time=t.clock(report.finished - report.started)))
    if report.gaps_asked:
        lines.say(t("report.gaps", right=report.gaps_right, asked=report.gaps_asked))
    if report.timed_out:
        lines.say(t("report.timed_out"))
    for heading, rows, name in ((t("report.by_deck"), report.by_deck, labels.get),
                                (t("report.by_tag"), report.by_tag, None)):
        results = " · ".join(f"{name(key, key) if name else key} {correct}/{count}"
                             for key, (correct, count) in sorted(rows.items()))
        lines.say(t("plain.results", heading=heading, results=results))
    if not report.mistakes:
        lines.say(t("report.no_mistakes"))
        return
    lines.say(t("report.mistakes", count=len(report.mistakes)))
    for mistake in report.mistakes:
        card = mistake.card
        gaps = t("report.mistake_gaps", right=mistake.gaps_right, asked=mistake.gaps_asked) \
            if mistake.gaps_asked > 1 else ""
        reply = t("verdict.reply", reply=mistake.reply) if mistake.reply \
            else t("report.unanswered")
        lines.say(f"  {labels.get(card.deck, card.deck)} · {card.question}",
                  f"    {' '.join(filter(None, (reply, gaps)))} · "
                  f"{t('verdict.expected', expected=mistake.expected)}")
