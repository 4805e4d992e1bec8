"""The case's view of the image and risk engines, whatever of them is installed.

`caseguard.image` (``check_image``/``scrub_image``) and `caseguard.risk` (``assess``) are
looked up when first needed. When one is missing, or fails on a file, the case still gets
an answer that errs on the safe side: an image is re-encoded from its pixels alone (every
metadata block left behind) and marked as not checked for faces or burned-in text; a case
whose risk could not be assessed needs review. Nothing is ever copied through unchecked.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from caseguard.errors import CaseguardError, InputError, UnreadableInput
from caseguard.findings import Finding
from caseguard.image.result import ImageResult
from caseguard.policy import Policy
from caseguard.text.transforms import CaseContext
from caseguard.textio import write_atomic

__all__ = ["ImageOutcome", "RiskView", "assess_risk", "check_image", "scrub_image"]

PREVIEW_SIZE = 640
NOT_CHECKED = "not checked for faces or burned-in text (the image engine is not installed)"


@dataclass
class ImageOutcome:
    """An image's result, its preview and size, and whether every check could run."""

    result: ImageResult
    complete: bool = True
    note: str = ""
    preview: bytes | None = None
    preview_type: str = "image/png"
    size: tuple[int, int] | None = None


@dataclass
class RiskView:
    """A risk assessment as plain data, or why there is none."""

    level: str = "low"
    score: float = 0.0
    factors: list[dict[str, Any]] = field(default_factory=list)
    available: bool = True
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"level": self.level, "score": round(self.score, 3),
                               "factors": self.factors, "assessed": self.available}
        if self.note:
            out["note"] = self.note
        return out


def _lookup(module: str, name: str) -> Callable[..., Any] | None:
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    return found if callable(found) else None


def check_image(data: bytes, source: str, policy: Policy) -> ImageOutcome:
    """Findings in one image (metadata, burned-in text, faces); nothing written."""
    engine = _lookup("caseguard.image", "check_image")
    if engine is None:
        return _fallback(data, source, None)
    result = _call(source, lambda: engine(data, policy))
    return _outcome(result, data)


def scrub_image(
    data: bytes, source: str, target: Path, policy: Policy, context: CaseContext
) -> ImageOutcome:
    """Write a de-identified copy of one image to ``target``."""
    engine = _lookup("caseguard.image", "scrub_image")
    if engine is None:
        return _fallback(data, source, target)
    result = _call(source, lambda: engine(data, target, policy, context.key))
    if result.blocked:
        target.unlink(missing_ok=True)  # a refused image must not reach the bundle
        return _outcome(result, data)
    return _outcome(result, target.read_bytes() if target.exists() else data)


def _call(source: str, run: Callable[[], Any]) -> ImageResult:
    try:
        result = run()
    except CaseguardError as exc:
        if isinstance(exc, InputError):  # name the case file, not "<bytes>"
            message = str(exc).removeprefix(f"{exc.path}: ") if exc.path else str(exc)
            raise type(exc)(message, source) from None
        raise
    except Exception as exc:  # an engine bug must refuse the file, not stop the case
        raise UnreadableInput(f"the image engine failed ({type(exc).__name__}: {exc})",
                              source) from None
    if not isinstance(result, ImageResult):
        raise UnreadableInput("the image engine returned no result", source)
    result.source = source
    return result


def _outcome(result: ImageResult, data: bytes) -> ImageOutcome:
    outcome = ImageOutcome(result)
    if result.preview_png:
        outcome.preview = result.preview_png
    _preview(outcome, data, keep_engine_preview=bool(result.preview_png))
    return outcome


def _fallback(data: bytes, source: str, target: Path | None) -> ImageOutcome:
    """Without the image engine: decode the pixels; scrubbing writes them with no metadata."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            fmt = opened.format or "PNG"
            upright = ImageOps.exif_transpose(opened)
            upright.load()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise UnreadableInput(f"not a readable image ({exc})", source) from None
    result = ImageResult(source=source, format=fmt)
    if target is not None:
        buffer = io.BytesIO()
        save_format = fmt if fmt in {"JPEG", "PNG", "TIFF", "WEBP", "BMP", "GIF"} else "PNG"
        image = upright.convert("RGB") if save_format == "JPEG" else upright
        image.save(buffer, format=save_format, **({"quality": 95} if save_format == "JPEG"
                                                   else {}))
        write_atomic(target, buffer.getvalue())
        result.output = str(target)
        result.actions.append("re-encoded from pixels only: every metadata block removed")
        data = buffer.getvalue()
    outcome = ImageOutcome(result, complete=False, note=NOT_CHECKED)
    _preview(outcome, data, keep_engine_preview=False)
    return outcome


def _preview(outcome: ImageOutcome, data: bytes, keep_engine_preview: bool) -> None:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened)
            outcome.size = image.size
            if keep_engine_preview:
                return
            image.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE))
            buffer = io.BytesIO()
            if image.mode not in {"RGB", "L"}:
                image = image.convert("RGB")
            image.save(buffer, format="JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return
    outcome.preview, outcome.preview_type = buffer.getvalue(), "image/jpeg"


def assess_risk(text: str, policy: Policy, findings: list[Finding]) -> RiskView:
    """The case's re-identification risk, or a view that says why it was not assessed."""
    assess = _lookup("caseguard.risk", "assess")
    if assess is None:
        return RiskView("review", 0.0, [], False,
                        "re-identification risk was not assessed (the risk engine is not "
                        "installed); read the case for rare conditions, events and places")
    try:
        assessment = assess(text, policy, findings)
        data: dict[str, Any] = assessment.to_dict()
    except CaseguardError:
        raise
    except Exception as exc:  # a failed assessment must not read as "low risk"
        return RiskView("review", 0.0, [], False,
                        f"re-identification risk could not be assessed "
                        f"({type(exc).__name__}: {exc})")
    return RiskView(
        level=str(data.get("level", "review")),
        score=float(data.get("score", 0.0)),
        factors=list(data.get("factors", [])),
    )
