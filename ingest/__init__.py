"""file → Document → Chunk. Knows nothing of vectors or scores."""
from ingest.chunk import chunk
from ingest.errors import ReadError
from ingest.meta import KINDS, describe
from ingest.read import SUFFIXES, read, read_bytes, sha256
from ingest.records import Chunk, Document, Page

__all__ = ["KINDS", "describe", "Chunk", "Document", "Page", "ReadError", "SUFFIXES", "chunk", "read", "read_bytes", "sha256"]
