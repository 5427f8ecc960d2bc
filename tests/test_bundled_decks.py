"""The bundled decks load cleanly through the loader `quiz check` uses, and every card is
grounded."""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from clockkit import Clock
from enginekit import NOON, open_collection
from quiz.core.card_state import Phase, Rating
from quiz.core.model import Card, CardType, Deck
from quiz.decks.discover import find_deck_files
from quiz.decks.giveaway import give_aways
from quiz.decks.grounding import SourceText, answer_in_quote
from quiz.decks.lint import lint_decks
from quiz.decks.reader import LoadResult, load_decks

REPO = Path(__file__).resolve().parent.parent
BUNDLED_DECKS = REPO / "decks"
EXPECTED_SLUGS = {
    "genai-filings-2024",
    "sanya-cbd-clusters",
    "inclusive-finance-2023",
    "large-models-2025",
    "lipu-hangers",
}
MIN_TOTAL_CARDS, MAX_TOTAL_CARDS = 200, 240
# The bundled decks as they were before the rewrite that decks/CHANGES.md describes.
DECKS_BEFORE_REWRITE = REPO / "tests" / "data" / "decks-before-rewrite"
MIN_CARD_TYPES = 3
# A fixed day for `valid_until` checks, so the outcome never depends on the calendar.
CHECK_DAY = date(2025, 7, 1)


# -- helpers ----------------------------------------------------------------------


def load_deck_dir(directory: Path, *, ground: bool = True) -> LoadResult:
    """Load every deck under a directory exactly as `quiz check DIRECTORY` does."""
    return load_decks(find_deck_files([directory]), today=CHECK_DAY, ground=ground)


def shared_card_ids(decks: Iterable[Deck]) -> dict[str, list[str]]:
    """Card ids used by more than one deck, with the slugs of the decks using them."""
    owners: defaultdict[str, list[str]] = defaultdict(list)
    for deck in decks:
        for card_id in {card.id for card in deck.cards}:
            owners[card_id].append(deck.slug)
    return {card_id: sorted(slugs) for card_id, slugs in owners.items() if len(slugs) > 1}


def decks_with_few_types(decks: Iterable[Deck], minimum: int) -> dict[str, list[str]]:
    """Decks whose cards use fewer than `minimum` card types, with the types they do use."""
    found = {deck.slug: sorted({card.type.value for card in deck.cards}) for deck in decks}
    return {slug: types for slug, types in found.items() if len(types) < minimum}


def ungrounded_cards(cards: Iterable[Card]) -> list[str]:
    """Cards whose quote is not in their source or whose answer is not in their quote.

    Re-checked here from the card objects alone, so a loader that skipped a
    check would not let an ungrounded card through.
    """
    sources: dict[str, SourceText] = {}
    findings = []
    for card in cards:
        where = card.key
        if not card.source:
            findings.append(f"{where}: no source")
            continue
        if not card.quote:
            findings.append(f"{where}: no quote")
            continue
        if card.source not in sources:
            sources[card.source] = SourceText.read(Path(card.source))
        if not sources[card.source].contains(card.quote):
            findings.append(f"{where}: quote not in {Path(card.source).name}")
            continue
        if card.type is CardType.CLOZE:
            missing = [gap for gap in card.gaps if not answer_in_quote(gap, card.quote)]
            if not card.gaps or missing:
                findings.append(f"{where}: cloze gaps not in quote: {missing or 'no gaps'}")
        elif card.type is CardType.CHOICE:
            if card.answer not in card.choices or not answer_in_quote(card.answer, card.quote):
                findings.append(f"{where}: correct choice '{card.answer}' not grounded")
        elif not any(answer_in_quote(a, card.quote) for a in (card.answer, *card.accept)):
            findings.append(f"{where}: answer '{card.answer}' not in quote")
    return findings


# -- the bundled decks --------------------------------------------------------------


def bundled() -> LoadResult:
    return load_deck_dir(BUNDLED_DECKS)


def test_bundled_decks_load_with_no_errors_and_no_warnings() -> None:
    files = list(find_deck_files([BUNDLED_DECKS]))
    result = bundled()
    assert [str(problem) for problem in result.problems] == []
    assert [str(problem) for problem in lint_decks(result.decks)] == []
    assert len(result.decks) == len(files)


def test_bundled_decks_are_the_five_articles_with_a_short_name_each() -> None:
    decks = bundled().decks
    assert {deck.slug for deck in decks} == EXPECTED_SLUGS
    assert MIN_TOTAL_CARDS <= sum(len(deck.cards) for deck in decks) <= MAX_TOTAL_CARDS
    assert all(deck.name for deck in decks)


