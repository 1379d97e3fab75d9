"""Streamlit UI: a thin layer over the `kb` API (widgets, calls, display; no parsing, scoring or SQL).

One module per page in ui/; every string in ui/strings.py. Run with `make run`. Each page works on
the knowledge base as the person signed in may see it (ui/common.py `open_kb`); pages their role
may not use are not offered, and the knowledge base refuses those actions anyway.
"""

from __future__ import annotations

import streamlit as st

from kb.access import Principal, public_read
from ui import account, ask, audit, brief, library, overview, search, terms
from ui.common import current, home, knowledge_base, model_state, open_kb, role_label, sign_out, using, warm_model
from ui.strings import LANGUAGES, t

# (name, url path, icon, page function, who may see it): the name keys the nav.* strings
PAGES = [
    ("search", "tim-kiem", ":material/search:", search.page, "read"),
    ("ask", "hoi-dap", ":material/forum:", ask.page, "read"),
    ("terms", "nhiem-ky", ":material/timeline:", terms.page, "read"),
    ("brief", "ho-so", ":material/assignment:", brief.page, "read"),
    ("library", "tai-lieu", ":material/folder_open:", library.page, "read"),
    ("overview", "thong-ke", ":material/bar_chart:", overview.page, "read"),
    ("account", "tai-khoan", ":material/person:", account.page, "everyone"),
    ("audit", "nhat-ky", ":material/history:", audit.page, "audit"),
]


def offered(who: Principal) -> list[tuple]:
    """The pages this person may use: reading needs a sign-in unless KB_PUBLIC_READ; the account page
    (signing in) is always there."""
    reads = who.signed_in or public_read()
    return [
        p
        for p in PAGES
        if p[4] == "everyone" or (p[4] == "read" and reads) or (p[4] not in ("read", "everyone") and who.may(p[4]))
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
    who = current()
    pages = offered(who)
    first = start if any(p[0] == start for p in pages) else pages[0][0]
    nav = st.navigation(
        [
            st.Page(fn, title=_title(name, who), icon=icon, url_path=url, default=name == first)
            for name, url, icon, fn, _ in pages
        ]
    )
    _sidebar(who)
    nav.run()
    _warm()


def _title(name: str, who: Principal) -> str:
    return t("nav.sign_in") if name == "account" and not who.signed_in else t(f"nav.{name}")


def _sidebar(who: Principal) -> None:
    with st.sidebar:
        st.radio(t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
        st.divider()
        st.markdown(f"**{t('app.title')}**")
        st.caption(t("app.org"))
        _who(who)
        if not (who.signed_in or public_read()):
            return
        try:
            kb = open_kb()
            if kb is None:
                return
            with using(kb):
                docs = kb.documents()
        except Exception:  # the page itself says what is wrong
            return
        st.caption(t("app.count", docs=len(docs), chunks=sum(d.chunks for d in docs)))
        state, _ = model_state()
        if state in ("loading", "failed"):
            st.caption(t(f"app.model.{state}", error=""))


def _who(who: Principal) -> None:
    """Who is signed in, and the way out; or that no one is."""
    if who.signed_in and who.name:
        st.markdown(t("auth.signed_in", name=who.name, role=role_label(who.role)))
        if st.button(t("auth.sign_out"), key="auth.sign_out", icon=":material/logout:"):
            sign_out()
            st.rerun()
    else:
        st.caption(t("auth.anonymous"))


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
