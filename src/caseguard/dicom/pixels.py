"""Burned-in text in DICOM pixel data: read every frame, fill what identifies, write back.

    outcome = clean_pixels(ds, policy)    # for a file that `Scrubber.pixel_flags` flagged
    flags, notes = review_pixels(ds, reasons, policy, changes)   # the same, for a FileResult

The pixel data is decoded (any transfer syntax pydicom and pylibjpeg read; one frame or
many; grey of any bit depth, RGB, YBR or palette colour) and each frame goes through
`caseguard.image.redact_array`. When nothing is found the data set is left alone, so the
pixel data stays byte for byte what was read. When boxes were filled, the pixels are
written back uncompressed (Explicit VR Little Endian), with Rows, Columns and Bits
Allocated as they were; YBR and palette colour come back as RGB (the Photometric
Interpretation says so), BurnedInAnnotation becomes NO, and Clean Pixel Data (CID 7050,
113101) joins the De-identification Method Code Sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from pydicom.dataset import Dataset
from pydicom.pixels.processing import apply_color_lut
from pydicom.pixels.utils import pixel_array
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

from caseguard.dicom.result import NEEDS_PIXEL_CHECK, AttributeChange
from caseguard.image import ImageFinding, ImageOptions, redact_array
from caseguard.image.faces import detect_faces
from caseguard.policy import Policy
from caseguard.text.engine import TextEngine

__all__ = ["CLEAN_PIXEL_DATA", "FACE_FLAG", "PixelOutcome", "clean_pixels", "review_pixels"]

FACE_FLAG = "face"
# Photographs stored as DICOM: a face in them is a facial photograph. Radiology images
# are not looked at for faces (a head volume is flagged per series instead).
_PHOTO_MODALITIES = frozenset({"XC", "OT", "ES", "GM", "SM", "VL", "DOC"})

CLEAN_PIXEL_DATA = ("113101", "Clean Pixel Data Option")
_PALETTE_TAGS = (
    "RedPaletteColorLookupTableDescriptor", "GreenPaletteColorLookupTableDescriptor",
    "BluePaletteColorLookupTableDescriptor", "RedPaletteColorLookupTableData",
    "GreenPaletteColorLookupTableData", "BluePaletteColorLookupTableData",
    "SegmentedRedPaletteColorLookupTableData", "SegmentedGreenPaletteColorLookupTableData",
    "SegmentedBluePaletteColorLookupTableData", "PaletteColorLookupTableUID",
)


@dataclass
class PixelOutcome:
    """What reading the pixels found and did.

    ``filled`` is True when boxes were filled and the pixel data replaced; ``read`` is False
    when the pixels could not be decoded (then nothing changed and ``note`` says why).
    """

    read: bool
    filled: bool = False
    findings: list[ImageFinding] = field(default_factory=list)
    note: str = ""
    faces: int = 0
    blocked: bool = False


def clean_pixels(
    ds: Dataset, policy: Policy | None = None, engine: TextEngine | None = None
) -> PixelOutcome:
    """Fill identifying burned-in text in ``ds``'s pixel data, in place."""
    if "PixelData" not in ds:
        return PixelOutcome(False, note="no integer pixel data to read")
    try:
        frames, photometric = _decode(ds)
    except Exception as exc:  # any codec failure: the file stays flagged for review
        return PixelOutcome(False, note=f"pixel data not decodable ({type(exc).__name__})")
    filled, findings = redact_array(frames, policy, engine)
    faces, face_boxes = _faces(ds, filled, photometric)
    if faces and ImageOptions.from_policy(policy).faces == "block":
        return PixelOutcome(
            True, findings=findings, faces=faces, blocked=True,
            note=f"{faces} face(s) in this photograph; the policy (image.faces = \"block\") "
                 "refuses it",
        )
    for frame, (x0, y0, x1, y1) in face_boxes:
        filled[frame, y0:y1, x0:x1] = 0
    if not findings and not faces:
        return PixelOutcome(True, note=f"read {len(frames)} frame(s): no identifying text")
    if np.array_equal(filled, frames):
        return PixelOutcome(True, findings=findings, note="text found but no pixel changed")
    _encode(ds, filled, photometric)
    ds.BurnedInAnnotation = "NO"
    _add_method_code(ds)
    boxes = len(findings)
    return PixelOutcome(
        True, True, findings,
        f"filled {boxes} burned-in text finding(s) and {faces} face(s) in "
        f"{len({f.frame for f in findings} | {f for f, _ in face_boxes})} of {len(frames)} "
        "frame(s); pixel data rewritten as Explicit VR Little Endian",
        faces=faces,
    )


