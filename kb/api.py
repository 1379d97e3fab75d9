"""The HTTP API (`kb serve`): search, ask, documents, people, timeline, stats, for the systems around
the product (a library's portal, an office's document system). Thin over the `KnowledgeBase` facade,
as the app is: every call runs as the token's user (`as_user`), so they read only what they may.

    Authorization: Bearer kb_…      a user's API token (kb token create, or the app's account page)
    ?lang=en or Accept-Language: en  messages in English (Vietnamese by default)

Without a token: 401, unless KB_PUBLIC_READ lets anonymous callers read public documents; a role
that may not: 403; an upload over the size limit: 413; bad parameters: 422 with a message; too
many requests from one token (or one address without a token): 429 with Retry-After. Uploads
become ingest jobs (kb/jobs.py) with a status to poll. The description is at /openapi.json and the
docs page at /docs (served from this machine: nothing is fetched from elsewhere).
"""

from __future__ import annotations

import mimetypes
import os
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi_offline import FastAPIOffline

from ingest.messages import LANGUAGES, Message
from kb import uploads
from kb.access import ANONYMOUS, Principal, public_read
from kb.accounts import token_digest
from kb.embed import Embedder
from kb.errors import Busy, Forbidden, KbError, NotFound
from kb.filters import Filters
from kb.jobs import IngestQueue, Job
from kb.knowledge import KnowledgeBase
from kb.pipeline import FileResult
from kb.records import Access, Hit, StoredDocument

VERSION = "1"
PREFIX = f"/v{VERSION}"


@dataclass(frozen=True)
class Settings:
    upload_mb: int = uploads.UPLOAD_MAX_MB  # per file
    per_minute: int = 1200  # requests per token (or address, without one), on average
    burst: int = 120  # requests at once before the average applies

    @classmethod
    def from_environment(cls) -> Settings:
        """KB_API_UPLOAD_MB, KB_API_RATE (requests per minute), KB_API_BURST."""
        env = os.environ
        return cls(
            int(env.get("KB_API_UPLOAD_MB") or cls.upload_mb),
            int(env.get("KB_API_RATE") or cls.per_minute),
            int(env.get("KB_API_BURST") or cls.burst),
        )


class ApiError(Exception):
    """An answer other than 200, with a message in the caller's language."""

    def __init__(self, status: int, key: str, headers: dict[str, str] | None = None, **values: Any):
        self.status, self.message, self.headers = status, Message(key, values), headers or {}


class Limiter:
    """A token bucket per caller: `burst` requests at once, then `per_minute` on average."""

    def __init__(self, per_minute: int, burst: int):
        self.rate, self.burst = per_minute / 60.0, float(burst)
        self._buckets: dict[str, tuple[float, float]] = defaultdict(lambda: (float(burst), time.monotonic()))
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        with self._lock:
            tokens, then = self._buckets[key]
            now = time.monotonic()
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                wait = max(1, round((1 - tokens) / self.rate)) if self.rate else 60
                raise ApiError(429, "api.too_many", {"Retry-After": str(wait)}, seconds=wait)
            self._buckets[key] = (tokens - 1, now)


# --- what every call needs: the language, the caller ---------------------------------------------
def language(request: Request) -> str:
    """?lang=en, else the first language of Accept-Language that we speak, else Vietnamese."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return "vi"


def caller(request: Request) -> Principal:
    """The token's user; anonymous without a token when public read is on; else 401."""
    state = request.app.state
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(401, "api.bad_auth", {"WWW-Authenticate": "Bearer"})
        principal = state.kb.accounts.principal_of_token(secret)
        if principal is None:
            raise ApiError(401, "api.bad_token", {"WWW-Authenticate": "Bearer"})
        key = "token:" + token_digest(secret.strip())
    else:
        if not public_read():
            raise ApiError(401, "api.no_token", {"WWW-Authenticate": "Bearer"})
        principal, key = ANONYMOUS, "address:" + (request.client.host if request.client else "?")
    state.limiter.take(key)
    request.state.principal = principal
    return principal


def kb_of(request: Request, who: Annotated[Principal, Depends(caller)]) -> KnowledgeBase:
    """The knowledge base as the caller may read and change it."""
    return request.app.state.kb.as_user(who)


# --- records as the API gives them -----------------------------------------------------------------
def document_json(d: StoredDocument) -> dict:
    return {"id": d.id, **d.as_json()}


def hit_json(h: Hit, also_in: list[str]) -> dict:
    return {**h.as_json(), "doc_id": h.doc.id, "title": h.doc.title, "also_in": also_in}


def file_json(f: FileResult, lang: str) -> dict:
    return {
        "file": f.name,
        "status": f.status,
        "chunks": f.chunks,
        "message": f.message.text(lang) if f.message else "",
    }


