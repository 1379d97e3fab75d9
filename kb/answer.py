"""Answers to questions, with their sources, without a language model.

A who/which-role question is answered from the people facts extracted at ingest.
Any other question: the terms and years it names become filters, hybrid search
finds passages, and the sentence that covers the question best is the answer,
cited to its file and page. When the evidence is weak the answer says so and
shows the closest passages as leads; nothing is ever made up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterator

from ingest.chunk import sentences
from ingest.meta import ORG_HEADS, ORG_START, PAPER_NUMBER
from ingest.people import ROLES, UPPER
from ingest.sections import scores as section_scores
from ingest.signature import signer
from ingest.text import fold
from kb import lexical
from kb.filters import Filters, normalize_term, term_key
from kb.query import STOPWORDS_FOLDED, content_terms
from kb.search import Hit, match_spans, snippet
from kb.structure import NO_TERM, passage_term

if TYPE_CHECKING:
    from kb.base import KnowledgeBase
    from kb.catalog import DocInfo

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
    heading: str = ""  # the headings the passage stands under, when the paper has numbered parts

    def as_json(self) -> dict:
        out = {"file": self.file, "page": self.page, "text": self.text}
        return {**out, "heading": self.heading} if self.heading else out


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


def _who(kb: "KnowledgeBase", question: str, filters: Filters) -> Answer | None:
    """Answer "who holds role R" from the people facts, when the question asks exactly that."""
    if not _WHO.search(question) and not _WHO.search(fold(question)):
        return None
    role = _role(question)
    if not role:
        return None
    words = set(content_terms(question, QUESTION_WORDS)) - set(fold(role).split()) - {fold(role).replace(" ", "_")}
    named = _names_given(question, role)
    best, best_score = None, 0.0
    for fact in kb.people():
        if fold(fact["role"]) != fold(role):
            continue
        if filters.term and term_key(fact["term"] or "") != term_key(filters.term):
            continue
        context = lexical.words(" ".join([fact["body"], fact["passage"], fact["doc_title"]]))
        if not named <= context:
            continue
        score = (len(words & context) + 1) / (len(words) + 1)
        if score > best_score:
            best, best_score = fact, score
    if not best or best_score <= 0.5:  # one word of two
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


_ROLE_IN_Q = [(r, re.compile(r"(?<!\w)" + fold(r) + r"(?!\w)")) for r in sorted(ROLES, key=len, reverse=True)]


def _role(question: str) -> str:
    """The longest role a question names ("Phó Chủ tịch" before "Chủ tịch"), or ""."""
    fq = fold(question)
    return next((r for r, rx in _ROLE_IN_Q if rx.search(fq)), "")


_FOLDED_HEADS = [fold(h) for h in ORG_HEADS if " " in h]
_BODIES = {"nước", "tỉnh", "huyện", "xã", "phường", "quận", "thị", "thành", "hội"}


def _names_given(question: str, role: str) -> set[str]:
    """The names a question gives, as the folded words or word pairs a passage that answers must hold:
    the organisations it names by their heads ("Chủ tịch Quốc hội" → "quoc_hoi": not the chair of a
    library union whose vice-chair is "Lê Quốc Khánh"), runs of capitalised words ("Gia Lâm" →
    "gia_lam"), abbreviations ("HĐND" → "hdnd"), and the body a role belongs to ("Chủ tịch nước" →
    "tich_nuoc": not the chair of "Ủy ban Chứng khoán Nhà nước")."""
    words = re.findall(r"\w+", question)
    role_words = set(fold(role).split())
    out: set[str] = set()
    n = len(role.split())
    for i in range(len(words) - n) if role else ():
        if fold(" ".join(words[i : i + n])) == fold(role) and words[i + n] in _BODIES:
            out.add(f"{fold(words[i + n - 1])}_{fold(words[i + n])}")
    heads = [fold(m.group()).split() for m in ORG_START.finditer(question)]
    # typed without accents or capitals ("chu tich quoc hoi"): the heads of two words or more
    heads += [h.split() for h in _FOLDED_HEADS if re.search(rf"(?<!\w){h}(?!\w)", fold(question))]
    for head in heads:
        if not set(head) <= role_words:
            out.update(["_".join(p) for p in zip(head, head[1:])] or head)
    out.update(fold(w) for w in words if w.isupper() and len(w) > 1)
    out |= _proper_names(question)
    return {x for x in out if not set(x.split("_")) <= role_words}


def _proper_names(question: str) -> set[str]:
    """Runs of capitalised words a question gives, not its first word, as folded pairs: "đồng bằng
    sông Cửu Long" → {"cuu_long"}, "TP Hồ Chí Minh" → {"ho_chi", "chi_minh"}."""
    out = set()
    for c, clause in enumerate(re.split(r"[^\w\s]+", question)):  # "Việt Nam - Lào" is two names
        said = clause.split()
        title = [w[:1].isupper() and w[1:].islower() for w in said]
        for i, w in enumerate(said):
            if (c or i) and title[i] and i + 1 < len(said) and title[i + 1]:
                out.add(f"{fold(w)}_{fold(said[i + 1])}")
    return out


_SIGNED = re.compile(r"(?<!\w)(?:(?:ai|nguoi nao|vi nao)\s+(?:da\s+)?ky|nguoi ky|ky boi|do ai ky)(?!\w)")


