"""`quiz import csv`: Anki text exports and CSV files become decks, bad rows located exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.core.controls import CONTROL_RE
from quiz.decks.reader import read_deck
from quiz.interchange.anki_import import (
    card_id,
    from_anki_cloze,
    read_export,
    render_deck,
    render_within,
    strip_html,
)

ANKI_EXPORT = (
    "#separator:tab\n"
    "#html:true\n"
    "#tags column:3\n"
    "普惠小微贷款余额是多少？<br>（截至2023年末）\t<b>29.4万亿元</b>\tfinance 2023\n"
    "What&nbsp;is &lt;b&gt;?\tA &amp; B\t\n"
    "普惠小微贷款余额{{c1::29.4万亿元::金额}}，同比增长{{c2::23.5%}}\t同比增长\tcloze\n"
    "\n"
    "\"多行\n问题\"\t答案\t\n"
)


def problems_of(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [str(p) for p in read_export(data, "in.txt").problems]


def cards_of(text: str) -> list[dict[str, object]]:
    result = read_export(text.encode("utf-8"), "in.txt")
    assert result.problems == []
    return result.cards


def test_an_anki_export_becomes_basic_and_cloze_cards() -> None:
    cards = cards_of(ANKI_EXPORT)
    assert [(c.get("type", "basic"), c.get("q", c.get("text")), c.get("a"), c.get("tags"))
            for c in cards] == [
        ("basic", "普惠小微贷款余额是多少？\n（截至2023年末）", "29.4万亿元", ["finance", "2023"]),
        ("basic", "What is <b>?", "A & B", None),
        ("cloze", "普惠小微贷款余额{{29.4万亿元::金额}}，同比增长{{23.5%}}", None, ["cloze"]),
        ("basic", "多行\n问题", "答案", None),
    ]
    assert cards[2]["explain"] == "同比增长"


def test_the_deck_written_loads_with_the_same_text(tmp_path: Path) -> None:
    result = read_export(ANKI_EXPORT.encode("utf-8"), "in.txt")
    path = tmp_path / "imported.yaml"
    path.write_text(render_deck("imported", "导入", "in.txt", result), encoding="utf-8")
    deck, problems = read_deck(path)
    assert problems == []
    assert [card.prompt for card in deck.cards] == \
        [c.get("q", c.get("text")) for c in result.cards]
    assert deck.cards[0].tags == ("finance", "2023")


def test_ids_come_from_the_front_and_are_stable() -> None:
    first = [c["id"] for c in cards_of(ANKI_EXPORT)]
    assert first == [c["id"] for c in cards_of(ANKI_EXPORT)]
    assert first[1].startswith("what-is-b-")
    assert first[0].startswith("2023-")
    assert card_id("问题", set()).startswith("card-")
    reordered = ANKI_EXPORT.replace("What&nbsp;is &lt;b&gt;?\tA &amp; B\t\n", "") + \
        "What&nbsp;is &lt;b&gt;?\tA &amp; B\t\n"
    assert first[1] in [c["id"] for c in cards_of(reordered)]
    assert card_id("x", set()) == card_id("x", set())
    assert card_id("x", {card_id("x", set())}) != card_id("x", set())


def test_csv_with_a_comma_and_no_header_uses_the_third_column_for_tags() -> None:
    cards = cards_of('front one,back one,tag-a tag-b\n"with, comma","say ""hi""",\n')
    assert cards[0]["tags"] == ["tag-a", "tag-b"]
    assert (cards[1]["q"], cards[1]["a"]) == ("with, comma", 'say "hi"')


def test_without_html_markup_is_kept_as_text() -> None:
    assert cards_of("#html:false\n<b>x</b>\t&amp;\n")[0] == \
        {"id": cards_of("#html:false\n<b>x</b>\t&amp;\n")[0]["id"], "q": "<b>x</b>", "a": "&amp;"}


