"""Which papers a brief reads: those about the organisation, of the term (or of no other term).

A paper is about an organisation when its issuer, title, header or lead names it in one of its
forms. The lead (a news item's first lines) is read only for the papers the lexical index finds
for the organisation's name: reading every paper's first page would cost seconds. A paper belongs
to a term when it names that term (in either of its names: "khóa XV" is "nhiệm kỳ 2016-2021" where
a paper of the organisation says so); one that names none belongs to the term its date falls in,
or to the term of the meeting it reports ("kỳ họp thứ 4"). A paper whose own term is another (the
congress resolution of 2021 that also names 2016-2021) is a secondary source: only its lines that
name the term are taken.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property

from ingest.meta import ORG_HEADS, named_term
from ingest.text import fold
from kb.briefs.names import FAMILY_NAMES, OrgName, canonical, number_of, roman, same_terms, terms_in, words, years_of
from kb.briefs.records import Choice
from kb.errors import KbError
from kb.records import StoredDocument
from kb.retriever import Retriever
from kb.store import Store

LEAD = 600  # characters of a paper's first page that say what it is about (a news item's lead)
FOUND = 150  # passages the lexical index gives for an organisation's name: whose papers' leads are read
_MEETING = re.compile(r"(kỳ họp|đại hội|hội nghị)\b[^.;\n]{0,90}?\bthứ\s+(\w+)", re.I)
ORDINALS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_GENERIC = {fold(h) for h in ORG_HEADS} | {"hoi lien hiep phu nu", "lien hiep phu nu"}
# bodies of which there is one, whose kind is their name
_NATIONAL = {"quoc hoi", "chinh phu", "bo chinh tri", "ban bi thu"}
_PROCEDURAL = re.compile(
    r"(?:chuong trinh (?:dai hoi|hoi nghi|ky hop|lam viec)|quy che|huong dan|danh sach|danh muc|the le"
    r"|mot so noi dung co ban)\b"
)


@dataclass(frozen=True)
class Paper:
    """A document the brief reads, and how it stands to the organisation and term."""

    doc: StoredDocument
    lead: str  # the first characters of its first page
    # "primary": of this term; "secondary": of another term, naming this one in passing (only its lines
    # that name this term count); "review": the report on the term before, read for its results
    role: str
    elsewhere: bool = False  # its title names another body of the kind: only lines naming this one count

    @property
    def primary(self) -> bool:
        return self.role == "primary"

    @cached_property
    def procedural(self) -> bool:
        """A congress's programme, rules, election rules or list of speeches: it says when, where and
        how, not what (its title, or a heading in capitals at its top, says which)."""
        top = " ".join(w for w in self.lead[:300].split() if w.isupper())
        return bool(_PROCEDURAL.match(fold(self.doc.title)) or _PROCEDURAL.search(fold(top)))


@dataclass(frozen=True)
class Scope:
    org: OrgName
    term: str  # canonical: "2021-2026", "khóa XV"
    names: frozenset[str]  # every name of the term: {"khóa XV", "2016-2021"}
    previous: frozenset[str]  # every name of the term before; empty when unknown
    papers: tuple[Paper, ...]
    meetings: str = ""  # the meetings the papers' titles and leads name ("Kỳ họp thứ 4", "Đại hội …")

    @property
    def label(self) -> str:
        """The term as the brief's title says it: "khóa XV (2016-2021)"."""
        others = sorted(n for n in self.names if n != self.term)
        return f"{self.term} ({', '.join(others)})" if others else self.term

    @property
    def previous_label(self) -> str | None:
        if not self.previous:
            return None
        years = sorted(n for n in self.previous if years_of(n))
        first = years[0] if years else sorted(self.previous)[0]
        others = sorted(n for n in self.previous if n != first)
        return f"{first} ({', '.join(others)})" if others else first


@dataclass(frozen=True)
class Catalog:
    """What the brief needs of every stored document, computed once per state of the store."""

    generation: int
    docs: tuple[StoredDocument, ...]
    said: dict[int, str]  # a document's issuer, title and header in folded words
    heads: dict[int, str]  # its title and header only: what it is about, in folded words
    choices: list[Choice] | None = None  # the organisations to choose from, once asked for


_CATALOGS: dict[int, Catalog] = {}  # by id of the store


def _issuer(doc: StoredDocument) -> tuple[str, ...]:
    return doc.meta.organisations[:1] if doc.meta.kind != "news" else ()


def catalog(store: Store) -> Catalog:
    kept = _CATALOGS.get(id(store))
    if kept is None or kept.generation != store.generation:
        docs = tuple(store.documents())
        heads = {d.id: words(f"{d.title} | {d.meta.header}") for d in docs}
        # a paper's first organisation is its issuer; a news item's is only the one it names most
        said = {d.id: words(" ".join(_issuer(d))) + " | " + heads[d.id] for d in docs}
        kept = _CATALOGS[id(store)] = Catalog(store.generation, docs, said, heads)
    return kept


