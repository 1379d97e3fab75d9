"""`kb check`: do the catalog, the vectors, the FAISS index, the lexical index and the originals agree?

The catalog (SQLite) is the truth; the FAISS index and the manifest are derived
from its vectors, the FTS5 index from its chunk texts. `repair` rebuilds what is
derived and says what it cannot rebuild (a lost original, a vector of the wrong
size: those need the file again, or `kb reindex`).
"""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kb.dense import DenseIndex
from kb.errors import Busy, KbError


@dataclass
class CheckReport:
    home: Path
    ok: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # fine as they are (an index behind the catalog is rebuilt on open)
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    # what --repair can do about the problems found
    index_stale: bool = False
    lexical_bad: bool = False
    litter: list[Path] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        return ([f"repaired  {x}" for x in self.repaired] + [f"ok        {x}" for x in self.ok]
                + [f"note      {x}" for x in self.notes] + [f"problem   {x}" for x in self.problems])


def check(kb) -> CheckReport:
    """Compare everything a KnowledgeBase holds; nothing is changed."""
    r = CheckReport(kb.home)
    try:
        with kb._writing():
            _check(kb, r)
    except Busy:
        r.notes.append("another process is writing to this knowledge base; the index on disk catches up "
                       "when it finishes (run `kb check` again then)")
        _check(kb, r)
    return r


def repair(kb) -> CheckReport:
    """Rebuild the FAISS index, the manifest and the lexical index; remove litter; then check again."""
    with kb._writing():
        before = CheckReport(kb.home)
        _check(kb, before)
        done = []
        from kb import lexical

        if before.lexical_bad:
            lexical.rebuild(kb.catalog.db)
            done.append(f"lexical index rebuilt from {kb.catalog.chunk_count()} chunk texts")
        if before.index_stale:
            kb._dense = DenseIndex.rebuild(kb.catalog, kb.dim)
            kb._loaded_generation = kb.catalog.generation
            kb._save_index()
            done.append(f"FAISS index and manifest rebuilt from {kb._dense.size} stored vectors")
        for path in before.litter:
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        if before.litter:
            done.append(f"removed {len(before.litter)} leftover temporary or unreferenced file(s)")
        after = CheckReport(kb.home, repaired=done)
        _check(kb, after)
    return after


def _check(kb, r: CheckReport) -> None:
    db: sqlite3.Connection = kb.catalog.db
    if not _catalog(db, r):
        return
    dim = int(kb.catalog.get_meta("dim") or 0)
    ids, sound = _vectors(kb, db, dim, r)
    _lexical(db, ids, r)
    if sound:
        _index(kb, ids, dim, r)
    else:
        r.notes.append("index.faiss was not compared: it can only be rebuilt from sound vectors")
    _originals(kb, db, r)


def _catalog(db: sqlite3.Connection, r: CheckReport) -> bool:
    try:
        result = [row[0] for row in db.execute("PRAGMA integrity_check")]
        broken_links = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as e:
        r.problems.append(f"catalog.sqlite cannot be read ({e}); restore it from a backup, then run `kb reindex`")
        return False
    if result != ["ok"]:
        r.problems.append(f"catalog.sqlite is damaged ({'; '.join(result[:3])}); restore it from a backup")
        return False
    if broken_links:
        r.problems.append(f"catalog.sqlite has {len(broken_links)} rows pointing at missing documents; "
                          f"run `kb reindex`")
    pages = db.execute("""SELECT COUNT(*) FROM documents d WHERE d.pages !=
                          (SELECT COUNT(*) FROM pages p WHERE p.doc_id = d.id)""").fetchone()[0]
    if pages:
        r.problems.append(f"{pages} document(s) lack some of their pages in the catalog; run `kb reindex`")
    docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    r.ok.append(f"catalog: {docs} documents, generation {int(_meta(db, 'generation') or 0)}, integrity ok")
    return True


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def _vectors(kb, db: sqlite3.Connection, dim: int, r: CheckReport) -> tuple[np.ndarray, bool]:
    """(the chunk ids, whether every stored vector has the right size and finite values)."""
    ids, wrong, bad = [], 0, 0
    for cid, blob in db.execute("SELECT id, vector FROM chunks ORDER BY id"):
        ids.append(cid)
        if dim == 0 or len(blob) != dim * 4:
            wrong += 1
        elif not np.isfinite(np.frombuffer(blob, np.float32)).all():
            bad += 1
    sound = not (ids and dim == 0) and not (wrong or bad)
    if ids and dim == 0:
        r.problems.append("the catalog has chunks but records no model dimension; run `kb reindex`")
    elif wrong or bad:
        r.problems.append(f"{wrong + bad} chunk vector(s) are damaged ({wrong} of the wrong size, {bad} not "
                          f"finite); re-embed everything with `kb reindex`")
    else:
        r.ok.append(f"vectors: {len(ids)} chunks, each {dim} float32 values")
    return np.asarray(ids, np.int64), sound


