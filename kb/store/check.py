"""`kb check` of the embedded store: do the catalog, the vectors, the FAISS index, the lexical index and
the originals agree?

The catalog (SQLite) is the truth; the FAISS index and the manifest are derived
from its vectors, the FTS5 index from its chunk texts. `repair` rebuilds what is
derived and says what it cannot rebuild (a lost original, a vector of the wrong
size: those need the file again, or `kb reindex`).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from ingest.messages import Message
from kb import audit
from kb.records import AuditEntry
from kb.store import fts
from kb.store.faiss import DenseIndex
from kb.store.layout import INDEX, MANIFEST
from kb.store.report import CheckReport


class Checked(Protocol):
    """What the check reads of the embedded store (kb/store/embedded.py)."""

    home: Path
    db: sqlite3.Connection

    @property
    def dim(self) -> int: ...

    @property
    def generation(self) -> int: ...

    def setting(self, key: str, default: str | None = None) -> str | None: ...

    def manifest(self) -> dict: ...

    def chunk_count(self) -> int: ...

    def vectors(self, batch: int = 20000) -> Iterator[tuple[np.ndarray, np.ndarray]]: ...

    def rebuild_index(self) -> DenseIndex: ...

    def audit_entries(self, after: int = 0, limit: int | None = None) -> list[AuditEntry]: ...


class Audited(Protocol):
    """What the check of the audit trail reads (any catalog)."""

    def audit_entries(self, after: int = 0, limit: int | None = None) -> list[AuditEntry]: ...


def check(store: Checked, r: CheckReport) -> None:
    """Compare everything the store holds; nothing is changed."""
    db = store.db
    if not catalog_sound(db, r):
        return
    dim = store.dim
    ids, sound = vectors_sound(db, dim, r)
    _lexical(db, ids, r)
    if sound:
        _index(store, ids, dim, r)
    else:
        r.notes.append(Message("check.index.not_compared"))
    held = "SELECT name, stored, sha256 FROM documents UNION ALL SELECT name, stored, sha256 FROM trash ORDER BY name"
    originals(store.home, [tuple(row) for row in db.execute(held)], r)
    audit_chain(store, r)


def repair(store: Checked) -> CheckReport:
    """Rebuild the FAISS index, the manifest and the lexical index; remove litter; then check again."""
    before = CheckReport(store.home)
    check(store, before)
    done = []
    if before.lexical_bad:
        with store.db:
            fts.rebuild(store.db)
        done.append(Message("check.repaired.lexical", {"chunks": store.chunk_count()}))
    if before.index_stale:
        rebuilt = store.rebuild_index()
        done.append(Message("check.repaired.index", {"vectors": rebuilt.size}))
    remove_litter(before)
    if before.litter:
        done.append(Message("check.repaired.litter", {"files": len(before.litter)}))
    after = CheckReport(store.home, repaired=done)
    check(store, after)
    return after


def remove_litter(report: CheckReport) -> None:
    """Remove the leftover files a check found."""
    for path in report.litter:
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def catalog_sound(db: sqlite3.Connection, r: CheckReport) -> bool:
    """SQLite's integrity check, links and pages of a catalog, into the report."""
    try:
        result = [row[0] for row in db.execute("PRAGMA integrity_check")]
        broken_links = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as e:
        r.problems.append(Message("check.catalog.unreadable", {"why": str(e)}))
        return False
    if result != ["ok"]:
        r.problems.append(Message("check.catalog.damaged", {"why": "; ".join(result[:3])}))
        return False
    if broken_links:
        r.problems.append(Message("check.catalog.links", {"rows": len(broken_links)}))
    pages = db.execute("""SELECT COUNT(*) FROM documents d WHERE d.pages !=
                          (SELECT COUNT(*) FROM pages p WHERE p.doc_id = d.id)""").fetchone()[0]
    if pages:
        r.problems.append(Message("check.catalog.pages", {"documents": pages}))
    docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    r.ok.append(Message("check.catalog.ok", {"documents": docs, "generation": int(_meta(db, "generation") or 0)}))
    return True


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def vectors_sound(db: sqlite3.Connection, dim: int, r: CheckReport) -> tuple[np.ndarray, bool]:
    """(the chunk ids, whether every stored vector has the right size and finite values)."""
    return vectors_report(db.execute("SELECT id, vector FROM chunks ORDER BY id"), dim, r)


