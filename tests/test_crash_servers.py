"""Crashes on the servers: `kb ingest` on a PostgreSQL catalog with Milvus passages, killed with SIGKILL
while embedding, inside the catalog's transaction, and after Milvus took a change but before the catalog
settled it (the write-ahead record left). Each time the knowledge base checks clean, answers from what
was committed, and the next run finishes it without duplicates (kb/store/composed.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_crash import TOPICS, Ingest, _long, _small, kb_cli

from kb import KnowledgeBase
from kb.store import Backends, record_backends
from servers import milvus_lite, postgres  # noqa: F401 - fixtures


@pytest.fixture
def docs(tmp_path) -> Path:
    """Read in this order: three small files, a long report (seconds of embedding), three small ones."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in (1, 2, 3):
        (folder / f"a{n}.txt").write_text(_small(n), encoding="utf-8")
    (folder / "c-long.txt").write_text(_long(), encoding="utf-8")
    for n in (4, 5, 6):
        (folder / f"d{n}.txt").write_text(_small(n), encoding="utf-8")
    return folder


def _names(address: str) -> set[str]:
    import psycopg

    with psycopg.connect(address) as db:
        return {r[0] for r in db.execute("SELECT name FROM documents")}


def _wait_for(address: str, name: str, ingest: Ingest, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while name not in _names(address):
        assert time.monotonic() < deadline and ingest.proc.poll() is None, f"{name} was not stored"
        time.sleep(0.05)


def _checks_clean(home: Path) -> str:
    proc = kb_cli(home, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "problem" not in proc.stdout and proc.stdout.rstrip().endswith("everything agrees.")
    return proc.stdout


def _no_duplicates(kb: KnowledgeBase) -> None:
    docs = kb.documents()
    assert len({d.sha256 for d in docs}) == len(docs)
    for d in docs:
        assert [c.ord for _, c in kb.store.chunks_of(d.id)] == list(range(d.chunks))
    held = kb.store.passages.held_ids(max(kb.store.chunk_ids(None, None), default=0))  # type: ignore[attr-defined]
    assert sorted(held.tolist()) == sorted(kb.store.chunk_ids(None, None))


class Locked:
    """A row of the catalog's meta table held FOR UPDATE by another connection: a writer that needs it waits."""

    def __init__(self, address: str, key: str):
        import psycopg

        self.db = psycopg.connect(address)
        self.db.execute("INSERT INTO meta(key, value) VALUES (%s, '0') ON CONFLICT DO NOTHING", (key,))
        self.db.commit()
        self.db.execute("SELECT value FROM meta WHERE key=%s FOR UPDATE", (key,))

    def release(self) -> None:
        self.db.rollback()
        self.db.close()


@pytest.mark.slow
def test_ingest_killed_on_postgres_and_milvus(docs, tmp_path, embedder, postgres, milvus_lite):  # noqa: F811
    home, address = tmp_path / "kb", postgres()
    home.mkdir()
    record_backends(home, Backends(store="passages.db", catalog=address))

    # 1. while embedding the long report: the small files before it are stored, it is not
    ingest = Ingest(home, docs)
    ingest.wait_for(r"c-long\.txt")
    _wait_for(address, "a3.txt", ingest)
    time.sleep(0.3)
    ingest.kill()
    _checks_clean(home)
    assert _names(address) == {"a1.txt", "a2.txt", "a3.txt"}

    # 2. inside the catalog's transaction: the generation row is held, the ingest waits on it and is
    #    killed there; PostgreSQL rolls the transaction back
    lock = Locked(address, "generation")
    before = set((home / "files").rglob("*"))
    ingest = Ingest(home, docs)
    ingest.wait_for(r"c-long\.txt")
    deadline = time.monotonic() + 120
    while not any(p.is_file() and p.suffix == ".txt" for p in set((home / "files").rglob("*")) - before):
        assert time.monotonic() < deadline and ingest.proc.poll() is None
        time.sleep(0.1)
    time.sleep(0.5)  # now waiting on the lock inside the catalog's transaction
    ingest.kill()
    lock.release()
    out = _checks_clean(home)
    assert _names(address) == {"a1.txt", "a2.txt", "a3.txt"}
    assert "leftover file(s)" in out  # the original's copy was kept before the transaction

    # 3. after Milvus took the long report, before the catalog settled it: the write-ahead record stays
    lock = Locked(address, "passages.generation")
    ingest = Ingest(home, docs)
    _wait_for(address, "c-long.txt", ingest, timeout=300)
    time.sleep(2)  # Milvus takes the change, then the settle waits on the lock
    ingest.kill()
    lock.release()
    out = _checks_clean(home)
    assert "wait to be taken" in out
    kb = KnowledgeBase(home, embedder=embedder)
    assert kb.store.catalog.pending()  # type: ignore[attr-defined]
    assert kb.search(f"Mục 7. Báo cáo tổng kết nêu kết quả {TOPICS[1]}", k=1)[0].doc.name == "c-long.txt"

    # 4. the same ingest again: the waiting change is taken again (upserts: no duplicates), the rest added
    report = kb.ingest([docs])
    assert {f.name: f.status for f in report.files} == {
        **dict.fromkeys(["a1.txt", "a2.txt", "a3.txt", "c-long.txt"], "unchanged"),
        **dict.fromkeys(["d4.txt", "d5.txt", "d6.txt"], "added"),
    }
    assert not kb.store.catalog.pending()  # type: ignore[attr-defined]
    _no_duplicates(kb)
    for n in (2, 5):
        assert kb.search(f"Hội nghị lần thứ {n} bàn về {TOPICS[n % len(TOPICS)]}", k=1)[0].doc.name.endswith(f"{n}.txt")
    kb.close()
    assert "leftover" not in _checks_clean(home)
