"""Each page's logic, run by Streamlit's own AppTest against real knowledge bases (real model, FAISS, SQLite)."""

from __future__ import annotations

import shutil
import sys

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SEED, kb_with

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # AppTest scripts import app and ui from the repository

NAME = SEED.name.replace("_", "\\_")  # as Markdown shows it: escaped
HTML_NAME = "<img src=x onerror=alert(1)>.txt"  # a legal file name
QUESTION = "Ai được bầu giữ chức Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?"
PASSWORD = "mat-khau-dai-1"


@pytest.fixture(scope="module")
def seed_home(tmp_path_factory, embedder):
    """A KB holding the seed document; read-only for the tests that share it."""
    return kb_with(tmp_path_factory.mktemp("app"), embedder)


@pytest.fixture
def app(monkeypatch):
    """Start the app on a KB home at a given page, signed in as `user` when given (the user must exist
    in that KB: see `with_user`); the page's first run is done."""

    def start(home, page: str = "search", user: str | None = None) -> AppTest:
        monkeypatch.setenv("KB_HOME", str(home))
        at = AppTest.from_string(f"import app\napp.main(start={page!r})", default_timeout=180)
        if user:
            at.session_state["auth.name"] = user  # what the sign-in form keeps (tested below)
        return at.run()

    return start


def with_user(home, name: str, role: str, groups: tuple[str, ...] = ()) -> str:
    """Add a user to the KB at `home` (password PASSWORD); returns the name."""
    from kb import KnowledgeBase

    kb = KnowledgeBase(home)
    try:
        kb.accounts.add(name, role, PASSWORD, groups)
    finally:
        kb.close()
    return name


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button '{label}' among {[b.label for b in at.button]}"
    return found[0]


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# --- an empty KB ----------------------------------------------------------------------------
def test_empty_kb_shows_a_welcome_not_an_error(app, tmp_path):
    for page in ("search", "ask", "terms"):
        at = app(tmp_path / "empty", page)
        no_failure(at)
        welcome = at.info[0].value
        assert "Kho tài liệu đang trống" in welcome and "Tài liệu" in welcome and "kb ingest" in welcome
    at = app(tmp_path / "empty", "library")
    no_failure(at)
    assert not at.get("file_uploader") and any("biên tập viên" in c.value for c in at.caption), "a visitor may not"
    at = app(tmp_path / "empty", "library", user=with_user(tmp_path / "empty", "editor1", "editor"))
    no_failure(at)
    assert at.get("file_uploader"), "an empty KB still offers an editor the uploader"
    at = app(tmp_path / "empty", "overview")
    no_failure(at)
    assert at.metric[0].value == "0"


# --- Tìm kiếm -------------------------------------------------------------------------------
def test_search_groups_results_by_document_with_page_and_marked_passage(app, seed_home):
    at = app(seed_home)
    no_failure(at)
    at.text_input(key="search.q").input(QUESTION).run()
    no_failure(at)
    assert any("Tìm thấy 1 tài liệu" in m.value for m in at.markdown)
    assert any(c.value.startswith(NAME) for c in at.caption)
    passages = [m.value for m in at.markdown if m.value.startswith("**Trang 1**")]
    assert any("Nguyễn Thị Thanh Phương" in p and "<mark>Chủ</mark>" in p for p in passages)
    assert button(at, "Xem trang 1")


def test_a_result_opens_its_page_with_the_passage_marked_and_the_original(app, seed_home):
    at = app(seed_home)
    at.text_input(key="search.q").input(QUESTION).run()
    button(at, "Xem trang 1").click().run()
    no_failure(at)
    page = [h.proto.body for h in at.get("html") if 'class="kb-page"' in h.proto.body]
    assert page, "the page's text is shown"
    passage = page[0].split('<mark id="passage">')[1].split("</mark>")[0]
    assert "Nguyễn Thị Thanh Phương" in passage
    assert "Sáng 10/5/2018" in page[0], "the whole page, not only the passage"
    assert [d for d in at.get("download_button")], "the original can be downloaded"


