"""Bare `quiz`: the deck list. Also what `quiz study` and `quiz exam` share to open the TUI.

Textual is imported only inside `launch`, after the collection is open and the selection
checked, so a bad deck name fails fast and `quiz --help` stays quick.
"""

from __future__ import annotations

import argparse
import gc
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
    """Build the app over `collection` and run it until the learner leaves; the exit code is
    non-zero if it ended on a write the store refused (said on stderr) or on a crash.

    The cycle collector is paused from here until the app's first frame (the app turns it
    back on): importing Textual and building the first screen allocate a great deal and free
    almost nothing, so collecting then only costs time (about 20 ms).
    """
    lang, theme = interface(args, collection)
    warn_problems(collection, lang)
    gc.disable()
    try:
        from quiz.tui.app import build_app

        app = build_app(collection, lang=lang, theme=theme, stats_screen=stats_screen,
                        **app_options)
        app.run()
    finally:
        gc.enable()
    if app.failure is not None:
        print(f"quiz: {app.failure}", file=sys.stderr)
        return app.failure.exit_code
    return app.return_code or 0


def stats_screen(collection: Collection):
    """The statistics screen the deck list's `t` opens (imported only when it is opened)."""
    from quiz.tui.screens.stats import StatsScreen

    return StatsScreen(collection)


def run(args: argparse.Namespace) -> int:
    from quiz.cli.open import open_collection

    collection = open_collection(args)
    try:
        return launch(args, collection, start="home")
    finally:
        collection.close()
