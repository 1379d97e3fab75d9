"""One organisation, one term → a brief: the papers in scope read clause by clause, each clause put
in its part (or left out), near-identical lines merged with all their sources, official papers
first, each part cut to what fits on a page.
"""

from __future__ import annotations

import re
from time import perf_counter

from ingest.messages import Message
from ingest.text import fold
from kb.briefs import officers as offices
from kb.briefs.lines import Candidate, cut, merge, rank, source
from kb.briefs.meetings import meeting_lines
from kb.briefs.names import terms_in, words
from kb.briefs.parts import best, caption, carries, is_item, item_text, scores
from kb.briefs.reading import Clause, Reading, read
from kb.briefs.records import OFFICIAL, Brief
from kb.briefs.scope import Paper, Scope, resolve, scope, widen
from kb.briefs.tables import rows, table_regions
from kb.records import PersonFact
from kb.retriever import Retriever

_TRAILING_NUMBER = re.compile(r"\s+(?:[IVX]{1,4}|\d{1,2})\.$")  # the next part's number, cut off its heading
MIN_LINE = 25  # characters: a shorter line says too little to stand alone
_PHOTO = re.compile(r"\bẢnh\s*:|SĐT|\bĐT\s*:|@|https?://|\?$")  # captions, phone numbers, links, questions


def make(retriever: Retriever, facts: list[PersonFact], org: str | None, term: str | None) -> Brief:
    """The brief of an organisation in a term (by default the newest term of the organisation
    with the most papers)."""
    started = perf_counter()
    store = retriever.store
    org_name, term_name = resolve(store, org, term)
    s = scope(retriever, org_name, term_name)
    papers = sorted(s.papers, key=lambda p: (rank(p), p.doc.meta.date or "9999", p.doc.name))
    readings = [read(store, p) for p in papers]
    s = widen(s, [r.text for r in readings])
    found = offices.from_facts(facts, s) + offices.from_clauses([c for r in readings for c in r.clauses], s)
    named = {o.name for o in found}
    candidates = meeting_lines(readings, s)
    for n, r in enumerate(readings):
        rows_found, tables = _table_lines(n, r)
        candidates += rows_found + _clause_lines(n, r, s, named, tables)
    candidates += _officer_lines(found, s, {p.doc.id: i for i, p in enumerate(papers)})
    parts = cut(merge(candidates))
    documents = tuple(source(p, 1, p.doc.title or p.doc.name, "") for p in papers)
    return Brief(s.org.name, s.label, s.previous_label, parts, documents, seconds=perf_counter() - started)


# --- clauses -----------------------------------------------------------------------------------
def _clause_lines(n: int, r: Reading, s: Scope, named: set[str], tables: list[tuple[int, int]]) -> list[Candidate]:
    """The clauses of a paper that belong to a part, with what their paragraph carries along (a
    table's cells are left to `_table_lines`)."""
    out = []
    carried: str | None = None
    colon: tuple[str, tuple[str, ...]] | None = None  # a part a colon carries to the next paragraphs
    paragraph = -1
    sentence: tuple[int, str | None] = (-1, None)
    leads = {c.lead for c in r.clauses if c.lead}
    elsewhere = -1  # a paragraph of a speech or news item about another body: what follows in it is too
    for c in r.clauses:
        if caption(c):
            break  # a web page's photo captions follow
        if c.paragraph != paragraph:
            paragraph = c.paragraph
            # a colon's part goes on over the bulleted paragraphs after it, and stops at the first other
            colon = colon if colon and colon[1] == c.heading and is_item(c.text) else None
            carried = colon[0] if colon else None
        # the parts of one sentence between semicolons go on saying what its first part says
        same = sentence[1] if sentence[0] == c.sentence and not c.lead else None
        found = scores(c, same or carried, 3.0 if same else 2.5)
        part = "meeting" if c.grounds else best(found)
        if sentence[0] != c.sentence:
            sentence = (c.sentence, part)
        if part and carries(part, c) and not c.lead:
            carried = part
            if c.text.rstrip().endswith(":"):
                colon = (part, c.heading)
        if any(a <= c.start < b for a, b in tables) or c.paragraph == elsewhere:
            continue
        if r.paper.doc.meta.kind not in OFFICIAL and s.org.others_in(c.text):
            if r.paper.doc.meta.kind == "speech":
                elsewhere = c.paragraph  # a speaker on another body ("Hội LHPN xã Kim Sơn") goes on about it
            continue
        if part is None or (c.text in leads and part != "officers") or not _keep(c, s, part, named):
            continue  # (a list's introduction is shown above its items; an election's, alone)
        text = _TRAILING_NUMBER.sub("", item_text(_without_headline(c.text, r.paper))).rstrip(" :")
        if len(text) < MIN_LINE:
            continue
        cited = source(r.paper, c.page, c.quote or c.text, " › ".join(c.heading))
        family = r.paper.doc.family
        out.append(Candidate(part, text, cited, rank(r.paper), (n, c.start), c.lead, checked=True, family=family))
    return out


