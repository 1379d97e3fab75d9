"""The app and the HTTP API as local servers, and a headless browser to look at the app: what the
browser and API tests (tests/test_browser.py, tests/test_api.py) and the benchmarks
(bench/coldstart.py, bench/api.py) start.

Chromium and its driver are Debian's (packages chromium and chromium-driver, installed by
`make sysdeps-test`); Selenium is a dev dependency.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether the streamlit server at `url` answers its health check."""
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextmanager
def streamlit_app(home: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run app.py` over the KB at `home` on a free local port, output to `log`;
    yields (url, process) at once, without waiting for the server; stopped on exit."""
    port = free_port()
    env = {**os.environ, "KB_HOME": str(home), "TOKENIZERS_PARALLELISM": "false"}
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}", proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def api_server(home: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`kb serve` over the KB at `home` on a free port of 127.0.0.1, output to `log`; yields its URL
    once it answers /v1/health (within 180 s); stopped on exit."""
    import time

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "TOKENIZERS_PARALLELISM": "false", **(env or {})}
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kb.cli", "--home", str(home), "serve", "--port", str(port)],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            started = time.monotonic()
            while True:
                try:
                    with urllib.request.urlopen(url + "/v1/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() - started > 180:
                    raise RuntimeError(f"kb serve did not start: {log.read_text()[-2000:]}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def chromium(profile: Path):
    """A headless Chromium in Vietnamese, 1400×1000, with its own profile folder and nothing
    running in the background (no sync, updates or extensions)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--metrics-recording-only",
        "--window-size=1400,1000",
        "--lang=vi-VN",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def wait_until(driver, condition, timeout: float, poll: float = 0.05):
    """Poll `condition(driver)` until it is truthy and return its value, or None after `timeout`
    seconds; an element Streamlit redrew meanwhile (stale) counts as not yet."""
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    def safe(d):
        try:
            return condition(d)
        except StaleElementReferenceException:
            return False

    try:
        return WebDriverWait(driver, timeout, poll_frequency=poll).until(safe)
    except TimeoutException:
        return None
