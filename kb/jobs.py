"""Uploads waiting to be ingested (the HTTP API's upload): one worker thread ingests them one job at a
time with its own connection to the home, so searches go on while it writes; each job has a
status to poll.

A job that finds another writer at work (a `kb ingest` at the shell) waits for it and tries
again, up to `BUSY_WAIT` seconds.
"""

from __future__ import annotations

import queue
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kb.access import Principal
from kb.embed import Embedder
from kb.errors import Busy, KbError
from kb.pipeline import FileResult
from kb.records import Access
from kb.uploads import FOLDER

BUSY_WAIT = 600  # seconds a job waits for another writer before it fails
KEPT = 1000  # finished jobs remembered (their status can still be asked)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    id: str
    owner: Principal
    paths: list[Path]
    access: Access | None
    skipped: list[FileResult] = field(default_factory=list)  # refused before ingest (type, size)
    status: str = "queued"  # queued, running, done, failed
    created: str = field(default_factory=_now)
    finished: str = ""
    files: list[FileResult] = field(default_factory=list)
    error: KbError | None = None


class IngestQueue:
    def __init__(self, home: Path, embedder: Embedder):
        self.home, self.embedder = home, embedder
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="kb-ingest-jobs", daemon=True)
        self._thread.start()

    def new_id(self) -> str:
        return uuid.uuid4().hex

    def folder(self, job_id: str) -> Path:
        """Where a job's uploads wait."""
        return self.home / FOLDER / job_id

    def submit(self, job: Job) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            if len(self._jobs) > KEPT:
                done = [j for j in self._jobs.values() if j.status in ("done", "failed")]
                for old in done[: len(self._jobs) - KEPT]:
                    del self._jobs[old.id]
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def waiting(self) -> int:
        return self._queue.qsize()

    def close(self, timeout: float = 30) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _work(self) -> None:
        from kb.knowledge import KnowledgeBase  # the facade uses this module's neighbours, not it

        kb: KnowledgeBase | None = None
        while (job := self._queue.get()) is not None:
            job.status = "running"
            status = "failed"
            try:
                kb = kb or KnowledgeBase(self.home, embedder=self.embedder)
                job.files = job.skipped + self._ingest(kb, job)
                status = "done"
            except KbError as e:
                job.error = e
            except Exception as e:  # a bug must not stop the queue
                job.error = KbError("api.job_crashed", why=f"{type(e).__name__}: {e}")
            shutil.rmtree(self.folder(job.id), ignore_errors=True)
            job.finished = _now()
            job.status = status  # last: whoever sees it finished finds everything done
        if kb is not None:
            kb.close()

    def _ingest(self, kb, job: Job) -> list[FileResult]:
        if not job.paths:
            return []
        started = time.monotonic()
        while True:
            try:
                return kb.as_user(job.owner).ingest(job.paths, access=job.access).files
            except Busy:
                if time.monotonic() - started > BUSY_WAIT:
                    raise
                time.sleep(1.0)
