"""Scanned PDFs made on the spot: Vietnamese text drawn into an image, the image as a whole page."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import FONT

needs_tesseract = pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm")),
    reason="Tesseract or pdftoppm is missing; run `make setup` (installs tesseract-ocr tesseract-ocr-vie "
    "poppler-utils)",
)


def page_image(text: str, dpi: int = 200):
    """An A4 page at `dpi` with the text in 12 pt DejaVu Sans, as a scanner would give it (grayscale)."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(12 * dpi / 72))
    y = dpi  # one-inch margin
    for para in text.split("\n"):
        for line in textwrap.wrap(para, 60) or [""]:
            draw.text((dpi, y), line, font=font, fill=0)
            y += int(font.size * 1.5)
    return image


def make_scan(
    path: Path, pages: list[str | None], hidden: list[str] | None = None, text_pages: dict[int, str] | None = None
) -> Path:
    """A PDF whose pages are images of the given texts (None: a blank page, nothing drawn).

    `hidden`: an invisible text layer per page, as scanners' own OCR leaves (garbage or a stamp);
    `text_pages`: page index → text for ordinary pages with a real text layer in a mixed file.
    """
    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(False)
    for n, text in enumerate(pages):
        pdf.add_page()
        if text_pages and n in text_pages:
            pdf.multi_cell(0, 6, text_pages[n])
            continue
        if text is not None:
            pdf.image(page_image(text), x=0, y=0, w=pdf.w, h=pdf.h)
        if hidden and hidden[n]:
            pdf.text_mode = TextMode.INVISIBLE
            pdf.set_xy(20, 20)
            pdf.multi_cell(0, 6, hidden[n])
            pdf.text_mode = TextMode.FILL
    pdf.output(str(path))
    return path
