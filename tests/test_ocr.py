"""Scanned pages: the usable-text decision, OCR with Tesseract on real and made scans, limits and fallbacks."""

from __future__ import annotations

import logging
import shutil
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scans import make_scan, needs_tesseract

from conftest import make_pdf
from ingest import ReadError, ocr, read
from ingest.syllables import is_syllable, syllable_share, usable_text

MINUTES = (
    "Hội nghị Ban Chấp hành Liên hiệp Thư viện các tỉnh miền núi phía Bắc đã thống nhất "
    "tăng kinh phí bổ sung tài liệu cho thư viện cấp huyện trong nhiệm kỳ mới."
)
DECISION = "Quyết định công nhận tỉnh Đồng Tháp hoàn thành nhiệm vụ xây dựng nông thôn mới năm 2024."
GARBAGE = (
    "CQNG HOA XA HQI CHU NGHIA VIPT NAM DQc l$p - Tg do - tlSnh phric Thdnh phA ruA Chi Minh, "
    "ngdyZSthdng0/ ndm 2021 h6 trq ph6p lf li6n nghiQp cria Chucrng ngdnh cho giai ilopn triiSn khai"
)

REAL = [
    "nghiệp",
    "Quỳnh",
    "GIỮA",
    "người",
    "khuya",
    "thuở",
    "quyết",
    "định",
    "gì",
    "gìn",
    "ngoài",
    "khoẻ",
    "hoá",
    "Thuý",
    "ý",
    "ở",
    "Đảng",
    "kỳ",
    "ghế",
    "nghe",
    "xoong",
    "truyền",
    "chuyện",
    "nước",
    "ướt",
]
NOT = [
    "CQNG",
    "HQI",
    "VIPT",
    "ngdnh",
    "triiSn",
    "cria",
    "Chucrng",
    "tlSnh",
    "ilopn",
    "ngdyZSthdng",
    "ce",
    "ge",
    "ci",
    "ngha",
    "quu",
    "tac",
    "lập̀",
    "hoàá",
    "UBND",
    "report",
]


@pytest.mark.parametrize("word", REAL)
def test_real_syllables(word):
    assert is_syllable(word) and is_syllable(word.upper()) and is_syllable(word.capitalize())


@pytest.mark.parametrize("word", NOT)
def test_not_syllables(word):
    assert not is_syllable(word)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(REAL + NOT), min_size=1, max_size=30))
def test_share_does_not_depend_on_unicode_form(words):
    text = " ".join(words)
    assert syllable_share(unicodedata.normalize("NFD", text)) == syllable_share(text)


def test_usable_text_decision():
    assert usable_text(MINUTES) and usable_text(DECISION)
    assert not usable_text(GARBAGE)
    assert not usable_text("")


def _layers(path):
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def test_garbage_layer_of_a_real_scan_is_unusable(shared):
    layers = _layers(shared / "corpus/state-documents/test AI 03.pdf")
    assert "CQNG HOA XA HQI" in layers[0]
    assert [usable_text(t, 0.5) for t in layers] == [False, False]
    assert syllable_share(layers[0])[0] < 0.35


@pytest.mark.parametrize(
    "name",
    ["state-documents/HỘI ĐỒNG NHÂN DÂN.pdf", "state-documents/Test AI (09).pdf", "congress-gialam-2021/gialam-8.pdf"],
)
def test_good_layers_of_real_pdfs_are_usable(shared, name):
    layers = [t for t in _layers(shared / "corpus" / name) if t.strip()]
    assert layers and all(usable_text(t, 0.5) for t in layers)
    assert min(syllable_share(t)[0] for t in layers) > 0.7  # far from the 0.5 line


def test_text_pages_are_never_ocred(tmp_path):
    calls = []
    read(make_pdf(tmp_path / "a.pdf", [MINUTES, DECISION]), on_page=lambda *a: calls.append(a))
    assert calls == []


def _words(text: str) -> set[str]:
    return set(unicodedata.normalize("NFC", text).lower().replace(".", " ").replace(",", " ").split())


@needs_tesseract
def test_a_scan_is_read_by_ocr_with_progress(tmp_path):
    calls = []
    doc = read(make_scan(tmp_path / "scan.pdf", [MINUTES, DECISION]), on_page=lambda *a: calls.append(a))
    assert calls == [(1, 2, "ocr"), (2, 2, "ocr")]
    assert len(_words(MINUTES) & _words(doc.pages[0].text)) >= 0.9 * len(_words(MINUTES))
    assert "Đồng Tháp" in doc.pages[1].text and "nông thôn mới" in doc.pages[1].text
    assert tuple(n.text() for n in doc.notes) == ("pages 1-2 had no usable text layer and were read by OCR",)


