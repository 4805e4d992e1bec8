"""A seeded corpus of image files carrying every family of embedded metadata.

`build_corpus(folder, seed)` writes JPEG, PNG, TIFF (multi-page, 16-bit), WebP
(still and animated), GIF (still and animated), BMP and, when pillow-heif is
there, HEIC files, each planted with identifying values (`PLANTED`) in EXIF
(IFD0, Exif, GPS), XMP, IPTC, comments, PNG text chunks and ICC descriptions.
Used by the tests and the benchmarks; nothing here is needed at run time.
"""

from __future__ import annotations

import io
import random
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, PngImagePlugin

from caseguard.image.decode import HEIF

__all__ = ["IDENTIFYING_TAGS", "PLANTED", "build_corpus", "icc_with_description", "iptc_app13",
           "iptc_records", "xmp_packet"]

PLANTED = {
    "artist": "Jane Okafor",
    "owner": "Maria Gonzalez",
    "serial": "SN48213977",
    "description": "Knee of Peter Walsh MRN 12345678",
    "date": "2021:03:12 10:22:33",
    "creator": "Alice Johnson",
    "city": "Springfield",
    "byline": "Robert Brown",
    "caption": "Seen by Dr Henry Ford",
    "comment": "Patient Lisa Kowalski",
    "icc": "Dr C White 01",
}
# exiftool tag names that must not survive a scrub
IDENTIFYING_TAGS = (
    "Artist", "CameraOwnerName", "OwnerName", "BodySerialNumber", "SerialNumber",
    "ImageDescription", "DateTimeOriginal", "CreateDate", "ModifyDate", "GPSLatitude",
    "GPSLongitude", "GPSPosition", "Creator", "City", "By-line", "Caption-Abstract", "Comment",
    "UserComment", "Description", "Author", "ProfileDescription", "ThumbnailImage",
    "MakerNote", "HostComputer", "XPAuthor", "Copyright", "DocumentName", "PreviewImage",
)


def xmp_packet(entities: bool = False) -> bytes:
    doctype = ""
    if entities:
        doctype = ('<!DOCTYPE x [<!ENTITY a "' + "A" * 64 + '">'
                   + "".join(f'<!ENTITY a{i} "&a;&a;&a;&a;&a;&a;&a;&a;">' for i in range(1))
                   + "]>")
    body = (
        f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>{doctype}'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        f'photoshop:City="{PLANTED["city"]}" xmp:CreateDate="2021-03-12T10:22:33">'
        f'<dc:creator><rdf:Seq><rdf:li>{PLANTED["creator"]}</rdf:li></rdf:Seq></dc:creator>'
        '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
        f'{PLANTED["description"]}{"&a0;" if entities else ""}</rdf:li></rdf:Alt></dc:description>'
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    return body.encode("utf-8")


def iptc_records() -> bytes:
    out = b""
    for dataset, value in ((80, PLANTED["byline"]), (120, PLANTED["caption"]),
                           (90, PLANTED["city"]), (55, "20210312")):
        data = value.encode("utf-8")
        out += bytes((0x1C, 2, dataset)) + struct.pack(">H", len(data)) + data
    return out


def iptc_app13() -> bytes:
    iim = iptc_records()
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    resource += iim + (b"\x00" if len(iim) % 2 else b"")
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def icc_with_description() -> bytes:
    """An sRGB profile whose description reads `PLANTED["icc"]` (same length, still valid)."""
    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    old, new = "sRGB built-in".encode("utf-16-be"), PLANTED["icc"].encode("utf-16-be")
    return data.replace(old, new) if old in data else data


def _exif(orientation: int = 1, gps: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = PLANTED["description"]
    exif[0x013B] = PLANTED["artist"]
    exif[0x0132] = PLANTED["date"]
    exif[0x010F], exif[0x0110] = "Acme", "Cam 3000"
    exif[0x013C] = "WORKSTATION-7"
    if orientation != 1:
        exif[0x0112] = orientation
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = PLANTED["date"]
    sub[0xA431] = PLANTED["serial"]
    sub[0xA430] = PLANTED["owner"]
    sub[0x927C] = b"MAKERNOTE serial " + PLANTED["serial"].encode()
    sub[0x9286] = b"ASCII\x00\x00\x00" + PLANTED["comment"].encode()
    if gps:
        exif.get_ifd(0x8825).update({
            1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0), 29: "2021:03:12",
        })
    return exif


def _pixels(rng: random.Random, size: tuple[int, int], mode: str) -> Image.Image:
    nprng = np.random.default_rng(rng.randrange(2**32))
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    base = (128 + 60 * np.sin(xx / 9.0) * np.cos(yy / 13.0) + nprng.normal(0, 12, (h, w)))
    grey = np.clip(base, 0, 255).astype(np.uint8)
    if mode == "L":
        return Image.fromarray(grey)
    if mode == "I;16":
        return Image.fromarray(grey.astype(np.uint16) * 257)
    rgb = np.stack([grey, np.roll(grey, 7, axis=1), 255 - grey], axis=2)
    im = Image.fromarray(rgb)
    return im if mode == "RGB" else im.convert(mode)


def _jpeg(rng: random.Random, variant: int) -> bytes:
    mode = ("RGB", "L", "CMYK")[variant % 3]
    im = _pixels(rng, (rng.randrange(96, 200), rng.randrange(96, 200)), mode)
    out = io.BytesIO()
    options: dict[str, object] = {"quality": rng.choice((60, 75, 85, 95))}
    options["exif"] = _exif(orientation=6 if variant % 5 == 4 else 1).tobytes()
    if variant % 2 == 0:
        options["xmp"] = xmp_packet()
    if variant % 4 != 3:
        options["icc_profile"] = icc_with_description() if mode == "RGB" else None
    options["comment"] = PLANTED["comment"]
    options["progressive"] = variant % 3 == 1
    im.save(out, "JPEG", **{k: v for k, v in options.items() if v is not None})
    data = out.getvalue()
    if variant % 2 == 1:  # IPTC goes in right after SOI
        data = data[:2] + iptc_app13() + data[2:]
    return data


def _png(rng: random.Random, variant: int) -> bytes:
    mode = ("RGB", "L", "P", "I;16", "RGBA")[variant % 5]
    im = _pixels(rng, (rng.randrange(64, 160), rng.randrange(64, 160)), mode)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", PLANTED["artist"])
    info.add_text("Comment", PLANTED["comment"], zip=True)
    info.add_itxt("Description", PLANTED["description"], lang="en", tkey="Description")
    info.add_itxt("XML:com.adobe.xmp", xmp_packet().decode("utf-8"))
    info.add(b"tIME", struct.pack(">HBBBBB", 2021, 3, 12, 10, 22, 33))
    out = io.BytesIO()
    extra: dict[str, object] = {"exif": _exif().tobytes()}
    if mode in ("RGB", "RGBA"):
        extra["icc_profile"] = icc_with_description()
    im.save(out, "PNG", pnginfo=info, **extra)
    return out.getvalue()


def _tiff(rng: random.Random, variant: int) -> bytes:
    mode = ("RGB", "L", "I;16")[variant % 3]
    pages = [_pixels(rng, (96, 80), mode) for _ in range(1 + variant % 3)]
    info = {270: PLANTED["description"], 315: PLANTED["artist"], 306: PLANTED["date"],
            316: "WORKSTATION-7", 269: "case of Peter Walsh", 700: xmp_packet(),
            33723: iptc_records()}
    out = io.BytesIO()
    compression = ("tiff_lzw", "raw", "tiff_adobe_deflate")[variant % 3]
    for page in pages:
        page.encoderinfo = {"tiffinfo": info}
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], tiffinfo=info,
                  compression=compression)
    return out.getvalue()