def _signed(kb: "KnowledgeBase", question: str, filters: Filters) -> Answer | None:
    """"Ai đã ký Nghị quyết 33/2022?": the signature block of the document the question names (by
    its number when it gives one, else the best match), or None to answer the usual way."""
    if not _SIGNED.search(fold(question.lower())):
        return None
    hits = kb.search(question, k=8, filters=filters if filters.active else None)
    named = _paper_numbers(question)
    docs = [(h.doc, next((num for n in named if (num := _numbered(h.doc, n))), "")) for h in hits]
    if named:  # the number is the document's own, or one it announces: either way the question's
        docs = [(doc, number) for doc, number in docs if number]
    for doc, number in docs[:1]:
        rows = kb.catalog.chunks(kb.catalog.chunk_ids([doc.id], None))
        for _, chunk in sorted(rows.values(), key=lambda r: -r[1].ord):
            found = signer(chunk.text)
            if found:
                what = f"văn bản số {number}" if number else f"văn bản này ({doc.name})"
                cite = Citation(doc.name, chunk.page_start, chunk.text, ((found.start, found.end),), doc.id)
                return Answer(f"{found.name}, {found.title}, ký {what}.", True, 0.9 if number else 0.7, [cite])
    return None


# "Quyết định 1380/QĐ-TTg", "Nghị quyết số 33", "Chi thi 11": a paper named by its number
_NAMED_PAPER = re.compile(r"(?<!\w)(?:quyet dinh|nghi quyet|chi thi|ke hoach|thong bao|bao cao|ket luan|"
                           r"nghi dinh|thong tu|cong van|to trinh)\s+(?:so\s+)?(\d+)(?!\d)")


def _paper_numbers(question: str) -> list[str]:
    """The numbers of papers a question names: "33/2022", or a number after a paper's type."""
    slashed = [n for n in _NUMBER_IN_Q.findall(question) if "/" in n]
    typed = [n for n in _NAMED_PAPER.findall(fold(question.lower())) if not any(s.startswith(n + "/") for s in slashed)]
    return list(dict.fromkeys(slashed + typed))


def _honorific(passage: str, name: str) -> str:
    i = passage.find(name)
    before = passage[max(0, i - 12) : i].strip().split()
    if before and fold(before[-1]) in ("ba", "ong"):
        return before[-1].capitalize() + " "
    return ""


# The commonest Vietnamese family names: a full name alone ("gồm Hoàng Văn Đại, Tống Thị Yến")
# starts with one of them far more often than any run of capitalised words does.
SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh "
            "Trương Đinh Lâm Mai Lương Tô Hà Tạ Triệu Tống Tào Cao Chu Kiều Lưu Quách Thái Văn Lại").split()
_ASKS = {  # what kind of answer a question wants, and how to see it in a sentence
    "number": (re.compile(r"(?<!\w)(bao nhieu|may|so luong|ty le|bao nhieu phan tram)(?!\w)"),
               re.compile(r"\d")),
    "date": (re.compile(r"(?<!\w)(khi nao|ngay nao|hom nao|luc nao|bao gio|thoi gian nao|nam nao|thang nao|ngay may)(?!\w)"),
             # … or the day a paper is signed: "có hiệu lực thi hành kể từ ngày ký"
             re.compile(r"(?<!\d)\d{1,2}\s*[/.]\s*\d{1,2}(?!\d)|(?<!\w)ngày\s+(?:mùng\s+|mồng\s+)?\d|tháng\s+\d|"
                        r"năm\s+\d{4}|\d{1,2}h\d*|(?<!\w)từ\s+ngày\s+(?:ký|ban\s+hành)(?!\w)")),
    "place": (re.compile(r"(?<!\w)(o dau|tai dau|dia diem|noi nao|tinh nao|o tinh nao)(?!\w)"),
              # "tại Đại hội", "tại Điều 3", "tại Quyết định số ..." name no place
              re.compile(r"(?<!\w)(tại|ở)\s+(?!(?:Đại hội|Hội nghị|Kỳ họp|Phiên|Lễ|Buổi|Điều|Khoản|Mục|Phụ lục|"
                         r"Quyết định|Nghị quyết|Nghị định|Thông tư|Chỉ thị|Kế hoạch|Tờ trình|Báo cáo|Văn bản)\b)"
                         r"(?:(?:[Tt]hành phố|[Tt]ỉnh|[Hh]uyện|[Qq]uận|[Xx]ã|[Pp]hường|"
                         r"[Hh]ội trường|[Nn]hà|[Tt]rụ sở|[Tt]hủ đô)\s+)?[A-ZĐÀ-Ỹ]")),
    # "mang số hiệu gì": a paper's number, "33/2022/NQ-HĐND", "1360/QĐ-TTg", "05-NQ/TW"
    "code": (re.compile(r"(?<!\w)(so hieu|so ky hieu)(?!\w)"), PAPER_NUMBER),
    "reason": (re.compile(r"(?<!\w)(vi sao|tai sao|ly do|nguyen nhan)(?!\w)"),
               re.compile(r"(?<!\w)(?:[Nn]guyên nhân|[Ll]ý do|do|[Dd]o|vì|[Vv]ì|bởi|[Bb]ởi)(?!\w)")),
    "person": (re.compile(r"(?<!\w)(ai|nguoi nao|vi nao|dong chi nao|cong chuc nao|can bo nao|who)(?!\w)"),
               # "Ông Nguyễn Văn Sang", or a full name alone ("gồm Hoàng Văn Đại, Tống Thị Yến")
               re.compile(rf"(?<!\w)(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|[Đđ]/c)\s+[{UPPER}]\w*\s+[{UPPER}]"
                          rf"|(?<!\w)(?:{'|'.join(SURNAMES)})\s+[{UPPER}]\w*\s+[{UPPER}]\w*")),
}
_NUMBER_IN_Q = re.compile(r"\d[\d/.,]*\d|\d")
_QUANTITY = re.compile(r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?![\w/]|[.,]\d|\s*[-–]\s*\d)")
# "15/7/2021", "14 - 15/7/2021" (the days of a congress), "2016 - 2021"
_DATE_OR_RANGE = re.compile(r"(?:\d{1,2}\s*[-–]\s*)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?"
                            r"|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d")


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
    """The answer type a question asks for: number, date, place, a paper's number (code), reason, person,
    or None."""
    folded = fold(question)
    accented = folded != question
    for kind, (asks, _) in _ASKS.items():
        for m in asks.finditer(folded):
            # without accents "may" may be "mấy" (how many); with them, "máy tính" is a computer
            if accented and m.group(1) in _ACCENTED_ASKS and _ACCENTED_ASKS[m.group(1)] not in question.lower():
                continue
            return kind
    return None


