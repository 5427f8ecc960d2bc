"""`quiz doctor`'s examination of the review store: read only, in plain words, with what to do.

Opening the store for study checks only its first pages (fast at any size); this reads every
page (SQLite's quick_check), the schema version, the tables, indexes and triggers that version
has, the log's links to its cards, and whether the file can be written at all. What it finds
is said as `quiz.core.message.Message`s, for `quiz doctor` to say in the learner's language.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from quiz.core.errors import QuizError
from quiz.core.message import Message
from quiz.storage.backup import BACKUP_PREFIX
from quiz.storage.faults import StoreDamaged, StoreError, StoreUnwritable, classify
from quiz.storage.schema import SCHEMA_VERSION, SCHEMAS
from quiz.storage.store import DB_NAME, SQLITE_HEADER, check_version, quick_check

SHOWN_PROBLEMS = 5
_OBJECT = re.compile(r"CREATE (TABLE|INDEX|TRIGGER) (\w+)")


@dataclass(frozen=True)
class Diagnosis:
    """What `quiz doctor` found: a sound, missing, damaged or unusable store, and why. Facts,
    problems and advice are Messages, but for what SQLite's quick_check says (its English)."""

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
        return Diagnosis(path, "missing", facts=Message(
            "doctor.no_store", "there is no review store yet; the first command that needs one "
            "creates it"))
    if path.is_dir():
        return _unusable(path, Message("doctor.directory", "it is a directory, not a quiz store"),
                         Message("doctor.move_directory", "move the directory {path} away",
                                 path=path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return _unusable(path, classify(exc, path).message)
    if header != SQLITE_HEADER and path.stat().st_size:
        return _damaged(path, [Message("doctor.not_sqlite", "it is not a SQLite database "
                                       "(damaged, or some other file)")])
    uri = path.resolve().as_uri()
    try:
        return _examine_at(path, f"{uri}?mode=ro")
    except StoreUnwritable as fault:
        # A read-only directory keeps SQLite from making the -shm file that readers share.
        # With no -wal file there either, nobody can be writing and the file alone is the
        # whole store: it can be read as immutable.
        if path.with_name(path.name + "-wal").exists():
            return _unusable(path, fault.message)
        try:
            return _examine_at(path, f"{uri}?immutable=1")
        except StoreError as error:
            return _unusable(path, error.message)
    except StoreError as error:
        return _unusable(path, error.message)


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
            return _unusable(path, Message("doctor.foreign", "it is a SQLite database but not "
                                           "a quiz store"),
                             Message("doctor.elsewhere", "point --data-dir elsewhere, or move "
                                     "the file away"))
        return _sound(path, Message("doctor.empty", "an empty store; quiz writes its tables at "
                                    "first use"))
    try:
        check_version(path, version)
    except QuizError as error:
        if isinstance(error, StoreDamaged):
            return _damaged(path, [Message("doctor.bad_version", "store version {version} is "
                                           "one no quiz writes", version=version)])
        return _unusable(path, error.message, Message("doctor.upgrade", "upgrade quiz"))
    wanted = [name for _, name in _OBJECT.findall(SCHEMAS[version])]
    missing = [name for name in wanted if name not in present]
    if missing:
        return _damaged(path, [Message("doctor.lacks", "store version {version} lacks {names}",
                                       version=version, names=", ".join(missing))])
    orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        return _damaged(path, [Message(
            "doctor.dangling", "{count} row points to a card or exam that is not there (foreign "
            "keys)|{count} rows point to cards or exams that are not there (foreign keys)",
            count=len(orphans))])
    reviews = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    cards = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    facts = Message("doctor.facts", "store version {version}, {entries} of {cards}, {size}",
                    version=version,
                    entries=Message("doctor.entries", "{shown} log entry|{shown} log entries",
                                    count=reviews, shown=f"{reviews:,}"),
                    cards=Message("doctor.cards", "{shown} card|{shown} cards", count=cards,
                                  shown=f"{cards:,}"),
                    size=_size(path))
    if version < SCHEMA_VERSION:
        facts = Message("doctor.upgrades", "{facts}; the next quiz to open it upgrades it to "
                        "version {newest}, keeping a copy as {copy}", facts=facts,
                        newest=SCHEMA_VERSION, copy=f"{DB_NAME}.bak-v{version}")
    unwritable = _unwritable(path)
    if unwritable:
        return Diagnosis(path, "unusable", facts, (unwritable,), (Message(
            "doctor.make_writable", "make {name} and {directory} writable by you, or use "
            "another --data-dir (the store itself is sound)", name=path.name,
            directory=path.parent),))
    return _sound(path, facts)


def _sound(path: Path, facts: str) -> Diagnosis:
    return Diagnosis(path, "sound", facts=facts)


def _unusable(path: Path, problem: str, advice: str = "") -> Diagnosis:
    return Diagnosis(path, "unusable", problems=(problem,), advice=(advice,) if advice else ())


def _damaged(path: Path, problems: list[str]) -> Diagnosis:
    shown = problems[:SHOWN_PROBLEMS]
    if len(problems) > len(shown):
        shown.append(Message("doctor.more", "… and {count} more",
                             count=len(problems) - len(shown)))
    return Diagnosis(path, "damaged", problems=tuple(shown), advice=restore_advice(path))


def restore_advice(path: Path) -> tuple[str, ...]:
    """How to get back to a sound store: move the damaged one away, then restore the newest
    backup found beside it (or start afresh)."""
    directory = path.parent
    sidecars = [f"{path.name}{suffix}" for suffix in ("-wal", "-shm")
                if path.with_name(path.name + suffix).exists()]
    if not sidecars:
        moved = path.name
    elif len(sidecars) == 1:
        moved = Message("doctor.with", "{name} (with {other})", name=path.name,
                        other=sidecars[0])
    else:
        moved = Message("doctor.with_both", "{name} (with {first} and {second})",
                        name=path.name, first=sidecars[0], second=sidecars[1])
    advice = [Message("doctor.move_out", "quit every quiz, then move {name} out of {directory}",
                      name=moved, directory=directory)]
    backups = sorted((*directory.glob(f"{BACKUP_PREFIX}*.db"),
                      *directory.glob(f"{DB_NAME}.bak-v*")),
                     key=lambda backup: backup.stat().st_mtime, reverse=True)
    if len(backups) == 1:
        advice.append(Message("doctor.restore", "copy a backup in its place as {name}; the "
                              "newest is {newest}", name=DB_NAME, newest=backups[0]))
    elif backups:
        advice.append(Message("doctor.restore_newest", "copy a backup in its place as {name}; "
                              "the newest is {newest} ({count} found)", name=DB_NAME,
                              newest=backups[0], count=len(backups)))
    else:
        advice.append(Message("doctor.no_backup", "no backup was found in {directory}: quiz then "
                              "starts an empty store (`sqlite3 OLD.db .recover | sqlite3 "
                              "{name}` may save part of the old one)", directory=directory,
                              name=DB_NAME))
    return tuple(advice)


def _unwritable(path: Path) -> str:
    """Why answers could not be saved to this store ("" if they could)."""
    for target in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
        if target.exists() and not os.access(target, os.W_OK):
            return Message("doctor.read_only", "{path} is read-only: no answer could be saved",
                           path=target)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return Message("doctor.read_only_directory", "its directory {path} is read-only: no "
                       "answer could be saved", path=path.parent)
    return ""


def _size(path: Path) -> str:
    size, unit = float(path.stat().st_size), "bytes"
    for bigger in ("KiB", "MiB", "GiB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    if unit == "bytes":
        return Message("doctor.bytes", "{size} bytes", size=f"{size:,.0f}")
    return f"{size:,.1f} {unit}"