def vectors_report(found: Iterable[tuple[int, bytes]], dim: int, r: CheckReport) -> tuple[np.ndarray, bool]:
    """(the chunk ids, whether every vector has the right size and finite values) of (id, bytes) rows."""
    ids, wrong, bad = [], 0, 0
    for cid, blob in found:
        ids.append(cid)
        if dim == 0 or len(blob) != dim * 4:
            wrong += 1
        elif not np.isfinite(np.frombuffer(blob, np.float32)).all():
            bad += 1
    sound = not (ids and dim == 0) and not (wrong or bad)
    if ids and dim == 0:
        r.problems.append(Message("check.vectors.no_dim"))
    elif wrong or bad:
        r.problems.append(Message("check.vectors.damaged", {"damaged": wrong + bad, "wrong": wrong, "bad": bad}))
    else:
        r.ok.append(Message("check.vectors.ok", {"chunks": len(ids), "dim": dim}))
    return np.asarray(ids, np.int64), sound


def _lexical(db: sqlite3.Connection, ids: np.ndarray, r: CheckReport) -> None:
    try:
        indexed = np.asarray(fts.indexed_ids(db), np.int64)
    except sqlite3.DatabaseError as e:
        r.lexical_bad = True
        r.problems.append(Message("check.lexical.damaged", {"why": str(e)}))
        return
    missing, extra = np.setdiff1d(ids, indexed), np.setdiff1d(indexed, ids)
    if len(missing) or len(extra):
        r.lexical_bad = True
        r.problems.append(Message("check.lexical.differs", {"missing": len(missing), "extra": len(extra)}))
    else:
        r.ok.append(Message("check.lexical.ok", {"chunks": len(indexed)}))


def _index(store: Checked, ids: np.ndarray, dim: int, r: CheckReport) -> None:
    manifest, path = store.manifest(), store.home / INDEX
    info = manifest.get("index", {})
    generation, catalog_id = store.generation, store.setting("catalog_id")
    if not len(ids) and not path.exists():
        r.ok.append(Message("check.index.none"))
        return
    if not path.exists() or not manifest:
        r.index_stale = True
        r.notes.append(Message("check.index.missing"))
        return
    if info.get("generation") != generation or info.get("catalog_id") != catalog_id:
        r.index_stale = True
        r.notes.append(Message("check.index.behind", {"held": info.get("generation"), "generation": generation}))
        return
    try:
        held, vectors = DenseIndex.load(path, dim).stored()
    except Exception as e:
        r.index_stale = True
        r.problems.append(Message("check.index.unreadable", {"why": str(e)}))
        return
    if len(held) != len(ids) or not np.array_equal(np.sort(held), ids):
        r.index_stale = True
        r.problems.append(Message("check.index.ids", {"vectors": len(held), "chunks": len(ids)}))
        return
    row = {int(i): n for n, i in enumerate(held)}
    differ = 0
    for chunk_ids, stored in store.vectors():
        got = vectors[[row[int(i)] for i in chunk_ids]]
        differ += int((~np.isclose(got, stored, atol=1e-6).all(axis=1)).sum())
    if differ:
        r.index_stale = True
        r.problems.append(Message("check.index.values", {"vectors": differ}))
        return
    model = manifest.get("model", {}).get("name")
    if model != store.setting("model"):
        r.index_stale = True
        r.problems.append(
            Message("check.index.model", {"manifest": repr(model), "catalog": repr(store.setting("model"))})
        )
        return
    r.ok.append(Message("check.index.ok", {"vectors": len(held), "generation": generation}))


def originals(home: Path, documents: list[tuple[str, str, str]], r: CheckReport) -> None:
    """Each document's stored original, by (name, stored path, sha256) sorted by name; litter in the home."""
    known = set()
    lost, changed = [], []
    for name, stored, sha in documents:
        path = home / stored
        known.add(path.resolve())
        if not path.is_file():
            lost.append(name)
        elif _sha256(path) != sha:
            changed.append(name)
    if lost:
        r.problems.append(Message("check.originals.lost", {"documents": len(lost), "names": ", ".join(lost[:5])}))
    if changed:
        r.problems.append(
            Message("check.originals.changed", {"documents": len(changed), "names": ", ".join(changed[:5])})
        )
    if not lost and not changed:
        r.ok.append(Message("check.originals.ok", {"files": len(known)}))
    litter = [p for p in (home / "files").rglob("*") if p.is_file() and p.resolve() not in known]
    litter += [p for p in (home / "index.tmp", home / (MANIFEST + ".tmp"), home / ".reindex") if p.exists()]
    if litter:
        r.litter = litter
        r.notes.append(Message("check.litter", {"files": len(litter)}))


def audit_chain(store: Audited, r: CheckReport) -> None:
    """The audit trail's hash chain (kb/audit.py): every entry sealed, every link in place."""
    count, broken = audit.verify(store.audit_entries())
    if broken:
        r.problems.extend(broken)
    else:
        r.ok.append(Message("check.audit.ok", {"entries": count}))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()
