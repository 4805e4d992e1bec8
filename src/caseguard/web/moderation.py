"""Reports, moderator decisions, strikes and appeals.

A report of personal information or of an identifiable patient quarantines its case
in the same transaction that records the report, so the reporter's response already
finds the case hidden. A moderator's decision always carries a statement of reasons
for the uploader; a confirmed breach adds a strike; an appeal is decided by a
different moderator. Removing a case purges its blobs and every stored original.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from caseguard.store.audit import append_event
from caseguard.store.blobs import BlobStore
from caseguard.store.models import (
    Appeal,
    CaseRow,
    Decision,
    ReportRow,
    Strike,
    User,
)
from caseguard.web.rules import PUBLIC_STATES, platform_policy, transition
from caseguard.web.security import now

__all__ = [
    "DECISIONS",
    "QUARANTINE_REASONS",
    "REPORT_REASONS",
    "ModerationError",
    "decide",
    "decide_appeal",
    "file_appeal",
    "file_report",
    "lift_strike",
    "purge_case",
]

REPORT_REASONS = {
    "personal_information": "Personal information",
    "identifiable_patient": "Identifiable patient",
    "other": "Other",
}
QUARANTINE_REASONS = frozenset({"personal_information", "identifiable_patient"})
DECISIONS = {
    "approve": "Approve publication",
    "remove": "Remove (purge content)",
    "redact_restore": "Redact and restore",
    "dismiss_restore": "Dismiss reports and restore",
    "push_back": "Push back to draft",
}


class ModerationError(Exception):
    def __init__(self, message: str, status: int = 409) -> None:
        self.message, self.status = message, status
        super().__init__(message)


def file_report(
    session: Session, case: CaseRow, reason: str, details: str, contact: str
) -> ReportRow:
    if case.state == "removed":
        raise ModerationError("This case has already been removed; there is nothing to report.",
                              410)
    if reason not in REPORT_REASONS:
        raise ModerationError(f"Choose a reason: {', '.join(REPORT_REASONS.values())}.", 400)
    report = ReportRow(reference="R-" + secrets.token_hex(4).upper(), case_id=case.id,
                       reason=reason, details=details[:5000], contact=contact[:320],
                       created_at=now())
    session.add(report)
    session.flush()
    append_event(session, "public", "report.filed", case_id=case.id, reason=reason,
                 data={"reference": report.reference})
    if reason in QUARANTINE_REASONS and case.state in (*PUBLIC_STATES, "pending_review"):
        transition(session, case, "quarantined", "system",
                   f"report {report.reference}: {REPORT_REASONS[reason].lower()}")
    return report


def purge_case(session: Session, blobs: BlobStore, case: CaseRow) -> int:
    """Delete every stored byte of a case's content, keeping a tombstone row."""
    count = blobs.delete_prefix(f"cases/{case.id}/")
    for doc in list(case.documents):
        session.delete(doc)
    session.flush()
    case.title = f"Removed case {case.id}"
    case.key_hex = ""
    case.risk = {}
    session.execute(update(ReportRow).where(ReportRow.case_id == case.id)
                    .values(details="", contact=""))
    return count


