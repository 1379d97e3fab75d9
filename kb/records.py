"""The records `kb/` hands out: a stored document, a person fact with its document, a search hit."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest import Chunk, DocumentMeta, Person


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
