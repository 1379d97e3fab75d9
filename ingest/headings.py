"""The headings of a report or resolution and where each passage stands under them:
"II. Đại hội đã nhất trí thông qua mục tiêu, nhiệm vụ … › 2. Một số chỉ tiêu cơ bản".

A heading is a paragraph (or the start of one, where the text layer ran it into its first
sentence) numbered the way Vietnamese papers number their parts: "PHẦN I", "Chương II",
"I.", "1.", "1.1.", "a)", or a short line in capitals. Its level comes from its numbering.
"""

from __future__ import annotations

import bisect
import re

# numbering → level: a part or chapter, a Roman numeral, an Arabic one, a decimal one, a letter
_NUMBERED = [
    (0, re.compile(r"(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:[IVXLC]{1,5}|\d{1,2}|THỨ\s+\w+|thứ\s+\w+)\b[.:]?")),
    (1, re.compile(r"[IVX]{1,5}\s*[.)/-](?=\s)")),
    (3, re.compile(r"\d{1,2}\.\d{1,2}\.?(?=\s)")),
    (2, re.compile(r"\d{1,2}\s*[.)/](?=\s)")),
    (4, re.compile(r"[a-zđ]\)(?=\s)")),
]
_CAPITALS_LEVEL = 0  # "ĐẠI HỘI … QUYẾT NGHỊ", "KẾT QUẢ THỰC HIỆN …": above the numbered parts
HEAD = 400  # capitals in a paper's first characters are its header and title, not a part of it
MAX_LABEL = 90  # characters of a heading shown in a path; longer ones are cut at a word
# where a heading run into its first sentence ends: a full stop or colon, "(1).", a dash or bullet
# between words (not "2021 - 2026"), the next item's number
_END = re.compile(r"(?<=[^\s.]{2})[.:;](?=\s|$)|\s\(\d{1,2}\)[.)]?\s|(?<!\d)\s[-–+•]\s|\s\d{1,2}\.\s")
# not headings: the national motto and a paper's addressees and signature lines
_NOT = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|^(?:ĐỘC LẬP|NƠI NHẬN|TM\.|KT\.|TL\.|Q\.)", re.I)


def headings(text: str) -> list[tuple[int, int, str]]:
    """(offset, level, label) of each heading in a document's text, in order."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not stripped or _NOT.search(stripped):
            continue
        found = _heading(stripped)
        if found and not (found[0] == _CAPITALS_LEVEL and start < HEAD):
            out.append((start + len(line) - len(line.lstrip()), *found))
    return out


def _heading(line: str) -> tuple[int, str] | None:
    for level, rx in _NUMBERED:
        m = rx.match(line)
        if m:
            rest = line[m.end() :].strip()
            end = _END.search(rest)
            title = rest[: end.start()] if end else rest
            if not title or not (title[0].isupper() or title[0].isdigit()) or len(title) > 3 * MAX_LABEL:
                return None  # "1. số liệu …", a list item's long sentence
            return level, _short(f"{m.group().strip()} {title.strip()}")
    letters = [c for c in line if c.isalpha()]
    capitals = bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
    if 8 <= len(line) <= MAX_LABEL and ";" not in line and capitals:
        return _CAPITALS_LEVEL, _short(line)
    return None


def _short(label: str) -> str:
    label = " ".join(label.split()).rstrip(" ,;:-–")
    if len(label) <= MAX_LABEL:
        return label
    cut = label.rfind(" ", 0, MAX_LABEL)
    return label[: cut if cut > 0 else MAX_LABEL].rstrip(" ,;:-–") + " …"


def path_of(found: list[tuple[int, int, str]], start: int, end: int) -> tuple[str, ...]:
    """The headings a passage from `start` to `end` stands under: where a heading begins inside it,
    those of its longer part (a passage that ends with "2. Một số chỉ tiêu cơ bản" and its first
    target, after a long stretch of "1. Mục tiêu chung", is under the first)."""
    inside = [h[0] for h in found if start < h[0] < end]
    bounds = [start, *inside, end]
    parts = list(zip(bounds, bounds[1:]))
    a, _ = max(reversed(parts), key=lambda p: p[1] - p[0])  # the later of two equal parts
    return path_at(found, a + 1 if a > start else a)


def path_at(found: list[tuple[int, int, str]], offset: int) -> tuple[str, ...]:
    """The headings a passage starting at `offset` stands under, outermost first."""
    stack: list[tuple[int, str]] = []
    for _start, level, label in found[: bisect.bisect_left(found, offset, key=lambda h: h[0])]:
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, label))
    return tuple(label for _, label in stack)
