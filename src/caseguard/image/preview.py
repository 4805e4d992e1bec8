"""A PNG preview of an image with its findings drawn as labelled boxes, for the report."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from caseguard.image.result import ImageFinding

__all__ = ["render_preview"]

MAX_SIDE = 1024
_COLOURS = {"FACE": (255, 0, 255), "NAME": (255, 64, 64), "DATE": (255, 160, 0)}


def render_preview(frame: Image.Image, findings: Sequence[ImageFinding]) -> bytes:
    """The first frame, at most ``MAX_SIDE`` pixels wide, with each finding's box and label;
    findings without a box (metadata) are listed in a band at the bottom."""
    image = frame.convert("RGB")
    scale = min(1.0, MAX_SIDE / max(image.size))
    if scale < 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    boxed = [f for f in findings if f.box is not None and f.frame == 0]
    listed = [f for f in findings if f.box is None]
    size = max(10, image.width // 60)
    font = ImageFont.load_default(size=size)
    band = 0 if not listed else (min(len(listed), 12) + 1) * (size + 4)
    canvas = Image.new("RGB", (image.width, image.height + band), (32, 32, 32))
    canvas.paste(image, (0, 0))
    draw = ImageDraw.Draw(canvas)
    for f in boxed:
        assert f.box is not None
        x0, y0, x1, y1 = (round(v * scale) for v in f.box)
        colour = _COLOURS.get(f.category.value, (0, 200, 255))
        draw.rectangle((x0, y0, x1, y1), outline=colour, width=2)
        draw.text((x0, max(0, y0 - size - 2)), f.category.value, fill=colour, font=font)
    y = image.height + 4
    for f in listed[:12]:
        draw.text((4, y), f"{f.category.value}  {f.location}", fill=(230, 230, 230), font=font)
        y += size + 4
    if len(listed) > 12:
        draw.text((4, y), f"... and {len(listed) - 12} more", fill=(230, 230, 230), font=font)
    out = io.BytesIO()
    canvas.save(out, "PNG")
    return out.getvalue()
