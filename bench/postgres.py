"""The local PostgreSQL cluster the benchmarks use: started if it is down, and their databases created (role
posyandu/posyandu on 127.0.0.1:5432, as .ci/run creates it). Needs to run as root (it calls `su postgres`);
by hand: `pg_ctlcluster --skip-systemctl-redirect 15 main start`."""

from __future__ import annotations

import subprocess
import sys
import time

HOST = "127.0.0.1:5432"
START = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"]


def database_url(name: str) -> str:
    return f"postgres://posyandu:posyandu@{HOST}/{name}"


def _psql(sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["su", "postgres", "-c", f'psql -qtAc "{sql}"'], capture_output=True, text=True)


def ensure_running() -> None:
    """Start the local cluster if it does not answer; stop the program with one line if that fails."""
    if _psql("SELECT 1").returncode == 0:
        return
    started = subprocess.run(START, capture_output=True, text=True)
    for _attempt in range(30):
        if _psql("SELECT 1").returncode == 0:
            return
        time.sleep(1)
    sys.exit(
        f"PostgreSQL does not answer on {HOST} and could not be started ({started.stderr.strip()}); "
        f"start it with: {' '.join(START)}"
    )


def ensure_database(name: str, *, fresh: bool = False) -> None:
    """The database `name`, owned by the role posyandu (dropped first if `fresh`)."""
    ensure_running()
    if fresh:
        subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists {name}"], check=True)
    if _psql(f"SELECT 1 FROM pg_database WHERE datname='{name}'").stdout.strip() != "1":
        subprocess.run(["su", "postgres", "-c", f"createdb -O posyandu {name}"], check=True)
