"""A paper → its clauses: sentences, the parts of a long one between semicolons, and the items of
a list ("… với các nội dung như: Chú trọng …; Thực hiện tốt …; …"), each with its page, the
headings it stands under, its passage's sections and the paragraph it belongs to.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, partial

from ingest.headings import headings, path_at
from ingest.paper import FORMAL
from ingest.records import PAGE_BREAK
from ingest.sentences import sentences
from kb.briefs.names import quick_fold
from kb.briefs.scope import Paper
from kb.store import Store

# where a list starts: "… như:", "… gồm:", "… sau:", "… cụ thể:", a heading's colon
_LIST = re.compile(r"(?:như|gồm|sau|cụ thể(?: như sau)?|bao gồm|sau đây)\s*:\s*(?=\S)", re.I)
_GROUNDS = re.compile(r"^(?:Xét Tờ trình|Xét đ\w+ nghị)", re.I)  # the papers a resolution was passed on
MIN_CLAUSE = 25  # characters: shorter pieces are labels, not statements
MIN_PART = 30  # a semicolon splits a sentence only between parts at least this long


@dataclass(frozen=True)
class Clause:
    """A statement of a paper: a sentence, a part of one, or an item of a list."""

    text: str  # as the page has it
    start: int  # offset into the paper's text
    page: int
    heading: tuple[str, ...]  # the headings it stands under, outermost first
    sections: tuple[str, ...]  # its passage's parts of a report (ingest/sections.py)
    paragraph: int  # which paragraph of the paper it is in
    sentence: int  # which sentence: the parts of one share it
    paper: Paper
    lead: str = ""  # the words that introduce the list it is an item of
    grounds: bool = False  # "Xét Tờ trình số …": what the paper was passed on
    quote: str = ""  # the words as they stand on its page (`text` is whole over a page break)

    @cached_property
    def folded(self) -> str:
        """Its words without marks, lowercase: what cues are compared with."""
        return quick_fold(self.text)


@dataclass(frozen=True)
class Reading:
    """A paper's text as the brief reads it: pages joined, its headings, its clauses."""

    paper: Paper
    text: str
    starts: tuple[int, ...]  # where each page starts in `text`
    headings: tuple[tuple[int, int, str], ...]  # (offset, level, label)
    clauses: tuple[Clause, ...]

    def page_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def read(store: Store, paper: Paper) -> Reading:
    """A paper's text, headings and clauses, from its stored pages and passages."""
    doc = paper.doc
    pages = [store.page_text(doc.id, n) for n in range(1, doc.pages + 1)]
    text = PAGE_BREAK.join(pages)
    starts, pos = [], 0
    for p in pages:
        starts.append(pos)
        pos += len(p) + len(PAGE_BREAK)
    found = headings(text)
    return Reading(paper, text, tuple(starts), tuple(found), tuple(_clauses(store, paper, text, starts, found)))


def _clauses(store: Store, paper: Paper, text: str, starts: list[int], found: list) -> list[Clause]:
    """The paper's clauses in order; a paper's formalities (header, number, legal bases) left out."""
    doc = paper.doc
    chunks = store.chunks_of(doc.id)
    chunk_starts = [c.char_start for _, c in chunks]
    out: list[Clause] = []
    open_lead = ""  # a list whose items go on in the next parts of a sentence
    colon_lead = ""  # a paragraph ending in a colon: the bulleted paragraphs after it are its items
    last_paragraph = -1
    for n, (a, b) in enumerate(_spans(text, starts)):
        sentence = text[a:b]
        paragraph = text.count("\n\n", 0, a)
        if paragraph != last_paragraph:
            open_lead, last_paragraph = "", paragraph
            if colon_lead and not _BULLET.match(sentence):
                colon_lead = ""
        grounds = bool(_GROUNDS.search(sentence))
        if FORMAL.search(sentence) and not grounds:
            continue
        i = max(0, bisect.bisect_right(chunk_starts, a) - 1)
        sections = chunks[i][1].sections if chunks else ("other",)
        page = bisect.bisect_right(starts, a)

        at = partial(_clause, text, found, page=page, sections=sections, paragraph=paragraph, n=n, paper=paper)
        at = partial(at, grounds=grounds)

        listed = _LIST.search(sentence)
        if listed and ";" in sentence[listed.end() :] or (listed and len(sentence) - listed.end() > 60):
            open_lead = sentence[: listed.end()].strip()
            out.append(at(a, a + listed.end()))
            for s, e in _parts(sentence, listed.end()):
                out.append(at(a + s, a + e, open_lead))
        else:
            lead = open_lead if open_lead and ";" in sentence else colon_lead
            for s, e in _parts(sentence, 0):
                out.append(at(a + s, a + e, lead))
            if not (open_lead and ";" in sentence):
                open_lead = ""
            if sentence.rstrip().endswith(":") and text[b : b + 2] == "\n\n" and _BULLET.match(text[b + 2 : b + 8]):
                colon_lead = sentence.strip()
    return [c for c in out if len(c.text) >= MIN_CLAUSE or c.lead]


