"""Document → Chunks: whole sentences, sized by the model's own tokenizer, overlapping."""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from dataclasses import replace

from ingest.headings import headings, path_of
from ingest.records import Chunk, Document
from ingest.sections import label_chunks

TokenCounter = Callable[[Sequence[str]], list[int]]

# Words after which a period does not end a Vietnamese sentence ("TP. Lạng Sơn",
# "ThS. Nguyễn", "v.v. và", "Th.S."), compared lowercased without the final dot.
ABBREVIATIONS = {
    "tp", "tx", "tt", "ths", "th.s", "ts", "ts.bs", "pgs", "pgs.ts", "gs", "gs.ts", "bs", "ks", "cn",
    "v.v", "vv", "đ/c", "đc", "q", "p", "h", "x", "st", "nxb", "tr", "vd", "mr", "mrs", "ms", "dr",
    "no", "số", "ông", "bà", "kt", "tm", "tl", "q.", "ubnd", "hđnd", "sl",
}
_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+(\S))|\n+")
_OPENERS = "\"“([-–•+*"


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence; paragraph breaks always end one."""
    spans, start = [], 0
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
    word = text[max(0, text.rfind(" ", 0, dot) + 1) : dot].lower().lstrip("(\"“")
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


def _split_long(text: str, span: tuple[int, int], count: int, limit: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than the window at word boundaries into near-equal parts."""
    parts = -(-count // limit)
    words = [(m.start() + span[0], m.end() + span[0]) for m in re.finditer(r"\S+", text[span[0] : span[1]])]
    size = -(-len(words) // parts)
    return [(words[i][0], words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)]


def chunk(doc: Document, count_tokens: TokenCounter, max_tokens: int = 256, overlap: int = 48) -> list[Chunk]:
    """Group a page's sentences into chunks of at most `max_tokens` tokens, repeating ~`overlap` tokens."""
    text = doc.text
    spans = sentences(text)
    counts = count_tokens([text[a:b] for a, b in spans]) if spans else []
    units: list[tuple[int, int, int]] = []
    for span, n in zip(spans, counts):
        if n <= max_tokens:
            units.append((span[0], span[1], n))
        else:
            pieces = _split_long(text, span, n, max_tokens)
            for (a, b), m in zip(pieces, count_tokens([text[a:b] for a, b in pieces])):
                units.append((a, b, m))
    starts = doc.page_starts()
    page = [bisect.bisect_right(starts, a) for a, _, _ in units]
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        # a chunk never crosses a page break, so every citation names one page
        j, total = i, 0
        while j < len(units) and (j == i or (total + units[j][2] <= max_tokens and page[j] == page[i])):
            total += units[j][2]
            j += 1
        a, b = units[i][0], units[j - 1][1]
        chunks.append(Chunk(len(chunks), text[a:b], page[i], bisect.bisect_right(starts, b - 1), a, b))
        if j >= len(units):
            break
        if page[j] != page[i]:
            i = j  # a new page starts fresh, without overlap
            continue
        # step back over whole sentences worth at most `overlap` tokens
        back, k = 0, j
        while k - 1 > i and back + units[k - 1][2] <= overlap:
            k -= 1
            back += units[k][2]
        i = k
    found = headings(text)
    return [replace(c, section=label, heading=path_of(found, c.char_start, c.char_end))
            for c, label in zip(chunks, label_chunks([c.text for c in chunks]))]
