"""The HTTP API's routes (kb/api.py has the application, the caller, errors and limits). Each one
calls the facade as the caller (`kb_of`): what a caller may not read is never among the results."""

from __future__ import annotations

import io
import re
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from ingest.messages import Message
from ingest.read import display_name
from ingest.text import fold
from kb import uploads
from kb.access import Principal
from kb.api import (
    PREFIX,
    VERSION,
    ApiError,
    caller,
    document_json,
    filters_of,
    hit_json,
    job_json,
    kb_of,
    language,
    original_response,
    parse_access,
    renderings,
)
from kb.errors import NotFound
from kb.filters import Filters
from kb.jobs import Job
from kb.knowledge import KnowledgeBase
from kb.pipeline import FileResult

router = APIRouter()
Mode = Literal["hybrid", "dense", "lexical"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_FILES = 20  # per upload
Kb = Annotated[KnowledgeBase, Depends(kb_of)]  # the knowledge base as the caller may see it
Caller = Annotated[Principal, Depends(caller)]
Lang = Annotated[str, Depends(language)]
Scope = Annotated[Filters | None, Depends(filters_of)]


@router.get("/health", tags=["reading"], summary="Is the service up (no token needed)")
def health() -> dict:
    return {"status": "ok", "version": VERSION}


# --- reading ---------------------------------------------------------------------------------------
@router.get("/search", tags=["reading"], summary="The best passages for a query, with the filters")
def search(
    kb: Kb,
    filters: Scope,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="what to look for; accents optional")],
    k: Annotated[int, Query(ge=1, le=100, description="passages wanted")] = 10,
    mode: Annotated[Mode, Query()] = "hybrid",
    as_typed: Annotated[bool, Query(description="search the query as typed, without putting its accents back")] = False,
) -> dict:
    hits = kb.search(q, k=k, mode=mode, filters=filters, as_typed=as_typed)
    family = renderings(kb) if hits else {}
    results = [hit_json(h, [n for n in family.get(h.doc.family, []) if n != h.doc.name]) for h in hits]
    restored = None if as_typed else kb.understood(q)
    return {"query": q, "restored": restored, "count": len(results), "results": results}


@router.get("/ask", tags=["reading"], summary="A short answer with the passages and pages it comes from")
def ask(
    kb: Kb,
    lang: Lang,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="a question in Vietnamese")],
    as_typed: Annotated[
        bool, Query(description="read the question as typed, without putting its accents back")
    ] = False,
) -> dict:
    a = kb.ask(q, as_typed=as_typed)
    evidence = a.evidence
    return {
        "question": q,
        "answer": a.text(lang),
        "found": a.found,
        "confidence": round(a.confidence, 3),
        "citations": [{**c.as_json(), "doc_id": c.doc_id} for c in a.citations],
        "notice": a.notice.text(lang) if a.notice else None,
        "reason": a.reason.text(lang) if a.reason else None,
        "restored": a.restored,
        # the passage the answer comes from, its answering sentence(s) between « »
        "passage": {"file": evidence.file, "page": evidence.page, "text": evidence.marked()} if evidence else None,
    }


@router.get("/documents", tags=["reading"], summary="The documents the caller may read")
def documents(kb: Kb) -> dict:
    docs = kb.documents()
    return {"count": len(docs), "documents": [document_json(d) for d in docs]}


def _document(kb: KnowledgeBase, doc_id: int):
    doc = kb.document(doc_id)
    if doc is None:
        raise NotFound("api.no_document", id=doc_id)
    return doc


@router.get("/documents/{doc_id}", tags=["reading"], summary="One document's details")
def document(doc_id: int, kb: Kb) -> dict:
    return document_json(_document(kb, doc_id))


@router.get(
    "/documents/{doc_id}/original",
    tags=["reading"],
    summary="Download the original file",
    response_class=FileResponse,
)
def original(doc_id: int, kb: Kb) -> FileResponse:
    return original_response(kb, _document(kb, doc_id))


@router.get("/people", tags=["reading"], summary="Who was elected or appointed to what, with the source")
def people(kb: Kb) -> dict:
    facts = kb.people()
    return {"count": len(facts), "people": [{**f.as_json(), "doc_id": f.doc.id} for f in facts]}


@router.get("/timeline", tags=["reading"], summary="Decisions and directions, term after term")
def timeline(
    kb: Kb,
    filters: Scope,
    topic: Annotated[str | None, Query(max_length=500)] = None,
) -> dict:
    return {"topic": topic, "terms": [e.as_json() for e in kb.timeline(topic, filters=filters)]}


@router.get("/briefs", tags=["reading"], summary="The organisations a term brief can be made of, with their terms")
def brief_choices(kb: Kb) -> dict:
    return {
        "organisations": [{"org": c.org, "documents": c.documents, "terms": list(c.terms)} for c in kb.brief_choices()]
    }


