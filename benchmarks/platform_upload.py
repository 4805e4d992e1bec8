"""Time from upload to "ready for review" for one realistic case, through the HTTP API.

Builds the benchmark case in memory (a text with identifiers, three 1600x1200
photos with EXIF, a 100-slice CT series made from pydicom's CT_small.dcm with its
own study, series and instance UIDs and slice positions), starts the platform on
loopback (SQLite in a temporary folder, or ``--database URL``), signs in as the
demo contributor, creates the case with the zip, polls its status until it is
ready for review and prints the seconds and the server's peak memory (VmHWM).
The server warms its engines at start as ``caseguard serve`` does (``--cold``
measures a server that loads them during the first upload instead).
``--runs 2`` uploads again on the warm server; ``--profile`` samples the server
with py-spy while it scrubs and prints where the scrubbing thread spent its time.

    .venv/bin/python benchmarks/platform_upload.py [--runs 2] [--profile]
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

import httpx
from _server import platform_server

SERVER = """
import sys, uvicorn
from pathlib import Path
from caseguard.web.app import create_app
from caseguard.web.demo import seed_demo
from caseguard.web.settings import Settings
app = create_app(Settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2],
                          warm_engines=sys.argv[4] == "warm"))
seed_demo(app.state.platform)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""
TEXT = """# Right upper lobe mass

Patient: Bartholomew Quizzington, DOB 14/02/1961, MRN 84736251.
Seen by Dr Eleanor Whitcombe at St Aldhelm's Hospital on 3 March 2021.
Contact (617) 555-0143 or bquizzington@mailhost.example.

A 60-year-old man with a three-week cough. CT showed a 3.2 cm spiculated mass in
the right upper lobe with mediastinal lymphadenopathy; biopsy confirmed
adenocarcinoma. No Horner syndrome.
"""
SLICES = 100
PHOTOS = 3


