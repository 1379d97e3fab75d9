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

# What a file really is, from its first bytes: (signature, type, reader suffix or None when unsupported).
_MAGIC = [
    (b"%PDF-", "a PDF", ".pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc, .xls or .ppt)", ".doc"),
    (b"{\\rtf", "an RTF document", None),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", None),
    (b"\xff\xd8\xff", "a JPEG image", None),
    (b"GIF8", "a GIF image", None),
    (b"II*\x00", "a TIFF image", None),
    (b"MM\x00*", "a TIFF image", None),
    (b"Rar!\x1a\x07", "a RAR archive", None),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", None),
    (b"\x1f\x8b", "a gzip archive", None),
    (b"MZ", "a Windows program", None),
    (b"\x7fELF", "a Linux program", None),
]
_ZIPS = [  # a ZIP's first member names say which Office format it is
    (b"word/", "a Word .docx document", ".docx"),
    (b"xl/", "an Excel .xlsx workbook", None),
    (b"ppt/", "a PowerPoint .pptx presentation", None),
    (b"opendocument.text", "an OpenDocument .odt text", None),
    (b"opendocument.spreadsheet", "an OpenDocument .ods spreadsheet", None),
]
_WHAT_TO_DO = {
    "an RTF document": "open it in Word and save it as .docx",
    "an OpenDocument .odt text": "save it as .docx",
}


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
            f"{name}: files of type '{display_name(suffix) or 'no suffix'}' are not supported; "
            f"convert it to one of {', '.join(sorted(SUFFIXES))}."
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"{name}: the file is {size // 2**20} MB, over the {MAX_BYTES // 2**20} MB limit; split it.")
        return path.read_bytes()
    except OSError as e:
        raise ReadError(f"{name}: cannot open the file ({e.strerror}); check that it exists and is readable.")


def sniff(data: bytes) -> tuple[str, str | None] | None:
    """(what the bytes are, the suffix of the reader for them or None), or None for text and unknown data."""
    head = data[:1024]
    for magic, what, reader in _MAGIC:
        if head.startswith(magic) or (magic == b"%PDF-" and magic in head):
            return what, reader
    if head.startswith(b"PK\x03\x04"):
        names = data[:65536]
        for marker, what, reader in _ZIPS:
            if marker in names:
                return what, reader
        return "a ZIP archive", None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml version")) and b"<html" in head.lower():
        return "an HTML page", ".html"
    return None


def _reader_suffix(name: str, suffix: str, data: bytes, notes: list[str]) -> str:
    """The suffix whose reader fits the content; a file whose suffix lies is read by what it is, or refused."""
    found = sniff(data)
    claimed_binary = suffix in (".pdf", ".docx", ".doc")
    if found is None:
        if claimed_binary:
            kind = "text" if _is_text(data) else "unknown data"
            raise ReadError(f"{name}: this is not a readable {suffix} file, its content is {kind}; "
                            f"give it its real suffix, or export it again from its source.")
        return suffix
    what, reader = found
    if reader == ".html" and not claimed_binary:
        return suffix  # an HTML page kept as .txt or .md is read as the text it is
    if reader == suffix or (reader == ".html" and suffix in (".html", ".htm")):
        return suffix
    if reader is None:
        todo = _WHAT_TO_DO.get(what, f"convert it to one of {', '.join(sorted(SUFFIXES))}")
        raise ReadError(f"{name}: the name ends in {suffix} but the file is {what}, which is not supported; {todo}.")
    notes.append(f"the name ends in {suffix} but the file is {what}; read as {reader}")
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
        raise ReadError(f"{name}: the file is empty; check that it was saved or copied completely.")
    notes: list[str] = []
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
        hint = " (a scan without a text layer?)" if kind == ".pdf" else ""
        raise ReadError(f"{name}: no text could be read from the file{hint}; check that it has text in it.")
    doc_pages = tuple(Page(i + 1, p) for i, p in enumerate(pages))
    return Document(safe_path(path), name, sha256(data), doc_pages, title or guess_title(doc_pages, headline), notes=tuple(notes))


def safe_path(path: str | Path) -> str:
    """A path as a string that can be stored and printed on one line: bytes that are not UTF-8 and
    control characters are escaped (\\xff, \\x0a), so two different paths stay different."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if unicodedata.category(c) not in _UNSAFE else f"\\x{ord(c):02x}" if ord(c) < 256
                   else f"\\u{ord(c):04x}" for c in text)


def guess_title(pages: tuple[Page, ...], headline: str = "") -> str:
    """An administrative paper's own title ("QUYẾT ĐỊNH Về việc …"); else a text's headline line;
    else its first short paragraph."""
    first = next((p.text for p in pages if p.text.strip()), "")
    return official_title(first) or headline or first_paragraph(pages)
