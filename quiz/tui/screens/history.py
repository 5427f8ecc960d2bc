"""One card's history over the statistics screen: where it stands and every logged answer."""

from __future__ import annotations

from datetime import timedelta, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from quiz.core.model import Card
from quiz.stats.history import CardHistory
from quiz.study.scheduler import interval_label
from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.actions import ActionBar
from quiz.tui.widgets.prose import Prose

PHASE_NAMES = {0: "history.phase.new", 1: "history.phase.learning", 2: "history.phase.review",
               3: "history.phase.relearning"}
KIND_NAMES = {"study": "history.kind.study", "cram": "history.kind.cram",
              "reset": "history.kind.reset", "manual": "history.kind.manual",
              "moved": "history.kind.moved", "exam": "history.kind.exam"}
TIME_FORMAT = "%Y-%m-%d %H:%M"
NUMBER_WIDTH = 8


class CardHistoryScreen(QuizModal):
    """A dialog with the card's state and log; dismisses with True when `c` asks to cram it."""

    BINDINGS = [
        Binding("c", "cram", "key.cram"),
        Binding("escape", "close", "key.close"),
        Binding("q", "close", "key.close", show=False),
    ]

    def __init__(self, card: Card, history: CardHistory | None, tz: tzinfo | None) -> None:
        super().__init__()
        self.card = card
        self.history = history
        self.tz = tz

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="history", classes="dialog"):
            yield Label(t("history.heading", card=self.card.key), classes="dialog-heading",
                        markup=False)
            yield Prose(self.card.question, id="history-question")
            yield Prose(t("verdict.expected", expected=self.card.full_answer),
                        id="history-answer")
            yield Label(self.state_line(), id="history-state", markup=False)
            if self.history is None or not self.history.entries:
                yield Label(t("history.never"), id="history-never", markup=False)
            else:
                yield self.entries()
            yield Label(t("history.hint"), id="history-hint", markup=False)
            if self.app.buttons:
                yield ActionBar()

    def on_mount(self) -> None:
        """The latest answers are the ones in view."""
        for table in self.query(DataTable):
            table.move_cursor(row=table.row_count - 1, animate=False)
            table.scroll_end(animate=False)

    def state_line(self) -> str:
        """Phase, due date, reviews and lapses; recall and stability once the card is studied."""
        t, history = self.t, self.history
        if history is None:
            return t(PHASE_NAMES[0])
        state = history.state
        flags = [t("history.suspended")] if history.suspended else []
        flags += [t("history.leech")] if state.leech else []
        line = t("history.state", phase=" · ".join([t(PHASE_NAMES[int(state.phase)]), *flags]),
                 due=self.when(state.due) if state.due else "–", reps=state.reps,
                 lapses=state.lapses)
        if state.stability is not None:
            line += "\n" + t("history.memory", recall=t.percent(history.retrievability),
                             stability=f"{state.stability:.1f}")
        return line

    def when(self, moment) -> str:
        return moment.astimezone(self.tz).strftime(TIME_FORMAT)

    def entries(self) -> DataTable:
        t = self.t
        table = DataTable(id="history-entries", cursor_type="row", zebra_stripes=False)
        table.add_column(t("history.col.time"))
        table.add_column(t("history.col.kind"))
        table.add_column(t("history.col.grade"))
        table.add_column(t("history.col.reply"), width=14)
        table.add_column(Text(t("history.col.seconds"), justify="right"), width=NUMBER_WIDTH)
        table.add_column(Text(t("history.col.interval"), justify="right"), width=NUMBER_WIDTH)
        for entry in self.history.entries:
            if entry.rating is not None:
                grade = t(f"grade.{entry.rating}")
            elif entry.correct is not None:
                grade = t("history.correct" if entry.correct else "history.wrong")
            else:
                grade = ""
            seconds = "" if entry.duration_ms is None else f"{entry.duration_ms / 1000:.1f}"
            interval = "" if entry.interval_days is None else \
                interval_label(timedelta(days=entry.interval_days))
            table.add_row(self.when(entry.time), t(KIND_NAMES[entry.kind]), grade,
                          Text(entry.reply or "", no_wrap=True, overflow="ellipsis"),
                          Text(seconds, justify="right"), Text(interval, justify="right"))
        return table

    def action_cram(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
