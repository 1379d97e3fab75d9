"""A brief as a PDF (fpdf2, with a Unicode TrueType font so Vietnamese reads as written): headings
per part, bulleted lines, bracketed references to a numbered list of the pages cited.

The font is KB_FONT when set, else Debian's DejaVu Sans (package fonts-dejavu-core)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from ingest.messages import Message
from kb.briefs.records import Brief
from kb.errors import KbError

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
SIZE = 10  # points: a line of the brief
LINE = 5  # mm between lines of a paragraph


def fonts() -> tuple[Path, Path]:
    """The regular and bold fonts to write with (the regular one twice when there is no bold)."""
    chosen = os.environ.get("KB_FONT")
    regular = Path(chosen) if chosen else FONT
    if not regular.is_file():
        raise KbError("brief.no_font", path=str(regular))
    bold = BOLD if not chosen and BOLD.is_file() else regular
    return regular, bold


def write(brief: Brief, path: str | Path | BinaryIO, lang: str | None = None) -> None:
    """Write the brief to `path` (a .pdf file, or a binary stream) in a language (KB_LANG's by default)."""
    from fpdf import FPDF

    regular, bold = fonts()
    pdf = FPDF(format="A4")
    pdf.set_title(brief.title.text(lang))
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()

    def heading(text: str, size: float) -> None:
        pdf.ln(2)
        pdf.set_font("Body", "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)

    def para(text: str, size: float = SIZE, indent: float = 0.0, bullet: str = "") -> None:
        pdf.set_font("Body", "", size)
        pdf.set_x(pdf.l_margin + indent)
        if bullet:
            pdf.cell(5, LINE, bullet)
        pdf.multi_cell(0, LINE, text, new_x="LMARGIN", new_y="NEXT", align="L")

    heading(brief.title.text(lang), 15)
    if brief.previous:
        para(Message("brief.previous", {"term": brief.previous}).text(lang))
    if brief.opening:
        heading(Message("brief.opening").text(lang), 12)
        para(brief.opening)
        para(Message("brief.opening.written").text(lang), size=8)
    elif brief.opening_note:
        para(brief.opening_note.text(lang), size=8)
    pages, per_line = brief.references()
    n = 0
    for part in brief.parts:
        heading(part.title.text(lang), 12)
        for line in part.lines:
            refs = " [" + ", ".join(map(str, per_line[n])) + "]"
            n += 1
            para(line.shown(lang) + refs, indent=6.0 if line.level else 0.0, bullet="–" if line.level else "•")
    heading(Message("brief.sources").text(lang), 12)
    for i, (file, page) in enumerate(pages, 1):
        para(f"[{i}] {file}, {Message('brief.page', {'page': page}).text(lang)}", size=8)
    heading(Message("brief.documents", {"n": len(brief.documents)}).text(lang), 12)
    for doc in brief.documents:
        para(f"{doc.file} — {doc.quote}", size=8, bullet="•")
    data = bytes(pdf.output())
    if isinstance(path, (str, Path)):
        Path(path).write_bytes(data)
    else:
        path.write(data)
