"""Nhật ký: the audit trail (administrators): every change, who made it, when, on which document; and
whether its hash chain is intact."""

from __future__ import annotations

import json

import streamlit as st

from ingest.messages import Message
from kb import KbError
from kb.audit import verify
from ui.common import choices, open_kb, show_error, using
from ui.strings import lang, t

SHOWN = 500  # the latest entries listed


def page() -> None:
    st.title(t("audit.title"))
    st.caption(t("audit.caption"))
    kb = open_kb()
    if kb is None:
        return
    try:
        with using(kb):
            entries = kb.audit()
    except KbError as e:
        show_error(e)
        return
    count, broken = verify(entries)
    if broken:
        st.error(t("audit.broken", problems="; ".join(m.text(lang()) for m in broken)))
    else:
        st.success(t("audit.intact", n=count), icon=":material/verified:")
    if not entries:
        st.info(t("audit.none"))
        return
    every: dict[str | None, str] = {None: t("all")}
    actions = every | {a: _action(a) for a in sorted({e.action for e in entries})}
    actors = every | {a: a for a in sorted({e.actor for e in entries})}
    c1, c2 = st.columns(2)
    action = c1.selectbox(t("audit.filter.action"), **choices(actions), key="audit.action")
    actor = c2.selectbox(t("audit.filter.actor"), **choices(actors), key="audit.actor")
    shown = [e for e in reversed(entries) if (not action or e.action == action) and (not actor or e.actor == actor)]
    st.dataframe(
        [
            {
                t("audit.col.id"): e.id,
                t("audit.col.at"): e.at.replace("T", " ")[:19],
                t("audit.col.actor"): e.actor,
                t("audit.col.action"): _action(e.action),
                t("audit.col.document"): e.document,
                t("audit.col.details"): json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else "",
            }
            for e in shown[:SHOWN]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            t("audit.col.id"): st.column_config.NumberColumn(width="small"),
            t("audit.col.document"): st.column_config.TextColumn(width="medium"),
            t("audit.col.details"): st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(t("audit.shown", shown=min(len(shown), SHOWN), total=len(entries)))


def _action(name: str) -> str:
    return Message(f"audit.action.{name}").text(lang())
