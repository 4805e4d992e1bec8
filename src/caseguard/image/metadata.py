"""What an image file carries besides its pixels, and which of it identifies someone.

`inspect_metadata` reads every family of embedded data that caseguard strips:
EXIF (IFD0, Exif, GPS, interoperability, maker notes, the IFD1 thumbnail), XMP
packets, IPTC records, JPEG and GIF comments, PNG text chunks and tIME, TIFF
descriptive tags on every page, ICC profile descriptions and embedded
thumbnails. Tags with a fixed meaning (DateTimeOriginal, BodySerialNumber,
Artist, GPS) become findings of their category; free text (ImageDescription,
comments, XMP and IPTC text, PNG text) goes through the text engine so the
report says what identifying text was inside.

XMP is never given to an entity-expanding parser: defusedxml refuses DTDs and
entities, and a packet it refuses is reported and stripped without being read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree as SafeET
from PIL import ExifTags, Image, ImageCms, IptcImagePlugin

from caseguard.findings import Action, Category
from caseguard.image.result import ImageFinding
from caseguard.text.engine import TextEngine

__all__ = ["Inventory", "inspect_metadata"]

DETECTOR = "image-metadata"

# EXIF/TIFF tags whose value is identifying by what the tag is.
_FIXED: dict[int, Category] = {
    0x0132: Category.DATE,  # DateTime
    0x9003: Category.DATE,  # DateTimeOriginal
    0x9004: Category.DATE,  # DateTimeDigitized
    0x9010: Category.DATE, 0x9011: Category.DATE, 0x9012: Category.DATE,  # OffsetTime*
    0x013B: Category.NAME,  # Artist
    0x8298: Category.NAME,  # Copyright
    0xA430: Category.NAME,  # CameraOwnerName
    0x9C9D: Category.NAME,  # XPAuthor
    0xA431: Category.DEVICE_ID,  # BodySerialNumber
    0xA435: Category.DEVICE_ID,  # LensSerialNumber
    0x013C: Category.DEVICE_ID,  # HostComputer
    0x927C: Category.DEVICE_ID,  # MakerNote
    0xA420: Category.ID_NUMBER,  # ImageUniqueID
}
# Free text: run through the text engine.
_FREE_TEXT = {0x010E, 0x010D, 0x011D, 0x9286, 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F, 0x0131}
# TIFF tags that describe how to decode pixels: not metadata.
_STRUCTURAL = {
    254, 255, 256, 257, 258, 259, 262, 263, 266, 273, 274, 277, 278, 279, 280, 281, 282, 283,
    284, 286, 287, 290, 291, 292, 293, 296, 297, 317, 318, 319, 320, 321, 322, 323, 324, 325,
    330, 332, 338, 339, 340, 341, 347, 512, 513, 514, 515, 529, 530, 531, 532, 0x8769, 0x8825,
    0xA005, 0x02BC, 0x83BB, 0x8649, 0x8773,
}
_SUBIFDS = {0x8769: "Exif", 0x8825: "GPS", 0xA005: "Interop"}
_GPS_DATE = {0x0007, 0x001D}
_IPTC_NAMES = {
    (2, 5): "ObjectName", (2, 25): "Keywords", (2, 40): "SpecialInstructions",
    (2, 55): "DateCreated", (2, 60): "TimeCreated", (2, 80): "By-line", (2, 85): "By-lineTitle",
    (2, 90): "City", (2, 92): "Sub-location", (2, 95): "Province-State",
    (2, 100): "Country-PrimaryLocationCode", (2, 101): "Country-PrimaryLocationName",
    (2, 103): "OriginalTransmissionReference", (2, 105): "Headline", (2, 110): "Credit",
    (2, 115): "Source", (2, 116): "CopyrightNotice", (2, 118): "Contact",
    (2, 120): "Caption-Abstract", (2, 122): "Writer-Editor",
}
_IPTC_FIXED = {
    (2, 55): Category.DATE, (2, 60): Category.DATE, (2, 80): Category.NAME,
    (2, 122): Category.NAME, (2, 116): Category.NAME, (2, 90): Category.ADDRESS,
    (2, 92): Category.ADDRESS, (2, 95): Category.ADDRESS, (2, 118): Category.CONTACT,
}
_PNG_FIXED = {
    "author": Category.NAME, "creation time": Category.DATE, "copyright": Category.NAME,
    "source": Category.DEVICE_ID,
}
_XMP_PACKET = re.compile(
    rb"<\?xpacket begin.{0,4096}?<\?xpacket end[^>]{0,64}>|<x:xmpmeta.*?</x:xmpmeta>", re.S
)
_XMP_FIXED = {
    "creator": Category.NAME, "rights": Category.NAME, "owner": Category.NAME,
    "CreateDate": Category.DATE, "ModifyDate": Category.DATE, "MetadataDate": Category.DATE,
    "DateCreated": Category.DATE, "DateTimeOriginal": Category.DATE,
    "SerialNumber": Category.DEVICE_ID, "LensSerialNumber": Category.DEVICE_ID,
    "InstanceID": Category.ID_NUMBER, "DocumentID": Category.ID_NUMBER,
    "OriginalDocumentID": Category.ID_NUMBER, "GPSLatitude": Category.ADDRESS,
    "GPSLongitude": Category.ADDRESS, "City": Category.ADDRESS, "Location": Category.ADDRESS,
    "CameraOwnerName": Category.NAME, "AuthorsPosition": Category.NAME,
}


@dataclass
class Inventory:
    """Everything embedded in one file: findings, the families present, thumbnails."""

    findings: list[ImageFinding] = field(default_factory=list)
    families: dict[str, int] = field(default_factory=dict)
    thumbnails: list[bytes] = field(default_factory=list)
    orientation: int | None = None

    def count(self, family: str, n: int = 1) -> None:
        self.families[family] = self.families.get(family, 0) + n


class _Collector:
    def __init__(self, inventory: Inventory, engine: TextEngine) -> None:
        self.inv = inventory
        self.engine = engine

    def fixed(self, category: Category, location: str, value: Any, why: str) -> None:
        self.inv.findings.append(
            ImageFinding(category, location, _short(value), DETECTOR, 1.0, why,
                         action=Action.REDACT)
        )

    def text(self, location: str, value: Any) -> None:
        text = _as_text(value).replace("^", " ").strip()
        if not text:
            return
        for f in self.engine.detect(text):
            self.inv.findings.append(
                ImageFinding(f.category, location, f.text, f"text:{f.detector}", f.confidence,
                             f"{f.explanation} (in {location})", action=Action.REDACT)
            )


def inspect_metadata(
    data: bytes, im: Image.Image, engine: TextEngine | None = None
) -> Inventory:
    """Read every embedded metadata family of an opened image (``im`` opened from ``data``)."""
    inv = Inventory()
    col = _Collector(inv, engine or TextEngine())
    _exif(im, col)
    if im.format == "TIFF":
        _tiff_pages(im, col)
    _xmp(data, col)
    _iptc(im, col)
    _comments(data, im, col)
    _png_text(im, col)
    _icc(im, col)
    return inv


def _exif(im: Image.Image, col: _Collector) -> None:
    try:
        exif = im.getexif()
    except Exception:  # a corrupt EXIF block is stripped whole without being read
        col.inv.count("EXIF (unreadable)")
        return
    inv = col.inv
    orientation = exif.get(0x0112)
    inv.orientation = int(orientation) if isinstance(orientation, int) else None
    if im.format != "TIFF":
        for tag, value in exif.items():
            if tag not in _SUBIFDS:
                _exif_tag(col, "EXIF", tag, value)
    for pointer, name in _SUBIFDS.items():
        try:
            ifd = exif.get_ifd(pointer)
        except Exception:
            inv.count(f"EXIF {name} (unreadable)")
            continue
        if not ifd:
            continue
        if pointer == 0x8825:
            inv.count("EXIF GPS", len(ifd))
            _gps(col, ifd)
            continue
        for tag, value in ifd.items():
            _exif_tag(col, f"EXIF:{name}" if name != "Exif" else "EXIF", tag, value)
    try:  # in a TIFF the next IFD is the next page, not a thumbnail
        ifd1 = exif.get_ifd(ExifTags.IFD.IFD1) if im.format != "TIFF" else {}
    except Exception:
        ifd1 = {}
    if ifd1:
        inv.count("EXIF thumbnail")
        thumb = _exif_thumbnail(im, ifd1)
        if thumb:
            inv.thumbnails.append(thumb)


def _exif_tag(col: _Collector, family: str, tag: int, value: Any) -> None:
    name = ExifTags.TAGS.get(tag, f"0x{tag:04X}")
    col.inv.count(family)
    location = f"{family}:{name}"
    if tag in _FIXED:
        col.fixed(_FIXED[tag], location, value, f"{name} identifies the person, time or device")
    elif tag in _FREE_TEXT:
        col.text(location, value)


def _gps(col: _Collector, ifd: dict[int, Any]) -> None:
    for tag in _GPS_DATE & set(ifd):
        col.fixed(Category.DATE, f"EXIF:GPS:{ExifTags.GPSTAGS.get(tag, tag)}", ifd[tag],
                  "GPS time stamp of the capture")
    where = ", ".join(
        f"{ExifTags.GPSTAGS.get(t, t)}={_short(ifd[t])}" for t in (1, 2, 3, 4) if t in ifd
    )
    col.fixed(Category.ADDRESS, "EXIF:GPS", where or f"{len(ifd)} GPS tags",
              "GPS position where the photograph was taken")


def _exif_thumbnail(im: Image.Image, ifd1: dict[int, Any]) -> bytes | None:
    raw = im.info.get("exif")
    offset, length = ifd1.get(0x0201), ifd1.get(0x0202)
    if not isinstance(raw, bytes) or not isinstance(offset, int) or not isinstance(length, int):
        return None
    base = 6 if raw.startswith(b"Exif\x00\x00") else 0
    thumb = raw[base + offset : base + offset + length]
    return thumb if thumb.startswith(b"\xff\xd8") else None


def _tiff_pages(im: Image.Image, col: _Collector) -> None:
    frames = int(getattr(im, "n_frames", 1))
    for index in range(frames):
        im.seek(index)
        tags = getattr(im, "tag_v2", {})
        for tag, value in dict(tags).items():
            if tag in _STRUCTURAL or tag in (700, 33723, 34377, 34675):
                continue
            _exif_tag(col, f"TIFF page {index}" if frames > 1 else "TIFF", tag, value)
        if 700 in tags:
            col.inv.count("XMP (TIFF tag)")
        if 33723 in tags or 34377 in tags:
            col.inv.count("IPTC/Photoshop (TIFF tag)")
    im.seek(0)


def _xmp(data: bytes, col: _Collector) -> None:
    for match in _XMP_PACKET.finditer(data):
        col.inv.count("XMP")
        packet = match.group(0)
        try:
            root = SafeET.fromstring(packet, forbid_dtd=True)
        except Exception:  # DTDs, entities and malformed XML: strip unread
            col.inv.count("XMP (DTD, entities or malformed XML: removed unread)")
            continue
        for location, value in _xmp_values(root):
            local = location.rsplit(":", 1)[-1]
            category = _XMP_FIXED.get(local)
            if category is not None:
                col.fixed(category, location, value, f"XMP {local}")
            else:
                col.text(location, value)


def _xmp_values(root: Any) -> Iterable[tuple[str, str]]:
    for el in root.iter():
        tag = _local(el.tag)
        for key, value in el.attrib.items():
            name = _local(key)
            if name not in ("about", "parseType", "lang", "resource") and value.strip():
                yield f"XMP:{name}", value
        if el.text and el.text.strip():
            yield f"XMP:{tag if tag != 'li' else _parent_name(root, el)}", el.text


def _parent_name(root: Any, child: Any) -> str:
    # rdf:li items take the name of the property above their container
    for parent in root.iter():
        for container in parent:
            if child in list(container):
                return _local(parent.tag)
    return "li"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _iptc(im: Image.Image, col: _Collector) -> None:
    try:
        records = IptcImagePlugin.getiptcinfo(im)  # type: ignore[arg-type]
    except Exception:
        records = None
    if not records:
        return
    col.inv.count("IPTC", len(records))
    for key, value in records.items():
        values = value if isinstance(value, list) else [value]
        name = _IPTC_NAMES.get(key, f"{key[0]}:{key[1]}")
        for item in values:
            if key in _IPTC_FIXED:
                col.fixed(_IPTC_FIXED[key], f"IPTC:{name}", item, f"IPTC {name}")
            elif key[0] == 2 and key[1] != 0:
                col.text(f"IPTC:{name}", item)


def _comments(data: bytes, im: Image.Image, col: _Collector) -> None:
    comments: list[bytes | str] = []
    if im.format in ("JPEG", "MPO"):
        comments = [payload for marker, payload in getattr(im, "applist", []) if marker == "COM"]
        if not comments and "comment" in im.info:
            comments = [im.info["comment"]]
    elif "comment" in im.info:
        comments = [im.info["comment"]]
    for comment in comments:
        col.inv.count(f"{im.format} comment")
        col.text(f"{im.format}:comment", comment)


def _png_text(im: Image.Image, col: _Collector) -> None:
    if im.format != "PNG":
        return
    try:
        chunks = dict(getattr(im, "text", {}))
    except Exception:
        chunks = {}
    for key, value in chunks.items():
        if key == "XML:com.adobe.xmp":
            continue  # read as XMP from the raw bytes
        col.inv.count("PNG text")
        location = f"PNG:text:{key}"
        category = _PNG_FIXED.get(key.lower())
        if category is not None:
            col.fixed(category, location, value, f"PNG text chunk {key!r}")
        else:
            col.text(location, value)
    if "exif" in im.info:
        col.inv.count("PNG eXIf")


def _icc(im: Image.Image, col: _Collector) -> None:
    icc = im.info.get("icc_profile")
    if not icc:
        return
    col.inv.count("ICC profile")
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile
        texts = [profile.profile_description, profile.copyright, profile.manufacturer,
                 profile.model]
    except Exception:
        return
    for text in texts:
        if isinstance(text, str) and text.strip():
            col.text("ICC:description", text)


def _as_text(value: Any) -> str:
    if isinstance(value, bytes):
        if value.startswith((b"ASCII\x00\x00\x00", b"UNICODE\x00", b"JIS\x00\x00\x00\x00\x00")):
            head, value = value[:8], value[8:]
            if head.startswith(b"UNICODE"):
                return str(value.decode("utf-16", "replace"))
        if len(value) > 1 and value[1:2] == b"\x00":  # XP* tags are UTF-16LE
            return str(value.decode("utf-16-le", "replace")).rstrip("\x00")
        return str(value.decode("utf-8", "replace")).rstrip("\x00")
    if isinstance(value, tuple | list):
        return " ".join(_as_text(v) for v in value)
    return str(value)


def _short(value: Any) -> str:
    text = _as_text(value) if not isinstance(value, bytes) or len(value) < 256 else ""
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if not text and isinstance(value, bytes):
        return f"({len(value)} bytes)"
    return text if len(text) <= 120 else text[:117] + "..."
