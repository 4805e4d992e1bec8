"""Bad image input gets a named error or a correct result, and nothing is half-written."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from caseguard.errors import PolicyError, UnreadableInput, UnsafeInput, UnsupportedInput
from caseguard.image import ImageOptions, check_image, scrub_image
from caseguard.image.corpus import xmp_packet
from caseguard.policy import Policy


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(out, "JPEG")
    return out.getvalue()


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    chunk += struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    for kind, body in ((b"IDAT", zlib.compress(b"\x00" * 64)), (b"IEND", b"")):
        chunk += struct.pack(">I", len(body)) + kind + body
        chunk += struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk


@pytest.mark.parametrize(("data", "error"), [
    (_jpeg()[: len(_jpeg()) // 2], UnreadableInput),
    (b"\xff\xd8\xff\xe0garbage", UnreadableInput),
    (b"plain text, not an image", UnsupportedInput),
    (_png_header(40000, 40000), UnsafeInput),
    (_png_header(12000, 12000), UnsafeInput),
])
def test_bad_bytes_raise_named_errors(
    tmp_path: Path, data: bytes, error: type[Exception]
) -> None:
    with pytest.raises(error):
        scrub_image(data, tmp_path / "out.img")
    assert list(tmp_path.iterdir()) == []


def test_xmp_with_entities_is_stripped_unread(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(out, "JPEG", xmp=xmp_packet(entities=True))
    result = scrub_image(out.getvalue(), tmp_path / "clean.jpg")
    assert any("DTD" in action for action in result.actions)
    assert b"ENTITY" not in (tmp_path / "clean.jpg").read_bytes()
    assert result.lossless


def test_cmyk_and_16_bit_images_round_trip(tmp_path: Path) -> None:
    for name, im, fmt in (
        ("cmyk.jpg", Image.new("CMYK", (40, 30), (0, 50, 100, 0)), "JPEG"),
        ("grey16.png", Image.new("I;16", (40, 30), 40000), "PNG"),
        ("grey16.tif", Image.new("I;16", (40, 30), 40000), "TIFF"),
    ):
        buf = io.BytesIO()
        im.save(buf, fmt)
        scrub_image(buf.getvalue(), tmp_path / name)
        with Image.open(tmp_path / name) as back:
            assert back.mode == im.mode and back.size == im.size


def test_output_never_overwrites_input(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    path.write_bytes(_jpeg())
    with pytest.raises(Exception, match="overwrite"):
        scrub_image(path, path)


def test_check_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    path.write_bytes(_jpeg())
    result = check_image(path)
    assert result.output is None and list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(("table", "expected"), [
    ({}, ImageOptions("phi", "block")),
    ({"image": {"faces": "cover"}}, ImageOptions("phi", "cover")),
    ({"image": {"text_on_images": "remove-all"}}, ImageOptions("remove-all", "block")),
])
def test_image_policy_table(table: dict[str, object], expected: ImageOptions) -> None:
    policy = Policy.default()
    policy = Policy(policy.version, policy.rules, policy.min_confidence, table)
    assert ImageOptions.from_policy(policy) == expected


@pytest.mark.parametrize("table", [{"faces": "blur"}, {"text_on_images": "none"}, {"x": 1}])
def test_bad_image_policy_is_refused(table: dict[str, object]) -> None:
    base = Policy.default()
    with pytest.raises(PolicyError):
        ImageOptions.from_policy(Policy(base.version, base.rules, 0.3, {"image": table}))
