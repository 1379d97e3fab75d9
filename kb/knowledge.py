"""The knowledge base: the few methods the CLI, the app and other programs call.

A thin facade over parts with one job each:

    kb/home.py       the folder, one writer at a time, the copies of originals
    kb/store/        documents, pages, chunks, vectors, the lexical index (SQLite + FAISS by default)
    kb/pipeline.py   file → Document → Chunks → vectors → store, with a report per file
    kb/retriever.py  a query → hits (dense + BM25, filters)
    kb/answer/       a question → an answer with citations
    kb/timeline.py   decisions and directions, term after term
    kb/briefs/       one cited page per organisation and term
    kb/access.py     who is asking: `as_user(principal)` gives the knowledge base as they may see it
                     (kb/visible.py filters every read), and every write checks their role
    kb/accounts.py, kb/audit.py, kb/trash.py, kb/backup.py   users and tokens, the audit trail,
                     the trash, backups
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ingest.messages import Message
from ingest.syllables import syllable_share
from ingest.text import is_folded
from kb import answer, briefs, corrections, facets, llm, people, trash
from kb.access import LOCAL, Principal
from kb.accounts import Accounts
from kb.audit import document_label
from kb.embed import Embedder, make_embedder, resolve
from kb.errors import Busy, KbError, ModelMismatch, NotFound
from kb.filters import Filters
from kb.home import Home
from kb.migrate import MigrateReport, migrate
from kb.pipeline import FileResult, IngestReport, Pipeline, Progress
from kb.records import Access, AuditEntry, Hit, PersonFact, StoredDocument, TrashItem
from kb.retriever import DEPTH, Retriever
from kb.store import Backends, Store, open_store
from kb.store.report import CheckReport
from kb.timeline import TermEntry, timeline
from kb.visible import Visibility, VisibleStore


class KnowledgeBase:
    """A KB home: catalog.sqlite (truth), index.faiss (derived), files/ (originals), manifest.json.

    Opened, it acts for the local operator (everything); `as_user(principal)` gives the same
    knowledge base as one person may read and change it."""

    def __init__(
        self,
        home: str | Path | None = None,
        model: str | None = None,
        embedder: Embedder | None = None,
        allow_model_change: bool = False,
    ):
        self.principal: Principal = LOCAL
        self._base: KnowledgeBase | None = None  # the knowledge base a view was made from
        self._home = Home(home)
        self.store: Store = open_store(self._home.path)
        recorded = self.store.setting("model")
        asked = model or os.environ.get("KB_MODEL")
        if recorded and asked and resolve(asked)[0] != recorded and not allow_model_change:
            self.store.close()
            raise ModelMismatch(
                "kb.model_mismatch", home=str(self.home), recorded=recorded, asked=resolve(asked)[0], model=asked
            )
        self._visibility = Visibility(self.store)
        self.retriever = Retriever(self.store, embedder or make_embedder(asked or recorded))

    @classmethod
    def open(cls, home: str | Path | None = None, model: str | None = None) -> KnowledgeBase:
        return cls(home, model)

    # --- who is asking ---------------------------------------------------------------
    def as_user(self, principal: Principal) -> KnowledgeBase:
        """This knowledge base as `principal` may read and change it: every read sees only the
        documents they may read (kb/visible.py), every write checks their role and is audited.
        Cheap: made per request; it shares the store, the model and the query vectors."""
        base = self._base or self
        view = copy.copy(base)
        view._base = base
        view.principal = principal
        reading: Store = base.store if principal.everything else VisibleStore(base.store, principal, base._visibility)
        view.retriever = base.retriever.over(reading)
        return view

    @property
    def reading(self) -> Store:
        """The store as this knowledge base's principal may read it."""
        return self.retriever.store

    @property
    def accounts(self) -> Accounts:
        """Users, passwords, sign-in and API tokens, as this principal may manage them."""
        return Accounts(self.store, self.principal)

    @property
    def embedder(self) -> Embedder:
        """The model that embeds passages and queries (the retriever's)."""
        return self.retriever.embedder

    @embedder.setter
    def embedder(self, embedder: Embedder) -> None:
        self.retriever = Retriever(self.reading, embedder)

    @property
    def home(self) -> Path:
        return self._home.path

    def close(self) -> None:
        if self._base is None:  # a view's store is its knowledge base's to close
            self.store.close()

    def _audit(self, action: str, doc: StoredDocument | None = None, **details) -> AuditEntry:
        label = document_label(doc.name, doc.sha256) if doc else ""
        return self.store.append_audit(self.principal.actor, action, label, details)

    def _find(self, key: str) -> list[StoredDocument]:
        """The documents a key names (file name, path or sha256 prefix) among those this principal reads."""
        found = self.reading.find(key) or self.reading.find(str(Path(key).resolve()))
        if not found:
            raise NotFound("kb.no_document", key=key)
        return found

    def use_store(self, store: Store) -> None:
        """Go on with another store (kb migrate's target); this one is closed."""
        self.store.close()
        self.store = store
        self._visibility = Visibility(store)
        self.retriever = Retriever(store, self.retriever.embedder)

    # --- writing ------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: Progress | None = None,
        access: Access | None = None,
        workers: str | None = None,
    ) -> IngestReport:
        """Add files and folders (recursively). Bad files are reported and skipped; the rest go on.
        `access`: who may read what is added (public when not given; an updated file keeps the
        access of the document it replaces). With `workers` (a Ray address or "auto"), Ray workers
        read, chunk and embed; this process stores."""
        self.principal.require("upload")

        def audit(f: FileResult) -> None:  # as soon as each file is stored
            details = {"source": f.path, "chunks": f.chunks, **({"access": access.as_json()} if access else {})}
            action = "ingest" if f.status == "added" else "update"
            self.store.append_audit(self.principal.actor, action, document_label(f.name, f.sha256), details)

        with self._home.writing():
            self._expire_trash()
            report = Pipeline(self.store, self._home, self.embedder, access, audit).ingest(paths, progress, workers)
        report.files = [self._unseen_twin(f) for f in report.files]
        return report

    def _unseen_twin(self, f: FileResult) -> FileResult:
        """A file already stored as a document this principal may not read: said without its name."""
        if f.status != "duplicate" or self.principal.everything or not f.message:
            return f
        if any(d.name == f.message.values.get("name") for d in self.reading.documents()):
            return f
        return replace(f, message=Message("access.duplicate_unseen"))

    def correct(self, key: str, **fields) -> StoredDocument:
        """A person's correction of a document's kind, date, terms, organisations, places or title."""
        self.principal.require("correct")
        found = self._find(key)
        if len(found) > 1:
            raise KbError("correct.ambiguous", key=key, documents=len(found))
        before = found[0]
        with self._home.writing():
            after = corrections.correct(self.store, before.sha256, **fields)
        self._audit(
            "correct",
            after,
            before={k: _field(before, k) for k in fields},
            after={k: _field(after, k) for k in fields},
        )
        return after

    def set_access(self, key: str, access: Access) -> StoredDocument:
        """Change who may read a document (editors)."""
        self.principal.require("access")
        found = self._find(key)
        if len(found) > 1:
            raise KbError("correct.ambiguous", key=key, documents=len(found))
        before = found[0]
        with self._home.writing():
            self.store.set_access(before.sha256, access)
        self._audit("access", before, before=before.access.as_json(), after=access.as_json())
        return self.store.document(before.id) or before

    def remove(self, key: str) -> list[StoredDocument]:
        """Move the document(s) with this file name, path or sha256 prefix to the trash."""
        self.principal.require("trash")
        found = self._find(key)
        with self._home.writing():
            self._expire_trash()
            trash.move(self.store, found, self.principal.actor)
        return found

    def trashed(self) -> list[TrashItem]:
        """What the trash holds (of what this principal may read), the latest first."""
        self.principal.require("restore")
        return self.reading.trashed()

    def _trash_items(self, key: str) -> list[TrashItem]:
        found = trash.find(self.reading.trashed(), key)
        if not found:
            raise NotFound("trash.no_item", key=key)
        return found

    def restore(self, key: str) -> StoredDocument:
        """Bring a document back from the trash (by its number in the trash, name, path or sha256 prefix)."""
        self.principal.require("restore")
        found = self._trash_items(key)
        if len(found) > 1:
            raise KbError("trash.ambiguous", key=key, items=len(found))
        with self._home.writing():
            self._expire_trash()
            return trash.restore(self.store, found[0], self.principal.actor)

    def purge(self, key: str | None = None) -> list[TrashItem]:
        """Empty the trash, or remove one item of it for good (admins)."""
        self.principal.require("purge")
        items = self._trash_items(key) if key else self.store.trashed()
        with self._home.writing():
            return trash.purge(self.store, self._home, items, self.principal.actor)

    def _expire_trash(self) -> None:
        """Purge what the trash has kept past its days (called under the write lock)."""
        old = trash.expired(self.store)
        if old:
            trash.purge(self.store, self._home, old, "system", why=f"kept {trash.keep_days()} days")

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Rebuild everything from the stored originals with this KB's embedder (e.g. a new model)."""
        self.principal.require("reindex")
        base = self._base or self
        with self._home.writing():
            report = Pipeline(base.store, self._home, self.embedder).reindex(progress)
            base.store = open_store(self.home)
            base._visibility = Visibility(base.store)
            base.retriever = Retriever(base.store, base.retriever.embedder)
            base.store.flush()
        if base is not self:
            fresh = base.as_user(self.principal)
            self.store, self._visibility, self.retriever = fresh.store, fresh._visibility, fresh.retriever
        self._audit("reindex", documents=len(report.files), chunks=report.chunks, model=self.embedder.name)
        return report

    def migrate(self, target: Backends) -> MigrateReport:
        """Copy this knowledge base to other backends (vectors copied, not embedded again), check it there,
        and make them the home's; it goes on with the target (admins; recorded in the audit trail)."""
        self.principal.require("reindex")
        with self._home.writing():
            report = migrate(
                self.home,
                self.store,
                target,
                lambda q, mode: self.search(q, k=10, mode=mode, all_renderings=True),
                self.use_store,
            )
        if report.passed:
            self._audit("migrate", source=report.source.describe(), target=report.target.describe())
        return report

    def backing_up(self):
        """While a backup copies this home's originals, none is deleted (kb/backup.py)."""
        self.principal.require("backup")
        return self._home.backing_up()

    def audit(self, after: int = 0, limit: int | None = None) -> list[AuditEntry]:
        """The audit trail, oldest first (admins)."""
        self.principal.require("audit")
        return self.store.audit_entries(after, limit)

    def check(self, repair: bool = False) -> CheckReport:
        """Whether the catalog, vectors, indexes and originals agree; with `repair`, rebuild what
        can be rebuilt from the catalog first (admins)."""
        if repair:
            self.principal.require("reindex")
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
        as_typed: bool = False,
    ) -> list[Hit]:
        """The k best passages (hybrid: dense and BM25 fused). A query typed without accents is given
        them back from the stored text first, unless `as_typed` (`understood` says how it reads). A
        document that is another rendering of one already in the results is left out unless
        `all_renderings`."""
        return self.retriever.search(
            query, k, filters=filters, mode=mode, depth=depth, all_renderings=all_renderings, as_typed=as_typed
        )

    def understood(self, query: str) -> str | None:
        """A query typed without accents as it is searched ("thư viện miền núi" for "thu vien mien
        nui"), to show; None when it is searched as typed."""
        return self.retriever.understood(query)

    def ask(self, question: str, as_typed: bool = False) -> answer.Answer:
        """A short answer with the passages and pages it comes from, or a plain "not found". A question
        typed without accents is answered as it reads with them (`Answer.restored`), unless `as_typed`.
        Only the passages this principal may read are searched, cited, or given to a language model."""
        if not any(c.isalnum() for c in question):
            raise KbError("ask.no_words")
        share, words = syllable_share(question)
        if words >= 3 and share < 0.4 and is_folded(question):  # "Who chairs the union this term?"
            raise KbError("ask.not_vietnamese")
        # The rules read the question as typed (they compare folded words); its passages are searched with
        # its accents put back. Reading it restored too measured one answer and two citations fewer on the
        # development sets (a syllable restored wrongly, "tổng công" for "tổng cộng", misleads the rules).
        restored = None if as_typed else self.understood(question)
        result = answer.ask(question, self.retriever, self.people, as_typed=as_typed)
        if restored:
            result = replace(result, restored=restored)
        url = llm.configured()
        return llm.rewrite(question, result, url) if url and result.found else result

    def documents(self) -> list[StoredDocument]:
        """All documents (that this principal may read) with their metadata."""
        return self.reading.documents()

    def document(self, doc_id: int) -> StoredDocument | None:
        return self.reading.document(doc_id)

    def people(self) -> list[PersonFact]:
        """Who was elected or appointed to what, in which term, with file and page."""
        return people.facts(self.reading)

    def timeline(self, topic: str | None = None, filters: Filters | None = None) -> list[TermEntry]:
        """For each term in order, its decisions and directions (about `topic` when given)."""
        return timeline(self.retriever, topic, filters=filters)

    def brief(self, org: str | None = None, term: str | None = None, summary: bool = True) -> briefs.Brief:
        """One cited page about an organisation in a term: its meetings, officers, targets,
        directions, decisions, difficulties and results (by default the newest term of the
        organisation with the most papers). With `summary` and KB_LLM_URL set, an opening paragraph
        written by the language model from the brief's own lines, or the reason there is none."""
        result = briefs.make(self.retriever, self.people(), org, term)
        url = llm.configured()
        return briefs.opening.write(result, url) if summary and url else result

    def brief_choices(self) -> list[briefs.Choice]:
        """The organisations a brief can be made of, most papers first, each with its terms."""
        return briefs.choices(self.reading)

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """The terms, kinds, organisations, years and sections the documents have, with counts."""
        return facets.facets(self.reading)

    def original(self, doc: StoredDocument) -> Path:
        """The original file of a document this principal may read."""
        if self.reading.document(doc.id) is None:
            raise NotFound("kb.no_document", key=doc.name)
        return self._home.original(doc.stored)

    def page_text(self, doc: StoredDocument, page: int) -> str:
        return self.reading.page_text(doc.id, page)

    def stats(self) -> dict:
        """Counts of what this principal may read; the home, the index and the disk for those who
        read everything (None for the others: they would tell how much is hidden)."""
        docs = self.documents()
        self.store.prepare()
        everything = self.principal.everything
        index = self.store.index_stats() if everything else {"index": None, "index_size": None}
        return {
            "home": str(self.home.resolve()) if everything else None,
            "documents": len(docs),
            "pages": sum(d.pages for d in docs),
            "chunks": self.reading.chunk_count(),
            "model": self.store.setting("model") or self.embedder.name,
            "dim": self.store.dim or None,
            **index,
            "bytes_on_disk": self._home.size() if everything else None,
        }


def _field(doc: StoredDocument, name: str):
    """A correctable field's value as the audit trail records it."""
    value = doc.title if name == "title" else getattr(doc.meta, name, None)
    return list(value) if isinstance(value, tuple) else value
