"""Side by side with txtai (issue #8): same model folder, same files, same questions, hybrid on both.

    make bench-txtai                                   # creates .venv-txtai, then runs this
    .venv/bin/python bench/txtai_compare.py --limit 300
    .venv/bin/python bench/txtai_compare.py --keep /tmp/txtai-vs-kb

Ours runs in this process through `KnowledgeBase` (ingest, then `search(q, k=50)` ranked to files);
txtai runs in bench/txtai_worker.py under .venv-txtai. Each side loads its model before its clock
starts, warms up on a few queries, then times one query at a time. Prints one Markdown table, the
targets of the issue (ingest ≥ 1.5× faster, hit@10 at least as good, p95 no worse) and txtai's settings.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest import SHARED, build_kb, markdown_table, peak_rss_mb, require  # noqa: E402
from kb.embed import default_model_dir  # noqa: E402
from kb.evaluate import load_queries, metrics  # noqa: E402
from kb.results import ranked_files  # noqa: E402

DATA = SHARED / "bench" / "vicov19qa"
TXTAI_PYTHON = ROOT / ".venv-txtai" / "bin" / "python"
WORKER = Path(__file__).resolve().parent / "txtai_worker.py"
K = 10  # files ranked per question, for hit@10 and MRR@10
OURS_K = 50  # passages asked of kb.search, then ranked to files (as bench/retrieval.py does)
WARMUP = 5


@dataclass
class Run:
    """What one system measured."""

    system: str
    documents: int
    rows: int  # our chunks, txtai's rows (one per file)
    model_load_s: float
    ingest_s: float
    rankings: list[list[str]]
    latencies_ms: list[float]
    peak_rss_mb: float
    note: str = ""  # what else to say about this run, printed under the table
    one_thread_ms: list[float] | None = None  # txtai's queries again with torch on one thread


def txtai_config(model: Path) -> dict:
    """txtai's Embeddings settings: our model folder, e5 prefixes, BM25 + dense, stored text, exact FAISS."""
    return {
        "path": str(model),
        "maxlength": 512,  # the model's limit; txtai truncates a longer file, ours chunks it
        "instructions": {"query": "query: ", "data": "passage: "},
        "hybrid": True,  # expands to scoring {"method": "bm25", "terms": True, "normalize": True}
        "content": True,
        "backend": "faiss",
        "faiss": {"components": "IDMap,Flat"},  # exact; txtai's own default too below 5,000 rows
    }


def file_number(path: Path) -> tuple[int, str]:
    """Sort key putting ans-2.txt before ans-10.txt."""
    digits = re.findall(r"\d+", path.stem)
    return (int(digits[-1]) if digits else -1, path.name)


def pick(answers: Path, queries_file: Path, limit: int | None) -> tuple[list[Path], list[dict]]:
    """The first `limit` answer files (all if None) and the questions all of whose answers are among them."""
    files = sorted(answers.glob("*.txt"), key=file_number)[:limit]
    names = {f.name for f in files}
    queries = [q for q in load_queries(queries_file) if set(q["relevant"]) <= names]
    if not files or not queries:
        sys.exit(
            f"{Path(sys.argv[0]).name}: no answer files or no questions left in {answers} "
            f"with --limit {limit}; give a larger --limit."
        )
    return files, queries


