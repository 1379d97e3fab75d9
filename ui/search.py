"""Tìm kiếm: one query box, filters, results grouped by document, each passage opening its page."""

from __future__ import annotations

import streamlit as st

from kb import Filters, KbError, KnowledgeBase
from kb.results import DocumentHits, group_by_document, snippet
from kb.retriever import MODES
from ui.common import choices, doc_caption, esc, marked, open_page, show_error, title_of, using, wait_for_model
from ui.reader import open_reader
from ui.strings import kind_label, section_label, t

K = 30  # passages asked for; grouped, they make at most MAX_DOCS documents
MAX_DOCS = 10


def page() -> None:
    opened = open_page("search")
    if opened is None:
        return
    kb, docs = opened
    query = st.text_input(t("search.query"), placeholder=t("search.placeholder"), key="search.q")
    filters, mode = _filters(kb)
    if not query.strip():
        st.caption(t("search.hint"))
        return
    wait_for_model()
    as_typed = st.session_state.get("search.as_typed") == query  # "tìm đúng như đã gõ" was chosen for it
    try:
        with using(kb), st.spinner("…"):
            hits = kb.search(query, k=K, mode=mode, filters=filters, as_typed=as_typed)
            restored = None if as_typed else kb.understood(query)
    except KbError as e:
        show_error(e)
        return
    if restored:
        said(restored, query)
    show_results(kb, group_by_document(hits), query)


def said(restored: str, query: str) -> None:
    """As search engines say it: what is searched for, and the way back to the query as typed."""
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(t("search.restored", restored=esc(restored)))
    if right.button(t("search.as_typed"), key="search.as_typed.button", type="tertiary"):
        st.session_state["search.as_typed"] = query
        st.rerun()


def show_results(kb: KnowledgeBase, groups: list[DocumentHits], query: str) -> None:
    if not groups:
        st.warning(t("search.none"))
        return
    st.markdown(f"**{t('search.results', n=len(groups))}**")
    for g in groups[:MAX_DOCS]:
        with st.container(border=True):
            st.markdown(f"##### {esc(title_of(g.doc))}")
            st.caption(doc_caption(g.doc))
            for h in g.hits:
                text, spans = snippet(h.chunk.text, query)
                left, right = st.columns([5, 1], vertical_alignment="center")
                section = section_label(h.chunk.section) if h.chunk.section != "other" else ""
                head = f"**{t('Page')} {h.chunk.pages}**" + (f" · _{esc(section)}_" if section else "")
                left.markdown(f"{head} · {marked(text, spans)}", unsafe_allow_html=True)
                if h.chunk.heading:  # where it stands in the paper: "II. … › 2. Chỉ tiêu"
                    left.caption(f"↳ {esc(h.chunk.heading_text)}")
                if right.button(
                    t("open", page=h.chunk.page_start), key=f"open-{h.chunk_id}", icon=":material/menu_book:"
                ):
                    open_reader(kb, g.doc, h.chunk.page_start, h.chunk.text, query)


def _filters(kb: KnowledgeBase) -> tuple[Filters | None, str]:
    """The filter widgets; returns the filters for kb.search (None when none is set) and the search mode."""
    facets = _facets(kb)
    # labels built now, in this run's language (AppTest formats values again outside the run)
    every: dict[str | None, str] = {None: t("all")}
    terms = every | {v: v for v in facets["terms"]}
    kinds = every | {v: kind_label(v) for v in facets["kinds"]}
    orgs = every | {v: v for v in facets["organisations"]}
    sections = every | {v: section_label(v) for v in facets["sections"]}
    modes = {m: t(f"search.modes.{m}") for m in MODES}
    with st.expander(t("search.filters"), icon=":material/filter_list:"):
        c1, c2, c3 = st.columns(3)
        term = c1.selectbox(t("search.term"), **choices(terms), key="search.term")
        kind = c2.selectbox(t("search.kind"), **choices(kinds), key="search.kind")
        org = c3.selectbox(t("search.org"), **choices(orgs), key="search.org")
        c4, c5, c6 = st.columns(3)
        year_from = c4.number_input(
            t("search.year_from"), min_value=1945, max_value=2100, value=None, step=1, key="search.year_from"
        )
        year_to = c5.number_input(
            t("search.year_to"), min_value=1945, max_value=2100, value=None, step=1, key="search.year_to"
        )
        section = c6.selectbox(t("search.section"), **choices(sections), key="search.section")
        mode = st.radio(t("search.mode"), **choices(modes), horizontal=True, key="search.mode")
    filters = Filters(
        term=term,
        year_from=int(year_from) if year_from else None,
        year_to=int(year_to) if year_to else None,
        kind=kind,
        org=org,
        section=section,
    )
    return (filters if filters.active else None), mode


def _facets(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Values to offer in each filter: those the KB holds."""
    with using(kb):
        found = kb.facets()
    return {key: [value for value, _ in found[key]] for key in ("terms", "kinds", "organisations", "sections")}
