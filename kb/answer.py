"""Answers to questions, with their sources, without a language model.

A who/which-role question is answered from the people facts extracted at ingest.
Any other question: the terms and years it names become filters, hybrid search
finds passages, and the sentence that covers the question best is the answer,
cited to its file and page. When the evidence is weak the answer says so and
shows the closest passages as leads; nothing is ever made up.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.chunk import sentences
from ingest.people import ROLES, UPPER
from ingest.text import fold
from kb import lexical
from kb.filters import Filters, normalize_term
from kb.query import STOPWORDS, STOPWORDS_FOLDED, analyze
from kb.search import Hit, match_spans, snippet

if TYPE_CHECKING:
    from kb.base import KnowledgeBase

NOT_FOUND = "Không tìm thấy câu trả lời trong các tài liệu đã lưu."
# Evidence needed to answer: the share of the question's weighted words in the passage and in
# the answer sentence (words only elsewhere in the passage count half). Tuned on bench/data.
MIN_PASSAGE_COVERAGE = 0.6
MIN_SENTENCE_COVERAGE = 0.4
_TERM_Q = re.compile(r"(?:nhiệm\s+kỳ|nhiem\s+ky|khóa|khoá|khoa)\s+((?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d|[IVXLC]{1,7}\b)", re.I)
_YEAR_Q = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b|\bnam\s+((?:19|20)\d\d)\b", re.I)
_WHO = re.compile(r"(?<!\w)(ai|người nào|vị nào|đồng chí nào|who)(?!\w)", re.I)
# Words that ask *what kind* of answer, not *about what*: they need not appear in the answer.
QUESTION_WORDS = frozenset(
    "gì nào bao nhiêu mấy đâu khi lúc ra sao thế như những các nêu cho biết hãy có không là được đã đang "
    "sẽ ai người vị về của trong".split())


@dataclass(frozen=True)
class Citation:
    file: str
    page: int
    text: str  # the passage
    spans: tuple[tuple[int, int], ...] = ()  # the answering words in `text`
    doc_id: int = 0

    def as_json(self) -> dict:
        return {"file": self.file, "page": self.page, "text": self.text}


@dataclass(frozen=True)
class Answer:
    answer: str
    found: bool
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    notice: str = ""

    def as_json(self) -> dict:
        out = {"answer": self.answer, "found": self.found, "confidence": round(self.confidence, 3),
               "citations": [c.as_json() for c in self.citations]}
        if self.notice:
            out["notice"] = self.notice
        return out


def question_filters(question: str) -> Filters:
    """A term or year the question names becomes a filter: "nhiệm kỳ 2018-2020", "năm 2017"."""
    m = _TERM_Q.search(question)
    term = None
    if m:
        raw = m.group(1)
        term = normalize_term(raw) if raw[0].isdigit() else "khóa " + raw.upper()
    y = _YEAR_Q.search(question)
    year = int(y.group(1) or y.group(2)) if y and not term else None
    return Filters(term=term, year_from=year, year_to=year)


def _content_terms(question: str) -> list[str]:
    """The question's meaningful syllables and pairs, accent-folded. Function words are dropped
    before folding when the question has its accents ("trồng" is not "trong"), and so is every
    pair that leans on one ("bao nhiêu cây" says nothing about trees)."""
    q = analyze(question)
    stop = STOPWORDS_FOLDED | {fold(w) for w in QUESTION_WORDS} if q.folded else STOPWORDS | QUESTION_WORDS
    terms = lexical.query_terms(q.core, q.folded, stop)
    kept = [t for t in terms if not any(part in stop for part in t.split("_"))]
    return list(dict.fromkeys(fold(t) for t in kept))


def _coverage(terms: list[str], text: str, weights: dict[str, float]) -> float:
    """Share of the question's weighted terms found in a text (accent-insensitive)."""
    if not terms:
        return 0.0
    have = set(lexical.tokens(text)[1].split())
    total = sum(weights[t] for t in terms)
    return sum(weights[t] for t in terms if t in have) / total if total else 0.0


def _weights(kb: "KnowledgeBase", terms: list[str]) -> dict[str, float]:
    """Rarer words weigh more (inverse document frequency over the folded lexical index)."""
    n = max(1, kb.catalog.chunk_count())
    out = {}
    for t in terms:
        df = kb.catalog.db.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM lexical WHERE lexical MATCH ? LIMIT 2000)",
            (f'fold : "{t}"',)).fetchone()[0]
        if "_" in t and df == 0:
            out[t] = 0.0  # a pair no passage has is the question's own phrasing ("nữ đặt"), not evidence
        else:
            out[t] = math.log(1 + n / (1 + df)) * (1.5 if "_" in t else 1.0)
    return out