@needs_tesseract
def test_a_garbage_layer_is_replaced_by_ocr(tmp_path):
    doc = read(make_scan(tmp_path / "old-ocr.pdf", [MINUTES], hidden=[GARBAGE]))
    assert "CQNG" not in doc.text and "kinh phí bổ sung tài liệu" in doc.text


@needs_tesseract
def test_a_stamp_over_a_scan_is_not_taken_for_the_page(tmp_path):
    stamp = "Người ký: Văn phòng Chính phủ. Thời gian ký: 27.06.2025"
    doc = read(make_scan(tmp_path / "signed.pdf", [MINUTES], hidden=[stamp]))
    assert "kinh phí bổ sung tài liệu" in doc.text


@needs_tesseract
def test_blank_and_text_pages_of_a_mixed_file(tmp_path):
    calls = []
    path = make_scan(tmp_path / "mixed.pdf", [None, MINUTES, None], text_pages={0: DECISION})
    doc = read(path, on_page=lambda *a: calls.append(a))
    assert calls == [(2, 3, "ocr")]  # the text page is not OCRed, the blank one has nothing to read
    assert doc.pages[0].text == DECISION and "kinh phí" in doc.pages[1].text and doc.pages[2].text == ""
    assert tuple(n.text() for n in doc.notes) == ("page 2 had no usable text layer and was read by OCR",)


@needs_tesseract
def test_a_page_over_the_time_limit_is_skipped_and_the_rest_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "PAGE_SECONDS", 0.01)
    doc = read(make_scan(tmp_path / "slow.pdf", [None, MINUTES], text_pages={0: DECISION}))
    assert doc.pages[0].text == DECISION and doc.pages[1].text == ""
    assert tuple(n.text() for n in doc.notes) == (
        "could not OCR page 2 (OCR took over 0.01 s); a clearer scan of those pages may help",
    )
    with pytest.raises(ReadError, match=r"^only-scan\.pdf: could not OCR page 1 \(OCR took over 0\.01 s\)"):
        read(make_scan(tmp_path / "only-scan.pdf", [MINUTES]))


def test_without_tesseract_scans_say_how_to_install_it(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    ocr.missing.cache_clear()
    try:
        with pytest.raises(ReadError) as e:
            read(make_scan(tmp_path / "scan.pdf", [MINUTES]))
        assert str(e.value).startswith("scan.pdf: the pages are scans without a usable text layer and Tesseract")
        assert "make setup" in str(e.value) and "tesseract-ocr-vie" in str(e.value)
        doc = read(make_scan(tmp_path / "mixed.pdf", [None, MINUTES], text_pages={0: DECISION}))
        assert doc.pages[0].text == DECISION
        assert "page 2 without a usable text layer was skipped because Tesseract" in doc.notes[0].text()
        assert "kb reindex" in doc.notes[0].text()
    finally:
        ocr.missing.cache_clear()


def test_huge_pages_are_rendered_at_a_lower_resolution():
    reader = ocr.PageReader(b"")
    assert reader.dpi_for(595, 842) == ocr.DPI  # A4
    big = reader.dpi_for(14400, 14400)  # the largest page PDF allows, 200 inches square
    assert big * big * 200 * 200 <= ocr.MAX_PIXELS


SCANS = {  # the four scans of ../shared, each found by a question about its content
    "Quyết định-1360-QĐ-TTg.pdf": "tỉnh Đồng Tháp được công nhận hoàn thành xây dựng nông thôn mới",
    "Quyết định-1380-QĐ-TTg.pdf": "cấp Bằng Tổ quốc ghi công cho liệt sĩ",
    "CT-11-2025.pdf": "chiến dịch 45 ngày đêm hỗ trợ chuyển đổi số tại các xã, phường của Hà Nội",
    "test AI 04.pdf": "kế hoạch kiểm tra, rà soát văn bản quy phạm pháp luật trong lĩnh vực y tế",
}


@pytest.mark.slow
@needs_tesseract
def test_the_four_real_scans_become_searchable(new_kb, shared, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    for name in SCANS:
        shutil.copy(shared / "corpus/state-documents" / name, folder)
    kb = new_kb()
    report = kb.ingest([folder])
    assert {f.name: f.status for f in report.files} == dict.fromkeys(SCANS, "added")
    assert all("read by OCR" in f.reason for f in report.files)
    for name, question in SCANS.items():
        assert kb.search(question, k=1)[0].doc.name == name, question
    # a ruled table in which Tesseract's layout analysis finds no text is read again as one block
    hit = kb.search("Chiến sĩ đơn vị 354, Bộ đội địa phương huyện Vĩnh Linh, xã Hiền Thành", k=1)[0]
    assert (hit.doc.name, hit.chunk.page_start) == ("Quyết định-1380-QĐ-TTg.pdf", 4)
