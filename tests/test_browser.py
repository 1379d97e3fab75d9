"""End to end in a real headless Chromium: `streamlit run app.py` on a local port, driven by Selenium.

Opens the app, searches for a known passage of the seed, opens its page, asks a question and sees
a citation; saves screenshots under tests/artifacts/ (ignored by git) to look at by eye.
Debian's chromium and chromium-driver are installed by `make test` (sysdeps-test).
"""

from __future__ import annotations

import time

import pytest

from conftest import ROOT, SEED, kb_with, make_pdf
from ui.launch import CHROMEDRIVER, CHROMIUM, chromium, healthy, streamlit_app, wait_until

ARTIFACTS = ROOT / "tests" / "artifacts"
SEED_NAME = SEED.name
HTML_NAME = "<img src=x onerror=alert(1)>.txt"
PDF_PAGES = [
    "Báo cáo tổng kết công tác thư viện năm 2021 của Liên hiệp.",
    "Nghị quyết số 05/NQ-LHTV về số hóa tài liệu địa chí của các thư viện tỉnh thành viên, "
    "hoàn thành trong nhiệm kỳ 2021-2024.",
]
WAIT = 90  # seconds: generous, for a busy 2-core CI machine (the model loads in 10-15 s)
PASSWORD = "mat-khau-dai-1"
SECRET = "Nghị quyết Zebrafoxtrot về quỹ số hóa kho mật thư Quasimodo của Liên hiệp.\n"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    """`streamlit run app.py` on a free local port over a KB holding the seed document (public) and a
    resolution restricted to the group "ketoan"; users viewer1, editor1 and admin1."""
    from kb import KnowledgeBase
    from kb.records import Access

    tmp = tmp_path_factory.mktemp("browser")
    home = kb_with(tmp, embedder)
    (tmp / "mat").mkdir()
    (tmp / "mat" / "nghi-quyet-mat.txt").write_text(SECRET, encoding="utf-8")
    kb = KnowledgeBase(home, embedder=embedder)
    kb.ingest([tmp / "mat"], access=Access("restricted", ("ketoan",)))
    for name, role in (("viewer1", "viewer"), ("editor1", "editor"), ("admin1", "admin")):
        kb.accounts.add(name, role, PASSWORD)
    kb.close()
    with streamlit_app(home, tmp / "streamlit.log") as (url, proc):
        started = time.perf_counter()
        while not healthy(url):
            if proc.poll() is not None or time.perf_counter() - started > WAIT:
                pytest.fail(f"streamlit did not start: {(tmp / 'streamlit.log').read_text()[-2000:]}")
            time.sleep(0.2)
        print(f"\nserver up in {time.perf_counter() - started:.1f} s")
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (make sysdeps-test installs them)")
    pytest.importorskip("selenium.webdriver", reason="selenium is a dev dependency: make setup-dev")
    driver = chromium(tmp_path_factory.mktemp("chromium-profile"))
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


# --- small helpers over Selenium ---------------------------------------------------------------
def _wait(driver, condition, what: str, timeout: float = WAIT):
    found = wait_until(driver, condition, timeout, poll=0.2)
    if not found:
        driver.save_screenshot(str(ARTIFACTS / "failure.png"))
        raise AssertionError(f"timed out waiting for {what}; see tests/artifacts/failure.png")
    return found


def _css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _text(driver) -> str:
    return driver.find_element("tag name", "body").text


def _idle(driver, quiet: float = 1.0) -> None:
    """Until Streamlit has finished the current run: no 'running' widget, the page unchanged for `quiet` s."""
    seen = {"text": None, "since": time.perf_counter()}

    def settled(d) -> bool:
        text = _text(d)
        now = time.perf_counter()
        if text != seen["text"] or _css(d, '[data-testid="stStatusWidget"]'):
            seen.update(text=text, since=now)
            return False
        return now - seen["since"] >= quiet

    _wait(driver, settled, "the app to finish running")


def _shot(driver, name: str) -> None:
    time.sleep(0.5)  # let the last fade-in finish
    driver.save_screenshot(str(ARTIFACTS / name))


def _button(driver, label: str):
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.XPATH, f"//button[contains(normalize-space(.), '{label}')]")
    assert found, f"no button '{label}'"
    return found[0]


def _close_dialog(driver) -> None:
    _css(driver, '[data-testid="stDialog"] button[aria-label="Close"]')[0].click()
    _wait(driver, lambda d: not _css(d, '[data-testid="stDialog"]'), "the reader to close")


