"""The Streamlit page logic, run by Streamlit's own AppTest against a real KB."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SEED


@pytest.fixture
def app(tmp_path, monkeypatch):
    def start(with_seed: bool) -> AppTest:
        home = tmp_path / ("kb" if with_seed else "empty")
        if with_seed:
            from kb import KnowledgeBase

            docs = tmp_path / "docs"
            docs.mkdir()
            shutil.copy(SEED, docs)
            kb = KnowledgeBase(home)
            kb.ingest([docs])
            kb.close()
        monkeypatch.setenv("KB_HOME", str(home))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        return at

    return start


def test_empty_kb_shows_a_welcome_not_an_error(app):
    at = app(with_seed=False)
    assert not at.exception and not at.error
    assert "kb ingest" in at.info[0].value


def test_search_shows_document_page_and_passage(app):
    at = app(with_seed=True)
    at.text_input[0].input("Ai được bầu giữ chức Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?").run()
    assert not at.exception
    assert "000_3c1979836d8bfaf1.txt · trang 1" in [c.value for c in at.caption]
    passages = [m.value for m in at.markdown]
    assert any("Nguyễn Thị Thanh Phương" in p and p.startswith("**trang 1**") and "<mark>Chủ</mark>" in p
               for p in passages)


def test_document_text_is_escaped_not_rendered():
    import app

    text = "<script>alert(1)</script> **đậm** nghị quyết"
    html = app.marked(text, [(text.index("nghị"), text.index("nghị") + 4)])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\\*\\*đậm\\*\\*" in html and "<mark>nghị</mark>" in html
