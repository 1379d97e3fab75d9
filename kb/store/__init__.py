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
from kb.records import StoredDocument
from kb.store.report import CheckReport


class Store(Protocol):
    """Documents, pages, chunks with their vectors and lexical terms, people facts and a person's
    corrections; each change one transaction that moves the store to its next `generation`."""

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

    def replace_with(self, fresh: Any) -> None:
        """Take the contents of a store built beside this one (`kb reindex`); both are closed after."""
        ...

    def close(self) -> None: ...


def open_store(home: Path) -> Store:
    """The store of a home folder (created when new; migrated when made by an earlier version)."""
    from kb.store.embedded import EmbeddedStore

    return EmbeddedStore(home)