@router.get("/brief", tags=["reading"], summary="One cited page about an organisation in a term", response_model=None)
def brief(
    kb: Kb,
    lang: Lang,
    org: Annotated[str | None, Query(max_length=300, description="any part of its name; default: most papers")] = None,
    term: Annotated[str | None, Query(max_length=40, description="e.g. 2021-2026; default: its newest")] = None,
    format: Annotated[Literal["json", "docx", "pdf"], Query()] = "json",
    summary: Annotated[bool, Query(description="an opening paragraph by the language model, when one is set")] = True,
) -> dict | Response:
    made = kb.brief(org, term, summary=summary)
    if format == "json":
        return made.as_json()
    from kb.briefs import render_docx, render_pdf

    out = io.BytesIO()
    (render_docx if format == "docx" else render_pdf).write(made, out, lang)
    media = DOCX if format == "docx" else "application/pdf"
    name = "ho-so-" + re.sub(r"[^0-9A-Za-z]+", "-", fold(made.term)).strip("-") + "." + format
    return Response(out.getvalue(), media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/stats", tags=["reading"], summary="Counts of what the caller may read; facets")
def stats(kb: Kb) -> dict:
    return {**kb.stats(), "facets": kb.facets()}


# --- writing ---------------------------------------------------------------------------------------
@router.post("/documents", tags=["writing"], status_code=202, summary="Upload files: an ingest job to poll")
def upload(
    request: Request,
    who: Caller,
    lang: Lang,
    files: Annotated[list[UploadFile], File(description="up to 20 files: .pdf .docx .doc .txt .md .html .htm")],
    access: Annotated[str, Form(description="public, internal or restricted")] = "public",
    groups: Annotated[str, Form(description="restricted: the groups that may read them, comma-separated")] = "",
) -> JSONResponse:
    who.require("upload")
    if len(files) > MAX_FILES:
        raise ApiError(422, "api.too_many_files", n=len(files), most=MAX_FILES)
    chosen = parse_access(access, groups)
    state = request.app.state
    limit = state.settings.upload_mb * 2**20
    job_id = state.jobs.new_id()
    paths, skipped = [], []
    try:
        for f in files:
            name = uploads.safe_name(f.filename or "")
            data = f.file.read(limit + 1)
            if len(data) > limit:
                raise ApiError(413, "api.too_big", name=display_name(name), mb=state.settings.upload_mb)
            if not uploads.readable(name):
                types = ", ".join("." + t for t in uploads.TYPES)
                why = Message("api.bad_type", {"name": display_name(name), "types": types})
                skipped.append(FileResult(name, display_name(name), "skipped", why))
            else:
                paths.append(uploads.keep(state.kb.home, name, data, batch=job_id))
    except ApiError:
        uploads.discard(paths)
        raise
    job = state.jobs.submit(Job(job_id, who, paths, chosen, skipped))
    poll = f"{PREFIX}/jobs/{job.id}"
    return JSONResponse({"job": job_json(job, lang), "poll": poll}, status_code=202, headers={"Location": poll})


@router.get("/jobs/{job_id}", tags=["writing"], summary="An upload's ingest job: queued, running, done or failed")
def job(job_id: str, request: Request, who: Caller, lang: Lang) -> dict:
    found = request.app.state.jobs.get(job_id)
    if found is None or (found.owner.actor != who.actor and not who.may("users")):
        raise NotFound("api.no_job", id=job_id)
    return job_json(found, lang)


@router.delete("/documents/{doc_id}", tags=["writing"], summary="Move a document to the trash")
def trash(doc_id: int, kb: Kb) -> dict:
    doc = _document(kb, doc_id)
    kb.remove(doc.sha256)
    return {"trashed": document_json(doc)}


# --- accounts --------------------------------------------------------------------------------------
class NewToken(BaseModel):
    label: str = Field("", max_length=80, description="what it is for, e.g. the portal's name")
    user: str | None = Field(None, max_length=64, description="whose (admins only; one's own when not given)")


@router.get("/tokens", tags=["accounts"], summary="One's API tokens (an admin: everyone's)")
def tokens(kb: Kb) -> dict:
    return {"tokens": [t.as_json() for t in kb.accounts.tokens()]}


@router.post("/tokens", tags=["accounts"], status_code=201, summary="A new API token, shown this once")
def new_token(body: NewToken, kb: Kb) -> dict:
    token, secret = kb.accounts.create_token(body.user, body.label)
    return {**token.as_json(), "token": secret}


@router.delete("/tokens/{token_id}", tags=["accounts"], summary="Revoke an API token")
def revoke(token_id: int, kb: Kb) -> dict:
    return kb.accounts.revoke_token(token_id).as_json()


@router.get("/audit", tags=["accounts"], summary="The audit trail (admins)")
def audit(
    kb: Kb,
    after: Annotated[int, Query(ge=0, description="entries after this number")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict:
    return {"entries": [e.as_json() for e in kb.audit(after, limit)]}
