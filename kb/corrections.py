"""A person's corrections of what ingest found about a document: checked here, kept apart by
the store (keyed by content, so they survive re-ingest and reindex)."""

from __future__ import annotations

import re

from ingest import KINDS
from kb.errors import KbError, NotFound
from kb.filters import normalize_term
from kb.records import StoredDocument
from kb.store import Store

CORRECTABLE = ("kind", "date", "terms", "organisations", "places", "title")


def correct(store: Store, key: str, **fields) -> StoredDocument:
    """Store a person's corrections of a document's metadata (a field set to None drops its correction)."""
    found = store.find(key)
    if not found:
        raise NotFound("kb.no_document", key=key)
    if len(found) > 1:
        raise KbError("correct.ambiguous", key=key, documents=len(found))
    unknown = set(fields) - set(CORRECTABLE)
    if unknown:
        raise KbError("correct.unknown_field", fields=", ".join(sorted(unknown)), correctable=", ".join(CORRECTABLE))
    clean: dict = {}
    for name, value in fields.items():
        if name == "kind" and value is not None and value not in KINDS:
            raise KbError("kb.unknown_kind", kind=value, kinds=", ".join(KINDS))
        if name == "date" and value is not None and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value):
            raise KbError("correct.date", date=value)
        if name in ("terms", "organisations", "places") and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if name == "terms" and value is not None:
            value = [normalize_term(t) for t in value]
        clean[name] = value
    store.correct(found[0].sha256, clean)
    corrected = store.document(found[0].id)
    assert corrected is not None  # it was found under the write lock
    return corrected
