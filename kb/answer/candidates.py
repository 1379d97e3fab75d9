"""The sentences that may answer a question, and their scores: a table of named features.

A candidate is a sentence of a retrieved passage (or the list it opens) with an answer of the
kind asked. Its score is the weighted sum of the features in `FEATURES`, each a name a reader
can follow, a weight and a function; the weights were tuned on the development question sets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ingest.sentences import sentences
from ingest.text import fold
from kb.answer.question import ASKS, Question, part_of
from kb.filters import NO_TERM, passage_term, term_key
from kb.query import STOPWORDS_FOLDED
from kb.records import Hit
from kb.terms import coverage, tokens

OFFICIAL = ("resolution", "report")  # the papers that say with authority what a congress set or found
NEAR = 80  # characters around the question's verb where the asked value counts as next to it
# "15/7/2021", "14 - 15/7/2021" (the days of a congress), "2016 - 2021"
DATE_OR_RANGE = re.compile(
    r"(?:\d{1,2}\s*[-–]\s*)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?"
    r"|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d"
)
_NUMBER = re.compile(r"\d[\d/.,]*\d|\d")
_QUANTITY = re.compile(r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?![\w/]|[.,]\d|\s*[-–]\s*\d)")
# The set phrases that open and close a speech or report: they restate its subject, answer nothing.
_FORMULA = re.compile(r"(?:Trên đây là|Kính thưa|Kính chúc|Xin (?:chân thành )?cảm ơn|Chúc Đại hội|Nơi nhận)", re.I)
_HEADING = re.compile(r"^(?:[IVX]{1,4}\.|\d{1,2}\.(?:\d{1,2}\.)*|[*•]|[a-zđ]\))\s")
_BARE_NUMBER = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*)\.?$")


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    rank: int  # of its passage among those retrieved
    start: int  # the sentence in the passage's text
    end: int
    said: str  # the sentence, or the list it opens
    coverage: float  # of the question's words by the sentence, its heading and (half) its passage
    chunk_coverage: float  # by the passage and its document's title

    @property
    def sentence(self) -> str:
        return self.hit.chunk.text[self.start : self.end]


@dataclass(frozen=True)
class Context:
    """What every feature reads besides the candidate: the question and its words' weights."""

    question: Question
    weights: dict[str, float]
    as_typed: bool = False  # search the question as typed, no accents put back


def _short(c: Candidate, _: Context) -> float:
    """A heading, a stamp or a set phrase rather than a sentence that says something."""
    s = c.sentence
    return float(capitals(s) or len(s) < 25 or bool(_FORMULA.match(s)))


def _near(c: Candidate, x: Context) -> float:
    """The question's verb or unit is in the sentence (0.1), the asked value right by it (0.2):
    "có hiệu lực thi hành kể từ ngày 25 tháng 7"."""
    q = x.question
    m = q.near.search(fold(c.said)) if q.near else None
    if not m or q.kind is None:
        return 0.0
    if q.kind == "number":  # the unit pattern already holds the number
        return 0.2
    window = c.said[max(0, m.start() - NEAR) : m.end() + NEAR]
    return 0.2 if ASKS[q.kind][1].search(window) else 0.1


def _official(c: Candidate, x: Context) -> float:
    return float(x.question.outcome and c.hit.doc.meta.kind in OFFICIAL)


def _matches(pattern_of: Callable[[Question], re.Pattern | None]) -> Callable[[Candidate, Context], float]:
    def feature(c: Candidate, x: Context) -> float:
        pattern = pattern_of(x.question)
        return float(bool(pattern and pattern.search(fold(c.said))))

    return feature


def _asked_part(c: Candidate, x: Context) -> float:
    return float(bool(x.question.parts) and part_of(c.said) in x.question.parts)


