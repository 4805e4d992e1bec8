"""The platform's rules: which policy applies, what a case's text is, which state
changes are allowed, what blocks publication, and what a user's strikes mean.

Every state change goes through `transition`, which writes the audit event (actor,
time, reason, policy version) in the same transaction as the change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseguard.errors import PolicyError
from caseguard.policy import Policy
from caseguard.store.audit import append_event
from caseguard.store.blobs import BlobStore
from caseguard.store.models import CaseRow, DocumentRow, FindingRow, Institution, Strike, User

__all__ = [
    "PUBLIC_STATES",
    "Discipline",
    "case_policy",
    "case_text",
    "discipline_for",
    "document_text",
    "final_text",
    "publish_blockers",
    "transition",
]

PUBLIC_STATES = ("published", "unlisted")
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"pending_review", "published", "unlisted", "removed"}),
    "pending_review": frozenset({"published", "unlisted", "draft", "quarantined", "removed"}),
    "published": frozenset({"quarantined", "draft", "removed", "unlisted"}),
    "unlisted": frozenset({"quarantined", "draft", "removed", "published"}),
    "quarantined": frozenset({"published", "unlisted", "draft", "removed", "pending_review"}),
    "removed": frozenset(),
}


class TransitionError(Exception):
    pass


@lru_cache(maxsize=1)
def platform_policy() -> Policy:
    return Policy.default()


def institution_policy(override: str, name: str) -> Policy:
    """The platform policy tightened by an institution's TOML; `PolicyError` if it relaxes."""
    base = platform_policy()
    if not override.strip():
        return base
    try:
        data = tomllib.loads(override)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{name}: not valid TOML ({exc})") from None
    return base.tightened_by(data, source=name)


def case_policy(session: Session, user_id: int) -> Policy:
    user = session.get(User, user_id)
    if user is None or user.institution_id is None:
        return platform_policy()
    inst = session.get(Institution, user.institution_id)
    if inst is None:
        return platform_policy()
    return institution_policy(inst.policy_override, inst.name)


def transition(
    session: Session, case: CaseRow, to_state: str, actor: User | str, reason: str,
    policy_version: str | None = None, data: dict[str, Any] | None = None,
) -> None:
    if to_state not in TRANSITIONS[case.state]:
        raise TransitionError(f"a {case.state.replace('_', ' ')} case cannot become {to_state}")
    from_state = case.state
    if to_state == "quarantined":
        case.previous_state = from_state
    case.state = to_state
    from caseguard.web.security import now

    case.updated_at = now()
    if to_state in PUBLIC_STATES and case.published_at is None:
        case.published_at = case.updated_at
    name = actor if isinstance(actor, str) else f"user:{actor.id}"
    append_event(session, name, "case.transition", case_id=case.id, from_state=from_state,
                 to_state=to_state, reason=reason,
                 policy_version=policy_version or case.policy_version, data=data)


def finding_value(finding: FindingRow) -> str:
    if finding.status == "rejected":
        return finding.original
    if finding.status == "edited" and finding.value is not None:
        return finding.value
    return finding.replacement


def final_text(scrubbed: str, findings: list[FindingRow]) -> str:
    """The scrubbed text with each finding's resolution applied."""
    out = scrubbed
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        out = out[: finding.start] + finding_value(finding) + out[finding.end :]
    return out


def document_text(blobs: BlobStore, doc: DocumentRow) -> str:
    if doc.blob_key is None or doc.kind not in ("body", "text"):
        return ""
    return final_text(blobs.get(doc.blob_key).decode("utf-8"), doc.findings)


def case_text(blobs: BlobStore, case: CaseRow) -> str:
    texts = [document_text(blobs, d) for d in case.documents if d.kind in ("body", "text")]
    return "\n\n".join(texts)


def publish_blockers(case: CaseRow) -> list[str]:
    """Why the contributor cannot publish yet; empty when the button may be enabled."""
    out: list[str] = []
    if case.state != "draft":
        out.append(f"the case is {case.state.replace('_', ' ')}")
    if case.processing != "done":
        out.append("files are still being scrubbed")
    pending = sum(1 for d in case.documents for f in d.findings if f.status == "pending")
    if pending:
        out.append(f"{pending} finding(s) still need a decision")
    for doc in case.documents:
        if doc.blocked_reason:
            out.append(f"{doc.name}: {doc.blocked_reason}")
    return out


@dataclass
class Discipline:
    strikes: int
    warning: bool
    suspended: bool
    thresholds: dict[str, int] = field(default_factory=dict)

    @property
    def message(self) -> str:
        if self.suspended:
            return (f"Your account is suspended after {self.strikes} confirmed breaches: "
                    "you cannot create or publish cases until an administrator lifts it.")
        if self.warning:
            return (f"Warning: {self.strikes} confirmed breach(es) of the confidentiality "
                    "policy. All your new cases go to moderator review before publication.")
        return ""


def discipline_for(session: Session, user_id: int, policy: Policy | None = None) -> Discipline:
    settings = (policy or platform_policy()).extra.get("discipline", {})
    warning_at = int(settings.get("warning_strikes", 1))
    suspend_at = int(settings.get("suspension_strikes", 3))
    strikes = session.scalar(
        select(func.count()).select_from(Strike)
        .where(Strike.user_id == user_id, Strike.lifted_at.is_(None))
    ) or 0
    return Discipline(strikes, strikes >= warning_at, strikes >= suspend_at,
                      {"warning": warning_at, "suspension": suspend_at})


def needs_review(session: Session, case: CaseRow, policy: Policy) -> list[str]:
    """Why a case goes to moderator review instead of straight to publication."""
    reasons: list[str] = []
    trusted_after = int(policy.extra.get("discipline", {}).get("trusted_after", 1))
    published = session.scalar(
        select(func.count()).select_from(CaseRow).where(
            CaseRow.owner_id == case.owner_id, CaseRow.published_at.is_not(None),
            CaseRow.id != case.id)
    ) or 0
    if published < trusted_after:
        reasons.append("new contributors' first cases are reviewed by a moderator")
    if case.risk.get("level") == "high":
        reasons.append("the re-identification risk is high")
    if discipline_for(session, case.owner_id, policy).warning:
        reasons.append("the account has a warning for a confirmed breach")
    return reasons
