"""The ingest pipeline: read → describe → chunk → embed → store, with a report line per file.

A bad file never stops the batch and never harms what is stored: it is reported with the
reason and what to do. Each file is stored in its own transaction; the chunks of several
small files are embedded together so the embedder keeps every core busy.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest import Chunk, Document, ReadError, chunk, describe, read, read_bytes, sha256
from ingest.messages import Message
from ingest.read import display_name, safe_path
from kb.embed import Embedder
from kb.families import Families
from kb.home import Home
from kb.records import Access, StoredDocument
from kb.store import Backends, Store, open_store

Progress = Callable[[int, int, str], None]  # (done, total, current file name)
# Chunks embedded in one call during ingest. Files come in one at a time; their chunks wait
# here so the embedder has enough texts to keep every core busy (most files have one or two).
EMBED_CHUNKS = 128
ALONE_CHUNKS = 32  # a file this long keeps every core busy by itself
STAGES = ("read", "describe", "chunk", "embed", "index")
REINDEX = ".reindex"


@dataclass(frozen=True)
class FileResult:
    path: str
    name: str
    status: str  # added, updated, unchanged, duplicate, skipped
    message: Message | None = None  # why it was skipped, or what was done to read it (OCR, a legacy encoding)
    chunks: int = 0
    sha256: str = ""  # the content's, when stored (added or updated)

    @property
    def reason(self) -> str:
        """The message in KB_LANG's language ("" when there is none)."""
        return self.message.text() if self.message else ""


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    pages: int = 0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files)


@dataclass
class Prepared:
    """A file read, described and chunked, waiting to be embedded with others and stored."""

    doc: Document
    data: bytes
    source: str
    previous: int | None  # the document this path held before, replaced when it is its only path
    chunks: list[Chunk]


