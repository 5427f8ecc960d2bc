"""What went wrong with the store, named by its cause: damage, permissions, a full disk, a lock.

SQLite reports all of these as exceptions of a few classes; the advice for each is different
(restoring a backup over a healthy store that merely sits in a read-only directory would lose
answers), so each becomes its own one-line error that names the file and what to do, said as
a `quiz.core.message.Message` so that the CLI and the TUI say it in the learner's language.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from quiz.core.errors import QuizError
from quiz.core.message import Message

# SQLite's primary result codes (the low byte of an extended code).
_CORRUPT = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_READ_ONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


class StoreError(QuizError):
    """The store could not be read or written; the message names the cause and the file."""


class StoreDamaged(StoreError):
    """SQLite found the file corrupt: nothing more is written to it."""


class StoreUnwritable(StoreError):
    """Permission denied or a read-only file system: the store itself is fine."""


class StoreFull(StoreError):
    """The disk is full: the store itself is fine."""


class StoreBusy(StoreError):
    """Another process held the write lock for longer than we wait."""


def damaged(path: Path, detail: str) -> StoreDamaged:
    return StoreDamaged(Message(
        "store.damaged", "{path} is damaged ({detail}); it was left as it is: restore a backup "
        "(one written by `quiz backup`, or quiz.db.bak-v* from an upgrade) or move it away; "
        "`quiz doctor` says more", path=path, detail=detail))


def busy(path: Path, waited: float | None = None) -> StoreBusy:
    if waited is None:
        return StoreBusy(Message(
            "store.busy", "{path} is locked by another process; nothing was changed: try again "
            "once it has finished", path=path))
    return StoreBusy(Message(
        "store.busy_waited", "{path} is locked by another process (waited {seconds} s); nothing "
        "was changed: try again once it has finished", path=path, seconds=f"{waited:.0f}"))


def is_busy(error: sqlite3.Error) -> bool:
    return _primary(error) in _BUSY


def classify(error: sqlite3.Error | OSError, path: Path) -> StoreError:
    """The one-line error for something SQLite or the file system reported about `path`."""
    detail = (error.strerror or str(error)) if isinstance(error, OSError) else str(error)
    if isinstance(error, OSError):
        code = error.errno
        if code == errno.ENOSPC:
            return _full(path)
        if code in _NO_PERMISSION:
            return _unwritable(path, detail)
        return _unusable(path, detail)
    primary = _primary(error)
    if primary in _CORRUPT or "malformed" in detail:
        return damaged(path, detail)
    if primary == sqlite3.SQLITE_FULL:
        return _full(path)
    if primary in _READ_ONLY:
        return _unwritable(path, detail)
    if primary in _BUSY:
        return busy(path)
    if primary == sqlite3.SQLITE_CANTOPEN and not _accessible(path):
        return _unwritable(path, detail)
    if primary == sqlite3.SQLITE_IOERR:
        if _disk_full(path):
            return _full(path)
        return StoreError(Message(
            "store.io_error", "input/output error on {path} ({detail}); check the disk, then "
            "run `quiz doctor`", path=path, detail=detail))
    return _unusable(path, detail)


def _primary(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _full(path: Path) -> StoreFull:
    return StoreFull(Message(
        "store.full", "cannot write {path}: the disk is full; nothing was saved and the store "
        "is not damaged: free some space and try again", path=path))


def _unwritable(path: Path, detail: str) -> StoreUnwritable:
    return StoreUnwritable(Message(
        "store.unwritable", "cannot write {path}: permission denied or read-only ({detail}); "
        "the store is not damaged: make the file and its directory writable, or use another "
        "--data-dir", path=path, detail=detail))


def _unusable(path: Path, detail: str) -> StoreError:
    return StoreError(Message("store.unusable", "cannot use {path}: {detail}", path=path,
                              detail=detail))


def _accessible(path: Path) -> bool:
    """Whether the store (if there is one) and its directory may be read and written: SQLite
    needs to create the -wal and -shm files beside it."""
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return False
    return os.access(path.parent, os.W_OK | os.X_OK)


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1 << 20
    except OSError:
        return False
