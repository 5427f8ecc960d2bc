"""Decks written as an Anki package (.apkg) with genanki, so learners can study them in Anki.

Identity is derived, never random: a note's GUID comes from its deck slug and card
id, and note types and decks get ids hashed from their names, so importing a newer
export updates the same notes in place instead of adding copies.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import genanki

from quiz.core.clock import now
from quiz.core.errors import UsageError
from quiz.core.files import output_file
from quiz.core.model import CLOZE_RE, Card, CardType, Deck

BASIC_MODEL_NAME = "quiz basic"
CLOZE_MODEL_NAME = "quiz cloze"
BASIC_FIELDS = ("Front", "Back", "Quote", "Explain")
CLOZE_FIELDS = ("Text", "Quote", "Explain")
_EXTRA = ("{{#Quote}}<div class=quote>{{Quote}}</div>{{/Quote}}"
          "{{#Explain}}<div class=explain>{{Explain}}</div>{{/Explain}}")
_CSS = """\
.card { font-family: sans-serif; font-size: 22px; text-align: center; color: black;
        background-color: white; }
.quote { margin-top: 1em; font-size: 16px; font-style: italic; color: #555; }
.explain { margin-top: 0.5em; font-size: 16px; }
ol.choices { display: inline-block; text-align: left; }
.cloze { font-weight: bold; color: blue; }
.nightMode .cloze { color: lightblue; }
"""


def stable_id(name: str) -> int:
    """An Anki id derived from a name, in the range genanki recommends ([2**30, 2**31))."""
    digest = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


BASIC_MODEL = genanki.Model(
    stable_id(BASIC_MODEL_NAME), BASIC_MODEL_NAME,
    fields=[{"name": name} for name in BASIC_FIELDS],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}" + _EXTRA}],
    css=_CSS)
CLOZE_MODEL = genanki.Model(
    stable_id(CLOZE_MODEL_NAME), CLOZE_MODEL_NAME,
    fields=[{"name": name} for name in CLOZE_FIELDS],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}" + _EXTRA}],
    css=_CSS, model_type=genanki.Model.CLOZE)


def field_html(text: str | None) -> str:
    """Plain text as an Anki field: HTML special characters escaped, line breaks as <br>."""
    return html.escape(text or "", quote=False).replace("\n", "<br>")


def anki_cloze(text: str) -> str:
    """A quiz cloze text in Anki's syntax: {{x}} → {{c1::x}}, {{y::hint}} → {{c2::y::hint}}."""
    out: list[str] = []
    position = 0
    for number, match in enumerate(CLOZE_RE.finditer(text), start=1):
        out.append(field_html(text[position:match.start()]))
        answer, sep, hint = match.group(1).partition("::")
        gap = f"c{number}::{field_html(answer.strip())}"
        if sep and hint.strip():
            gap += f"::{field_html(hint.strip())}"
        out.append("{{" + gap + "}}")
        position = match.end()
    out.append(field_html(text[position:]))
    return "".join(out)


def anki_tag(tag: str) -> str:
    """A tag Anki accepts: no spaces (they separate tags), so runs of whitespace become '_'."""
    return re.sub(r"\s+", "_", tag.strip())


def note_fields(card: Card) -> tuple[genanki.Model, list[str]]:
    """The note type and field values for a card."""
    quote, explain = field_html(card.quote), field_html(card.explain)
    if card.type is CardType.CLOZE:
        return CLOZE_MODEL, [anki_cloze(card.prompt), quote, explain]
    front = field_html(card.prompt)
    back = field_html(card.full_answer)
    if card.type is CardType.CHOICE:
        items = "".join(f"<li>{field_html(choice)}</li>" for choice in card.choices)
        front += f'<ol class=choices type="A">{items}</ol>'
        back = f"{card.choice_letter().upper()}. {back}"
    return BASIC_MODEL, [front, back, quote, explain]


def note_guid(deck: Deck, card: Card) -> str:
    """The note's GUID: the same deck slug and card id always give the same note."""
    return genanki.guid_for(deck.slug, card.id)


def deck_names(decks: Sequence[Deck]) -> dict[str, str]:
    """Each deck's name in Anki: its title, with the slug added where two titles clash."""
    titles = [deck.title.replace("::", ":") for deck in decks]
    return {deck.slug: f"{title} ({deck.slug})" if titles.count(title) > 1 else title
            for deck, title in zip(decks, titles)}


def build_package(decks: Sequence[Deck]) -> genanki.Package:
    """One Anki deck per quiz deck, one note per card."""
    names = deck_names(decks)
    anki_decks = []
    for deck in decks:
        anki_deck = genanki.Deck(stable_id(f"quiz deck {deck.slug}"), names[deck.slug])
        for card in deck.cards:
            model, fields = note_fields(card)
            tags = [tag for tag in (anki_tag(t) for t in card.tags) if tag]
            anki_deck.add_note(genanki.Note(model=model, fields=fields, tags=tags,
                                            guid=note_guid(deck, card)))
        anki_decks.append(anki_deck)
    return genanki.Package(anki_decks)


def write_package(package: genanki.Package, stream: IO[bytes], timestamp: float) -> None:
    """The package as an .apkg (a zip of the Anki collection) written to `stream`.

    genanki's `write_to_file` does the same but leaves its collection file behind in the
    system's temporary directory; here it is made in a directory removed afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="quiz-apkg-") as scratch:
        collection = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            package.write_to_db(connection.cursor(), timestamp,
                                itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(stream, "w") as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")  # no media files


def write_apkg(decks: Sequence[Deck], path: Path, *, force: bool = False,
               timestamp: float | None = None) -> int:
    """Write the package atomically, over an existing file only with `force`; returns the
    note count."""
    package = build_package(decks)
    try:
        with output_file(path, force=force) as stream:
            write_package(package, stream, now().timestamp() if timestamp is None else timestamp)
    except sqlite3.Error as exc:  # the collection could not be made (a full disk)
        raise UsageError(f"cannot write {path}: {exc}") from None
    return sum(len(deck.cards) for deck in decks)
