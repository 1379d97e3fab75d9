"""What every page shares: the one KnowledgeBase of the process, the model warm-up, escaping, document labels."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from ingest.messages import Message
from kb import KbError, KnowledgeBase, StoredDocument, default_home
from kb.access import ANONYMOUS, Principal
from kb.uploads import TYPES, UPLOAD_MAX_MB
from ui.strings import kind_label, lang, t

__all__ = ["TYPES", "UPLOAD_MAX_MB"]  # the uploader's limits, from kb/uploads.py as the HTTP API's


# --- the knowledge base, once per process --------------------------------------------------
@st.cache_resource(show_spinner=False)
def knowledge_base(home: str) -> KnowledgeBase:
    """Opened once per process and shared by every session. Cheap: the model loads on first use."""
    return KnowledgeBase(home)


@st.cache_resource(show_spinner=False)
def _lock(home: str) -> threading.RLock:
    return threading.RLock()


def home() -> str:
    return str(default_home())


def open_kb() -> KnowledgeBase | None:
    """The KB as the person signed in (or an anonymous visitor) may read and change it, or None after
    showing why it cannot be opened (the page then stops politely)."""
    try:
        kb = knowledge_base(home())
    except KbError as e:
        show_error(e)
        return None
    return kb.as_user(current())


# --- who is signed in: the name in this browser session; role and groups read fresh each run -------
SIGNED_IN = "auth.name"


def current() -> Principal:
    """The person signed in in this session, as their account is now (anonymous when no one is, or
    when their account was removed meanwhile)."""
    name = st.session_state.get(SIGNED_IN)
    if not name:
        return ANONYMOUS
    kb = knowledge_base(home())
    with using(kb):
        found = kb.accounts.refresh(Principal(name, "viewer"))
    if found is None:
        st.session_state.pop(SIGNED_IN, None)
        return ANONYMOUS
    return found


def sign_in(kb: KnowledgeBase, name: str, password: str) -> Principal:
    """Check the password (slowed and locked after failures, kb/accounts.py) and remember who it is."""
    with using(kb):
        principal = kb.accounts.sign_in(name, password)
    st.session_state[SIGNED_IN] = principal.name
    return principal


def sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)


def role_label(role: str) -> str:
    return Message(f"access.role.{role}").text(lang())


def show_error(e: KbError) -> None:
    """An error from the knowledge base, in the page's language."""
    st.error(e.text(lang()))


@contextmanager
def using(kb: KnowledgeBase) -> Iterator[KnowledgeBase]:
    """Sessions share one KB: a write (ingest, remove, re-index) must not run beside a read."""
    with _lock(home()):
        yield kb


def choices(labels: dict[Any, str]) -> dict[str, Any]:
    """A select box's options and how each is shown, from one mapping of value to label:
    `st.selectbox(title, **choices(labels))`."""
    format_func: Callable[[Any], str] = labels.__getitem__
    return {"options": list(labels), "format_func": format_func}


def welcome() -> None:
    """An empty KB greets people and says how to add documents; it is not an error."""
    st.info(t("app.empty", types=", ".join("." + x for x in TYPES)), icon=":material/waving_hand:")


def open_page(name: str) -> tuple[KnowledgeBase, list] | None:
    """A page's heading, then the KB and its documents; None (after a welcome or an error shown)
    when there is nothing to show yet."""
    st.title(t(f"{name}.title"))
    st.caption(t(f"{name}.caption"))
    kb = open_kb()
    if kb is None:
        return None
    with using(kb):
        docs = kb.documents()
    if not docs:
        welcome()
        return None
    return kb, docs


# --- the model: warmed once, after the first page is on screen ------------------------------
@dataclass
class Warmup:
    thread: threading.Thread | None = None
    error: str = ""
    done: bool = False

    @property
    def state(self) -> str:
        if self.error:
            return "failed"
        if self.done:
            return "ready"
        return "loading" if self.thread and self.thread.is_alive() else "idle"


@st.cache_resource(show_spinner=False)
def _warmup(home: str) -> Warmup:
    return Warmup()


