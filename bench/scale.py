"""Query latency, index choice, recall and memory at 10k, 100k and 1M chunks.

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--cache /tmp/kb-scale]

Embedding a million real chunks takes too long here, so each bench KB is grown
from two real ones (`--sources`, KB homes made by `kb ingest`):

- The first source (vicov19qa's 5,540 Covid answers) is copied whole, so its
  real answers stay searchable and quality can still be spot-checked.
- Derived documents of 20 chunks fill the KB up to the size. A derived chunk is
  made of three random real chunks of either source: from each, a random run of
  about a third of its sentences, the three runs joined. Its vector is the
  mix of the three real vectors weighted by the characters each gave, plus
  Gaussian noise of 10% of its norm, normalized. The lexical side thus sees
  real Vietnamese sentences with realistic term statistics, the dense side
  vectors in the same regions as real ones but not copies of them.
- Chunks go in as `Catalog.add` puts them (the same rows and the same FTS5
  statement as an ingest), 250 documents a transaction, their lexical tokens
  joined from each sentence's, computed once (checked against lexical.tokens()).
  Then the KB builds and saves its FAISS index as after an ingest: its kind is
  chosen by kb/dense.py. Homes are cached under `--cache`/N; a build resumes.

Per size: the index kind, the time to build it from the catalog, recall@10 of
that index against exact search for the first 200 test questions, and warm
latency of `KnowledgeBase.search(question, mode=...)` (query embedding included,
the query-vector cache off; "embed" is the embedding alone) in a fresh process
that opens the KB, answers 100 other questions (validation ones) to warm up, as
a process serving people would have, then times each; its peak RSS (ru_maxrss)
is the serving memory. "load" is the 1-minute load average at the end: the 2 cores are shared,
and above 2 every query waits its turn for a core.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest import Chunk, Document, DocumentMeta  # noqa: E402
from ingest.records import Page  # noqa: E402
from ingest.text import fold, normalize, other_forms  # noqa: E402
from kb import KnowledgeBase, retriever  # noqa: E402
from kb.query import analyze  # noqa: E402
from kb.retriever import MODES  # noqa: E402
from kb.store import rows  # noqa: E402
from kb.store.faiss import DenseIndex  # noqa: E402
from kb.store.sqlite import SqliteCatalog  # noqa: E402
from kb.terms import split  # noqa: E402
from kb.terms import tokens as terms_of  # noqa: E402

SHARED = ROOT.parent / "shared"
PER_DOC = 20
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def sources(homes: list[Path], dim: int) -> tuple[list[list[str]], np.ndarray]:
    """Every chunk of the source KBs as (its sentences, its vector)."""
    texts, vectors = [], []
    for home in homes:
        db = sqlite3.connect(home / "catalog.sqlite")
        for text, blob in db.execute("SELECT text, vector FROM chunks ORDER BY id"):
            texts.append([s for s in _SENTENCE_END.split(text) if s.strip()] or [text])
            vectors.append(np.frombuffer(blob, np.float32))
        db.close()
    return texts, np.vstack(vectors).reshape(-1, dim)


class Tokens:
    """kb.terms.tokens() of a derived chunk from its sentences' normalized and folded forms, computed
    once per sentence: both are character by character, so they commute with joining by spaces.
    `grow` checks the result against kb.terms.tokens() on the first chunks of every batch."""

    def __init__(self, texts: list[list[str]]):
        self.acc = [[normalize(s).lower() for s in sent] for sent in texts]
        self.fold = [[fold(s) for s in sent] for sent in self.acc]

    def exact(self, text: str, parts: list[tuple[int, int, int]]) -> tuple[str, str]:
        """kb.terms.tokens(text): the shortcut, unless the text has an abbreviation, whose other form
        tokens() adds (then tokens() itself)."""
        quick = self.of(parts)
        return quick if not other_forms(normalize(text).lower()) else terms_of(text)

    def of(self, parts: list[tuple[int, int, int]]) -> tuple[str, str]:
        acc = " ".join(" ".join(self.acc[src][a:b]) for src, a, b in parts)
        folded = " ".join(" ".join(self.fold[src][a:b]) for src, a, b in parts)
        return " ".join(split(acc)), " ".join(split(folded))


def derived_document(n: int, texts: list[list[str]], vectors: np.ndarray):
    """Derived document number n (the same for the same n, whatever the size): the Document, its
    Chunks, their vectors and, per chunk, the (source, first, end) sentence runs it is made of."""
    rng = np.random.default_rng([8, n])
    chunks, vecs, runs, pos = [], [], [], 0
    for o in range(PER_DOC):
        parts, weights = [], []
        for src in rng.integers(0, len(texts), 3):
            sent = texts[src]
            take = max(1, round(len(sent) / 3))
            start = int(rng.integers(0, len(sent) - take + 1))
            parts.append((int(src), start, start + take))
            weights.append((len(" ".join(sent[start : start + take])), src))
        text = " ".join(" ".join(texts[src][a:b]) for src, a, b in parts)
        mix = sum(w * vectors[src] for w, src in weights) / sum(w for w, _ in weights)
        noise = rng.standard_normal(len(mix))
        mix = mix + 0.1 * np.linalg.norm(mix) * noise / np.linalg.norm(noise)
        vecs.append(mix / np.linalg.norm(mix))
        chunks.append(Chunk(o, text, 1, 1, pos, pos + len(text)))
        runs.append(parts)
        pos += len(text) + 1
    body = "\n".join(c.text for c in chunks)
    name = f"derived-{n:07d}.txt"
    doc = Document(
        f"/bench/{name}", name, hashlib.sha256(body.encode()).hexdigest(), (Page(1, body),), meta=DocumentMeta()
    )
    return doc, chunks, np.asarray(vecs, np.float32), runs


def grow(home: Path, size: int, homes: list[Path], batch: int = 250) -> None:
    """A KB home of `size` chunks: the first source copied, then derived documents (resumes)."""
    if (home / "grown").exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "catalog.sqlite").exists():
        src, dst = sqlite3.connect(homes[0] / "catalog.sqlite"), sqlite3.connect(home / "catalog.sqlite")
        src.backup(dst)
        src.close(), dst.close()
        with sqlite3.connect(home / "catalog.sqlite") as db:
            db.execute("UPDATE meta SET value=? WHERE key='catalog_id'", (uuid.uuid4().hex,))
    catalog = SqliteCatalog(home / "catalog.sqlite")
    dim = int(catalog.setting("dim") or 0)
    texts, vectors = sources(homes, dim)
    tokens = Tokens(texts)
    have = catalog.chunk_count()
    n = catalog.db.execute("SELECT COUNT(*) FROM documents WHERE name LIKE 'derived-%'").fetchone()[0]
    started = time.perf_counter()
    while have < size:
        docs = []
        while have < size and len(docs) < batch:
            doc, chunks, vecs, runs = derived_document(n, texts, vectors)
            keep = size - have
            docs.append((doc, chunks[:keep], vecs[:keep], runs[:keep]))
            have, n = have + len(docs[-1][1]), n + 1
        _, chunks, _, runs = docs[0]
        assert all(tokens.exact(c.text, r) == terms_of(c.text) for c, r in zip(chunks, runs)), "tokens differ"
        store(catalog, docs, tokens)
        print(f"  {home.name}: {have} chunks, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    catalog.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    catalog.close()
    (home / "grown").write_text(f"{size}\n")


def store(catalog: SqliteCatalog, docs: list, tokens: Tokens) -> None:
    """SqliteCatalog.add for many documents in one transaction (the same rows, the same FTS5 statement
    as kb.store.fts.add, with the tokens computed by `Tokens`)."""
    db = catalog.db
    with db:
        for doc, chunks, vecs, runs in docs:
            doc_id = db.execute(
                "INSERT INTO documents(sha256, name, path, stored, title, pages, chars, added, meta)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    doc.sha256,
                    doc.name,
                    doc.path,
                    "",
                    doc.title,
                    len(doc.pages),
                    len(doc.text),
                    "2026-01-01T00:00:00+00:00",
                    rows.meta_json(doc.meta, None),
                ),
            ).lastrowid
            db.execute("INSERT INTO pages(doc_id, page, text) VALUES (?,?,?)", (doc_id, 1, doc.pages[0].text))
            first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM chunks").fetchone()[0]
            ids = range(first, first + len(chunks))
            db.executemany(
                "INSERT INTO chunks(id, doc_id, ord, text, page_start, page_end, char_start, char_end, vector, section)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        i,
                        doc_id,
                        c.ord,
                        c.text,
                        c.page_start,
                        c.page_end,
                        c.char_start,
                        c.char_end,
                        v.tobytes(),
                        c.section,
                    )
                    for i, c, v in zip(ids, chunks, vecs)
                ],
            )
            db.executemany(
                "INSERT INTO lexical(rowid, acc, fold) VALUES (?, ?, ?)",
                [(i, *tokens.exact(c.text, r)) for i, c, r in zip(ids, chunks, runs)],
            )
            db.execute("INSERT OR REPLACE INTO sources(path, doc_id) VALUES (?, ?)", (doc.path, doc_id))
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)", (str(catalog.generation + 1),))


def index(home: Path) -> tuple[dict, float]:
    """The KB's FAISS index built from its catalog and saved, as after an ingest: (manifest entry, seconds)."""
    kb = KnowledgeBase(home)
    store = kb.store
    info = store.manifest().get("index", {})
    if info.get("generation") == store.generation and "build_seconds" in info:
        return info, info["build_seconds"]
    started = time.perf_counter()
    store.prepare()  # rebuilt from the catalog: no saved index matches it yet
    seconds = time.perf_counter() - started
    store.save_index()
    manifest = store.manifest()
    manifest["index"]["build_seconds"] = round(seconds, 1)  # the bench's note, read back on re-runs
    (home / "manifest.json").write_text(json.dumps(manifest, indent=2))
    kb.close()
    return manifest["index"], seconds


