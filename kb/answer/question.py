"""A question read once: what it asks for, and the terms, years, names, numbers and roles it gives.

Every rule that reads the question is here, and runs once per question: the candidates,
the evidence checks and the answer's span then read the `Question`'s fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.meta import ORG_HEADS, ORG_START, PAPER_NUMBER
from ingest.people import ROLES, UPPER
from ingest.sections import scores as section_scores
from ingest.text import fold
from kb.filters import Filters, normalize_term
from kb.query import STOPWORDS_FOLDED, content_terms

# Words that ask *what kind* of answer, not *about what*: they need not appear in the answer.
QUESTION_WORDS = frozenset(
    "gì nào bao nhiêu mấy đâu khi lúc ra sao thế như những các nêu cho biết hãy có không là được đã đang "
    "sẽ ai người vị về của trong".split()
)
_FOLDED_QUESTION_WORDS = frozenset(fold(w) for w in QUESTION_WORDS)
_TERM_Q = re.compile(
    r"(?:nhiệm\s+kỳ|nhiem\s+ky|khóa|khoá|khoa)\s+((?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d|[IVXLC]{1,7}\b)", re.I
)
_YEAR_Q = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b|\bnam\s+((?:19|20)\d\d)\b", re.I)
_WHO = re.compile(r"(?<!\w)(ai|người nào|vị nào|đồng chí nào|who)(?!\w)", re.I)
_SIGNED = re.compile(r"(?<!\w)(?:(?:ai|nguoi nao|vi nao)\s+(?:da\s+)?ky|nguoi ky|ky boi|do ai ky)(?!\w)")
# "Chủ tịch Quốc hội hiện nay là ai?": the papers say who holds an office, not that they hold it
# now; the latest of them is what the reader gets (their dates show). The words would only weigh
# against every passage that does not happen to say "hiện nay".
_NOW = re.compile(r"(?<!\w)(?:hiện nay|hiện tại|bây giờ|hien nay|hien tai|bay gio)(?!\w)", re.I)
NUMBER_IN_Q = re.compile(r"\d[\d/.,]*\d|\d")
# Ordinals as words or Roman numerals, as a meeting is numbered ("Kỳ họp thứ năm", "lần thứ XI").
ORDINALS = {
    "1": "nhất|I",
    "2": "hai|II",
    "3": "ba|III",
    "4": "tư|bốn|IV",
    "5": "năm|V",
    "6": "sáu|VI",
    "7": "bảy|VII",
    "8": "tám|VIII",
    "9": "chín|IX",
    "10": "mười|X",
    "11": "mười một|XI",
    "12": "mười hai|XII",
    "13": "mười ba|XIII",
    "14": "mười bốn|XIV",
    "15": "mười lăm|XV",
    "16": "mười sáu|XVI",
    "17": "mười bảy|XVII",
    "18": "mười tám|XVIII",
    "19": "mười chín|XIX",
    "20": "hai mươi|XX",
}
# "Kỳ họp thứ năm", "Đại hội … lần thứ XI": the meeting's number, said in words (not "thứ Năm", a weekday)
# (matched accent-folded: "ky hop thu nam" too)
_NUMBERED = re.compile(r"(?<!\w)(?:ky hop|hop|lan|phien|phien hop|dot)\s+thu\s+(\w+(?:\s+\w+)?)")
_ORDINAL_OF = {fold(said).lower(): n for n, v in ORDINALS.items() for said in v.split("|")}

# The commonest Vietnamese family names: a full name alone ("gồm Hoàng Văn Đại, Tống Thị Yến")
# starts with one of them far more often than any run of capitalised words does.
SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh "
    "Trương Đinh Lâm Mai Lương Tô Hà Tạ Triệu Tống Tào Cao Chu Kiều Lưu Quách Thái Văn Lại"
).split()
ASKS = {  # what kind of answer a question wants (in the folded question), and how to see it in a sentence
    "number": (re.compile(r"(?<!\w)(bao nhieu|may|so luong|ty le|bao nhieu phan tram)(?!\w)"), re.compile(r"\d")),
    "date": (
        re.compile(
            r"(?<!\w)(khi nao|ngay nao|hom nao|luc nao|bao gio|thoi gian nao|nam nao|thang nao|ngay may)"
            r"(?!\w)"
        ),
        # … or the day a paper is signed: "có hiệu lực thi hành kể từ ngày ký"
        re.compile(
            r"(?<!\d)\d{1,2}\s*[/.]\s*\d{1,2}(?!\d)|(?<!\w)ngày\s+(?:mùng\s+|mồng\s+)?\d|tháng\s+\d|"
            r"năm\s+\d{4}|\d{1,2}h\d*|(?<!\w)từ\s+ngày\s+(?:ký|ban\s+hành)(?!\w)"
        ),
    ),
    "place": (
        re.compile(r"(?<!\w)(o dau|tai dau|dia diem|noi nao|tinh nao|o tinh nao)(?!\w)"),
        # "tại Đại hội", "tại Điều 3", "tại Quyết định số ..." name no place
        re.compile(
            r"(?<!\w)(tại|ở)\s+(?!(?:Đại hội|Hội nghị|Kỳ họp|Phiên|Lễ|Buổi|Điều|Khoản|Mục|Phụ lục|"
            r"Quyết định|Nghị quyết|Nghị định|Thông tư|Chỉ thị|Kế hoạch|Tờ trình|Báo cáo|Văn bản)\b)"
            r"(?:(?:[Tt]hành phố|[Tt]ỉnh|[Hh]uyện|[Qq]uận|[Xx]ã|[Pp]hường|"
            r"[Hh]ội trường|[Nn]hà|[Tt]rụ sở|[Tt]hủ đô)\s+)?[A-ZĐÀ-Ỹ]"
        ),
    ),
    # "mang số hiệu gì": a paper's number, "33/2022/NQ-HĐND", "1360/QĐ-TTg", "05-NQ/TW"
    "code": (re.compile(r"(?<!\w)(so hieu|so ky hieu)(?!\w)"), PAPER_NUMBER),
    "reason": (
        re.compile(r"(?<!\w)(vi sao|tai sao|ly do|nguyen nhan)(?!\w)"),
        re.compile(r"(?<!\w)(?:[Nn]guyên nhân|[Ll]ý do|do|[Dd]o|vì|[Vv]ì|bởi|[Bb]ởi)(?!\w)"),
    ),
    "person": (
        re.compile(r"(?<!\w)(ai|nguoi nao|vi nao|dong chi nao|cong chuc nao|can bo nao|who)(?!\w)"),
        # "Ông Nguyễn Văn Sang", or a full name alone ("gồm Hoàng Văn Đại, Tống Thị Yến")
        re.compile(
            rf"(?<!\w)(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|[Đđ]/c)\s+[{UPPER}]\w*\s+[{UPPER}]"
            rf"|(?<!\w)(?:{'|'.join(SURNAMES)})\s+[{UPPER}]\w*\s+[{UPPER}]\w*"
        ),
    ),
}
_ACCENTED_ASKS = {"may": "mấy"}
_PLANS = r"phuong huong|nhiem vu|giai phap|chi tieu|muc tieu|dinh huong"  # what a congress sets for its term
_PLANNED = re.compile(rf"(?<!\w)({_PLANS})(?!\w)")
_OUTCOME = re.compile(rf"(?<!\w)({_PLANS}|ton tai|han che|kho khan)(?!\w)")  # … and what it found


@dataclass(frozen=True)
class Question:
    text: str  # as asked, without "hiện nay" and its like
    filters: Filters  # the term or year it names
    terms: list[str]  # its content words and pairs, accent-folded, without the words that ask
    kind: str | None  # what it asks for: number, date, place, code, reason, person, or None
    role: str  # the role it names, longest first ("Phó Chủ tịch"), or ""
    who: bool  # asks who
    signed: bool  # asks who signed a paper
    paper_numbers: tuple[str, ...]  # the numbers of papers it names: "33/2022", "1380"
    places: tuple[str, ...]  # places it names with their unit, folded: "lang son"
    names: frozenset[str]  # runs of capitalised words it gives, as folded pairs: "cuu_long"
    role_names: frozenset[str]  # for a role: the names an answer must hold (organisation heads, abbreviations …)
    near: re.Pattern | None  # what the answer must stand next to: the question's verb, or its unit
    planned_term: str | None  # the term whose directions or targets it asks for
    about: re.Pattern | None  # "khó khăn gì về *giao thông*": what the answer names
    which: re.Pattern | None  # "tại *kỳ họp* nào": the kind of thing the answer names
    grounds: bool  # asks for legal bases or a paper's number: a paper's head may answer
    parts: frozenset[str]  # the parts of a report it asks about ({"difficulties"} for "những khó khăn …")
    outcome: bool  # about what a congress set or found (directions, targets, shortcomings)

    @property
    def numbers(self) -> set[str]:
        """The numbers it names ("1380", "17/5/2017", "3"; "5" for "kỳ họp thứ năm")."""
        return {n.strip(".,") for n in NUMBER_IN_Q.findall(self.text)} | set(_ordinals(self.text))


def _ordinals(text: str) -> list[str]:
    """The meeting numbers a question says in words or Roman numerals, as digits."""
    out = []
    for m in _NUMBERED.finditer(fold(text).lower()):
        said = m.group(1).split()
        number = _ORDINAL_OF.get(" ".join(said)) or _ORDINAL_OF.get(said[0])  # "mười một" before "mười"
        if number:
            out.append(number)
    return out


def parse(question: str) -> Question:
    text = _NOW.sub(" ", question)
    folded = fold(text.lower())
    kind = wants(text)
    role = _role(text)
    return Question(
        text=text,
        filters=question_filters(text),
        terms=content_terms(text, QUESTION_WORDS),
        kind=kind,
        role=role,
        who=bool(_WHO.search(text) or _WHO.search(fold(text))),
        signed=bool(_SIGNED.search(folded)),
        paper_numbers=tuple(_paper_numbers(text)),
        places=tuple(_named_places(text)),
        names=frozenset(proper_names(text)),
        role_names=frozenset(names_given(text, role)),
        near=_predicate(text, kind),
        planned_term=_planned_term(text, folded),
        about=_topic(folded),
        which=None if kind in ("date", "place", "person") else _which(folded),
        grounds=kind == "code" or bool(re.search(r"(?<!\w)can cu(?!\w)", folded)),
        parts=frozenset(asked_part(text)),
        outcome=bool(_OUTCOME.search(folded)),
    )


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


def wants(question: str) -> str | None:
    """The answer type a question asks for: number, date, place, a paper's number (code), reason, person,
    or None."""
    folded = fold(question)
    accented = folded != question
    for kind, (asks, _) in ASKS.items():
        for m in asks.finditer(folded):
            # without accents "may" may be "mấy" (how many); with them, "máy tính" is a computer
            if accented and m.group(1) in _ACCENTED_ASKS and _ACCENTED_ASKS[m.group(1)] not in question.lower():
                continue
            return kind
    return None


_ROLE_IN_Q = [(r, re.compile(r"(?<!\w)" + fold(r) + r"(?!\w)")) for r in sorted(ROLES, key=len, reverse=True)]


def _role(question: str) -> str:
    """The longest role a question names ("Phó Chủ tịch" before "Chủ tịch"), or ""."""
    fq = fold(question)
    return next((r for r, rx in _ROLE_IN_Q if rx.search(fq)), "")


_FOLDED_HEADS = [fold(h) for h in ORG_HEADS if " " in h]
_BODIES = {"nước", "tỉnh", "huyện", "xã", "phường", "quận", "thị", "thành", "hội"}


def names_given(question: str, role: str) -> set[str]:
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
    out |= proper_names(question)
    return {x for x in out if not set(x.split("_")) <= role_words}


def as_said(question: str, folded: set[str]) -> list[str]:
    """Folded words and pairs of a question ("nguyen_phu", "phu_trong", "hdnd") as the question wrote
    them, neighbours joined: ["Nguyễn Phú Trọng", "HĐND"]."""
    words = re.findall(r"\w+", question)
    keys = [fold(w) for w in words]
    hit = [False] * len(words)
    for i, key in enumerate(keys):
        if key in folded:
            hit[i] = True
        if i + 1 < len(words) and f"{key}_{keys[i + 1]}" in folded:
            hit[i] = hit[i + 1] = True
    out: list[str] = []
    run: list[str] = []
    for word, on in [*zip(words, hit), ("", False)]:
        if on:
            run.append(word)
        elif run:
            out.append(" ".join(run))
            run = []
    return list(dict.fromkeys(out))


def proper_names(question: str) -> set[str]:
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


# "Quyết định 1380/QĐ-TTg", "Nghị quyết số 33", "Chi thi 11": a paper named by its number
_NAMED_PAPER = re.compile(
    r"(?<!\w)(?:quyet dinh|nghi quyet|chi thi|ke hoach|thong bao|bao cao|ket luan|"
    r"nghi dinh|thong tu|cong van|to trinh)\s+(?:so\s+)?(\d+)(?!\d)"
)


def _paper_numbers(question: str) -> list[str]:
    """The numbers of papers a question names: "33/2022", or a number after a paper's type."""
    slashed = [n for n in NUMBER_IN_Q.findall(question) if "/" in n]
    typed = [n for n in _NAMED_PAPER.findall(fold(question.lower())) if not any(s.startswith(n + "/") for s in slashed)]
    return list(dict.fromkeys(slashed + typed))


