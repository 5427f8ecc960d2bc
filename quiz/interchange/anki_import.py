"""Anki's "Notes in Plain Text" exports (and hand-made CSV) read into a quiz deck.

Each row is front, back and optionally tags. Anki's header lines are honoured:
`#separator:` (Tab, Comma, Semicolon, Space, Pipe, Colon or the character itself),
`#html:` (tags stripped and entities decoded when true), `#tags:` (tags for every
row), `#columns:` (a column named Tags holds the tags) and `#guid column:`,
`#notetype column:`, `#deck column:`, `#tags column:` (those columns are not fields).
Every problem is reported at its row and column (the field number), a character that
could drive the terminal (`quiz.core.controls`) included; ids are derived from the front text, so
importing the same file again gives the same ids.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from quiz.core.controls import forbidden_character
from quiz.core.model import CLOZE_RE, claim_id
from quiz.decks.problems import Problem
from quiz.decks.writer import clean_text, dump_deck

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|",
              "colon": ":"}
_SPECIAL_COLUMNS = ("guid column", "notetype column", "deck column", "tags column")
_ANKI_CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.DOTALL)
_BLOCK_TAGS = {"br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_HIDDEN_TAGS = {"script", "style"}
_SOUND_RE = re.compile(r"\[sound:[^\]]*\]")


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, with block boundaries as line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def strip_html(fragment: str) -> str:
    """The text of an Anki HTML field: tags dropped, entities decoded, blank lines removed."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def tidy(text: str) -> str:
    """Field text with uniform line breaks, each line trimmed, and no leading or trailing blanks."""
    lines = [line.strip() for line in clean_text(text).split("\n")]
    return "\n".join(lines).strip("\n")


