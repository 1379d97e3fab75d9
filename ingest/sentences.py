"""Where Vietnamese sentences end: a full stop before a capital, a digit or an opening mark,
or a paragraph break; not after an abbreviation ("TP. Lạng Sơn", "ThS. Nguyễn", "v.v. và")."""

from __future__ import annotations

import re

# Words after which a period does not end a Vietnamese sentence ("TP. Lạng Sơn",
# "ThS. Nguyễn", "v.v. và", "Th.S."), compared lowercased without the final dot.
ABBREVIATIONS = {
    "tp",
    "tx",
    "tt",
    "ths",
    "th.s",
    "ts",
    "ts.bs",
    "pgs",
    "pgs.ts",
    "gs",
    "gs.ts",
    "bs",
    "ks",
    "cn",
    "v.v",
    "vv",
    "đ/c",
    "đc",
    "q",
    "p",
    "h",
    "x",
    "st",
    "nxb",
    "tr",
    "vd",
    "mr",
    "mrs",
    "ms",
    "dr",
    "no",
    "số",
    "ông",
    "bà",
    "kt",
    "tm",
    "tl",
    "q.",
    "ubnd",
    "hđnd",
    "sl",
}
_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+(\S))|\n+")
_OPENERS = '"“([-–•+*'


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence; paragraph breaks always end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if not m.group().startswith("\n"):
            after = m.group(1)
            if not (after.isupper() or after.isdigit() or after in _OPENERS):
                continue  # "v.v. và ..." goes on
            if m.group().startswith(".") and _is_abbreviation(text, m.start()):
                continue
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add_span(text, start, end, spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    word = text[max(0, text.rfind(" ", 0, dot) + 1) : dot].lower().lstrip('("“')
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "Nguyễn V. An"


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
