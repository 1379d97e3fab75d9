"""The records `ingest/` produces: a Document (pages of clean text, what it is, who it names) and its Chunks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ingest.messages import Message

PAGE_BREAK = "\n\n"
HEADING_SEPARATOR = " › "
Span = tuple[int, int]  # (start, end) offsets into a text


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as printed in a PDF viewer
    text: str


@dataclass(frozen=True)
class Person:
    """Who was elected or appointed to what: "Bà Nguyễn Thị Thanh Phương … giữ chức Chủ tịch"."""

    name: str
    title: str  # what the person is outside the role: "Giám đốc"
    organisation: str  # … of where: "Thư viện tỉnh Hà Giang"
    role: str  # "Chủ tịch"
    body: str  # what the role is in, when the text says: "Liên hiệp", "Bộ Chính trị"
    term: str | None
    page: int
    passage: str  # the sentence it comes from

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Signer:
    """Who signed a paper, from its signature block ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Dương Đức Tuấn")."""

    name: str  # "Dương Đức Tuấn"
    title: str  # the signer's own, "Phó chủ tịch"
    page: int


@dataclass(frozen=True)
class DocumentMeta:
    """What a document is, found at ingest (ingest/describe.py); a person may correct some of it."""

    header: str = ""  # its first paragraph: the issuer beside the national header, a news headline
    kind: str = "other"  # one of ingest.meta.KINDS
    date: str | None = None  # ISO, "2018-05-10" (or "2021-07", "2021" when the day is blank)
    date_end: str | None = None  # the last day of a meeting that lasted several
    terms: tuple[str, ...] = ()  # "2018-2020", "khóa XIV"
    reviews: str | None = None  # the term it looks back on
    plans: str | None = None  # the term it sets directions for
    organisations: tuple[str, ...] = ()  # the issuer first
    places: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()  # its own number first ("33/2022/NQ-HĐND"), then those it announces
    signer: Signer | None = None
    minhash: tuple[int, ...] = field(default=(), repr=False)  # to find the same paper in another rendering

    def as_json(self) -> dict:
        """Plain values for JSON and SQL (the signature as a list of ints, the signer as an object)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        for key, value in out.items():
            if isinstance(value, tuple):
                out[key] = list(value)
        out["signer"] = asdict(self.signer) if self.signer else None
        return out

    @classmethod
    def from_json(cls, data: dict) -> DocumentMeta:
        """From what `as_json` wrote (unknown keys ignored, missing ones default)."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}
        if isinstance(data.get("signer"), dict):
            values["signer"] = Signer(**data["signer"])
        return cls(**values)


@dataclass(frozen=True)
class Document:
    path: str  # where it was read from
    name: str  # file name shown to people
    sha256: str  # identity: the same bytes are the same document
    pages: tuple[Page, ...]
    title: str = ""
    meta: DocumentMeta = field(default_factory=DocumentMeta, compare=False)
    people: tuple[Person, ...] = field(default=(), compare=False)  # elections and appointments it records
    notes: tuple[Message, ...] = ()  # what the reader had to do: OCR, a legacy encoding, a lying suffix

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


@dataclass(frozen=True)
class Chunk:
    ord: int  # position in the document, from 0
    text: str
    page_start: int
    page_end: int
    char_start: int  # offsets into Document.text
    char_end: int
    # the parts of a meeting report it belongs to, strongest first: achievements, difficulties,
    # directions, decisions, elections, other (ingest/sections.py)
    sections: tuple[str, ...] = ("other",)
    heading: tuple[str, ...] = ()  # the headings it stands under, outermost first: ("II. …", "2. Chỉ tiêu")
    # its sentences that are a paper's formalities (the national header, its number, legal bases,
    # the execution clause, a digital signature's stamp): they name the paper and answer nothing in it
    formal: tuple[Span, ...] = ()

    @property
    def pages(self) -> str:
        """ "3" or "3-4", for citations."""
        if self.page_start == self.page_end:
            return str(self.page_start)
        return f"{self.page_start}-{self.page_end}"

    @property
    def section(self) -> str:
        """The strongest part it belongs to."""
        return self.sections[0] if self.sections else "other"

    @property
    def heading_text(self) -> str:
        """ "II. … › 2. Một số chỉ tiêu cơ bản", or "" when it stands under none."""
        return HEADING_SEPARATOR.join(self.heading)
