"""Chunking: whole sentences, within the model's window, overlapping, offsets and pages exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import Document, Page, chunk
from ingest.chunk import sentences


def words(texts):
    return [len(t.split()) for t in texts]


def test_abbreviations_do_not_end_sentences():
    text = "Sáng 10/5/2018, tại TP. Lạng Sơn, ThS. Nguyễn V. An phát biểu. Hội nghị bàn v.v. và nhiều việc! Đ/c Hà nói."
    got = [text[a:b] for a, b in sentences(text)]
    assert got == [
        "Sáng 10/5/2018, tại TP. Lạng Sơn, ThS. Nguyễn V. An phát biểu.",
        "Hội nghị bàn v.v. và nhiều việc!",
        "Đ/c Hà nói.",
    ]


def test_chunks_respect_window_keep_pages_and_offsets(embedder):
    sentence = "Hội nghị đã thống nhất phương hướng nhiệm vụ nhiệm kỳ 2018 - 2020 về ứng dụng công nghệ thông tin."
    doc = Document("x.pdf", "x.pdf", "0" * 64, (Page(1, " ".join([sentence] * 12)), Page(2, " ".join([sentence] * 12))))
    chunks = chunk(doc, embedder.count_tokens, max_tokens=120, overlap=30)
    assert len(chunks) > 4
    for c in chunks:
        assert doc.text[c.char_start : c.char_end] == c.text
        assert embedder.count_tokens([c.text])[0] <= 120 + 2  # sentence sums can differ by a token at joins
    assert chunks[0].page_start == 1 and chunks[-1].page_end == 2
    assert all(c.page_start == c.page_end for c in chunks)  # a citation names one page
    same_page = [(a, b) for a, b in zip(chunks, chunks[1:]) if a.page_start == b.page_start]
    assert same_page and all(b.char_start < a.char_end < b.char_end for a, b in same_page)  # overlap, no subsets


def test_a_sentence_longer_than_the_window_is_cut_at_words(embedder):
    long = "Tăng cường ứng dụng công nghệ thông tin trong thư viện, " * 60
    doc = Document("y.txt", "y.txt", "1" * 64, (Page(1, long),))
    chunks = chunk(doc, embedder.count_tokens, max_tokens=100, overlap=0)
    assert len(chunks) >= 6
    assert all(embedder.count_tokens([c.text])[0] <= 100 for c in chunks)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Hội nghị đã bầu Ban Chấp hành.",
                "Nhiệm kỳ 2015-2018 hoàn thành tốt nhiệm vụ!",
                "Kinh phí còn khó khăn",
                "TP. Lạng Sơn đón 100 đại biểu.",
                "\n\n",
                "Ứng dụng CNTT chưa đồng bộ;",
            ]
        ),
        min_size=1,
        max_size=40,
    )
)
def test_chunks_cover_every_word(parts):
    text = " ".join(parts).strip() or "Trống."
    doc = Document("z.txt", "z.txt", "2" * 64, (Page(1, text),))
    chunks = chunk(doc, lambda ts: words(ts), max_tokens=20, overlap=5)
    covered = set()
    for c in chunks:
        covered.update(range(c.char_start, c.char_end))
    assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())


def test_passages_know_the_headings_they_stand_under(embedder):
    # the Gia Lâm congress resolution's layout: a part in capitals, Roman and Arabic numbers, a
    # heading the text layer ran into its first item, and the motto and signature that are none
    filler = "Hội phụ nữ các cấp tiếp tục đổi mới nội dung, phương thức hoạt động, hướng về cơ sở. " * 6
    text = "\n".join(
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "NGHỊ QUYẾT",
            "Đại hội đại biểu Phụ nữ huyện Gia Lâm lần thứ XXI, nhiệm kỳ 2021 - 2026 diễn ra từ ngày 14 - 15/7/2021. "
            + filler,
            "ĐẠI HỘI ĐẠI BIỂU PHỤ NỮ HUYỆN GIA LÂM LẦN THỨ XXI QUYẾT NGHỊ",
            "I. Tán thành và thông qua Báo cáo Chính trị của Ban Chấp hành khóa XX.",
            filler,
            "II. Đại hội đã nhất trí thông qua mục tiêu, nhiệm vụ, giải pháp nhiệm kỳ 2021 - 2026",
            "1. Mục tiêu chung",
            filler,
            "2. Một số chỉ tiêu cơ bản (1). Hàng năm, có 85% trở lên cán bộ, hội viên được hỗ trợ. " + filler,
            "(5). Trong nhiệm kỳ, vận động trồng 5.000 cây xanh góp phần giảm ô nhiễm môi trường.",
            "TM. BAN CHẤP HÀNH",
        ]
    )
    doc = Document("r.pdf", "r.pdf", "0" * 64, (Page(1, text),))
    chunks = chunk(doc, embedder.count_tokens, max_tokens=60, overlap=0)
    trees = next(c for c in chunks if "5.000 cây xanh" in c.text)
    assert trees.heading_text == (
        "ĐẠI HỘI ĐẠI BIỂU PHỤ NỮ HUYỆN GIA LÂM LẦN THỨ XXI QUYẾT NGHỊ › II. Đại hội đã nhất trí "
        "thông qua mục tiêu, nhiệm vụ, giải pháp nhiệm kỳ 2021 - 2026 › 2. Một số chỉ tiêu cơ bản"
    )
    # the motto and the paper's type heading at its top are its header, not parts of it
    assert all("CỘNG HÒA" not in c.heading_text and not c.heading_text.startswith("NGHỊ QUYẾT") for c in chunks)
    assert chunks[0].heading == ()
