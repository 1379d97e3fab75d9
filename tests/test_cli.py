"""The `kb` command as a person runs it: exit codes, one line per problem, JSON shapes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED

pytestmark = pytest.mark.slow


def kb(home, *args, check=True):
    env = {**os.environ, "KB_HOME": str(home)}
    env.pop("KB_MODEL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "kb.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A KB built by `kb ingest` from the seed, one good page and three bad files."""
    root = tmp_path_factory.mktemp("cli")
    docs = root / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs)
    (docs / "ghi-chu.md").write_text("Ghi chú: Hội nghị giao lưu thể thao và văn nghệ giữa các thư viện.\n")
    (docs / "rong.txt").write_text("")
    (docs / "hong.pdf").write_bytes(b"%PDF-1.4 not really")
    (docs / "bang.xlsx").write_bytes(b"PK\x03\x04")
    (root / "ingest.out").write_text(kb(root / "kb", "ingest", str(docs)).stdout)
    return root / "kb"


def test_ingest_reports_each_problem_file_on_one_line_and_exits_0(home):
    lines = (home.parent / "ingest.out").read_text().strip().splitlines()
    skipped = [ln for ln in lines if ln.startswith("skipped")]
    assert len(skipped) == 3
    assert any("rong.txt: the file is empty" in ln for ln in skipped)
    assert any("hong.pdf: the PDF is damaged" in ln for ln in skipped)
    assert any("bang.xlsx: files of type '.xlsx' are not supported" in ln for ln in skipped)
    assert lines[-1].startswith("2 added, 0 updated, 0 unchanged, 0 duplicate, 3 skipped")


def test_search_json_shape(home):
    found = json.loads(kb(home, "search", "bầu Chủ tịch Liên hiệp", "-k", "3", "--json").stdout)
    assert found["query"] == "bầu Chủ tịch Liên hiệp" and found["restored"] is None
    out = found["results"]
    assert 1 <= len(out) <= 3
    assert set(out[0]) >= {"file", "path", "page", "score", "text"}
    assert out[0]["file"] == SEED.name and out[0]["page"] == 1
    assert "Thanh Phương" in out[0]["text"]


def test_output_piped_into_a_reader_that_stops_early(home):
    # `kb search ... | head -1`: the reader goes away; no traceback, exit 0
    env = {**os.environ, "KB_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kb.cli", "search", "thư viện", "-k", "5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(600) == 0, err
    assert "Traceback" not in err and "Exception" not in err, err


def test_docs_json_and_remove(home, tmp_path):
    copy = tmp_path / "kb"
    shutil.copytree(home, copy)
    docs = json.loads(kb(copy, "docs", "--json").stdout)
    assert sorted(d["file"] for d in docs) == sorted([SEED.name, "ghi-chu.md"])
    assert all(d["pages"] == 1 and d["chunks"] >= 1 for d in docs)
    assert kb(copy, "remove", "ghi-chu.md").stdout.startswith("removed ghi-chu.md")
    missing = kb(copy, "remove", "ghi-chu.md", check=False)
    assert missing.returncode == 1 and missing.stderr.startswith("error: No document named 'ghi-chu.md'")
    assert "Traceback" not in missing.stderr


def test_eval_prints_metrics(home, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
                {"query": "Ai giữ chức Chủ tịch Liên hiệp thư viện?", "relevant": [SEED.name]},
                {"query": "giao lưu thể thao văn nghệ", "relevant": ["ghi-chu.md"]},
            ]
        )
    )
    result = json.loads(kb(home, "eval", str(queries), "--json").stdout)
    assert result["queries"] == 2 and result["hit@10"] == 1.0
    assert set(result) == {"hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10", "queries"}


def test_another_model_is_refused_with_the_way_out(home, tmp_path):
    other = tmp_path / "some-model"
    other.mkdir()
    proc = kb(home, "--model", str(other), "docs", check=False)
    assert proc.returncode == 1
    assert "kb reindex --model" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
