"""Vietnamese text rules: one spelling for old/new tone placement and NFC/NFD, folding, line joining."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ingest.text import drop_running_lines, fold, is_folded, join_lines, normalize, syllables


def test_old_and_new_tone_placement_meet():
    assert normalize("Thuý") == normalize("Thúy") == "Thúy"
    assert normalize("Văn hoá") == normalize("Văn hóa") == "Văn hóa"
    assert normalize("khoẻ mạnh") == "khỏe mạnh"
    assert normalize("Uỷ ban") == "Ủy ban"
    assert normalize("HOÁ") == "HÓA"


def test_the_letter_oi_some_pdf_fonts_write_for_u_horn_reads_as_it():
    # the Gia Lâm data appendix (gialam-4.1.pdf): "ngƣời", "TƢ TƢỞNG", "Số lƣợng"
    assert normalize("Số lƣợng ngƣời TƢ TƢỞNG") == "Số lượng người TƯ TƯỞNG"
    assert syllables(normalize("đƣợc")) == ["được"]


def test_tone_placement_leaves_other_syllables_alone():
    for word in ["quý", "Quỳnh", "hoàn thành", "toán", "thuyết", "khuya", "của", "quả", "xoắn", "Huế", "hoạt động"]:
        assert normalize(word) == unicodedata.normalize("NFC", word), word


def test_nfd_input_becomes_nfc():
    text = "Nghị quyết nhiệm kỳ 2018 - 2020 của Liên hiệp Thư viện"
    assert normalize(unicodedata.normalize("NFD", text)) == text


def test_fold_removes_marks_and_d_stroke():
    assert fold("Nghị quyết Đảng bộ đường") == "nghi quyet dang bo duong"
    assert is_folded("nghi quyet nhiem ky 2018 2020")
    assert not is_folded("nghị quyết")
    assert not is_folded("2018 - 2020")  # no letters: not a question of accents


def test_join_lines_makes_paragraphs_and_keeps_items():
    raw = (
        "Hội nghị đã thống nhất phương hướng\nnhiệm vụ của nhiệm kỳ.\n- Bổ sung vốn tài liệu;\n- Ứng dụng CNTT.\n\n"
        "Đoạn mới"
    )
    assert join_lines(raw) == (
        "Hội nghị đã thống nhất phương hướng nhiệm vụ của nhiệm kỳ.\n\n- Bổ sung vốn tài liệu;\n\n"
        "- Ứng dụng CNTT.\n\nĐoạn mới"
    )


def test_join_lines_undoes_hyphenation_and_drops_rules():
    assert join_lines("infor-\nmation __________ here") == "information here"


def test_running_headers_and_page_numbers_are_dropped():
    bodies = [
        "Báo cáo tổng kết",
        "Khó khăn về kinh phí",
        "Nội dung trang ba",
        "Phương hướng nhiệm kỳ",
        "Bầu Ban Chấp hành",
    ]
    pages = [f"UBND TỈNH LẠNG SƠN\n{body}\n- {n} -" for n, body in enumerate(bodies, 1)]
    cleaned = drop_running_lines(pages)
    assert all("UBND" not in p and "- " not in p for p in cleaned)
    assert cleaned[2].strip() == "Nội dung trang ba"


vietnamese = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ĐĂÂÊÔƠƯ,.",
    max_size=80,
)


@given(vietnamese)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese)
def test_nfc_and_nfd_give_the_same_syllables(text):
    assert syllables(unicodedata.normalize("NFD", text)) == syllables(unicodedata.normalize("NFC", text))


@given(vietnamese)
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)
