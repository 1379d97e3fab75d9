"""The trash: a removed document is kept whole for `KB_TRASH_DAYS` days (30 unless set), out of every
read, and can be restored with its details, corrections and access level; an admin may empty it
sooner. Its original file stays until it is purged. Each move is written to the audit trail.

The store keeps the rows (kb/store/trash.py); this module decides what a key names, when an item
has been kept long enough, and which originals may go.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from kb.audit import document_label
from kb.errors import KbError, NotFound
from kb.home import Home
from kb.records import StoredDocument, TrashItem
from kb.store import Store

DAYS = 30


def keep_days() -> int:
    """How many days the trash keeps a document (KB_TRASH_DAYS, 30 unless set)."""
    try:
        return max(0, int(os.environ.get("KB_TRASH_DAYS") or DAYS))
    except ValueError:
        return DAYS


def move(store: Store, docs: list[StoredDocument], actor: str) -> list[TrashItem]:
    """Move documents to the trash."""
    moved = []
    store.prepare()
    for d in docs:
        item = store.trash(d.id, actor)
        if item is not None:
            store.append_audit(actor, "trash", document_label(d.name, d.sha256), {"days": keep_days()})
            moved.append(item)
    store.flush()
    return moved


def find(items: list[TrashItem], key: str) -> list[TrashItem]:
    """Trash items named by their number, file name, source path or sha256 prefix (8 characters at least)."""
    key = key.strip()
    if key.isdigit():
        return [t for t in items if t.id == int(key)]
    return [t for t in items if key in (t.doc.name, t.doc.path) or (len(key) >= 8 and t.doc.sha256.startswith(key))]


def restore(store: Store, item: TrashItem, actor: str) -> StoredDocument:
    """Put a document back as it was; refused when its content was stored again meanwhile, or when
    its vectors come from another model than the knowledge base's now."""
    again = store.by_sha(item.doc.sha256)
    if again is not None:
        raise KbError("trash.stored_again", name=item.doc.name, other=again.name)
    model, now = store.trash_model(item.id), store.setting("model")
    if model and now and model != now:
        raise KbError("trash.other_model", name=item.doc.name, model=model, now=now)
    store.prepare()
    doc = store.restore(item.id)
    if doc is None:
        raise NotFound("trash.no_item", key=str(item.id))
    store.flush()
    store.append_audit(actor, "restore", document_label(doc.name, doc.sha256), {"trashed": item.trashed})
    return doc


def purge(store: Store, home: Home, items: list[TrashItem], actor: str, why: str = "emptied") -> list[TrashItem]:
    """Remove trash items for good, and the originals no document holds any more."""
    gone = []
    for item in items:
        if store.purge(item.id) is None:
            continue
        if item.doc.stored not in store.stored_files():
            home.drop_original(item.doc.stored)
        store.append_audit(actor, "purge", document_label(item.doc.name, item.doc.sha256), {"why": why})
        gone.append(item)
    return gone


def expired(store: Store, now: datetime | None = None) -> list[TrashItem]:
    """Items kept longer than the days allowed."""
    limit = (now or datetime.now(UTC)) - timedelta(days=keep_days())
    return [t for t in store.trashed() if datetime.fromisoformat(t.trashed) < limit]
