"""The authoring modules are domain code: importing them must not load Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MODULES = ("quiz.authoring.article", "quiz.authoring.facts", "quiz.authoring.draft",
           "quiz.authoring.skeleton", "quiz.decks.writer", "quiz.render.card",
           "quiz.interchange.anki_export", "quiz.interchange.anki_import", "quiz.decks.watch",
           "quiz.core.files",
           "quiz.cli.commands.new", "quiz.cli.commands.draft", "quiz.cli.commands.show",
           "quiz.cli.commands.export", "quiz.cli.commands.import")


def test_authoring_modules_do_not_import_textual() -> None:
    code = ("import importlib, sys\n"
            f"for name in {MODULES!r}:\n"
            "    importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
