"""Readers on real files made here: PDF (text layer, pages), DOCX (paragraphs, tables), HTML, text encodings."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import make_docx, make_pdf
from ingest import ReadError, read
from ingest.text import TONES

PAGE1 = "Hội nghị Tổng kết nhiệm kỳ 2015-2018 của Liên hiệp Thư viện các tỉnh Miền núi phía Bắc."
PAGE2 = "Bà Nguyễn Thị Thanh Phương được bầu giữ chức Chủ tịch nhiệm kỳ 2018 - 2020."


def test_pdf_pages_keep_numbers_and_drop_running_lines(tmp_path):
    path = make_pdf(
        tmp_path / "bao-cao.pdf",
        [PAGE1, PAGE2, "Phương hướng: tăng cường ứng dụng CNTT."],
        header="LIÊN HIỆP THƯ VIỆN MIỀN NÚI PHÍA BẮC",
    )
    doc = read(path)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].text == PAGE1
    assert doc.pages[1].text == PAGE2
    assert "LIÊN HIỆP THƯ VIỆN MIỀN NÚI" not in doc.text  # the running header is gone
    assert len(doc.sha256) == 64


def test_docx_paragraphs_and_tables(tmp_path):
    path = make_docx(
        tmp_path / "nghi-quyet.docx", [PAGE1, PAGE2], table=[["Chỉ tiêu", "Kết quả"], ["Trồng cây xanh", "12.000 cây"]]
    )
    doc = read(path)
    assert PAGE1 in doc.text and PAGE2 in doc.text
    assert "Trồng cây xanh | 12.000 cây" in doc.text


def test_html_keeps_the_article_not_the_menus(tmp_path):
    html = f"""<html><head><title>Tin tức</title><script>var x = 1;</script></head><body>
    <nav class="menu"><a>Trang chủ</a><a>Giới thiệu</a></nav>
    <div id="sidebar">Liên kết website</div>
    <article><h1>Hội nghị Liên hiệp Thư viện</h1><p>{PAGE1}</p><p>{PAGE2}</p></article>
    <footer>Bản quyền thuộc về Thư viện</footer></body></html>"""
    (tmp_path / "tin.html").write_text(html, encoding="utf-8")
    doc = read(tmp_path / "tin.html")
    assert doc.title == "Hội nghị Liên hiệp Thư viện"
    assert PAGE1 in doc.text and PAGE2 in doc.text
    for noise in ["Trang chủ", "Liên kết website", "Bản quyền", "var x"]:
        assert noise not in doc.text


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letters precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_text_encodings(tmp_path, encoding):
    text = f"{PAGE1}\n{PAGE2}"
    (tmp_path / "a.txt").write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    assert read(tmp_path / "a.txt").text == f"{PAGE1}\n\n{PAGE2}"  # NFC again, one paragraph each


def test_hard_wrapped_text_is_joined_into_paragraphs(tmp_path):
    (tmp_path / "w.txt").write_text("Hội nghị đã nghe Báo cáo Tổng kết\nhoạt động của Liên hiệp.\n\n  \n\nĐoạn hai.")
    assert read(tmp_path / "w.txt").text == "Hội nghị đã nghe Báo cáo Tổng kết hoạt động của Liên hiệp.\n\nĐoạn hai."


def test_a_headline_on_the_first_line_is_the_title(tmp_path):
    # news report 22666319 of ../shared: line 1 the headline, line 2 the lead
    (tmp_path / "n.txt").write_text(
        "Xem xét, quyết định nhiều vấn đề liên quan đến phát triển kinh tế - xã hội Thủ "
        "đô\nSáng 3/7, Kỳ họp thứ 4 HĐND thành phố Hà Nội khóa XV chính thức khai mạc."
    )
    doc = read(tmp_path / "n.txt")
    assert doc.title == "Xem xét, quyết định nhiều vấn đề liên quan đến phát triển kinh tế - xã hội Thủ đô"
    (tmp_path / "c.txt").write_text("Chào anh,\nTất cả các loại vaccine đều đã được thử nghiệm.")
    assert read(tmp_path / "c.txt").title == "Chào anh, Tất cả các loại vaccine đều đã được thử nghiệm."
    (tmp_path / "p.txt").write_text("NGHỊ QUYẾT\nĐại hội đại biểu Hội Thư viện tỉnh Hà Giang nhiệm kỳ 2021 - 2026.")
    assert read(tmp_path / "p.txt").title.startswith("NGHỊ QUYẾT Đại hội đại biểu")  # a paper's title first
    (tmp_path / "w.txt").write_text("Hội nghị đã nghe Báo cáo Tổng kết\nhoạt động của Liên hiệp.")  # a wrapped line
    assert read(tmp_path / "w.txt").title == "Hội nghị đã nghe Báo cáo Tổng kết hoạt động của Liên hiệp."


def _encrypted_pdf(tmp_path, password: str):
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [PAGE1])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = tmp_path / f"locked-{len(password)}.pdf"
    with open(out, "wb") as f:
        writer.write(f)
    return out


def test_pdf_encrypted_with_empty_password_is_read(tmp_path):
    assert read(_encrypted_pdf(tmp_path, "")).pages[0].text == PAGE1


BAD = {
    "empty.txt": (b"", "empty"),
    "blank.pdf": (b"   \n", "empty"),
    "corrupt.pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\ngarbage" * 10, "damaged"),
    "binary.txt": (bytes(range(256)) * 40, "binary"),
    "report.xyz": (b"whatever", "not supported"),
    "fake.docx": (b"this is not a zip file", "not a readable .docx"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_inputs_say_which_file_and_why(tmp_path, name):
    data, reason = BAD[name]
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ReadError) as e:
        read(tmp_path / name)
    assert str(e.value).startswith(name + ":")
    assert reason in str(e.value)


def test_password_protected_pdf_says_so(tmp_path):
    path = _encrypted_pdf(tmp_path, "secret")
    with pytest.raises(ReadError, match=r"^locked-6\.pdf: .*password"):
        read(path)
