"""The catalog on a PostgreSQL server (psycopg 3): the same tables, rows and records as the SQLite
catalog (kb/store/sqlite.py), for a knowledge base whose catalog many machines share.

Every change is one transaction that bumps `generation` and writes its write-ahead record for the
passages index (kb/store/seams.py); it starts by locking the `generation` row, so two writers
(two homes on one database) take turns. The lexical index is not here: PostgreSQL's text ranking
is not BM25 (the passages index does that). KB_CATALOG is a libpq address, for example
postgresql://kb@db.example/kb, or with a schema of its own: …?options=-csearch_path%3Dkb1.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import numpy as np

from ingest import Chunk, Document, Person
from ingest.messages import Message
from kb.errors import KbError
from kb.records import StoredDocument
from kb.store import check, rows
from kb.store.pg_kept import SCHEMA_KEPT, PgKeptRows, add_syllables, rebuild_syllables
from kb.store.report import CheckReport
from kb.store.seams import COLUMNS, KEPT, Change, pending_from, pending_json

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS documents (
        id BIGSERIAL PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, name TEXT NOT NULL, path TEXT NOT NULL,
        stored TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', pages INTEGER NOT NULL, chars INTEGER NOT NULL,
        added TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}')""",
    """CREATE TABLE IF NOT EXISTS sources (
        path TEXT PRIMARY KEY, doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq BIGSERIAL)""",
    """CREATE TABLE IF NOT EXISTS pages (
        doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, page INTEGER NOT NULL,
        text TEXT NOT NULL, PRIMARY KEY (doc_id, page))""",
    """CREATE TABLE IF NOT EXISTS chunks (
        id BIGSERIAL PRIMARY KEY, doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL, text TEXT NOT NULL, page_start INTEGER NOT NULL, page_end INTEGER NOT NULL,
        char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, vector BYTEA NOT NULL,
        section TEXT NOT NULL DEFAULT 'other', heading TEXT NOT NULL DEFAULT '', formal TEXT NOT NULL DEFAULT '[]')""",
    "CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id)",
    """CREATE TABLE IF NOT EXISTS people (
        seq BIGSERIAL PRIMARY KEY, doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL, title TEXT NOT NULL, organisation TEXT NOT NULL, role TEXT NOT NULL,
        body TEXT NOT NULL, term TEXT, page INTEGER NOT NULL, passage TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS people_doc ON people(doc_id)",
    "CREATE TABLE IF NOT EXISTS corrections (sha256 TEXT PRIMARY KEY, fields TEXT NOT NULL, changed TEXT NOT NULL)",
]
# 1: the tables above; 2: what an organisation keeps and the syllable counts (kb/store/pg_kept.py)
SCHEMA_VERSION = "2"
_ORDER = {
    "meta": "key",
    "documents": "id",
    "sources": "seq",
    "pages": "doc_id, page",
    "chunks": "id",
    "people": "seq",
    "corrections": "sha256",
    "access": "sha256",
    "users": "name",
    "tokens": "id",
    "sign_ins": "name",
    "audit": "id",
    "trash": "id",
}
_SERIAL = {"documents": "id", "chunks": "id", "sources": "seq", "people": "seq", "tokens": "id", "trash": "id"}


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise KbError("store.missing_package", what="KB_CATALOG=postgresql://…", package="psycopg[binary]") from None
    return psycopg


class Serialized:
    """The catalog's one connection, shared by the threads of a process (the API server, the app), one
    transaction at a time: a transaction holds it until it ends, so another thread's statement never
    runs inside it (psycopg serializes statements, not transactions)."""

    def __init__(self, connection: Any):
        self.connection = connection
        self.lock = threading.RLock()

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        with self.lock:  # the rows are fetched with the statement (a client-side cursor)
            return self.connection.execute(*args, **kwargs)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.lock, self.connection.transaction():
            yield

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


class PostgresCatalog(PgKeptRows):
    journal = True
    lexical = False

    def __init__(self, address: str):
        psycopg = _psycopg()
        from psycopg.rows import dict_row

        self.address = address
        try:
            self.db = Serialized(psycopg.connect(address, autocommit=True, row_factory=dict_row))
        except psycopg.OperationalError as e:
            from kb.store import Backends

            raise KbError("store.unreachable", address=Backends(catalog=address).describe(), why=str(e).strip()) from e
        self._upgrade()
        self._documents: tuple[int, list[StoredDocument]] | None = None

    def _upgrade(self) -> None:
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(7219)")  # two first opens create the tables once
            for statement in SCHEMA + SCHEMA_KEPT:
                self.db.execute(statement)
            self.db.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', %s), ('generation', '0')"
                " ON CONFLICT (key) DO NOTHING",
                (SCHEMA_VERSION,),
            )
            if self.setting("schema_version") == "1":  # made before the syllable counts: count its pages
                rebuild_syllables(self.db)
                self.db.execute(_UPSERT_META, ("schema_version", SCHEMA_VERSION))

    def _one(self, sql: str, args: Any = ()) -> Any:
        row = self.db.execute(sql, args).fetchone()
        return next(iter(row.values())) if row else None

    def close(self) -> None:
        self.db.close()

    # --- settings ---------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self._one("SELECT value FROM meta WHERE key=%s", (key,))
        return value if value is not None else default

    def set_settings(self, **values: str) -> None:
        with self.db.transaction(), self.db.cursor() as cur:
            cur.executemany(_UPSERT_META, list(values.items()))

    @property
    def generation(self) -> int:
        return int(self.setting("generation", "0") or 0)

    def _begin_change(self) -> int:
        """Inside a change's transaction: lock and bump the generation; returns the new one."""
        now = int(self._one("SELECT value FROM meta WHERE key='generation' FOR UPDATE") or 0) + 1
        self.db.execute("UPDATE meta SET value=%s WHERE key='generation'", (str(now),))
        return now

    def _record(self, generation: int, **change) -> None:
        waiting = pending_from(self.setting("passages.pending")) + [Change(generation, **change)]
        self.db.execute(_UPSERT_META, ("passages.pending", pending_json(waiting)))

    def pending(self) -> list[Change]:
        return pending_from(self.setting("passages.pending"))

    def settle(self, generation: int) -> None:
        with self.db.transaction():
            self.db.execute("SELECT value FROM meta WHERE key='generation' FOR UPDATE")
            left = [c for c in self.pending() if c.generation > generation]
            self.db.execute(_UPSERT_META, ("passages.pending", pending_json(left)))
            self.db.execute(_UPSERT_META, ("passages.generation", str(generation)))

    # --- documents ----------------------------------------------------------------------
    _DOC_SELECT = """SELECT d.id, d.sha256, d.name, d.path, d.stored, d.title, d.pages, d.added, d.meta,
                     (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.id) AS chunks,
                     (SELECT fields FROM corrections k WHERE k.sha256 = d.sha256) AS fixes,
                     a.level AS access_level, a.groups AS access_groups
                     FROM documents d LEFT JOIN access a ON a.sha256 = d.sha256"""

    def documents(self) -> list[StoredDocument]:
        gen = self.generation
        if self._documents is None or self._documents[0] != gen:
            found = self.db.execute(self._DOC_SELECT + ' ORDER BY d.name COLLATE "C", d.id').fetchall()
            self._documents = (gen, [rows.document(r) for r in found])
        return list(self._documents[1])

    def document(self, doc_id: int) -> StoredDocument | None:
        row = self.db.execute(self._DOC_SELECT + " WHERE d.id=%s", (doc_id,)).fetchone()
        return rows.document(row) if row else None

    def by_sha(self, sha: str) -> StoredDocument | None:
        row = self.db.execute(self._DOC_SELECT + " WHERE d.sha256=%s", (sha,)).fetchone()
        return rows.document(row) if row else None

    def source(self, path: str) -> int | None:
        return self._one("SELECT doc_id FROM sources WHERE path=%s", (path,))

    def sources(self, doc_id: int) -> list[str]:
        return [r["path"] for r in self.db.execute("SELECT path FROM sources WHERE doc_id=%s ORDER BY seq", (doc_id,))]

    def find(self, key: str) -> list[StoredDocument]:
        found = self.db.execute(
            self._DOC_SELECT
            + """ WHERE d.name=%s OR d.path=%s OR starts_with(d.sha256, lower(%s))
            OR d.id IN (SELECT doc_id FROM sources WHERE path=%s)""",
            (key, key, key if len(key) >= 8 else "-", key),
        ).fetchall()
        return [rows.document(r) for r in found]

    def page_text(self, doc_id: int, page: int) -> str:
        return self._one("SELECT text FROM pages WHERE doc_id=%s AND page=%s", (doc_id, page)) or ""

    # --- changes (each one transaction) -----------------------------------------------------
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
        removed: list[int] = []
        with self.db.transaction(), self.db.cursor() as cur:
            generation = self._begin_change()
            if replaces is not None:
                removed = self._delete(replaces)
            doc_id = int(
                cur.execute(
                    "INSERT INTO documents(sha256, name, path, stored, title, pages, chars, added, meta)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
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
                ).fetchone()["id"]
            )
            cur.executemany(
                "INSERT INTO pages(doc_id, page, text) VALUES (%s,%s,%s)",
                [(doc_id, p.number, p.text) for p in doc.pages],
            )
            add_syllables(self.db, (p.text for p in doc.pages))
            cur.executemany(_INSERT_PERSON, [rows.person_row(doc_id, p) for p in doc.people])
            ids = [
                int(
                    cur.execute(
                        "INSERT INTO chunks(doc_id, ord, text, page_start, page_end, char_start, char_end, vector,"
                        " section, heading, formal) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
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
                    ).fetchone()["id"]
                )
                for c, v in zip(chunks, vectors)
            ]
            cur.execute(
                _UPSERT_SOURCE,
                (source, doc_id),
            )
            self._record(generation, added=tuple(ids), removed=tuple(removed))
        return doc_id, ids, removed

    def add_source(self, source: str, doc_id: int) -> None:
        self.db.execute(
            _UPSERT_SOURCE,
            (source, doc_id),
        )

    def remove(self, doc_id: int) -> list[int]:
        with self.db.transaction():
            generation = self._begin_change()
            ids = self._delete(doc_id)
            self._record(generation, removed=tuple(ids))
        return ids

    def _delete(self, doc_id: int) -> list[int]:
        ids = [r["id"] for r in self.db.execute("SELECT id FROM chunks WHERE doc_id=%s ORDER BY id", (doc_id,))]
        pages = self.db.execute("SELECT text FROM pages WHERE doc_id=%s", (doc_id,)).fetchall()
        add_syllables(self.db, (p["text"] for p in pages), sign=-1)
        for table in ("chunks", "pages", "people", "sources"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id=%s", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id=%s", (doc_id,))
        return ids

    def correct(self, sha: str, fields: dict) -> None:
        with self.db.transaction():
            generation = self._begin_change()
            current = json.loads(self._one("SELECT fields FROM corrections WHERE sha256=%s", (sha,)) or "{}")
            for key, value in fields.items():
                if value is None:
                    current.pop(key, None)
                else:
                    current[key] = list(value) if isinstance(value, tuple) else value
            if current:
                self.db.execute(
                    "INSERT INTO corrections(sha256, fields, changed) VALUES (%s,%s,%s) ON CONFLICT (sha256)"
                    " DO UPDATE SET fields=excluded.fields, changed=excluded.changed",
                    (sha, json.dumps(current, ensure_ascii=False), datetime.now(UTC).isoformat(timespec="seconds")),
                )
            else:
                self.db.execute("DELETE FROM corrections WHERE sha256=%s", (sha,))
            self._record(generation, refreshed=self._ids_of([sha]))

    def corrections(self) -> list[tuple[str, str, str]]:
        found = self.db.execute("SELECT sha256, fields, changed FROM corrections ORDER BY sha256")
        return [(r["sha256"], r["fields"], r["changed"]) for r in found]

    def keep_corrections(self, kept: Iterable[tuple[str, str, str]]) -> None:
        kept = list(kept)
        if not kept:
            return
        with self.db.transaction(), self.db.cursor() as cur:
            generation = self._begin_change()
            cur.executemany(
                "INSERT INTO corrections(sha256, fields, changed) VALUES (%s,%s,%s) ON CONFLICT (sha256)"
                " DO UPDATE SET fields=excluded.fields, changed=excluded.changed",
                kept,
            )
            self._record(generation, refreshed=self._ids_of([r[0] for r in kept]))

    def _ids_of(self, shas: list[str]) -> tuple[int, ...]:
        return tuple(r["id"] for r in self.db.execute("SELECT id FROM documents WHERE sha256 = ANY(%s)", (shas,)))

    # --- chunks ---------------------------------------------------------------------------
    def has_chunks(self) -> bool:
        return self._one("SELECT 1 FROM chunks LIMIT 1") is not None

    def chunk_count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM chunks"))

    _CHUNK = "id, doc_id, ord, text, page_start, page_end, char_start, char_end, section, heading, formal"

    def chunks(self, ids: list[int]) -> dict[int, tuple[int, Chunk]]:
        found = self.db.execute(f"SELECT {self._CHUNK} FROM chunks WHERE id = ANY(%s)", (list(ids),))
        return {r["id"]: (r["doc_id"], rows.chunk(r)) for r in found}

    def chunks_of(self, doc_id: int) -> list[tuple[int, Chunk]]:
        found = self.db.execute(f"SELECT {self._CHUNK} FROM chunks WHERE doc_id=%s ORDER BY ord", (doc_id,))
        return [(r["id"], rows.chunk(r)) for r in found]

    def chunk_ids(self, doc_ids: list[int] | None, sections: list[str] | None) -> list[int]:
        sql, args = "SELECT id FROM chunks WHERE TRUE", list[Any]()
        if doc_ids is not None:
            sql += " AND doc_id = ANY(%s)"
            args.append(list(doc_ids))
        if sections:
            sql += " AND string_to_array(section, ',') && %s::text[]"
            args.append(list(sections))
        return [r["id"] for r in self.db.execute(sql + " ORDER BY id", args)]

    def section_counts(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for r in self.db.execute("SELECT section, COUNT(*) AS n FROM chunks GROUP BY section"):
            for label in r["section"].split(","):
                out[label] += r["n"]
        return out

    def vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        dim = int(self.setting("dim") or 0)
        last = 0
        while True:  # by id ranges: no cursor left open between batches
            found = self.db.execute(
                "SELECT id, vector FROM chunks WHERE id > %s ORDER BY id LIMIT %s", (last, batch)
            ).fetchall()
            if not found:
                return
            last = found[-1]["id"]
            ids = np.fromiter((r["id"] for r in found), np.int64, len(found))
            yield ids, np.frombuffer(b"".join(bytes(r["vector"]) for r in found), np.float32).reshape(len(found), dim)

    def vectors_of(self, ids: list[int]) -> dict[int, np.ndarray]:
        found = self.db.execute("SELECT id, vector FROM chunks WHERE id = ANY(%s)", (list(ids),))
        return {r["id"]: np.frombuffer(bytes(r["vector"]), np.float32) for r in found}

    def people(self) -> list[tuple[int, Person]]:
        found = self.db.execute(f"SELECT doc_id, {rows.PERSON} FROM people ORDER BY doc_id, seq")
        return [(r["doc_id"], rows.person(r)) for r in found]

    # --- upkeep and copying ----------------------------------------------------------------
    def check(self, report: CheckReport) -> tuple[np.ndarray, bool]:
        try:
            pages = self._one("""SELECT COUNT(*) FROM documents d WHERE d.pages !=
                                 (SELECT COUNT(*) FROM pages p WHERE p.doc_id = d.id)""")
            docs = self._one("SELECT COUNT(*) FROM documents")
        except Exception as e:
            report.problems.append(Message("check.postgres.unreadable", {"why": str(e)}))
            return np.zeros(0, np.int64), False
        if pages:
            report.problems.append(Message("check.catalog.pages", {"documents": pages}))
        report.ok.append(Message("check.postgres.ok", {"documents": docs, "generation": self.generation}))
        found = ((r["id"], bytes(r["vector"])) for r in self.db.execute("SELECT id, vector FROM chunks ORDER BY id"))
        return check.vectors_report(found, int(self.setting("dim") or 0), report)

    def rows(self, table: str, batch: int = 2000) -> Iterator[list[tuple]]:
        from psycopg.rows import tuple_row

        with self.db.cursor(row_factory=tuple_row) as cur:
            with self.db.lock:
                cur.execute(f"SELECT {_quoted(COLUMNS[table])} FROM {table} ORDER BY {_ORDER[table]}")
            while found := cur.fetchmany(batch):
                yield [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in found]

    def load(self, tables: Iterable[tuple[str, Iterator[list[tuple]]]]) -> None:
        with self.db.transaction(), self.db.cursor() as cur:
            generation = self._begin_change()
            cur.execute(
                "TRUNCATE people, pages, chunks, sources, corrections, documents, syllables, syllable_pairs"
                " RESTART IDENTITY"
            )
            kept = {r["key"]: r["value"] for r in cur.execute("SELECT key, value FROM meta").fetchall()}
            for table, batches in tables:
                cols = COLUMNS[table]
                if table == "meta":
                    for found in batches:
                        cur.executemany(_UPSERT_META, found)
                    continue
                if table == "audit":  # append-only: the entries this catalog lacks are added
                    sql = f"INSERT INTO audit({_quoted(cols)}) VALUES ({','.join(['%s'] * len(cols))})"
                    for found in batches:
                        cur.executemany(sql + " ON CONFLICT (id) DO NOTHING", found)
                    continue
                if table in KEPT:
                    cur.execute(f"DELETE FROM {table}")
                with cur.copy(f"COPY {table} ({_quoted(cols)}) FROM STDIN") as copy:
                    for found in batches:
                        for r in found:
                            copy.write_row(r)
            for table, col in _SERIAL.items():
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{col}'), COALESCE(MAX({col}), 0) + 1, false)"
                    f" FROM {table}"
                )
            rebuild_syllables(self.db)
            if self.setting("catalog_id") is None and "catalog_id" in kept:
                cur.execute(_UPSERT_META, ("catalog_id", kept["catalog_id"]))
            cur.executemany(
                _UPSERT_META,
                [
                    ("schema_version", SCHEMA_VERSION),
                    ("generation", str(max(generation, self.generation) + 1)),
                    ("passages.pending", "[]"),
                    ("passages.generation", "0"),
                ],
            )


def _quoted(columns: Iterable[str]) -> str:
    """Column names for a statement, quoted ("user" and "by" are words of SQL)."""
    return ", ".join(f'"{c}"' for c in columns)


_UPSERT_SOURCE = (
    "INSERT INTO sources(path, doc_id) VALUES (%s, %s) ON CONFLICT (path) DO UPDATE SET doc_id=excluded.doc_id"
)
_UPSERT_META = "INSERT INTO meta(key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value=excluded.value"
_INSERT_PERSON = rows.INSERT_PERSON.replace("?", "%s")
