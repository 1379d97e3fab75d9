"""The knowledge base: the few methods the CLI and the UI call (open, ingest, search, documents...)."""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest import Chunk, Document, ReadError, chunk, describe, read, read_bytes, sha256
from ingest.meta import MINHASH_SIZE
from ingest.read import display_name, safe_path
from ingest.syllables import syllable_share
from ingest.text import is_folded
from kb.catalog import Catalog, DocInfo
from kb.dense import DenseIndex
from kb.embed import Embedder, make_embedder, resolve
from kb.errors import Busy, KbError, ModelMismatch, NotFound
from kb import lexical
from kb.query import STOPWORDS, STOPWORDS_FOLDED, analyze
from kb import structure
from kb.filters import Filters, matches
from kb.search import MODES, Hit, collapse_renderings, fuse

if TYPE_CHECKING:
    from kb.answer import Answer

FORMAT_VERSION = 1
Progress = Callable[[int, int, str], None]  # (done, total, current file name)
# Chunks embedded in one call during ingest. Files come in one at a time; their chunks wait
# here so the embedder has enough texts to keep every core busy (most files have one or two).
EMBED_CHUNKS = 128
ALONE_CHUNKS = 32  # a file this long keeps every core busy by itself
QUERY_CACHE = 256  # query vectors kept (1.5 KB each)
_LEXICAL = ThreadPoolExecutor(1, thread_name_prefix="lexical")  # BM25 searches of this process, one at a time


def default_home() -> Path:
    return Path(os.environ.get("KB_HOME") or "kb-data")


@dataclass(frozen=True)
class FileResult:
    path: str
    name: str
    status: str  # added, updated, unchanged, duplicate, skipped
    reason: str = ""
    chunks: int = 0


@dataclass
class Prepared:
    """A file read, described and chunked, waiting to be embedded with others and stored."""

    doc: Document
    data: bytes
    source: str
    previous: int | None  # the document this path held before, replaced when it is its only path
    chunks: list[Chunk]


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(["read", "describe", "chunk", "embed", "index"], 0.0))
    pages: int = 0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files)


