"""Thống kê: counts by term, kind and organisation; the model and the index."""
from __future__ import annotations

from collections import Counter

import streamlit as st

from kb import KbError
from ui.common import esc, has, meta_list, meta_str, model_state, open_kb, size_label, using
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
            docs = kb.documents()
    except KbError as e:
        st.error(str(e))
        return
    c = st.columns(4)
    c[0].metric(t("overview.documents"), stats["documents"])
    c[1].metric(t("overview.pages"), stats["pages"])
    c[2].metric(t("overview.chunks"), stats["chunks"])
    c[3].metric(t("overview.disk"), size_label(stats["bytes_on_disk"]))

    by_term, by_kind, by_org = _counts(kb, docs)
    cols = st.columns([1, 1, 2], gap="large")
    for col, title, name, counts, ordered in (
            (cols[0], "overview.by_term", "search.term", by_term, True),
            (cols[1], "overview.by_kind", "search.kind", by_kind, False),
            (cols[2], "overview.by_org", "search.org", by_org, False)):
        with col:
            st.markdown(f"#### {t(title)}")
            if not counts:
                st.caption(t("overview.no_meta"))
                continue
            items = list(counts.items()) if ordered else counts.most_common()
            st.markdown(table([t(name), t("overview.count")], items))

    st.markdown(f"#### {t('overview.system')}")
    state, error = model_state()
    in_step = stats["index_size"] == stats["chunks"]
    rows = [
        (t("overview.model"), str(stats["model"])),
        (t("overview.dim"), str(stats["dim"] or "—")),
        (t("overview.model_state"), t(f"app.model.{state}", error=error) if state == "failed" else t(f"app.model.{state}")),
        (t("overview.index"), str(stats["index"])),
        (t("overview.index_size"), str(stats["index_size"])),
        (t("overview.in_step"), t("yes") if in_step else t("no")),
        (t("overview.home"), str(stats["home"])),
    ]
    st.markdown("\n".join(f"- **{esc(k)}:** {esc(v)}" for k, v in rows))
    if not in_step:
        st.warning(t("overview.out_of_step", index=stats["index_size"], chunks=stats["chunks"]))


def _counts(kb, docs) -> tuple[Counter, Counter, Counter]:
    """Documents by term (in order), kind and organisation: the KB's facets, the same as the filters offer."""
    if has(kb, "facets"):
        try:
            with using(kb):
                f = kb.facets()
            return (Counter(dict(f.get("terms", []))),
                    Counter({kind_label(k): n for k, n in f.get("kinds", [])}),
                    Counter(dict(f.get("organisations", []))))
        except (KbError, TypeError, ValueError):
            pass
    return (Counter(dict(sorted(Counter(x for d in docs for x in set(meta_list(d, "terms"))).items()))),
            Counter(kind_label(meta_str(d, "kind")) for d in docs if meta_str(d, "kind")),
            Counter(x for d in docs for x in set(meta_list(d, "organisations", "organisation"))))


def table(header: list[str], rows: list[tuple]) -> str:
    """A Markdown table; every cell escaped (organisation names come from the documents)."""
    lines = ["| " + " | ".join(esc(h) for h in header) + " |", "|" + "---|" * (len(header) - 1) + "--:|"]
    lines += ["| " + " | ".join(esc(str(c)) for c in row) + " |" for row in rows]
    return "\n".join(lines)