def decide(
    session: Session, blobs: BlobStore, case: CaseRow, moderator: User, action: str,
    statement: str, breach: bool, redacted_text: str | None = None,
) -> Decision:
    if action not in DECISIONS:
        raise ModerationError(f"Unknown decision {action!r}.", 400)
    if not statement.strip():
        raise ModerationError("A statement of reasons for the uploader is required.", 400)
    if case.state == "removed":
        raise ModerationError("This case has already been removed.", 410)
    if case.owner_id == moderator.id:
        raise ModerationError("A moderator cannot decide on their own case.", 403)
    policy_version = platform_policy().version
    restore_to = case.previous_state if case.previous_state in PUBLIC_STATES else case.visibility
    restore_to = "unlisted" if restore_to == "unlisted" else "published"
    reason = f"{DECISIONS[action]}: {statement.strip()[:500]}"
    if action == "remove":
        purged = purge_case(session, blobs, case)
        transition(session, case, "removed", moderator, reason, policy_version,
                   {"blobs_purged": purged})
    elif action == "redact_restore":
        _redact(blobs, case, redacted_text)
        transition(session, case, restore_to, moderator, reason, policy_version)
    elif action == "dismiss_restore":
        if case.state != "quarantined":
            raise ModerationError("Only a quarantined case can be restored.")
        transition(session, case, restore_to, moderator, reason, policy_version)
    elif action == "push_back":
        transition(session, case, "draft", moderator, reason, policy_version)
    else:
        if case.state != "pending_review":
            raise ModerationError("Only a case pending review can be approved.")
        case.moderator_approved = True
        transition(session, case, case.visibility if case.visibility == "unlisted"
                   else "published", moderator, reason, policy_version)
    decision = Decision(case_id=case.id, moderator_id=moderator.id, uploader_id=case.owner_id,
                        action=action, statement=statement.strip(), breach=breach,
                        policy_version=policy_version, created_at=now())
    session.add(decision)
    session.flush()
    for report in session.scalars(select(ReportRow).where(
            ReportRow.case_id == case.id, ReportRow.status == "open")):
        report.status, report.closed_at = "closed", decision.created_at
    if breach:
        session.add(Strike(user_id=case.owner_id, decision_id=decision.id,
                           created_at=decision.created_at))
        append_event(session, f"user:{moderator.id}", "strike.recorded", case_id=case.id,
                     reason=statement.strip()[:500], policy_version=policy_version,
                     data={"user": case.owner_id, "decision": decision.id})
    return decision


def _redact(blobs: BlobStore, case: CaseRow, text: str | None) -> None:
    if text is None or not text.strip():
        raise ModerationError("Redact and restore needs the corrected case text.", 400)
    body = next((d for d in case.documents if d.kind == "body" and d.blob_key), None)
    if body is None or body.blob_key is None:
        raise ModerationError("This case has no text to redact.", 400)
    blobs.put(body.blob_key, text.encode("utf-8"))
    body.findings.clear()


def file_appeal(session: Session, decision: Decision, user: User, text: str,
                window_days: int) -> Appeal:
    if decision.uploader_id != user.id:
        raise ModerationError("Only the uploader can appeal this decision.", 403)
    if now() - decision.created_at > timedelta(days=window_days):
        raise ModerationError("The six-month period to appeal this decision has ended.", 410)
    if session.scalars(select(Appeal).where(Appeal.decision_id == decision.id)).first():
        raise ModerationError("This decision has already been appealed.")
    if not text.strip():
        raise ModerationError("Say why the decision should change.", 400)
    appeal = Appeal(decision_id=decision.id, text=text.strip()[:5000], created_at=now())
    session.add(appeal)
    session.flush()
    append_event(session, f"user:{user.id}", "appeal.filed", case_id=decision.case_id,
                 data={"decision": decision.id, "appeal": appeal.id})
    return appeal


def decide_appeal(session: Session, appeal: Appeal, moderator: User, outcome: str,
                  statement: str) -> None:
    decision = session.get(Decision, appeal.decision_id)
    if decision is None or appeal.status != "open":
        raise ModerationError("This appeal is already decided.")
    if decision.moderator_id == moderator.id:
        raise ModerationError("A different moderator must decide this appeal.", 403)
    if outcome not in ("upheld", "overturned") or not statement.strip():
        raise ModerationError("Choose upheld or overturned and give reasons.", 400)
    appeal.status, appeal.decided_by, appeal.decided_at = outcome, moderator.id, now()
    appeal.outcome_statement = statement.strip()
    if outcome == "overturned":
        for strike in session.scalars(select(Strike).where(
                Strike.decision_id == decision.id, Strike.lifted_at.is_(None))):
            strike.lifted_at, strike.lifted_by = appeal.decided_at, moderator.id
            strike.lift_reason = f"appeal overturned: {statement.strip()[:300]}"
    append_event(session, f"user:{moderator.id}", f"appeal.{outcome}",
                 case_id=decision.case_id, reason=statement.strip()[:500],
                 data={"decision": decision.id, "appeal": appeal.id})


def lift_strike(session: Session, strike: Strike, admin: User, reason: str) -> None:
    if strike.lifted_at is not None:
        raise ModerationError("This strike was already lifted.")
    if not reason.strip():
        raise ModerationError("Give a reason for lifting the strike.", 400)
    strike.lifted_at, strike.lifted_by, strike.lift_reason = now(), admin.id, reason.strip()
    append_event(session, f"user:{admin.id}", "strike.lifted", reason=reason.strip()[:500],
                 data={"strike": strike.id, "user": strike.user_id})
