"""Deck files are found the same way by every command: one walk, each file once, however the
paths overlap (a directory and a file in it, two spellings of one file, a link to it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.decks.discover import find_deck_files

REPO = Path(__file__).resolve().parent.parent
DECKS = REPO / "decks"


def _overlaps(tmp_path: Path) -> list[list[Path]]:
    link = tmp_path / "linked.yaml"
    link.symlink_to(DECKS / "lipu-hangers.yaml")
    return [[DECKS, DECKS / "lipu-hangers.yaml"],
            [DECKS / "lipu-hangers.yaml", DECKS, DECKS / "." / "lipu-hangers.yaml"],
            [DECKS, link]]


def test_overlapping_paths_name_each_file_once(tmp_path: Path) -> None:
    alone = [path.resolve() for path in find_deck_files([DECKS])]
    for paths in _overlaps(tmp_path):
        assert sorted(path.resolve() for path in find_deck_files(paths)) == sorted(alone)


@pytest.mark.parametrize("overlap", range(3))
def test_study_and_check_agree_on_overlapping_deck_paths(run_quiz, tmp_path: Path,
                                                         overlap: int) -> None:
    paths = [str(path) for path in _overlaps(tmp_path)[overlap]]
    due = run_quiz("due", "--json", *(arg for path in paths for arg in ("--decks", path)))
    alone = run_quiz("due", "--json", "--decks", str(DECKS))
    assert due.returncode == 0 and due.stderr == ""     # no duplicate-slug warning
    assert _by_deck(due.stdout) == _by_deck(alone.stdout)   # (in the order the paths give)
    check = run_quiz("check", "--json", *paths)
    assert check.returncode == 0, check.stdout
    report = json.loads(check.stdout)
    assert report["errors"] == []
    assert len(report["decks"]) == len(_by_deck(alone.stdout)) == 5


def _by_deck(due_json: str) -> dict[str, dict]:
    return {deck["deck"]: deck for deck in json.loads(due_json)["decks"]}
