"""`kb backup DEST` and `kb restore SRC --home NEW`: a consistent snapshot of a knowledge base, taken
while the app, the API and ingests go on, and brought back into a new home.

The catalog is copied by SQLite's online backup API in one step, i.e. as it was at one moment
(WAL mode lets writers go on meanwhile); the FAISS index is built from the copy's own vectors, so it
is in step with it; then the originals the copy names are copied (they are named by their content
and never change; none is deleted while a backup runs, kb/home.py) and checked against their
sha256. `backup.json` lists every file with its size and sha256, so a restore can tell a damaged
or incomplete backup before it brings it back. Nothing of the live home is locked for writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.messages import Message
from kb.errors import KbError
from kb.knowledge import KnowledgeBase
from kb.store import Backends, open_store
from kb.store.layout import CATALOG, INDEX, MANIFEST

FORMAT = 1
DESCRIPTION = "backup.json"


@dataclass
class BackupReport:
    folder: Path
    documents: int = 0
    trashed: int = 0
    files: int = 0
    bytes: int = 0
    audit: int = 0
    problems: list[Message] = field(default_factory=list)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _empty_folder(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def backup(kb: KnowledgeBase, dest: str | Path) -> BackupReport:
    """Write a snapshot of `kb` into `dest` (a new or empty folder); admins only."""
    kb.principal.require("backup")
    dest = Path(dest)
    if not _empty_folder(dest):
        raise KbError("backup.dest_not_empty", dest=str(dest))
    work = dest.with_name(dest.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    report = BackupReport(dest)
    with kb.backing_up():  # no original is deleted meanwhile
        kb.store.backup_to(work)
        copy = open_store(work, Backends())  # the copy is an embedded home, whatever KB_STORE says
        try:
            stored = sorted(copy.stored_files())
            report.documents, report.trashed = len(copy.documents()), len(copy.trashed())
            report.audit = copy.audit_count()
            generation = copy.generation
        finally:
            copy.close()
        files: list[dict[str, Any]] = []
        for rel in stored:
            source, target = kb.home / rel, work / rel
            if not source.is_file():
                report.problems.append(Message("backup.original_missing", {"file": rel}))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            digest = _sha256(target)
            if not Path(rel).stem.startswith(digest):
                report.problems.append(Message("backup.original_changed", {"file": rel}))
            files.append({"path": rel, "sha256": digest, "bytes": target.stat().st_size})
    description = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": str(kb.home.resolve()),
        "generation": generation,
        "documents": report.documents,
        "trashed": report.trashed,
        "audit_entries": report.audit,
        "catalog": {"path": CATALOG, "sha256": _sha256(work / CATALOG), "bytes": (work / CATALOG).stat().st_size},
        "index": [p for p in (INDEX, MANIFEST) if (work / p).exists()],
        "files": files,
    }
    (work / DESCRIPTION).write_text(json.dumps(description, ensure_ascii=False, indent=2), encoding="utf-8")
    if dest.exists():
        dest.rmdir()
    os.replace(work, dest)
    report.files, report.bytes = len(files), sum(f["bytes"] for f in files)
    kb.store.append_audit(kb.principal.actor, "backup", "", {"dest": str(dest.resolve()), "files": report.files})
    return report


def restore(source: str | Path, home: str | Path) -> BackupReport:
    """Bring a backup back into `home` (a new or empty folder), after checking every file it lists."""
    source, home = Path(source), Path(home)
    try:
        description = json.loads((source / DESCRIPTION).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise KbError("backup.unreadable", src=str(source), why=str(e)) from e
    if description.get("format") != FORMAT:
        raise KbError("backup.format", src=str(source), found=description.get("format"))
    if not _empty_folder(home):
        raise KbError("backup.home_not_empty", home=str(home))
    listed = [description["catalog"], *description["files"]]
    for f in listed:
        path = source / f["path"]
        if not path.is_file() or path.stat().st_size != f["bytes"] or _sha256(path) != f["sha256"]:
            raise KbError("backup.damaged", src=str(source), file=f["path"])
    work = home.with_name(home.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for rel in [f["path"] for f in listed] + description.get("index", []):
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / rel, work / rel)
    if home.exists():
        home.rmdir()
    os.replace(work, home)
    return BackupReport(
        home,
        documents=description["documents"],
        trashed=description["trashed"],
        files=len(description["files"]),
        bytes=sum(f["bytes"] for f in description["files"]),
        audit=description["audit_entries"],
    )