def job_json(job: Job, lang: str) -> dict:
    return {
        "id": job.id,
        "status": job.status,
        "created": job.created,
        "finished": job.finished or None,
        "files": [file_json(f, lang) for f in job.files or job.skipped],
        "error": job.error.text(lang) if job.error else None,
    }


def renderings(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Family → the names of its visible renderings (the "also in" of a result)."""
    out: dict[str, list[str]] = defaultdict(list)
    for d in kb.documents():
        out[d.family].append(d.name)
    return out


# --- the application ---------------------------------------------------------------------------------
def create_app(
    home: str | Path | None = None, embedder: Embedder | None = None, settings: Settings | None = None
) -> FastAPI:
    """The API over the knowledge base at `home` (KB_HOME when not given)."""
    settings = settings or Settings.from_environment()
    kb = KnowledgeBase(home, embedder=embedder)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.close()
        kb.close()

    app = FastAPIOffline(
        lifespan=lifespan,
        title="Tra cứu báo cáo, nghị quyết — API",
        version=VERSION,
        description=__doc__,
        openapi_tags=[
            {"name": "reading", "description": "Search, answers, documents, people, the timeline, counts."},
            {"name": "writing", "description": "Upload (an ingest job to poll) and move to the trash: editors."},
            {"name": "accounts", "description": "API tokens: one's own; an admin's for anyone. The audit trail."},
        ],
    )
    app.state.kb = kb
    app.state.settings = settings
    app.state.limiter = Limiter(settings.per_minute, settings.burst)
    app.state.jobs = IngestQueue(kb.home, kb.embedder)
    _errors(app)
    from kb import api_routes

    most = settings.upload_mb * 2**20 * api_routes.MAX_FILES + 2**20

    @app.middleware("http")
    async def too_big(request: Request, call_next):
        """An upload larger than any allowed is refused before it is read (Content-Length)."""
        length = request.headers.get("content-length", "")
        if request.method in ("POST", "PUT", "PATCH") and length.isdigit() and int(length) > most:
            message = Message("api.request_too_big", {"mb": most // 2**20})
            return JSONResponse({"error": message.key, "message": message.text(language(request))}, status_code=413)
        return await call_next(request)

    app.include_router(api_routes.router, prefix=PREFIX)
    return app


def _errors(app: FastAPI) -> None:
    """Every error as {"error": key, "message": in the caller's language}."""

    def body(request: Request, status: int, message: Message, headers: dict[str, str] | None = None, **extra):
        return JSONResponse(
            {"error": message.key, "message": message.text(language(request)), **extra},
            status_code=status,
            headers=headers,
        )

    @app.exception_handler(ApiError)
    def _api(request: Request, e: ApiError):
        return body(request, e.status, e.message, e.headers)

    @app.exception_handler(KbError)
    def _kb(request: Request, e: KbError):
        who = getattr(request.state, "principal", ANONYMOUS)
        if isinstance(e, Forbidden):
            status = 403 if who.signed_in else 401
        elif isinstance(e, NotFound):
            status = 404
        elif isinstance(e, Busy):
            status = 503
        else:
            status = 422
        return body(request, status, e.message)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, e: RequestValidationError):
        problems = [
            {"field": ".".join(str(x) for x in err.get("loc", ())[1:]) or "?", "problem": err.get("msg", "")}
            for err in e.errors()
        ]
        fields = ", ".join(p["field"] for p in problems)
        return body(request, 422, Message("api.bad_parameters", {"fields": fields}), problems=problems)


def parse_access(level: str, groups: str) -> Access:
    return Access(level, tuple(g.strip() for g in groups.split(",") if g.strip()))


def filters_of(
    term: Annotated[str | None, Query(max_length=100, description='"2018-2020" or "khóa XIV"')] = None,
    year_from: Annotated[int | None, Query(ge=1000, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1000, le=2100)] = None,
    kind: Annotated[str | None, Query(max_length=40, description="report, resolution, minutes …")] = None,
    org: Annotated[str | None, Query(max_length=200, description="any part of an organisation's name")] = None,
    section: Annotated[str | None, Query(max_length=40, description="achievements, difficulties …")] = None,
) -> Filters | None:
    found = Filters(term=term, year_from=year_from, year_to=year_to, kind=kind, org=org, section=section)
    return found if found.active else None


def original_response(kb: KnowledgeBase, doc: StoredDocument) -> FileResponse:
    path = kb.original(doc)
    if not path.is_file():
        raise NotFound("api.original_missing", name=doc.name)
    media = mimetypes.guess_type(doc.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media, filename=doc.name)
