"""Tài liệu: every document with its metadata and who may read it; upload, correct, change access,
move to the trash and restore (editors); empty the trash, re-index (admins). A viewer or a visitor
sees the list only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from kb import KbError, KnowledgeBase, StoredDocument
from kb.records import LEVELS, Access
from kb.trash import keep_days
from kb.uploads import discard, keep, safe_name
from ui.common import TYPES, UPLOAD_MAX_MB, choices, esc, open_kb, show_error, title_of, using, wait_for_model
from ui.strings import KINDS, kind_label, lang, t

__all__ = ["safe_name"]  # kept here for the app's tests: kb/uploads.py has it

STATUS_COLOR = {"added": "green", "updated": "blue", "unchanged": "gray", "duplicate": "orange", "skipped": "red"}
STATUS_ICON = {
    "added": ":material/check_circle:",
    "updated": ":material/sync:",
    "unchanged": ":material/check:",
    "duplicate": ":material/content_copy:",
    "skipped": ":material/block:",
}


@dataclass(frozen=True)
class Line:
    """One uploaded file's result, as shown under the uploader."""

    name: str
    status: str
    reason: str = ""
    chunks: int = 0
    same_name: bool = False


def page() -> None:
    st.title(t("library.title"))
    st.caption(t("library.caption"))
    kb = open_kb()
    if kb is None:
        return
    flash = st.session_state.pop("library.flash", None)
    if flash:
        st.success(flash)
    with using(kb):
        docs = kb.documents()
    who = kb.principal
    if not who.may("upload"):
        if not docs:
            st.info(t("library.none"))
        else:
            document_list(docs)
        st.caption(t("library.read_only"))
        with using(kb):
            if not kb.accounts.has_admin():
                st.info(t("auth.no_admin"), icon=":material/admin_panel_settings:")
        return
    names = ["list", "add", "edit", "remove", "trash"] + (["reindex"] if who.may("reindex") else [])
    tabs = st.tabs(
        [t(f"library.tab.{n}") for n in names],
        key="library.tab",
        on_change="rerun",
        default=None if docs else t("library.tab.add"),
    )
    with tabs[0]:
        document_list(docs)
    with tabs[1]:
        upload(kb)
    with tabs[2]:
        correct(kb, docs)
    with tabs[3]:
        remove(kb, docs)
    with tabs[4]:
        trash(kb)
    if len(tabs) > 5:
        with tabs[5]:
            reindex(kb, docs)


# --- the list -----------------------------------------------------------------------------
def document_list(docs: list[StoredDocument]) -> None:
    if not docs:
        st.info(t("library.none"))
        return
    c1, c2, c3 = st.columns([2, 1, 1])
    needle = c1.text_input(t("library.filter"), key="library.filter").strip().casefold()
    every: dict[str | None, str] = {None: t("all")}
    kinds = every | {k: kind_label(k) for k in sorted({d.meta.kind for d in docs})}
    kind = c2.selectbox(t("library.col.kind"), **choices(kinds), key="library.kind")
    terms = every | {x: x for x in sorted({x for d in docs for x in d.meta.terms})}
    term = c3.selectbox(t("library.col.terms"), **choices(terms), key="library.term")
    shown = [
        d
        for d in docs
        if (not needle or needle in d.name.casefold() or needle in title_of(d).casefold())
        and (not kind or d.meta.kind == kind)
        and (not term or term in d.meta.terms)
    ]
    rows = [
        {
            "title": title_of(d),
            "file": d.name,
            "kind": kind_label(d.meta.kind),
            "date": d.meta.date or "",  # ISO: sorts in time order
            "terms": ", ".join(d.meta.terms),
            "orgs": "; ".join(d.meta.organisations),
            "pages": d.pages,
            "chunks": d.chunks,
            "added": d.added[:10],
            "access": access_label(d.access),
        }
        for d in shown
    ]
    col = st.column_config
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "title": col.TextColumn(t("library.col.title"), width="large"),
            "file": col.TextColumn(t("library.col.file")),
            "kind": col.TextColumn(t("library.col.kind")),
            "date": col.TextColumn(t("library.col.date")),
            "terms": col.TextColumn(t("library.col.terms")),
            "orgs": col.TextColumn(t("library.col.orgs")),
            "pages": col.NumberColumn(t("library.col.pages")),
            "chunks": col.NumberColumn(t("library.col.chunks")),
            "added": col.TextColumn(t("library.col.added")),
            "access": col.TextColumn(t("library.col.access")),
        },
    )
    st.caption(t("library.shown", shown=len(shown), total=len(docs)))