def _open_page(driver, title: str) -> None:
    """Click the page's link in the sidebar (its title is also the page's heading)."""
    driver.find_element(
        "xpath", f"//a[@data-testid='stSidebarNavLink'][contains(normalize-space(.), '{title}')]"
    ).click()
    _wait(driver, lambda d: any(h.text == title for h in _css(d, "h1")), f"the {title} page")
    _idle(driver)
    assert not _css(driver, '[data-testid="stException"]'), f"an exception on {title}"


def _sign_in(driver, name: str, password: str = PASSWORD) -> None:
    """Sign in on the sign-in page, as a person would."""
    _open_page(driver, "Đăng nhập")
    _type(driver, "Tên đăng nhập", name)
    _type(driver, "Mật khẩu", password)
    _button(driver, "Đăng nhập").click()
    _wait(driver, lambda d: f"Xin chào {name}" in _text(d), f"{name} signed in")
    _idle(driver)


def _type(driver, label: str, text: str) -> None:
    """Type into an input as a person would, over what it held."""
    from selenium.webdriver.common.keys import Keys

    box = _css(driver, f'input[aria-label="{label}"]')[0]
    box.send_keys(Keys.CONTROL + "a", Keys.DELETE)
    box.send_keys(text)


def _sign_out(driver) -> None:
    _button(driver, "Đăng xuất").click()
    _wait(driver, lambda d: "Chưa đăng nhập" in _text(d), "signed out")
    _idle(driver)


def test_search_open_page_and_ask_in_a_real_browser(server, browser, tmp_path):
    from selenium.webdriver.common.keys import Keys

    d = browser
    started = time.perf_counter()
    d.get(server)
    _wait(d, lambda d: any(h.text == "Tìm kiếm" for h in _css(d, "h1")), "the first page")
    first_page = time.perf_counter() - started
    print(f"first page on screen {first_page:.2f} s after the server was up")
    assert first_page < 30
    _idle(d)
    _shot(d, "01-search.png")

    box = _wait(d, lambda d: _css(d, 'input[aria-label="Nội dung cần tìm"]'), "the search box")[0]
    box.send_keys("Ai được bầu giữ chức Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?", Keys.ENTER)
    _wait(d, lambda d: "Tìm thấy 1 tài liệu" in _text(d) and "Xem trang 1" in _text(d), "the results")
    _idle(d)
    text = _text(d)
    assert SEED_NAME in text and "Trang 1" in text
    assert "Nguyễn Thị Thanh Phương" in text
    marks = [m.text for m in _css(d, '[data-testid="stMarkdownContainer"] mark')]
    assert "Chủ" in marks and "tịch" in marks
    _shot(d, "02-search-results.png")

    _button(d, "Xem trang 1").click()
    dialog = _wait(d, lambda d: _css(d, '[data-testid="stDialog"]'), "the reader")[0]
    _wait(d, lambda d: "Toàn văn trang 1 / 1" in dialog.text, "the page in the reader")
    passage = _wait(d, lambda d: _css(d, '[data-testid="stDialog"] mark#passage'), "the passage marked in its page")[0]
    assert "Nguyễn Thị Thanh Phương" in passage.text
    _wait(
        d,
        lambda d: _css(d, '[data-testid="stDialog"] [data-testid="stDownloadButton"]'),
        "a download button for the original",
    )
    _shot(d, "03-reader.png")
    _close_dialog(d)

    _open_page(d, "Hỏi đáp")
    chat = _wait(d, lambda d: _css(d, 'textarea[data-testid="stChatInputTextArea"]'), "the question box")[0]
    chat.send_keys("Ai giữ chức Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?", Keys.ENTER)
    _wait(d, lambda d: "Nguồn" in _text(d) and "[1]" in _text(d), "an answer with its sources")
    _idle(d)
    messages = " ".join(m.text for m in _css(d, '[data-testid="stChatMessage"]'))
    assert f"{SEED_NAME} · trang 1" in messages, "a citation names the document and the page"
    _shot(d, "04-ask.png")
    _button(d, "Xem trang 1").click()
    _wait(d, lambda d: _css(d, '[data-testid="stDialog"] mark#passage'), "the cited passage in its page")
    _close_dialog(d)

    for title, shot in (("Nhiệm kỳ", "05-terms.png"), ("Tài liệu", "06-library.png")):
        _open_page(d, title)
        _shot(d, shot)
    assert "Zebrafoxtrot" not in _text(d) and "nghi-quyet-mat.txt" not in _text(d), "restricted: not listed"

    _sign_in(d, "editor1")
    _open_page(d, "Tài liệu")
    # upload a PDF and a text file whose name is HTML, through the browser's own file input
    d.find_element("xpath", "//*[@role='tab'][contains(normalize-space(.), 'Thêm tài liệu')]").click()
    files = [make_pdf(tmp_path / "nghi-quyet-so-hoa.pdf", PDF_PAGES), tmp_path / HTML_NAME]
    files[1].write_text("<script>alert(1)</script> Biên bản họp Ban Thường vụ Liên hiệp.\n" * 10, encoding="utf-8")
    _css(d, 'input[type="file"]')[0].send_keys("\n".join(str(f) for f in files))
    _wait(d, lambda d: _button(d, "Thêm vào kho").is_enabled(), "the chosen files")
    _button(d, "Thêm vào kho").click()
    _wait(d, lambda d: "Xong: 2 tệp đã thêm" in _text(d), "the upload report")
    _idle(d)
    assert HTML_NAME in _text(d), "the HTML file name is shown as text"
    assert not _css(d, '[data-testid="stMain"] img[src="x"]'), "and never rendered"
    _shot(d, "07-library-upload.png")

    # a PDF result opens on the page itself
    _open_page(d, "Tìm kiếm")
    box = _wait(d, lambda d: _css(d, 'input[aria-label="Nội dung cần tìm"]'), "the search box")[0]
    box.send_keys("số hóa tài liệu địa chí", Keys.ENTER)
    _wait(
        d,
        lambda d: "nghi-quyet-so-hoa.pdf · trang 2" in _text(d) or "nghi-quyet-so-hoa.pdf" in _text(d),
        "the PDF among the results",
    )
    _idle(d)
    _button(d, "Xem trang 2").click()
    _wait(d, lambda d: _css(d, '[data-testid="stDialog"] [data-testid="stImage"] img'), "the PDF page as an image")
    _wait(
        d,
        lambda d: _css(d, '[data-testid="stDialog"] img')[0].get_attribute("naturalWidth") not in (None, "0"),
        "the page image to load",
    )
    assert "Trang" in _css(d, '[data-testid="stDialog"]')[0].text
    _shot(d, "08-reader-pdf.png")
    _close_dialog(d)

    _open_page(d, "Thống kê")
    _shot(d, "09-overview.png")

    d.find_element("xpath", "//label[normalize-space(.)='English']").click()
    _wait(d, lambda d: any(h.text == "Overview" for h in _css(d, "h1")), "the English interface")
    _idle(d)
    _shot(d, "10-overview-en.png")


