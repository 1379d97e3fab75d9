"""The records `ingest/` produces: a Document (pages of clean text) and its Chunks."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as printed in a PDF viewer
    text: str


@dataclass(frozen=True)
class Document:
    path: str  # where it was read from
    name: str  # file name shown to people
    sha256: str  # identity: the same bytes are the same document
    pages: tuple[Page, ...]
    title: str = ""
    meta: dict = field(default_factory=dict, compare=False)
    notes: tuple[str, ...] = ()  # what the reader had to do: OCR, a legacy encoding, a lying suffix

    @property
    def text(self) -> str:
        """All pages joined by blank lines; chunk offsets point into this string."""
        return PAGE_BREAK.join(p.text for p in self.pages)

    def page_starts(self) -> list[int]:
        starts, pos = [], 0
        for p in self.pages:
            starts.append(pos)
            pos += len(p.text) + len(PAGE_BREAK)
        return starts


PAGE_BREAK = "\n\n"


@dataclass(frozen=True)
class Chunk:
    ord: int  # position in the document, from 0
    text: str
    page_start: int
    page_end: int
    char_start: int  # offsets into Document.text
    char_end: int
    section: str = "other"  # achievements, difficulties, directions, decisions, elections, other
    heading: str = ""  # the headings it stands under: "II. … › 2. Một số chỉ tiêu cơ bản"

    @property
    def pages(self) -> str:
        """"3" or "3-4", for citations."""
        if self.page_start == self.page_end:
            return str(self.page_start)
        return f"{self.page_start}-{self.page_end}"
