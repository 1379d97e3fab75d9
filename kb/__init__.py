"""Vectors, storage and search over ingested documents. The public API is `KnowledgeBase`."""

from kb.answer import Answer, Citation
from kb.errors import KbError
from kb.filters import Filters
from kb.home import default_home
from kb.knowledge import KnowledgeBase
from kb.pipeline import FileResult, IngestReport
from kb.records import Hit, PersonFact, StoredDocument

__all__ = [
    "Answer",
    "Citation",
    "FileResult",
    "Filters",
    "Hit",
    "IngestReport",
    "KbError",
    "KnowledgeBase",
    "PersonFact",
    "StoredDocument",
    "default_home",
]
