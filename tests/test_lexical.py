"""Lexical search: FTS5 BM25 equals a plain BM25, stays in step with the catalog, reads accent-free queries."""

from __future__ import annotations

import math
import shutil
import sqlite3

import pytest

from conftest import SEED, make_docx
from kb.errors import KbError
from kb.query import analyze, clean
from kb.results import match_spans
from kb.store import fts
from kb.terms import query_terms, tokens

DOCS = [
    "Hội nghị đã thông qua Nghị quyết về ứng dụng công nghệ thông tin trong thư viện.",
    "Nghị quyết nhiệm kỳ 2018 - 2020 của Liên hiệp thư viện các tỉnh miền núi phía Bắc.",
    "Khó khăn về kinh phí hoạt động, vốn tài liệu và cơ sở vật chất của thư viện huyện.",
    "Đại hội bầu Ban Chấp hành nhiệm kỳ 2021 - 2026 gồm 35 đồng chí.",
    "Thư viện tỉnh tổ chức Ngày Sách và Văn hóa đọc Việt Nam.",
]


def reference_bm25(docs: list[str], terms: list[str], k1: float = 1.2, b: float = 0.75) -> list[tuple[int, float]]:
    """Okapi BM25 written out plainly, as FTS5 documents it (idf floored at 1e-6)."""
    toks = [tokens(d)[0].split() for d in docs]
    avgdl = sum(map(len, toks)) / len(toks)
    scores = []
    for i, doc in enumerate(toks):
        s = 0.0
        for t in terms:
            n = sum(1 for d in toks if t in d)
            if not n:
                continue
            idf = max(math.log((len(toks) - n + 0.5) / (n + 0.5)), 1e-6)
            tf = doc.count(t)
            s += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avgdl))
        if s > 0:
            scores.append((i + 1, s))
    return sorted(scores, key=lambda x: -x[1])


def indexed(docs: list[str]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    fts.create(db)
    fts.add(db, [(i, d, "") for i, d in enumerate(docs, 1)])
    return db


@pytest.mark.parametrize(
    "query", ["nghị quyết thư viện", "kinh phí hoạt động", "nhiệm kỳ 2021 2026 bầu", "văn hóa đọc"]
)
def test_fts5_bm25_equals_plain_bm25(query):
    terms = query_terms(query, folded=False)
    got = fts.search(indexed(DOCS), terms, "acc", 10)
    want = reference_bm25(DOCS, terms)
    assert [i for i, _ in got] == [i for i, _ in want]
    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-6)


def test_terms_are_syllables_and_pairs_within_clauses():
    acc, folded = tokens("Nghị quyết, nhiệm kỳ")
    assert acc.split() == ["nghị", "quyết", "nghị_quyết", "nhiệm", "kỳ", "nhiệm_kỳ"]
    assert folded.split() == ["nghi", "quyet", "nghi_quyet", "nhiem", "ky", "nhiem_ky"]


def test_accent_free_queries_use_the_folded_column():
    db = indexed(DOCS)
    q = analyze("nghi quyet nhiem ky 2018 2020")
    assert q.folded
    got = fts.search(db, query_terms(q.core, q.folded), "fold", 3)
    assert got[0][0] == 2


def test_courtesies_are_removed_from_questions():
    assert (
        clean("Chào bác sĩ, cho em hỏi tiêm vaccine có đau không? Xin cảm ơn bác sĩ ạ.") == "tiêm vaccine có đau không?"
    )
    assert clean("Ai là Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?") == "Ai là Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?"