def test_filters_narrow_the_search(app, seed_home):
    at = app(seed_home)
    year_to = at.number_input(key="search.year_to")
    assert not year_to.disabled
    assert [o for o in at.selectbox(key="search.term").options if "2018-2020" in o], "the KB's terms are offered"
    year_to.set_value(2000)
    at.text_input(key="search.q").input(QUESTION).run()
    no_failure(at)
    assert "Không tìm thấy" in at.warning[0].value, "the seed (2018) is outside a search up to 2000"
    at.number_input(key="search.year_to").set_value(None).run()
    assert any("Tìm thấy 1 tài liệu" in m.value for m in at.markdown)


def test_english_switch_translates_the_interface(app, seed_home):
    at = app(seed_home)
    assert at.title[0].value == "Tìm kiếm"
    at.radio(key="lang").set_value("en").run()
    no_failure(at)
    assert at.title[0].value == "Search"
    at.text_input(key="search.q").input(QUESTION).run()
    assert any("1 matching documents" in m.value for m in at.markdown)
    assert button(at, "Open page 1")


# --- Hỏi đáp --------------------------------------------------------------------------------
def test_ask_answers_with_citations_that_open_their_page(app, seed_home):
    at = app(seed_home, "ask")
    no_failure(at)
    at.chat_input[0].set_value(QUESTION).run()
    no_failure(at)
    cites = [m.value for m in at.markdown if m.value.startswith("**[1]**")]
    assert cites and NAME in cites[0] and "trang 1" in cites[0]
    assert any(m.value == "**Nguồn**" for m in at.markdown)
    button(at, "Xem trang 1").click().run()
    no_failure(at)
    assert any('<mark id="passage">' in h.proto.body for h in at.get("html"))
    at.chat_input[0].set_value("Hội nghị tổ chức ở đâu?").run()
    no_failure(at)
    assert [m.name for m in at.chat_message].count("user") == 2, "the conversation is kept"
    button(at, "Xóa cuộc trò chuyện").click().run()
    assert [m.name for m in at.chat_message] == ["assistant"], "and can be cleared"


# --- Nhiệm kỳ -------------------------------------------------------------------------------
def test_terms_page_shows_the_timeline_in_order(app, seed_home):
    at = app(seed_home, "terms")
    no_failure(at)
    assert at.title[0].value == "Nhiệm kỳ"
    headings = [s.value.replace("\\-", "-") for s in at.subheader]
    assert "Nhiệm kỳ 2015-2018" in headings and "Nhiệm kỳ 2018-2020" in headings
    assert headings.index("Nhiệm kỳ 2015-2018") < headings.index("Nhiệm kỳ 2018-2020"), "in order"
    assert button(at, "Xem trang 1")


# --- Tài liệu -------------------------------------------------------------------------------
def test_library_lists_documents_with_their_details(app, seed_home):
    at = app(seed_home, "library")
    no_failure(at)
    table = at.dataframe[0].value
    assert list(table["file"]) == [SEED.name]
    assert int(table["pages"][0]) == 1 and int(table["chunks"][0]) > 0
    at.text_input(key="library.filter").input("không có tên này").run()
    assert at.dataframe[0].value.empty


