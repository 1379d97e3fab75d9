"""What a brief is: parts of cited lines about one organisation in one term of office."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.messages import Message

# The parts of a brief, in the order they are shown.
PARTS = ("meeting", "officers", "targets", "directions", "decisions", "difficulties", "results")
# The kinds of paper a line is taken from first; speeches, news and the rest come after.
OFFICIAL = ("resolution", "report", "decision", "plan", "conclusion")


@dataclass(frozen=True)
class Source:
    """Where a line comes from: a document's page and the words on it."""

    file: str
    page: int
    doc_id: int
    quote: str  # the words as the page has them: the reader marks them
    kind: str = "other"  # the document's kind
    heading: str = ""  # the headings the words stand under

    def as_json(self) -> dict:
        out = {"file": self.file, "page": self.page, "quote": self.quote, "kind": self.kind}
        return {**out, "heading": self.heading} if self.heading else out


@dataclass(frozen=True)
class BriefLine:
    """One line of a brief, with every document that says it."""

    text: str
    sources: tuple[Source, ...]
    level: int = 0  # 1: an item of the list the line before it (level 0) introduces
    # the line in the brief's own words around the papers' (a table's row, a holder of the term before)
    message: Message | None = None

    def shown(self, lang: str | None = None) -> str:
        """The line as people read it: the papers' words, or the brief's sentence around them."""
        return self.message.text(lang) if self.message else self.text

    def as_json(self) -> dict:
        out: dict = {"text": self.shown(), "sources": [s.as_json() for s in self.sources]}
        return {**out, "level": self.level} if self.level else out


@dataclass(frozen=True)
class BriefPart:
    key: str  # one of PARTS
    lines: tuple[BriefLine, ...]

    @property
    def title(self) -> Message:
        return Message(f"brief.part.{self.key}")

    def as_json(self) -> dict:
        return {"part": self.key, "title": self.title.text(), "lines": [line.as_json() for line in self.lines]}


@dataclass(frozen=True)
class Brief:
    """One organisation in one term: who leads it, what it met for, set, decided and found."""

    org: str
    term: str
    previous: str | None  # the term before, when the knowledge base knows it
    parts: tuple[BriefPart, ...]
    documents: tuple[Source, ...] = ()  # every document the brief read, cited at its first page
    opening: str = ""  # a paragraph a language model wrote from the lines, citing them as [n]
    opening_note: Message | None = None  # why there is no opening paragraph, when one was asked for
    seconds: float = 0.0  # how long assembling it took

    @property
    def lines(self) -> list[BriefLine]:
        """Every line, in the order shown: what the opening paragraph cites as [1], [2] …"""
        return [line for part in self.parts for line in part.lines]

    @property
    def title(self) -> Message:
        return Message("brief.title", {"org": self.org, "term": self.term})

    def references(self) -> tuple[list[tuple[str, int]], list[list[int]]]:
        """The pages the lines cite, each once and numbered in order of first citation, and for each
        line (in `lines` order) the numbers of its pages: what a printed brief puts in brackets."""
        pages: dict[tuple[str, int], int] = {}
        per_line = []
        for line in self.lines:
            numbers = []
            for s in line.sources:
                key = (s.file, s.page)
                numbers.append(pages.setdefault(key, len(pages) + 1))
            per_line.append(sorted(set(numbers)))
        return list(pages), per_line

    def as_json(self) -> dict:
        out: dict = {
            "org": self.org,
            "term": self.term,
            "previous_term": self.previous,
            "title": self.title.text(),
            "parts": [p.as_json() for p in self.parts],
            "documents": [d.as_json() for d in self.documents],
            "seconds": round(self.seconds, 3),
        }
        if self.opening:
            out["opening"] = self.opening
        if self.opening_note:
            out["opening_note"] = self.opening_note.text()
        return out


@dataclass(frozen=True)
class Choice:
    """An organisation the knowledge base holds papers of, with its terms, newest first."""

    org: str
    documents: int
    terms: tuple[str, ...] = field(default=())
