"""Search results: the Hit record, grouping by document, ranking documents for evaluation."""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest import Chunk
from kb.catalog import DocInfo

MODES = ("hybrid", "dense", "lexical")


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    doc: DocInfo
    score: float
    why: str  # "dense", "lexical" or "hybrid", shown to the user
    chunk_id: int = 0

    def as_json(self) -> dict:
        return {"file": self.doc.name, "path": self.doc.path, "page": self.chunk.page_start,
                "pages": self.chunk.pages, "score": round(self.score, 6), "text": self.chunk.text,
                "why": self.why}


@dataclass
class DocumentHits:
    """One row per document: its best passages, best first."""
    doc: DocInfo
    hits: list[Hit] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.hits[0].score if self.hits else 0.0


def group_by_document(hits: list[Hit], per_doc: int = 3) -> list[DocumentHits]:
    """Keep the order of each document's best hit; at most `per_doc` passages each."""
    groups: dict[int, DocumentHits] = {}
    for h in hits:
        g = groups.setdefault(h.doc.id, DocumentHits(h.doc))
        if len(g.hits) < per_doc:
            g.hits.append(h)
    return list(groups.values())


def ranked_files(hits: list[Hit]) -> list[str]:
    """File names ranked by their best chunk."""
    seen: dict[str, None] = {}
    for h in hits:
        seen.setdefault(h.doc.name, None)
    return list(seen)