class KnowledgeBase:
    """A KB home: catalog.sqlite (truth), index.faiss (derived), files/ (originals), manifest.json."""

    def __init__(self, home: str | Path | None = None, model: str | None = None,
                 embedder: Embedder | None = None, allow_model_change: bool = False):
        self.home = Path(home) if home else default_home()
        self.home.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(self.home / "catalog.sqlite")
        recorded = self.catalog.get_meta("model")
        asked = model or os.environ.get("KB_MODEL")
        if recorded and asked and resolve(asked)[0] != recorded and not allow_model_change:
            raise ModelMismatch(
                f"This knowledge base ({self.home}) was built with the model '{recorded}'; you asked for "
                f"'{resolve(asked)[0]}'. Open it without --model/KB_MODEL, or re-embed everything "
                f"with the new model: kb reindex --model {asked}"
            )
        self.embedder: Embedder = embedder or make_embedder(asked or recorded)
        if not self.catalog.get_meta("catalog_id"):
            with self.catalog.db:
                self.catalog.set_meta("catalog_id", uuid.uuid4().hex)
                self.catalog.set_meta("format", str(FORMAT_VERSION))
        self._dense: DenseIndex | None = None
        self._loaded_generation = -1
        self._docs_cache: tuple[int, list[DocInfo]] | None = None
        self._sig_cache: tuple[int, list[DocInfo], np.ndarray] | None = None
        self._query_vectors: dict[str, np.ndarray] = {}
        if self.catalog.get_meta("structure_version") != structure.VERSION:
            structure.refresh(self.catalog)  # made by an earlier version: describe documents again

    @classmethod
    def open(cls, home: str | Path | None = None, model: str | None = None) -> "KnowledgeBase":
        return cls(home, model)

    def close(self) -> None:
        self.catalog.close()

    # --- model and derived index ------------------------------------------------
    def _record_model(self) -> None:
        """The first vectors fix the KB's model; later opens are checked against it."""
        if not self.catalog.get_meta("model"):
            with self.catalog.db:
                self.catalog.set_meta("model", self.embedder.name)
                self.catalog.set_meta("dim", str(self.embedder.dim))

    @property
    def dim(self) -> int:
        return int(self.catalog.get_meta("dim") or self.embedder.dim)

    @property
    def dense(self) -> DenseIndex:
        """The FAISS index, reloaded or rebuilt when the catalog moved on (another process wrote)."""
        gen = self.catalog.generation
        if self._dense is None or gen != self._loaded_generation:
            self._dense = self._load_or_rebuild(gen)
            self._loaded_generation = gen
        return self._dense

    def _load_or_rebuild(self, generation: int) -> DenseIndex:
        manifest = self.manifest()
        path = self.home / "index.faiss"
        idx = manifest.get("index", {})
        if (path.exists() and idx.get("generation") == generation
                and idx.get("catalog_id") == self.catalog.get_meta("catalog_id")):
            try:
                return DenseIndex.load(path, self.dim)
            except Exception:
                pass  # unreadable: rebuilt below from the catalog's vectors
        return DenseIndex.rebuild(self.catalog, self.dim)

    def manifest(self) -> dict:
        try:
            return json.loads((self.home / "manifest.json").read_text())
        except (OSError, ValueError):
            return {}

    def _save_index(self) -> None:
        """Write the index, then the manifest naming the generation it holds (both atomic).
        An index whose kind no longer suits its size (kb/dense.py) is first rebuilt from the catalog."""
        if self.dense.outgrown():
            self._dense = DenseIndex.rebuild(self.catalog, self.dim)
        self.dense.save(self.home / "index.faiss")
        manifest = {
            "format": FORMAT_VERSION,
            "model": {"name": self.catalog.get_meta("model"), "dim": self.dim,
                      "fingerprint": self.catalog.get_meta("fingerprint")},
            "index": {**self.dense.describe(),
                      "generation": self._loaded_generation, "catalog_id": self.catalog.get_meta("catalog_id")},
        }
        tmp = self.home / "manifest.json.tmp"
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        os.replace(tmp, self.home / "manifest.json")

    @contextmanager
    def _writing(self):
        """One writer at a time per home; a second one is refused with a clear message."""
        with open(self.home / ".write.lock", "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy(f"Another process is writing to {self.home}; wait until it finishes, then run this again.")
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # --- ingest -----------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        """Add files and folders (recursively). Bad files are reported and skipped; the rest go on."""
        report = IngestReport()
        files, skipped = collect(paths)
        report.files.extend(skipped)

        with self._writing():
            self._record_model()
            self.dense  # load or rebuild the index now, in step with the catalog, before the first change
            batch = Batch(self, report)
            for n, path in enumerate(files):
                if progress:
                    progress(n, len(files), display_name(path.name))
                if path.suffix.lower() == ".pdf":
                    batch.flush()  # a PDF may need OCR (minutes): what waits is stored first
                batch.add(self._prepare(path, report, _ocr_progress(progress, n, len(files), path)))
            batch.flush()
            if progress:
                progress(len(files), len(files), "")
            started = time.perf_counter()
            if self.catalog.generation != self.manifest().get("index", {}).get("generation"):
                self._save_index()
            report.seconds["index"] += time.perf_counter() - started
        return report

    def _prepare(self, path: Path, report: IngestReport, on_page=None) -> FileResult | Prepared:
        """Read, describe and chunk one file, or say why it is skipped or already stored."""
        source, name = safe_path(path.resolve()), display_name(path.name)
        started = time.perf_counter()
        try:
            data = read_bytes(path)
        except ReadError as e:
            return FileResult(source, name, "skipped", str(e))
        digest = sha256(data)
        previous = self.catalog.source(source)
        existing = self.catalog.by_sha(digest)
        if existing:
            report.seconds["read"] += time.perf_counter() - started
            return self._known(source, name, existing, previous)
        try:
            doc = read(path.resolve(), data, on_page=on_page)
            read_done = time.perf_counter()
            doc = describe(doc)  # metadata, people, timed apart: it must stay cheap
        except ReadError as e:
            return FileResult(source, name, "skipped", str(e))
        except Exception as e:  # a reader bug must not stop the batch
            return FileResult(source, name, "skipped", f"{name}: could not be read ({type(e).__name__}: {e}).")
        report.seconds["read"] += read_done - started
        report.seconds["describe"] += time.perf_counter() - read_done
        report.pages += len(doc.pages)
        return self._chunked(doc, data, source, previous, report)

    def _known(self, source: str, name: str, existing: DocInfo, previous: int | None) -> FileResult:
        """A file whose content is stored already: unchanged, or one more path to the same document."""
        if previous == existing.id:
            return FileResult(source, name, "unchanged")
        self.catalog.add_source(source, existing.id)
        return FileResult(source, name, "duplicate", f"same content as {existing.name}, stored once")

    def _chunked(self, doc: Document, data: bytes, source: str, previous: int | None,
                 report: IngestReport) -> Prepared:
        started = time.perf_counter()
        chunks = chunk(doc, self.embedder.count_tokens, max_tokens=min(256, self.embedder.max_tokens))
        report.seconds["chunk"] += time.perf_counter() - started
        return Prepared(doc, data, source, previous, chunks)

    def _store_batch(self, batch: list[FileResult | Prepared], report: IngestReport) -> list[FileResult]:
        """Embed the chunks of all prepared files at once, then store each file in its own transaction."""
        texts = [c.text for p in batch if isinstance(p, Prepared) for c in p.chunks]
        vectors = np.zeros((0, self.dim), np.float32)
        if texts:
            started = time.perf_counter()
            vectors = self.embedder.encode(texts, "passage")
            report.seconds["embed"] += time.perf_counter() - started
        results, at = [], 0
        for item in batch:
            if isinstance(item, Prepared):
                results.append(self._store(item, vectors[at:at + len(item.chunks)], report))
                at += len(item.chunks)
            else:
                results.append(item)
        return results

    def _store(self, item: Prepared, vectors: np.ndarray, report: IngestReport) -> FileResult:
        started = time.perf_counter()
        doc = item.doc
        existing = self.catalog.by_sha(doc.sha256)
        if existing:  # an earlier file of the same batch had the same content
            return self._known(item.source, doc.name, existing, item.previous)
        twin = self._near_duplicate(doc.meta)
        if twin:
            doc.meta["near_duplicate_of"] = twin.name
        stored = self._keep_original(doc, item.data)
        previous = item.previous
        replaced = previous if previous is not None and len(self._sources_of(previous)) <= 1 else None
        index = self.dense  # in step with the catalog before this change
        doc_id, ids, removed = self.catalog.add(doc, stored, item.chunks, vectors, item.source, replaces=replaced)
        index.remove(removed)
        index.add(ids, vectors)
        self._loaded_generation = self.catalog.generation
        self._remember_signature(doc_id, doc.meta.get("minhash"), bool(removed or replaced))
        report.seconds["index"] += time.perf_counter() - started
        status = "updated" if previous is not None else "added"
        return FileResult(item.source, doc.name, status, "; ".join(doc.notes), len(item.chunks))

    def _near_duplicate(self, meta: dict) -> DocInfo | None:
        """A stored document that is the same text in another rendering: MinHash similarity
        ≥ 0.85, or ≥ 0.5 with a document number in common. The scan and the text copy of the Cao
        Bằng resolution score 0.70 (OCR changes words); two short answers that share their
        courtesies and advice but not the illness they are about score 0.5-0.8 and stay apart
        (vicov19qa), as unrelated documents (about 0) do."""
        signature = meta.get("minhash") or []
        if len(signature) != MINHASH_SIZE:
            return None
        docs, matrix = self._signatures()
        if not docs:
            return None
        similarity = (matrix == np.array(signature, dtype=np.uint64)).mean(axis=1)
        numbers = set(meta.get("numbers") or [])
        for i in np.argsort(-similarity, kind="stable"):
            if similarity[i] < 0.5:
                break
            if similarity[i] >= 0.85 or numbers & set(docs[i].meta.get("numbers") or []):
                return docs[i]
        return None

    def _signatures(self) -> tuple[list[DocInfo], np.ndarray]:
        """Stored documents' MinHash signatures as one matrix, kept up to date while ingesting."""
        if self._sig_cache is None or self._sig_cache[0] != self.catalog.generation:
            docs = [d for d in self.documents() if len(d.meta.get("minhash") or []) == MINHASH_SIZE]
            matrix = np.array([d.meta["minhash"] for d in docs], dtype=np.uint64).reshape(len(docs), MINHASH_SIZE)
            self._sig_cache = (self.catalog.generation, docs, matrix)
        return self._sig_cache[1], self._sig_cache[2]

    def _remember_signature(self, doc_id: int, signature: list[int] | None, removed_any: bool) -> None:
        """Add the new document to the signature matrix instead of reading all of them again."""
        if self._sig_cache is None or removed_any:
            self._sig_cache = None
            return
        _, docs, matrix = self._sig_cache
        if signature and len(signature) == MINHASH_SIZE:
            docs = docs + [self.catalog.document(doc_id)]
            matrix = np.vstack([matrix, np.array(signature, dtype=np.uint64)])
        self._sig_cache = (self.catalog.generation, docs, matrix)

    def _sources_of(self, doc_id: int) -> list[str]:
        return [r[0] for r in self.catalog.db.execute("SELECT path FROM sources WHERE doc_id=?", (doc_id,))]

    def _keep_original(self, doc: Document, data: bytes) -> str:
        """A copy of the original bytes, so nothing is lost if the source folder changes."""
        rel = Path("files") / doc.sha256[:2] / (doc.sha256 + Path(doc.name).suffix.lower())
        dest = self.home / rel
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, dest)
        return str(rel)

    # --- reading ----------------------------------------------------------------
    def search(self, query: str, k: int = 10, mode: str = "hybrid", depth: int = 200,
               filters: Filters | None = None, all_renderings: bool = False) -> list[Hit]:
        """The k best passages. hybrid: dense and BM25 fused; a query typed without accents is
        answered by BM25 on accent-folded text alone (the model cannot read it). A document that is
        another rendering of one already in the results is left out unless `all_renderings`."""
        if mode not in MODES:
            raise KbError(f"Unknown search mode '{mode}'; choose one of {', '.join(MODES)}.")
        allowed = self.allowed_chunks(filters) if filters and filters.active else None
        hits = self._search(query, k if all_renderings else k * 2, mode, depth, allowed)
        return hits if all_renderings else collapse_renderings(hits)[:k]

    def allowed_chunks(self, filters: Filters, sections: list[str] | None = None) -> list[int]:
        """Chunk ids that pass the filters (documents by term, years, kind, organisation; chunks by section)."""
        doc_ids = [d.id for d in self.documents() if matches(d, filters)] if filters.on_documents else None
        wanted = sections or ([filters.section] if filters.section else None)
        return self.catalog.chunk_ids(doc_ids, wanted)

    def _search(self, query: str, k: int, mode: str, depth: int, allowed: list[int] | None) -> list[Hit]:
        q = analyze(query)
        if not q.core.strip() or not self.catalog.has_chunks() or allowed == []:
            return []
        depth = max(depth, k)
        wants_dense = mode == "dense" or (mode == "hybrid" and not q.folded)
        index = self.dense if wants_dense else None  # reads the catalog: before BM25 holds the connection
        lexical_job: Future | None = None
        if mode in ("lexical", "hybrid"):
            # BM25 runs in SQLite (which lets go of the GIL) on the other core while the query is embedded here.
            stop = STOPWORDS_FOLDED if q.folded else STOPWORDS
            terms = lexical.query_terms(q.core, q.folded, stop) or lexical.query_terms(q.core, q.folded)
            lexical_job = _LEXICAL.submit(lexical.search, self.catalog.db, terms, "fold" if q.folded else "acc",
                                          depth, allowed)
        dense_found = index.search(self._query_vector(q.core), depth, allowed) if index else []
        lexical_found = lexical_job.result() if lexical_job else []
        if mode == "hybrid" and dense_found and lexical_found:
            return self._hits(fuse(dense_found, lexical_found)[:k], "hybrid")
        if dense_found:
            return self._hits(dense_found[:k], "dense")
        return self._hits(lexical_found[:k], "lexical")

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

    def _hits(self, found: list[tuple[int, float]], why: str) -> list[Hit]:
        rows = self.catalog.chunks([i for i, _ in found])
        docs: dict[int, DocInfo] = {}
        hits = []
        for cid, score in found:
            if cid not in rows:
                continue  # removed by another process since the index was read
            doc_id, ch = rows[cid]
            if doc_id not in docs:
                docs[doc_id] = self.catalog.document(doc_id)
            hits.append(Hit(ch, docs[doc_id], score, why, cid))
        return hits

    def documents(self) -> list[DocInfo]:
        """All documents with their metadata (cached until the catalog changes)."""
        gen = self.catalog.generation
        if self._docs_cache is None or self._docs_cache[0] != gen:
            self._docs_cache = (gen, self.catalog.documents())
        return list(self._docs_cache[1])

    # --- the structure of meeting documents (kb/structure.py) ---------------------
    def people(self) -> list[dict]:
        """Who was elected or appointed to what, in which term, with file and page."""
        return structure.people(self)

    def timeline(self, topic: str | None = None, filters: Filters | None = None) -> list[structure.TermEntry]:
        """For each term in order, its decisions and directions (about `topic` when given)."""
        return structure.timeline(self, topic, filters=filters)

    def ask(self, question: str) -> "Answer":
        """A short answer with the passages and pages it comes from, or a plain "not found"."""
        from kb import answer, llm

        if not any(c.isalnum() for c in question):
            raise KbError("The question has no words: write what you want to know, "
                          "e.g. \"Ai là Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?\"")
        share, words = syllable_share(question)
        if words >= 3 and share < 0.4 and is_folded(question):  # "Who chairs the union this term?"
            raise KbError("The question does not read as Vietnamese: the documents and the answers are in "
                          "Vietnamese. Ask in Vietnamese, with or without accents, e.g. \"Ai là Chủ tịch Liên "
                          "hiệp nhiệm kỳ này?\" or \"ai la chu tich lien hiep\".")
        result = answer.ask(self, question)
        url = llm.configured()
        return llm.rewrite(question, result, url) if url and result.found else result

    def facets(self) -> dict:
        return structure.facets(self)

    def correct(self, key: str, **fields) -> DocInfo:
        """A person's correction of a document's kind, date, terms, organisations, places or title."""
        with self._writing():
            return structure.correct(self, key, **fields)

    def original(self, doc: DocInfo) -> Path:
        return self.home / doc.stored

    def page_text(self, doc: DocInfo, page: int) -> str:
        return self.catalog.page_text(doc.id, page)

    def remove(self, key: str) -> list[DocInfo]:
        """Remove the document(s) with this file name, path or sha256 prefix."""
        found = self.catalog.find(key) or self.catalog.find(str(Path(key).resolve()))
        if not found:
            raise NotFound(f"No document named '{key}' in {self.home}; `kb docs` lists what is stored.")
        with self._writing():
            index = self.dense
            for d in found:
                index.remove(self.catalog.remove(d.id))
                self._loaded_generation = self.catalog.generation
                if not self.catalog.by_sha(d.sha256):
                    (self.home / d.stored).unlink(missing_ok=True)
            self._save_index()
        return found

    def stats(self) -> dict:
        docs = self.documents()
        return {
            "home": str(self.home.resolve()),
            "documents": len(docs),
            "pages": sum(d.pages for d in docs),
            "chunks": self.catalog.chunk_count(),
            "model": self.catalog.get_meta("model") or self.embedder.name,
            "dim": int(self.catalog.get_meta("dim") or 0) or None,
            "index": self.manifest().get("index", {}).get("kind", "none yet"),
            "index_size": self.dense.size,
            "bytes_on_disk": sum(f.stat().st_size for f in self.home.rglob("*") if f.is_file()),
        }

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Rebuild everything from the stored originals with this KB's embedder (e.g. a new model)."""
        with self._writing():
            docs = self.documents()
            sources = {d.id: self._sources_of(d.id) for d in docs}
            work = self.home / ".reindex"
            shutil.rmtree(work, ignore_errors=True)
            fresh = KnowledgeBase(work, embedder=self.embedder)
            fresh._record_model()
            report = IngestReport()

            batch = Batch(fresh, report)
            for n, d in enumerate(docs):
                if progress:
                    progress(n, len(docs), d.name)
                data = self.original(d).read_bytes()
                doc = read(Path(d.path).with_name(d.name), data)
                doc = describe(Document(d.path, d.name, doc.sha256, doc.pages, doc.title))
                batch.add(fresh._chunked(doc, data, sources[d.id][0] if sources[d.id] else d.path, None, report))
            batch.flush()
            for d in docs:
                for extra in sources[d.id][1:]:
                    fresh.catalog.add_source(extra, fresh.catalog.by_sha(d.sha256).id)
            with fresh.catalog.db:  # people's corrections are not derived data: carry them over
                fresh.catalog.db.executemany(
                    "INSERT OR REPLACE INTO corrections(sha256, fields, changed) VALUES (?,?,?)",
                    self.catalog.db.execute("SELECT sha256, fields, changed FROM corrections").fetchall())
            fresh.catalog.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            fresh.close()
            self.catalog.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.catalog.close()
            for suffix in ("-wal", "-shm"):
                (self.home / f"catalog.sqlite{suffix}").unlink(missing_ok=True)
            os.replace(work / "catalog.sqlite", self.home / "catalog.sqlite")  # the switch: one atomic rename
            shutil.rmtree(work, ignore_errors=True)
            self.catalog = Catalog(self.home / "catalog.sqlite")
            self._dense = None
            self._save_index()
        return report


