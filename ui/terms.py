"""Nhiệm kỳ: what was decided and which directions were set in each term, in order; for a topic or all."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from kb import Hit, KbError, KnowledgeBase
from kb.results import snippet
from ui.common import doc_caption, esc, marked, open_page, show_error, title_of, using, wait_for_model
from ui.reader import open_reader
from ui.strings import section_label, t

NO_TERM = "?"


def page() -> None:
    opened = open_page("terms")
    if opened is None:
        return
    kb, docs = opened
    topic = st.text_input(t("terms.topic"), placeholder=t("terms.placeholder"), key="terms.topic").strip()
    if topic:
        wait_for_model()
    try:
        with using(kb), st.spinner("…"):
            entries = kb.timeline(topic or None)
    except KbError as e:
        show_error(e)
        return
    if not entries:
        st.info(t("terms.none_topic") if topic else t("terms.none"))
        return
    for n, entry in enumerate(entries):
        st.subheader(_heading(entry.term), divider="gray")
        _passages(kb, n, entry.passages, topic)


def _heading(term: str) -> str:
    if term in (NO_TERM, ""):
        return t("terms.unknown")
    label = t("term", term=term)
    return esc(label[:1].upper() + label[1:])


def _passages(kb: KnowledgeBase, n: int, passages: list[Hit], topic: str) -> None:
    """A term's passages under their section (decisions, directions...), each opening its page."""
    by_section: dict[str, list[Hit]] = defaultdict(list)
    for h in passages:
        by_section[h.chunk.section].append(h)
    for section, items in by_section.items():
        st.markdown(f"**{esc(section_label(section))}**")
        for i, h in enumerate(items):
            doc, page, text = h.doc, h.chunk.page_start, h.chunk.text
            with st.container(border=True):
                left, right = st.columns([5, 1], vertical_alignment="center")
                left.caption(f"{esc(title_of(doc))} — {doc_caption(doc, page)}")
                shown, spans = snippet(text, topic, width=320) if topic else (snippet(text, "", width=320)[0], [])
                left.markdown(marked(shown, spans), unsafe_allow_html=True)
                if h.chunk.heading:
                    left.caption(f"↳ {esc(h.chunk.heading_text)}")
                if right.button(t("open", page=page), key=f"term-{n}-{section}-{i}", icon=":material/menu_book:"):
                    open_reader(kb, doc, page, text, topic)
