"""`quiz backup [FILE]`: a consistent copy of the review store, taken while it is in use."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "backup", help="write a consistent copy of the review store",
        description="Copy the review store with SQLite's online backup: one consistent "
                    "snapshot, even while another quiz is studying, checked and then renamed "
                    "into place. Copying quiz.db (or its -wal file) by hand can catch it "
                    "halfway through a write.")
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="where to write the copy, or a directory to write it in "
                             "(default: quiz-backup-YYYYMMDD-HHMMSS.db in the data directory)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from quiz.cli.open import data_dir_of
    from quiz.core.clock import now
    from quiz.storage.backup import backup_store, default_backup
    from quiz.storage.store import DB_NAME

    directory = data_dir_of(args)
    target = Path(args.file) if args.file else default_backup(directory, now())
    print(backup_store(directory / DB_NAME, target, force=args.force))
    return 0
