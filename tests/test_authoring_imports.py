"""The authoring modules are domain code: importing them must not load Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MODULES = ("quiz.article", "quiz.figures", "quiz.draft", "quiz.skeleton", "quiz.deck_yaml",
           "quiz.show", "quiz.anki_export", "quiz.anki_import", "quiz.watch", "quiz.files",
           "quiz.commands.new", "quiz.commands.draft", "quiz.commands.show",
           "quiz.commands.export", "quiz.commands.import")


def test_authoring_modules_do_not_import_textual() -> None:
    code = ("import importlib, sys\n"
            f"for name in {MODULES!r}:\n"
            "    importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
