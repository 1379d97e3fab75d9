"""Vectors, storage and search over ingested documents. The public API is `KnowledgeBase`."""
from kb.base import FileResult, IngestReport, KnowledgeBase
from kb.errors import KbError
from kb.search import Hit

__all__ = ["FileResult", "Hit", "IngestReport", "KbError", "KnowledgeBase"]