_ACCENTED_ASKS = {"may": "mấy"}


# "Chủ tịch Quốc hội hiện nay là ai?": the papers say who holds an office, not that they hold it
# now; the latest of them is what the reader gets (their dates show). The words would only weigh
# against every passage that does not happen to say "hiện nay".
_NOW = re.compile(r"(?<!\w)(?:hiện nay|hiện tại|bây giờ|hien nay|hien tai|bay gio)(?!\w)", re.I)


def ask(kb: "KnowledgeBase", question: str, k: int = 8) -> Answer:
    """The sentence(s) that answer, with citations; or a plain "not found" with leads."""
    question = _NOW.sub(" ", question)
    filters = question_filters(question)
    who = _signed(kb, question, filters) or _who(kb, question, filters)
    if who:
        return who
    terms = content_terms(question, QUESTION_WORDS)
    weights = lexical.weights(kb.catalog.db, terms)  # one query per word: the same for every scope tried below
    answer = _extract(kb, question, filters, k, terms, weights)
    if answer is not None and filters.on_documents:
        # the document that answers may not say its term or year (a news item without a date)
        lenient = _extract(kb, question, replace(filters, lenient=True), k, terms, weights)
        if lenient is not None and lenient.found and (not answer.found or lenient.confidence > answer.confidence):
            return lenient
    if (answer is None or not answer.found) and filters.year_from and not filters.term:
        # "đến năm 2020" may be the year a target is set for, not the year of the document
        # — then the answer itself must say that year, or its document's title ("… hoàn thành
        # nhiệm vụ xây dựng nông thôn mới năm 2024" of a decision signed in 2025)
        unfiltered = _extract(kb, question, Filters(), k, terms, weights)
        if unfiltered and unfiltered.found:
            doc = kb.catalog.document(unfiltered.citations[0].doc_id)
            said = _DATE_OR_RANGE.sub(" ", f"{unfiltered.answer}\n{doc.title if doc else ''}")
            if re.search(rf"(?<!\d){filters.year_from}(?!\d)", said):
                return unfiltered
    if answer is None:  # the question names a term or year that no stored document has
        leads = [_cite(h, question) for h in kb.search(question, k=3)]
        return Answer(f"{NOT_FOUND} Không có tài liệu nào thuộc {_scope(filters)}.", False, 0.0, leads)
    return answer


def _extract(kb: "KnowledgeBase", question: str, filters: Filters, k: int, terms: list[str],
             weights: dict[str, float]) -> Answer | None:
    """The best sentence of the passages found for the question within the filters; None when
    the filters leave no passage."""
    scope = filters if filters.active else None
    hits = kb.search(question, k=k, filters=scope)
    if not hits:
        return None if scope else Answer(NOT_FOUND, False, 0.0, [])
    focus = _focus(question, terms, _common(terms, hits))
    results = [hits, kb.search(focus, k=k, filters=scope)] if focus else [hits]
    outcome = bool(_OUTCOME.search(fold(question.lower())))
    if outcome and not (scope and scope.kind):
        # What a congress set or found (directions, targets, shortcomings) is said with authority
        # by its resolution and its report; a delegate's speech about a commune's own targets may
        # share every word of the question ("chỉ tiêu trồng cây xanh") and say something else.
        official = [h for kind in _OFFICIAL
                    for h in kb.search(focus or question, k=3, filters=replace(scope or Filters(), kind=kind))]
        results.append(official)
    ranked = _interleave(*results)
    hits = [h for _, h in ranked]
    choices = sorted(_candidates(ranked, question, terms, weights, outcome), key=lambda c: -c[0])
    leads = [_cite(h, question) for h in hits[:3]]
    if not choices:  # no sentence has an answer of the asked kind
        return Answer(f"{NOT_FOUND} Những đoạn gần nhất được liệt kê dưới đây.", False, 0.0, leads)
    top, best = choices[0]
    confidence = round(min(1.0, 0.6 * best.coverage + 0.4 * best.chunk_coverage), 3)
    if _unsupported(best, question, filters):  # said plainly (the next best sentence with enough
        # evidence instead: one answer more on the fresh held-out set, one out-of-corpus answer wrong)
        return Answer(f"{NOT_FOUND} Những đoạn gần nhất được liệt kê dưới đây.", False, confidence, leads)
    answer, cite = _said(best, question, terms, weights)
    second = _runner_up(choices, top, best, answer, question, filters, terms, weights)
    if second:
        answer = f"{answer} … {second[0]}"
    cited = [cite, *([second[1]] if second and second[1].text != cite.text else [])]
    others = [c for c in leads if all((c.file, c.text) != (x.file, x.text) for x in cited)]
    return Answer(answer, True, confidence, [*cited, *others][:3])


# A second sentence joins the answer when it scores within this of the best: the two are then about
# equally likely to be the answer, and a reader tells them apart at a glance.
RUNNER_UP_GAP = 0.05


