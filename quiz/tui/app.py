"""The Textual app: which screen comes first, and the moves between screens.

`build_app` is the one way to make it, for the commands and for tests alike. Screens are
imported when first shown, so `quiz study` never loads the deck list's table.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from textual import events
from textual.app import App
from textual.screen import Screen

from quiz.core.clock import now
from quiz.core.errors import QuizError
from quiz.render.i18n import Messages
from quiz.storage.faults import StoreError
from quiz.tui.screens.base import Localised, QuizScreen

if TYPE_CHECKING:
    from quiz.core.model import Card
    from quiz.study.collection import Collection
    from quiz.study.exam import ExamSession

Start = Literal["home", "study", "exam"]
THEMES = {"dark": "textual-dark", "light": "textual-light"}
DEFAULT_EXAM_COUNT = 20
PROBLEMS_TIMEOUT = 12  # seconds the deck-errors notice stays over the first card


class QuizApp(App[None]):
    """Home, study, summary, exam and report screens over one open Collection."""

    CSS_PATH = "quiz.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, collection: Collection, *, messages: Messages, clock: Callable[[], datetime],
                 start: Start, cards: Sequence[Card] | None, cram: bool, title: str,
                 exam_count: int, exam_minutes: float | None, exam_seed: int | None,
                 theme: str, cursor_blink: bool, buttons: bool | None,
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
        self.show_buttons = buttons
        self.stats_screen = stats_screen
        self.title = messages("app.title")
        if self.theme != THEMES[theme]:  # setting it re-reads every stylesheet: only if needed
            self.theme = THEMES[theme]
        self.deck_titles = collection.titles   # for the deck list's detail line
        self.deck_labels = collection.labels   # for headers and lists
        # The last write the store refused, until a later one succeeds: the process then
        # exits non-zero and says why, rather than end as if every answer were saved.
        self.failure: StoreError | None = None

    @property
    def buttons(self) -> bool:
        """Whether the screens show their actions as buttons in place of the key bar: when
        asked, else when served to a browser (a phone has no keys; a browser keeps some)."""
        return self.is_web if self.show_buttons is None else self.show_buttons

    def store_failed(self, error: StoreError) -> None:
        self.failure = error

    def store_recovered(self) -> None:
        self.failure = None

    def on_mount(self) -> None:
        if self.start != "home" and self.collection.error_count:
            # Said over the first card, before anything is answered (the deck list has a line).
            self.notify(self.t("home.problems", count=self.collection.error_count),
                        severity="warning", timeout=PROBLEMS_TIMEOUT)
        self.call_after_refresh(self.end_start_up)

    def end_start_up(self) -> None:
        """Turn the cycle collector back on (`quiz.tui.launch.run_app` pauses it for the
        start-up). A method, not `gc.enable` itself: Textual reads the signature of what it
        calls back, which for a builtin means compiling the tokenizer's patterns (15 ms)."""
        gc.enable()

    async def on_key(self, event: events.Key) -> None:
        """A key reaches the app after the focused widget and the screen, and before the
        bindings: a reply box that took the focus just after the key was sent gets it here."""
        screen = self.screen
        if isinstance(screen, QuizScreen) and await screen.take_stray_key(event):
            event.prevent_default()
            event.stop()

    def get_default_screen(self) -> Screen:
        """The first screen is the base of the screen stack, not pushed over an empty one:
        the card (or deck list) is then drawn in Textual's first frame, about 0.1 s sooner."""
        screen = self.first_screen()
        # `switch_screen` (to the summary, to the report) drops the result callback that
        # `push_screen` gives a screen; this one is not pushed, so it gets one here.
        screen._push_result_callback(self, None)
        return screen

    def first_screen(self) -> Screen:
        """The deck list, a study session or an exam, as `start` says."""
        if self.start == "home":
            from quiz.tui.screens.home import HomeScreen

            return HomeScreen()
        if self.start == "study":
            return self.study_screen(self.start_cards or [], cram=self.start_cram,
                                     title=self.start_title)
        try:
            return self.exam_screen(self.start_cards or [], count=self.exam_count,
                                    minutes=self.exam_minutes, title=self.start_title)
        except QuizError as error:  # as from the deck list: say why, over an empty screen
            self.call_later(self.notify, self.t.error(error), severity="error")
            return Screen()

    # -- moves between screens ------------------------------------------------------------

    def study(self, cards: Sequence[Card], *, cram: bool, title: str) -> None:
        """Start a study session over `cards` (a summary at once if nothing is due)."""
        self.push_screen(self.study_screen(cards, cram=cram, title=title))

    def study_screen(self, cards: Sequence[Card], *, cram: bool, title: str) -> Screen:
        """The study screen of a new session over `cards`, or its summary if nothing is due."""
        session = self.collection.study(cards, clock=self.clock, cram=cram)
        if session.future_answers:
            # call_later: the first screen is made before the app can show a notification.
            self.call_later(self.notify, self.t("app.future_answers",
                                                count=session.future_answers),
                            severity="warning", timeout=8)
        if session.current is None:
            from quiz.tui.screens.summary import SummaryScreen

            return SummaryScreen(session, title)
        from quiz.tui.screens.study import StudyScreen

        return StudyScreen(session, title)

    def exam(self, cards: Sequence[Card], *, count: int, minutes: float | None, title: str) -> None:
        """Start a practice exam drawn from `cards` (a deck with no usable card says so)."""
        try:
            screen = self.exam_screen(cards, count=count, minutes=minutes, title=title)
        except QuizError as error:
            self.notify(self.t.error(error), severity="error")
            return
        self.push_screen(screen)

    def exam_screen(self, cards: Sequence[Card], *, count: int, minutes: float | None,
                    title: str) -> Screen:
        """The screen of a new practice exam drawn from `cards` (QuizError if it cannot start)."""
        from quiz.tui.screens.exam import ExamScreen

        session = self.collection.exam(cards, count=count, minutes=minutes, clock=self.clock,
                                       seed=self.exam_seed)
        return ExamScreen(session, title)

    def show_report(self, exam_screen: Screen, session: ExamSession, title: str) -> None:
        """Hand the exam in and replace its screen (and any dialog over it) with the report."""
        from quiz.tui.screens.report import ReportScreen

        report = session.finish()
        while self.screen is not exam_screen:
            self.pop_screen()
        self.switch_screen(ReportScreen(report, session, title))

    def leave(self) -> None:
        """Back to the deck list if the app started there, else quit."""
        if self.start == "home" and len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.exit()

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in Textual); say which key leaves from here."""
        screen = self.screen
        self.notify(self.t(screen.quit_hint() if isinstance(screen, Localised)
                           else "app.ctrl_c"))


def build_app(collection: Collection, *, start: Start = "home",
              cards: Sequence[Card] | None = None,
              cram: bool = False, title: str = "", exam_count: int = DEFAULT_EXAM_COUNT,
              exam_minutes: float | None = None, exam_seed: int | None = None,
              lang: str = "en", theme: str = "dark", clock: Callable[[], datetime] = now,
              cursor_blink: bool = True, buttons: bool | None = None,
              stats_screen: Callable[[Collection], Screen] | None = None) -> QuizApp:
    """The quiz app over an open collection, starting at the deck list, a session or an exam.

    `cards` are the cards to study or examine (from `Collection.select`); `stats_screen`,
    when given, is what the deck list's `t` key opens; `buttons` shows every screen's actions
    as buttons (None: only when served to a browser).
    """
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; use one of {', '.join(THEMES)}")
    return QuizApp(collection, messages=Messages(lang), clock=clock, start=start, cards=cards,
                   cram=cram, title=title, exam_count=exam_count, exam_minutes=exam_minutes,
                   exam_seed=exam_seed, theme=theme, cursor_blink=cursor_blink,
                   buttons=buttons, stats_screen=stats_screen)
