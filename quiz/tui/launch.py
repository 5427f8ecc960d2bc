"""Starting the TUI over an open collection: the one entry the command line uses.

Textual is imported here only when the app is built, after the collection is open and the
command's selection checked, so a bad deck name fails fast and `quiz --help` stays quick.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.study.collection import Collection
    from quiz.tui.app import QuizApp
    from quiz.tui.screens.stats import StatsScreen


def run_app(collection: Collection, *, lang: str, theme: str, **app_options) -> QuizApp:
    """Build the app over `collection` and run it until the learner leaves; returns the app,
    whose `failure` and `return_code` say how it ended.

    The cycle collector is paused from here until the app's first frame (the app turns it
    back on): importing Textual and building the first screen allocate a great deal and free
    almost nothing, so collecting then only costs time (about 20 ms).
    """
    gc.disable()
    try:
        from quiz.tui.app import build_app

        app = build_app(collection, lang=lang, theme=theme, stats_screen=stats_screen,
                        **app_options)
        app.run()
    finally:
        gc.enable()
    return app


def stats_screen(collection: Collection) -> StatsScreen:
    """The statistics screen the deck list's `t` opens (imported only when it is opened)."""
    from quiz.tui.screens.stats import StatsScreen

    return StatsScreen(collection)
