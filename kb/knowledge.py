"""The knowledge base: the few methods the CLI, the app and other programs call.

A thin facade over parts with one job each:

    kb/home.py       the folder, one writer at a time, the copies of originals
    kb/store/        documents, pages, chunks, vectors, the lexical index (SQLite + FAISS by default)
    kb/pipeline.py   file → Document → Chunks → vectors → store, with a report per file
    kb/retriever.py  a query → hits (dense + BM25, filters)
    kb/answer/       a question → an answer with citations
    kb/timeline.py   decisions and directions, term after term
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ingest.messages import Message
from ingest.syllables import syllable_share
from ingest.text import is_folded
from kb import answer, corrections, facets, llm, people
from kb.embed import Embedder, make_embedder, resolve
from kb.errors import Busy, KbError, ModelMismatch, NotFound
from kb.filters import Filters
from kb.home import Home
from kb.migrate import MigrateReport, migrate
from kb.pipeline import IngestReport, Pipeline, Progress
from kb.records import Hit, PersonFact, StoredDocument
from kb.retriever import DEPTH, Retriever
from kb.store import Backends, Store, open_store
from kb.store.report import CheckReport
from kb.timeline import TermEntry, timeline


class KnowledgeBase:
    """A KB home: catalog.sqlite (truth), index.faiss (derived), files/ (originals), manifest.json."""

    def __init__(
        self,
        home: str | Path | None = None,
        model: str | None = None,
        embedder: Embedder | None = None,
        allow_model_change: bool = False,
    ):
        self._home = Home(home)
        self.store: Store = open_store(self._home.path)
        recorded = self.store.setting("model")
        asked = model or os.environ.get("KB_MODEL")
        if recorded and asked and resolve(asked)[0] != recorded and not allow_model_change:
            self.store.close()
            raise ModelMismatch(
                "kb.model_mismatch", home=str(self.home), recorded=recorded, asked=resolve(asked)[0], model=asked
            )
        self.retriever = Retriever(self.store, embedder or make_embedder(asked or recorded))

    @classmethod
    def open(cls, home: str | Path | None = None, model: str | None = None) -> KnowledgeBase:
        return cls(home, model)

    @property
    def embedder(self) -> Embedder:
        """The model that embeds passages and queries (the retriever's)."""
        return self.retriever.embedder

    @embedder.setter
    def embedder(self, embedder: Embedder) -> None:
        self.retriever = Retriever(self.store, embedder)

    @property
    def home(self) -> Path:
        return self._home.path

    def close(self) -> None:
        self.store.close()

    def use_store(self, store: Store) -> None:
        """Go on with another store (kb migrate's target); this one is closed."""
        self.store.close()
        self.store = store
        self.retriever = Retriever(store, self.retriever.embedder)

    # --- writing ------------------------------------------------------------------
    def ingest(
        self, paths: Iterable[str | Path], progress: Progress | None = None, workers: str | None = None
    ) -> IngestReport:
        """Add files and folders (recursively). Bad files are reported and skipped; the rest go on. With
        `workers` (a Ray address or "auto"), Ray workers read, chunk and embed; this process stores."""
        with self._home.writing():
            return Pipeline(self.store, self._home, self.embedder).ingest(paths, progress, workers)

    def correct(self, key: str, **fields) -> StoredDocument:
        """A person's correction of a document's kind, date, terms, organisations, places or title."""
        with self._home.writing():
            return corrections.correct(self.store, key, **fields)

    def remove(self, key: str) -> list[StoredDocument]:
        """Remove the document(s) with this file name, path or sha256 prefix."""
        found = self.store.find(key) or self.store.find(str(Path(key).resolve()))
        if not found:
            raise NotFound("kb.no_document", key=key)
        with self._home.writing():
            self.store.prepare()
            for d in found:
                self.store.remove(d.id)
                if not self.store.by_sha(d.sha256):
                    self._home.original(d.stored).unlink(missing_ok=True)
            self.store.flush()
        return found

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Rebuild everything from the stored originals with this KB's embedder (e.g. a new model)."""
        with self._home.writing():
            report = Pipeline(self.store, self._home, self.embedder).reindex(progress)
            self.store = open_store(self.home)
            self.retriever = Retriever(self.store, self.retriever.embedder)
            self.store.flush()
        return report

    def migrate(self, target: Backends) -> MigrateReport:
        """Copy this knowledge base to other backends (vectors copied, not embedded again), check it there,
        and make them the home's; it goes on with the target."""
        with self._home.writing():
            return migrate(
                self.home,
                self.store,
                target,
                lambda q, mode: self.search(q, k=10, mode=mode, all_renderings=True),
                self.use_store,
            )

    def check(self, repair: bool = False) -> CheckReport:
        """Whether the catalog, vectors, indexes and originals agree; with `repair`, rebuild what
        can be rebuilt from the catalog first."""
        if repair:
            with self._home.writing():
                return self.store.verify(repair=True)
        try:
            with self._home.writing():
                return self.store.verify()
        except Busy:  # another process is writing: check what is there, and say so
            report = self.store.verify()
            report.notes.append(Message("check.busy"))
            return report

    # --- reading ------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        depth: int = DEPTH,
        filters: Filters | None = None,
        all_renderings: bool = False,
    ) -> list[Hit]:
        """The k best passages (hybrid: dense and BM25 fused). A document that is another rendering
        of one already in the results is left out unless `all_renderings`."""
        return self.retriever.search(query, k, filters=filters, mode=mode, depth=depth, all_renderings=all_renderings)

    def ask(self, question: str) -> answer.Answer:
        """A short answer with the passages and pages it comes from, or a plain "not found"."""
        if not any(c.isalnum() for c in question):
            raise KbError("ask.no_words")
        share, words = syllable_share(question)
        if words >= 3 and share < 0.4 and is_folded(question):  # "Who chairs the union this term?"
            raise KbError("ask.not_vietnamese")
        result = answer.ask(question, self.retriever, self.people)
        url = llm.configured()
        return llm.rewrite(question, result, url) if url and result.found else result

    def documents(self) -> list[StoredDocument]:
        """All documents with their metadata."""
        return self.store.documents()

    def people(self) -> list[PersonFact]:
        """Who was elected or appointed to what, in which term, with file and page."""
        return people.facts(self.store)

    def timeline(self, topic: str | None = None, filters: Filters | None = None) -> list[TermEntry]:
        """For each term in order, its decisions and directions (about `topic` when given)."""
        return timeline(self.retriever, topic, filters=filters)

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """The terms, kinds, organisations, years and sections the documents have, with counts."""
        return facets.facets(self.store)

    def original(self, doc: StoredDocument) -> Path:
        return self._home.original(doc.stored)

    def page_text(self, doc: StoredDocument, page: int) -> str:
        return self.store.page_text(doc.id, page)

    def stats(self) -> dict:
        docs = self.documents()
        self.store.prepare()
        return {
            "home": str(self.home.resolve()),
            "documents": len(docs),
            "pages": sum(d.pages for d in docs),
            "chunks": self.store.chunk_count(),
            "model": self.store.setting("model") or self.embedder.name,
            "dim": self.store.dim or None,
            **self.store.index_stats(),
            "bytes_on_disk": self._home.size(),
        }
