"""The platform on loopback in a child process, for the benchmarks that measure it.

    with platform_server(SCRIPT, folder, database, "warm") as server:
        httpx.get(server.base + "/api/cases")

``SCRIPT`` is Python source run with ``python -c``; its arguments are the data folder, the
database URL, the port chosen here and then the extra arguments given. The server is up
when ``/api/cases`` answers, and is terminated when the block ends, however it ends.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def platform_server(script: str, folder: str, database: str, *extra: str,
                    label: str = "server", start_s: float = 120.0) -> Iterator[Server]:
    """The server running ``script``, once it answers; ``label`` names it if it never does."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", script, folder, database, str(port),
                                *extra])
    server = Server(process, port)
    try:
        deadline = time.monotonic() + start_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"{label}: server exited with status {process.returncode}")
            try:
                if httpx.get(server.base + "/api/cases", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"{label}: server did not start")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=15)
