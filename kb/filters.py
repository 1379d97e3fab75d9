"""Search filters over what the documents are: term, years, kind, organisation, section."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from ingest import KINDS, SECTIONS, DocumentMeta
from ingest.meta import named_term
from ingest.text import fold
from kb.errors import KbError
from kb.records import Hit, StoredDocument

NO_TERM = "?"  # a passage whose term cannot be told


@dataclass(frozen=True)
class Filters:
    term: str | None = None  # "2018-2020", "2018 - 2020" or "khóa XIV"
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None
    org: str | None = None  # any part of an organisation's name, accents optional
    section: str | None = None
    # Documents that do not say their term (or their years) pass a term (or year) filter: a news
    # item without a date may still be the one a question "năm 2017" is about.
    lenient: bool = False

    def __post_init__(self):
        if self.kind and self.kind not in KINDS:
            raise KbError("kb.unknown_kind", kind=self.kind, kinds=", ".join(KINDS))
        if self.section and self.section not in SECTIONS:
            raise KbError("kb.unknown_section", section=self.section, sections=", ".join(SECTIONS))

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) not in (None, "") for f in fields(self) if f.name != "lenient")

    @property
    def on_documents(self) -> bool:
        return any(v not in (None, "") for v in (self.term, self.year_from, self.year_to, self.kind, self.org))


def normalize_term(term: str) -> str:
    """ "2018 - 2020" → "2018-2020"; "Khoá xiv" → "khóa XIV"."""
    term = term.strip()
    m = re.fullmatch(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)", term)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    m = re.fullmatch(r"(?:kh[oó]a|kho[aá])\s+([ivxlc]+)", fold(term), re.I)
    if m:
        return "khóa " + m.group(1).upper()
    return term


def term_key(term: str) -> str:
    """What identifies a term: its years, or its number — "khóa I" and "nhiệm kỳ I" are one
    (organisations say either for their first term)."""
    term = normalize_term(term)
    m = re.fullmatch(r"(?:khoa|nhiem\s+ky)\s+([ivxlc]+|\d+)", fold(term), re.I)
    return m.group(1).upper() if m else term


def years(meta: DocumentMeta) -> tuple[int, int] | None:
    """The years a document covers: its date's year, else the span of its terms."""
    if meta.date:
        return int(meta.date[:4]), int(meta.date[:4])
    spans = [(int(t[:4]), int(t[5:])) for t in meta.terms if re.fullmatch(r"\d{4}-\d{4}", t)]
    if spans:
        return min(a for a, _ in spans), max(b for _, b in spans)
    return None


def matches(doc: StoredDocument, f: Filters) -> bool:
    """Whether a document passes the document-level filters."""
    meta = doc.meta
    if f.kind and meta.kind != f.kind:
        return False
    if f.term and term_key(f.term) not in {term_key(t) for t in meta.terms}:
        if not (f.lenient and not meta.terms):
            return False
    if f.org:
        wanted = fold(f.org)
        if not any(wanted in fold(o) for o in meta.organisations):
            return False
    if f.year_from or f.year_to:
        span = years(meta)
        if span is None:
            return f.lenient
        lo, hi = f.year_from or 0, f.year_to or 9999
        if span[1] < lo or span[0] > hi:
            return False
    return True


def passage_term(hit: Hit) -> str:
    """The term a decision or direction belongs to: the one the passage names, else the one its
    document plans (directions) or belongs to."""
    named = named_term(hit.chunk.text)
    if named:
        return named
    meta = hit.doc.meta
    return meta.plans or (meta.terms[0] if meta.terms else NO_TERM)
