"""Đăng nhập / Tài khoản: the sign-in form; once signed in, one's password and API tokens, and for an
administrator the users (add, change role and groups, set a password, remove) and everyone's tokens."""

from __future__ import annotations

import streamlit as st

from kb import KbError, KnowledgeBase
from kb.access import ROLES, public_read
from kb.records import Token, User
from ui.common import choices, current, home, knowledge_base, open_kb, role_label, show_error, sign_in, using
from ui.strings import t

FLASH = "account.flash"


def page() -> None:
    who = current()
    if not who.signed_in:
        sign_in_form()
        return
    st.title(t("account.title"))
    st.caption(t("account.caption"))
    kb = open_kb()
    if kb is None:
        return
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    secret = st.session_state.pop("account.secret", None)
    if secret:
        st.warning(secret[0])
        st.code(secret[1], language=None)
    if who.may("users"):
        users(kb)
    else:
        own_password(kb)
    tokens(kb)


def sign_in_form() -> None:
    st.title(t("auth.title"))
    st.caption(t("auth.caption") if public_read() else t("auth.private"))
    kb = knowledge_base(home())
    with using(kb):
        has_admin = kb.accounts.has_admin()
    if not has_admin:
        st.info(t("auth.no_admin"), icon=":material/admin_panel_settings:")
    with st.form("auth.form"):
        st.text_input(t("auth.name"), key="auth.form.name")
        st.text_input(t("auth.password"), type="password", key="auth.form.password")
        st.form_submit_button(t("auth.sign_in"), type="primary", icon=":material/login:", on_click=_take_password)
    tried = st.session_state.pop("auth.tried", None)
    if tried:
        try:
            principal = sign_in(kb, *tried)
        except KbError as e:
            show_error(e)
            return
        st.session_state[FLASH] = t("auth.welcome", name=principal.name)
        st.rerun()


def _take_password() -> None:
    """Before the run: take the name and password tried, and empty the password box (the name stays)."""
    st.session_state["auth.tried"] = (
        st.session_state.get("auth.form.name", ""),
        st.session_state.get("auth.form.password", ""),
    )
    st.session_state["auth.form.password"] = ""


# --- one's own password --------------------------------------------------------------------------
def own_password(kb: KnowledgeBase) -> None:
    st.subheader(t("account.password.title"))
    with st.form("account.password"):
        new = st.text_input(t("account.password.new"), type="password", key="account.password.new")
        again = st.text_input(t("account.password.again"), type="password", key="account.password.again")
        if st.form_submit_button(t("account.password.button")):
            if new != again:
                st.error(t("account.password.differ"))
                return
            try:
                with using(kb):
                    kb.accounts.set_password(kb.principal.name or "", new)
            except KbError as e:
                show_error(e)
                return
            st.success(t("account.password.done"))


# --- users (administrators) -----------------------------------------------------------------------
def users(kb: KnowledgeBase) -> None:
    st.subheader(t("account.users.title"))
    with using(kb):
        found = kb.accounts.users()
    st.dataframe(
        [
            {
                t("account.users.col.name"): u.name,
                t("account.users.col.role"): role_label(u.role),
                t("account.users.col.groups"): ", ".join(u.groups),
                t("account.users.col.created"): u.created[:10],
            }
            for u in found
        ],
        hide_index=True,
        width="stretch",
    )
    roles = {r: role_label(r) for r in ROLES}
    with st.expander(t("account.users.add"), icon=":material/person_add:"):
        with st.form("account.users.add"):
            c1, c2 = st.columns(2)
            name = c1.text_input(t("account.users.col.name"), key="account.add.name")
            role = c2.selectbox(t("account.users.col.role"), **choices(roles), key="account.add.role")
            groups = st.text_input(t("access.groups"), key="account.add.groups")
            c3, c4 = st.columns(2)
            password = c3.text_input(t("account.password.new"), type="password", key="account.add.password")
            again = c4.text_input(t("account.password.again"), type="password", key="account.add.again")
            if st.form_submit_button(t("account.users.add"), type="primary"):
                if password != again:
                    st.error(t("account.password.differ"))
                else:
                    _do(kb, lambda: kb.accounts.add(name, role, password, _split(groups)), "account.users.added", name)
    if found:
        with st.expander(t("account.users.change"), icon=":material/manage_accounts:"):
            change(kb, found, roles)


