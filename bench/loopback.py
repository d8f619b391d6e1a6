"""What the loopback load tests share: a free port on 127.0.0.1, the environment a MASA process
runs in, starting a server, waiting for it to answer, stopping it, throwaway databases, the
server's memory and percentiles.

Every address here is 127.0.0.1: the load tests send traffic to this machine only.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

REPO_DIR = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HOST = "127.0.0.1"
TEST_SETTINGS = "masa.config.settings.test"
SERVER_START_TIMEOUT = 60
SERVER_STOP_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def env(database_url: str, settings: str = TEST_SETTINGS) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(REPO_DIR / "src"),
    }


def runserver_command(port: int) -> list[str]:
    """Django's development server (one process, a thread a request)."""
    return [PYTHON, "-m", "masa.manage", "runserver", f"{HOST}:{port}", "--noreload"]


def gunicorn_command(port: int, workers: int, threads: int, timeout: int) -> list[str]:
    """gunicorn as production would run it: `sync` workers, or `gthread` when threads > 1."""
    return [
        PYTHON,
        "-m",
        "gunicorn",
        "masa.config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]


def wait_for(base: str, server: subprocess.Popen, path: str = "/api/v1/") -> None:
    """Until the server answers anything at `path` (an HTTP error counts as an answer)."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            urllib.request.urlopen(f"{base}{path}", timeout=2)  # noqa: S310 (http://127.0.0.1 only)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start in time")


@contextlib.contextmanager
def serving(
    command: Sequence[str],
    environment: dict[str, str],
    port: int,
    *,
    ready_path: str = "/api/v1/",
    log: IO[bytes] | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start `command` (a server that binds 127.0.0.1:`port`), wait until it answers, yield
    (base URL, process), and stop it however the block ends."""
    base = f"http://{HOST}:{port}"
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        list(command),
        env=environment,
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    try:
        wait_for(base, server, ready_path)
        yield base, server
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=SERVER_STOP_TIMEOUT)


@contextlib.contextmanager
def sqlite_database(prefix: str = "masa-load-") -> Iterator[str]:
    """A fresh SQLite file in a temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield f"sqlite:///{tmp}/load.sqlite3"


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A throwaway PostgreSQL server from tests/harness/postgres.py (raises SystemExit,
    OSError or CalledProcessError when it cannot start one)."""
    if str(REPO_DIR) not in sys.path:
        sys.path.insert(0, str(REPO_DIR))
    from tests.harness.postgres import postgres_server

    with postgres_server() as url:
        yield url


POSTGRES_UNAVAILABLE = (SystemExit, OSError, subprocess.CalledProcessError)


def rss_kib(pid: int) -> int | None:
    """Resident memory of one process in KiB (VmRSS in /proc/<pid>/status), None if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (/proc/<pid>/stat), 0 if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def process_tree(pid: int) -> list[int]:
    """The process and its descendants (a gunicorn master and its workers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError, ValueError):
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            todo.extend(int(child) for child in children)
    return found


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """The sample at rank floor(n × fraction) of `ordered` (sorted), nearest-rank rounding
    down; 0 for no samples."""
    if not ordered:
        return 0.0
    return ordered[max(0, int(len(ordered) * fraction) - 1)]


def load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "unknown"
