"""Cold-start benchmark (issue #8: "from launching the app to the first search result ≤ 5 s").

    .venv/bin/python bench/coldstart.py                       # temporary KB built from corpus/
    .venv/bin/python bench/coldstart.py --home kb-data --runs 5 --query "kinh phí nhiệm kỳ 2015-2018"

Measured the way a person sees it, in a real headless Chromium driven by Selenium (Debian's
chromium and chromium-driver, the same flags as tests/test_browser.py). Each run starts a fresh
`streamlit run app.py` and times: launch → server healthy (/_stcore/health) → the search page's
heading on screen → the query typed and submitted at once and the first result on screen.
Not counted: building the KB and starting the browser (both before the clock). The browser's
cache is cleared before each run, so the page's scripts are fetched again as on a first visit;
the operating system's file cache is not, so runs after the first find Python's files in memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ingest import kb_home, markdown_table, require  # noqa: E402
from kb import KnowledgeBase  # noqa: E402
from ui.launch import CHROMEDRIVER, CHROMIUM, chromium, healthy, streamlit_app, wait_until  # noqa: E402
from ui.strings import STRINGS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DEFAULT_QUERY = "Chủ tịch Liên hiệp nhiệm kỳ 2018-2020"
TARGET = 5.0  # seconds, issue #8
WAIT = 90.0  # seconds before a phase counts as failed (a busy 2-core machine)
PHASES = ("launch → server healthy", "healthy → heading on screen", "heading → first result on screen")
# the search page as people see it, in Vietnamese (ui/search.py, ui/strings.py): the heading, the
# query box, a results line and passages with the query's words in <mark>
VI = STRINGS["vi"]
HEADING = VI["search.title"]
SEARCH_BOX = f'input[aria-label="{VI["search.query"]}"]'
RESULTS_LINE = VI["search.results"].split("{")[0].strip()  # "Tìm thấy"
NO_RESULTS = VI["search.none"]
MARKED_PASSAGE = '[data-testid="stMarkdownContainer"] mark'


# --- the app and the browser: ui/launch.py, as the browser tests start them ------------------
@contextmanager
def browser() -> Iterator:
    """Headless Chromium with a fresh profile; quit on exit."""
    with tempfile.TemporaryDirectory(prefix="coldstart-chromium-") as profile:
        driver = chromium(Path(profile))
        try:
            yield driver
        finally:
            driver.quit()


def wait_for(driver, condition: Callable, what: str, timeout: float = WAIT):
    """Poll `condition(driver)` every 50 ms until it is truthy."""
    found = wait_until(driver, condition, timeout)
    if not found:
        raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
    return found


def css(driver, selector: str) -> list:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def body_text(driver) -> str:
    return driver.find_element("tag name", "body").text


# --- one run ----------------------------------------------------------------------------------
def first_result(driver) -> bool:
    """A results line and a passage with the query's words marked; stops early on 'nothing found'."""
    text = body_text(driver)
    if NO_RESULTS in text:
        raise RuntimeError("the search found nothing; pass a --query whose words are in the KB")
    return RESULTS_LINE in text and bool(css(driver, MARKED_PASSAGE))


def one_run(driver, home: Path, query: str, log: Path) -> list[float]:
    """Seconds of each phase of PHASES for one fresh app process."""
    from selenium.webdriver.common.keys import Keys

    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    with streamlit_app(home, log) as (url, proc):
        start = time.perf_counter()
        while not healthy(url):
            if proc.poll() is not None or time.perf_counter() - start > WAIT:
                raise RuntimeError(f"streamlit did not start; the end of its log ({log}):\n" + log.read_text()[-2000:])
            time.sleep(0.05)
        up = time.perf_counter()
        driver.get(url)
        wait_for(driver, lambda d: any(h.text == HEADING for h in css(d, "h1")), "the search page's heading")
        heading = time.perf_counter()
        box = wait_for(driver, lambda d: css(d, SEARCH_BOX), "the search box")[0]
        box.send_keys(query, Keys.ENTER)
        wait_for(driver, first_result, "the first result")
        found = time.perf_counter()
    return [up - start, heading - up, found - heading]


