"""The FAISS index of chunk vectors: exact inner product, ids are catalog chunk ids.

It is derived data. The file is replaced atomically and carries the catalog
generation it was built from; when that does not match the catalog, the index
is rebuilt from the stored vectors (no embedding needed).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from kb.catalog import Catalog


def _faiss():
    import faiss

    return faiss


class DenseIndex:
    def __init__(self, dim: int):
        faiss = _faiss()
        self.dim = dim
        self.index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

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
        params = None
        if allowed is not None:
            params = _faiss().SearchParameters(sel=_faiss().IDSelectorBatch(np.asarray(allowed, np.int64)))
        scores, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), np.float32), k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i != -1]

    # --- persistence ----------------------------------------------------------
    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        _faiss().write_index(self.index, str(tmp))
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, dim: int) -> "DenseIndex":
        self = cls.__new__(cls)
        self.dim = dim
        self.index = _faiss().read_index(str(path))
        if self.index.d != dim:
            raise ValueError(f"index dimension {self.index.d} != {dim}")
        return self

    @classmethod
    def rebuild(cls, catalog: Catalog, dim: int) -> "DenseIndex":
        self = cls(dim)
        for ids, vectors in catalog.iter_vectors(dim):
            self.add(ids, vectors)
        return self