@dataclass
class ImportResult:
    """The cards read from a file and every problem found, located by row and column."""

    cards: list[dict[str, object]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Header:
    separator: str | None = None
    html: bool = False
    tags: tuple[str, ...] = ()
    tags_column: int | None = None
    named_columns: bool = False
    skipped_columns: set[int] = field(default_factory=set)
    lines: int = 0


def card_id(front: str, taken: set[str]) -> str:
    """A slug from the front's Latin letters and digits plus a hash of the whole front."""
    normal = " ".join(unicodedata.normalize("NFKC", front).split())
    digest = hashlib.sha256(normal.encode()).hexdigest()
    readable = re.sub(r"[^0-9a-z]+", "-", normal.lower()).strip("-")[:24].strip("-")
    claimed = claim_id(readable or "card", digest, taken, shortest=8, step=4)
    if claimed is None:
        raise ValueError(f"two rows with the same front: {front!r}")
    return claimed


def from_anki_cloze(text: str) -> str | None:
    """Anki cloze text in quiz syntax ({{c1::x::hint}} → {{x::hint}}), or None if it has none."""
    if not _ANKI_CLOZE_RE.search(text):
        return None
    return _ANKI_CLOZE_RE.sub(lambda m: "{{" + m.group(2) + "}}", text)


class _Reader:
    """Reads one export's text, recording located problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.result = ImportResult()

    def error(self, line: int, column: int, message: str) -> None:
        self.result.problems.append(Problem(self.display, line, column, message))

    def header(self, lines: list[str]) -> _Header:
        header = _Header()
        for number, line in enumerate(lines, start=1):
            if not line.startswith("#"):
                break
            header.lines = number
            key, colon, value = line[1:].rstrip("\r\n").partition(":")
            key = key.strip().lower()
            if not colon:
                continue
            if key == "separator":
                name = value.strip().lower()
                separator = SEPARATORS.get(name, value if len(value) == 1 else None)
                if separator is None or separator in "\"\r\n":
                    self.error(number, 2, f"unknown separator '{value}'; use Tab, Comma, "
                                          f"Semicolon, Space, Pipe, Colon or one character")
                else:
                    header.separator = separator
            elif key == "html":
                if value.strip().lower() not in ("true", "false"):
                    self.error(number, 2, f"#html must be true or false, not '{value.strip()}'")
                header.html = value.strip().lower() == "true"
            elif key == "tags":
                found = forbidden_character(value)
                if found is not None:
                    self.error(number, 2, f"#tags: character {found} is not allowed")
                header.tags = tuple(value.split())
            elif key in _SPECIAL_COLUMNS:
                if not value.strip().isdigit() or int(value) < 1:
                    self.error(number, 2, f"#{key} must be a column number, not '{value.strip()}'")
                elif key == "tags column":
                    header.tags_column = int(value) - 1
                else:
                    header.skipped_columns.add(int(value) - 1)
            elif key == "columns":
                header.named_columns = True
                names = [n.strip().lower() for n in value.split(header.separator or "\t")]
                if "tags" in names and header.tags_column is None:
                    header.tags_column = names.index("tags")
        return header

    def read(self, text: str) -> ImportResult:
        lines = io.StringIO(text, newline="").readlines()
        header = self.header(lines)
        data = lines[header.lines:]
        separator = header.separator or _guess_separator(data)
        if header.tags_column is None and not header.skipped_columns \
                and not header.named_columns:
            header.tags_column = 2
        fronts: dict[str, int] = {}
        taken: set[str] = set()
        reader = csv.reader(iter(data), delimiter=separator, quotechar='"', strict=True)
        previous_end = 0
        while True:
            row_line = header.lines + previous_end + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.error(row_line, 1, f"cannot read the row: {exc}")
                break
            previous_end = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            self.row(row, row_line, header, separator, fronts, taken)
        return self.result

    def row(self, row: list[str], line: int, header: _Header, separator: str,
            fronts: dict[str, int], taken: set[str]) -> None:
        columns = [i for i in range(len(row))
                   if i != header.tags_column and i not in header.skipped_columns]
        values = {i: tidy(_SOUND_RE.sub("", strip_html(row[i]) if header.html else row[i]))
                  for i in columns}
        if not columns:
            self.error(line, 1, "row has no front")
            return
        front_column = columns[0]
        front = values[front_column]
        back_column = columns[1] if len(columns) > 1 else None
        back = values[back_column] if back_column is not None else ""
        if not front:
            self.error(line, front_column + 1, "front is empty" +
                       (" once HTML is removed" if header.html and row[front_column].strip()
                        else ""))
            return
        cloze = from_anki_cloze(front)
        if cloze is None and back_column is None:
            shown = "tab" if separator == "\t" else repr(separator)
            self.error(line, 1, f"row has 1 field; expected front and back separated "
                                       f"by {shown}")
            return
        if cloze is None and not back:
            self.error(line, back_column + 1, "back is empty")
            return
        if cloze is not None and not self.cloze_ok(cloze, line, front_column + 1):
            return
        tags_text = row[header.tags_column] if header.tags_column is not None \
            and header.tags_column < len(row) else ""
        if not self.printable(line, [(front_column, "front", front),
                                     (back_column, "back", back),
                                     (header.tags_column, "tags", tags_text)]):
            return
        key = " ".join(front.split())
        if key in fronts:
            self.error(line, front_column + 1, f"the same front as row {fronts[key]}")
            return
        fronts[key] = line
        card: dict[str, object] = {"id": card_id(front, taken)}
        if cloze is not None:
            card.update({"type": "cloze", "text": cloze})
            if back:
                card["explain"] = back
        else:
            card.update({"q": front, "a": back})
        tags = list(header.tags) + tags_text.split()
        if tags:
            card["tags"] = list(dict.fromkeys(tags))
        self.result.cards.append(card)

    def printable(self, line: int, fields: list[tuple[int | None, str, str]]) -> bool:
        """Whether the fields (column, name, text) hold nothing that could drive the terminal;
        each one that does is reported at its column."""
        ok = True
        for column, name, text in fields:
            found = forbidden_character(text) if column is not None else None
            if found is not None:
                self.error(line, column + 1, f"{name}: character {found} is not allowed")
                ok = False
        return ok

    def cloze_ok(self, text: str, line: int, column: int) -> bool:
        gaps = [m.group(1).partition("::")[0].strip() for m in CLOZE_RE.finditer(text)]
        rest = CLOZE_RE.sub("", text)
        if not gaps or any(not gap for gap in gaps):
            self.error(line, column, "cloze has an empty gap")
            return False
        if "{{" in rest or "}}" in rest:
            self.error(line, column, "cloze has an unbalanced '{{' or '}}'")
            return False
        return True


def _guess_separator(lines: list[str]) -> str:
    """Without a header: tab (Anki's default) if the first line holding a tab or comma has a tab."""
    first = next((line for line in lines if "\t" in line or "," in line), "")
    return "," if "," in first and "\t" not in first else "\t"


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem at the line and column of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        return None, [Problem(display, line, column, f"not valid UTF-8 (byte "
                                                     f"0x{data[exc.start]:02x}); export as UTF-8")]


def read_export(data: bytes, display: str) -> ImportResult:
    """Cards from an export's bytes, or the located problems that stop the import."""
    text, problems = decode(data, display)
    if text is None:
        return ImportResult(problems=problems)
    result = _Reader(display).read(text)
    if not result.cards and not result.problems:
        result.problems.append(Problem(display, 1, 1, "no rows to import"))
    return result


def render_within(slug: str, title: str, source_name: str, result: ImportResult,
                  limit: int) -> str | None:
    """The deck file `render_deck` makes, or None if it would be over `limit` bytes (the
    loader refuses larger decks). The cards' text alone is a lower bound of the file's size,
    so an export far over the limit is refused without rendering it, which takes seconds."""
    text_bytes = sum(len(text.encode()) for card in result.cards for value in card.values()
                     for text in ((value,) if isinstance(value, str) else value))
    if text_bytes > limit:
        return None
    text = render_deck(slug, title, source_name, result)
    return text if len(text.encode()) <= limit else None


def render_deck(slug: str, title: str, source_name: str, result: ImportResult) -> str:
    """The imported cards as a deck file."""
    header = [f"Imported by `quiz import csv` from {source_name}: {len(result.cards)} "
              f"card{'s' if len(result.cards) != 1 else ''}.",
              "Ids are derived from each front; keep them when editing so progress is kept."]
    return dump_deck({"deck": slug, "title": title}, result.cards, header=header)
