"""An opening paragraph for a brief, written by a language model from the brief's own lines.

Used when KB_LLM_URL points at a chat-completions server. The model sees the numbered lines and
nothing else; its paragraph is kept only when every sentence cites lines of the brief ([3], [7])
and every cited number is a line. Otherwise the brief has no paragraph and says why.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.messages import Message
from kb import llm
from kb.briefs.records import Brief

SYSTEM = (
    "Bạn viết một đoạn mở đầu ngắn (3 đến 5 câu), bằng tiếng Việt, cho hồ sơ nhiệm kỳ của một tổ chức, "
    "CHỈ dựa trên các dòng được đánh số. Mỗi câu phải ghi nguồn dạng [1], [2] theo số dòng. "
    "Không thêm điều gì các dòng không nói."
)
MAX_LINES = 60  # lines shown to the model: the first of each part come first
MAX_TOKENS = 300  # three to five sentences with their citations
_CITE = re.compile(r"\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\[])")


def write(brief: Brief, url: str, timeout: float | None = None) -> Brief:
    """The brief with the model's paragraph, or with the reason it has none."""
    lines = brief.lines[:MAX_LINES]
    if not lines:
        return brief
    numbered = "\n".join(f"[{n}] {line.shown('vi')}" for n, line in enumerate(lines, 1))
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"{brief.title.text('vi')}\n\nCác dòng:\n{numbered}\n\nĐoạn mở đầu:"},
    ]
    try:
        text = llm.chat(messages, url, timeout, max_tokens=MAX_TOKENS)
    except llm.FAILURES as e:
        return replace(brief, opening_note=Message("brief.opening.failed", {"url": url, "error": str(e)}))
    problem = check(text, len(lines))
    if problem:
        return replace(brief, opening_note=problem)
    return replace(brief, opening=" ".join(text.split()))


def check(text: str, lines: int) -> Message | None:
    """Why a paragraph cannot open the brief: empty, a sentence citing nothing, a number that is
    not a line; None when it can."""
    if not text.strip():
        return Message("brief.opening.empty")
    for sentence in _SENTENCE_END.split(text.strip()):
        if sentence.strip() and not _CITE.search(sentence):
            return Message("brief.opening.uncited")
    for n in (int(x) for x in _CITE.findall(text)):
        if not 1 <= n <= lines:
            return Message("brief.opening.out_of_range", {"cited": n, "lines": lines})
    return None
