"""Where a knowledge base keeps what it knows: the `Store` seam, and the store a home opens.

Everything above this package (the ingest pipeline, the retriever, answers, the timeline) talks
to a `Store` and never to a database: every SQL statement lives in this package. The default,
`EmbeddedStore`, is SQLite (catalog, vectors, FTS5 lexical index) plus a FAISS index in one
folder. On other engines a store is a `Catalog` and a `Passages` index composed
(kb/store/seams.py, kb/store/composed.py), chosen here and nowhere else:

    KB_CATALOG   (unset)               catalog.sqlite in the home
                 postgresql://…        a PostgreSQL database (kb/store/postgres.py)
    KB_STORE     (unset)               FAISS + FTS5 in the home (inside catalog.sqlite by default)
                 milvus://HOST:PORT    a Milvus server (kb/store/milvus.py); /NAME names the collection
                 PATH.db               a Milvus Lite file (relative to the home)

A home that `kb migrate` moved to servers says so in its backends.json; the variables win over it.
Nothing of a server is imported unless it is configured.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ingest import Chunk, Document, Person
from kb.accents import Counts
from kb.filters import Filters
from kb.records import Access, Attempts, AuditEntry, StoredDocument, Token, TrashItem, User
from kb.store.layout import BACKENDS, CATALOG
from kb.store.report import CheckReport

EMBEDDED, SQLITE = "embedded", "sqlite"


@dataclass(frozen=True)
class Where:
    """What a search is limited to, for a store that filters by itself (`filters_natively`): the
    documents that pass `filters`, the chunks of `sections`, and what a reader may read (signed in,
    their groups: kb.access.Principal.reads; None: everything)."""

    filters: Filters | None = None
    sections: tuple[str, ...] = ()
    reader: tuple[bool, tuple[str, ...]] | None = None

    @classmethod
    def of(cls, filters: Filters | None, sections: list[str] | None = None) -> Where | None:
        """The limits these filters and sections set, or None when nothing filters (as Retriever.allowed)."""
        wanted = tuple(sections or ([filters.section] if filters and filters.section else []))
        on_documents = filters if filters and filters.on_documents else None
        return cls(on_documents, wanted) if on_documents or wanted else None


class Store(Protocol):
    """Documents, pages, chunks with their vectors and lexical terms, people facts and a person's
    corrections; each change one transaction that moves the store to its next `generation`.
    Also what an organisation keeps (issue 17): who may read each document, users, API tokens,
    failed sign-ins, the audit trail and the trash; these are kept, never derived, and a rebuilt
    store (`kb reindex`) takes them over."""

    home: Path
    filters_natively: bool  # True: searches take a `Where`; False: the retriever gives allowed chunk ids

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
    def dense_search(
        self, vector: np.ndarray, k: int, allowed: list[int] | None = None, where: Where | None = None
    ) -> list[tuple[int, float]]: ...

    def lexical_search(
        self, terms: list[str], folded: bool, k: int, allowed: list[int] | None = None, where: Where | None = None
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


@dataclass(frozen=True)
class Backends:
    """Where a knowledge base's catalog and passages are: EMBEDDED / SQLITE, or a server's address."""

    store: str = EMBEDDED
    catalog: str = SQLITE

    @property
    def default(self) -> bool:
        return self.store == EMBEDDED and self.catalog == SQLITE

    def describe(self) -> str:
        return f"catalog {_hidden(self.catalog)}, passages {_hidden(self.store)}"


def _hidden(address: str) -> str:
    """An address without its password ("postgresql://kb:…@host/db")."""
    if "://" in address and "@" in address:
        scheme, rest = address.split("://", 1)
        user, host = rest.rsplit("@", 1)
        return f"{scheme}://{user.split(':')[0]}:…@{host}" if ":" in user else address
    return address


def backends(home: Path) -> Backends:
    """The backends of a home: KB_STORE and KB_CATALOG, else what its backends.json says, else the default."""
    try:
        recorded = json.loads((home / BACKENDS).read_text())
    except (OSError, ValueError):
        recorded = {}
    return Backends(
        store=os.environ.get("KB_STORE") or recorded.get("store") or EMBEDDED,
        catalog=os.environ.get("KB_CATALOG") or recorded.get("catalog") or SQLITE,
    )


def record_backends(home: Path, chosen: Backends) -> None:
    """Write the home's backends.json (kb migrate; readable by its owner only: an address may hold a
    password, though a libpq service or password file is the better place); the default removes it."""
    path = home / BACKENDS
    if chosen.default:
        path.unlink(missing_ok=True)
    else:
        path.touch(mode=0o600)
        path.chmod(0o600)
        path.write_text(json.dumps({"store": chosen.store, "catalog": chosen.catalog}, indent=2) + "\n")


def exists(home: Path) -> bool:
    """Whether a knowledge base is there (a catalog on a server always is, once configured)."""
    return backends(home).catalog != SQLITE or (home / CATALOG).is_file()


def open_store(home: Path, chosen: Backends | None = None) -> Store:
    """The store of a home folder (created when new; migrated when made by an earlier version), on the
    backends chosen (by default those configured for it)."""
    chosen = chosen or backends(home)
    if chosen.default:
        from kb.store.embedded import EmbeddedStore

        return EmbeddedStore(home)
    from kb.store.composed import ComposedStore

    home.mkdir(parents=True, exist_ok=True)
    catalog = open_catalog(home, chosen.catalog)
    try:
        if chosen.store == EMBEDDED:
            from kb.store.local import LocalPassages

            passages: Any = LocalPassages(home)
        else:
            from kb.store.milvus import MilvusPassages

            passages = MilvusPassages(chosen.store, home, catalog)
    except BaseException:
        catalog.close()
        raise
    return ComposedStore(home, catalog, passages, chosen.describe())


def open_catalog(home: Path, address: str):
    """The catalog at an address, journaling its changes for a passages index apart from it."""
    import uuid

    if address == SQLITE:
        from kb.store.sqlite import SqliteCatalog

        catalog: Any = SqliteCatalog(home / CATALOG, journal=True, lexical=False)
    elif address.startswith(("postgresql://", "postgres://")):
        from kb.store.postgres import PostgresCatalog

        catalog = PostgresCatalog(address)
    else:
        from kb.errors import KbError

        raise KbError("store.unknown_catalog", address=address)
    if not catalog.setting("catalog_id"):
        catalog.set_settings(catalog_id=uuid.uuid4().hex)
    return catalog