def _clause(text: str, found: list, start: int, end: int, lead: str = "", **where) -> Clause:
    """The clause from `start` to `end` of a paper's text; `where` says its page, sections,
    paragraph, sentence (`n`), paper and whether it gives the paper's grounds."""
    said = text[start:end].strip(" ;,")
    quote = said.split(PAGE_BREAK)[0]  # a sentence going on over a page is marked on its first
    shown = " ".join(_STAMP.sub(" ", said).split()) if PAGE_BREAK in said else said
    return Clause(
        shown,
        start,
        where["page"],
        path_at(found, start),
        where["sections"],
        where["paragraph"],
        where["n"],
        where["paper"],
        lead,
        where["grounds"],
        quote,
    )


# the marker of a list's next item, cut off its item by a full stop: "… cơ bản (1). Hàng năm, …"
_MARKER = re.compile(r"\s+(?:\(\d{1,2}\)|\d{1,2}\))\.?$")
_BULLET = re.compile(r"\s*(?:[-–+•]\s|\(\d{1,2}\)|\d{1,2}\)|[a-zđ]\)\s)")
_STAMP = re.compile(r"(?:\s+[A-ZĐÀ-Ỹ]{2,}){2,}\s*\n\n")  # "DỰ THẢO" printed at a page's foot
_ENDED = re.compile(r"[.!?:;…\"”)]$")
_GOES_ON = re.compile(r"(?<!\w)(?:của|và|về|các|cho|với|tại|theo|là|được|trong|những|từ|đến|ngày|số)$")  # a cut phrase


def _spans(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Sentences, with a list item's marker given to the item it numbers, and a sentence that goes
    on over a page (no full stop at the foot, a small letter at the head of the next) kept whole."""
    spans = sentences(text)
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out:
            pa, pb = out[-1]
            marker = _MARKER.search(text[pa:pb])
            if marker and marker.start() > 0:
                out[-1] = (pa, pa + marker.start())
                a = pa + marker.start() + len(marker.group()) - len(marker.group().lstrip())
            elif (
                a in starts
                and not _ENDED.search(text[pa:pb])
                and (text[a : a + 1].islower() or _GOES_ON.search(text[pa:pb]))
            ):
                out[-1] = (pa, b)
                continue
        out.append((a, b))
    return [(a, b) for a, b in out if b > a]


def _within_brackets(text: str, at: int) -> bool:
    """Whether a position stands inside parentheses opened before it and not yet closed."""
    before = text[:at]
    return before.count("(") > before.count(")")


def _parts(sentence: str, start: int) -> list[tuple[int, int]]:
    """Offsets of a sentence's parts between semicolons (from `start`), short parts kept joined."""
    cuts = [
        m.start()
        for m in re.finditer(";", sentence)
        if m.start() >= start and not _within_brackets(sentence, m.start())
    ]
    bounds = [start, *[c + 1 for c in cuts], len(sentence)]
    parts: list[tuple[int, int]] = []
    for s, e in zip(bounds, bounds[1:]):
        if parts and (e - s < MIN_PART or parts[-1][1] - parts[-1][0] < MIN_PART):
            parts[-1] = (parts[-1][0], e)
        else:
            parts.append((s, e))
    return [(s + len(sentence[s:e]) - len(sentence[s:e].lstrip()), e) for s, e in parts]
