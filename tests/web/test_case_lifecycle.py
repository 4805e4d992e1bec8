"""A case from upload to removal: scrub on arrival, review, publish, report, quarantine,
removal with purge, statement of reasons, strike, appeal, audit chain."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

from caseguard.store.audit import verify_chain
from caseguard.store.models import Base, Decision, FindingRow, Strike

from .helpers import (
    DICOM_NAME,
    PHI,
    case_id_of,
    case_state,
    dicom_bytes,
    make_trusted,
    upload,
)


def _db_dump(world) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []
    with world.platform.db.read() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def _blob_dump(world) -> bytes:  # type: ignore[no-untyped-def]
    blobs = world.platform.blobs
    return b"\n".join(blobs.get(k) for k in blobs.iter_keys())


def test_upload_review_publish_report_remove(world) -> None:  # type: ignore[no-untyped-def]
    make_trusted(world, "alice")
    alice = world.client("alice")
    response = upload(alice, files=[("scan.dcm", dicom_bytes(), "application/dicom")])
    case_id = case_id_of(response)
    world.wait()

    status = alice.get(f"/api/cases/{case_id}/status").json()
    assert status["processing"] == "done", status
    review = alice.get(f"/cases/{case_id}/review")
    assert review.status_code == 200
    assert 'id="publish" type="submit" disabled' in review.text
    # the scrubbed text is shown; the originals only in the contributor's finding list
    findings = alice.get(f"/api/cases/{case_id}/findings").json()["findings"]
    categories = {f["category"] for f in findings}
    assert {"NAME", "PHONE", "EMAIL"} <= categories, categories
    assert "DICOM series" in review.text
    # nobody else sees the draft
    assert world.client("bob").get(f"/cases/{case_id}/review").status_code == 404
    assert world.client().get(f"/cases/{case_id}").status_code == 404

    for f in findings:
        r = alice.api("POST", f"/api/cases/{case_id}/findings/{f['id']}", {"action": "accept"})
        assert r.status_code == 200, r.text
    assert alice.post(f"/cases/{case_id}/publish").status_code == 303
    assert case_state(world, case_id) == "published"

    reader = world.client()
    page = reader.get(f"/cases/{case_id}")
    assert page.status_code == 200
    for value in (*PHI.values(), "Zebulon"):
        assert value not in page.text
    assert "3.2 cm" in page.text and "Crohn" in page.text
    doc_ids = [d["id"] for d in reader.get(f"/api/cases/{case_id}").json()["documents"]
               if d["kind"] == "dicom"]
    png = reader.get(f"/cases/{case_id}/files/{doc_ids[0]}?preview=true")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")

    report = reader.post(f"/cases/{case_id}/report",
                         {"reason": "personal_information", "details": "a name is visible"})
    assert report.status_code == 201
    assert "R-" in report.text
    # hidden at once from every public page and the API
    assert f"/cases/{case_id}\"" not in reader.get("/").text
    assert reader.get(f"/cases/{case_id}").status_code == 404
    assert reader.get(f"/api/cases/{case_id}").status_code == 404
    assert all(c["id"] != case_id for c in reader.get("/api/cases").json()["cases"])
    assert reader.get(f"/cases/{case_id}/files/{doc_ids[0]}").status_code == 404

    mod = world.client("mod")
    queue = mod.get("/api/moderation/queue").json()["items"]
    assert any(i["case_id"] == case_id for i in queue)
    decided = mod.post(f"/moderation/cases/{case_id}/decide", {
        "action": "remove", "statement": "The patient's name was left in the text.",
        "breach": "yes"})
    assert decided.status_code == 303, decided.text
    assert case_state(world, case_id) == "removed"

    # purged: no planted value anywhere in blob storage or the database
    blobs, dump = _blob_dump(world), _db_dump(world)
    for value in (*PHI.values(), DICOM_NAME, "Zebulon", "ZZ99887766"):
        assert value.encode() not in blobs, value
        assert value not in dump, value
    assert not list(world.platform.blobs.iter_keys(f"cases/{case_id}/"))

    account = alice.get("/account").text
    assert "The patient&#39;s name was left in the text." in account
    assert "Warning: 1 confirmed breach" in account
    assert alice.get("/api/me").json()["discipline"]["strikes"] == 1

    # appeal: the deciding moderator may not decide it, another one may
    with world.platform.db.read() as session:
        decision = session.scalars(select(Decision)).one()
    assert alice.post(f"/decisions/{decision.id}/appeal", {"text": "It was a surrogate."}
                      ).status_code == 303
    with world.platform.db.read() as session:
        appeal_id = session.execute(text("SELECT id FROM appeals")).scalar_one()
    assert mod.post(f"/moderation/appeals/{appeal_id}", {
        "outcome": "overturned", "statement": "x"}).status_code == 403
    assert world.client("mod2").post(f"/moderation/appeals/{appeal_id}", {
        "outcome": "overturned", "statement": "The name was a surrogate."}).status_code == 303
    with world.platform.db.read() as session:
        assert session.scalars(select(Strike)).one().lifted_at is not None
        assert verify_chain(session).ok
        assert not session.scalars(select(FindingRow)).all()
    assert inspect(world.platform.db.engine).has_table("audit_events")


def test_new_contributor_goes_to_review_and_moderator_approves(world) -> None:  # type: ignore[no-untyped-def]
    bob = world.client("bob")
    case_id = case_id_of(upload(bob, body="A 3.2 cm mass in the liver, no identifiers."))
    world.wait()
    assert bob.post(f"/cases/{case_id}/accept-all").status_code == 303
    assert bob.post(f"/cases/{case_id}/publish").status_code == 303
    assert case_state(world, case_id) == "pending_review"
    assert world.client().get(f"/cases/{case_id}").status_code == 404
    mod = world.client("mod")
    r = mod.api("POST", f"/api/moderation/cases/{case_id}/decisions",
                {"action": "approve", "statement": "Fine to publish."})
    assert r.status_code == 201, r.text
    assert case_state(world, case_id) == "published"


def test_rejected_finding_restores_original_and_edit_is_rechecked(world) -> None:  # type: ignore[no-untyped-def]
    make_trusted(world, "alice")
    alice = world.client("alice")
    case_id = case_id_of(upload(alice, body="Seen by Dr Wilson Smith for a Baker cyst."))
    world.wait()
    findings = alice.get(f"/api/cases/{case_id}/findings").json()["findings"]
    assert findings
    first = findings[0]
    bad = alice.api("POST", f"/api/cases/{case_id}/findings/{first['id']}",
                    {"action": "edit", "value": "Dr Jane Okafor"})
    assert bad.status_code == 400 and "identifying" in bad.json()["detail"]
    ok = alice.api("POST", f"/api/cases/{case_id}/findings/{first['id']}",
                   {"action": "edit", "value": "the consultant"})
    assert ok.status_code == 200
    for f in findings[1:]:
        alice.api("POST", f"/api/cases/{case_id}/findings/{f['id']}", {"action": "reject"})
    alice.post(f"/cases/{case_id}/publish")
    body = world.client().get(f"/api/cases/{case_id}").json()["documents"][0]["text"]
    assert "the consultant" in body and "Baker cyst" in body
