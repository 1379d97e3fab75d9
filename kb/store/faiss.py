"""The FAISS index of chunk vectors; ids are catalog chunk ids. Its kind follows the size.

Up to `EXACT_MAX` vectors the index is exact (IndexFlatIP): a query reads every
vector, 0.6 ms at 10k vectors of dim 384, 1.8 ms at 25k, 9 ms at 50k and 20 ms
at 100k on one core here (past the CPU caches). Above that it is an inverted
file (IndexIVFFlat): vectors are grouped around nlist = 4·√n centroids trained
on a sample of the stored vectors, and a query reads the nprobe nearest groups,
nprobe being the smallest power of two that finds `RECALL` of the exact top-10
for tuning queries made from stored vectors. IVF (unlike HNSW) removes ids, and
its groups keep the full vectors: candidates get exact scores, and `kb check`
compares them with the catalog's (1.5 GB at 1M vectors, within the memory budget).

It is derived data. The file is replaced atomically and carries the catalog
generation it was built from; when that does not match the catalog, the index
is rebuilt from the stored vectors (no embedding needed).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

EXACT_MAX = 30_000  # vectors; above this an IVF index is built
RECALL = 0.95  # recall@10 of an IVF index against exact search, on the tuning queries
_PER_LIST = 40  # training vectors per centroid (FAISS warns below 39)


def _faiss():
    import faiss

    # One thread: a query's threads wait for the other core, busy embedding or serving someone
    # else (at 10k vectors: 0.6 ms on one thread, 27 ms on two while the machine is loaded).
    faiss.omp_set_num_threads(1)
    return faiss


class VectorSource(Protocol):
    """Where an index is rebuilt from: the catalog's stored vectors."""

    def chunk_count(self) -> int: ...

    def vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]: ...


def wanted_nlist(n: int) -> int:
    """0 for exact search, else the number of IVF groups for n vectors."""
    return 0 if n <= EXACT_MAX else max(1, int(min(4 * math.sqrt(n), n / _PER_LIST)))