def test_upload_reports_each_file_never_replaces_another_and_remove(app, seed_home, tmp_path):
    home = tmp_path / "work"
    shutil.copytree(seed_home, home)
    at = app(home, "library", user=with_user(home, "admin1", "admin"))
    other = "Nghị quyết Hội nghị về phát triển văn hóa đọc tại các thư viện huyện.\n" * 5
    at.get("file_uploader")[0].set_value(
        [
            (HTML_NAME, ("<script>alert(1)</script> " + other).encode(), "text/plain"),
            ("hong.pdf", b"%PDF-1.4 not really a pdf", "application/pdf"),
            (SEED.name, SEED.read_bytes(), "text/plain"),
            (SEED.name, "Một báo cáo khác mang cùng tên tệp.\n".encode() * 20, "text/plain"),
            ("../../etc/passwd.md", "Biên bản họp Ban Thường vụ Liên hiệp.\n".encode() * 20, "text/markdown"),
        ]
    ).run()
    button(at, "Thêm vào kho").click().run()
    no_failure(at)
    lines = [m.value for m in at.markdown if "Đã thêm" in m.value or "Bỏ qua" in m.value or "Trùng" in m.value]
    assert len(lines) == 5, lines
    assert any("&lt;img src=x onerror=alert\\(1\\)&gt;.txt" in x and "Đã thêm" in x for x in lines), (
        "an HTML file name is shown as text"
    )
    assert not any("<img" in x or "<script>" in x for x in lines)
    assert any("hong.pdf" in x and "Bỏ qua" in x and " — " in x for x in lines), "a bad file says why"
    assert any("Trùng nội dung" in x for x in lines), "the same content is stored once"
    assert any("passwd.md" in x and "Đã thêm" in x for x in lines) and not any(".." in x for x in lines)
    assert any("cùng tên" in c.value for c in at.caption), "a second document with a taken name is said so"
    table = at.dataframe[0].value
    assert sorted(table["file"]) == sorted([SEED.name, SEED.name, HTML_NAME, "passwd.md"])
    assert not (home / "uploads").exists() or not any((home / "uploads").rglob("*.*")), "no stray upload copies"

    import hashlib

    from kb import KnowledgeBase

    reader = KnowledgeBase(home)
    victim = next(d.id for d in reader.documents() if d.name == HTML_NAME)
    seed = next(d.id for d in reader.documents() if d.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest())
    reader.close()
    at.selectbox(key="library.remove.doc").select(victim).run()
    remove_button = button(at, "Xóa tài liệu")
    assert remove_button.disabled, "removing needs a confirmation"
    checkbox = [c for c in at.checkbox if c.label.startswith("Tôi chắc chắn")][0]
    checkbox.check().run()
    button(at, "Xóa tài liệu").click().run()
    no_failure(at)
    assert any("Đã xóa" in s.value for s in at.success)
    assert HTML_NAME not in list(at.dataframe[0].value["file"])

    at.selectbox(key="library.edit.doc").select(seed).run()
    at.selectbox(key=f"library.edit.{seed}.kind").select("resolution")
    at.text_input(key=f"library.edit.{seed}.date").input("2018-05-11")
    button(at, "Lưu thay đổi").click().run()
    no_failure(at)
    assert any("Đã lưu thông tin" in s.value for s in at.success)
    row = at.dataframe[0].value.set_index("date").loc["2018-05-11"]
    assert row["kind"] == "Nghị quyết", "the correction is what the list shows"

    button(at, "Lập lại chỉ mục").click().run()
    no_failure(at)
    assert any("Đã lập lại chỉ mục cho 3 tài liệu" in s.value for s in at.success)
    assert at.dataframe[0].value.set_index("date").loc["2018-05-11"]["kind"] == "Nghị quyết", (
        "a correction survives re-indexing"
    )


# --- Thống kê -------------------------------------------------------------------------------
def test_overview_shows_counts_model_and_index(app, seed_home, tmp_path):
    home = tmp_path / "kb"
    shutil.copytree(seed_home, home)
    at = app(home, "overview", user=with_user(home, "admin1", "admin"))
    no_failure(at)
    assert [m.label for m in at.metric][:3] == ["Tài liệu", "Trang", "Đoạn"]
    assert at.metric[0].value == "1"
    text = " ".join(m.value for m in at.markdown)
    assert "multilingual\\-e5\\-small" in text and "Chỉ mục khớp với danh mục:** Có" in text
    at = app(home, "overview")
    text = " ".join(m.value for m in at.markdown)
    assert "multilingual\\-e5\\-small" in text and "Chỉ mục" not in text, "the index's size is for admins"


# --- showing text safely --------------------------------------------------------------------
def test_document_text_is_escaped_not_rendered():
    from ui.common import esc, marked, page_html

    text = "<script>alert(1)</script> **đậm** ![x](http://a/b.png) nghị quyết"
    html = marked(text, [(text.index("nghị"), text.index("nghị") + 4)])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\\*\\*đậm\\*\\*" in html and "<mark>nghị</mark>" in html
    assert "\\!\\[x\\]\\(http\\://a/b.png\\)" in html, "no image is fetched, no link is made"
    page = page_html("a <img src=x onerror=alert(1)>\n\nb", (0, 1))
    assert "<img" not in page and "&lt;img" in page and '<mark id="passage">a</mark>' in page
    assert "\n" not in page, "one HTML line: Markdown never reads document text"
    title = esc("'Mượn' chữ ký và \"con dấu\" <b>")
    assert title.startswith("'Mượn' chữ ký và \"con dấu\"") and "&lt;b&gt;" in title and "&#" not in title


