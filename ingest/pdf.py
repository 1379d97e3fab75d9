"""PDF with a text layer, one text per page (pypdf); page numbers kept."""
from __future__ import annotations

import io
import logging

from ingest.errors import ReadError
from ingest.text import drop_running_lines, join_lines, normalize


def read_pdf(data: bytes, name: str) -> list[str]:
    """Page texts, cleaned: running headers, footers and page numbers dropped, lines joined."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # pypdf raises various errors for unknown ciphers
                ok = 0
            if not ok:
                raise ReadError(
                    f"{name}: the PDF is protected by a password; save an unprotected copy and ingest that."
                )
        raw = [_page_text(page) for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as e:
        raise ReadError(f"{name}: the PDF is damaged and cannot be read ({e}); export it again from its source.")
    if not raw:
        raise ReadError(f"{name}: the PDF has no pages.")
    return [join_lines(p) for p in drop_running_lines([normalize(p) for p in raw])]


def _page_text(page) -> str:
    try:
        return page.extract_text() or ""
    except Exception:  # one bad page must not lose the others
        return ""
