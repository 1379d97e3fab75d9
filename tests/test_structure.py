"""Meeting structure: metadata, sections, people, filters, timeline, corrections, on real documents."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import SEED, make_docx
from ingest import describe, read
from ingest.meta import dates, terms
from ingest.sections import label_chunks
from kb.errors import KbError
from kb.filters import Filters


def as_made_before_migrations(db, **knobs: str) -> None:
    """Make a catalog look as one made before the numbered migrations, with these version knobs."""
    db.execute("DELETE FROM meta WHERE key='schema_version'")
    db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", knobs.items())


def test_seed_metadata_exact():
    doc = describe(read(SEED))
    meta = doc.meta
    assert meta.date == "2018-05-10"
    assert meta.places[0] == "Lạng Sơn"
    assert meta.reviews == "2015-2018" and meta.plans == "2018-2020"
    assert meta.terms == ("2015-2018", "2018-2020")
    assert meta.organisations[0] == "Liên hiệp Thư viện các tỉnh Miền núi phía Bắc"
    people = {(p.name, p.title, p.organisation, p.role, p.term) for p in doc.people}
    assert people == {
        ("Nguyễn Thị Thanh Phương", "Giám đốc", "Thư viện tỉnh Hà Giang", "Chủ tịch", "2018-2020"),
        ("Lê Quốc Khánh", "Giám đốc", "Thư viện tỉnh Hòa Bình", "Phó Chủ tịch", "2018-2020"),
        ("Đỗ Thu Hương", "Giám đốc", "Thư viện tỉnh Tuyên Quang", "Phó Chủ tịch", "2018-2020"),
    }
    assert all(p.page == 1 and "giữ chức" in p.passage for p in doc.people)


def test_gia_lam_resolution(shared):
    meta = describe(read(shared / "corpus/congress-gialam-2021/gialam-8.pdf")).meta
    assert meta.kind == "resolution"
    assert (meta.date, meta.date_end) == ("2021-07-14", "2021-07-15")
    assert "2021-2026" in meta.terms and meta.plans == "2021-2026"


def test_cao_bang_resolution(shared):
    meta = describe(read(shared / "corpus/state-documents/HỘI ĐỒNG NHÂN DÂN.pdf")).meta
    assert meta.kind == "resolution"
    assert meta.numbers[0] == "33/2022/NQ-HĐND"
    assert meta.date == "2022-07-15"
    assert "khóa XVII" in meta.terms
    assert meta.organisations[0] == "Hội đồng nhân dân tỉnh Cao Bằng"
    assert meta.places[0] == "Cao Bằng"


@pytest.mark.parametrize(
    "path,kind,number",
    [
        # "TTg" in lower case, a scan's spaced slash and Ð for Đ; the number follows "Số" in the header
        ("state-documents/Quyết định-1360-QĐ-TTg.pdf", "decision", "1360/QĐ-TTg"),
        ("state-documents/Quyết định-1629-QĐ-UBND.pdf", "decision", "1629/QĐĐ-UBND"),
        # a news item that names a Party resolution ("Nghị quyết số 04-NQ/TW") is news, not that resolution
        ("news-meetings-2017/21512447.txt", "news", None),
    ],
)
def test_a_papers_own_number_and_kind(shared, path, kind, number):
    meta = describe(read(shared / "corpus" / path)).meta
    assert meta.kind == kind
    if number:
        assert meta.numbers[0] == number
    else:
        assert "04-NQ/TW" in meta.numbers


@pytest.mark.parametrize(
    "path,title,header",
    [
        # a paper's own title, not the national header or its issuer that stand above it
        (
            "state-documents/HỘI ĐỒNG NHÂN DÂN.pdf",
            "NGHỊ QUYẾT QUY ĐỊNH MỨC THU, CHẾ ĐỘ THU, NỘP, QUẢN LÝ VÀ SỬ DỤNG LỆ PHÍ CẤP GIẤY PHÉP LAO ĐỘNG CHO NGƯỜI "
            "NƯỚC NGOÀI LÀM VIỆC TRÊN ĐỊA BÀN TỈNH CAO BẰNG",
            "HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG",
        ),
        # the type heading on a line of its own, the subject on the next, the issuer's capitals after it
        (
            "state-documents/Quyết định-1629-QĐ-UBND.pdf",
            "QUYÉT ĐỊNH Về việc công bố Danh mục thủ tục hành chính mới "
            "ban hành trong lĩnh vực khoa học và công nghệ thuộc phạm vi, chức năng quản lý của Sở Khoa học và Công "
            "nghệ "
            "tỉnh Lai Châu",
            "ỦY BAN NHÂN DÂN",
        ),
        # a digital signature's stamp above the header is neither title nor header
        (
            "state-documents/Quyết định-1360-QĐ-TTg.pdf",
            "QUYẾT ĐỊNH Về việc công nhận tỉnh Đồng Tháp hoàn thành nhiệm vụ xây dựng nồng thôn mới năm 2024",
            "THỦ TƯỚNG CHÍNH PHỦ",
        ),
        (
            "congress-gialam-2021/gialam-8.pdf",
            "NGHỊ QUYẾT Đại hội đại biểu Phụ nữ huyện Gia Lâm lần thứ XXI, nhiệm kỳ 2021 - 2026",
            "ĐẠI HỘI ĐẠI BIỂU PHỤ NỮ HUYỆN GIA LÂM",
        ),
        # a news item keeps its headline
        ("news-meetings-2017/21494859.txt", None, None),
    ],
)
def test_titles_of_papers(shared, path, title, header):
    doc = describe(read(shared / "corpus" / path))
    if title is None:  # its headline, the first line of the file (the text reader joins it to the lead)
        first = (shared / "corpus" / path).read_text(encoding="utf-8").strip().splitlines()[0].strip()
        assert doc.title == first and doc.meta.header.startswith(first)
        return
    assert doc.title == title
    assert doc.meta.header.startswith(header)


def test_seed_title_is_its_headline():
    doc = describe(read(SEED))
    assert doc.title == SEED.read_text(encoding="utf-8").strip().splitlines()[0].strip()
    assert doc.meta.header.startswith(doc.title)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Sáng 10/5/2018, tại Thành phố Lạng Sơn, hội nghị khai mạc.", ("2018-05-10", None)),
        ("Đại hội diễn ra từ ngày 14 - 15/7/2021 tại hội trường.", ("2021-07-14", "2021-07-15")),
        ("Cao Bằng, ngày 15 tháng 7 năm 2022\nNGHỊ QUYẾT", ("2022-07-15", None)),
        (
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Hà Nội, ngày tháng 6 năm 2025",
            ("2025-06", None),
        ),
    ],
)
def test_dates_in_every_common_form(text, expected):
    assert dates(text, official="Căn cứ" in text or "NGHỊ QUYẾT" in text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # the lead gives its own day without the year; the law it cites has a full date of another day
        (
            "Nghị quyết liên tịch về giám sát\nChiều 15/6, tại Nhà Quốc hội, các lãnh đạo đã ký Nghị quyết liên tịch.\n"
            "Nghị quyết cụ thể hóa Luật Mặt trận Tổ quốc đã được Quốc hội thông qua ngày 9/6/2015.",
            (None, None),
        ),
        # ... and where the body has that day with its year, the year is known
        (
            "Giá vàng hôm nay 1/7\nGiá vàng hôm nay 1/7: vàng SJC bất ngờ tăng.\nĐó là giá vàng hôm nay 1/7/2017.",
            ("2017-07-01", None),
        ),
        # a range across months
        (
            "Thông báo Hội nghị Trung ương 5\nTừ ngày 5-5 đến 10-5-2017, tại Thủ đô Hà Nội, Hội nghị đã họp.",
            ("2017-05-05", "2017-05-10"),
        ),
        ("Lễ hội tuyết\nLễ hội được tổ chức từ ngày 6 đến 12/2/2017 tại Sapporo.", ("2017-02-06", "2017-02-12")),
        # a birthday, a deadline, a law in force: not the item's date
        ("Ông Minh tái đắc cử\nĐại hội cổ đông đã bầu HĐQT.\nÔng Dương Công Minh sinh ngày 10/5/1961.", (None, None)),
        ("Báo cáo 12 dự án\nVụ Kế hoạch báo cáo lãnh đạo Bộ trước ngày 10/2/2017.", (None, None)),
        ("Thông tư hết hiệu lực\nThông tư nhập khẩu ô tô đã hết hiệu lực từ ngày 1-7-2016.", (None, None)),
    ],
)
def test_a_news_item_is_not_dated_by_what_it_cites(text, expected):
    assert dates(text) == expected


def test_terms_named_and_ranges():
    t = terms("Tổng kết nhiệm kỳ 2015 – 2018 và phương hướng nhiệm kỳ 2018 - 2020. Quốc hội khóa XIV, khoá xiv.")
    assert t == {"terms": ["2015-2018", "2018-2020", "khóa XIV"], "reviews": "2015-2018", "plans": "2018-2020"}
    assert terms("Kế hoạch giai đoạn 2021-2025")["terms"] == []  # a planning period is not a term


def test_a_first_term_is_khoa_i_or_nhiem_ky_i_alike():
    from ingest import DocumentMeta
    from kb import StoredDocument
    from kb.filters import matches

    # a union's first congress (news 22713621): "phương hướng, nhiệm vụ CĐ cơ sở nhiệm kỳ I"
    found = terms("Về phương hướng, nhiệm vụ CĐ cơ sở nhiệm kỳ I")
    doc = StoredDocument(1, "", "cong-doan.txt", "", "", "", 1, 1, "", DocumentMeta(terms=tuple(found["terms"])))
    assert doc.meta.terms == ("nhiệm kỳ I",)
    for asked in ("khóa I", "nhiệm kỳ I", "nhiem ky i", "Khoá i"):
        assert matches(doc, Filters(term=asked)), asked
    assert not matches(doc, Filters(term="khóa II")) and not matches(doc, Filters(term="2017-2022"))


def test_section_labels():
    labels = label_chunks(
        [
            "Hoàn thành vượt mức các chỉ tiêu; kết quả đạt được rất đáng khích lệ, nhiều thành tích.",
            "Khó khăn, hạn chế: ngân sách đầu tư chưa cao, thiếu kinh phí hoạt động.",
            "Phương hướng, nhiệm vụ nhiệm kỳ tới: tăng cường ứng dụng CNTT, đẩy mạnh văn hóa đọc.",
            "Đại hội biểu quyết thông qua Nghị quyết; Điều 1. Quyết nghị thông qua báo cáo.",
            "Hội nghị đã bầu Ban Chấp hành; bà A giữ chức Chủ tịch, ông B trúng cử Phó Chủ tịch.",
            "Giao lưu văn nghệ vui tươi.",
        ]
    )
    assert [label[0] for label in labels] == [
        "achievements",
        "difficulties",
        "directions",
        "decisions",
        "elections",
        "other",
    ]
    assert "decisions" in label_chunks(["Đại hội quyết nghị thông qua Nghị quyết; bầu bà A giữ chức Chủ tịch."])[0]


@pytest.fixture
def meeting_kb(new_kb, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder)
    make_docx(
        folder / "nghi-quyet-2021.docx",
        [
            "NGHỊ QUYẾT",
            "Đại hội đại biểu Hội Thư viện tỉnh Hà Giang nhiệm kỳ 2021 - 2026 diễn ra từ ngày 14 - 15/7/2021.",
            "Đại hội quyết nghị: tăng cường ứng dụng công nghệ thông tin, số hóa tài liệu trong thư viện.",
            "Đại hội đã bầu Bà Trần Thị Mai - Phó Giám đốc Thư viện tỉnh Hà Giang giữ chức Chủ tịch Hội.",
        ],
    )
    kb = new_kb()
    kb.ingest([folder])
    return kb


def test_filters(meeting_kb):
    kb = meeting_kb
    q = "ứng dụng công nghệ thông tin trong thư viện"
    assert {h.doc.name for h in kb.search(q, filters=Filters(term="2021 - 2026"))} == {"nghi-quyet-2021.docx"}
    assert {h.doc.name for h in kb.search(q, filters=Filters(kind="news"))} == {SEED.name}
    assert {h.doc.name for h in kb.search(q, filters=Filters(year_from=2019))} == {"nghi-quyet-2021.docx"}
    assert {h.doc.name for h in kb.search(q, filters=Filters(year_to=2018))} == {SEED.name}
    assert {h.doc.name for h in kb.search(q, filters=Filters(org="lien hiep thu vien"))} == {SEED.name}
    assert all(
        "elections" in h.chunk.section.split(",") for h in kb.search("bầu", filters=Filters(section="elections"))
    )
    assert kb.search(q, filters=Filters(term="khóa XX")) == []
    with pytest.raises(KbError, match="choose one of"):
        Filters(kind="memo")


def test_people_and_timeline(meeting_kb):
    kb = meeting_kb
    chairs = {(f.person.name, f.person.term, f.doc.name) for f in kb.people() if f.person.role == "Chủ tịch"}
    assert chairs == {
        ("Nguyễn Thị Thanh Phương", "2018-2020", SEED.name),
        ("Trần Thị Mai", "2021-2026", "nghi-quyet-2021.docx"),
    }
    timeline = kb.timeline("công nghệ thông tin")
    terms_in_order = [e.term for e in timeline]
    assert terms_in_order.index("2018-2020") < terms_in_order.index("2021-2026")
    entry = next(e for e in timeline if e.term == "2021-2026")
    assert entry.passages[0].doc.name == "nghi-quyet-2021.docx"
    assert all({"decisions", "directions"} & set(h.chunk.sections) for e in timeline for h in e.passages)
    # every passage says the topic, spelt out or abbreviated ("ứng dụng CNTT" in the seed)
    assert all(re.search(r"công nghệ thông tin|CNTT", h.chunk.text) for e in timeline for h in e.passages)
    assert json.dumps([e.as_json() for e in timeline], ensure_ascii=False)


def test_corrections_are_kept_apart_and_survive_reingest_and_reindex(meeting_kb, tmp_path):
    kb = meeting_kb
    doc = kb.correct(SEED.name, kind="report", terms="2015 - 2018, 2018-2020", date="2018-05-11")
    assert doc.meta.kind == "report" and doc.meta.date == "2018-05-11" and doc.corrected
    row = kb.store.db.execute("SELECT meta FROM documents WHERE id=?", (doc.id,)).fetchone()
    assert json.loads(row[0])["kind"] == "news"  # the extracted value is still there
    kb.ingest([tmp_path / "docs"])
    kb.reindex()
    again = next(d for d in kb.documents() if d.name == SEED.name)
    assert again.meta.kind == "report" and again.meta.date == "2018-05-11"
    assert kb.search("thư viện", filters=Filters(kind="report"))
    kb.correct(SEED.name, kind=None)
    assert next(d for d in kb.documents() if d.name == SEED.name).meta.kind == "news"
    with pytest.raises(KbError, match="YYYY-MM-DD"):
        kb.correct(SEED.name, date="11/5/2018")


def test_a_kb_of_an_earlier_version_gets_titles_and_headers_on_open(meeting_kb, embedder):
    """Titles were once the first paragraph ("NGHỊ QUYẾT"); opening such a KB describes its documents
    again from the stored pages, without reading a file or embedding (a text's headline line and a
    web page's heading are not in its pages: their titles stay)."""
    from kb import KnowledgeBase

    kb = meeting_kb
    home = kb.home
    db = kb.store.db
    with db:
        for doc_id, name, meta in db.execute("SELECT id, name, meta FROM documents").fetchall():
            old = {k: v for k, v in json.loads(meta).items() if k != "header"}
            title = "NGHỊ QUYẾT" if name.endswith(".docx") else "Liên hiệp"  # a text's headline is kept
            db.execute("UPDATE documents SET title=?, meta=? WHERE id=?", (title, json.dumps(old), doc_id))
        as_made_before_migrations(db, structure_version="1")
    kb.close()
    again = KnowledgeBase(home, embedder=embedder)
    try:
        docs = {d.name: d for d in again.documents()}
        assert docs["nghi-quyet-2021.docx"].title == (
            "NGHỊ QUYẾT Đại hội đại biểu Hội Thư viện tỉnh Hà Giang nhiệm kỳ 2021 - 2026 diễn ra từ ngày 14 - "
            "15/7/2021."
        )
        assert docs[SEED.name].title == "Liên hiệp"  # a text's title came from its first line, not its pages
        assert all(d.meta.header for d in docs.values())
    finally:
        again.close()


def test_passages_carry_their_headings_and_an_earlier_kb_gets_them_on_open(new_kb, tmp_path, embedder):
    from kb import KnowledgeBase

    filler = "Hội phụ nữ các cấp tiếp tục đổi mới nội dung, phương thức hoạt động, hướng về cơ sở. " * 12
    path = make_docx(
        tmp_path / "nghi-quyet.docx",
        [
            "NGHỊ QUYẾT",
            "Đại hội đại biểu Phụ nữ huyện nhiệm kỳ 2021 - 2026. " + filler,
            "I. KẾT QUẢ NHIỆM KỲ 2016 - 2021",
            filler,
            "II. PHƯƠNG HƯỚNG NHIỆM KỲ 2021 - 2026",
            "1. Mục tiêu chung",
            filler,
            "2. Một số chỉ tiêu cơ bản",
            *[
                f"({i}). Hàng năm, có {80 + i}% trở lên cán bộ, hội viên phụ nữ được hỗ trợ nâng cao kiến thức, kỹ "
                f"năng "
                "trong mọi lĩnh vực, được tuyên truyền nghị quyết của Đảng."
                for i in range(1, 5)
            ],
            "(5). Trong nhiệm kỳ, vận động trồng 5.000 cây xanh góp phần giảm ô nhiễm môi trường.",
            *[
                f"({i}). Hàng năm, tỷ lệ phát triển hội viên mới tăng {i}%, thu hút phụ nữ tham gia sinh hoạt Hội."
                for i in range(6, 9)
            ],
        ],
    )
    kb = new_kb()
    kb.ingest([path])
    hit = kb.search("trồng 5.000 cây xanh", k=1)[0]
    want = "II. PHƯƠNG HƯỚNG NHIỆM KỲ 2021 - 2026 › 2. Một số chỉ tiêu cơ bản"
    assert hit.chunk.heading_text == want and hit.as_json()["heading"] == want
    timeline = [p for e in kb.timeline("trồng cây xanh") for p in e.as_json()["passages"]]
    assert {p["heading"] for p in timeline if "5.000 cây xanh" in p["text"]} == {want}
    home, db = kb.home, kb.store.db
    with db:  # as a KB made before headings were read
        db.execute("UPDATE chunks SET heading=''")
        as_made_before_migrations(db, structure_version="4")
    kb.close()
    again = KnowledgeBase(home, embedder=embedder)
    try:
        assert again.search("trồng 5.000 cây xanh", k=1)[0].chunk.heading_text == want
    finally:
        again.close()
