"""One contract for every store: the same files ingested on each combination of catalog and passages
give the same documents, searches, filters, answers and checks as the embedded default.

    embedded          catalog.sqlite with FTS5 inside + index.faiss (the default)
    sqlite+milvus     catalog.sqlite + Milvus Lite in-process (kb/store/milvus.py)
    postgres+milvus   a real PostgreSQL server (tests/servers.py) + Milvus Lite
    postgres+local    a real PostgreSQL server + FAISS/FTS5 files
"""

from __future__ import annotations

import shutil

import pytest

from conftest import SEED, make_docx, make_pdf
from kb import KnowledgeBase
from kb.accounts import token_digest
from kb.errors import KbError
from kb.filters import Filters, matches
from kb.home import Home
from kb.pipeline import IngestReport, Pipeline, Prepared
from kb.store import EMBEDDED, SQLITE, Backends, record_backends
from kb.store.seams import Change
from servers import milvus_lite, postgres  # noqa: F401 - fixtures

BUDGET = "Khó khăn: ngân sách các địa phương đầu tư cho bổ sung tài liệu chưa cao, thiếu kinh phí hoạt động."
ELECTION = "Hội nghị đã bầu Bà Nguyễn Thị Thanh Phương, Giám đốc Thư viện tỉnh Hà Giang, giữ chức Chủ tịch."
TREES = "Hội Phụ nữ huyện đặt chỉ tiêu trồng mới 12.000 cây xanh trong nhiệm kỳ 2021 - 2026."
CULTURE = "Sở Văn hoá, Thể thao và Du lịch tỉnh Lạng Sơn chỉ đạo phong trào đọc sách ở cơ sở."
RESOLUTION = [
    "NGHỊ QUYẾT",
    "Đại hội đại biểu Hội Thư viện tỉnh Hà Giang nhiệm kỳ 2021 - 2026 diễn ra từ ngày 14 - 15/7/2021.",
    "Đại hội quyết nghị: tăng cường ứng dụng công nghệ thông tin, số hóa tài liệu trong thư viện.",
    "Đại hội đã bầu Bà Trần Thị Mai - Phó Giám đốc Thư viện tỉnh Hà Giang giữ chức Chủ tịch Hội.",
]
QUERIES = [
    "ứng dụng công nghệ thông tin trong thư viện",
    "ai giữ chức Chủ tịch Hội Thư viện tỉnh Hà Giang",
    "kinh phí bổ sung tài liệu",
    "trồng cây xanh",
    "phong trào đọc sách",
    "ung dung cong nghe thong tin",  # typed without accents: BM25 on the folded terms alone
]
FILTERS = [
    Filters(term="2021 - 2026"),
    Filters(kind="news"),
    Filters(year_from=2019),
    Filters(year_to=2018),
    Filters(year_to=2018, lenient=True),
    Filters(org="lien hiep thu vien"),
    Filters(section="elections"),
    Filters(term="khóa XX"),
]
BACKENDS = ["embedded", "sqlite+milvus", "postgres+milvus", "postgres+local"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contract") / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    make_pdf(folder / "bao-cao.pdf", [BUDGET, ELECTION])
    make_docx(folder / "ke-hoach.docx", [TREES])
    make_docx(folder / "nghi-quyet-2021.docx", RESOLUTION)
    (folder / "tin.html").write_text(f"<html><body><article><p>{CULTURE}</p></article></body></html>", "utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(files, tmp_path_factory, embedder):
    """The embedded default with the same files: what every backend must give."""
    kb = KnowledgeBase(tmp_path_factory.mktemp("reference") / "kb", embedder=embedder)
    kb.ingest([files])
    yield kb
    kb.close()


@pytest.fixture(params=BACKENDS)
def backend(request) -> Backends:
    catalog, store = request.param.split("+") if "+" in request.param else (SQLITE, EMBEDDED)
    if store == "milvus":
        request.getfixturevalue("milvus_lite")
        store = "passages.db"  # a Milvus Lite file in the home
    elif store == "local":
        store = EMBEDDED
    if catalog == "postgres":
        catalog = request.getfixturevalue("postgres")()  # a schema of its own on the session's server
    return Backends(store=store, catalog=catalog)


@pytest.fixture
def open_kb(tmp_path, embedder, backend):
    opened = []

    def make(name: str = "kb") -> KnowledgeBase:
        home = tmp_path / name
        home.mkdir(exist_ok=True)
        record_backends(home, backend)
        kb = KnowledgeBase(home, embedder=embedder)
        opened.append(kb)
        return kb

    yield make
    for kb in opened:
        kb.close()


def top(kb: KnowledgeBase, query: str, mode: str, k: int = 5, filters: Filters | None = None):
    return [(h.doc.name, h.chunk.ord) for h in kb.search(query, k=k, mode=mode, filters=filters)]


def no_duplicates(kb: KnowledgeBase) -> None:
    docs = kb.documents()
    assert len({d.sha256 for d in docs}) == len(docs)
    for d in docs:
        assert [c.ord for _, c in kb.store.chunks_of(d.id)] == list(range(d.chunks))


def checks_clean(kb: KnowledgeBase) -> list[str]:
    report = kb.check()
    assert report.passed, report.lines("en")
    return report.lines("en")


def test_the_same_documents_searches_filters_and_answers(open_kb, files, reference):
    kb = open_kb()
    report = kb.ingest([files])
    assert report.count("added") == 5 and report.count("skipped") == 0
    assert [(d.name, d.chunks, d.meta) for d in kb.documents()] == [
        (d.name, d.chunks, d.meta) for d in reference.documents()
    ]
    for q in QUERIES:
        assert top(kb, q, "dense") == top(reference, q, "dense"), q  # exact search on both sides
        assert top(kb, q, "lexical", 1) == top(reference, q, "lexical", 1), q
        assert top(kb, q, "hybrid", 1) == top(reference, q, "hybrid", 1), q
    docs = reference.documents()
    for f in FILTERS:
        wanted = {d.name for d in docs if matches(d, f)} if f.on_documents else None
        for q in QUERIES[:3]:
            got = {name for name, _ in top(kb, q, "hybrid", 10, f)}
            assert got == {name for name, _ in top(reference, q, "hybrid", 10, f)}, (q, f)
            assert wanted is None or got <= wanted, (q, f)
    sections = kb.search("bầu", filters=Filters(section="elections"))
    assert sections and all("elections" in h.chunk.sections for h in sections)
    question = "Ai được bầu giữ chức Chủ tịch Hội Thư viện tỉnh Hà Giang nhiệm kỳ 2021 - 2026?"
    assert kb.ask(question).as_json() == reference.ask(question).as_json()
    assert [e.as_json() for e in kb.timeline("công nghệ thông tin")] == [
        e.as_json() for e in reference.timeline("công nghệ thông tin")
    ]
    assert kb.stats()["chunks"] == reference.stats()["chunks"]
    checks_clean(kb)


def test_changes_keep_the_passages_in_step(open_kb, files, tmp_path):
    kb = open_kb()
    kb.ingest([files])
    q = "trồng cây xanh"
    kb.correct("ke-hoach.docx", kind="decision", terms="khóa IX")
    assert {h.doc.name for h in kb.search(q, filters=Filters(kind="decision"))} >= {"ke-hoach.docx"}
    assert {h.doc.name for h in kb.search(q, filters=Filters(term="khóa IX"))} == {"ke-hoach.docx"}
    kb.remove("tin.html")
    assert "tin.html" not in {h.doc.name for h in kb.search("phong trào đọc sách", k=20)}
    changed = tmp_path / "again"
    changed.mkdir()
    make_docx(changed / "ke-hoach.docx", ["Hội Nông dân xã xây dựng 40 km đường giao thông nông thôn."])
    assert kb.ingest([changed / "ke-hoach.docx"]).count("added") == 1
    assert top(kb, "đường giao thông nông thôn", "hybrid", 1)[0][0] == "ke-hoach.docx"
    again = kb.ingest([files])  # tin.html comes back, the rest is there
    assert (again.count("unchanged"), again.count("added")) == (4, 1)
    no_duplicates(kb)
    checks_clean(kb)


def test_an_interrupted_write_is_taken_by_the_next(open_kb, files, tmp_path):
    """A crash between the catalog's commit and the passages' update leaves the write-ahead record:
    `kb check` says so, the next write hands it over, nothing is lost or doubled."""
    kb = open_kb()
    if not hasattr(kb.store, "catalog"):
        pytest.skip("the embedded default writes both in one SQLite transaction (tests/test_crash.py)")
    kb.ingest([files / "tin.html"])
    copy = tmp_path / "copy.txt"
    copy.write_text(CULTURE + " Bản sao gửi các thư viện huyện.", encoding="utf-8")
    item = Pipeline(kb.store, Home(kb.home), kb.embedder).prepare(copy, IngestReport())
    assert isinstance(item, Prepared)
    vectors = kb.embedder.encode([c.text for c in item.chunks], "passage")
    stored = Home(kb.home).keep_original(item.doc.sha256, item.doc.name, item.data)
    kb.store.catalog.add(item.doc, stored, item.chunks, vectors, item.source)  # the passages are never told
    assert any("wait to be taken" in line for line in checks_clean(kb))
    kb.ingest([files / "ke-hoach.docx"])  # the next write hands the waiting change over first
    assert not kb.store.catalog.pending()
    assert "copy.txt" in {h.doc.name for h in kb.search(CULTURE, k=5, mode="dense")}
    no_duplicates(kb)
    assert not any("wait" in line for line in checks_clean(kb))


def test_check_finds_passages_that_differ_and_repair_rebuilds_them(open_kb, files):
    kb = open_kb()
    if not hasattr(kb.store, "passages"):
        pytest.skip("the embedded default's check is tested in tests/test_crash.py")
    kb.ingest([files])
    some = kb.store.chunk_ids(None, None)[:2]
    kb.store.passages.take(Change(kb.store.generation, removed=tuple(some)), [])  # behind the catalog's back
    report = kb.check()
    assert not report.passed and report.index_stale
    repaired = kb.check(repair=True)
    assert repaired.passed and repaired.repaired, repaired.lines("en")
    assert top(kb, "trồng cây xanh", "hybrid", 1)[0][0] == "ke-hoach.docx"


def test_reindex_rebuilds_catalog_and_passages_in_place(open_kb, files):
    kb = open_kb()
    kb.ingest([files])
    kb.correct("ke-hoach.docx", kind="plan")
    before = {d.name: d.chunks for d in kb.documents()}
    report = kb.reindex()
    assert len(report.files) == len(before)
    assert {d.name: d.chunks for d in kb.documents()} == before
    assert {h.doc.name for h in kb.search("trồng cây xanh", filters=Filters(kind="plan"))} == {"ke-hoach.docx"}
    assert top(kb, "trồng cây xanh", "hybrid", 1)[0][0] == "ke-hoach.docx"
    no_duplicates(kb)
    checks_clean(kb)


# --- what main gained, on every backend: accent restoration, headings, accounts, access, trash, backup ----
SECRET = "Zebrafoxtrot Quasimodo: kho mật thư số hóa của phòng kế toán Vortigern."
FILLER = "Hội phụ nữ các cấp tiếp tục đổi mới nội dung, phương thức hoạt động, hướng về cơ sở. " * 12
HEADED = [
    "NGHỊ QUYẾT",
    "Đại hội đại biểu Phụ nữ huyện nhiệm kỳ 2021 - 2026. " + FILLER,
    "I. KẾT QUẢ NHIỆM KỲ 2016 - 2021",
    FILLER,
    "II. PHƯƠNG HƯỚNG XÂY DỰNG THƯ VIỆN LƯU ĐỘNG",
    "1. Mục tiêu chung",
    FILLER,
    "2. Một số chỉ tiêu cơ bản",
    *[
        f"({i}). Hàng năm, tỷ lệ phát triển hội viên mới tăng {i}%, thu hút phụ nữ tham gia sinh hoạt Hội."
        for i in (1, 2)
    ],
    "(3). Đến năm 2026, mỗi xã vùng cao có một điểm đọc phục vụ thiếu nhi vào cuối tuần.",
]
KEYS = {"thu", "vien", "chu", "tich", "nghi", "quyet", "cay", "xanh", "cong", "nghe"}
PASSWORD = "mat-khau-du-dai-12"


def counts(kb: KnowledgeBase) -> tuple[dict, int, dict]:
    c = kb.store.syllable_counts()
    return c.forms(KEYS), c.total(), c.pairs([("cong", "nghe"), ("thu", "vien"), ("cay", "xanh")])


def test_syllable_counts_and_restored_queries_are_the_same_on_every_backend(open_kb, files, reference):
    kb = open_kb()
    kb.ingest([files])
    assert counts(kb) == counts(reference) and counts(kb)[1] > 0
    for q in ("ung dung cong nghe thong tin", "ai giu chuc chu tich hoi thu vien tinh ha giang"):
        assert kb.understood(q) == reference.understood(q) and kb.understood(q), q
        for mode in ("hybrid", "lexical", "dense"):
            assert top(kb, q, mode, 3) == top(reference, q, mode, 3), (q, mode)
    before = counts(kb)
    kb.remove("ke-hoach.docx")  # to the trash: its pages no longer counted
    assert counts(kb) != before
    assert "cây" not in counts(kb)[0].get("cay", {}), "the only document with 'cây xanh' is in the trash"
    kb.restore("ke-hoach.docx")
    assert counts(kb) == before, "a restored document is counted again, exactly"
    kb.remove("ke-hoach.docx")
    kb.purge()
    assert "cây" not in counts(kb)[0].get("cay", {})
    checks_clean(kb)


def test_the_heading_path_counts_in_lexical_search_on_every_backend(open_kb, tmp_path):
    kb = open_kb()
    make_docx(tmp_path / "phuong-huong.docx", HEADED)
    kb.ingest([tmp_path / "phuong-huong.docx"])
    for q in ("thư viện lưu động", "thu vien luu dong"):  # words of the heading alone, not of the passage
        [hit] = kb.search(q, k=1, mode="lexical", as_typed=True)
        assert "điểm đọc" in hit.chunk.text and "lưu động" not in hit.chunk.text.lower(), q
        assert hit.chunk.heading_text.startswith("II. PHƯƠNG HƯỚNG XÂY DỰNG THƯ VIỆN LƯU ĐỘNG"), q


def test_accounts_tokens_and_the_audit_trail_on_every_backend(open_kb, files):
    from kb.access import Principal

    kb = open_kb()
    kb.ingest([files / "tin.html"])
    kb.accounts.add("bien-tap", "editor", PASSWORD, ("ha-giang",))
    kb.accounts.add("doc-gia", "viewer", PASSWORD)
    with pytest.raises(KbError):
        kb.accounts.sign_in("doc-gia", "sai-mat-khau-roi")
    assert kb.accounts.sign_in("doc-gia", PASSWORD).name == "doc-gia"
    assert kb.store.attempts("doc-gia").failures == 0
    token, secret = kb.accounts.create_token("doc-gia", "cổng thư viện")
    assert kb.store.token_by_digest(token_digest(secret)).user == "doc-gia"
    kb.accounts.revoke_token(token.id)
    assert kb.store.token_by_digest(token_digest(secret)) is None
    editor = kb.as_user(Principal.of(kb.store.user("bien-tap")))
    editor.correct("tin.html", kind="news")
    assert [u.name for u in kb.accounts.users()] == ["bien-tap", "doc-gia"]
    actions = [e.action for e in kb.audit()]
    assert actions[0] == "ingest" and {"user_add", "sign_in_failed", "sign_in", "correct"} <= set(actions), actions
    lines = checks_clean(kb)
    assert any("audit trail" in line.lower() for line in lines), lines
    refused_change_of_the_trail(kb)


def test_threads_sharing_one_store_keep_the_trail_whole(open_kb, files):
    """The API server's threads share one store: audit entries appended and corrections made at once from
    several threads, with searches meanwhile, leave one unbroken chain and every change whole."""
    from concurrent.futures import ThreadPoolExecutor

    kb = open_kb()
    kb.ingest([files])
    first = kb.store.audit_count()

    def work(n: int) -> int:
        for i in range(8):
            kb.store.append_audit(f"thread-{n}", "sign_in", "", {"i": i})
            kb.search("trồng cây xanh", k=3)
            if n == 0 and i % 2 == 0:  # one writer at a time per home: the others read and sign in meanwhile
                kb.correct("ke-hoach.docx", organisations=f"Hội Phụ nữ huyện {i}")
        return n

    with ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(work, range(4))) == [0, 1, 2, 3]
    assert kb.store.audit_count() == first + 4 * 8 + 4
    assert [e.id for e in kb.audit()] == list(range(1, first + 4 * 8 + 4 + 1))
    assert kb.documents()[[d.name for d in kb.documents()].index("ke-hoach.docx")].meta.organisations == (
        "Hội Phụ nữ huyện 6",
    )
    assert top(kb, "trồng cây xanh", "hybrid", 1)[0][0] == "ke-hoach.docx"
    checks_clean(kb)


def refused_change_of_the_trail(kb: KnowledgeBase) -> None:
    """The audit trail refuses UPDATE and DELETE in the engine itself; changed behind its triggers, kb check
    finds the broken link."""
    store = kb.store
    catalog = getattr(store, "catalog", store)
    db = catalog.db
    if hasattr(db, "pgconn"):  # PostgreSQL
        import psycopg

        for sql in ("UPDATE audit SET actor='x' WHERE id=1", "DELETE FROM audit WHERE id=1", "TRUNCATE audit"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                db.execute(sql)
        db.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_change")
        db.execute("UPDATE audit SET actor='someone else' WHERE id=1")
        db.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_change")
    else:
        import sqlite3

        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE audit SET actor='x' WHERE id=1")
        db.execute("DROP TRIGGER audit_no_update")
        with db:
            db.execute("UPDATE audit SET actor='someone else' WHERE id=1")
    report = kb.check()
    assert not report.passed and [m.key for m in report.problems] == ["audit.broken.hash"]


def test_the_trash_keeps_passages_and_vectors_on_every_backend(open_kb, files):
    kb = open_kb()
    kb.ingest([files])
    q = "trồng cây xanh"
    before = [(h.doc.name, h.chunk.ord, round(h.score, 4)) for h in kb.search(q, k=3, mode="dense")]
    [doc] = kb.remove("ke-hoach.docx")
    assert "ke-hoach.docx" not in {h.doc.name for h in kb.search(q, k=10)}
    assert [t.doc.name for t in kb.trashed()] == ["ke-hoach.docx"]
    checks_clean(kb)
    restored = kb.restore("ke-hoach.docx")
    assert restored.chunks == doc.chunks
    assert [(h.doc.name, h.chunk.ord, round(h.score, 4)) for h in kb.search(q, k=3, mode="dense")] == before
    assert top(kb, q, "lexical", 1)[0][0] == "ke-hoach.docx"
    no_duplicates(kb)
    checks_clean(kb)
    assert [e.action for e in kb.audit()][-2:] == ["trash", "restore"]


def test_an_interrupted_trash_or_restore_is_taken_by_the_next_write(open_kb, files):
    """Moving to the trash and back writes the same write-ahead records as any change: a crash before the
    passages took them leaves them for `kb check --repair` or the next write."""
    kb = open_kb()
    if not hasattr(kb.store, "catalog"):
        pytest.skip("the embedded default writes both in one SQLite transaction (tests/test_crash.py)")
    kb.ingest([files])
    [doc] = kb.store.find("ke-hoach.docx")
    item, _ = kb.store.catalog.move_to_trash(doc.id, "test")  # the passages are never told
    assert any("wait to be taken" in line for line in checks_clean(kb))
    assert "ke-hoach.docx" not in {h.doc.name for h in kb.search("trồng cây xanh", k=10)}
    repaired = kb.check(repair=True)
    assert repaired.passed and not kb.store.catalog.pending(), repaired.lines("en")
    kb.store.catalog.take_from_trash(item.id)  # again untold
    kb.correct("tin.html", kind="news")  # the next write hands the waiting change over first
    assert not kb.store.catalog.pending()
    assert top(kb, "trồng cây xanh", "dense", 1)[0][0] == "ke-hoach.docx"
    assert top(kb, "trồng cây xanh", "lexical", 1)[0][0] == "ke-hoach.docx"
    no_duplicates(kb)
    assert not any("wait" in line for line in checks_clean(kb))


def test_a_restricted_document_never_shows_up_for_a_viewer_on_any_backend(open_kb, files, tmp_path):
    from kb.access import ANONYMOUS, Principal
    from kb.records import Access

    kb = open_kb()
    kb.ingest([files])
    make_docx(tmp_path / "mat.docx", [SECRET, ELECTION])
    kb.ingest([tmp_path / "mat.docx"], access=Access("restricted", ("ke-toan",)))
    viewer = kb.as_user(Principal("doc-gia", "viewer"))
    member = kb.as_user(Principal("ke-toan-1", "viewer", frozenset({"ke-toan"})))
    for q in ("Zebrafoxtrot Quasimodo", "zebrafoxtrot quasimodo vortigern", "kho mật thư số hóa"):
        for mode in ("hybrid", "dense", "lexical"):
            for who in (viewer, kb.as_user(ANONYMOUS)):
                assert "mat.docx" not in {h.doc.name for h in who.search(q, k=50, mode=mode)}, (q, mode)
                filtered = who.search(q, k=50, mode=mode, filters=Filters(section="elections"))
                assert "mat.docx" not in {h.doc.name for h in filtered}, (q, mode)
        assert "mat.docx" in {h.doc.name for h in member.search(q, k=5)}, "the member reads it: the test can fail"
    kb.set_access("mat.docx", Access("internal"))
    assert "mat.docx" in {h.doc.name for h in viewer.search("Zebrafoxtrot Quasimodo", k=5, mode="lexical")}
    assert "mat.docx" not in {h.doc.name for h in kb.as_user(ANONYMOUS).search("Zebrafoxtrot Quasimodo", k=50)}
    checks_clean(kb)


def test_backup_works_on_the_embedded_default_and_is_refused_with_the_tools_to_use_on_servers(open_kb, files, tmp_path):
    from kb.backup import backup

    kb = open_kb()
    kb.ingest([files / "tin.html"])
    if not hasattr(kb.store, "catalog"):
        assert backup(kb, tmp_path / "copy").documents == 1
        return
    with pytest.raises(KbError) as refused:
        backup(kb, tmp_path / "copy")
    assert refused.value.message.key == "backup.servers"
    assert "pg_dump" in refused.value.message.text("en") and "pg_dump" in refused.value.message.text("vi")
    assert not (tmp_path / "copy").exists()
