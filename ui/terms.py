"""Nhiệm kỳ: what was decided and which directions were set in each term, in order; for a topic or all."""
from __future__ import annotations

from collections import defaultdict

import streamlit as st

from kb import KbError, KnowledgeBase
from kb.search import snippet
from ui.common import doc_caption, esc, has, marked, not_yet, open_page, title_of, using, wait_for_model
from ui.reader import open_reader
from ui.strings import section_label, t

NO_TERM = "?"


def page() -> None:
    opened = open_page("terms")
    if opened is None:
        return
    kb, docs = opened
    if not has(kb, "timeline"):
        not_yet("kb.timeline")
        return
    topic = st.text_input(t("terms.topic"), placeholder=t("terms.placeholder"), key="terms.topic").strip()
    if topic:
        wait_for_model()
    try:
        with using(kb), st.spinner("…"):
            entries = kb.timeline(topic or None)
    except KbError as e:
        st.error(str(e))
        return
    if not entries:
        st.info(t("terms.none_topic") if topic else t("terms.none"))
        return
    for n, entry in enumerate(entries):
        term, passages = _entry(entry)
        st.subheader(_heading(term), divider="gray")
        _passages(kb, n, passages, topic)


def _heading(term: str) -> str:
    if term in (NO_TERM, ""):
        return t("terms.unknown")
    label = t("term", term=term)
    return esc(label[:1].upper() + label[1:])


def _entry(entry) -> tuple[str, list]:
    """A TermEntry(term, passages) or a (term, passages) pair."""
    if isinstance(entry, (tuple, list)):
        return str(entry[0]), list(entry[1])
    return str(entry.term), list(entry.passages)


def _passages(kb: KnowledgeBase, n: int, passages: list, topic: str) -> None:
    """A term's passages under their section (decisions, directions...), each opening its page."""
    by_section: dict[str, list] = defaultdict(list)
    for p in passages:
        by_section[_field(p, "section") or "other"].append(p)
    for section, items in by_section.items():
        st.markdown(f"**{esc(section_label(section))}**")
        for i, p in enumerate(items):
            doc, page, text = _field(p, "doc"), int(_field(p, "page") or 1), _field(p, "text") or ""
            with st.container(border=True):
                left, right = st.columns([5, 1], vertical_alignment="center")
                left.caption(f"{esc(title_of(doc))} — {doc_caption(doc, page)}")
                shown, spans = snippet(text, topic, width=320) if topic else (snippet(text, "", width=320)[0], [])
                left.markdown(marked(shown, spans), unsafe_allow_html=True)
                if _field(p, "heading"):
                    left.caption(f"↳ {esc(_field(p, 'heading'))}")
                if right.button(t("open", page=page), key=f"term-{n}-{section}-{i}", icon=":material/menu_book:"):
                    open_reader(kb, doc, page, text, topic)


def _field(p, name: str):
    """A passage's field, whether it is a Hit (doc, chunk) or a plain record or dict."""
    if isinstance(p, dict):
        return p.get(name)
    if hasattr(p, name):
        return getattr(p, name)
    chunk = getattr(p, "chunk", None)
    if chunk is not None:
        return {"page": chunk.page_start, "text": chunk.text, "section": getattr(chunk, "section", None),
                "heading": getattr(chunk, "heading", "")}.get(name)
    return None