def test_headers_name_the_separator_tags_and_skipped_columns() -> None:
    cards = cards_of("#separator:Semicolon\n#tags:imported old\n#guid column:1\n"
                     "#notetype column:2\nabc;Basic;front;back\n")
    assert cards == [{"id": cards[0]["id"], "q": "front", "a": "back",
                      "tags": ["imported", "old"]}]
    named = cards_of("#separator:|\n#columns:Front|Back|Tags\nq|a|t1\n")
    assert named[0]["tags"] == ["t1"]


def test_html_stripping_drops_scripts_and_keeps_line_structure() -> None:
    assert strip_html("<div>one</div><div>two<br>three</div><script>x()</script>&lt;ok&gt;") \
        == "one\ntwo\nthree\n<ok>"
    assert from_anki_cloze("{{c1::a}} {{c12::b::h}}") == "{{a}} {{b::h}}"
    assert from_anki_cloze("no gaps") is None


@pytest.mark.parametrize("text, expected", [
    ("q\ta\nonly front\n", ["in.txt:2:1: error: row has 1 field; expected front and back "
                            "separated by tab"]),
    ("q\ta\n\tback\n", ["in.txt:2:1: error: front is empty"]),
    ("q\ta\nq2\t  \n", ["in.txt:2:2: error: back is empty"]),
    ("q\ta\nr\tb\nq\tc\n", ["in.txt:3:1: error: the same front as row 1"]),
    ("#html:true\n<img src=x>\tb\n", ["in.txt:2:1: error: front is empty once HTML is removed"]),
    ("#separator:Weird\nq\ta\n", ["in.txt:1:2: error: unknown separator 'Weird'; use Tab, "
                                  "Comma, Semicolon, Space, Pipe, Colon or one character"]),
    ("#html:maybe\nq\ta\n", ["in.txt:1:2: error: #html must be true or false, not 'maybe'"]),
    ("#tags column:zero\nq\ta\n", ["in.txt:1:2: error: #tags column must be a column number, "
                                   "not 'zero'"]),
    ("{{c1::}}\textra\n", ["in.txt:1:1: error: cloze has an empty gap"]),
    ("x {{c1::a}} }}\textra\n", ["in.txt:1:1: error: cloze has an unbalanced '{{' or '}}'"]),
    ("", ["in.txt:1:1: error: no rows to import"]),
    ("ok\tfine\n\"unterminated\tx\n", ["in.txt:2:1: error: cannot read the row: unexpected end "
                                       "of data"]),
])
def test_bad_rows_are_reported_at_their_row_and_field(text: str, expected: list[str]) -> None:
    assert problems_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("q\ta\nq\x1b]0;pwned\x07\tb\n", "in.txt:2:1: error: front: character U+001B"),
    ("q\ta\nq2\tb\x1b[2J\n", "in.txt:2:2: error: back: character U+001B"),
    ("q\ta\nq2\tb\x9b2J\n", "in.txt:2:2: error: back: character U+009B"),
    ("q\ta\nq2\tb\x07\n", "in.txt:2:2: error: back: character U+0007"),
    ("q\ta\nq2\tb\u202ec\n", "in.txt:2:2: error: back: character U+202E"),
    ("q\ta\nq2\tb\tt\x1bag\n", "in.txt:2:3: error: tags: character U+001B"),
    ("#tags:a\x1bb\nq\ta\n", "in.txt:1:2: error: #tags: character U+001B"),
    ("#html:true\nq\t<b>a</b>\x1b[2J\n", "in.txt:2:2: error: back: character U+001B"),
    ("#html:true\n<i>q</i>\x9d0;x\x07\ta\n", "in.txt:2:1: error: front: character U+009D"),
    ("{{c1::x}}\x1b[31m\textra\n", "in.txt:1:1: error: front: character U+001B"),
    ("#separator:comma\nq,\"a\x08b\"\n", "in.txt:2:2: error: back: character U+0008"),
])
def test_characters_that_drive_the_terminal_are_refused_at_their_field(
        text: str, expected: str) -> None:
    [problem] = problems_of(text)
    assert problem.startswith(expected) and "\x1b" not in problem


