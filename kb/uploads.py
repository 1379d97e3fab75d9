"""Files people upload (the app's uploader, the HTTP API): a name that stays in its folder, the types
ingest reads, the size allowed, and where an upload waits until it is ingested."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from ingest.read import SUFFIXES  # the readers' own list, so uploads never drift from ingest

UPLOAD_MAX_MB = 100
TYPES = sorted(s.lstrip(".") for s in SUFFIXES)
FOLDER = "uploads"


def safe_name(name: str) -> str:
    """A file name that stays in its folder: no path, no control characters, not hidden, not too long."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip().lstrip(".")
    stem, suffix = Path(name).stem, Path(name).suffix
    return (stem[:150] or "tai-lieu") + suffix[:10]


def readable(name: str) -> bool:
    """Whether ingest reads files with this name's suffix."""
    return Path(name).suffix.lower().lstrip(".") in TYPES


def keep(home: Path, name: str, data: bytes, batch: str = "") -> Path:
    """Write an upload under the home's uploads/ (in a batch's own folder when given), in a folder
    named by its content, so a new file never takes the place of another; returns its path (ingest
    it, then `discard` it)."""
    dest = home / FOLDER / batch / hashlib.sha256(data).hexdigest()[:32] / safe_name(name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    return dest


def discard(paths: list[Path]) -> None:
    """Remove uploads once ingested: the knowledge base keeps its own copy of every original."""
    for p in paths:
        shutil.rmtree(p.parent, ignore_errors=True)
