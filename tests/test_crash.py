"""Crashes and concurrency: `kb check` finds disagreements and repairs what is derived; an ingest killed
with SIGKILL while reading, embedding or writing leaves a knowledge base that checks clean, answers from
what was committed and finishes on the next run without duplicates; a second writer is refused while
searches go on."""

from __future__ import annotations

import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from scans import make_scan, needs_tesseract

from conftest import ROOT, make_docx
from kb import KnowledgeBase
from kb.cli.documents import check

TOPICS = [
    "giao lưu thể thao giữa các thư viện",
    "bổ sung sách cho thư viện cấp huyện",
    "luân chuyển tài liệu xuống cơ sở",
    "đào tạo cán bộ thư viện về chuyển đổi số",
    "xây dựng phong trào đọc sách ở trường học",
    "hợp tác với các thư viện tỉnh bạn",
]


def _small(n: int) -> str:
    return f"Biên bản số {n}: Hội nghị lần thứ {n} bàn về {TOPICS[n % len(TOPICS)]}, nhiệm kỳ 2020 - 2025."


def _long() -> str:
    """About a hundred chunks: several seconds of embedding."""
    return "\n\n".join(
        f"Mục {i}. Báo cáo tổng kết nêu kết quả {TOPICS[i % len(TOPICS)]} tại huyện thứ {i}; các thư viện đã "
        f"tổ chức {i + 3} buổi sinh hoạt, thu hút đông đảo bạn đọc, cán bộ được tập huấn nghiệp vụ, kinh phí "
        f"được cấp kịp thời, cơ sở vật chất được nâng cấp, kho sách được bổ sung thêm {i * 120} bản sách mới "
        f"phục vụ thiếu nhi, người cao tuổi và người khuyết tật trên địa bàn."
        for i in range(100)
    )


@pytest.fixture
def docs(tmp_path):
    """Files read in this order: three small ones, a two-page scan, a long report, three small ones."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in (1, 2, 3):
        (folder / f"a{n}.txt").write_text(_small(n), encoding="utf-8")
    make_scan(folder / "b-scan.pdf", [_small(7), _small(8)])
    (folder / "c-long.txt").write_text(_long(), encoding="utf-8")
    for n in (4, 5):
        (folder / f"d{n}.txt").write_text(_small(n), encoding="utf-8")
    make_docx(folder / "d6.docx", [_small(6)])
    return folder


def _env(home: Path) -> dict:
    # a killed ingest cannot remove its OCR scratch folder: it is left in the test's own tmp, not /tmp
    scratch = home.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "KB_HOME": str(home), "TMPDIR": str(scratch)}
    env.pop("KB_MODEL", None)
    return env


def kb_cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args], cwd=ROOT, env=_env(home), capture_output=True, text=True, timeout=600
    )


class Ingest:
    """`kb ingest` in its own process group, its progress (stderr) read as it comes."""

    def __init__(self, home: Path, folder: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kb.cli", "ingest", str(folder)],
            cwd=ROOT,
            env=_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.err = b""

    def wait_for(self, pattern: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.err.decode("utf-8", "replace")):
            assert self.proc.poll() is None, f"ingest ended before {pattern!r}: {self.err[-500:]!r}"
            assert time.monotonic() < deadline, f"no {pattern!r} in {self.err[-500:]!r}"
            ready, _, _ = select.select([self.proc.stderr], [], [], 0.2)
            if ready:
                self.err += os.read(self.proc.stderr.fileno(), 65536)

    def kill(self) -> None:
        """SIGKILL to the whole group, as a crash would (Tesseract included)."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        assert self.proc.returncode == -signal.SIGKILL

    def finish(self) -> tuple[int, str, str]:
        out, err = self.proc.communicate(timeout=600)
        return self.proc.returncode, out.decode(), (self.err + err).decode("utf-8", "replace")