def _lexical(db: sqlite3.Connection, ids: np.ndarray, r: CheckReport) -> None:
    try:
        db.execute("INSERT INTO lexical(lexical) VALUES('integrity-check')")
        indexed = np.fromiter((row[0] for row in db.execute("SELECT rowid FROM lexical")), np.int64)
    except sqlite3.DatabaseError as e:
        r.lexical_bad = True
        r.problems.append(f"the lexical (BM25) index is damaged ({e}); `kb check --repair` rebuilds it")
        return
    missing, extra = np.setdiff1d(ids, indexed), np.setdiff1d(indexed, ids)
    if len(missing) or len(extra):
        r.lexical_bad = True
        r.problems.append(f"the lexical index disagrees with the catalog ({len(missing)} chunks missing, "
                          f"{len(extra)} unknown); `kb check --repair` rebuilds it")
    else:
        r.ok.append(f"lexical index: {len(indexed)} chunks, the same as the catalog")


def _index(kb, ids: np.ndarray, dim: int, r: CheckReport) -> None:
    manifest, path = kb.manifest(), kb.home / "index.faiss"
    info = manifest.get("index", {})
    generation, catalog_id = kb.catalog.generation, kb.catalog.get_meta("catalog_id")
    if not len(ids) and not path.exists():
        r.ok.append("FAISS index: none yet (no chunks)")
        return
    if not path.exists() or not manifest:
        r.index_stale = True
        r.notes.append("index.faiss or manifest.json is missing; it is rebuilt from the stored vectors when the "
                       "knowledge base is next opened, or now with `kb check --repair`")
        return
    if info.get("generation") != generation or info.get("catalog_id") != catalog_id:
        r.index_stale = True
        r.notes.append(f"index.faiss holds generation {info.get('generation')}, the catalog is at {generation} "
                       f"(an interrupted ingest); it is rebuilt from the stored vectors when the knowledge base is "
                       f"next opened, or now with `kb check --repair`")
        return
    try:
        held, vectors = DenseIndex.load(path, dim).stored()
    except Exception as e:
        r.index_stale = True
        r.problems.append(f"index.faiss cannot be read ({e}); `kb check --repair` rebuilds it")
        return
    if len(held) != len(ids) or not np.array_equal(np.sort(held), ids):
        r.index_stale = True
        r.problems.append(f"index.faiss holds {len(held)} vectors, the catalog {len(ids)} chunks, with different "
                          f"ids; `kb check --repair` rebuilds it")
        return
    row = {int(i): n for n, i in enumerate(held)}
    differ = 0
    for chunk_ids, stored in kb.catalog.iter_vectors(dim):
        got = vectors[[row[int(i)] for i in chunk_ids]]
        differ += int((~np.isclose(got, stored, atol=1e-6).all(axis=1)).sum())
    if differ:
        r.index_stale = True
        r.problems.append(f"{differ} vector(s) in index.faiss differ from the catalog's; `kb check --repair` "
                          f"rebuilds it")
        return
    model = manifest.get("model", {}).get("name")
    if model != kb.catalog.get_meta("model"):
        r.index_stale = True
        r.problems.append(f"manifest.json names the model {model!r}, the catalog {kb.catalog.get_meta('model')!r}; "
                          f"`kb check --repair` rewrites it")
        return
    r.ok.append(f"FAISS index: {len(held)} vectors, the same ids and values as the catalog, generation {generation}")


def _originals(kb, db: sqlite3.Connection, r: CheckReport) -> None:
    home = kb.home
    known = set()
    lost, changed = [], []
    for name, stored, sha in db.execute("SELECT name, stored, sha256 FROM documents ORDER BY name"):
        path = home / stored
        known.add(path.resolve())
        if not path.is_file():
            lost.append(name)
        elif _sha256(path) != sha:
            changed.append(name)
    if lost:
        r.problems.append(f"the stored original of {len(lost)} document(s) is missing ({', '.join(lost[:5])}); "
                          f"ingest the file(s) again, or `kb remove` them — the search still works without them")
    if changed:
        r.problems.append(f"the stored original of {len(changed)} document(s) was changed on disk "
                          f"({', '.join(changed[:5])}); ingest the file(s) again, or `kb remove` them")
    if not lost and not changed:
        r.ok.append(f"originals: {len(known)} files present, each with its recorded sha256")
    litter = [p for p in (home / "files").rglob("*") if p.is_file() and p.resolve() not in known]
    litter += [p for p in (home / "index.tmp", home / "manifest.json.tmp", home / ".reindex") if p.exists()]
    if litter:
        r.litter = litter
        r.notes.append(f"{len(litter)} leftover file(s) from an interrupted run (stored copies no document uses, "
                       f"temporary files); harmless, `kb check --repair` removes them")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def run(home: str | Path | None, model: str | None = None, fix: bool = False) -> tuple[int, list[str]]:
    """(exit code, lines to print) for `kb check [--repair]`."""
    from kb.base import KnowledgeBase, default_home

    home = Path(home) if home else default_home()
    if not (home / "catalog.sqlite").is_file():
        raise KbError(f"There is no knowledge base in {home}; give its folder with --home or KB_HOME.")
    try:
        kb = KnowledgeBase(home, model)
        try:
            report = repair(kb) if fix else check(kb)
        finally:
            kb.close()
    except sqlite3.DatabaseError as e:
        raise KbError(f"{home}/catalog.sqlite cannot be read ({e}); restore it from a backup.")
    lines = report.lines()
    lines.append(f"{home}: " + ("everything agrees." if report.passed else f"{len(report.problems)} problem(s)"
                                + ("." if fix else "; `kb check --repair` rebuilds what can be rebuilt.")))
    return (0 if report.passed else 1), lines
