"""A demo platform: an institution, a contributor, a moderator, an admin, one sample case."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from caseguard.store.audit import append_event
from caseguard.store.models import CaseRow, DocumentRow, Institution, User
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext
from caseguard.web.deps import Platform
from caseguard.web.rules import platform_policy
from caseguard.web.security import hash_password, now

__all__ = ["DEMO_ACCOUNTS", "seed_demo"]

DEMO_ACCOUNTS = {
    "contributor": ("contributor@demo.test", "contributor-demo-1"),
    "moderator": ("moderator@demo.test", "moderator-demo-1"),
    "moderator2": ("moderator2@demo.test", "moderator-demo-2"),
    "admin": ("admin@demo.test", "admin-demo-1"),
}
SAMPLE = (
    "A man in his 40s presented with a three-week history of cough and weight loss. "
    "CT showed a 3.2 cm spiculated mass in the right upper lobe with mediastinal "
    "lymphadenopathy. Biopsy confirmed adenocarcinoma."
)


def seed_demo(platform: Platform, sample_cases: int = 1) -> dict[str, tuple[str, str]]:
    """Create the demo accounts (once) and sample published cases; return the logins."""
    with platform.db.write() as session:
        inst = session.scalars(select(Institution).where(Institution.name == "Demo Hospital")
                               ).first()
        if inst is None:
            inst = Institution(name="Demo Hospital", policy_override="")
            session.add(inst)
            session.flush()
        users: dict[str, User] = {}
        for role, (email, password) in DEMO_ACCOUNTS.items():
            user = session.scalars(select(User).where(User.email == email)).first()
            if user is None:
                user = User(email=email, display_name=role.title(),
                            password_hash=hash_password(password),
                            role="moderator" if role.startswith("moderator") else role,
                            institution_id=inst.id, policy_confirmed_at=now(),
                            created_at=now())
                session.add(user)
                session.flush()
                append_event(session, "system", "user.seeded", data={"user": user.id})
            users[role] = user
        existing = session.scalars(select(CaseRow).where(
            CaseRow.owner_id == users["contributor"].id)).all()
        policy = platform_policy()
        for number in range(len(existing), sample_cases):
            key = secrets.token_bytes(32)
            stamp = now()
            case = CaseRow(owner_id=users["contributor"].id,
                           title=f"Lung mass, sample {number + 1}",
                           state="draft", visibility="public", key_hex=key.hex(),
                           policy_version=policy.version, processing="done", progress="",
                           risk={"level": "low", "factors": []},
                           submission_nonce=secrets.token_urlsafe(16), created_at=stamp,
                           updated_at=stamp)
            session.add(case)
            session.flush()
            text = TextEngine(policy).scrub(SAMPLE, CaseContext.from_key(key, f"case-{case.id}"))
            blob_key = f"cases/{case.id}/docs/0.md"
            platform.blobs.put(blob_key, text.text.encode("utf-8"))
            case.documents.append(DocumentRow(name="case text", kind="body", blob_key=blob_key))
            from caseguard.web.rules import transition

            transition(session, case, "published", "system", "demo sample", policy.version)
    return dict(DEMO_ACCOUNTS)
