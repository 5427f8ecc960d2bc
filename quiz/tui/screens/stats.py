"""The statistics screen: what is due, what is retained, what is weak and how the habit goes.

The figures come from `quiz.stats.progress.progress`, computed in a worker thread while a loading
indicator shows; six pages (keys 1–6) draw them as tables and small plots. A weak card's row
opens its history; `c` crams the weak cards of the list in focus. With exams ahead, a seventh
page (key 7) draws each exam's readiness day by day to the exam, from its plan
(`quiz.study.plan`), computed in a worker of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import (
    DataTable,
    Label,
    LoadingIndicator,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)

from quiz.render.charts import sparkline
from quiz.render.readiness import readiness_text, verdict_line
from quiz.stats.cards import WeakCard
from quiz.stats.habit import RecallTally
from quiz.stats.history import card_history
from quiz.stats.progress import progress
from quiz.stats.scope import Scope, StudyCalendar
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets.actions import key_bar
from quiz.tui.widgets.plots import ColumnChart, Heatmap, RateBars

if TYPE_CHECKING:
    from datetime import datetime

    from quiz.core.calendar import Exam
    from quiz.stats.progress import ProgressReport
    from quiz.study.collection import Collection
    from quiz.study.plan import ExamPlan

PAGES = ("overview", "forecast", "reviews", "retention", "weak", "exams")
PLAN_PAGE = "plan"      # shown when an exam lies ahead
PAGE_TITLES = {"overview": "stats.tab.overview", "forecast": "stats.tab.forecast",
               "reviews": "stats.tab.reviews", "retention": "stats.tab.retention",
               "weak": "stats.tab.weak", "exams": "stats.tab.exams", "plan": "stats.tab.plan"}
COUNT_COLUMNS = (("new", "home.col.new"), ("learning", "home.col.learning"),
                 ("young", "stats.col.young"), ("mature", "stats.col.mature"),
                 ("suspended", "stats.col.suspended"), ("leeches", "stats.col.leeches"),
                 ("due_today", "stats.col.today"), ("due_tomorrow", "stats.col.tomorrow"),
                 ("due_week", "stats.col.week"))
MIN_COUNT_WIDTH = 3
TABLE_CHROME = 8   # page padding, scrollbar and the title cell's padding
RATE_WIDTH = 16
WEAK_WIDTH = 7
WEAK_CHROME = 42   # the three number columns, their padding, the page padding and scrollbar
PERIOD_NAMES = {1: "stats.period.today", 7: "stats.period.week", 30: "stats.period.month",
                365: "stats.period.year"}
WEAK_NAMES = {"lapses": "stats.weak.lapses", "leeches": "stats.weak.leeches",
              "retrievability": "stats.weak.retrievability", "slowest": "stats.weak.slowest"}
RECENT_DAYS = 30
MONTH_OF_RETENTION = 30


class StatsScreen(QuizScreen):
    """Every progress figure over all loaded decks, on six pages."""

    BINDINGS = [
        Binding("c", "cram", "key.cram"),
        Binding("escape", "leave", "key.back"),
        Binding("q", "leave", "key.back", show=False),
        Binding("question_mark", "help", "key.help", key_display="?"),
        Binding("f1", "help", "key.help", show=False),
        *(Binding(str(number), f"page('{page}')", "key.tabs", show=False)
          for number, page in enumerate((*PAGES, PLAN_PAGE), 1)),
    ]
    HELP = (
        ("← → / 1–6", "help.tabs"),
        ("Enter / c", "help.weak"),
        ("Esc / q", "key.back"),
    )

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection
        self.figures: ProgressReport | None = None
        self.weak_cards: dict[str, tuple[WeakCard, ...]] = {}
        self.plans: list[ExamPlan] | None = None

    def exams_ahead(self, now: datetime) -> list[Exam]:
        today = self.collection.today(now)
        return [exam for exam in self.collection.settings.exams if exam.date > today]

    def compose(self) -> ComposeResult:
        yield Label(id="stats-heading", markup=False)
        yield LoadingIndicator(id="stats-loading")
        pages = (*PAGES, PLAN_PAGE) if self.exams_ahead(self.app.clock()) else PAGES
        with TabbedContent(id="stats-pages"):
            for page in pages:
                with TabPane(self.t(PAGE_TITLES[page]), id=page):
                    yield VerticalScroll(id=f"{page}-body", classes="stats-page")
        yield key_bar(self.app)

    def on_mount(self) -> None:
        self.query_one("#stats-pages").display = False

    def on_screen_resume(self) -> None:
        """Figures are (re)computed whenever the screen shows, e.g. after a cram session."""
        self.load()
        if self.query(f"#{PLAN_PAGE}-body"):
            now = self.app.clock()
            self.load_plans(self.exams_ahead(now), now)

    # -- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        collection = self.collection
        calendar = StudyCalendar(self.app.clock(), collection.settings.day_starts_at,
                                 collection.tz)
        figures = progress(collection.store, Scope.of(collection.entries), calendar,
                           collection.settings)
        self.app.call_from_thread(self.show_figures, figures)

    @work(thread=True, exclusive=True, group="plans")
    def load_plans(self, exams: list[Exam], now: datetime) -> None:
        plans = [self.collection.plan(exam, now) for exam in exams]
        self.app.call_from_thread(self.show_plans, plans)

    async def show_plans(self, plans: list[ExamPlan]) -> None:
        self.plans = plans
        body = self.query_one(f"#{PLAN_PAGE}-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(self.page_plan(plans))

    async def show_figures(self, figures: ProgressReport) -> None:
        """Draw every page from fresh figures (keeping the page shown)."""
        self.figures = figures
        self.query_one("#stats-heading", Label).update(
            self.t("stats.heading", date=figures.today.isoformat()))
        for page in PAGES:
            body = self.query_one(f"#{page}-body", VerticalScroll)
            await body.remove_children()
            await body.mount_all(getattr(self, f"page_{page}")(figures))
        self.query_one("#stats-loading").display = False
        self.query_one("#stats-pages").display = True
        self.refresh_bindings()

    # -- pages ------------------------------------------------------------------------------

    def page_overview(self, figures: ProgressReport) -> list:
        table = DataTable(id="stats-decks", cursor_type="none", zebra_stripes=False)
        labels = self.app.deck_labels   # never a title: a headline may hold an answer
        rows = [(labels.get(slug, slug), counts, "") for slug, counts in figures.decks.items()]
        if len(rows) > 1:
            rows.append((self.t("home.all"), figures.total, "bold"))
        # Each count column as wide as its heading and its largest figure, so neither is cut
        # and the names get the rest.
        widths = [max(MIN_COUNT_WIDTH, cell_len(self.t(key)),
                      *(len(str(getattr(counts, field))) for _, counts, _ in rows))
                  for field, key in COUNT_COLUMNS]
        title_width = max(10, self.app.size.width - TABLE_CHROME - sum(w + 2 for w in widths))
        table.add_column(self.t("home.col.deck"), width=title_width)
        for (_, key), width in zip(COUNT_COLUMNS, widths):
            table.add_column(Text(self.t(key), justify="right"), width=width)
        for title, counts, style in rows:
            name = Text(title, style=style, no_wrap=True, overflow="ellipsis")
            name.truncate(title_width, overflow="ellipsis")
            table.add_row(name, *(Text(str(getattr(counts, field)), justify="right",
                                       style=style or ("dim" if not getattr(counts, field)
                                                       else ""))
                                  for field, _ in COUNT_COLUMNS))
        total, habit, recall = figures.total, figures.activity, figures.recall
        young, mature = figures.retention.periods[MONTH_OF_RETENTION]
        t = self.t
        lines = [
            t("stats.due", today=total.due_today, tomorrow=total.due_tomorrow,
              week=total.due_week),
            t("stats.streak", current=habit.current_streak, longest=habit.longest_streak),
            t("stats.retention_month", rate=t.percent((young + mature).rate),
              desired=t.percent(figures.retention.desired)),
            t("stats.recall", average=t.percent(recall.average), below=recall.below_desired,
              cards=recall.cards),
        ]
        recent = [day.answers for day in habit.days[-RECENT_DAYS:]]
        labels = [t("stats.spark_forecast"), t("stats.spark_reviews")]
        width = max(cell_len(label) for label in labels) + 1
        sparks = Text.assemble(
            labels[0].ljust(width - cell_len(labels[0]) + len(labels[0])),
            ("▕" + sparkline(figures.forecast.due) + "▏", self.colour("primary")), "\n",
            labels[1].ljust(width - cell_len(labels[1]) + len(labels[1])),
            ("▕" + sparkline(recent) + "▏", self.colour("success")))
        return [table, Static("\n".join(lines), id="overview-figures", markup=False),
                Static(sparks, id="overview-sparks")]

    def page_forecast(self, figures: ProgressReport) -> list:
        forecast, t = figures.forecast, self.t
        return [
            Label(t("stats.forecast_heading"), classes="stats-title", markup=False),
            ColumnChart(forecast.due, (t("stats.axis_today"),
                                       t("stats.axis_days", days=len(forecast.due) - 1)),
                        bar_style=self.colour("primary"), id="forecast-chart"),
            Label(t("stats.forecast_load", average=f"{forecast.average:.1f}",
                    peak=max(forecast.due, default=0)), markup=False),
            Label(t("stats.due", today=figures.total.due_today,
                    tomorrow=figures.total.due_tomorrow, week=figures.total.due_week),
                  markup=False),
        ]

    def page_reviews(self, figures: ProgressReport) -> list:
        habit, t = figures.activity, self.t
        recent = [day.time_ms for day in habit.days[-RECENT_DAYS:]]
        success = self.colour("success")
        return [
            Label(t("stats.reviews_heading"), classes="stats-title", markup=False),
            Heatmap(habit.days[0].date, [day.answers for day in habit.days],
                    month_names=t("stats.months").split(),
                    weekday_names=t("stats.weekdays").split(),
                    level_styles=(self.colour("panel-lighten-2"), *[success] * 4),
                    id="reviews-heatmap"),
            Label(t("stats.reviews_total", answers=habit.answers, days=habit.days_studied,
                    time=self.duration(habit.time_ms)), markup=False),
            Label(t("stats.streak", current=habit.current_streak,
                    longest=habit.longest_streak), markup=False),
            Label(t("stats.time_heading", peak=self.duration(max(recent, default=0))),
                  classes="stats-title", markup=False),
            Static(Text("▕" + sparkline(recent) + "▏", style=success), id="reviews-time"),
        ]

    def page_retention(self, figures: ProgressReport) -> list:
        retention, t = figures.retention, self.t
        bars = RateBars([(t(PERIOD_NAMES[days]), (young + mature).rate,
                          self.rate_text(young + mature))
                         for days, (young, mature) in retention.periods.items()],
                        retention.desired, bar_style=self.colour("success"),
                        target_style=f"bold {self.colour('accent')}", id="retention-bars")
        table = DataTable(id="retention-table", cursor_type="none", zebra_stripes=False)
        table.add_column(t("stats.col.period"))
        for key in ("stats.col.young", "stats.col.mature", "stats.col.all"):
            table.add_column(Text(t(key), justify="right"), width=RATE_WIDTH)
        for days, (young, mature) in retention.periods.items():
            table.add_row(t(PERIOD_NAMES[days]),
                          *(Text(self.rate_text(tally), justify="right")
                            for tally in (young, mature, young + mature)))
        recall = figures.recall
        return [
            Label(t("stats.retention_heading", desired=t.percent(retention.desired)),
                  classes="stats-title", markup=False),
            bars, table,
            Label(t("stats.recall", average=t.percent(recall.average),
                    below=recall.below_desired, cards=recall.cards), markup=False),
        ]

    def page_weak(self, figures: ProgressReport) -> list:
        t = self.t
        self.weak_cards = figures.weakest
        widgets: list = []
        for name, cards in figures.weakest.items():
            widgets.append(Label(t(WEAK_NAMES[name]), classes="stats-title", markup=False))
            if not cards:
                widgets.append(Label(t("stats.weak.none"), classes="stats-none", markup=False))
                continue
            table = DataTable(id=f"weak-{name}", classes="weak-table", cursor_type="row",
                              zebra_stripes=False)
            table.add_column(t("stats.col.card"),
                             width=max(16, self.app.size.width - WEAK_CHROME))
            for key in ("stats.col.lapses", "stats.col.recall", "stats.col.time"):
                table.add_column(Text(t(key), justify="right"), width=WEAK_WIDTH)
            for card in cards:
                question = self.collection.card(card.deck, card.card).question
                seconds = "–" if card.mean_answer_ms is None \
                    else f"{card.mean_answer_ms / 1000:.1f}s"
                table.add_row(Text(f"{card.key}  {question}", no_wrap=True, overflow="ellipsis"),
                              Text(str(card.lapses), justify="right"),
                              Text(t.percent(card.retrievability), justify="right"),
                              Text(seconds, justify="right"), key=card.key)
            widgets.append(table)
        return widgets

    def page_exams(self, figures: ProgressReport) -> list:
        exams, t = figures.exams, self.t
        if not exams.exams:
            return [Label(t("stats.no_exams"), classes="stats-title", markup=False)]
        scores = [exam.score for exam in exams.exams]
        recent = scores[-RECENT_DAYS:]
        table = DataTable(id="exams-table", cursor_type="none", zebra_stripes=False,
                          show_header=False)
        table.add_column("", width=max(16, self.app.size.width - 30))
        table.add_column("", width=6)
        table.add_column("", width=9)
        labels = self.app.deck_labels
        for heading, tallies in ((t("report.by_deck"), {labels.get(slug, slug): tally for slug,
                                                          tally in exams.by_deck.items()}),
                                 (t("report.by_tag"), {f"#{tag}": tally for tag, tally
                                                       in exams.by_tag.items()})):
            if not tallies:
                continue
            table.add_row(Text(heading, style="bold"), "", "")
            for name, tally in tallies.items():
                table.add_row(Text(name, no_wrap=True, overflow="ellipsis"),
                              Text(t.percent(tally.rate), justify="right"),
                              Text(f"{tally.passed}/{tally.total}", justify="right"))
        return [
            Label(t("stats.exams_heading", count=len(scores), last=f"{scores[-1]:.0f}%",
                    best=f"{max(scores):.0f}%"), classes="stats-title", markup=False),
            ColumnChart(recent, ("1", str(len(recent))), bar_style=self.colour("accent"),
                        id="exams-chart"),
            table,
        ]

    def page_plan(self, plans: list[ExamPlan]) -> list:
        """Each exam ahead: the days left, readiness and verdict, the expected recall at the
        start of each day to the exam, and the reviews a day to expect until then."""
        t, widgets = self.t, []
        for number, plan in enumerate(plans):
            exam, last = plan.exam, f"{plan.exam.date:%m-%d}"
            widgets += [
                Label(t("stats.plan_heading", name=exam.name, date=exam.date.isoformat(),
                        count=plan.days_left), classes="stats-title", markup=False),
                Label(f"{t('home.readiness', readiness=readiness_text(plan.total.readiness))}"
                      f" · {verdict_line(plan, t)}", markup=False),
                Label(t("stats.plan_curve"), classes="stats-title", markup=False),
                ColumnChart([round(100 * value, 1) for _, value in plan.curve],
                            (t("stats.axis_today"), last), bar_style=self.colour("success"),
                            id=f"plan-curve-{number}", classes="plan-chart"),
                Label(t("stats.plan_reviews", average=f"{plan.total.reviews_per_day:.1f}"),
                      classes="stats-title", markup=False),
                ColumnChart([round(value, 1) for _, value in plan.reviews],
                            (t("stats.axis_today"), last), bar_style=self.colour("primary"),
                            id=f"plan-reviews-{number}", classes="plan-chart"),
            ]
        return widgets

    # -- helpers -------------------------------------------------------------------------------

    def colour(self, variable: str) -> str:
        """A theme colour by its CSS variable name, for Rich styles."""
        return self.app.get_css_variables()[variable]

    def duration(self, ms: float) -> str:
        hours, minutes = divmod(round(ms / 60_000), 60)
        return self.t("stats.hours", hours=hours, minutes=minutes)

    def rate_text(self, tally: RecallTally) -> str:
        if not tally.total:
            return "–"
        return f"{self.t.percent(tally.rate)} {tally.passed}/{tally.total}"

    def focused_weak_list(self) -> str | None:
        focused = self.focused
        if isinstance(focused, DataTable) and (focused.id or "").startswith("weak-"):
            return focused.id.removeprefix("weak-")
        return None

    # -- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cram":
            return self.focused_weak_list() is not None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_page(self, page: str) -> None:
        if self.figures is not None and self.query(f"#{page}-body"):
            pages = self.query_one("#stats-pages", TabbedContent)
            # A pane whose table keeps focus takes itself back as the active page: let go first.
            pages.query_one(Tabs).focus()
            pages.active = page

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A page's tables are painted afresh as it shows (a table filled while its page was
        hidden stayed blank on a terminal until the window was resized); on the weak cards
        page the first list takes the keys (Enter, c) at once."""
        for table in event.pane.query(DataTable):
            table.refresh()
        if event.pane.id == "weak":
            tables = self.query(".weak-table")
            if tables:
                tables.first().focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a weak card: its history, from where it can be crammed alone."""
        if not (event.data_table.id or "").startswith("weak-"):
            return
        deck, _, card_id = str(event.row_key.value).partition("/")
        self.show_history(deck, card_id)

    def show_history(self, deck: str, card_id: str) -> None:
        from quiz.tui.screens.history import CardHistoryScreen

        collection = self.collection
        calendar = StudyCalendar(self.app.clock(), collection.settings.day_starts_at,
                                 collection.tz)
        history = card_history(collection.store, deck, card_id, calendar, collection.settings)
        card = collection.card(deck, card_id)

        def chosen(cram: bool | None) -> None:
            if cram:
                self.app.study([card], cram=True, title=card.key)

        self.app.push_screen(CardHistoryScreen(card, history, collection.tz), chosen)

    def action_cram(self) -> None:
        name = self.focused_weak_list()
        if name is None:
            return
        cards = [self.collection.card(card.deck, card.card) for card in self.weak_cards[name]]
        self.app.study(cards, cram=True, title=self.t("stats.cram_title", list=self.t(
            WEAK_NAMES[name])))

    def action_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.HELP, "help.stats"))

    def action_leave(self) -> None:
        self.app.pop_screen()
