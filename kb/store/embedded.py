"""The default store, in one process and one folder: the SQLite catalog (the truth, with the
FTS5 lexical index inside it), a FAISS index of the vectors derived from it, and manifest.json
naming which catalog generation the index holds.

    home/catalog.sqlite   documents, pages, chunks and vectors, people, corrections, lexical index
    home/index.faiss      derived: rebuilt from the catalog's vectors whenever it is behind
    home/manifest.json    the schema version, the model, the index kind and the generation it holds
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from pathlib import Path

import numpy as np

from ingest import Chunk, Document
from kb.records import StoredDocument, TrashItem
from kb.store import check, migrations
from kb.store.faiss import DenseIndex
from kb.store.layout import CATALOG, INDEX, MANIFEST
from kb.store.report import CheckReport
from kb.store.sqlite import SqliteCatalog

# What a rebuilt catalog (kb reindex) takes over from the one it replaces: what people made, not
# what is derived from the originals (corrections are carried over by the pipeline itself).
KEPT_TABLES = ("access", "users", "tokens", "sign_ins", "audit", "trash")


class EmbeddedStore(SqliteCatalog):
    filters_natively = False  # the retriever hands it allowed chunk ids

    def __init__(self, home: Path):
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        super().__init__(home / CATALOG)
        if not self.setting("catalog_id"):
            self.set_settings(catalog_id=uuid.uuid4().hex)
        self._dense: DenseIndex | None = None
        self._loaded_generation = -1

    # --- the model the vectors come from -------------------------------------------
    def record_model(self, name: str, dim: int) -> None:
        """The first vectors fix the knowledge base's model; later opens are checked against it."""
        if not self.setting("model"):
            self.set_settings(model=name, dim=str(dim))

    @property
    def dim(self) -> int:
        return int(self.setting("dim") or 0)

    # --- the derived FAISS index ----------------------------------------------------
    @property
    def dense(self) -> DenseIndex:
        """The FAISS index, reloaded or rebuilt when the catalog moved on (another process wrote)."""
        gen = self.generation
        if self._dense is None or gen != self._loaded_generation:
            self._dense = self._load_or_rebuild(gen)
            self._loaded_generation = gen
        return self._dense

    def _load_or_rebuild(self, generation: int) -> DenseIndex:
        info = self.manifest().get("index", {})
        path = self.home / INDEX
        if (
            path.exists()
            and info.get("generation") == generation
            and info.get("catalog_id") == self.setting("catalog_id")
        ):
            try:
                return DenseIndex.load(path, self.dim)
            except Exception:
                pass  # unreadable: rebuilt below from the catalog's vectors
        return DenseIndex.rebuild(self, self.dim)

    def rebuild_index(self) -> DenseIndex:
        """Rebuild the index from the stored vectors and write it (kb check --repair)."""
        self._dense = DenseIndex.rebuild(self, self.dim)
        self._loaded_generation = self.generation
        self.save_index()
        return self._dense

    def manifest(self) -> dict:
        try:
            return json.loads((self.home / MANIFEST).read_text())
        except (OSError, ValueError):
            return {}

    def save_index(self) -> None:
        """Write the index, then the manifest naming the generation it holds (both atomic).
        An index whose kind no longer suits its size (kb/store/faiss.py) is first rebuilt from the catalog."""
        if self.dense.outgrown():
            self._dense = DenseIndex.rebuild(self, self.dim)
        self.dense.save(self.home / INDEX)
        manifest = {
            "schema_version": migrations.LATEST,
            "model": {"name": self.setting("model"), "dim": self.dim, "fingerprint": self.setting("fingerprint")},
            "index": {
                **self.dense.describe(),
                "generation": self._loaded_generation,
                "catalog_id": self.setting("catalog_id"),
            },
        }
        tmp = self.home / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        os.replace(tmp, self.home / MANIFEST)

    def index_stats(self) -> dict:
        """What `kb stats` says of the dense index."""
        return {"index": self.manifest().get("index", {}).get("kind", "none yet"), "index_size": self.dense.size}

    def flush(self) -> None:
        """Write the index if the catalog has moved on since it was last written (after a batch)."""
        if self.generation != self.manifest().get("index", {}).get("generation"):
            self.save_index()

    # --- changes keep the index in step -----------------------------------------------
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
        index = self.dense  # in step with the catalog before this change
        doc_id, ids, removed = super().add(doc, stored, chunks, vectors, source, replaces, near_duplicate_of)
        index.remove(removed)
        index.add(ids, vectors)
        self._loaded_generation = self.generation
        return doc_id, ids, removed

    def remove(self, doc_id: int) -> list[int]:
        index = self.dense
        ids = super().remove(doc_id)
        index.remove(ids)
        self._loaded_generation = self.generation
        return ids

    def trash(self, doc_id: int, by: str) -> TrashItem | None:
        """Move a document to the trash (kb/store/trash.py); its vectors leave the index."""
        index = self.dense
        moved = self._move_to_trash(doc_id, by)
        if moved is None:
            return None
        item, ids = moved
        index.remove(ids)
        self._loaded_generation = self.generation
        return item

    def restore(self, trash_id: int) -> StoredDocument | None:
        """Put a trashed document back, its vectors into the index again."""
        index = self.dense
        taken = self._take_from_trash(trash_id)
        if taken is None:
            return None
        doc_id, ids, vectors = taken
        index.add(ids, vectors)
        self._loaded_generation = self.generation
        return self.document(doc_id)

    def backup_to(self, folder: Path) -> None:
        """A consistent copy of the catalog in `folder` by SQLite's online backup (a snapshot of one
        moment, while others go on writing), with an index in step with it."""
        folder.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(str(folder / CATALOG))
        try:
            source = sqlite3.connect(str(self.path), timeout=30)
            try:
                source.backup(target)  # all pages in one step: one read transaction, one moment
            finally:
                source.close()
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
        copy = EmbeddedStore(folder)
        try:
            copy.rebuild_index()  # from the copy's own vectors: in step with it by construction
            copy.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            copy.close()

    def prepare(self) -> None:
        """Load or rebuild the FAISS index now, in step with the catalog (it reads the catalog: before
        a lexical search in another thread holds the connection, and before the first change)."""
        self.dense  # noqa: B018 - the property loads it

    def verify(self, repair: bool = False) -> CheckReport:
        if repair:
            return check.repair(self)
        report = CheckReport(self.home)
        check.check(self, report)
        return report

    # --- search -------------------------------------------------------------------
    def dense_search(
        self, vector: np.ndarray, k: int, allowed: list[int] | None = None, where=None
    ) -> list[tuple[int, float]]:
        """Top-k (chunk id, cosine), only among `allowed` chunk ids when given (`where` is resolved to
        them by the retriever: this store does not filter by itself)."""
        return self.dense.search(vector, k, allowed)

    # --- a rebuilt catalog takes this one's place ----------------------------------------
    def replace_with(self, fresh: EmbeddedStore) -> None:
        """Put a catalog built elsewhere (kb reindex) in place of this one: one atomic rename. Both
        stores are closed after it: open the home again."""
        fresh.take_over(self.path, KEPT_TABLES)
        fresh.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        fresh.close()
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.close()
        for suffix in ("-wal", "-shm"):
            (self.home / f"{CATALOG}{suffix}").unlink(missing_ok=True)
        os.replace(fresh.home / CATALOG, self.home / CATALOG)
