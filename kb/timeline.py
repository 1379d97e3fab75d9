"""The timeline: for each term of office in order, what was decided and directed in it, with sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.filters import NO_TERM, Filters, passage_term
from kb.query import content_terms
from kb.records import Hit
from kb.retriever import Retriever
from kb.terms import coverage, weights

TIMELINE_SECTIONS = ["decisions", "directions"]
TOPIC_COVERAGE = 0.5
BROWSE = 5000  # passages read when no topic is given


@dataclass
class TermEntry:
    """One term of office and what was decided and directed in it, with sources."""

    term: str  # "2018-2020", "khóa XIV", or "?" when no term could be told
    passages: list[Hit] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "term": self.term,
            "passages": [
                {
                    "file": h.doc.name,
                    "page": h.chunk.page_start,
                    "section": ",".join(h.chunk.sections),
                    "heading": h.chunk.heading_text,
                    "text": h.chunk.text,
                    "date": h.doc.meta.date,
                    "kind": h.doc.meta.kind,
                }
                for h in self.passages
            ],
        }


def _term_key(term: str, first_date: str) -> tuple:
    if re.fullmatch(r"\d{4}-\d{4}", term):
        return (0, int(term[:4]), int(term[5:]), term)
    if term == NO_TERM:
        return (2, 0, 0, term)
    return (1, int(first_date[:4]) if first_date else 0, 0, term)


def timeline(
    retriever: Retriever, topic: str | None = None, per_term: int = 12, filters: Filters | None = None
) -> list[TermEntry]:
    """For each term in order, the decision and direction passages (about `topic` when given)."""
    allowed = retriever.allowed(filters, sections=TIMELINE_SECTIONS) or []
    if topic and topic.strip():
        hits = retriever.ranked(topic, 400, allowed, depth=400)
        hits = hits[: max(40, len(hits) // 3)]  # the relevant part of the ranking
        # ... of which the passages that say the topic: most of its weighted words, in either form
        # ("ứng dụng CNTT" for "ứng dụng công nghệ thông tin"), not a directions passage of the same
        # congress that only shares "công tác" or "thông tin"
        terms = content_terms(topic)
        store = retriever.store
        weight = weights(terms, store.frequencies(terms), store.chunk_count())
        if sum(weight.values()):
            hits = [h for h in hits if coverage(terms, h.chunk.text, weight) >= TOPIC_COVERAGE]
    else:
        hits = retriever.hits([(i, 0.0) for i in allowed[:BROWSE]], "browse")
        hits.sort(key=lambda h: (h.doc.meta.date or "", h.doc.name, h.chunk.ord))
    entries: dict[str, TermEntry] = {}
    first_date: dict[str, str] = {}
    for h in hits:
        term = passage_term(h)
        entry = entries.setdefault(term, TermEntry(term))
        if len(entry.passages) < per_term:
            entry.passages.append(h)
        date = h.doc.meta.date or ""
        if date and (term not in first_date or date < first_date[term]):
            first_date[term] = date
    return sorted(entries.values(), key=lambda e: _term_key(e.term, first_date.get(e.term, "")))


def term_order(term: str) -> tuple:
    """How terms sort: by their years, then numbered ones ("khóa XIV"), then the unknown."""
    return _term_key(term, "")
