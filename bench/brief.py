"""Term briefs on a knowledge base: recall of labelled facts, precision of labelled lines, time.

    .venv/bin/python bench/brief.py --home /tmp/brief-meet
    .venv/bin/python bench/brief.py --home KB --sample 80 --out /tmp/unlabelled.jsonl   # lines to label

For each (organisation, term) of the facts file (bench/data/brief-facts.jsonl) the brief is built
through the public API (`KnowledgeBase.brief`, no language model). A fact is present when a line of
the brief holds one of its `expected` texts, compared after the KB's own text normalization (NFC,
one tone placement: "Thuý" is "Thúy"), spaces and case; "in its part" also asks that line to stand
in the part the fact is labelled with. Precision: of the lines labelled in bench/data/brief-lines.jsonl
that the brief still shows, the share judged about this organisation and this term. Time: the first
brief of the process (cold: the catalog read) and the median of three more (warm).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.text import normalize  # noqa: E402
from kb import KnowledgeBase  # noqa: E402

FACTS = ROOT / "bench" / "data" / "brief-facts.jsonl"
LINES = ROOT / "bench" / "data" / "brief-lines.jsonl"
PART_OF = {  # the facts file's part names → the brief's
    "meeting": "meeting",
    "officer": "officers",
    "target": "targets",
    "direction": "directions",
    "decision": "decisions",
    "difficulty": "difficulties",
    "result": "results",
}


def norm(text: str) -> str:
    return " ".join(normalize(text).lower().split())


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lines_of(brief) -> list[tuple[str, str]]:
    """(part, text as shown in Vietnamese) of every line."""
    return [(part.key, line.shown("vi")) for part in brief.parts for line in part.lines]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--home", required=True)
    ap.add_argument("--facts", default=str(FACTS))
    ap.add_argument("--labels", default=str(LINES))
    ap.add_argument("--sample", type=int, default=0, help="write this many unlabelled lines to --out and stop")
    ap.add_argument("--out", default="/tmp/brief-lines-unlabelled.jsonl")
    ap.add_argument("--show", action="store_true", help="print the facts not found")
    args = ap.parse_args()
    facts = load(Path(args.facts))
    labels = load(Path(args.labels)) if Path(args.labels).exists() else []
    pairs = list(dict.fromkeys((f["org"], f["term"]) for f in facts))
    pairs += [p for p in dict.fromkeys((x["org"], x["term"]) for x in labels) if p not in pairs]
    kb = KnowledgeBase(args.home)
    briefs, cold, warm = {}, {}, {}
    for org, term in pairs:
        t0 = time.perf_counter()
        briefs[org, term] = kb.brief(org, term, summary=False)
        cold[org, term] = time.perf_counter() - t0
    for org, term in pairs:
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            kb.brief(org, term, summary=False)
            runs.append(time.perf_counter() - t0)
        warm[org, term] = statistics.median(runs)
    if args.sample:
        return sample(briefs, args)

    print("## Recall (facts present in the brief)\n")
    print("| organisation, term | part | facts | in the brief | recall | in its part |")
    print("|---|---|---:|---:|---:|---:|")
    total = [0, 0, 0]
    by_part: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for org, term in pairs:
        shown = [(p, norm(text)) for p, text in lines_of(briefs[org, term])]
        mine = [f for f in facts if (f["org"], f["term"]) == (org, term)]
        if not mine:
            continue
        parts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for f in mine:
            wanted = [norm(e) for e in f["expected"]]
            found = [p for p, text in shown if any(w in text for w in wanted)]
            row = parts[f["part"]]
            row[0] += 1
            row[1] += bool(found)
            row[2] += PART_OF[f["part"]] in found
            if not found:
                misses.append((org, term, f))
        for part, (n, hit, strict) in parts.items():
            print(f"| {org}, {term} | {part} | {n} | {hit} | {hit / n:.2f} | {strict / n:.2f} |")
            for i, v in enumerate((n, hit, strict)):
                by_part[part][i] += v
                total[i] += v
        n = sum(r[0] for r in parts.values())
        hit = sum(r[1] for r in parts.values())
        strict = sum(r[2] for r in parts.values())
        print(f"| **{org}, {term}** | all | {n} | {hit} | **{hit / n:.2f}** | {strict / n:.2f} |")
    for part, (n, hit, strict) in by_part.items():
        print(f"| all | {part} | {n} | {hit} | {hit / n:.2f} | {strict / n:.2f} |")
    print(
        f"| **all** | **all** | {total[0]} | {total[1]} | **{total[1] / total[0]:.3f}** | {total[2] / total[0]:.3f} |"
    )
    if args.show or misses:
        print("\nFacts not found:")
        for _org, _term, f in misses:
            print(f"  - [{f['part']}] {f['file']} p.{f['page']}: {f['expected']} — {f['fact'][:110]}")

    print("\n## Precision (labelled lines about this organisation and term)\n")
    print(
        "| organisation, term | labels | lines in the brief | labelled, still shown "
        "| judged about it | precision | in the right part |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for org, term in pairs:
        shown = {norm(text) for _, text in lines_of(briefs[org, term])}
        mine = [x for x in labels if (x["org"], x["term"]) == (org, term) and norm(x["text"]) in shown]
        if not mine:
            continue
        kind = mine[0].get("set", "sample")
        good = sum(1 for x in mine if x["about"])
        right = sum(1 for x in mine if x.get("part_ok", True))
        for i, v in enumerate((len(mine), good, right)):
            totals[kind][i] += v
        print(
            f"| {org}, {term} | {kind} | {len(shown)} | {len(mine)} | {good} | {good / len(mine):.2f} "
            f"| {right / len(mine):.2f} |"
        )
    for kind, (n, good, right) in totals.items():
        print(f"| **all, {kind}** | | | {n} | {good} | **{good / n:.3f}** | {right / n:.2f} |")
    n, good = sum(t[0] for t in totals.values()), sum(t[1] for t in totals.values())
    if n:
        print(f"| **all** | | | {n} | {good} | **{good / n:.3f}** | |")
    shown_all = {norm(t) for b in briefs.values() for _, t in lines_of(b)}
    stale = [x for x in labels if norm(x["text"]) not in shown_all]
    if stale:
        print(f"\n{len(stale)} labelled lines are no longer shown (the brief changed since they were labelled).")
    wrong = [x for x in labels if not x["about"] and norm(x["text"]) in shown_all]
    if wrong:
        print("\nLines judged not about the organisation and term:")
        for x in wrong:
            print(f"  - {x['org']}, {x['term']} [{x['part']}] {x['file']}: {x['text'][:90]}… — {x['note']}")

    print("\n## Time to build a brief (seconds, no language model)\n")
    print("| organisation, term | papers read | lines | cold (first in the process) | warm (median of 3) |")
    print("|---|---:|---:|---:|---:|")
    for org, term in pairs:
        b = briefs[org, term]
        print(
            f"| {org}, {term} | {len(b.documents)} | {len(b.lines)} | {cold[org, term]:.2f} | {warm[org, term]:.2f} |"
        )
    return 0


def sample(briefs: dict, args) -> int:
    """Write lines not yet labelled, a random sample spread over the briefs, to label by hand."""
    labelled = {norm(x["text"]) for x in load(Path(args.labels))} if Path(args.labels).exists() else set()
    pool = []
    for pair, b in briefs.items():
        org, term = pair
        for part in b.parts:
            for line in part.lines:
                text = line.shown("vi")
                if norm(text) not in labelled:
                    src = line.sources[0]
                    pool.append(
                        {"org": org, "term": term, "part": part.key, "text": text, "file": src.file, "page": src.page}
                    )
    random.Random(18).shuffle(pool)
    with open(args.out, "w", encoding="utf-8") as out:
        for row in pool[: args.sample]:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {min(len(pool), args.sample)} of {len(pool)} unlabelled lines to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
