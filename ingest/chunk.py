"""Document → Chunks: whole sentences, sized by the model's own tokenizer, overlapping."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ingest.headings import headings, path_of
from ingest.paper import formal_sentences
from ingest.records import Chunk, Document
from ingest.sections import label_chunks
from ingest.sentences import sentences

TokenCounter = Callable[[Sequence[str]], list[int]]


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
    return mark(doc, chunks)


def mark(doc: Document, chunks: list[Chunk]) -> list[Chunk]:
    """The chunks of a document with what they are in it: the parts of the report they belong to,
    the headings they stand under, their formal sentences. Also used to mark stored chunks again
    when these rules change."""
    found = headings(doc.text)
    return [
        replace(c, sections=labels, heading=path_of(found, c.char_start, c.char_end), formal=formal_sentences(c.text))
        for c, labels in zip(chunks, label_chunks([c.text for c in chunks]))
    ]
