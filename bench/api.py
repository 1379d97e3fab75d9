"""HTTP API benchmark: a bounded load on `kb serve` at 127.0.0.1 — N clients, each with its own API
token, each sending M searches one after another, while an upload is ingested — then requests per
second, latency p50/p95/p99 and errors (target: none), as a table. The clients are viewers, and every
tenth document is restricted to a group they are not in, so each search runs through the access
filter (kb/visible.py) as it does for real.

    .venv/bin/python bench/api.py                       # a temporary KB of ../shared/corpus/news-meetings-2017
    .venv/bin/python bench/api.py --home /tmp/bench-meet --clients 8 --searches 200
    .venv/bin/python bench/api.py --no-upload           # searches alone

The KB given with --home is copied first: the upload never changes it. Queries are those of
bench/data/meetings-queries.jsonl, in turn. Only 127.0.0.1 is ever sent a request, and the run stops
by itself (at most clients × searches requests, plus the upload's polls).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest import SHARED, markdown_table  # noqa: E402
from kb import KnowledgeBase  # noqa: E402
from kb.records import Access  # noqa: E402
from ui.launch import api_server  # noqa: E402

QUERIES = ROOT / "bench" / "data" / "meetings-queries.jsonl"
DEFAULT_CORPUS = SHARED / "corpus" / "news-meetings-2017"
UPLOAD_PARAGRAPHS = 400  # the uploaded report: about 400 passages to embed while the searches run


def queries() -> list[str]:
    return [json.loads(line)["query"] for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def prepare(home: Path | None, work: Path, clients: int, hidden: int) -> tuple[Path, list[str], str]:
    """A KB in `work` (a copy of `home`, or built from the default corpus), a token per client and
    an editor's token for the upload."""
    target = work / "kb"
    if home is not None:
        shutil.copytree(home, target, ignore=shutil.ignore_patterns(".write.lock", ".backup.lock", "uploads"))
        kb = KnowledgeBase(target)
    else:
        corpus = DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else ROOT / "corpus"
        kb = KnowledgeBase(target)
        print(f"building a KB of {corpus} …", file=sys.stderr)
        kb.ingest([corpus])
    if hidden:
        for d in kb.documents()[::hidden]:
            kb.set_access(d.sha256, Access("restricted", ("bench-hidden",)))
    kb.accounts.add("bench-viewer", "viewer", "bench-password-1")
    kb.accounts.add("bench-editor", "editor", "bench-password-1")
    tokens = [kb.accounts.create_token("bench-viewer", f"client {n}")[1] for n in range(clients)]
    editor = kb.accounts.create_token("bench-editor", "upload")[1]
    documents = len(kb.documents())
    chunks = kb.stats()["chunks"]
    seen = kb.as_user(kb.accounts.principal_of("bench-viewer")).stats()
    kb.close()
    print(
        f"KB: {documents} documents, {chunks} chunks; the clients read {seen['documents']} and {seen['chunks']}",
        file=sys.stderr,
    )
    return target, tokens, editor


def upload(url: str, token: str) -> dict:
    """Upload one long report and wait for its ingest job; returns the job with its duration."""
    text = "\n\n".join(
        f"Mục {i}. Báo cáo kết quả công tác thư viện năm {2000 + i % 25}: bổ sung {i * 7} bản sách, "
        f"tổ chức {i % 9 + 1} buổi giới thiệu sách, phục vụ {i * 31} lượt bạn đọc tại cơ sở."
        for i in range(UPLOAD_PARAGRAPHS)
    )
    started = time.perf_counter()
    r = requests.post(
        url + "/v1/documents",
        files={"files": ("bao-cao-tai-tai.txt", text.encode("utf-8"))},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    r.raise_for_status()
    poll = url + r.json()["poll"]
    while True:
        job = requests.get(poll, headers={"Authorization": f"Bearer {token}"}, timeout=60).json()
        if job["status"] in ("done", "failed"):
            return {**job, "seconds": time.perf_counter() - started}
        time.sleep(0.2)


def client(url: str, token: str, asked: list[str], n: int, offset: int) -> list[tuple[float, int]]:
    """n searches one after another: (seconds, status) each."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    out = []
    for i in range(n):
        q = asked[(offset + i) % len(asked)]
        started = time.perf_counter()
        try:
            status = session.get(url + "/v1/search", params={"q": q, "k": 10}, timeout=120).status_code
        except requests.RequestException:
            status = 0
        out.append((time.perf_counter() - started, status))
    return out


def run(url: str, tokens: list[str], editor: str | None, searches: int) -> tuple[list[tuple[float, int]], float, dict]:
    asked = queries()
    for q in asked[:3]:  # warm: the model and the index load on the first search
        requests.get(url + "/v1/search", params={"q": q}, headers={"Authorization": f"Bearer {tokens[0]}"}, timeout=120)
    job: dict = {}
    uploader = None
    if editor:
        uploader = threading.Thread(target=lambda: job.update(upload(url, editor)))
        uploader.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(len(tokens)) as pool:
        parts = list(pool.map(lambda n: client(url, tokens[n], asked, searches, n * 7), range(len(tokens))))
    seconds = time.perf_counter() - started
    if uploader:
        uploader.join()
    return [x for part in parts for x in part], seconds, job


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--home", type=Path, help="a KB to copy (default: build one of news-meetings-2017)")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--searches", type=int, default=200, help="per client")
    p.add_argument("--no-upload", action="store_true", help="searches alone")
    p.add_argument("--hidden", type=int, default=10, help="every Nth document restricted (0: none)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-bench-api-") as tmp:
        work = Path(tmp)
        home, tokens, editor = prepare(args.home, work, args.clients, args.hidden)
        limits = {"KB_API_RATE": "100000", "KB_API_BURST": "100000"}  # measured, not throttled
        with api_server(home, work / "serve.log", limits) as url:
            timings, seconds, job = run(url, tokens, None if args.no_upload else editor, args.searches)
    ms = np.array([t for t, _ in timings]) * 1000
    errors = sum(1 for _, s in timings if s != 200)
    rows = [
        [
            f"{args.clients} × {args.searches} searches" + ("" if args.no_upload else " + 1 upload"),
            str(len(timings)),
            f"{seconds:.1f}",
            f"{len(timings) / seconds:.1f}",
            f"{np.percentile(ms, 50):.0f}",
            f"{np.percentile(ms, 95):.0f}",
            f"{np.percentile(ms, 99):.0f}",
            str(errors),
        ]
    ]
    print(
        markdown_table(
            ["load", "requests", "seconds", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            rows,
            right=range(1, 8),
        )
    )
    if job:
        files = job.get("files") or [{}]
        print(
            f"\nupload: {UPLOAD_PARAGRAPHS}-paragraph report, job {job['status']} in {job['seconds']:.1f} s "
            f"({files[0].get('status', '?')}, {files[0].get('chunks', 0)} chunks), during the searches"
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
