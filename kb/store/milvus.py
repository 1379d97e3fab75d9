"""Passages on Milvus (pymilvus): dense search, BM25 over our own terms, filters, in one collection.

KB_STORE=milvus://HOST:PORT[/COLLECTION][?index=HNSW&ef=128&analyzer=whitespace] reaches a Milvus server
(standalone or distributed: the same client code); KB_STORE=PATH.db is a Milvus Lite file,
in-process (PyPI milvus-lite: for development and tests; it is slow and one process at a time).

One row per chunk, keyed by the catalog's chunk id (so a change taken twice is taken once):

    id, doc_id                 the catalog's ids
    vector                     the chunk's vector, copied from the catalog (never embedded here)
    acc, fold                  kb.terms.tokens(text): our Vietnamese syllables and syllable pairs
                               ("nghị_quyết"), accented and folded, space-joined, then the same of
                               the heading path it stands under; Milvus's BM25 function turns each
                               into a sparse vector (acc_bm25, fold_bm25)
    kind, year_lo, year_hi, terms, organisations, sections, access
                               the filter fields (kb/store/fields.py)

The analyzer only splits at spaces what kb.terms already split: Milvus Lite accepts the `standard`
tokenizer (it keeps `nghị_quyết` whole in NFC text), a server's `standard` splits at `_`, so a server
uses `whitespace`. Lite returns BM25 scores negated: the scores are taken by absolute value. The
rarest-term limit of the embedded FTS5 index (kb/store/fts.py: MAX_TERMS, MAX_POSTINGS) is a device
for FTS5's speed: Milvus's BM25 reads every term of the question. How many passages hold a term
(answer weights) is counted with TEXT_MATCH on `fold`.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import numpy as np

from ingest.messages import Message
from kb.errors import KbError
from kb.store.fields import expression, joined, passages_of
from kb.store.fts import FREQUENCY_CAP
from kb.store.report import CheckReport
from kb.store.seams import Catalog, Change, Passage
from kb.terms import tokens

_LITE_USERS: Counter[str] = Counter()  # Milvus Lite files open in this process, and by how many stores
BATCH = 500  # rows per insert, upsert or get
WINDOW = 10_000  # ids per query when all are read (a query returns at most 16,384 rows)
HEADINGS = True  # a passage's heading terms appended to its BM25 text (bench/milvus_headings.py: without)
FIELDS = ("doc_id", "kind", "year_lo", "year_hi", "terms", "organisations", "sections", "access")


def _pymilvus():
    try:
        import pymilvus
    except ImportError:
        raise KbError("store.missing_package", what="KB_STORE=milvus", package="pymilvus") from None
    return pymilvus


class MilvusPassages:
    filters_natively = True

    def __init__(self, address: str, home: Path, catalog: Catalog):
        pymilvus = _pymilvus()
        self.address = address
        url = urlparse(address)
        options = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.lite = url.scheme != "milvus"
        if self.lite:
            if url.scheme or not url.path.endswith(".db"):
                raise KbError("store.unknown_store", address=address)
            path = Path(url.path) if Path(url.path).is_absolute() else home / url.path
            uri, self.name = str(path), options.get("collection") or f"kb_{catalog.setting('catalog_id')}"
            _LITE_USERS[uri] += 1
        else:
            uri = f"http://{url.hostname}:{url.port or 19530}"
            self.name = url.path.strip("/") or f"kb_{catalog.setting('catalog_id')}"
        self.index = options.get("index") or ("FLAT" if self.lite else "HNSW")
        self.analyzer = options.get("analyzer") or ("standard" if self.lite else "whitespace")
        self.nprobe, self.ef = int(options.get("nprobe", 64)), int(options.get("ef", 128))  # IVF, HNSW search
        self.uri = uri
        try:
            self.client = pymilvus.MilvusClient(uri=uri, token=options.get("token", ""))
        except Exception as e:
            self._release()
            raise KbError("store.unreachable", address=address, why=str(e).strip()) from e
        self._ready = False
        self.timings: dict[str, float] = {}  # of the last rebuild: seconds to insert, to build the indexes

    # --- the collection ---------------------------------------------------------------
    def schema(self, dim: int):
        """The collection's fields, BM25 functions included."""
        from pymilvus import DataType, Function, FunctionType

        s = self.client.create_schema(auto_id=False, description="kb passages (kb/store/milvus.py)")
        s.add_field("id", DataType.INT64, is_primary=True)
        s.add_field("doc_id", DataType.INT64)
        s.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        analyzer = {"tokenizer": self.analyzer}
        for column in ("acc", "fold"):
            s.add_field(
                column,
                DataType.VARCHAR,
                max_length=65535,
                enable_analyzer=True,
                enable_match=column == "fold",
                analyzer_params=analyzer,
            )
            s.add_field(f"{column}_bm25", DataType.SPARSE_FLOAT_VECTOR)
            s.add_function(
                Function(
                    name=f"{column}_bm25_function",
                    function_type=FunctionType.BM25,
                    input_field_names=[column],
                    output_field_names=[f"{column}_bm25"],
                )
            )
        s.add_field("kind", DataType.VARCHAR, max_length=64)
        s.add_field("year_lo", DataType.INT64)
        s.add_field("year_hi", DataType.INT64)
        s.add_field("terms", DataType.VARCHAR, max_length=4096)
        s.add_field("organisations", DataType.VARCHAR, max_length=16384)
        s.add_field("sections", DataType.VARCHAR, max_length=1024)
        s.add_field("access", DataType.VARCHAR, max_length=4096)  # who may read it (kb/store/fields.py)
        return s

    def index_params(self, rows: int):
        """The dense index (FLAT, HNSW or IVF_*, sized for `rows`) and the two BM25 indexes."""
        params = self.client.prepare_index_params()
        dense: dict[str, Any] = {}
        if self.index == "HNSW":
            dense = {"M": 16, "efConstruction": 200}
        elif self.index.startswith("IVF"):
            dense = {"nlist": max(1, int(min(4 * math.sqrt(max(rows, 1)), max(rows, 1) / 40)))}
        params.add_index("vector", index_type=self.index, metric_type="IP", params=dense)
        for column in ("acc", "fold"):
            params.add_index(f"{column}_bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
        return params

    def _ensure(self, catalog: Catalog) -> bool:
        """Create and load the collection when the model's dimension is known; True when it was created."""
        if self._ready:
            return False
        dim = int(catalog.setting("dim") or 0)
        if not dim:
            return False
        created = False
        if not self.client.has_collection(self.name):
            self.client.create_collection(
                self.name, schema=self.schema(dim), index_params=self.index_params(catalog.chunk_count())
            )
            created = True
        else:
            held = self._dim()
            if held and held != dim:
                raise KbError("store.other_model", collection=self.name, held=held, dim=dim)
        self.client.load_collection(self.name)  # a collection reopens unloaded (Lite)
        self._ready = True
        return created

    def _dim(self) -> int:
        for f in self.client.describe_collection(self.name).get("fields", []):
            if f.get("name") == "vector":
                return int(f.get("params", {}).get("dim", 0))
        return 0

    # --- changes ---------------------------------------------------------------------
    def take(self, change: Change, passages: list[Passage]) -> None:
        if change.removed:
            for start in range(0, len(change.removed), BATCH):
                self.client.delete(self.name, ids=list(change.removed[start : start + BATCH]))
        for start in range(0, len(passages), BATCH):
            self.client.upsert(self.name, [row_of(p) for p in passages[start : start + BATCH]])

    def prepare(self, catalog: Catalog) -> None:
        if self._ensure(catalog) and catalog.has_chunks():
            self.rebuild(catalog)  # a new (or lost) collection is derived again from the catalog

    def flush(self, catalog: Catalog) -> None:
        if self._ready:
            self.client.flush(self.name)

    # --- search ------------------------------------------------------------------------
    def _filter(self, allowed: list[int] | None, where) -> str:
        if where is None:
            return expression(None, (), allowed)
        return expression(where.filters, where.sections, allowed, where.reader)

    def dense_search(self, vector: np.ndarray, k: int, allowed: list[int] | None = None, where=None):
        if not self._ready or k <= 0:
            return []
        params: dict[str, Any] = {"metric_type": "IP"}
        if self.index == "HNSW":
            params["params"] = {"ef": max(k, self.ef)}
        elif self.index.startswith("IVF"):
            params["params"] = {"nprobe": self.nprobe}
        found = self.client.search(
            self.name,
            data=[np.asarray(vector, np.float32).tolist()],
            anns_field="vector",
            limit=k,
            filter=self._filter(allowed, where),
            output_fields=["id"],
            search_params=params,
        )
        return [(int(h["id"]), float(h["distance"])) for h in found[0]]

    def lexical_search(self, terms: list[str], folded: bool, k: int, allowed: list[int] | None = None, where=None):
        if not self._ready or not terms or k <= 0:
            return []
        found = self.client.search(
            self.name,
            data=[" ".join(terms)],
            anns_field="fold_bm25" if folded else "acc_bm25",
            limit=k,
            filter=self._filter(allowed, where),
            output_fields=["id"],
            search_params={"metric_type": "BM25"},
        )
        scored = [(int(h["id"]), abs(float(h["distance"]))) for h in found[0]]  # Lite negates BM25
        return sorted(scored, key=lambda x: (-x[1], x[0]))

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many passages hold each folded term, up to FREQUENCY_CAP (as the embedded index counts)."""
        out = {}
        for t in terms:
            if not self._ready:
                out[t] = 0
                continue
            quoted = t.replace("\\", "\\\\").replace("'", "\\'")
            found = self.client.query(self.name, filter=f"TEXT_MATCH(fold, '{quoted}')", output_fields=["count(*)"])
            out[t] = min(int(found[0]["count(*)"]) if found else 0, FREQUENCY_CAP)
        return out

    def index_stats(self) -> dict:
        size = self._count() if self._ready else 0
        kind = f"Milvus{' Lite' if self.lite else ''} {self.index} + BM25 ({self.name})"
        return {"index": kind, "index_size": size}

    def _count(self, where: str = "") -> int:
        found = self.client.query(self.name, filter=where, output_fields=["count(*)"])
        return int(found[0]["count(*)"]) if found else 0

    # --- upkeep --------------------------------------------------------------------------
    def held_ids(self, upto: int) -> np.ndarray:
        """Every id held, read in windows of ids (a query returns at most 16,384 rows); `upto` is the
        highest id expected, those above it are read at the end."""
        ids: list[int] = []
        for start in range(0, upto + 1, WINDOW):
            found = self.client.query(
                self.name, filter=f"id >= {start} and id < {start + WINDOW}", output_fields=["id"], limit=WINDOW
            )
            ids.extend(int(r["id"]) for r in found)
        above = self.client.query(self.name, filter=f"id >= {upto + 1}", output_fields=["id"], limit=WINDOW)
        ids.extend(int(r["id"]) for r in above)
        return np.sort(np.asarray(ids, np.int64))

    def check(self, catalog: Catalog, ids: np.ndarray, sound: bool, report: CheckReport) -> bool:
        self._ensure(catalog)
        held = self.held_ids(int(ids.max()) if len(ids) else 0) if self._ready else np.zeros(0, np.int64)
        if len(held) != len(ids) or not np.array_equal(held, ids):
            report.problems.append(Message("check.passages.ids", {"held": len(held), "chunks": len(ids)}))
            return True
        differ = 0
        for start in range(0, len(ids), BATCH):
            part = [int(i) for i in ids[start : start + BATCH]]
            stored = {p.id: row_of(p) for p in passages_of(catalog, part)}
            found = self.client.get(self.name, ids=part, output_fields=["vector", "acc", "fold", *FIELDS])
            for r in found:
                want = stored.get(int(r["id"]))
                if want is None or not _same(r, want, sound):
                    differ += 1
        if differ:
            report.problems.append(Message("check.passages.values", {"passages": differ}))
            return True
        report.ok.append(Message("check.passages.ok", {"collection": self.name, "passages": len(held)}))
        return False

    def rebuild(self, catalog: Catalog) -> int:
        """The collection again from the catalog: created bare, every passage inserted, then its indexes
        built once and loaded (a bulk load's order); `timings` says how long each part took."""
        held = catalog.generation
        if self.client.has_collection(self.name):
            self.client.drop_collection(self.name)
        dim = int(catalog.setting("dim") or 0)
        self.client.create_collection(self.name, schema=self.schema(dim))
        started = time.perf_counter()
        count = 0
        for ids, _ in catalog.vectors(batch=BATCH * 4):
            found = passages_of(catalog, [int(i) for i in ids])
            for start in range(0, len(found), BATCH):
                self.client.insert(self.name, [row_of(p) for p in found[start : start + BATCH]])
            count += len(found)
        self.client.flush(self.name)
        inserted = time.perf_counter()
        self.client.create_index(self.name, self.index_params(count))
        self.client.load_collection(self.name)
        self.timings = {"insert": inserted - started, "index": time.perf_counter() - inserted}
        self._ready = True
        catalog.settle(held)
        return count

    def drop(self) -> None:
        if self.client.has_collection(self.name):
            self.client.drop_collection(self.name)
        self._ready = False

    def close(self) -> None:
        self.client.close()
        self._release()

    def _release(self) -> None:
        """Milvus Lite runs in this process and locks its file: stopped when its last user closes, so that
        another process (the next `kb` command) can open it."""
        if not self.lite:
            return
        _LITE_USERS[self.uri] -= 1
        if _LITE_USERS[self.uri] <= 0:
            del _LITE_USERS[self.uri]
            from milvus_lite import server_manager_instance

            server_manager_instance.release_server(self.uri)


def row_of(p: Passage) -> dict:
    """A passage as the collection's row: its terms as kb.terms gives them, its filter fields joined."""
    acc, fold = tokens(p.text)
    if p.heading and HEADINGS:  # the heading's terms count as the passage's own (kb/store/fts.py: HEADING_WEIGHT 1.0)
        hacc, hfold = tokens(p.heading)
        acc, fold = f"{acc} {hacc}", f"{fold} {hfold}"
    return {
        "id": p.id,
        "doc_id": p.doc_id,
        "vector": np.asarray(p.vector, np.float32).tolist(),
        "acc": acc,
        "fold": fold,
        "kind": p.kind,
        "year_lo": p.year_lo,
        "year_hi": p.year_hi,
        "terms": joined(p.terms),
        "organisations": joined(p.organisations),
        "sections": joined(p.sections, ","),
        "access": p.access,
    }


def _same(found: dict, want: dict, sound: bool) -> bool:
    """A stored row against the row the catalog gives now (vectors compared when they are sound)."""
    if any(found.get(k) != want[k] for k in ("acc", "fold", *FIELDS)):
        return False
    return not sound or bool(np.allclose(np.asarray(found["vector"], np.float32), want["vector"], atol=1e-6))
