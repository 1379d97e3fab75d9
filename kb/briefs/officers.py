"""Who holds the organisation's offices in a term, and who held them in the term before: the people
facts found at ingest ("… được bầu làm Chủ tịch"), the signers of its papers, and the offices its
papers name beside a person ("Chủ tịch HĐND thành phố Hà Nội Nguyễn Thị Bích Ngọc", "Đ/c Nguyễn
Thanh Hương - HUV, Chủ tịch Hội LHPN huyện khóa 20").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.people import ROLES, UPPER
from ingest.text import fold
from kb.briefs.names import FAMILY_NAMES, OrgName, canonical, terms_in, words
from kb.briefs.reading import Clause
from kb.briefs.scope import Scope
from kb.records import PersonFact

_ROLE = "|".join(re.escape(r) for r in sorted([*ROLES, "Trưởng Ban", "Phó Trưởng Ban"], key=len, reverse=True))
_CAP = rf"[{UPPER}][\w]*"
_ANY_ROLE = re.compile(_ROLE)
_NAME = rf"{_CAP}(?:\s+{_CAP}){{1,3}}"
# "Chủ tịch HĐND thành phố Hà Nội Nguyễn Thị Bích Ngọc", "Trưởng Ban Pháp chế HĐND TP Nguyễn Hoài Nam":
# an office (with its committee), the body, a name — the body's capitalised words and the name's run
# together; `_split` tells them apart by the name's family name
_OFFICE_NAME = re.compile(
    rf"(?<!\w)((?:{_ROLE})(?:\s+(?!HĐND|UBND|Hội đồng|Ủy ban)[^\s,.;:]+){{0,4}}?)\s+"
    rf"((?:HĐND|UBND|Hội đồng [Nn]hân dân|Ủy ban [Nn]hân dân|Hội|Ban|Liên hiệp|Liên đoàn|Sở|Thư viện)"
    rf"(?:\s+(?:{_CAP}|thành phố|tỉnh|huyện|quận|xã|thị trấn|TP\.?|Tp\.?|LHPN)){{2,9}})"
)


def _split(rest: str) -> tuple[str, str] | None:
    """ "HĐND thành phố Hà Nội Phạm Thị Thanh Mai" → ("HĐND thành phố Hà Nội", "Phạm Thị Thanh Mai"):
    the longest run of two to four capitalised words at the end that starts with a family name."""
    found = rest.split()
    for n in (4, 3, 2):
        name = found[-n:]
        if len(found) > n and fold(name[0]) in FAMILY_NAMES and all(w[:1].isupper() and not w.isupper() for w in name):
            return " ".join(found[:-n]), " ".join(name)
    return None


# "Đ/c Nguyễn Thanh Hương - HUV, Chủ tịch Hội LHPN huyện khóa 20": a name, then its offices
_NAME_OFFICE = re.compile(
    rf"(?:Đ/c|đ/c|Đồng chí|đồng chí|Ông|ông|Bà|bà)\s+({_NAME})\s*[-–,]\s*(?:[^,;+]{{0,30}},\s*)?({_ROLE})\s+"
    rf"([^,;+\n]{{3,60}}?)(?=\s*(?:[,;+\n]|$|Trạm|Cán bộ|Phó|Trưởng|Chủ tịch))"
)


_TERM_WORDS = re.compile(r",?\s*(?:kh[oó]a\s+\S+|nhiệm kỳ\s+\S+(?:\s*[-–]\s*\d{4})?)", re.I)


@dataclass(frozen=True)
class Office:
    """A person in an office, as a paper names them."""

    name: str
    role: str  # "Chủ tịch"
    body: str  # "HĐND thành phố Hà Nội", "Hội LHPN huyện khóa 20"
    detail: str  # what else the paper says of them: "Giám đốc Thư viện tỉnh Hà Giang"
    term: str | None  # the term the paper says, canonical
    clause: Clause | None
    fact: PersonFact | None = None

    @property
    def line(self) -> str:
        """ "Chủ tịch Hội LHPN huyện: Nguyễn Thanh Hương" (the term is said around it)."""
        who = f"{self.name} ({self.detail})" if self.detail else self.name
        body = " ".join(_TERM_WORDS.sub(" ", self.body).split()).rstrip(" ,")
        return f"{self.role} {body}".strip() + f": {who}"


def from_facts(facts: list[PersonFact], s: Scope) -> list[Office]:
    """People facts of the scope's papers: elected or appointed, in the term or the one before."""
    ids = {p.doc.id for p in s.papers}
    out = []
    for f in facts:
        p = f.person
        if f.doc.id not in ids:
            continue
        term = canonical(p.term) if p.term else None
        detail = " ".join(x for x in (p.title, p.organisation) if x)
        out.append(Office(p.name, p.role, p.body, detail, term, None, f))
    return out


def from_clauses(found: list[Clause], s: Scope) -> list[Office]:
    """Offices the scope's papers name beside a person, of this organisation (or a body of its
    place: the city's people's committee reports to the city's council)."""
    out = []
    for c in found:
        if not _ANY_ROLE.search(c.text):
            continue
        for m in _OFFICE_NAME.finditer(c.text):
            split = _split(m.group(2))
            if split and _ours(s.org, split[0]):
                out.append(Office(split[1], _cap(m.group(1)), split[0], "", _term(c.text), c))
        for m in _NAME_OFFICE.finditer(c.text):
            name, role, body = m.group(1), m.group(2), m.group(3).strip()
            if _ours(s.org, body):
                out.append(Office(name, _cap(role), body, "", _term(body) or _term(c.text), c))
    return out


def _ours(org: OrgName, body: str) -> bool:
    """A body that is the organisation, names only its kind ("Hội LHPN huyện", "HĐND TP"), or is
    one it elects ("UBND thành phố Hà Nội" for the city's council)."""
    if org.named_in(body):
        return True
    bare = re.sub(r"kh[oó]a\s+\S+|nhiệm kỳ.*", "", body)
    folded = OrgName.of(bare).core if len(bare.split()) > 1 else words(bare)
    if org.kind and folded.startswith(org.kind) and not org.others_in(body):
        return True
    elected = ELECTS.get(org.kind, ())
    return bool(org.place) and folded.endswith(org.place) and folded.startswith(elected)


# bodies an organisation elects: a people's council elects its place's people's committee
ELECTS = {"hoi dong nhan dan": ("uy ban nhan dan",)}


def importance(role: str) -> int:
    """How high an office stands, for the order officers are listed in: chairs and secretaries first."""
    r = fold(role)
    for n, words_ in enumerate(_RANKS):
        if r.startswith(words_):
            return n
    return len(_RANKS)


_RANKS = ("chu tich", "bi thu", "pho chu tich", "pho bi thu", "tong thu ky", "truong ban", "pho truong ban", "uy vien")


def _term(text: str) -> str | None:
    found = terms_in(text)
    return found[0] if found else None


def _cap(role: str) -> str:
    return role[:1].upper() + role[1:]
