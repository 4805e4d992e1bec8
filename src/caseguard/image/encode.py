"""Writing a clean image: lossless where the pixels did not change, re-encoded otherwise.

- JPEG, unchanged pixels: `caseguard.image.jpeg.strip_jpeg` (marker stream rewritten,
  entropy-coded data untouched).
- PNG, unchanged pixels: `strip_png` keeps the chunks that decoding needs and drops
  text, time, EXIF, ICC and private chunks.
- Anything else: frames re-encoded by Pillow from bare pixels (no ``info`` carried
  over), JPEG with the source's own quantization tables and subsampling so the
  quality matches the input; non-sRGB ICC colours converted to sRGB first so the
  profile (and its description) can be dropped.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

from PIL import Image, ImageCms, JpegImagePlugin

from caseguard.errors import OutputError, UnreadableInput
from caseguard.image.decode import Decoded
from caseguard.image.jpeg import estimate_quality

__all__ = ["encode_frames", "jpeg_quality", "strip_png"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT",
    b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT",
}
_TIFF_COMPRESSION = {"raw", "tiff_lzw", "tiff_adobe_deflate", "packbits", "jpeg", "group4"}


def strip_png(data: bytes, source: str = "") -> tuple[bytes, list[str]]:
    """Drop every PNG chunk that decoding does not need; return the bytes and what went."""
    if not data.startswith(_PNG_SIGNATURE):
        raise UnreadableInput("not a PNG", source)
    out, removed, pos = [_PNG_SIGNATURE], [], 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise UnreadableInput("truncated PNG chunk", source)
        if kind in _PNG_KEEP:
            out.append(data[pos:end])
        else:
            removed.append(f"PNG {kind.decode('latin-1')} chunk")
        pos = end
        if kind == b"IEND":
            break
    else:
        out.append(_png_chunk(b"IEND", b""))
    return b"".join(out), removed


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def jpeg_quality(im: Image.Image) -> int | None:
    """The estimated IJG quality of a JPEG, or None for other formats."""
    tables = getattr(im, "quantization", None)
    return estimate_quality(tables) if tables else None


def encode_frames(decoded: Decoded, frames: list[Image.Image], source_data: bytes) -> bytes:
    """Encode clean frames in the source's format with settings close to the source's."""
    frames = _to_srgb(frames, decoded.info.get("icc_profile"))
    fmt = decoded.format
    first, rest = frames[0], frames[1:]
    buffer = io.BytesIO()
    options: dict[str, Any] = {}
    try:
        if fmt == "JPEG":
            options = _jpeg_options(decoded.source_image)
            if first.mode not in ("RGB", "L", "CMYK"):
                first = first.convert("RGB")
            first.save(buffer, "JPEG", **options)
        elif fmt == "PNG":
            if rest:
                options = {"save_all": True, "append_images": rest,
                           "duration": _durations(decoded, rest),
                           "loop": decoded.info.get("loop", 0)}
            first.save(buffer, "PNG", **options)
        elif fmt == "GIF":
            first.save(buffer, "GIF", save_all=bool(rest), append_images=rest,
                       duration=_durations(decoded, rest), loop=decoded.info.get("loop", 0))
        elif fmt == "WEBP":
            lossless = b"VP8L" in source_data[:4096] and b"VP8 " not in source_data[:4096]
            first.save(buffer, "WEBP", save_all=bool(rest), append_images=rest,
                       duration=_durations(decoded, rest) or 0, loop=decoded.info.get("loop", 0),
                       lossless=lossless, quality=100 if lossless else 90)
        elif fmt == "TIFF":
            _save_tiff(buffer, first, rest, decoded.info.get("compression", "raw"))
        elif fmt == "BMP":
            first.save(buffer, "BMP")
        elif fmt == "HEIF":
            first.save(buffer, "HEIF", quality=90)
        else:  # pragma: no cover - decode refuses other formats
            raise OutputError(f"cannot write {fmt} images")
    except (OSError, ValueError) as exc:
        raise OutputError(f"cannot encode the cleaned {fmt} image ({exc})") from None
    return buffer.getvalue()


def _durations(decoded: Decoded, rest: list[Image.Image]) -> list[int] | int | None:
    if not any(decoded.durations):
        return None
    return decoded.durations if rest else decoded.durations[0]


def _jpeg_options(source: Image.Image) -> dict[str, Any]:
    tables = getattr(source, "quantization", None)
    options: dict[str, Any] = {"quality": jpeg_quality(source) or 90}
    if tables:
        options["qtables"] = [list(tables[k]) for k in sorted(tables)]
    sampling = JpegImagePlugin.get_sampling(source) if tables else -1
    if sampling != -1:
        options["subsampling"] = sampling
    if source.info.get("progressive") or source.info.get("progression"):
        options["progressive"] = True
    return options


def _save_tiff(
    buffer: io.BytesIO, first: Image.Image, rest: list[Image.Image], compression: str
) -> None:
    if compression not in _TIFF_COMPRESSION or (compression == "group4" and first.mode != "1"):
        compression = "tiff_lzw"
    if compression == "jpeg" and first.mode not in ("RGB", "L", "CMYK", "YCbCr"):
        compression = "tiff_lzw"
    first.save(buffer, "TIFF", save_all=bool(rest), append_images=rest, compression=compression)


def _to_srgb(frames: list[Image.Image], icc: Any) -> list[Image.Image]:
    """Convert RGB pixels from an embedded profile to sRGB so the profile can go."""
    if not isinstance(icc, bytes) or not icc:
        return frames
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in (profile.profile.profile_description or "").lower():
            return frames
        srgb = ImageCms.createProfile("sRGB")
        out = []
        for frame in frames:
            if frame.mode not in ("RGB", "RGBA"):
                out.append(frame)
                continue
            converted = ImageCms.profileToProfile(frame, profile, srgb, outputMode=frame.mode)
            out.append(converted if converted is not None else frame)
            out[-1].info = dict(frame.info)
        return out
    except (ImageCms.PyCMSError, OSError, ValueError):
        return frames
