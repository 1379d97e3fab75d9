"""Document → the same Document with what it is (`DocumentMeta`) and whom it names (`Person`s).

Everything here reads the text only: cheap (a quarter of a second for the Gia Lâm papers),
so a stored document can be described again from its pages when the rules change.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from ingest.meta import (
    MOTTO,
    dates,
    first_page,
    first_paragraph,
    kind,
    minhash,
    numbers,
    organisations,
    own_number,
    places,
    terms,
)
from ingest.people import people
from ingest.records import Document, DocumentMeta, Signer
from ingest.signature import signature


def describe(doc: Document) -> Document:
    """The document with its metadata, its signer and its people facts."""
    own = own_number(doc)
    date, date_end = dates(doc.text, official=bool(MOTTO.search(first_page(doc)[:1500])))
    t = terms(doc.text)
    meta = DocumentMeta(
        header=first_paragraph(doc.pages),
        kind=kind(doc, own),
        date=date,
        date_end=date_end,
        terms=tuple(t["terms"]),
        reviews=t["reviews"],
        plans=t["plans"],
        organisations=tuple(organisations(doc)),
        places=tuple(places(doc)),
        numbers=tuple(numbers(doc, own)),
        signer=signer(doc),
        minhash=tuple(minhash(doc.text)),
    )
    default_term = meta.plans or next((t for t in meta.terms if t[0].isdigit()), None)
    return replace(doc, meta=meta, people=tuple(people(doc, default_term)))


def signer(doc: Document) -> Signer | None:
    """Who signed the paper: its last signature block, with the page it stands on."""
    block = signature(doc.text)
    if block is None:
        return None
    page = doc.pages[bisect.bisect_right(doc.page_starts(), block.start) - 1].number
    return Signer(block.name, block.title, page)
