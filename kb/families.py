"""Renderings of one paper (a scan and its text copy): a new document's near-duplicate among those stored.

A document is taken for another's rendering at MinHash similarity ≥ 0.85, or ≥ 0.5 when both
carry the same document number. The scan and the text copy of the Cao Bằng resolution score
0.70 (OCR changes words); two short answers that share their courtesies and advice but not the
illness they are about score 0.5-0.8 and stay apart (vicov19qa), as unrelated documents (about
0) do. Search shows one row per family (kb/results.py).
"""

from __future__ import annotations

import numpy as np

from ingest import DocumentMeta
from ingest.meta import MINHASH_SIZE
from kb.records import StoredDocument
from kb.store import Store

SAME = 0.85
SAME_NUMBER = 0.5


class Families:
    def __init__(self, store: Store):
        self.store = store
        self._cache: tuple[int, list[StoredDocument], np.ndarray] | None = None

    def twin_of(self, meta: DocumentMeta) -> StoredDocument | None:
        """A stored document that is the same text in another rendering, or None."""
        if len(meta.minhash) != MINHASH_SIZE:
            return None
        docs, matrix = self._signatures()
        if not docs:
            return None
        similarity = (matrix == np.array(meta.minhash, dtype=np.uint64)).mean(axis=1)
        numbers = set(meta.numbers)
        for i in np.argsort(-similarity, kind="stable"):
            if similarity[i] < SAME_NUMBER:
                break
            if similarity[i] >= SAME or numbers & set(docs[i].meta.numbers):
                return docs[i]
        return None

    def _signatures(self) -> tuple[list[StoredDocument], np.ndarray]:
        """Stored documents' signatures as one matrix, kept up to date while ingesting."""
        if self._cache is None or self._cache[0] != self.store.generation:
            docs = [d for d in self.store.documents() if len(d.meta.minhash) == MINHASH_SIZE]
            matrix = np.array([d.meta.minhash for d in docs], dtype=np.uint64).reshape(len(docs), MINHASH_SIZE)
            self._cache = (self.store.generation, docs, matrix)
        return self._cache[1], self._cache[2]

    def remember(self, doc_id: int, signature: tuple[int, ...], removed_any: bool) -> None:
        """Add a new document to the matrix instead of reading all of them again."""
        if self._cache is None or removed_any:
            self._cache = None
            return
        _, docs, matrix = self._cache
        stored = self.store.document(doc_id)
        if stored and len(signature) == MINHASH_SIZE:
            docs = docs + [stored]
            matrix = np.vstack([matrix, np.array(signature, dtype=np.uint64)])
        self._cache = (self.store.generation, docs, matrix)