def test_html_character_references_to_controls_make_no_control_character() -> None:
    [card] = cards_of("#html:true\nq&#x1b;]0;x&#7;\ta&#27;[2J&#x9b;\n")
    assert not CONTROL_RE.search(card["q"]) and not CONTROL_RE.search(card["a"])


def test_carriage_returns_and_tabs_inside_fields_are_kept_as_line_breaks_and_tabs() -> None:
    [card] = cards_of('#separator:comma\n"one\r\ntwo","a\tb"\n')
    assert (card["q"], card["a"]) == ("one\ntwo", "a\tb")


def test_every_bad_row_is_reported_not_just_the_first() -> None:
    assert [p.split(": error")[0] for p in problems_of("a\t\nb\tok\n\tc\nd\n")] == \
        ["in.txt:1:2", "in.txt:3:1", "in.txt:4:1"]


def test_a_multi_line_row_is_located_at_its_first_line() -> None:
    assert problems_of('"one\ntwo"\tok\n"three\nfour"\t\n') == ["in.txt:3:2: error: back is empty"]


def test_bytes_that_are_not_utf8_are_located() -> None:
    assert problems_of(b"q\ta\nq2\t\xff\n") == \
        ["in.txt:2:4: error: not valid UTF-8 (byte 0xff); export as UTF-8"]


cell = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
filled = cell.filter(lambda text: text.strip() != "")
row = st.one_of(st.lists(cell, max_size=4), st.lists(filled, min_size=2, max_size=3))


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(rows=st.lists(row, max_size=6),
       separator=st.sampled_from(["\t", ",", ";"]), html=st.booleans(),
       header=st.booleans())
def test_hostile_rows_never_crash_and_what_imports_loads_exactly(
        tmp_path: Path, rows: list[list[str]], separator: str, html: bool,
        header: bool) -> None:
    import csv
    import io

    buffer = io.StringIO()
    if header:
        name = {"\t": "tab", ",": "comma", ";": "semicolon"}[separator]
        buffer.write(f"#separator:{name}\n#html:{'true' if html else 'false'}\n")
    csv.writer(buffer, delimiter=separator, lineterminator="\n").writerows(rows)
    result = read_export(buffer.getvalue().encode("utf-8"), "in.txt")
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1 and "\n" not in problem.message
    if result.problems:
        return
    path = tmp_path / "hostile.yaml"
    path.write_text(render_deck("hostile", "Hostile", "in.txt", result), encoding="utf-8")
    deck, problems = read_deck(path)
    assert problems == [], path.read_text(encoding="utf-8")
    assert [card.prompt for card in deck.cards] == \
        [c.get("q", c.get("text")) for c in result.cards]
    assert [card.answer for card in deck.cards if card.type.value == "basic"] == \
        [c["a"] for c in result.cards if "a" in c]


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    result = read_export(data, "in.txt")
    assert result.cards or result.problems


def test_import_cli_writes_the_deck(run_quiz, tmp_path: Path) -> None:
    (tmp_path / "export.txt").write_text(ANKI_EXPORT, encoding="utf-8")
    result = run_quiz("import", "csv", "export.txt", "--deck", "from-anki")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote decks/from-anki.yaml: 4 cards\n"
    data = yaml.safe_load((tmp_path / "decks" / "from-anki.yaml").read_text(encoding="utf-8"))
    assert data["deck"] == "from-anki" and data["title"] == "export"
    assert run_quiz("check", "decks/from-anki.yaml").returncode == 0
    printed = run_quiz("import", "csv", "export.txt", "--deck", "x", "--title", "T", "-o", "-")
    assert printed.returncode == 0 and "\ntitle: T\n" in printed.stdout


def test_import_cli_reports_every_bad_row_and_writes_nothing(run_quiz, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("q,a\nonly\n,b\n", encoding="utf-8")
    result = run_quiz("import", "csv", "bad.csv", "--deck", "bad")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "bad.csv:2:1: error: row has 1 field; expected front and back separated by ','",
        "bad.csv:3:1: error: front is empty",
        "quiz: 2 problems in bad.csv; nothing written",
    ]
    assert not (tmp_path / "decks").exists()


