"""The knowledge base end to end on real parts: model, FAISS, SQLite, real files."""

from __future__ import annotations

import json
import shutil
import unicodedata

import numpy as np
import pytest

from conftest import SEED, make_docx, make_pdf
from kb import KnowledgeBase
from kb.errors import ModelMismatch, NotFound
from kb.store.migrations import LATEST

BUDGET = "Khó khăn: ngân sách các địa phương đầu tư cho bổ sung tài liệu chưa cao, thiếu kinh phí hoạt động."
ELECTION = "Hội nghị đã bầu Bà Nguyễn Thị Thanh Phương, Giám đốc Thư viện tỉnh Hà Giang, giữ chức Chủ tịch."
TREES = "Hội Phụ nữ huyện đặt chỉ tiêu trồng mới 12.000 cây xanh trong nhiệm kỳ 2021 - 2026."
CULTURE = "Sở Văn hoá, Thể thao và Du lịch tỉnh Lạng Sơn chỉ đạo phong trào đọc sách ở cơ sở."


@pytest.fixture
def files(tmp_path):
    """A small batch of real files: the seed, a PDF, a DOCX, an HTML page."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    make_pdf(folder / "bao-cao.pdf", [BUDGET, ELECTION])
    make_docx(folder / "ke-hoach.docx", [TREES])
    (folder / "tin.html").write_text(f"<html><body><article><p>{CULTURE}</p></article></body></html>", "utf-8")
    return folder


def names(hits):
    return [h.doc.name for h in hits]


def test_ingest_and_search_finds_the_right_page(new_kb, files):
    kb = new_kb()
    report = kb.ingest([files])
    assert report.count("added") == 4 and report.count("skipped") == 0
    hits = kb.search("Ai được bầu làm Chủ tịch?", k=3)
    assert hits[0].doc.name == "bao-cao.pdf" and hits[0].chunk.page_start == 2
    assert "Thanh Phương" in hits[0].chunk.text
    assert kb.search("chỉ tiêu trồng cây xanh", k=1)[0].doc.name == "ke-hoach.docx"
    assert kb.search("thiếu kinh phí", k=1)[0].chunk.page_start == 1
    assert all(h.why == "hybrid" for h in hits)


def test_faiss_equals_numpy_brute_force(new_kb, files, embedder):
    kb = new_kb()
    kb.ingest([files])
    ids, vectors = zip(*kb.store.vectors())
    ids, vectors = np.concatenate(ids), np.concatenate(vectors)
    for query in ["khó khăn về kinh phí", "bầu Chủ tịch Liên hiệp", "văn hóa đọc"]:
        q = embedder.encode([query], "query")[0]
        order = np.argsort(-(vectors @ q), kind="stable")[:5]
        got = kb.store.dense_search(q, 5)
        assert [i for i, _ in got] == [int(ids[j]) for j in order]
        assert np.allclose([s for _, s in got], (vectors @ q)[order], atol=1e-5)


def test_k_larger_than_the_index_returns_only_real_hits(new_kb, files):
    kb = new_kb()
    kb.ingest([files / "ke-hoach.docx"])
    hits = kb.search("cây xanh", k=50)
    assert len(hits) == kb.store.chunk_count() == 1  # no -1 ids turned into the last row


def test_incremental_ingests_equal_one_ingest_from_scratch(new_kb, files, tmp_path):
    step = new_kb("step")
    step.ingest([files / "bao-cao.pdf"])
    step.ingest([files / "tin.html", files / "ke-hoach.docx"])
    step.ingest([files])
    once = new_kb("once")
    once.ingest([files])
    for query in ["bầu Chủ tịch", "trồng cây xanh", "Văn hóa Lạng Sơn", "kinh phí hoạt động"]:
        a, b = step.search(query, k=10), once.search(query, k=10)
        assert [(h.doc.name, h.chunk.text) for h in a] == [(h.doc.name, h.chunk.text) for h in b]
        assert np.allclose([h.score for h in a], [h.score for h in b], atol=1e-6)


def test_unchanged_files_are_not_embedded_again(new_kb, files):
    kb = new_kb()
    kb.ingest([files])
    again = kb.ingest([files])
    assert again.count("unchanged") == 4 and again.chunks == 0 and again.seconds["embed"] == 0


def test_changed_file_replaces_its_old_chunks(new_kb, files):
    kb = new_kb()
    kb.ingest([files])
    make_docx(files / "ke-hoach.docx", ["Kế hoạch mới: tổ chức Ngày Sách Việt Nam tại 13 thư viện tỉnh."])
    report = kb.ingest([files])
    assert [f.status for f in report.files if f.name == "ke-hoach.docx"] == ["updated"]
    assert len([d for d in kb.documents() if d.name == "ke-hoach.docx"]) == 1
    assert all("12.000 cây" not in h.chunk.text for h in kb.search("trồng cây xanh", k=20))
    assert kb.search("Ngày Sách Việt Nam", k=1)[0].doc.name == "ke-hoach.docx"


def test_same_content_under_two_names_is_stored_once(new_kb, files):
    kb = new_kb()
    shutil.copy(files / "bao-cao.pdf", files / "bao-cao-ban-sao.pdf")
    report = kb.ingest([files])
    dup = [f for f in report.files if f.status == "duplicate"]
    assert len(dup) == 1 and "same content" in dup[0].reason
    assert len(kb.documents()) == 4


def test_remove_deletes_document_chunks_and_vectors(new_kb, files):
    kb = new_kb()
    kb.ingest([files])
    removed = kb.remove("bao-cao.pdf")
    assert [d.name for d in removed] == ["bao-cao.pdf"]
    assert "bao-cao.pdf" not in names(kb.search("bầu Chủ tịch", k=20))
    assert kb.stats()["index_size"] == kb.store.chunk_count()
    with pytest.raises(NotFound, match="kb docs"):
        kb.remove("bao-cao.pdf")


def test_tone_placement_and_unicode_forms_find_each_other(new_kb, files):
    kb = new_kb()
    kb.ingest([files])
    variants = ["Sở Văn hoá Lạng Sơn", "Sở Văn hóa Lạng Sơn", unicodedata.normalize("NFD", "Sở Văn hoá Lạng Sơn")]
    results = [[(h.chunk_id, round(h.score, 5)) for h in kb.search(v, k=5)] for v in variants]
    assert results[0] == results[1] == results[2]
    assert kb.search(variants[0], k=1)[0].doc.name == "tin.html"
    stored = kb.search(variants[0], k=1)[0].chunk.text
    assert "Văn hóa" in stored and "hoá" not in stored  # stored text uses one placement


def test_bad_files_are_reported_and_the_batch_goes_on(new_kb, files, tmp_path):
    kb = new_kb()
    kb.ingest([files / "bao-cao.pdf"])
    before = [(h.chunk_id, h.chunk.text, h.score) for h in kb.search("bầu Chủ tịch", k=5, mode="dense")]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 100)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(files / "bao-cao.pdf"))
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    with open(bad / "locked.pdf", "wb") as f:
        writer.write(f)
    shutil.copy(files / "ke-hoach.docx", bad / "good.docx")
    report = kb.ingest([bad])
    by_name = {f.name: f for f in report.files}
    assert by_name["good.docx"].status == "added"
    for name, reason in [
        ("empty.txt", "empty"),
        ("corrupt.pdf", "damaged"),
        ("binary.txt", "binary"),
        ("anh.jpg", "not supported"),
        ("locked.pdf", "password"),
    ]:
        assert by_name[name].status == "skipped", name
        assert by_name[name].reason.startswith(name + ":") and reason in by_name[name].reason
    after = [(h.chunk_id, h.chunk.text, h.score) for h in kb.search("bầu Chủ tịch", k=5, mode="dense")]
    assert [h for h in after if h[0] in {b[0] for b in before}] == before  # stored chunks untouched
    assert kb.search("cây xanh", k=1)[0].doc.name == "good.docx"


def test_stale_or_missing_index_is_rebuilt_from_stored_vectors(tmp_path, files, embedder):
    kb = KnowledgeBase(tmp_path / "h", embedder=embedder)
    kb.ingest([files])
    expected = [(h.chunk_id, h.score) for h in kb.search("kinh phí", k=5)]
    kb.close()
    (tmp_path / "h" / "index.faiss").write_bytes(b"torn write")  # as if a crash cut the file
    for damage in ("torn", "missing"):
        if damage == "missing":
            (tmp_path / "h" / "index.faiss").unlink()
        reopened = KnowledgeBase(tmp_path / "h", embedder=embedder)
        got = [(h.chunk_id, h.score) for h in reopened.search("kinh phí", k=5)]
        assert [i for i, _ in got] == [i for i, _ in expected]
        assert [s for _, s in got] == pytest.approx([s for _, s in expected])
        reopened.close()


def test_originals_and_manifest_are_kept(new_kb, files):
    kb = new_kb()
    kb.ingest([files])
    for d in kb.documents():
        assert kb.original(d).read_bytes() == (files / d.name).read_bytes()
    manifest = json.loads((kb.home / "manifest.json").read_text())
    assert manifest["model"]["name"] == "multilingual-e5-small" and manifest["model"]["dim"] == 384
    assert manifest["schema_version"] == LATEST and manifest["index"]["size"] == kb.store.chunk_count()


def test_opening_with_another_model_is_refused(tmp_path, files, embedder):
    kb = KnowledgeBase(tmp_path / "h", embedder=embedder)
    kb.ingest([files / "tin.html"])
    kb.close()
    other = tmp_path / "other-model"
    other.mkdir()
    with pytest.raises(ModelMismatch, match="kb reindex --model"):
        KnowledgeBase(tmp_path / "h", model=str(other))


def test_reindex_rebuilds_from_stored_originals(new_kb, files):
    kb = new_kb()
    kb.ingest([files])
    before = [(h.doc.name, h.chunk.text) for h in kb.search("bầu Chủ tịch", k=5)]
    shutil.rmtree(files)  # the source folder is gone: originals are in the KB
    report = kb.reindex()
    assert len(report.files) == 4 and all(f.status == "added" for f in report.files)
    assert [(h.doc.name, h.chunk.text) for h in kb.search("bầu Chủ tịch", k=5)] == before


def test_a_repeated_query_is_embedded_once(new_kb, files):
    kb = new_kb()
    kb.ingest([files])
    real, calls = kb.embedder, []

    class Counting:  # the real embedder, counted
        name, dim, max_tokens, count_tokens = real.name, real.dim, real.max_tokens, real.count_tokens

        def encode(self, texts, kind="passage"):
            calls.append((tuple(texts), kind))
            return real.encode(texts, kind)

    kb.embedder = Counting()
    first = kb.search("bầu Chủ tịch Liên hiệp", k=5)
    again = kb.search("bầu Chủ tịch Liên hiệp", k=5, filters=None)
    assert [(h.doc.name, h.chunk.text) for h in first] == [(h.doc.name, h.chunk.text) for h in again]
    assert calls == [(("bầu Chủ tịch Liên hiệp",), "query")]
