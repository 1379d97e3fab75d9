"""The dense index past EXACT_MAX: real FAISS IVF against numpy brute force, on vectors made from real ones."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import SEED
from ingest import Chunk, Document
from ingest.records import Page
from kb.store import faiss as dense
from kb.store.faiss import DenseIndex
from kb.store.sqlite import SqliteCatalog


@pytest.fixture(scope="module")
def real(embedder):
    """Passage vectors of the seed report's lines, and three questions."""
    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 40][:60]
    questions = ["khó khăn về kinh phí", "bầu Chủ tịch Liên hiệp", "văn hóa đọc ở cơ sở"]
    return embedder.encode(lines, "passage"), embedder.encode(questions, "query")


@pytest.fixture
def catalog(tmp_path, real):
    """A catalog of 3,000 chunks in 150 documents, each vector a noisy mix of three real ones
    (as bench/scale.py grows its KBs)."""
    base, _ = real
    rng = np.random.default_rng(0)
    mix = (base[rng.integers(0, len(base), (3000, 3))] * rng.dirichlet([1, 1, 1], 3000)[:, :, None]).sum(1)
    mix += 0.1 * rng.standard_normal(mix.shape) / np.sqrt(mix.shape[1]) * np.linalg.norm(mix, axis=1, keepdims=True)
    vectors = (mix / np.linalg.norm(mix, axis=1, keepdims=True)).astype(np.float32)
    cat = SqliteCatalog(tmp_path / "catalog.sqlite")
    cat.set_settings(dim="384")
    for d in range(150):
        chunks = [Chunk(o, f"đoạn {d} {o}", 1, 1, 0, 1) for o in range(20)]
        doc = Document(f"/d/{d}.txt", f"{d}.txt", f"{d:064x}", (Page(1, "x"),))
        cat.add(doc, "", chunks, vectors[d * 20 : (d + 1) * 20], doc.path)
    yield cat
    cat.close()


def stored(cat: SqliteCatalog) -> tuple[np.ndarray, np.ndarray]:
    ids, vectors = zip(*cat.vectors())
    return np.concatenate(ids), np.concatenate(vectors)


def brute_force(ids, vectors, q, k, allowed=None):
    keep = np.isin(ids, allowed) if allowed is not None else np.ones(len(ids), bool)
    order = np.argsort(-(vectors[keep] @ q), kind="stable")[:k]
    return [int(i) for i in ids[keep][order]]


def recall(index: DenseIndex, ids, vectors, queries, allowed=None) -> float:
    truths = [set(brute_force(ids, vectors, q, 10, allowed)) for q in queries]
    return float(
        np.mean([len({i for i, _ in index.search(q, 10, allowed)} & t) / len(t) for q, t in zip(queries, truths)])
    )


@pytest.fixture
def small_exact_max(monkeypatch):
    monkeypatch.setattr(dense, "EXACT_MAX", 1000)


def test_past_exact_max_an_ivf_index_finds_what_exact_search_finds(catalog, real, small_exact_max):
    index = DenseIndex.rebuild(catalog, 384)
    info = index.describe()
    assert info["kind"].startswith("faiss IndexIVFFlat") and info["nlist"] == dense.wanted_nlist(3000) == 75
    assert 1 <= info["nprobe"] <= info["nlist"] and not index.outgrown()
    ids, vectors = stored(catalog)
    queries = np.vstack([real[1], vectors[::300] + vectors[150::300]])
    assert recall(index, ids, vectors, queries) >= 0.95
    held, held_vectors = index.stored()
    order = np.argsort(held)
    assert np.array_equal(held[order], ids) and np.allclose(held_vectors[order], vectors)


def test_ivf_filtered_search_is_exact_for_small_filters(catalog, real, small_exact_max):
    index = DenseIndex.rebuild(catalog, 384)
    ids, vectors = stored(catalog)
    rng = np.random.default_rng(1)
    for size in (5, 40, 300):
        allowed = [int(i) for i in rng.choice(ids, size, replace=False)]
        for q in real[1]:
            got = index.search(q, 10, allowed)
            assert {i for i, _ in got} <= set(allowed)
            if size <= 40:  # every group is probed: the same as brute force
                assert [i for i, _ in got] == brute_force(ids, vectors, q, 10, allowed)
        assert recall(index, ids, vectors, real[1], allowed) >= 0.95


def test_ivf_remove_add_save_load(catalog, real, small_exact_max, tmp_path):
    index = DenseIndex.rebuild(catalog, 384)
    ids, vectors = stored(catalog)
    gone = [int(i) for i in ids[:400]]
    index.remove(gone)
    assert index.size == len(ids) - 400
    assert not {i for q in real[1] for i, _ in index.search(q, 50)} & set(gone)
    assert recall(index, ids[400:], vectors[400:], real[1]) >= 0.95
    index.add(ids[:400], vectors[:400])
    index.save(tmp_path / "index.faiss")
    loaded = DenseIndex.load(tmp_path / "index.faiss", 384)
    assert loaded.describe() == index.describe() and loaded.size == len(ids)
    for q in real[1]:
        assert loaded.search(q, 10) == index.search(q, 10)
    assert loaded.search(real[1][0], 10_000)[-1][0] != -1 and len(loaded.search(real[1][0], 10_000)) <= len(ids)


def test_the_kb_switches_kind_when_an_ingest_crosses_exact_max(new_kb, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    kb = new_kb()
    kb.ingest([folder])
    manifest = json.loads((kb.home / "manifest.json").read_text())
    assert manifest["index"]["kind"].startswith("faiss IndexFlatIP")
    monkeypatch.setattr(dense, "EXACT_MAX", kb.store.chunk_count())
    (folder / "b.txt").write_text(text.replace("Liên hiệp", "Hội"), encoding="utf-8")
    kb.ingest([folder])
    manifest = json.loads((kb.home / "manifest.json").read_text())["index"]
    assert manifest["kind"].startswith("faiss IndexIVFFlat") and manifest["size"] == kb.store.chunk_count()
    assert {"nlist", "nprobe"} <= manifest.keys()
    assert kb.check().problems == []
    hits = kb.search("bầu Chủ tịch", k=3, mode="dense")
    assert hits and hits[0].why == "dense"
    kb.remove("b.txt")  # back under EXACT_MAX: exact again
    assert json.loads((kb.home / "manifest.json").read_text())["index"]["kind"].startswith("faiss IndexFlatIP")
