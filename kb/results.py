"""Search results as people see them: one row per document, one per family of renderings,
the query's words marked, the window of a passage that holds them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.text import fold, normalize, other_forms
from kb.query import STOPWORDS, STOPWORDS_FOLDED, analyze
from kb.records import Hit, StoredDocument

_WORD = re.compile(r"\w+")


@dataclass
class DocumentHits:
    """One row per document: its best passages, best first."""

    doc: StoredDocument
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


def collapse_renderings(hits: list[Hit]) -> list[Hit]:
    """One document, one row: hits from another rendering of a document (its near-duplicate)
    are dropped when the family already has a better-ranked member."""
    winner: dict[str, str] = {}
    out = []
    for h in hits:
        if winner.setdefault(h.doc.family, h.doc.name) == h.doc.name:
            out.append(h)
    return out


def ranked_files(hits: list[Hit]) -> list[str]:
    """File names ranked by their best chunk."""
    seen: dict[str, None] = {}
    for h in hits:
        seen.setdefault(h.doc.name, None)
    return list(seen)


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Spans of the words in `text` that are query words: compared with their accents when the
    query has them, without when it was typed without ("nghi quyet" marks "nghị quyết").
    Function words are only marked when the query is nothing else."""
    q = analyze(query)
    key = fold if q.folded else (lambda w: normalize(w).lower())
    stop = STOPWORDS_FOLDED if q.folded else STOPWORDS
    words = {key(w) for w in _WORD.findall(q.core)}
    wanted = (words - stop) or words
    wanted |= {key(f) for f in other_forms(q.core) if " " not in f}  # "công nghệ thông tin" marks "CNTT"
    return [m.span() for m in _WORD.finditer(text) if key(m.group()) in wanted]


def snippet(text: str, query: str, width: int = 360, slack: int = 0) -> tuple[str, list[tuple[int, int]]]:
    """The `width`-character window of `text` with the most query words, and their spans in it; with
    `slack`, the earliest window with at most that many fewer (an answer follows the words that
    ask for it: "thống nhất những định hướng lớn trong xây dựng Đề án kiện toàn …")."""
    text = " ".join(text.split())
    spans = match_spans(text, query)
    if len(text) <= width:
        return text, spans
    counts = []
    for a, _ in spans or [(0, 0)]:
        start = max(0, a - width // 4)
        counts.append((start, sum(1 for s, e in spans if start <= s and e <= start + width)))
    most = max(c for _, c in counts)
    best = next(start for start, c in counts if c >= most - slack)
    start = text.rfind(" ", 0, best) + 1 if best else 0
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    out = prefix + text[start:end] + suffix
    shift = len(prefix) - start
    return out, [(s + shift, e + shift) for s, e in spans if start <= s and e <= end]
