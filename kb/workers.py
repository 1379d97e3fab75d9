"""Ingest work spread over Ray workers: each file is read (OCR included), described, chunked and embedded
on a worker; the one writer (kb/pipeline.py) stores what comes back, in input order.

    kb ingest --workers auto             a local Ray cluster, one worker per core, every socket on 127.0.0.1
    kb ingest --workers ray://HEAD:PORT  a running cluster through the Ray Client (its head's client port)
    kb ingest --workers HEAD:PORT        a running cluster joined by its GCS address (on a cluster node)

A worker gets the file's bytes (no shared disk needed) and the name of the model, which it loads
once per process. Joining a running cluster ships this code (`kb`, `ingest`) to its workers; the
model and the packages must be installed where the workers run (the same `pip install`). A
worker that dies takes no file with it: Ray runs the task again on another worker (MAX_RETRIES),
and a file whose task still fails is reported as skipped, the batch going on. Nothing is stored
by a worker, so a crash of the writer leaves what the catalog had committed, as without workers.
Ray is imported only here, and only when --workers is given.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingest import Chunk, Document, ReadError, chunk, describe, read
from ingest.messages import Message
from kb.errors import KbError

MAX_RETRIES = 3  # runs of a file's task when its worker dies
CONNECT_TRIES = 3
IN_FLIGHT = 4  # tasks waiting per worker: enough to keep each busy, few enough to bound memory
# Ray binds to the machine's network address even when given 127.0.0.1, unless told it is not forming
# a multi-machine cluster: with this, a local cluster listens on loopback only (checked with `ss`).
LOOPBACK_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}


@dataclass
class Done:
    """What a worker returns for one file: the document, its chunks and vectors, or why it was skipped."""

    doc: Document | None = None
    chunks: list[Chunk] = field(default_factory=list)
    vectors: np.ndarray | None = None
    skipped: Message | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    worker: int = 0  # the process that did it


_EMBEDDERS: dict[str, Any] = {}  # per worker process: the model, loaded by its first file


def work(source: str, data: bytes, model: str) -> Done:
    """On a worker: read, describe, chunk and embed one file."""
    from kb.embed import make_embedder

    embedder = _EMBEDDERS.get(model)
    if embedder is None:
        embedder = _EMBEDDERS[model] = make_embedder(model)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    try:
        doc = read(Path(source), data)
        seconds["read"] = time.perf_counter() - started
        doc = describe(doc)
    except ReadError as e:
        return Done(skipped=e.message, worker=os.getpid())
    except Exception as e:  # a reader bug must not stop the batch
        name = Path(source).name
        return Done(skipped=Message("ingest.crashed", {"name": name, "why": f"{type(e).__name__}: {e}"}))
    seconds["describe"] = time.perf_counter() - started - seconds["read"]
    mark = time.perf_counter()
    chunks = chunk(doc, embedder.count_tokens, max_tokens=min(256, embedder.max_tokens))
    seconds["chunk"] = time.perf_counter() - mark
    mark = time.perf_counter()
    vectors = embedder.encode([c.text for c in chunks], "passage") if chunks else np.zeros((0, embedder.dim))
    seconds["embed"] = time.perf_counter() - mark
    return Done(doc, chunks, np.asarray(vectors, np.float32), seconds=seconds, worker=os.getpid())


def _ray():
    try:
        import ray
    except ImportError:
        raise KbError("store.missing_package", what="kb ingest --workers", package="ray") from None
    return ray


class Workers:
    """A connection to a Ray cluster and the task that works on one file there."""

    def __init__(self, address: str):
        os.environ.update(LOOPBACK_ENV)
        ray = self.ray = _ray()
        self.address = address
        self.started_here = False
        if not ray.is_initialized():
            try:
                if address == "auto":
                    ray.init(
                        address="local",  # a new cluster, whatever another one left in /tmp/ray
                        num_cpus=os.cpu_count() or 1,
                        include_dashboard=False,
                        _node_ip_address="127.0.0.1",
                        log_to_driver=False,
                        configure_logging=False,
                    )
                    self.started_here = True
                else:
                    self._connect(address)
            except Exception as e:
                raise KbError("workers.unreachable", address=address, why=str(e).strip().splitlines()[0]) from e
        self.task = ray.remote(max_retries=MAX_RETRIES, retry_exceptions=False, num_cpus=1)(work)
        self.slots = max(1, int(ray.cluster_resources().get("CPU", 1))) * IN_FLIGHT

    def _connect(self, address: str) -> None:
        """Join a running cluster, shipping this code to its workers (the model they must have). The Ray
        Client's server for one connection sometimes fails to start on a loaded head: tried CONNECT_TRIES
        times."""
        import ingest
        import kb

        for attempt in range(CONNECT_TRIES):
            try:
                self.ray.init(
                    address=address,
                    log_to_driver=False,
                    configure_logging=False,
                    runtime_env={"py_modules": [str(Path(str(m.__file__)).parent) for m in (kb, ingest)]},
                )
                return
            except ConnectionError:
                if attempt == CONNECT_TRIES - 1:
                    raise
                time.sleep(2)

    def run(self, jobs: Iterator[tuple[Any, str, bytes]], model: str) -> Iterator[tuple[Any, Done]]:
        """(key, source, bytes) jobs → (key, Done) in the order of the jobs, at most `slots` at work."""
        ray = self.ray
        waiting: deque = deque()
        for key, source, data in jobs:
            waiting.append((key, source, self.task.remote(source, data, model)))
            if len(waiting) >= self.slots:
                yield self._result(*waiting.popleft())
        while waiting:
            yield self._result(*waiting.popleft())
        del ray

    def _result(self, key: Any, source: str, ref) -> tuple[Any, Done]:
        try:
            return key, self.ray.get(ref)
        except Exception as e:  # the task failed MAX_RETRIES times (its workers died)
            why = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            return key, Done(skipped=Message("ingest.crashed", {"name": Path(source).name, "why": why}))

    def close(self) -> None:
        """Disconnect; a local cluster started here is stopped."""
        self.ray.shutdown()