@contextmanager
def work_dir(keep: Path | None) -> Iterator[Path]:
    """`keep` (created, kept afterwards) or a temporary folder removed on exit."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="txtai-compare-") as tmp:
        yield Path(tmp)


def run_ours(files: list[Path], queries: list[str], home: Path) -> Run:
    """Ingest through KnowledgeBase.ingest, then time search (hybrid) + ranking to files per query."""
    kb, built = build_kb(files, home)

    def rank(q: str) -> list[str]:
        return ranked_files(kb.search(q, k=OURS_K, mode="hybrid"))[:K]

    for q in queries[:WARMUP]:
        rank(q)
    rankings, latencies = [], []
    for q in queries:
        started = time.perf_counter()
        rankings.append(rank(q))
        latencies.append((time.perf_counter() - started) * 1000)
    documents = kb.stats()["documents"]
    kb.close()
    stages = ", ".join(f"{s} {t:.1f}" for s, t in built.report.seconds.items())
    return Run(
        "ours (hybrid)",
        documents,
        built.report.chunks,
        built.model_load,
        built.wall,
        rankings,
        latencies,
        peak_rss_mb(),
        note=f"ours, ingest seconds by stage: {stages}",
    )


def run_txtai(python: Path, files: list[Path], queries: list[str], config: dict, folder: Path) -> Run:
    """Run bench/txtai_worker.py under txtai's venv and read its JSON."""
    job = folder / "txtai-job.json"
    job.write_text(
        json.dumps(
            {
                "files": [str(f) for f in files],
                "queries": queries,
                "k": K,
                "warmup": WARMUP,
                "save": str(folder / "txtai-index"),
                "config": config,
            }
        ),
        encoding="utf-8",
    )
    done = subprocess.run([str(python), str(WORKER), str(job)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(
            f"{Path(sys.argv[0]).name}: the txtai worker failed (exit {done.returncode}); "
            f"its last lines:\n{done.stderr[-3000:]}"
        )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    p50, p95 = np.percentile(out["latencies_one_thread_ms"], [50, 95])
    return Run(
        f"txtai {out['version']} (hybrid)",
        out["documents"],
        out["rows"],
        out["model_load_s"],
        out["ingest_s"],
        out["rankings"],
        out["latencies_ms"],
        out["peak_rss_mb"],
        note=f"txtai, queries again with torch on one thread (as ours encodes a query): "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
        one_thread_ms=out["latencies_one_thread_ms"],
    )


def row(run: Run, relevant: list[list[str]]) -> list[str]:
    """One table row: sizes, times, quality, latency, memory."""
    m = metrics(run.rankings, relevant)
    p50, p95 = np.percentile(run.latencies_ms, [50, 95])
    return [
        run.system,
        str(run.documents),
        str(run.rows),
        f"{run.model_load_s:.1f}",
        f"{run.ingest_s:.1f}",
        f"{run.rows / run.ingest_s:.1f}",
        f"{m['hit@1']:.3f}",
        f"{m['hit@10']:.3f}",
        f"{m['mrr@10']:.3f}",
        f"{p50:.1f}",
        f"{p95:.1f}",
        f"{run.peak_rss_mb:.0f}",
    ]


def targets(ours: Run, txtai: Run, relevant: list[list[str]]) -> list[str]:
    """The issue's three targets, each with the numbers and whether ours meets it."""
    speedup = txtai.ingest_s / ours.ingest_s
    hit_ours, hit_txtai = (metrics(r.rankings, relevant)["hit@10"] for r in (ours, txtai))
    p95 = lambda ms: float(np.percentile(ms, 95))  # noqa: E731
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    lines = [
        f"- ingest ≥ 1.5× faster: {speedup:.2f}× ({verdict(speedup >= 1.5)})",
        f"- hit@10 at least as good: {hit_ours:.3f} vs {hit_txtai:.3f} ({verdict(hit_ours >= hit_txtai)})",
        f"- query p95 no worse: {p95(ours.latencies_ms):.1f} vs {p95(txtai.latencies_ms):.1f} ms "
        f"({verdict(p95(ours.latencies_ms) <= p95(txtai.latencies_ms))})",
    ]
    if txtai.one_thread_ms:
        ok = p95(ours.latencies_ms) <= p95(txtai.one_thread_ms)
        lines.append(
            f"- query p95 no worse than txtai on one thread: {p95(ours.latencies_ms):.1f} vs "
            f"{p95(txtai.one_thread_ms):.1f} ms ({verdict(ok)})"
        )
    return lines


def settings(config: dict) -> list[str]:
    """How both sides were run, as bullet lines."""
    return [
        f"- model: {config['path']} on both; each loads it before its ingest clock starts",
        "- ingest s: from reading the files to an index saved on disk",
        f"- queries: {WARMUP} untimed warm-up searches, then each question once, one at a time",
        f"- ours: KnowledgeBase.ingest(files); ranked_files(search(q, k={OURS_K}, mode='hybrid'))[:{K}]; "
        "peak RSS = ru_maxrss of this process",
        f"- txtai: one row per file (id = file name, text truncated at maxlength); index() + save(); "
        f"search(q, {K}); convex 0.5/0.5 fusion of cosine and normalized BM25 (its default); "
        "BM25 on its Unicode word tokenizer (lowercase, no accent folding, no NFC); peak RSS = VmHWM of its worker",
        f"- txtai config: {json.dumps(config, ensure_ascii=False)}",
    ]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        help="only the first N answer files (by number) and the questions answered among them",
    )
    p.add_argument(
        "--keep", type=Path, default=None, help="folder for both indexes, kept afterwards (default: a temporary folder)"
    )
    p.add_argument("--answers", type=Path, default=DATA / "answers", help="folder of answer .txt files")
    p.add_argument(
        "--queries",
        type=Path,
        default=DATA / "queries-test.jsonl",
        help='JSON lines {"query", "relevant": [file names]}',
    )
    p.add_argument("--txtai-python", type=Path, default=TXTAI_PYTHON, help="python of the txtai venv")
    args = p.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        p.error("--limit must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.txtai_python.exists():
        sys.exit(
            f"{Path(sys.argv[0]).name}: no txtai venv at {args.txtai_python}; create it with "
            f"`make bench-txtai` or pass --txtai-python."
        )
    files, queries = pick(require(args.answers, "answers folder"), require(args.queries, "queries file"), args.limit)
    texts, relevant = [q["query"] for q in queries], [q["relevant"] for q in queries]
    config = txtai_config(default_model_dir())
    with work_dir(args.keep) as folder:
        if args.keep is not None and (folder / "ours").exists():
            sys.exit(f"{Path(sys.argv[0]).name}: {folder / 'ours'} already exists; give an empty --keep folder.")
        print(f"Ours: {len(files)} files ...", file=sys.stderr, flush=True)
        ours = run_ours(files, texts, folder / "ours")
        print("txtai ...", file=sys.stderr, flush=True)
        txtai = run_txtai(args.txtai_python, files, texts, config, folder)
        runs = [ours, txtai]
        print(f"{len(files)} files of {args.answers}, {len(queries)} questions of {args.queries}\n")
        print(
            markdown_table(
                [
                    "system",
                    "documents",
                    "chunks/rows",
                    "model load s",
                    "ingest s",
                    "chunks-or-rows/s",
                    "hit@1",
                    "hit@10",
                    "MRR@10",
                    "query p50 ms",
                    "query p95 ms",
                    "peak RSS MB",
                ],
                [row(r, relevant) for r in runs],
                right=set(range(1, 12)),
            )
        )
        print("\n".join(f"- {r.note}" for r in runs if r.note))
        print("\nTargets of issue #8 (ours vs txtai):")
        print("\n".join(targets(ours, txtai, relevant)))
        print("\nSettings:")
        print("\n".join(settings(config)))
        if args.keep is not None:
            print(f"Indexes kept in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
