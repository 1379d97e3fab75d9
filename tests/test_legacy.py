"""TCVN3 (ABC) and VNI text in .txt and .docx files is recognised and converted to Unicode; .doc via catdoc."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from ingest import ReadError, read
from ingest.legacy import from_tcvn3, from_vni, to_tcvn3, to_vni

SENTENCE = (
    "Hội nghị Ban Chấp hành Liên hiệp Thư viện các tỉnh miền núi phía Bắc đã bầu bà Nguyễn Thị "
    "Thanh Phương giữ chức Chủ tịch nhiệm kỳ 2018 - 2020; những khó khăn về kinh phí được Đảng ủy, "
    "Ủy ban nhân dân tỉnh quan tâm giải quyết, người đọc ở cơ sở tăng."
)
SYLLABLES = SENTENCE.replace(",", " ").replace(";", " ").replace(".", " ").split()


def test_tables_match_the_published_ones():
    # strings as found in old files, not made with this module's own inverse
    assert from_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert from_tcvn3("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert from_tcvn3("Tr\xadêng §¹i häc Quèc gia, n¨m häc, ng­êi d©n") == "Trường Đại học Quốc gia, năm học, người dân"
    assert from_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert from_vni("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert (
        from_vni("Thaønh phoá Hoà Chí Minh, nöôùc, UÛY BAN NHAÂN DAÂN")
        == "Thành phố Hồ Chí Minh, nước, ỦY BAN NHÂN DÂN"
    )
    # single codes, one of each kind
    assert [from_tcvn3(chr(c)) for c in (0xB8, 0xAE, 0xA7, 0xF9, 0xFE, 0xDC)] == ["á", "đ", "Đ", "ự", "ỵ", "ĩ"]
    assert [from_vni(s) for s in ("ñ", "Ñ", "ö", "oá", "aê", "î", "ó")] == ["đ", "Đ", "ư", "ố", "ă", "ỵ", "ĩ"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=20))
def test_round_trips(words):
    text = " ".join(words)
    assert from_vni(to_vni(text)) == text
    assert from_tcvn3(to_tcvn3(text.lower())) == text.lower()  # TCVN3 has no capitals with marks but Đ Ă Â...


def test_tcvn3_txt_is_converted(tmp_path):
    (tmp_path / "tcvn3.txt").write_bytes(to_tcvn3(SENTENCE).encode("latin-1"))
    doc = read(tmp_path / "tcvn3.txt")
    assert doc.text.lower() == SENTENCE.lower()  # capitals with marks were typed in the capital font
    assert "Đảng" in doc.text and "Chấp hành" in doc.text
    assert tuple(n.text() for n in doc.notes) == (
        "the text was in the old TCVN3 (ABC, fonts .VnTime) encoding and was converted to Unicode",
    )


def test_vni_txt_is_converted(tmp_path):
    (tmp_path / "vni.txt").write_bytes(to_vni(SENTENCE).encode("latin-1"))
    doc = read(tmp_path / "vni.txt")
    assert doc.text == SENTENCE
    assert tuple(n.text() for n in doc.notes) == (
        "the text was in the old VNI (fonts VNI-Times) encoding and was converted to Unicode",
    )


def test_legacy_text_saved_as_utf8_is_converted(tmp_path):
    (tmp_path / "u.txt").write_text(to_tcvn3(SENTENCE), encoding="utf-8")  # what a careless copy-paste leaves
    assert read(tmp_path / "u.txt").text.lower() == SENTENCE.lower()


def test_unicode_and_windows_1258_are_left_alone(tmp_path):
    from test_readers import cp1258

    (tmp_path / "u.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "w.txt").write_bytes(cp1258(SENTENCE))
    for name in ("u.txt", "w.txt"):
        doc = read(tmp_path / name)
        assert doc.text == SENTENCE and tuple(n.text() for n in doc.notes) == ()


def _docx(path: Path, runs: list[tuple[str, str | None]], default_font: str | None = None) -> Path:
    import docx

    d = docx.Document()
    if default_font:
        d.styles["Normal"].font.name = default_font
    for text, font in runs:
        run = d.add_paragraph().add_run(text)
        if font:
            run.font.name = font
    d.save(str(path))
    return path


def test_docx_runs_in_legacy_fonts_are_converted(tmp_path):
    path = _docx(
        tmp_path / "fonts.docx",
        [
            (to_tcvn3("cộng hoà xã hội chủ nghĩa việt nam"), ".VnTimeH"),  # the capitals font
            (to_tcvn3("Độc lập - Tự do - Hạnh phúc"), ".VnTime"),
            (to_vni(SENTENCE), "VNI-Times"),
            ("Đoạn gõ bằng Unicode giữ nguyên.", "Times New Roman"),
            ("Đoạn Unicode mang tên phông .VnTime cũ.", ".VnTime"),  # a leftover font name on Unicode text
        ],
    )
    assert read(path).text.split("\n\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        SENTENCE,
        "Đoạn gõ bằng Unicode giữ nguyên.",
        "Đoạn Unicode mang tên phông .VnTime cũ.",
    ]


def test_docx_with_a_legacy_default_font_or_none_at_all(tmp_path):
    styled = _docx(tmp_path / "style.docx", [(to_vni(SENTENCE), None)], default_font="VNI-Times")
    bare = _docx(tmp_path / "bare.docx", [(to_tcvn3(SENTENCE), None)])
    assert read(styled).text == SENTENCE
    doc = read(bare)  # no font says it: the text itself does
    assert doc.text.lower() == SENTENCE.lower() and "TCVN3" in doc.notes[0].text()


needs_catdoc = pytest.mark.skipif(not shutil.which("catdoc"), reason="catdoc is missing; run `make setup`")


@needs_catdoc
def test_old_word_doc_is_read_with_catdoc():
    doc = read(ROOT / "tests/data/bien-ban.doc")  # Word 97 format, saved by LibreOffice
    assert doc.text.split("\n\n") == [
        "Biên bản Hội nghị Ban Chấp hành Liên hiệp Thư viện các tỉnh miền núi phía Bắc, nhiệm kỳ 2018 - 2020.",
        "Hội nghị đã thống nhất đề nghị tăng kinh phí bổ sung tài liệu cho thư viện cấp huyện.",
        "Chỉ tiêu | Kết quả",
        "Luân chuyển sách | 12.000 bản",
        "Bà Nguyễn Thị Thanh Phương được bầu giữ chức Chủ tịch.",
    ]


@needs_catdoc
def test_a_broken_doc_says_to_save_it_as_docx(tmp_path):
    data = (ROOT / "tests/data/bien-ban.doc").read_bytes()
    (tmp_path / "hong.doc").write_bytes(data[:600])
    with pytest.raises(ReadError, match=r"^hong\.doc: .*save it as \.docx\.$"):
        read(tmp_path / "hong.doc")


def test_without_catdoc_a_doc_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    shutil.copy(ROOT / "tests/data/bien-ban.doc", tmp_path / "cu.doc")
    with pytest.raises(ReadError, match=r"^cu\.doc: .*catdoc, which is not installed; run `make setup`"):
        read(tmp_path / "cu.doc")