# --- upload -------------------------------------------------------------------------------
def upload(kb: KnowledgeBase) -> None:
    generation = st.session_state.setdefault("library.upload.n", 0)  # a new key empties the uploader
    files = st.file_uploader(
        t("library.upload"),
        type=TYPES,
        accept_multiple_files=True,
        max_upload_size=UPLOAD_MAX_MB,
        key=f"library.upload.{generation}",
    )
    st.caption(t("library.upload.help", types=", ".join("." + x for x in TYPES), mb=UPLOAD_MAX_MB))
    access = access_choice("library.upload", t("library.upload.access"))
    if st.button(t("library.upload.button"), type="primary", disabled=not files, icon=":material/upload_file:"):
        try:
            chosen = access() if files else None
        except KbError as e:
            show_error(e)
            return
        st.session_state["library.upload.lines"] = add_files(kb, [(f.name, f.getvalue()) for f in files], chosen)
        st.session_state["library.upload.n"] = generation + 1
        st.rerun()
    lines = st.session_state.get("library.upload.lines")
    if lines:
        count = {s: sum(1 for x in lines if x.status == s) for s in STATUS_COLOR}
        st.success(
            t(
                "library.upload.done",
                added=count["added"] + count["updated"],
                duplicate=count["duplicate"] + count["unchanged"],
                skipped=count["skipped"],
            )
        )
        for line in lines:
            show_line(line)


def show_line(line: Line) -> None:
    status = f":{STATUS_COLOR[line.status]}[{t('library.status.' + line.status)}]"
    extra = f" · {t('library.chunks', n=line.chunks)}" if line.chunks else ""
    reason = f" — {esc(line.reason)}" if line.reason else ""
    icon = f":{STATUS_COLOR[line.status]}[{STATUS_ICON[line.status]}]"
    st.markdown(f"{icon} **{esc(line.name)}** · {status}{extra}{reason}")
    if line.same_name:
        st.caption(f"↳ {esc(t('library.upload.same_name'))}")


def access_label(access: Access) -> str:
    label = t(f"access.{access.level}")
    return f"{label}: {', '.join(access.groups)}" if access.groups else label


def access_choice(key: str, title: str, current: Access | None = None):
    """Widgets to choose who may read: the level, and the groups when restricted. Returns a function
    that makes the record (it raises, with the reason, when the choice is not valid)."""
    labels = {level: t(f"access.{level}") for level in LEVELS}
    now = current or Access()
    c1, c2 = st.columns([1, 2])
    level = c1.selectbox(title, **choices(labels), index=list(LEVELS).index(now.level), key=f"{key}.access")
    groups = c2.text_input(
        t("access.groups"), value=", ".join(now.groups), disabled=level != "restricted", key=f"{key}.groups"
    )
    names = tuple(g.strip() for g in groups.split(",") if g.strip()) if level == "restricted" else ()
    return lambda: Access(level, names)


