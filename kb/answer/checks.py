"""Whether a candidate sentence has the evidence to be given as the answer: a table of named checks.

Each check returns None when the candidate passes, or the reason it cannot answer, said to the
person who asked when nothing better is found ("Không tìm thấy vì …").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.messages import Message
from ingest.text import fold
from kb.answer.candidates import Candidate, header, other_term
from kb.answer.question import ORDINALS, Question, as_said
from kb.filters import NO_TERM, Filters, named_term
from kb.records import StoredDocument
from kb.terms import words

# Evidence needed to answer: the share of the question's weighted words in the passage and in
# the answer sentence (words only elsewhere in the passage count half). Tuned on bench/data.
MIN_PASSAGE_COVERAGE = 0.6
MIN_SENTENCE_COVERAGE = 0.4

Check = Callable[[Candidate, Question, Filters], Message | None]


def _passage_words(c: Candidate, q: Question, filters: Filters) -> Message | None:
    if c.chunk_coverage < MIN_PASSAGE_COVERAGE:
        return Message("ask.why.passage_words", {"share": round(100 * c.chunk_coverage)})
    return None


def _sentence_words(c: Candidate, q: Question, filters: Filters) -> Message | None:
    if c.coverage < MIN_SENTENCE_COVERAGE:
        return Message("ask.why.sentence_words", {"share": round(100 * c.coverage)})
    return None


def _numbers(c: Candidate, q: Question, filters: Filters) -> Message | None:
    """ "Quyết định 1380", "kỳ họp thứ 3", "tháng 6/2017": a number the question names holds for the passage."""
    missing = sorted(n for n in q.numbers - _filter_numbers(filters) if not stated(n, c.hit.chunk.text, c.hit.doc))
    return Message("ask.why.numbers", {"numbers": ", ".join(missing)}) if missing else None


def _counted(c: Candidate, q: Question, filters: Filters) -> Message | None:
    """ "bao nhiêu cây xanh" is not answered by a passage that counts no trees (a near miss)."""
    if q.kind == "number" and q.near is not None and not q.near.search(fold(c.hit.chunk.text)):
        return Message("ask.why.counted")
    return None


def _places(c: Candidate, q: Question, filters: Filters) -> Message | None:
    """ "lệ phí … ở tỉnh Lạng Sơn" is not answered by Cao Bằng's resolution, however alike the words."""
    if not q.places:
        return None
    meta = c.hit.doc.meta
    said = fold(" ".join([c.hit.chunk.text, header(c.hit), *meta.places, *meta.organisations]))
    missing = [p for p in q.places if not re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", said)]
    return Message("ask.why.places", {"places": ", ".join(p.title() for p in missing)}) if missing else None


def _names(c: Candidate, q: Question, filters: Filters) -> Message | None:
    """ "Chủ tịch Quốc hội là ai" is not answered by a union's election of its Chủ tịch, nor "… Liên
    hiệp Thư viện các tỉnh đồng bằng sông Cửu Long …" by the northern union's report: the names a
    question gives, strictly for a role (its organisation's head, abbreviations), else its runs of
    capitalised words, anywhere in the passage, its document's header, places or organisations."""
    hit = c.hit
    context = words(f"{header(hit)}\n{hit.chunk.text}")
    if q.kind == "person" and q.role:
        missing = sorted(q.role_names - context)
    else:
        meta = hit.doc.meta
        said = fold(" ".join([header(hit), hit.chunk.text, *meta.places, *meta.organisations]))
        missing = sorted(
            n
            for n in q.names
            if n not in context and not re.search(r"(?<!\w)" + r"\W+".join(n.split("_")) + r"(?!\w)", said)
        )
    return Message("ask.why.names", {"names": ", ".join(as_said(q.text, set(missing)))}) if missing else None


def _term(c: Candidate, q: Question, filters: Filters) -> Message | None:
    """ "Ai giữ chức Chủ tịch … nhiệm kỳ 2015-2018?" is not answered by the election for 2018-2020:
    who holds a role is a fact of one term, and a passage that names another is about that one."""
    if q.kind == "person" and q.filters.term and other_term(named_term(c.hit.chunk.text) or NO_TERM, q.filters.term):
        return Message("ask.why.term", {"term": q.filters.term})
    return None


def _role(c: Candidate, q: Question, filters: Filters) -> Message | None:
    """ "ai làm Phó Chủ tịch" is not answered by the line that names the Chủ tịch who signed."""
    if q.kind == "person" and q.role and not re.search(rf"(?<!\w){fold(q.role)}(?!\w)", fold(c.sentence)):
        return Message("ask.why.role", {"role": q.role})
    return None


# In the order their reasons are worth telling.
CHECKS: list[tuple[str, Check]] = [
    ("the passage holds enough of the question's words", _passage_words),
    ("the sentence holds enough of them", _sentence_words),
    ("every number the question names holds for the passage", _numbers),
    ("a count of what is asked, not of something else", _counted),
    ("the places the question names", _places),
    ("the names the question gives", _names),
    ("the role asked about, in the answering sentence", _role),
    ("the term a who-question asks about, when the passage names one", _term),
]


def refusal(c: Candidate, q: Question, filters: Filters) -> Message | None:
    """Why a candidate cannot be the answer (the first check it fails), or None when it can."""
    for _, check in CHECKS:
        reason = check(c, q, filters)
        if reason is not None:
            return reason
    return None


def stated(number: str, text: str, doc: StoredDocument) -> bool:
    """Whether a number the question names holds for a passage: it is in the passage, or in its
    document's title, header or file name ("Quyết định-1380-QĐ-TTg.pdf"); it is the document's own
    number ("Quyết định 1629" of 1629/QĐ-UBND); an ordinal the passage spells out ("kỳ họp thứ 3":
    "Kỳ họp thứ ba"); or a date that the passage gives by day and month ("17/5/2017": "sáng 17/5";
    "tháng 6/2017": "chiều 15/6") or that is its document's ("tháng 6/2017"; of a document without a
    known date, the passage names the year or the month)."""
    meta = doc.meta
    said = f"{text}\n{meta.header}\n{doc.title}"
    if re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", said):
        return True
    if numbered(doc, number):  # its own or announced number, or the number its file is named by
        return True
    if number in ORDINALS and re.search(
        rf"(?<!\w)(?:họp|lần|phiên|đợt|khóa|khoá)\s+thứ\s+(?:{ORDINALS[number]})(?!\w)", said, re.I
    ):
        return True
    date = re.fullmatch(r"(?:(\d{1,2})/)?(\d{1,2})/((?:19|20)\d\d)", number)
    if not date:
        return False
    day, month, year = date.groups()
    on_day = f"0?{int(day)}" if day else r"\d{1,2}"  # a month alone: any day of it
    if re.search(rf"(?<![\d/]){on_day}/0?{int(month)}(?![\d/])", text):
        return True
    if not meta.date:  # a news item whose date was not found: the passage at least names the year or month
        return bool(re.search(rf"(?<!\d){year}(?!\d)|tháng\s+0?{int(month)}(?!\d)", text))
    return meta.date[:7] == f"{year}-{int(month):02d}" and (not day or meta.date[8:10] == f"{int(day):02d}")


def numbered(doc: StoredDocument, number: str) -> str:
    """The document's number that a question's "1380" or "33/2022" names: its own or one it announces
    ("1380/QĐ-TTg"), or the number as given when its file is named by it; "" when neither."""
    own = next((n for n in doc.meta.numbers if n == number or n.startswith(number + "/")), "")
    if own:
        return own
    return number if re.search(rf"(?<![\d/]){re.escape(number)}(?![\d/])", doc.name.replace("-", " ")) else ""


def _filter_numbers(filters: Filters) -> set[str]:
    """The numbers the filters already stand for (a term's years, a year): not asked of the passage."""
    out = set()
    if filters.term:
        out.update(re.findall(r"\d{4}", filters.term))
    if filters.year_from:
        out.add(str(filters.year_from))
    return out
