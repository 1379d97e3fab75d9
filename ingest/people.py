"""Who was elected or appointed to what: "Bà Nguyễn Thị Thanh Phương - Giám đốc Thư viện tỉnh
Hà Giang giữ chức Chủ tịch". Each fact keeps its page and the sentence it comes from."""

from __future__ import annotations

import re

from ingest.meta import named_term
from ingest.records import Document, Person
from ingest.sentences import sentences
from ingest.text import clean_spaces

UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_NAME = rf"[{UPPER}][\w]*(?:\s+[{UPPER}][\w]*){{1,4}}"
_HONORIFIC = re.compile(rf"(?<!\w)(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|[Đđ]/c)\s+({_NAME})")
ROLES = [
    "Phó Chủ tịch thường trực",
    "Phó Chủ tịch",
    "Chủ tịch",
    "Tổng Thư ký",
    "Phó Tổng Thư ký",
    "Thư ký",
    "Phó Bí thư",
    "Bí thư",
    "Tổng Bí thư",
    "Phó Trưởng ban",
    "Trưởng ban",
    "Ủy viên Ban Thường vụ",
    "Ủy viên Ban Chấp hành",
    "Ủy viên",
    "Phó Chủ nhiệm",
    "Chủ nhiệm",
    "Phó Giám đốc",
    "Giám đốc",
    "Phó Thủ tướng",
    "Thủ tướng",
    "Bộ trưởng",
    "Thứ trưởng",
    "Trưởng đoàn",
    "Chánh Văn phòng",
    "Kiểm soát viên",
]
_ROLE = "|".join(re.escape(r) for r in sorted(ROLES, key=len, reverse=True))
_STATEMENT = re.compile(
    rf"(?:giữ chức(?: vụ)?|được bầu (?:làm|giữ chức|là)?|tái đắc cử(?: chức)?|trúng cử(?: chức)?|"
    rf"được bổ nhiệm (?:giữ chức |làm )?|được giao (?:giữ chức |làm )?)\s*({_ROLE})((?:\s+[{UPPER}][\w]*)*)",
    re.I,
)
_TITLE = re.compile(
    rf"^\s*[-–—,]?\s*({_ROLE}|Vụ trưởng|Phó Vụ trưởng|Trưởng phòng|Phó Trưởng phòng|"
    rf"Hiệu trưởng|Trưởng|Phó)\b\s*(.*)$"
)
_REMOVAL = re.compile(r"(thôi|miễn nhiệm|cách|bãi nhiệm|không)\s*$", re.I)


def _subjects(clause: str) -> list[tuple[str, str, str]]:
    """(name, title, organisation) for each person named in a clause, in order."""
    found = list(_HONORIFIC.finditer(clause))
    out = []
    for i, m in enumerate(found):
        rest = clause[m.end() : found[i + 1].start() if i + 1 < len(found) else len(clause)]
        rest = re.sub(r"\s+(?:và|cùng)\s*$", "", clean_spaces(rest)).strip(" ,;-–—")
        title, org = "", ""
        t = _TITLE.match(rest)
        if t:
            title, org = t.group(1), t.group(2).strip(" ,;")
        out.append((m.group(1), title, org))
    return out


def people(doc: Document, default_term: str | None = None) -> list[Person]:
    """Election and appointment facts found in the document's sentences."""
    out: list[Person] = []
    for page in doc.pages:
        text = page.text
        spans = sentences(text)
        for n, (a, b) in enumerate(spans):
            sentence = text[a:b]
            if not _STATEMENT.search(sentence):
                continue
            context = text[spans[n - 1][0] : a] if n else ""
            term = named_term(sentence) or named_term(context) or default_term
            start = 0
            for m in _STATEMENT.finditer(sentence):
                if _REMOVAL.search(sentence[max(0, m.start() - 16) : m.start()]):
                    start = m.end()
                    continue  # "cho thôi giữ chức", "miễn nhiệm": not an election
                clause_start = max(sentence.rfind(":", start, m.start()), sentence.rfind(";", start, m.start()))
                clause = sentence[max(start, clause_start + 1) : m.start()]
                role = m.group(1)[0].upper() + m.group(1)[1:]
                for name, title, org in _subjects(clause):
                    out.append(Person(name, title, org, role, clean_spaces(m.group(2)), term, page.number, sentence))
                start = m.end()
    return _unique(out)


def _unique(found: list[Person]) -> list[Person]:
    seen, out = set(), []
    for p in found:
        key = (p.name, p.role, p.term)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
