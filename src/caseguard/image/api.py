"""Check or scrub one image file: metadata, burned-in text, faces, in one pass.

    result = check_image("photo.jpg", policy)                   # findings, nothing written
    result = scrub_image("photo.jpg", "out/photo.jpg", policy, key)

One call order: read (named errors) -> decode every frame upright -> inventory of
embedded metadata (through the text engine) -> OCR each frame -> faces on each
frame and on embedded thumbnails -> refuse (faces under ``block``) or fill boxes ->
encode (lossless when no pixel changed) -> re-inspect the output, which must carry
no metadata -> write atomically. The input is never modified.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from caseguard.errors import OutputError, UnreadableInput
from caseguard.findings import Action, Category
from caseguard.image.decode import Decoded, open_image
from caseguard.image.encode import encode_frames, jpeg_quality, strip_png
from caseguard.image.faces import detect_faces
from caseguard.image.jpeg import strip_jpeg
from caseguard.image.metadata import Inventory, inspect_metadata
from caseguard.image.options import ImageOptions
from caseguard.image.preview import render_preview
from caseguard.image.redact import TextHit, find_text, grey8
from caseguard.image.result import Box, ImageFinding, ImageResult
from caseguard.policy import Policy
from caseguard.text.engine import TextEngine
from caseguard.textio import write_atomic

__all__ = ["check_image", "scrub_image"]


def check_image(
    path_or_bytes: str | Path | bytes, policy: Policy | None = None, *, preview: bool = True
) -> ImageResult:
    """Everything identifying in an image; nothing is written."""
    data, source = _read(path_or_bytes)
    result, _, _ = _analyse(data, source, policy or _default_policy(), preview)
    return result


def scrub_image(
    path_or_bytes: str | Path | bytes,
    out_path: str | Path | None,
    policy: Policy | None = None,
    key: bytes | str = b"",
    *,
    preview: bool = True,
) -> ImageResult:
    """Write a de-identified copy of an image to ``out_path`` (or refuse it, saying why).

    Images are filled and stripped, never surrogated, so ``key`` changes nothing yet; it
    is taken so that every scrub entry point has the same shape. With ``out_path`` None
    the cleaned bytes are computed and checked but not written.
    """
    del key
    data, source = _read(path_or_bytes)
    if out_path is not None and isinstance(path_or_bytes, str | Path):
        target = Path(out_path)
        if target.exists() and target.resolve() == Path(path_or_bytes).resolve():
            raise OutputError(f"{target}: output would overwrite its input")
    policy = policy or _default_policy()
    result, decoded, hits = _analyse(data, source, policy, preview)
    if result.blocked:
        return result
    changed = bool(hits)
    frames = [
        _fill(frame, [h for h in hits if h[0] == i]) for i, frame in enumerate(decoded.frames)
    ]
    if changed:
        result.actions.append(f"filled {len(hits)} box(es) in the pixels")
    if decoded.rotated:
        result.actions.append("applied the EXIF orientation to the pixels")
    output, lossless = _encode(decoded, frames, data, source, changed or decoded.rotated, result)
    _verify(output, source)
    result.lossless = lossless
    if out_path is not None:
        write_atomic(Path(out_path), output)
        result.output = str(out_path)
    return result


@functools.cache
def _default_policy() -> Policy:
    return Policy.default()


@functools.cache
def _default_engine() -> TextEngine:
    return TextEngine(_default_policy())


def _engine(policy: Policy) -> TextEngine:
    # a text engine holds compiled detectors; the default one is built once per process
    return _default_engine() if policy is _default_policy() else TextEngine(policy)


def _read(path_or_bytes: str | Path | bytes) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes, "<bytes>"
    path = Path(path_or_bytes)
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise UnreadableInput(f"cannot read ({exc.strerror})", str(path)) from None


def _analyse(
    data: bytes, source: str, policy: Policy, preview: bool
) -> tuple[ImageResult, Decoded, list[tuple[int, Box]]]:
    options = ImageOptions.from_policy(policy)
    decoded = open_image(data, source)
    engine = _engine(policy)
    inventory = inspect_metadata(data, decoded.source_image, engine)
    result = ImageResult(source=source, format=decoded.format)
    result.findings.extend(inventory.findings)
    result.actions.extend(_metadata_actions(inventory))
    boxes: list[tuple[int, Box]] = []
    text_boxes = 0
    for index, frame in enumerate(decoded.frames):
        pixels = grey8(_pixels(frame))
        hits: list[TextHit] = find_text(pixels, engine, options, frame=index)
        boxes.extend((index, h.box) for h in hits)
        text_boxes += sum(h.finding is None for h in hits)
        result.findings.extend(_unique(h.finding for h in hits if h.finding is not None))
        for face in detect_faces(pixels):
            result.findings.append(_face_finding(face.box, face.score, index, "frame"))
            boxes.append((index, _pad_face(face.box, frame.size)))
    if text_boxes:
        result.actions.append(f"text_on_images = remove-all: {text_boxes} more text box(es)")
    for thumb in inventory.thumbnails:
        if _thumbnail_has_face(thumb):
            result.findings.append(_face_finding(None, 1.0, 0, "embedded thumbnail"))
    faces = [f for f in result.findings if f.category is Category.FACE]
    if faces and options.faces == "block":
        result.blocked_reason = (
            f"{len(faces)} face(s) found; the policy (image.faces = \"block\") refuses "
            "facial photographs. Crop them out, or set faces = \"cover\" to fill them."
        )
        boxes = [b for b in boxes if not any(f.box == b[1] for f in faces)]
    if preview and result.findings:
        result.preview_png = render_preview(decoded.frames[0], result.findings)
    return result, decoded, boxes


def _pixels(frame: Image.Image) -> np.ndarray:
    if frame.mode in ("L", "RGB"):
        return np.asarray(frame)
    if frame.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return np.asarray(frame.convert("I") if frame.mode.startswith("I;16") else frame)
    return np.asarray(frame.convert("RGB"))


def _face_finding(box: Box | None, score: float, frame: int, where: str) -> ImageFinding:
    return ImageFinding(
        Category.FACE, f"pixels ({where})", "", "centerface", score,
        f"face in the {where}", box=box, frame=frame, action=Action.REDACT,
    )


def _pad_face(box: Box, size: tuple[int, int]) -> Box:
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) // 5, (y1 - y0) // 5
    return max(0, x0 - dx), max(0, y0 - dy), min(size[0], x1 + dx), min(size[1], y1 + dy)


def _thumbnail_has_face(thumb: bytes) -> bool:
    try:
        im = open_image(thumb, "thumbnail").frames[0]
    except Exception:  # an undecodable thumbnail is stripped anyway
        return False
    return bool(detect_faces(np.asarray(im.convert("RGB"))))


def _fill(frame: Image.Image, boxes: list[tuple[int, Box]]) -> Image.Image:
    if not boxes:
        return frame
    out = frame.copy()
    draw = ImageDraw.Draw(out)
    fill = _black(out)
    for _, (x0, y0, x1, y1) in boxes:
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill)
    return out


def _black(im: Image.Image) -> int | tuple[int, ...]:
    if im.mode == "P":
        palette = im.getpalette() or [0, 0, 0]
        sums = [sum(palette[i : i + 3]) for i in range(0, len(palette), 3)]
        return sums.index(min(sums))
    if im.mode == "CMYK":
        return (0, 0, 0, 255)
    if im.mode in ("RGBA", "LA"):
        return (0,) * (len(im.mode) - 1) + (255,)
    bands = len(im.getbands())
    return 0 if bands == 1 else (0,) * bands


def _encode(
    decoded: Decoded, frames: list[Image.Image], data: bytes, source: str, pixels_changed: bool,
    result: ImageResult,
) -> tuple[bytes, bool]:
    if not pixels_changed and decoded.format == "JPEG" and data.startswith(b"\xff\xd8"):
        output, _ = strip_jpeg(data, source)
        result.actions.append("JPEG stripped losslessly (entropy-coded data unchanged)")
        return output, True
    if not pixels_changed and decoded.format == "PNG" and len(frames) == 1:
        output, _ = strip_png(data, source)
        result.actions.append("PNG stripped losslessly (image data unchanged)")
        return output, True
    quality = jpeg_quality(decoded.source_image)
    note = f" (estimated JPEG quality {quality}, source tables reused)" if quality else ""
    result.actions.append(f"re-encoded as {decoded.format}{note}")
    return encode_frames(decoded, frames, data), False


def _verify(output: bytes, source: str) -> None:
    """Refuse to write an output that still carries metadata (defence in depth)."""
    decoded = open_image(output, source)
    left = inspect_metadata(output, decoded.source_image, _engine(_default_policy()))
    if left.families or left.findings:
        raise OutputError(f"{source}: cleaned output still carries {sorted(left.families)}")


def _metadata_actions(inventory: Inventory) -> list[str]:
    return [f"removed {family} ({n})" for family, n in sorted(inventory.families.items())]


def _unique(items: object) -> list[ImageFinding]:
    seen: list[ImageFinding] = []
    for item in items:  # type: ignore[attr-defined]
        if not any(item is s for s in seen):
            seen.append(item)
    return seen
