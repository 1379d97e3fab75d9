"""The values a knowledge base holds, with document counts: for filter menus and the overview."""

from __future__ import annotations

from collections import Counter

from ingest import KINDS, SECTIONS
from kb.store import Store
from kb.timeline import term_order


def facets(store: Store) -> dict[str, list[tuple[str, int]]]:
    docs = store.documents()
    terms: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    orgs: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for d in docs:
        terms.update(set(d.meta.terms))
        kinds[d.meta.kind] += 1
        orgs.update(set(d.meta.organisations[:2]))
        if d.meta.date:
            years[d.meta.date[:4]] += 1
    sections = store.section_counts()
    return {
        "terms": sorted(terms.items(), key=lambda t: term_order(t[0])),
        "kinds": [(k, kinds[k]) for k in KINDS if kinds[k]],
        "organisations": orgs.most_common(),
        "years": sorted(years.items()),
        "sections": [(s, sections[s]) for s in SECTIONS if sections[s]],
    }
