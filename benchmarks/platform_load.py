"""Load on the platform's public pages: 50 concurrent readers on loopback.

Starts uvicorn on 127.0.0.1 in a child process with a seeded demo (SQLite in a
temporary folder, then PostgreSQL on a throwaway database when the server is
reachable), runs readers for a bounded time and prints requests/s, p50/p99
latency and errors per backend, with the load average and the CPU the load
generator itself used (so a saturated generator shows). Every loop stops at its
deadline; nothing leaves loopback.

Readers are plain HTTP/1.1 keep-alive connections on asyncio streams, spread over
``--procs`` processes: a generator that costs tens of microseconds per request
instead of a client library's milliseconds. Each reader keeps the CSRF cookie its
first response sets, as a browser would.

    .venv/bin/python benchmarks/platform_load.py [--seconds 30] [--readers 50]
        [--procs 2] [--workers 1] [--backend sqlite|postgresql|both] [--no-cache]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import resource
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from _server import platform_server

SERVER = """
import os, sys, uvicorn
from pathlib import Path
from caseguard.web.app import create_app
from caseguard.web.demo import seed_demo
from caseguard.web.settings import Settings
os.environ["CASEGUARD_DATA"], os.environ["DATABASE_URL"] = sys.argv[1], sys.argv[2]
os.environ["CASEGUARD_PAGE_CACHE"] = sys.argv[5]
app = create_app(Settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2],
                          page_cache=sys.argv[5] == "1"))
seed_demo(app.state.platform, sample_cases=20)
workers = int(sys.argv[4])
if workers > 1:
    app.state.platform.worker.stop()
    app.state.platform.db.dispose()
    uvicorn.run("caseguard.web.app:create_app", factory=True, host="127.0.0.1",
                port=int(sys.argv[3]), workers=workers, log_level="warning")
else:
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""
PG_ADMIN = os.environ.get("CASEGUARD_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    request: bytes) -> tuple[int, dict[str, str]]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), value.strip())
    await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers


async def _reader(port: int, paths: list[str], deadline: float, latencies: list[float],
                  errors: list[str]) -> None:
    n = secrets.randbelow(len(paths))
    cookie = ""
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.monotonic() < deadline:
        path = paths[n % len(paths)]
        n += 1
        request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"{cookie}Accept: */*\r\n\r\n").encode()
        start = time.perf_counter()
        try:
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", port)
            status, headers = await asyncio.wait_for(_exchange(*conn, request), 10.0)
            if not cookie and "set-cookie" in headers:
                cookie = f"Cookie: {headers['set-cookie'].split(';', 1)[0]}\r\n"
            if status != 200:
                errors.append(f"{path}: HTTP {status}")
            if headers.get("connection", "") == "close":
                conn[1].close()
                conn = None
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
            errors.append(f"{path}: {type(exc).__name__}")
            if conn is not None:
                conn[1].close()
            conn = None
        latencies.append(time.perf_counter() - start)
    if conn is not None:
        conn[1].close()


def _generate(args: tuple[int, list[str], int, float]) -> tuple[list[float], list[str], float]:
    port, paths, readers, deadline = args
    latencies: list[float] = []
    errors: list[str] = []

    async def run() -> None:
        await asyncio.gather(*(_reader(port, paths, deadline, latencies, errors)
                               for _ in range(readers)))

    asyncio.run(run())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return latencies, errors, usage.ru_utime + usage.ru_stime


def load(port: int, readers: int, seconds: float, procs: int) -> dict[str, float]:
    cases = httpx.get(f"http://127.0.0.1:{port}/api/cases", timeout=10).json()["cases"]
    paths = ["/", "/api/cases"] + [f"/cases/{c['id']}" for c in cases]
    paths += [f"/api/cases/{c['id']}" for c in cases]
    shares = [readers // procs + (1 if i < readers % procs else 0) for i in range(procs)]
    with multiprocessing.get_context("spawn").Pool(procs) as pool:
        pool.map(abs, range(procs))  # processes up before the clock starts
        start = time.monotonic()
        deadline = start + seconds
        results = pool.map(_generate, [(port, paths, s, deadline) for s in shares if s])
        elapsed = time.monotonic() - start
    ordered = sorted(x for r in results for x in r[0])
    errors = [e for r in results for e in r[1]]
    if errors:
        kinds: dict[str, int] = {}
        for e in errors:
            kinds[e] = kinds.get(e, 0) + 1
        print("  errors:", ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items())[:10]))
    return {
        "requests": len(ordered),
        "errors": len(errors),
        "rps": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p99_ms": ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000 if ordered else 0.0,
        "generator_cpu": sum(r[2] for r in results) / elapsed,
    }


def run_backend(name: str, url: str | None, readers: int, seconds: float, procs: int,
                workers: int, cache: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="caseguard-bench-") as folder:
        database = url or f"sqlite:///{Path(folder) / 'caseguard.db'}"
        with platform_server(SERVER, folder, database, str(workers), "1" if cache else "0",
                             label=name) as server:
            result = load(server.port, readers, seconds, procs)
            loadavg = os.getloadavg()
    print(f"{name:10} {readers} readers {seconds:.0f}s, {workers} server process(es), "
          f"page cache {'on' if cache else 'off'}: "
          f"{result['requests']} requests, {result['rps']:.0f} req/s, "
          f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
          f"errors {result['errors']}; generator CPU {result['generator_cpu']:.2f} cores; "
          f"load average {loadavg[0]:.2f} {loadavg[1]:.2f} {loadavg[2]:.2f} "
          f"on {os.cpu_count()} CPUs", flush=True)


def with_postgres(readers: int, seconds: float, procs: int, workers: int, cache: bool) -> None:
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
        run_backend("postgresql", re.sub(r"/[^/]*$", f"/{name}", PG_ADMIN), readers, seconds,
                    procs, workers, cache)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--procs", type=int, default=2, help="load generator processes")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--no-cache", action="store_true",
                        help="turn the page cache off: every request reads the database")
    args = parser.parse_args()
    seconds = min(args.seconds, 300.0)  # bounded whatever is asked
    procs = max(1, min(args.procs, args.readers))
    if args.backend in ("sqlite", "both"):
        run_backend("sqlite", None, args.readers, seconds, procs, args.workers, not args.no_cache)
    if args.backend in ("postgresql", "both"):
        with_postgres(args.readers, seconds, procs, args.workers, not args.no_cache)


if __name__ == "__main__":
    main()
