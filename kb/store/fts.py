"""The embedded store's lexical index: BM25 over the terms of kb/terms.py, in SQLite FTS5.

The index is an FTS5 table in the catalog's own database, written in the same
transaction as the chunks, so it can never disagree with them. The table is
contentless (the chunk text is already in `chunks`); a row is deleted by giving
FTS5 the same tokens again, which `kb.terms.tokens()` recomputes from the chunk
text. When `tokens()` changes, a migration rebuilds the index (kb/store/migrations.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from kb.terms import tokens

# A chunk's text as written and folded (acc, fold), and the same of the headings it stands under
# (hacc, hfold): "2. Một số chỉ tiêu cơ bản" counts for each of its targets, with its own weight.
SCHEMA = """CREATE VIRTUAL TABLE IF NOT EXISTS lexical USING fts5(
    acc, fold, hacc, hfold, content='', tokenize="unicode61 remove_diacritics 0 tokenchars '_'")"""
# The same index in a file of its own (kb/store/local.py), beside a catalog on another engine: it keeps
# its tokens, so that a row is deleted by its id alone (the chunk text may be gone from the catalog).
STORED_SCHEMA = """CREATE VIRTUAL TABLE IF NOT EXISTS lexical USING fts5(
    acc, fold, hacc, hfold, tokenize="unicode61 remove_diacritics 0 tokenchars '_'")"""
HEADING_WEIGHT = 1.0  # a heading's terms count as the passage's own: dev questions hit@1 0.890 -> 0.907 (0.25-2)

# Per column, how many chunks hold each term (FTS5 counts them by reading the term's postings).
VOCABULARY = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.lexical_vocabulary USING fts5vocab(main, lexical, col)"
# A query is searched by its rarest terms, at most MAX_TERMS of them that together are in at most
# MAX_POSTINGS chunks (always one at least). FTS5 scores every chunk holding any term and reads
# each term's postings twice (BM25's idf, then the rows): at 100k chunks a question's 27 terms
# hold 300k postings, 400 ms. Measured on vicov19qa val (bench/scale.py's 100k KB, all terms →
# these limits): lexical hit@10 0.444 → 0.394, hybrid 0.462 → 0.440, lexical p50 402 → 84 ms
# on a loaded machine; on the 5.5k answers alone hybrid 0.592 → 0.602, lexical 0.548 → 0.544.
MAX_TERMS = 32
MAX_POSTINGS = 20_000
FREQUENCY_CAP = 2_000  # passages counted per term for its weight: enough to tell rare from common
_COMMON = 1_000  # counts of terms in at least this many chunks are remembered by the process
_counts: dict[tuple[str, str, str], int] = {}


def create(db: sqlite3.Connection, stored: bool = False) -> None:
    db.execute(STORED_SCHEMA if stored else SCHEMA)
    db.execute(VOCABULARY)


def remove(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Unindex chunk ids from a table that keeps its tokens (STORED_SCHEMA)."""
    db.executemany("DELETE FROM lexical WHERE rowid = ?", ((i,) for i in ids))


def add(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Index (chunk id, text, heading path) rows; call inside the catalog's transaction."""
    db.executemany(
        "INSERT INTO lexical(rowid, acc, fold, hacc, hfold) VALUES (?, ?, ?, ?, ?)",
        ((i, *tokens(t), *tokens(h)) for i, t, h in rows),
    )


def delete(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Unindex (chunk id, text, heading path) rows: a contentless table is told the tokens it had."""
    db.executemany(
        "INSERT INTO lexical(lexical, rowid, acc, fold, hacc, hfold) VALUES ('delete', ?, ?, ?, ?, ?)",
        ((i, *tokens(t), *tokens(h)) for i, t, h in rows),
    )


def rebuild(db: sqlite3.Connection) -> None:
    """Re-index every chunk (after a change of `tokens()`); call inside a transaction."""
    db.execute("DROP TABLE IF EXISTS lexical")
    db.execute(SCHEMA)
    add(db, db.execute("SELECT id, text, heading FROM chunks").fetchall())


def indexed_ids(db: sqlite3.Connection) -> list[int]:
    """The chunk ids the index holds, after FTS5's own integrity check (raises when damaged)."""
    db.execute("INSERT INTO lexical(lexical) VALUES('integrity-check')")
    if db.in_transaction:  # the check changes nothing, but Python opened a transaction for it
        db.commit()
    return [row[0] for row in db.execute("SELECT rowid FROM lexical")]


def frequencies(db: sqlite3.Connection, terms: Iterable[str]) -> dict[str, int]:
    """How many chunks hold each folded term, counted up to FREQUENCY_CAP."""
    return {
        t: db.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM lexical WHERE lexical MATCH ? LIMIT ?)",
            (f'fold : "{t}"', FREQUENCY_CAP),
        ).fetchone()[0]
        for t in terms
    }


def search(
    db: sqlite3.Connection, terms: list[str], column: str, k: int, allowed: list[int] | None = None
) -> list[tuple[int, float]]:
    """Top-k (chunk id, BM25 score, higher is better) for any of the terms in one column,
    only among `allowed` chunk ids when given."""
    terms = rarest(db, terms, column)
    if not terms:
        return []
    match = f"{{{column} h{column}}} : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
    score = f"bm25(lexical, 1.0, 1.0, {HEADING_WEIGHT}, {HEADING_WEIGHT})"
    if allowed is None:
        rows = db.execute(
            f"SELECT rowid, {score} AS s FROM lexical WHERE lexical MATCH ? ORDER BY s LIMIT ?", (match, k)
        ).fetchall()
    else:  # match once, then keep the allowed rows (a rowid filter inside MATCH runs it row by row)
        rows = db.execute(
            f"WITH m AS MATERIALIZED (SELECT rowid AS id, {score} AS s FROM lexical WHERE lexical MATCH ?)"
            " SELECT id, s FROM m WHERE id IN (SELECT value FROM json_each(?)) ORDER BY s LIMIT ?",
            (match, json.dumps(allowed), k),
        ).fetchall()
    return [(int(i), -float(s)) for i, s in rows]


def rarest(db: sqlite3.Connection, terms: list[str], column: str) -> list[str]:
    """The terms to search by: the rarest first, within MAX_TERMS and MAX_POSTINGS; absent ones dropped."""
    counts = _chunk_counts(db, terms, column)
    kept: list[str] = []
    postings = 0
    for t in sorted((t for t in terms if counts.get(t)), key=lambda t: counts[t]):
        if kept and (len(kept) == MAX_TERMS or postings + counts[t] > MAX_POSTINGS):
            break
        kept.append(t)
        postings += counts[t]
    return kept


def _chunk_counts(db: sqlite3.Connection, terms: list[str], column: str) -> dict[str, int]:
    """How many chunks hold each term. Counting a common term reads all its postings, so the
    counts of common terms are kept per database file: they change slowly, and only choose terms."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    out = {t: _counts[(path, column, t)] for t in terms if (path, column, t) in _counts}
    todo = [t for t in terms if t not in out]
    if todo:
        rows = db.execute(
            f"SELECT term, doc FROM lexical_vocabulary WHERE col=? AND term IN ({','.join('?' * len(todo))})",
            [column, *todo],
        ).fetchall()
        for t, n in rows:
            out[t] = n
            if path and n >= _COMMON:
                _counts[(path, column, t)] = n
    return out