def test_uploads_of_other_types_or_too_big_are_skipped_with_the_reason(tmp_path, monkeypatch):
    """The uploader already refuses them; this is the check behind it (nothing reaches the KB)."""
    import ui.library
    from kb import KnowledgeBase

    monkeypatch.setattr(ui.library, "UPLOAD_MAX_MB", 1)
    kb = KnowledgeBase(tmp_path / "kb")
    lines = ui.library.add_files(kb, [("virus.exe", b"MZ"), ("lon.txt", b"a" * (2 * 2**20))])
    assert [(x.name, x.status) for x in lines] == [("virus.exe", "skipped"), ("lon.txt", "skipped")]
    assert "'.exe'" in lines[0].reason and "2 MB" in lines[1].reason and "1 MB" in lines[1].reason
    assert kb.documents() == []
    kb.close()


def test_a_pdf_page_is_shown_as_itself_with_the_query_words_marked(tmp_path):
    import io

    from PIL import Image

    from conftest import make_pdf
    from ui.reader import pdf_page_png

    pdf = make_pdf(
        tmp_path / "nq.pdf",
        ["Trang đầu: báo cáo tổng kết.", "Nghị quyết về số hóa tài liệu địa chí của các thư viện tỉnh."],
    )

    def yellow(png: bytes) -> int:
        data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
        return sum(
            1 for r, g, b in zip(data[0::3], data[1::3], data[2::3]) if r > 240 and g > 220 and b < 170
        )  # the marker over white paper

    marked_page = pdf_page_png(str(pdf), 2, "số hóa địa chí")
    assert Image.open(io.BytesIO(marked_page)).size[0] > 900, "the whole page, readable"
    assert yellow(marked_page) > 500, "the query words are marked on the page"
    assert yellow(pdf_page_png(str(pdf), 1, "số hóa địa chí")) == 0, "page 1 does not have them"


def test_upload_names_stay_in_their_folder():
    from ui.library import safe_name

    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("C:\\Users\\a\\báo cáo.pdf") == "báo cáo.pdf"
    assert safe_name(".hidden.docx") == "hidden.docx"
    assert safe_name("a\x00b\nc.md") == "abc.md"
    assert safe_name("..") == "tai-lieu"


# --- signing in, roles, who sees what (issue 17) ---------------------------------------------------
def test_sign_in_says_who_is_signed_in_and_signs_out(app, seed_home, tmp_path):
    home = tmp_path / "kb"
    shutil.copytree(seed_home, home)
    at = app(home, "account")
    no_failure(at)
    assert at.title[0].value == "Đăng nhập" and any("kb user add" in i.value for i in at.info), "no admin yet: how"
    with_user(home, "admin1", "admin")
    at = app(home, "account")
    assert not at.info, "an admin exists"
    at.text_input(key="auth.form.name").input("admin1")
    at.text_input(key="auth.form.password").input("sai mat khau")
    button(at, "Đăng nhập").click().run()
    assert at.error[0].value == "Sai tên đăng nhập hoặc mật khẩu." and "auth.name" not in at.session_state
    at.text_input(key="auth.form.password").input(PASSWORD)
    button(at, "Đăng nhập").click().run()
    no_failure(at)
    assert at.session_state["auth.name"] == "admin1" and any("Xin chào admin1" in s.value for s in at.success)
    assert any(m.value == "Đã đăng nhập: **admin1** · quản trị viên" for m in at.sidebar.markdown)
    assert at.title[0].value == "Tài khoản" and at.subheader[0].value == "Người dùng"
    button(at, "Đăng xuất").click().run()
    no_failure(at)
    assert "auth.name" not in at.session_state and at.title[0].value == "Đăng nhập"