_UNITS = ("tinh", "thanh pho", "huyen", "quan", "thi xa", "thi tran", "xa", "phuong")


def _named_places(question: str) -> list[str]:
    """The places a question names with their unit, accent-folded: "tỉnh Lạng Sơn" → "lang son",
    "quận Long Biên" → "long bien" (the name's words are capitalised, with or without accents)."""
    words = question.replace(",", " , ").replace("?", " ? ").split()
    out = []
    for i in range(len(words)):
        for unit in _UNITS:
            n = len(unit.split())
            if fold(" ".join(words[i : i + n]).lower()) == unit and not (
                unit == "quan" and i and fold(words[i - 1].lower()) == "co"
            ):  # "cơ quan Dân" is no district
                name = []
                for w in words[i + n : i + n + 4]:
                    if not w[:1].isupper():
                        break
                    name.append(w)
                if name:
                    out.append(fold(" ".join(name)).lower())
    return out


# "bao nhiêu tiền" is answered in đồng; every other unit is said as asked ("bao nhiêu hộ": "550 hộ").
_UNIT_WORDS = {"tien": "(?:dong|trieu|ty|nghin)"}
_MONEY_ASKED = re.compile(r"(?<!\w)(kinh phi|le phi|chi phi|hoi phi|muc phi|muc thu|ngan sach|so tien)(?!\w)")
MONEY = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:d|dong|trieu|ty|nghin|usd)(?!\w)")
# Words that sit between a question's verb and its question word: "có hiệu lực *từ* ngày nào".
_LINKS = frozenset("vao tu o tai la duoc co se da den trong so voi nhung cac".split())