# (what it rewards, weight, feature): summed in this order. The weights were refitted on the seven
# development question sets together (bench/features.py: how often the best-scored sentence holds
# the expected answer, 128 of their 211 questions, from 124; the first four sets alone were already
# at their optimum): the asked value by the question's verb or unit 1.0 -> 2.0, saying something new
# 0.25 -> 0.0625. The part of a report stays at 0.1 (0.05 scored one more, and lost the seed's
# "quyết nghị gì về ứng dụng CNTT", tests/test_ask.py).
FEATURES: list[tuple[str, float, Callable[[Candidate, Context], float]]] = [
    ("the sentence holds the question's weighted words", 0.6, lambda c, x: c.coverage),
    ("its passage and document title hold them", 0.25, lambda c, x: c.chunk_coverage),
    ("it says something the question does not", 0.0625, lambda c, x: novelty(x.question.terms, c.said)),
    ("its passage's rank in the search", -0.03, lambda c, x: c.rank),
    ("a heading, a stamp or a set phrase", -0.3, _short),
    ("the asked value stands by the question's verb or unit", 2.0, _near),
    # what a congress set or found is said with authority by its resolution and its report
    ("an official paper, for what a congress set or found", 0.05, _official),  # no change at 0.03-0.1
    ("it names what a 'gì về …' question is about", 0.15, _matches(lambda q: q.about)),  # held out +1 at 0.1-0.3
    ("it names the kind of thing a 'nào' question asks for", 0.15, _matches(lambda q: q.which)),
    # "đã quyết nghị gì về ứng dụng CNTT" is answered by what was resolved, not the shortcoming naming CNTT
    ("it belongs to the part of a report asked about", 0.1, _asked_part),
]


def score(c: Candidate, x: Context) -> float:
    return sum(weight * feature(c, x) for _, weight, feature in FEATURES)


def scored(ranked: list[tuple[int, Hit]], x: Context) -> Iterator[tuple[float, Candidate]]:
    """Each sentence that may answer, with its score."""
    q, weights = x.question, x.weights
    for rank, h in ranked:
        if (
            q.planned_term
            and not {"achievements", "difficulties"} & set(h.chunk.sections)
            and _other_term(passage_term(h), q.planned_term)
        ):
            continue  # "chỉ tiêu nhiệm kỳ 2016-2021" is not answered by the targets a paper sets for 2021-2026
        text = h.chunk.text
        chunk_cov = coverage(q.terms, f"{header(h)}\n{text}", weights)
        formal = set(h.chunk.formal)
        spans = sentences(text)
        for i, heading in enumerate(_headings(text, spans)):
            a, b = spans[i]
            sentence = text[a:b]
            # "... những tồn tại, hạn chế sau:" is answered by the list it opens
            said = text[a : list_end(spans, i)] if sentence.endswith(":") and not q.kind else sentence
            if q.kind and not typed(said, q):
                continue  # "bao nhiêu" wants a number, "ở đâu" a place: a sentence without one is no answer
            if ((a, b) in formal and not q.grounds) or _is_title(sentence, h):
                continue  # a paper's head, legal bases, execution clause and title answer nothing in it
            cov = _sentence_coverage(q.terms, weights, sentence, heading, chunk_cov)
            c = Candidate(h, rank, a, b, said, cov, chunk_cov)
            yield score(c, x), c


def typed(text: str, q: Question) -> bool:
    """Whether a text holds an answer of the kind asked (a new number, a new date, a place, a person)."""
    assert q.kind is not None
    if q.kind == "number":
        return _has_quantity(text, q.text)
    if q.kind == "date":  # "… hoàn thành … năm 2024" says nothing of when, to "… năm 2024 có hiệu lực khi nào?"
        asked = set(re.findall(r"\d+", q.text))
        return any(
            not set(re.findall(r"\d+", m.group())) <= asked or not re.search(r"\d", m.group())
            for m in ASKS[q.kind][1].finditer(text)
        )
    return bool(ASKS[q.kind][1].search(text))


def _has_quantity(sentence: str, question: str) -> bool:
    """A number the question does not already say, that is not a year, a date or a document number."""
    text = DATE_OR_RANGE.sub(" ", sentence)
    asked = set(_NUMBER.findall(question))
    for m in _QUANTITY.finditer(text):
        n = m.group()
        if n in asked or (len(n) == 4 and n[:2] in ("19", "20")):
            continue
        return True
    return False


