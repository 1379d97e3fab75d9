"""Real servers for the tests, started once per session on loopback: PostgreSQL from Debian's package
(apt `postgresql`, in SYSDEPS_TEST), Milvus Lite in-process, a local Ray cluster with two workers.

Each skips with the reason when its package is not installed; none listens on anything but
127.0.0.1 (tests/test_distributed.py checks the sockets with `ss`).
"""

from __future__ import annotations

import getpass
import glob
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server on a free 127.0.0.1 port in a temporary folder, for the session; yields a
    factory of catalog addresses, each with a schema of its own."""
    pg = _pg_bin()
    if pg is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql; `make test` does it)")
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'psycopg[binary]')")
    root = Path(tempfile.mkdtemp(prefix="kb-pg-"))
    user = "postgres" if os.geteuid() == 0 else getpass.getuser()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(
        _as_postgres([str(pg / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-locale"]),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} -c fsync=off"
    subprocess.run(
        _as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o", options, "start"]),
        check=True,
        capture_output=True,
    )
    base = f"postgresql://{user}@127.0.0.1:{port}/postgres"
    counter = itertools.count()

    def address() -> str:
        schema = f"kb_test_{next(counter)}"
        with psycopg.connect(base, autocommit=True) as db:
            db.execute(f"CREATE SCHEMA {schema}")
        return f"{base}?options=-csearch_path%3D{schema}"

    address.base = base  # type: ignore[attr-defined]
    yield address
    subprocess.run(_as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def milvus_lite():
    """Milvus Lite (in-process, a file per knowledge base): skipped when it is not installed."""
    try:
        import milvus_lite  # noqa: F401
        import pymilvus  # noqa: F401
    except ImportError:
        pytest.skip("pymilvus and milvus-lite are not installed (pip install pymilvus milvus-lite)")
    return True


def descendants(pid: int) -> list[int]:
    """The processes below `pid` (read from /proc), to stop what a test started, by id."""
    children: dict[int, list[int]] = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def listening(pids: list[int]) -> list[str]:
    """The local addresses these processes listen on (TCP), from `ss -ltnp`."""
    out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True).stdout
    wanted = {f"pid={p}," for p in pids}
    return [line.split()[3] for line in out.splitlines() if any(w in line for w in wanted)]


@pytest.fixture(scope="session")
def ray_cluster(tmp_path_factory):
    """A local Ray cluster with two workers (`ray start --head --num-cpus=2`), every socket on
    127.0.0.1, for the session; yields (its ray:// client address, its GCS address, the pid of its
    `ray start`)."""
    import importlib.util

    if importlib.util.find_spec("ray") is None:  # not imported here: ray reads RAY_AUTH_MODE when imported
        pytest.skip("ray is not installed (pip install ray)")
    from kb.workers import LOOPBACK_ENV

    root = Path(__file__).resolve().parents[1]
    port, client = free_port(), free_port()
    env = {**os.environ, **LOOPBACK_ENV, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    log = tmp_path_factory.mktemp("ray") / "ray-start.log"
    ray = Path(sys.executable).parent / "ray"
    proc = subprocess.Popen(
        [
            str(ray),
            "start",
            "--head",
            "--block",
            "--num-cpus=2",
            "--node-ip-address=127.0.0.1",
            f"--port={port}",
            f"--ray-client-server-port={client}",
            "--include-dashboard=false",
            "--disable-usage-stats",
        ],
        env=env,
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    saved = os.environ.get("RAY_AUTH_MODE")
    os.environ["RAY_AUTH_MODE"] = "token"  # `ray start` clusters ask their clients for the token
    os.environ.update(LOOPBACK_ENV)
    deadline = time.monotonic() + 180
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", client)) == 0:
                break
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"ray start failed: {log.read_text()[-2000:]}")
        time.sleep(0.5)
    yield f"ray://127.0.0.1:{client}", f"127.0.0.1:{port}", proc.pid
    below = descendants(proc.pid)
    proc.terminate()  # `ray start --block` stops what it started
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    for pid in below:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
    if saved is None:
        os.environ.pop("RAY_AUTH_MODE", None)
    else:
        os.environ["RAY_AUTH_MODE"] = saved
