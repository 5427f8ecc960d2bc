"""A practice exam: one question after another against the clock, no feedback until the end.

If the store refuses an answer (read-only, full, locked, damaged), the question stays with the
reply given, one line says why, `r` tries the same answer again and `q` leaves without handing
the exam in.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label

from quiz.answers.grading import GAP_SEPARATOR
from quiz.core.model import CardType
from quiz.storage.faults import StoreError
from quiz.study.exam import ExamSession
from quiz.study.session import How
from quiz.tui import cards as card_text
from quiz.tui.screens.writing import WritingScreen
from quiz.tui.widgets.actions import key_bar
from quiz.tui.widgets.choices import LETTERS, ChoiceList, letters_for
from quiz.tui.widgets.prose import Prose
from quiz.tui.widgets.reply import ReplyBox
from quiz.tui.widgets.status import StatusLine


class ExamScreen(WritingScreen):
    """Shows `ExamSession.current`; letters or the reply box answer, `n` skips, Esc hands in."""

    BINDINGS = [
        *(Binding(key, f"choose('{letter}')", "key.choose", show=False)
          for letter in LETTERS for key in (letter, letter.upper())),
        Binding("enter", "submit_reply", "key.submit", key_display="Enter", priority=True),
        Binding("n", "skip", "key.skip"),
        Binding("r", "retry", "key.retry"),
        Binding("q", "leave", "key.leave"),
        Binding("escape", "finish", "key.finish", key_display="Esc"),
        Binding("question_mark", "help", "key.help", key_display="?"),
        Binding("f1", "help", "key.help", show=False),
    ]
    HELP = (
        ("a–f / A–F", "key.choose"),
        ("Enter", "exam.type_hint"),
        ("n", "key.skip"),
        ("Esc", "key.finish"),
    )

    def __init__(self, session: ExamSession, title: str) -> None:
        super().__init__()
        self.session = session
        self.exam_title = title
        self.finished = False
        self.reply_box = ReplyBox(cursor_blink=self.app.cursor_blink)

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with VerticalScroll(id="card"):
            yield Prose(id="prompt")
            yield ChoiceList(id="choices")
            yield self.reply_box
        yield Label(id="failure", markup=False)
        yield Label(id="hint", markup=False)
        yield key_bar(self.app)

    def on_mount(self) -> None:
        self.show_question()
        self.set_interval(1.0, self.tick)

    def show_question(self) -> None:
        card = self.session.current
        if card is None:
            self.finish()
            return
        kind = self.session.input_kind()
        self.query_one("#prompt", Prose).show(card_text.question(card))
        choices = self.query_one("#choices", ChoiceList)
        choices.display = kind is How.CHOICE
        if kind is How.CHOICE:
            choices.show(card.choices)
            self.reply_box.display = False
            self.set_focus(None)
            hint = self.t("exam.choose_hint", keys=letters_for(len(card.choices)))
        else:
            self.reply_box.ask(self.t("study.type_placeholder"),
                               self.t("study.unit", unit=card.unit) if card.unit else "")
            gaps = len(card.gaps) if card.type is CardType.CLOZE else 0
            hint = self.t("exam.gaps_hint", count=gaps, separator=GAP_SEPARATOR) if gaps > 1 \
                else self.t("exam.type_hint")
        self.query_one("#hint", Label).update(hint)
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.update_status()
        self.refresh_bindings()

    def update_status(self) -> None:
        total = len(self.session.questions)
        position = self.t("exam.question", n=min(self.session.index + 1, total), total=total)
        left = self.session.time_left()
        clock = self.t("exam.untimed") if left is None \
            else self.t("exam.time_left", time=self.t.clock(left))
        self.query_one("#status", StatusLine).show(
            f"{self.t('exam.heading')} · {self.exam_title}", f"{position} · {clock}")

    def tick(self) -> None:
        left = self.session.time_left()
        if left is not None and left.total_seconds() <= 0:
            # A reply typed and not yet submitted is handed in with the exam.
            typed = self.session.current is not None \
                and self.session.input_kind() is How.TYPED
            self.finish(self.reply_box.reply_input.value if typed else "")
        else:
            self.update_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card = self.session.current
        if action in ("retry", "leave"):
            return self.retry is not None
        if action == "choose":
            return (card is not None and self.session.input_kind() is How.CHOICE
                    and LETTERS.index(str(parameters[0])) < len(card.choices))
        if action == "skip":
            return card is not None and self.session.input_kind() is How.CHOICE
        if action == "submit_reply":
            return card is not None and self.reply_box.typing
        return True

    def action_choose(self, letter: str) -> None:
        card = self.session.current
        assert card is not None
        choice = card.choices[LETTERS.index(letter)]
        self.write(lambda: self.session.submit(choice), self.show_question)

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        if self.check_action("choose", (event.letter,)):
            self.action_choose(event.letter)

    async def action_submit_reply(self) -> None:
        """Enter answers with the reply (an empty one skips), once the box has every key typed
        before the Enter; keys typed after it wait meanwhile, for the next question's box."""
        reply = await self.reply_box.reply()
        if reply.strip():
            self.write(lambda: self.session.submit(reply), self.show_question)
        else:
            self.write(self.session.skip, self.show_question)

    async def take_stray_key(self, event: events.Key) -> bool:
        if self.session.current is None or self.session.input_kind() is not How.TYPED:
            return False
        if self.reply_box.is_stray_enter(event):
            await self.action_submit_reply()
            return True
        return self.reply_box.take_stray_key(event)

    def action_skip(self) -> None:
        self.write(self.session.skip, self.show_question)

    def show_refusal(self, error: StoreError) -> None:
        """The question stays with its reply (the box stops taking keys); the hint says `r`
        tries the same answer again and `q` leaves without handing in."""
        super().show_refusal(error)
        self.reply_box.stop_typing()
        self.query_one("#hint", Label).update(self.t("store.exam_retry_hint"))

    def action_leave(self) -> None:
        """Leave without handing in, after the store refused a write (the app exits non-zero
        if it ends so)."""
        self.app.leave()

    def action_finish(self) -> None:
        from quiz.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.finish()

        self.app.push_screen(ConfirmScreen(self.t("exam.confirm_finish")), answer)

    def finish(self, written: str = "") -> None:
        """Hand the exam in (once) and show its report; `written`: the reply in the box when
        the time ran out."""
        if self.finished:
            return

        def hand_in() -> None:
            self.session.finish(written)
            self.finished = True

        self.write(hand_in, lambda: self.app.show_report(self, self.session, self.exam_title))

    def quit_hint(self) -> str:
        return "app.ctrl_c" if self.retry is not None else "app.ctrl_c_exam"

    def action_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.HELP, "help.exam"))
