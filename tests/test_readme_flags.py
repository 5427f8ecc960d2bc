"""README and the argument parsers agree, so that neither drifts from the other.

Every flag a parser defines is documented in the README sections whose heading names its
command, or else in those the commands table points to (the options every command shares in
"Commands", the settings flags in "Scheduling settings"), and every `quiz …` command line the
README shows uses only flags its command takes. The checks are run on copies of the README with
a flag taken out or a wrong one put in, so a pass means something.
"""

from __future__ import annotations

import argparse
import re
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from quiz.cli.main import COMMANDS, SETTINGS_COMMANDS, build_parser
from quiz.core.settings import FLAGS, KEYS, Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")

COMMON = ("--decks", "--data-dir", "--config", "--lang")
HELP = ("-h", "--help")
# Flags the README gives to programs other than quiz.
OTHER_PROGRAMS = {"--misses"}    # bench/draft_recall.py
FLAG = re.compile(r"(?<![\w-])--?[a-zA-Z][\w-]*")


# -- the parsers ----------------------------------------------------------------------------

def parsers() -> dict[str, argparse.ArgumentParser]:
    """Every command path ("" for bare quiz, "check", "log export", …) and its parser."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        found[path] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}".strip())

    walk(build_parser(), "")
    return found


PARSERS = parsers()
# The commands a person runs: the leaves (`quiz log` alone only names its actions).
RUNNABLE = [path for path in PARSERS
            if not any(other.startswith(f"{path} ") for other in PARSERS if path)]


def options(path: str) -> list[tuple[str, ...]]:
    """The options of one command, each as its option strings (`("-o", "--output")`)."""
    return [tuple(action.option_strings) for action in PARSERS[path]._actions
            if action.option_strings]


def settings_flags() -> set[str]:
    group = next(group for group in PARSERS["due"]._action_groups
                 if group.title and group.title.startswith("settings"))
    return {flag for action in group._group_actions for flag in action.option_strings}


SETTINGS = settings_flags()


def own_options(path: str) -> list[tuple[str, ...]]:
    """A command's options other than --help, the shared ones and the settings flags."""
    shared = {*COMMON, *HELP, *SETTINGS}
    return [names for names in options(path) if not shared & set(names)]


# -- the README -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    text: str          # the heading, its text and its subsections


def anchor(title: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def sections(readme: str) -> list[Section]:
    headings = [(m.start(), len(m.group(1)), m.group(2).strip())
                for m in re.finditer(r"^(#{1,6}) (.+)$", readme, flags=re.MULTILINE)
                if not in_code_block(readme, m.start())]
    found = []
    for index, (start, level, title) in enumerate(headings):
        end = next((s for s, lvl, _ in headings[index + 1:] if lvl <= level), len(readme))
        found.append(Section(title, anchor(title), readme[start:end]))
    return found


def in_code_block(readme: str, position: int) -> bool:
    return readme.count("\n```", 0, position) % 2 == 1


def section(readme: str, title: str) -> Section:
    return next(s for s in sections(readme) if s.title == title)


def command_of(words: list[str]) -> tuple[str, int]:
    """The command path a `quiz …` line names and the index of the word after it ("" and 0
    for bare quiz); options before the command name, and their values, are skipped."""
    takes_value = {flag for action in PARSERS[""]._actions if action.nargs != 0
                   for flag in action.option_strings}
    index = 0
    while index < len(words) and words[index].startswith("-"):
        index += 2 if words[index].split("=")[0] in takes_value and "=" not in words[index] \
            else 1
    path = ""
    while index < len(words) and f"{path} {words[index]}".strip() in PARSERS:
        path = f"{path} {words[index]}".strip()
        index += 1
    return path, index


def table_sections(readme: str) -> dict[str, list[Section]]:
    """For each command the commands table names, the sections its row points to ("below"
    being the "Commands" section itself)."""
    commands = section(readme, "Commands")
    by_anchor = {s.anchor: s for s in sections(readme)}
    found: dict[str, list[Section]] = {}
    for row in re.findall(r"^\| (`quiz.*?) \|.*\| (.+?) \|$", commands.text, flags=re.MULTILINE):
        named, places = row
        targets = [by_anchor[a] for a in re.findall(r"\]\(#([\w-]+)\)", places)]
        if "below" in places:
            targets.append(commands)
        for span in re.findall(r"`(quiz[^`]*)`", named):
            path, _ = command_of(span.split()[1:])
            found.setdefault(path, []).extend(targets)
    return found


def headed_sections(readme: str) -> dict[str, list[Section]]:
    """For each command a heading names (`### `quiz try DECK/ID "REPLY" [--json]``), the
    sections so headed: where its flags belong."""
    found: dict[str, list[Section]] = {}
    for part in sections(readme):
        for span in re.findall(r"`(quiz(?: [^`]*)?)`", part.title):
            found.setdefault(command_of(span.split()[1:])[0], []).append(part)
    return found


def mentions(text: str, names: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) for name in names)


