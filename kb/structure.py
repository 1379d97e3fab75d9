"""The structure of meeting documents across terms: people facts, the timeline of decisions and
directions term after term, facets for filters, and a person's corrections of metadata."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest import Document, Page, describe
from ingest.headings import headings, path_of
from ingest.meta import named_term
from ingest.read import OWN_TITLE_SUFFIXES, guess_title
from ingest.sections import SECTIONS, label_chunks
from kb.catalog import CORRECTABLE, DocInfo
from kb.errors import KbError, NotFound
from kb import lexical
from kb.filters import KINDS, Filters, normalize_term
from kb.query import content_terms
from kb.search import Hit

if TYPE_CHECKING:
    from kb.base import KnowledgeBase

VERSION = "5"  # bump when extraction changes: stored documents are described again on open
TIMELINE_SECTIONS = ["decisions", "directions"]
TOPIC_COVERAGE = 0.5
NO_TERM = "?"


@dataclass
class TermEntry:
    """One term of office and what was decided and directed in it, with sources."""
    term: str  # "2018-2020", "khóa XIV", or "?" when no term could be told
    passages: list[Hit] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"term": self.term, "passages": [
            {"file": h.doc.name, "page": h.chunk.page_start, "section": h.chunk.section, "heading": h.chunk.heading,
             "text": h.chunk.text, "date": h.doc.meta.get("date"), "kind": h.doc.meta.get("kind")}
            for h in self.passages]}


def people(kb: "KnowledgeBase") -> list[dict]:
    """Every person fact with its source document and page."""
    docs = {d.id: d for d in kb.documents()}
    return [{**fact, "file": docs[doc_id].name, "doc_title": docs[doc_id].title, "doc_id": doc_id}
            for doc_id, fact in kb.catalog.people() if doc_id in docs]


def passage_term(hit: Hit) -> str:
    """The term a decision or direction belongs to: the one the passage names, else the one its
    document plans (directions) or belongs to."""
    named = named_term(hit.chunk.text)
    if named:
        return named
    meta = hit.doc.meta
    terms = meta.get("terms", [])
    return meta.get("plans") or (terms[0] if terms else NO_TERM)


def _term_key(term: str, first_date: str) -> tuple:
    if re.fullmatch(r"\d{4}-\d{4}", term):
        return (0, int(term[:4]), int(term[5:]), term)
    if term == NO_TERM:
        return (2, 0, 0, term)
    return (1, int(first_date[:4]) if first_date else 0, 0, term)


def timeline(kb: "KnowledgeBase", topic: str | None = None, per_term: int = 12,
             filters: Filters | None = None) -> list[TermEntry]:
    """For each term in order, the decision and direction passages (about `topic` when given)."""
    allowed = kb.allowed_chunks(filters or Filters(), sections=TIMELINE_SECTIONS)
    if topic and topic.strip():
        hits = kb._search(topic, 400, "hybrid", 400, allowed)
        hits = hits[: max(40, len(hits) // 3)]  # the relevant part of the ranking
        # ... of which the passages that say the topic: most of its weighted words, in either form
        # ("ứng dụng CNTT" for "ứng dụng công nghệ thông tin"), not a directions passage of the same
        # congress that only shares "công tác" or "thông tin"
        terms = content_terms(topic)
        weights = lexical.weights(kb.catalog.db, terms)
        if sum(weights.values()):
            hits = [h for h in hits if lexical.coverage(terms, h.chunk.text, weights) >= TOPIC_COVERAGE]
    else:
        hits = kb._hits([(i, 0.0) for i in allowed[:5000]], "browse")
        hits.sort(key=lambda h: (h.doc.meta.get("date") or "", h.doc.name, h.chunk.ord))
    entries: dict[str, TermEntry] = {}
    first_date: dict[str, str] = {}
    for h in hits:
        term = passage_term(h)
        entry = entries.setdefault(term, TermEntry(term))
        if len(entry.passages) < per_term:
            entry.passages.append(h)
        date = h.doc.meta.get("date") or ""
        if date and (term not in first_date or date < first_date[term]):
            first_date[term] = date
    return sorted(entries.values(), key=lambda e: _term_key(e.term, first_date.get(e.term, "")))


def facets(kb: "KnowledgeBase") -> dict[str, list[tuple[str, int]]]:
    """Values present in the KB, with document counts: for filter menus and the overview."""
    docs = kb.documents()
    terms, kinds, orgs, years = Counter(), Counter(), Counter(), Counter()
    for d in docs:
        terms.update(set(d.meta.get("terms", [])))
        kinds[d.meta.get("kind", "other")] += 1
        orgs.update(set(d.meta.get("organisations", [])[:2]))
        if d.meta.get("date"):
            years[d.meta["date"][:4]] += 1
    sections: Counter[str] = Counter()
    for labels, n in kb.catalog.db.execute("SELECT section, COUNT(*) FROM chunks GROUP BY section"):
        for label in labels.split(","):
            sections[label] += n
    return {
        "terms": sorted(terms.items(), key=lambda t: _term_key(t[0], "")),
        "kinds": [(k, kinds[k]) for k in KINDS if kinds[k]],
        "organisations": orgs.most_common(),
        "years": sorted(years.items()),
        "sections": [(s, sections[s]) for s in SECTIONS if sections[s]],
    }


def correct(kb: "KnowledgeBase", key: str, **fields) -> DocInfo:
    """Store a person's corrections of a document's metadata; they survive re-ingest and reindex."""
    found = kb.catalog.find(key)
    if not found:
        raise NotFound(f"No document named '{key}'; `kb docs` lists what is stored.")
    if len(found) > 1:
        raise KbError(f"'{key}' names {len(found)} documents; give its full path or sha256 instead.")
    unknown = set(fields) - set(CORRECTABLE)
    if unknown:
        raise KbError(f"Cannot correct {', '.join(sorted(unknown))}; correctable: {', '.join(CORRECTABLE)}.")
    clean: dict = {}
    for name, value in fields.items():
        if name == "kind" and value is not None and value not in KINDS:
            raise KbError(f"Unknown kind '{value}'; choose one of {', '.join(KINDS)}.")
        if name == "date" and value is not None and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value):
            raise KbError(f"Write the date as YYYY-MM-DD (or YYYY-MM, YYYY), not '{value}'.")
        if name in ("terms", "organisations", "places") and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if name == "terms" and value is not None:
            value = [normalize_term(t) for t in value]
        clean[name] = value
    kb.catalog.correct(found[0].sha256, clean)
    return kb.catalog.document(found[0].id)


KEPT_ON_REFRESH = ("near_duplicate_of",)  # set at ingest against the documents stored before


def refresh(catalog) -> None:
    """Describe every stored document again from its stored pages: title, metadata, people,
    sections. No file is read and nothing is embedded; one transaction."""
    import json

    db = catalog.db
    with db:
        for doc_id, sha, name, path, title, stored in db.execute(
                "SELECT id, sha256, name, path, title, meta FROM documents").fetchall():
            pages = tuple(Page(n, t) for n, t in db.execute(
                "SELECT page, text FROM pages WHERE doc_id=? ORDER BY page", (doc_id,)))
            if not name.lower().endswith(OWN_TITLE_SUFFIXES):
                title = guess_title(pages)
            doc = describe(Document(path, name, sha, pages, title))
            meta = {k: v for k, v in doc.meta.items() if k != "people"}
            kept = json.loads(stored or "{}")  # what the ingest knew of other documents stays
            meta.update({k: kept[k] for k in KEPT_ON_REFRESH if k in kept})
            db.execute("UPDATE documents SET title=?, meta=? WHERE id=?",
                       (title, json.dumps(meta, ensure_ascii=False), doc_id))
            db.execute("DELETE FROM people WHERE doc_id=?", (doc_id,))
            db.executemany(
                "INSERT INTO people(doc_id, name, title, organisation, role, body, term, page, passage)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                [(doc_id, p["name"], p["title"], p["organisation"], p["role"], p["body"], p["term"], p["page"],
                  p["passage"]) for p in doc.meta["people"]])
            chunks = db.execute("SELECT id, text, char_start, char_end FROM chunks WHERE doc_id=? ORDER BY ord",
                                (doc_id,)).fetchall()
            found = headings(doc.text)
            db.executemany("UPDATE chunks SET section=?, heading=? WHERE id=?",
                           [(label, path_of(found, start, end), i) for (i, _, start, end), label
                            in zip(chunks, label_chunks([t for _, t, _, _ in chunks]))])
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('structure_version', ?)", (VERSION,))
