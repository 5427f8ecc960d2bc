"""Helpers for the store's failure tests: real stores made through the API, then damaged."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta
from pathlib import Path

from enginekit import NOON
from quiz.storage.store import DB_NAME, Store

DECK = "d"
CARDS = 10


def filled_store(data_dir: Path, reviews: int = 600) -> Path:
    """A store holding `reviews` graded study answers of cards d/c0 … d/c9, written through
    the API and checkpointed into the one file (no -wal left); returns its path."""
    store = Store.open(data_dir)
    try:
        with store.transaction():
            for n in range(reviews):
                store.record(DECK, f"c{n % CARDS}", "h", now=NOON + timedelta(minutes=n),
                             kind="study", rating=3, how="self", duration_ms=1000)
    finally:
        store.close()
    path = data_dir / DB_NAME
    assert not path.with_name(DB_NAME + "-wal").exists()
    return path


def root_page(path: Path, name: str) -> int:
    """The first page of a table's or an index's b-tree."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (name,)).fetchone()[0]
    finally:
        conn.close()


def interior_page(path: Path, table: str = "reviews") -> int:
    """A page in the middle of `table`: the middle child of its b-tree's root, read from the
    root page as SQLite lays it out (an interior page: type 5, cell pointers from byte 12)."""
    root = root_page(path, table)
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    data = path.read_bytes()
    page = data[(root - 1) * page_size:root * page_size]
    header = 100 if root == 1 else 0
    assert page[header] == 0x05, "the table is too small to have an interior root page"
    cells = int.from_bytes(page[header + 3:header + 5], "big")
    pointer = header + 12 + 2 * (cells // 2)
    offset = int.from_bytes(page[pointer:pointer + 2], "big")
    return int.from_bytes(page[offset:offset + 4], "big")


def damage_page(path: Path, page: int, seed: int = 7) -> None:
    """Overwrite one whole page of the file with random bytes."""
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(random.Random(seed).randbytes(page_size))


def damaged_store(data_dir: Path) -> Path:
    """A real store with one page in the middle of its review log overwritten with garbage:
    its first pages (header, schema) are intact, so opening it notices nothing."""
    path = filled_store(data_dir)
    damage_page(path, interior_page(path))
    return path
