"""What the command-line options name, opened: the one place that turns --decks, --data-dir,
--config and the settings flags (each over its environment variable and default) into the
paths and settings the domain opens. The domain itself takes only explicit paths."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.cli.options import overrides_from_args

if TYPE_CHECKING:
    from quiz.core.model import Card, Deck
    from quiz.core.settings import Settings
    from quiz.decks.reader import LoadResult
    from quiz.storage.store import Store
    from quiz.study.collection import Collection


def data_dir_of(args: argparse.Namespace) -> Path:
    """The data directory: --data-dir › $QUIZ_HOME › the platform's user data directory."""
    from quiz.core.locations import data_dir

    return data_dir(getattr(args, "data_dir", None))


def config_of(args: argparse.Namespace) -> Path:
    """The config file: --config › $QUIZ_CONFIG › config.toml in the user config directory."""
    from quiz.core.locations import config_path

    return config_path(getattr(args, "config", None))


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings: the flags on the command line › config.toml › the defaults."""
    from quiz.core.settings import load_settings

    return load_settings(config_of(args), **overrides_from_args(args))


def open_store(args: argparse.Namespace) -> Store:
    """The review store in the data directory the options name (created on first use)."""
    from quiz.storage.store import Store

    return Store.open(data_dir_of(args))


def open_collection(args: argparse.Namespace) -> Collection:
    """The collection the options name: decks, store and settings (flags over config.toml)."""
    from quiz.core.locations import deck_paths
    from quiz.study.collection import Collection

    return Collection.open(deck_paths=deck_paths(getattr(args, "decks", None)),
                           data_dir=data_dir_of(args), config_path=config_of(args),
                           overrides=overrides_from_args(args))


def selected_cards(args: argparse.Namespace, spec: str, **load_options
                   ) -> tuple[LoadResult, Deck, tuple[Card, ...]]:
    """The decks the options name, read (`load_options` go to `load_decks`), and the deck or
    card `spec` (DECK or DECK/ID) names in them. A name not found is a usage error, which
    says so when some deck file could not be read fully (the deck may be in it)."""
    from quiz.core.errors import UsageError
    from quiz.core.locations import deck_paths
    from quiz.decks.discover import existing_roots, find_deck_files
    from quiz.decks.reader import load_decks, select_cards

    roots = existing_roots(deck_paths(getattr(args, "decks", None)))
    result = load_decks(find_deck_files(roots), **load_options)
    try:
        deck, cards = select_cards(result.decks, spec)
    except UsageError as exc:
        broken = len(result.broken_paths())
        if broken:
            raise UsageError(f"{exc} ({broken} deck file{'s' if broken != 1 else ''} could not "
                             f"be read fully; see 'quiz check')") from None
        raise
    return result, deck, cards
