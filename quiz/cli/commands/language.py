"""The language of a command's output: --lang › `lang` in config.toml › the locale."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.core.settings import Settings
    from quiz.render.i18n import Messages


def messages(args: argparse.Namespace, settings: Settings | None = None) -> Messages:
    """The message catalogue in the language this run asks for. `settings` are the open
    collection's (which already hold --lang); without them config.toml is read for `lang`."""
    from quiz.render.i18n import Messages, resolve_lang

    choice = getattr(args, "lang", None)
    if choice is None:
        if settings is None:
            from quiz.cli.open import config_of
            from quiz.core.settings import load_settings

            settings = load_settings(config_of(args))
        choice = settings.lang
    return Messages(resolve_lang(choice))
