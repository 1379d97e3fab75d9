"""Hồ sơ nhiệm kỳ: one cited page about an organisation in a term, every line opening its page,
to download as DOCX or PDF."""

from __future__ import annotations

import io

import streamlit as st

from kb import KbError, KnowledgeBase
from kb.briefs import Brief, BriefLine, Choice, Source, render_docx, render_pdf
from kb.llm import configured
from ui.common import choices, esc, open_page, show_error, using
from ui.reader import open_reader
from ui.strings import lang, t

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def page() -> None:
    opened = open_page("brief")
    if opened is None:
        return
    kb, docs = opened
    try:
        with using(kb):
            options = kb.brief_choices()
    except KbError as e:
        show_error(e)
        return
    if not options:
        st.info(t("brief.none"))
        return
    chosen = _choose(options)
    if chosen is None:
        return
    org, term = chosen
    summary = bool(configured()) and st.checkbox(t("brief.summary"), key="brief.summary")
    try:
        with using(kb), st.spinner(t("brief.making")):
            brief = _brief(kb, org, term, summary)
    except KbError as e:
        show_error(e)
        return
    _downloads(brief)
    show(kb, brief, {d.id: d for d in docs})


def _choose(options: list[Choice]) -> tuple[str, str] | None:
    """The organisation and term pickers: what the knowledge base holds, the organisation with the
    most papers and its newest term first."""
    orgs = {c.org: t("brief.org_option", org=c.org, n=c.documents) for c in options}
    left, right = st.columns([3, 1])
    org = left.selectbox(t("brief.org"), **choices(orgs), key="brief.org")
    picked = next(c for c in options if c.org == org)
    if not picked.terms:
        st.info(t("brief.no_terms"))
        return None
    term = right.selectbox(t("brief.term"), **choices({x: x for x in picked.terms}), key=f"brief.term.{org}")
    return org, term


def _brief(kb: KnowledgeBase, org: str, term: str, summary: bool) -> Brief:
    """The brief, kept for the session: following a citation reruns the page, not the brief."""
    key = ("brief.made", org, term, summary, kb.store.generation)
    made = st.session_state.get("brief.made")
    if made and made[0] == key:
        return made[1]
    brief = kb.brief(org, term, summary=summary)
    st.session_state["brief.made"] = (key, brief)
    return brief


def _files(brief: Brief) -> tuple[bytes, bytes | KbError]:
    """The brief as DOCX and PDF in the page's language, made once per brief and language (a
    click on a citation reruns the page); the PDF's error instead when it cannot be written."""
    key = (brief.org, brief.term, brief.seconds, brief.opening, lang())  # one brief as made, in one language
    made = st.session_state.get("brief.files")
    if made and made[0] == key:
        return made[1]
    docx_bytes, pdf_bytes = io.BytesIO(), io.BytesIO()
    render_docx.write(brief, docx_bytes, lang())
    pdf: bytes | KbError
    try:
        render_pdf.write(brief, pdf_bytes, lang())
        pdf = pdf_bytes.getvalue()
    except KbError as e:  # no font to write Vietnamese with: the page says what to install
        pdf = e
    st.session_state["brief.files"] = (key, (docx_bytes.getvalue(), pdf))
    return docx_bytes.getvalue(), pdf


def _downloads(brief: Brief) -> None:
    name = f"ho-so-{brief.term.split()[0]}".replace("/", "-")
    docx, pdf = _files(brief)
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(t("brief.docx"), docx, f"{name}.docx", DOCX, icon=":material/description:", on_click="ignore")
    if isinstance(pdf, KbError):
        right.caption(pdf.text(lang()))
        return
    right.download_button(
        t("brief.pdf"),
        pdf,
        f"{name}.pdf",
        "application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )


def show(kb: KnowledgeBase, brief: Brief, docs: dict) -> None:
    """The brief: its title, the term before, the opening paragraph, then each part's lines with
    a button per source that opens its page in the reader."""
    st.subheader(esc(brief.title.text(lang())))
    notes = [t("brief.took", seconds=f"{brief.seconds:.2f}", n=len(brief.documents))]
    if brief.previous:
        notes.insert(0, esc(t("brief.previous", term=brief.previous)))
    st.caption(" · ".join(notes))
    if brief.opening:
        st.info(esc(brief.opening), icon=":material/auto_awesome:")
        st.caption(t("brief.opening_note"))
    elif brief.opening_note:
        st.caption(esc(brief.opening_note.text(lang())))
    n = 0
    for part in brief.parts:
        st.markdown(f"#### {esc(part.title.text(lang()))}")
        for line in part.lines:
            n += 1
            _line(kb, n, line, docs)


def _line(kb: KnowledgeBase, n: int, line: BriefLine, docs: dict) -> None:
    left, right = st.columns([5, 2], vertical_alignment="top")
    bullet = "&emsp;–" if line.level else "•"
    left.markdown(f"{bullet} {esc(line.shown(lang()))} <sub>[{n}]</sub>", unsafe_allow_html=True)
    for i, s in enumerate(line.sources):
        if right.button(_label(s), key=f"brief-{n}-{i}", icon=":material/menu_book:", type="tertiary", help=s.file):
            doc = docs.get(s.doc_id)
            if doc is not None:
                open_reader(kb, doc, s.page, s.quote)


def _label(s: Source) -> str:
    name = s.file if len(s.file) <= 28 else s.file[:25] + "…"
    return f"{name} · {t('page')} {s.page}"
