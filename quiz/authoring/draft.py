"""Candidate cards drafted from an article: one cloze or numeric card per fact, for review.

Each card quotes the clause its fact stands in, verbatim (whitespace aside), so a
draft passes `quiz check` as written; each is tagged `draft` until an author has
checked it. Ids are hashes of what the card asks, so drafting again gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from quiz.authoring.article import Article, Sentence
from quiz.authoring.facts import Figure, FigureKind, find_figures
from quiz.core.model import CardType, claim_id
from quiz.decks.grounding import squash
from quiz.decks.schema import NUMBER_RE
from quiz.decks.writer import dump_deck

DRAFT_TAG = "draft"
_CLAUSE_RE = re.compile(r"[^；]+；?")
_SEGMENT_BREAKS = "，,：:"
_CONTEXT_WORDS = ("截至", "截止", "目前", "近年来", "如今", "今年", "去年", "日前", "近日", "当前")
_CONTEXT_MAX_CHARS = 16
_WEAK_SUBJECTS = ("同比", "环比", "比", "较", "占", "是", "增长", "其中", "约", "共")
_SUBJECT_MIN_CHARS = 4
_TRAILING = "。！？；，、”’」』 "
_ONCE_KINDS = (FigureKind.RANKING, FigureKind.BODY)
_AS_OF_WORDS = ("截至", "截止", "截止到", "到", "至")


@dataclass(frozen=True, slots=True)
class DraftCard:
    """A proposed card: its YAML fields, the article line and the fact it asks about."""

    fields: dict[str, object]
    line: int
    figure: Figure

    @property
    def id(self) -> str:
        return str(self.fields["id"])


def _is_time_phrase(segment: str) -> bool:
    """Whether a comma segment only says when ("截至2023年末", "2024年", "目前")."""
    if not segment or len(segment) > _CONTEXT_MAX_CHARS:
        return False
    if segment.startswith(_CONTEXT_WORDS):
        return True
    dates = [f for f in find_figures(segment) if f.kind is FigureKind.DATE]
    return bool(dates) and len(segment) - len(dates[0].text) <= 3


def _time_context(sentence: str, upto: int) -> str | None:
    """The nearest time phrase before `upto` in the sentence, which later clauses rely on."""
    segments = re.split(r"[，；：]", sentence[:upto])[:-1]
    for segment in reversed(segments):
        if _is_time_phrase(segment.strip()):
            return segment.strip()
    return None


def _clauses(sentence: Sentence) -> Iterator[tuple[int, str]]:
    """The sentence's clauses (split at ；) with their offsets in the sentence."""
    for match in _CLAUSE_RE.finditer(sentence.text):
        raw = match.group(0)
        text = raw.strip()
        if text:
            yield match.start() + raw.index(text[0]), text


def _segment(clause: str, figure: Figure) -> tuple[str, str]:
    """The text before and after a figure within its comma-separated segment."""
    start = max(clause.rfind(mark, 0, figure.start) for mark in _SEGMENT_BREAKS) + 1
    ends = [i for i in (clause.find(mark, figure.end) for mark in _SEGMENT_BREAKS + "、")
            if i >= 0]
    end = min(ends, default=len(clause))
    return clause[start:figure.start].strip(), clause[figure.end:end].rstrip(_TRAILING)


def _numeric_question(clause: str, figure: Figure, context: str | None) -> str | None:
    """A "多少" question for an exact figure whose segment names what it measures."""
    if figure.kind not in (FigureKind.QUANTITY, FigureKind.PERCENT) or figure.number is None:
        return None
    if not figure.exact_number(clause) or not NUMBER_RE.match(figure.number):
        return None
    before, after = _segment(clause, figure)
    if len(before) < _SUBJECT_MIN_CHARS or before.startswith(_WEAK_SUBJECTS):
        return None
    unit = "" if figure.unit == "%" else (figure.unit or "")
    dated = any(f.kind is FigureKind.DATE for f in find_figures(before))
    lead = f"{context}，" if context and not dated and context not in before else ""
    return f"{lead}{before}多少{unit}{after}？"


