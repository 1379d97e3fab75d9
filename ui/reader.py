"""The reader: a passage in its page (a PDF page is shown as itself), and the original to download."""

from __future__ import annotations

import html
import io
import mimetypes
from pathlib import Path

import streamlit as st

from kb import KnowledgeBase, StoredDocument
from kb.results import match_spans, snippet
from ui.common import doc_caption, esc, is_pdf, marked_html, page_html, title_of, using
from ui.strings import t

RENDER_SCALE = 1.6  # 72 dpi × 1.6 ≈ 115 dpi: an A4 page is 950 px wide, sharp enough to read
PAGE_WIDTH = 860  # px on screen: the whole width of a page readable without zooming


def open_reader(kb: KnowledgeBase, doc: StoredDocument, page: int, passage: str = "", query: str = "") -> None:
    """Open the reader over the current page (a Streamlit dialog)."""
    st.dialog(t("reader.title"), width="large")(_reader)(kb, doc, page, passage, query)


def _reader(kb: KnowledgeBase, doc: StoredDocument, page: int, passage: str, query: str) -> None:
    st.markdown(f"#### {esc(title_of(doc))}")
    st.caption(doc_caption(doc))
    with using(kb):
        original = kb.original(doc)
    shown = page
    if doc.pages > 1:
        left, right = st.columns([1, 3], vertical_alignment="bottom")
        shown = int(
            left.number_input(
                t("reader.page"),
                min_value=1,
                max_value=doc.pages,
                value=page,
                step=1,
                key=f"reader-page-{doc.id}-{page}",
            )
        )
        with right:
            _download(doc, original)
    else:
        _download(doc, original)
    if passage and shown == page:
        st.markdown(f"**{t('reader.found')}**")
        text, spans = snippet(passage, query, width=10_000) if query else (" ".join(passage.split()), [])
        with st.container(border=True):
            st.html(f'<div class="kb-passage" style="line-height:1.6">{marked_html(text, spans)}</div>')
    with using(kb):
        text = kb.page_text(doc, shown)
    at = text.find(passage) if passage and shown == page else -1
    span = (at, at + len(passage)) if at >= 0 else None
    body = page_html(text, span) if text.strip() else f"<p>{html.escape(t('reader.no_text'))}</p>"
    pdf = is_pdf(doc) and original.exists()
    st.markdown(f"**{t('reader.image' if pdf else 'reader.of', page=shown, pages=doc.pages)}**")
    if pdf:
        try:
            with st.container(border=True, horizontal_alignment="center"):
                st.image(pdf_page_png(str(original), shown, query, original.stat().st_mtime), width=PAGE_WIDTH)
        except Exception as e:  # a damaged PDF still has its text in the catalog
            st.warning(t("reader.no_image", error=type(e).__name__))
        with st.expander(t("reader.text")):
            st.html(body)
    else:
        if span:
            st.caption(t("reader.passage"))
        st.html(body)


def _download(doc: StoredDocument, original: Path) -> None:
    if not original.exists():
        st.warning(t("reader.missing", name=doc.name))
        return
    st.download_button(
        t("reader.download"),
        help=doc.name,
        data=original.read_bytes,
        file_name=doc.name,
        mime=mimetypes.guess_type(doc.name)[0] or "application/octet-stream",
        on_click="ignore",
        icon=":material/download:",
        key=f"download-{doc.id}",
    )


@st.cache_data(max_entries=64, show_spinner=False)
def pdf_page_png(path: str, page: int, query: str = "", mtime: float = 0.0) -> bytes:
    """One PDF page as PNG, the query words on it under a yellow marker (`mtime` keys the cache)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(path)
    try:
        p = pdf[page - 1]
        image = p.render(scale=RENDER_SCALE).to_pil().convert("RGBA")
        boxes = _word_boxes(p, query) if query else []
        if boxes:
            overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(overlay)
            left0, bottom0, _, top0 = p.get_bbox()
            for left, bottom, right, top in boxes:
                draw.rectangle(
                    [
                        (left - left0) * RENDER_SCALE,
                        (top0 - top) * RENDER_SCALE,
                        (right - left0) * RENDER_SCALE,
                        (top0 - bottom) * RENDER_SCALE,
                    ],
                    fill=(255, 214, 0, 110),
                )
            image = Image.alpha_composite(image, overlay)
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG", optimize=True)
        return out.getvalue()
    finally:
        pdf.close()


def _word_boxes(page, query: str) -> list[tuple[float, float, float, float]]:
    """Boxes (PDF points) of the words on the page that are query words, as the results mark them."""
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n)
        if len(text) != n:  # characters and text out of step: better no marker than a wrong one
            return []
        boxes = []
        for a, b in match_spans(text, query)[:400]:
            chars = [textpage.get_charbox(i) for i in range(a, b)]
            boxes.append(
                (min(c[0] for c in chars), min(c[1] for c in chars), max(c[2] for c in chars), max(c[3] for c in chars))
            )
        return boxes
    finally:
        textpage.close()
