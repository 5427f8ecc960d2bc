"""`quiz export anki`: packages the real Anki opens, with notes that re-import in place."""

from __future__ import annotations

from pathlib import Path

import genanki
import pytest
from anki import collection as anki_collection

from quiz.decks.discover import find_deck_files
from quiz.decks.reader import load_decks, read_deck
from quiz.interchange.anki_export import (
    BASIC_MODEL_NAME,
    CLOZE_MODEL_NAME,
    anki_cloze,
    anki_tag,
    build_package,
    field_html,
    note_fields,
    stable_id,
    write_apkg,
)
from sample_decks import FINANCE_DECK, PLAIN_DECK, copy_seed

REPO = Path(__file__).resolve().parent.parent
TIMESTAMP = 1_750_000_000.0


def import_into(collection_path: Path, package: Path) -> list[dict[str, object]]:
    """Import a package into an Anki collection (created if new) and return every note in it."""
    collection = anki_collection.Collection(str(collection_path))
    try:
        request = anki_collection.ImportAnkiPackageRequest(
            package_path=str(package),
            options=anki_collection.ImportAnkiPackageOptions(with_scheduling=False))
        collection.import_anki_package(request)
        notes = []
        for note_id in collection.find_notes(""):
            note = collection.get_note(note_id)
            cards = note.cards()
            notes.append({"id": note_id, "guid": note.guid, "type": note.note_type()["name"],
                          "fields": dict(note.items()), "tags": sorted(note.tags),
                          "decks": sorted({collection.decks.name(c.did) for c in cards}),
                          "cards": len(cards)})
        return sorted(notes, key=lambda n: str(n["guid"]))
    finally:
        collection.close()


@pytest.fixture(autouse=True)
def finance_seed(tmp_path: Path) -> Path:
    """The article FINANCE_DECK quotes, in tmp_path/seeds beside tmp_path/decks."""
    return copy_seed(tmp_path)


@pytest.fixture
def decks(write_deck):
    loaded = []
    for text, name in ((FINANCE_DECK, "finance.yaml"), (PLAIN_DECK, "plain.yaml")):
        deck, problems = read_deck(write_deck(text, name))
        assert problems == []
        loaded.append(deck)
    return loaded


def by_guid(notes) -> dict[str, dict[str, object]]:
    return {str(note["guid"]): note for note in notes}


def test_every_card_arrives_in_anki_with_its_fields_tags_and_guid(decks, tmp_path: Path) -> None:
    package = tmp_path / "out.apkg"
    assert write_apkg(decks, package, timestamp=TIMESTAMP) == 6
    notes = by_guid(import_into(tmp_path / "collection.anki2", package))
    assert len(notes) == 6
    guid = genanki.guid_for

    basic = notes[guid("finance", "micro-loan-balance")]
    assert basic["type"] == BASIC_MODEL_NAME
    assert basic["fields"] == {"Front": "截至2023年末，普惠小微贷款余额为多少？",
                               "Back": "29.4万亿元",
                               "Quote": "截至2023年末，普惠小微贷款余额29.4万亿元",
                               "Explain": "同比增长23.5%"}
    assert basic["tags"] == ["inclusive_finance", "金融"]
    assert basic["decks"] == ["中国普惠金融指标分析报告（2023—2024年）"]

    cloze = notes[guid("finance", "micro-loan-growth")]
    assert cloze["type"] == CLOZE_MODEL_NAME
    assert cloze["fields"]["Text"] == ("普惠小微贷款余额{{c1::29.4万亿元::金额}}，"
                                       "同比增长{{c2::23.5%}}")
    assert cloze["cards"] == 2
    assert cloze["tags"] == ["growth", "inclusive_finance", "金融"]

    choice = notes[guid("finance", "rate-choice")]
    assert choice["fields"]["Front"] == ('2023年新发放的普惠小微企业贷款加权平均利率为？'
                                         '<ol class=choices type="A"><li>3.96%</li><li>4.46%</li>'
                                         '<li>4.96%</li><li>5.46%</li></ol>')
    assert choice["fields"]["Back"] == "B. 4.46%"

    numeric = notes[guid("finance", "account-count")]
    assert numeric["type"] == BASIC_MODEL_NAME
    assert numeric["fields"]["Back"] == "10.19个"

    plain = notes[guid("plain", "html-looking")]
    assert plain["fields"]["Front"] == "《报告》里 &lt;b&gt; 与 &amp; 这样的字符如何显示？"
    assert plain["fields"]["Quote"] == "" and plain["fields"]["Explain"] == ""
    assert plain["tags"] == ["two_words"]
    assert plain["decks"] == ["Characters <that> & look like markup"]
    assert notes[guid("plain", "cloze-markup")]["fields"]["Text"] == \
        "a &lt; b &amp; {{c1::c &gt; d}} [x]"


