"""Bare `quiz`: the deck list. Also what `quiz study` and `quiz exam` share to open the TUI
(`quiz.tui.launch`, which imports Textual only once the collection is open and the selection
checked, so a bad deck name fails fast and `quiz --help` stays quick).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.study.collection import Collection


def interface(args: argparse.Namespace, collection: Collection) -> tuple[str, str]:
    """The language and theme: flags › config › locale (language) or dark (theme)."""
    from quiz.render.i18n import resolve_lang

    lang = resolve_lang(getattr(args, "lang", None) or collection.settings.lang)
    theme = getattr(args, "theme", None) or collection.settings.theme or "dark"
    return lang, theme


def warn_problems(collection: Collection, lang: str) -> None:
    """One line on stderr when the deck files have errors (as many as `quiz check` reports):
    the cards with them are left out."""
    from quiz.render.i18n import Messages

    if collection.error_count:
        print(f"quiz: {Messages(lang)('home.problems', count=collection.error_count)}",
              file=sys.stderr)


def launch(args: argparse.Namespace, collection: Collection, **app_options) -> int:
    """Run the TUI over `collection` in the language and theme the options ask for, until
    the learner leaves; the exit code is non-zero if it ended on a write the store refused
    (said on stderr) or on a crash."""
    from quiz.tui.launch import run_app

    lang, theme = interface(args, collection)
    warn_problems(collection, lang)
    app = run_app(collection, lang=lang, theme=theme, **app_options)
    if app.failure is not None:
        print(f"quiz: {app.t.error(app.failure)}", file=sys.stderr)
        return app.failure.exit_code
    return app.return_code or 0


def run(args: argparse.Namespace) -> int:
    from quiz.cli.open import open_collection

    collection = open_collection(args)
    try:
        return launch(args, collection, start="home")
    finally:
        collection.close()
