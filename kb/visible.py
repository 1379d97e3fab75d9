"""What one person may read of a store: a view of it that holds only the documents they may see.

Every read of the knowledge base — search (dense and BM25), answers and their citations, the
timeline, people facts, counts and facets, documents, pages, originals, near-duplicate families, the
passages a language model is given — goes through the `Store` methods, so filtering them here is
the one place access is enforced: nothing above needs to check again, and nothing above can forget
to. A view never writes.

Near-duplicate families are worked out among the visible documents only: a public scan whose text
copy is restricted is not hidden behind it, and no one learns the hidden copy's name.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from ingest import SECTIONS, Chunk, Document, Person
from kb.accents import Counts
from kb.access import Principal
from kb.records import Access, Attempts, AuditEntry, StoredDocument, Token, TrashItem, User
from kb.store import Store, Where
from kb.store.report import CheckReport

_KEPT = 64  # visibilities remembered per store (one per role and set of groups in use)


@dataclass
class Seen:
    """The documents one visibility reads at one generation, their chunk ids (None: all of them)."""

    generation: int
    docs: list[StoredDocument]
    by_id: dict[int, StoredDocument]
    chunk_ids: list[int] | None
    chunk_set: frozenset[int] = frozenset()
    sections: Counter[str] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Visibility:
    """What each principal reads of a store, worked out once per generation and shared by all views."""

    def __init__(self, store: Store):
        self.store = store
        self._seen: dict[tuple, Seen] = {}
        self._lock = threading.Lock()

    def seen(self, principal: Principal) -> Seen:
        generation = self.store.generation
        key = principal.visibility
        with self._lock:
            found = self._seen.get(key)
            if found is not None and found.generation == generation:
                return found
        seen = self._work_out(principal, generation)
        with self._lock:
            if len(self._seen) >= _KEPT:
                self._seen.clear()
            self._seen[key] = seen
        return seen

    def _work_out(self, principal: Principal, generation: int) -> Seen:
        everything = self.store.documents()
        if principal.everything:
            return Seen(generation, everything, {d.id: d for d in everything}, None)
        docs = families([d for d in everything if principal.reads(d.access)])
        by_id = {d.id: d for d in docs}
        if len(docs) == len(everything):
            return Seen(generation, docs, by_id, None)
        ids = self.store.chunk_ids(list(by_id), None)
        return Seen(generation, docs, by_id, ids, frozenset(ids))


def families(docs: list[StoredDocument]) -> list[StoredDocument]:
    """The documents with their near-duplicate links pointing at a visible document: a family whose
    first rendering is hidden is headed by its first visible one."""
    heads: dict[str, StoredDocument] = {}
    for d in sorted(docs, key=lambda d: (d.near_duplicate_of is not None, d.id)):  # the first rendering first
        heads.setdefault(d.family, d)
    out = []
    for d in docs:
        head = heads[d.family]
        link = None if head.id == d.id else head.name
        out.append(d if link == d.near_duplicate_of else replace(d, near_duplicate_of=link))
    return out


class VisibleStore:
    """A store as one principal may read it (see the module's docstring)."""

    def __init__(self, store: Store, principal: Principal, visibility: Visibility):
        self.inner, self.principal, self.visibility = store, principal, visibility
        self.home: Path = store.home
        self.filters_natively = store.filters_natively

    def _where(self, where: Where | None) -> Where | None:
        """For a store that filters by itself (Milvus): the reader's access as a filter on the passages'
        access field, rather than a list of every chunk id they may read."""
        if self.principal.everything:
            return where
        reader = (self.principal.signed_in, tuple(sorted(self.principal.groups)))
        return replace(where or Where(), reader=reader)

    def _seen(self) -> Seen:
        return self.visibility.seen(self.principal)

    def _visible(self, doc_id: int | None) -> bool:
        return doc_id is not None and doc_id in self._seen().by_id

    def _scope(self, allowed: list[int] | None) -> list[int] | None:
        """Chunk ids a search may return: `allowed` (None: any) among the visible ones."""
        seen = self._seen()
        if seen.chunk_ids is None:
            return allowed
        if allowed is None:
            return seen.chunk_ids
        return [i for i in allowed if i in seen.chunk_set]

    # --- settings ------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        return self.inner.setting(key, default)

    def set_settings(self, **values: str) -> None:
        _read_only()

    def record_model(self, name: str, dim: int) -> None:
        _read_only()

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def generation(self) -> int:
        return self.inner.generation

    # --- documents ---------------------------------------------------------------------------
    def documents(self) -> list[StoredDocument]:
        return list(self._seen().docs)

    def document(self, doc_id: int) -> StoredDocument | None:
        return self._seen().by_id.get(doc_id)

    def by_sha(self, sha: str) -> StoredDocument | None:
        found = self.inner.by_sha(sha)
        return self._seen().by_id.get(found.id) if found else None

    def find(self, key: str) -> list[StoredDocument]:
        seen = self._seen().by_id
        return [seen[d.id] for d in self.inner.find(key) if d.id in seen]

    def source(self, path: str) -> int | None:
        found = self.inner.source(path)
        return found if self._visible(found) else None

    def sources(self, doc_id: int) -> list[str]:
        return self.inner.sources(doc_id) if self._visible(doc_id) else []

    def page_text(self, doc_id: int, page: int) -> str:
        return self.inner.page_text(doc_id, page) if self._visible(doc_id) else ""

    # --- changes: never through a view ---------------------------------------------------------
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
        _read_only()

    def add_source(self, source: str, doc_id: int) -> None:
        _read_only()

    def remove(self, doc_id: int) -> list[int]:
        _read_only()

    def correct(self, sha: str, fields: dict) -> None:
        _read_only()

    def corrections(self) -> list[tuple[str, str, str]]:
        _read_only()

    def keep_corrections(self, rows: Iterable[tuple[str, str, str]]) -> None:
        _read_only()

    def flush(self) -> None:
        self.inner.flush()

    # --- passages ------------------------------------------------------------------------------
    def has_chunks(self) -> bool:
        seen = self._seen()
        return self.inner.has_chunks() if seen.chunk_ids is None else bool(seen.chunk_ids)

    def chunk_count(self) -> int:
        seen = self._seen()
        return self.inner.chunk_count() if seen.chunk_ids is None else len(seen.chunk_ids)

    def chunks(self, ids: list[int]) -> dict[int, tuple[int, Chunk]]:
        seen = self._seen().by_id
        return {i: found for i, found in self.inner.chunks(ids).items() if found[0] in seen}

    def chunks_of(self, doc_id: int) -> list[tuple[int, Chunk]]:
        return self.inner.chunks_of(doc_id) if self._visible(doc_id) else []

    def chunk_ids(self, doc_ids: list[int] | None, sections: list[str] | None) -> list[int]:
        seen = self._seen()
        if seen.chunk_ids is not None:
            doc_ids = [i for i in (seen.by_id if doc_ids is None else doc_ids) if i in seen.by_id]
        return self.inner.chunk_ids(doc_ids, sections)

    def section_counts(self) -> Counter[str]:
        seen = self._seen()
        if seen.chunk_ids is None:
            return self.inner.section_counts()
        with seen.lock:
            if seen.sections is None:
                seen.sections = Counter(
                    {s: n for s in SECTIONS if (n := len(self.inner.chunk_ids(list(seen.by_id), [s])))}
                )
            return Counter(seen.sections)

    def vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        seen = self._seen()
        for ids, vectors in self.inner.vectors(batch):
            if seen.chunk_ids is None:
                yield ids, vectors
            else:
                keep = np.fromiter((int(i) in seen.chunk_set for i in ids), bool, len(ids))
                yield ids[keep], vectors[keep]

    def people(self) -> list[tuple[int, Person]]:
        seen = self._seen().by_id
        return [(doc_id, p) for doc_id, p in self.inner.people() if doc_id in seen]

    # --- search ----------------------------------------------------------------------------------
    def dense_search(
        self, vector: np.ndarray, k: int, allowed: list[int] | None = None, where: Where | None = None
    ) -> list[tuple[int, float]]:
        if self.filters_natively:
            return self.inner.dense_search(vector, k, allowed, self._where(where))
        return self.inner.dense_search(vector, k, self._scope(allowed), where)

    def lexical_search(
        self, terms: list[str], folded: bool, k: int, allowed: list[int] | None = None, where: Where | None = None
    ) -> list[tuple[int, float]]:
        if self.filters_natively:
            return self.inner.lexical_search(terms, folded, k, allowed, self._where(where))
        return self.inner.lexical_search(terms, folded, k, self._scope(allowed), where)

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """Counted over every passage: term weights only, never shown (see the README's limits)."""
        return self.inner.frequencies(terms)

    def syllable_counts(self) -> Counts:
        """Counted over every passage, like `frequencies`: they only choose the accents of what the
        person typed, and what is searched with them is filtered."""
        return self.inner.syllable_counts()

    # --- who may read a document, accounts, the audit trail: the facade checks the role -------------
    def set_access(self, sha: str, access: Access) -> None:
        _read_only()

    def users(self) -> list[User]:
        return self.inner.users()

    def user(self, name: str) -> User | None:
        return self.inner.user(name)

    def password_hash(self, name: str) -> str | None:
        return self.inner.password_hash(name)

    def save_user(self, user: User, password_hash: str | None = None) -> None:
        _read_only()

    def delete_user(self, name: str) -> None:
        _read_only()

    def attempts(self, name: str) -> Attempts:
        return self.inner.attempts(name)

    def save_attempts(self, attempts: Attempts) -> None:
        _read_only()

    def tokens(self, user: str | None = None) -> list[Token]:
        return self.inner.tokens(user)

    def token(self, token_id: int) -> Token | None:
        return self.inner.token(token_id)

    def add_token(self, user: str, label: str, digest: str, prefix: str) -> Token:
        _read_only()

    def token_by_digest(self, digest: str) -> Token | None:
        return self.inner.token_by_digest(digest)

    def revoke_token(self, token_id: int) -> None:
        _read_only()

    def append_audit(
        self, actor: str, action: str, document: str = "", details: dict[str, Any] | None = None
    ) -> AuditEntry:
        _read_only()

    def audit_entries(self, after: int = 0, limit: int | None = None) -> list[AuditEntry]:
        return self.inner.audit_entries(after, limit)

    def audit_count(self) -> int:
        return self.inner.audit_count()

    # --- the trash: what they could read ------------------------------------------------------------
    def trash(self, doc_id: int, by: str) -> TrashItem | None:
        _read_only()

    def trashed(self) -> list[TrashItem]:
        return [t for t in self.inner.trashed() if self.principal.reads(t.doc.access)]

    def trash_item(self, trash_id: int) -> TrashItem | None:
        found = self.inner.trash_item(trash_id)
        return found if found is not None and self.principal.reads(found.doc.access) else None

    def trash_model(self, trash_id: int) -> str | None:
        return self.inner.trash_model(trash_id) if self.trash_item(trash_id) else None

    def restore(self, trash_id: int) -> StoredDocument | None:
        _read_only()

    def purge(self, trash_id: int) -> TrashItem | None:
        _read_only()

    def stored_files(self) -> set[str]:
        return self.inner.stored_files()

    # --- upkeep --------------------------------------------------------------------------------------
    def prepare(self) -> None:
        self.inner.prepare()

    def index_stats(self) -> dict:
        return self.inner.index_stats()

    def verify(self, repair: bool = False) -> CheckReport:
        if repair:
            _read_only()
        return self.inner.verify()

    def backup_to(self, folder: Path) -> None:
        _read_only()

    def replace_with(self, fresh: Any) -> None:
        _read_only()

    def close(self) -> None:
        """The store is the knowledge base's to close, not a view's."""


def _read_only() -> NoReturn:
    raise TypeError("a view of the store only reads; write through the knowledge base")