def _who(kb: "KnowledgeBase", question: str, filters: Filters) -> Answer | None:
    """Answer "who holds role R" from the people facts, when the question asks exactly that."""
    if not _WHO.search(question) and not _WHO.search(fold(question)):
        return None
    fq = fold(question)
    roles = [r for r in sorted(ROLES, key=len, reverse=True) if re.search(r"(?<!\w)" + fold(r) + r"(?!\w)", fq)]
    if not roles:
        return None
    role = roles[0]
    words = set(_content_terms(question)) - set(fold(role).split()) - {fold(role).replace(" ", "_")}
    best, best_score = None, 0.0
    for fact in kb.people():
        if fold(fact["role"]) != fold(role):
            continue
        if filters.term and fact["term"] != filters.term:
            continue
        context = set(lexical.tokens(" ".join([fact["body"], fact["passage"], fact["doc_title"]]))[1].split())
        score = (len(words & context) + 1) / (len(words) + 1)
        if score > best_score:
            best, best_score = fact, score
    if not best or best_score < 0.5:
        return None
    honorific = _honorific(best["passage"], best["name"])
    who = ", ".join(x for x in [f"{honorific}{best['name']}", " ".join(
        x for x in [best["title"], best["organisation"]] if x)] if x)
    role_text = " ".join(x for x in [best["role"], best["body"]] if x)
    term = best["term"]
    term_text = f", nhiệm kỳ {term}" if term and term[0].isdigit() else f", {term}" if term else ""
    passage = best["passage"]
    start = passage.find(best["name"])
    spans = ((start, start + len(best["name"])),) if start >= 0 else ()
    cite = Citation(best["file"], best["page"], passage, spans, best["doc_id"])
    return Answer(f"{who}: {role_text}{term_text}.", True, round(min(1.0, 0.6 + 0.4 * best_score), 3), [cite])


def _honorific(passage: str, name: str) -> str:
    i = passage.find(name)
    before = passage[max(0, i - 12) : i].strip().split()
    if before and fold(before[-1]) in ("ba", "ong"):
        return before[-1].capitalize() + " "
    return ""


_ASKS = {  # what kind of answer a question wants, and how to see it in a sentence
    "number": (re.compile(r"(?<!\w)(bao nhieu|may|so luong|ty le|bao nhieu phan tram)(?!\w)"),
               re.compile(r"\d")),
    "date": (re.compile(r"(?<!\w)(khi nao|ngay nao|luc nao|bao gio|thoi gian nao|nam nao|thang nao|ngay may)(?!\w)"),
             re.compile(r"(?<!\d)\d{1,2}\s*[/.]\s*\d{1,2}(?!\d)|(?<!\w)ngày\s+\d|tháng\s+\d|năm\s+\d{4}|\d{1,2}h\d*")),
    "place": (re.compile(r"(?<!\w)(o dau|tai dau|dia diem|noi nao|tinh nao|o tinh nao)(?!\w)"),
              re.compile(r"(?<!\w)(tại|ở)\s+(?:(?:[Tt]hành phố|[Tt]ỉnh|[Hh]uyện|[Qq]uận|[Xx]ã|[Pp]hường|"
                         r"[Hh]ội trường|[Nn]hà|[Tt]rụ sở|[Tt]hủ đô)\s+)?[A-ZĐÀ-Ỹ]")),
    "person": (_WHO, re.compile(rf"(?<!\w)(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|[Đđ]/c)\s+[{UPPER}]\w*\s+[{UPPER}]")),
}
_NUMBER_IN_Q = re.compile(r"\d[\d/.,]*\d|\d")
_QUANTITY = re.compile(r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?![\w/]|[.,]\d|\s*[-–]\s*\d)")
_DATE_OR_RANGE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d")


def _has_quantity(sentence: str, question: str) -> bool:
    """A number the question does not already say, that is not a year, a date or a document number."""
    text = _DATE_OR_RANGE.sub(" ", sentence)
    asked = set(_NUMBER_IN_Q.findall(question))
    for m in _QUANTITY.finditer(text):
        n = m.group()
        if n in asked or (len(n) == 4 and n[:2] in ("19", "20")):
            continue
        return True
    return False


def wants(question: str) -> str | None:
    """The answer type a question asks for: number, date, place, person, or None."""
    folded = fold(question)
    for kind, (asks, _) in _ASKS.items():
        if asks.search(folded):
            return kind
    return None


