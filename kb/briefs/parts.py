"""Which part of a brief a clause belongs to, by named cues: a table of (part, cue, weight, words),
compared without marks, on the clause itself, on the list that introduces it, on the headings it
stands under and on what its paragraph has been saying.

A clause scores each part; the best part wins when it scores at least THRESHOLD. Targets need a
number (a target without one is a direction); a clause about results or difficulties carries its
paragraph along ("Bên cạnh đó, … những khó khăn, hạn chế như: …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.text import fold
from kb.briefs.reading import Clause
from kb.briefs.records import OFFICIAL

THRESHOLD = 2.0
HEADING_LABEL = 80  # a heading longer than this is a sentence ("I. Tán thành và thông qua …"): a weak cue
# what a passage's section (ingest/sections.py) says about the part
SECTION_PART = {
    "achievements": "results",
    "difficulties": "difficulties",
    "directions": "directions",
    "decisions": "decisions",
    "elections": "officers",
}


@dataclass(frozen=True)
class Cue:
    part: str
    name: str
    weight: float
    pattern: re.Pattern
    official: bool = False  # says the part only in an official paper (a speech's "ban hành" is another body's)


def _cue(part: str, name: str, weight: float, words: str, official: bool = False) -> Cue:
    return Cue(part, name, weight, re.compile(rf"(?<!\w)(?:{words})(?!\w)"), official)


# Cues in the clause's own words (folded: "khó khăn" is "kho khan").
CUES = [
    _cue("meeting", "opened or closed", 2.0, r"khai mac|be mac|dien ra|hop bao|phien (?:tru bi|chinh thuc|khai mac)"),
    _cue(
        "meeting", "held", 2.5, r"(?:da )?to chuc (?:hoi nghi|dai hoi|ky hop)|(?:hoi nghi|dai hoi|ky hop) (?:da )?hop"
    ),
    _cue("meeting", "heard", 2.5, r"(?:hoi nghi|dai hoi|ky hop) (?:da )?(?:nghe|xem xet|thao luan)"),
    _cue("meeting", "attended", 2.0, r"tham du|(?:du|moi) (?:hoi nghi|dai hoi|ky hop)|dai bieu chinh thuc|co mat"),
    _cue("meeting", "at the meeting", 1.5, r"tai (?:hoi nghi|dai hoi|ky hop)|trong (?:ky hop|hoi nghi|dai hoi) nay"),
    _cue("meeting", "days", 1.5, r"ngay lam viec|luot chat van|chat van|dia diem|thoi gian|trao tang|tang qua"),
    _cue("meeting", "spirit", 1.0, r"tinh than"),
    _cue("officers", "elected", 2.5, r"bau (?:bo sung|ban|doan|chu tich|pho chu tich|uy vien)|trung cu|giu chuc"),
    _cue("officers", "dismissed", 2.5, r"mien nhiem|thoi lam nhiem vu|bai nhiem"),
    _cue("targets", "target", 2.0, r"chi tieu|phan dau|muc tieu|ke hoach (?:tang|nam)"),
    _cue("targets", "by when", 1.5, r"(?:den|tu) nam \d{4}|den cuoi nhiem ky|trong nhiem ky|hang nam|moi nam"),
    _cue("targets", "at least", 1.5, r"tro len|it nhat|toi thieu|khong (?:co|de) .{0,40} duoi"),
    _cue("directions", "direction", 2.0, r"phuong huong|nhiem vu trong tam|khau dot pha|giai phap|dinh huong"),
    _cue(
        "directions",
        "to do",
        1.0,
        r"tiep tuc|day manh|tang cuong|nang cao|chu trong|tap trung|uu tien|lam tot|tung buoc",
    ),
    _cue("directions", "should", 1.0, r"can (?:phai )?|de nghi|yeu cau|thoi gian toi|sap toi|trien khai|chu dong"),
    _cue("directions", "tasked", 2.5, r"giao (?:cho )?(?:ban|uy ban|thuong truc|cac)|giam sat viec thuc hien"),
    _cue("decisions", "adopted", 2.5, r"thong qua|quyet nghi|nhat tri|thong nhat|bieu quyet|tan thanh|phe duyet"),
    _cue(
        "decisions", "issued", 2.5, r"ban hanh|bai bo|co hieu luc|hieu luc thi hanh|quy dinh muc|le phi|muc thu", True
    ),
    # "hạn chế" is a shortcoming, except where it is a verb ("cần hạn chế phương tiện cá nhân")
    _cue(
        "difficulties",
        "shortcoming",
        2.5,
        r"(?<!can )(?<!phai )(?<!hien )(?<!nham )(?<!de )(?<!se )(?<!buoc )(?<!viec )(?<!la )han che"
        r"(?! viec| hoat dong| phuong tien| su dung| toi da| xe| dot| di lai| tinh trang)"
        r"|kho khan|ton tai|bat cap|yeu kem|vuong mac|khuyet diem",
    ),
    _cue("difficulties", "not yet", 1.5, r"chua|con (?:nhieu|thap|cham|it)|van (?:con|dien bien|xay ra|gay|ton tai)"),
    _cue("difficulties", "pressing", 1.5, r"buc xuc|phuc tap|rat thap|o nhiem|thieu|dan trai|an phan|gia tang"),
    _cue("results", "achieved", 2.0, r"hoan thanh|vuot|dat duoc|thang loi|chuyen bien tich cuc|duoc cung co"),
    _cue("results", "result", 1.0, r"ket qua|dat (?:kha|\d)|tang \d|khoi day|duoc nang cao|nhieu ket qua"),
    _cue("results", "looking back", 2.0, r"nhiem ky (?:vua qua|qua)|tong ket|khang dinh|danh gia cao"),
    _cue(
        "results",
        "done",
        1.5,
        r"da duoc|duoc (?:thuc hien|trien khai|quan tam|duy tri|cung co|nang len)"
        r"|da (?:trien khai|thuc hien|xay dung|van dong|ho tro|giup)",
    ),
]
# Cues in a heading (short ones decide; long ones are sentences and weigh little).
HEADING_CUES = [
    ("results", re.compile(r"ket qua|danh gia|tong ket|uu diem|thanh tich")),
    ("difficulties", re.compile(r"han che|kho khan|ton tai|yeu kem|khuyet diem")),
    ("targets", re.compile(r"chi tieu")),
    (
        "directions",
        re.compile(r"phuong huong|nhiem vu|giai phap|muc tieu|khau dot pha|dinh huong|chuong trinh hanh dong"),
    ),
    ("decisions", re.compile(r"quyet nghi|quyet dinh|dieu \d|ket luan")),
    ("officers", re.compile(r"nhan su|bau cu|ban chap hanh")),
]
# what is a number but not an amount: a date, a year, a span of years, a paper's number, a list's marker,
# an ordinal ("khóa 20", "lần thứ 16"), a time of day
_NOT_AMOUNT = re.compile(
    r"(?:số\s+)?\d+(?:/\d+)*/[A-ZĐa-zđ][\w/-]*|(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?(?![\d%])"
    r"|(?:khóa|lần thứ|thứ|số|Điều|khoản|điểm|tháng|ngày|năm)\s+\d+"
    r"|(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?(?![\d%]|[,.]\d)"
    r"|^\s*\(?\d{1,2}[.)]+|\d+h\d*",
    re.I,
)
_AMOUNT = re.compile(r"\d+(?:[.,]\d+)*")


def has_amount(text: str) -> bool:
    """Whether a text gives a number a target or a result is made of: "85%", "550 hộ", "ít nhất 02"."""
    return bool(_AMOUNT.search(_NOT_AMOUNT.sub(" ", text)))


_LIST_ITEM_START = re.compile(r"^\s*(?:[-–+•]|\(?\d{1,2}\)?[.)]?\s*[.)]|[a-zđ]\))\s*")


@lru_cache(maxsize=4096)
def heading_part(label: str) -> str | None:
    """The part a heading names ("2. Một số chỉ tiêu cơ bản" → targets), or None."""
    folded = fold(label)
    if "ket qua" in folded and "chi tieu" in folded:
        return "results"  # "Kết quả thực hiện các chỉ tiêu …": how the targets went
    for part, rx in HEADING_CUES:
        if rx.search(folded):
            return part
    return None


def scores(clause: Clause, carried: str | None, weight: float = 2.5) -> dict[str, float]:
    """Each part's score for a clause, from its words, its list, its headings, its paragraph."""
    folded = clause.folded
    out: dict[str, float] = {}

    def add(part: str, weight: float) -> None:
        out[part] = out.get(part, 0.0) + weight

    own: dict[str, float] = {}
    official = clause.paper.doc.meta.kind in OFFICIAL
    for cue in CUES:
        if (official or not cue.official) and cue.pattern.search(folded):
            own[cue.part] = min(3.0, own.get(cue.part, 0.0) + cue.weight)
    for part, score in own.items():
        add(part, score)
    if clause.lead:
        lead_part = lead_of(clause.lead)
        if lead_part:
            add(lead_part, 3.0)
    inner = True
    for label in reversed(clause.heading):
        if len(label) > HEADING_LABEL:
            inner = False
            continue  # a heading that is a sentence ("I. Tán thành và thông qua …") names no part
        named = heading_part(label)
        if named:
            add(named, 3.0 if inner else 1.0)
            break
        inner = False
    if carried:
        add(carried, weight)
    for section in clause.sections[:1]:
        if section in SECTION_PART:
            add(SECTION_PART[section], 0.5)
    if "targets" in out and not has_amount(clause.text):
        add("directions", out.pop("targets"))  # a target without a number is an aim
    return out


