"""Source articles read into headlines and sentences, undoing the scanned page layout.

The articles break sentences over lines and even over blank lines ("成 / 功入选",
"截至去年 / 11月底"), and put headlines, bylines and photo captions between
paragraphs. Lines are joined before splitting on 。！？, and page furniture is set
aside; a sentence that furniture interrupts is kept as an incomplete fragment, so
every sentence stays a verbatim span of the article (whitespace ignored).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quiz.core.errors import UsageError

TERMINATORS = "。！？"
_CLOSERS = "”’」』"
_END_RE = re.compile(f"[{TERMINATORS}][{_CLOSERS}]*")
_ENDS_SENTENCE = re.compile(f"[{TERMINATORS}][{_CLOSERS}]*\\Z")
_MARKER_RE = re.compile(r"[▼▲►◄■□●○◆◇·•]")
_CREDIT_RE = re.compile(r"(拍摄|摄|摄影|供图|资料图片|图片来源[:：].*)([（(][^）)]*[）)])?\Z")
_BYLINE_RE = re.compile(r"(本报记者|本报通讯员|记者|通讯员|据)\s*\S")
_OPENER_RE = re.compile(r"([^，,]{1,3}|(截至|截止|到|自|在)?\s*\d{4}\s*年[^，,]{0,8})[，,]")
_AS_OF_RE = re.compile(r"(?:截至|截止|截止到|到)\s*(\d{4})\s*年\s*"
                       r"(?:(\d{1,2})\s*月\s*(\d{1,2})\s*日|(末|底))")
HEADLINE_MAX_CHARS = 50
BYLINE_MAX_CHARS = 16


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a fragment the layout cut off) and the lines it came from."""

    text: str
    line: int
    complete: bool
    line_starts: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int:
        """The article line holding the character at `offset` of the sentence text."""
        if not self.line_starts:
            return self.line
        index = bisect.bisect_right([start for start, _ in self.line_starts], offset) - 1
        return self.line_starts[max(index, 0)][1]


@dataclass(frozen=True, slots=True)
class Furniture:
    """A headline, byline or caption line: printed on the page but not part of the prose."""

    text: str
    line: int
    kind: str


@dataclass(frozen=True, slots=True)
class Article:
    """An article's prose as sentences, and its page furniture apart."""

    sentences: tuple[Sentence, ...]
    furniture: tuple[Furniture, ...]

    @property
    def headlines(self) -> tuple[Furniture, ...]:
        return tuple(item for item in self.furniture if item.kind == "headline")

    def title(self) -> str | None:
        """The first headline, joined with its second line when it ends in a dash."""
        headlines = self.headlines
        if not headlines:
            return None
        title = headlines[0].text
        if title.endswith(("—", "－", "-")) and len(headlines) > 1 \
                and headlines[1].line <= headlines[0].line + 2:
            title = f"{title}{headlines[1].text}"
        return title

    def as_of(self) -> tuple[str, str] | None:
        """The first "as of" date the article states (截至…), as YYYY-MM-DD and the phrase."""
        for text in [s.text for s in self.sentences] + [f.text for f in self.headlines]:
            for match in _AS_OF_RE.finditer(text):
                year, month, day, end = match.groups()
                try:
                    found = date(int(year), 12, 31) if end \
                        else date(int(year), int(month), int(day))
                except ValueError:
                    continue
                return found.isoformat(), match.group(0)
        return None


def _is_credit(line: str) -> bool:
    return bool(_CREDIT_RE.search(line)) and len(line) <= 30 and not _ENDS_SENTENCE.search(line)


def _caption_kind(line: str, next_line: str | None) -> str | None:
    """'caption' or 'byline' for lines that are page furniture wherever they appear."""
    if _MARKER_RE.match(line) or _is_credit(line):
        return "caption"
    if next_line is not None and _is_credit(next_line):
        return "caption"
    if _BYLINE_RE.match(line) and len(line) <= BYLINE_MAX_CHARS and not _ENDS_SENTENCE.search(line):
        return "byline"
    return None


