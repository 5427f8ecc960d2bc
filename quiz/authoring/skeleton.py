"""A new deck file's skeleton: metadata read from its article, a first card drafted from it,
and one commented example card per type.

A deck needs at least one card, so the skeleton holds a real one, grounded in the article:
it passes `quiz check` as written, and the author rewords or replaces it.
"""

from __future__ import annotations

from quiz.authoring.article import Article
from quiz.core.errors import QuizError
from quiz.decks.writer import card_lines, scalar

_EXAMPLES = """\
  # One commented example of each card type: copy one per fact, fill it in, uncomment it.
  # Every card quotes its article verbatim (line breaks and spaces may differ), and the
  # answer (each cloze gap, the correct choice) must occur in that quote.
  # - id: example-basic              # lowercase slug, unique in this deck, never reused
  #   q: 截至…，…的是哪家机构？
  #   a: …
  #   accept: […]                     # optional: other answers a typed reply may match
  #   quote: …
  #   explain: …                      # optional: shown after the answer
  # - id: example-cloze
  #   type: cloze
  #   text: 截至…，…余额{{29.4万亿元}}，同比增长{{23.5%}}
  #   quote: …
  # - id: example-choice
  #   type: choice
  #   q: …为多少？
  #   choices: [3.96%, 4.46%, 4.96%, 5.46%]
  #   a: 4.46%                        # one of the choices
  #   quote: …
  # - id: example-numeric
  #   type: numeric
  #   q: 截至…，…有多少个？
  #   a: 10.19                         # a number; the unit goes in 'unit'
  #   unit: 个
  #   tolerance: 0                     # optional, absolute
  #   quote: …
  #   valid_until: 2026-12-31          # optional: when the fact stops being true
  #   supersedes: older-card-id        # optional: the card this one replaces
  #   lint: {ignore: [relative-time]}  # optional: a card rule this card breaks on purpose
"""


def skeleton(slug: str, source: str, article: Article) -> str:
    """The text of a new deck file for `slug`, its `source` path written as given."""
    lines = [
        f"# The '{slug}' deck: fill in the cards below, then run `quiz check` on this file.",
        f"deck: {slug}",
    ]
    title = article.title()
    if title:
        lines.append(f"title: {scalar(title)}")
    else:
        lines.append(f"title: {scalar(slug)}  # no headline found in the article; write the title")
    lines.append("# name: 短名称  # optional: a short label for headers and lists "
                 "(at most 24 cells)")
    lines.append(f"source: {scalar(source)}")
    as_of = article.as_of()
    if as_of:
        lines.append(f"as_of: {as_of[0]}  # read from the article ({as_of[1]}); check it")
    else:
        lines.append("# as_of: YYYY-MM-DD  # the date the facts describe "
                     "(none found in the article)")
    lines.append("tags: []")
    lines.append("# valid_until: YYYY-MM-DD  # optional: when the whole deck's facts stop "
                 "being true")
    lines.append("# supersedes: older-deck-slug  # optional: the deck this one replaces")
    lines.append("cards:")
    lines.extend(first_card(article))
    return "\n".join(lines) + "\n" + _EXAMPLES


def first_card(article: Article) -> list[str]:
    """The skeleton's first card, under a comment: the first fact `quiz draft` finds whose
    question needs no date added, else a card on the article's opening words (its first
    sentence, or its headline)."""
    from quiz.authoring.draft import DRAFT_TAG, draft_cards
    from quiz.decks.lint import floating_times

    # The first drafted card whose question stands alone in time (quiz check warns of the rest).
    drafted = [card for card in draft_cards(article)
               if not floating_times(str(card.fields.get("q") or card.fields.get("text") or ""))]
    if drafted:
        card, line = drafted[0].fields, drafted[0].line
    else:
        opening = next((s for s in article.sentences), None)
        headline = article.headlines[0] if article.headlines else None
        if opening is None and headline is None:
            raise QuizError("the article has no text for a card to quote")
        text, line = (opening.text, opening.line) if opening else (headline.text, headline.line)
        card = {"id": "opening", "q": "这篇文章开头写了什么？", "a": text, "quote": text,
                "tags": [DRAFT_TAG]}
    return card_lines(card, [
        f"A first card, drafted from line {line} of the article so that the deck passes "
        f"`quiz check`:",
        f"check it against the article, reword or replace it, then drop the '{DRAFT_TAG}' "
        f"tag."])
