"""Plain text (.txt, .md): UTF-8, UTF-16 or Windows-1258, hard-wrapped lines joined."""
from __future__ import annotations

from ingest.errors import ReadError
from ingest.text import join_lines, normalize


def decode(data: bytes, name: str) -> str:
    """Bytes → str, trying the encodings Vietnamese offices use; refuse binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        try:
            text = data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
            if _looks_like_text(text):
                return text
        except UnicodeDecodeError:
            pass
        raise ReadError(f"{name}: this is binary data, not text; check the file or give it its real suffix.")
    for encoding in ("utf-8", "cp1258"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise ReadError(
        f"{name}: the text is in an unknown encoding or is not text; save it as UTF-8 and ingest it again."
    )


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(text) < 0.01


def read_txt(data: bytes, name: str) -> list[str]:
    """One page: the whole text with wrapped lines joined into paragraphs."""
    return [join_lines(normalize(decode(data, name)))]
