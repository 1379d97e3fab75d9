"""Hỏi đáp: a question box and the conversation; every answer with citations that open their page."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from kb import Answer, Citation, KbError, KnowledgeBase, StoredDocument
from kb.results import snippet
from ui.common import doc_caption, esc, marked, open_page, using, wait_for_model, window
from ui.reader import open_reader
from ui.strings import lang, t


@dataclass
class Source:
    """A citation with the document record the reader needs."""

    doc: StoredDocument
    citation: Citation


@dataclass
class Turn:
    question: str
    answer: Answer | None = None
    sources: list[Source] = field(default_factory=list)
    error: KbError | None = None


def page() -> None:
    opened = open_page("ask")
    if opened is None:
        return
    kb, _ = opened
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
    """kb.ask's answer, with each citation's document record."""
    turn = Turn(question)
    try:
        with using(kb):
            turn.answer = kb.ask(question)
            docs = {d.id: d for d in kb.documents()}
        turn.sources = [Source(docs[c.doc_id], c) for c in turn.answer.citations if c.doc_id in docs]
    except KbError as e:
        turn.error = e
    return turn


def show_turn(kb: KnowledgeBase, n: int, turn: Turn, question_shown: bool = False) -> None:
    if not question_shown:
        with st.chat_message("user"):
            st.markdown(esc(turn.question))
    with st.chat_message("assistant"):
        if turn.error or turn.answer is None:
            st.error(turn.error.text(lang()) if turn.error else "")
            return
        a = turn.answer
        if a.restored:
            st.caption(t("ask.restored", restored=esc(a.restored)))
        if not a.found:
            st.warning(esc(a.text(lang())))
        else:
            st.markdown(esc(a.text(lang())))
            st.caption(t("ask.confidence", p=round(100 * a.confidence)))
        if a.notice:
            st.caption(esc(a.notice.text(lang())))
        if turn.sources:
            st.markdown(f"**{t('ask.sources')}**")
        evidence = a.evidence
        for i, s in enumerate(turn.sources, 1):
            c = s.citation
            with st.container(border=True):
                left, right = st.columns([5, 1], vertical_alignment="center")
                left.markdown(f"**[{i}]** {doc_caption(s.doc, c.page)}")
                if c is evidence:  # the passage the answer comes from, its answering sentence(s) marked
                    left.caption(t("ask.evidence"))
                    text, spans = window(c.text, list(c.answering), width=700)
                elif c.spans:
                    text, spans = window(c.text, list(c.spans))
                else:
                    text, spans = snippet(c.text, turn.question, width=300)
                left.markdown(marked(text, spans), unsafe_allow_html=True)
                if c.heading:
                    left.caption(f"↳ {esc(c.heading)}")
                if right.button(t("open", page=c.page), key=f"cite-{n}-{i}", icon=":material/menu_book:"):
                    open_reader(kb, s.doc, c.page, c.text, turn.question)
