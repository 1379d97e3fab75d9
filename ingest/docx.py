"""Word .docx: paragraphs and tables in document order; page breaks kept where Word recorded them."""
from __future__ import annotations

import io

from ingest.errors import ReadError
from ingest.text import clean_spaces, normalize

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str) -> list[str]:
    """Page texts; a document without recorded page breaks is one page."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise ReadError(f"{name}: this is not a readable .docx file ({e}); open it in Word and save it again.")
    except Exception as e:  # zipfile.BadZipFile, lxml errors
        raise ReadError(f"{name}: this is not a readable .docx file ({e}); open it in Word and save it again.")
    pages: list[list[str]] = [[]]
    for block in body.iterchildren():
        if block.tag == _W + "p":
            if _breaks_page(block) and pages[-1]:
                pages.append([])
            text = clean_spaces("".join(t.text or "" for t in block.iter(_W + "t")))
            if text:
                pages[-1].append(text)
        elif block.tag == _W + "tbl":
            for row in block.iter(_W + "tr"):
                cells = [clean_spaces("".join(t.text or "" for t in c.iter(_W + "t"))) for c in row.iter(_W + "tc")]
                cells = [c for c in cells if c]
                if cells:
                    pages[-1].append(" | ".join(cells))
    return [normalize("\n\n".join(p)) for p in pages]


def _breaks_page(paragraph) -> bool:
    for el in paragraph.iter(_W + "br", _W + "lastRenderedPageBreak"):
        if el.tag.endswith("lastRenderedPageBreak") or el.get(_W + "type") == "page":
            return True
    return False
