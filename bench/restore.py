"""Accent restoration table: fold real questions, restore them from the knowledge base's text, compare.

    .venv/bin/python bench/restore.py [--shared ../shared] [--no-ocr]

Datasets (statistics → questions):
- vicov19qa val / test: the 4,500 answers → the val questions (tuned on) and the test questions (reported).
- meetings: every file of shared/corpus and the 1,500 news distractors, read by the project's reader
  (scans by OCR; texts cached under /tmp/accents-bench, so reruns take seconds) → the accented
  questions of bench/data/meetings-queries.jsonl ("query") and bench/data/ask-*.jsonl ("question").

Columns: syllables are the tokens made of letters only (numbers are kept as typed and not counted;
an abbreviation such as "ubnd" counts, and is right when it comes back as it was); a syllable is
right when it equals the original's, normalized and lowercased; a query when all of them are.
"partly typed": half the words of each question (chosen at random, seeded) keep their accents,
accuracy over the syllables left without a mark (folded, or written so: "kinh", "ban"). "accented
kept": the original question, accents and all, comes back unchanged (its unmarked syllables,
"kinh", "ban", are not turned into others).
Times: restoring one folded question with in-memory counts (`MemoryCounts`), each run three times
and the middle time kept, so another process on the machine does not decide the percentiles.
The meetings counts hold the same text as the meetings KB's 7,194 passages, vicov19qa's its 5,540.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.errors import ReadError  # noqa: E402
from ingest.read import read  # noqa: E402
from ingest.text import fold, is_folded, normalize  # noqa: E402
from kb.accents import MemoryCounts, restore  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/accents-bench")


class SkipScan(Exception):
    """Raised from the reader's OCR progress call to skip a scanned file (--no-ocr)."""


def letters(text: str) -> list[str]:
    """The lowercase syllables of a text made of letters only (no numbers)."""
    return [w for w in re.findall(r"[^\W_]+", normalize(text).lower()) if w.isalpha()]


def file_text(path: Path, ocr: bool) -> str:
    """A file's text as the project's reader gives it, cached by path, size and time."""
    stat = path.stat()
    key = hashlib.sha1(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    cached = CACHE / f"{key}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")

    def no_ocr(page: int, pages: int, what: str) -> None:
        if not ocr:
            raise SkipScan(path.name)

    try:
        text = read(path, on_page=no_ocr).text
    except (ReadError, SkipScan) as e:
        print(f"skipped {path.name}: {e}", file=sys.stderr)
        return ""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


def counts_of(texts: Iterable[str]) -> MemoryCounts:
    counts = MemoryCounts()
    for text in texts:
        counts.add(text)
    return counts


def partly(question: str, rng: random.Random) -> tuple[str, list[bool]]:
    """The question with a random half of its words folded, and which of its syllables have no mark
    (those folded, and those written without one)."""
    words = [fold(w) if rng.random() < 0.5 else w for w in normalize(question).split()]
    half = " ".join(words)
    return half, [fold(w) == w for w in letters(half)]


def row(name: str, questions: list[str], counts: MemoryCounts) -> str:
    """One table row: accuracy and speed of restoring the folded questions."""
    right = total = whole = partly_right = partly_total = kept = 0
    times = []
    rng = random.Random(0)
    for q in questions:
        want = letters(q)
        got = letters(restore(fold(q), counts).text)
        times.append(statistics.median(timed(fold(q), counts) for _ in range(3)))
        assert len(got) == len(want), (q, got)
        hits = sum(a == b for a, b in zip(got, want))
        right, total, whole = right + hits, total + len(want), whole + (hits == len(want))
        half, which = partly(q, rng)
        got = letters(restore(half, counts).text)
        partly_right += sum(a == b for a, b, f in zip(got, want, which) if f)
        partly_total += sum(which)
        kept += letters(restore(q, counts).text) == want
    p50, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    n = len(questions)
    return (
        f"| {name} | {n} | {total} | {right / total:.3f} | {whole / n:.3f} | "
        f"{partly_right / max(1, partly_total):.3f} | {kept / n:.3f} | {p50:.2f} | {p95:.2f} |"
    )


def timed(query: str, counts: MemoryCounts) -> float:
    """Milliseconds to restore a query."""
    start = time.perf_counter()
    restore(query, counts)
    return (time.perf_counter() - start) * 1000


def jsonl(path: Path, field: str) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r[field] for r in rows if field in r]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--no-ocr", action="store_true", help="skip scanned PDFs (no Tesseract)")
    args = p.parse_args()
    vicov = args.shared / "bench" / "vicov19qa"
    answers = sorted((vicov / "answers").glob("*.txt"))
    files = sorted(f for f in (args.shared / "corpus").rglob("*") if f.is_file() and f.suffix != ".md")
    files += sorted((args.shared / "bench" / "news-distractors-2017").glob("*.txt"))
    print(
        "| dataset | queries | syllables | syllable acc | query acc | partly typed | accented kept | p50 ms | p95 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    counts = counts_of(f.read_text(encoding="utf-8") for f in answers)
    sizes = [f"vicov19qa: {len(answers):,} answers, {counts.total():,} syllables counted"]
    for part in ("val", "test"):
        print(row(f"vicov19qa {part}", jsonl(vicov / f"queries-{part}.jsonl", "query"), counts), flush=True)
    counts = counts_of(file_text(f, not args.no_ocr) for f in files)
    sizes.append(f"meetings: {len(files):,} files, {counts.total():,} syllables counted")
    data = ROOT / "bench" / "data"
    questions = jsonl(data / "meetings-queries.jsonl", "query")
    for f in sorted(data.glob("ask-*.jsonl")):
        questions += jsonl(f, "question")
    print(row("meetings", [q for q in questions if not is_folded(q)], counts), flush=True)
    print("\n" + "; ".join(sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