def undocumented(readme: str) -> list[str]:
    """Each flag a parser defines that the README does not give where it should: in the
    sections whose heading names its command, else in those the commands table points to."""
    places, headed = table_sections(readme), headed_sections(readme)
    missing = [f"quiz {path}: not in the commands table".replace("  ", " ")
               for path in RUNNABLE if path not in places]
    for path in RUNNABLE:
        text = "".join(s.text for s in headed.get(path) or places.get(path, []))
        if path == "":      # bare quiz: --version and --theme are said under "Commands"
            text += section(readme, "Commands").text
        missing += [f"quiz {path} {'/'.join(names)}".replace("  ", " ")
                    for names in own_options(path) if not mentions(text, names)]
    intro = section(readme, "Commands").text.split("\n|", 1)[0]
    missing += [f"{flag}: not among the options every command takes"
                for flag in COMMON if not mentions(intro, (flag,))]
    settings_text = section(readme, "Scheduling settings").text
    missing += [f"{flag}: not in Scheduling settings" for flag in sorted(SETTINGS)
                if not mentions(settings_text, (flag,))]
    return missing


def command_lines(readme: str) -> list[str]:
    """Every `quiz …` command line: in code spans, and in code blocks (`$ ` and comments
    taken off)."""
    lines = []
    for block in re.findall(r"^```\w*\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line.removeprefix("$ "))
            if line == "quiz" or line.startswith("quiz "):
                lines.append(line)
    prose = re.sub(r"^```\w*\n.*?^```", "", readme, flags=re.MULTILINE | re.DOTALL)
    for span in re.findall(r"`([^`\n]+)`", prose):
        found = re.search(r"(?:^|\s)(quiz(?: .*)?)$", span)
        if found:
            lines.append(found.group(1))
    return lines


def wrong_flags(readme: str) -> list[str]:
    """Each flag in a `quiz …` line that its command does not take, and each `--flag` in the
    README that no command takes."""
    wrong = []
    for line in command_lines(readme):
        words = shlex.split(re.sub(r"[\[\]|…]", " ", line), posix=True)
        path, start = command_of(words[1:])
        for position, word in enumerate(words[1:]):
            if not FLAG.fullmatch(word.split("=")[0]):
                continue
            checked = path if position >= start else ""
            if word.split("=")[0] not in {flag for names in options(checked) for flag in names}:
                wrong.append(f"{line}: quiz {checked} takes no {word}".replace("  ", " "))
    every = {flag for path in PARSERS for names in options(path) for flag in names}
    wrong += [f"{flag}: no command takes it"
              for flag in sorted(set(re.findall(r"(?<![\w-])--[a-z][\w-]*", readme)))
              if flag not in every and flag not in OTHER_PROGRAMS]
    return wrong


# -- the tests ------------------------------------------------------------------------------

def test_every_parser_flag_is_documented_where_its_command_is() -> None:
    assert undocumented(README) == []


def test_every_flag_the_readme_shows_is_one_its_command_takes() -> None:
    assert wrong_flags(README) == []


def test_the_settings_commands_are_the_ones_the_readme_names() -> None:
    text = section(README, "Scheduling settings").text
    sentence = text[text.index("The commands whose behaviour they decide"):]
    sentence = sentence[:sentence.index("take the flags")]
    named = [command_of(span.split()[1:])[0] for span in re.findall(r"`(quiz[^`]*)`", sentence)]
    assert named == ["", *SETTINGS_COMMANDS]


def test_every_command_takes_the_shared_options() -> None:
    for path in RUNNABLE:
        flags = {flag for names in options(path) for flag in names}
        assert set(COMMON) <= flags, path
        assert (SETTINGS <= flags) == (path in ("", *SETTINGS_COMMANDS)), path


def test_the_parsers_hold_every_command() -> None:
    assert {path.split()[0] for path in RUNNABLE if path} == set(COMMANDS)
    assert {"export anki", "import csv", "log export", "log import"} <= set(RUNNABLE)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("### `quiz try DECK/ID \"REPLY\" [--json]`", "### `quiz try DECK/ID \"REPLY\"`", None),
    ("| `--port P` |", "| `--prt P` |", "quiz serve --port"),
    ("| `day_starts_at` | `4` | `--day-starts-at HOUR` |", "| `day_starts_at` | `4` | |",
     "--day-starts-at: not in Scheduling settings"),
    ("| `quiz backup [FILE]`, `quiz doctor` |", "| `quiz backup [FILE]` |",
     "quiz doctor: not in the commands table"),
])
def test_a_flag_left_out_of_the_readme_is_found(old: str, new: str, expected: str | None
                                                ) -> None:
    assert old in README
    edited = README.replace(old, new)
    if expected is None:     # --json must still be found in quiz try's section, which it is not
        edited = edited.replace("`--json`\nprints one object instead, `{\"deck\", \"id\"",
                                "this prints one object instead, `{\"deck\", \"id\"")
        expected = "quiz try --json"
    assert expected in undocumented(edited)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("quiz study [DECK…] [--tag T] [--cram]", "quiz study [DECK…] [--tag T] [--cran]",
     "quiz study takes no --cran"),
    ("`quiz show DECK --related`", "`quiz show DECK --count`", "quiz show takes no --count"),
    ("`quiz --lang en study`", "`quiz --json study`", "quiz takes no --json"),
    ("`--prune` deletes", "`--purge` deletes", "--purge: no command takes it"),
])
def test_a_flag_the_program_does_not_take_is_found(old: str, new: str, expected: str) -> None:
    assert old in README
    assert any(expected in problem for problem in wrong_flags(README.replace(old, new)))


