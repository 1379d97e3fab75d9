"""One numbered list of what a catalog goes through, from an empty file to today's schema.

Opening a knowledge base runs the migrations it has not had, in order, in one transaction, and
records the last one's number (`schema_version` in the meta table). A migration changes the
schema and may ask for follow-up work that several of them could need, done once at the end:
"lexical" (index every chunk again, after the terms changed), "describe" (describe every
document again from its stored pages, after the extraction rules changed; nothing is read from
files and nothing is embedded) or "syllables" (count the stored pages' syllables again). To
change the schema, the tokens or the extraction rules, add a migration at the end; never edit one
that has shipped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ingest import Chunk, Document, Page, describe, mark
from ingest.read import OWN_TITLE_SUFFIXES, guess_title
from kb.store import fts, rows, syllables

SCHEMA_2026_11_26 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    stored TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    added TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS pages (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, page)
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    page_start INTEGER NOT NULL,
    page_end INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    vector BLOB NOT NULL,
    section TEXT NOT NULL DEFAULT 'other',
    heading TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS people (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL, title TEXT NOT NULL, organisation TEXT NOT NULL, role TEXT NOT NULL,
    body TEXT NOT NULL, term TEXT, page INTEGER NOT NULL, passage TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS people_doc ON people(doc_id);
-- a person's corrections of a document's metadata, apart from the extracted values,
-- keyed by content so they survive re-ingest and reindex
CREATE TABLE IF NOT EXISTS corrections (
    sha256 TEXT PRIMARY KEY,
    fields TEXT NOT NULL,
    changed TEXT NOT NULL
);
"""


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def _catalog_of_2026_11_26(db: sqlite3.Connection) -> set[str]:
    """The catalog as the main branch left it on 2026-11-26. A knowledge base made before then
    had its own version knobs (`lexical_version`, `structure_version`); they say what it needs."""
    had_chunks = bool(_columns(db, "chunks"))
    for statement in SCHEMA_2026_11_26.split(";"):
        if statement.strip():
            db.execute(statement)
    cols = _columns(db, "chunks")
    if "section" not in cols:
        db.execute("ALTER TABLE chunks ADD COLUMN section TEXT NOT NULL DEFAULT 'other'")
    if "heading" not in cols:
        db.execute("ALTER TABLE chunks ADD COLUMN heading TEXT NOT NULL DEFAULT ''")
    if not had_chunks:
        return set()
    work = set()
    if _meta(db, "lexical_version") != "3":  # 3: "ƣ" read as "ư", abbreviations indexed both ways
        work.add("lexical")
    if _meta(db, "structure_version") != "5":  # 5: the headings each passage stands under
        work.add("describe")
    return work


def _typed_records(db: sqlite3.Connection) -> set[str]:
    """Each chunk knows its formal sentences (a paper's header, number, legal bases, execution
    clause, stamp) and each document its signer, found at ingest instead of at every question."""
    if "formal" not in _columns(db, "chunks"):
        db.execute("ALTER TABLE chunks ADD COLUMN formal TEXT NOT NULL DEFAULT '[]'")
    db.execute("DELETE FROM meta WHERE key IN ('lexical_version', 'structure_version', 'format')")
    return {"describe"}


def _syllables_and_headings(db: sqlite3.Connection) -> set[str]:
    """Counts of the stored text's syllables and syllable pairs, from which a query typed without
    accents gets them back (kb/accents.py); and the headings a passage stands under as a field of the
    lexical index, with its own weight."""
    syllables.create(db)
    return {"syllables", "lexical"}


SCHEMA_ACCOUNTS = """
-- who may read a document: kept by content, like corrections (it survives re-ingest, reindex and
-- the trash); a document without a row is public
CREATE TABLE IF NOT EXISTS access (
    sha256 TEXT PRIMARY KEY,
    level TEXT NOT NULL,
    groups TEXT NOT NULL DEFAULT '[]',
    changed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password TEXT NOT NULL,  -- an argon2id hash (kb/accounts.py)
    groups TEXT NOT NULL DEFAULT '[]',
    created TEXT NOT NULL,
    changed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    label TEXT NOT NULL DEFAULT '',
    digest TEXT NOT NULL UNIQUE,  -- SHA-256 of the token; the token itself is shown once, never kept
    prefix TEXT NOT NULL,
    created TEXT NOT NULL,
    revoked TEXT NOT NULL DEFAULT ''
);
-- failed sign-ins in a row per name tried (known or not, so a lock says nothing of who exists)
CREATE TABLE IF NOT EXISTS sign_ins (
    name TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last REAL NOT NULL,
    locked_until REAL NOT NULL DEFAULT 0
);
-- the audit trail: append-only (the triggers refuse changes), each entry sealed by a hash of the one before
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    document TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}',
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
-- documents moved to the trash: everything needed to put them back as they were (vectors included,
-- so nothing is embedded again), until restored or purged
CREATE TABLE IF NOT EXISTS trash (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    stored TEXT NOT NULL,
    trashed TEXT NOT NULL,
    by TEXT NOT NULL,
    model TEXT NOT NULL,
    document TEXT NOT NULL,
    pages TEXT NOT NULL,
    people TEXT NOT NULL,
    sources TEXT NOT NULL,
    chunks TEXT NOT NULL,
    vectors BLOB NOT NULL
);
"""


