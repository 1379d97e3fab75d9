"""PDF, one text per page (pypdf); pages without a usable text layer are read by OCR (ingest/ocr.py).

"Usable" is decided, not assumed: a page's text layer must read as Vietnamese
(ingest/syllables.py). Scans often carry a garbage layer from an old OCR
("CQNG HOA XA HQI CHU NGHIA VIPT NAM") or only a digital-signature stamp over a
full-page image; both are read again with Tesseract.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ingest import legacy, ocr
from ingest.errors import ReadError
from ingest.messages import Message
from ingest.syllables import syllable_share, usable_text
from ingest.text import drop_running_lines, join_lines, normalize

MAX_PAGES = 2000
STAMP_WORDS = 40  # a scan's own text layer shorter than this is a stamp or a caption, not the page
SCAN_COVER = 0.5  # share of the page an image must cover for the page to count as a scan


def read_pdf(
    data: bytes, name: str, on_page: Callable[[int, int, str], None] | None = None, notes: list[Message] | None = None
) -> list[str]:
    """Page texts, cleaned: running headers, footers and page numbers dropped, lines joined."""
    from pypdf.errors import LimitReachedError, PdfReadError

    notes = [] if notes is None else notes
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = _open(data, name)
        pages = list(reader.pages)
        raw = [_page_text(page) for page in pages]
    except ReadError:
        raise
    except LimitReachedError:
        raise ReadError("read.pdf.bomb", name=name) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError) as e:
        raise ReadError("read.pdf.damaged", name=name, why=str(e)) from e
    if not raw:
        raise ReadError("read.pdf.no_pages", name=name)
    raw = [_unlegacy(text) for text in raw]
    scanned = [i for i, (page, text) in enumerate(zip(pages, raw)) if needs_ocr(page, text)]
    if scanned:
        raw = _ocr(data, name, pages, raw, scanned, on_page, notes)
    return [join_lines(p) for p in drop_running_lines([normalize(p) for p in raw])]


def _open(data: bytes, name: str):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            ok = bool(reader.decrypt(""))
        except Exception:  # pypdf raises various errors for unknown ciphers
            ok = False
        if not ok:
            raise ReadError("read.pdf.password", name=name)
    try:
        declared = int(reader.trailer["/Root"]["/Pages"]["/Count"])  # type: ignore[index]
    except Exception:
        declared = 0
    count = declared if declared > MAX_PAGES else len(reader.pages)  # the declared count first: it is cheap
    if count > MAX_PAGES:
        raise ReadError("read.pdf.too_long", name=name, pages=count, limit=MAX_PAGES)
    return reader


def _page_text(page) -> str:
    from pypdf.errors import LimitReachedError

    try:
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()  # a decompression bomb stops here (pypdf's limit), not silently in extract_text
        return page.extract_text() or ""
    except LimitReachedError:
        raise
    except Exception:  # one bad page must not lose the others
        return ""


def _unlegacy(text: str) -> str:
    """A text layer drawn in TCVN3 or VNI fonts comes out as Latin-1 letters; convert it."""
    return legacy.fix(text)[0] if text and not usable_text(text, 0.5) else text


def needs_ocr(page, text: str) -> bool:
    """Whether a page must be read by OCR: its text layer is not usable Vietnamese, and something is drawn."""
    share, words = syllable_share(text)
    usable = share >= 0.5 or (words == 0 and bool(text.strip()))  # numbers alone are a usable layer
    if usable:
        return words < STAMP_WORDS and image_cover(page) >= SCAN_COVER  # a stamp or caption over a scan
    return _draws_something(page)


_PAINT = {
    b"Tj",
    b"TJ",
    b"'",
    b'"',
    b"Do",
    b"INLINE IMAGE",
    b"sh",
    b"f",
    b"F",
    b"f*",
    b"S",
    b"s",
    b"B",
    b"B*",
    b"b",
    b"b*",
}  # operators that put marks on the page


def _draws_something(page) -> bool:
    """Whether a page's drawing operations show text, an image or a path (a blank page has none)."""
    from pypdf.generic import ContentStream

    try:
        contents = page.get_contents()
        if contents is None:
            return False
        return any(op in _PAINT for _, op in ContentStream(contents, page.pdf).operations)
    except Exception:
        return True  # unreadable contents: the renderer may still manage