# -- settings keys and environment variables ------------------------------------------------

def settings_rows(readme: str) -> dict[str, tuple[str, str]]:
    """Each config.toml key of the Scheduling settings table: (its default, its flags)."""
    text = section(readme, "Scheduling settings").text
    table = text[text.index("| key | default | flag | meaning |"):].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        key, default, flag, _ = re.split(r"\s*(?<!\\)\|\s*", line.strip().strip("|"), maxsplit=3)
        for name in re.findall(r"`([^`]+)`", key):
            rows[name] = (default, flag)
    return rows


# A value other than the default for every key, as config.toml writes it.
NOT_DEFAULT = """\
desired_retention = 0.8
new_per_day = 3
reviews_per_day = 9
learning_steps = ["2m"]
relearning_steps = ["5m"]
maximum_interval = 99
fuzz = false
day_starts_at = 6
leech_lapses = 3
type_basic = true
lang = "en"
theme = "light"
parameters = [0.2, 1.2, 3.2, 15.7, 7.2, 0.53, 1.46, 0.005, 1.54, 0.12, 1.01, 1.93, 0.11, 0.3,
              2.27, 0.23, 2.99, 0.52, 0.66, 0.15, 0.2]
finish_days = 10
easy_days = {sun = 0.5}
calendar = "CN"

[[exam]]
name = "x"
date = 2030-01-01
"""


def test_the_settings_table_holds_every_key_with_its_flag() -> None:
    rows = settings_rows(README)
    assert set(rows) == {f"[[{key}]]" if name == "exams" else key for name, key in KEYS.items()}
    for name, key in KEYS.items():
        flags = rows[f"[[{key}]]" if name == "exams" else key][1]
        expected = {FLAGS[name]} if name in FLAGS else {f"--{name}"} & {"--lang", "--theme"}
        if name in ("fuzz", "type_basic"):
            expected.add(f"--no-{FLAGS[name][2:]}")
        assert set(re.findall(r"--[a-z-]+", flags)) == expected, key


def test_the_documented_defaults_are_the_programs(tmp_path: Path) -> None:
    defaults, compared = Settings(), set()
    for key, (default, _) in settings_rows(README).items():
        written = re.fullmatch(r"`(.+)`", default)
        if key not in KEYS or written is None or getattr(defaults, key) is None:
            continue           # said in words ("from the locale"), or decided at launch (theme)
        value = tomllib.loads(f"value = {written.group(1)}")["value"]
        assert load_settings(tmp_path / "none.toml", **{key: value}) == defaults, key
        compared.add(key)
    assert compared == {"desired_retention", "new_per_day", "reviews_per_day", "learning_steps",
                        "relearning_steps", "maximum_interval", "fuzz", "day_starts_at",
                        "leech_lapses", "type_basic", "finish_days"}


def test_every_documented_key_is_read_from_config_toml(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(NOT_DEFAULT, encoding="utf-8")
    loaded, defaults = load_settings(tmp_path / "config.toml"), Settings()
    assert {key.strip("[]") for key in settings_rows(README)} == \
        set(tomllib.loads(NOT_DEFAULT))
    for name in KEYS:
        assert getattr(loaded, name) != getattr(defaults, name), name


def test_every_environment_variable_the_program_reads_is_documented() -> None:
    read = {name for path in (REPO / "quiz").rglob("*.py")
            for name in re.findall(r"\bQUIZ_[A-Z_]+\b", path.read_text(encoding="utf-8"))}
    assert read == {"QUIZ_HOME", "QUIZ_DECKS", "QUIZ_CONFIG", "QUIZ_NOW", "QUIZ_DEBUG"}
    assert {name for name in read if f"`{name}" not in README and f"${name}" not in README} \
        == set()
