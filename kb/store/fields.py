"""The filter fields a passages index keeps beside each passage, and filters as an expression over them.

kb/filters.py says which documents pass a filter (`matches`); an index that filters by itself
(Milvus) holds the same facts per passage and is asked the same question as an expression:

    kind           the document's kind                     kind == "decision"
    terms          "|2015-2020|XIV|", its terms' keys      terms like "%|XIV|%"
    organisations  "|hoi dong nhan dan tinh|", folded      organisations like "%nhan dan%"
    year_lo/hi     the years it covers, -1 when unknown    year_lo >= 0 and year_hi >= 2018 and year_lo <= 2020
    sections       ",decisions,elections,"                 sections like "%,decisions,%"
    access         who may read its document               access == "public" or access like "%|library-a|%"
                   ("public", "internal", "|g1|g2|")

tests/test_store_contract.py checks that the expression lets through exactly what `matches` does.
"""

from __future__ import annotations

import numpy as np

from ingest import Chunk
from ingest.text import fold
from kb.filters import Filters, term_key, years
from kb.records import Access, StoredDocument
from kb.store.seams import Catalog, Passage


def passage(chunk_id: int, doc: StoredDocument, chunk: Chunk, vector: np.ndarray) -> Passage:
    """A chunk with its document's filter fields (a person's corrections included)."""
    span = years(doc.meta) or (-1, -1)
    return Passage(
        id=chunk_id,
        doc_id=doc.id,
        text=chunk.text,
        vector=vector,
        sections=tuple(chunk.sections),
        kind=doc.meta.kind,
        year_lo=span[0],
        year_hi=span[1],
        terms=tuple(sorted({term_key(t) for t in doc.meta.terms})),
        organisations=tuple(fold(o) for o in doc.meta.organisations),
        access=access_field(doc.access),
        heading=chunk.heading_text,
    )


def access_field(access: Access) -> str:
    """A document's access level as a passage's filter field: the level, or its groups "|a|b|"."""
    return joined(access.groups) if access.level == "restricted" else access.level


def passages_of(catalog: Catalog, ids: list[int]) -> list[Passage]:
    """The passages of these chunk ids as the catalog holds them now (ids removed meanwhile left out)."""
    if not ids:
        return []
    found = catalog.chunks(ids)
    vectors = catalog.vectors_of(ids)
    docs = {d.id: d for d in catalog.documents()}
    out = []
    for cid in ids:
        if cid in found and found[cid][0] in docs:
            doc_id, chunk = found[cid]
            out.append(passage(cid, docs[doc_id], chunk, vectors[cid]))
    return out


def joined(values: tuple[str, ...], sep: str = "|") -> str:
    """Values as one delimited string, "|a|b|" ("" for none): a LIKE finds one whole value."""
    return sep + sep.join(values) + sep if values else ""


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def expression(
    filters: Filters | None,
    sections: tuple[str, ...],
    allowed: list[int] | None,
    reader: tuple[bool, tuple[str, ...]] | None = None,
) -> str:
    """A boolean expression over the fields that passes what `matches`, the sections and a reader
    (signed in, their groups: kb.access.Principal.reads) pass ("" for all)."""
    parts = []
    if reader is not None:
        signed_in, groups = reader
        may = ['access == "public"'] + (['access == "internal"'] if signed_in else [])
        may += [f"access like {_quoted('%|' + g + '|%')}" for g in sorted(groups)]
        parts.append("(" + " or ".join(may) + ")")
    f = filters
    if f and f.kind:
        parts.append(f"kind == {_quoted(f.kind)}")
    if f and f.term:
        term = f"terms like {_quoted('%|' + term_key(f.term) + '|%')}"
        parts.append(f'({term} or terms == "")' if f.lenient else term)
    if f and f.org:
        parts.append(f"organisations like {_quoted('%' + fold(f.org) + '%')}")
    if f and (f.year_from or f.year_to):
        lo, hi = f.year_from or 0, f.year_to or 9999
        span = f"(year_lo >= 0 and year_hi >= {int(lo)} and year_lo <= {int(hi)})"
        parts.append(f"({span} or year_lo < 0)" if f.lenient else span)
    if sections:
        parts.append("(" + " or ".join(f"sections like {_quoted('%,' + s + ',%')}" for s in sections) + ")")
    if allowed is not None:
        parts.append(f"id in [{','.join(str(int(i)) for i in allowed)}]")
    return " and ".join(parts)
