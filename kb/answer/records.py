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
    answering: tuple[Span, ...] = ()  # the sentence(s) of `text` that the answer is, when it is one of them

    def as_json(self) -> dict:
        out: dict = {"file": self.file, "page": self.page, "text": self.text}
        if self.heading:
            out["heading"] = self.heading
        if self.answering:
            out["answering"] = [list(s) for s in self.answering]
        return out

    def marked(self, on: str = "«", off: str = "»") -> str:
        """The passage with its answering sentence(s) between markers: the evidence, read in place."""
        out, pos = [], 0
        for a, b in self.answering:
            out += [self.text[pos:a], on, self.text[a:b], off]
            pos = b
        return "".join(out + [self.text[pos:]])


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
        evidence = self.evidence
        if evidence:
            out["passage"] = {"file": evidence.file, "page": evidence.page, "text": evidence.marked()}
        return out

    @property
    def evidence(self) -> Citation | None:
        """The passage the answer comes from, its answering sentence(s) marked; None when not found."""
        return next((c for c in self.citations if c.answering), None) if self.found else None
