"""Plain text (.txt, .md): UTF-8, UTF-16, Windows-1258, or the legacy TCVN3 and VNI; hard-wrapped lines joined."""

from __future__ import annotations

import re

from ingest import legacy
from ingest.errors import ReadError
from ingest.messages import Message
from ingest.text import join_lines, normalize

LEGACY_NAMES = {"TCVN3": "TCVN3 (ABC, fonts .VnTime)", "VNI": "VNI (fonts VNI-Times)"}


def decode(data: bytes, name: str, notes: list[Message] | None = None) -> str:
    """Bytes → str, trying the encodings Vietnamese offices use; refuse binary data.

    A legacy encoding that was found is converted to Unicode and said in `notes`.
    """
    text, single_byte = _decode(data, name)
    if single_byte:  # the bytes were read as Windows-1258: TCVN3 and VNI are single-byte too
        raw = data.decode("latin-1")
        found = legacy.detect(raw, read_otherwise=text)
        text = legacy.convert(raw, found) if found else text
    else:
        text, found = legacy.fix(text)  # legacy characters kept in a Unicode file
    if found and notes is not None:
        notes.append(Message("note.legacy", {"encoding": LEGACY_NAMES[found]}))
    return text


def _decode(data: bytes, name: str) -> tuple[str, bool]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), False
    if b"\x00" in data[:4096]:
        try:
            text = data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
            if _looks_like_text(text):
                return text, False
        except UnicodeDecodeError:
            pass
        raise ReadError("read.txt.binary", name=name)
    for encoding in ("utf-8", "cp1258"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding == "cp1258"
    raise ReadError("read.txt.encoding", name=name)


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(text) < 0.01


def read_txt(data: bytes, name: str, notes: list[Message] | None = None) -> tuple[list[str], str]:
    """(pages, title): one page, the whole text with wrapped lines joined into paragraphs, and the
    headline on the first line when there is one (a short line that does not end as a sentence or a
    greeting does, "Chào anh,", followed by a capitalised one), else ""."""
    text = normalize(decode(data, name, notes))
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    headline = first if _HEADLINE.match(first) and rest.strip()[:1].isupper() else ""
    return [join_lines(text)], headline


_HEADLINE = re.compile(r"^.{8,200}(?<![.!?:;,…\"”)])$")
