"""Retrieval quality table: dataset × mode × metric, over a KB that is already built.

    .venv/bin/python bench/retrieval.py --home KB QUERIES.jsonl [QUERIES.jsonl ...] [--fold]

Each QUERIES line is {"query", "relevant": [file names]} (other keys are ignored, except
"accents": false, which puts a question in the "typed without accents" row as well).
--fold also runs every file with its questions' accents removed by us.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.text import fold  # noqa: E402
from kb import KnowledgeBase  # noqa: E402
from kb.evaluate import metrics  # noqa: E402
from kb.results import ranked_files  # noqa: E402
from kb.retriever import MODES  # noqa: E402


def rows_for(kb: KnowledgeBase, name: str, queries: list[dict]) -> list[str]:
    out = []
    for mode in MODES:
        rankings = [ranked_files(kb.search(q["query"], k=50, mode=mode))[:10] for q in queries]
        m = metrics(rankings, [q["relevant"] for q in queries])
        out.append(
            f"| {name} | {mode} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['hit@10']:.3f} | "
            f"{m['mrr@10']:.3f} | {m['ndcg@10']:.3f} | {m['queries']} |"
        )
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True)
    p.add_argument("queries", nargs="+")
    p.add_argument("--fold", action="store_true", help="also run each file with accents removed")
    args = p.parse_args()
    kb = KnowledgeBase(args.home)
    print("| dataset | mode | hit@1 | hit@5 | hit@10 | MRR@10 | nDCG@10 | queries |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for file in args.queries:
        qs = [json.loads(line) for line in Path(file).read_text(encoding="utf-8").splitlines() if line.strip()]
        name = Path(file).parent.name + "/" + Path(file).stem
        for row in rows_for(kb, name, qs):
            print(row, flush=True)
        typed_plain = [q for q in qs if q.get("accents") is False]
        if typed_plain:
            for row in rows_for(kb, name + " (typed without accents)", typed_plain):
                print(row, flush=True)
            for row in rows_for(kb, name + " (with accents)", [q for q in qs if q.get("accents") is not False]):
                print(row, flush=True)
        if args.fold:
            for row in rows_for(kb, name + " (accents removed)", [{**q, "query": fold(q["query"])} for q in qs]):
                print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