def _card_id(kind: FigureKind, answer: str, quote: str, taken: set[str]) -> str:
    """A slug from the answer's Latin letters and digits plus a hash of the fact and quote."""
    digest = hashlib.sha256(f"{kind}\0{squash(answer)}\0{squash(quote)}".encode()).hexdigest()
    readable = re.sub(r"[^0-9a-z]+", "-", unicodedata.normalize("NFKC", answer).lower())
    readable = readable.strip("-")[:16].strip("-")
    stem = f"{kind}-{readable}" if readable else str(kind)
    claimed = claim_id(stem, digest, taken, shortest=6, step=2)
    if claimed is None:
        raise ValueError(f"the same fact twice: {answer!r} in {quote!r}")
    return claimed


def _fact_key(clause: str, figure: Figure) -> tuple[str, ...]:
    """When two mentions are one fact: names, rankings and "as of" dates once per article
    (they recur as context), any other figure once per clause."""
    key = (str(figure.kind), squash(figure.text))
    as_of = figure.kind is FigureKind.DATE and \
        clause[:figure.start].rstrip().endswith(_AS_OF_WORDS)
    return key if figure.kind in _ONCE_KINDS or as_of else (*key, squash(clause))


def draft_cards(article: Article) -> list[DraftCard]:
    """Candidate cards for every fact in the article's prose, in reading order."""
    cards: list[DraftCard] = []
    seen: set[tuple[str, ...]] = set()
    taken: set[str] = set()
    for sentence in article.sentences:
        for offset, clause in _clauses(sentence):
            if "{{" in clause or "}}" in clause:
                continue
            for figure in find_figures(clause):
                key = _fact_key(clause, figure)
                if key in seen:
                    continue
                seen.add(key)
                line = sentence.line_at(offset + figure.start)
                segment_start = offset + max(clause.rfind(mark, 0, figure.start)
                                             for mark in _SEGMENT_BREAKS) + 1
                context = _time_context(sentence.text, segment_start)
                cards.append(_card(clause, figure, context, line, taken))
    return cards


def _card(clause: str, figure: Figure, context: str | None, line: int,
          taken: set[str]) -> DraftCard:
    question = _numeric_question(clause, figure, context)
    if question is not None:
        fields: dict[str, object] = {
            "id": _card_id(figure.kind, figure.text, clause, taken),
            "type": CardType.NUMERIC.value, "q": question, "a": figure.number,
        }
        if figure.unit:
            fields["unit"] = figure.unit
    else:
        lead = f"{context}，" if context and context not in clause else ""
        text = (f"{lead}{clause[:figure.start]}{{{{{figure.text.strip()}}}}}"
                f"{clause[figure.end:]}").rstrip("。！？；")
        fields = {"id": _card_id(figure.kind, figure.text, clause, taken),
                  "type": CardType.CLOZE.value, "text": text}
    fields["quote"] = clause
    fields["tags"] = [DRAFT_TAG]
    return DraftCard(fields, line, figure)


def render_draft(article: Article, cards: list[DraftCard], *, slug: str, title: str,
                 source: str, source_name: str, printed: bool = False) -> str:
    """The draft as a deck file: deck keys, then every candidate card under a review comment.

    A `printed` draft's `source` is relative to the directory it was drafted in, so its header
    says where to save it (`quiz draft PATH > decks/x.yaml` would break the path)."""
    meta: dict[str, object] = {"deck": slug, "title": title, "source": source}
    as_of = article.as_of()
    if as_of:
        meta["as_of"] = as_of[0]
    header = [f"Draft cards proposed by `quiz draft` from {source_name}: {len(cards)} "
              f"candidate{'s' if len(cards) != 1 else ''}, one per fact found.",
              "Each card is tagged 'draft': check its question and answer against the article,",
              "reword or delete it, then drop the tag. "
              "`quiz check` passes on this file as written."]
    if printed:
        header += [f"Save it in the directory it was drafted in: 'source' ({source}) is "
                   f"relative to it.",
                   "To write it elsewhere, draft it again with -o FILE: the path is then "
                   "written for FILE."]
    if as_of:
        header.append(f"as_of was read from the article ({as_of[1]}); check it.")
    comments = [[f"line {card.line}: {card.figure.kind} {squash(card.figure.text)}"]
                for card in cards]
    return dump_deck(meta, [card.fields for card in cards], header=header,
                     card_comments=comments)
