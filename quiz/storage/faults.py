"""What went wrong with the store, named by its cause: damage, permissions, a full disk, a lock.

SQLite reports all of these as exceptions of a few classes; the advice for each is different
(restoring a backup over a healthy store that merely sits in a read-only directory would lose
answers), so each becomes its own one-line error that names the file and what to do.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from quiz.core.errors import QuizError

# SQLite's primary result codes (the low byte of an extended code).
_CORRUPT = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_READ_ONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}
RESTORE_ADVICE = ("restore a backup (one written by `quiz backup`, or quiz.db.bak-v* from an "
                  "upgrade) or move it away; `quiz doctor` says more")


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
    return StoreDamaged(f"{path} is damaged ({detail}); it was left as it is: {RESTORE_ADVICE}")


def busy(path: Path, waited: float | None = None) -> StoreBusy:
    held = f" (waited {waited:.0f} s)" if waited is not None else ""
    return StoreBusy(f"{path} is locked by another process{held}; nothing was changed: try "
                     f"again once it has finished")


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
        return StoreError(f"cannot use {path}: {detail}")
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
        return StoreError(f"input/output error on {path} ({detail}); check the disk, then run "
                          f"`quiz doctor`")
    return StoreError(f"cannot use {path}: {detail}")


def _primary(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _full(path: Path) -> StoreFull:
    return StoreFull(f"cannot write {path}: the disk is full; nothing was saved and the store "
                     f"is not damaged: free some space and try again")


def _unwritable(path: Path, detail: str) -> StoreUnwritable:
    return StoreUnwritable(f"cannot write {path}: permission denied or read-only ({detail}); "
                           f"the store is not damaged: make the file and its directory "
                           f"writable, or use another --data-dir")


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
