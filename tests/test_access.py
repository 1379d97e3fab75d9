"""Who may see what: a document someone may not read never shows up for them in any form — search
(every mode, every rendering), answers and citations, the timeline, people, counts, facets, the
"also in" of near-duplicates, pages, originals, the prompt sent to a language model — through the
library API and the CLI's --user (the app: test_app.py; the HTTP API: test_api.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import secrets_kb
from conftest import ROOT, ChatReply, chat_server
from secrets_kb import HIDDEN, INTERNAL_ONLY, answer_leaks, leaks, shown

QUESTIONS = [
    "Ai là Chủ tịch Hội Quasimodo Zebrafoxtrot nhiệm kỳ 2030-2035?",
    "Dự án Zebrafoxtrot được dành bao nhiêu tiền?",
    "Ai ký nghị quyết 07/NQ-QZ?",
]
QUERIES = ["Zebrafoxtrot", "Quasimodo số hóa kho mật thư", "bầu Chủ tịch nhiệm kỳ 2030-2035", "lịch trực mùa hè"]


@pytest.fixture(scope="module")
def home(tmp_path_factory, embedder):
    return secrets_kb.make(tmp_path_factory.mktemp("secrets"), embedder)


@pytest.fixture(scope="module")
def kb(home, embedder):
    from kb import KnowledgeBase

    opened = KnowledgeBase(home, embedder=embedder)
    yield opened
    opened.close()


def as_user(kb, name):
    from kb.access import ANONYMOUS, Principal

    if name is None:
        return kb.as_user(ANONYMOUS)
    return kb.as_user(Principal.of(kb.store.user(name)))


def everything_seen(kb) -> str:
    """All a person can read of the knowledge base through the library API, as one text."""
    from kb import Filters

    parts = [shown(kb.documents()), shown(kb.people()), shown(kb.facets()), shown(kb.stats())]
    for q in QUERIES:
        for mode in ("hybrid", "dense", "lexical"):
            parts.append(shown(kb.search(q, k=50, mode=mode)))
        parts.append(shown(kb.search(q, k=50, all_renderings=True)))
        parts.append(shown(kb.search(q, k=50, filters=Filters(term="2030-2035"))))
        parts.append(shown(kb.timeline(q)))
    parts.append(shown(kb.timeline()))
    for d in kb.documents():
        parts.append(kb.page_text(d, 1).lower())
    for choice in kb.brief_choices():
        parts.append(shown([choice.org, *choice.terms]))
        parts += [shown(kb.brief(choice.org, term, summary=False)) for term in choice.terms]
    return "\n".join(parts)


def test_a_restricted_document_never_shows_up_for_who_may_not_read_it(kb):
    anonymous, viewer, member, admin = (everything_seen(as_user(kb, n)) for n in (None, "viewer1", "ketoan1", "admin1"))
    assert leaks(anonymous, HIDDEN + INTERNAL_ONLY) == []
    assert leaks(viewer) == [] and "vortigern" in viewer, "a signed-in user reads internal documents"
    assert set(leaks(member)) == set(HIDDEN), "a member of the group reads all of it: the test can fail"
    assert set(leaks(admin)) == set(HIDDEN), "an admin reads everything"


def test_answers_and_citations_hold_only_what_the_asker_may_read(kb):
    for question in QUESTIONS:
        for name in (None, "viewer1"):
            answer = as_user(kb, name).ask(question)
            assert answer_leaks(question, shown(answer)) == [], (name, question)
            assert all(c.file != "nghi-quyet-mat.txt" for c in answer.citations)
    member = as_user(kb, "ketoan1").ask(QUESTIONS[0])
    assert member.found and "Trần Thị Xuyến" in member.text() and member.citations[0].file == "nghi-quyet-mat.txt"


def test_a_term_brief_refused_names_nothing_hidden(kb):
    """Asked for the hidden organisation's brief, a viewer is told which organisations there are:
    only those of papers they may read."""
    from kb.errors import KbError

    with pytest.raises(KbError) as refused:
        as_user(kb, "viewer1").brief("Quasimodo", "2030-2035", summary=False)
    assert answer_leaks("Quasimodo 2030-2035", str(refused.value)) == []
    assert "Liên hiệp Thư viện" in str(refused.value), "the organisations the viewer may read are named"


def test_counts_and_facets_are_of_what_one_may_read(kb):
    viewer = as_user(kb, "viewer1")
    names = sorted(d.name for d in viewer.documents())
    assert names == sorted(["000_3c1979836d8bfaf1.txt", "ban-sao-lich-truc.txt", "noi-bo-vortigern.txt"])
    stats = viewer.stats()
    assert stats["documents"] == 3 and stats["chunks"] == sum(d.chunks for d in viewer.documents())
    assert stats["index_size"] is None and stats["home"] is None, "the index size would tell how much is hidden"
    everything = kb.stats()
    assert everything["documents"] == 5 and everything["index_size"] == everything["chunks"]
    facets = viewer.facets()
    assert "2030-2035" not in dict(facets["terms"]) and "resolution" not in dict(facets["kinds"])
    assert sum(facets["sections"][i][1] for i in range(len(facets["sections"]))) >= 1
    assert dict(facets["sections"]) != dict(kb.facets()["sections"]), "passages of hidden documents are not counted"


def test_near_duplicates_are_worked_out_among_visible_documents(kb):
    """The public copy is another rendering of a restricted paper: it is shown, on its own, never
    pointing at the hidden one."""
    stored = {d.name: d for d in kb.documents()}
    assert stored["ban-sao-lich-truc.txt"].near_duplicate_of == "ban-goc-omega.txt"
    anonymous = as_user(kb, None)
    copy = next(d for d in anonymous.documents() if d.name == "ban-sao-lich-truc.txt")
    assert copy.near_duplicate_of is None and copy.family == copy.name
    hits = anonymous.search("lịch trực thư viện mùa hè", k=5)
    assert hits[0].doc.name == "ban-sao-lich-truc.txt", "not hidden behind its hidden first rendering"
    member_hits = as_user(kb, "ketoan1").search("lịch trực thư viện mùa hè", k=5)
    assert [h.doc.family for h in member_hits].count("ban-goc-omega.txt") == 1, "one row for the family"


def test_originals_pages_and_the_trash_of_hidden_documents_are_refused(kb):
    from kb.errors import Forbidden, NotFound

    secret = next(d for d in kb.documents() if d.name == "nghi-quyet-mat.txt")
    viewer = as_user(kb, "viewer1")
    with pytest.raises(NotFound):
        viewer.original(secret)
    assert viewer.page_text(secret, 1) == ""
    assert as_user(kb, "ketoan1").original(secret).is_file()
    with pytest.raises(NotFound):
        as_user(kb, "editor1").correct("nghi-quyet-mat.txt", kind="report")  # an editor outside the group
    with pytest.raises(Forbidden):
        viewer.trashed()


def test_the_prompt_sent_to_a_language_model_holds_only_what_the_asker_may_read(kb, monkeypatch):
    """A real chat-completions endpoint on localhost that records each prompt it is sent."""
    prompts: list[str] = []

    class Recorder(ChatReply):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            prompts.append(json.dumps(body, ensure_ascii=False).lower())
            self.send_reply("Theo đoạn [1]: có.")

    with chat_server(monkeypatch, Recorder):
        viewer, member = as_user(kb, "viewer1"), as_user(kb, "ketoan1")
        for question in [*QUESTIONS, "Ai được bầu giữ chức Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?"]:
            viewer.ask(question)
        seen_by_viewer = list(prompts)
        for question in QUESTIONS:
            member.ask(question)
    assert seen_by_viewer, "the viewer's answers went to the model"
    assert leaks("\n".join(seen_by_viewer)) == []
    assert "zebrafoxtrot" in "\n".join(prompts[len(seen_by_viewer) :]), "a member's prompt holds the passages"


def kb_cli(home, *args):
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", "--home", str(home), *args], capture_output=True, text=True, cwd=ROOT
    )


@pytest.mark.slow
def test_the_command_line_as_a_user_shows_only_what_they_may_read(home):
    commands = [
        ("search", "dự án số hóa kho mật thư", "--json"),  # the query is said back: none of the hidden words
        ("search", "du an so hoa kho mat thu", "--json"),  # typed without accents
        ("search", "Quasimodo", "--mode", "lexical", "--all-renderings"),
        ("people", "--json"),
        ("timeline", "--json"),
        ("docs", "--json"),
        ("stats", "--json"),
    ]
    viewer = "\n".join(kb_cli(home, "--user", "viewer1", *c).stdout for c in commands)
    member = "\n".join(kb_cli(home, "--user", "ketoan1", *c).stdout for c in commands)
    assert "ban-sao-lich-truc.txt" in viewer and leaks(viewer) == []
    assert set(leaks(member)) == set(HIDDEN)
    asked = kb_cli(home, "--user", "viewer1", "ask", QUESTIONS[0], "--json").stdout
    assert json.loads(asked)["found"] is False and answer_leaks(QUESTIONS[0], asked) == []
    assert "Xuyến" in kb_cli(home, "--user", "ketoan1", "ask", QUESTIONS[0]).stdout
    refused = kb_cli(home, "--user", "viewer1", "remove", "ban-sao-lich-truc.txt")
    assert refused.returncode == 1 and "viewer1 (viewer) may not move documents to the trash" in refused.stderr
    unknown = kb_cli(home, "--user", "nobody", "docs")
    assert unknown.returncode == 1 and "There is no user 'nobody'" in unknown.stderr
