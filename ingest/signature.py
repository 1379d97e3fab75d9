"""Who signed a document: the signature block at the end of a resolution, decision or report.

    TM. ỦY BAN NHÂN DÂN
    KT. CHỦ TỊCH
    PHÓ CHỦ TỊCH
    Dương Đức Tuấn

The capitalised title right before the name ("PHÓ CHỦ TỊCH", "THỨ TRƯỞNG") is the signer's own;
"KT." (signing for) and "TM." (on behalf of) lines name whom they sign for. The name is the run of
capitalised words that follows, as the PDF's text layer or OCR gives it, on one line or several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.people import UPPER

TITLES = (
    "PHÓ THỦ TƯỚNG",
    "THỦ TƯỚNG",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "THỨ TRƯỞNG",
    "BỘ TRƯỞNG",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "PHÓ BÍ THƯ",
    "BÍ THƯ",
    "CHÁNH VĂN PHÒNG",
    "HIỆU TRƯỞNG",
    "TỔNG GIÁM ĐỐC",
    "VIỆN TRƯỞNG",
    "CỤC TRƯỞNG",
)
_LOWER = "a-zà-ỹđ"
_BLOCK = re.compile(  # "KT. CHỦ TỊCH" is passed over by itself: a title is followed by a name here
    rf"(?<![{UPPER}])({'|'.join(TITLES)})\s+"
    rf"((?:[{UPPER}][{_LOWER}]+[ \t]+){{1,3}}[{UPPER}][{_LOWER}]+)(?![{_LOWER}{UPPER}])"
)


@dataclass(frozen=True)
class Block:
    name: str  # "Triệu Đình Lê"
    title: str  # "Chủ tịch", the signer's own
    start: int  # where the name stands in the text
    end: int


def signature(text: str) -> Block | None:
    """The last signature block of a text (a document's last pages), or None."""
    found = None
    for m in _BLOCK.finditer(text):
        found = m
    if found is None:
        return None
    title = found.group(1).capitalize()
    return Block(found.group(2), title, found.start(2), found.end(2))
