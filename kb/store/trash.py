"""The SQLite statements of the trash (issue 17): a document moved there leaves every table search
reads (documents, pages, chunks, people, sources, the lexical index) in one transaction, and is
kept as one row holding everything needed to put it back as it was, its vectors included, so a
restore embeds nothing. Its corrections and its access level are kept by content
(kb/store/accounts.py) and so come back with it. Part of the catalog (kb/store/sqlite.py).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from typing import Any

import numpy as np

from kb.records import StoredDocument, TrashItem
from kb.store import fts, rows, syllables
from kb.store.accounts import now_iso

_CHUNK_COLUMNS = ("ord", "text", "page_start", "page_end", "char_start", "char_end", "section", "heading", "formal")
_TEXT, _HEADING = _CHUNK_COLUMNS.index("text"), _CHUNK_COLUMNS.index("heading")
_DOCUMENT_COLUMNS = ("sha256", "name", "path", "stored", "title", "pages", "chars", "added", "meta")


class TrashRows:
    """Mixed into the SQLite catalog, which provides the connection, the documents and the generation."""

    db: sqlite3.Connection
    _lock: threading.RLock

    def _bump(self) -> None:
        raise NotImplementedError  # the catalog's

    def _delete(self, doc_id: int) -> list[int]:
        raise NotImplementedError  # the catalog's

    def setting(self, key: str, default: str | None = None) -> str | None:
        raise NotImplementedError  # the catalog's

    def _record(self, **change) -> None:
        raise NotImplementedError  # the catalog's: the write-ahead record of a journaled catalog

    lexical: bool  # False: the lexical index is not in this database (a separate passages index)

    def _move_to_trash(self, doc_id: int, by: str) -> tuple[TrashItem, list[int]] | None:
        """Move a document to the trash; returns the item and the chunk ids that left the indexes."""
        row = self.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return None
        document = {k: row[k] for k in _DOCUMENT_COLUMNS}
        pages = [
            list(r) for r in self.db.execute("SELECT page, text FROM pages WHERE doc_id=? ORDER BY page", (doc_id,))
        ]
        people = [
            list(r)
            for r in self.db.execute(f"SELECT {rows.PERSON} FROM people WHERE doc_id=? ORDER BY rowid", (doc_id,))
        ]
        sources = [r[0] for r in self.db.execute("SELECT path FROM sources WHERE doc_id=? ORDER BY rowid", (doc_id,))]
        found = self.db.execute(
            f"SELECT {', '.join(_CHUNK_COLUMNS)}, vector FROM chunks WHERE doc_id=? ORDER BY ord", (doc_id,)
        ).fetchall()
        chunks = [[r[k] for k in _CHUNK_COLUMNS] for r in found]
        trashed = now_iso()
        with self._lock, self.db:
            cur = self.db.execute(
                "INSERT INTO trash(sha256, name, stored, trashed, by, model, document, pages, people, sources, chunks,"
                " vectors) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    row["sha256"],
                    row["name"],
                    row["stored"],
                    trashed,
                    by,
                    self.setting("model") or "",
                    _json(document),
                    _json(pages),
                    _json(people),
                    _json(sources),
                    _json(chunks),
                    b"".join(r["vector"] for r in found),
                ),
            )
            removed = self._delete(doc_id)
            self._bump()
            self._record(removed=tuple(removed))
        item = self.trash_item(int(cur.lastrowid or 0))
        assert item is not None
        return item, removed

    def trashed(self) -> list[TrashItem]:
        """What the trash holds, the most recently trashed first."""
        return [_item(self.db, r) for r in self.db.execute(f"SELECT {_LISTED} FROM trash ORDER BY id DESC")]

    def trash_item(self, trash_id: int) -> TrashItem | None:
        row = self.db.execute(f"SELECT {_LISTED} FROM trash WHERE id=?", (trash_id,)).fetchone()
        return _item(self.db, row) if row else None

    def trash_model(self, trash_id: int) -> str | None:
        """The model a trashed document's vectors come from."""
        row = self.db.execute("SELECT model FROM trash WHERE id=?", (trash_id,)).fetchone()
        return row[0] if row else None

    def _take_from_trash(self, trash_id: int) -> tuple[int, list[int], np.ndarray] | None:
        """Put a trashed document back (a new document id, new chunk ids); returns (doc id, chunk ids,
        their vectors). The caller checks first that its content is not stored again meanwhile."""
        row = self.db.execute("SELECT * FROM trash WHERE id=?", (trash_id,)).fetchone()
        if row is None:
            return None
        document = json.loads(row["document"])
        chunks = json.loads(row["chunks"])
        dim = len(row["vectors"]) // 4 // max(len(chunks), 1)
        vectors = np.frombuffer(row["vectors"], np.float32).reshape(len(chunks), dim) if chunks else np.zeros((0, 0))
        with self._lock, self.db:
            columns, blanks = ", ".join(_DOCUMENT_COLUMNS), ",".join("?" * len(_DOCUMENT_COLUMNS))
            cur = self.db.execute(
                f"INSERT INTO documents({columns}) VALUES ({blanks})", [document[k] for k in _DOCUMENT_COLUMNS]
            )
            doc_id = int(cur.lastrowid or 0)
            pages = json.loads(row["pages"])
            self.db.executemany("INSERT INTO pages(doc_id, page, text) VALUES (?,?,?)", [(doc_id, *p) for p in pages])
            syllables.add(self.db, (text for _, text in pages))
            self.db.executemany(rows.INSERT_PERSON, [(doc_id, *p) for p in json.loads(row["people"])])
            ids = []
            for c, v in zip(chunks, vectors):
                cur = self.db.execute(
                    f"INSERT INTO chunks(doc_id, {', '.join(_CHUNK_COLUMNS)}, vector) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (doc_id, *c, np.asarray(v, np.float32).tobytes()),
                )
                ids.append(int(cur.lastrowid or 0))
            if self.lexical:
                fts.add(self.db, [(i, c[_TEXT], c[_HEADING]) for i, c in zip(ids, chunks)])
            self.db.executemany(
                "INSERT OR IGNORE INTO sources(path, doc_id) VALUES (?, ?)",
                [(s, doc_id) for s in json.loads(row["sources"])],
            )
            self.db.execute("DELETE FROM trash WHERE id=?", (trash_id,))
            self._bump()
            self._record(added=tuple(ids))
        return doc_id, ids, vectors

    def purge(self, trash_id: int) -> TrashItem | None:
        """Remove a document from the trash for good; its access level and corrections go with it
        unless its content is stored or trashed again."""
        item = self.trash_item(trash_id)
        if item is None:
            return None
        with self._lock, self.db:
            self.db.execute("DELETE FROM trash WHERE id=?", (trash_id,))
            sha = item.doc.sha256
            held = self.db.execute(
                "SELECT 1 FROM documents WHERE sha256=? UNION ALL SELECT 1 FROM trash WHERE sha256=?", (sha, sha)
            ).fetchone()
            if not held:
                self.db.execute("DELETE FROM access WHERE sha256=?", (sha,))
                self.db.execute("DELETE FROM corrections WHERE sha256=?", (sha,))
            self._bump()
        return item

    def stored_files(self) -> set[str]:
        """The originals (paths relative to the home) that live and trashed documents hold."""
        return {r[0] for r in self.db.execute("SELECT stored FROM documents UNION SELECT stored FROM trash")}


_LISTED = "id, sha256, trashed, by, document, json_array_length(chunks) AS n"


def _item(db: sqlite3.Connection, r: sqlite3.Row) -> TrashItem:
    """A trash row as a record: the document as it was, with its corrections and access as they are."""
    document: dict[str, Any] = json.loads(r["document"])
    fixes = db.execute("SELECT fields FROM corrections WHERE sha256=?", (r["sha256"],)).fetchone()
    access = db.execute("SELECT level, groups FROM access WHERE sha256=?", (r["sha256"],)).fetchone()
    doc: StoredDocument = rows.document(
        {
            **document,
            "id": 0,
            "chunks": r["n"],
            "fixes": fixes[0] if fixes else None,
            "access_level": access[0] if access else None,
            "access_groups": access[1] if access else None,
        }
    )
    return TrashItem(r["id"], doc, r["trashed"], r["by"])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
