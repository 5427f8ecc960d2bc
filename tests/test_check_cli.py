"""`quiz check` as a user runs it: a real process, its output and exit codes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import quiz
from deck_helpers import write
from quiz.core.locations import bundled_dir, deck_paths

GOOD = """\
deck: {slug}
title: 样例
cards:
  - id: basic-card
    q: 问题
    a: 答案
    accept: [答]
  - id: cloze-card
    type: cloze
    text: 同比增长{{{{23.5%}}}}，余额{{{{29.4万亿元::金额}}}}
  - id: choice-card
    type: choice
    q: 利率？
    choices: [3.96%, 4.46%, 4.96%, 5.46%]
    a: 4.46%
  - id: numeric-card
    type: numeric
    q: 多少个？
    a: '10.19'
    unit: 个
"""
BROKEN = "deck: broken\ntitle: 坏的\ncards:\n  - id: one\n    q: [问题]\n    a: 答案\n"


def good(slug: str = "sample") -> str:
    return GOOD.format(slug=slug)


# -- exit codes and text output --------------------------------------------------------------


def test_a_clean_deck_exits_0_with_a_one_line_summary(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good(), "decks/sample.yaml")
    result = run_quiz("check", "decks")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "1 deck file, 4 cards: no problems\n"


def test_deck_errors_exit_1_one_line_each(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, BROKEN, "decks/broken.yaml")
    write(tmp_path, "deck: other\ntitle: t\ncards:\n  - {id: a, q: b, a: c, zz: d}\n",
          "decks/sub/other.yaml")
    result = run_quiz("check", "decks")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "decks/broken.yaml:5:8: error: 'q' must be text, not a list",
        "decks/sub/other.yaml:4:25: error: unknown key 'zz' in basic cards",
        "2 deck files, 2 cards: 2 errors, 0 warnings",
    ]


def test_the_summary_counts_every_card_read_in_files_with_errors(run_quiz,
                                                                 tmp_path: Path) -> None:
    write(tmp_path, "deck: untitled\ncards:\n  - {id: a, q: b, a: c}\n  - {id: d, q: e}\n"
                    "  - {id: f, q: g, a: h}\n  - not a card\n", "decks/untitled.yaml")
    write(tmp_path, good("sample"), "decks/sample.yaml")
    write(tmp_path, good("sample"), "decks/again/sample.yaml")  # the slug again: not loaded
    result = run_quiz("check", "decks")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "3 deck files, 11 cards: 4 errors, 0 warnings"


def test_warnings_alone_exit_0(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good("sample").replace("deck: sample", "deck: renamed"), "sample.yaml")
    result = run_quiz("check", "sample.yaml")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "sample.yaml:1:7: warning: deck slug 'renamed' differs from the file name 'sample.yaml'",
        "1 deck file, 4 cards: 0 errors, 1 warning",
    ]


def test_an_expired_fact_is_a_warning(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good().replace("title: 样例", "title: 样例\nvalid_until: 2000-01-01"),
          "sample.yaml")
    result = run_quiz("check", "sample.yaml")
    assert result.returncode == 0
    assert "sample.yaml:3:14: warning: valid_until: the fact expired on 2000-01-01" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["check", "missing.yaml"], "quiz: no such file or directory: missing.yaml\n"),
    (["check", "decks", "nowhere"], "quiz: no such file or directory: nowhere\n"),
    (["check", "empty"], "quiz: no deck files (*.yaml, *.yml) in empty\n"),
])
def test_bad_paths_exit_2_with_one_line(run_quiz, tmp_path: Path, args: list[str],
                                        message: str) -> None:
    write(tmp_path, good(), "decks/sample.yaml")
    (tmp_path / "empty").mkdir()
    result = run_quiz(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


@pytest.mark.parametrize("args", [["check", "--bogus"], ["check", "--json=yes"],
                                  ["--nope", "check"], ["chekc"]])
def test_bad_flags_exit_2_with_one_line(run_quiz, args: list[str]) -> None:
    result = run_quiz(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("quiz")
    assert "error:" in result.stderr


def test_check_help_exits_0(run_quiz) -> None:
    result = run_quiz("check", "--help")
    assert result.returncode == 0
    assert "--json" in result.stdout


def test_version(run_quiz) -> None:
    result = run_quiz("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"quiz {quiz.__version__}")


def test_python_dash_m_quiz_is_the_cli(run_quiz, tmp_path: Path) -> None:
    # run_quiz runs `python -m quiz`; this checks the module entry point passes arguments
    # through and returns main()'s exit code.
    write(tmp_path, BROKEN, "broken.yaml")
    assert run_quiz("check", "broken.yaml").returncode == 1


# -- hostile input never gives a traceback -----------------------------------------------------

HOSTILE: dict[str, bytes] = {
    "nested": b"a: " + b"[" * 1_000_000 + b"]" * 1_000_000 + b"\n",
    "nested-block": b"- " * 500_000 + b"x\n",
    "laughs": ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
        for i in range(8)) + "cards: *i\n").encode(),
    "recursive": b"deck: &a [*a]\n",
    "python-tag": b"deck: !!python/object/apply:os.system ['echo pwned']\n",
    "binary": bytes(range(256)) * 4,
    "utf16": "deck: x\n".encode("utf-16"),
    "nul": b"deck: x\x00\n",
    "huge": b"# " + b"x" * (5 * 2**20) + b"\n",
    "only-bom": b"\xef\xbb\xbf",
    "weird-keys": b"? [a]\n: b\n? {c: d}\n: e\n1: 2\n~: 3\n",
    "escapes": b'deck: "\\e[2J\\x07"\ntitle: "\\u2028"\ncards: ["\\0"]\n',
    "anchors-everywhere": b"deck: &d x\n&k title: *d\ncards: [&c {id: *d}, *c]\n",
    "flow-mess": b"{deck: x, cards: [{id: a, q: [b, {c: d}]}], title: [}\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_get_located_errors_never_a_traceback(run_quiz, tmp_path: Path,
                                                           name: str) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / f"{name}.yaml").write_bytes(HOSTILE[name])
    write(tmp_path, good("fine"), "decks/fine.yaml")
    result = run_quiz("check", "decks", timeout=30)
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    summary = re.match(r"2 deck files, (\d+) cards: ", lines[-1])
    assert summary and int(summary.group(1)) >= 4  # fine.yaml's cards, and any the other holds
    assert any(line.startswith(f"decks/{name}.yaml:") and ": error: " in line for line in lines)
    assert not any(line.startswith("decks/fine.yaml") for line in lines)
    assert not (tmp_path / "pwned").exists()


def test_hostile_files_in_json_mode_keep_the_json_valid(run_quiz, tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    for name, data in HOSTILE.items():
        (tmp_path / "decks" / f"{name}.yaml").write_bytes(data)
    result = run_quiz("check", "--json", "decks", timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert {Path(e["path"]).stem for e in report["errors"]} == set(HOSTILE)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_named_as_a_deck_is_refused_without_blocking(run_quiz, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    result = run_quiz("check", "pipe.yaml", timeout=20)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "pipe.yaml:1:1: error: not a regular file"


def test_control_characters_in_values_cannot_break_lines_or_drive_the_terminal(
        run_quiz, tmp_path: Path) -> None:
    write(tmp_path, 'deck: sample\ntitle: t\n"\\e[31mred": 1\ncards:\n  - id: a\n    q: b\n'
                    '    a: c\n', "sample.yaml")
    write(tmp_path, 'deck: lines\ntitle: t\ncards:\n  - id: a\n    q: b\n'
                    '    a: "x\\ny"\n    type: choice\n    choices: [c, d]\n', "lines.yaml")
    result = run_quiz("check", "sample.yaml", "lines.yaml")
    assert result.stdout.splitlines()[:2] == [
        "lines.yaml:6:8: error: answer 'x\\ny' is not one of the choices",
        "sample.yaml:3:1: error: character U+001B (a control character) is not allowed in deck "
        "text (made by an escape in this quoted value)",
    ]
    assert "\x1b" not in result.stdout


# -- --json ------------------------------------------------------------------------------------


def test_json_lists_decks_and_cards_exactly(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good(), "decks/sample.yaml")
    result = run_quiz("check", "--json", "decks")
    assert (result.returncode, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    assert list(report) == ["decks", "errors", "give_away"]
    assert report["errors"] == []
    assert report["give_away"] == {"pairs": 0, "cards": 0}
    [deck] = report["decks"]
    assert {k: deck[k] for k in ("path", "deck", "title")} == {
        "path": "decks/sample.yaml", "deck": "sample", "title": "样例"}
    assert [{k: c[k] for k in ("id", "type", "prompt", "answer")} for c in deck["cards"]] == [
        {"id": "basic-card", "type": "basic", "prompt": "问题", "answer": "答案"},
        {"id": "cloze-card", "type": "cloze",
         "prompt": "同比增长{{23.5%}}，余额{{29.4万亿元::金额}}",
         "answer": ["23.5%", "29.4万亿元"]},
        {"id": "choice-card", "type": "choice", "prompt": "利率？", "answer": "4.46%"},
        {"id": "numeric-card", "type": "numeric", "prompt": "多少个？", "answer": "10.19"},
    ]
    assert deck["cards"][0]["accept"] == ["答"]
    assert deck["cards"][2]["choices"] == ["3.96%", "4.46%", "4.96%", "5.46%"]
    assert deck["cards"][3]["unit"] == "个"


def test_json_errors_have_exactly_the_five_fields(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, BROKEN, "decks/broken.yaml")
    write(tmp_path, good().replace("deck: sample", "deck: other"), "decks/sample.yaml")
    result = run_quiz("check", "--json", "decks")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == [
        {"path": "decks/broken.yaml", "line": 5, "column": 8,
         "message": "'q' must be text, not a list", "severity": "error"},
        {"path": "decks/sample.yaml", "line": 1, "column": 7,
         "message": "deck slug 'other' differs from the file name 'sample.yaml'",
         "severity": "warning"},
    ]


def test_valid_decks_are_listed_when_a_sibling_file_is_broken(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good("alpha"), "decks/alpha.yaml")
    write(tmp_path, BROKEN, "decks/broken.yaml")
    write(tmp_path, "deck: [\n", "decks/nested/syntax.yml")
    write(tmp_path, good("omega"), "decks/nested/omega.yml")
    result = run_quiz("check", "--json", "decks")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [d["deck"] for d in report["decks"]] == ["alpha", "omega"]
    assert sorted({e["path"] for e in report["errors"]}) == ["decks/broken.yaml",
                                                             "decks/nested/syntax.yml"]


def test_json_output_is_utf8_not_escaped(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good(), "sample.yaml")
    result = run_quiz("check", "--json", "sample.yaml")
    assert "样例" in result.stdout


# -- which files are checked ----------------------------------------------------------------


def test_directories_are_searched_recursively_for_yaml_and_yml(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good("a"), "decks/a.yaml")
    write(tmp_path, good("b"), "decks/x/y/b.yml")
    write(tmp_path, "not: a deck\n", "decks/notes.txt")
    write(tmp_path, "not: a deck\n", "decks/x/data.json")
    result = run_quiz("check", "--json", "decks")
    assert result.returncode == 0
    assert [d["path"] for d in json.loads(result.stdout)["decks"]] == ["decks/a.yaml",
                                                                       "decks/x/y/b.yml"]


def test_files_and_directories_can_be_mixed(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good("a"), "one/a.yaml")
    write(tmp_path, good("b"), "two/b.yaml")
    write(tmp_path, good("c"), "c.yaml")
    result = run_quiz("check", "--json", "one", "c.yaml", "two/b.yaml")
    assert [d["deck"] for d in json.loads(result.stdout)["decks"]] == ["a", "c", "b"]


def test_duplicate_slugs_across_files_are_an_error(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good("same"), "a/same.yaml")
    write(tmp_path, good("same"), "b/same.yaml")
    result = run_quiz("check", "a", "b")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == ("b/same.yaml:1:7: error: deck slug 'same' is "
                                             "already used by a/same.yaml:1")


def checked_decks(result) -> list[str]:
    assert result.returncode == 0, result.stdout + result.stderr
    return [d["deck"] for d in json.loads(result.stdout)["decks"]]


def test_default_is_the_deck_search_order(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, good("local"), "decks/local.yaml")
    write(tmp_path, good("env"), "env-decks/env.yaml")
    write(tmp_path, good("env2"), "more/env2.yaml")
    write(tmp_path, good("flag"), "flag-decks/flag.yaml")
    assert checked_decks(run_quiz("check", "--json")) == ["local"]
    env = {"QUIZ_DECKS": os.pathsep.join(["env-decks", "more"])}
    assert checked_decks(run_quiz("check", "--json", env=env)) == ["env", "env2"]
    assert checked_decks(run_quiz("check", "--json", "--decks", "flag-decks", env=env)) == ["flag"]
    assert checked_decks(run_quiz("--decks", "flag-decks", "check", "--json", env=env)) == ["flag"]
    assert checked_decks(run_quiz("check", "--json", "--decks", "flag-decks", "--decks",
                                  "more")) == ["flag", "env2"]
    assert checked_decks(run_quiz("check", "--json", "env-decks", "--decks", "flag-decks")) == [
        "env"]


def test_without_local_decks_the_bundled_decks_are_the_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUIZ_DECKS", raising=False)
    assert deck_paths() == [bundled_dir("decks")]
    assert bundled_dir("decks").name == "decks"
    assert bundled_dir("decks").parent in {Path(quiz.__file__).parent / "_bundled",
                                           Path(quiz.__file__).parent.parent}
    (tmp_path / "decks").mkdir()
    assert deck_paths() == [Path("decks")]
    monkeypatch.setenv("QUIZ_DECKS", f"a{os.pathsep}{os.pathsep}b")
    assert deck_paths() == [Path("a"), Path("b")]
    assert deck_paths(["c"]) == [Path("c")]


def test_a_bad_path_in_quiz_decks_is_a_usage_error(run_quiz) -> None:
    result = run_quiz("check", env={"QUIZ_DECKS": "nowhere"})
    assert (result.returncode, result.stderr) == (2, "quiz: no such file or directory: nowhere\n")


def test_watching_an_empty_directory_waits_for_its_first_deck(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from quiz.cli.commands import check
    from quiz.cli.commands.check import watch_check
    from quiz.cli.main import build_parser

    (tmp_path / "decks").mkdir()
    args = build_parser().parse_args(["check", "--watch", str(tmp_path / "decks")])
    assert watch_check(args, check.check_once, sleep=lambda _seconds: None, rounds=1) == 0
    assert f"quiz: no deck files (*.yaml, *.yml) in {tmp_path / 'decks'}\n" \
        in capsys.readouterr().err


GIVING = """\
deck: giving
title: 荔浦衣架
cards:
  - id: city
    q: 国内衣架有七成产自哪个市？
    a: 荔浦市
  - id: share
    q: 荔浦衣架占全国市场的多少？
    a: 七成
  - id: note
    q: 衣架产业始于哪个镇？
    a: 青山镇
    explain: 青山镇属荔浦市。