def best(found: dict[str, float]) -> str | None:
    """The part that scores most, when it scores enough; ties go to the earlier part of PRIORITY."""
    if not found:
        return None
    part = max(PRIORITY, key=lambda p: (found.get(p, 0.0), -PRIORITY.index(p)))
    return part if found.get(part, 0.0) >= THRESHOLD else None


# ties: the more specific part first
PRIORITY = ["officers", "results", "targets", "difficulties", "decisions", "directions", "meeting"]


@lru_cache(maxsize=1024)
def lead_of(lead: str) -> str | None:
    """What the items of a list are, from the words introducing it: what it names ("… thống nhất
    phương hướng, nhiệm vụ … như:" lists directions, whatever the verb), else its own cues."""
    named = heading_part(lead)
    if named:
        return named
    found: dict[str, float] = {}
    for cue in CUES:
        if cue.pattern.search(fold(lead)):
            found[cue.part] = found.get(cue.part, 0.0) + cue.weight
    return best(found)


def carries(part: str | None, clause: Clause) -> bool:
    """Whether a clause's part goes on to the rest of its paragraph (and, when it introduces a list
    with a colon, to the paragraphs after it): what a paper looks back on or finds lacking does."""
    return part in ("results", "difficulties")


def caption(clause: Clause) -> bool:
    """ "Một số hình ảnh tại Hội nghị:": what follows are a web page's photo captions."""
    return bool(_CAPTIONS.search(clause.folded))


_CAPTIONS = re.compile(r"^(?:mot so )?(?:hinh anh|anh)\b.{0,60}:$")


def is_item(text: str) -> bool:
    """Whether a paragraph is an item of a list: "- Công tác …", "(1). …", "a) …"."""
    return bool(_LIST_ITEM_START.match(text))


def item_text(text: str) -> str:
    """A list item without its bullet or number: "(1). Hàng năm, …" → "Hàng năm, …"."""
    return _LIST_ITEM_START.sub("", text, count=1).strip()
