"""Run a command against a real, throwaway PostgreSQL server.

    python tests/harness/postgres.py -- pytest -q

Starts Debian's PostgreSQL in a temporary directory on a free loopback port, exports
DATABASE_URL for the command, and stops and removes the server afterwards, whatever happens.
As root the server runs as the `postgres` user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        sys.exit(
            "PostgreSQL is not installed: run scripts/ensure-system-packages (or apt-get install postgresql)"
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server() -> Iterator[str]:
    pg_bin = _pg_bin()
    workdir = Path(tempfile.mkdtemp(prefix="masa-pg-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    data, port = workdir / "data", _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run(
        _as_server_user(
            [str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "masa", "-E", "UTF8"]
        ),
        **quiet,
    )
    options = (
        f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    )
    subprocess.run(
        _as_server_user(
            [
                str(pg_bin / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(workdir / "log"),
                "-w",
                "start",
            ]
        ),
        **quiet,
    )
    try:
        subprocess.run(
            [str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "masa", "masa"],
            **quiet,
        )
        yield f"postgres://masa@127.0.0.1:{port}/masa"
    finally:
        subprocess.run(
            _as_server_user([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if "--" not in argv:
        sys.exit("usage: postgres.py -- COMMAND [ARGS...]")
    command = argv[argv.index("--") + 1 :]
    with postgres_server() as url:
        print(f"PostgreSQL test server at {url}", flush=True)
        return subprocess.run(
            command, env={**os.environ, "DATABASE_URL": url}, check=False
        ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
