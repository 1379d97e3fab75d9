"""Old Word .doc (Word 97-2003) through catdoc, a small Debian package; tables become "a | b" rows."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.errors import ReadError
from ingest.messages import Message
from ingest.text import clean_spaces, join_lines, normalize

SECONDS = 60  # catdoc reads a large document in well under a second


def read_doc(data: bytes, name: str) -> list[str]:
    """One page: the text catdoc finds (Word 97-2003 keeps no page breaks in its text)."""
    catdoc = shutil.which("catdoc")
    if catdoc is None:
        raise ReadError("read.doc.no_catdoc", name=name)
    with tempfile.TemporaryDirectory(prefix="kb-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            done = subprocess.run([catdoc, "-w", "-d", "utf-8", str(src)], capture_output=True, timeout=SECONDS)
        except subprocess.TimeoutExpired:
            raise ReadError("read.doc.slow", name=name, seconds=SECONDS) from None
    text = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or not text.strip():
        why = " ".join(done.stderr.decode("utf-8", errors="replace").split())[:120]
        raise ReadError("read.doc.bad", name=name, why=why or Message("read.no_text_found"))
    rows = [
        " | ".join(c for c in map(clean_spaces, line.split("\t")) if c) if "\t" in line else line
        for line in text.replace("\f", "\n").splitlines()
    ]
    return [join_lines(normalize("\n\n".join(r for r in rows))).strip()]