def _webp(rng: random.Random, variant: int) -> bytes:
    frames = [_pixels(rng, (96, 96), "RGB") for _ in range(1 + 2 * (variant % 2))]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=len(frames) > 1, append_images=frames[1:],
                   exif=_exif().tobytes(), xmp=xmp_packet(), icc_profile=icc_with_description(),
                   lossless=variant % 3 == 0, quality=80, duration=100)
    return out.getvalue()


def _gif(rng: random.Random, variant: int) -> bytes:
    frames = [_pixels(rng, (80, 64), "P") for _ in range(1 + 2 * (variant % 2))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=len(frames) > 1, append_images=frames[1:],
                   comment=PLANTED["comment"].encode(), duration=120, loop=0)
    return out.getvalue()


def _bmp(rng: random.Random, variant: int) -> bytes:
    out = io.BytesIO()
    _pixels(rng, (70, 50), ("RGB", "L")[variant % 2]).save(out, "BMP")
    return out.getvalue()


def _heic(rng: random.Random, variant: int) -> bytes:
    out = io.BytesIO()
    _pixels(rng, (96, 96), "RGB").save(out, "HEIF", exif=_exif().tobytes(), xmp=xmp_packet())
    return out.getvalue()


_MAKERS: dict[str, tuple[Callable[[random.Random, int], bytes], int]] = {
    "jpg": (_jpeg, 14), "png": (_png, 10), "tif": (_tiff, 8), "webp": (_webp, 6),
    "gif": (_gif, 6), "bmp": (_bmp, 4), **({"heic": (_heic, 3)} if HEIF else {}),
}


def build_corpus(folder: Path, seed: int = 7, per_format: int | None = None) -> list[Path]:
    """Write the corpus into ``folder``; return the paths (sorted)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for ext, (make, count) in _MAKERS.items():
        for variant in range(count if per_format is None else min(count, per_format)):
            path = folder / f"{ext}-{variant:02d}.{ext}"
            path.write_bytes(make(rng, variant))
            paths.append(path)
    return sorted(paths)
