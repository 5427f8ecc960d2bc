"""After an exam: the score, where it was lost (by deck, by tag), and every mistake."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from quiz.study.exam import ExamReport, ExamSession, Mistake
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets.actions import key_bar
from quiz.tui.widgets.prose import Prose

NAMES_BESIDE = 56  # cells taken by the margins, the counts and the tag table
TAG_WIDTH = 24
# Where a deck title would get fewer cells than this beside the tags (a phone), the tag table
# goes below the deck table, and the names get what the margins and the counts leave.
MIN_DECK_WIDTH = 16
NAMES_ALONE = 20   # cells taken by the margins, the scrollbar and the counts


class ReportScreen(QuizScreen):
    """The stored exam result; `r` puts the mistakes into the study queue."""

    BINDINGS = [
        Binding("r", "review", "key.review"),
        Binding("enter", "leave", "key.back", key_display="Enter"),
        Binding("q", "leave", "key.back", show=False),
        Binding("escape", "leave", "key.back", show=False),
        Binding("question_mark", "help", "key.help", key_display="?"),
        Binding("f1", "help", "key.help", show=False),
    ]
    HELP = (
        ("r", "key.review"),
        ("↑ ↓", "help.move"),
        ("Enter / q", "key.back"),
    )

    def __init__(self, report: ExamReport, session: ExamSession, title: str) -> None:
        super().__init__()
        self.report = report
        self.session = session
        self.exam_title = title
        self.sent = False

    def compose(self) -> ComposeResult:
        report, t = self.report, self.t
        with VerticalScroll(id="report"):
            yield Label(f"{t('report.heading')} · {self.exam_title}", id="report-heading",
                        markup=False)
            yield Label(t("report.score", score=f"{report.score:.0f}%"), id="report-score",
                        markup=False)
            yield Label(t("report.correct", correct=report.correct, total=report.total,
                          answered=report.answered,
                          time=t.clock(report.finished - report.started)),
                        id="report-counts", markup=False)
            if report.gaps_asked:
                yield Label(t("report.gaps", right=report.gaps_right, asked=report.gaps_asked),
                            id="report-gaps", markup=False)
            if report.timed_out:
                yield Label(t("report.timed_out"), id="report-timed-out", markup=False)
            if len(report.by_deck) > 1 or report.by_tag:
                yield Static(self.breakdown(), id="report-breakdown")
            yield Label(t("report.mistakes", count=len(report.mistakes)),
                        classes="section-title", markup=False)
            if not report.mistakes:
                yield Label(t("report.no_mistakes"), markup=False)
            for number, mistake in enumerate(report.mistakes, 1):
                with Vertical(classes="mistake"):
                    yield from self.mistake(number, mistake)
        yield key_bar(self.app)

    def mistake(self, number: int, mistake: Mistake) -> ComposeResult:
        """The question, the reply and the answer; a cloze card of several gaps gap by gap,
        the same whether it was answered or skipped."""
        t = self.t
        yield Prose(f"{number}. {mistake.card.question}", classes="mistake-question")
        by_gap = mistake.gaps_asked > 1 and len(mistake.gaps) == mistake.gaps_asked
        credit = t("report.mistake_gaps", right=mistake.gaps_right,
                   asked=mistake.gaps_asked) if mistake.gaps_asked > 1 else ""
        yield Prose(t("verdict.reply", reply=mistake.reply.strip() or t("report.unanswered"))
                    + credit, classes="mistake-reply")
        if not by_gap:
            yield Prose(t("verdict.expected", expected=mistake.expected),
                        classes="mistake-expected")
            return
        for gap_number, gap in enumerate(mistake.gaps, 1):
            yield Prose(t("report.gap", number=gap_number, mark="✓" if gap.correct else "✗",
                          reply=gap.reply or t("report.unanswered"), expected=gap.expected),
                        classes="mistake-gap -correct" if gap.correct else "mistake-gap -wrong")

    def breakdown(self) -> Table:
        """By-deck and by-tag results side by side, as correct/total and percent."""
        table = Table.grid(padding=(0, 3))
        width = self.app.size.width
        by_deck = {self.app.deck_labels.get(slug, slug): result
                   for slug, result in self.report.by_deck.items()}
        if width - NAMES_BESIDE < MIN_DECK_WIDTH:
            names = max(8, width - NAMES_ALONE)
            table.add_column()
            table.add_row(self.results(self.t("report.by_deck"), by_deck, names))
            table.add_row("")
            table.add_row(self.results(self.t("report.by_tag"), self.report.by_tag, names))
            return table
        table.add_column()
        table.add_column()
        # Deck labels get what the screen has beside the tags (24 cells at 80).
        deck_width = min(48, width - NAMES_BESIDE)
        table.add_row(self.results(self.t("report.by_deck"), by_deck, deck_width),
                      self.results(self.t("report.by_tag"), self.report.by_tag, TAG_WIDTH))
        return table

    @staticmethod
    def results(heading: str, rows: dict[str, tuple[int, int]], name_width: int) -> Table:
        table = Table(title=heading, title_justify="left", title_style="bold", box=None,
                      show_header=False, padding=(0, 1, 0, 0))
        table.add_column(max_width=name_width, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right")
        table.add_column(justify="right")
        for name, (correct, total) in sorted(rows.items(), key=lambda item: item[0]):
            percent = f"{100 * correct / total:.0f}%" if total else "–"
            table.add_row(name, f"{correct}/{total}", percent)
        return table

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            return bool(self.report.mistakes) and not self.sent
        return True

    def action_review(self) -> None:
        count = self.session.send_mistakes_to_review()
        self.sent = True
        self.notify(self.t("report.sent", count=count))
        self.refresh_bindings()

    def action_leave(self) -> None:
        self.app.leave()

    def action_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.HELP, "help.report"))
