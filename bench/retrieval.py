"""Retrieval quality table: dataset × mode × metric, over a KB that is already built.

    .venv/bin/python bench/retrieval.py --home KB QUERIES.jsonl [QUERIES.jsonl ...] [--fold]

Each QUERIES line is {"query", "relevant": [file names]} (other keys are ignored, except
"accents": false, which puts a question in the "typed without accents" row as well). A question set
of bench/ask.py ({"question", "file"}) is read as well: its in-corpus questions, the file relevant.
--fold also runs every file with its questions' accents removed by us; --as-typed searches every
query as typed (no accents restored); --modes picks the search modes (all three by default).
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

# the two renderings of the Cao Bằng resolution are one paper: either answers its questions
RENDERINGS = {
    "HỘI ĐỒNG NHÂN DÂN.pdf": "HỘI ĐỒNG NHÂN DÂN (2).pdf",
    "HỘI ĐỒNG NHÂN DÂN (2).pdf": "HỘI ĐỒNG NHÂN DÂN.pdf",
}


def load(path: Path) -> list[dict]:
    """Labelled queries: {"query", "relevant"} lines, or a bench/ask.py question set's in-corpus questions."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if "question" in q:
            if not q.get("file"):
                continue
            q = {**q, "query": q["question"], "relevant": [q["file"], *filter(None, [RENDERINGS.get(q["file"])])]}
        out.append(q)
    return out


def rows_for(kb: KnowledgeBase, name: str, queries: list[dict], modes=MODES, as_typed: bool = False) -> list[str]:
    out = []
    for mode in modes:
        rankings = [ranked_files(kb.search(q["query"], k=50, mode=mode, as_typed=as_typed))[:10] for q in queries]
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
    p.add_argument("--as-typed", action="store_true", help="search every query as typed: no accents restored")
    p.add_argument("--modes", default=",".join(MODES), help="comma-separated, default: all three")
    args = p.parse_args()
    modes = args.modes.split(",")
    kb = KnowledgeBase(args.home)
    print("| dataset | mode | hit@1 | hit@5 | hit@10 | MRR@10 | nDCG@10 | queries |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for file in args.queries:
        qs = load(Path(file))
        name = Path(file).parent.name + "/" + Path(file).stem

        def show(label: str, queries: list[dict]) -> None:
            for row in rows_for(kb, label, queries, modes, args.as_typed):
                print(row, flush=True)

        show(name, qs)
        typed_plain = [q for q in qs if q.get("accents") is False]
        if typed_plain:
            show(name + " (typed without accents)", typed_plain)
            show(name + " (with accents)", [q for q in qs if q.get("accents") is not False])
        if args.fold:
            show(name + " (accents removed)", [{**q, "query": fold(q["query"])} for q in qs])
    return 0


if __name__ == "__main__":
    sys.exit(main())
