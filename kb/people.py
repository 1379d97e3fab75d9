"""Who was elected or appointed to what: the people facts found at ingest, with their documents."""

from __future__ import annotations

from kb.records import PersonFact
from kb.store import Store


def facts(store: Store) -> list[PersonFact]:
    """Every person fact, in document order, with the document it comes from."""
    docs = {d.id: d for d in store.documents()}
    return [PersonFact(person, docs[doc_id]) for doc_id, person in store.people() if doc_id in docs]