def _predicate(question: str, kind: str | None) -> re.Pattern | None:
    """What the asked value must stand next to: the verb before "ngày nào"/"ở đâu" ("khai mạc lúc
    nào" wants the date of the opening, not of the press conference), or the unit after
    "bao nhiêu" ("bao nhiêu bản sách" wants a number of books)."""
    if not kind:
        return None
    folded = fold(question.lower())
    m = ASKS[kind][0].search(folded)
    if not m:
        return None
    if kind == "person":  # "ai được *bầu*", "*bầu* những ai", "công chức nào được *giao*"
        after = [w for w in re.findall(r"\w+", folded[m.end() :]) if w not in _LINKS and not w.isdigit()][:1]
        before = [w for w in re.findall(r"\w+", folded[: m.start()]) if w not in _LINKS and not w.isdigit()][-1:]
        if re.search(r"(?<!\w)la\s+$", folded[: m.start()]):
            return None  # "X là ai" asks who X is: no verb to stand next to
        verb = before if m.group(1) == "ai" and m.start() > 0 else after
        if not verb or verb[0] in STOPWORDS_FOLDED:
            return None
        return phrase(verb)
    if kind == "number":
        if m.group(1) not in ("bao nhieu", "may"):  # "tỷ lệ", "số lượng" name no unit
            return None
        unit = (re.findall(r"\w+", folded[m.end() :]) or [""])[0]
        if not unit or unit in _LINKS or unit in STOPWORDS_FOLDED or unit in _FOLDED_QUESTION_WORDS:
            # "Kinh phí ... là bao nhiêu?" names no unit after its question word, but asks for money
            return MONEY if _MONEY_ASKED.search(folded) else None
        unit = _UNIT_WORDS.get(unit, unit)
        # "550 hộ", or the count named first: "Số đoàn viên của Chi đoàn hiện nay là 25 đồng chí"
        return re.compile(
            r"\d(?:[\d.,]*\d)?\s*%?\s*(?:\w+\s+)?" + unit + r"(?!\w)"
            r"|(?<!\w)(?:tong )?so\s+" + unit + r"(?!\w)[^.;:]{0,60}?(?<!\w)la\s+\d"
        )
    before = [w for w in re.findall(r"\w+", folded[: m.start()]) if not w.isdigit()]
    while before and before[-1] in _LINKS:
        before.pop()
    verb = before[-2:]
    if len(verb) < 2 or any(w in STOPWORDS_FOLDED for w in verb):
        return None
    return phrase(verb)


