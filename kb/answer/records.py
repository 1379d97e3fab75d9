"""What an answer is: its text, whether it was found, how sure, and the passages it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.messages import Message

Span = tuple[int, int]


@dataclass(frozen=True)
class Citation:
    file: str
    page: int
    text: str  # the passage
    spans: tuple[Span, ...] = ()  # the answering words in `text`
    doc_id: int = 0
    heading: str = ""  # the headings the passage stands under, when the paper has numbered parts

    def as_json(self) -> dict:
        out = {"file": self.file, "page": self.page, "text": self.text}
        return {**out, "heading": self.heading} if self.heading else out


@dataclass(frozen=True)
class Answer:
    answer: str
    found: bool
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    notice: Message | None = None  # how the answer was made, when not as usual (a language model wrote it …)
    reason: Message | None = None  # when not found: why the closest passage does not answer
    message: Message | None = None  # the answer, when it is a sentence of ours rather than the papers'
    restored: str | None = None  # the question as it was read, when it was typed without accents

    def text(self, lang: str | None = None) -> str:
        """The answer in a language: the papers' own words stay as they are."""
        return self.message.text(lang) if self.message else self.answer

    def as_json(self) -> dict:
        out: dict = {
            "answer": self.answer,
            "found": self.found,
            "confidence": round(self.confidence, 3),
            "citations": [c.as_json() for c in self.citations],
        }
        if self.notice:
            out["notice"] = self.notice.text()
        if self.reason:
            out["reason"] = self.reason.text()
        out["restored"] = self.restored
        return out
