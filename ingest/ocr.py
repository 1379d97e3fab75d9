"""Scanned PDF pages → text: poppler's pdftoppm renders a page, Tesseract reads it with its Vietnamese model.

Both run as subprocesses with a time limit per page, so one bad page cannot
stall a batch and a renderer crash cannot take the ingest down. Debian packages:
tesseract-ocr, tesseract-ocr-vie, poppler-utils (installed by `make setup`).
"""

from __future__ import annotations

import functools
import math
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from ingest.messages import Message, MessageError

DPI = 300  # scans are usually 200-300 dpi; 300 reads small print better (measured in bench/ocr.py)
MAX_PIXELS = 40_000_000  # an oversized page is rendered at a lower resolution instead (A4 at 300 dpi: 8.7 M)
PAGE_SECONDS = 60.0  # render + OCR of one page; a clean A4 page takes 2-4 s on one core
LANGUAGE = "vie"


class OcrError(MessageError):
    """One page could not be read by OCR; the message is a fragment such as "OCR took over 60 s"."""


@functools.cache
def missing() -> Message | None:
    """What is missing for OCR ("Tesseract is not installed"...), or None when it can run."""
    if not shutil.which("tesseract"):
        return Message("ocr.missing.tesseract")
    if not shutil.which("pdftoppm"):
        return Message("ocr.missing.pdftoppm")
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return Message("ocr.missing.start")
    if LANGUAGE not in langs.split():
        return Message("ocr.missing.vie")
    return None


class PageReader:
    """OCR of the pages of one PDF: `with PageReader(data) as r: text = r.read(3, width, height)`."""

    def __init__(self, data: bytes, seconds: float | None = None, dpi: int | None = None):
        self.data = data
        self.seconds = PAGE_SECONDS if seconds is None else seconds
        self.dpi = DPI if dpi is None else dpi
        self.times: list[float] = []  # seconds per page read, for benchmarks

    def __enter__(self) -> PageReader:
        self._dir = tempfile.TemporaryDirectory(prefix="kb-ocr-")
        self.dir = Path(self._dir.name)
        (self.dir / "in.pdf").write_bytes(self.data)
        return self

    def __exit__(self, *exc) -> None:
        self._dir.cleanup()

    def dpi_for(self, width_pt: float, height_pt: float) -> int:
        """The rendering resolution: DPI, lowered for a page so large it would exceed MAX_PIXELS."""
        inches2 = max(width_pt, 1.0) * max(height_pt, 1.0) / 72 / 72
        return max(30, min(self.dpi, int(math.sqrt(MAX_PIXELS / inches2))))

    def read(self, page: int, width_pt: float = 595, height_pt: float = 842) -> str:
        """The text of one page (1-based), or OcrError when it fails or passes the time limit."""
        started = time.perf_counter()
        deadline = started + self.seconds
        image = self.dir / f"p{page}"
        self._run(
            [
                "pdftoppm",
                "-r",
                str(self.dpi_for(width_pt, height_pt)),
                "-gray",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(self.dir / "in.pdf"),
                str(image),
            ],
            deadline,
            "rendering",
        )
        # One OpenMP thread: on two cores Tesseract's threads only fight each other (5x slower, measured).
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        cmd = ["tesseract", str(image) + ".pgm", "stdout", "-l", LANGUAGE]
        out = self._run(cmd, deadline, "OCR", env)
        if len(out.strip()) < 20:  # its page layout analysis finds nothing in some ruled tables: read as one block
            out = max(out, self._run(cmd + ["--psm", "6"], deadline, "OCR", env), key=lambda o: len(o.strip()))
        (image.with_suffix(".pgm")).unlink(missing_ok=True)
        self.times.append(time.perf_counter() - started)
        return out.decode("utf-8", errors="replace")

    def _run(self, cmd: list[str], deadline: float, what: str, env: dict | None = None) -> bytes:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise OcrError("ocr.slow", seconds=f"{self.seconds:g}")
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=left, env=env, preexec_fn=_limit_memory)
        except subprocess.TimeoutExpired:
            raise OcrError("ocr.slow", seconds=f"{self.seconds:g}") from None
        except OSError as e:
            raise OcrError("ocr.no_start", what=what, why=e.strerror) from e
        if done.returncode != 0:
            why = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise OcrError("ocr.failed", what=what, why=why[-1][:100] if why else f"exit code {done.returncode}")
        return done.stdout


def _limit_memory() -> None:
    """In the child: a page that would need more than 4 GB fails instead of exhausting the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
