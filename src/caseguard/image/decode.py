"""Opening image files safely: format sniffing, decompression bombs, named errors.

`open_image` reads bytes with Pillow and returns a `Decoded`: the format, every
frame (pages of a TIFF, frames of an animated GIF/WebP) as an upright image (EXIF
orientation applied), and whether turning it upright changed the pixels. Pillow's
pixel limit (``Image.MAX_IMAGE_PIXELS``) is enforced as `UnsafeInput`, never as a
warning; truncated and corrupt files are `UnreadableInput`.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageFile, UnidentifiedImageError

from caseguard.errors import UnreadableInput, UnsafeInput, UnsupportedInput

try:  # HEIC/HEIF is optional: only when pillow-heif is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - depends on the environment
    HEIF = False

__all__ = ["FORMATS", "HEIF", "MAX_FILE_BYTES", "MAX_FRAMES", "Decoded", "open_image", "sniff"]

FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP", "MPO", *(("HEIF",) if HEIF else ()))
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_FRAMES = 1000

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

_PLAYBACK = {"transparency", "duration", "loop", "background", "disposal", "blend", "dpi"}

_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
)


def sniff(data: bytes) -> str | None:
    """The image format the first bytes announce, or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim"):
        return "HEIF"
    return None


@dataclass
class Decoded:
    """An opened image: its format, its upright frames and what the file carried."""

    format: str
    frames: list[Image.Image]
    info: dict[str, Any]
    source_image: Image.Image
    rotated: bool = False
    durations: list[int] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        return self.frames[0].size


def open_image(data: bytes, source: str = "") -> Decoded:
    """Decode every frame of an image file, or raise a named `InputError`."""
    if len(data) > MAX_FILE_BYTES:
        raise UnsafeInput(f"image file of {len(data)} bytes is over the size limit", source)
    announced = sniff(data)
    if announced is None:
        raise UnsupportedInput("not an image format caseguard handles", source)
    if announced == "HEIF" and not HEIF:
        raise UnsupportedInput("HEIC/HEIF needs the pillow-heif package", source)
    # Pillow only warns between 1x and 2x its pixel limit: treat that as a bomb too.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            fmt = im.format or announced
            if fmt not in FORMATS:
                raise UnsupportedInput(f"{fmt} images are not handled", source)
            frames, durations = _frames(im, source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsafeInput(f"decompression bomb refused ({exc})", source) from None
    except UnidentifiedImageError:
        raise UnreadableInput(f"corrupt {announced} file (cannot be decoded)", source) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        raise UnreadableInput(f"corrupt or truncated {announced} ({exc})", source) from None
    info: dict[str, Any] = {str(k): v for k, v in im.info.items()}
    rotated = False
    orientation = _orientation(im)
    method = _TRANSPOSE.get(orientation or 1)
    if method is not None:
        frames = [frame.transpose(method) for frame in frames]
        rotated = True
    return Decoded(fmt if fmt != "MPO" else "JPEG", frames, info, im, rotated, durations)


def _frames(im: Image.Image, source: str) -> tuple[list[Image.Image], list[int]]:
    count = int(getattr(im, "n_frames", 1))
    if count > MAX_FRAMES:
        raise UnsafeInput(f"{count} frames is over the limit of {MAX_FRAMES}", source)
    budget = 2 * (Image.MAX_IMAGE_PIXELS or 2**31)
    frames: list[Image.Image] = []
    durations: list[int] = []
    total = 0
    # An MPO's extra frames are previews and depth maps: only the first is the image.
    for index in range(1 if im.format == "MPO" else count):
        im.seek(index)
        im.load()
        total += im.width * im.height
        if total > budget:
            raise UnsafeInput("frames add up to more pixels than the limit", source)
        frame = im.copy()
        # keep only what plays the image back; everything descriptive stays behind
        frame.info = {k: v for k, v in im.info.items() if k in _PLAYBACK}
        frames.append(frame)
        durations.append(int(im.info.get("duration", 0) or 0))
    im.seek(0)
    return frames, durations


def _orientation(im: Image.Image) -> int | None:
    try:
        value = im.getexif().get(0x0112)
    except Exception:  # a broken EXIF block must not stop the pixels being handled
        return None
    return int(value) if isinstance(value, int) else None
