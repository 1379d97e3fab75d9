"""A query → the best passages: dense and BM25 candidates, fused; filters; one row per family.

Hybrid by default: the dense model and BM25 each give `depth` candidates, fused by
kb/fusion.py. A query typed without accents is answered by BM25 on the accent-folded text
alone (the model cannot read it). BM25 runs in SQLite in a worker thread (which lets go of the
GIL) while the query is embedded on this one.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from kb.embed import Embedder
from kb.errors import KbError
from kb.filters import Filters, matches
from kb.fusion import fuse
from kb.query import STOPWORDS, STOPWORDS_FOLDED, analyze
from kb.records import Hit, StoredDocument
from kb.results import collapse_renderings
from kb.store import Store, Where
from kb.terms import query_terms

MODES = ("hybrid", "dense", "lexical")
DEPTH = 200  # candidates from each side
QUERY_CACHE = 256  # query vectors kept (1.5 KB each)
_LEXICAL = ThreadPoolExecutor(1, thread_name_prefix="lexical")  # BM25 searches of this process, one at a time


class Retriever:
    def __init__(self, store: Store, embedder: Embedder):
        self.store, self.embedder = store, embedder
        self._query_vectors: dict[str, np.ndarray] = {}
        self._by_id: tuple[int, dict[int, StoredDocument]] | None = None

    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters | None = None,
        allowed: list[int] | None = None,
        sections: list[str] | None = None,
        mode: str = "hybrid",
        depth: int = DEPTH,
        all_renderings: bool = False,
    ) -> list[Hit]:
        """The k best passages among those the filters, the section labels and `allowed` (chunk ids)
        let through. A document that is another rendering of one already in the results is left
        out unless `all_renderings`."""
        if mode not in MODES:
            raise KbError("search.unknown_mode", mode=mode, modes=", ".join(MODES))
        where = Where.of(filters, sections)
        if self.store.filters_natively:  # the store filters by itself (Milvus): it is handed the filters
            scope = allowed
        else:
            where, scope = None, self.allowed(filters, sections)
            if allowed is not None:
                scope = allowed if scope is None else sorted(set(scope) & set(allowed))
        hits = self._ranked(query, k if all_renderings else k * 2, mode, depth, scope, where)
        return hits if all_renderings else collapse_renderings(hits)[:k]

    def allowed(self, filters: Filters | None, sections: list[str] | None = None) -> list[int] | None:
        """Chunk ids that pass the filters (documents by term, years, kind, organisation; chunks by
        section), or None when nothing filters."""
        wanted = sections or ([filters.section] if filters and filters.section else None)
        if not (filters and filters.on_documents) and not wanted:
            return None
        doc_ids = (
            [d.id for d in self.store.documents() if matches(d, filters)] if filters and filters.on_documents else None
        )
        return self.store.chunk_ids(doc_ids, wanted)

    def ranked(
        self, query: str, k: int, allowed: list[int] | None, mode: str = "hybrid", depth: int = DEPTH
    ) -> list[Hit]:
        """All the k best passages, every rendering of a document kept (the timeline's ranking)."""
        return self._ranked(query, k, mode, depth, allowed)

    def _ranked(
        self, query: str, k: int, mode: str, depth: int, allowed: list[int] | None, where: Where | None = None
    ) -> list[Hit]:
        q = analyze(query)
        if not q.core.strip() or not self.store.has_chunks() or allowed == []:
            return []
        depth = max(depth, k)
        wants_dense = mode == "dense" or (mode == "hybrid" and not q.folded)
        if wants_dense:
            self.store.prepare()  # reads the catalog: before BM25 holds the connection
        lexical_job: Future | None = None
        if mode in ("lexical", "hybrid"):
            stop = STOPWORDS_FOLDED if q.folded else STOPWORDS
            terms = query_terms(q.core, q.folded, stop) or query_terms(q.core, q.folded)
            lexical_job = _LEXICAL.submit(self.store.lexical_search, terms, q.folded, depth, allowed, where)
        dense_found = self.store.dense_search(self._query_vector(q.core), depth, allowed, where) if wants_dense else []
        lexical_found = lexical_job.result() if lexical_job else []
        if mode == "hybrid" and dense_found and lexical_found:
            return self.hits(fuse(dense_found, lexical_found)[:k], "hybrid")
        if dense_found:
            return self.hits(dense_found[:k], "dense")
        return self.hits(lexical_found[:k], "lexical")

    def _query_vector(self, text: str) -> np.ndarray:
        """The query's vector. The last QUERY_CACHE are kept: the UI searches again with the same
        words whenever a filter or a page changes, and the ask page searches what was just searched."""
        vector = self._query_vectors.pop(text, None)
        if vector is None:
            vector = self.embedder.encode([text], "query")[0]
        self._query_vectors[text] = vector  # most recent last
        if len(self._query_vectors) > QUERY_CACHE:
            self._query_vectors.pop(next(iter(self._query_vectors)), None)
        return vector

    def hits(self, found: list[tuple[int, float]], why: str) -> list[Hit]:
        """(chunk id, score) pairs as hits, with their chunks and documents; ids removed meanwhile dropped."""
        rows = self.store.chunks([i for i, _ in found])
        docs = self._documents()
        hits = []
        for cid, score in found:
            if cid not in rows:
                continue  # removed by another process since the index was read
            doc_id, ch = rows[cid]
            doc = docs.get(doc_id) or self.store.document(doc_id)  # a document stored meanwhile
            if doc is not None:
                hits.append(Hit(ch, doc, score, why, cid))
        return hits

    def _documents(self) -> dict[int, StoredDocument]:
        """The stored documents by id, read again when the store has changed."""
        generation = self.store.generation
        if self._by_id is None or self._by_id[0] != generation:
            self._by_id = (generation, {d.id: d for d in self.store.documents()})
        return self._by_id[1]