def recall(home: Path, questions: list[str]) -> float:
    """recall@10 of the saved index against exact search over the catalog's vectors."""
    import faiss

    kb = KnowledgeBase(home)
    queries = kb.embedder.encode([analyze(q).core for q in questions], "query")
    exact = faiss.ResultHeap(len(queries), 10, keep_max=True)
    for ids, vectors in kb.store.vectors():
        exact.add_result(queries @ vectors.T, np.broadcast_to(ids, (len(queries), len(ids))))
    exact.finalize()
    dense = DenseIndex.load(home / "index.faiss", kb.store.dim)
    found = [{i for i, _ in dense.search(q, 10)} for q in queries]
    kb.close()
    return float(np.mean([len(f & set(e)) / 10 for f, e in zip(found, exact.I.tolist())]))


def serve(home: Path, questions: list[str], warm: list[str]) -> dict:
    """In this fresh process: open the KB, warm up on other questions, time each question in each
    mode and its embedding alone, taking turns so that the machine's load weighs on all alike; peak RSS."""
    retriever.QUERY_CACHE = 0  # each search embeds its question, as a person's new question is
    kb = KnowledgeBase(home)
    for q in warm:
        kb.search(q)
    steps = {mode: (lambda q, mode=mode: kb.search(q, mode=mode)) for mode in MODES}
    steps["embed"] = lambda q: kb.embedder.encode([analyze(q).core], "query")
    times: dict[str, list[float]] = {name: [] for name in steps}
    for q in questions:
        for name, step in steps.items():
            started = time.perf_counter()
            step(q)
            times[name].append(1000 * (time.perf_counter() - started))
    out: dict = {name: [float(np.percentile(t, p)) for p in (50, 95, 99)] for name, t in times.items()}
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["load"] = os.getloadavg()[0]  # the machine is shared: runnable processes over the last minute
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="10000,100000,1000000")
    p.add_argument("--cache", default="/tmp/kb-scale")
    p.add_argument(
        "--sources",
        default="/tmp/x/vicov-copy,/tmp/x/meet",
        help="KB homes whose chunks are copied (the first) and recombined (all)",
    )
    p.add_argument("--queries", default=str(SHARED / "bench" / "vicov19qa" / "queries-test.jsonl"))
    p.add_argument("-n", type=int, default=200, help="questions timed")
    p.add_argument(
        "--warm",
        default=str(SHARED / "bench" / "vicov19qa" / "queries-val.jsonl"),
        help="the serving process first answers 100 of these other questions",
    )
    p.add_argument("--serve", help=argparse.SUPPRESS)  # the serving process: a KB home
    args = p.parse_args()
    lines = Path(args.queries).read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["query"] for line in lines if line.strip()][: args.n]
    if args.serve:
        warm = [
            json.loads(line)["query"]
            for line in Path(args.warm).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ][:100]
        print(json.dumps(serve(Path(args.serve), questions, warm)))
        return 0
    homes = [Path(h) for h in args.sources.split(",")]
    print(
        "| chunks | index | build s | recall@10 | dense p50/p95/p99 ms | lexical p50/p95/p99 ms "
        "| hybrid p50/p95/p99 ms | embed p50 ms | serving RSS MB | load |"
    )
    print("|---:|---|---:|---:|---|---|---|---:|---:|---:|", flush=True)
    for size in map(int, args.sizes.split(",")):
        home = Path(args.cache) / str(size)
        grow(home, size, homes)
        info, seconds = index(home)
        r = recall(home, questions)
        run = subprocess.run(
            [
                sys.executable,
                __file__,
                "--serve",
                str(home),
                "--queries",
                args.queries,
                "--warm",
                args.warm,
                "-n",
                str(args.n),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        s = json.loads(run.stdout.strip().splitlines()[-1])
        kind = info["kind"].split(" (")[0].replace("faiss ", "")
        if "nlist" in info:
            kind += f" nlist={info['nlist']} nprobe={info['nprobe']}"
        ms = {m: "/".join(f"{x:.0f}" for x in s[m]) for m in MODES}
        print(
            f"| {size:,} | {kind} | {seconds:.1f} | {r:.3f} | {ms['dense']} | {ms['lexical']} | {ms['hybrid']} "
            f"| {s['embed'][0]:.0f} | {s['rss_mb']:.0f} | {s['load']:.1f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
