"""Ingest throughput on Ray with 1 and 2 local workers against the single-process ingest, and Ray's own
overhead per file.

    .venv/bin/python bench/ray_ingest.py [FOLDER] [--files 200]

Each run ingests the same files (the first --files of FOLDER, default ../shared/bench/news-distractors-2017)
into a fresh home: one process (kb/pipeline.py's batches); then a local Ray cluster started in this
process with 1, then 2 CPUs (one worker per CPU, kb/workers.py; every socket on 127.0.0.1). The cluster's
start is timed apart; a worker's first file includes loading the model (about a second). "overhead per
file" is Ray's round trip of a task that carries a file's bytes and does nothing, measured on the
2-worker cluster over the same files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb import KnowledgeBase  # noqa: E402
from kb.workers import LOOPBACK_ENV  # noqa: E402


def run(files: list[Path], workers: str | None, cpus: int = 0) -> dict:
    home = Path(tempfile.mkdtemp(prefix="kb-ray-bench-"))
    started = 0.0
    if workers:
        os.environ.update(LOOPBACK_ENV)
        import ray

        t = time.perf_counter()
        ray.init(
            address="local", num_cpus=cpus, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False
        )
        started = time.perf_counter() - t
    kb = KnowledgeBase(home)
    kb.embedder.encode(["khởi động"], "query")  # the writer's model loaded before the clock
    t = time.perf_counter()
    report = kb.ingest(files, workers=workers)
    wall = time.perf_counter() - t
    out = {
        "wall": wall,
        "start": started,
        "files": len(report.files),
        "chunks": report.chunks,
        "embed": report.seconds["embed"],
    }
    if workers:
        out["overhead_ms"] = _overhead(files)
    kb.close()
    shutil.rmtree(home, ignore_errors=True)
    return out


def _overhead(files: list[Path]) -> float:
    """ms per file of a Ray task that takes the file's bytes and returns at once (2 workers busy)."""
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False)
    noop = ray.remote(lambda data: len(data))
    ray.get([noop.remote(b"x") for _ in range(4)])  # workers started
    t = time.perf_counter()
    ray.get([noop.remote(f.read_bytes()) for f in files])
    ms = 1000 * (time.perf_counter() - t) / len(files)
    ray.shutdown()
    return ms


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "bench" / "news-distractors-2017"))
    p.add_argument("--files", type=int, default=200)
    args = p.parse_args()
    files = sorted(Path(args.folder).iterdir())[: args.files]
    print("| ingest | files | chunks | cluster start s | wall s | chunks/s | speed-up | Ray overhead ms/file | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    base = None
    for label, workers, cpus in (("one process", None, 0), ("Ray, 1 worker", "auto", 1), ("Ray, 2 workers", "auto", 2)):
        r = run(files, workers, cpus)
        base = base or r["wall"]
        overhead = f"{r['overhead_ms']:.1f}" if "overhead_ms" in r else "-"
        print(
            f"| {label} | {r['files']} | {r['chunks']} | {r['start']:.1f} | {r['wall']:.1f} | "
            f"{r['chunks'] / r['wall']:.1f} | {base / r['wall']:.2f}× | {overhead} | {os.getloadavg()[0]:.1f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
