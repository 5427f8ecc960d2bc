"""`quiz doctor`'s examination of the review store: read only, in plain words, with what to do.

Opening the store for study checks only its first pages (fast at any size); this reads every
page (SQLite's quick_check), the schema version, the tables, indexes and triggers that version
has, the log's links to its cards, and whether the file can be written at all.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from quiz.core.errors import QuizError
from quiz.storage.backup import BACKUP_PREFIX
from quiz.storage.faults import StoreDamaged, StoreError, StoreUnwritable, classify
from quiz.storage.schema import SCHEMA_VERSION, SCHEMAS
from quiz.storage.store import DB_NAME, SQLITE_HEADER, check_version, quick_check

SHOWN_PROBLEMS = 5
_OBJECT = re.compile(r"CREATE (TABLE|INDEX|TRIGGER) (\w+)")


@dataclass(frozen=True)
class Diagnosis:
    """What `quiz doctor` found: a sound, missing, damaged or unusable store, and why."""

    path: Path
    verdict: str                    # "sound", "missing", "damaged" or "unusable"
    facts: str = ""                 # size, version and contents, when they could be read
    problems: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()

    @property
    def healthy(self) -> bool:
        return self.verdict in ("sound", "missing")


def diagnose(data_dir: Path) -> Diagnosis:
    """Examine the store in `data_dir` without writing a byte to it."""
    path = data_dir / DB_NAME
    if not path.exists():
        return Diagnosis(path, "missing",
                         facts="there is no review store yet; the first command that needs "
                               "one creates it")
    if path.is_dir():
        return Diagnosis(path, "unusable", problems=("it is a directory, not a quiz store",),
                         advice=(f"move the directory {path} away",))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return _unusable(path, str(classify(exc, path)))
    if header != SQLITE_HEADER and path.stat().st_size:
        return _damaged(path, ["it is not a SQLite database (damaged, or some other file)"])
    uri = path.resolve().as_uri()
    try:
        return _examine_at(path, f"{uri}?mode=ro")
    except StoreUnwritable as fault:
        # A read-only directory keeps SQLite from making the -shm file that readers share.
        # With no -wal file there either, nobody can be writing and the file alone is the
        # whole store: it can be read as immutable.
        if path.with_name(path.name + "-wal").exists():
            return _unusable(path, str(fault))
        try:
            return _examine_at(path, f"{uri}?immutable=1")
        except StoreError as error:
            return _unusable(path, str(error))
    except StoreError as error:
        return _unusable(path, str(error))


def _examine_at(path: Path, uri: str) -> Diagnosis:
    """Examine the store opened at `uri`; errors other than damage are raised as StoreError."""
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise classify(exc, path) from None
    try:
        return _examine(path, conn)
    except sqlite3.Error as exc:
        fault = classify(exc, path)
        if isinstance(fault, StoreDamaged):
            return _damaged(path, [str(exc)])
        raise fault from None
    finally:
        conn.close()


def _examine(path: Path, conn: sqlite3.Connection) -> Diagnosis:
    problems = quick_check(conn)
    if problems:
        return _damaged(path, problems)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    if version == 0:
        if present:
            return _unusable(path, "it is a SQLite database but not a quiz store",
                             "point --data-dir elsewhere, or move the file away")
        return _sound(path, "an empty store; quiz writes its tables at first use")
    try:
        check_version(path, version)
    except QuizError as error:
        if isinstance(error, StoreDamaged):
            return _damaged(path, [f"store version {version} is one no quiz writes"])
        return _unusable(path, str(error), "upgrade quiz")
    wanted = [name for _, name in _OBJECT.findall(SCHEMAS[version])]
    missing = [name for name in wanted if name not in present]
    if missing:
        return _damaged(path, [f"store version {version} lacks {', '.join(missing)}"])
    orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        return _damaged(path, [f"{len(orphans)} rows point to cards or exams that are not "
                               f"there (foreign keys)"])
    reviews = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    cards = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    facts = (f"store version {version}, {reviews:,} log entr{'ies' if reviews != 1 else 'y'} "
             f"of {cards:,} card{'s' if cards != 1 else ''}, {_size(path)}")
    if version < SCHEMA_VERSION:
        facts += f"; the next quiz to open it upgrades it to version {SCHEMA_VERSION}, " \
                 f"keeping a copy as {DB_NAME}.bak-v{version}"
    unwritable = _unwritable(path)
    if unwritable:
        return Diagnosis(path, "unusable", facts, (unwritable,), (
            f"make {path.name} and {path.parent} writable by you, or use another --data-dir "
            f"(the store itself is sound)",))
    return _sound(path, facts)


def _sound(path: Path, facts: str) -> Diagnosis:
    return Diagnosis(path, "sound", facts=facts)


def _unusable(path: Path, problem: str, advice: str = "") -> Diagnosis:
    return Diagnosis(path, "unusable", problems=(problem,), advice=(advice,) if advice else ())


def _damaged(path: Path, problems: list[str]) -> Diagnosis:
    shown = problems[:SHOWN_PROBLEMS]
    if len(problems) > len(shown):
        shown.append(f"… and {len(problems) - len(shown)} more")
    return Diagnosis(path, "damaged", problems=tuple(shown), advice=restore_advice(path))


def restore_advice(path: Path) -> tuple[str, ...]:
    """How to get back to a sound store: move the damaged one away, then restore the newest
    backup found beside it (or start afresh)."""
    directory = path.parent
    sidecars = [f"{path.name}{suffix}" for suffix in ("-wal", "-shm")
                if path.with_name(path.name + suffix).exists()]
    moved = path.name + (f" (with {' and '.join(sidecars)})" if sidecars else "")
    advice = [f"quit every quiz, then move {moved} out of {directory}"]
    backups = sorted((*directory.glob(f"{BACKUP_PREFIX}*.db"),
                      *directory.glob(f"{DB_NAME}.bak-v*")),
                     key=lambda backup: backup.stat().st_mtime, reverse=True)
    if backups:
        advice.append(f"copy a backup in its place as {DB_NAME}; the newest is {backups[0]}"
                      + (f" ({len(backups)} found)" if len(backups) > 1 else ""))
    else:
        advice.append(f"no backup was found in {directory}: quiz then starts an empty store "
                      f"(`sqlite3 OLD.db .recover | sqlite3 {DB_NAME}` may save part of the "
                      f"old one)")
    return tuple(advice)


def _unwritable(path: Path) -> str:
    """Why answers could not be saved to this store ("" if they could)."""
    for target in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
        if target.exists() and not os.access(target, os.W_OK):
            return f"{target} is read-only: no answer could be saved"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"its directory {path.parent} is read-only: no answer could be saved"
    return ""


def _size(path: Path) -> str:
    size, unit = float(path.stat().st_size), "bytes"
    for bigger in ("KiB", "MiB", "GiB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    return f"{size:,.0f} bytes" if unit == "bytes" else f"{size:,.1f} {unit}"