def add_files(kb: KnowledgeBase, files: list[tuple[str, bytes]], access: Access | None = None) -> list[Line]:
    """Check the uploads (type, size), store them under their content hash, ingest them with a progress bar.

    Each upload gets its own folder named by its content, so a new file never takes the place of
    another: a file whose name is already taken by other content becomes a second document, and
    the line says so."""
    lines: list[Line] = []
    paths: list[Path] = []
    limit = UPLOAD_MAX_MB * 2**20
    for raw_name, data in files:
        name = safe_name(raw_name)
        suffix = Path(name).suffix.lower()
        if suffix.lstrip(".") not in TYPES:
            lines.append(
                Line(
                    name,
                    "skipped",
                    t("library.upload.bad_type", suffix=suffix or "—", types=", ".join("." + x for x in TYPES)),
                )
            )
        elif len(data) > limit:
            lines.append(Line(name, "skipped", t("library.upload.too_big", mb=len(data) // 2**20, limit=UPLOAD_MAX_MB)))
        else:
            paths.append(keep(Path(kb.home), name, data))
    if not paths:
        return lines
    bar = st.progress(0.0, text=t("library.upload.progress", done=0, total=len(paths), name=""))

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(
            done / total if total else 1.0, text=t("library.upload.progress", done=done, total=total, name=name)
        )

    wait_for_model()
    with using(kb):
        taken = {d.name for d in kb.documents()}
        try:
            report = kb.ingest(paths, progress=progress, access=access)
        except KbError as e:
            show_error(e)
            return lines
        finally:
            discard(paths)  # the KB keeps its own copy of every original
    for f in report.files:
        reason = f.message.text(lang()) if f.message and f.status != "added" else ""
        lines.append(Line(f.name, f.status, reason, f.chunks, same_name=f.status == "added" and f.name in taken))
    return lines


# --- correct, remove, re-index --------------------------------------------------------------
def _choose(docs: list[StoredDocument], key: str) -> StoredDocument:
    labels = {d.id: f"{title_of(d)[:90]} — {d.name}" for d in docs}
    chosen = st.selectbox(t("library.choose"), **choices(labels), key=key)
    return next(d for d in docs if d.id == chosen)


def correct(kb: KnowledgeBase, docs: list[StoredDocument]) -> None:
    if not docs:
        st.info(t("library.none"))
        return
    doc = _choose(docs, "library.edit.doc")
    kinds = list(KINDS["vi"])
    current_kind = doc.meta.kind
    with st.form(key=f"library.edit.form.{doc.id}"):
        key = f"library.edit.{doc.id}"
        title = st.text_input(t("library.col.title"), value=title_of(doc), key=f"{key}.title")
        c1, c2 = st.columns(2)
        labels = {k: kind_label(k) for k in kinds}
        kind = c1.selectbox(
            t("library.col.kind"),
            **choices(labels),
            index=kinds.index(current_kind) if current_kind in kinds else len(kinds) - 1,
            key=f"{key}.kind",
        )
        date = c2.text_input(t("library.edit.date"), value=doc.meta.date or "", key=f"{key}.date")
        terms = st.text_input(
            t("library.col.terms"),
            value=", ".join(doc.meta.terms),
            help=t("library.edit.terms_help"),
            key=f"{key}.terms",
        )
        orgs = st.text_input(
            t("library.col.orgs"),
            value="; ".join(doc.meta.organisations),
            help=t("library.edit.orgs_help"),
            key=f"{key}.orgs",
        )
        if st.form_submit_button(t("library.edit.button"), type="primary"):
            new = {
                "title": title.strip(),
                "kind": kind,
                "date": date.strip() or None,
                "terms": [x.strip() for x in terms.split(",") if x.strip()],
                "organisations": [x.strip() for x in orgs.split(";") if x.strip()],
            }
            old = {
                "title": title_of(doc),
                "kind": current_kind,
                "date": doc.meta.date,
                "terms": list(doc.meta.terms),
                "organisations": list(doc.meta.organisations),
            }
            changed = {k: v for k, v in new.items() if v != old[k]}
            try:
                if changed:
                    with using(kb):
                        kb.correct(doc.sha256, **changed)
            except KbError as e:
                show_error(e)
                return
            st.session_state["library.flash"] = t("library.edit.saved", name=doc.name)
            st.rerun()
    access(kb, doc)


def access(kb: KnowledgeBase, doc: StoredDocument) -> None:
    """Who may read the chosen document (editors)."""
    with st.form(key=f"library.access.form.{doc.id}"):
        chosen = access_choice(f"library.access.{doc.id}", t("library.edit.access"), doc.access)
        if st.form_submit_button(t("library.edit.access_button")):
            try:
                with using(kb):
                    kb.set_access(doc.sha256, chosen())
            except KbError as e:
                show_error(e)
                return
            st.session_state["library.flash"] = t("library.edit.access_saved", name=doc.name)
            st.rerun()


def remove(kb: KnowledgeBase, docs: list[StoredDocument]) -> None:
    if not docs:
        st.info(t("library.none"))
        return
    doc = _choose(docs, "library.remove.doc")
    st.caption(t("library.remove.trash_note", days=keep_days()))
    sure = st.checkbox(t("library.remove.confirm"), key=f"library.remove.sure.{doc.id}")
    if st.button(t("library.remove.button"), type="primary", disabled=not sure, icon=":material/delete:"):
        try:
            with using(kb):
                kb.remove(doc.sha256)
        except KbError as e:
            show_error(e)
            return
        st.session_state["library.flash"] = t("library.remove.done", name=doc.name)
        st.rerun()


def trash(kb: KnowledgeBase) -> None:
    """What the trash holds: restore one (editors), empty it (admins)."""
    st.caption(t("library.trash.caption", days=keep_days()))
    with using(kb):
        items = kb.trashed()
    if not items:
        st.info(t("library.trash.none"))
        return
    st.dataframe(
        [
            {
                t("library.col.title"): title_of(x.doc),
                t("library.col.file"): x.doc.name,
                t("library.trash.col.trashed"): x.trashed[:16].replace("T", " "),
                t("library.trash.col.by"): x.by,
                t("library.col.chunks"): x.doc.chunks,
            }
            for x in items
        ],
        hide_index=True,
        width="stretch",
    )
    labels = {x.id: f"{title_of(x.doc)[:80]} — {x.doc.name}" for x in items}
    chosen = st.selectbox(t("library.choose"), **choices(labels), key="library.trash.item")
    if st.button(t("library.trash.restore"), icon=":material/restore_from_trash:", key="library.trash.restore"):
        try:
            with using(kb):
                doc = kb.restore(str(chosen))
        except KbError as e:
            show_error(e)
            return
        st.session_state["library.flash"] = t("library.trash.restored", name=doc.name)
        st.rerun()
    if kb.principal.may("purge"):
        st.divider()
        sure = st.checkbox(t("library.trash.empty_confirm"), key="library.trash.sure")
        if st.button(t("library.trash.empty"), disabled=not sure, icon=":material/delete_forever:"):
            try:
                with using(kb):
                    gone = kb.purge()
            except KbError as e:
                show_error(e)
                return
            st.session_state["library.flash"] = t("library.trash.emptied", n=len(gone))
            st.rerun()


def reindex(kb: KnowledgeBase, docs: list[StoredDocument]) -> None:
    st.caption(t("library.reindex.help"))
    if st.button(t("library.reindex.button"), disabled=not docs, icon=":material/refresh:"):
        bar = st.progress(0.0)

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(
                done / total if total else 1.0, text=t("library.upload.progress", done=done, total=total, name=name)
            )

        wait_for_model()
        try:
            with using(kb):
                report = kb.reindex(progress=progress)
        except KbError as e:
            show_error(e)
            return
        st.session_state["library.flash"] = t("library.reindex.done", n=len(report.files))
        st.rerun()
