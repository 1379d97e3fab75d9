"""Thống kê: counts by term, kind and organisation; the model and the index."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from kb import KbError
from ui.common import esc, model_state, open_kb, show_error, size_label, using
from ui.strings import kind_label, t


def page() -> None:
    st.title(t("overview.title"))
    st.caption(t("overview.caption"))
    kb = open_kb()
    if kb is None:
        return
    try:
        with using(kb):
            stats = kb.stats()
            facets = kb.facets()
    except KbError as e:
        show_error(e)
        return
    c = st.columns(4)
    c[0].metric(t("overview.documents"), stats["documents"])
    c[1].metric(t("overview.pages"), stats["pages"])
    c[2].metric(t("overview.chunks"), stats["chunks"])
    c[3].metric(t("overview.disk"), size_label(stats["bytes_on_disk"]) if stats["bytes_on_disk"] is not None else "—")

    by_term = Counter(dict(facets["terms"]))
    by_kind = Counter({kind_label(k): n for k, n in facets["kinds"]})
    by_org = Counter(dict(facets["organisations"]))
    cols = st.columns([1, 1, 2], gap="large")
    for col, title, name, counts, ordered in (
        (cols[0], "overview.by_term", "search.term", by_term, True),
        (cols[1], "overview.by_kind", "search.kind", by_kind, False),
        (cols[2], "overview.by_org", "search.org", by_org, False),
    ):
        with col:
            st.markdown(f"#### {t(title)}")
            if not counts:
                st.caption(t("overview.no_meta"))
                continue
            items = list(counts.items()) if ordered else counts.most_common()
            st.markdown(table([t(name), t("overview.count")], items))

    st.markdown(f"#### {t('overview.system')}")
    state, error = model_state()
    rows = [
        (t("overview.model"), str(stats["model"])),
        (t("overview.dim"), str(stats["dim"] or "—")),
        (
            t("overview.model_state"),
            t(f"app.model.{state}", error=error) if state == "failed" else t(f"app.model.{state}"),
        ),
    ]
    # the index and the folder for those who read everything: its size would tell how much is hidden
    everything = stats["index_size"] is not None
    in_step = stats["index_size"] == stats["chunks"]
    if everything:
        rows += [
            (t("overview.index"), str(stats["index"])),
            (t("overview.index_size"), str(stats["index_size"])),
            (t("overview.in_step"), t("yes") if in_step else t("no")),
            (t("overview.home"), str(stats["home"])),
        ]
    st.markdown("\n".join(f"- **{esc(k)}:** {esc(v)}" for k, v in rows))
    if everything and not in_step:
        st.warning(t("overview.out_of_step", index=stats["index_size"], chunks=stats["chunks"]))


def table(header: list[str], rows: list[tuple]) -> str:
    """A Markdown table; every cell escaped (organisation names come from the documents)."""
    lines = ["| " + " | ".join(esc(h) for h in header) + " |", "|" + "---|" * (len(header) - 1) + "--:|"]
    lines += ["| " + " | ".join(esc(str(c)) for c in row) + " |" for row in rows]
    return "\n".join(lines)
