"""Names as papers write them: an organisation in its several forms ("Hội đồng nhân dân thành phố
Hà Nội", "HĐND TP Hà Nội", "HĐND Hà Nội"), and terms of office in theirs ("khóa XX", "khóa 20",
"nhiệm kỳ 2016 - 2021", which one paper may say are the same term).

Compared on folded words (no marks, lowercase) with the abbreviations organisations write spelt
out, so a name matches however it is typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ingest.text import ABBREVIATIONS, fold, normalize
from kb.filters import normalize_term

# abbreviations of names spelt out before comparing ("Hội LHPN huyện", "HĐND TP", "Tp. Hà Nội")
_SPELT = {fold(k): fold(v) for k, v in ABBREVIATIONS.items() if k.isupper() and "-" not in k}
_SPELT |= {"tp": "thanh pho", "tx": "thi xa", "tt": "thi tran", "ubnd": "uy ban nhan dan"}
_WORD = re.compile(r"\w+")
# words that only say what kind of body a name is ("Hội", "Liên hiệp"): a name is known by the rest
_GENERIC_HEADS = (("hoi", "lien", "hiep"), ("lien", "hiep"), ("hoi",))
# administrative levels written before a place's name, often left out ("HĐND Hà Nội")
ADMIN = {"tinh", "thanh pho", "huyen", "quan", "thi xa", "thi tran", "xa", "phuong"}
_ADMIN_RE = "|".join(sorted(ADMIN, key=len, reverse=True))
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL")]
ROMAN += [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


# fold() one letter at a time through a table: the same result for text in NFC (as the store keeps it),
# ten times faster than decomposing each text
_FOLDS = {c: fold(c) for c in map(chr, [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]) if len(fold(c)) == 1}
_FOLD_TABLE = str.maketrans({c: f for c, f in _FOLDS.items() if f != c.lower()} | {"Đ": "d", "đ": "d"})


def quick_fold(text: str) -> str:
    """`ingest.text.fold` of a text in NFC, through a table; other text goes the long way."""
    if unicodedata.is_normalized("NFC", text):
        return text.lower().translate(_FOLD_TABLE)
    return fold(text)


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[tuple[str, bool], ...]:
    """A text's words folded, with the abbreviations of names spelt out, each with whether it was
    written with a capital: "HĐND TP. Hà Nội" → hoi dong nhan dan thanh pho ha noi, all capitals."""
    text = normalize(text)
    folded = quick_fold(text)
    aligned = len(folded) == len(text)  # folding keeps one letter per letter (NFC Vietnamese does)
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        bare = folded[m.start() : m.end()] if aligned else fold(w)
        for part in _SPELT.get(bare, bare).split():
            out.append((part, w[:1].isupper()))
    return tuple(out)


@lru_cache(maxsize=8192)
def words(text: str) -> str:
    """A text as folded words with the abbreviations of names spelt out: "HĐND TP. Hà Nội" →
    "hoi dong nhan dan thanh pho ha noi" (folding drops every mark, so tone placement cannot differ)."""
    return " ".join(_SPELT.get(w, w) for w in _WORD.findall(quick_fold(text)))


@dataclass(frozen=True)
class OrgName:
    """An organisation as the knowledge base names it, and the pattern its other forms match."""

    name: str  # "Hội Liên hiệp Phụ nữ huyện Gia Lâm"
    core: str  # its distinctive words: "phu nu huyen gia lam"
    head: str  # the words that only said what kind of body it is, left out of `core`: "hoi lien hiep"
    kind: str  # the words before its place: "phu nu"; "" when it names no place
    place: str  # "gia lam"; "" when none
    level: str = ""  # the administrative level before the place: "huyen"

    @classmethod
    def of(cls, name: str) -> OrgName:
        tokens = words(name).split()
        dropped = ""
        for head in _GENERIC_HEADS:
            n = len(head)
            rest = tokens[n:]
            if tuple(tokens[:n]) == head and len(rest) >= 2 and rest[0] != "dong":
                tokens, dropped = rest, " ".join(head)
                break
        core = " ".join(tokens)
        kind, place, level = core, "", ""
        m = re.search(rf"(?:^| )({_ADMIN_RE}) (\w.*)$", core)
        if m and m.start() > 0:
            kind, place, level = core[: m.start()].strip(), m.group(2), m.group(1)
        return cls(name, core, dropped, kind, place, level)

    @cached_property
    def pattern(self) -> re.Pattern:
        """Its forms in folded words: the kind, the level optional, the place ("hoi dong nhan dan
        (thanh pho )?ha noi"); a name without a place, its distinctive words as they are."""
        if self.place:
            body = rf"{re.escape(self.kind)} (?:(?:{_ADMIN_RE}) )?{re.escape(self.place)}"
        else:
            body = re.escape(self.core)
        return re.compile(rf"(?<!\w){body}(?!\w)")

    def named_in(self, text: str) -> bool:
        """Whether a text names this organisation in one of its forms."""
        return bool(text) and self.found_in(words(text))

    def found_in(self, folded: str) -> bool:
        """Whether text already in folded words (`words`) names this organisation: the words it
        cannot do without are looked for first (a substring test), the pattern only then."""
        if self.place:
            if self.place not in folded or self.kind not in folded:
                return False
        elif self.core not in folded:
            return False
        return bool(self.pattern.search(folded))

    def named_as_itself(self, text: str) -> bool:
        """Whether a text names this organisation other than in a person's title ("Nguyễn Thiện
        Nhân, … Bí thư Thành ủy TP Hồ Chí Minh" names a person, not the committee)."""
        folded = words(text)
        if not self.found_in(folded):
            return False
        return any(not _TITLE_BEFORE.search(folded[: m.start()]) for m in self.pattern.finditer(folded))

    def others_in(self, text: str) -> bool:
        """Whether a text names another body of the same kind ("Hội LHPN xã Kim Sơn", "Đại hội
        đại biểu Phụ nữ toàn quốc" beside "Hội LHPN huyện Gia Lâm") and not this one."""
        if not (self.kind and self.place) or self.kind not in words(text) or self.named_in(text):
            return False
        found = tokens(text)
        kind = self.kind.split()
        first = self.place.split()[0]
        for i in range(len(found) - len(kind)):
            if [w for w, _ in found[i : i + len(kind)]] != kind:
                continue
            if self.head and (i == 0 or found[i - 1][0] not in _HEAD_ENDS):
                continue  # "phụ nữ Việt Nam" is women, "Hội Phụ nữ …" a body
            j = i + len(kind)
            level = next((n for n in (2, 1) if " ".join(w for w, _ in found[j : j + n]) in ADMIN), 0)
            said_level = " ".join(w for w, _ in found[j : j + level])
            if said_level and self.level and said_level != self.level:
                return True  # "Hội LHPN xã" beside "Hội LHPN huyện …": a body of another level
            after = found[j + level : j + level + 2]
            said = " ".join(w for w, _ in after)
            if after and after[0][0] in FAMILY_NAMES and len(after) > 1 and after[1][1]:
                continue  # "HĐND TP Nguyễn Ngọc Tuấn": a person of the body, not another body
            if after and (after[0][1] or said in _WHOLE) and after[0][0] != first:
                return True  # "… Phụ nữ xã Kim Sơn", "… Phụ nữ toàn quốc"
        return False


_WHOLE = {"toan quoc", "viet nam", "trung uong"}
# an office right before a body's name: the name is part of a person's title
_TITLE_BEFORE = re.compile(r"(?:chu tich|bi thu|uy vien|truong ban|giam doc|chanh van phong|thuong truc|tong thu ky) $")
# the commonest Vietnamese family names, folded: a capitalised word after a body that starts a person's name
FAMILY_NAMES = set(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly trinh dinh mai dao cao luong trieu "
    "ta lam to thach khuc vuong chu kieu doan luu tang nong hua quach truong tong mac lai luc".split()
)
# the last word of what names a body before its kind: "Hội", "Liên hiệp", "Đại hội đại biểu"
_HEAD_ENDS = {"hoi", "hiep", "bieu"}  # the whole country: another body than a local one


# --- terms ---------------------------------------------------------------------------------
_KHOA = re.compile(r"kh[oó]a\s+([IVXLC]{1,7}|\d{1,2})(?![\w/])", re.I)
_YEARS = re.compile(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)")
# "khóa XX, nhiệm kỳ 2016 - 2021", "nhiệm kỳ 2016-2021 (khóa XX)": one term said two ways
_SAME_TERM = re.compile(
    r"kh[oó]a\s+([IVXLC]{1,7}|\d{1,2})\s*[,(–-]?\s*(?:nhiệm\s+kỳ\s*)?((?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)"
    r"|nhiệm\s+kỳ\s+((?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)\s*[,(]\s*kh[oó]a\s+([IVXLC]{1,7}|\d{1,2})",
    re.I,
)


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def arabic(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        va, vb = values.get(a, 0), values.get(b, 0)
        total += -va if va < vb else va
    return total


def canonical(term: str) -> str:
    """One spelling per term: "2018 - 2020" → "2018-2020", "Khoá 20" and "khóa xx" → "khóa XX"."""
    term = normalize_term(normalize(term).strip())
    m = re.fullmatch(r"(?:kh[oó]a|nhiệm\s+kỳ)\s+(\d{1,2}|[ivxlc]+)", term, re.I)
    if m:
        number = m.group(1)
        return "khóa " + (roman(int(number)) if number.isdigit() else number.upper())
    return term


def terms_in(text: str) -> list[str]:
    """The terms a text names, in canonical spelling and order: "nhiệm kỳ 2018 - 2020", "khóa XV"."""
    found = []
    for m in re.finditer(r"(?:nhiệm\s+kỳ|nhiệm\s+kì|\bNK)\s*:?\s*" + _YEARS.pattern, text, re.I):
        found.append((m.start(), f"{m.group(1)}-{m.group(2)}"))
    for m in _KHOA.finditer(text):
        found.append((m.start(), canonical(f"khóa {m.group(1)}")))
    return list(dict.fromkeys(t for _, t in sorted(found)))


def same_terms(text: str) -> list[tuple[str, str]]:
    """(khóa, years) pairs a text says are one term: "khóa XV, nhiệm kỳ 2016 - 2021"."""
    out = []
    for m in _SAME_TERM.finditer(text):
        khoa, years = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        y = _YEARS.search(years)
        if y and 0 < int(y.group(2)) - int(y.group(1)) <= 10:
            out.append((canonical(f"khóa {khoa}"), f"{y.group(1)}-{y.group(2)}"))
    return out


def years_of(term: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{4})-(\d{4})", term)
    return (int(m.group(1)), int(m.group(2))) if m else None


def number_of(term: str) -> int | None:
    m = re.fullmatch(r"khóa ([IVXLC]+)", term)
    return arabic(m.group(1)) if m else None
