"""The suspended cards of the deck list's selection, to restore (unsuspend) one or all.

A row names the card — its deck's short label and its id — and its question, cut to fit; never
its answer: a cloze card's gaps stay masked, a choice card's options and any card's note are
left out. A restored card leaves the list and is studied again with the schedule it had
(`Collection.suspend(cards, False)`). If the store refuses the write, the row stays, one line
says why and `r` (or Enter) tries the same restore again (`WritingScreen`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from quiz.core.model import Card
from quiz.storage.faults import StoreError
from quiz.tui.screens.writing import WritingScreen
from quiz.tui.widgets.actions import key_bar

TABLE_CHROME = 7          # the table's side margins, its border and its scrollbar
NARROW_TABLE_CHROME = 3   # the same without the margins
CELL_PADDING = 2          # a cell's padding, left and right
DECK_WIDTH = 16           # at most, for the deck's label (the longest bundled one is 16 cells)
ID_WIDTH = 24             # at most, for the card's id
# With less room than this for the question beside the deck and the id (a phone, or a
# terminal of 60 columns), each row is two lines in one column: deck · id, then the question.
QUESTION_WIDTH = 24


class SuspendedScreen(WritingScreen):
    """The suspended cards among `cards`, a row each; Enter restores one, `a` all of them."""

    BINDINGS = [
        Binding("enter", "retry", "key.retry", show=False, priority=True),  # while refused
        Binding("enter", "restore", "key.restore", key_display="Enter", priority=True),
        Binding("a", "restore_all", "key.restore_all"),
        Binding("r", "retry", "key.retry"),
        Binding("question_mark", "help", "key.help", key_display="?"),
        Binding("f1", "help", "key.help", show=False),
        Binding("escape", "leave", "key.back", key_display="Esc"),
        Binding("q", "leave", "key.back", show=False),
    ]
    HELP = (
        ("↑ ↓", "help.move"),
        ("Enter", "help.restore"),
        ("a", "help.restore_all"),
        ("Esc / q", "key.back"),
    )

    def __init__(self, cards: Sequence[Card], title: str) -> None:
        super().__init__()
        self.chosen = cards
        self.selection_title = title
        self.cards: list[Card] = []   # the suspended ones, in the table's order
        self.unread = False           # the store could not say which they are

    def compose(self) -> ComposeResult:
        yield Label(self.t("suspended.heading", title=self.selection_title),
                    id="suspended-heading", markup=False)
        yield DataTable(id="suspended-cards", cursor_type="row", zebra_stripes=False)
        yield Label(self.t("suspended.none"), id="suspended-none", markup=False)
        yield Label(id="failure", markup=False)
        yield Label(self.t("suspended.hint"), id="hint", markup=False)
        yield key_bar(self.app)

    def on_mount(self) -> None:
        try:
            self.cards = self.app.collection.suspended(self.app.clock(), self.chosen)
        except StoreError as error:   # the store cannot be read: say why, and list nothing
            self.unread = True
            self.app.store_failed(error)
            failure = self.query_one("#failure", Label)
            failure.update(self.t.error(error))
            failure.display = True
        self.fill_table()

    def on_resize(self) -> None:
        self.fill_table()

    # -- drawing --------------------------------------------------------------------------

    def fill_table(self) -> None:
        """(Re)draw a row for each card listed, keeping the cursor where it was; or the line
        that says there are none."""
        table = self.query_one("#suspended-cards", DataTable)
        row = table.cursor_row
        empty = not self.cards
        table.display = not empty
        self.query_one("#suspended-none").display = empty and not self.unread
        table.clear(columns=True)
        self.refresh_bindings()
        if empty:
            return
        t, width = self.t, self.app.size.width
        labels = [self.label(card) for card in self.cards]
        deck_width = min(DECK_WIDTH, max(cell_len(t("home.col.deck")),
                                         *(cell_len(label) for label in labels)))
        id_width = min(ID_WIDTH, max(cell_len(t("suspended.col.card")),
                                     *(cell_len(card.id) for card in self.cards)))
        question_width = width - TABLE_CHROME - 3 * CELL_PADDING - deck_width - id_width
        narrow = question_width < QUESTION_WIDTH
        self.set_class(narrow, "-narrow")
        if narrow:
            line_width = max(1, width - NARROW_TABLE_CHROME - CELL_PADDING)
            table.add_column(t("suspended.col.card"), key="card", width=line_width)
            for card, label in zip(self.cards, labels):
                name = cut(f"{label} · {card.id}", line_width, style="dim")
                table.add_row(Text("\n").join([name, cut(question(card), line_width)]),
                              key=card.key, height=2)
        else:
            table.add_column(t("home.col.deck"), key="deck", width=deck_width)
            table.add_column(t("suspended.col.card"), key="card", width=id_width)
            table.add_column(t("suspended.col.question"), key="question", width=question_width)
            for card, label in zip(self.cards, labels):
                table.add_row(cut(label, deck_width), cut(card.id, id_width),
                              cut(question(card), question_width), key=card.key)
        table.move_cursor(row=min(row, len(self.cards) - 1), animate=False)

    def label(self, card: Card) -> str:
        """The deck's short label: its `name`, else its slug (never its title, a headline)."""
        return self.app.deck_labels.get(card.deck, card.deck)

    def highlighted(self) -> Card:
        table = self.query_one("#suspended-cards", DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next(card for card in self.cards if card.key == key)

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.retry is not None
        if action in ("restore", "restore_all"):
            return bool(self.cards) and self.retry is None
        return True

    def action_restore(self) -> None:
        card = self.highlighted()

        def restored() -> None:
            self.drop([card])
            self.notify(self.t("suspended.restored", card=f"{self.label(card)} · {card.id}"),
                        timeout=3)

        self.write(lambda: self.app.collection.suspend([card], False), restored)

    def action_restore_all(self) -> None:
        """Ask first, saying how many cards it restores."""
        from quiz.tui.screens.confirm import ConfirmScreen

        cards = list(self.cards)

        def restored() -> None:
            self.drop(cards)
            self.notify(self.t("suspended.restored_all", count=len(cards)), timeout=3)

        def answer(yes: bool | None) -> None:
            if yes:
                self.write(lambda: self.app.collection.suspend(cards, False), restored)

        self.app.push_screen(ConfirmScreen(self.t("suspended.confirm_all", count=len(cards))),
                             answer)

    def drop(self, cards: list[Card]) -> None:
        """Take restored cards off the list (the hint no longer speaks of a refused write)."""
        gone = {card.key for card in cards}
        self.cards = [card for card in self.cards if card.key not in gone]
        self.query_one("#hint", Label).update(self.t("suspended.hint"))
        self.fill_table()

    def show_refusal(self, error: StoreError) -> None:
        """The row stays (the card is still suspended); the hint says how to try again."""
        super().show_refusal(error)
        self.query_one("#hint", Label).update(self.t("store.retry_hint"))

    def action_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.HELP, "help.suspended"))

    def action_leave(self) -> None:
        """Back to the deck list, which counts its cards afresh."""
        self.app.pop_screen()


def question(card: Card) -> str:
    """The question as the learner sees it before answering (a cloze card's gaps masked), on
    one line."""
    return " ".join(card.question.split())


def cut(text: str, width: int, style: str = "") -> Text:
    """`text` in at most `width` terminal cells, an ellipsis where it was cut (right after the
    last character kept: Rich's own truncation pads a wide character cut in half)."""
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1).rstrip() + "…"
    return Text(text, style=style, no_wrap=True)