def test_reimporting_an_edited_export_updates_the_same_notes_in_place(
        decks, write_deck, tmp_path: Path) -> None:
    collection = tmp_path / "collection.anki2"
    first = tmp_path / "first.apkg"
    write_apkg(decks, first, timestamp=TIMESTAMP)
    before = by_guid(import_into(collection, first))

    edited_text = FINANCE_DECK.replace("explain: 同比增长23.5%", "explain: 比上年末明显增长") \
        .replace("title: 中国普惠金融指标分析报告（2023—2024年）", "title: 普惠金融")
    edited, problems = read_deck(write_deck(edited_text, "finance.yaml"))
    assert problems == []
    second = tmp_path / "second.apkg"
    write_apkg([edited, decks[1]], second, timestamp=TIMESTAMP + 60)
    after = by_guid(import_into(collection, second))

    assert after.keys() == before.keys()
    assert {g: n["id"] for g, n in after.items()} == {g: n["id"] for g, n in before.items()}
    changed = after[genanki.guid_for("finance", "micro-loan-balance")]
    assert changed["fields"]["Explain"] == "比上年末明显增长"


def test_ids_are_derived_from_names_so_exports_agree(decks) -> None:
    first, second = build_package(decks), build_package(decks)
    assert [d.deck_id for d in first.decks] == [d.deck_id for d in second.decks]
    assert [[n.guid for n in d.notes] for d in first.decks] == \
        [[n.guid for n in d.notes] for d in second.decks]
    assert first.decks[0].deck_id == stable_id("quiz deck finance")
    assert first.decks[0].notes[0].model.model_id == stable_id(BASIC_MODEL_NAME)
    assert 1 << 30 <= stable_id("anything") < 1 << 31
    assert stable_id("a") != stable_id("b")


@pytest.mark.parametrize("text, expected", [
    ("{{a}}", "{{c1::a}}"),
    ("x {{a}} y {{b::hint}} z", "x {{c1::a}} y {{c2::b::hint}} z"),
    ("{{ a :: }}", "{{c1::a}}"),
    ("<{{&}}>", "&lt;{{c1::&amp;}}&gt;"),
    ("line\n{{gap}}", "line<br>{{c1::gap}}"),
])
def test_cloze_gaps_become_numbered_anki_clozes(text: str, expected: str) -> None:
    assert anki_cloze(text) == expected


def test_fields_and_tags_are_made_safe_for_anki() -> None:
    assert field_html("a<b>&\nc") == "a&lt;b&gt;&amp;<br>c"
    assert field_html(None) == ""
    assert anki_tag(" two  words\there ") == "two_words_here"


def test_the_bundled_decks_round_trip_through_anki(tmp_path: Path) -> None:
    result = load_decks(find_deck_files([REPO / "decks"]))
    assert result.errors == [] and len(result.decks) >= 5
    package = tmp_path / "bundled.apkg"
    total = write_apkg(result.decks, package, timestamp=TIMESTAMP)
    notes = by_guid(import_into(tmp_path / "collection.anki2", package))
    assert len(notes) == total == sum(len(d.cards) for d in result.decks)
    for deck in result.decks:
        for card in deck.cards:
            note = notes[genanki.guid_for(deck.slug, card.id)]
            model, fields = note_fields(card)
            assert note["type"] == model.name
            assert list(note["fields"].values()) == fields
            assert note["tags"] == sorted(anki_tag(tag) for tag in card.tags)
            assert note["decks"] == [deck.title]


def test_export_cli_finds_bundled_decks_by_slug(run_quiz, tmp_path: Path) -> None:
    slugs = [d.slug for d in load_decks(find_deck_files([REPO / "decks"])).decks]
    result = run_quiz("export", "anki", *slugs, "-o", "bundled.apkg")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote bundled.apkg: ")
    assert f"notes in {len(slugs)} decks" in result.stdout
    assert (tmp_path / "bundled.apkg").stat().st_size > 0


def test_export_cli_writes_a_package(run_quiz, write_deck, tmp_path: Path) -> None:
    write_deck(FINANCE_DECK, "finance.yaml")
    write_deck(PLAIN_DECK, "plain.yaml")
    result = run_quiz("export", "anki", "finance", "plain", "--decks", "decks", "-o", "out.apkg")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote out.apkg: 6 notes in 2 decks\n"
    notes = import_into(tmp_path / "collection.anki2", tmp_path / "out.apkg")
    assert len(notes) == 6
    by_file = run_quiz("export", "anki", "decks/plain.yaml", "-o", "plain.apkg")
    assert by_file.returncode == 0, by_file.stderr
    assert by_file.stdout == "wrote plain.apkg: 2 notes in 1 deck\n"


@pytest.mark.parametrize("args, code, message", [
    (("finanse", "-o", "out.apkg"), 2, "quiz: no deck 'finanse'; did you mean 'finance'?\n"),
    (("finance", "-o", "out.zip"), 2, "quiz: the Anki package must end in .apkg, not 'out.zip'\n"),
    (("broken", "-o", "out.apkg"), 1, "quiz: deck 'broken' has errors; fix them before "
                                      "exporting\n"),
])
def test_export_cli_refuses_bad_requests_and_writes_nothing(
        run_quiz, write_deck, tmp_path: Path, args, code: int, message: str) -> None:
    write_deck(FINANCE_DECK, "finance.yaml")
    write_deck("deck: broken\ntitle: B\ncards:\n  - id: x\n    q: 没有答案\n", "broken.yaml")
    result = run_quiz("export", "anki", *args, "--decks", "decks")
    assert result.returncode == code
    assert result.stderr.endswith(message)
    assert not list(tmp_path.glob("out.*")) and not list(tmp_path.glob(".out*"))
