"""The HTTP API through the real server (`kb serve`, uvicorn on a free port of 127.0.0.1): every status
it promises (401, 403, 413, 422, 429), a restricted document that never leaks, hostile file names,
concurrent clients during an upload, the OpenAPI description and docs page, both languages."""

from __future__ import annotations

import http.client
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import secrets_kb
from secrets_kb import HIDDEN, answer_leaks, leaks
from ui.launch import api_server

pytestmark = pytest.mark.slow
UPLOAD_MB = 1  # the test server's limit per file
BURST = 30  # requests one token may send at once


@pytest.fixture(scope="module")
def home(tmp_path_factory, embedder):
    return secrets_kb.make(tmp_path_factory.mktemp("api"), embedder)


@pytest.fixture(scope="module")
def tokens(home, embedder):
    """One API token per user of secrets_kb, and a spare one for the rate limit."""
    from kb import KnowledgeBase

    kb = KnowledgeBase(home, embedder=embedder)
    made = {name: kb.accounts.create_token(name, "tests")[1] for name in secrets_kb.USERS}
    made["spare"] = kb.accounts.create_token("viewer1", "rate limit")[1]
    kb.close()
    return made


@pytest.fixture(scope="module")
def api(home, tokens, tmp_path_factory):
    """The server, with anonymous reading off (KB_PUBLIC_READ=0)."""
    env = {"KB_PUBLIC_READ": "0", "KB_API_UPLOAD_MB": str(UPLOAD_MB), "KB_API_RATE": "600", "KB_API_BURST": str(BURST)}
    with api_server(home, tmp_path_factory.mktemp("api-log") / "serve.log", env) as url:
        yield url


