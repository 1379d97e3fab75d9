"""`kb backup` while an ingest is running in another process, `kb restore` into a new home: the copy
passes `kb check`, answers the same searches, and keeps users, tokens, access levels, the audit trail
and the trash."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SEED, kb_with

pytestmark = pytest.mark.slow
PASSWORD = "mat-khau-dai-1"
QUERIES = ["bầu Chủ tịch Liên hiệp nhiệm kỳ 2018-2020", "Zebrafoxtrot số hóa", "khó khăn về kinh phí"]


def documents_in(home) -> int:
    db = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        db.close()


def kb_cli(home, *args, **kw):
    return subprocess.Popen([sys.executable, "-m", "kb.cli", "--home", str(home), *args], cwd=ROOT, **kw)


def seen(kb, query, among: set[str]):
    """The 5 best passages (dense: exact scores) among these documents."""
    hits = kb.search(query, k=3000, mode="dense", all_renderings=True)
    return [(h.doc.name, h.chunk.text, round(h.score, 5)) for h in hits if h.doc.name in among][:5]


def test_a_backup_taken_during_an_ingest_restores_to_a_knowledge_base_that_passes_check(tmp_path, embedder):
    from kb import KnowledgeBase
    from kb.backup import backup, restore
    from kb.errors import KbError
    from kb.records import Access

    home = kb_with(tmp_path, embedder)
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "mat.txt").write_text("Nghị quyết Zebrafoxtrot về số hóa kho mật thư.\n", encoding="utf-8")
    (secret / "bo.txt").write_text("Biên bản họp chi bộ tháng Tư của thư viện.\n", encoding="utf-8")
    kb = KnowledgeBase(home, embedder=embedder)
    kb.ingest([secret], access=Access("restricted", ("ketoan",)))
    kb.remove("bo.txt")
    kb.accounts.add("ketoan1", "viewer", PASSWORD, ("ketoan",))
    kb.accounts.create_token("ketoan1", "cổng")

    many = tmp_path / "many"
    many.mkdir()
    for i in range(300):  # another topic entirely, so the searches above are answered as before
        body = "\n\n".join(f"Phiếu kiểm kê tài sản số {i}-{j}: máy tính, bàn ghế, tủ sách phòng máy." for j in range(6))
        (many / f"kiem-ke-{i:03d}.txt").write_text(body, encoding="utf-8")
    before = documents_in(home)
    ingest = kb_cli(home, "ingest", str(many), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while documents_in(home) < before + 5:
        assert ingest.poll() is None, ingest.stderr.read() if ingest.stderr else ""
        assert time.monotonic() - started < 300
        time.sleep(0.2)
    at_start = documents_in(home)
    report = backup(kb, tmp_path / "backup")
    running = ingest.poll() is None
    assert ingest.wait(600) == 0
    after = documents_in(home)
    assert report.problems == []
    assert running and at_start <= report.documents < after, "the ingest went on during the backup, and after it"
    description = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert description["documents"] == report.documents and description["trashed"] == 1
    assert len(description["files"]) == report.documents + 1, "the trashed document's original too"

    restored_home = tmp_path / "restored"
    restored = restore(tmp_path / "backup", restored_home)
    assert restored.documents == report.documents
    copy = KnowledgeBase(restored_home, embedder=embedder)
    assert copy.check().passed, copy.check().lines("en")
    held = {d.name for d in copy.documents()}  # the source holds these and what was ingested since
    for q in QUERIES:
        assert seen(copy, q, held) == seen(kb, q, held)
    assert (
        copy.ask("Ai được bầu giữ chức Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?").text()
        == kb.ask("Ai được bầu giữ chức Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?").text()
    )
    assert copy.accounts.sign_in("ketoan1", PASSWORD).groups == frozenset({"ketoan"})
    assert [t.label for t in copy.accounts.tokens("ketoan1")] == ["cổng"]
    assert next(d for d in copy.documents() if d.name == "mat.txt").access.level == "restricted"
    assert [t.doc.name for t in copy.trashed()] == ["bo.txt"]
    assert copy.restore("bo.txt").name == "bo.txt" and copy.check().passed
    assert [e.action for e in copy.audit()][:4] == ["ingest", "ingest", "ingest", "trash"]

    with pytest.raises(KbError, match="is not empty"):
        backup(kb, tmp_path / "backup")
    with pytest.raises(KbError, match="is not empty"):
        restore(tmp_path / "backup", restored_home)
    copy.close()
    kb.close()


def test_a_damaged_backup_is_not_restored(tmp_path, embedder):
    from kb import KnowledgeBase
    from kb.backup import backup, restore
    from kb.errors import KbError

    kb = KnowledgeBase(kb_with(tmp_path, embedder), embedder=embedder)
    backup(kb, tmp_path / "b")
    kb.close()
    original = next((tmp_path / "b" / "files").rglob("*.txt"))
    original.write_text(SEED.read_text(encoding="utf-8") + "thêm", encoding="utf-8")
    with pytest.raises(KbError, match="is damaged or incomplete"):
        restore(tmp_path / "b", tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_kb_restore_on_the_command_line_checks_the_copy(tmp_path, embedder):
    from kb import KnowledgeBase
    from kb.backup import backup

    kb = KnowledgeBase(kb_with(tmp_path, embedder), embedder=embedder)
    backup(kb, tmp_path / "b")
    kb.close()
    done = subprocess.run(
        [sys.executable, "-m", "kb.cli", "restore", str(tmp_path / "b"), "--home", str(tmp_path / "new")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "everything agrees" in done.stdout and "restored into" in done.stdout
    assert "audit trail: 1 entries, the hash chain intact" in done.stdout