def change(kb: KnowledgeBase, found: list[User], roles: dict[str, str]) -> None:
    chosen = st.selectbox(t("account.users.choose"), **choices({u.name: u.name for u in found}), key="account.user")
    user = next(u for u in found if u.name == chosen)
    with st.form(f"account.change.{user.name}"):
        c1, c2 = st.columns(2)
        role = c1.selectbox(
            t("account.users.col.role"), **choices(roles), index=list(ROLES).index(user.role), key=f"role.{user.name}"
        )
        groups = c2.text_input(t("access.groups"), value=", ".join(user.groups), key=f"groups.{user.name}")
        if st.form_submit_button(t("account.users.save")):
            _do(kb, lambda: kb.accounts.change(user.name, role, _split(groups)), "account.users.changed", user.name)
    with st.form(f"account.passwd.{user.name}"):
        c1, c2 = st.columns(2)
        new = c1.text_input(t("account.password.new"), type="password", key=f"pw.{user.name}")
        again = c2.text_input(t("account.password.again"), type="password", key=f"pw2.{user.name}")
        if st.form_submit_button(t("account.users.set_password")):
            if new != again:
                st.error(t("account.password.differ"))
            else:
                _do(kb, lambda: kb.accounts.set_password(user.name, new), "account.users.password_set", user.name)
    sure = st.checkbox(t("account.users.remove_confirm"), key=f"account.remove.sure.{user.name}")
    if st.button(t("account.users.remove"), disabled=not sure, icon=":material/person_remove:"):
        _do(kb, lambda: kb.accounts.remove(user.name), "account.users.removed", user.name)


# --- API tokens -------------------------------------------------------------------------------------
def tokens(kb: KnowledgeBase) -> None:
    st.subheader(t("account.tokens.title"))
    st.caption(t("account.tokens.caption"))
    admin = kb.principal.may("users")
    with using(kb):
        found = kb.accounts.tokens()
        names = [u.name for u in kb.accounts.users()] if admin else []
    if found:
        st.dataframe([_token_row(x) for x in found], hide_index=True, width="stretch")
    else:
        st.caption(t("account.tokens.none"))
    with st.form("account.tokens.new"):
        c1, c2 = st.columns(2)
        label = c1.text_input(t("account.tokens.label"), key="account.token.label")
        owner = kb.principal.name or ""
        if admin and names:
            owner = c2.selectbox(
                t("account.tokens.user"),
                **choices({n: n for n in names}),
                index=names.index(owner) if owner in names else 0,
                key="account.token.user",
            )
        if st.form_submit_button(t("account.tokens.create"), icon=":material/key:"):
            try:
                with using(kb):
                    token, secret = kb.accounts.create_token(owner, label)
            except KbError as e:
                show_error(e)
                return
            st.session_state["account.secret"] = (t("account.tokens.created", name=token.user), secret)
            st.rerun()
    live = {x.id: f"{x.id} · {x.user} · {x.prefix}… · {x.label}" for x in found if not x.revoked}
    if live:
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        chosen = c1.selectbox(t("account.tokens.col.id"), **choices(live), key="account.token.revoke")
        if c2.button(t("account.tokens.revoke"), icon=":material/key_off:"):
            _do(kb, lambda: kb.accounts.revoke_token(chosen), "account.tokens.revoked", str(chosen), key="id")


def _token_row(x: Token) -> dict:
    return {
        t("account.tokens.col.id"): x.id,
        t("account.tokens.col.user"): x.user,
        t("account.tokens.col.label"): x.label,
        t("account.tokens.col.prefix"): x.prefix + "…",
        t("account.tokens.col.created"): x.created[:16].replace("T", " "),
        t("account.tokens.col.revoked"): x.revoked[:16].replace("T", " "),
    }


def _do(kb: KnowledgeBase, action, done: str, name: str, key: str = "name") -> None:
    """Run an account change; say it was done on the next run, or show why not."""
    try:
        with using(kb):
            action()
    except KbError as e:
        show_error(e)
        return
    st.session_state[FLASH] = t(done, **{key: name})
    st.rerun()


def _split(text: str) -> tuple[str, ...]:
    return tuple(g.strip() for g in text.split(",") if g.strip())
