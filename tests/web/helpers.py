"""Small builders shared by the platform tests."""

from __future__ import annotations

import io
import secrets
from typing import Any

import pydicom
from pydicom.data import get_testdata_file

from caseguard.store.models import CaseRow
from caseguard.web.security import now

# identifiers planted in uploads; none may survive a removal anywhere
PHI = {
    "name": "Bartholomew Quizzington",
    "mrn": "MRN 84736251",
    "phone": "(617) 555-0143",
    "email": "bquizzington@mailhost.example",
}
CASE_TEXT = (
    f"Patient {PHI['name']} ({PHI['mrn']}) was seen on 3 March 2021. "
    f"Contact {PHI['phone']} or {PHI['email']}. CT showed a 3.2 cm mass at L4/5; "
    "Crohn disease was excluded."
)
DICOM_NAME = "Zebulon^Fancypants"


def dicom_bytes(name: str = DICOM_NAME, instance: int = 1) -> bytes:
    ds = pydicom.dcmread(str(get_testdata_file("CT_small.dcm")))
    ds.PatientName = name
    ds.PatientID = "ZZ99887766"
    ds.InstanceNumber = instance
    buffer = io.BytesIO()
    ds.save_as(buffer)
    return buffer.getvalue()


def upload(browser: Any, title: str = "Chest case", body: str = CASE_TEXT,
           files: list[tuple[str, bytes, str]] | None = None, nonce: str | None = None) -> Any:
    data = {"title": title, "body": body, "nonce": nonce or secrets.token_hex(8),
            "visibility": "public"}
    parts = [("files", f) for f in files or []]
    return browser.post("/cases/new", data, files=parts or None)


def case_id_of(response: Any) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].split("/")[2])


def make_trusted(world: Any, user: str) -> None:
    """Give a contributor one earlier published case, so new cases skip first-case review."""
    with world.platform.db.write() as session:
        stamp = now()
        session.add(CaseRow(owner_id=world.ids[user], title="Earlier case", state="published",
                            key_hex="00", policy_version="test", processing="done",
                            risk={}, submission_nonce=secrets.token_hex(8), created_at=stamp,
                            updated_at=stamp, published_at=stamp))


def case_state(world: Any, case_id: int) -> str:
    with world.platform.db.read() as session:
        case = session.get(CaseRow, case_id)
        return case.state if case else "missing"