def warm_model(kb: KnowledgeBase) -> None:
    """Load the query model in the background (1-2 s: tokenizer, ONNX session) so the first search need not wait.

    Called at the end of a run, so the first page is already shown. A one-word search loads
    the model and the index through the public API; it only reads, so it needs no lock."""
    w = _warmup(home())
    if w.thread is not None:
        return

    def run() -> None:
        try:
            kb.search("khởi động", k=1, mode="dense")
            w.done = True
        except Exception as e:  # shown on the Overview page and when searching
            w.error = str(e)

    w.thread = threading.Thread(target=run, name="kb-model-warmup", daemon=True)
    w.thread.start()


def model_state() -> tuple[str, str]:
    w = _warmup(home())
    return w.state, w.error


def wait_for_model() -> None:
    """Before a search: let the warm-up finish rather than load the model a second time beside it."""
    w = _warmup(home())
    if w.thread is not None and w.thread.is_alive():
        with st.spinner(t("app.model.wait")):
            w.thread.join()


# --- showing document text safely ---------------------------------------------------------
def esc(text: str) -> str:
    """Escape HTML and the characters Markdown would act on, so a document can never style the page.
    Quotes stay as they are: outside a tag they are plain text, and "&#x27;" with its "#" escaped
    for Markdown would show as "&#x27;" ("'Mượn' chữ ký" in a news headline)."""
    text = html.escape(str(text), quote=False)
    return "".join("\\" + c if c in "\\`*_{}[]()#+-!|~>$:" else c for c in text)


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """Markdown with every piece of document text escaped and the query words in <mark>."""
    out, pos = [], 0
    for a, b in spans:
        out += [esc(text[pos:a]), "<mark>", esc(text[a:b]), "</mark>"]
        pos = b
    return "".join(out + [esc(text[pos:])])


def marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML for st.html (no Markdown there): escaped text, the query words in <mark>."""
    out, pos = [], 0
    for a, b in spans:
        out += [html.escape(text[pos:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        pos = b
    return "".join(out + [html.escape(text[pos:])])


def window(text: str, spans: list[tuple[int, int]], width: int = 420) -> tuple[str, list[tuple[int, int]]]:
    """About `width` characters of `text` around its first marked span, the spans moved to match."""
    if len(text) <= width or not spans:
        return text, spans
    start = max(0, spans[0][0] - width // 4)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = text.find(" ", min(len(text), start + width))
    end = len(text) if end < 0 else end
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    shift = len(prefix) - start
    return (prefix + text[start:end] + suffix, [(a + shift, b + shift) for a, b in spans if start <= a and b <= end])


def page_html(text: str, passage: tuple[int, int] | None) -> str:
    """A page's text as HTML for st.html: escaped, line breaks kept, the passage in <mark>."""

    def part(s: str) -> str:
        return html.escape(s, quote=True).replace("\n", "<br>")

    if passage:
        a, b = passage
        body = part(text[:a]) + '<mark id="passage">' + part(text[a:b]) + "</mark>" + part(text[b:])
    else:
        body = part(text)
    return f'<div class="kb-page" style="line-height:1.6">{body}</div>'


# --- documents as people see them ----------------------------------------------------------
def date_label(iso: str) -> str:
    """2018-05-10 → 10/05/2018; 2018-05 → 05/2018; 2018 → 2018 (how dates are written in Vietnam)."""
    parts = iso.split("T")[0].split("-")
    return "/".join(reversed(parts)) if all(p.isdigit() for p in parts) else iso


def title_of(doc: StoredDocument) -> str:
    return doc.title or doc.name


def doc_caption(doc: StoredDocument, page: str | int | None = None) -> str:
    """One escaped Markdown line: file · page · date · kind · term(s)."""
    parts = [doc.name]
    if page is not None:
        parts.append(f"{t('page')} {page}")
    if doc.meta.date:
        parts.append(date_label(doc.meta.date))
    parts.append(kind_label(doc.meta.kind))
    if doc.meta.terms:
        parts.append(t("term", term=", ".join(doc.meta.terms)))
    return " · ".join(esc(p) for p in parts)


def is_pdf(doc: StoredDocument) -> bool:
    return Path(doc.name).suffix.lower() == ".pdf" or str(doc.stored).lower().endswith(".pdf")


def size_label(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
