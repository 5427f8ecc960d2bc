"""The options several commands share, and reading the settings flags back from a parse.

Only the CLI reads argparse namespaces: the domain gets plain values (paths, overrides).
"""

from __future__ import annotations

import argparse
from typing import Any

from quiz.core.settings import FLAGS

THEME_CHOICES = ("dark", "light")


def add_common_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """Options every command takes, before or after the command name."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--decks", action="append", metavar="PATH", default=default,
                        help="deck file or directory (repeatable; default: $QUIZ_DECKS, "
                             "./decks, or the bundled decks)")
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help="where the review store lives (default: $QUIZ_HOME or the "
                             "platform's user data directory)")
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="settings file (default: $QUIZ_CONFIG or config.toml in the "
                             "platform's user config directory)")
    parser.add_argument("--lang", choices=("zh", "en"), default=default,
                        help="language of the output (default: config 'lang', else the locale)")


def add_top_options(parser: argparse.ArgumentParser) -> None:
    """The options taken before the command name."""
    add_common_options(parser, top=True)
    add_tui_options(parser, top=True)
    add_settings_options(parser, top=True)


def add_tui_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--theme, taken before or after the command name (every command takes --lang)."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--theme", choices=THEME_CHOICES, default=default,
                        help="colour theme (default: config 'theme', else dark)")


def add_plain_options(parser: argparse.ArgumentParser) -> None:
    """--plain and --json: the session line by line on stdin and stdout, not in the TUI."""
    parser.add_argument("--plain", action="store_true",
                        help="line by line on stdin and stdout instead of the terminal "
                             "interface: for screen readers, pipes and scripts")
    parser.add_argument("--json", action="store_true",
                        help="one JSON object per line (implies --plain; see README "
                             "'Plain mode')")


def add_settings_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """Flags that override config.toml for one run; taken before or after the command name."""
    default = None if top else argparse.SUPPRESS
    group = parser.add_argument_group("settings (override config.toml for this run)")
    group.add_argument("--retention", dest="desired_retention", type=float, metavar="R",
                       default=default, help="desired retention, 0.70–0.99 (default 0.90)")
    group.add_argument("--new-per-day", type=int, metavar="N", default=default,
                       help="new cards per study day (default 20)")
    group.add_argument("--reviews-per-day", type=int, metavar="N", default=default,
                       help="reviews per study day (default 200)")
    group.add_argument("--learning-steps", metavar="STEPS", default=default,
                       help="comma-separated learning steps, e.g. 1m,10m (s, m, h, d; a bare "
                            "number is minutes; empty for none)")
    group.add_argument("--relearning-steps", metavar="STEPS", default=default,
                       help="comma-separated relearning steps, e.g. 10m")
    group.add_argument("--maximum-interval", type=int, metavar="DAYS", default=default,
                       help="longest interval in days (default 36500)")
    group.add_argument("--fuzz", action=argparse.BooleanOptionalAction, default=default,
                       help="spread review intervals a little (default: on; --no-fuzz turns "
                            "it off)")
    group.add_argument("--day-starts-at", type=int, metavar="HOUR", default=default,
                       help="local hour when a study day starts (default 4)")
    group.add_argument("--type-basic", action=argparse.BooleanOptionalAction, default=default,
                       help="basic and cloze cards take a typed reply too (default: off)")
    group.add_argument("--finish-days", type=int, metavar="N", default=default,
                       help="see every new card of an exam's decks N days before the exam "
                            "(default 7)")


def overrides_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given as flags (`add_settings_options`, and --lang and --theme)."""
    overrides: dict[str, Any] = {}
    for name in ("desired_retention", "new_per_day", "reviews_per_day", "maximum_interval",
                 "fuzz", "day_starts_at", "type_basic", "finish_days", "lang", "theme"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    for name in ("learning_steps", "relearning_steps"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = [part.strip() for part in value.split(",") if part.strip()]
    return overrides


def settings_flags_given(args: argparse.Namespace) -> list[str]:
    """The settings flags on a command line, as written (`--no-fuzz` for fuzz off)."""
    given = []
    for name, flag in FLAGS.items():
        value = getattr(args, name, None)
        if value is not None:
            given.append("--no-" + flag[2:] if value is False else flag)
    return given
