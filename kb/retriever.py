"""A query → the best passages: dense and BM25 candidates, fused; filters; one row per family.

Hybrid by default: the dense model and BM25 each give `depth` candidates, fused by
kb/fusion.py. A query typed without accents is answered by BM25 on the accent-folded text
alone (the model cannot read it). BM25 runs in SQLite in a worker thread (which lets go of the
GIL) while the query is embedded on this one.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from kb.accents import restore
from kb.embed import Embedder
from kb.errors import KbError
from kb.filters import Filters, matches
from kb.fusion import fuse, fuse_weighted
from kb.query import STOPWORDS, STOPWORDS_FOLDED, Query, analyze
from kb.records import Hit, StoredDocument
from kb.results import collapse_renderings
from kb.store import Store, Where
from kb.terms import query_terms

MODES = ("hybrid", "dense", "lexical")
DEPTH = 200  # candidates from each side
QUERY_CACHE = 256  # query vectors kept (1.5 KB each)
_LEXICAL = ThreadPoolExecutor(1, thread_name_prefix="lexical")  # BM25 searches of this process, one at a time
# A query given its accents back: the weights of (dense, BM25 on the restored query, BM25 on the folded
# one as typed) in the fusion.
RESTORED_HYBRID = (0.5, 0.25, 0.25)
RESTORED_LEXICAL = (0.0, 0.5, 0.5)
OFFICIAL = frozenset({"resolution", "report", "decision", "plan", "conclusion"})
OFFICIAL_BOOST = 0.4  # z-units of the fused ranking: dev hit@1 0.907 -> 0.912 (0.2-0.7 alike), held out unchanged
OFFICIAL_DEPTH = 30


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, query_vectors: dict[str, np.ndarray] | None = None):
        self.store, self.embedder = store, embedder
        self._query_vectors: dict[str, np.ndarray] = {} if query_vectors is None else query_vectors
        self._restorations: dict[str, Query | None] = {}
        self._by_id: tuple[int, dict[int, StoredDocument]] | None = None

    def over(self, store: Store) -> Retriever:
        """The same retriever over another view of the store (what one person may read), sharing
        the query vectors already computed."""
        view = Retriever(store, self.embedder, self._query_vectors)
        view._restorations = self._restorations
        return view

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
        as_typed: bool = False,
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
        hits = self._ranked(query, k if all_renderings else k * 2, mode, depth, scope, as_typed, where)
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
        self,
        query: str,
        k: int,
        mode: str,
        depth: int,
        allowed: list[int] | None,
        as_typed: bool = False,
        where: Where | None = None,
    ) -> list[Hit]:
        q = analyze(query)
        if not q.core.strip() or not self.store.has_chunks() or allowed == []:
            return []
        depth = max(depth, k)
        restored = None if as_typed else self.restored(q)
        if restored is not None:
            return self._restored_ranked(q, restored, k, mode, depth, allowed, where)
        wants_dense = mode == "dense" or (mode == "hybrid" and not q.folded)
        if wants_dense:
            self.store.prepare()  # reads the catalog: before BM25 holds the connection
        lexical_job: Future | None = None
        if mode in ("lexical", "hybrid"):
            lexical_job = _LEXICAL.submit(self.store.lexical_search, _terms(q), q.folded, depth, allowed, where)
        dense_found = self.store.dense_search(self._query_vector(q.core), depth, allowed, where) if wants_dense else []
        lexical_found = lexical_job.result() if lexical_job else []
        if mode == "hybrid" and dense_found and lexical_found:
            return self._official_first(q, fuse(dense_found, lexical_found), k, "hybrid")
        if dense_found:
            return self.hits(dense_found[:k], "dense")
        return self.hits(lexical_found[:k], "lexical")

    def _restored_ranked(
        self,
        typed: Query,
        restored: Query,
        k: int,
        mode: str,
        depth: int,
        allowed: list[int] | None,
        where: Where | None = None,
    ) -> list[Hit]:
        """A query typed without accents and given them back: the dense model and BM25 read the restored
        query; BM25 on the folded text reads it as typed, in case a syllable was restored wrongly."""
        if mode != "lexical":
            self.store.prepare()
        lexical_job: Future | None = None
        if mode != "dense":
            lexical_job = _LEXICAL.submit(self._both_columns, restored, typed, depth, allowed, where)
        dense_found = (
            self.store.dense_search(self._query_vector(restored.core), depth, allowed, where)
            if mode != "lexical"
            else []
        )
        accented, folded = lexical_job.result() if lexical_job else ([], [])
        if mode == "dense":
            return self.hits(dense_found[:k], "dense")
        weights = RESTORED_HYBRID if mode == "hybrid" else RESTORED_LEXICAL
        fused = fuse_weighted(list(zip((dense_found, accented, folded), weights)))
        return self._official_first(restored, fused, k, mode) if mode == "hybrid" else self.hits(fused[:k], mode)

    def _official_first(self, q: Query, fused: list[tuple[int, float]], k: int, why: str) -> list[Hit]:
        """For a question about what was decided, set or found, the organisation's own papers (a
        resolution, report, decision, plan or conclusion) before speeches, comment summaries and news
        that talk about it: among the best OFFICIAL_DEPTH, their passages score OFFICIAL_BOOST more."""
        if not q.outcome or not OFFICIAL_BOOST:
            return self.hits(fused[:k], why)
        top = self.hits(fused[: max(k, OFFICIAL_DEPTH)], why)
        boosted = [replace(h, score=h.score + OFFICIAL_BOOST * (h.doc.meta.kind in OFFICIAL)) for h in top]
        return sorted(boosted, key=lambda h: -h.score)[:k]

    def _both_columns(
        self, restored: Query, typed: Query, depth: int, allowed: list[int] | None, where: Where | None = None
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        accented = self.store.lexical_search(_terms(restored), False, depth, allowed, where)
        folded = self.store.lexical_search(_terms(typed), True, depth, allowed, where)
        return accented, folded

    def understood(self, query: str) -> str | None:
        """What a query typed without accents is searched as ("thư viện miền núi" for "thu vien mien
        nui"), to show; None when it is searched as typed."""
        restored = self.restored(analyze(query))
        return restored.text if restored else None

    def restored(self, q: Query) -> Query | None:
        """The query with its accents put back from the knowledge base's own text, when it was typed
        without most of them and restoring changed it; None otherwise. The last QUERY_CACHE are kept."""
        if not q.unaccented:
            return None
        if q.text not in self._restorations:
            result = restore(q.text, self.store.syllable_counts())
            self._restorations[q.text] = analyze(result.text) if result.changed else None
            if len(self._restorations) > QUERY_CACHE:
                self._restorations.pop(next(iter(self._restorations)))
        return self._restorations[q.text]

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


def _terms(q: Query) -> list[str]:
    """A query's lexical terms for its column (folded when typed without any mark), function words
    dropped unless they are all it has."""
    stop = STOPWORDS_FOLDED if q.folded else STOPWORDS
    return query_terms(q.core, q.folded, stop) or query_terms(q.core, q.folded)
