"""Load on the platform's public pages: 50 concurrent readers on loopback.

Starts uvicorn on 127.0.0.1 in a child process with a seeded demo (SQLite in a
temporary folder, then PostgreSQL on a throwaway database when the server is
reachable), runs readers for a bounded time and prints requests/s and p50/p99
latency per backend. Every loop stops at its deadline; nothing leaves loopback.

    .venv/bin/python benchmarks/platform_load.py [--seconds 30] [--readers 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

SERVER = """
import sys, uvicorn
from pathlib import Path
from caseguard.web.app import create_app
from caseguard.web.demo import seed_demo
from caseguard.web.settings import Settings
app = create_app(Settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2]))
seed_demo(app.state.platform, sample_cases=20)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""
PG_ADMIN = os.environ.get("CASEGUARD_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def reader(client: httpx.AsyncClient, paths: list[str], deadline: float,
                 latencies: list[float], errors: list[int]) -> None:
    n = secrets.randbelow(len(paths))
    while time.monotonic() < deadline:
        path = paths[n % len(paths)]
        n += 1
        start = time.perf_counter()
        try:
            response = await client.get(path)
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        latencies.append(time.perf_counter() - start)
        if not ok:
            errors.append(1)


async def load(base: str, readers: int, seconds: float) -> dict[str, float]:
    limits = httpx.Limits(max_connections=readers)
    async with httpx.AsyncClient(base_url=base, timeout=10.0, limits=limits) as client:
        cases = (await client.get("/api/cases")).json()["cases"]
        paths = ["/", "/api/cases"] + [f"/cases/{c['id']}" for c in cases]
        paths += [f"/api/cases/{c['id']}" for c in cases]
        latencies: list[float] = []
        errors: list[int] = []
        start = time.monotonic()
        deadline = start + seconds
        await asyncio.gather(*(reader(client, paths, deadline, latencies, errors)
                               for _ in range(readers)))
        elapsed = time.monotonic() - start
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": len(errors),
        "rps": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1000 if ordered else 0.0,
    }


def run_backend(name: str, url: str | None, readers: int, seconds: float) -> None:
    with tempfile.TemporaryDirectory(prefix="caseguard-bench-") as folder:
        database = url or f"sqlite:///{Path(folder) / 'caseguard.db'}"
        port = free_port()
        server = subprocess.Popen([sys.executable, "-c", SERVER, folder, database, str(port)])
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/api/cases", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                raise SystemExit(f"{name}: server did not start")
            result = asyncio.run(load(base, readers, seconds))
        finally:
            server.terminate()
            server.wait(timeout=15)
    print(f"{name:10} {readers} readers {seconds:.0f}s: {result['requests']} requests, "
          f"{result['rps']:.0f} req/s, p50 {result['p50_ms']:.1f} ms, "
          f"p99 {result['p99_ms']:.1f} ms, errors {result['errors']}")


def with_postgres(readers: int, seconds: float) -> None:
    from sqlalchemy import create_engine, text

    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT",
                              connect_args={"connect_timeout": 2})
        with admin.connect() as conn:
            name = f"caseguard_bench_{secrets.token_hex(4)}"
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        print(f"postgresql skipped: {exc.__class__.__name__}")
        return
    try:
        run_backend("postgresql", re.sub(r"/[^/]*$", f"/{name}", PG_ADMIN), readers, seconds)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--readers", type=int, default=50)
    args = parser.parse_args()
    seconds = min(args.seconds, 300.0)  # bounded whatever is asked
    run_backend("sqlite", None, args.readers, seconds)
    with_postgres(args.readers, seconds)


if __name__ == "__main__":
    main()