def _wait_until_stored(home: Path, name: str, ingest: Ingest, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    db = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
    while not db.execute("SELECT 1 FROM documents WHERE name=?", (name,)).fetchone():
        assert time.monotonic() < deadline and ingest.proc.poll() is None, f"{name} was not stored"
        time.sleep(0.05)
    db.close()


def _state(home: Path, embedder) -> tuple[KnowledgeBase, set[str]]:
    kb = KnowledgeBase(home, embedder=embedder)
    return kb, {d.name for d in kb.documents()}


def _no_duplicates(kb: KnowledgeBase) -> None:
    db = kb.store.db
    assert (
        db.execute(
            "SELECT COUNT(*) FROM (SELECT sha256 FROM documents GROUP BY sha256 HAVING COUNT(*) > 1)"
        ).fetchone()[0]
        == 0
    )
    for _doc_id, n, low, high in db.execute("SELECT doc_id, COUNT(*), MIN(ord), MAX(ord) FROM chunks GROUP BY doc_id"):
        assert (low, high) == (0, n - 1)  # each chunk once, none from an interrupted attempt
    assert db.execute("SELECT COUNT(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM chunks)").fetchone()[0] == 0


def _checks_clean(home: Path) -> str:
    proc = kb_cli(home, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "problem" not in proc.stdout and proc.stdout.rstrip().endswith("everything agrees.")
    return proc.stdout


@pytest.mark.slow
@needs_tesseract
def test_ingest_killed_while_reading_embedding_and_writing(docs, tmp_path, embedder):
    home = tmp_path / "kb"

    # 1. while reading: Tesseract is busy on the scan
    ingest = Ingest(home, docs)
    ingest.wait_for(r"b-scan\.pdf \(OCR p\. 1/2\)")
    ingest.kill()
    _checks_clean(home)
    kb, names = _state(home, embedder)
    assert names == {"a1.txt", "a2.txt", "a3.txt"}
    assert kb.search("bổ sung sách cho thư viện cấp huyện", k=1)[0].doc.name == "a1.txt"
    assert all(h.doc.name in names for h in kb.search("Hội nghị lần thứ 8", k=10))
    _no_duplicates(kb)
    kb.close()

    # 2. while embedding the long report (fifty chunks take seconds; reading it takes milliseconds).
    #    Small files wait to be embedded together; a long one sends them on first, then goes alone.
    ingest = Ingest(home, docs)
    ingest.wait_for(r"c-long\.txt")
    _wait_until_stored(home, "b-scan.pdf", ingest)
    time.sleep(0.3)
    ingest.kill()
    _checks_clean(home)
    kb, names = _state(home, embedder)
    assert names == {"a1.txt", "a2.txt", "a3.txt", "b-scan.pdf"}
    assert kb.search("Hội nghị lần thứ 8 bàn về bổ sung sách", k=1)[0].doc.name == "b-scan.pdf"
    _no_duplicates(kb)
    kb.close()

    # 3. while writing the long report: the test holds SQLite's write lock, so the ingest stops inside
    #    its transaction, after it stored the original's copy; it is killed there.
    lock = sqlite3.connect(str(home / "catalog.sqlite"), isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    files_before = set((home / "files").rglob("*"))
    ingest = Ingest(home, docs)
    ingest.wait_for(r"c-long\.txt")
    deadline = time.monotonic() + 120
    while not any(p.is_file() and p.suffix == ".txt" for p in set((home / "files").rglob("*")) - files_before):
        assert time.monotonic() < deadline and ingest.proc.poll() is None
        time.sleep(0.1)
    time.sleep(0.5)  # now waiting on the lock inside catalog.add
    ingest.kill()
    lock.execute("ROLLBACK")
    lock.close()
    out = _checks_clean(home)
    assert "leftover file(s)" in out  # the copy of c-long.txt no document uses yet: harmless, reused next time
    kb, names = _state(home, embedder)
    assert names == {"a1.txt", "a2.txt", "a3.txt", "b-scan.pdf"}
    _no_duplicates(kb)

    # 4. the same ingest again completes, adding only what was missing
    report = kb.ingest([docs])
    assert {f.name: f.status for f in report.files} == {
        **dict.fromkeys(["a1.txt", "a2.txt", "a3.txt", "b-scan.pdf"], "unchanged"),
        **dict.fromkeys(["c-long.txt", "d4.txt", "d5.txt", "d6.docx"], "added"),
    }
    _no_duplicates(kb)
    for n, name in [(4, "d4.txt"), (6, "d6.docx"), (2, "a2.txt")]:
        assert kb.search(f"Hội nghị lần thứ {n} bàn về {TOPICS[n % len(TOPICS)]}", k=1)[0].doc.name == name
    kb.close()
    assert "leftover" not in _checks_clean(home)  # the stored copy is now c-long.txt's


@pytest.mark.slow
@needs_tesseract
def test_a_second_ingest_is_refused_and_searches_go_on(docs, tmp_path, embedder):
    home = tmp_path / "kb"
    first = Ingest(home, docs)
    first.wait_for(r"b-scan\.pdf \(OCR p\. \d/2\)")  # a1-a3 are committed; OCR keeps it busy for seconds
    second = kb_cli(home, "ingest", str(docs))
    assert second.returncode == 1
    assert second.stderr.strip() == (
        f"error: Another process is writing to {home}; wait until it finishes, then run this again."
    )
    during = kb_cli(home, "check")
    assert during.returncode == 0 and "another process is writing" in during.stdout
    kb = KnowledgeBase(home, embedder=embedder)  # a reader in a third process's place
    assert kb.search("Hội nghị lần thứ 3 bàn về đào tạo cán bộ thư viện", k=1)[0].doc.name == "a3.txt"
    code, out, err = first.finish()
    assert code == 0 and "0 skipped" in out.splitlines()[-1]
    assert {d.name for d in kb.documents()} >= {"a1.txt", "b-scan.pdf", "c-long.txt", "d6.docx"}
    assert kb.search("Hội nghị lần thứ 5", k=1)[0].doc.name == "d5.txt"  # the reader sees the new state
    kb.close()
    _checks_clean(home)


# --- kb check on damage made by hand ------------------------------------------------


@pytest.fixture
def built(new_kb, tmp_path):
    kb = new_kb()
    for n in (1, 2, 3):
        (tmp_path / f"bb{n}.txt").write_text(_small(n), encoding="utf-8")
    kb.ingest([tmp_path / f"bb{n}.txt" for n in (1, 2, 3)])
    kb.close()
    return kb.home


def test_check_passes_on_a_sound_kb(built):
    code, lines = check(built)
    assert code == 0 and lines[-1].endswith("everything agrees.")
    assert [ln.split()[0] for ln in lines[:-1]] == [
        "ok"
    ] * 6  # catalog, vectors, lexical index, FAISS index, originals, audit trail


def test_missing_index_is_a_note_and_repair_writes_it(built):
    (built / "index.faiss").unlink()
    code, lines = check(built)
    assert code == 0 and any(ln.startswith("note") and "index.faiss" in ln for ln in lines)
    code, lines = check(built, repair=True)
    assert code == 0 and (built / "index.faiss").exists()
    assert check(built) == (0, [ln for ln in lines if not ln.startswith("repaired")])


def test_index_with_other_ids_is_a_problem_that_repair_fixes(built):
    import faiss

    index = faiss.read_index(str(built / "index.faiss"))
    index.remove_ids(np.asarray([1], np.int64))
    faiss.write_index(index, str(built / "index.faiss"))
    code, lines = check(built)
    assert code == 1 and any("index.faiss holds 2 vectors, the catalog 3 chunks" in ln for ln in lines)
    assert "`kb check --repair` rebuilds what can be rebuilt" in lines[-1]
    code, lines = check(built, repair=True)
    assert code == 0 and lines[0].startswith("repaired  FAISS index and manifest rebuilt from 3 stored vectors")


def test_lexical_index_missing_a_chunk_is_repaired(built):
    from kb.store import fts

    db = sqlite3.connect(str(built / "catalog.sqlite"))
    with db:
        fts.delete(db, db.execute("SELECT id, text, heading FROM chunks WHERE id = 2").fetchall())
    db.close()
    code, lines = check(built)
    assert code == 1 and any("lexical index disagrees with the catalog (1 chunks missing" in ln for ln in lines)
    assert check(built, repair=True)[0] == 0


def test_what_cannot_be_rebuilt_is_reported(built, tmp_path):
    db = sqlite3.connect(str(built / "catalog.sqlite"))
    with db:
        db.execute("UPDATE chunks SET vector = substr(vector, 1, 100) WHERE id = 1")
        stored = db.execute("SELECT stored FROM documents WHERE name = 'bb2.txt'").fetchone()[0]
    db.close()
    (built / stored).unlink()
    (built / "files" / "stray.tmp").write_bytes(b"x")
    code, lines = check(built, repair=True)
    assert code == 1
    problems = [ln for ln in lines if ln.startswith("problem")]
    assert any("1 chunk vector(s) are damaged (1 of the wrong size" in p and "kb reindex" in p for p in problems)
    assert any("stored original of 1 document(s) is missing (bb2.txt)" in p for p in problems)
    assert not (built / "files" / "stray.tmp").exists()


def test_check_of_a_missing_kb_says_so(tmp_path):
    proc = kb_cli(tmp_path / "nothing", "check")
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"error: There is no knowledge base in {tmp_path / 'nothing'}; give its folder with --home or KB_HOME."
    )
    assert not (tmp_path / "nothing").exists()
