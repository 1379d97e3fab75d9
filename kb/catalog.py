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
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
"""


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
        return {"file": self.name, "path": self.path, "title": self.title, "pages": self.pages,
                "chunks": self.chunks, "added": self.added, "sha256": self.sha256, **self.meta}


class Catalog:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)
        lexical.create(self.db)
        self.db.commit()
        if self.get_meta("lexical_version") != lexical.VERSION:
            lexical.rebuild(self.db)  # new KB, or the tokenizer changed: index every chunk again

    def close(self) -> None:
        self.db.close()

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
                     (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.id), d.added, d.meta
                     FROM documents d"""

    def _doc(self, row) -> DocInfo:
        return DocInfo(*row[:9], json.loads(row[9]))

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
        with self.db:
            if replaces is not None:
                removed = self._delete(replaces)
            cur = self.db.execute(
                "INSERT INTO documents(sha256, name, path, stored, title, pages, chars, added, meta)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (doc.sha256, doc.name, doc.path, stored, doc.title, len(doc.pages), len(doc.text),
                 datetime.now(timezone.utc).isoformat(timespec="seconds"), json.dumps(doc.meta, ensure_ascii=False)),
            )
            doc_id = cur.lastrowid
            self.db.executemany("INSERT INTO pages(doc_id, page, text) VALUES (?,?,?)",
                                [(doc_id, p.number, p.text) for p in doc.pages])
            ids = []
            for c, v in zip(chunks, vectors):
                cur = self.db.execute(
                    "INSERT INTO chunks(doc_id, ord, text, page_start, page_end, char_start, char_end, vector)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (doc_id, c.ord, c.text, c.page_start, c.page_end, c.char_start, c.char_end,
                     np.asarray(v, np.float32).tobytes()),
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
        self.db.execute("DELETE FROM sources WHERE doc_id=?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        return ids

    def replace_vectors(self, rows: Iterable[tuple[int, np.ndarray]]) -> None:
        with self.db:
            self.db.executemany("UPDATE chunks SET vector=? WHERE id=?",
                                ((np.asarray(v, np.float32).tobytes(), i) for i, v in rows))
            self._bump()

    # --- chunks ---------------------------------------------------------------
    def chunk_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def chunks(self, ids: list[int]) -> dict[int, tuple[int, Chunk]]:
        """id → (doc id, Chunk) for the given chunk ids."""
        out: dict[int, tuple[int, Chunk]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            q = ",".join("?" * len(part))
            for r in self.db.execute(
                f"SELECT id, doc_id, ord, text, page_start, page_end, char_start, char_end FROM chunks WHERE id IN ({q})",
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
