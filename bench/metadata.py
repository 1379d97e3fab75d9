"""Metadata extraction accuracy per field against hand labels, and its cost.

.venv/bin/python bench/metadata.py [tests/data/metadata-labels.jsonl]
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest import ReadError, describe, read  # noqa: E402
from ingest.text import fold  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def same_org(label: str | None, found: list[str]) -> bool:
    """The labelled organisation is one of the first two found, compared without accents or case;
    a found name that contains the label, or the label that contains it, counts."""
    if not label:
        return not found
    want = fold(label)
    return any(want in fold(o) or fold(o) in want for o in found[:2] if len(o) > 6)


def main() -> int:
    labels_file = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "metadata-labels.jsonl"
    if not CORPUS.is_dir():
        print(f"metadata.py: {CORPUS} is missing", file=sys.stderr)
        return 1
    labels = [json.loads(line) for line in labels_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    right: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    read_s = describe_s = 0.0
    for lab in labels:
        path = CORPUS / lab["folder"] / lab["file"]
        t0 = time.perf_counter()
        try:
            doc = read(path)
        except ReadError as e:
            misses.append(f"{lab['file']}: unreadable ({e})")
            continue
        t1 = time.perf_counter()
        meta = describe(doc).meta
        t2 = time.perf_counter()
        read_s += t1 - t0
        describe_s += t2 - t1
        checks = {
            "kind": meta.kind == lab["kind"],
            "date": meta.date == lab["date"],
            "terms": set(meta.terms) == set(lab["terms"]),
            "organisation": same_org(lab["organisation"], list(meta.organisations)),
            "place": (meta.places[:1] or [None])[0] == lab["place"],
        }
        for field, ok in checks.items():
            right[field] += ok
            if not ok:
                got = {
                    "kind": meta.kind,
                    "date": meta.date,
                    "terms": list(meta.terms),
                    "organisation": list(meta.organisations[:2]),
                    "place": list(meta.places[:1]),
                }[field]
                want = lab["organisation" if field == "organisation" else field]
                misses.append(f"{lab['file']}: {field} got {got!r}, labelled {want!r}")
    n = len(labels)
    print(f"Metadata extraction on {n} hand-labelled documents of ../shared/corpus ({labels_file.name})\n")
    print("| field        | right | accuracy |")
    print("|--------------|------:|---------:|")
    for field in ("kind", "date", "terms", "organisation", "place"):
        print(f"| {field:<12} | {right[field]:>5} | {right[field] / n:>8.2f} |")
    print(
        f"\nread {read_s:.2f}s, extraction (metadata, people; sections are timed in ingest) {describe_s:.2f}s "
        f"= {100 * describe_s / max(read_s, 1e-9):.1f}% of reading"
    )
    print("\nMisses:")
    for m in misses:
        print(" -", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