def get(api, path, token=None, patient=True, **params):
    """A GET; a patient caller waits as long as a 429 says and asks again (the tests that read
    everything send hundreds of requests with one token)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    while True:
        r = requests.get(api + path, params=params, headers=headers, timeout=120)
        if r.status_code != 429 or not patient:
            return r
        time.sleep(int(r.headers["Retry-After"]))


def as_token(token):
    return {"Authorization": f"Bearer {token}"}


def wait_for(api, job_url, token, timeout=300):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        job = requests.get(api + job_url, headers=as_token(token), timeout=30).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"the job did not finish: {job}")


def test_without_a_token_401_and_with_a_bad_one_too(api):
    assert get(api, "/v1/health").json() == {"status": "ok", "version": "1"}
    for path in ("/v1/search?q=thư viện", "/v1/documents", "/v1/people", "/v1/stats", "/v1/timeline"):
        r = get(api, path)
        assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Bearer", path
        assert r.json()["error"] == "api.no_token" and "Cần mã API" in r.json()["message"]
    assert get(api, "/v1/documents", token="kb_not-a-token").status_code == 401
    r = requests.get(api + "/v1/documents", headers={"Authorization": "Basic dXNlcjpwdw=="}, timeout=30)
    assert r.status_code == 401 and r.json()["error"] == "api.bad_auth"


def test_a_role_that_may_not_is_refused_403(api, tokens):
    files = {"files": ("a.txt", "Biên bản họp.".encode(), "text/plain")}
    r = requests.post(api + "/v1/documents", files=files, headers=as_token(tokens["viewer1"]), timeout=30)
    assert r.status_code == 403 and "viewer1 (người xem) không được thêm tài liệu" in r.json()["message"]
    r = requests.get(api + "/v1/audit?lang=en", headers=as_token(tokens["editor1"]), timeout=30)
    assert r.status_code == 403 and r.json()["message"].startswith("editor1 (editor) may not read the audit trail")
    assert requests.get(api + "/v1/audit", headers=as_token(tokens["admin1"]), timeout=30).status_code == 200


def test_an_upload_over_the_limit_is_413(api, tokens):
    big = b"a" * (UPLOAD_MB * 2**20 + 10)
    r = requests.post(
        api + "/v1/documents", files={"files": ("lon.txt", big)}, headers=as_token(tokens["editor1"]), timeout=60
    )
    assert r.status_code == 413 and "lon.txt" in r.json()["message"] and f"{UPLOAD_MB} MB" in r.json()["message"]
    host, port = api.removeprefix("http://").split(":")
    claim = http.client.HTTPConnection(host, int(port), timeout=30)  # says 1 TB is coming, sends nothing
    claim.putrequest("POST", "/v1/documents")
    claim.putheader("Authorization", f"Bearer {tokens['editor1']}")
    claim.putheader("Content-Type", "multipart/form-data; boundary=x")
    claim.putheader("Content-Length", str(10**12))
    claim.endheaders()
    answer = claim.getresponse()
    assert answer.status == 413, "refused by its length before anything is read"
    claim.close()


def test_bad_parameters_are_422_with_a_message_in_the_callers_language(api, tokens):
    viewer = tokens["viewer1"]
    r = get(api, "/v1/search", viewer, k=0)
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "api.bad_parameters" and "q" in body["message"] and "k" in body["message"]
    assert body["message"].startswith("Tham số không hợp lệ") and {p["field"] for p in body["problems"]} == {"q", "k"}
    english = {**as_token(viewer), "Accept-Language": "en-GB,en;q=0.9"}
    r = requests.get(api + "/v1/search", params={"q": "x", "kind": "poem"}, headers=english, timeout=30)
    assert r.status_code == 422 and r.json()["message"].startswith("Unknown kind 'poem'; choose one of report")
    assert get(api, "/v1/search", viewer, q="x", mode="fuzzy", lang="en").json()["message"].startswith("Bad parameters")
    assert get(api, "/v1/documents/999999", viewer).status_code == 404


def test_too_many_requests_from_one_token_is_429(api, tokens):
    statuses = [get(api, "/v1/health", patient=False).status_code for _ in range(3)]
    assert statuses == [200] * 3, "health is never limited"
    spare = tokens["spare"]
    answers = [get(api, "/v1/documents", spare, patient=False) for _ in range(BURST + 10)]
    codes = [r.status_code for r in answers]
    assert codes[:BURST] == [200] * BURST and 429 in codes[BURST:]
    limited = next(r for r in answers if r.status_code == 429)
    assert int(limited.headers["Retry-After"]) >= 1 and "Quá nhiều yêu cầu" in limited.json()["message"]
    assert get(api, "/v1/documents", tokens["viewer1"]).status_code == 200, "another token is not held back"


def everything(api, token) -> str:
    """All a token's user can read through the API, as text."""
    texts = []
    for q in ("Zebrafoxtrot", "Quasimodo số hóa kho mật thư", "bầu Chủ tịch nhiệm kỳ 2030-2035", "lịch trực mùa hè"):
        for mode in ("hybrid", "dense", "lexical"):  # what was found, not the query said back
            texts.append(
                json.dumps(get(api, "/v1/search", token, q=q, k=50, mode=mode).json()["results"], ensure_ascii=False)
            )
        texts.append(json.dumps(get(api, "/v1/timeline", token, topic=q).json()["terms"], ensure_ascii=False))
    for path in ("/v1/documents", "/v1/people", "/v1/timeline", "/v1/stats", "/v1/briefs"):
        texts.append(get(api, path, token).text)
    for choice in get(api, "/v1/briefs", token).json()["organisations"]:
        for term in choice["terms"]:
            texts.append(get(api, "/v1/brief", token, org=choice["org"], term=term, summary=False).text)
    for doc in get(api, "/v1/documents", token).json()["documents"]:
        texts.append(get(api, f"/v1/documents/{doc['id']}", token).text)
        texts.append(get(api, f"/v1/documents/{doc['id']}/original", token).content.decode("utf-8", "replace"))
    return "\n".join(texts)


def test_a_restricted_document_never_leaks_through_the_api(api, tokens, home):
    from kb.store.sqlite import SqliteCatalog

    viewer, member = everything(api, tokens["viewer1"]), everything(api, tokens["ketoan1"])
    assert leaks(viewer) == [] and "ban-sao-lich-truc.txt" in viewer and "vortigern" in viewer.lower()
    assert set(leaks(member)) == set(HIDDEN), "the member reads it all: the test can fail"
    for q in ("Ai là Chủ tịch Hội Quasimodo Zebrafoxtrot nhiệm kỳ 2030-2035?", "Dự án Zebrafoxtrot được bao nhiêu?"):
        answer = get(api, "/v1/ask", tokens["viewer1"], q=q).json()
        assert answer["found"] is False and answer_leaks(q, json.dumps(answer, ensure_ascii=False)) == []
    answer = get(api, "/v1/ask", tokens["ketoan1"], q="Ai là Chủ tịch Hội Quasimodo Zebrafoxtrot?", lang="en").json()
    assert "Trần Thị Xuyến" in answer["answer"] and answer["citations"][0]["file"] == "nghi-quyet-mat.txt"
    catalog = SqliteCatalog(home / "catalog.sqlite")
    secret = next(d for d in catalog.documents() if d.name == "nghi-quyet-mat.txt")
    catalog.close()
    for path in (f"/v1/documents/{secret.id}", f"/v1/documents/{secret.id}/original"):
        r = get(api, path, tokens["viewer1"])
        assert r.status_code == 404 and leaks(r.text) == []
    hit = get(api, "/v1/search", tokens["viewer1"], q="lịch trực thư viện mùa hè", k=3).json()["results"][0]
    assert hit["file"] == "ban-sao-lich-truc.txt" and hit["also_in"] == [], "no hint of the hidden rendering"
    hit = get(api, "/v1/search", tokens["ketoan1"], q="lịch trực thư viện mùa hè", k=3).json()["results"][0]
    other = {"ban-sao-lich-truc.txt", "ban-goc-omega.txt"} - {hit["file"]}
    assert hit["also_in"] == sorted(other), "a member is told of the other rendering"


