"""The audit trail: who changed what, when, on which document, each entry sealed by a hash that
covers the one before it.

An entry's hash is SHA-256 over its number, time, actor, action, document, details and the hash
of the entry before (`GENESIS` for the first), as canonical JSON. Changing, removing or
reordering an entry anywhere but at the very end breaks every later link, which `verify` (run by
`kb check`) finds. The store refuses UPDATE and DELETE on the table outright (SQLite triggers).
What a chain cannot show by itself is that its last entries were cut off: keep `kb audit --json`'s
last hash somewhere else to know that too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from ingest.messages import Message
from kb.records import AuditEntry

GENESIS = "0" * 64

# What is recorded. The keys name the actions in the catalogue ("audit.action.<name>").
ACTIONS = (
    "ingest",  # a file added
    "update",  # a file ingested again with new content: its document replaced
    "correct",  # details corrected: before and after
    "access",  # who may read it changed: before and after
    "trash",  # moved to the trash
    "restore",  # brought back from the trash
    "purge",  # removed from the trash for good (by an admin, or when kept past the days allowed)
    "reindex",  # everything read and embedded again
    "sign_in",
    "sign_in_failed",
    "locked",  # too many failed sign-ins: the name is locked for a while
    "user_add",
    "user_change",  # role or groups
    "user_password",
    "user_remove",
    "token_create",
    "token_revoke",
    "backup",
    "migrate",  # moved to other backends (kb migrate, issue 19): from and to
)


def digest(number: int, at: str, actor: str, action: str, document: str, details: dict[str, Any], prev: str) -> str:
    """The hash that seals an entry to the one before it."""
    body = json.dumps(
        [number, at, actor, action, document, details, prev],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def seal(
    number: int, at: str, actor: str, action: str, document: str, details: dict[str, Any], prev: str
) -> AuditEntry:
    """A new entry, chained to the previous entry's hash `prev`."""
    return AuditEntry(
        number, at, actor, action, document, details, prev, digest(number, at, actor, action, document, details, prev)
    )


def verify(entries: Iterable[AuditEntry]) -> tuple[int, list[Message]]:
    """(entries read, the broken links found): each entry's hash must be its own, its `prev` the hash
    of the entry before, its number one more."""
    problems: list[Message] = []
    prev, expected, count = GENESIS, 1, 0
    for e in entries:
        count += 1
        if e.id != expected:
            problems.append(Message("audit.broken.number", {"entry": e.id, "expected": expected}))
        if e.prev != prev:
            problems.append(Message("audit.broken.link", {"entry": e.id}))
        if digest(e.id, e.at, e.actor, e.action, e.document, e.details, e.prev) != e.hash:
            problems.append(Message("audit.broken.hash", {"entry": e.id}))
        prev, expected = e.hash, e.id + 1
        if len(problems) >= 10:
            break
    return count, problems


def document_label(name: str, sha256: str) -> str:
    """How an entry names a document: its file name and the start of its content hash."""
    return f"{name} [{sha256[:12]}]"