def build_case() -> bytes:
    """The benchmark case as a zip archive."""
    import numpy as np
    from PIL import Image
    from pydicom.uid import generate_uid

    from caseguard.case.samples import ct_slices

    buffer = io.BytesIO()
    rng = np.random.default_rng(7)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("case.md", TEXT)
        for number in range(1, PHOTOS + 1):
            y, x = np.mgrid[0:1200, 0:1600]
            pixels = np.stack([(x * 255 // 1600), (y * 255 // 1200),
                               rng.integers(0, 255, (1200, 1600))], axis=-1).astype(np.uint8)
            image = Image.fromarray(pixels, "RGB")
            exif = image.getexif()
            exif[0x010F], exif[0x0110] = "Canon", "EOS 5D"  # Make, Model
            exif[0x013B] = "Eleanor Whitcombe"  # Artist
            exif[0x0132] = "2021:03:03 10:15:00"  # DateTime
            sub = exif.get_ifd(0x8769)
            sub[0x9003] = "2021:03:03 10:15:00"  # DateTimeOriginal
            sub[0xA431] = f"SN-4417{number}"  # BodySerialNumber
            out = io.BytesIO()
            image.save(out, "JPEG", quality=90, exif=exif)
            archive.writestr(f"photos/photo{number}.jpg", out.getvalue())
        study = generate_uid()
        for ds in ct_slices(SLICES):
            ds.PatientName, ds.PatientID = "Quizzington^Bartholomew", "84736251"
            ds.StudyInstanceUID = study
            out = io.BytesIO()
            ds.save_as(out)
            archive.writestr(f"ct/slice{ds.InstanceNumber:03d}.dcm", out.getvalue())
    return buffer.getvalue()


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def wait_warm(pid: int, quiet_s: float = 1.5, limit_s: float = 120.0) -> None:
    """Wait until the server's warm-up is over: its CPU time stops growing."""
    def cpu() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    deadline = time.monotonic() + limit_s
    last, still = cpu(), 0.0
    while time.monotonic() < deadline and still < quiet_s:
        time.sleep(0.25)
        now = cpu()
        still = still + 0.25 if now - last <= 2 else 0.0
        last = now


def upload_once(base: str, archive: bytes, timeout_s: float) -> tuple[float, float, str]:
    """Seconds to send the upload, seconds until ready for review, final progress text."""
    with httpx.Client(base_url=base, timeout=60.0) as client:
        client.get("/login")
        csrf = client.cookies["cg_csrf"]
        signed = client.post("/login", data={"csrf": csrf, "email": "contributor@demo.test",
                                             "password": "contributor-demo-1", "next": "/"})
        if signed.status_code != 303:
            raise SystemExit(f"sign-in failed: HTTP {signed.status_code}")
        start = time.monotonic()
        created = client.post(
            "/cases/new",
            data={"csrf": csrf, "title": "Lung mass with CT", "body": "",
                  "nonce": secrets.token_hex(8), "visibility": "public"},
            files=[("files", ("case.zip", archive, "application/zip"))])
        sent = time.monotonic() - start
        if created.status_code != 303:
            raise SystemExit(f"upload failed: HTTP {created.status_code} {created.text[:300]}")
        case_id = int(created.headers["location"].split("/")[2])
        deadline = start + timeout_s
        while time.monotonic() < deadline:
            status = client.get(f"/api/cases/{case_id}/status").json()
            if status["processing"] in ("done", "failed"):
                if status["processing"] == "failed":
                    raise SystemExit(f"processing failed: {status['progress']}")
                return sent, time.monotonic() - start, str(status["progress"])
            time.sleep(0.1)
    raise SystemExit(f"not ready after {timeout_s:.0f} s")


def profile_summary(raw: Path, top: int = 18) -> None:
    """Where the scrubbing thread spent its samples: inclusive share per function."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if "Worker._process" not in stack:
            continue
        total += int(count)
        seen: set[str] = set()
        leaf = stack.split(";")[-1]
        own[leaf.split(" (")[0] + " (" + leaf.rsplit("/", 1)[-1]] += int(count)
        for frame in stack.split(";"):
            name, _, where = frame.partition(" (")
            key = f"{name} ({where.rsplit('/', 1)[-1].split(':')[0]})"
            if key not in seen:
                seen.add(key)
                inclusive[key] += int(count)
    if not total:
        print("profile: no samples of the scrubbing thread")
        return
    print(f"profile of the scrubbing thread ({total} samples), inclusive share:")
    for key, samples in [kv for kv in inclusive.most_common(top + 8)
                         if not kv[0].startswith(("Thread.", "Worker._run"))][:top]:
        print(f"  {samples / total:6.1%}  {key}")
    print("own time (leaf frames):")
    for key, samples in own.most_common(top // 2):
        print(f"  {samples / total:6.1%}  {key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--database", default="", help="sqlalchemy URL; default SQLite")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--profile", action="store_true", help="sample the server with py-spy")
    parser.add_argument("--cold", action="store_true",
                        help="no engine warm-up at start: models load during the first upload")
    args = parser.parse_args()

    started = time.monotonic()
    archive = build_case()
    print(f"case: 1 text, {PHOTOS} photos 1600x1200 with EXIF, {SLICES} CT slices; "
          f"zip {len(archive) / 1e6:.1f} MB built in {time.monotonic() - started:.1f} s")
    with tempfile.TemporaryDirectory(prefix="caseguard-upload-bench-") as folder:
        database = args.database or f"sqlite:///{Path(folder) / 'caseguard.db'}"
        spy: subprocess.Popen[bytes] | None = None
        raw = Path(folder) / "profile.txt"
        with platform_server(SERVER, folder, database, "cold" if args.cold else "warm") as server:
            pid = server.process.pid
            try:
                if not args.cold:
                    wait_warm(pid)
                print(f"server ready, RSS {memory_kb(pid, 'VmRSS') / 1024:.0f} MB")
                if args.profile:
                    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
                    spy = subprocess.Popen([py_spy, "record", "-p", str(pid), "-r", "50",
                                            "-f", "raw", "-o", str(raw), "-d", "600"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    time.sleep(1.0)
                for run in range(1, args.runs + 1):
                    sent, ready, progress = upload_once(server.base, archive, args.timeout)
                    verdict = "within" if ready <= 15.0 else "over"
                    print(f"run {run}: upload sent in {sent:.2f} s, ready for review after "
                          f"{ready:.2f} s ({verdict} the 15 s target; {progress}); server peak "
                          f"memory {memory_kb(pid, 'VmHWM') / 1024:.0f} MB", flush=True)
                if spy is not None:
                    spy.send_signal(signal.SIGINT)
                    spy.wait(timeout=60)
                    profile_summary(raw)
            finally:
                if spy is not None and spy.poll() is None:
                    spy.kill()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
