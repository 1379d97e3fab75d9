"""Queries typed without accents are given them back from the knowledge base's own text, searched by
the dense model as well, and shown as people know it from search engines; the counts behind it follow
the stored documents exactly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED, make_docx

FOLDED = "ai duoc bau giu chuc chu tich lien hiep"


@pytest.fixture(scope="module")
def seed_kb(tmp_path_factory, embedder):
    from kb import KnowledgeBase

    kb = KnowledgeBase(tmp_path_factory.mktemp("restore") / "kb", embedder=embedder)
    kb.ingest([SEED])
    yield kb
    kb.close()


def test_a_folded_query_is_restored_and_read_by_the_dense_model_too(seed_kb):
    assert seed_kb.understood(FOLDED) == "ai được bầu giữ chức chủ tịch liên hiệp"
    assert seed_kb.understood("chủ tich lien hiep thu vien") == "chủ tịch liên hiệp thư viện", "partly typed"
    hits = seed_kb.search(FOLDED, k=3)
    assert "Thanh Phương" in hits[0].chunk.text and hits[0].why == "hybrid"
    dense = seed_kb.search(FOLDED, k=3, mode="dense")
    assert "Thanh Phương" in dense[0].chunk.text, "the restored query reads as an accented one"
    assert seed_kb.search(FOLDED, k=3, as_typed=True)[0].why == "lexical"


def test_an_accented_query_is_searched_as_typed(seed_kb):
    assert seed_kb.understood("Ai được bầu giữ chức Chủ tịch Liên hiệp?") is None
    assert seed_kb.understood("kinh phí hoạt động của thư viện huyện") is None


def test_a_folded_question_is_answered_as_it_reads_with_accents(seed_kb):
    a = seed_kb.ask("ai giu chuc chu tich lien hiep nhiem ky 2018-2020")
    assert a.found and "Nguyễn Thị Thanh Phương" in a.answer
    assert a.restored == "ai giữ chức chủ tịch liên hiệp nhiệm kỳ 2018-2020"
    assert a.as_json()["restored"] == a.restored
    assert seed_kb.ask("ai giu chuc chu tich lien hiep nhiem ky 2018-2020", as_typed=True).restored is None


def counts(kb) -> tuple[dict, int]:
    c = kb.store.syllable_counts()
    keys = {"thu", "vien", "chu", "tich", "nghi", "quyet", "cay", "xanh"}
    return c.forms(keys), c.total()


def test_the_counts_follow_the_stored_documents(new_kb, tmp_path):
    kb = new_kb()
    kb.ingest([SEED])
    before = counts(kb)
    other = make_docx(tmp_path / "nghi-quyet.docx", ["Nghị quyết về trồng cây xanh. Thư viện tỉnh được giao."])
    kb.ingest([other])
    assert counts(kb) != before and counts(kb)[0]["cay"] == {"cây": 1}
    kb.remove("nghi-quyet.docx")
    assert counts(kb) == before, "taking a document out leaves exactly the counts that were there"
    fresh = new_kb("fresh")
    fresh.ingest([SEED])
    assert counts(fresh) == before, "incremental counts equal counts made from scratch"


def test_the_cli_says_what_it_searched_for(seed_kb):
    def cli(*args: str, lang: str = "vi") -> str:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(seed_kb.home.parent), "KB_LANG": lang}
        done = subprocess.run(
            [sys.executable, "-m", "kb.cli", "--home", str(seed_kb.home), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert cli("search", FOLDED, "-k", "1").startswith(
        f'Đang tìm: ai được bầu giữ chức chủ tịch liên hiệp — tìm đúng như đã gõ: kb search --as-typed "{FOLDED}"'
    )
    assert cli("search", FOLDED, "-k", "1", lang="en").startswith("Searching for: ai được bầu giữ chức")
    assert "Đang tìm" not in cli("search", FOLDED, "-k", "1", "--as-typed")
    found = json.loads(cli("search", FOLDED, "-k", "1", "--json"))
    assert found["restored"] == "ai được bầu giữ chức chủ tịch liên hiệp" and found["results"]
    assert json.loads(cli("ask", FOLDED, "--json"))["restored"] == "ai được bầu giữ chức chủ tịch liên hiệp"


def test_the_app_says_what_it_searched_for_and_searches_as_typed_on_request(seed_kb, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    home = tmp_path / "kb"
    shutil.copytree(seed_kb.home, home)
    monkeypatch.setenv("KB_HOME", str(home))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    at = AppTest.from_string("import app\napp.main(start='search')", default_timeout=180).run()
    at.text_input(key="search.q").input(FOLDED).run()
    assert any("Đang tìm: **ai được bầu giữ chức chủ tịch liên hiệp**" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Tìm đúng như đã gõ").click().run()
    assert not any("Đang tìm" in m.value for m in at.markdown), "searched as typed, nothing restored"
