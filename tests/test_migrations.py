"""Opening a knowledge base made by an earlier version: the numbered migrations bring it up to date,
record its version, and it then answers as one built today from the same files."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from kb import KnowledgeBase
from kb.store.migrations import LATEST, MIGRATIONS, upgrade

# Made with the code of main on 2026-11-26 (commit b875de7): the seed report and the Cao Bằng
# resolution 33/2022 (a state paper), as `kb ingest` left them.
MADE_ON_2026_11_26 = "kb-2026-11-26"
QUERIES = [
    "bầu Chủ tịch Liên hiệp",
    "mức thu lệ phí cấp giấy phép lao động",
    "tang sach thu vien huyen",
    "khó khăn về kinh phí",
]


@pytest.fixture
def old_home(tmp_path):
    from conftest import ROOT

    home = tmp_path / "old"
    shutil.copytree(ROOT / "tests" / "data" / MADE_ON_2026_11_26, home)
    return home


def test_migrations_are_one_numbered_list():
    # in order, each number once; numbers are handed out per issue, so a branch may skip one
    # that another branch holds until both have landed
    numbers = [m.number for m in MIGRATIONS]
    assert numbers[0] == 1 and numbers == sorted(set(numbers))
    assert LATEST == MIGRATIONS[-1].number and all(m.about for m in MIGRATIONS)


def test_a_kb_of_2026_11_26_is_migrated_and_answers_as_one_built_today(old_home, tmp_path, embedder):
    before = sqlite3.connect(old_home / "catalog.sqlite")
    assert before.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() is None
    chunk_ids = before.execute("SELECT id, text FROM chunks ORDER BY id").fetchall()
    before.close()

    old = KnowledgeBase(old_home, embedder=embedder)
    assert old.store.schema_version == LATEST
    assert old.check().problems == []
    docs = old.documents()
    # what migration 2 added: each paper's signer, each chunk's formal sentences
    resolution = next(d for d in docs if d.name.endswith(".pdf"))
    assert resolution.meta.signer and resolution.meta.signer.name == "Triệu Đình Lê"
    assert any(c.formal for _, c in old.store.chunks_of(resolution.id))
    # what migration 3 added: the counts of the stored text's syllables, for queries typed without accents
    assert old.store.syllable_counts().total() > 1000 and old.understood("thu vien mien nui") == "thư viện miền núi"
    # nothing embedded again: the same chunks, the same vectors
    assert [(i, c.text) for d in docs for i, c in old.store.chunks_of(d.id)] == [tuple(r) for r in chunk_ids]

    folder = tmp_path / "originals"
    folder.mkdir()
    for d in docs:
        shutil.copy(old.original(d), folder / d.name)
    fresh = KnowledgeBase(tmp_path / "fresh", embedder=embedder)
    fresh.ingest([folder])

    def seen(kb: KnowledgeBase, query: str) -> list[tuple]:
        return [
            (h.doc.name, h.chunk.page_start, h.chunk.text, h.chunk.sections, h.chunk.heading, round(h.score, 4))
            for h in kb.search(query, k=5)
        ]

    for query in QUERIES:
        assert seen(old, query) == seen(fresh, query), query
    for question in (
        "Ai là Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?",
        "Ai đã ký Nghị quyết 33/2022?",
        "Lệ phí cấp mới giấy phép lao động là bao nhiêu?",
    ):
        a, b = old.ask(question), fresh.ask(question)
        assert (a.answer, a.found, [c.file for c in a.citations]) == (b.answer, b.found, [c.file for c in b.citations])
    assert [(f.person, f.doc.name) for f in old.people()] == [(f.person, f.doc.name) for f in fresh.people()]
    old.close()
    fresh.close()


def test_a_migrated_kb_is_not_migrated_again(old_home, embedder):
    KnowledgeBase(old_home, embedder=embedder).close()
    db = sqlite3.connect(old_home / "catalog.sqlite")
    assert upgrade(db) == []
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(LATEST)
    db.close()
