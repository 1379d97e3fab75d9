"""`kb migrate`: move a knowledge base to other backends (the embedded default ↔ PostgreSQL and Milvus).

The catalog's rows are copied as they are (ids, texts, vectors: nothing is embedded again), the
passages index of the target is built from the copied catalog, the target is checked (`kb check`)
and searched with the same questions as the source, and only then does the home's backends.json
name the target. The source is left as it was (a catalog.sqlite moved away from stays in the home,
untouched, until a later migration back replaces its contents).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.messages import Message
from kb.errors import KbError
from kb.records import Hit
from kb.store import Backends, Store, backends, open_store, record_backends
from kb.store.report import CheckReport
from kb.store.seams import COLUMNS, OWN_SETTINGS

SAMPLE = 20  # questions asked of both sides: the start of every n-th passage
MODES = ("dense", "lexical", "hybrid")


@dataclass
class MigrateReport:
    source: Backends
    target: Backends
    documents: int = 0
    chunks: int = 0
    check: CheckReport | None = None
    same: dict[str, int] = field(default_factory=dict)  # mode → questions whose top 10 are the same
    asked: int = 0

    @property
    def passed(self) -> bool:
        return bool(self.check and self.check.passed)


Search = Callable[[str, str], list[Hit]]  # (question, mode) → the top 10 of the store in use


def migrate(home: Path, source: Store, target: Backends, search: Search, switch: Callable[[Store], None]):
    """Copy the store of `home` (its write lock held by the caller) to `target`, `switch` to it, and record
    it as the home's backends once it checks clean. `search` asks the store in use. Returns a MigrateReport."""
    source_backends = backends(home)
    if target == source_backends:
        raise KbError("migrate.already", where=target.describe())
    source.flush()  # every change handed to the passages before the copy
    before = source.verify()
    if not before.passed:
        raise KbError("migrate.unsound", problems=len(before.problems))
    report = MigrateReport(source_backends, target, len(source.documents()), source.chunk_count())
    questions = _questions(source)
    answers = {q: _tops(search, q) for q in questions}
    fresh = open_store(home, target)
    try:
        if target.catalog != source_backends.catalog:  # one catalog for both: only the passages are new
            _load(fresh, _rows(source))
        _rebuild_passages(fresh)
        fresh.flush()
    except BaseException:
        fresh.close()
        raise
    switch(fresh)
    report.check = fresh.verify()
    report.asked = len(questions)
    for mode in MODES:
        report.same[mode] = sum(_tops(search, q, mode) == answers[q][mode] for q in questions)
    if report.passed:
        record_backends(home, target)
    return report


def _questions(store: Store) -> list[str]:
    """The first words of every n-th passage: questions whose answers both sides hold."""
    ids = store.chunk_ids(None, None)
    step = max(1, len(ids) // SAMPLE)
    found = store.chunks(ids[::step][:SAMPLE])
    return [" ".join(c.text.split()[:12]) for _, c in found.values() if c.text.strip()]


def _tops(search: Search, question: str, mode: str | None = None) -> Any:
    if mode:
        return [(h.doc.sha256, h.chunk.ord) for h in search(question, mode)]
    return {m: _tops(search, question, m) for m in MODES}


def _rows(source) -> Iterator[tuple[str, Iterator[list[tuple]]]]:
    """Every table of the source's catalog (what people keep too: accounts, the audit trail, the trash),
    its own settings left out."""
    catalog = getattr(source, "catalog", source)  # the embedded store is its catalog
    for table in COLUMNS:
        batches = catalog.rows(table)
        if table == "meta":
            batches = ([r for r in batch if r[0] not in OWN_SETTINGS] for batch in batches)
        yield table, batches


def _load(store, tables) -> None:
    catalog = getattr(store, "catalog", store)
    catalog.load(tables)


def _rebuild_passages(store) -> None:
    """The target's passages from its catalog: Milvus or FAISS + FTS5 files, or the embedded default's
    FTS5 table and FAISS index."""
    passages = getattr(store, "passages", None)
    if passages is not None:
        passages.rebuild(store.catalog)
        return
    store.verify(repair=True)  # the embedded default: FTS5 and FAISS rebuilt from the catalog


def lines(report: MigrateReport, lang: str | None = None) -> list[str]:
    """What `kb migrate` prints."""
    out = [
        Message(
            "migrate.copied",
            {
                "documents": report.documents,
                "chunks": report.chunks,
                "source": report.source.describe(),
                "target": report.target.describe(),
            },
        ).text(lang)
    ]
    if report.check:
        out += report.check.lines(lang)
    for mode in MODES:
        out.append(
            Message("migrate.same", {"mode": mode, "same": report.same.get(mode, 0), "asked": report.asked}).text(lang)
        )
    key = "migrate.done" if report.passed else "migrate.failed"
    out.append(Message(key, {"target": report.target.describe()}).text(lang))
    return out
