"""Shared fixtures: an isolated environment and a way to run the real `quiz` command."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def quiz_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment variables that point every location at a temporary folder.

    $QUIZ_CONFIG names an empty config.toml: a named config file must exist.
    """
    (tmp_path / "config.toml").touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
    env.update({
        "QUIZ_HOME": str(tmp_path / "home"),
        "QUIZ_CONFIG": str(tmp_path / "config.toml"),
        "PYTHONPATH": str(REPO),
        "LANG": "C.UTF-8",
    })
    for key in [k for k in os.environ if k.startswith("QUIZ_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("QUIZ_HOME", env["QUIZ_HOME"])
    monkeypatch.setenv("QUIZ_CONFIG", env["QUIZ_CONFIG"])
    return env


@pytest.fixture
def run_quiz(quiz_env: dict[str, str], tmp_path: Path):
    """Run `python -m quiz ARGS…` as a separate process in tmp_path; returns CompletedProcess."""

    def run(*args: str, input: str | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "quiz", *args], input=input, capture_output=True,
            text=True, encoding="utf-8", cwd=cwd or tmp_path, env={**quiz_env, **(env or {})},
            timeout=timeout)

    return run


@pytest.fixture
def write_deck(tmp_path: Path):
    """Write a deck file (dedented) under tmp_path/decks and return its path."""

    def write(text: str, name: str = "sample.yaml") -> Path:
        path = tmp_path / "decks" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
