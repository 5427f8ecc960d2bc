"""Where decks, the data directory and the config file are, resolved at run time.

Nothing here creates or opens anything: callers decide when to touch the disk.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quiz"
PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The decks or seeds shipped in the wheel, or the checkout's own when run from source."""
    installed = PACKAGE_DIR / "_bundled" / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def deck_paths(cli_paths: list[str] | None = None) -> list[Path]:
    """Deck search order: --decks PATH › $QUIZ_DECKS › ./decks if it exists › the bundled decks."""
    if cli_paths:
        return [Path(p) for p in cli_paths]
    env = os.environ.get("QUIZ_DECKS")
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    local = Path("decks")
    if local.is_dir():
        return [local]
    return [bundled_dir("decks")]


def data_dir(cli_dir: str | None = None) -> Path:
    """Data directory: --data-dir › $QUIZ_HOME › the platform's user data directory."""
    if cli_dir:
        return Path(cli_dir)
    env = os.environ.get("QUIZ_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path(cli_path: str | None = None) -> Path:
    """Config file: --config › $QUIZ_CONFIG › config.toml in the platform's user config directory."""
    if cli_path:
        return Path(cli_path)
    env = os.environ.get("QUIZ_CONFIG")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"
