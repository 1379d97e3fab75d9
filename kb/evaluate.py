"""Retrieval metrics over labelled questions: hit@k, MRR@10, nDCG@10 on documents."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

from kb.errors import KbError


def load_queries(path: str | Path) -> list[dict]:
    """JSONL lines {"query": ..., "relevant": ["file name", ...]}."""
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise KbError("eval.unreadable", path=str(path), why=e.strerror) from e
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
            out.append({"query": str(q["query"]), "relevant": [str(r) for r in q["relevant"]]})
        except (ValueError, KeyError, TypeError):
            raise KbError("eval.bad_line", path=str(path), line=n) from None
    return out


def metrics(rankings: list[list[str]], relevant: list[list[str]]) -> dict[str, float]:
    """Document-level metrics; each ranking is file names, best first."""
    n = len(rankings)
    out = {"hit@1": 0.0, "hit@5": 0.0, "hit@10": 0.0, "mrr@10": 0.0, "ndcg@10": 0.0, "queries": n}
    for ranked, rel in zip(rankings, relevant):
        rel_set = set(rel)
        ranks = [i for i, f in enumerate(ranked[:10]) if f in rel_set]
        for k in (1, 5, 10):
            out[f"hit@{k}"] += any(r < k for r in ranks)
        out["mrr@10"] += 1 / (ranks[0] + 1) if ranks else 0
        dcg = sum(1 / math.log2(r + 2) for r in ranks)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(rel_set), 10)))
        out["ndcg@10"] += dcg / ideal if ideal else 0
    for key in out:
        if key != "queries" and n:
            out[key] = round(out[key] / n, 4)
    return out


def evaluate(queries: list[dict], rank: Callable[[str], list[str]]) -> dict[str, float]:
    return metrics([rank(q["query"]) for q in queries], [q["relevant"] for q in queries])