def _without_headline(text: str, paper: Paper) -> str:
    """A news item's first sentence without its headline, which the text layer ran into it."""
    title = paper.doc.title
    if paper.doc.meta.kind == "news" and title:
        if text.startswith(title):
            return text[len(title) :].strip()
        if text in title:
            return ""  # the headline itself, cut at its semicolon
    return text


def _keep(c: Clause, s: Scope, part: str, named: set[str]) -> bool:
    """Whether a clause may be a line: about this organisation and term, a statement (not a
    caption, a phone number, a question, a heading in capitals, a few words before a colon), not an
    election already listed by name, and a part the paper speaks to."""
    text = c.text
    if _PHOTO.search(text) or (text.isupper() and not c.lead) or (text.endswith(":") and len(text.split()) < 8):
        return False
    if _SPEAKER.search(c.folded) or _tabular(text):
        return False  # a speaker's courtesies; a table's cells read as a line
    paper = c.paper
    if paper.role == "review" and (part not in ("results", "difficulties") or _table_like(text)):
        return False  # the report on the term before: how it went, in sentences (its tables give rows)
    if paper.doc.meta.kind == "speech" and not (s.org.named_in(text) or _names_meeting(c.folded, s)):
        return False  # a speaker speaks for their own unit unless they name this body or its meeting
    if part == "decisions" and paper.doc.meta.kind in ("speech", "news"):
        if not (_ACTOR.search(c.folded) or s.org.named_in(text)):
            return False  # a speech's "thống nhất" is the speaker's; a decision is the meeting's or the body's
    if paper.procedural and part not in ("meeting", "officers"):
        return False  # a programme or rules: when, where, how
    if paper.procedural and not (_WHEN_WHERE.search(text) if part == "meeting" else terms_in(text)):
        return False  # a programme's or rules' line says a day, an hour, a place, or the term it is for
    said = set(terms_in(text))
    if said and not said & (s.names | s.previous):
        return False  # about another term
    if paper.elsewhere and not s.org.named_in(text):
        return False  # a paper about another body's papers names this one where it speaks of it
    if paper.role == "secondary" and not (said & s.names or s.org.named_in(text)):
        return False  # a paper of another term says this in passing
    return not (part == "officers" and any(name in text for name in named))


# a programme's or rules' line worth a brief: a day, an hour, a place
_WHEN_WHERE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}h\d*|địa điểm", re.I)
# a speaker speaking of themself: "Hôm nay, tôi rất vui mừng …", "Kính thưa …", "xin phép"
_SPEAKER = re.compile(
    r"(?<!\w)(?:toi|kinh thua|xin (?:phep|gui|tran trong|chan thanh|de xuat|tham gia|duoc|chuc|bay to)"
    r"|thay mat|duoc su (?:cho phep|gioi thieu)|vui mung|phan khoi|vinh du)(?!\w)"
)
_NUMBERS = re.compile(r"(?<![\w/])\d[\d.,]*")