def _is_headline(line: str, followed_by_break: bool) -> bool:
    """A short unterminated line standing alone at a sentence boundary.

    A line that opens with a short adverbial or a date and a comma ("如今，…",
    "2023年，…") is prose the layout cut short, unless it ends in a dash that
    leads into a second headline line: headlines rarely open that way.
    """
    if _ENDS_SENTENCE.search(line) or line.endswith(("，", "、", "；", "：")):
        return False
    if len("".join(line.split())) > HEADLINE_MAX_CHARS or not followed_by_break:
        return False
    return line.endswith(("—", "－")) or not _OPENER_RE.match(line)


def _join(left: str, right: str) -> str:
    """Glue a line onto text broken before it; Latin words and numbers keep a space."""
    if left and right and left[-1].isascii() and left[-1].isalnum() \
            and right[0].isascii() and right[0].isalnum():
        return " "
    return ""


class _Splitter:
    """Accumulates prose lines and cuts complete sentences off the front."""

    def __init__(self) -> None:
        self.text = ""
        self.line_starts: list[tuple[int, int]] = []
        self.sentences: list[Sentence] = []

    @property
    def empty(self) -> bool:
        return not self.text

    def add(self, line: str, number: int) -> None:
        glue = _join(self.text, line)
        self.line_starts.append((len(self.text) + len(glue), number))
        self.text += glue + line
        self._cut()

    def _cut(self) -> None:
        start = 0
        for match in _END_RE.finditer(self.text):
            self._emit(start, match.end(), complete=True)
            start = match.end()
        self._drop(start)

    def flush(self) -> None:
        """Keep what is pending as an incomplete fragment (the layout interrupted it)."""
        if self.text.strip():
            self._emit(0, len(self.text), complete=False)
        self._drop(len(self.text))

    def _line_of(self, offset: int) -> int:
        offsets = [start for start, _ in self.line_starts]
        return self.line_starts[max(bisect.bisect_right(offsets, offset) - 1, 0)][1]

    def _emit(self, start: int, end: int, *, complete: bool) -> None:
        raw = self.text[start:end]
        text = raw.strip()
        if not text:
            return
        begin = start + len(raw) - len(raw.lstrip())
        stop = begin + len(text)
        starts = [(0, self._line_of(begin))]
        starts += [(offset - begin, number) for offset, number in self.line_starts
                   if begin < offset < stop]
        self.sentences.append(Sentence(text, starts[0][1], complete, tuple(starts)))

    def _drop(self, upto: int) -> None:
        if upto >= len(self.text):
            self.text, self.line_starts = "", []
            return
        first = (0, self._line_of(upto))
        self.line_starts = [first] + [(offset - upto, number) for offset, number
                                      in self.line_starts if offset > upto]
        self.text = self.text[upto:]


def read_article(text: str) -> Article:
    """Split article text into sentences and page furniture, respecting its broken lines."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    splitter = _Splitter()
    furniture: list[Furniture] = []
    for index, line in enumerate(lines):
        if not line:
            continue
        number = index + 1
        next_line = lines[index + 1] if index + 1 < len(lines) else None
        kind = _caption_kind(line, next_line or None)
        if kind is None and splitter.empty and _is_headline(line, not next_line):
            kind = "headline"
        if kind is not None:
            splitter.flush()
            furniture.append(Furniture(line, number, kind))
            continue
        splitter.add(line, number)
    splitter.flush()
    return Article(tuple(splitter.sentences), tuple(furniture))


def load_article(path: Path) -> Article:
    """Read an article file, turning every way it can fail into a one-line usage error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such article: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"article is a directory, not a file: {path}") from None
    except OSError as exc:
        raise UsageError(f"cannot read article {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"article is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}): {path}") from None
    return read_article(text)