def test_uploads_with_hostile_names_become_a_job_and_stay_in_their_folder(api, tokens, home):
    editor = tokens["editor1"]
    files = [
        ("files", ("../../../../tmp/kb-escape.txt", "Biên bản họp Ban chấp hành về thư viện số Pegasus.".encode())),
        ("files", ("<img src=x onerror=alert(1)>.txt", "Thông báo Pegasus lịch họp tháng Sáu.".encode())),
        ("files", ("C:\\Windows\\..\\báo cáo\u202etxt.exe.md", "Báo cáo Pegasus quý II.".encode())),
        ("files", ("virus.exe", b"MZ\x90\x00")),
        ("files", (".hidden.docx", b"not a docx at all")),
    ]
    r = requests.post(
        api + "/v1/documents",
        files=files,
        data={"access": "restricted", "groups": "ketoan"},
        headers=as_token(editor),
        timeout=60,
    )
    assert r.status_code == 202 and r.headers["Location"] == r.json()["poll"]
    job = wait_for(api, r.json()["poll"], editor)
    status = {f["file"]: f["status"] for f in job["files"]}
    assert job["status"] == "done", job
    assert status["kb-escape.txt"] == "added" and status["<img src=x onerror=alert(1)>.txt"] == "added"
    assert status["virus.exe"] == "skipped" and status["hidden.docx"] == "skipped"
    assert any(name.startswith("báo cáo") and name.endswith(".md") and s == "added" for name, s in status.items())
    for outside in (home.parent / "tmp" / "kb-escape.txt", home / "tmp" / "kb-escape.txt"):
        assert not outside.exists(), "an upload's name never leaves its folder"
    assert not list((home / "uploads").rglob("*.*")), "uploads are removed once ingested"
    assert requests.get(api + r.json()["poll"], headers=as_token(tokens["viewer1"]), timeout=30).status_code == 404
    viewer = get(api, "/v1/search", tokens["viewer1"], q="Pegasus", k=10).json()["results"]
    member = get(api, "/v1/search", tokens["ketoan1"], q="Pegasus", k=10).json()["results"]
    assert viewer == [] and {h["file"] for h in member} >= {"kb-escape.txt", "<img src=x onerror=alert(1)>.txt"}
    doc = next(h for h in member if h["file"] == "kb-escape.txt")
    original = get(api, f"/v1/documents/{doc['doc_id']}/original", tokens["ketoan1"])
    assert original.content.decode() == "Biên bản họp Ban chấp hành về thư viện số Pegasus."
    assert 'filename="kb-escape.txt"' in original.headers["Content-Disposition"]


def test_concurrent_clients_search_while_an_upload_is_ingested(api, tokens):
    editor = tokens["editor1"]
    text = "\n\n".join(f"Đoạn {i}: nghị quyết về phát triển văn hóa đọc Orion tại cơ sở, mục {i}." for i in range(60))
    r = requests.post(
        api + "/v1/documents", files={"files": ("orion.txt", text.encode())}, headers=as_token(editor), timeout=60
    )
    assert r.status_code == 202

    def client(n: int) -> list[tuple[int, str]]:
        token = tokens["ketoan1" if n % 2 else "viewer1"]
        out = []
        for q in ("bầu Chủ tịch Liên hiệp", "Zebrafoxtrot", "lịch trực mùa hè", "văn hóa đọc"):
            got = get(api, "/v1/search", token, q=q, k=5)
            out.append((got.status_code, json.dumps(got.json().get("results"), ensure_ascii=False)))
        return out

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(client, range(8)))
    assert all(code == 200 for rows in results for code, _ in rows), [code for rows in results for code, _ in rows]
    for n, rows in enumerate(results):
        seen = "\n".join(text for _, text in rows)
        assert (leaks(seen) == []) == (n % 2 == 0), "each client sees what its token's user may"
    job = wait_for(api, r.json()["poll"], editor)
    assert job["status"] == "done" and job["files"][0]["status"] == "added"
    assert get(api, "/v1/search", tokens["viewer1"], q="văn hóa đọc Orion", k=3).json()["results"][0]["file"] == (
        "orion.txt"
    )