def _other_term(term: str, asked: str) -> bool:
    """Whether a passage's term is surely another than the asked one: both named the same way (years
    or a number), and different. "khóa I" and "2017-2022" may be the same term."""
    return term != NO_TERM and term[:1].isdigit() == asked[:1].isdigit() and term_key(term) != term_key(asked)


def header(h: Hit) -> str:
    """What every passage of a document says by belonging to it: the issuer or congress line at its
    top ("ỦY BAN NHÂN DÂN … THỊ XÃ BỈM SƠN") and its title ("NGHỊ QUYẾT QUY ĐỊNH MỨC THU … LỆ PHÍ CẤP
    GIẤY PHÉP LAO ĐỘNG …": its last article, "có hiệu lực thi hành kể từ …", is about that); and
    what a passage says by where it stands, its headings ("… › 2. Một số chỉ tiêu cơ bản")."""
    return f"{h.doc.meta.header}\n{h.doc.title}\n{h.chunk.heading_text}"


def list_end(spans: list[tuple[int, int]], i: int, items: int = 2) -> int:
    """Where the list opened by sentence i ends, as far as an answer shows it: its first items."""
    return spans[min(len(spans) - 1, i + items)][1]


def novelty(terms: list[str], sentence: str) -> float:
    """Share of a sentence's words that the question does not already say: a sentence that only
    restates the question (a title, a heading) is not its answer."""
    words = [w for w in tokens(sentence)[1].split() if "_" not in w and w not in STOPWORDS_FOLDED]
    if not words:
        return 0.0
    asked = {t for t in terms if "_" not in t}
    return sum(1 for w in words if w not in asked) / len(words)


def _sentence_coverage(
    terms: list[str], weights: dict[str, float], sentence: str, heading: str, chunk_cov: float
) -> float:
    """The question's words in a sentence; those only in the heading it stands under ("3. Khâu đột
    phá:") count three quarters, those only elsewhere in its passage or title half."""
    cov = coverage(terms, sentence, weights)
    if heading:
        cov += 0.75 * max(0.0, coverage(terms, f"{heading}\n{sentence}", weights) - cov)
    return cov + 0.5 * max(0.0, chunk_cov - cov)


def _is_title(sentence: str, h: Hit) -> bool:
    """Whether a sentence is its paper's title under its type heading ("QUYẾT ĐỊNH Về việc công nhận
    tỉnh Đồng Tháp …"), which names the paper's subject, not what it says of it. (A title guessed from
    a first paragraph may be what the paper says: it stays.)"""
    title = h.doc.title.split()
    if len(title) < 4 or not title[0].isupper() or len(title[0]) < 2:
        return False
    said = fold(" ".join(sentence.split()).lower()).rstrip(".")
    return said == fold(" ".join(title).lower()).rstrip(".")


def capitals(sentence: str) -> bool:
    """A heading or a stamp rather than prose: most of its words in capitals ("QUYẾT ĐỊNH", "số Đàn
    TN và TỬ CHÍNH PHÙ |" as a scan reads a seal)."""
    words = re.findall(r"\w+", sentence)
    return sum(w.isupper() for w in words) > len(words) / 2


def _headings(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """For each sentence, the last heading above it in the passage ("" for none). A heading is a
    short line, a line that ends with a colon or starts with a number ("3. Khâu đột phá",
    "* Tồn tại, hạn chế:"), or the line after a bare number ("2.4." "Việc còn sử dụng ...")."""
    out, current, numbered = [], "", False
    for a, b in spans:
        sentence = text[a:b]
        out.append(current)
        if len(sentence) < 60 or (
            len(sentence) < 160 and (numbered or sentence.endswith(":") or _HEADING.match(sentence))
        ):
            current = sentence
        numbered = bool(_BARE_NUMBER.match(sentence))
    return out
