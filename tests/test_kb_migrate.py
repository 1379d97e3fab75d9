"""`kb migrate`: the embedded default to PostgreSQL + Milvus and back, vectors copied, checked, and the
same search results on every side."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEED, make_docx, make_pdf
from kb import KnowledgeBase
from kb.errors import KbError
from kb.store import Backends
from kb.store.layout import BACKENDS
from servers import milvus_lite, postgres  # noqa: F401 - fixtures

QUERIES = ["ứng dụng công nghệ thông tin trong thư viện", "kinh phí bổ sung tài liệu", "ung dung cong nghe"]


@pytest.fixture
def home(tmp_path, embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs)
    make_pdf(docs / "bao-cao.pdf", ["Khó khăn: ngân sách đầu tư cho bổ sung tài liệu chưa cao, thiếu kinh phí."])
    make_docx(docs / "nghi-quyet.docx", ["Đại hội quyết nghị tăng cường ứng dụng công nghệ thông tin."])
    kb = KnowledgeBase(tmp_path / "kb", embedder=embedder)
    kb.ingest([docs])
    kb.close()
    return tmp_path / "kb"


def tops(kb: KnowledgeBase) -> dict:
    return {
        (q, mode): [(h.doc.name, h.chunk.ord, round(h.score, 4)) for h in kb.search(q, k=10, mode=mode)]
        for q in QUERIES
        for mode in ("dense", "lexical", "hybrid")
    }


def kept(kb: KnowledgeBase) -> tuple:
    """What people made (issue 17) and the accent counts (issue 16): all carried by kb migrate."""
    c = kb.store.syllable_counts()
    return (
        kb.store.users(),
        [(t.user, t.label, t.prefix, t.revoked) for t in kb.store.tokens()],
        [(t.doc.name, t.doc.access, t.by) for t in kb.trashed()],
        [(d.name, d.access) for d in kb.documents()],
        (c.forms({"cong", "nghe", "thu", "vien"}), c.total()),
    )


def test_to_postgres_and_milvus_and_back(home, embedder, postgres, milvus_lite):  # noqa: F811
    from kb.records import Access

    kb = KnowledgeBase(home, embedder=embedder)
    kb.accounts.add("doc-gia", "viewer", "mat-khau-du-dai-12", ("ke-toan",))
    kb.accounts.create_token("doc-gia", "cổng")
    kb.set_access("nghi-quyet.docx", Access("restricted", ("ke-toan",)))
    kb.remove("bao-cao.pdf")  # to the trash, with its vectors
    before, vectors = tops(kb), {int(i): v.tobytes() for ids, vs in kb.store.vectors() for i, v in zip(ids, vs)}
    people, trail = kept(kb), kb.audit()
    target = Backends(store="passages.db", catalog=postgres())
    report = kb.migrate(target)
    assert report.passed and report.chunks == len(vectors), report.check and report.check.lines("en")
    assert report.same["dense"] == report.asked > 0  # exact search on both sides, the same vectors
    assert (home / BACKENDS).exists()
    kb.close()

    kb = KnowledgeBase(home, embedder=embedder)  # the home now opens on the servers
    assert kb.store.generation and type(kb.store).__name__ == "ComposedStore"
    assert kept(kb) == people and kb.audit()[: len(trail)] == trail
    assert [e.action for e in kb.audit()[len(trail) :]] == ["migrate"]
    assert kb.accounts.sign_in("doc-gia", "mat-khau-du-dai-12").name == "doc-gia"  # a change on the servers
    assert {int(i): v.tobytes() for ids, vs in kb.store.vectors() for i, v in zip(ids, vs)} == vectors
    on_servers = tops(kb)
    for (q, mode), found in before.items():  # dense: the same; BM25 is Milvus's: the best within its top 3
        if mode == "dense":
            assert found == on_servers[(q, mode)], q
        assert found[0][:2] in [hit[:2] for hit in on_servers[(q, mode)][:3]], (q, mode)
    assert kb.check().passed
    with pytest.raises(KbError, match="there already"):
        kb.migrate(target)

    back = kb.migrate(Backends())
    assert back.passed and not (home / BACKENDS).exists()
    kb.close()
    kb = KnowledgeBase(home, embedder=embedder)
    assert type(kb.store).__name__ == "EmbeddedStore"
    assert tops(kb) == before  # the round trip gives the same results, scores included
    assert kept(kb) == people
    assert [e.action for e in kb.audit()[len(trail) :]] == ["migrate", "sign_in", "migrate"]  # the trail goes on
    restored = kb.restore("bao-cao.pdf")  # the trash came back with its vectors
    assert restored.chunks and kb.search("thiếu kinh phí", k=1)[0].doc.name == "bao-cao.pdf"
    assert kb.check().passed
    kb.close()


def test_passages_alone_to_milvus_and_back(home, embedder, milvus_lite):  # noqa: F811
    """The catalog stays in catalog.sqlite; only the passages move (and come back: FTS5 and FAISS rebuilt)."""
    kb = KnowledgeBase(home, embedder=embedder)
    before = tops(kb)
    assert kb.migrate(Backends(store="passages.db")).passed
    (home / "extra.txt").write_text("Hội Nông dân xã xây dựng 40 km đường giao thông nông thôn.", "utf-8")
    kb.ingest([home / "extra.txt"])  # a change made while on Milvus comes back too
    assert kb.search("đường giao thông nông thôn", k=1)[0].doc.name == "extra.txt"
    assert kb.migrate(Backends()).passed
    after = tops(kb)
    assert kb.search("đường giao thông nông thôn", k=1)[0].doc.name == "extra.txt"
    assert all(after[k][0][:2] == before[k][0][:2] for k in before)  # "extra.txt" is about none of them
    assert kb.check().passed
    kb.close()


def test_a_postgres_catalog_of_schema_1_gets_the_new_tables_and_its_pages_counted(home, embedder, postgres):  # noqa: F811
    """A catalog made before accounts and accent restoration (schema 1) is upgraded when opened: the
    tables of accounts, the audit trail and the trash, and the syllable counts of the pages it holds."""
    from kb.store.postgres import PostgresCatalog

    kb = KnowledgeBase(home, embedder=embedder)
    want = kb.store.syllable_counts().forms({"cong", "nghe", "thu", "vien"}), kb.store.syllable_counts().total()
    address = postgres()
    assert kb.migrate(Backends(catalog=address)).passed
    kb.close()
    old = PostgresCatalog(address)  # made as the first version would have left it
    for table in ("syllables", "syllable_pairs", "access", "users", "tokens", "sign_ins", "trash"):
        old.db.execute(f"DROP TABLE {table} CASCADE")
    old.db.execute("DROP TABLE audit")
    old.db.execute("DELETE FROM meta WHERE key = 'syllables_counted'")
    old.db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    old.close()

    kb = KnowledgeBase(home, embedder=embedder)  # opened on the upgraded catalog
    counts = kb.store.syllable_counts()
    assert (counts.forms({"cong", "nghe", "thu", "vien"}), counts.total()) == want
    assert kb.store.setting("schema_version") == "2" and kb.store.users() == [] and kb.trashed() == []
    kb.remove("bao-cao.pdf")
    assert [t.doc.name for t in kb.trashed()] == ["bao-cao.pdf"]
    assert kb.restore("bao-cao.pdf").chunks and kb.trashed() == []
    assert kb.check().passed
    kb.close()
