"""A store made of a catalog and a passages index on separate engines (kb/store/seams.py): SQLite or
PostgreSQL for the catalog, FAISS + FTS5 files or Milvus for the passages.

How a change stays whole without a transaction across the two:

1. The catalog commits the change and, in the same transaction, its write-ahead record (`Change`).
2. The passages index takes it: deletes and upserts keyed by chunk id, so taking it twice is taking
   it once.
3. The catalog settles it (drops the record, notes the generation the passages hold).

A crash after 1 leaves the record: the next write (an ingest, a removal, a correction) or
`kb check --repair` hands it over again before anything else. Until then a search may miss the
new passages or find passages of a removed document, which the retriever drops (their chunks are
no longer in the catalog). `kb check` says so (a note), and compares the passages with the catalog
(ids and vectors); `--repair` takes the waiting changes and rebuilds the passages from the catalog
when they still differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from ingest import Chunk, Document, Person
from ingest.messages import Message
from kb.accents import Counts
from kb.errors import KbError
from kb.records import Access, Attempts, AuditEntry, StoredDocument, Token, TrashItem, User
from kb.store import check
from kb.store.fields import passages_of
from kb.store.report import CheckReport
from kb.store.seams import OWN_SETTINGS, TABLES, Catalog, Change, Passages

TAKE_BATCH = 2000  # chunks handed to the passages index at a time when a change is large


class ComposedStore:
    def __init__(self, home: Path, catalog: Catalog, passages: Passages, describe: str = ""):
        self.home, self.catalog, self.passages = home, catalog, passages
        self.describe = describe  # "postgresql://… + milvus://…", for kb stats
        self.filters_natively = passages.filters_natively

    # --- settings -------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        return self.catalog.setting(key, default)

    def set_settings(self, **values: str) -> None:
        self.catalog.set_settings(**values)

    def record_model(self, name: str, dim: int) -> None:
        if not self.setting("model"):
            self.set_settings(model=name, dim=str(dim))

    @property
    def dim(self) -> int:
        return int(self.setting("dim") or 0)

    @property
    def generation(self) -> int:
        return self.catalog.generation

    # --- documents --------------------------------------------------------------------
    def documents(self) -> list[StoredDocument]:
        return self.catalog.documents()

    def document(self, doc_id: int) -> StoredDocument | None:
        return self.catalog.document(doc_id)

    def by_sha(self, sha: str) -> StoredDocument | None:
        return self.catalog.by_sha(sha)

    def find(self, key: str) -> list[StoredDocument]:
        return self.catalog.find(key)

    def source(self, path: str) -> int | None:
        return self.catalog.source(path)

    def sources(self, doc_id: int) -> list[str]:
        return self.catalog.sources(doc_id)

    def page_text(self, doc_id: int, page: int) -> str:
        return self.catalog.page_text(doc_id, page)

    # --- changes: catalog first (with its write-ahead record), then the passages ---------
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
        self.sync()
        out = self.catalog.add(doc, stored, chunks, vectors, source, replaces, near_duplicate_of)
        self.sync()
        return out

    def add_source(self, source: str, doc_id: int) -> None:
        self.catalog.add_source(source, doc_id)

    def remove(self, doc_id: int) -> list[int]:
        self.sync()
        ids = self.catalog.remove(doc_id)
        self.sync()
        return ids

    def correct(self, sha: str, fields: dict) -> None:
        self.sync()
        self.catalog.correct(sha, fields)
        self.sync()

    def corrections(self) -> list[tuple[str, str, str]]:
        return self.catalog.corrections()

    def keep_corrections(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.catalog.keep_corrections(rows)
        self.sync()

    def set_access(self, sha: str, access: Access) -> None:
        """Who may read a document; the passages of it take the new level (their filter field)."""
        self.sync()
        self.catalog.set_access(sha, access)
        self.sync()

    # --- the trash: the catalog keeps the document whole; its passages leave and come back --------
    def trash(self, doc_id: int, by: str) -> TrashItem | None:
        self.sync()
        moved = self.catalog.move_to_trash(doc_id, by)
        self.sync()
        return moved[0] if moved else None

    def restore(self, trash_id: int) -> StoredDocument | None:
        self.sync()
        taken = self.catalog.take_from_trash(trash_id)
        self.sync()
        return self.catalog.document(taken[0]) if taken else None

    def trashed(self) -> list[TrashItem]:
        return self.catalog.trashed()

    def trash_item(self, trash_id: int) -> TrashItem | None:
        return self.catalog.trash_item(trash_id)

    def trash_model(self, trash_id: int) -> str | None:
        return self.catalog.trash_model(trash_id)

    def purge(self, trash_id: int) -> TrashItem | None:
        return self.catalog.purge(trash_id)

    def stored_files(self) -> set[str]:
        return self.catalog.stored_files()

    # --- accounts and the audit trail: the catalog's alone ------------------------------------------
    def users(self) -> list[User]:
        return self.catalog.users()

    def user(self, name: str) -> User | None:
        return self.catalog.user(name)

    def password_hash(self, name: str) -> str | None:
        return self.catalog.password_hash(name)

    def save_user(self, user: User, password_hash: str | None = None) -> None:
        self.catalog.save_user(user, password_hash)

    def delete_user(self, name: str) -> None:
        self.catalog.delete_user(name)

    def attempts(self, name: str) -> Attempts:
        return self.catalog.attempts(name)

    def save_attempts(self, attempts: Attempts) -> None:
        self.catalog.save_attempts(attempts)

    def tokens(self, user: str | None = None) -> list[Token]:
        return self.catalog.tokens(user)

    def token(self, token_id: int) -> Token | None:
        return self.catalog.token(token_id)

    def add_token(self, user: str, label: str, digest: str, prefix: str) -> Token:
        return self.catalog.add_token(user, label, digest, prefix)

    def token_by_digest(self, digest: str) -> Token | None:
        return self.catalog.token_by_digest(digest)

    def revoke_token(self, token_id: int) -> None:
        self.catalog.revoke_token(token_id)

    def append_audit(self, actor: str, action: str, document: str = "", details: dict | None = None) -> AuditEntry:
        return self.catalog.append_audit(actor, action, document, details)

    def audit_entries(self, after: int = 0, limit: int | None = None) -> list[AuditEntry]:
        return self.catalog.audit_entries(after, limit)

    def audit_count(self) -> int:
        return self.catalog.audit_count()

    def backup_to(self, folder: Path) -> None:
        """Refused: a catalog or passages on a server are backed up with the engine's own tools."""
        raise KbError("backup.servers", backends=self.describe)

    def sync(self) -> int:
        """Hand the passages index every change the catalog recorded and it has not taken; returns how
        many. Called by the writer (under the home's write lock) before and after each change."""
        waiting = self.catalog.pending()
        if not waiting:
            return 0
        self.passages.prepare(self.catalog)
        for change in waiting:
            refreshed = [i for d in change.refreshed for i, _ in self.catalog.chunks_of(d)]
            ids = list(change.added) + refreshed
            for start in range(0, max(len(ids), 1), TAKE_BATCH):
                part = ids[start : start + TAKE_BATCH]
                rest = Change(change.generation)  # the rest of a large change: upserts only
                self.passages.take(change if start == 0 else rest, passages_of(self.catalog, part))
            self.catalog.settle(change.generation)
        return len(waiting)

    def flush(self) -> None:
        self.sync()
        self.passages.flush(self.catalog)

    # --- passages -------------------------------------------------------------------------
    def has_chunks(self) -> bool:
        return self.catalog.has_chunks()

    def chunk_count(self) -> int:
        return self.catalog.chunk_count()

    def chunks(self, ids: list[int]) -> dict[int, tuple[int, Chunk]]:
        return self.catalog.chunks(ids)

    def chunks_of(self, doc_id: int) -> list[tuple[int, Chunk]]:
        return self.catalog.chunks_of(doc_id)

    def chunk_ids(self, doc_ids: list[int] | None, sections: list[str] | None) -> list[int]:
        return self.catalog.chunk_ids(doc_ids, sections)

    def section_counts(self) -> Counter[str]:
        return self.catalog.section_counts()

    def vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return self.catalog.vectors(batch)

    def people(self) -> list[tuple[int, Person]]:
        return self.catalog.people()

    # --- search ----------------------------------------------------------------------------
    def dense_search(self, vector: np.ndarray, k: int, allowed: list[int] | None = None, where=None):
        return self.passages.dense_search(vector, k, allowed, where)

    def lexical_search(self, terms: list[str], folded: bool, k: int, allowed: list[int] | None = None, where=None):
        return self.passages.lexical_search(terms, folded, k, allowed, where)

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        return self.passages.frequencies(terms)

    def syllable_counts(self) -> Counts:
        """The counts accent restoration reads, kept by the catalog with the pages they come from."""
        return self.catalog.syllable_counts()

    # --- upkeep ------------------------------------------------------------------------------
    def prepare(self) -> None:
        self.passages.prepare(self.catalog)

    def index_stats(self) -> dict:
        return {**self.passages.index_stats(), "backends": self.describe}

    def verify(self, repair: bool = False) -> CheckReport:
        """`kb check`: the catalog, the passages against it, the waiting changes, the originals. With
        `repair`: the waiting changes are taken, and the passages rebuilt when they still differ."""
        done: list[Message] = []
        if repair:
            taken = self.sync()
            if taken:
                done.append(Message("check.repaired.pending", {"changes": taken}))
            first = self._check()
            if first.index_stale:
                held = self.passages.rebuild(self.catalog)
                done.append(Message("check.repaired.passages", {"passages": held}))
            check.remove_litter(first)
            if first.litter:
                done.append(Message("check.repaired.litter", {"files": len(first.litter)}))
        report = self._check()
        report.repaired = done
        return report

    def _check(self) -> CheckReport:
        report = CheckReport(self.home)
        ids, sound = self.catalog.check(report)
        waiting = self.catalog.pending()
        if waiting:  # the passages differ from the catalog by what waits: compared once it is taken
            report.notes.append(Message("check.pending", {"changes": len(waiting)}))
        else:
            self.passages.prepare(self.catalog)
            report.index_stale = self.passages.check(self.catalog, ids, sound, report)
        docs = [(d.name, d.stored, d.sha256) for d in self.catalog.documents()]
        docs += [(t.doc.name, t.doc.stored, t.doc.sha256) for t in self.catalog.trashed()]
        check.originals(self.home, sorted(docs), report)
        check.audit_chain(self.catalog, report)
        return report

    def replace_with(self, fresh) -> None:
        """Take the contents of a store built beside this one (kb reindex: an embedded store in the
        home's .reindex folder): its catalog's rows in one transaction, then the passages rebuilt."""

        def tables():
            for table in TABLES:
                rows = fresh.rows(table)
                if table == "meta":
                    rows = ([r for r in batch if r[0] not in OWN_SETTINGS + ("catalog_id",)] for batch in rows)
                yield table, rows

        self.catalog.load(tables())
        fresh.close()
        self.passages.rebuild(self.catalog)
        self.close()

    def close(self) -> None:
        self.passages.close()
        self.catalog.close()
