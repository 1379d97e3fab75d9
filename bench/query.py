"""Query benchmark: latency of `KnowledgeBase.search` (p50/p95/p99/mean) and of the query embedding alone.

    .venv/bin/python bench/query.py                       # temporary KB built from ../shared/corpus
    .venv/bin/python bench/query.py --home /tmp/kb-bench -n 20
    .venv/bin/python bench/query.py --home kb-data --queries my-queries.jsonl -k 5

One row per search mode when `search` takes `mode=` (dense, lexical, hybrid), else one "dense" row.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ingest import DEFAULT_CORPUS, SHARED, build_kb, kb_home, markdown_table, require  # noqa: E402
from kb import KbError, KnowledgeBase  # noqa: E402

DEFAULT_QUERIES = SHARED / "bench" / "vicov19qa" / "queries-val.jsonl"
MODES = ("dense", "lexical", "hybrid")
WARMUP = 5


def load_queries(path: Path) -> list[str]:
    """The non-empty "query" fields of a JSON-lines file."""
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line).get("query", "")
            if q.strip():
                queries.append(q)
    if not queries:
        sys.exit(f'{Path(sys.argv[0]).name}: no queries (lines with a "query" field) in {path}')
    return queries


def take(queries: list[str], n: int) -> list[str]:
    """n queries, cycling through the list when it is shorter."""
    return list(islice(cycle(queries), n))


def search_modes(kb: KnowledgeBase) -> list[str | None]:
    """The modes to time: each of MODES if `search` takes `mode=`, else None (the default, dense)."""
    return list(MODES) if "mode" in inspect.signature(kb.search).parameters else [None]


def latencies_ms(call: Callable[[str], object], queries: list[str]) -> np.ndarray:
    """Milliseconds per call, one per query, after WARMUP untimed calls. A query repeated in
    `queries` finds its vector kept by the KB (as in use); give distinct queries to time embedding."""
    for q in queries[:WARMUP]:
        call(q + " (khởi động)")  # other words than the timed ones: the KB keeps recent query vectors
    times = []
    for q in queries:
        started = time.perf_counter()
        call(q)
        times.append(time.perf_counter() - started)
    return np.array(times) * 1000


def stats_row(label: str, ms: np.ndarray, chunks: str) -> list[str]:
    """One table row: label, n, p50, p95, p99, mean (ms), index size."""
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return [label, str(len(ms)), f"{p50:.1f}", f"{p95:.1f}", f"{p99:.1f}", f"{ms.mean():.1f}", chunks]


def search_call(kb: KnowledgeBase, mode: str | None, k: int) -> Callable[[str], object]:
    """kb.search for one mode (None: without the mode argument)."""
    if mode is None:
        return lambda q: kb.search(q, k=k)
    return lambda q: kb.search(q, k=k, mode=mode)


def measure(kb: KnowledgeBase, queries: list[str], k: int) -> tuple[list[list[str]], list[str]]:
    """Rows for every search mode, then the query embedding alone; and the modes that failed, with why."""
    chunks = str(kb.stats()["chunks"])
    rows, failed = [], []
    for mode in search_modes(kb):
        label = f"search {mode or 'dense'}"
        fresh = KnowledgeBase(kb.home, embedder=kb.embedder)  # no query vectors kept from the mode before
        try:
            rows.append(stats_row(label, latencies_ms(search_call(fresh, mode, k), queries), chunks))
        except (KbError, ValueError) as e:  # a mode the KB declares but cannot serve yet
            rows.append([label, "0", "-", "-", "-", "-", chunks])
            failed.append(f"- {label} failed: {e}")
        finally:
            fresh.close()
    encode = lambda q: kb.embedder.encode([q], "query")  # noqa: E731
    rows.append(stats_row("query embedding only", latencies_ms(encode, queries), "-"))
    return rows, failed


def open_home(home: Path) -> KnowledgeBase:
    """An existing, non-empty KB, or exit 1 saying what is wrong (KnowledgeBase() would create one)."""
    if not (home / "catalog.sqlite").exists():
        sys.exit(
            f"{Path(sys.argv[0]).name}: no knowledge base at {home} (no catalog.sqlite); "
            f"build one with: bench/ingest.py --home {home} FOLDER"
        )
    kb = KnowledgeBase(home)
    if not kb.stats()["chunks"]:
        sys.exit(
            f"{Path(sys.argv[0]).name}: the knowledge base at {home} is empty; "
            f"add documents with: bench/ingest.py --home {home} FOLDER"
        )
    return kb


def run(kb: KnowledgeBase, args: argparse.Namespace, source: str) -> None:
    """Time the queries against `kb` and print the table."""
    queries = take(load_queries(args.queries), args.n)
    rows, failed = measure(kb, queries, args.k)
    print(
        f"Query latency, k={args.k}, {args.n} queries from {args.queries} "
        f"({WARMUP} warm-up calls untimed); KB: {source}"
    )
    print(
        markdown_table(
            ["timed", "n", "p50 ms", "p95 ms", "p99 ms", "mean ms", "chunks"], rows, right={1, 2, 3, 4, 5, 6}
        )
    )
    if failed:
        print("\n" + "\n".join(failed))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(
        description="Time kb.search() per query (p50/p95/p99/mean in ms) and the query embedding alone, "
        "one row per search mode.",
    )
    p.add_argument(
        "--home",
        type=Path,
        default=None,
        help=f"an existing KB folder (default: build a temporary one from {DEFAULT_CORPUS})",
    )
    p.add_argument(
        "--queries",
        type=Path,
        default=DEFAULT_QUERIES,
        help=f'JSON-lines file; only the "query" field is used (default: {DEFAULT_QUERIES})',
    )
    p.add_argument(
        "-n",
        type=int,
        default=200,
        help="number of timed queries, cycling through the file if it has fewer (default: 200)",
    )
    p.add_argument("-k", type=int, default=10, help="results per query (default: 10)")
    args = p.parse_args(argv)
    if args.n < 1 or args.k < 1:
        p.error("-n and -k must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require(args.queries, "queries file")
    if args.home is not None:
        run(open_home(args.home), args, str(args.home))
        return 0
    require(DEFAULT_CORPUS, "corpus folder")
    with kb_home(None) as home:
        print(f"Building a temporary KB from {DEFAULT_CORPUS} ...", file=sys.stderr, flush=True)
        kb, built = build_kb([DEFAULT_CORPUS], home)
        print(f"Built in {built.wall:.0f}s: {built.report.chunks} chunks.", file=sys.stderr)
        run(kb, args, f"temporary, built from {DEFAULT_CORPUS}")
        kb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
