"""A practice exam: one question after another against the clock, no feedback until the end."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Label

from ...session import ExamSession, How
from .. import cards as card_text
from ..widgets.choices import LETTERS, ChoiceList, letters_for
from ..widgets.prose import Prose
from ..widgets.reply import ReplyBox, ask_for_reply
from ..widgets.status import StatusLine
from .base import QuizScreen


class ExamScreen(QuizScreen):
    """Shows `ExamSession.current`; letters or the reply box answer, `n` skips, Esc hands in."""

    BINDINGS = [
        *(Binding(letter, f"choose('{letter}')", "key.choose", show=False) for letter in LETTERS),
        Binding("n", "skip", "key.skip"),
        Binding("escape", "finish", "key.finish", key_display="Esc"),
        Binding("question_mark", "help", "key.help", key_display="?"),
        Binding("f1", "help", "key.help", show=False),
    ]
    HELP = (
        ("a–f", "key.choose"),
        ("Enter", "exam.type_hint"),
        ("n", "key.skip"),
        ("Esc", "key.finish"),
    )

    def __init__(self, session: ExamSession, title: str) -> None:
        super().__init__()
        self.session = session
        self.exam_title = title
        self.finished = False
        self.reply_box: ReplyBox | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with VerticalScroll(id="card"):
            yield Prose(id="prompt")
            yield ChoiceList(id="choices")
        yield Label(id="hint", markup=False)
        yield Footer()

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
            if self.reply_box is not None:
                self.reply_box.display = False
            self.set_focus(None)
            hint = self.t("exam.choose_hint", keys=letters_for(len(card.choices)))
        else:
            self.reply_box = ask_for_reply(
                self.query_one("#card"), self.reply_box, after="#choices",
                placeholder=self.t("study.type_placeholder"),
                unit=self.t("study.unit", unit=card.unit) if card.unit else "",
                cursor_blink=self.app.cursor_blink)
            hint = self.t("exam.type_hint")
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
            self.finish()
        else:
            self.update_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card = self.session.current
        if action == "choose":
            return (card is not None and self.session.input_kind() is How.CHOICE
                    and LETTERS.index(str(parameters[0])) < len(card.choices))
        if action == "skip":
            return card is not None and self.session.input_kind() is How.CHOICE
        return True

    def action_choose(self, letter: str) -> None:
        card = self.session.current
        assert card is not None
        self.session.submit(card.choices[LETTERS.index(letter)])
        self.show_question()

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        if self.check_action("choose", (event.letter,)):
            self.action_choose(event.letter)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.session.current is None:
            return
        if event.value.strip():
            self.session.submit(event.value)
        else:
            self.session.skip()
        self.show_question()

    def action_skip(self) -> None:
        self.session.skip()
        self.show_question()

    def action_finish(self) -> None:
        from .confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.finish()

        self.app.push_screen(ConfirmScreen(self.t("exam.confirm_finish")), answer)

    def finish(self) -> None:
        """Hand the exam in (once) and show its report."""
        if not self.finished:
            self.finished = True
            self.app.show_report(self, self.session, self.exam_title)

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.HELP, "help.exam"))