def ask(kb: "KnowledgeBase", question: str, k: int = 8) -> Answer:
    """The sentence(s) that answer, with citations; or a plain "not found" with leads."""
    filters = question_filters(question)
    who = _who(kb, question, filters)
    if who:
        return who
    if filters.active:
        hits = kb.search(question, k=k, filters=filters)
        if not hits:  # the question names a term or year that no stored document has
            leads = [_cite(h, question) for h in kb.search(question, k=3)]
            return Answer(f"{NOT_FOUND} Không có tài liệu nào thuộc {_scope(filters)}.", False, 0.0, leads)
    else:
        hits = kb.search(question, k=k)
    if not hits:
        return Answer(NOT_FOUND, False, 0.0, [])
    terms = _content_terms(question)
    weights = _weights(kb, terms)
    kind = wants(question)
    shows = _ASKS[kind][1] if kind else None
    q_numbers = {n.strip(".,") for n in _NUMBER_IN_Q.findall(question)} - _filter_numbers(filters)
    best = None
    for rank, h in enumerate(hits):
        text = h.chunk.text
        chunk_cov = _coverage(terms, text, weights)
        for a, b in sentences(text):
            sentence = text[a:b]
            # words the sentence lacks but its passage has (the title's "Hội phụ nữ") count half
            cov = _coverage(terms, sentence, weights)
            cov += 0.5 * max(0.0, chunk_cov - cov)
            typed = (_has_quantity(sentence, question) if kind == "number"
                     else bool(shows and shows.search(sentence)))
            if kind and not typed:
                continue  # "bao nhiêu" wants a number, "ở đâu" a place: a sentence without one is no answer
            heading = sentence.isupper() or len(sentence) < 25
            score = 0.6 * cov + 0.25 * chunk_cov + 0.25 * _novelty(terms, sentence) - 0.03 * rank \
                - (0.3 if heading else 0)
            if best is None or score > best[0]:
                best = (score, cov, chunk_cov, h, (a, b))
    leads = [_cite(h, question) for h in hits[:3]]
    if best is None:
        return Answer(f"{NOT_FOUND} Những đoạn gần nhất được liệt kê dưới đây.", False, 0.0, leads)
    _, coverage, chunk_cov, hit, (a, b) = best
    text = hit.chunk.text
    if text[a:b].rstrip().endswith(":"):  # "... gồm:" — the list follows
        following = [s for s in sentences(text) if s[0] >= b][:2]
        if following:
            b = following[-1][1]
    answer = " ".join(text[a:b].split())
    if len(answer) > 480:  # a table row or a run-on sentence: the part about the question
        answer, _ = snippet(answer, question, width=420)
    confidence = round(min(1.0, 0.6 * coverage + 0.4 * chunk_cov), 3)
    missing_numbers = [n for n in q_numbers if n not in text]
    if chunk_cov < MIN_PASSAGE_COVERAGE or coverage < MIN_SENTENCE_COVERAGE or missing_numbers:
        return Answer(f"{NOT_FOUND} Những đoạn gần nhất được liệt kê dưới đây.", False, confidence, leads)
    cite = Citation(hit.doc.name, hit.chunk.page_start, text, _spans_in(text, (a, b), question), hit.doc.id)
    others = [c for c in leads if (c.file, c.text) != (cite.file, cite.text)][:2]
    return Answer(answer, True, confidence, [cite, *others])


def _novelty(terms: list[str], sentence: str) -> float:
    """Share of a sentence's words that the question does not already say: a sentence that only
    restates the question (a title, a heading) is not its answer."""
    words = [w for w in lexical.tokens(sentence)[1].split() if "_" not in w and w not in STOPWORDS_FOLDED]
    if not words:
        return 0.0
    asked = {t for t in terms if "_" not in t}
    return sum(1 for w in words if w not in asked) / len(words)


def _filter_numbers(filters: Filters) -> set[str]:
    out = set()
    if filters.term:
        out.update(re.findall(r"\d{4}", filters.term))
    if filters.year_from:
        out.add(str(filters.year_from))
    return out


def _scope(filters: Filters) -> str:
    if filters.term:
        return f"nhiệm kỳ {filters.term}" if filters.term[0].isdigit() else filters.term
    return f"năm {filters.year_from}"


def _cite(h: Hit, question: str) -> Citation:
    return Citation(h.doc.name, h.chunk.page_start, h.chunk.text, tuple(match_spans(h.chunk.text, question)), h.doc.id)


def _spans_in(text: str, sentence: tuple[int, int], question: str) -> tuple[tuple[int, int], ...]:
    """The answer sentence's question words, to highlight in the passage."""
    a, b = sentence
    return tuple((s + a, e + a) for s, e in match_spans(text[a:b], question))
