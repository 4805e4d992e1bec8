"""Lossless JPEG metadata stripping and JPEG quality estimation.

`strip_jpeg` rewrites the marker stream of a JPEG: it keeps what decoding needs
(SOF, DHT, DQT, DRI, DAC, SOS and the entropy-coded data, and an Adobe APP14
segment whose transform flag decides the colour space) and drops every other
APPn segment (EXIF, XMP, ICC, IPTC/Photoshop, MPF previews, maker data) and every
COM. A minimal JFIF APP0 (no thumbnail) is written in place of the original.
Nothing is decoded or re-encoded, so the pixels are bit-for-bit the same.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from caseguard.errors import UnreadableInput

__all__ = ["Segment", "estimate_quality", "iter_segments", "scan_data", "strip_jpeg"]

SOI, EOI, SOS, COM, APP0, APP14 = 0xD8, 0xD9, 0xDA, 0xFE, 0xE0, 0xEE
# SOFn (except the JPG extension C8), DHT, DAC, DQT, DNL, DRI, DHP, EXP
_DECODING = {*range(0xC0, 0xD0)} - {0xC8} | {0xDB, 0xDC, 0xDD, 0xDE, 0xDF}

_STD_LUMINANCE = (
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
)


@dataclass(frozen=True, slots=True)
class Segment:
    """One marker segment; for SOS, ``data`` also holds the entropy-coded scan after it."""

    marker: int
    data: bytes

    @property
    def payload(self) -> bytes:
        return self.data[4:] if len(self.data) >= 4 else b""


def iter_segments(data: bytes, source: str = "") -> Iterator[Segment]:
    """Split a JPEG into marker segments, up to and including EOI (trailing bytes dropped)."""
    if data[:2] != b"\xff\xd8":
        raise UnreadableInput("not a JPEG (no SOI marker)", source)
    yield Segment(SOI, data[:2])
    pos, end = 2, len(data)
    while pos < end:
        if data[pos] != 0xFF:
            raise UnreadableInput(f"corrupt JPEG marker stream at byte {pos}", source)
        while pos < end and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= end:
            break
        marker, start = data[pos], pos - 1
        pos += 1
        if marker == EOI:
            yield Segment(EOI, b"\xff\xd9")
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            yield Segment(marker, bytes((0xFF, marker)))
            continue
        if pos + 2 > end:
            raise UnreadableInput("truncated JPEG (segment header cut off)", source)
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > end:
            raise UnreadableInput("truncated JPEG (segment runs past the end)", source)
        pos += length
        if marker == SOS:
            pos = _end_of_scan(data, pos)
        yield Segment(marker, data[start:pos])
    # A stream cut off after its last scan still decodes; end it properly.
    yield Segment(EOI, b"\xff\xd9")


def _end_of_scan(data: bytes, pos: int) -> int:
    """Index of the first marker after entropy-coded data (stuffed 00 and RSTn belong to it)."""
    end = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= end:
            return end
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1 if following == 0xFF else 2
            continue
        return pos


def scan_data(data: bytes) -> bytes:
    """The SOS headers and entropy-coded data of a JPEG, for comparing two files."""
    return b"".join(s.data for s in iter_segments(data) if s.marker == SOS)


def strip_jpeg(data: bytes, source: str = "") -> tuple[bytes, list[str]]:
    """Drop every metadata segment without re-encoding; return the new bytes and what went."""
    segments = list(iter_segments(data, source))
    adobe = any(s.marker == APP14 and s.payload.startswith(b"Adobe") for s in segments)
    components = _component_count(segments)
    jfif = next(
        (s for s in segments if s.marker == APP0 and s.payload.startswith(b"JFIF\x00")), None
    )
    out: list[bytes] = [b"\xff\xd8"]
    removed: list[str] = []
    # JFIF promises YCbCr or grey; an Adobe-flagged file (CMYK, RGB) must not get one.
    if not adobe and components in (1, 3):
        out.append(_minimal_jfif(jfif.payload if jfif else b""))
    for seg in segments[1:]:
        if _needed_for_decoding(seg):
            out.append(seg.data)
        elif seg.marker == APP0 and seg is jfif:
            if len(seg.payload) > 14 and seg.payload[12] and seg.payload[13]:
                removed.append("JFIF thumbnail")
        else:
            removed.append(_describe(seg))
    return b"".join(out), removed


def _needed_for_decoding(seg: Segment) -> bool:
    if seg.marker in _DECODING or seg.marker in (SOS, EOI) or 0xD0 <= seg.marker <= 0xD7:
        return True
    return seg.marker == APP14 and seg.payload.startswith(b"Adobe")


def _component_count(segments: Sequence[Segment]) -> int:
    for seg in segments:
        if seg.marker in _DECODING and 0xC0 <= seg.marker <= 0xCF and seg.marker not in (
            0xC4, 0xCC
        ):
            payload = seg.payload
            return payload[5] if len(payload) > 5 else 0
    return 0


def _minimal_jfif(original: bytes) -> bytes:
    units, xd, yd = 0, 1, 1
    if len(original) >= 12:
        units = original[7]
        xd, yd = struct.unpack(">HH", original[8:12])
    body = b"JFIF\x00\x01\x01" + struct.pack(">BHHBB", units, xd or 1, yd or 1, 0, 0)
    return b"\xff\xe0" + struct.pack(">H", len(body) + 2) + body


def _describe(seg: Segment) -> str:
    payload = seg.payload
    if seg.marker == COM:
        return "JPEG comment (COM)"
    signatures = (
        (b"Exif\x00", "EXIF (APP1)"),
        (b"http://ns.adobe.com/xap/1.0/", "XMP (APP1)"),
        (b"http://ns.adobe.com/xmp/extension/", "extended XMP (APP1)"),
        (b"ICC_PROFILE\x00", "ICC profile (APP2)"),
        (b"MPF\x00", "MPF previews (APP2)"),
        (b"Photoshop 3.0\x00", "IPTC/Photoshop (APP13)"),
        (b"JFXX\x00", "JFIF extension thumbnail (APP0)"),
    )
    for prefix, name in signatures:
        if payload.startswith(prefix):
            return name
    if 0xE0 <= seg.marker <= 0xEF:
        return f"APP{seg.marker - 0xE0} segment"
    return f"marker 0x{seg.marker:02X}"


def estimate_quality(tables: Mapping[int, Sequence[int]] | Sequence[Sequence[int]]) -> int:
    """The IJG quality (1-100) whose scaled standard luminance table best matches table 0."""
    values = list(tables[0])
    if len(values) != 64:
        return 90
    scale = 100.0 * sum(values) / sum(_STD_LUMINANCE)
    quality = 5000.0 / scale if scale > 100.0 else (200.0 - scale) / 2.0
    return max(1, min(100, round(quality)))