def _table_like(text: str) -> bool:
    """A report appendix's line that starts with a number or holds three is a table's cells."""
    return text[:1].isdigit() or len(_NUMBERS.findall(text)) >= 3


_MEETING_WORD = re.compile(r"(?<!\w)(dai hoi|hoi nghi|ky hop)(?!\w)")


def _names_meeting(folded: str, s: Scope) -> bool:
    """Whether a line names the kind of meeting this body's papers are from ("Đại hội" at a congress;
    a speaker's "Hội nghị tuyên truyền" is another meeting)."""
    kinds = {m.group(1) for m in _MEETING_WORD.finditer(words(s.org.name + " " + s.meetings))}
    return any(m.group(1) in kinds for m in _MEETING_WORD.finditer(folded))


# who decides: a meeting, its delegates
_ACTOR = re.compile(r"(?<!\w)(?:dai hoi|hoi nghi|ky hop|phien hop|dai bieu)(?!\w)")
_NUMBER_WORD = re.compile(r"^[\d.,%/-]*\d[\d.,%/-]*$")


def _tabular(text: str) -> bool:
    """A table's cells read in a row ("2016 2017 2018 … 24 24 24"): numbers are a fifth of its words."""
    found = text.split()
    return len(found) >= 6 and sum(1 for w in found if _NUMBER_WORD.match(w)) >= len(found) / 5


# --- tables ------------------------------------------------------------------------------------
def _table_lines(n: int, r: Reading) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """Rows of a targets-and-results table: what was aimed at, the target, the result, the verdict;
    and where the tables stand in the text (their cells are no line of their own)."""
    out, regions = [], []
    for start, end, label in table_regions(r.text):
        region = r.text[start:end]
        regions.append((start, end))
        for row in rows(region):
            quote = region[row.start : row.end]
            values = {"target": ", ".join(row.targets), "result": ", ".join(row.results), "verdict": row.verdict}
            message = Message("brief.row", {"what": row.what, **values})
            cited = source(r.paper, r.page_at(start + row.start), quote, label)
            out.append(Candidate("results", row.what, cited, -1, (n, start + row.start), message=message))
    return out, regions


# --- officers ----------------------------------------------------------------------------------
def _officer_lines(found: list[offices.Office], s: Scope, order: dict[int, int]) -> list[Candidate]:
    """The term's officers (elected, appointed, named in office, signing), then the term before's."""
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for o in sorted(found, key=lambda o: (o.term in s.previous, offices.importance(o.role))):
        before = o.term in s.previous and o.term not in s.names
        key = (o.name, fold(o.role))
        if key in seen or (o.term and not before and o.term not in s.names):
            continue
        seen.add(key)
        if o.fact:
            doc, page, quote = o.fact.doc, o.fact.person.page, o.fact.person.passage
            paper = next(p for p in s.papers if p.doc.id == doc.id)
        else:
            assert o.clause is not None
            paper, page, quote = o.clause.paper, o.clause.page, o.clause.text
        message = Message("brief.previous_holder", {"term": s.previous_label, "line": o.line}) if before else None
        cited = source(paper, page, quote, "")
        ranked = (0 if o.fact else 1) + (2 if before else 0)
        out.append(Candidate("officers", o.line, cited, ranked, (order[paper.doc.id], len(out)), "", message))
    for p in s.papers:
        signer = p.doc.meta.signer
        if signer and p.primary and p.doc.meta.kind in OFFICIAL and (signer.name, fold(signer.title)) not in seen:
            seen.add((signer.name, fold(signer.title)))
            paper_name = p.doc.meta.numbers[0] if p.doc.meta.numbers else p.doc.title or p.doc.name
            message = Message("brief.signed", {"role": signer.title, "name": signer.name, "paper": paper_name})
            cited = source(p, signer.page, signer.name, "")
            out.append(
                Candidate("officers", f"{signer.title}: {signer.name}", cited, 1, (order[p.doc.id], 1), "", message)
            )
    return out
