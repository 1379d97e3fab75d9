"""Ingest on a local Ray cluster of two workers (tests/servers.py): the same knowledge base as a
single-process ingest, every socket on loopback, and a worker killed mid-file loses nothing."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import SEED, make_docx, make_pdf
from kb import KnowledgeBase
from servers import descendants, listening, postgres, ray_cluster  # noqa: F401 - fixtures

TOPICS = ["số hóa tài liệu", "bồi dưỡng nghiệp vụ", "phục vụ bạn đọc thiếu nhi", "xây dựng thư viện xã"]


def _long(n: int) -> str:
    """A report of some sixty passages: seconds of embedding on one worker."""
    return "\n\n".join(
        f"Mục {i}. Báo cáo số {n} nêu kết quả {TOPICS[i % 4]} tại huyện thứ {i}: {i + 3} buổi sinh hoạt, cán bộ "
        f"được tập huấn, kinh phí được cấp kịp thời, kho sách được bổ sung thêm {i * 120 + n} bản sách mới phục "
        f"vụ thiếu nhi, người cao tuổi và người khuyết tật trên địa bàn, tủ sách pháp luật được duy trì."
        for i in range(60)
    )


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ray") / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder)
    make_pdf(folder / "bao-cao.pdf", ["Khó khăn: ngân sách bổ sung tài liệu chưa cao.", "Hội nghị bầu Ban Chấp hành."])
    make_docx(folder / "ke-hoach.docx", ["Hội Phụ nữ huyện đặt chỉ tiêu trồng mới 12.000 cây xanh."])
    for n in (1, 2, 3):
        (folder / f"bao-cao-{n}.txt").write_text(_long(n), encoding="utf-8")
    (folder / "empty.txt").write_text("   ", encoding="utf-8")
    return folder


def _contents(kb: KnowledgeBase) -> dict:
    out = {}
    for d in kb.documents():
        chunks = kb.store.chunks_of(d.id)
        vectors = kb.store.vectors_of([i for i, _ in chunks]) if hasattr(kb.store, "vectors_of") else None
        out[d.name] = ([c.text for _, c in chunks], d.meta, vectors and [vectors[i] for i, _ in chunks])
    return out


@pytest.mark.slow
def test_ray_ingest_equals_one_process_and_stays_on_loopback(docs, tmp_path, embedder, ray_cluster):  # noqa: F811
    address, _, head = ray_cluster
    alone = KnowledgeBase(tmp_path / "alone", embedder=embedder)
    expected = alone.ingest([docs])
    spread = KnowledgeBase(tmp_path / "spread", embedder=embedder)
    seen: list[tuple[int, int, str]] = []
    report = spread.ingest([docs], progress=lambda done, total, name: seen.append((done, total, name)), workers=address)
    assert [(f.name, f.status, f.chunks) for f in report.files] == [
        (f.name, f.status, f.chunks) for f in expected.files
    ]
    assert report.count("skipped") == 1 and report.seconds["embed"] > 0
    assert seen[-1][:2] == (7, 7) and [s[0] for s in seen] == sorted(s[0] for s in seen)
    a, b = _contents(alone), _contents(spread)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name][:2] == b[name][:2], name
        assert np.allclose(np.vstack(a[name][2]), np.vstack(b[name][2]), atol=1e-5), name
    assert spread.check().passed
    assert spread.ingest([docs], workers=address).count("unchanged") == 6  # known files never leave
    cluster = [head, *descendants(head)]
    bound = listening(cluster)
    assert bound and all(addr.rsplit(":", 1)[0] in ("127.0.0.1", "[::ffff:127.0.0.1]") for addr in bound), bound
    alone.close()
    spread.close()


@pytest.mark.slow
def test_a_worker_killed_mid_file_loses_nothing(docs, tmp_path, embedder, ray_cluster, postgres):  # noqa: F811
    """SIGKILL to the worker process running a file: Ray runs its task again elsewhere; every file is
    stored once (here on the PostgreSQL catalog: the writer is the same whatever the store)."""
    from kb.store import Backends, record_backends

    _, address, head = ray_cluster  # joined as a driver by its GCS address (the other test: ray://)
    home = tmp_path / "kb"
    home.mkdir()
    record_backends(home, Backends(catalog=postgres()))
    kb = KnowledgeBase(home, embedder=embedder)
    killed: list[int] = []

    def kill_one() -> None:
        deadline = time.monotonic() + 300
        while not killed and time.monotonic() < deadline:
            for pid in descendants(head):
                try:
                    title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                if title.startswith("ray::work"):
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
            time.sleep(0.05)

    watcher = threading.Thread(target=kill_one)
    watcher.start()
    report = kb.ingest([docs], workers=address)
    watcher.join()
    assert killed, "no worker was seen at work"
    assert report.count("added") == 6 and report.count("skipped") == 1, [(f.name, f.reason) for f in report.files]
    docs_stored = kb.documents()
    assert len(docs_stored) == 6 and len({d.sha256 for d in docs_stored}) == 6
    for d in docs_stored:
        assert [c.ord for _, c in kb.store.chunks_of(d.id)] == list(range(d.chunks))
    assert kb.search("kho sách được bổ sung 362 bản sách mới", k=1)[0].doc.name == "bao-cao-2.txt"
    assert kb.check().passed
    kb.close()
