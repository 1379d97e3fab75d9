"""The Hồ sơ nhiệm kỳ page, run by Streamlit's AppTest on a real knowledge base of the seed."""

from __future__ import annotations

import sys

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SEED, kb_with

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SOURCE = f"{SEED.name} · trang 1"


@pytest.fixture(scope="module")
def seed_home(tmp_path_factory, embedder):
    return kb_with(tmp_path_factory.mktemp("brief-app"), embedder)


@pytest.fixture
def brief_page(monkeypatch, seed_home):
    monkeypatch.setenv("KB_HOME", str(seed_home))
    monkeypatch.delenv("KB_LLM_URL", raising=False)
    return AppTest.from_string("import app\napp.main(start='brief')", default_timeout=180).run()


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_the_page_shows_the_brief_of_the_organisation_the_kb_holds(brief_page):
    at = brief_page
    no_failure(at)
    assert at.title[0].value == "Hồ sơ nhiệm kỳ"
    assert at.selectbox(key="brief.org").value == "Liên hiệp Thư viện các tỉnh Miền núi phía Bắc"
    assert at.subheader[0].value.replace("\\", "").endswith("nhiệm kỳ 2018-2020")
    parts = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert parts[:2] == ["#### Tổ chức, nhiệm kỳ, các kỳ họp và văn bản", "#### Nhân sự được bầu, bổ nhiệm"]
    lines = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith(("•", "&emsp;–"))]
    assert any("Chủ tịch: Nguyễn Thị Thanh Phương" in x for x in lines)
    assert any(x.startswith("&emsp;–") and "Tăng cường ứng dụng CNTT" in x for x in lines), "list items indented"
    assert any("Nhiệm kỳ trước: 2015-2018" in c.value.replace("\\", "") for c in at.caption)
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Tải về DOCX", "Tải về PDF"]
    assert [d.proto.url.rsplit(".", 1)[1] for d in at.get("download_button")] == ["docx", "pdf"]


def test_a_citation_opens_its_page_in_the_reader(brief_page):
    at = brief_page
    lines = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("•")]
    chair = next(i for i, x in enumerate(lines) if "Nguyễn Thị Thanh Phương" in x)
    sources = [b for b in at.button if b.label == SOURCE]
    assert len(sources) >= len(lines), "every line has a button per source"
    sources[chair].click().run()
    no_failure(at)
    page = [h.proto.body for h in at.get("html") if 'class="kb-page"' in h.proto.body]
    assert page, "the reader shows the page"
    marked = page[0].split('<mark id="passage">')[1].split("</mark>")[0]
    assert "Nguyễn Thị Thanh Phương" in marked and "Sáng 10/5/2018" in page[0]


def test_the_page_speaks_english_with_the_switch(brief_page):
    at = brief_page
    at.radio(key="lang").set_value("en").run()
    no_failure(at)
    assert at.title[0].value == "Term brief"
    assert "#### Officers elected or appointed" in [m.value for m in at.markdown]
    assert [d.proto.label for d in at.get("download_button")] == ["Download DOCX", "Download PDF"]
