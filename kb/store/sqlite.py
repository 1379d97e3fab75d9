"""The SQLite catalog: documents, their pages, chunks and vectors, people facts, corrections,
and (in the embedded default) the lexical index (kb/store/fts.py) in the same database. The source
of truth.

Every change is one transaction that also bumps `generation`; the FAISS index file records the
generation it was built from, so a crash between the two is noticed on open and the index is
rebuilt from the vectors stored here. Feeding a separate passages index (Milvus, kb/store/seams.py),
the catalog is opened with `journal`: each change also writes its write-ahead record, and the
FTS5 table is left alone (`lexical=False`). Rows become records (kb/records.py, ingest/records.py)
here and nowhere else.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ingest import Chunk, Document, Person
from kb.records import StoredDocument, TrashItem
from kb.store import check, fts, migrations, rows, syllables
from kb.store.accounts import AccountRows
from kb.store.report import CheckReport
from kb.store.seams import COLUMNS, KEPT, Change, pending_from, pending_json
from kb.store.syllables import SqliteCounts
from kb.store.trash import TrashRows


class SqliteCatalog(AccountRows, TrashRows):
    def __init__(self, path: Path, journal: bool = False, lexical: bool = True):
        self.path = path
        self.journal, self.lexical = journal, lexical
        self._lock = threading.RLock()
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        migrations.upgrade(self.db)
        fts.create(self.db)
        self._documents: tuple[int, list[StoredDocument]] | None = None

    def close(self) -> None:
        self.db.close()

    # --- settings (model, dimension, identity, generation) -----------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_settings(self, **values: str) -> None:
        with self._lock, self.db:
            self.db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", values.items())

    @property
    def generation(self) -> int:
        return int(self.setting("generation", "0") or 0)

    def _bump(self) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)", (str(self.generation + 1),))

    @property
    def schema_version(self) -> int:
        return migrations.version(self.db)

    # --- documents ------------------------------------------------------------
    _DOC_SELECT = """SELECT d.id, d.sha256, d.name, d.path, d.stored, d.title, d.pages, d.added, d.meta,
                     (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.id) AS chunks,
                     (SELECT fields FROM corrections k WHERE k.sha256 = d.sha256) AS fixes,
                     a.level AS access_level, a.groups AS access_groups
                     FROM documents d LEFT JOIN access a ON a.sha256 = d.sha256"""

    def documents(self) -> list[StoredDocument]:
        """All documents (kept until the catalog changes)."""
        gen = self.generation
        if self._documents is None or self._documents[0] != gen:
            self._documents = (
                gen,
                [rows.document(r) for r in self.db.execute(self._DOC_SELECT + " ORDER BY d.name, d.id")],
            )
        return list(self._documents[1])

    def document(self, doc_id: int) -> StoredDocument | None:
        row = self.db.execute(self._DOC_SELECT + " WHERE d.id=?", (doc_id,)).fetchone()
        return rows.document(row) if row else None

    def by_sha(self, sha: str) -> StoredDocument | None:
        row = self.db.execute(self._DOC_SELECT + " WHERE d.sha256=?", (sha,)).fetchone()
        return rows.document(row) if row else None

    def source(self, path: str) -> int | None:
        """The document a source path holds."""
        row = self.db.execute("SELECT doc_id FROM sources WHERE path=?", (path,)).fetchone()
        return row[0] if row else None

    def sources(self, doc_id: int) -> list[str]:
        """Every path a document was ingested from, the first one first."""
        return [r[0] for r in self.db.execute("SELECT path FROM sources WHERE doc_id=? ORDER BY rowid", (doc_id,))]

    def find(self, key: str) -> list[StoredDocument]:
        """Documents matching a file name, a source path or a sha256 prefix."""
        found = self.db.execute(
            self._DOC_SELECT
            + """ WHERE d.name=? OR d.path=? OR d.sha256 LIKE ? || '%'
            OR d.id IN (SELECT doc_id FROM sources WHERE path=?)""",
            (key, key, key if len(key) >= 8 else "-", key),
        ).fetchall()
        return [rows.document(r) for r in found]

    def page_text(self, doc_id: int, page: int) -> str:
        row = self.db.execute("SELECT text FROM pages WHERE doc_id=? AND page=?", (doc_id, page)).fetchone()
        return row[0] if row else ""

    # --- changes (each one transaction) ----------------------------------------
    def add(
        self,
        doc: Document,
        stored: str,
        chunks: list[Chunk],
        vectors: np.ndarray,
        source: str,
        replaces: int | None = None,
        near_duplicate_of: str | None = None,
    ) -> tuple[int, list[int], list[int]]:
        """Store a document; returns (doc id, new chunk ids, chunk ids removed with `replaces`)."""
        removed: list[int] = []
        with self._lock, self.db:
            if replaces is not None:
                removed = self._delete(replaces)
            cur = self.db.execute(
                "INSERT INTO documents(sha256, name, path, stored, title, pages, chars, added, meta)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    doc.sha256,
                    doc.name,
                    doc.path,
                    stored,
                    doc.title,
                    len(doc.pages),
                    len(doc.text),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    rows.meta_json(doc.meta, near_duplicate_of),
                ),
            )
            doc_id = int(cur.lastrowid or 0)
            self.db.executemany(
                "INSERT INTO pages(doc_id, page, text) VALUES (?,?,?)", [(doc_id, p.number, p.text) for p in doc.pages]
            )
            syllables.add(self.db, (p.text for p in doc.pages))
            self.db.executemany(rows.INSERT_PERSON, [rows.person_row(doc_id, p) for p in doc.people])
            ids = []
            for c, v in zip(chunks, vectors):
                cur = self.db.execute(
                    "INSERT INTO chunks(doc_id, ord, text, page_start, page_end, char_start, char_end, vector, section,"
                    " heading, formal) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        doc_id,
                        c.ord,
                        c.text,
                        c.page_start,
                        c.page_end,
                        c.char_start,
                        c.char_end,
                        np.asarray(v, np.float32).tobytes(),
                        *rows.marks(c),
                    ),
                )
                ids.append(int(cur.lastrowid or 0))
            if self.lexical:
                fts.add(self.db, [(i, c.text, c.heading_text) for i, c in zip(ids, chunks)])
            self.db.execute("INSERT OR REPLACE INTO sources(path, doc_id) VALUES (?, ?)", (source, doc_id))
            self._bump()
            self._record(added=tuple(ids), removed=tuple(removed))
        return doc_id, ids, removed

    def add_source(self, source: str, doc_id: int) -> None:
        with self._lock, self.db:
            self.db.execute("INSERT OR REPLACE INTO sources(path, doc_id) VALUES (?, ?)", (source, doc_id))

    def remove(self, doc_id: int) -> list[int]:
        """Delete a document and everything of it; returns its chunk ids."""
        with self._lock, self.db:
            ids = self._delete(doc_id)
            self._bump()
            self._record(removed=tuple(ids))
        return ids

    def _delete(self, doc_id: int) -> list[int]:
        found = self.db.execute("SELECT id, text, heading FROM chunks WHERE doc_id=?", (doc_id,)).fetchall()
        if self.lexical:
            fts.delete(self.db, [(r["id"], r["text"], r["heading"]) for r in found])
        pages = self.db.execute("SELECT text FROM pages WHERE doc_id=?", (doc_id,)).fetchall()
        syllables.add(self.db, (p["text"] for p in pages), sign=-1)
        for table in ("chunks", "pages", "people", "sources"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        return [r["id"] for r in found]

    def correct(self, sha: str, fields: dict) -> None:
        """Store a person's corrections (None removes one); kept apart from the extracted values."""
        row = self.db.execute("SELECT fields FROM corrections WHERE sha256=?", (sha,)).fetchone()
        current = json.loads(row[0]) if row else {}
        for key, value in fields.items():
            if value is None:
                current.pop(key, None)
            else:
                current[key] = list(value) if isinstance(value, tuple) else value
        with self._lock, self.db:
            if current:
                self.db.execute(
                    "INSERT OR REPLACE INTO corrections(sha256, fields, changed) VALUES (?,?,?)",
                    (sha, json.dumps(current, ensure_ascii=False), datetime.now(UTC).isoformat(timespec="seconds")),
                )
            else:
                self.db.execute("DELETE FROM corrections WHERE sha256=?", (sha,))
            self._bump()
            self._record(refreshed=self._ids_of([sha]))

    def corrections(self) -> list[tuple[str, str, str]]:
        """(sha256, fields as JSON, when) of every correction, to carry over to a rebuilt catalog."""
        return [tuple(r) for r in self.db.execute("SELECT sha256, fields, changed FROM corrections")]

    def take_over(self, other: Path, tables: Iterable[str]) -> None:
        """Copy these tables' rows from another catalog file (of the same schema) into this new one."""
        self.db.execute("ATTACH DATABASE ? AS other", (str(other),))
        try:
            with self._lock, self.db:
                for table in tables:
                    self.db.execute(f"INSERT OR REPLACE INTO main.{table} SELECT * FROM other.{table}")
        finally:
            self.db.execute("DETACH DATABASE other")

    def keep_corrections(self, rows: Iterable[tuple[str, str, str]]) -> None:
        rows = list(rows)
        with self._lock, self.db:
            self.db.executemany("INSERT OR REPLACE INTO corrections(sha256, fields, changed) VALUES (?,?,?)", rows)
            if self.journal and rows:
                self._bump()
                self._record(refreshed=self._ids_of([r[0] for r in rows]))

    def _ids_of(self, shas: list[str]) -> tuple[int, ...]:
        found = self.db.execute(
            "SELECT id FROM documents WHERE sha256 IN (SELECT value FROM json_each(?))", (json.dumps(shas),)
        )
        return tuple(r[0] for r in found)

    # --- the write-ahead records of a journaled catalog (kb/store/seams.py) ----------
    def _record(self, **change) -> None:
        """Inside the change's transaction: what the passages index must take."""
        if self.journal:
            waiting = pending_from(self.setting("passages.pending")) + [Change(self.generation, **change)]
            self.db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('passages.pending', ?)", (pending_json(waiting),)
            )

    def move_to_trash(self, doc_id: int, by: str) -> tuple[TrashItem, list[int]] | None:
        """Move a document to the trash (kb/store/trash.py); returns the item and the chunk ids that left."""
        return self._move_to_trash(doc_id, by)

    def take_from_trash(self, trash_id: int) -> tuple[int, list[int], np.ndarray] | None:
        """Put a trashed document back; returns (document id, chunk ids, their vectors)."""
        return self._take_from_trash(trash_id)

    def pending(self) -> list[Change]:
        return pending_from(self.setting("passages.pending"))

    def settle(self, generation: int) -> None:
        """The passages index has taken every change up to `generation`."""
        with self._lock, self.db:
            left = [c for c in self.pending() if c.generation > generation]
            self.db.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                [("passages.pending", pending_json(left)), ("passages.generation", str(generation))],
            )

    # --- chunks ---------------------------------------------------------------
    def has_chunks(self) -> bool:
        """Cheap where COUNT(*) reads the whole table: asked on every query."""
        return self.db.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is not None

    def chunk_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    _CHUNK = "id, doc_id, ord, text, page_start, page_end, char_start, char_end, section, heading, formal"

    def chunks(self, ids: list[int]) -> dict[int, tuple[int, Chunk]]:
        """id → (doc id, Chunk) for the given chunk ids."""
        out: dict[int, tuple[int, Chunk]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for r in self.db.execute(
                f"SELECT {self._CHUNK} FROM chunks WHERE id IN ({','.join('?' * len(part))})", part
            ):
                out[r["id"]] = (r["doc_id"], rows.chunk(r))
        return out

    def chunks_of(self, doc_id: int) -> list[tuple[int, Chunk]]:
        """(id, Chunk) of one document, in order."""
        return [
            (r["id"], rows.chunk(r))
            for r in self.db.execute(f"SELECT {self._CHUNK} FROM chunks WHERE doc_id=? ORDER BY ord", (doc_id,))
        ]

    def chunk_ids(self, doc_ids: list[int] | None, sections: list[str] | None) -> list[int]:
        """Chunk ids of these documents (all when None) and sections (all when None)."""
        sql, args = "SELECT id FROM chunks WHERE 1", []
        if doc_ids is not None:
            sql += " AND doc_id IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(doc_ids))
        if sections:  # a passage's labels are comma-joined: "elections,decisions"
            sql += (
                " AND EXISTS (SELECT 1 FROM json_each(?) WHERE instr(',' || section || ',', ',' || value || ',') > 0)"
            )
            args.append(json.dumps(sections))
        return [r[0] for r in self.db.execute(sql, args)]

    def section_counts(self) -> Counter[str]:
        """How many passages belong to each part of a report."""
        out: Counter[str] = Counter()
        for labels, n in self.db.execute("SELECT section, COUNT(*) FROM chunks GROUP BY section"):
            for label in labels.split(","):
                out[label] += n
        return out

    def vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) in batches, for rebuilding the FAISS index without embedding again."""
        dim = int(self.setting("dim") or 0)
        cur = self.db.execute("SELECT id, vector FROM chunks ORDER BY id")
        while found := cur.fetchmany(batch):
            ids = np.fromiter((r[0] for r in found), np.int64, len(found))
            vecs = np.frombuffer(b"".join(r[1] for r in found), np.float32).reshape(len(found), dim)
            yield ids, vecs

    def vectors_of(self, ids: list[int]) -> dict[int, np.ndarray]:
        """id → vector for the given chunk ids."""
        out: dict[int, np.ndarray] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for i, blob in self.db.execute(
                f"SELECT id, vector FROM chunks WHERE id IN ({','.join('?' * len(part))})", part
            ):
                out[i] = np.frombuffer(blob, np.float32)
        return out

    # --- people ---------------------------------------------------------------
    def people(self) -> list[tuple[int, Person]]:
        """(doc id, Person) for every person fact, in document order."""
        return [
            (r["doc_id"], rows.person(r))
            for r in self.db.execute(f"SELECT doc_id, {rows.PERSON} FROM people ORDER BY doc_id, rowid")
        ]

    # --- lexical index ----------------------------------------------------------
    def lexical_search(
        self, terms: list[str], folded: bool, k: int, allowed: list[int] | None = None, where=None
    ) -> list[tuple[int, float]]:
        """Top-k (chunk id, BM25 score) for any of the terms, in the folded or the accented column."""
        return fts.search(self.db, terms, "fold" if folded else "acc", k, allowed)

    def syllable_counts(self) -> SqliteCounts:
        """The counts accent restoration reads (kb/accents.py)."""
        return SqliteCounts(self.db)

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many passages hold each folded term (counted up to a cap)."""
        return fts.frequencies(self.db, terms)

    # --- upkeep and copying (kb check, kb migrate) --------------------------------
    def check(self, report: CheckReport) -> tuple[np.ndarray, bool]:
        """The catalog's integrity and its vectors' into `report`: (chunk ids, every vector sound)."""
        if not check.catalog_sound(self.db, report):
            return np.zeros(0, np.int64), False
        return check.vectors_sound(self.db, int(self.setting("dim") or 0), report)

    def rows(self, table: str, batch: int = 2000) -> Iterator[list[tuple]]:
        """A table's rows in COLUMNS' order (kb/store/seams.py), in batches."""
        quoted = ", ".join(f'"{c}"' for c in COLUMNS[table])
        cur = self.db.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid")
        while found := cur.fetchmany(batch):
            yield [tuple(r) for r in found]

    def load(self, tables: Iterable[tuple[str, Iterator[list[tuple]]]]) -> None:
        """Replace everything with these rows, in one transaction (kb migrate, kb reindex)."""
        with self.db:
            for table in ("people", "pages", "chunks", "sources", "corrections", "documents"):
                self.db.execute(f"DELETE FROM {table}")
            kept = {k: v for k, v in self.db.execute("SELECT key, value FROM meta")}
            for table, batches in tables:
                cols = COLUMNS[table]
                verb = "INSERT OR IGNORE" if table == "audit" else "INSERT OR REPLACE"  # the trail: append-only
                if table in KEPT and table != "audit":
                    self.db.execute(f"DELETE FROM {table}")
                quoted = ", ".join(f'"{c}"' for c in cols)
                sql = f"{verb} INTO {table}({quoted}) VALUES ({','.join('?' * len(cols))})"
                for found in batches:
                    self.db.executemany(sql, found)
            for key in ("schema_version", "catalog_id"):  # its own schema; an identity only if none came
                if key in kept and (key == "schema_version" or self.setting(key) is None):
                    self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, kept[key]))
            if self.lexical:
                fts.rebuild(self.db)
            syllables.rebuild(self.db)
            generation = max(int(kept.get("generation", 0)), self.generation) + 1
            self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)", (str(generation),))
            self.db.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                [("passages.pending", "[]"), ("passages.generation", "0")],
            )
