"""A case bundle checked and scrubbed as one: its text, its images and its file names.

    report = check_case(Path("case-001"))                  # nothing written
    report = scrub_case(Path("case-001.zip"), Path("out"), key="secret", case_id="case-001")
    report.verdict.status                                  # ready | review | blocked

A case is a folder or a zip of ``case.md`` or ``case.json`` and its images (DICOM series in
subfolders, photos, screenshots). One key per case keeps every surrogate, date shift, UID
and patient ID consistent across its text and every image. Scrubbing writes the
de-identified bundle with ``report.json`` and ``report.html``, whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from caseguard.case.report import CaseReport, Series, Status, Verdict
from caseguard.case.run import run_case
from caseguard.policy import Policy
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext

__all__ = ["CaseReport", "Series", "Status", "Verdict", "check_case", "scrub_case"]


def check_case(
    path: Path | list[Path],
    policy: Policy | None = None,
    key: bytes | str | None = None,
    case_id: str = "case",
) -> CaseReport:
    """Everything identifying in a case, its risk and its verdict; nothing is written."""
    return _run(path, None, policy, key, case_id)


def scrub_case(
    path: Path | list[Path],
    out: Path,
    policy: Policy | None = None,
    key: bytes | str | None = None,
    case_id: str = "case",
) -> CaseReport:
    """Write the de-identified case to ``out`` with ``report.json`` and ``report.html``."""
    return _run(path, out, policy, key, case_id)


def _run(
    path: Path | list[Path], out: Path | None, policy: Policy | None,
    key: bytes | str | None, case_id: str,
) -> CaseReport:
    context = CaseContext.from_optional_key(key, case_id)
    paths = path if isinstance(path, list) else [path]
    return run_case(paths, out, TextEngine(policy), context)