def choices(store: Store) -> list[Choice]:
    """The organisations to choose from (see `_choices`), kept while the store does not change."""
    cat = catalog(store)
    if cat.choices is None:
        object.__setattr__(cat, "choices", _choices(cat))
    return list(cat.choices or [])


def _choices(cat: Catalog) -> list[Choice]:
    """The organisations the knowledge base holds papers about: named in their title or header
    (the issuer of an official paper, the body whose congress a speech is at, the council a news
    item reports on), most papers first, each with the terms its papers are of, newest first."""
    names: Counter[str] = Counter()
    orgs: dict[str, OrgName] = {}
    for d in cat.docs:
        for name in d.meta.organisations[:3]:
            org = orgs.setdefault(name, OrgName.of(name))
            if org.found_in(cat.heads[d.id]):
                if proper(name):
                    names[name] += 1
                break
    merged: dict[str, list[StoredDocument]] = {}
    cores: set[str] = set()
    for name, _ in names.most_common():
        org = orgs[name]
        if any(org.core.startswith(c) or c.startswith(org.core) for c in cores):
            continue  # the same body, or its name cut short
        cores.add(org.core)
        merged[name] = [d for d in cat.docs if org.found_in(cat.heads[d.id])]
    out = []
    for name, members in merged.items():
        aliases = _aliases(members)
        own = Counter(_group(t, aliases) for d in members if (t := _own_term(d, "")))
        # the terms papers are of, newest first; a term only one paper is of comes after those of several
        ordered = sorted(own, key=lambda t: (own[t] > 1, _order(t, aliases)), reverse=True)
        if ordered:
            out.append(Choice(name, len(members), tuple(ordered)))
    return sorted(out, key=lambda c: -c.documents)


def proper(name: str) -> bool:
    """Whether a name found in a paper names one organisation: a kind and a place ("Hội đồng nhân
    dân thành phố Hà Nội"), or three distinctive words; not a kind alone ("Ủy ban nhân dân"), not
    cut after its level ("HĐND TP"), not ending in a person's name."""
    org = OrgName.of(name)
    core = org.core.split()
    if words(name) in _NATIONAL:
        return True
    if org.core in _GENERIC or words(name) in _GENERIC or len(name.split()) < 3 or not name.split()[-1][:1].isupper():
        return False  # a kind alone, or cut in the middle of a phrase ("… Đà Nẵng phối hợp")
    if org.place and len(org.place.split()) < 2 or len(set(core)) < len(core) - 2:
        return False  # a place cut short ("UBND TP.Hà"), a name said twice
    if core[-1] in ("tinh", "huyen", "quan", "xa", "phuong") or org.core.endswith("thanh pho"):
        return False
    tail = [w for w in name.split()[-4:] if w[:1].isupper()]
    if len(tail) >= 3 and fold(tail[0]) in FAMILY_NAMES:  # "Quốc hội Nguyễn Thị Kim Ngân"
        return False
    return bool(org.place) or len(core) >= 3


def resolve(store: Store, org: str | None, term: str | None) -> tuple[str, str]:
    """The organisation and term asked for, as the knowledge base names them; by default the
    newest term of the organisation with the most papers."""
    options = choices(store)
    if not options:
        raise KbError("brief.no_orgs")
    chosen = options[0]
    if org and org.strip():
        wanted = set(words(org).split())  # every word typed, in any order, accents optional
        matching = [c for c in options if wanted <= set(words(c.org).split()) or OrgName.of(c.org).named_in(org)]
        if not matching:
            known = "; ".join(c.org for c in options[:6])
            raise KbError("brief.unknown_org", org=org, known=known)
        chosen = matching[0]
    if not term or not term.strip():
        return chosen.org, chosen.terms[0]
    return chosen.org, canonical(term)


