"""Consistent copies of the review store, written whole or not at all.

Copying `quiz.db` with the file manager (or syncing it) can catch it halfway through a write,
and misses answers still in `quiz.db-wal`; SQLite's online backup copies one consistent
snapshot instead, while other processes go on studying. The copy goes to a temporary file
beside the target, is checked, and is renamed into place only then, as every file quiz writes
(`quiz.core.files.replacing`).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from quiz.core import clock
from quiz.core.errors import UsageError
from quiz.core.files import replacing
from quiz.core.message import Message
from quiz.storage.faults import StoreError, classify, damaged

BACKUP_PREFIX = "quiz-backup-"


def default_backup(data_dir: Path, now: datetime) -> Path:
    """quiz-backup-YYYYMMDD-HHMMSS.db in the data directory (local time), never one that
    exists: a second backup within the same second gets -2, -3, …"""
    stem = f"{BACKUP_PREFIX}{now.astimezone():%Y%m%d-%H%M%S}"
    target, n = data_dir / f"{stem}.db", 1
    while target.exists():
        n += 1
        target = data_dir / f"{stem}-{n}.db"
    return target


def backup_store(store_path: Path, target: Path, *, force: bool = False) -> Path:
    """Copy the store at `store_path` to `target` (a file, or a directory to put the default
    name in) and return the file written. An existing file is replaced only with `force`."""
    if not store_path.is_file():
        raise StoreError(Message("backup.no_store", "there is no review store at {path}: "
                                 "nothing to back up", path=store_path))
    if target.is_dir():
        target = default_backup(target, clock.now())
    try:
        source = sqlite3.connect(f"{store_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise classify(exc, store_path) from None
    try:
        copy_store(source, store_path, target, force=force)
    finally:
        source.close()
    return target


def copy_store(source: sqlite3.Connection, source_path: Path, target: Path, *,
               force: bool) -> None:
    """Copy the database open on `source` to `target` in one consistent snapshot, through a
    temporary file that is checked (SQLite's quick_check) and synced before it is renamed
    (`quiz.core.files.replacing`)."""
    exists = f"{target} already exists; not overwritten (use --force to replace it)"
    if target.exists() and not force:
        raise UsageError(exists)
    try:
        with replacing(target, replace=force) as temporary:
            copy = sqlite3.connect(temporary, isolation_level=None)
            try:
                try:
                    source.backup(copy)   # one step: a single read transaction, one snapshot
                except sqlite3.Error as exc:
                    raise classify(exc, source_path) from None
                try:
                    copy.execute("PRAGMA journal_mode = DELETE")   # one self-contained file
                    problems = [row[0] for row in copy.execute("PRAGMA quick_check")]
                except sqlite3.DatabaseError as exc:
                    raise damaged(source_path, str(exc)) from None
            finally:
                copy.close()
            if problems != ["ok"]:
                raise damaged(source_path, problems[0])
    except FileExistsError:   # a file of that name appeared while copying
        raise UsageError(exists) from None
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
