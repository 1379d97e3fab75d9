"""txtai's side of bench/txtai_compare.py: index files, answer queries, print the measurements as JSON.

    .venv-txtai/bin/python bench/txtai_worker.py JOB.json

JOB.json holds {"files", "queries", "k", "warmup", "save", "config"} (written by
txtai_compare.py). Runs in its own venv, so it imports only txtai and the standard library
(and torch, which txtai runs on, to time queries on one thread as well).
One document per file, id = file name. Prints one JSON object on stdout; txtai's logs go to stderr.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from importlib.metadata import version
from pathlib import Path

from txtai import Embeddings


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec,
    so a worker started by a big parent would report the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 2**10
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10


def documents(files: list[str]):
    """(id, text, None) rows as txtai's index() takes them, read lazily so reading counts as ingest."""
    for f in files:
        path = Path(f)
        yield path.name, path.read_text(encoding="utf-8"), None


def timed_queries(embeddings: Embeddings, queries: list[str], k: int, warmup: int):
    """(file ids best first, milliseconds) per query, after `warmup` untimed searches."""
    for q in queries[:warmup]:
        embeddings.search(q, k)
    rankings, latencies = [], []
    for q in queries:
        started = time.perf_counter()
        found = embeddings.search(q, k)
        latencies.append((time.perf_counter() - started) * 1000)
        rankings.append([r["id"] for r in found])
    return rankings, latencies


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit("usage: txtai_worker.py JOB.json (written by bench/txtai_compare.py)")
    job = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))

    started = time.perf_counter()
    embeddings = Embeddings(job["config"])
    embeddings.transform("khởi động")  # the first encode, so model load stays out of ingest
    model_load = time.perf_counter() - started

    started = time.perf_counter()
    embeddings.index(documents(job["files"]))
    embeddings.save(job["save"])  # ours writes its index to disk during ingest too
    ingest = time.perf_counter() - started

    rankings, latencies = timed_queries(embeddings, job["queries"], job["k"], job["warmup"])
    # Again on one thread, as ours encodes a query: torch's default (all cores) suffers most when
    # the other core is busy. torch is imported only to set this; txtai has no setting for it.
    import torch

    torch.set_num_threads(1)
    _, latencies_one_thread = timed_queries(embeddings, job["queries"], job["k"], job["warmup"])

    print(
        json.dumps(
            {
                "version": version("txtai"),
                "documents": embeddings.count(),
                "rows": embeddings.count(),
                "model_load_s": model_load,
                "ingest_s": ingest,
                "rankings": rankings,
                "latencies_ms": latencies,
                "latencies_one_thread_ms": latencies_one_thread,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