def phrase(words: list[str]) -> re.Pattern:
    """Folded words as a whole phrase: "giao thong" in "giao thong cua xa", not in "giao thongtin"."""
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def _planned_term(question: str, folded: str) -> str | None:
    """The term whose directions or targets a question asks for ("chỉ tiêu … nhiệm kỳ 2016-2021")."""
    term = question_filters(question).term
    return term if term and _PLANNED.search(folded) else None


_ABOUT_Q = re.compile(r"(?<!\w)(?:gi|nao|ra sao|the nao|nhu the nao)\s+ve\s+((?:\w+\s*){1,3})\??\s*$")
_WHICH_Q = re.compile(r"(?<!\w)((?:\w+\s+){0,1}\w+)\s+nao(?!\w)")


def _topic(folded: str) -> re.Pattern | None:
    """What "khó khăn gì *về giao thông*?" is about: the sentence that answers names it."""
    m = _ABOUT_Q.search(folded)
    return phrase(m.group(1).split()) if m else None


def _which(folded: str) -> re.Pattern | None:
    """ "tại kỳ họp nào", "theo phương án nào", "cơ quan nào thu": the sentence that answers names
    the kind of thing asked for ("tại Kỳ họp thứ sáu", "Cơ quan thu lệ phí: Sở …")."""
    m = _WHICH_Q.search(folded)
    if not m:
        return None
    noun = [
        w
        for w in m.group(1).split()
        if w not in _LINKS and w not in _FOLDED_QUESTION_WORDS and w not in STOPWORDS_FOLDED
    ]
    return phrase(noun) if noun else None


