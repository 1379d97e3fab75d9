"""Ingest benchmark: time each stage of `KnowledgeBase.ingest` on a folder and print one table.

    .venv/bin/python bench/ingest.py                      # ../shared/corpus into a temporary KB
    .venv/bin/python bench/ingest.py ../shared/corpus/seed
    .venv/bin/python bench/ingest.py --home /tmp/kb-bench ../shared/corpus/congress-gialam-2021

The model is loaded before the clock starts (its own "model load" row), so "embed" is encoding only.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Collection
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb import IngestReport, KnowledgeBase  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus"
STAGES = ("read", "describe", "chunk", "embed", "index")
NOTES = {
    "read": "parse files (OCR included)",
    "describe": "metadata, people",
    "chunk": "sentences → chunks, by the model's tokenizer",
    "embed": "chunk vectors",
    "index": "catalog transactions, FAISS, index file",
}


@dataclass
class IngestRun:
    """What one timed ingest measured."""

    report: IngestReport
    model_load: float  # seconds for the first encode: imports and model weights
    wall: float  # seconds for kb.ingest(...) as the caller sees it
    ocr: float = 0.0  # seconds inside OCR (part of "read")
    tokens: int = 0  # model tokens of the chunks embedded (content tokens, by the model's tokenizer)


@contextmanager
def ocr_clock(totals: list[float]):
    """Add the time spent inside OCR page readers (ingest.ocr.PageReader) to totals[0]."""
    from ingest import ocr

    original = ocr.PageReader

    class Timed(original):
        def __enter__(self):
            self._started = time.perf_counter()
            return super().__enter__()

        def __exit__(self, *exc):
            totals[0] += time.perf_counter() - self._started
            return super().__exit__(*exc)

    ocr.PageReader = Timed
    try:
        yield
    finally:
        ocr.PageReader = original


def require(path: Path, what: str) -> Path:
    """Exit 1 with one line naming the missing path, so a missing ../shared reads as such."""
    if not path.exists():
        sys.exit(f"{Path(sys.argv[0]).name}: {what} not found: {path}")
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10


def load_model(kb: KnowledgeBase) -> float:
    """Seconds to load the model and its tokenizer (first encode and token count), kept out of the stages."""
    started = time.perf_counter()
    kb.embedder.encode(["khởi động"], "query")
    kb.embedder.encode(["khởi động"] * 3, "passage")  # passages may run in their own session (all cores)
    kb.embedder.count_tokens(["khởi động"])  # the chunker's first call would otherwise load the tokenizer
    return time.perf_counter() - started


def timed_ingest(kb: KnowledgeBase, paths: list[Path]) -> IngestRun:
    """Load the model, then ingest `paths` into `kb`, timing both."""
    model_load = load_model(kb)
    ocr_seconds = [0.0]
    with ocr_clock(ocr_seconds):
        started = time.perf_counter()
        report = kb.ingest(paths)
        wall = time.perf_counter() - started
    texts = [c.text for d in kb.documents() for _, c in kb.store.chunks_of(d.id)]
    return IngestRun(report, model_load, wall, ocr_seconds[0], sum(kb.embedder.count_tokens(texts)))


def build_kb(paths: list[Path], home: Path) -> tuple[KnowledgeBase, IngestRun]:
    """A KB at `home` holding `paths`, and the measurements of ingesting them."""
    kb = KnowledgeBase(home)
    return kb, timed_ingest(kb, paths)


@contextmanager
def kb_home(home: Path | None):
    """`home` as given (kept afterwards), or a fresh temporary folder removed on exit."""
    if home is not None:
        yield home
        return
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        yield Path(tmp)


def markdown_table(header: list[str], rows: list[list[str]], right: Collection[int] = ()) -> str:
    """A Markdown pipe table with padded columns, readable as plain text too."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def status_summary(report: IngestReport) -> str:
    """E.g. '21 added, 1 skipped': the statuses that occurred, in a fixed order."""
    counts = [(s, report.count(s)) for s in ("added", "updated", "unchanged", "duplicate", "skipped")]
    return ", ".join(f"{n} {s}" for s, n in counts if n)


def ingest_rows(run: IngestRun) -> list[list[str]]:
    """The rows of the ingest table: counts, seconds per stage, totals, throughput, memory."""
    report, stages = run.report, run.report.seconds
    other = run.wall - sum(stages.get(s, 0.0) for s in STAGES)
    rate = report.chunks / run.wall if run.wall > 0 else 0.0
    return [
        ["files", f"{len(report.files)}", status_summary(report)],
        ["pages", f"{report.pages}", "pages read"],
        ["chunks", f"{report.chunks}", "new chunks"],
        ["model load (s)", f"{run.model_load:.2f}", "imports, weights, tokenizer; not in total"],
        *[[f"{s} (s)", f"{stages.get(s, 0.0):.2f}", NOTES.get(s, "")] for s in STAGES[:1]],
        ["  of which OCR (s)", f"{run.ocr:.2f}", "scanned pages through Tesseract"],
        *[[f"{s} (s)", f"{stages.get(s, 0.0):.2f}", NOTES.get(s, "")] for s in STAGES[1:]],
        ["other (s)", f"{other:.2f}", "total minus the stages (file walk, skipped files)"],
        ["total (s)", f"{run.wall:.2f}", "wall time of kb.ingest()"],
        ["chunks / s", f"{rate:.1f}", "chunks / total"],
        ["tokens embedded", f"{run.tokens}", "model tokens of the stored chunks (a fresh KB: all of them)"],
        [
            "tokens / s (embed)",
            f"{run.tokens / stages['embed'] if stages.get('embed') else 0:.0f}",
            "tokens embedded / embed seconds",
        ],
        ["peak RSS (MB)", f"{peak_rss_mb():.0f}", "ru_maxrss of this process"],
    ]


def skipped_lines(report: IngestReport) -> list[str]:
    """One line per skipped file with its reason."""
    return [f"- {f.name}: {f.reason}" for f in report.files if f.status == "skipped"]


def print_run(run: IngestRun, paths: list[Path], home: Path, kept: bool) -> None:
    """The table, then where the KB is and which files were skipped."""
    print(f"Ingest of {', '.join(str(p) for p in paths)}")
    print(markdown_table(["measure", "value", "note"], ingest_rows(run), right={1}))
    print(f"\nKB home: {home}" + (" (kept)" if kept else " (temporary, removed)"))
    skipped = skipped_lines(run.report)
    if skipped:
        print(f"\nSkipped ({len(skipped)}):")
        print("\n".join(skipped))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(
        description="Time ingesting files into a fresh knowledge base: seconds per stage "
        "(read, chunk, embed, index), chunks per second and peak memory.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[DEFAULT_CORPUS],
        help=f"files or folders to ingest (default: {DEFAULT_CORPUS})",
    )
    p.add_argument(
        "--home",
        type=Path,
        default=None,
        help="KB folder to ingest into and keep (default: a temporary folder, removed afterwards); "
        "give an empty or new folder, or files already there count as 'unchanged'",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    paths = [require(p, "input path") for p in args.paths]
    with kb_home(args.home) as home:
        kb, run = build_kb(paths, home)
        kb.close()
        print_run(run, paths, home, kept=args.home is not None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
