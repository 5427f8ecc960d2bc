"""The domain never imports Textual: every quiz module outside `quiz.tui`, and `quiz check`.

The modules are found on disk, so each new domain module or command is guarded as soon as it
exists. A fresh interpreter is used because this test process may already have Textual loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "quiz"
# The TUI may import Textual; `quiz.__main__` runs the CLI when imported.
EXEMPT = {"quiz.tui", "quiz.__main__"}

PROBE = """
import importlib, json, sys
results = {}
for name in sys.argv[1:]:
    before = set(sys.modules)
    importlib.import_module(name)
    results[name] = sorted(m for m in set(sys.modules) - before
                           if m == "textual" or m.startswith("textual."))
print(json.dumps(results))
"""


def domain_modules() -> list[str]:
    """Every importable module of the package except the exempt ones, by walking the files."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        if any(name == exempt or name.startswith(exempt + ".") for exempt in EXEMPT):
            continue
        names.append(name)
    return names


def run_python(code: str, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=cwd, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
                          timeout=120)


def test_the_walk_finds_the_deck_modules() -> None:
    names = domain_modules()
    assert {"quiz", "quiz.cli.main", "quiz.decks.reader", "quiz.core.model", "quiz.decks.grounding",
            "quiz.cli.commands.check"} <= set(names)
    assert not any(name.startswith("quiz.tui") for name in names)


@pytest.mark.parametrize("name", domain_modules())
def test_importing_a_domain_module_does_not_import_textual(name: str) -> None:
    result = run_python(PROBE, name)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {name: []}


def test_quiz_check_does_not_import_textual(tmp_path: Path) -> None:
    deck = tmp_path / "sample.yaml"
    deck.write_text("deck: sample\ntitle: t\ncards:\n  - {id: a, q: b, a: c}\n", encoding="utf-8")
    code = """
import sys
from quiz.cli.main import main
status = main(["check", sys.argv[1]])
print("textual" in sys.modules, any(m.startswith("textual.") for m in sys.modules), status)
"""
    result = run_python(code, str(deck), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False False 0"


def test_the_probe_would_notice_textual() -> None:
    # Guards the guard: the same probe reports Textual when a module does pull it in.
    result = run_python(PROBE, "textual.app")
    assert result.returncode == 0, result.stderr
    assert "textual.app" in json.loads(result.stdout)["textual.app"]
