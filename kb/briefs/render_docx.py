"""A brief as a Word document (python-docx): headings per part, bulleted lines, bracketed
references to a numbered list of the pages cited, and the papers read."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ingest.messages import Message
from kb.briefs.records import Brief


def write(brief: Brief, path: str | Path | BinaryIO, lang: str | None = None) -> None:
    """Write the brief to `path` (a .docx file, or a binary stream) in a language (KB_LANG's by default)."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.title = brief.title.text(lang)
    d.add_heading(brief.title.text(lang), level=0)
    if brief.previous:
        d.add_paragraph(Message("brief.previous", {"term": brief.previous}).text(lang))
    if brief.opening:
        d.add_heading(Message("brief.opening").text(lang), level=1)
        d.add_paragraph(brief.opening)
        note = d.add_paragraph(Message("brief.opening.written").text(lang))
        note.runs[0].italic = True
    elif brief.opening_note:
        d.add_paragraph(brief.opening_note.text(lang)).runs[0].italic = True
    pages, per_line = brief.references()
    n = 0
    for part in brief.parts:
        d.add_heading(part.title.text(lang), level=1)
        for line in part.lines:
            numbers = per_line[n]
            n += 1
            p = d.add_paragraph(style="List Bullet 2" if line.level else "List Bullet")
            p.add_run(line.shown(lang))
            ref = p.add_run(" [" + ", ".join(map(str, numbers)) + "]")
            ref.font.size = Pt(8)
    d.add_heading(Message("brief.sources").text(lang), level=1)
    for i, (file, page) in enumerate(pages, 1):
        d.add_paragraph(f"[{i}] {file}, {Message('brief.page', {'page': page}).text(lang)}")
    d.add_heading(Message("brief.documents", {"n": len(brief.documents)}).text(lang), level=1)
    for doc in brief.documents:
        d.add_paragraph(f"{doc.file} — {doc.quote}", style="List Bullet")
    d.save(str(path) if isinstance(path, (str, Path)) else path)