"""


def test_give_away_pairs_are_counted_in_the_summary_and_the_json(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, GIVING, "decks/giving.yaml")
    result = run_quiz("check", "--lang", "en", "decks")
    assert (result.returncode, result.stdout) == (
        0, "1 deck file, 3 cards: no problems; 2 give-away pairs "
           "(see quiz show DECK --related)\n")
    report = json.loads(run_quiz("check", "--json", "decks").stdout)
    assert report["give_away"] == {"pairs": 2, "cards": 2}


def test_check_counts_the_pairs_a_fresh_deck_cache_entry_holds(
        quiz_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from quiz.cli.main import main
    from quiz.decks import giveaway
    from quiz.decks.cache import load_decks_cached

    deck = write(tmp_path, GIVING, "decks/giving.yaml")
    monkeypatch.chdir(tmp_path)
    load_decks_cached([Path("decks/giving.yaml")], Path(quiz_env["QUIZ_HOME"]) / "cache")
    worked_out = []
    relation = giveaway.relation
    monkeypatch.setattr(giveaway, "relation", lambda cards: worked_out.append(1) or relation(cards))
    assert main(["check", "--lang", "en", "decks"]) == 0
    assert capsys.readouterr().out.endswith("; 2 give-away pairs (see quiz show DECK --related)\n")
    assert worked_out == []   # taken from the entry study left
    # Edited, the deck's entry is stale: city's question no longer holds share's answer.
    deck.write_text(deck.read_text(encoding="utf-8").replace("a: 七成", "a: 六成半"),
                    encoding="utf-8")
    assert main(["check", "--lang", "en", "decks"]) == 0
    assert capsys.readouterr().out.endswith("; 1 give-away pair (see quiz show DECK --related)\n")
    assert worked_out == [1]


def test_show_related_lists_each_pair_with_the_text_that_gives_it_away(
        run_quiz, tmp_path: Path) -> None:
    write(tmp_path, GIVING, "decks/giving.yaml")
    result = run_quiz("show", "--lang", "en", "--decks", "decks", "giving", "--related")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "giving: 2 give-away pairs; the first card shows the second's whole answer, so once "
        "it is shown the second is not asked that day",
        "city → share: 七成 (q)",
        "note → city: 荔浦市 (explain)"]
    one = run_quiz("show", "--lang", "en", "--decks", "decks", "giving/share", "--related")
    assert one.stdout.splitlines()[1:] == ["city → share: 七成 (q)"]
    write(tmp_path, "deck: lone\ntitle: t\ncards:\n  - {id: a, q: 问？, a: 答}\n",
          "decks/lone.yaml")
    none = run_quiz("show", "--lang", "en", "--decks", "decks", "lone", "--related")
    assert none.stdout == "lone: no give-away pairs; no card shows another's whole answer\n"


EVERY_KEY = """\
deck: every
title: 每个键
name: 每个键
source: seeds/article.txt
as_of: 2024-12-31
tags: [deck-tag]
valid_until: 2030-01-01
supersedes: older
cards:
  - id: basic
    q: 余额多少？
    a: 29.4万亿元
    accept: [29.4万亿]
    order: any
    quote: 余额29.4万亿元
    explain: 是时点数
    tags: [card-tag]
    source: seeds/article.txt
    valid_until: 2030-01-01
    supersedes: older/basic
    lint: {ignore: [long-answer]}
  - id: choice
    type: choice
    q: 利率？
    choices: [3.96%, 4.46%, 4.96%, 5.46%]
    a: 4.46%
    quote: 利率4.46%
  - id: numeric
    type: numeric
    q: 多少个？
    a: 10.19
    unit: 个
    tolerance: 0.1
    quote: 10.19个