def image_cover(page) -> float:
    """The share of the page covered by its largest image, from the drawing operations (0 when unknown)."""
    from pypdf.generic import ContentStream

    try:
        box = page.mediabox
        area = abs(float(box.width) * float(box.height)) or 1.0
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        images = {k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"}
        if not images:
            return 0.0
        ctm, stack, best = [1.0, 0.0, 0.0, 1.0], [], 0.0
        for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q" and stack:
                ctm = stack.pop()
            elif op == b"cm" and len(operands) == 6:
                a, b, c, d = (float(x) for x in operands[:4])
                m = ctm
                ctm = [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3]]
            elif op == b"Do" and operands and operands[0] in images:
                best = max(best, abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) / area)
        return min(best, 1.0)
    except Exception:
        return 0.0


def _ocr(
    data: bytes, name: str, pages: list, raw: list[str], scanned: list[int], on_page, notes: list[Message]
) -> list[str]:
    """OCR the scanned pages; keep whichever of text layer and OCR has more real syllables."""
    numbers = _span([i + 1 for i in scanned])
    why = ocr.missing()
    if why:
        if not any(t.strip() for i, t in enumerate(raw) if i not in scanned):
            raise ReadError("read.pdf.no_ocr", name=name, why=why)
        notes.append(_pages("note.ocr.skipped", numbers, why=why))
        return [("" if i in scanned else t) for i, t in enumerate(raw)]
    out = list(raw)
    read: list[int] = []
    failed: list[Message] = []
    boxes = [(float(pages[i].mediabox.width), float(pages[i].mediabox.height)) for i in scanned]
    workers = max(1, min(len(scanned), os.cpu_count() or 1, 4))  # Tesseract runs one thread per page
    with ocr.PageReader(data) as reader:
        pool = ThreadPoolExecutor(workers)
        try:
            jobs = [pool.submit(reader.read, i + 1, *box) for i, box in zip(scanned, boxes)]
            _collect(jobs, scanned, raw, out, read, failed, len(pages), on_page)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # interrupted: pages not started are dropped
    if failed and not any(t.strip() for t in out):
        raise ReadError("read.pdf.ocr_failed", name=name, pages=failed)
    if read:
        notes.append(_pages("note.ocr.read", _span(read)))
    if failed:
        notes.append(Message("note.ocr.failed", {"pages": failed}))
    return out


def _collect(
    jobs,
    scanned: list[int],
    raw: list[str],
    out: list[str],
    read: list[int],
    failed: list[Message],
    n_pages: int,
    on_page,
) -> None:
    """Each page's OCR result in page order; keep whichever of text layer and OCR has more real syllables."""
    for i, job in zip(scanned, jobs):
        if on_page:  # from this thread, in page order: a UI's callback may not be called from others
            on_page(i + 1, n_pages, "ocr")
        try:
            text = job.result()
        except ocr.OcrError as e:
            failed.append(Message("ocr.page", {"page": i + 1, "why": e.message}))
            out[i] = raw[i] if usable_text(raw[i], 0.5) else ""
            continue
        if _real_words(text) >= _real_words(raw[i]):
            out[i] = text
            read.append(i + 1)


def _real_words(text: str) -> float:
    share, n = syllable_share(text)
    return share * n


def _span(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → "1-3, 5"."""
    parts, start = [], None
    for n, nxt in zip(numbers, numbers[1:] + [None]):
        start = n if start is None else start
        if nxt != n + 1:
            parts.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(parts)


def _pages(key: str, span: str, **values) -> Message:
    """A note about page "3" or pages "1-3, 5": its key ends in ".one" or ".many" (grammar)."""
    return Message(f"{key}.{'one' if span.isdigit() else 'many'}", {"pages": span, **values})
