"""file → Document: pick the reader by suffix, check what came out."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.docx import read_docx
from ingest.errors import ReadError
from ingest.html import read_html
from ingest.pdf import read_pdf
from ingest.records import Document, Page
from ingest.text import clean_spaces
from ingest.txt import read_txt

SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}
MAX_BYTES = 200 * 1024 * 1024


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, or ReadError for an unsupported suffix, an oversized or unreadable file."""
    path = Path(path)
    name, suffix = path.name, path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(
            f"{name}: files of type '{suffix or 'no suffix'}' are not supported; "
            f"convert it to one of {', '.join(sorted(SUFFIXES))}."
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"{name}: the file is {size // 2**20} MB, over the {MAX_BYTES // 2**20} MB limit; split it.")
        return path.read_bytes()
    except OSError as e:
        raise ReadError(f"{name}: cannot open the file ({e.strerror}); check that it exists and is readable.")


def read(path: str | Path, data: bytes | None = None) -> Document:
    """Read one file into a Document, or raise ReadError saying why not and what to do."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if data is None:
        data = read_bytes(path)
    elif suffix not in SUFFIXES:
        read_bytes(path)  # raises the unsupported-type message
    if not data.strip():
        raise ReadError(f"{name}: the file is empty.")
    title = ""
    if suffix == ".pdf":
        pages = read_pdf(data, name)
    elif suffix == ".docx":
        pages = read_docx(data, name)
    elif suffix in (".html", ".htm"):
        pages, title = read_html(data, name)
    else:
        pages = read_txt(data, name)
    if not any(p.strip() for p in pages):
        hint = " (a scan without a text layer?)" if suffix == ".pdf" else ""
        raise ReadError(f"{name}: no text could be read from the file{hint}.")
    doc_pages = tuple(Page(i + 1, p) for i, p in enumerate(pages))
    return Document(str(path), name, sha256(data), doc_pages, title or guess_title(doc_pages))


def guess_title(pages: tuple[Page, ...]) -> str:
    """The first short paragraph: good enough for a list of documents."""
    for page in pages:
        for para in page.text.split("\n"):
            para = clean_spaces(para)
            if len(para) >= 8:
                return para if len(para) <= 200 else para[:197].rsplit(" ", 1)[0] + "…"
    return ""