def _runner_up(choices: list[tuple[float, "_Choice"]], top: float, best: "_Choice", answer: str, question: str,
               filters: Filters, terms: list[str], weights: dict[str, float]) -> tuple[str, Citation] | None:
    """The next best sentence, said as an answer, when it scores nearly as well as the best, has the
    evidence to answer (and the question's words in itself, not only around it), says something
    else, and both fit in one answer."""
    for score, choice in choices[1:]:
        if score < top - RUNNER_UP_GAP:
            return None
        if choice.hit is best.hit and choice.start < best.end and best.start < choice.end:
            continue
        said, cite = _said(choice, question, terms, weights)
        if lexical.words(said, pairs=False) <= lexical.words(answer, pairs=False) or \
                _unsupported(choice, question, filters) or \
                lexical.coverage(terms, said, weights) < MIN_SENTENCE_COVERAGE:
            continue  # the same sentence in another rendering of the paper, or too little of the question
        return (said, cite) if len(answer) + len(said) <= MAX_ANSWER else None
    return None


def _said(choice: "_Choice", question: str, terms: list[str], weights: dict[str, float]) -> tuple[str, Citation]:
    """A chosen sentence as an answer (the list it opens, or the clause of a run-on sentence that
    answers), and its citation with the answering words marked."""
    hit, a, b = choice.hit, choice.start, choice.end
    text = hit.chunk.text
    if text[a:b].endswith(":"):  # "... gồm:" — the list follows
        spans = sentences(text)
        b = _list_end(spans, spans.index((a, b)))
    a, b = _answer_span(text, a, b, question, terms, weights)
    # "ngày 19 / 7 / 2021" as a text layer or OCR spaces it reads "ngày 19/7/2021"
    answer = _SPACED_DATE.sub("/", " ".join(text[a:b].split()))
    if len(answer) > MAX_ANSWER:  # one clause longer than an answer: the part about the question
        answer, _ = snippet(answer, question, width=420, slack=2)
    return answer, Citation(hit.doc.name, hit.chunk.page_start, text, _spans_in(text, (a, b), question), hit.doc.id,
                            hit.chunk.heading)


def _unsupported(choice: "_Choice", question: str, filters: Filters) -> bool:
    """Whether the evidence for a sentence is too weak to give it as the answer: too few of the
    question's words in it or its passage, a number or a place the question names that its passage
    does not, a count of something else than asked."""
    hit, text = choice.hit, choice.hit.chunk.text
    q_numbers = {n.strip(".,") for n in _NUMBER_IN_Q.findall(question)} - _filter_numbers(filters)
    missing_numbers = [n for n in q_numbers if not _stated(n, text, hit.doc)]
    kind = wants(question)
    unit = _predicate(question, kind) if kind == "number" else None
    # "bao nhiêu cây xanh" is not answered by a passage that counts no trees (a near miss)
    uncounted = unit is not None and not unit.search(fold(text))
    # "lệ phí … ở tỉnh Lạng Sơn" is not answered by Cao Bằng's resolution, however alike the words
    elsewhere = _unnamed_places(question, hit)
    # "Chủ tịch Quốc hội là ai" is not answered by a union's election of its Chủ tịch, nor "… Liên hiệp
    # Thư viện các tỉnh đồng bằng sông Cửu Long …" by the northern union's report: the names a
    # question gives, strictly for a role (its organisation's head, abbreviations), else its runs of
    # capitalised words, anywhere in the passage, its document's header, places or organisations
    role = _role(question) if kind == "person" else ""
    context = lexical.words(f"{_header(hit)}\n{text}")
    if role:
        unnamed = bool(_names_given(question, role) - context)
    else:
        meta = hit.doc.meta
        said = fold(" ".join([_header(hit), text, *meta.get("places", []), *meta.get("organisations", [])]))
        unnamed = any(n not in context and not re.search(r"(?<!\w)" + r"\W+".join(n.split("_")) + r"(?!\w)", said)
                      for n in _proper_names(question))
    # "ai làm Phó Chủ tịch" is not answered by the line that names the Chủ tịch who signed
    unrolled = bool(role) and not re.search(rf"(?<!\w){fold(role)}(?!\w)", fold(text[choice.start:choice.end]))
    return choice.chunk_coverage < MIN_PASSAGE_COVERAGE or choice.coverage < MIN_SENTENCE_COVERAGE \
        or bool(missing_numbers) or uncounted or bool(elsewhere) or unnamed or unrolled


def _candidates(ranked: list[tuple[int, Hit]], question: str, terms: list[str],
                weights: dict[str, float], outcome: bool) -> Iterator[tuple[float, _Choice]]:
    """Each sentence that may answer, with its score: it holds the question's rarer words, an answer of
    the asked kind, next to the question's verb or unit when it names one, and words the question does
    not already say; for what a congress set or found, its resolution or report is preferred."""
    kind = wants(question)
    near = _predicate(question, kind)
    asked_term = _planned_term(question)
    about = topic(question)
    which = _which(question)
    # "căn cứ vào đâu" asks for the legal bases, "số hiệu gì" for a number a paper's head or bases give
    grounds = kind == "code" or bool(re.search(r"(?<!\w)can cu(?!\w)", fold(question.lower())))
    part = asked_part(question)
    for rank, h in ranked:
        text = h.chunk.text
        if asked_term and not {"achievements", "difficulties"} & set(h.chunk.section.split(",")) and \
                _other_term(passage_term(h), asked_term):
            continue  # "chỉ tiêu nhiệm kỳ 2016-2021" is not answered by the targets a paper sets for 2021-2026
        official = OFFICIAL_W if outcome and h.doc.meta.get("kind") in _OFFICIAL else 0.0
        chunk_cov = lexical.coverage(terms, f"{_header(h)}\n{text}", weights)
        spans = sentences(text)
        for i, heading in enumerate(_headings(text, spans)):
            a, b = spans[i]
            sentence = text[a:b]
            # "... những tồn tại, hạn chế sau:" is answered by the list it opens
            said = text[a:_list_end(spans, i)] if sentence.endswith(":") and not kind else sentence
            if kind and not _typed(said, question, kind):
                continue  # "bao nhiêu" wants a number, "ở đâu" a place: a sentence without one is no answer
            if (_PAPER_HEAD.search(sentence) and not grounds) or _is_title(sentence, h):
                continue  # a paper's head, legal bases, execution clause and title answer nothing in it
            cov = _sentence_coverage(terms, weights, sentence, heading, chunk_cov)
            short = _capitals(sentence) or len(sentence) < 25 or bool(_FORMULA.match(sentence))
            score = 0.6 * cov + 0.25 * chunk_cov + 0.25 * _novelty(terms, said) - 0.03 * rank \
                - (0.3 if short else 0) + _nearness(near, said, kind) + official \
                + (TOPIC_W if about and about.search(fold(said)) else 0.0) \
                + (WHICH_W if which and which.search(fold(said)) else 0.0) \
                + (PART_W if part and _part_of(said) in part else 0.0)
            yield score, _Choice(h, a, b, cov, chunk_cov)