class Pipeline:
    def __init__(
        self,
        store: Store,
        home: Home,
        embedder: Embedder,
        access: Access | None = None,
        on_stored: Callable[[FileResult], None] | None = None,
    ):
        """`access`: who may read the documents it adds (None: public, and an updated file keeps
        the access of the document it replaces); `on_stored`: told of each file as soon as it is
        stored (the audit trail)."""
        self.store, self.home, self.embedder, self.access = store, home, embedder, access
        self.on_stored = on_stored
        self.families = Families(store)

    def ingest(
        self, paths: Iterable[str | Path], progress: Progress | None = None, workers: str | None = None
    ) -> IngestReport:
        """Add files and folders (recursively); call while holding the home's write lock. With `workers`
        (a Ray address, or "auto"), files are read, chunked and embedded on Ray workers (kb/workers.py)."""
        report = IngestReport()
        files, skipped = collect(paths)
        report.files.extend(skipped)
        self.store.record_model(self.embedder.name, self.embedder.dim)
        self.store.prepare()  # derived indexes in step with the catalog before the first change
        if workers:
            self.on_workers(workers, files, report, progress)
            return self._flushed(report)
        batch = Batch(self, report)
        for n, path in enumerate(files):
            if progress:
                progress(n, len(files), display_name(path.name))
            if path.suffix.lower() == ".pdf":
                batch.flush()  # a PDF may need OCR (minutes): what waits is stored first
            batch.add(self.prepare(path, report, _ocr_progress(progress, n, len(files), path)))
        batch.flush()
        if progress:
            progress(len(files), len(files), "")
        return self._flushed(report)

    def _flushed(self, report: IngestReport) -> IngestReport:
        started = time.perf_counter()
        self.store.flush()
        report.seconds["index"] += time.perf_counter() - started
        return report

    def on_workers(self, address: str, files: list[Path], report: IngestReport, progress: Progress | None) -> None:
        """Files read, described, chunked and embedded on Ray workers, stored here one by one in input
        order as their results come (each in its own transaction); known files never leave."""
        from kb.workers import Workers

        results: dict[int, FileResult] = {}

        def jobs():
            for n, path in enumerate(files):
                source, name = safe_path(path.resolve()), display_name(path.name)
                started = time.perf_counter()
                try:
                    data = read_bytes(path)
                except ReadError as e:
                    results[n] = FileResult(source, name, "skipped", e.message)
                    continue
                previous = self.store.source(source)
                existing = self.store.by_sha(sha256(data))
                report.seconds["read"] += time.perf_counter() - started
                if existing:
                    results[n] = self._known(source, name, existing, previous)
                    continue
                yield (n, source, name, previous, data), str(path.resolve()), data

        pool = Workers(address)
        try:
            for (n, source, name, previous, data), done in pool.run(jobs(), self.embedder.name):
                if done.doc is None:
                    results[n] = FileResult(source, name, "skipped", done.skipped)
                else:
                    for stage, seconds in done.seconds.items():
                        report.seconds[stage] += seconds
                    report.pages += len(done.doc.pages)
                    vectors = done.vectors if done.vectors is not None else np.zeros((0, self.embedder.dim))
                    results[n] = self._store(Prepared(done.doc, data, source, previous, done.chunks), vectors, report)
                if progress:
                    progress(len(results), len(files), name)
        finally:
            pool.close()
        report.files.extend(results[n] for n in sorted(results))
        if progress:
            progress(len(files), len(files), "")

    def prepare(self, path: Path, report: IngestReport, on_page=None) -> FileResult | Prepared:
        """Read, describe and chunk one file, or say why it is skipped or already stored."""
        source, name = safe_path(path.resolve()), display_name(path.name)
        started = time.perf_counter()
        try:
            data = read_bytes(path)
        except ReadError as e:
            return FileResult(source, name, "skipped", e.message)
        previous = self.store.source(source)
        existing = self.store.by_sha(sha256(data))
        if existing:
            report.seconds["read"] += time.perf_counter() - started
            return self._known(source, name, existing, previous)
        try:
            doc = read(path.resolve(), data, on_page=on_page)
            read_done = time.perf_counter()
            doc = describe(doc)  # metadata, people, timed apart: it must stay cheap
        except ReadError as e:
            return FileResult(source, name, "skipped", e.message)
        except Exception as e:  # a reader bug must not stop the batch
            return FileResult(
                source, name, "skipped", Message("ingest.crashed", {"name": name, "why": f"{type(e).__name__}: {e}"})
            )
        report.seconds["read"] += read_done - started
        report.seconds["describe"] += time.perf_counter() - read_done
        report.pages += len(doc.pages)
        return self.chunked(doc, data, source, previous, report)

    def chunked(self, doc: Document, data: bytes, source: str, previous: int | None, report: IngestReport) -> Prepared:
        started = time.perf_counter()
        chunks = chunk(doc, self.embedder.count_tokens, max_tokens=min(256, self.embedder.max_tokens))
        report.seconds["chunk"] += time.perf_counter() - started
        return Prepared(doc, data, source, previous, chunks)

    def _known(self, source: str, name: str, existing: StoredDocument, previous: int | None) -> FileResult:
        """A file whose content is stored already: unchanged, or one more path to the same document."""
        if previous == existing.id:
            return FileResult(source, name, "unchanged")
        self.store.add_source(source, existing.id)
        return FileResult(source, name, "duplicate", Message("ingest.duplicate", {"name": existing.name}))

    def store_batch(self, batch: list[FileResult | Prepared], report: IngestReport) -> list[FileResult]:
        """Embed the chunks of all prepared files at once, then store each file in its own transaction."""
        texts = [c.text for p in batch if isinstance(p, Prepared) for c in p.chunks]
        vectors = np.zeros((0, self.embedder.dim), np.float32)
        if texts:
            started = time.perf_counter()
            vectors = self.embedder.encode(texts, "passage")
            report.seconds["embed"] += time.perf_counter() - started
        results, at = [], 0
        for item in batch:
            if isinstance(item, Prepared):
                results.append(self._store(item, vectors[at : at + len(item.chunks)], report))
                at += len(item.chunks)
            else:
                results.append(item)
        return results

    def _store(self, item: Prepared, vectors: np.ndarray, report: IngestReport) -> FileResult:
        started = time.perf_counter()
        doc = item.doc
        existing = self.store.by_sha(doc.sha256)
        if existing:  # an earlier file of the same batch had the same content
            return self._known(item.source, doc.name, existing, item.previous)
        twin = self.families.twin_of(doc.meta)
        stored = self.home.keep_original(doc.sha256, doc.name, item.data)
        previous = item.previous
        replaced = previous if previous is not None and len(self.store.sources(previous)) <= 1 else None
        before = self.store.document(previous) if previous is not None else None
        access = self.access or (before.access if before else None)
        if access is not None:  # before the document exists: it is never readable by more people than meant
            self.store.set_access(doc.sha256, access)
        doc_id, _, removed = self.store.add(
            doc,
            stored,
            item.chunks,
            vectors,
            item.source,
            replaces=replaced,
            near_duplicate_of=twin.name if twin else None,
        )
        self.families.remember(doc_id, doc.meta.minhash, bool(removed or replaced))
        report.seconds["index"] += time.perf_counter() - started
        status = "updated" if previous is not None else "added"
        result = FileResult(item.source, doc.name, status, _joined(doc.notes), len(item.chunks), doc.sha256)
        if self.on_stored:
            self.on_stored(result)
        return result

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Read every stored original again, describe, chunk and embed it into a new store beside this
        one, and put it in this one's place; a person's corrections and every source path carry over.
        Call while holding the home's write lock; the store is closed after it."""
        docs = self.store.documents()
        sources = {d.id: self.store.sources(d.id) for d in docs}
        work = self.home.path / REINDEX
        shutil.rmtree(work, ignore_errors=True)
        fresh = Pipeline(open_store(work, Backends()), Home(work), self.embedder)  # embedded, whatever is configured
        fresh.store.record_model(self.embedder.name, self.embedder.dim)
        report = IngestReport()
        batch = Batch(fresh, report)
        for n, d in enumerate(docs):
            if progress:
                progress(n, len(docs), d.name)
            data = self.home.original(d.stored).read_bytes()
            doc = read(Path(d.path).with_name(d.name), data)
            doc = describe(Document(d.path, d.name, doc.sha256, doc.pages, doc.title))
            batch.add(fresh.chunked(doc, data, sources[d.id][0] if sources[d.id] else d.path, None, report))
        batch.flush()
        for d in docs:
            again = fresh.store.by_sha(d.sha256)
            for extra in sources[d.id][1:]:
                if again:
                    fresh.store.add_source(extra, again.id)
        fresh.store.keep_corrections(self.store.corrections())  # not derived data: they carry over
        self.store.replace_with(fresh.store)
        shutil.rmtree(work, ignore_errors=True)
        return report


class Batch:
    """Files read and chunked, waiting to be embedded together: the embedder gets enough texts
    (EMBED_CHUNKS) to keep every core busy. Each file is still stored in its own
    transaction, in input order, and the results go to the report in that order."""

    def __init__(self, pipeline: Pipeline, report: IngestReport):
        self.pipeline, self.report = pipeline, report
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
        self.report.files.extend(self.pipeline.store_batch(waiting, self.report))


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
            files.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                )
            )
        elif p.is_file():
            files.append(p)
        else:
            missing.append(FileResult(str(p), p.name, "skipped", Message("ingest.missing", {"path": str(p)})))
    return files, missing


def _joined(notes: tuple[Message, ...]) -> Message | None:
    """What the readers had to do, as one message: "pages 1-2 … were read by OCR; the text was in …"."""
    return Message("ingest.notes", {"notes": list(notes)}) if notes else None
