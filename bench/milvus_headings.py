"""Headings in lexical search on Milvus: which way keeps the embedded store's top results.

    .venv/bin/python bench/milvus_headings.py [--home KB] [FOLDER ...] [--queries Q.jsonl ...]

The embedded store (FTS5) indexes a passage's heading path as two fields of their own (hacc, hfold)
weighted HEADING_WEIGHT in its BM25 (kb/store/fts.py). On Milvus the heading's terms are appended
to the passage's own term text (kb/store/milvus.py: `HEADINGS`). This builds (or takes) an embedded
KB, copies it twice to Milvus Lite with `kb migrate` (the heading appended; no heading at all) and
asks every question of the query files in lexical mode: how often Milvus's best file is the
embedded store's, how much of the embedded top 10 it keeps, and each side's hit@1 / hit@10 against
the labels. Lite's BM25 is Milvus's (its own IDF, every term read): compare the two Milvus rows.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from retrieval import load  # noqa: E402

from kb import KnowledgeBase  # noqa: E402
from kb.results import ranked_files  # noqa: E402
from kb.store import Backends  # noqa: E402
from kb.store import milvus as milvus_store  # noqa: E402

FOLDERS = ["seed", "congress-gialam-2021", "news-meetings-2017"]  # text layers only: no OCR
QUERIES = [ROOT / "bench/data/meetings-queries.jsonl", ROOT / "bench/data/ask-questions.jsonl"]


def rankings(kb: KnowledgeBase, queries: list[dict], mode: str) -> list[list[str]]:
    return [ranked_files(kb.search(q["query"], k=50, mode=mode))[:10] for q in queries]


def row(name: str, got: list[list[str]], embedded: list[list[str]], queries: list[dict]) -> str:
    n = len(queries)
    same1 = sum(bool(g and e and g[0] == e[0]) for g, e in zip(got, embedded)) / n
    kept = sum(len(set(g) & set(e)) / max(len(e), 1) for g, e in zip(got, embedded)) / n
    hit1 = sum(bool(g and g[0] in q["relevant"]) for g, q in zip(got, queries)) / n
    hit10 = sum(bool(set(g) & set(q["relevant"])) for g, q in zip(got, queries)) / n
    return f"| {name} | {same1:.3f} | {kept:.3f} | {hit1:.3f} | {hit10:.3f} | {n} |"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", help="an embedded KB (built from the folders when absent)")
    p.add_argument("folders", nargs="*", default=[str(ROOT.parent / "shared/corpus" / f) for f in FOLDERS])
    p.add_argument("--queries", nargs="*", default=[str(q) for q in QUERIES])
    p.add_argument("--mode", default="lexical")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-headings-"))
    home = Path(args.home) if args.home else work / "embedded"
    if not (home / "catalog.sqlite").exists():
        kb = KnowledgeBase(home)
        kb.ingest(args.folders)
        kb.close()
    queries = [q for f in args.queries for q in load(Path(f))]
    kb = KnowledgeBase(home)
    chunks = kb.store.chunk_count()
    embedded = rankings(kb, queries, args.mode)
    headed = sum(1 for _, (_, c) in kb.store.chunks(kb.store.chunk_ids(None, None)).items() if c.heading)
    kb.close()
    print(f"{chunks} chunks, {headed} under a heading; {len(queries)} questions; mode {args.mode}\n")
    print("| store | best file = embedded's | embedded top 10 kept | hit@1 | hit@10 | questions |")
    print("|---|---:|---:|---:|---:|---:|")
    print(row("embedded (FTS5, heading fields)", embedded, embedded, queries), flush=True)
    for label, headings in (("Milvus Lite, heading appended", True), ("Milvus Lite, no heading", False)):
        copy = work / ("milvus-headings" if headings else "milvus-plain")
        shutil.copytree(home, copy)
        milvus_store.HEADINGS = headings
        kb = KnowledgeBase(copy)
        assert kb.migrate(Backends(store="passages.db")).passed
        print(row(label, rankings(kb, queries, args.mode), embedded, queries), flush=True)
        kb.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
