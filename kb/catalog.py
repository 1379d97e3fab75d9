"""The SQLite catalog: documents, their pages, chunks and vectors. The source of truth.

Every change is one transaction that also bumps `generation`; the FAISS index
file records the generation it was built from, so a crash between the two is
noticed on open and the index is rebuilt from the vectors stored here.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ingest import Chunk, Document
from kb import lexical

SCHEMA = """
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
CORRECTABLE = ("kind", "date", "terms", "organisations", "places", "title")


@dataclass(frozen=True)
class DocInfo:
    """A stored document as people see it in lists."""
    id: int
    sha256: str
    name: str
    path: str
    stored: str
    title: str
    pages: int
    chunks: int
    added: str
    meta: dict

    def as_json(self) -> dict:
        base = {"kind": "other", "date": None, "terms": [], "organisations": [], "places": []}
        meta = {k: v for k, v in self.meta.items() if k != "minhash"}
        return {**base, **meta, "file": self.name, "path": self.path, "title": self.title,
                "pages": self.pages, "chunks": self.chunks, "added": self.added, "sha256": self.sha256}


class Catalog:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()
        self.db.executescript(SCHEMA)
        lexical.create(self.db)
        self.db.commit()
        if self.get_meta("lexical_version") != lexical.VERSION:
            lexical.rebuild(self.db)  # new KB, or the tokenizer changed: index every chunk again

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        """Bring a knowledge base made by an earlier version up to this schema."""
        cols = [r[1] for r in self.db.execute("PRAGMA table_info(chunks)")]
        if cols and "section" not in cols:
            self.db.execute("ALTER TABLE chunks ADD COLUMN section TEXT NOT NULL DEFAULT 'other'")
        if cols and "heading" not in cols:  # filled when the structure is described again on open
            self.db.execute("ALTER TABLE chunks ADD COLUMN heading TEXT NOT NULL DEFAULT ''")

    # --- meta -----------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation", "0"))

    def _bump(self) -> None:
        self.set_meta("generation", str(self.generation + 1))

    # --- documents ------------------------------------------------------------
    _DOC_SELECT = """SELECT d.id, d.sha256, d.name, d.path, d.stored, d.title, d.pages,
                     (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.id), d.added, d.meta,
                     (SELECT fields FROM corrections k WHERE k.sha256 = d.sha256)
                     FROM documents d"""

    def _doc(self, row) -> DocInfo:
        """Extracted metadata with a person's corrections on top; `corrected` lists what they changed."""
        meta = json.loads(row[9])
        fixes = json.loads(row[10]) if row[10] else {}
        meta.update(fixes)
        meta["corrected"] = sorted(fixes)
        title = fixes.get("title") or row[5]
        return DocInfo(*row[:5], title, *row[6:9], meta)

    def documents(self) -> list[DocInfo]:
        return [self._doc(r) for r in self.db.execute(self._DOC_SELECT + " ORDER BY d.name, d.id")]

    def document(self, doc_id: int) -> DocInfo | None:
        row = self.db.execute(self._DOC_SELECT + " WHERE d.id=?", (doc_id,)).fetchone()
        return self._doc(row) if row else None

    def by_sha(self, sha: str) -> DocInfo | None:
        row = self.db.execute(self._DOC_SELECT + " WHERE d.sha256=?", (sha,)).fetchone()
        return self._doc(row) if row else None

    def source(self, path: str) -> int | None:
        row = self.db.execute("SELECT doc_id FROM sources WHERE path=?", (path,)).fetchone()
        return row[0] if row else None

    def find(self, key: str) -> list[DocInfo]:
        """Documents matching a file name, a source path or a sha256 prefix."""
        rows = self.db.execute(
            self._DOC_SELECT + """ WHERE d.name=? OR d.path=? OR d.sha256 LIKE ? || '%'
            OR d.id IN (SELECT doc_id FROM sources WHERE path=?)""",
            (key, key, key if len(key) >= 8 else "-", key),
        ).fetchall()
        return [self._doc(r) for r in rows]

    def page_text(self, doc_id: int, page: int) -> str:
        row = self.db.execute("SELECT text FROM pages WHERE doc_id=? AND page=?", (doc_id, page)).fetchone()
        return row[0] if row else ""

    # --- changes (each one transaction) ----------------------------------------
    def add(self, doc: Document, stored: str, chunks: list[Chunk], vectors: np.ndarray,
            source: str, replaces: int | None = None) -> tuple[int, list[int], list[int]]:
        """Store a document; returns (doc id, new chunk ids, chunk ids removed with `replaces`)."""
        removed: list[int] = []
        meta = {k: v for k, v in doc.meta.items() if k != "people"}
        people = doc.meta.get("people", [])
        with self.db:
            if replaces is not None:
                removed = self._delete(replaces)
            cur = self.db.execute(
                "INSERT INTO documents(sha256, name, path, stored, title, pages, chars, added, meta)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (doc.sha256, doc.name, doc.path, stored, doc.title, len(doc.pages), len(doc.text),
                 datetime.now(timezone.utc).isoformat(timespec="seconds"), json.dumps(meta, ensure_ascii=False)),
            )
            doc_id = cur.lastrowid
            self.db.executemany("INSERT INTO pages(doc_id, page, text) VALUES (?,?,?)",
                                [(doc_id, p.number, p.text) for p in doc.pages])
            self.db.executemany(
                "INSERT INTO people(doc_id, name, title, organisation, role, body, term, page, passage)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                [(doc_id, p["name"], p["title"], p["organisation"], p["role"], p.get("body", ""), p["term"],
                  p["page"], p["passage"]) for p in people])
            ids = []
            for c, v in zip(chunks, vectors):
                cur = self.db.execute(
                    "INSERT INTO chunks(doc_id, ord, text, page_start, page_end, char_start, char_end, vector, section,"
                    " heading) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (doc_id, c.ord, c.text, c.page_start, c.page_end, c.char_start, c.char_end,
                     np.asarray(v, np.float32).tobytes(), c.section, c.heading),
                )
                ids.append(cur.lastrowid)
            lexical.add(self.db, zip(ids, (c.text for c in chunks)))
            self.db.execute("INSERT OR REPLACE INTO sources(path, doc_id) VALUES (?, ?)", (source, doc_id))
            self._bump()
        return doc_id, ids, removed

    def add_source(self, source: str, doc_id: int) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO sources(path, doc_id) VALUES (?, ?)", (source, doc_id))

    def remove(self, doc_id: int) -> list[int]:
        """Delete a document and everything of it; returns its chunk ids."""
        with self.db:
            ids = self._delete(doc_id)
            self._bump()
        return ids

    def _delete(self, doc_id: int) -> list[int]:
        rows = self.db.execute("SELECT id, text FROM chunks WHERE doc_id=?", (doc_id,)).fetchall()
        lexical.delete(self.db, rows)
        ids = [r[0] for r in rows]
        self.db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
        self.db.execute("DELETE FROM pages WHERE doc_id=?", (doc_id,))
        self.db.execute("DELETE FROM people WHERE doc_id=?", (doc_id,))
        self.db.execute("DELETE FROM sources WHERE doc_id=?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        return ids

    def replace_vectors(self, rows: Iterable[tuple[int, np.ndarray]]) -> None:
        with self.db:
            self.db.executemany("UPDATE chunks SET vector=? WHERE id=?",
                                ((np.asarray(v, np.float32).tobytes(), i) for i, v in rows))
            self._bump()

    # --- chunks ---------------------------------------------------------------
    def has_chunks(self) -> bool:
        """Cheap where COUNT(*) reads the whole table: asked on every query."""
        return self.db.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is not None

    def chunk_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def chunks(self, ids: list[int]) -> dict[int, tuple[int, Chunk]]:
        """id → (doc id, Chunk) for the given chunk ids."""
        out: dict[int, tuple[int, Chunk]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            q = ",".join("?" * len(part))
            for r in self.db.execute(
                f"SELECT id, doc_id, ord, text, page_start, page_end, char_start, char_end, section, heading"
                f" FROM chunks"
                f" WHERE id IN ({q})",
                part,
            ):
                out[r[0]] = (r[1], Chunk(*r[2:]))
        return out

    def doc_chunks(self, doc_id: int) -> list[tuple[int, str]]:
        return self.db.execute("SELECT id, text FROM chunks WHERE doc_id=? ORDER BY ord", (doc_id,)).fetchall()

    def iter_vectors(self, dim: int, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) in batches, for rebuilding the FAISS index without embedding again."""
        cur = self.db.execute("SELECT id, vector FROM chunks ORDER BY id")
        while rows := cur.fetchmany(batch):
            ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
            vecs = np.frombuffer(b"".join(r[1] for r in rows), np.float32).reshape(len(rows), dim)
            yield ids, vecs

    # --- people and corrections -------------------------------------------------
    def people(self) -> list[tuple[int, dict]]:
        """(doc id, fact) for every person fact, in document order."""
        rows = self.db.execute(
            "SELECT doc_id, name, title, organisation, role, body, term, page, passage FROM people ORDER BY doc_id, rowid")
        keys = ("name", "title", "organisation", "role", "body", "term", "page", "passage")
        return [(r[0], dict(zip(keys, r[1:]))) for r in rows]

    def correct(self, sha: str, fields: dict) -> None:
        """Store a person's corrections (None removes one); kept apart from the extracted values."""
        row = self.db.execute("SELECT fields FROM corrections WHERE sha256=?", (sha,)).fetchone()
        current = json.loads(row[0]) if row else {}
        for key, value in fields.items():
            if value is None:
                current.pop(key, None)
            else:
                current[key] = value
        with self.db:
            if current:
                self.db.execute("INSERT OR REPLACE INTO corrections(sha256, fields, changed) VALUES (?,?,?)",
                                (sha, json.dumps(current, ensure_ascii=False),
                                 datetime.now(timezone.utc).isoformat(timespec="seconds")))
            else:
                self.db.execute("DELETE FROM corrections WHERE sha256=?", (sha,))
            self._bump()

    def chunk_ids(self, doc_ids: list[int] | None, sections: list[str] | None) -> list[int]:
        """Chunk ids of these documents (all when None) and sections (all when None)."""
        sql, args = "SELECT id FROM chunks WHERE 1", []
        if doc_ids is not None:
            sql += " AND doc_id IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(doc_ids))
        if sections:  # a passage's labels are comma-joined: "elections,decisions"
            sql += " AND EXISTS (SELECT 1 FROM json_each(?) WHERE instr(',' || section || ',', ',' || value || ',') > 0)"
            args.append(json.dumps(sections))
        return [r[0] for r in self.db.execute(sql, args)]