def scope(retriever: Retriever, org_name: str, term: str) -> Scope:
    """The papers of an organisation in a term, and the term's names and the one before it."""
    store = retriever.store
    org = OrgName.of(org_name)
    cat = catalog(store)
    mine = {d.id: d for d in cat.docs if org.found_in(cat.said[d.id])}
    leads: dict[int, str] = {}
    for hit in retriever.search(org.name, k=FOUND, mode="lexical", all_renderings=True):
        d = hit.doc
        if d.id not in mine and d.id not in leads:
            leads[d.id] = store.page_text(d.id, 1)[:LEAD]
            if org.named_as_itself(leads[d.id]):
                mine[d.id] = d  # a lead naming it as a person's office ("Bí thư Thành ủy …") is about the person
    for d in mine.values():
        if d.id not in leads:
            leads[d.id] = store.page_text(d.id, 1)[:LEAD]
    docs = sorted(mine.values(), key=lambda d: (d.meta.date or "", d.name))
    aliases = _aliases(docs, leads)
    term = canonical(term)
    names = frozenset(aliases.get(term, {term}))
    previous = _previous(names, docs, aliases)
    papers: list[Paper] = []
    meetings: dict[tuple[str, int], bool] = {}
    undecided = []
    for d in docs:
        named = {n for t in d.meta.terms for n in aliases.get(canonical(t), {canonical(t)})}
        reviews = canonical(d.meta.reviews) if d.meta.reviews else None
        own = _own_term(d, leads[d.id])
        elsewhere = org.others_in(d.title)
        if names & named:
            primary = own is not None and bool(aliases.get(own, {own}) & names)
            papers.append(Paper(d, leads[d.id], "primary" if primary else "secondary", elsewhere))
            for key in _meetings(d, leads[d.id]):
                meetings[key] = meetings.get(key, False) or primary
        elif reviews and previous & aliases.get(reviews, {reviews}) and own and own in previous | {reviews}:
            papers.append(Paper(d, leads[d.id], "review", elsewhere))
        elif not named:
            undecided.append(d)
    span = next((years_of(n) for n in names if years_of(n)), None)
    for d in undecided:  # a paper naming no term: its date, else the meeting it reports
        year = int(d.meta.date[:4]) if d.meta.date else None
        if (year and span and span[0] < year < span[1]) or (
            not year and any(meetings.get(k) for k in _meetings(d, leads[d.id]))
        ):
            papers.append(Paper(d, leads[d.id], "primary", org.others_in(d.title)))
    if not papers:
        raise KbError("brief.no_documents", org=org.name, term=term)
    said = " ".join(f"{kind} {n}" for p in papers if p.primary for kind, n in _meetings(p.doc, p.lead))
    return Scope(org, term, names, previous, tuple(papers), said)


# --- terms -----------------------------------------------------------------------------------
def widen(s: Scope, texts: list[str]) -> Scope:
    """The scope with the names the papers' whole texts give its term and the term before
    ("Hội LHPN huyện khóa XXI, nhiệm kỳ 2021 - 2026" deep in a programme)."""
    names, previous = set(s.names), set(s.previous)
    for text in texts:
        for khoa, years in same_terms(text):
            for group in (names, previous):
                if khoa in group or years in group:
                    group |= {khoa, years}
    return replace(s, names=frozenset(names), previous=frozenset(previous - names))


def _aliases(docs: list[StoredDocument], leads: dict[int, str] | None = None) -> dict[str, set[str]]:
    """Names of one term, from what the papers say: "khóa XV, nhiệm kỳ 2016 - 2021"."""
    groups: dict[str, set[str]] = {}
    for d in docs:
        text = " ".join([d.title, d.meta.header, (leads or {}).get(d.id, "")])
        for khoa, years in same_terms(text):
            group = groups.get(khoa, {khoa}) | groups.get(years, {years})
            for name in group:
                groups[name] = group
    return groups


def _group(term: str, aliases: dict[str, set[str]]) -> str:
    """The name a term is listed by: its years when known ("2016-2021"), else its number."""
    names = aliases.get(term, {term})
    years = sorted(n for n in names if years_of(n))
    return years[0] if years else term


def _order(term: str, aliases: dict[str, set[str]]) -> tuple:
    names = aliases.get(term, {term})
    spans = [s for n in names if (s := years_of(n))]
    numbers = [x for n in names if (x := number_of(n))]
    return (spans[0][1] if spans else 0, numbers[0] if numbers else 0)


def _previous(names: frozenset[str], docs: list[StoredDocument], aliases: dict[str, set[str]]) -> frozenset[str]:
    """The term before: the one ending when this one starts, or the number before."""
    known = {canonical(t) for d in docs for t in d.meta.terms} | {canonical(d.meta.reviews or "") for d in docs}
    for n in names:
        span, number = years_of(n), number_of(n)
        if span:
            before = sorted(t for t in known if (y := years_of(t)) and y[1] == span[0])
            if before:
                return frozenset(aliases.get(before[0], {before[0]}))
        if number and number > 1:
            before_name = f"khóa {roman(number - 1)}"
            if before_name in known or before_name in aliases:
                return frozenset(aliases.get(before_name, {before_name}))
    return frozenset()


def _own_term(doc: StoredDocument, first: str) -> str | None:
    """The term a paper is of: the one it plans, else the one its title or lead names."""
    for term in (doc.meta.plans, named_term(doc.title), *terms_in(first)[:1], *doc.meta.terms[:1]):
        if term:
            return canonical(term)
    return None


def _meetings(doc: StoredDocument, first: str) -> set[tuple[str, int]]:
    """The meetings a paper's title and lead name: ("ky hop", 4) for "Kỳ họp thứ tư"."""
    out = set()
    for m in _MEETING.finditer(f"{doc.title}\n{first}"):
        word = fold(m.group(2))
        number = int(word) if word.isdigit() else ORDINALS.get(word, 0)
        if number:
            out.add((fold(m.group(1)), number))
    return out