# "đã quyết nghị gì về ứng dụng CNTT" is answered by what was resolved or directed, not by the
# shortcoming that names CNTT too: the part of a report a question asks for, by its words.
PART_W = 0.1  # fresh 2: +2 answers at 0.1-0.2, +1 at 0.05; fresh 3 −1 at 0.2; tuning, held out unchanged


def _asking(cues: str) -> re.Pattern:
    """A cue asked about: "những hạn chế …", "quyết nghị gì", "khó khăn nào" (not "thôi làm nhiệm vụ
    đại biểu", "định hướng lên quận vào năm nào", where the cue is part of the topic)."""
    return re.compile(rf"(?<!\w)(?:(?:nhung|cac)\s+({cues})|({cues})(?:\s+\w+){{0,2}}?\s+(?:gi|nao))(?!\w)")


_ASKED_PARTS = [
    ({"decisions", "directions"}, _asking("quyet nghi|quyet dinh|nghi quyet|phuong huong|nhiem vu|giai phap|"
                                          "chi tieu|muc tieu|dinh huong|de ra|ke hoach")),
    ({"difficulties"}, _asking("kho khan|han che|ton tai|bat cap|yeu kem|vuong mac")),
    ({"achievements"}, _asking("ket qua|dat duoc|thanh tich|thanh tuu")),
]


def asked_part(question: str) -> set[str]:
    """The parts of a meeting report a question asks about: {"decisions", "directions"} for "quyết
    nghị gì", {"difficulties"} for "những khó khăn …"; empty when it asks for none."""
    folded = fold(question.lower())
    return {label for labels, rx in _ASKED_PARTS if rx.search(folded) for label in labels}


def _part_of(sentence: str) -> str | None:
    """The part of a report one sentence belongs to by its own words, when they say."""
    s = section_scores(sentence)
    best = max(s, key=s.get)
    return best if s[best] > 0 else None


TOPIC_W = 0.15  # held out +1 at 0.1-0.3, no change on the other two sets
_ABOUT_Q = re.compile(r"(?<!\w)(?:gi|nao|ra sao|the nao|nhu the nao)\s+ve\s+((?:\w+\s*){1,3})\??\s*$")


WHICH_W = 0.15  # fresh held-out set: an answer and a citation more; the other two sets unchanged
_WHICH_Q = re.compile(r"(?<!\w)((?:\w+\s+){0,1}\w+)\s+nao(?!\w)")


def _which(question: str) -> re.Pattern | None:
    """"tại kỳ họp nào", "theo phương án nào", "cơ quan nào thu": the sentence that answers names
    the kind of thing asked for ("tại Kỳ họp thứ sáu", "Cơ quan thu lệ phí: Sở …")."""
    m = _WHICH_Q.search(fold(question.lower()))
    if not m or wants(question) in ("date", "place", "person"):
        return None
    noun = m.group(1).split()
    noun = [w for w in noun if w not in _LINKS and w not in _FOLDED_QUESTION_WORDS and w not in STOPWORDS_FOLDED]
    if not noun:
        return None
    return _phrase(noun)


def _phrase(words: list[str]) -> re.Pattern:
    """Folded words as a whole phrase: "giao thong" in "giao thong cua xa", not in "giao thongtin"."""
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def topic(question: str) -> re.Pattern | None:
    """What "khó khăn gì *về giao thông*?" is about: the sentence that answers names it."""
    m = _ABOUT_Q.search(fold(question.lower()))
    if not m:
        return None
    return _phrase(m.group(1).split())


def _header(h: Hit) -> str:
    """What every passage of a document says by belonging to it: the issuer or congress line at its
    top ("ỦY BAN NHÂN DÂN … THỊ XÃ BỈM SƠN") and its title ("NGHỊ QUYẾT QUY ĐỊNH MỨC THU … LỆ PHÍ CẤP
    GIẤY PHÉP LAO ĐỘNG …": its last article, "có hiệu lực thi hành kể từ …", is about that); and
    what a passage says by where it stands, its headings ("… › 2. Một số chỉ tiêu cơ bản")."""
    return f"{h.doc.meta.get('header', '')}\n{h.doc.title}\n{h.chunk.heading}"


def _list_end(spans: list[tuple[int, int]], i: int, items: int = 2) -> int:
    """Where the list opened by sentence i ends, as far as an answer shows it: its first items."""
    return spans[min(len(spans) - 1, i + items)][1]


def _nearness(near: re.Pattern | None, sentence: str, kind: str | None) -> float:
    """A bonus for a sentence with the question's verb or unit, more when the asked value stands
    right by it ("có hiệu lực thi hành kể từ ngày 25 tháng 7")."""
    folded = fold(sentence)
    m = near.search(folded) if near else None
    if not m:
        return 0.0
    if kind == "number":  # the unit pattern already holds the number
        return 0.2
    window = sentence[max(0, m.start() - NEAR):m.end() + NEAR]
    return 0.2 if _ASKS[kind][1].search(window) else 0.1


