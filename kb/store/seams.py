"""The two seams a store is made of when it is not the embedded default: a `Catalog` (the truth) and a
`Passages` index (derived from it), and the records that cross between them.

    Catalog    documents, pages, chunk records with their vectors, people, corrections, settings,
               generations; SQLite (kb/store/sqlite.py) or PostgreSQL (kb/store/postgres.py)
    Passages   dense search, lexical (BM25) search over our own terms, term frequencies, filters;
               FAISS + FTS5 in files (kb/store/local.py) or Milvus (kb/store/milvus.py)

There is no transaction across two engines. A catalog that feeds a separate passages index writes,
in the transaction of each change, a write-ahead record of it (`Change`: the chunk ids added and
removed, the documents whose filter fields changed); the store then hands the change to the
passages (idempotent: upserts and deletes keyed by chunk id) and settles it. A change a crash left
unsettled is handed over again by the next write, or by `kb check --repair` (kb/store/composed.py).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ingest import Chunk, Document, Person
from kb.accents import Counts
from kb.records import Access, Attempts, AuditEntry, StoredDocument, Token, TrashItem, User

if TYPE_CHECKING:
    from kb.store import Where
    from kb.store.report import CheckReport

# The catalog's tables, with the columns both catalogs hold in this order (kb migrate copies them).
TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "documents": ("id", "sha256", "name", "path", "stored", "title", "pages", "chars", "added", "meta"),
    "sources": ("path", "doc_id"),
    "pages": ("doc_id", "page", "text"),
    "chunks": (
        "id",
        "doc_id",
        "ord",
        "text",
        "page_start",
        "page_end",
        "char_start",
        "char_end",
        "vector",
        "section",
        "heading",
        "formal",
    ),
    "people": ("doc_id", "name", "title", "organisation", "role", "body", "term", "page", "passage"),
    "corrections": ("sha256", "fields", "changed"),
}
# What people made and the catalog keeps (issue 17), copied by kb migrate; a rebuilt catalog (kb reindex)
# keeps its own. The audit trail is append-only: its rows are added where missing, never replaced.
KEPT: dict[str, tuple[str, ...]] = {
    "access": ("sha256", "level", "groups", "changed"),
    "users": ("name", "role", "password", "groups", "created", "changed"),
    "tokens": ("id", "user", "label", "digest", "prefix", "created", "revoked"),
    "sign_ins": ("name", "failures", "last", "locked_until"),
    "audit": ("id", "at", "actor", "action", "document", "details", "prev", "hash"),
    "trash": (
        "id",
        "sha256",
        "name",
        "stored",
        "trashed",
        "by",
        "model",
        "document",
        "pages",
        "people",
        "sources",
        "chunks",
        "vectors",
    ),
}
COLUMNS = {**TABLES, **KEPT}
# Settings that belong to one catalog and are not copied by kb migrate.
OWN_SETTINGS = ("schema_version", "passages.pending", "passages.generation")


@dataclass(frozen=True)
class Change:
    """A change of the catalog the passages index has still to take (the write-ahead record)."""

    generation: int
    added: tuple[int, ...] = ()  # chunk ids
    removed: tuple[int, ...] = ()  # chunk ids
    refreshed: tuple[int, ...] = ()  # documents whose filter fields changed (a correction)

    def as_json(self) -> dict:
        return {
            "generation": self.generation,
            "added": self.added,
            "removed": self.removed,
            "refreshed": self.refreshed,
        }

    @classmethod
    def from_json(cls, data: dict) -> Change:
        return cls(
            int(data["generation"]),
            tuple(data.get("added", ())),
            tuple(data.get("removed", ())),
            tuple(data.get("refreshed", ())),
        )


def pending_json(changes: Iterable[Change]) -> str:
    return json.dumps([c.as_json() for c in changes])


def pending_from(value: str | None) -> list[Change]:
    return [Change.from_json(c) for c in json.loads(value or "[]")]


@dataclass(frozen=True)
class Passage:
    """What a passages index holds of one chunk: its text, vector and the filter fields of its
    document (derived from the catalog, corrections included)."""

    id: int
    doc_id: int
    text: str
    vector: np.ndarray
    sections: tuple[str, ...] = ()
    kind: str = "other"
    year_lo: int = -1  # -1: the document's years cannot be told
    year_hi: int = -1
    terms: tuple[str, ...] = ()  # term keys (kb.filters.term_key)
    organisations: tuple[str, ...] = ()  # accent-folded
    access: str = "public"  # who may read its document: "public", "internal" or "|group|group|" (restricted)
    heading: str = ""  # the heading path it stands under (its terms count in lexical search)


class Catalog(Protocol):
    """The truth: every change is one transaction that moves it to its next `generation`."""

    journal: bool  # True: each change also writes its `Change` (a separate passages index reads them)

    def setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_settings(self, **values: str) -> None: ...

    @property
    def generation(self) -> int: ...

    def documents(self) -> list[StoredDocument]: ...

    def document(self, doc_id: int) -> StoredDocument | None: ...

    def by_sha(self, sha: str) -> StoredDocument | None: ...

    def find(self, key: str) -> list[StoredDocument]: ...

    def source(self, path: str) -> int | None: ...

    def sources(self, doc_id: int) -> list[str]: ...

    def page_text(self, doc_id: int, page: int) -> str: ...

    def add(
        self,
        doc: Document,
        stored: str,
        chunks: list[Chunk],
        vectors: np.ndarray,
        source: str,
        replaces: int | None = None,
        near_duplicate_of: str | None = None,
    ) -> tuple[int, list[int], list[int]]: ...

    def add_source(self, source: str, doc_id: int) -> None: ...

    def remove(self, doc_id: int) -> list[int]: ...

    def correct(self, sha: str, fields: dict) -> None: ...

    def corrections(self) -> list[tuple[str, str, str]]: ...

    def keep_corrections(self, rows: Iterable[tuple[str, str, str]]) -> None: ...

    def has_chunks(self) -> bool: ...

    def chunk_count(self) -> int: ...

    def chunks(self, ids: list[int]) -> dict[int, tuple[int, Chunk]]: ...

    def chunks_of(self, doc_id: int) -> list[tuple[int, Chunk]]: ...

    def chunk_ids(self, doc_ids: list[int] | None, sections: list[str] | None) -> list[int]: ...

    def section_counts(self) -> Counter[str]: ...

    def vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]: ...

    def vectors_of(self, ids: list[int]) -> dict[int, np.ndarray]: ...

    def people(self) -> list[tuple[int, Person]]: ...

    def syllable_counts(self) -> Counts: ...

    # --- who may read, accounts, the audit trail, the trash (issue 17) -------------------
    def set_access(self, sha: str, access: Access) -> None: ...

    def users(self) -> list[User]: ...

    def user(self, name: str) -> User | None: ...

    def password_hash(self, name: str) -> str | None: ...

    def save_user(self, user: User, password_hash: str | None = None) -> None: ...

    def delete_user(self, name: str) -> None: ...

    def attempts(self, name: str) -> Attempts: ...

    def save_attempts(self, attempts: Attempts) -> None: ...

    def tokens(self, user: str | None = None) -> list[Token]: ...

    def token(self, token_id: int) -> Token | None: ...

    def add_token(self, user: str, label: str, digest: str, prefix: str) -> Token: ...

    def token_by_digest(self, digest: str) -> Token | None: ...

    def revoke_token(self, token_id: int) -> None: ...

    def append_audit(self, actor: str, action: str, document: str = "", details: dict | None = None) -> AuditEntry: ...

    def audit_entries(self, after: int = 0, limit: int | None = None) -> list[AuditEntry]: ...

    def audit_count(self) -> int: ...

    def move_to_trash(self, doc_id: int, by: str) -> tuple[TrashItem, list[int]] | None:
        """Move a document to the trash; the chunk ids that left are in the change it records."""
        ...

    def take_from_trash(self, trash_id: int) -> tuple[int, list[int], np.ndarray] | None: ...

    def trashed(self) -> list[TrashItem]: ...

    def trash_item(self, trash_id: int) -> TrashItem | None: ...

    def trash_model(self, trash_id: int) -> str | None: ...

    def purge(self, trash_id: int) -> TrashItem | None: ...

    def stored_files(self) -> set[str]: ...

    # --- the write-ahead records of a journaled catalog -------------------------------
    def pending(self) -> list[Change]: ...

    def settle(self, generation: int) -> None:
        """The passages index has taken every change up to `generation`."""
        ...

    # --- upkeep and copying ------------------------------------------------------------
    def check(self, report: CheckReport) -> tuple[np.ndarray, bool]:
        """Integrity of the catalog and its vectors into `report`: (chunk ids, vectors sound)."""
        ...

    def rows(self, table: str, batch: int = 2000) -> Iterator[list[tuple]]: ...

    def load(self, tables: Iterable[tuple[str, Iterator[list[tuple]]]]) -> None:
        """Replace everything with these rows (TABLES' columns), in one transaction."""
        ...

    def close(self) -> None: ...


class Passages(Protocol):
    """Derived from the catalog and rebuildable from it: dense and lexical search over passages."""

    filters_natively: bool  # True: searches take a `Where`; False: only allowed chunk ids

    def take(self, change: Change, passages: list[Passage]) -> None:
        """Remove `change.removed`, upsert `passages` (the added and refreshed chunks); idempotent."""
        ...

    def dense_search(
        self, vector: np.ndarray, k: int, allowed: list[int] | None = None, where: Where | None = None
    ) -> list[tuple[int, float]]: ...

    def lexical_search(
        self, terms: list[str], folded: bool, k: int, allowed: list[int] | None = None, where: Where | None = None
    ) -> list[tuple[int, float]]: ...

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]: ...

    def prepare(self, catalog: Catalog) -> None: ...

    def flush(self, catalog: Catalog) -> None: ...

    def index_stats(self) -> dict: ...

    def check(self, catalog: Catalog, ids: np.ndarray, sound: bool, report: CheckReport) -> bool:
        """Compare with the catalog into `report`; True when a rebuild is needed."""
        ...

    def rebuild(self, catalog: Catalog) -> int:
        """Everything again from the catalog (vectors copied, not embedded); returns the passages held."""
        ...

    def drop(self) -> None:
        """Remove everything this index holds (its files, its collection)."""
        ...

    def close(self) -> None: ...