def _asking(cues: str) -> re.Pattern:
    """A cue asked about: "những hạn chế …", "quyết nghị gì", "khó khăn nào" (not "thôi làm nhiệm vụ
    đại biểu", "định hướng lên quận vào năm nào", where the cue is part of the topic)."""
    return re.compile(rf"(?<!\w)(?:(?:nhung|cac)\s+({cues})|({cues})(?:\s+\w+){{0,2}}?\s+(?:gi|nao))(?!\w)")


_ASKED_PARTS = [
    (
        {"decisions", "directions"},
        _asking(
            "quyet nghi|quyet dinh|nghi quyet|phuong huong|nhiem vu|giai phap|"
            "chi tieu|muc tieu|dinh huong|de ra|ke hoach"
        ),
    ),
    ({"difficulties"}, _asking("kho khan|han che|ton tai|bat cap|yeu kem|vuong mac")),
    ({"achievements"}, _asking("ket qua|dat duoc|thanh tich|thanh tuu")),
]


def asked_part(question: str) -> set[str]:
    """The parts of a meeting report a question asks about: {"decisions", "directions"} for "quyết
    nghị gì", {"difficulties"} for "những khó khăn …"; empty when it asks for none."""
    folded = fold(question.lower())
    return {label for labels, rx in _ASKED_PARTS if rx.search(folded) for label in labels}


def part_of(sentence: str) -> str | None:
    """The part of a report one sentence belongs to by its own words, when they say."""
    s = section_scores(sentence)
    best = max(s, key=lambda k: s[k])
    return best if s[best] > 0 else None
