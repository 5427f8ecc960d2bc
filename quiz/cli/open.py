"""The collection, store and settings the command-line options name: the one place that turns
--decks, --data-dir, --config and the settings flags into the paths the domain opens."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from quiz.cli.options import overrides_from_args

if TYPE_CHECKING:
    from quiz.study.collection import Collection


def open_collection(args: argparse.Namespace) -> Collection:
    """Open the collection the common command-line options (--decks, --data-dir, --config)
    name, with the settings flags on the command line over config.toml."""
    from quiz.core.locations import config_path, data_dir, deck_paths
    from quiz.study.collection import Collection

    return Collection.open(deck_paths=deck_paths(getattr(args, "decks", None)),
                           data_dir=data_dir(getattr(args, "data_dir", None)),
                           config_path=config_path(getattr(args, "config", None)),
                           overrides=overrides_from_args(args))
