"""The deck list: new / learning / due counts per deck, totals, and where to go next; below it,
the chosen deck's title, and a countdown to each exam ahead, its readiness computed in a worker
thread.

Rows show each deck's short label (its `name`, else its slug)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label
from textual.worker import get_current_worker

from quiz.core.calendar import Exam
from quiz.core.model import Card
from quiz.render.readiness import readiness_text, verdict_line
from quiz.storage.faults import StoreError
from quiz.study.plan import ExamPlan
from quiz.study.queue import DeckCounts
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets.actions import key_bar

ALL = "*all*"
COUNT_COLUMNS = ("new", "learning", "due", "total")
COUNT_WIDTH = 7
TABLE_CHROME = 17  # margins, border, scrollbar and cell padding around the columns
# Narrower than this (a phone), or too narrow for the longest deck name beside every column, the
# table loses its side margins and the total column, and the counts get the width of their
# longest heading (6 cells), so the deck names keep their room.
NARROW = 57
NARROW_COUNT_COLUMNS = COUNT_COLUMNS[:3]
NARROW_COUNT_WIDTH = 6
NARROW_TABLE_CHROME = 11
COUNT_COLOURS = {"new": "text-primary", "learning": "text-error", "due": "text-success"}


class HomeScreen(QuizScreen):
    """One row per deck and an 'all decks' row with the totals; Enter studies the selection."""

    BINDINGS = [
        Binding("enter", "study", "key.study", key_display="Enter", priority=True),
        Binding("e", "exam", "key.exam"),
        Binding("t", "stats", "key.stats"),
        Binding("question_mark", "help", "key.help", key_display="?"),
        Binding("f1", "help", "key.help", show=False),
        Binding("q", "quit", "key.quit"),
        Binding("escape", "quit", "key.quit", show=False),
        # Last: where the key bar is too narrow for every key (a 45-column terminal), this one
        # is cut rather than Help or Quit; the help overlay lists it.
        Binding("s", "suspended", "key.suspended"),
    ]
    HELP = (
        ("↑ ↓", "help.move"),
        ("Enter", "key.study"),
        ("e", "key.exam"),
        ("t", "key.stats"),
        ("s", "help.suspended_list"),
        ("q", "key.quit"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.suspended_counts: dict[str, int] = {}   # row key → its suspended cards, as drawn

    def compose(self) -> ComposeResult:
        yield Label(self.t("app.title"), id="home-heading", markup=False)
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=False)
        yield Label(id="home-detail", markup=False)
        yield Label(id="home-exams", markup=False)
        yield Label(id="home-problems", markup=False)
        yield Label(id="home-future", markup=False)
        yield key_bar(self.app)

    def on_mount(self) -> None:
        errors = self.app.collection.error_count
        problems = self.query_one("#home-problems", Label)
        problems.update(self.t("home.problems", count=errors) if errors else "")
        problems.display = bool(errors)
        self.fill_table()

    def show_future_answers(self, count: int) -> None:
        """Say how many answers are dated after today (the clock was set ahead)."""
        future = self.query_one("#home-future", Label)
        future.update(self.t("app.future_answers", count=count) if count else "")
        future.display = bool(count)

    def on_screen_resume(self) -> None:
        self.fill_table()
        self.count_down()

    def on_resize(self) -> None:
        self.fill_table()

    def fill_table(self) -> None:
        """(Re)draw the rows with fresh counts; if the store cannot be read, say why instead
        (the app then exits non-zero)."""
        try:
            self.draw_counts()
        except StoreError as error:
            self.app.store_failed(error)
            self.notify(self.t.error(error), severity="error", timeout=30)

    def draw_counts(self) -> None:
        """(Re)draw the rows with fresh counts, keeping the selected row."""
        table = self.query_one("#decks", DataTable)
        selected = self.selected_key() if table.row_count else ALL
        collection, now = self.app.collection, self.app.clock()
        self.show_future_answers(collection.future_answers(now))
        state = collection.queue_state(now)
        counts = collection.counts(now, state)
        width = self.app.size.width
        labels = self.app.deck_labels
        # The narrow layout too where the full one would cut a deck's name.
        longest = max((cell_len(labels.get(c.slug, c.title)) for c in counts), default=0)
        room = width - TABLE_CHROME - COUNT_WIDTH * len(COUNT_COLUMNS)
        narrow = width < NARROW or room < longest
        self.set_class(narrow, "-narrow")
        columns = NARROW_COUNT_COLUMNS if narrow else COUNT_COLUMNS
        count_width = NARROW_COUNT_WIDTH if narrow else COUNT_WIDTH
        chrome = NARROW_TABLE_CHROME if narrow else TABLE_CHROME
        title_width = max(12 if not narrow else 8, width - chrome - count_width * len(columns))
        table.clear(columns=True)
        table.add_column(self.t("home.col.deck"), key="deck", width=title_width)
        for column in columns:
            table.add_column(Text(self.t(f"home.col.{column}"), justify="right"), key=column,
                             width=count_width)
        if not counts:
            table.add_row(Text(self.t("home.no_decks"), style="italic"), *([""] * len(columns)),
                          key=ALL)
            return
        # The daily limits are shared by all decks, so the decks' counts do not add up to what
        # is left today: the row shows what a session over all decks would be given.
        today = collection.availability(collection.select(), now, state)
        total = DeckCounts(slug=ALL, title=self.t("home.all"), new=len(today.new),
                           learning=len(today.learning), due=len(today.reviews),
                           total=sum(c.total for c in counts),
                           suspended=sum(c.suspended for c in counts))
        for row in (total, *counts):
            title = Text(labels.get(row.slug, row.title), style="bold" if row.slug == ALL else "")
            title.truncate(title_width, overflow="ellipsis")
            table.add_row(title, *(self.count_cell(row, column) for column in columns),
                          key=row.slug)
        keys = [ALL, *(c.slug for c in counts)]
        self.suspended_counts = {row.slug: row.suspended for row in (total, *counts)}
        table.move_cursor(row=keys.index(selected) if selected in keys else 0, animate=False)
        self.show_detail()
        self.refresh_bindings()

    def show_detail(self) -> None:
        """The chosen deck's title (a headline, too long and too telling for the rows)."""
        key = self.selected_key()
        self.query_one("#home-detail", Label).update(
            "" if key == ALL else self.app.deck_titles.get(key, ""))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()
        self.refresh_bindings()

    # -- exams ahead ----------------------------------------------------------------------

    def count_down(self) -> None:
        """The days left to each exam ahead at once, its readiness once the worker has it
        (after the screen is drawn, so that it never holds up the first frame)."""
        label = self.query_one("#home-exams", Label)
        collection, now = self.app.collection, self.app.clock()
        today = collection.today(now)
        exams = [exam for exam in collection.settings.exams if exam.date > today]
        label.display = bool(exams)
        if not exams:
            return
        label.update("\n".join(self.exam_line(exam, (exam.date - today).days, None)
                               for exam in exams))
        self.call_after_refresh(self.plan_exams, exams, now)

    def exam_line(self, exam: Exam, days_left: int, plan: ExamPlan | None) -> str:
        line = self.t("home.exam", name=exam.name, date=exam.date.isoformat(), count=days_left)
        if plan is None:
            return f"{line} · {self.t('home.readiness', readiness='…')}"
        readiness = self.t("home.readiness", readiness=readiness_text(plan.total.readiness))
        return f"{line} · {readiness} · {verdict_line(plan, self.t)}"

    @work(thread=True, exclusive=True, group="readiness")
    def plan_exams(self, exams: list[Exam], now: datetime) -> None:
        """Each exam's plan (`Collection.plan`), off the interface's thread; a newer count
        (back from a session) cancels an older one between cards."""
        worker = get_current_worker()

        def going_on() -> None:
            if worker.is_cancelled:
                raise _Cancelled

        try:
            plans = [self.app.collection.plan(exam, now, progress=going_on) for exam in exams]
        except (_Cancelled, StoreError):
            return
        self.app.call_from_thread(self.show_plans, plans)

    def show_plans(self, plans: list[ExamPlan]) -> None:
        self.query_one("#home-exams", Label).update("\n".join(
            self.exam_line(plan.exam, plan.days_left, plan) for plan in plans))

    def count_cell(self, row: DeckCounts, column: str) -> Text:
        """A right-aligned count, coloured by kind (as Anki does) when above zero."""
        value = getattr(row, column)
        variable = COUNT_COLOURS.get(column)
        if not value or variable is None:
            return Text(str(value), justify="right", style="dim" if not value else "")
        return Text(str(value), justify="right", style=self.app.get_css_variables()[variable])

    def selected_key(self) -> str:
        table = self.query_one("#decks", DataTable)
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ALL

    def selection(self) -> tuple[Sequence[Card], str]:
        """The cards of the selected row and its title."""
        key = self.selected_key()
        collection = self.app.collection
        if key == ALL:
            return collection.select(), self.t("home.all")
        return collection.select([key]), self.app.deck_labels.get(key, key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on a row (Enter is the screen's own binding)."""
        self.action_study()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stats":
            return self.app.stats_screen is not None
        if action in ("study", "exam"):
            return bool(self.app.deck_titles)
        if action == "suspended":   # offered where there is something to restore
            return bool(self.suspended_counts) \
                and self.suspended_counts.get(self.selected_key(), 0) > 0
        return True

    def action_study(self) -> None:
        cards, title = self.selection()
        self.app.study(cards, cram=False, title=title)

    def action_exam(self) -> None:
        from quiz.tui.screens.exam_setup import ExamSetupScreen

        cards, title = self.selection()

        def start(choice: tuple[int, float | None] | None) -> None:
            if choice is not None:
                self.app.exam(cards, count=choice[0], minutes=choice[1], title=title)

        self.app.push_screen(ExamSetupScreen(title, self.app.exam_count), start)

    def action_stats(self) -> None:
        self.app.push_screen(self.app.stats_screen(self.app.collection))

    def action_suspended(self) -> None:
        from quiz.tui.screens.suspended import SuspendedScreen

        cards, title = self.selection()
        self.app.push_screen(SuspendedScreen(cards, title))

    def action_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen

        rows = tuple(row for row in self.HELP
                     if row[1] != "key.stats" or self.app.stats_screen is not None)
        self.app.push_screen(HelpScreen(rows, "help.home"))

    def action_quit(self) -> None:
        self.app.exit()


class _Cancelled(Exception):
    """A readiness worker told to stop (a newer one has started)."""
