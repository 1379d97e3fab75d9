"""The part of a chosen sentence given as the answer, and its citation with the answering words marked.

A short sentence is given whole; a run-on one (a PDF line run, a table row, a list strung with
semicolons) is cut into clauses, and the clause that answers is given with its neighbours while
they fit.
"""

from __future__ import annotations

import re

from ingest.sentences import sentences
from kb.answer.candidates import Candidate, list_end, novelty, typed
from kb.answer.question import Question
from kb.answer.records import Citation, Span
from kb.records import Hit
from kb.results import match_spans, snippet
from kb.terms import coverage

# Where a long sentence may be cut into the clauses it strings together: a semicolon, a colon that
# opens a list or a value ("như: ...", "Lệ phí ...: 450.000 đồng"), a new line (where "- " and "+ "
# items start), or a list marker inside the line ("a) ", "(2) ", "Hai là, "); not " - ", which
# joins a name to a title as often as it starts an item.
_CLAUSE_END = re.compile(
    r"[;:](?=\s)|\n+|(?<=\s)(?=\(?\d{1,2}\)\s|[a-zđ]\)\s)"
    r"|(?<=\s)(?=(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là,)"
)
_SPACED_DATE = re.compile(r"(?<=\d) +/ *(?=\d)|(?<=\d) */ +(?=\d)")
MAX_ANSWER = 480  # characters; a PDF line run or a table row is often far longer
MIN_CLAUSE = 30
ANSWER_WIDTH = 360  # characters of a run-on sentence kept around its answering clause


def said(c: Candidate, q: Question, weights: dict[str, float]) -> tuple[str, Citation]:
    """A chosen sentence as an answer (the list it opens, or the clause of a run-on sentence that
    answers), and its citation with the answering words marked."""
    hit, a, b = c.hit, c.start, c.end
    text = hit.chunk.text
    if text[a:b].endswith(":"):  # "... gồm:" — the list follows
        spans = sentences(text)
        b = list_end(spans, spans.index((a, b)))
    a, b = _answer_span(text, a, b, q, weights)
    # "ngày 19 / 7 / 2021" as a text layer or OCR spaces it reads "ngày 19/7/2021"
    answer = _SPACED_DATE.sub("/", " ".join(text[a:b].split()))
    if len(answer) > MAX_ANSWER:  # one clause longer than an answer: the part about the question
        answer, _ = snippet(answer, q.text, width=420, slack=2)
    return answer, Citation(
        hit.doc.name,
        hit.chunk.page_start,
        text,
        _spans_in(text, (a, b), q.text),
        hit.doc.id,
        hit.chunk.heading_text,
        answering=((a, b),),
    )


def cite(h: Hit, question: str) -> Citation:
    """A passage as a citation, the question's words marked."""
    return Citation(
        h.doc.name,
        h.chunk.page_start,
        h.chunk.text,
        tuple(match_spans(h.chunk.text, question)),
        h.doc.id,
        h.chunk.heading_text,
    )


def clauses(text: str, a: int, b: int) -> list[Span]:
    """The clauses of the sentence text[a:b], as offsets into text."""
    out, start = [], a
    for m in _CLAUSE_END.finditer(text, a, b):
        end = m.end() if text[m.start()] in ";:" else m.start()
        if end - start >= MIN_CLAUSE and b - end >= MIN_CLAUSE:
            out.append(_trimmed(text, start, end))
            start = end
    out.append(_trimmed(text, start, b))
    return out


def _answer_span(text: str, a: int, b: int, q: Question, weights: dict[str, float]) -> Span:
    """The part of a sentence to give as the answer. A short sentence whole; a run-on one is cut
    into clauses, and the answer is the clause with an answer of the asked kind and the most of the
    question's words, with the clause before it when both fit, and the list that follows when the
    clause ends with a colon."""
    if b - a <= MAX_ANSWER:
        return a, b
    parts = clauses(text, a, b)

    def score(part: Span) -> float:
        piece = text[part[0] : part[1]]
        kind = 0.5 if q.kind and typed(piece, q) else 0.0
        # "29 thủ tục mới (trong đó: 26 …; 03 …)": what stands in brackets is a breakdown
        inside = text.count("(", a, part[0]) > text.count(")", a, part[0])
        return kind + coverage(q.terms, piece, weights) + 0.1 * novelty(q.terms, piece) - (0.2 if inside else 0.0)

    i = max(range(len(parts)), key=lambda j: score(parts[j]))
    lo = hi = i
    if text[parts[i][0] : parts[i][1]].endswith(":"):  # "... gồm:" — the list follows
        while hi + 1 < len(parts) and parts[hi + 1][1] - parts[lo][0] <= MAX_ANSWER:
            hi += 1
    before = 0
    while True:  # the clauses around it while they fit: the one before often names the subject,
        # those after go on with it; more before only when nothing after fits
        if lo > 0 and before < 1 and parts[hi][1] - parts[lo - 1][0] <= ANSWER_WIDTH:
            lo, before = lo - 1, before + 1
        elif hi + 1 < len(parts) and parts[hi + 1][1] - parts[lo][0] <= ANSWER_WIDTH:
            hi += 1
        elif lo > 0 and parts[hi][1] - parts[lo - 1][0] <= ANSWER_WIDTH:
            lo -= 1
        else:
            break
    return parts[lo][0], parts[hi][1]


def _trimmed(text: str, a: int, b: int) -> Span:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _spans_in(text: str, sentence: Span, question: str) -> tuple[Span, ...]:
    """The answer sentence's question words, to highlight in the passage."""
    a, b = sentence
    return tuple((s + a, e + a) for s, e in match_spans(text[a:b], question))