def test_a_store_made_on_the_old_decks_keeps_the_history_of_every_card_that_stayed(
        tmp_path: Path) -> None:
    shutil.copytree(DECKS_BEFORE_REWRITE, tmp_path / "decks")
    clock = Clock(NOON)
    with open_collection(tmp_path, new_per_day=1000) as collection:
        old_keys = set(collection.cards)
        # A card another card gives away waits for a later day: study until each is answered.
        for _ in range(10):
            session = collection.study(collection.select(), clock=clock)
            while session.current is not None:
                session.answer(Rating.EASY)
            if all(collection.store.history(*key) for key in old_keys):
                break
            clock.advance(days=1)
        histories = {key: collection.store.history(*key) for key in old_keys}
    assert len(old_keys) == 248 and all(len(log) == 1 for log in histories.values())

    shutil.rmtree(tmp_path / "decks")
    shutil.copytree(BUNDLED_DECKS, tmp_path / "decks")
    clock.advance(hours=1)
    with open_collection(tmp_path, new_per_day=1000) as collection:
        new_keys = set(collection.cards)
        kept = old_keys & new_keys
        assert len(kept) >= 140
        assert {key: collection.store.history(*key) for key in kept} == \
            {key: histories[key] for key in kept}
        assert all(collection.store.state_of(*key).phase is Phase.REVIEW for key in kept)
        # Removed cards are orphans with their history; new cards are new.
        assert {(o.deck, o.card) for o in collection.orphans()} == old_keys - new_keys
        assert all(o.reviews == 1 for o in collection.orphans())
        assert sum(counts.new for counts in collection.counts(clock())) == len(new_keys - old_keys)


def test_the_removed_cards_are_named_in_the_changes_file() -> None:
    old = {(d.slug, c.id) for d in load_deck_dir(DECKS_BEFORE_REWRITE, ground=False).decks
           for c in d.cards}
    new = {(d.slug, c.id) for d in bundled().decks for c in d.cards}
    changes = (BUNDLED_DECKS / "CHANGES.md").read_text(encoding="utf-8")
    assert [key for key in sorted(old - new) if f"`{key[1]}`" not in changes] == []


def test_no_card_id_is_used_by_two_bundled_decks() -> None:
    assert shared_card_ids(bundled().decks) == {}


def test_a_note_that_links_two_decks_prints_no_answer_of_the_other() -> None:
    # A card that supersedes another deck's card is about the same subject, so their notes
    # point to each other; studied side by side, a note must not print what the other deck
    # asks (give-aways are otherwise looked for only within a deck).
    decks = {deck.slug: deck for deck in bundled().decks}
    linked = {frozenset((card.deck, card.supersedes.split("/")[0]))
              for deck in decks.values() for card in deck.cards
              if card.supersedes and "/" in card.supersedes}
    assert linked   # the 433 card supersedes the 302 one
    printed = []
    for pair in linked:
        cards = [replace(card, id=f"{card.deck}/{card.id}")
                 for slug in sorted(pair) for card in decks[slug].cards]
        printed += [(found.giver, found.given, found.found) for found in give_aways(cards)
                    if found.giver.split("/")[0] != found.given.split("/")[0]
                    and any(key == "explain" for key, _ in found.found)]
    assert printed == []


def test_each_bundled_deck_uses_at_least_three_card_types() -> None:
    assert decks_with_few_types(bundled().decks, MIN_CARD_TYPES) == {}


def test_every_bundled_card_is_grounded() -> None:
    cards = [card for deck in bundled().decks for card in deck.cards]
    assert cards
    assert ungrounded_cards(cards) == []


# -- the helpers can fail -------------------------------------------------------------

SOURCE = "三亚CBD累计实现营收4346亿元，\n超7500家企业入驻园区。QFLP基金 57 家。\n"