def test_import_cli_refuses_an_anki_export_with_an_escape_and_writes_nothing(
        run_quiz, tmp_path: Path) -> None:
    (tmp_path / "export.txt").write_text("#html:true\n问题\t<b>答案</b>\x1b]0;x\x07\n",
                                         encoding="utf-8")
    result = run_quiz("import", "csv", "export.txt", "--deck", "from-anki")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "export.txt:2:2: error: back: character U+001B (a control character) is not allowed",
        "quiz: 1 problem in export.txt; nothing written"]
    assert not (tmp_path / "decks").exists()


def test_a_deck_over_the_limit_is_refused_and_far_over_it_not_even_rendered(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import quiz.interchange.anki_import

    result = read_export("问题一\t答案一\n问题二\t答案二\n".encode(), "in.txt")
    full = render_deck("d", "T", "in.txt", result)
    size = len(full.encode())
    assert render_within("d", "T", "in.txt", result, size) == full
    assert render_within("d", "T", "in.txt", result, size - 1) is None
    monkeypatch.setattr(quiz.interchange.anki_import, "render_deck", pytest.fail)
    text_bytes = len("问题一答案一问题二答案二".encode()) + sum(len(c["id"]) for c in result.cards)
    assert render_within("d", "T", "in.txt", result, text_bytes - 1) is None


def test_import_cli_refuses_an_export_that_would_make_a_deck_over_the_limit(
        run_quiz, tmp_path: Path) -> None:
    # 1,800 rows of 3,000 characters: over 5 MiB of text, so over the loader's limit.
    rows = "".join(f"问题{n}\t{'答' * 1000}\n" for n in range(1800))
    (tmp_path / "big.txt").write_text(rows, encoding="utf-8")
    for output in ((), ("-o", "-")):
        result = run_quiz("import", "csv", "big.txt", "--deck", "big", *output)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == ("quiz: big.txt would make a deck over 5 MiB (1,800 cards), the "
                                 "limit for deck files; split the export; nothing written\n")
    assert not (tmp_path / "decks").exists()


@pytest.mark.parametrize("args, message", [
    (("in.csv", "--deck", "x", "--title", "T\x1b[2J"),
     "quiz: --title: character U+001B (a control character) is not allowed in a deck\n"),
    (("in\x07.csv", "--deck", "x"),
     "quiz: the file name: character U+0007 (a control character) is not allowed in a deck\n"),
    (("missing.csv", "--deck", "x"), "quiz: no such file: missing.csv\n"),
    (("in.csv", "--deck", "X"), "quiz: deck slug 'X' must be lowercase letters, digits and '-', "
                                "starting with a letter or digit\n"),
    (("in.csv", "--deck", "taken"), "quiz: decks/taken.yaml already exists; not overwritten\n"),
])
def test_import_cli_usage_errors(run_quiz, tmp_path: Path, args, message: str) -> None:
    (tmp_path / "in.csv").write_text("q,a\n", encoding="utf-8")
    (tmp_path / "in\x07.csv").write_text("q,a\n", encoding="utf-8")
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "taken.yaml").write_text("mine\n", encoding="utf-8")
    result = run_quiz("import", "csv", *args)
    assert result.returncode == 2
    assert result.stderr == message
    assert (tmp_path / "decks" / "taken.yaml").read_text(encoding="utf-8") == "mine\n"


def test_a_csvs_row_of_column_names_is_read_as_anki_names_it_in_its_header() -> None:
    """README: every row is a card, so a CSV's own header row is one too, unless it is
    written as Anki's #separator and #columns lines."""
    rows = "front,back,tags\n\"问题, 有逗号\",答案,t1 t2\n"
    assert [card["q"] for card in cards_of(rows)] == ["front", "问题, 有逗号"]
    named = cards_of("#separator:Comma\n#columns:Front,Back,Tags\n" + rows.split("\n", 1)[1])
    assert [(card["q"], card["a"], card["tags"]) for card in named] == \
        [("问题, 有逗号", "答案", ["t1", "t2"])]
