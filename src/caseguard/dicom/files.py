"""Reading and writing DICOM files safely: named errors in, whole files (or nothing) out.

- `read_dataset` maps every way a file can be bad to a caseguard error: not DICOM
  (`UnsupportedInput`), truncated or undecodable (`UnreadableInput`). A file without
  preamble or file meta is read with ``force`` only when its first bytes look like a
  DICOM data element, so arbitrary bytes are never parsed as a dataset.
- `write_dataset` writes to a temporary file in the target folder and renames it into place,
  so a crash never leaves a partial output. A DICOMDIR's record offsets are recomputed,
  since cleaned values change the byte positions they point at.
- `encode_sequence`, `raw_element` and `set_text` build elements that are already encoded,
  so a cleaned sequence is encoded once (and can be reused) and the writer copies its bytes;
  `peek` decodes an element without replacing the bytes read, so an element that is only
  looked at is written back as it was, not re-encoded.
"""

from __future__ import annotations

import io
import os
import struct
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from pydicom import dcmread
from pydicom.charset import convert_encodings, default_encoding
from pydicom.datadict import dictionary_VR
from pydicom.dataelem import DataElement, RawDataElement, convert_raw_data_element
from pydicom.dataset import Dataset, FileDataset
from pydicom.errors import InvalidDicomError
from pydicom.filebase import DicomBytesIO, DicomIO
from pydicom.filewriter import write_data_element, write_file_meta_info, write_sequence
from pydicom.filewriter import write_dataset as encode_dataset
from pydicom.tag import BaseTag, Tag, tag_in_exception
from pydicom.uid import UID
from pydicom.valuerep import EXPLICIT_VR_LENGTH_32

from caseguard.dicom.values import as_text
from caseguard.errors import OutputError, UnreadableInput, UnsupportedInput

__all__ = [
    "charset_of",
    "encode_sequence",
    "peek",
    "raw_element",
    "read_dataset",
    "set_text",
    "text_value",
    "write_dataset",
]

# VRs whose value is text in the data set's character set (one byte string, no byte order).
TEXT_VRS = frozenset({
    "AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI",
    "UR", "UT",
})

_FIRST_ROOT, _LAST_ROOT = 0x00041200, 0x00041202
_NEXT, _LOWER = 0x00041400, 0x00041420
_VRS = {
    b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FL", b"FD", b"IS", b"LO", b"LT", b"OB",
    b"OD", b"OF", b"OL", b"OV", b"OW", b"PN", b"SH", b"SL", b"SQ", b"SS", b"ST", b"SV", b"TM",
    b"UC", b"UI", b"UL", b"UN", b"UR", b"US", b"UT", b"UV",
}


def _looks_like_bare_dataset(head: bytes) -> bool:
    """True if the bytes start like a data set without preamble: group 0002/0008, sane VR."""
    if len(head) < 8:
        return False
    for order in ("<", ">"):
        group, element = struct.unpack(f"{order}HH", head[:4])
        if group in (0x0002, 0x0008) and element < 0x0100:
            if head[4:6] in _VRS:
                return True
            (length,) = struct.unpack(f"{order}L", head[4:8])
            if length < 0x10000:  # implicit VR: a plausible length for a group 0002/0008 value
                return True
    return False