def test_lexical_index_follows_add_replace_remove(new_kb, tmp_path):
    kb = new_kb()
    docs = tmp_path / "d"
    docs.mkdir()
    make_docx(docs / "a.docx", ["Kế hoạch trồng 12.000 cây xanh trong nhiệm kỳ."])
    shutil.copy(SEED, docs)
    kb.ingest([docs])
    assert kb.search("cay xanh", mode="lexical")[0].doc.name == "a.docx"
    make_docx(docs / "a.docx", ["Kế hoạch tổ chức Ngày Sách Việt Nam."])
    kb.ingest([docs])
    assert not [h for h in kb.search("cay xanh", mode="lexical") if h.doc.name == "a.docx"]
    assert kb.search("ngay sach", mode="lexical")[0].doc.name == "a.docx"
    kb.remove("a.docx")
    assert "a.docx" not in {h.doc.name for h in kb.search("ngay sach", mode="lexical")}
    rows = kb.store.db.execute("SELECT COUNT(*) FROM lexical WHERE lexical MATCH 'acc : \"thư_viện\"'").fetchone()
    assert rows[0] == len([c for _, c in kb.store.chunks_of(kb.documents()[0].id) if "thư viện" in c.text.lower()])


def test_modes(new_kb, tmp_path):
    kb = new_kb()
    kb.ingest([SEED])
    for mode in ("dense", "lexical", "hybrid"):
        hits = kb.search("Ai được bầu giữ chức Chủ tịch Liên hiệp?", k=2, mode=mode)
        assert "Thanh Phương" in hits[0].chunk.text, mode
        assert {h.why for h in hits} == {mode}
    # typed without accents and searched as typed: the lexical side on folded text answers alone
    hits = kb.search("ai duoc bau giu chuc chu tich lien hiep", k=2, as_typed=True)
    assert "Thanh Phương" in hits[0].chunk.text and hits[0].why == "lexical"
    with pytest.raises(KbError, match="hybrid, dense, lexical"):
        kb.search("x", mode="fuzzy")


def test_an_abbreviation_and_what_it_stands_for_find_each_other():
    docs = [
        "Tăng cường ứng dụng CNTT trong hệ thống thư viện công cộng.",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn phát biểu.",
        "Kinh phí hoạt động của thư viện huyện còn thiếu.",
    ]
    db = indexed(docs)
    for query, folded, want in [
        ("công nghệ thông tin", False, 1),
        ("cong nghe thong tin", True, 1),
        ("VHTTDL", False, 2),
        ("vhttdl", True, 2),
    ]:
        hits = fts.search(db, query_terms(query, folded), "fold" if folded else "acc", 10)
        assert [i for i, _ in hits] == [want], query
    # ... and the abbreviation is marked for a question that spells it out
    text = docs[0]
    assert "CNTT" in [text[a:b] for a, b in match_spans(text, "ứng dụng công nghệ thông tin")]
    # "KT" alone (ký thay) is not "kinh tế - xã hội"
    assert "kinh" not in tokens("KT. BỘ TRƯỞNG")[0].split()


def test_the_headings_a_passage_stands_under_count_for_it():
    db = sqlite3.connect(":memory:")
    fts.create(db)
    text = "Trong nhiệm kỳ, vận động trồng 5.000 cây xanh góp phần giảm ô nhiễm môi trường."
    fts.add(db, [(1, text, ""), (2, text, "II. Phương hướng › 2. Một số chỉ tiêu cơ bản"), (3, "Chỉ tiêu khác.", "")])
    found = fts.search(db, query_terms("chỉ tiêu trồng cây xanh", folded=False), "acc", 3)
    assert found[0][0] == 2, "the passage under '… chỉ tiêu …' first"
    assert dict(found)[2] > dict(found)[1], "the same words without the heading score less"
    folded = fts.search(db, query_terms("chi tieu trong cay xanh", folded=True), "fold", 3)
    assert folded[0][0] == 2
    # a contentless index forgets a row only when told its tokens: the heading's too
    fts.delete(db, [(2, text, "II. Phương hướng › 2. Một số chỉ tiêu cơ bản")])
    db.execute("INSERT INTO lexical(lexical) VALUES('integrity-check')")
    assert [i for i, _ in fts.search(db, query_terms("chỉ tiêu", folded=False), "acc", 3)] == [3]
