"""One organisation, one term → a brief: the papers in scope read clause by clause, each clause put
in its part (or left out), near-identical lines merged with all their sources, official papers
first, each part cut to what fits on a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from time import perf_counter

from ingest.messages import Message
from ingest.meta import MOTTO
from ingest.text import fold
from kb.briefs import officers as offices
from kb.briefs.names import terms_in, words
from kb.briefs.parts import best, caption, carries, is_item, item_text, scores
from kb.briefs.reading import Clause, Reading, read
from kb.briefs.records import OFFICIAL, PARTS, Brief, BriefLine, BriefPart, Source
from kb.briefs.scope import ORDINALS, Paper, Scope, resolve, scope, widen
from kb.briefs.tables import rows, table_regions
from kb.records import PersonFact
from kb.retriever import Retriever

# lines a part shows at most: a brief is read in minutes
CAPS = {
    "meeting": 12,
    "officers": 14,
    "targets": 18,
    "directions": 16,
    "decisions": 14,
    "difficulties": 12,
    "results": 18,
}
OFFICIAL_CAP = 30  # an official paper's lines in a part: all of them, short of a paper that is all lists
_TRAILING_NUMBER = re.compile(r"\s+(?:[IVX]{1,4}|\d{1,2})\.$")  # the next part's number, cut off its heading
MIN_LINE = 25  # characters: a shorter line says too little to stand alone
SPOKEN = 3  # a speech's or news item's lines in a part official papers speak to
SAME = 0.8  # two lines whose words overlap this much (of the shorter) say the same thing
_PHOTO = re.compile(r"\bẢnh\s*:|SĐT|\bĐT\s*:|@|https?://|\?$")  # captions, phone numbers, links, questions
# a meeting's name: "Kỳ họp thứ 4", "Đại hội đại biểu Phụ nữ huyện Gia Lâm lần thứ XXI", "Hội nghị Tổng kết
# nhiệm kỳ 2015-2018", and what follows it that is still its name (", nhiệm kỳ 2021 - 2026", "HĐND TP khóa XV")
_MEETING_NAME = re.compile(
    r"(?:Kỳ họp|Đại hội|Hội nghị)\b[^.;:\n]{0,90}?"
    r"(?:\bthứ\s+\w+|\b(?:nhiệm kỳ|khóa)\s+(?:\d{4}\s*[-–]\s*\d{4}|[IVXLC]+))",
    re.I,
)
_NAME_GOES_ON = re.compile(
    r"(?:,?\s+(?:[Nn]hiệm kỳ|NHIỆM KỲ)\s+\d{4}\s*[-–]\s*\d{4}|,?\s+(?:[Kk]hóa|KHÓA)\s+[IVXLC\d]+"
    r"|\s+(?:HĐND|UBND|TP\.?|thành phố|tỉnh|huyện|Hội đồng [Nn]hân dân|Ủy ban [Nn]hân dân|Ban [Cc]hấp hành)"
    r"|\s+(?!Sáng|Chiều|Tối|Trưa|Ngày|Hôm|Căn|CĂN|Tại|Với|Theo|Đây|Trong|Các|Đồng|Cùng)[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*"
)


@dataclass(frozen=True)
class Candidate:
    """A line a part may show, with what decides whether and where it is shown."""

    part: str
    text: str
    source: Source
    rank: int  # 0: an official paper's, 1: another paper of the organisation's, 2: a speech's or news item's
    order: tuple[int, int]  # (paper, offset): the order the papers say things in
    lead: str = ""  # the list it is an item of
    message: Message | None = None
    composed: bool = False  # the brief's own line (a meeting's summary): never merged into a paper's
    family: str = ""  # the name the paper's renderings share, when the brief reads more than one
    checked: bool = False  # a paper's clause: where the paper has several renderings, all must say it


def make(retriever: Retriever, facts: list[PersonFact], org: str | None, term: str | None) -> Brief:
    """The brief of an organisation in a term (by default the newest term of the organisation
    with the most papers)."""
    started = perf_counter()
    store = retriever.store
    org_name, term_name = resolve(store, org, term)
    s = scope(retriever, org_name, term_name)
    papers = sorted(s.papers, key=lambda p: (_rank(p), p.doc.meta.date or "9999", p.doc.name))
    readings = [read(store, p) for p in papers]
    s = widen(s, [r.text for r in readings])
    found = offices.from_facts(facts, s) + offices.from_clauses([c for r in readings for c in r.clauses], s)
    named = {o.name for o in found}
    candidates = _meetings(readings, s)
    for n, r in enumerate(readings):
        rows_found, tables = _table_lines(n, r)
        candidates += rows_found + _clause_lines(n, r, s, named, tables)
    candidates += _officer_lines(found, s, {p.doc.id: i for i, p in enumerate(papers)})
    parts = _cut(_merge(candidates))
    documents = tuple(_source(p, 1, p.doc.title or p.doc.name, "") for p in papers)
    return Brief(s.org.name, s.label, s.previous_label, parts, documents, seconds=perf_counter() - started)


def _rank(paper: Paper) -> int:
    kind = paper.doc.meta.kind
    return 0 if kind in OFFICIAL else 2 if kind in ("speech", "news") else 1


def _source(paper: Paper, page: int, quote: str, heading: str) -> Source:
    d = paper.doc
    return Source(d.name, page, d.id, quote, d.meta.kind, heading)


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
        source = _source(r.paper, c.page, c.quote or c.text, " › ".join(c.heading))
        family = r.paper.doc.family
        out.append(Candidate(part, text, source, _rank(r.paper), (n, c.start), c.lead, checked=True, family=family))
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
            source = _source(r.paper, r.page_at(start + row.start), quote, label)
            out.append(Candidate("results", row.what, source, -1, (n, start + row.start), message=message))
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
        source = _source(paper, page, quote, "")
        rank = (0 if o.fact else 1) + (2 if before else 0)
        out.append(Candidate("officers", o.line, source, rank, (order[paper.doc.id], len(out)), "", message))
    for p in s.papers:
        signer = p.doc.meta.signer
        if signer and p.primary and p.doc.meta.kind in OFFICIAL and (signer.name, fold(signer.title)) not in seen:
            seen.add((signer.name, fold(signer.title)))
            paper_name = p.doc.meta.numbers[0] if p.doc.meta.numbers else p.doc.title or p.doc.name
            message = Message("brief.signed", {"role": signer.title, "name": signer.name, "paper": paper_name})
            source = _source(p, signer.page, signer.name, "")
            out.append(
                Candidate("officers", f"{signer.title}: {signer.name}", source, 1, (order[p.doc.id], 1), "", message)
            )
    return out


# --- the meetings ------------------------------------------------------------------------------
def meeting_name(text: str) -> str | None:
    """The meeting a text names first, with the words that go on naming it."""
    m = _MEETING_NAME.search(text)
    if not m:
        return None
    tail = _NAME_GOES_ON.match(text, m.end())
    name = text[m.start() : tail.end() if tail else m.end()]
    return " ".join(name.split()).rstrip(" ,-–")


def _meetings(readings: list[Reading], s: Scope) -> list[Candidate]:
    """A line per meeting the papers report: its name, every date and place they give (papers
    may disagree: each is cited)."""
    found: dict[str, list[tuple[Reading, str]]] = {}
    for r in readings:
        if not r.paper.primary or r.paper.elsewhere:
            continue
        head = MOTTO.sub(" ", r.text[:1500].split("Căn cứ")[0])
        name = meeting_name(r.paper.doc.title) or meeting_name(head)
        if name and not s.org.others_in(name):
            found.setdefault(_meeting_key(name), []).append((r, name))
    out = []
    for n, said in enumerate(found.values()):
        said.sort(key=lambda x: _rank(x[0].paper))
        best = [nm for r, nm in said if _rank(r.paper) == _rank(said[0][0].paper)]
        name = max(best, key=lambda x: (not x.isupper(), len(x)))
        # each date and place once, cited to the best-ranked paper that gives it
        givers: dict[str, tuple[Reading, str]] = {}
        for r, quote in said:
            meta = r.paper.doc.meta
            for value in (_dates(meta.date, meta.date_end), *meta.places[:1]):
                if value:
                    givers.setdefault(value, (r, quote))
        dates = [v for v in givers if v[:1].isdigit()]
        places = [v for v in givers if not v[:1].isdigit()]
        text = " — ".join(x for x in (name, "; ".join(dates), ", ".join(places)) if x)
        cited = list(dict.fromkeys([said[0], *givers.values()]))
        for i, (r, quote) in enumerate(cited):
            rank = _rank(r.paper) if i == 0 else 9
            out.append(Candidate("meeting", text, _source(r.paper, 1, quote, ""), rank, (-1, n), composed=True))
    return out


def _meeting_key(name: str) -> str:
    """Names of one meeting compared: "Kỳ họp thứ tư HĐND thành phố Hà Nội khóa XV" and "kỳ họp thứ 4"."""
    folded = words(name)
    m = re.search(r"(ky hop|dai hoi|hoi nghi)\b.*?\bthu (\w+)", folded)
    if not m:
        return folded[:40]
    number = m.group(2)
    return f"{m.group(1)} {ORDINALS.get(number, number)}"


def _dates(start: str | None, end: str | None) -> str:
    def label(iso: str) -> str:  # "19/7/2021", as the papers write it
        return "/".join(str(int(x)) for x in reversed(iso.split("-")))

    if not start:
        return ""
    return f"{label(start)}–{label(end)}" if end else label(start)


# --- merging and cutting -----------------------------------------------------------------------
def _merge(candidates: list[Candidate]) -> list[tuple[Candidate, list[Source]]]:
    """Near-identical lines once, with every source; the best-ranked paper's words, or the longer
    of two saying the same."""
    kept: list[list] = []  # [candidate, sources, words]
    for c in sorted(candidates, key=lambda c: (c.rank, c.order)):
        bag = set(words(c.text).split())
        for entry in kept:
            other, sources, other_bag = entry
            same = bool(bag) and bag == other_bag
            plain = not (other.message or c.message or other.composed or c.composed)
            if other.part == c.part and (same or (plain and _same(bag, other_bag))):
                if all(x.doc_id != c.source.doc_id or x.page != c.source.page for x in sources):
                    sources.append(c.source)
                if len(bag) > len(other_bag) and c.rank <= other.rank and not other.lead:
                    entry[0], entry[2] = replace(c, order=other.order), bag
                break
            if same:
                break  # said in another part already
        else:
            kept.append([c, [c.source], bag])
    # where two renderings of one paper disagree, the words only one has are not the paper's: a
    # paper's line stands when every rendering the brief reads says it
    families: dict[str, set[int]] = {}
    for x in candidates:
        if x.family:
            families.setdefault(x.family, set()).add(x.source.doc_id)
    return [
        (c, sources)
        for c, sources, _ in kept
        if not c.checked or families.get(c.family, set()) <= {s.doc_id for s in sources}
    ]


def _same(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= SAME and min(len(a), len(b)) / max(len(a), len(b)) >= 0.5


def _cut(merged: list[tuple[Candidate, list[Source]]]) -> tuple[BriefPart, ...]:
    """Each part's lines: every official paper's (up to OFFICIAL_CAP), then the others' in the
    papers' order up to CAPS, a speech's or news item's only SPOKEN of them where official papers
    speak to the part; a list's items under the words that introduce it."""
    out = []
    for part in PARTS:
        mine = sorted(((c, s) for c, s in merged if c.part == part), key=lambda x: (x[0].rank, x[0].order))
        official = [x for x in mine if x[0].rank <= 0][:OFFICIAL_CAP]
        others = [x for x in mine if 0 < x[0].rank < 2]
        spoken = [x for x in mine if x[0].rank >= 2]
        chosen = official + (others + (spoken[:SPOKEN] if official else spoken))[: max(0, CAPS[part] - len(official))]
        chosen.sort(key=lambda x: (x[0].rank if part != "meeting" else 0, x[0].order))
        lines: list[BriefLine] = []
        leads_shown: set[str] = set()
        for c, sources in chosen:
            if c.lead and c.lead not in leads_shown:
                leads_shown.add(c.lead)
                lead_source = replace(c.source, quote=c.lead)
                lines.append(BriefLine(c.lead.rstrip(" :") + ":", (lead_source,)))
            lines.append(BriefLine(c.text, tuple(sources), 1 if c.lead else 0, c.message))
        lines = [ln for i, ln in enumerate(lines) if not _lonely_lead(lines, i)]
        if lines:
            out.append(BriefPart(part, tuple(lines)))
    return tuple(out)


def _lonely_lead(lines: list[BriefLine], i: int) -> bool:
    """A list's introduction with none of its items after it."""
    line = lines[i]
    return line.level == 0 and line.text.endswith(":") and (i + 1 >= len(lines) or lines[i + 1].level == 0)