def read_dataset(fp: BinaryIO, name: str) -> FileDataset:
    """Read a whole DICOM file from a seekable binary stream."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ds = dcmread(fp)
            except InvalidDicomError:
                fp.seek(0)
                if not _looks_like_bare_dataset(fp.read(8)):
                    raise UnsupportedInput("not a DICOM file", name) from None
                fp.seek(0)
                ds = dcmread(fp, force=True)
    except (UnsupportedInput, UnreadableInput):
        raise
    except (EOFError, struct.error, ValueError, KeyError, TypeError, OSError,
            NotImplementedError, OverflowError, IndexError, AttributeError) as exc:
        raise UnreadableInput(f"cannot parse DICOM ({type(exc).__name__}: {exc})", name) from None
    if len(ds) == 0:
        raise UnsupportedInput("no data set after the file meta (not an instance)", name)
    _check_complete(ds, fp.seek(0, os.SEEK_END), name)
    return ds


def _check_complete(ds: Dataset, size: int, name: str) -> None:
    """A cut-off file: a value shorter than declared, bytes left over, or no pixel data."""
    last = ds.get_item(list(ds.keys())[-1])
    length = getattr(last, "length", 0)
    value = getattr(last, "value", None)
    if isinstance(value, bytes) and length != 0xFFFFFFFF and len(value) < length:
        raise UnreadableInput(
            f"truncated: {last.tag} declares {length} bytes, {len(value)} present", name
        )
    tell = getattr(last, "value_tell", None)
    if tell is not None and length != 0xFFFFFFFF and 0 < size - (tell + length) < 8:
        raise UnreadableInput(f"truncated: {size - tell - length} bytes after {last.tag}", name)
    if "Rows" in ds and "BitsAllocated" in ds and not any(
        t in ds for t in (0x7FE00010, 0x7FE00008, 0x7FE00009)
    ):
        raise UnreadableInput("truncated: image attributes but no pixel data", name)


def write_dataset(ds: FileDataset, target: Path) -> None:
    """Write ``ds`` to ``target`` atomically (temporary file in the same folder + rename).

    The temporary name is fixed (``.NAME.part``): each output has one writer, and a part
    left by a crash is simply overwritten by the next attempt.
    """
    tmp = target.with_name(f".{target.name}.part")
    try:
        with _open_part(tmp, target) as fh:
            if 0x00041220 in ds:
                fh.write(_dicomdir_bytes(ds))
            else:
                _save(ds, fh, target)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _open_part(tmp: Path, target: Path) -> BinaryIO:
    try:
        try:
            return tmp.open("wb")
        except FileNotFoundError:  # the first file of its folder
            target.parent.mkdir(parents=True, exist_ok=True)
            return tmp.open("wb")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror})") from None


def encode_sequence(
    elem: DataElement, implicit_vr: bool, little_endian: bool, charset: Sequence[str]
) -> bytes:
    """The value bytes of a sequence element, as the writer would encode them.

    ``charset`` is the Specific Character Set in force where the sequence sits (an item's
    own Specific Character Set still wins inside that item, as when writing a file).
    """
    fp = DicomBytesIO()
    fp.is_implicit_VR = implicit_vr
    fp.is_little_endian = little_endian
    write_sequence(fp, elem, convert_encodings(list(charset) or [default_encoding]))
    return fp.getvalue()


def raw_element(
    tag: int, vr: str, value: bytes, implicit_vr: bool, little_endian: bool
) -> RawDataElement:
    """An element holding already encoded ``value`` bytes (padded to an even length)."""
    if len(value) % 2:
        value += b"\x00" if vr in ("UI", "OB", "UN") else b" "
    return RawDataElement(Tag(tag), vr, len(value), value, 0, implicit_vr, little_endian)


def _key(tag: int) -> BaseTag:
    # a data set's own key object is found by identity, without a slow tag comparison
    return tag if isinstance(tag, BaseTag) else BaseTag(tag)


def _text_vr(raw: RawDataElement) -> str | None:
    vr = raw.VR
    if vr is None:  # implicit VR: the dictionary says
        try:
            vr = str(dictionary_VR(raw.tag))
        except KeyError:
            return None
    return vr if vr in TEXT_VRS else None


def charset_of(ds: Dataset, inherited: tuple[str, ...]) -> tuple[str, ...]:
    """The Specific Character Set in force in ``ds`` (its own, else its parent's)."""
    if 0x00080005 not in ds:
        return inherited
    value = peek(ds, 0x00080005).value
    if isinstance(value, str):
        return (value,) if value else inherited
    return tuple(str(v) for v in value) or inherited


def peek(ds: Dataset, tag: int) -> DataElement:
    """The decoded element at ``tag``; a text element read from a file stays as read in ``ds``."""
    raw = ds._dict.get(_key(tag))
    if isinstance(raw, RawDataElement) and raw.value is not None:
        vr = _text_vr(raw)
        if vr is not None:
            # the character set Dataset.__getitem__ would decode with
            charset = default_encoding if tag == 0x00080005 else (
                ds.original_character_set or ds._character_set)
            return convert_raw_data_element(raw._replace(VR=vr), encoding=charset, ds=ds)
    return ds[tag]


def _plain(data: bytes) -> bool:
    # ASCII is the same bytes in every DICOM character set, bar ISO 2022 escape sequences
    return data.isascii() and b"\x1b" not in data


def text_value(ds: Dataset, tag: int) -> tuple[str, str]:
    """The VR and value of ``tag`` as one string, values joined by backslashes ("": empty).

    Plain ASCII text still as read is decoded here, without building value objects, each
    value without its trailing padding (as pydicom decodes it); the element stays as read.
    """
    raw = ds._dict.get(_key(tag))
    if isinstance(raw, RawDataElement) and raw.value is not None and _plain(raw.value):
        vr = _text_vr(raw)
        if vr is not None:
            text = raw.value.decode("ascii")
            if vr in ("LT", "ST", "UT"):  # one value; a backslash is text
                return vr, text.rstrip("\x00 ")
            return vr, "\\".join(v.rstrip("\x00 ") for v in text.split("\\"))
    elem = peek(ds, tag)
    return str(elem.VR), "" if elem.is_empty else as_text(elem.value)


def set_text(ds: Dataset, tag: int, vr: str, text: str) -> bool:
    """Replace an element still as read by ASCII ``text``, encoded here; False if it cannot be.

    Plain ASCII is the same bytes in every DICOM character set: no encoding context needed.
    """
    raw = ds._dict.get(_key(tag))
    if not isinstance(raw, RawDataElement) or vr not in TEXT_VRS or not _plain(text.encode()):
        return False
    ds._dict[raw.tag] = raw_element(
        tag, vr, text.encode("ascii"), raw.is_implicit_VR, raw.is_little_endian
    )
    return True


def _write_as_read(ds: FileDataset, fh: BinaryIO) -> bool:
    """``dcmwrite(ds, enforce_file_format=False)`` without its defensive copy of the file meta.

    ``ds`` is written once and dropped, so the copy is wasted work. Only for files with a
    public, non-deflated transfer syntax; False leaves anything else to ``dcmwrite``.
    """
    meta = getattr(ds, "file_meta", None)
    syntax = meta.get("TransferSyntaxUID") if meta else None
    preamble = getattr(ds, "preamble", None)
    if (
        meta is None
        or not isinstance(syntax, UID)
        or not syntax.is_transfer_syntax
        or syntax.is_private
        or syntax.is_deflated
        or (preamble and len(preamble) != 128)
        or any(tag >> 16 in (0, 2) for tag in ds._dict)
    ):
        return False
    if 0x7FE00010 in ds:  # PS3.5 A.4: encapsulated pixel data has an undefined length
        ds[0x7FE00010].is_undefined_length = syntax.is_compressed
    fp = DicomIO(fh)
    fp.is_implicit_VR, fp.is_little_endian = syntax.is_implicit_VR, syntax.is_little_endian
    if preamble:
        fp.write(preamble)
        fp.write(b"DICM")
    write_file_meta_info(fp, meta, enforce_standard=False)
    _encode_body(fp, ds)
    return True


_HEADERS = {
    little: (struct.Struct(f"{o}HHL"), struct.Struct(f"{o}HH2sH"), struct.Struct(f"{o}HH2s2xL"))
    for little, o in ((True, "<"), (False, ">"))
}
# (FFFE,E0DD) with a zero length, after a value of undefined length
_END_OF_SEQUENCE = {
    True: b"\xfe\xff\xdd\xe0\x00\x00\x00\x00", False: b"\xff\xfe\xe0\xdd\x00\x00\x00\x00"
}


def _encode_body(fp: DicomIO, ds: Dataset) -> None:
    """pydicom's ``write_dataset``, with each element still as read written by hand.

    An element as read needs only its header in front of its bytes; pydicom's general
    writer, used for everything else, costs several times that per element.
    """
    implicit, little = fp.is_implicit_VR, fp.is_little_endian
    if (implicit, little) != ds.original_encoding or (
        ds.original_character_set != ds._character_set
    ):
        encode_dataset(fp, ds)  # re-encoding: pydicom decodes every element first
        return
    charset = ds.get("SpecificCharacterSet", default_encoding)
    short_implicit, short, long = _HEADERS[little]
    write = fp.write
    for tag in sorted(ds._dict):
        if tag & 0xFFFF == 0 and tag >> 16 > 6:
            continue  # retired group lengths are not written
        elem = ds._dict[tag]
        raw = elem if isinstance(elem, RawDataElement) else None
        value = raw.value if raw is not None else None
        vr = elem.VR or ""
        undefined = raw is not None and raw.length == 0xFFFFFFFF
        size = 0xFFFFFFFF if undefined else len(value or b"")
        if (
            not isinstance(value, bytes)
            or tag == 0x7FE00010
            or (not implicit and (len(vr) != 2 or (vr not in EXPLICIT_VR_LENGTH_32 and (
                undefined or size > 0xFFFF))))
        ):
            with tag_in_exception(tag):
                write_data_element(fp, ds.get_item(tag), charset)
            continue
        group, element = tag >> 16, tag & 0xFFFF
        if implicit:
            write(short_implicit.pack(group, element, size))
        elif vr in EXPLICIT_VR_LENGTH_32:
            write(long.pack(group, element, vr.encode("ascii"), size))
        else:
            write(short.pack(group, element, vr.encode("ascii"), size))
        write(value)
        if undefined:
            write(_END_OF_SEQUENCE[little])


def _save(ds: FileDataset, fh: BinaryIO, target: Path) -> None:
    try:
        if not _write_as_read(ds, fh):
            ds.save_as(fh, enforce_file_format=False)
        return
    except (TypeError, ValueError, struct.error):
        pass
    # Elements read without a VR (implicit VR data under an explicit transfer syntax) get
    # their dictionary VR when decoded; encode once more with every element decoded.
    fh.seek(0)
    fh.truncate()
    try:
        for _ in ds.iterall():
            pass
        ds.save_as(fh, enforce_file_format=False)
    except (TypeError, ValueError, KeyError, struct.error) as exc:
        raise UnreadableInput(f"cannot encode the cleaned data set ({exc})", str(target)) from None


def _dicomdir_bytes(ds: FileDataset) -> bytes:
    """Encode a DICOMDIR with its record offsets pointing at the records' new positions."""
    records = ds.DirectoryRecordSequence
    index = {getattr(item, "seq_item_tell", None): i for i, item in enumerate(records)}
    links: list[tuple[Dataset, int, int]] = []
    for holder, tag in [(ds, _FIRST_ROOT), (ds, _LAST_ROOT)] + [
        (item, t) for item in records for t in (_NEXT, _LOWER)
    ]:
        if tag in holder and holder[tag].value:
            target = index.get(holder[tag].value)
            if target is not None:
                links.append((holder, tag, target))
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = dcmread(io.BytesIO(buffer.getvalue()), force=True)
    positions = [item.seq_item_tell for item in written.DirectoryRecordSequence]
    for holder, tag, target in links:
        holder[tag].value = positions[target]
    # Offsets are fixed-length UL values, so the second encoding has the same layout.
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=False)
    return buffer.getvalue()
