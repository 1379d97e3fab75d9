"""Passages in files beside a catalog on another engine (PostgreSQL): FAISS for the vectors, FTS5 for
the terms, the same indexes as the embedded default, in a folder of their own.

    home/passages/index.faiss     the FAISS index, written after a batch (kb/store/faiss.py)
    home/passages/manifest.json   the catalog generation it holds and the catalog's identity
    home/passages/lexical.sqlite  the FTS5 index of kb/store/fts.py, keeping its tokens; its `meta`
                                  table names the generation it holds

Each change is taken in one FTS5 transaction; the FAISS index follows in memory and is written at
the end of a batch. An index behind the catalog (a crash before it was written) is rebuilt from the
catalog's vectors when it is next read, as in the embedded default.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ingest.messages import Message
from kb.store import fts
from kb.store.faiss import DenseIndex
from kb.store.report import CheckReport
from kb.store.seams import Catalog, Change, Passage

FOLDER = "passages"
INDEX, MANIFEST, LEXICAL = "index.faiss", "manifest.json", "lexical.sqlite"


class LocalPassages:
    filters_natively = False

    def __init__(self, home: Path):
        self.folder = home / FOLDER
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lex = sqlite3.connect(str(self.folder / LEXICAL), timeout=30, check_same_thread=False)
        self.lex.execute("PRAGMA journal_mode=WAL")
        self.lex.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        fts.create(self.lex, stored=True)
        self._dense: DenseIndex | None = None
        self._held = -1  # the catalog's passages generation the FAISS index in memory holds
        self._catalog: Catalog | None = None

    # --- the FAISS index, in step with the catalog ---------------------------------
    def _index(self, catalog: Catalog) -> DenseIndex:
        self._catalog = catalog
        held = int(catalog.setting("passages.generation") or 0)
        if self._dense is None or held != self._held:
            self._dense = self._load_or_rebuild(catalog, held)
            self._held = held
        return self._dense

    def _load_or_rebuild(self, catalog: Catalog, held: int) -> DenseIndex:
        info, path = self._manifest(), self.folder / INDEX
        dim = int(catalog.setting("dim") or 0)
        if path.exists() and info.get("generation") == held and info.get("catalog_id") == catalog.setting("catalog_id"):
            try:
                return DenseIndex.load(path, dim)
            except Exception:
                pass  # unreadable: rebuilt below from the catalog's vectors
        return DenseIndex.rebuild(catalog, dim)

    def _manifest(self) -> dict:
        try:
            return json.loads((self.folder / MANIFEST).read_text())
        except (OSError, ValueError):
            return {}

    def _save(self, catalog: Catalog) -> None:
        index = self._index(catalog)
        if index.outgrown():
            index = self._dense = DenseIndex.rebuild(catalog, int(catalog.setting("dim") or 0))
        index.save(self.folder / INDEX)
        manifest = {**index.describe(), "generation": self._held, "catalog_id": catalog.setting("catalog_id")}
        tmp = self.folder / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=2))
        os.replace(tmp, self.folder / MANIFEST)

    # --- changes ---------------------------------------------------------------------
    def take(self, change: Change, passages: list[Passage]) -> None:
        assert self._catalog is not None, "prepare() first"
        index = self._index(self._catalog)
        gone = list(change.removed) + [p.id for p in passages]
        index.remove(gone)
        if passages:
            index.add([p.id for p in passages], np.vstack([p.vector for p in passages]))
        with self.lex:
            fts.remove(self.lex, gone)
            fts.add(self.lex, [(p.id, p.text, p.heading) for p in passages])
            self.lex.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)", (str(change.generation),)
            )
        self._held = change.generation  # the catalog settles it next

    def prepare(self, catalog: Catalog) -> None:
        self._index(catalog)

    def flush(self, catalog: Catalog) -> None:
        if self._manifest().get("generation") != int(catalog.setting("passages.generation") or 0):
            self._save(catalog)

    # --- search ------------------------------------------------------------------------
    def dense_search(self, vector: np.ndarray, k: int, allowed: list[int] | None = None, where=None):
        assert self._catalog is not None, "prepare() first"
        return self._index(self._catalog).search(vector, k, allowed)

    def lexical_search(self, terms: list[str], folded: bool, k: int, allowed: list[int] | None = None, where=None):
        return fts.search(self.lex, terms, "fold" if folded else "acc", k, allowed)

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        return fts.frequencies(self.lex, terms)

    def index_stats(self) -> dict:
        info = self._manifest()
        return {"index": info.get("kind", "none yet"), "index_size": self._dense.size if self._dense else 0}

    # --- upkeep --------------------------------------------------------------------------
    def check(self, catalog: Catalog, ids: np.ndarray, sound: bool, report: CheckReport) -> bool:
        stale = False
        try:
            indexed = np.asarray(fts.indexed_ids(self.lex), np.int64)
        except sqlite3.DatabaseError as e:
            report.problems.append(Message("check.lexical.damaged", {"why": str(e)}))
            indexed, stale = np.zeros(0, np.int64), True
        missing, extra = np.setdiff1d(ids, indexed), np.setdiff1d(indexed, ids)
        if len(missing) or len(extra):
            stale = True
            report.problems.append(Message("check.lexical.differs", {"missing": len(missing), "extra": len(extra)}))
        elif not stale:
            report.ok.append(Message("check.lexical.ok", {"chunks": len(indexed)}))
        if not sound:
            report.notes.append(Message("check.index.not_compared"))
            return stale
        return _dense_differs(self._index(catalog), catalog, ids, report) or stale

    def rebuild(self, catalog: Catalog) -> int:
        held = catalog.generation
        with self.lex:
            self.lex.execute("DELETE FROM lexical")
            for ids, _ in catalog.vectors():
                found = catalog.chunks([int(i) for i in ids])
                fts.add(self.lex, [(i, found[i][1].text, found[i][1].heading_text) for i in found])
        self._dense = DenseIndex.rebuild(catalog, int(catalog.setting("dim") or 0))
        self._held = held
        catalog.settle(held)
        self._save(catalog)
        return self._dense.size

    def drop(self) -> None:
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def close(self) -> None:
        self.lex.close()


def _dense_differs(index: DenseIndex, catalog: Catalog, ids: np.ndarray, report: CheckReport) -> bool:
    """The FAISS index against the catalog's vectors, into the report; True when they differ."""
    held, vectors = index.stored()
    if len(held) != len(ids) or not np.array_equal(np.sort(held), ids):
        report.problems.append(Message("check.index.ids", {"vectors": len(held), "chunks": len(ids)}))
        return True
    row = {int(i): n for n, i in enumerate(held)}
    differ = 0
    for chunk_ids, stored in catalog.vectors():
        got = vectors[[row[int(i)] for i in chunk_ids]]
        differ += int((~np.isclose(got, stored, atol=1e-6).all(axis=1)).sum())
    if differ:
        report.problems.append(Message("check.index.values", {"vectors": differ}))
        return True
    report.ok.append(Message("check.index.ok", {"vectors": len(held), "generation": catalog.generation}))
    return False