class DenseIndex:
    def __init__(self, dim: int, nlist: int = 0, sample: np.ndarray | None = None):
        """Exact when nlist is 0, else IVF with nlist groups trained on `sample`."""
        faiss = _faiss()
        self.dim = dim
        if not nlist:
            self.index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
            return
        self.index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        faiss.omp_set_num_threads(os.cpu_count() or 1)  # k-means is one long batch job
        try:
            self.index.train(np.ascontiguousarray(sample, np.float32))
        finally:
            faiss.omp_set_num_threads(1)
        self.index.set_direct_map_type(faiss.DirectMap.Hashtable)  # reconstruct and remove by id

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def nlist(self) -> int:
        return int(getattr(self.index, "nlist", 0))

    def describe(self) -> dict:
        """What the manifest records about this index."""
        if not self.nlist:
            return {"kind": "faiss IndexFlatIP (exact inner product)", "size": self.size}
        return {
            "kind": "faiss IndexIVFFlat (approximate inner product)",
            "size": self.size,
            "nlist": self.nlist,
            "nprobe": int(self.index.nprobe),
        }

    def outgrown(self) -> bool:
        """True when the size now calls for another kind, or an IVF index with 2× more groups."""
        wanted = wanted_nlist(self.size)
        return bool(wanted) != bool(self.nlist) or wanted >= 2 * self.nlist > 0

    def add(self, ids: list[int] | np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, np.float32), np.asarray(ids, np.int64))

    def remove(self, ids: list[int]) -> None:
        if ids:
            self.index.remove_ids(np.asarray(ids, np.int64))

    def search(self, query: np.ndarray, k: int, allowed: list[int] | None = None) -> list[tuple[int, float]]:
        """Top-k (chunk id, cosine), only among `allowed` ids when given; k is capped at the index
        size and FAISS's -1 fillers (fewer results than k) are dropped."""
        k = min(k, self.size if allowed is None else len(allowed))
        if k <= 0:
            return []
        faiss = _faiss()
        sel = faiss.IDSelectorBatch(np.asarray(allowed, np.int64)) if allowed is not None else None
        if self.nlist:
            # A filter keeps a share of each group: probe more groups so as many allowed vectors
            # are scored as an unfiltered query scores (all groups for a small filter).
            share = self.size / max(len(allowed), 1) if allowed is not None else 1.0
            nprobe = min(self.nlist, math.ceil(self.index.nprobe * share))
            params = faiss.SearchParametersIVF(sel=sel, nprobe=nprobe)
        else:
            params = faiss.SearchParameters(sel=sel) if sel is not None else None
        scores, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), np.float32), k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i != -1]

    def stored(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) held, for `kb check` to compare with the catalog."""
        faiss = _faiss()
        if not self.nlist:
            ids = faiss.vector_to_array(self.index.id_map).astype(np.int64)
            return ids, self.index.index.reconstruct_n(0, self.size) if self.size else np.zeros(
                (0, self.dim), np.float32
            )
        lists = self.index.invlists
        ids = np.concatenate(
            [np.zeros(0, np.int64)]
            + [faiss.rev_swig_ptr(lists.get_ids(g), lists.list_size(g)).copy() for g in range(self.nlist)]
        )
        return ids, self.index.reconstruct_batch(ids) if len(ids) else np.zeros((0, self.dim), np.float32)

    def tune(self, queries: np.ndarray, exact: np.ndarray) -> None:
        """Set nprobe to the smallest power of two whose top-10 holds RECALL of `exact`, the exact
        top-10 ids of these queries."""
        self.index.nprobe = 1
        while self.index.nprobe < self.nlist:
            found = self.index.search(queries, 10)[1]
            if sum(len(set(f) & set(e)) for f, e in zip(found.tolist(), exact.tolist())) >= RECALL * exact.size:
                break
            self.index.nprobe = min(2 * self.index.nprobe, self.nlist)

    # --- persistence ----------------------------------------------------------
    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        _faiss().write_index(self.index, str(tmp))
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, dim: int) -> DenseIndex:
        self = cls.__new__(cls)
        self.dim = dim
        self.index = _faiss().read_index(str(path))
        if self.index.d != dim:
            raise ValueError(f"it has dimension {self.index.d}, the knowledge base {dim}")
        return self

    @classmethod
    def rebuild(cls, catalog: VectorSource, dim: int) -> DenseIndex:
        """The index of the kind this many vectors calls for, from the catalog's vectors
        (an IVF one trained on a sample of them, its nprobe tuned against exact search)."""
        faiss = _faiss()
        nlist = wanted_nlist(catalog.chunk_count())
        if not nlist:
            self = cls(dim)
            for ids, vectors in catalog.vectors():
                self.add(ids, vectors)
            return self
        sample = _sample(catalog, dim, nlist * _PER_LIST)
        queries = _between(sample)
        exact = faiss.ResultHeap(len(queries), 10, keep_max=True)
        self = cls(dim, nlist, sample)
        for ids, vectors in catalog.vectors():
            self.add(ids, vectors)
            exact.add_result(queries @ vectors.T, np.broadcast_to(ids, (len(queries), len(ids))))
        exact.finalize()
        self.tune(queries, exact.I)
        return self


def _sample(catalog: VectorSource, dim: int, n: int) -> np.ndarray:
    """About n stored vectors spread evenly over the catalog (every k-th row)."""
    step = max(1, catalog.chunk_count() // n)
    return np.concatenate([vectors[::step] for _, vectors in catalog.vectors(batch=step * 2000)])


def _between(sample: np.ndarray, n: int = 200) -> np.ndarray:
    """Tuning queries: normalized midpoints of two random stored vectors. Like people's questions
    they lie between passages. At each nprobe their recall was within 0.01 of vicov19qa questions'
    on vicov19qa's answers, and below it on bench/scale.py's KBs (100k: 0.965 where questions get
    0.993). Stored vectors as queries are easier and gave too small an nprobe. Questions about what
    a KB does not hold are harder: covid questions on meeting reports got 0.92 where these got 0.98."""
    rng = np.random.default_rng(0)
    mid = sample[rng.integers(0, len(sample), n)] + sample[rng.integers(0, len(sample), n)]
    return (mid / np.linalg.norm(mid, axis=1, keepdims=True)).astype(np.float32)
