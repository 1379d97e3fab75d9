"""The Milvus store through Milvus Lite beside the embedded store, at 10k and 100k chunks, from one run.

    .venv/bin/python bench/milvus_scale.py [--sizes 10000,100000] [--cache /tmp/kb-scale] [-n 50]

The bench KBs are bench/scale.py's (grown from two real KBs, `--sources`, cached under `--cache`/N:
real chunks and vectors mixed, see its docstring). Per size and store:

- insert rows/s: embedded, every chunk row (vector included) and its FTS5 terms written into a fresh
  catalog (SqliteCatalog.load, one transaction); Milvus Lite, every passage inserted (our terms and the
  filter fields; Milvus computes the BM25 sparse vectors) in batches of 500, then flushed.
- build s: FAISS (the kind kb/store/faiss.py picks for the size) from the catalog's vectors; Lite, its
  dense index (IVF_FLAT, nlist = 4·√n) and the two BM25 indexes created after the insert, then loaded.
- recall@10 of that index against exact search (numpy over the catalog's vectors), 200 test questions.
- dense / lexical / hybrid p50 and p95 of `KnowledgeBase.search` (query embedding included, the
  query-vector cache off) in a fresh serving process per store, after 10 warm-up questions; its peak
  RSS. The serving process stops early when its RSS passes `--max-rss-gb` (the machine has 24 GB;
  Lite held about 10 GB at 100k after its first BM25 query in the issue's trial) and says so.

Lite is an engine written in Python behind Milvus's API: its numbers are Lite's, not a Milvus server's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale  # noqa: E402

from kb import KnowledgeBase, retriever  # noqa: E402
from kb.query import analyze  # noqa: E402
from kb.retriever import MODES  # noqa: E402
from kb.store.layout import CATALOG  # noqa: E402
from kb.store.milvus import MilvusPassages  # noqa: E402
from kb.store.seams import TABLES  # noqa: E402
from kb.store.sqlite import SqliteCatalog  # noqa: E402


def lite_address(cache: Path, size: int, nprobe: int) -> str:
    return f"{cache / f'{size}-milvus' / 'passages.db'}?index=IVF_FLAT&nprobe={nprobe}"


def embedded_insert(home: Path) -> float:
    """rows/s of a fresh catalog written with every chunk (vector and FTS5 terms) of `home`."""
    source = SqliteCatalog(home / CATALOG)
    with tempfile.TemporaryDirectory(dir=home.parent) as tmp:
        fresh = SqliteCatalog(Path(tmp) / CATALOG)
        started = time.perf_counter()
        fresh.load((table, source.rows(table)) for table in TABLES)
        seconds = time.perf_counter() - started
        fresh.close()
    n = source.chunk_count()
    source.close()
    return n / seconds


def lite_build(home: Path, address: str) -> tuple[float, float]:
    """Milvus Lite's collection for the KB in `home`: (insert rows/s, index build seconds)."""
    catalog = SqliteCatalog(home / CATALOG)
    store = MilvusPassages(address, home, catalog)
    n = store.rebuild(catalog)  # created bare, every passage inserted (batches of 500), then indexed
    store.close()
    catalog.close()
    return n / store.timings["insert"], store.timings["index"]


def lite_recall(home: Path, address: str, questions: list[str]) -> float:
    """recall@10 of Lite's IVF_FLAT against exact search over the catalog's vectors."""
    kb = KnowledgeBase(home)
    queries = kb.embedder.encode([analyze(q).core for q in questions], "query")
    exact = _exact(kb, queries)
    catalog = SqliteCatalog(home / CATALOG)
    store = MilvusPassages(address, home, catalog)
    store.prepare(catalog)
    found = [{i for i, _ in store.dense_search(q, 10)} for q in queries]
    store.close()
    catalog.close()
    kb.close()
    return float(np.mean([len(f & set(e)) / 10 for f, e in zip(found, exact)]))


def _exact(kb: KnowledgeBase, queries: np.ndarray) -> list[list[int]]:
    import faiss

    heap = faiss.ResultHeap(len(queries), 10, keep_max=True)
    for ids, vectors in kb.store.vectors():
        heap.add_result(queries @ vectors.T, np.broadcast_to(ids, (len(queries), len(ids))))
    heap.finalize()
    return heap.I.tolist()