def _accounts(db: sqlite3.Connection) -> set[str]:
    """Users, API tokens, sign-in attempts, who may read each document, the audit trail and the trash
    (issue 17). Nothing to redo: every document stays public."""
    for statement in _statements(SCHEMA_ACCOUNTS):
        db.execute(statement)
    return set()


def _statements(script: str) -> list[str]:
    """The statements of a script, a trigger's body kept whole (its inner ';' ends no statement)."""
    out, current = [], ""
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current += line + "\n"
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return out


@dataclass(frozen=True)
class Migration:
    number: int
    about: str
    apply: Callable[[sqlite3.Connection], set[str]]  # returns the follow-up work it needs


MIGRATIONS = [
    Migration(1, "the catalog of 2026-11-26: documents, pages, chunks, people, corrections", _catalog_of_2026_11_26),
    Migration(2, "formal sentences per chunk, the signer per document", _typed_records),
    Migration(
        3, "syllable counts for queries typed without accents; headings in the lexical index", _syllables_and_headings
    ),
    Migration(4, "accounts: users, tokens, sign-in attempts, access levels, the audit trail, the trash", _accounts),
]
LATEST = MIGRATIONS[-1].number


def version(db: sqlite3.Connection) -> int:
    """The number of the last migration this catalog has had (0 for a new or a pre-2026-11-26 one)."""
    try:
        return int(_meta(db, "schema_version") or 0)
    except sqlite3.OperationalError:  # no meta table yet
        return 0


def upgrade(db: sqlite3.Connection) -> list[Migration]:
    """Run the migrations this catalog has not had, in one transaction; returns those it ran."""
    if version(db) == LATEST:
        return []
    db.execute("BEGIN IMMEDIATE")  # a second process opening it meanwhile waits, then finds it done
    try:
        done = version(db)
        pending = [m for m in MIGRATIONS if m.number > done]
        work: set[str] = set()
        for m in pending:
            work |= m.apply(db)
        if "describe" in work:
            describe_again(db)
        if work & {"lexical", "describe"}:  # the index holds the headings that describing may change
            fts.rebuild(db)
        if "syllables" in work:
            syllables.rebuild(db)
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(LATEST),))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return pending


def describe_again(db: sqlite3.Connection) -> None:
    """Describe every stored document again from its stored pages: metadata, people, and its
    chunks' sections, headings and formal sentences. No file is read and nothing is embedded;
    call inside a transaction."""
    for d in db.execute("SELECT id, sha256, name, path, title, meta FROM documents").fetchall():
        pages = tuple(
            Page(n, t) for n, t in db.execute("SELECT page, text FROM pages WHERE doc_id=? ORDER BY page", (d["id"],))
        )
        title = d["title"] if d["name"].lower().endswith(OWN_TITLE_SUFFIXES) else guess_title(pages)
        doc = describe(Document(d["path"], d["name"], d["sha256"], pages, title))
        kept = json.loads(d["meta"] or "{}").get("near_duplicate_of")  # found against the documents stored before
        db.execute("UPDATE documents SET title=?, meta=? WHERE id=?", (title, rows.meta_json(doc.meta, kept), d["id"]))
        db.execute("DELETE FROM people WHERE doc_id=?", (d["id"],))
        db.executemany(rows.INSERT_PERSON, [rows.person_row(d["id"], p) for p in doc.people])
        found = db.execute(
            "SELECT id, ord, text, page_start, page_end, char_start, char_end FROM chunks WHERE doc_id=? ORDER BY ord",
            (d["id"],),
        ).fetchall()
        chunks = [
            Chunk(r["ord"], r["text"], r["page_start"], r["page_end"], r["char_start"], r["char_end"]) for r in found
        ]
        db.executemany(
            "UPDATE chunks SET section=?, heading=?, formal=? WHERE id=?",
            [(*rows.marks(c), r["id"]) for c, r in zip(mark(doc, chunks), found)],
        )
