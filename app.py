"""Streamlit UI: a thin layer over the `kb` API (widgets, calls, display; no parsing, scoring or SQL)."""
from __future__ import annotations

import html
import os

import streamlit as st

from kb import KbError, KnowledgeBase
from kb.search import MODES, group_by_document, snippet

STRINGS = {
    "vi": {
        "title": "Tra cứu báo cáo, nghị quyết",
        "caption": "Tìm trong các báo cáo hội nghị, nghị quyết và quyết định đã lưu, qua mọi nhiệm kỳ.",
        "query": "Tìm kiếm",
        "placeholder": "Ví dụ: khó khăn về kinh phí nhiệm kỳ 2015-2018",
        "results": "{n} tài liệu phù hợp",
        "none": "Không tìm thấy đoạn nào phù hợp. Hãy thử từ khác.",
        "empty": "Kho tài liệu đang trống. Thêm tài liệu bằng lệnh: `kb ingest THƯ_MỤC` rồi tải lại trang.",
        "page": "trang",
        "stats": "{docs} tài liệu · {chunks} đoạn · mô hình {model}",
        "language": "Ngôn ngữ",
        "mode": "Cách tìm",
        "modes": {"hybrid": "Kết hợp (mặc định)", "dense": "Theo ý nghĩa", "lexical": "Theo từ khóa"},
    },
    "en": {
        "title": "Reports and resolutions",
        "caption": "Search the stored conference reports, resolutions and decisions across every term.",
        "query": "Search",
        "placeholder": "e.g. funding difficulties in the 2015-2018 term",
        "results": "{n} matching documents",
        "none": "No matching passage. Try other words.",
        "empty": "The knowledge base is empty. Add documents with `kb ingest FOLDER`, then reload this page.",
        "page": "page",
        "stats": "{docs} documents · {chunks} passages · model {model}",
        "language": "Language",
        "mode": "Search mode",
        "modes": {"hybrid": "Hybrid (default)", "dense": "By meaning", "lexical": "By keywords"},
    },
}


@st.cache_resource(show_spinner=False)
def knowledge_base(home: str) -> KnowledgeBase:
    """Loaded once per process: the catalog, the index and the model."""
    return KnowledgeBase(home)


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML with every piece of document text escaped and the query words in <mark>."""
    out, pos = [], 0
    for a, b in spans:
        out += [_esc(text[pos:a]), "<mark>", _esc(text[a:b]), "</mark>"]
        pos = b
    return "".join(out + [_esc(text[pos:])])


def _esc(text: str) -> str:
    """Escape HTML and the characters Markdown would act on, so a document can never style the page."""
    text = html.escape(text, quote=True)
    return "".join("\\" + c if c in "\\`*_{}[]()#+-!|~>$" else c for c in text)


def main() -> None:
    st.set_page_config(page_title="Tra cứu nghị quyết", page_icon="📚", layout="wide")
    lang = st.sidebar.radio("Ngôn ngữ / Language", ["vi", "en"], format_func={"vi": "Tiếng Việt", "en": "English"}.get)
    t = STRINGS[lang]
    st.title(t["title"])
    st.caption(t["caption"])
    try:
        kb = knowledge_base(os.environ.get("KB_HOME", "kb-data"))
        stats = kb.stats()
    except KbError as e:
        st.error(str(e))
        return
    st.sidebar.caption(t["stats"].format(docs=stats["documents"], chunks=stats["chunks"], model=stats["model"]))
    if stats["documents"] == 0:
        st.info(t["empty"])
        return
    query = st.text_input(t["query"], placeholder=t["placeholder"])
    mode = st.sidebar.radio(t["mode"], MODES, format_func=t["modes"].get)
    if not query.strip():
        return
    with st.spinner("…"):
        groups = group_by_document(kb.search(query, k=30, mode=mode))
    if not groups:
        st.warning(t["none"])
        return
    st.write(t["results"].format(n=len(groups)))
    for g in groups[:10]:
        with st.container(border=True):
            st.markdown(f"**{html.escape(g.doc.title or g.doc.name)}**")
            st.caption(f"{g.doc.name} · {t['page']} {', '.join(sorted({h.chunk.pages for h in g.hits}, key=str))}")
            for h in g.hits:
                text, spans = snippet(h.chunk.text, query)
                st.markdown(f"**{t['page']} {h.chunk.pages}** · {marked(text, spans)}", unsafe_allow_html=True)


if __name__ == "__main__":
    main()
