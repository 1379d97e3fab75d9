"""The Hồ sơ nhiệm kỳ page in a real headless Chromium: `streamlit run app.py` on a local port over a
KB of the seed; open the brief, follow a citation to its page, download the DOCX and read it back.
Screenshots go to tests/artifacts/ (ignored by git) to look at by eye."""

from __future__ import annotations

import time

import pytest

from conftest import ROOT, SEED, kb_with
from ui.launch import CHROMEDRIVER, CHROMIUM, chromium, healthy, streamlit_app, wait_until

ARTIFACTS = ROOT / "tests" / "artifacts"
WAIT = 90  # seconds, for a busy 2-core machine

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    tmp = tmp_path_factory.mktemp("browser-brief")
    home = kb_with(tmp, embedder)
    with streamlit_app(home, tmp / "streamlit.log") as (url, proc):
        started = time.perf_counter()
        while not healthy(url):
            if proc.poll() is not None or time.perf_counter() - started > WAIT:
                pytest.fail(f"streamlit did not start: {(tmp / 'streamlit.log').read_text()[-2000:]}")
            time.sleep(0.2)
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


def _wait(driver, condition, what: str, timeout: float = WAIT):
    found = wait_until(driver, condition, timeout, poll=0.2)
    if not found:
        driver.save_screenshot(str(ARTIFACTS / "brief-failure.png"))
        raise AssertionError(f"timed out waiting for {what}; see tests/artifacts/brief-failure.png")
    return found


def _css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _text(driver) -> str:
    return driver.find_element("tag name", "body").text


def _idle(driver, quiet: float = 1.0) -> None:
    """Until the current Streamlit run is over: nothing running, the page unchanged for `quiet` s."""
    seen = {"text": None, "since": time.perf_counter()}

    def settled(d) -> bool:
        text, now = _text(d), time.perf_counter()
        if text != seen["text"] or _css(d, '[data-testid="stStatusWidget"]'):
            seen.update(text=text, since=now)
            return False
        return now - seen["since"] >= quiet

    _wait(driver, settled, "the app to finish running")


def _shot(driver, name: str) -> None:
    time.sleep(0.5)
    driver.save_screenshot(str(ARTIFACTS / name))


def test_brief_page_cites_opens_pages_and_downloads_docx_in_a_real_browser(server, browser, tmp_path):
    import docx
    from selenium.webdriver.common.by import By

    d = browser
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    d.get(server + "/ho-so")
    _wait(d, lambda d: any(h.text == "Hồ sơ nhiệm kỳ" for h in _css(d, "h1")), "the brief page")
    _wait(d, lambda d: "Nguyễn Thị Thanh Phương" in _text(d), "the brief")
    _idle(d)
    text = _text(d)
    assert "Hồ sơ nhiệm kỳ: Liên hiệp Thư viện các tỉnh Miền núi phía Bắc, nhiệm kỳ 2018-2020" in text
    for title in ("Nhân sự được bầu, bổ nhiệm", "Phương hướng, nhiệm vụ", "Khó khăn, hạn chế"):
        assert title in text
    assert "Chủ tịch: Nguyễn Thị Thanh Phương" in text and "1.500 bản sách" in text
    _shot(d, "brief-01-page.png")

    # the chair's line: its source button opens the page with the sentence marked
    lines = _css(d, '[data-testid="stHorizontalBlock"]')
    chair = next(row for row in lines if "Chủ tịch: Nguyễn Thị Thanh Phương" in row.text)
    chair.find_element(By.XPATH, f".//button[contains(normalize-space(.), '{SEED.name}')]").click()
    passage = _wait(d, lambda d: _css(d, '[data-testid="stDialog"] mark#passage'), "the cited sentence in its page")[0]
    assert "Nguyễn Thị Thanh Phương" in passage.text
    assert "Toàn văn trang 1 / 1" in _css(d, '[data-testid="stDialog"]')[0].text
    _shot(d, "brief-02-reader.png")
    _css(d, '[data-testid="stDialog"] button[aria-label="Close"]')[0].click()
    _wait(d, lambda d: not _css(d, '[data-testid="stDialog"]'), "the reader to close")

    d.find_element(By.XPATH, "//button[contains(normalize-space(.), 'Tải về DOCX')]").click()
    files = _wait(d, lambda d: [f for f in tmp_path.glob("*.docx") if f.stat().st_size > 0], "the DOCX download")
    time.sleep(0.5)  # let the browser finish writing it
    paragraphs = [p.text for p in docx.Document(str(files[0])).paragraphs]
    assert paragraphs[0].startswith("Hồ sơ nhiệm kỳ: Liên hiệp Thư viện")
    assert any("Nguyễn Thị Thanh Phương" in p for p in paragraphs)

    d.find_element("xpath", "//label[normalize-space(.)='English']").click()
    _wait(d, lambda d: any(h.text == "Term brief" for h in _css(d, "h1")), "the English page")
    _idle(d)
    assert "Officers elected or appointed" in _text(d)
    _shot(d, "brief-03-english.png")