class Batch:
    """Files read and chunked, waiting to be embedded together: the embedder gets enough texts
    (EMBED_CHUNKS) to keep every core busy. Each file is still stored in its own
    transaction, in input order, and the results go to the report in that order."""

    def __init__(self, kb: KnowledgeBase, report: IngestReport):
        self.kb, self.report = kb, report
        self.waiting: list[FileResult | Prepared] = []

    def add(self, item: FileResult | Prepared) -> None:
        """A long file needs no company: what waits goes first, then it, on its own."""
        alone = isinstance(item, Prepared) and len(item.chunks) >= ALONE_CHUNKS
        if alone:
            self.flush()
        self.waiting.append(item)
        if alone or sum(len(w.chunks) for w in self.waiting if isinstance(w, Prepared)) >= EMBED_CHUNKS:
            self.flush()

    def flush(self) -> None:
        """Embed and store what waits (called too before slow work, such as OCR, so that it is kept
        if the process is stopped meanwhile)."""
        waiting, self.waiting = self.waiting, []
        self.report.files.extend(self.kb._store_batch(waiting, self.report))


def _ocr_progress(progress: Progress | None, n: int, total: int, path: Path):
    """A reader's page callback shown as file progress: "scan.pdf (OCR p. 3/12)"."""
    if progress is None:
        return None
    return lambda page, pages, what: progress(n, total, f"{display_name(path.name)} (OCR p. {page}/{pages})")


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest (folders recurse, hidden files ignored) and the paths that do not exist."""
    files: list[Path] = []
    missing: list[FileResult] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file()
                                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(FileResult(str(p), p.name, "skipped", f"{p}: no such file or folder; check the path."))
    return files, missing
