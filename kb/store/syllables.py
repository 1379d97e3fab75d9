"""The counts that accent restoration reads (kb/accents.py), kept in the catalog with the pages they
come from: each accented syllable and each adjacent pair within a clause, by folded form. Added in the
transaction that stores a document, subtracted in the one that removes it, so they always describe
exactly the stored text."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable

from ingest.text import fold
from kb.accents import count

SCHEMA = """
CREATE TABLE IF NOT EXISTS syllables (
    fold TEXT NOT NULL, form TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (fold, form)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS syllable_pairs (
    fa TEXT NOT NULL, fb TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (fa, fb, a, b)
) WITHOUT ROWID;
"""
TOTAL = "syllables_counted"  # the meta key of how many syllables were counted in all


def create(db: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def add(db: sqlite3.Connection, texts: Iterable[str], sign: int = 1) -> None:
    """Count texts in (sign 1) or out (sign -1); call inside the catalog's transaction."""
    syllables: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        s, p = count(text)
        syllables.update(s)
        pairs.update(p)
    if not syllables:
        return
    db.executemany(
        "INSERT INTO syllables(fold, form, n) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
        [(fold(w), w, sign * n) for w, n in syllables.items()],
    )
    db.executemany(
        "INSERT INTO syllable_pairs(fa, fb, a, b, n) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT DO UPDATE SET n = n + excluded.n",
        [(fold(a), fold(b), a, b, sign * n) for (a, b), n in pairs.items()],
    )
    if sign < 0:  # what reaches zero is gone: the tables hold what is stored, nothing more
        db.execute("DELETE FROM syllables WHERE n <= 0")
        db.execute("DELETE FROM syllable_pairs WHERE n <= 0")
    db.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = value + excluded.value",
        (TOTAL, sign * syllables.total()),
    )


def rebuild(db: sqlite3.Connection) -> None:
    """Count every stored page again (a new table, or a change of `count`); call inside a transaction."""
    create(db)
    db.execute("DELETE FROM syllables")
    db.execute("DELETE FROM syllable_pairs")
    db.execute("DELETE FROM meta WHERE key = ?", (TOTAL,))
    add(db, (text for (text,) in db.execute("SELECT text FROM pages").fetchall()))


class SqliteCounts:
    """The counts as kb.accents.Counts reads them, from the catalog's tables (each look-up by index)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def forms(self, folded: Iterable[str]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        rows = self.db.execute(
            "SELECT fold, form, n FROM syllables JOIN json_each(?) ON fold = value", (json.dumps(sorted(folded)),)
        )
        for f, form, n in rows:
            out.setdefault(f, {})[form] = n
        return out

    def pairs(self, folded: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        rows = self.db.execute(
            "SELECT a, b, n FROM json_each(?) JOIN syllable_pairs ON fa = value->>0 AND fb = value->>1",
            (json.dumps(sorted(folded)),),
        )
        return {(a, b): n for a, b, n in rows}

    def total(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (TOTAL,)).fetchone()
        return int(row[0]) if row else 0
