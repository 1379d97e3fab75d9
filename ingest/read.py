"""file → Document: pick the reader by content and suffix, check what came out."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from pathlib import Path

from ingest.doc import read_doc
from ingest.docx import read_docx
from ingest.errors import ReadError
from ingest.html import read_html
from ingest.messages import Message
from ingest.meta import first_paragraph, official_title
from ingest.pdf import read_pdf
from ingest.records import Document, Page
from ingest.txt import read_txt

SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".doc", ".html", ".htm"}
# Files whose reader takes the title from the file itself (a web page's <h1>, a text's headline line),
# not from the pages it keeps: guess_title(pages) cannot give it again.
OWN_TITLE_SUFFIXES = (".html", ".htm", ".txt", ".md")
MAX_BYTES = 200 * 1024 * 1024
OnPage = Callable[[int, int, str], None]  # (page number, pages, what: "ocr")

# What a file really is, from its first bytes: (signature, what: a `file.*` message key, reader suffix
# or None when unsupported).
_MAGIC = [
    (b"%PDF-", "file.pdf", ".pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "file.old_office", ".doc"),
    (b"{\\rtf", "file.rtf", None),
    (b"\x89PNG\r\n\x1a\n", "file.png", None),
    (b"\xff\xd8\xff", "file.jpeg", None),
    (b"GIF8", "file.gif", None),
    (b"II*\x00", "file.tiff", None),
    (b"MM\x00*", "file.tiff", None),
    (b"Rar!\x1a\x07", "file.rar", None),
    (b"7z\xbc\xaf\x27\x1c", "file.7z", None),
    (b"\x1f\x8b", "file.gzip", None),
    (b"MZ", "file.windows", None),
    (b"\x7fELF", "file.linux", None),
]
_ZIPS = [  # a ZIP's first member names say which Office format it is
    (b"word/", "file.docx", ".docx"),
    (b"xl/", "file.xlsx", None),
    (b"ppt/", "file.pptx", None),
    (b"opendocument.text", "file.odt", None),
    (b"opendocument.spreadsheet", "file.ods", None),
]
_WHAT_TO_DO = {"file.rtf": "read.todo.rtf", "file.odt": "read.todo.odt"}  # else read.todo.convert


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_UNSAFE = ("Cc", "Cf", "Cs", "Zl", "Zp")  # control, format (bidi overrides), undecodable bytes, line breaks


def display_name(name: str) -> str:
    """A file name safe to show on one line: control, format and undecodable characters become '?'."""
    return "".join("?" if unicodedata.category(c) in _UNSAFE else c for c in name) or "?"


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, or ReadError for an unsupported suffix, an oversized or unreadable file."""
    path = Path(path)
    name, suffix = display_name(path.name), path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(
            "read.type",
            name=name,
            suffix=display_name(suffix) or Message("read.no_suffix"),
            suffixes=", ".join(sorted(SUFFIXES)),
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError("read.too_big", name=name, mb=size // 2**20, limit=MAX_BYTES // 2**20)
        return path.read_bytes()
    except OSError as e:
        raise ReadError("read.cannot_open", name=name, why=e.strerror) from e


def sniff(data: bytes) -> tuple[str, str | None] | None:
    """(what the bytes are, as a `file.*` message key; the suffix of the reader for them or None), or None
    for text and unknown data."""
    head = data[:1024]
    for magic, what, reader in _MAGIC:
        if head.startswith(magic) or (magic == b"%PDF-" and magic in head):
            return what, reader
    if head.startswith(b"PK\x03\x04"):
        names = data[:65536]
        for marker, what, reader in _ZIPS:
            if marker in names:
                return what, reader
        return "file.zip", None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml version")) and b"<html" in head.lower():
        return "file.html", ".html"
    return None


def _reader_suffix(name: str, suffix: str, data: bytes, notes: list[Message]) -> str:
    """The suffix whose reader fits the content; a file whose suffix lies is read by what it is, or refused."""
    found = sniff(data)
    claimed_binary = suffix in (".pdf", ".docx", ".doc")
    if found is None:
        if claimed_binary:
            kind = Message("file.text" if _is_text(data) else "file.unknown")
            raise ReadError("read.lying_suffix", name=name, suffix=suffix, kind=kind)
        return suffix
    what, reader = found
    if reader == ".html" and not claimed_binary:
        return suffix  # an HTML page kept as .txt or .md is read as the text it is
    if reader == suffix or (reader == ".html" and suffix in (".html", ".htm")):
        return suffix
    if reader is None:
        todo = Message(_WHAT_TO_DO.get(what, "read.todo.convert"), {"suffixes": ", ".join(sorted(SUFFIXES))})
        raise ReadError("read.unsupported", name=name, suffix=suffix, what=Message(what), todo=todo)
    notes.append(Message("note.read_as", {"suffix": suffix, "what": Message(what), "reader": reader}))
    return reader


def _is_text(data: bytes) -> bool:
    sample = data[:4096]
    return bool(sample) and b"\x00" not in sample and sum(b < 9 or 13 < b < 32 for b in sample) < len(sample) / 100


def read(path: str | Path, data: bytes | None = None, on_page: OnPage | None = None) -> Document:
    """Read one file into a Document, or raise ReadError saying why not and what to do.

    `on_page(page, pages, "ocr")` is called before each page that is read by OCR (slow), for progress displays.
    """
    path = Path(path)
    name = display_name(path.name)
    suffix = path.suffix.lower()
    if data is None:
        data = read_bytes(path)
    elif suffix not in SUFFIXES:
        read_bytes(path)  # raises the unsupported-type message
    if not data.strip(b" \t\r\n\f\v\x00"):
        raise ReadError("read.empty", name=name)
    notes: list[Message] = []
    kind = _reader_suffix(name, suffix, data, notes)
    title = headline = ""
    if kind == ".pdf":
        pages = read_pdf(data, name, on_page=on_page, notes=notes)
    elif kind == ".docx":
        pages = read_docx(data, name, notes=notes)
    elif kind == ".doc":
        pages = read_doc(data, name)
    elif kind in (".html", ".htm"):
        pages, title = read_html(data, name)
    else:
        pages, headline = read_txt(data, name, notes=notes)
    if not any(p.strip() for p in pages):
        raise ReadError("read.no_text.pdf" if kind == ".pdf" else "read.no_text", name=name)
    doc_pages = tuple(Page(i + 1, p) for i, p in enumerate(pages))
    return Document(
        safe_path(path), name, sha256(data), doc_pages, title or guess_title(doc_pages, headline), notes=tuple(notes)
    )


def safe_path(path: str | Path) -> str:
    """A path as a string that can be stored and printed on one line: bytes that are not UTF-8 and
    control characters are escaped (\\xff, \\x0a), so two different paths stay different."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(
        c if unicodedata.category(c) not in _UNSAFE else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in text
    )


def guess_title(pages: tuple[Page, ...], headline: str = "") -> str:
    """An administrative paper's own title ("QUYẾT ĐỊNH Về việc …"); else a text's headline line;
    else its first short paragraph."""
    first = next((p.text for p in pages if p.text.strip()), "")
    return official_title(first) or headline or first_paragraph(pages)
