"""Hỏi đáp: a question box and the conversation; every answer with citations that open their page."""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from kb import KbError, KnowledgeBase
from kb.search import snippet
from ui.common import doc_caption, esc, has, marked, not_yet, open_page, using, wait_for_model, window
from ui.reader import open_reader
from ui.strings import t


@dataclass
class Source:
    doc: object  # DocInfo
    page: int
    pages: str
    text: str
    spans: tuple = ()  # the answering words in `text`, when the answer says which
    heading: str = ""  # the headings the passage stands under


@dataclass
class Turn:
    question: str
    answer: str = ""
    found: bool = False
    confidence: float | None = None
    sources: list[Source] = field(default_factory=list)
    notice: str = ""
    error: str = ""


def page() -> None:
    opened = open_page("ask")
    if opened is None:
        return
    kb, _ = opened
    if not has(kb, "ask"):
        not_yet("kb.ask")
        return
    history: list[Turn] = st.session_state.setdefault("ask.history", [])
    if history and st.button(t("ask.clear"), icon=":material/delete_sweep:"):
        history.clear()
    if not history:
        with st.chat_message("assistant"):
            st.markdown(esc(t("ask.hello")))
    for n, turn in enumerate(history):
        show_turn(kb, n, turn)
    question = st.chat_input(t("ask.input"))
    if question and question.strip():
        wait_for_model()
        with st.chat_message("user"):
            st.markdown(esc(question))
        with st.spinner(t("ask.thinking")):
            turn = answer(kb, question.strip())
        history.append(turn)
        show_turn(kb, len(history) - 1, turn, question_shown=True)


def answer(kb: KnowledgeBase, question: str) -> Turn:
    """kb.ask's answer, its confidence and its citations, each with the document record it needs."""
    turn = Turn(question)
    try:
        with using(kb):
            a = kb.ask(question)
            docs = kb.documents()
        turn.answer, turn.found = a.answer, bool(a.found)
        turn.confidence = getattr(a, "confidence", None)
        turn.notice = getattr(a, "notice", "")
        turn.sources = [s for c in a.citations if (s := _source(docs, c))]
    except KbError as e:
        turn.error = str(e)
    return turn


def _source(docs, citation) -> Source | None:
    """A citation as the reader needs it: the document record, the page, the passage."""
    doc = getattr(citation, "doc", None)
    if doc is None or not hasattr(doc, "pages"):
        doc_id, name = getattr(citation, "doc_id", 0), getattr(citation, "file", None)
        doc = next((d for d in docs if d.id == doc_id), None) or next((d for d in docs if d.name == name), None)
    if doc is None:
        return None
    chunk = getattr(citation, "chunk", None)
    page = int(getattr(citation, "page", None) or getattr(chunk, "page_start", 1) or 1)
    pages = getattr(chunk, "pages", None) or str(page)
    text = getattr(citation, "text", "") or getattr(chunk, "text", "")
    return Source(doc, page, pages, text, tuple(getattr(citation, "spans", ()) or ()),
                  getattr(citation, "heading", "") or getattr(chunk, "heading", ""))


def show_turn(kb: KnowledgeBase, n: int, turn: Turn, question_shown: bool = False) -> None:
    if not question_shown:
        with st.chat_message("user"):
            st.markdown(esc(turn.question))
    with st.chat_message("assistant"):
        if turn.error:
            st.error(turn.error)
            return
        if not turn.found:
            st.warning(esc(turn.answer) if turn.answer else t("ask.not_found"))
        else:
            st.markdown(esc(turn.answer))
            if turn.confidence is not None:
                st.caption(t("ask.confidence", p=round(100 * float(turn.confidence))))
        if turn.notice:
            st.caption(esc(turn.notice))
        if turn.sources:
            st.markdown(f"**{t('ask.sources')}**")
        for i, s in enumerate(turn.sources, 1):
            with st.container(border=True):
                left, right = st.columns([5, 1], vertical_alignment="center")
                left.markdown(f"**[{i}]** {doc_caption(s.doc, s.pages)}")
                text, spans = window(s.text, list(s.spans)) if s.spans else snippet(s.text, turn.question, width=300)
                left.markdown(marked(text, spans), unsafe_allow_html=True)
                if s.heading:
                    left.caption(f"↳ {esc(s.heading)}")
                if right.button(t("open", page=s.page), key=f"cite-{n}-{i}", icon=":material/menu_book:"):
                    open_reader(kb, s.doc, s.page, s.text, turn.question)
