"""Where a knowledge base keeps what it knows: the `Store` seam, and the store a home opens.

Everything above this package (the ingest pipeline, the retriever, answers, the timeline) talks
to a `Store` and never to a database: every SQL statement lives in this package. The default,
`EmbeddedStore`, is SQLite (catalog, vectors, FTS5 lexical index) plus a FAISS index in one
folder. A store on other engines implements the same protocol.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ingest import Chunk, Document, Person
from kb.accents import Counts
from kb.records import Access, Attempts, AuditEntry, StoredDocument, Token, TrashItem, User
from kb.store.report import CheckReport


class Store(Protocol):
    """Documents, pages, chunks with their vectors and lexical terms, people facts and a person's
    corrections; each change one transaction that moves the store to its next `generation`.
    Also what an organisation keeps (issue 17): who may read each document, users, API tokens,
    failed sign-ins, the audit trail and the trash; these are kept, never derived, and a rebuilt
    store (`kb reindex`) takes them over."""

    home: Path

    # --- settings: the model, its dimension, the store's identity --------------------
    def setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_settings(self, **values: str) -> None: ...

    def record_model(self, name: str, dim: int) -> None: ...

    @property
    def dim(self) -> int: ...

    @property
    def generation(self) -> int: ...

    # --- documents -------------------------------------------------------------------
    def documents(self) -> list[StoredDocument]: ...

    def document(self, doc_id: int) -> StoredDocument | None: ...

    def by_sha(self, sha: str) -> StoredDocument | None: ...

    def find(self, key: str) -> list[StoredDocument]: ...

    def source(self, path: str) -> int | None: ...

    def sources(self, doc_id: int) -> list[str]: ...

    def page_text(self, doc_id: int, page: int) -> str: ...

    # --- changes ---------------------------------------------------------------------
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

    def flush(self) -> None: ...

    # --- passages ----------------------------------------------------------------------
    def has_chunks(self) -> bool: ...

    def chunk_count(self) -> int: ...

    def chunks(self, ids: list[int]) -> dict[int, tuple[int, Chunk]]: ...

    def chunks_of(self, doc_id: int) -> list[tuple[int, Chunk]]: ...

    def chunk_ids(self, doc_ids: list[int] | None, sections: list[str] | None) -> list[int]: ...

    def section_counts(self) -> Counter[str]: ...

    def vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]: ...

    def people(self) -> list[tuple[int, Person]]: ...

    # --- search ------------------------------------------------------------------------
    def dense_search(self, vector: np.ndarray, k: int, allowed: list[int] | None = None) -> list[tuple[int, float]]: ...

    def lexical_search(
        self, terms: list[str], folded: bool, k: int, allowed: list[int] | None = None
    ) -> list[tuple[int, float]]: ...

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]: ...

    def syllable_counts(self) -> Counts:
        """The counts of the stored text's syllables and pairs that accent restoration reads."""
        ...

    # --- who may read a document (kept by content, like corrections) ---------------------
    def set_access(self, sha: str, access: Access) -> None:
        """Set before the document is added, so it is never readable by more people than meant."""
        ...

    # --- users, failed sign-ins, API tokens (what they mean: kb/accounts.py) -------------------
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

    # --- the audit trail: append-only, each entry sealed to the one before (kb/audit.py) --------
    def append_audit(
        self, actor: str, action: str, document: str = "", details: dict[str, Any] | None = None
    ) -> AuditEntry: ...

    def audit_entries(self, after: int = 0, limit: int | None = None) -> list[AuditEntry]: ...

    def audit_count(self) -> int: ...

    # --- the trash: a document out of every read, kept whole until restored or purged ------------
    def trash(self, doc_id: int, by: str) -> TrashItem | None: ...

    def trashed(self) -> list[TrashItem]: ...

    def trash_item(self, trash_id: int) -> TrashItem | None: ...

    def trash_model(self, trash_id: int) -> str | None: ...

    def restore(self, trash_id: int) -> StoredDocument | None: ...

    def purge(self, trash_id: int) -> TrashItem | None: ...

    def stored_files(self) -> set[str]:
        """The originals that live and trashed documents hold (paths relative to the home)."""
        ...

    # --- upkeep ------------------------------------------------------------------------
    def prepare(self) -> None:
        """Bring derived indexes in step with the catalog now (before a search or a batch of changes)."""
        ...

    def index_stats(self) -> dict:
        """What `kb stats` shows of the indexes: {"index": its kind, "index_size": vectors held}."""
        ...

    def verify(self, repair: bool = False) -> CheckReport:
        """Whether everything agrees (`kb check`); with `repair`, rebuild what can be rebuilt first."""
        ...

    def backup_to(self, folder: Path) -> None:
        """A consistent snapshot of the store in `folder` while others go on reading and writing
        (`kb backup`; the originals are copied by kb/backup.py)."""
        ...

    def replace_with(self, fresh: Any) -> None:
        """Take the contents of a store built beside this one (`kb reindex`); both are closed after."""
        ...

    def close(self) -> None: ...


def open_store(home: Path) -> Store:
    """The store of a home folder (created when new; migrated when made by an earlier version)."""
    from kb.store.embedded import EmbeddedStore

    return EmbeddedStore(home)
