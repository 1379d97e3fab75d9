"""file → Document → Chunk. Knows nothing of vectors or scores."""

from ingest.chunk import chunk, mark
from ingest.describe import describe
from ingest.errors import ReadError
from ingest.meta import KINDS
from ingest.read import SUFFIXES, read, read_bytes, sha256
from ingest.records import Chunk, Document, DocumentMeta, Page, Person, Signer
from ingest.sections import SECTIONS

__all__ = [
    "KINDS",
    "SECTIONS",
    "Chunk",
    "Document",
    "DocumentMeta",
    "Page",
    "Person",
    "ReadError",
    "SUFFIXES",
    "Signer",
    "chunk",
    "describe",
    "mark",
    "read",
    "read_bytes",
    "sha256",
]
