"""The Textual app: which screen comes first, and the moves between screens.

`build_app` is the one way to make it, for the commands and for tests alike. Screens are
imported when first shown, so `quiz study` never loads the deck list's table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from textual.app import App
from textual.screen import Screen

from ..errors import QuizError
from ..i18n import Messages

if TYPE_CHECKING:
    from ..collection import Collection
    from ..model import Card
    from ..session import ExamSession, StudySession

Start = Literal["home", "study", "exam"]
THEMES = {"dark": "textual-dark", "light": "textual-light"}
DEFAULT_EXAM_COUNT = 20


def system_clock() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class QuizApp(App[None]):
    """Home, study, summary, exam and report screens over one open Collection."""

    CSS_PATH = "quiz.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, collection: Collection, *, messages: Messages, clock: Callable[[], datetime],
                 start: Start, cards: Sequence[Card] | None, cram: bool, title: str,
                 exam_count: int, exam_minutes: float | None, exam_seed: int | None,
                 theme: str, cursor_blink: bool,
                 stats_screen: Callable[[Collection], Screen] | None) -> None:
        super().__init__()
        self.collection = collection
        self.t = messages
        self.clock = clock
        self.start = start
        self.start_cards = cards
        self.start_cram = cram
        self.start_title = title or messages("home.all")
        self.exam_count = exam_count
        self.exam_minutes = exam_minutes
        self.exam_seed = exam_seed
        self.cursor_blink = cursor_blink
        self.stats_screen = stats_screen
        self.title = messages("app.title")
        if self.theme != THEMES[theme]:  # setting it re-reads every stylesheet: only if needed
            self.theme = THEMES[theme]
        self.deck_titles = collection.titles

    def on_mount(self) -> None:
        if self.start == "home":
            from .screens.home import HomeScreen

            self.push_screen(HomeScreen())
        elif self.start == "study":
            self.study(self.start_cards or [], cram=self.start_cram, title=self.start_title)
        else:
            self.exam(self.start_cards or [], count=self.exam_count, minutes=self.exam_minutes,
                      title=self.start_title)

    # -- moves between screens ------------------------------------------------------------

    def study(self, cards: Sequence[Card], *, cram: bool, title: str) -> None:
        """Start a study session over `cards` (a summary at once if nothing is due)."""
        session = self.collection.study(cards, clock=self.clock, cram=cram)
        self.show_session(session, title)

    def show_session(self, session: StudySession, title: str) -> None:
        """The study screen for a session, or its summary once it is over."""
        if session.current is None:
            from .screens.summary import SummaryScreen

            self.push_screen(SummaryScreen(session, title))
        else:
            from .screens.study import StudyScreen

            self.push_screen(StudyScreen(session, title))

    def exam(self, cards: Sequence[Card], *, count: int, minutes: float | None, title: str) -> None:
        """Start a practice exam drawn from `cards` (a deck with no usable card says so)."""
        from .screens.exam import ExamScreen

        try:
            session = self.collection.exam(cards, count=count, minutes=minutes,
                                           clock=self.clock, seed=self.exam_seed)
        except QuizError as error:
            self.notify(str(error), severity="error")
            return
        self.push_screen(ExamScreen(session, title))

    def show_report(self, exam_screen: Screen, session: ExamSession, title: str) -> None:
        """Hand the exam in and replace its screen (and any dialog over it) with the report."""
        from .screens.report import ReportScreen

        report = session.finish()
        while self.screen is not exam_screen:
            self.pop_screen()
        self.switch_screen(ReportScreen(report, session, title))

    def leave(self) -> None:
        """Back to the deck list if the app started there, else quit."""
        if self.start == "home" and len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.exit()

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in Textual); say which key does."""
        self.notify(self.t("app.ctrl_c"))


def build_app(collection: Collection, *, start: Start = "home",
              cards: Sequence[Card] | None = None,
              cram: bool = False, title: str = "", exam_count: int = DEFAULT_EXAM_COUNT,
              exam_minutes: float | None = None, exam_seed: int | None = None,
              lang: str = "en", theme: str = "dark", clock: Callable[[], datetime] = system_clock,
              cursor_blink: bool = True,
              stats_screen: Callable[[Collection], Screen] | None = None) -> QuizApp:
    """The quiz app over an open collection, starting at the deck list, a session or an exam.

    `cards` are the cards to study or examine (from `Collection.select`); `stats_screen`,
    when given, is what the deck list's `t` key opens.
    """
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; use one of {', '.join(THEMES)}")
    return QuizApp(collection, messages=Messages(lang), clock=clock, start=start, cards=cards,
                   cram=cram, title=title, exam_count=exam_count, exam_minutes=exam_minutes,
                   exam_seed=exam_seed, theme=theme, cursor_blink=cursor_blink,
                   stats_screen=stats_screen)