def write_source(tmp_path: Path) -> None:
    """The article, in tmp_path/seeds beside the decks (`source: ../seeds/article.txt`)."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "article.txt").write_text(SOURCE, encoding="utf-8")


def test_loading_reports_a_bad_quote_and_a_misnamed_deck(tmp_path: Path, write_deck) -> None:
    write_source(tmp_path)
    write_deck("""
        deck: other-name
        title: t
        source: ../seeds/article.txt
        cards:
          - id: revenue
            q: 累计营收？
            a: 4346亿元
            quote: 累计实现营收9999亿元
    """, name="broken.yaml")
    result = load_deck_dir(tmp_path / "decks")
    assert [(p.severity, p.line) for p in result.problems] == [("warning", 1), ("error", 8)]


def test_shared_card_ids_names_every_deck_using_the_id(tmp_path: Path, write_deck) -> None:
    for slug in ("first", "second"):
        write_deck(f"""
            deck: {slug}
            title: t
            cards:
              - {{id: revenue, q: 营收？, a: 4346亿元}}
              - {{id: only-{slug}, q: 企业？, a: 7500家}}
        """, name=f"{slug}.yaml")
    result = load_deck_dir(tmp_path / "decks")
    assert result.problems == []
    assert shared_card_ids(result.decks) == {"revenue": ["first", "second"]}


def test_decks_with_few_types_flags_a_two_type_deck(tmp_path: Path, write_deck) -> None:
    write_deck("""
        deck: narrow
        title: t
        cards:
          - {id: a, q: 营收？, a: 4346亿元}
          - {id: b, type: numeric, q: 企业？, a: '7500'}
          - {id: c, q: 基金？, a: 57家}
    """, name="narrow.yaml")
    write_deck("""
        deck: wide
        title: t
        cards:
          - {id: a, q: 营收？, a: 4346亿元}
          - {id: b, type: numeric, q: 企业？, a: '7500'}
          - {id: c, type: cloze, text: '{{QFLP}}基金'}
    """, name="wide.yaml")
    result = load_deck_dir(tmp_path / "decks")
    assert result.problems == []
    assert decks_with_few_types(result.decks, MIN_CARD_TYPES) == {"narrow": ["basic", "numeric"]}


def test_ungrounded_cards_flags_every_unmoored_card(tmp_path: Path, write_deck) -> None:
    write_source(tmp_path)
    write_deck("""
        deck: loose
        title: t
        source: ../seeds/article.txt
        cards:
          - {id: grounded-basic, q: 营收？, a: 4346亿元, quote: 累计实现营收4346亿元}
          - {id: grounded-by-accept, q: 基金？, a: 57, accept: [57家], quote: QFLP基金57家}
          - {id: grounded-cloze, type: cloze, text: '超{{7500}}家企业', quote: "超7500家企业入驻"}
          - {id: quote-elsewhere, q: 营收？, a: 4346亿元, quote: 营收4346亿美元}
          - {id: answer-elsewhere, q: 企业？, a: 8000家, quote: 超7500家企业入驻园区}
          - {id: gap-elsewhere, type: cloze, text: '{{三亚}}CBD', quote: 超7500家企业入驻园区}
          - {id: choice-elsewhere, type: choice, q: 基金？, choices: [57家, 12家], a: 12家,
             quote: QFLP基金57家}
          - {id: numeric-elsewhere, type: numeric, q: 企业？, a: '7600', quote: 超7500家企业}
    """, name="loose.yaml")
    # Grounding off: the loader accepts the cards, so only the helper can catch them.
    result = load_deck_dir(tmp_path / "decks", ground=False)
    assert result.problems == []
    cards = list(result.decks[0].cards)
    unsourced = Card(deck="loose", id="unsourced", type=CardType.BASIC, prompt="营收？",
                     answer="4346亿元", quote="累计实现营收4346亿元")
    findings = ungrounded_cards([*cards, unsourced])
    flagged = [finding.split(":")[0] for finding in findings]
    assert flagged == ["loose/quote-elsewhere", "loose/answer-elsewhere", "loose/gap-elsewhere",
                       "loose/choice-elsewhere", "loose/numeric-elsewhere", "loose/unsourced"]
    # With grounding on, the loader rejects the same cards: the two checks agree.
    checked = load_deck_dir(tmp_path / "decks")
    assert len(checked.errors) == 5


def test_the_readme_table_of_bundled_decks_is_what_they_hold() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Bundled decks"):]
    section = section[:section.index("\n## ")]
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in section.splitlines() if line.startswith("| `")]
    decks = sorted(load_deck_dir(BUNDLED_DECKS).decks, key=lambda deck: deck.slug)
    types = [CardType.BASIC, CardType.CLOZE, CardType.CHOICE, CardType.NUMERIC]
    assert rows == [
        [f"`{deck.slug}`", deck.name, deck.title, str(len(deck.cards)),
         *(str(sum(card.type is kind for card in deck.cards)) for kind in types)]
        for deck in decks]
    total = sum(len(deck.cards) for deck in decks)
    assert f"\n{total} cards in all." in section