def _faces(
    ds: Dataset, frames: NDArray[np.generic], photometric: str
) -> tuple[int, list[tuple[int, tuple[int, int, int, int]]]]:
    """Faces in a DICOM photograph (colour, or a photographic modality), frame by frame."""
    modality = str(ds.get("Modality", "")).strip().upper()
    if modality not in _PHOTO_MODALITIES and photometric != "RGB":
        return 0, []
    boxes: list[tuple[int, tuple[int, int, int, int]]] = []
    for index, frame in enumerate(frames):
        eight = frame if frame.dtype == np.uint8 else _to_uint8(frame)
        for face in detect_faces(np.asarray(eight)):
            boxes.append((index, face.box))
    return len(boxes), boxes


def _to_uint8(frame: NDArray[np.generic]) -> NDArray[np.uint8]:
    low, high = float(frame.min(initial=0)), float(frame.max(initial=0))
    scale = 255.0 / (high - low) if high > low else 1.0
    return ((frame.astype(np.float32) - low) * scale).clip(0, 255).astype(np.uint8)


def _decode(ds: Dataset) -> tuple[NDArray[np.generic], str]:
    """All frames as ``(frames, rows, cols[, 3])`` and the photometric interpretation of it."""
    array = pixel_array(ds)
    photometric = str(ds.get("PhotometricInterpretation", "")).strip()
    samples = int(ds.get("SamplesPerPixel", 1))
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if photometric == "PALETTE COLOR":
        array = _palette_to_rgb(ds, array)
        photometric = "RGB"
    elif photometric.startswith("YBR") and samples == 3:
        # pydicom hands YBR_FULL(_422) over as RGB, and the JPEG 2000 decoder undoes
        # YBR_ICT/RCT itself: the array is RGB already
        photometric = "RGB"
    if frames == 1:
        array = array[None]
    return array, photometric


def _palette_to_rgb(ds: Dataset, indices: NDArray[np.generic]) -> NDArray[np.generic]:
    rgb = np.asarray(apply_color_lut(indices, ds))
    if int(ds.BitsAllocated) == 8 and rgb.dtype != np.uint8:
        # 16-bit palette entries into the file's 8 bits per sample
        rgb = (rgb >> 8).astype(np.uint8) if int(rgb.max(initial=0)) > 255 else rgb.astype(
            np.uint8
        )
    return rgb


def _encode(ds: Dataset, frames: NDArray[np.generic], photometric: str) -> None:
    array = frames[0] if int(ds.get("NumberOfFrames", 1) or 1) == 1 else frames
    array = array.astype(array.dtype.newbyteorder("<"), copy=False)
    bits_allocated = int(ds.BitsAllocated)
    bits_stored = int(ds.get("BitsStored", bits_allocated))
    if array.dtype.itemsize * 8 != bits_allocated:
        array = array.astype(np.dtype(f"{'i' if array.dtype.kind == 'i' else 'u'}"
                                      f"{bits_allocated // 8}"))
    if photometric != str(ds.get("PhotometricInterpretation", "")):
        for keyword in _PALETTE_TAGS:
            if keyword in ds:
                delattr(ds, keyword)
    ds.set_pixel_data(array, photometric, min(bits_stored, bits_allocated),
                      generate_instance_uid=False)
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian


def _add_method_code(ds: Dataset) -> None:
    items = list(ds.get("DeidentificationMethodCodeSequence", []) or [])
    if any(str(item.get("CodeValue", "")) == CLEAN_PIXEL_DATA[0] for item in items):
        return
    item = Dataset()
    item.CodeValue = CLEAN_PIXEL_DATA[0]
    item.CodingSchemeDesignator = "DCM"
    item.CodeMeaning = CLEAN_PIXEL_DATA[1]
    ds.DeidentificationMethodCodeSequence = Sequence([*items, item])


def review_pixels(
    ds: Dataset, reasons: list[str], policy: Policy, changes: list[AttributeChange]
) -> tuple[list[str], list[str]]:
    """Read the pixels of a flagged file; return its flags and notes after the reading.

    The flag goes when identifying text was filled, or when every frame was read, nothing
    identifying was found and the header does not itself say the pixels carry annotation;
    it stays, with a note saying why, otherwise. A fill is recorded in ``changes``.
    """
    if not reasons:
        return [], []
    outcome = clean_pixels(ds, policy)
    notes = [*reasons, f"pixels: {outcome.note}"]
    if outcome.blocked:
        return [NEEDS_PIXEL_CHECK, FACE_FLAG], notes
    if outcome.filled:
        changes.append(AttributeChange(
            "(7FE0,0010)", "PixelData", "cleaned", "pixels", None,
            f"findings={len(outcome.findings)}",
        ))
        return [], notes
    claimed = str(ds.get("BurnedInAnnotation", "")).strip().upper() == "YES"
    if outcome.read and not outcome.findings and not claimed:
        return [], notes
    return [NEEDS_PIXEL_CHECK], notes
