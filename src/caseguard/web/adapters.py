"""Thin adapters over the engines that may be absent: risk scoring and image scrubbing.

Each degrades gracefully: without the risk module a case has no risk factors and
never blocks on risk; without the image module images are refused by the file
engine with a reason, which the review screen shows. Results come back as plain
data so the database never depends on those modules' classes.
"""

from __future__ import annotations

from typing import Any

from caseguard.policy import Policy

__all__ = ["IMAGE_SUFFIXES", "assess_risk", "risk_available"]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"})


def risk_available() -> bool:
    try:
        from caseguard.risk import assess  # noqa: F401
    except ImportError:
        return False
    return True


def assess_risk(text: str, policy: Policy) -> dict[str, Any]:
    """``{"level": low|review|high, "factors": [...], "available": bool}``."""
    try:
        from caseguard.risk import assess
    except ImportError:
        return {"level": "low", "score": 0.0, "factors": [], "available": False}
    try:
        result: dict[str, Any] = assess(text, policy).to_dict()
    except Exception as exc:  # a scoring failure must hold the case, never pass it
        return {"level": "high", "score": 0.0, "available": True,
                "factors": [{"kind": "error", "explanation": f"risk check failed: {exc}",
                             "suggestion": "a moderator will review this case",
                             "evidence": [], "weight": 0.0}]}
    result["available"] = True
    return result


def image_details(details: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
    """Boxes and a blocking reason from an image document's details, whatever its shape."""
    findings = details.get("findings", []) if isinstance(details, dict) else []
    boxes = [f for f in findings if isinstance(f, dict) and f.get("box")]
    blocked = details.get("blocked_reason") if isinstance(details, dict) else None
    if not blocked and any(f.get("category") == "FACE" for f in boxes):
        blocked = "a face is visible in this image"
    return boxes, blocked
