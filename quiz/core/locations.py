"""Where decks, the data directory and the config file are, resolved at run time.

Nothing here creates or opens anything: callers decide when to touch the disk.
"""

from __future__ import annotations

import os
from pathlib import Path

from quiz.core.errors import UsageError

APP_NAME = "quiz"
PACKAGE_DIR = Path(__file__).resolve().parent.parent


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


def named_config(cli_path: str | None = None) -> Path | None:
    """The config file named by --config › $QUIZ_CONFIG, which must exist; None if neither.

    A named file that is missing is an error rather than the defaults: a typo in the name
    would otherwise go unnoticed.
    """
    named = cli_path or os.environ.get("QUIZ_CONFIG")
    if not named:
        return None
    path = Path(named)
    origin = "--config" if cli_path else "$QUIZ_CONFIG"
    if not path.exists():
        raise UsageError(f"no such config file: {path} (from {origin})")
    if path.is_dir():
        raise UsageError(f"config file {path} (from {origin}) is a directory")
    return path


def config_path(cli_path: str | None = None) -> Path:
    """Config file: --config › $QUIZ_CONFIG › config.toml in the platform's user config directory
    (only this last one may be missing)."""
    named = named_config(cli_path)
    if named is not None:
        return named
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"
