"""The study screen: one card at a time, revealed or checked, then graded.

Phases of a card: `question` (prompt shown; Space reveals, a letter picks a choice, or the
reply box takes a typed answer), then `answer` (self-graded: 1–4) or `verdict` (typed and
choice: the automatic grade is suggested, Enter accepts it, 1–4 override). Each grade goes
to `StudySession.answer`, which commits it before the next card is drawn. If the store
refuses a write (read-only, full, locked, damaged), the card stays, one line says why, and
`r` (or Enter) tries the same write again. Esc only leaves the reply box; `q` leaves the
session, after a `y` to a question that says how much is left.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from quiz.core.card_state import Rating
from quiz.core.errors import QuizError
from quiz.storage.faults import StoreError
from quiz.study.session import How, StudySession
from quiz.tui import cards as card_text
from quiz.tui.screens.writing import WritingScreen
from quiz.tui.widgets.actions import key_bar
from quiz.tui.widgets.choices import LETTERS, ChoiceList, letters_for
from quiz.tui.widgets.grades import GradeBar
from quiz.tui.widgets.prose import Prose
from quiz.tui.widgets.reply import ReplyBox
from quiz.tui.widgets.status import StatusLine

QUESTION, ANSWER, VERDICT = "question", "answer", "verdict"


class StudyScreen(WritingScreen):
    """Shows `session.current` and turns keys into reveal, check, grade, undo, bury, suspend."""

    BINDINGS = [
        Binding("enter", "retry", "key.retry", show=False),   # only while a write is refused
        Binding("space", "reveal", "key.reveal", key_display="Space"),
        Binding("enter", "reveal", "key.reveal", show=False),
        Binding("space", "accept", "key.accept", key_display="Space"),
        Binding("enter", "accept", "key.accept", show=False),
        Binding("enter", "type", "key.type", key_display="Enter"),
        # Priority: it runs before the keys typed after it are handed out (see submit_reply).
        Binding("enter", "submit_reply", "key.check", key_display="Enter", priority=True),
        Binding("space", "type", "key.type", show=False),
        *(Binding(str(grade), f"grade({grade})", "key.grade", show=False) for grade in range(1, 5)),
        *(Binding(key, f"choose('{letter}')", "key.choose", show=False)
          for letter in LETTERS for key in (letter, letter.upper())),
        Binding("u", "undo", "key.undo"),
        Binding("minus", "bury", "key.bury", key_display="-"),
        Binding("b", "bury_with_b", "key.bury", show=False),
        Binding("exclamation_mark", "suspend", "key.suspend", key_display="!"),
        Binding("s", "source", "key.source"),
        Binding("r", "retry", "key.retry"),
        Binding("question_mark", "help", "key.help", key_display="?"),
        Binding("f1", "help_while_typing", "key.help", key_display="F1"),
        Binding("f1", "help", "key.help", show=False),
        Binding("q", "leave", "key.leave"),
        Binding("escape", "blur_reply", "key.blur", key_display="Esc"),
    ]
    HELP = (
        ("Space / Enter", "key.reveal"),
        ("1 2 3 4", "help.grades"),
        ("Space / Enter", "help.accept"),
        ("a–f / A–F", "help.choice"),
        ("Enter", "help.typed"),
        ("Esc", "help.blur"),
        ("u", "key.undo"),
        ("- / b", "help.bury"),
        ("!", "key.suspend"),
        ("s", "key.source"),
        ("q", "help.leave"),
        ("", "help.saved"),
    )

    def __init__(self, session: StudySession, title: str) -> None:
        super().__init__()
        self.session = session
        self.session_title = title
        self.phase = QUESTION
        self.kind = session.input_kind() if session.current is not None else How.SELF
        self.grade_bar: GradeBar | None = None
        self.verdict = None
        self.reply = ""
        self.chosen: int | None = None
        self.reply_box = ReplyBox(cursor_blink=self.app.cursor_blink)

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with VerticalScroll(id="card"):
            yield Prose(id="prompt")
            yield ChoiceList(id="choices")
            yield self.reply_box
            yield Static(id="verdict", markup=False)
            yield Prose(id="answer", classes="section")
            yield Prose(id="explain", classes="section")
            yield Prose(id="source", classes="section")
        yield Label(id="failure", markup=False)
        yield Label(id="hint", markup=False)
        yield key_bar(self.app)

    def on_mount(self) -> None:
        self.show_card(refresh_keys=False)  # the footer is drawn for this first card anyway
        self.set_interval(1.0, self.update_status)

    # -- drawing ------------------------------------------------------------------------------

    def show_card(self, refresh_keys: bool = True) -> None:
        """Draw `session.current` in its question phase."""
        card = self.session.current
        if card is None:
            self.app.switch_screen(_summary(self.session, self.session_title))
            return
        self.phase = QUESTION
        self.kind = self.session.input_kind()
        self.verdict = None
        self.reply = ""
        self.chosen = None
        self.query_one("#prompt", Prose).show(card_text.question(card))
        choices = self.query_one("#choices", ChoiceList)
        choices.display = self.kind is How.CHOICE
        if self.kind is How.CHOICE:
            choices.show(card.choices)
        if self.kind is How.TYPED:
            self.reply_box.ask(self.t("study.type_placeholder"),
                               self.t("study.unit", unit=card.unit) if card.unit else "")
        else:
            self.reply_box.display = False
        if self.grade_bar is not None:
            self.grade_bar.display = False
        for block in ("#verdict", "#answer", "#explain", "#source"):
            self.query_one(block).display = False
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.set_hint()
        self.update_status()
        if refresh_keys:
            self.refresh_bindings()

    def show_answer(self) -> None:
        """Reveal the answer, the note and the grade buttons."""
        card = self.session.current
        assert card is not None
        if card_text.answer_shown_in_prompt(card):
            self.query_one("#prompt", Prose).show(card_text.revealed_cloze(card))
        elif self.kind is How.SELF:
            answer = self.query_one("#answer", Prose)
            answer.show(card_text.section(self.t("study.answer"), card.full_answer,
                                          card_text.ANSWER_STYLE))
            answer.display = True
        if card.explain:
            explain = self.query_one("#explain", Prose)
            explain.show(card_text.section(self.t("study.explain"), card.explain))
            explain.display = True
        suggested = int(self.session.suggested(self.verdict)) if self.verdict else None
        try:
            labels = self.session.interval_labels()
        except StoreError:   # buttons without intervals; grading says what is wrong
            labels = {}
        intervals = {int(r): label for r, label in labels.items()}
        self.relabel("accept", self.t("key.accept_grade",
                                      grade=self.t(f"grade.{int(self.accepted_grade())}")))
        if self.grade_bar is None:  # made at the first answer: the first card shows sooner
            self.grade_bar = GradeBar(self.t, intervals, suggested, id="grades")
            self.mount(self.grade_bar, after="#hint")
        else:
            self.grade_bar.show(intervals, suggested)
            self.grade_bar.display = True
        self.set_hint()
        self.refresh_bindings()

    def show_verdict(self) -> None:
        """The automatic check's result: right or wrong, and the expected answer."""
        verdict = self.verdict
        assert verdict is not None
        lines = [self.t("verdict.correct" if verdict.correct
                        else "verdict.empty" if verdict.reason == "empty" else "verdict.wrong")]
        if not verdict.correct or self.kind is How.TYPED:
            lines.append(self.t("verdict.expected", expected=verdict.expected))
        widget = self.query_one("#verdict", Static)
        widget.update("\n".join(lines))
        widget.set_class(verdict.correct, "-correct")
        widget.set_class(not verdict.correct, "-wrong")
        widget.display = True

    def set_hint(self) -> None:
        card = self.session.current
        if self.retry is not None:
            text = self.t("store.retry_hint")
        elif self.phase == QUESTION and self.kind is How.SELF:
            text = self.t("study.reveal_hint")
        elif self.phase == QUESTION and self.kind is How.CHOICE and card is not None:
            text = self.t("study.choose_hint", keys=letters_for(len(card.choices)))
        elif self.phase == QUESTION:
            text = self.t("study.type_hint" if self.reply_box.typing else "study.resume_hint")
        else:   # the answer shown, or a reply checked: Enter takes the grade the key bar names
            text = self.t("study.accept_hint",
                          grade=self.t(f"grade.{int(self.accepted_grade())}"))
        self.query_one("#hint", Label).update(text)

    def update_status(self) -> None:
        progress = self.session.progress()
        card = self.session.current
        deck = self.app.deck_labels.get(card.deck, card.deck) if card else self.session_title
        right = self.t("study.progress", done=progress.done, left=progress.left,
                       elapsed=self.t.clock(progress.elapsed))
        badge = self.t("study.cram") if self.session.cram else ""
        self.query_one("#status", StatusLine).show(deck, right, badge)

    # -- which keys work now ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = self.kind is How.TYPED and self.phase == QUESTION
        in_box = typing and self.reply_box.typing
        if action == "retry":
            return self.retry is not None
        if self.retry is not None and action in ("undo", "bury", "bury_with_b", "suspend"):
            return False   # a refused write is pending: try it again, or leave
        if action == "reveal":
            return self.phase == QUESTION and self.kind is How.SELF
        if action == "accept":
            return self.phase in (ANSWER, VERDICT)
        if action == "type":
            return typing and not in_box
        if action == "submit_reply":
            return in_box
        if action == "grade":
            return self.phase in (ANSWER, VERDICT)
        if action == "choose":
            card = self.session.current
            return (self.phase == QUESTION and self.kind is How.CHOICE and card is not None
                    and LETTERS.index(str(parameters[0])) < len(card.choices))
        if action in ("bury", "bury_with_b"):
            choosing = self.phase == QUESTION and self.kind is How.CHOICE
            return not in_box and not (action == "bury_with_b" and choosing)
        if action == "source":
            return self.phase != QUESTION
        if action == "undo":
            return self.session.can_undo()
        if action in ("blur_reply", "help_while_typing"):
            return in_box
        if action == "leave":
            return not in_box
        return True

    # -- actions --------------------------------------------------------------------------------

    def action_reveal(self) -> None:
        self.phase = ANSWER
        self.show_answer()

    def accepted_grade(self) -> Rating:
        """What Space (or Enter) accepts: the checked reply's suggestion, else Good."""
        return self.session.suggested(self.verdict) if self.verdict else Rating.GOOD

    def action_accept(self) -> None:
        self.grade(self.accepted_grade())

    def action_grade(self, grade: int) -> None:
        self.grade(Rating(grade))

    def on_grade_bar_graded(self, event: GradeBar.Graded) -> None:
        if self.phase in (ANSWER, VERDICT):
            self.grade(Rating(event.rating))

    def grade(self, rating: Rating) -> None:
        """Commit the grade (the session stores it first), then draw the next card."""
        how, reply = self.kind, self.reply if self.kind is not How.SELF else None

        def answer() -> None:
            result = self.session.answer(rating, how=how, reply=reply)
            if result.became_leech:
                self.notify(self.t("study.leech"), severity="warning", timeout=8)

        self.write(answer, self.show_card)

    def show_refusal(self, error: StoreError) -> None:
        """The card stays as it was (nothing stored); the hint says `r` tries the same change
        again."""
        super().show_refusal(error)
        self.set_hint()

    def action_choose(self, letter: str) -> None:
        card = self.session.current
        assert card is not None
        self.chosen = LETTERS.index(letter)
        self.reply = card.choices[self.chosen]
        self.check_reply()
        correct = card.choices.index(card.answer) if card.answer in card.choices else None
        self.query_one("#choices", ChoiceList).mark(self.chosen, correct)

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        if self.check_action("choose", (event.letter,)):
            self.action_choose(event.letter)

    async def action_submit_reply(self) -> None:
        """Enter in the reply box checks the reply, once the box has every key typed before
        the Enter; keys typed after it wait meanwhile, so they go to what comes next."""
        self.reply = await self.reply_box.reply()
        self.reply_box.stop_typing()
        self.check_reply()

    def check_reply(self) -> None:
        """Check the reply (nothing is stored yet) and suggest a grade."""
        self.verdict = self.session.check(self.reply)
        self.phase = VERDICT
        self.show_verdict()
        self.show_answer()

    def action_type(self) -> None:
        self.reply_box.focus_reply()
        self.set_hint()
        self.refresh_bindings()

    async def take_stray_key(self, event: events.Key) -> bool:
        if self.phase != QUESTION or self.kind is not How.TYPED:
            return False
        if self.reply_box.is_stray_enter(event):
            await self.action_submit_reply()
            return True
        return self.reply_box.take_stray_key(event)

    def action_undo(self) -> None:
        def undo() -> None:
            if self.session.undo() is not None:
                self.notify(self.t("study.undone"), timeout=2)

        try:
            self.write(undo, self.show_card)
        except QuizError as error:  # not the store's: another process answered that card since
            self.notify(self.t.error(error), severity="error")

    def action_bury_with_b(self) -> None:
        """b buries too, except where it picks option b (a choice card before it is answered)."""
        self.action_bury()

    def action_bury(self) -> None:
        def bury() -> None:
            self.session.bury()
            self.notify(self.t("study.buried"), timeout=2)

        self.write(bury, self.show_card)

    def action_suspend(self) -> None:
        def suspend() -> None:
            self.session.suspend()
            self.notify(self.t("study.suspended"), timeout=2)

        self.write(suspend, self.show_card)

    def action_source(self) -> None:
        source = self.query_one("#source", Prose)
        if source.display:
            source.display = False
            return
        card = self.session.current
        assert card is not None
        if not card.quote:
            self.notify(self.t("study.no_source"), timeout=3)
            return
        source.show(card_text.section(self.t("study.source"), card.quote, card_text.QUOTE_STYLE,
                                      Path(card.source).name if card.source else ""))
        source.display = True
        self.call_after_refresh(source.scroll_visible, animate=False)

    def action_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.HELP, "help.study"))

    def action_blur_reply(self) -> None:
        """Esc leaves the reply box (so the letter keys work); it never leaves the session."""
        self.set_focus(None)
        self.set_hint()
        self.refresh_bindings()

    def action_help_while_typing(self) -> None:
        self.action_help()

    def quit_hint(self) -> str:
        return "app.ctrl_c_typing" if self.reply_box.typing else "app.ctrl_c"

    def action_leave(self) -> None:
        """Ask first, saying how much is left (there is always the card on screen)."""
        from quiz.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.leave()

        left = self.session.progress().left
        self.app.push_screen(ConfirmScreen(self.t("study.confirm_leave", count=left)), answer)

    def leave(self) -> None:
        """Every grade is already stored: show what was done, or just go (at once when the
        store has just refused a write: the summary would read it). The card on screen has
        been seen, so what it gives away is buried first (`StudySession.leave`)."""
        if self.retry is None:
            try:
                self.session.leave()
            except StoreError as error:   # only those burials are lost; say so on the way out
                self.app.store_failed(error)
        if self.session.progress().done and self.retry is None:
            self.app.switch_screen(_summary(self.session, self.session_title))
        else:
            self.app.leave()


def _summary(session: StudySession, title: str):
    from quiz.tui.screens.summary import SummaryScreen

    return SummaryScreen(session, title)