def serve(home: Path, questions: list[str], warm: list[str], max_rss_gb: float) -> dict:
    """In this fresh process (KB_STORE says which store): warm up, then time each question in each mode."""
    retriever.QUERY_CACHE = 0
    kb = KnowledgeBase(home)
    for q in warm:
        kb.search(q)
    times: dict[str, list[float]] = {m: [] for m in MODES}
    stopped = None
    for n, q in enumerate(questions):
        for mode in MODES:
            started = time.perf_counter()
            kb.search(q, mode=mode)
            times[mode].append(1000 * (time.perf_counter() - started))
        if _rss_gb() > max_rss_gb:
            stopped = n + 1
            break
    out: dict = {m: [float(np.percentile(t, p)) for p in (50, 95)] for m, t in times.items()}
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["timed"], out["stopped"], out["load"] = len(times["dense"]), stopped, os.getloadavg()[0]
    return out


def _rss_gb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 2**20
    return 0.0


def _available_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 2**20
    return 0.0


def _serving(home: Path, store: str | None, args) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("KB_STORE", "KB_CATALOG")}
    if store:
        env["KB_STORE"] = store
    command = [sys.executable, __file__, "--serve", str(home), "-n", str(args.n), "--max-rss-gb", str(args.max_rss_gb)]
    run = subprocess.run(command + ["--queries", args.queries], capture_output=True, text=True, env=env, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="10000,100000")
    p.add_argument("--cache", default="/tmp/kb-scale")
    p.add_argument("--sources", default="/tmp/scale19/vicov,/tmp/scale19/meet")
    p.add_argument("--queries", default=str(scale.SHARED / "bench" / "vicov19qa" / "queries-test.jsonl"))
    p.add_argument("-n", type=int, default=50, help="questions timed per store")
    p.add_argument("--nprobe", type=int, default=128, help="IVF lists Lite searches")
    p.add_argument("--max-rss-gb", type=float, default=18.0)
    p.add_argument("--serve", help=argparse.SUPPRESS)
    args = p.parse_args()
    lines = Path(args.queries).read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["query"] for line in lines if line.strip()]
    if args.serve:
        print(json.dumps(serve(Path(args.serve), questions[: args.n], questions[-10:], args.max_rss_gb)))
        return 0
    sources = [Path(h) for h in args.sources.split(",")]
    print(
        "| store | chunks | index | insert rows/s | build s | recall@10 | dense p50/p95 ms | lexical p50/p95 ms "
        "| hybrid p50/p95 ms | serving RSS MB | timed | load |"
    )
    print("|---|---:|---|---:|---:|---:|---|---|---|---:|---:|---:|", flush=True)
    for size in map(int, args.sizes.split(",")):
        home = Path(args.cache) / str(size)
        scale.grow(home, size, sources)
        inserted = embedded_insert(home)
        info, built = scale.index(home)
        recall = scale.recall(home, questions[:200])
        _row(
            "embedded (SQLite + FTS5 + FAISS)",
            size,
            info["kind"].split(" (")[0],
            inserted,
            built,
            recall,
            _serving(home, None, args),
        )
        address = lite_address(Path(args.cache), size, args.nprobe)
        shutil.rmtree(Path(args.cache) / f"{size}-milvus", ignore_errors=True)
        (Path(args.cache) / f"{size}-milvus").mkdir(parents=True)
        inserted, built = lite_build(home, address)
        recall = lite_recall(home, address, questions[:200])
        if _available_gb() < args.max_rss_gb / 2:
            print(f"| Milvus Lite | {size} | not served: {_available_gb():.1f} GB available |", flush=True)
            continue
        _row(
            f"Milvus Lite 3 (in-process), nprobe={args.nprobe}",
            size,
            "IVF_FLAT + BM25",
            inserted,
            built,
            recall,
            _serving(home, address, args),
        )
    return 0


def _row(store: str, size: int, index: str, inserted: float, built: float, recall: float, s: dict) -> None:
    ms = {m: "/".join(f"{x:.0f}" for x in s[m]) for m in MODES}
    timed = f"{s['timed']}" + (f" (stopped: RSS over the limit after {s['stopped']})" if s["stopped"] else "")
    print(
        f"| {store} | {size:,} | {index} | {inserted:,.0f} | {built:.1f} | {recall:.3f} | {ms['dense']} | "
        f"{ms['lexical']} | {ms['hybrid']} | {s['rss_mb']:,.0f} | {timed} | {s['load']:.1f} |",
        flush=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