NEAR = 80  # characters


@dataclass(frozen=True)
class _Choice:
    hit: Hit
    start: int
    end: int
    coverage: float  # of the question's words by the sentence, its heading and (half) its passage
    chunk_coverage: float  # by the passage and its document's title


def _sentence_coverage(terms: list[str], weights: dict[str, float], sentence: str, heading: str,
                       chunk_cov: float) -> float:
    """The question's words in a sentence; those only in the heading it stands under ("3. Khâu đột
    phá:") count three quarters, those only elsewhere in its passage or title half."""
    cov = lexical.coverage(terms, sentence, weights)
    if heading:
        cov += 0.75 * max(0.0, lexical.coverage(terms, f"{heading}\n{sentence}", weights) - cov)
    return cov + 0.5 * max(0.0, chunk_cov - cov)


_HEADING = re.compile(r"^(?:[IVX]{1,4}\.|\d{1,2}\.(?:\d{1,2}\.)*|[*•]|[a-zđ]\))\s")


# The set phrases that open and close a speech or report: they restate its subject, answer nothing.
_FORMULA = re.compile(r"(?:Trên đây là|Kính thưa|Kính chúc|Xin (?:chân thành )?cảm ơn|Chúc Đại hội|Nơi nhận)", re.I)


# A paper's head and preamble: the national motto, its number ("Số: 33/2022/NQ-HĐND"), its legal bases
# ("Căn cứ Luật …", "Xét Tờ trình số …"), who carries it out ("Chánh Văn phòng …, Giám đốc các Sở … chịu
# trách nhiệm thi hành Quyết định này"); they name the paper, its grounds and its addressees, and answer
# nothing in it
_PAPER_HEAD = re.compile(r"CỘNG\s+H[ÒO]A\s+XÃ\s+HỘI|Độc\s+lập\s*[-–]\s*Tự\s+do|^Số\s*:"
                         r"|^(?:Căn cứ|Xét Tờ trình|Xét đ\w+ nghị|Theo đ\w+ nghị)\s|chịu trách nhiệm thi hành"
                         r"|Thời gian ký\s*:")  # a digital signature's stamp: "Thời gian ký: 27.06.2025 17:00:11"


def _is_title(sentence: str, h: Hit) -> bool:
    """Whether a sentence is its paper's title under its type heading ("QUYẾT ĐỊNH Về việc công nhận
    tỉnh Đồng Tháp …"), which names the paper's subject, not what it says of it. (A title guessed from
    a first paragraph may be what the paper says: it stays.)"""
    title = h.doc.title.split()
    if len(title) < 4 or not title[0].isupper() or len(title[0]) < 2:
        return False
    said = fold(" ".join(sentence.split()).lower()).rstrip(".")
    return said == fold(" ".join(title).lower()).rstrip(".")


def _capitals(sentence: str) -> bool:
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
        if len(sentence) < 60 or (len(sentence) < 160 and (
                numbered or sentence.endswith(":") or _HEADING.match(sentence))):
            current = sentence
        numbered = bool(_BARE_NUMBER.match(sentence))
    return out


_BARE_NUMBER = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*)\.?$")


_FOLDED_QUESTION_WORDS = frozenset(fold(w) for w in QUESTION_WORDS)
# "bao nhiêu tiền" is answered in đồng; every other unit is said as asked ("bao nhiêu hộ": "550 hộ").
_UNIT_WORDS = {"tien": "(?:dong|trieu|ty|nghin)"}
_MONEY_ASKED = re.compile(r"(?<!\w)(kinh phi|le phi|chi phi|hoi phi|muc phi|muc thu|ngan sach|so tien)(?!\w)")
_MONEY = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:d|dong|trieu|ty|nghin|usd)(?!\w)")
# Words that sit between a question's verb and its question word: "có hiệu lực *từ* ngày nào".
_LINKS = frozenset("vao tu o tai la duoc co se da den trong so voi nhung cac".split())


def _predicate(question: str, kind: str | None) -> re.Pattern | None:
    """What the asked value must stand next to: the verb before "ngày nào"/"ở đâu" ("khai mạc lúc
    nào" wants the date of the opening, not of the press conference), or the unit after
    "bao nhiêu" ("bao nhiêu bản sách" wants a number of books)."""
    if not kind:
        return None
    folded = fold(question.lower())
    m = _ASKS[kind][0].search(folded)
    if not m:
        return None
    if kind == "person":  # "ai được *bầu*", "*bầu* những ai", "công chức nào được *giao*"
        after = [w for w in re.findall(r"\w+", folded[m.end():]) if w not in _LINKS and not w.isdigit()][:1]
        before = [w for w in re.findall(r"\w+", folded[:m.start()]) if w not in _LINKS and not w.isdigit()][-1:]
        if re.search(r"(?<!\w)la\s+$", folded[:m.start()]):
            return None  # "X là ai" asks who X is: no verb to stand next to
        verb = before if m.group(1) == "ai" and m.start() > 0 else after
        if not verb or verb[0] in STOPWORDS_FOLDED:
            return None
        return _phrase(verb)
    if kind == "number":
        if m.group(1) not in ("bao nhieu", "may"):  # "tỷ lệ", "số lượng" name no unit
            return None
        unit = (re.findall(r"\w+", folded[m.end():]) or [""])[0]
        if not unit or unit in _LINKS or unit in STOPWORDS_FOLDED or unit in _FOLDED_QUESTION_WORDS:
            # "Kinh phí ... là bao nhiêu?" names no unit after its question word, but asks for money
            return _MONEY if _MONEY_ASKED.search(folded) else None
        unit = _UNIT_WORDS.get(unit, unit)
        # "550 hộ", or the count named first: "Số đoàn viên của Chi đoàn hiện nay là 25 đồng chí"
        return re.compile(r"\d(?:[\d.,]*\d)?\s*%?\s*(?:\w+\s+)?" + unit + r"(?!\w)"
                          r"|(?<!\w)(?:tong )?so\s+" + unit + r"(?!\w)[^.;:]{0,60}?(?<!\w)la\s+\d")
    before = [w for w in re.findall(r"\w+", folded[:m.start()]) if not w.isdigit()]
    while before and before[-1] in _LINKS:
        before.pop()
    verb = before[-2:]
    if len(verb) < 2 or any(w in STOPWORDS_FOLDED for w in verb):
        return None
    return _phrase(verb)