# --- report -----------------------------------------------------------------------------------
def kb_size(home: Path) -> tuple[int, int]:
    """(documents, chunks) of the KB at `home`."""
    kb = KnowledgeBase(home)
    try:
        stats = kb.stats()
        return stats["documents"], stats["chunks"]
    finally:
        kb.close()


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def report(runs: list[list[float]], home: str, size: tuple[int, int], query: str, load: str) -> None:
    totals = [sum(r) for r in runs]
    header = ["phase", *(f"run {i}" for i in range(1, len(runs) + 1)), "median"]
    rows = [
        [name, *(f"{r[i]:.2f}" for r in runs), f"{statistics.median(r[i] for r in runs):.2f}"]
        for i, name in enumerate(PHASES)
    ]
    rows.append(
        ["**launch → first result**", *(f"**{x:.2f}**" for x in totals), f"**{statistics.median(totals):.2f}**"]
    )
    median = statistics.median(totals)
    print(f"KB: {home}: {size[0]} documents, {size[1]} chunks")
    print(f"Query: {query!r}; {os.cpu_count()} CPUs; load average {load} (1, 5, 15 min) at the start\n")
    print(markdown_table(header, rows, right=range(1, len(header))))
    verdict = "meets" if median <= TARGET else "misses"
    print(f"\nMedian launch → first result {median:.2f} s: {verdict} the target of {TARGET:.0f} s (issue #8).")
    print(
        "Seconds. Browser start-up and building the KB are not counted. The query is typed as soon as the "
        "heading shows, so the last phase includes whatever of the query model's start-up (ONNX Runtime, "
        "kb/embed.py OnnxEmbedder: loaded on first use, warmed by ui/common.py warm_model in a background "
        "thread after the first page) is not done yet."
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Time launching the app to the first search result in a headless "
        "Chromium, one fresh streamlit process per run."
    )
    p.add_argument(
        "--home", type=Path, default=None, help=f"an existing KB folder (default: build a temporary one from {CORPUS})"
    )
    p.add_argument("--query", default=DEFAULT_QUERY, help=f"what to search for (default: {DEFAULT_QUERY!r})")
    p.add_argument("--runs", type=int, default=3, help="fresh app processes to time (default: 3)")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    if not args.query.strip():
        p.error("--query must not be empty")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require(CHROMIUM, "Chromium (install Debian's chromium and chromium-driver: make sysdeps-test)")
    require(CHROMEDRIVER, "chromedriver (install Debian's chromium-driver: make sysdeps-test)")
    if args.home is not None:
        require(args.home / "catalog.sqlite", "KB (a folder holding catalog.sqlite)")
    with kb_home(args.home) as root, tempfile.TemporaryDirectory(prefix="coldstart-logs-") as logs:
        home = args.home if args.home is not None else root / "kb"
        if args.home is None:
            print(f"Building a temporary KB from {require(CORPUS, 'corpus folder')} ...", file=sys.stderr, flush=True)
            kb = KnowledgeBase(home)
            kb.ingest([CORPUS])
            kb.close()
        size = kb_size(home)
        load = load_average()
        runs = []
        with browser() as driver:
            for i in range(1, args.runs + 1):
                try:
                    runs.append(one_run(driver, home, args.query, Path(logs) / f"streamlit-{i}.log"))
                except RuntimeError as e:
                    sys.exit(f"coldstart.py: run {i}: {e}")
                print(f"run {i}: {sum(runs[-1]):.2f} s", file=sys.stderr, flush=True)
        label = str(args.home) if args.home is not None else f"temporary, built from {CORPUS}"
        report(runs, label, size, args.query, load)
    return 0


if __name__ == "__main__":
    sys.exit(main())
