"""A knowledge base's home folder: where it is, one writer at a time, the copies of originals."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.errors import Busy

LOCK = ".write.lock"
BACKUP_LOCK = ".backup.lock"  # held (shared) while a backup copies originals: none is deleted meanwhile
ORIGINALS = "files"


def default_home() -> Path:
    return Path(os.environ.get("KB_HOME") or "kb-data")


class Home:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_home()
        self.path.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One writer at a time per home; a second one is refused with a clear message."""
        with open(self.path / LOCK, "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy("kb.busy", home=str(self.path)) from None
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def keep_original(self, sha256: str, name: str, data: bytes) -> str:
        """A copy of the original bytes, so nothing is lost if the source folder changes; returns
        its path relative to the home."""
        rel = Path(ORIGINALS) / sha256[:2] / (sha256 + Path(name).suffix.lower())
        dest = self.path / rel
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, dest)
        return str(rel)

    def original(self, stored: str) -> Path:
        return self.path / stored

    @contextmanager
    def backing_up(self) -> Iterator[None]:
        """While a backup copies originals, none is deleted (several backups may run at once)."""
        with open(self.path / BACKUP_LOCK, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def drop_original(self, stored: str) -> bool:
        """Delete an original no document holds any more; left for `kb check --repair` (as litter)
        while a backup is copying. Returns whether it was deleted."""
        with open(self.path / BACKUP_LOCK, "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            try:
                self.original(stored).unlink(missing_ok=True)
                return True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def size(self) -> int:
        """Bytes on disk, everything included."""
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())
