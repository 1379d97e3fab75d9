"""Rows of a table of targets and results, as a PDF's text layer gives them: "3 Hộ gia đình đạt gia
đình văn minh - hạnh phúc. 80% 93% Vượt 13%" — what was aimed at, the target, the result and the
verdict (Vượt, Hoàn thành, Đạt, Không đạt, Chưa đạt).

Read from a table standing under a heading about how the targets went ("KẾT QUẢ THỰC HIỆN CÁC
CHỈ TIÊU CƠ BẢN …"). Where two rows share a cell the layer gives their values in column order
(both targets, then both results), and so does the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text import fold

_UNIT = r"(?:%|hộ|[Nn]gười|vấn\s+đề(?:/năm)?|mô hình|cây|lao động)"
_VALUE = rf"(?!(?:19|20)\d\d(?![\d.,]))\d[\d.,]*(?:\s*-\s*\d[\d.,]*)?\s*{_UNIT}?"
_VERDICT = rf"Vượt(?:\s+\d[\d.,]*\s*{_UNIT})?|Hoàn\s+thành|Không\s+đạt|Chưa\s+đạt|Đạt"
ROW = re.compile(
    rf"(?P<what>\S.{{12,}}?)\s+(?P<values>(?:{_VALUE}\s+){{1,3}}{_VALUE})\s+(?P<verdict>{_VERDICT})(?!\w)",
    re.S,
)
_HEADER = re.compile(r"^.*(?:Đánh giá|Kết quả|Chỉ tiêu Đại hội)\s+", re.S)  # the table's own header row
_NUMBER = re.compile(_VALUE)


@dataclass(frozen=True)
class Row:
    what: str  # what was aimed at
    targets: tuple[str, ...]
    results: tuple[str, ...]
    verdict: str
    start: int  # where the row starts in the text it was read from
    end: int


def is_results_heading(label: str) -> bool:
    """ "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CƠ BẢN NGHỊ QUYẾT …": a heading over targets and results."""
    folded = fold(label)
    return "chi tieu" in folded and ("ket qua" in folded or "thuc hien" in folded)


def table_regions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, heading) of each stretch of a text under a heading about how targets went,
    up to the next heading in capitals."""
    paragraphs, pos = [], 0
    for para in text.split("\n\n"):
        paragraphs.append((pos, para))
        pos += len(para) + 2
    out = []
    for i, (start, para) in enumerate(paragraphs):
        if len(para) > HEADING or "chỉ tiêu" not in para.lower() or not is_results_heading(para):
            continue
        end = next((s for s, p in paragraphs[i + 1 :] if _capitals(p)), len(text))
        out.append((start + len(para), end, " ".join(para.split())))
    return out


HEADING = 200  # characters: a longer paragraph is a sentence, not a heading


def _capitals(para: str) -> bool:
    letters = [c for c in para if c.isalpha()]
    return 8 <= len(para) <= HEADING and bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def rows(text: str) -> list[Row]:
    """The rows of a targets-and-results table in a text."""
    out = []
    for m in ROW.finditer(text):
        values = [v.group().strip() for v in _NUMBER.finditer(m.group("values"))]
        if len(values) not in (2, 4):
            continue
        half = len(values) // 2
        what = " ".join(_HEADER.sub("", m.group("what")).split())
        what = re.sub(r"^\d{1,2}\s+", "", what).rstrip(" .")
        if len(what) < 12:
            continue
        start = m.start("what") + (len(m.group("what")) - len(m.group("what").lstrip()))
        verdict = " ".join(m.group("verdict").split())
        out.append(Row(what, tuple(values[:half]), tuple(values[half:]), verdict, start, m.end()))
    return out