def _typed(text: str, question: str, kind: str) -> bool:
    """Whether a text holds an answer of the kind asked (a new number, a new date, a place, a person)."""
    if kind == "number":
        return _has_quantity(text, question)
    if kind == "date":  # "… hoàn thành … năm 2024" says nothing of when, to "… năm 2024 có hiệu lực khi nào?"
        asked = set(re.findall(r"\d+", question))
        return any(not set(re.findall(r"\d+", m.group())) <= asked or not re.search(r"\d", m.group())
                   for m in _ASKS[kind][1].finditer(text))
    return bool(_ASKS[kind][1].search(text))


# Where a long sentence may be cut into the clauses it strings together: a semicolon, a colon that
# opens a list or a value ("như: ...", "Lệ phí ...: 450.000 đồng"), a new line (where "- " and "+ "
# items start), or a list marker inside the line ("a) ", "(2) ", "Hai là, "); not " - ", which
# joins a name to a title as often as it starts an item.
_CLAUSE_END = re.compile(r"[;:](?=\s)|\n+|(?<=\s)(?=\(?\d{1,2}\)\s|[a-zđ]\)\s)"
                         r"|(?<=\s)(?=(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là,)")
_SPACED_DATE = re.compile(r"(?<=\d) +/ *(?=\d)|(?<=\d) */ +(?=\d)")
MAX_ANSWER = 480  # characters; a PDF line run or a table row is often far longer
MIN_CLAUSE = 30
ANSWER_WIDTH = 360  # characters of a run-on sentence kept around its answering clause


def clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The clauses of the sentence text[a:b], as offsets into text."""
    out, start = [], a
    for m in _CLAUSE_END.finditer(text, a, b):
        end = m.end() if text[m.start()] in ";:" else m.start()
        if end - start >= MIN_CLAUSE and b - end >= MIN_CLAUSE:
            out.append(_trimmed(text, start, end))
            start = end
    out.append(_trimmed(text, start, b))
    return out


def _answer_span(text: str, a: int, b: int, question: str, terms: list[str],
                 weights: dict[str, float]) -> tuple[int, int]:
    """The part of a sentence to give as the answer. A short sentence whole; a run-on one (a PDF
    line run, a table row, a list strung with semicolons) is cut into clauses, and the answer is
    the clause with an answer of the asked kind and the most of the question's words, with the
    clause before it when both fit, and the list that follows when the clause ends with a colon."""
    if b - a <= MAX_ANSWER:
        return a, b
    parts = clauses(text, a, b)
    kind = wants(question)

    def score(part: tuple[int, int]) -> float:
        piece = text[part[0]:part[1]]
        typed = 0.5 if kind and _typed(piece, question, kind) else 0.0
        # "29 thủ tục mới (trong đó: 26 …; 03 …)": what stands in brackets is a breakdown
        inside = text.count("(", a, part[0]) > text.count(")", a, part[0])
        return typed + lexical.coverage(terms, piece, weights) + 0.1 * _novelty(terms, piece) - (0.2 if inside else 0.0)

    i = max(range(len(parts)), key=lambda j: score(parts[j]))
    lo = hi = i
    if text[parts[i][0]:parts[i][1]].endswith(":"):  # "... gồm:" — the list follows
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


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _common(terms: list[str], hits: list[Hit]) -> set[str]:
    """The question's words that most retrieved passages share: in "Hội phụ nữ huyện Gia Lâm đặt
    chỉ tiêu trồng bao nhiêu cây xanh" the organisation's name is in all of its papers, and only
    "chỉ tiêu trồng cây xanh" tells the passage that answers from the rest."""
    texts = [lexical.words(h.chunk.text) for h in hits]
    single = {t for t in terms if "_" not in t}
    common = {t for t in single if sum(t in have for have in texts) >= max(2, 0.75 * len(texts))}
    return common | {t for t in terms if "_" in t and all(p in common for p in t.split("_"))}


def _focus(question: str, terms: list[str], common: set[str]) -> str:
    """The question without its common words, to search again with; empty when no word is that
    common or too few are left to search with."""
    single = {t for t in terms if "_" not in t}
    kept = [w for w in re.findall(r"\w+", question) if fold(w.lower()) in single - common]
    if not common or len(kept) < 2:
        return ""
    return " ".join(kept)


_PLANS = r"phuong huong|nhiem vu|giai phap|chi tieu|muc tieu|dinh huong"  # what a congress sets for its term
_PLANNED = re.compile(rf"(?<!\w)({_PLANS})(?!\w)")
_OUTCOME = re.compile(rf"(?<!\w)({_PLANS}|ton tai|han che|kho khan)(?!\w)")  # … and what it found


def _planned_term(question: str) -> str | None:
    """The term whose directions or targets a question asks for ("chỉ tiêu … nhiệm kỳ 2016-2021")."""
    term = question_filters(question).term
    return term if term and _PLANNED.search(fold(question.lower())) else None


def _other_term(term: str, asked: str) -> bool:
    """Whether a passage's term is surely another than the asked one: both named the same way (years
    or a number), and different. "khóa I" and "2017-2022" may be the same term."""
    return term != NO_TERM and term[:1].isdigit() == asked[:1].isdigit() and term_key(term) != term_key(asked)


_OFFICIAL = ("resolution", "report")
OFFICIAL_W = 0.05  # a sentence of either, for such a question; no change on either ask set at 0.03-0.1


def _interleave(*results: list[Hit]) -> list[tuple[int, Hit]]:
    """Result lists merged, each passage once, with its best rank in any."""
    rank: dict[tuple[int, int], tuple[int, Hit]] = {}
    for hits in results:
        for i, h in enumerate(hits):
            key = (h.doc.id, h.chunk.ord)
            if key not in rank or i < rank[key][0]:
                rank[key] = (i, h)
    return sorted(rank.values(), key=lambda x: x[0])


def _novelty(terms: list[str], sentence: str) -> float:
    """Share of a sentence's words that the question does not already say: a sentence that only
    restates the question (a title, a heading) is not its answer."""
    words = [w for w in lexical.tokens(sentence)[1].split() if "_" not in w and w not in STOPWORDS_FOLDED]
    if not words:
        return 0.0
    asked = {t for t in terms if "_" not in t}
    return sum(1 for w in words if w not in asked) / len(words)


def _stated(number: str, text: str, doc: "DocInfo") -> bool:
    """Whether a number the question names holds for a passage: it is in the passage, or in its
    document's title, header or file name ("Quyết định-1380-QĐ-TTg.pdf"); it is the document's own
    number ("Quyết định 1629" of 1629/QĐ-UBND); an ordinal the passage spells out ("kỳ họp thứ 3":
    "Kỳ họp thứ ba"); or a date that the passage gives by day and month ("17/5/2017": "sáng 17/5";
    "tháng 6/2017": "chiều 15/6") or that is its document's ("tháng 6/2017"; of a document without a
    known date, the passage names the year or the month)."""
    meta = doc.meta
    said = f"{text}\n{meta.get('header', '')}\n{doc.title}"
    if re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", said):
        return True
    if _numbered(doc, number):  # its own or announced number, or the number its file is named by
        return True
    if number in _ORDINALS and re.search(rf"(?<!\w)(?:họp|lần|phiên|đợt|khóa|khoá)\s+thứ\s+(?:{_ORDINALS[number]})(?!\w)",
                                         text, re.I):
        return True
    date = re.fullmatch(r"(?:(\d{1,2})/)?(\d{1,2})/((?:19|20)\d\d)", number)
    if not date:
        return False
    day, month, year = date.groups()
    on_day = f"0?{int(day)}" if day else r"\d{1,2}"  # a month alone: any day of it
    if re.search(rf"(?<![\d/]){on_day}/0?{int(month)}(?![\d/])", text):
        return True
    stated = meta.get("date")  # "2017-06-12"
    if not stated:  # a news item whose date was not found: the passage at least names the year or month
        return bool(re.search(rf"(?<!\d){year}(?!\d)|tháng\s+0?{int(month)}(?!\d)", text))
    return stated[:7] == f"{year}-{int(month):02d}" and (not day or stated[8:10] == f"{int(day):02d}")


_ORDINALS = {"1": "nhất|I", "2": "hai|II", "3": "ba|III", "4": "tư|bốn|IV", "5": "năm|V", "6": "sáu|VI",
             "7": "bảy|VII", "8": "tám|VIII", "9": "chín|IX", "10": "mười|X"}


def _numbered(doc: "DocInfo", number: str) -> str:
    """The document's number that a question's "1380" or "33/2022" names: its own or one it announces
    ("1380/QĐ-TTg"), or the number as given when its file is named by it; "" when neither."""
    own = next((n for n in doc.meta.get("numbers", []) if n == number or n.startswith(number + "/")), "")
    if own:
        return own
    return number if re.search(rf"(?<![\d/]){re.escape(number)}(?![\d/])", doc.name.replace("-", " ")) else ""


_UNITS = ("tinh", "thanh pho", "huyen", "quan", "thi xa", "thi tran", "xa", "phuong")


def _named_places(question: str) -> list[str]:
    """The places a question names with their unit, accent-folded: "tỉnh Lạng Sơn" → "lang son",
    "quận Long Biên" → "long bien" (the name's words are capitalised, with or without accents)."""
    words = question.replace(",", " , ").replace("?", " ? ").split()
    out = []
    for i in range(len(words)):
        for unit in _UNITS:
            n = len(unit.split())
            if fold(" ".join(words[i:i + n]).lower()) == unit and not (
                    unit == "quan" and i and fold(words[i - 1].lower()) == "co"):  # "cơ quan Dân" is no district
                name = []
                for w in words[i + n:i + n + 4]:
                    if not w[:1].isupper():
                        break
                    name.append(w)
                if name:
                    out.append(fold(" ".join(name)).lower())
    return out


def _unnamed_places(question: str, hit: Hit) -> list[str]:
    """The places the question names that neither the passage nor its document's header and title,
    places or organisations name."""
    named = _named_places(question)
    if not named:
        return []
    meta = hit.doc.meta
    said = fold(" ".join([hit.chunk.text, _header(hit), *meta.get("places", []), *meta.get("organisations", [])]))
    return [p for p in named if not re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", said)]


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
    return Citation(h.doc.name, h.chunk.page_start, h.chunk.text, tuple(match_spans(h.chunk.text, question)), h.doc.id,
                    h.chunk.heading)


def _spans_in(text: str, sentence: tuple[int, int], question: str) -> tuple[tuple[int, int], ...]:
    """The answer sentence's question words, to highlight in the passage."""
    a, b = sentence
    return tuple((s + a, e + a) for s, e in match_spans(text[a:b], question))
