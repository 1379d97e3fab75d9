"""The records `kb/` hands out: a stored document, a person fact with its document, a search hit;
and those of accounts (issue 17): who may read a document, users, API tokens, sign-in attempts,
audit entries, documents in the trash."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest import Chunk, DocumentMeta, Person
from kb.errors import KbError

LEVELS = ("public", "internal", "restricted")  # everyone; signed-in users; members of named groups


@dataclass(frozen=True)
class Access:
    """Who may read a document: everyone (public), every signed-in user (internal), or the members
    of its groups (restricted). Set at ingest or upload, changed by editors."""

    level: str = "public"
    groups: tuple[str, ...] = ()

    def __post_init__(self):
        if self.level not in LEVELS:
            raise KbError("access.unknown_level", level=self.level, levels=", ".join(LEVELS))
        if self.level == "restricted" and not self.groups:
            raise KbError("access.no_groups")
        if self.level != "restricted" and self.groups:
            raise KbError("access.groups_unrestricted", level=self.level)

    def as_json(self) -> dict:
        return {"level": self.level, "groups": list(self.groups)}


@dataclass(frozen=True)
class StoredDocument:
    """A document as the knowledge base holds it: its metadata with a person's corrections on top."""

    id: int
    sha256: str
    name: str  # the file name shown to people
    path: str  # where it was first read from
    stored: str  # its original's copy, relative to the home folder
    title: str
    pages: int
    chunks: int
    added: str  # ISO time
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    near_duplicate_of: str | None = None  # the name of the stored document it is another rendering of
    corrected: frozenset[str] = frozenset()  # the fields a person corrected
    access: Access = Access()  # who may read it

    @property
    def family(self) -> str:
        """The name its renderings share: the first stored one's."""
        return self.near_duplicate_of or self.name

    def as_json(self) -> dict:
        meta = {k: v for k, v in self.meta.as_json().items() if k != "minhash"}
        return {
            **meta,
            "near_duplicate_of": self.near_duplicate_of,
            "corrected": sorted(self.corrected),
            "file": self.name,
            "path": self.path,
            "title": self.title,
            "pages": self.pages,
            "chunks": self.chunks,
            "added": self.added,
            "sha256": self.sha256,
            "access": self.access.as_json(),
        }


@dataclass(frozen=True)
class PersonFact:
    """An election or appointment, with the document that records it."""

    person: Person
    doc: StoredDocument

    def as_json(self) -> dict:
        return {**self.person.as_json(), "file": self.doc.name, "doc_title": self.doc.title}


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    doc: StoredDocument
    score: float
    why: str  # "dense", "lexical", "hybrid" or "browse", shown to the user
    chunk_id: int = 0

    def as_json(self) -> dict:
        return {
            "file": self.doc.name,
            "path": self.doc.path,
            "page": self.chunk.page_start,
            "pages": self.chunk.pages,
            "score": round(self.score, 6),
            "heading": self.chunk.heading_text,
            "text": self.chunk.text,
            "why": self.why,
        }


# --- accounts (issue 17) ---------------------------------------------------------------------
@dataclass(frozen=True)
class User:
    """An account: its role (viewer, editor, admin) and the groups it belongs to. The password's
    hash stays in the store."""

    name: str
    role: str
    groups: tuple[str, ...] = ()
    created: str = ""
    changed: str = ""

    def as_json(self) -> dict:
        return {"name": self.name, "role": self.role, "groups": list(self.groups), "created": self.created}


@dataclass(frozen=True)
class Token:
    """An API token of a user: the store keeps its hash, never the token; `prefix` tells it apart."""

    id: int
    user: str
    label: str
    prefix: str  # its first characters, shown in lists
    created: str
    revoked: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "user": self.user,
            "label": self.label,
            "prefix": self.prefix,
            "created": self.created,
            "revoked": self.revoked or None,
        }


@dataclass(frozen=True)
class Attempts:
    """Failed sign-ins for a name (known or not): how many in a row, when the last, locked until when
    (seconds since the epoch)."""

    name: str
    failures: int = 0
    last: float = 0.0
    locked_until: float = 0.0


@dataclass(frozen=True)
class AuditEntry:
    """One change, as recorded: who, when, what, on which document, the details (before and after
    values of a correction); sealed by `hash`, which covers `prev`, the hash of the entry before."""

    id: int
    at: str  # ISO time, UTC
    actor: str
    action: str
    document: str  # the document's file name and sha256 prefix, or ""
    details: dict[str, Any]
    prev: str
    hash: str

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "document": self.document,
            "details": self.details,
            "prev": self.prev,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class TrashItem:
    """A document moved to the trash: as it was, with when and by whom."""

    id: int
    doc: StoredDocument
    trashed: str  # ISO time, UTC
    by: str

    def as_json(self) -> dict:
        return {"id": self.id, "trashed": self.trashed, "by": self.by, **self.doc.as_json()}