def test_sign_in_a_viewers_page_and_the_audit_trail_in_a_real_browser(server, browser):
    """The sign-in form, what a viewer sees (no upload, nothing restricted), a wrong password, and an
    admin's audit page; screenshots 11-13 under tests/artifacts/."""
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.get(server)
    _wait(d, lambda d: any(h.text == "Tìm kiếm" for h in _css(d, "h1")), "the first page")
    _idle(d)
    _open_page(d, "Đăng nhập")
    _shot(d, "11-sign-in.png")
    _type(d, "Tên đăng nhập", "viewer1")
    _type(d, "Mật khẩu", "sai mat khau")
    _button(d, "Đăng nhập").click()
    _wait(d, lambda d: "Sai tên đăng nhập hoặc mật khẩu." in _text(d), "the refusal")
    _idle(d)
    _sign_in(d, "viewer1")
    assert "Đã đăng nhập: viewer1 · người xem" in _text(d)
    _open_page(d, "Tìm kiếm")
    box = _wait(d, lambda d: _css(d, 'input[aria-label="Nội dung cần tìm"]'), "the search box")[0]
    box.send_keys("nghị quyết Zebrafoxtrot quỹ số hóa", Keys.ENTER)
    _wait(d, lambda d: "Tìm thấy" in _text(d) or "Không tìm thấy" in _text(d), "the results")
    _idle(d)
    assert "nghi-quyet-mat.txt" not in _text(d) and "Quasimodo" not in _text(d)
    _open_page(d, "Tài liệu")
    text = _text(d)
    assert "Đăng nhập với vai trò biên tập viên" in text and "Thêm tài liệu" not in text
    assert "nghi-quyet-mat.txt" not in text and not _css(d, 'input[type="file"]')
    assert "Nhật ký thay đổi" not in [a.text for a in _css(d, "a[data-testid='stSidebarNavLink']")]
    _shot(d, "12-viewer-library.png")
    _sign_out(d)

    _sign_in(d, "admin1")
    _open_page(d, "Nhật ký thay đổi")
    _wait(d, lambda d: "Chuỗi mã băm nguyên vẹn" in _text(d), "the chain verified")
    _idle(d)
    assert "Nhật ký thay đổi" in _text(d)
    _shot(d, "13-audit.png")
    _sign_out(d)