"""


def test_json_keys_are_the_ones_the_readme_lists(run_quiz, tmp_path: Path) -> None:
    write(tmp_path, "余额29.4万亿元，利率4.46%，10.19个。\n", "seeds/article.txt")
    write(tmp_path, EVERY_KEY, "every.yaml")
    result = run_quiz("check", "--json", "every.yaml")
    assert result.returncode == 0, result.stdout
    [deck] = json.loads(result.stdout)["decks"]
    readme = (Path(quiz.__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shape = readme[readme.index('`{"decks": [{"path"'):]
    shape = shape[:shape.index("`", 1)]
    deck_keys = re.findall(r'"(\w+)"', shape[:shape.index('"cards": [')]) + ["cards"]
    card_keys = re.findall(r'"(\w+)"', shape[shape.index('"cards": ['):shape.index("}]")])[1:]
    assert list(deck) == deck_keys[1:]            # "decks" itself first
    assert set().union(*(card.keys() for card in deck["cards"])) == set(card_keys)
    basic = deck["cards"][0]
    assert basic["tags"] == ["deck-tag", "card-tag"] and basic["order"] == "any"
    assert basic["lint_ignore"] == ["long-answer"] and basic["line"] == 10
    assert deck["source"] == str((tmp_path / "seeds" / "article.txt").resolve())