def test_repeated_failed_sign_ins_are_slowed_then_locked_and_the_page_says_so(app, seed_home, tmp_path):
    import time

    from kb import KnowledgeBase
    from kb.records import Attempts

    home = tmp_path / "kb"
    shutil.copytree(seed_home, home)
    with_user(home, "viewer1", "viewer")
    at = app(home, "account")
    for _ in range(3):
        at.text_input(key="auth.form.name").input("viewer1")
        at.text_input(key="auth.form.password").input("sai mat khau")
        button(at, "Đăng nhập").click().run()
    assert "hãy chờ 1 giây rồi thử lại" in at.error[0].value
    kb = KnowledgeBase(home)
    kb.store.save_attempts(Attempts("viewer1", 8, time.time(), time.time() + 900))
    kb.close()
    at.text_input(key="auth.form.password").input(PASSWORD)
    button(at, "Đăng nhập").click().run()
    assert at.error[0].value.startswith("Tài khoản tạm khóa 15 phút vì đăng nhập sai quá nhiều lần")
    assert "auth.name" not in at.session_state, "the right password waits for the lock to end"


def test_without_public_read_only_the_sign_in_page_is_shown(app, seed_home, monkeypatch):
    monkeypatch.setenv("KB_PUBLIC_READ", "0")
    at = app(seed_home, "search")
    no_failure(at)
    assert at.title[0].value == "Đăng nhập" and "chỉ dành cho người đã đăng nhập" in at.caption[0].value
    assert [w.key for w in at.text_input] == ["auth.form.name", "auth.form.password"]
    assert not any("tài liệu ·" in c.value for c in at.sidebar.caption), "not even the counts"


def test_pages_offered_follow_the_role():
    import app as application
    from kb.access import ANONYMOUS, Principal

    def names(who):
        return [p[0] for p in application.offered(who)]

    reading = ["search", "ask", "terms", "brief", "library", "overview", "account"]
    assert names(ANONYMOUS) == reading
    assert names(Principal("v", "viewer")) == reading and names(Principal("e", "editor")) == reading
    assert names(Principal("a", "admin")) == reading + ["audit"]


@pytest.fixture(scope="module")
def secrets_home(tmp_path_factory, embedder):
    import secrets_kb

    return secrets_kb.make(tmp_path_factory.mktemp("app-secrets"), embedder)


def test_a_viewer_never_sees_a_restricted_document_nor_what_they_may_not_do(app, secrets_home):
    from secrets_kb import answer_leaks, leaks

    for user in (None, "viewer1"):
        seen = []
        at = app(secrets_home, "search", user=user)
        at.text_input(key="search.q").input("Zebrafoxtrot Quasimodo nhiệm kỳ 2030-2035").run()
        no_failure(at)
        seen += [m.value for m in at.markdown] + [c.value for c in at.caption]
        for page in ("terms", "library", "overview"):
            at = app(secrets_home, page, user=user)
            no_failure(at)
            seen += [m.value for m in at.markdown] + [c.value for c in at.caption] + [str(m.value) for m in at.metric]
            seen += [at.dataframe[0].value.to_json(force_ascii=False)] if at.dataframe else []
            if page == "library":
                assert not at.get("file_uploader") and not at.get("tabs"), "no upload, correct or remove"
        assert leaks("\n".join(seen).replace("\\", "")) == [], user
        question = "Ai là Chủ tịch Hội Quasimodo Zebrafoxtrot nhiệm kỳ 2030-2035?"
        at = app(secrets_home, "ask", user=user)
        at.chat_input[0].set_value(question).run()
        said = [x.value for m in at.chat_message if m.name == "assistant" for x in [*m.markdown, *m.warning]]
        assert said and answer_leaks(question, "\n".join(said).replace("\\", "")) == [], user
    at = app(secrets_home, "search", user="ketoan1")
    at.text_input(key="search.q").input("Zebrafoxtrot Quasimodo").run()
    assert any("Zebrafoxtrot" in m.value for m in at.markdown), "a member of the group finds it"


def test_an_admin_reads_the_audit_trail_in_the_app(app, secrets_home):
    at = app(secrets_home, "audit", user="admin1")
    no_failure(at)
    assert at.title[0].value == "Nhật ký thay đổi"
    assert at.success[0].value.startswith("Chuỗi mã băm nguyên vẹn")
    table = at.dataframe[0].value
    assert {"thêm tài liệu", "thêm người dùng"} <= set(table["Việc"])
    assert any(str(d).startswith("nghi-quyet-mat.txt [") for d in table["Tài liệu"])
    at = app(secrets_home, "audit", user="editor1")
    assert at.title[0].value != "Nhật ký thay đổi", "not a page an editor is offered"
