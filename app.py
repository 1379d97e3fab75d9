"""Streamlit UI: a thin layer over the `kb` API (widgets, calls, display; no parsing, scoring or SQL).

Six pages, one module each in ui/; every string in ui/strings.py. Run with `make run`.
"""

from __future__ import annotations

import streamlit as st

from ui import ask, brief, library, overview, search, terms
from ui.common import home, knowledge_base, model_state, warm_model
from ui.strings import LANGUAGES, t

# (name, url path, icon, page function): the name keys the nav.* strings
PAGES = [
    ("search", "tim-kiem", ":material/search:", search.page),
    ("ask", "hoi-dap", ":material/forum:", ask.page),
    ("terms", "nhiem-ky", ":material/timeline:", terms.page),
    ("brief", "ho-so", ":material/assignment:", brief.page),
    ("library", "tai-lieu", ":material/folder_open:", library.page),
    ("overview", "thong-ke", ":material/bar_chart:", overview.page),
]

CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
mark { background: #ffe58a; color: inherit; padding: 0 .1em; border-radius: 2px; }
mark#passage { background: #fff3bf; box-shadow: 0 0 0 2px #fff3bf; }
</style>
"""


def main(start: str = "search") -> None:
    """Draw the app; `start` names the page shown at / (tests open a page directly this way)."""
    st.set_page_config(page_title=t("app.short"), page_icon="📚", layout="wide", initial_sidebar_state="expanded")
    st.html(CSS)
    nav = st.navigation(
        [
            st.Page(fn, title=t(f"nav.{name}"), icon=icon, url_path=url, default=name == start)
            for name, url, icon, fn in PAGES
        ]
    )
    _sidebar()
    nav.run()
    _warm()


def _sidebar() -> None:
    with st.sidebar:
        st.radio(t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
        st.divider()
        st.markdown(f"**{t('app.title')}**")
        st.caption(t("app.org"))
        try:
            docs = knowledge_base(home()).documents()
        except Exception:  # the page itself says what is wrong
            return
        st.caption(t("app.count", docs=len(docs), chunks=sum(d.chunks for d in docs)))
        state, _ = model_state()
        if state in ("loading", "failed"):
            st.caption(t(f"app.model.{state}", error=""))


def _warm() -> None:
    """After the page is drawn: load the model in the background, so the first search is quick."""
    try:
        kb = knowledge_base(home())
        if kb.documents():
            warm_model(kb)
    except Exception:
        pass  # opening errors are shown by the page


if __name__ == "__main__":
    main()
