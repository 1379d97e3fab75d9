"""The answerer's score features on question sets: how often the best-scored candidate sentence holds
the expected answer, with the weights of kb/answer/candidates.py's FEATURES, and weights refitted to
make that more often (coordinate ascent: each weight in turn scaled by a few factors, kept when the
count rises).

    .venv/bin/python bench/features.py --home KB bench/data/ask-questions.jsonl bench/data/ask-heldout*.jsonl

Not a test: it prints a table per set and the refitted weights. Refit on the development sets
together; judge the weights on a question set nobody tuned on.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kb.answer as answer  # noqa: E402
from kb import KnowledgeBase  # noqa: E402

features = importlib.import_module("kb.answer.candidates")  # the module (kb.answer re-exports a function)
FACTORS = (0.0, 0.25, 0.5, 0.75, 1.5, 2.0, 3.0, -1.0)


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def record(kb: KnowledgeBase, path: Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per in-corpus question: its candidates' feature values (rows) and whether each holds an expected text."""
    calls: list[list] = []
    scored = answer.scored

    def recording(ranked, x):
        out = list(scored(ranked, x))
        calls.append([([f(c, x) for _, _, f in features.FEATURES], c) for _, c in out])
        return iter(out)

    answer.scored = recording  # type: ignore[assignment]
    out = []
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            q = json.loads(line) if line.strip() else {}
            if not q.get("file"):
                continue
            calls.clear()
            kb.ask(q["question"])
            first = calls[0] if calls else []
            x = np.array([f for f, _ in first], dtype=float).reshape(len(first), len(features.FEATURES))
            y = np.array([any(norm(e) in norm(c.said) for e in q["expected"]) for _, c in first], dtype=bool)
            out.append((x, y))
    finally:
        answer.scored = scored  # type: ignore[assignment]
    return out


def right(records: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> int:
    return sum(int(y[np.argmax(x @ w)]) for x, y in records if len(y))


def refit(records: list[tuple[np.ndarray, np.ndarray]], w0: np.ndarray, rounds: int = 6) -> np.ndarray:
    w, best = w0.copy(), right(records, w0)
    for _ in range(rounds):
        moved = False
        for i in range(len(w)):
            for factor in FACTORS:
                trial = w.copy()
                trial[i] = w0[i] * factor if w0[i] else 0.1 * factor
                if (n := right(records, trial)) > best:
                    best, w, moved = n, trial, True
        if not moved:
            break
    return w


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True)
    p.add_argument("questions", nargs="+")
    args = p.parse_args()
    kb = KnowledgeBase(args.home)
    sets = {Path(f).stem: record(kb, Path(f)) for f in args.questions}
    w = np.array([weight for _, weight, _ in features.FEATURES])
    fitted = refit([r for recs in sets.values() for r in recs], w)
    print("| set | questions | a right candidate | best-scored right (table) | best-scored right (refitted) |")
    print("|---|---:|---:|---:|---:|")
    for name, recs in sets.items():
        have = sum(int(y.any()) for _, y in recs)
        print(f"| {name} | {len(recs)} | {have} | {right(recs, w)} | {right(recs, fitted)} |")
    print("\n| feature | weight | refitted |\n|---|---:|---:|")
    for (name, weight, _), new in zip(features.FEATURES, fitted):
        print(f"| {name} | {weight:g} | {new:g} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
