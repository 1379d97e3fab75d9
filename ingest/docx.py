"""Word .docx: paragraphs and tables in document order; page breaks kept where Word recorded them.

Runs set in a TCVN3 or VNI font (.VnTime, .VnTimeH, VNI-Times) hold legacy-encoded
text and are converted to Unicode; without such fonts the text itself is checked.
"""

from __future__ import annotations

import io

from ingest import legacy
from ingest.errors import ReadError
from ingest.messages import Message
from ingest.text import clean_spaces, normalize
from ingest.txt import LEGACY_NAMES

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str, notes: list[Message] | None = None) -> list[str]:
    """Page texts; a document without recorded page breaks is one page."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        fonts = _Fonts(document)
    except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise ReadError("read.docx.bad", name=name, why=str(e)) from e
    except Exception as e:  # zipfile.BadZipFile, lxml errors
        raise ReadError("read.docx.bad", name=name, why=str(e)) from e
    pages: list[list[str]] = [[]]
    for block in body.iterchildren():
        if block.tag == _W + "p":
            if _breaks_page(block) and pages[-1]:
                pages.append([])
            text = clean_spaces(fonts.text(block))
            if text:
                pages[-1].append(text)
        elif block.tag == _W + "tbl":
            for row in block.iter(_W + "tr"):
                cells = [clean_spaces(fonts.text(c)) for c in row.iter(_W + "tc")]
                cells = [c for c in cells if c]
                if cells:
                    pages[-1].append(" | ".join(cells))
    texts = ["\n\n".join(p) for p in pages]
    found = fonts.converted
    if not found:  # no legacy font named: the text itself may still be TCVN3 or VNI
        encoding = legacy.detect("\n".join(texts))
        if encoding:
            texts = [legacy.convert(t, encoding) for t in texts]
            found = {encoding}
    if found and notes is not None:
        names = " and ".join(LEGACY_NAMES[e.removesuffix("-H")] for e in sorted({e.removesuffix("-H") for e in found}))
        notes.append(Message("note.legacy", {"encoding": names}))
    return [normalize(t) for t in texts]


class _Fonts:
    """Which font each run is set in (its own, its paragraph style's, or the document default)."""

    def __init__(self, document):
        self.converted: set[str] = set()
        self.default = None
        self.styles: dict[str, str] = {}
        try:
            root = document.styles.element
        except Exception:
            return
        for rfonts in root.iter(_W + "rPrDefault"):
            self.default = _font_of(rfonts) or self.default
        for style in root.iter(_W + "style"):
            font = _font_of(style.find(_W + "rPr"))
            if font:
                self.styles[style.get(_W + "styleId")] = font

    def text(self, element) -> str:
        """The text under a paragraph or cell, runs in a legacy font converted."""
        out = []
        for p in [element] if element.tag == _W + "p" else element.iter(_W + "p"):
            style = p.find(f"{_W}pPr/{_W}pStyle")
            para_font = self.styles.get(style.get(_W + "val")) if style is not None else None
            parts = []
            for run in p.iter(_W + "r"):
                text = "".join(t.text or "" for t in run.findall(_W + "t"))
                if not text:
                    continue
                encoding = legacy.font_encoding(_font_of(run.find(_W + "rPr")) or para_font or self.default)
                if encoding:
                    converted = legacy.convert(text, encoding)
                    if converted != text:
                        self.converted.add(encoding)
                    text = converted
                parts.append(text)
            out.append("".join(parts))
        return " ".join(out)


def _font_of(rpr) -> str | None:
    if rpr is None:
        return None
    rfonts = rpr.find(_W + "rFonts") if rpr.tag != _W + "rFonts" else rpr
    if rfonts is None:
        rfonts = next(rpr.iter(_W + "rFonts"), None)
    if rfonts is None:
        return None
    return rfonts.get(_W + "ascii") or rfonts.get(_W + "hAnsi")


def _breaks_page(paragraph) -> bool:
    for el in paragraph.iter(_W + "br", _W + "lastRenderedPageBreak"):
        if el.tag.endswith("lastRenderedPageBreak") or el.get(_W + "type") == "page":
            return True
    return False
