"""OCR benchmark: seconds per page on the scans of ../shared/corpus, character accuracy on hand-typed pages.

    .venv/bin/python bench/ocr.py              # the 4 scans + the garbage-layer one, all pages
    .venv/bin/python bench/ocr.py --quick      # only the two hand-transcribed pages
    .venv/bin/python bench/ocr.py --dpi 200    # another rendering resolution

Accuracy is 1 - Levenshtein(OCR, reference) / len(reference), after NFC, one tone
placement and collapsing all whitespace (line breaks differ between a page and a
transcription). The references in tests/data/ocr-*.txt were typed by hand from
the page images; stamps, handwriting and logos are left out, so what OCR reads
of them counts as errors.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import ocr  # noqa: E402
from ingest.text import normalize  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT.parent / "shared" / "corpus" / "state-documents"
SCANS = [
    "CT-11-2025.pdf",
    "Quyết định-1360-QĐ-TTg.pdf",
    "Quyết định-1380-QĐ-TTg.pdf",
    "test AI 04.pdf",
    "test AI 03.pdf",
]
REFERENCES = {
    ("Quyết định-1360-QĐ-TTg.pdf", 1): ROOT / "tests/data/ocr-1360-p1.txt",
    ("Quyết định-1360-QĐ-TTg.pdf", 2): ROOT / "tests/data/ocr-1360-p2.txt",
}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text)).strip()


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def accuracy(got: str, reference: str) -> float:
    got, reference = flat(got), flat(reference)
    return 1 - levenshtein(got, reference) / len(reference)


def main() -> None:
    from pypdf import PdfReader

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="only the hand-transcribed pages")
    ap.add_argument("--dpi", type=int, default=ocr.DPI)
    args = ap.parse_args()
    if ocr.missing():
        sys.exit(f"{ocr.missing()}; run `make setup`")
    if not STATE.is_dir():
        sys.exit(f"{STATE} is not there")
    work = sorted({f for f, _ in REFERENCES}) if args.quick else SCANS
    print(f"{'file':<30} {'page':>4} {'seconds':>8} {'chars':>6} {'accuracy':>9}")
    times, accs = [], []
    for name in work:
        data = (STATE / name).read_bytes()
        pages = PdfReader(STATE / name).pages
        with ocr.PageReader(data, dpi=args.dpi) as reader:
            for n, page in enumerate(pages, 1):
                if args.quick and (name, n) not in REFERENCES:
                    continue
                text = reader.read(n, float(page.mediabox.width), float(page.mediabox.height))
                ref = REFERENCES.get((name, n))
                acc = accuracy(text, ref.read_text(encoding="utf-8")) if ref else None
                times.append(reader.times[-1])
                if acc is not None:
                    accs.append(acc)
                print(
                    f"{name[:30]:<30} {n:>4} {reader.times[-1]:>8.2f} {len(flat(text)):>6} "
                    f"{'' if acc is None else f'{acc:.3f}':>9}",
                    flush=True,
                )
    print(
        f"\n{len(times)} pages at {args.dpi} dpi: {statistics.mean(times):.2f} s per page on average "
        f"(median {statistics.median(times):.2f}, max {max(times):.2f}); render + Tesseract, one thread"
    )
    if accs:
        print(f"character accuracy on the {len(accs)} hand-transcribed page(s): " + ", ".join(f"{a:.3f}" for a in accs))


if __name__ == "__main__":
    main()