def test_the_description_and_docs_page_are_served_from_this_machine(api):
    spec = requests.get(api + "/openapi.json", timeout=30).json()
    assert {"/v1/search", "/v1/ask", "/v1/documents", "/v1/documents/{doc_id}/original", "/v1/jobs/{job_id}"} <= set(
        spec["paths"]
    )
    assert {"/v1/people", "/v1/timeline", "/v1/stats", "/v1/health", "/v1/tokens"} <= set(spec["paths"])
    page = requests.get(api + "/docs", timeout=30)
    assert page.status_code == 200 and "/static-offline-docs/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower(), "nothing fetched from elsewhere"
    assert requests.get(api + "/static-offline-docs/swagger-ui-bundle.js", timeout=30).status_code == 200


def test_tokens_are_made_and_revoked_through_the_api(api, tokens):
    viewer = tokens["viewer1"]
    made = requests.post(api + "/v1/tokens", json={"label": "cổng"}, headers=as_token(viewer), timeout=30)
    assert made.status_code == 201 and made.json()["user"] == "viewer1"
    secret = made.json()["token"]
    assert get(api, "/v1/documents", secret).status_code == 200
    listed = get(api, "/v1/tokens", viewer).json()["tokens"]
    assert all("token" not in t for t in listed) and {t["user"] for t in listed} == {"viewer1"}
    r = requests.post(api + "/v1/tokens", json={"user": "ketoan1"}, headers=as_token(viewer), timeout=30)
    assert r.status_code == 403
    gone = requests.delete(api + f"/v1/tokens/{made.json()['id']}", headers=as_token(viewer), timeout=30)
    assert gone.status_code == 200 and gone.json()["revoked"]
    assert get(api, "/v1/documents", secret).status_code == 401


@pytest.fixture(scope="module")
def public_api(home, tokens, tmp_path_factory):
    """A second server with anonymous reading on (the default)."""
    with api_server(home, tmp_path_factory.mktemp("api-public") / "serve.log", {"KB_PUBLIC_READ": "1"}) as url:
        yield url


def test_anonymous_callers_read_public_documents_only_when_allowed(public_api, tokens):
    seen = everything(public_api, None)
    assert leaks(seen, HIDDEN + ("vortigern",)) == [] and "ban-sao-lich-truc.txt" in seen
    files = {"files": ("a.txt", "Biên bản.".encode())}
    r = requests.post(public_api + "/v1/documents", files=files, timeout=30)
    assert r.status_code == 401 and "đăng nhập" in r.json()["message"].lower()


def test_the_term_brief_and_a_query_typed_without_accents(api, tokens):
    import io

    from docx import Document as Docx

    token = tokens["viewer1"]
    choice = get(api, "/v1/briefs", token).json()["organisations"][0]
    assert "Thư viện" in choice["org"] and "2018-2020" in choice["terms"]
    brief = get(api, "/v1/brief", token, org="thu vien mien nui", term="2018-2020", summary=False).json()
    assert "Nguyễn Thị Thanh Phương" in json.dumps(brief, ensure_ascii=False)
    docx = get(api, "/v1/brief", token, org=choice["org"], term="2018-2020", format="docx", summary=False)
    assert docx.status_code == 200 and docx.headers["content-disposition"].endswith('ho-so-2018-2020.docx"')
    assert "Nguyễn Thị Thanh Phương" in "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    pdf = get(api, "/v1/brief", token, org=choice["org"], term="2018-2020", format="pdf", summary=False)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    unknown = get(api, "/v1/brief", token, org="Hội Cờ Tướng", lang="en")
    assert unknown.status_code == 422 and "Hội Cờ Tướng" in unknown.json()["message"]
    found = get(api, "/v1/search", token, q="lich truc thu vien mua he", k=3).json()
    assert found["restored"] == "lịch trực thư viện mùa hè" and found["results"][0]["file"] == "ban-sao-lich-truc.txt"
    assert get(api, "/v1/search", token, q="lich truc thu vien mua he", as_typed=True).json()["restored"] is None
