"""Vietnamese text rules, kept in one place: normalize, fold, tokenize, clean PDF lines.

`kb/` calls the same functions on queries, so a document and a query written
in different Unicode forms or tone placements meet on the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_WORD = re.compile(r"\w+")
# A syllable ending in oa, oe or uy with its tone on the second vowel ("hoá",
# "khoẻ", "thuý") is the old placement; the new one puts it on the first vowel
# ("hóa", "khỏe", "thúy"). "qu" is a consonant, so "quý" keeps its mark on y.
_OLD_TONE = re.compile(r"(?<![qQ])([oO][aAeE]|[uU][yY])([" + TONES + "])(?!\\w)")
_RULES = re.compile(r"[_=*~—–-]{5,}|\.{6,}")  # drawn lines and dotted blanks of forms
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")


def _move_tone(match: re.Match) -> str:
    pair, tone = match.group(1), match.group(2)
    return pair[0] + tone + pair[1]


# Some PDF fonts write "ư" as the letter oi "ƣ" (U+01A3): "ngƣời", "TƢ TƢỞNG" (the Gia Lâm data appendix)
_OI = str.maketrans("ƣƢ", "ưƯ")


def normalize(text: str) -> str:
    """NFC, one tone placement ("hoá" → "hóa", "Thuý" → "Thúy"), "ƣ" read as "ư", no control
    characters."""
    decomposed = unicodedata.normalize("NFD", text.translate(_OI))
    decomposed = _OLD_TONE.sub(_move_tone, decomposed)
    text = unicodedata.normalize("NFC", decomposed)
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


def fold(text: str) -> str:
    """Lowercase and drop every Vietnamese mark: "Nghị quyết Đảng" → "nghi quyet dang"."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def is_folded(text: str) -> bool:
    """True when a text has letters but not one Vietnamese mark: a query typed without accents."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and fold(text) == text.lower()


# Abbreviations organisations write for their own names and common phrases, with what they stand
# for. Search reads either form as both ("CNTT" and "công nghệ thông tin"); meta spells out names.
ABBREVIATIONS = {
    "CNTT": "công nghệ thông tin",
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "LHPN": "Liên hiệp Phụ nữ",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "KT-XH": "kinh tế - xã hội",
    "ATGT": "an toàn giao thông",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "NTM": "nông thôn mới",
    "XHCN": "xã hội chủ nghĩa",
    "LĐLĐ": "Liên đoàn Lao động",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "ĐBQH": "đại biểu Quốc hội",
    "CCHC": "cải cách hành chính",
    "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế",
    "CSGT": "cảnh sát giao thông",
    "TAND": "Tòa án nhân dân",
    "VKSND": "Viện kiểm sát nhân dân",
    "HTX": "hợp tác xã",
    "PCCC": "phòng cháy chữa cháy",
    "ANTT": "an ninh trật tự",
    "CLB": "câu lạc bộ",
    "TDTT": "thể dục thể thao",
    "TNCS": "Thanh niên Cộng sản",
    "GD-ĐT": "giáo dục và đào tạo",
    "KH-CN": "khoa học và công nghệ",
    "TN-MT": "tài nguyên và môi trường",
    "NN-PTNT": "nông nghiệp và phát triển nông thôn",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "HCM": "Hồ Chí Minh",
    "TP": "Thành phố",
}


def syllables(text: str) -> list[str]:
    """Lowercase Vietnamese syllables (and numbers) of a normalized text."""
    return _WORD.findall(normalize(text).lower())


def _words(text: str) -> str:
    return " ".join(syllables(text))


# matched on words only, so "Văn hóa, Thể thao và Du lịch" and "văn hóa thể thao và du lịch" are one phrase
_LONG = {_words(short): _words(long) for short, long in ABBREVIATIONS.items()}
_SHORT = {long: short for short, long in _LONG.items()}
_SHORT_FORM = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, _LONG), key=len, reverse=True)) + r")(?!\w)")
_LONG_FORM = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, _SHORT), key=len, reverse=True)) + r")(?!\w)")


def other_forms(text: str) -> list[str]:
    """The other form of each abbreviation or spelt-out phrase in a text, lowercase words, once each:
    "Ứng dụng CNTT tại Sở Văn hóa, Thể thao và Du lịch" → ["công nghệ thông tin", "vhttdl"]."""
    words = _words(text)
    found = {_LONG[m.group(1)] for m in _SHORT_FORM.finditer(words)}
    found |= {_SHORT[m.group(1)] for m in _LONG_FORM.finditer(words)}
    return sorted(found)


def clean_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# --- PDF and hard-wrapped text -------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang|page|tr\.)?\s*\d{1,4}\s*(?:/\s*\d{1,4})?[-–—\s]*$", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?:;…\"”)]$")
_STARTS_BLOCK = re.compile(r"^(?:[-–—+•*▪●◦]|\d{1,3}[.)/]|[IVXLC]{1,5}[.)]|[a-zđ][)]\s|[A-ZĐ\d\"“(])")


def join_lines(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; blank lines and new items still break."""
    paragraphs: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = clean_spaces(_RULES.sub(" ", raw))
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[:1].islower():
            current = current[:-1] + line  # hyphenation undone
        elif _ENDS_SENTENCE.search(current) and _STARTS_BLOCK.match(line):
            paragraphs.append(current)
            current = line
        else:
            current += " " + line
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", clean_spaces(line).lower())


def drop_running_lines(pages: list[str], edge: int = 3) -> list[str]:
    """Drop page numbers and header/footer lines repeated on most pages."""
    split = [[ln for ln in p.splitlines()] for p in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        nonblank = [ln for ln in lines if ln.strip()]
        counts.update({_line_key(ln) for ln in nonblank[:edge] + nonblank[-edge:]})
    threshold = max(3, (len(pages) + 1) // 2)
    repeated = {k for k, n in counts.items() if n >= threshold and k.strip("# ")}
    out = []
    for lines in split:
        nonblank_idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(nonblank_idx[:edge] + nonblank_idx[-edge:])
        kept = [
            ln
            for i, ln in enumerate(lines)
            if not (i in edges and (_PAGE_NUMBER.match(ln.strip()) or _line_key(ln) in repeated))
        ]
        out.append("\n".join(kept))
    return out
