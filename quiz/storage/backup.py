"""Consistent copies of the review store, written whole or not at all.

Copying `quiz.db` with the file manager (or syncing it) can catch it halfway through a write,
and misses answers still in `quiz.db-wal`; SQLite's online backup copies one consistent
snapshot instead, while other processes go on studying. The copy goes to a temporary file
beside the target, is checked, and is renamed into place only then.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from datetime import datetime
from pathlib import Path

from quiz.core.errors import UsageError
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
        raise StoreError(f"there is no review store at {store_path}: nothing to back up")
    if target.is_dir():
        target = default_backup(target, datetime.now().astimezone())
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
    temporary file that is checked (SQLite's quick_check) and synced before it is renamed."""
    if target.exists() and not force:
        raise UsageError(f"{target} already exists; not overwritten (use --force to replace it)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = _new_temporary(target)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
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
        _sync(temporary)
        _put_in_place(temporary, target, force)
        _sync(target.parent)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _new_temporary(target: Path) -> Path:
    """A new empty file beside `target`, made with the user's umask (not mkstemp's 0600), so
    the backup gets the permissions any other file would."""
    while True:
        path = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return path


def _put_in_place(temporary: Path, target: Path, force: bool) -> None:
    """Rename the copy onto `target`; without `force`, never over a file that appeared
    meanwhile (a hard link fails if the name exists; where links are not supported, the
    check made before copying stands)."""
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise UsageError(f"{target} already exists; not overwritten (use --force to replace "
                         f"it)") from None
    except OSError:
        if target.exists():
            raise UsageError(f"{target} already exists; not overwritten (use --force to "
                             f"replace it)") from None
        os.replace(temporary, target)


def _sync(path: Path) -> None:
    """Flush a file (or a directory's entries) to the disk."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
