"""What every quiz screen shares: the message catalogue and translated key bindings."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import BindingsMap
from textual.screen import ModalScreen, Screen

from quiz.render.i18n import CATALOGUE

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp


class Localised:
    """Binding descriptions are catalogue keys; they are shown in the learner's language.

    Textual reads `Binding.description` for the footer, so each screen's bindings are
    copied with the translated text when the screen is made (Textual's own inherited
    bindings, such as Tab, keep theirs).
    """

    HELP: ClassVar[tuple[tuple[str, str], ...]] = ()
    """Rows for the help screen: (keys as printed, catalogue key of what they do)."""

    app: QuizApp

    def _translate_bindings(self) -> None:
        translate = self.app.t
        self._bindings = BindingsMap(
            replace(binding, description=translate(binding.description))
            if binding.description in CATALOGUE else binding
            for _, binding in self._bindings)

    def relabel(self, action: str, description: str) -> None:
        """Describe the bindings of `action` anew, for a key bar that names what the key
        will do now (it shows the change once the bindings are refreshed)."""
        bindings = self._bindings.key_to_bindings
        for key, bound in bindings.items():
            bindings[key] = [replace(binding, description=description)
                             if binding.action == action else binding for binding in bound]

    def quit_hint(self) -> str:
        """What Ctrl+C says (it copies in Textual, and quits nothing): the catalogue key of
        how to leave from here."""
        return "app.ctrl_c"

    @property
    def t(self):
        """The message catalogue in the learner's language."""
        return self.app.t


class QuizScreen(Localised, Screen[None]):
    """A full screen of the quiz app; class `-buttons` when its actions are buttons."""

    def __init__(self) -> None:
        super().__init__()
        self._translate_bindings()
        if self.app.buttons:
            self.add_class("-buttons")

    async def take_stray_key(self, event: events.Key) -> bool:
        """Handle a key that no widget took before it reached the app, ahead of the bindings
        (see `QuizApp.on_key`); True if it was handled. Screens with a reply box say how."""
        return False


class QuizModal(Localised, ModalScreen):
    """A dialog over a quiz screen; class `-buttons` when its actions are buttons."""

    def __init__(self) -> None:
        super().__init__()
        self._translate_bindings()
        if self.app.buttons:
            self.add_class("-buttons")
