"""Burned-in text: find identifying words in the pixels and fill them.

The OCR lines of a frame (top to bottom) are joined into one text and run
through the text engine; each finding's character span maps back to the words
it touches, and those words' boxes are filled solid with a margin. Overlay
conventions that the text engine does not know are added here as data
(`OVERLAY_RULES`): a value after a label ("Name:", "DOB", "MRN", "Acc"), DICOM
style dates (20210312) and names (DOE^JANE), long digit runs, and whole lines
naming an institution. Laterality markers, scale bars and sequence labels match
none of these and stay.

``text_on_images = "remove-all"`` (the ``[image]`` table of the policy) fills
every text box instead.

`redact_array` does the same for DICOM pixel data of any dtype: each frame is
windowed to 8 bits for reading, and the fill goes into the original array.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import regex
from numpy.typing import NDArray

from caseguard.findings import Action, Category, Finding
from caseguard.image.ocr import Line, read_lines, to_gray
from caseguard.image.options import ImageOptions
from caseguard.image.overlay_names import lone_name_findings
from caseguard.image.result import Box, ImageFinding
from caseguard.policy import Policy
from caseguard.text.engine import TextEngine

__all__ = ["OVERLAY_RULES", "TextHit", "find_text", "grey8", "redact_array"]

DETECTOR = "ocr"


@dataclass(frozen=True, slots=True)
class OverlayRule:
    """A pattern of overlay text; the named group ``v`` (or the whole match) is identifying."""

    name: str
    category: Category
    pattern: regex.Pattern[str]
    whole_line: bool = False


def _rule(name: str, category: Category, pattern: str, whole_line: bool = False) -> OverlayRule:
    return OverlayRule(name, category, regex.compile(pattern, regex.I | regex.V1), whole_line)


_MONTH = r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*"
OVERLAY_RULES: tuple[OverlayRule, ...] = (
    _rule("name-label", Category.NAME,
          r"\b(?:NAME|PATIENT|PAT|PT|REF(?:ERRING)?|PHYS(?:ICIAN)?|OPERATOR|TECH|DR|"
          r"REFERRER|READ[ \t]*BY|SURGEON)(?!\p{L})[ \t]*[:#.]?[ \t]*(?P<v>\S.*)"),
    _rule("date-label", Category.DATE,
          r"\b(?:DOB|D\.O\.B\.?|BIRTH(?:[ \t]*DATE)?|BORN|DATE|STUDY[ \t]*DATE|EXAM[ \t]*DATE)"
          r"(?!\p{L})"
          rf"[ \t]*[:#.]?[ \t]*(?P<v>\d[\d/.\- ]*\d|\d{{1,2}}[ \t/.-]*{_MONTH}[ \t/.-]*\d{{2,4}})"),
    _rule("id-label", Category.ID_NUMBER,
          r"\b(?:MRN|PID|ID|ACC(?:ESSION)?|UR|HID|NHS|CASE|EXAM[ \t]*NO|ACC[ \t]*NO)(?!\p{L})"
          r"[ \t]*(?:NO\.?|#|NUMBER)?[ \t]*[:#.]?[ \t]*(?P<v>[A-Z0-9][\w-]*)"),
    _rule("place-label", Category.ADDRESS,
          r"\b(?:HOSP(?:ITAL)?|INST(?:ITUTION)?|ADDR(?:ESS)?|SITE|LOCATION)\b[ \t]*[:#.]?[ \t]*"
          r"(?P<v>\S.*)"),
    _rule("phone-label", Category.PHONE,
          r"\b(?:TEL|PHONE|PH|FAX)\b[ \t]*[:#.]?[ \t]*(?P<v>[\d+(].*)"),
    # OCR may read a space after a separator ("13-01- 2019", "00:40: 21")
    _rule("numeric-date", Category.DATE,
          r"(?<![\d.])\d{1,4}[-/.][ \t]?\d{1,2}[-/.][ \t]?\d{2,4}(?![\d.])"),
    _rule("month-date", Category.DATE,
          rf"\b\d{{1,2}}[- \t/.]?{_MONTH}[- \t/.,]*\d{{2,4}}\b"
          rf"|\b{_MONTH}[ \t]+\d{{1,2}},?[ \t]+\d{{4}}\b"),
    _rule("dicom-date", Category.DATE, r"\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])\b"),
    _rule("clock-time", Category.DATE, r"\b[0-2]?\d[:.][ \t]?[0-5]\d[:.][ \t]?[0-5]\d\b"),
    _rule("long-number", Category.ID_NUMBER, r"\b[A-Z]{0,3}\d[\d-]{5,}\d[A-Z]?\b"),
    _rule("comma-name", Category.NAME, r"\b\p{Lu}[\p{L}'-]+[ \t]*,[ \t]*\p{Lu}[\p{L}'-]+\b"),
    _rule("caret-name", Category.NAME, r"\b\p{L}[\p{L}'-]*[\^~]\p{L}[\p{L}'^~-]*"),
    _rule("institution", Category.ADDRESS,
          r"(?:HOSPITAL|CLINIC|INFIRMARY|MEDICAL[ \t]*CENT(?:RE|ER)|HEALTH|UNIVERSITY|"
          r"INSTITUTE|KLINIK(?:UM)?|HOPITAL|IMAGING[ \t]*CENT(?:RE|ER)|RADIOLOGY[ \t]*(?:DEPT|"
          r"GROUP|ASSOCIATES))\b", whole_line=True),
)


@dataclass(frozen=True, slots=True)
class TextHit:
    """A word box to fill, and the finding that asks for it (None under remove-all)."""

    box: Box
    finding: ImageFinding | None


def find_text(
    pixels: NDArray[np.uint8],
    engine: TextEngine,
    options: ImageOptions,
    frame: int = 0,
    lines: list[Line] | None = None,
) -> list[TextHit]:
    """Read one 8-bit frame and return the boxes to fill, each with its finding."""
    lines = read_lines(pixels) if lines is None else lines
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))
    text, index = _join(lines)
    findings = [*engine.detect(text), *_overlay_findings(text, lines, index),
                *lone_name_findings(lines, pixels.shape[:2], index)]
    gray = to_gray(pixels)
    hits: list[TextHit] = []
    covered: set[tuple[int, int]] = set()
    for f in findings:
        words = [key for key, start, end in index if start < f.end and f.start < end]
        if not words or covered.issuperset(words):
            continue  # an earlier finding already covers these words
        if f.category in (Category.NAME, Category.INITIALS):
            words = _with_name_neighbours(words, lines)
        box = _union(lines[li].words[wi].box for li, wi in words)
        found = ImageFinding(
            f.category, "pixels", f.text, f"{DETECTOR}:{f.detector}",
            f.confidence * min(lines[li].score for li, _ in words),
            f"burned-in text: {f.explanation}", box=box, frame=frame, action=Action.REDACT,
        )
        for key in words:
            if key not in covered:
                covered.add(key)
                li, wi = key
                word_box = _reach(lines[li], wi, gray)
                hits.append(TextHit(_pad(word_box, lines[li]), found))
        if not any(h.finding is found for h in hits):
            hits.append(TextHit(_pad(box, lines[words[0][0]]), found))
    if options.text_on_images == "remove-all":
        for li, line in enumerate(lines):
            for wi, word in enumerate(line.words):
                if (li, wi) not in covered:
                    hits.append(TextHit(_pad(word.box, line), None))
    return hits


def _reach(line: Line, wi: int, gray: NDArray[np.uint8]) -> Box:
    """A word at either end of its line, widened over glyphs just beyond the line's box.

    The detector sometimes cuts a line short ("Name: FERREIRA, L" of "FERREIRA, LIAM"); the
    ink that continues past the cut, without a gap as wide as the line is high, is the rest.
    """
    x0, y0, x1, y1 = line.words[wi].box
    lx0, ly0, lx1, ly1 = line.box
    height = max(1, ly1 - ly0)
    band = gray[ly0:ly1].astype(np.int16)
    if band.size == 0 or line.rotated:
        return x0, y0, x1, y1
    inside = band[:, lx0:lx1]
    median = float(np.median(inside))
    spread = max(24.0, 0.35 * float(inside.max() - inside.min()))
    ink = np.asarray((np.abs(band - median) > spread).any(axis=0))
    if wi == len(line.words) - 1:
        x1 = _walk(ink, x1, 1, height)
    if wi == 0:
        x0 = _walk(ink, x0 - 1, -1, height) + 1
    return x0, y0, x1, y1


def _walk(ink: NDArray[np.bool_], start: int, step: int, height: int) -> int:
    """From ``start``, the last ink column reached before a gap of ``height`` columns."""
    end, gap, x = start, 0, start
    # a cut-off tail is a few letters; textured image beside the line also reads as ink,
    # so the reach is short
    limit = 2 * height
    while 0 <= x < len(ink) and abs(x - start) <= limit and gap < height:
        if ink[x]:
            end, gap = x + (1 if step > 0 else 0), 0
        else:
            gap += 1
        x += step
    return end


def _with_name_neighbours(
    words: list[tuple[int, int]], lines: list[Line]
) -> list[tuple[int, int]]:
    """A name's neighbours on its line that look like name parts go with it (recall first:
    the engine may see only the given name of "Peter Haddad")."""
    out = list(words)
    for li, wi in words:
        for nb in (wi - 1, wi + 1):
            if 0 <= nb < len(lines[li].words) and (li, nb) not in out:
                text = lines[li].words[nb].text
                if _NAME_PART.fullmatch(text) and text.upper().strip(":,.") not in _LABELS:
                    out.append((li, nb))
    return out


_NAME_PART = regex.compile(r"\p{Lu}[\p{L}'^-]+,?")
_LABELS = {"NAME", "DR", "MR", "MRS", "MS", "PATIENT", "PT", "DOB", "MRN", "ID", "REF", "AX",
           "SAG", "COR", "AP", "PA", "LAT", "LONG", "TRANS", "FLAIR", "SUPINE", "PRONE"}


def _join(lines: list[Line]) -> tuple[str, list[tuple[tuple[int, int], int, int]]]:
    parts: list[str] = []
    index: list[tuple[tuple[int, int], int, int]] = []
    pos = 0
    for li, line in enumerate(lines):
        for wi, word in enumerate(line.words):
            if wi:
                parts.append(" ")
                pos += 1
            index.append(((li, wi), pos, pos + len(word.text)))
            parts.append(word.text)
            pos += len(word.text)
        parts.append("\n")
        pos += 1
    return "".join(parts), index


def _overlay_findings(
    text: str, lines: list[Line], index: list[tuple[tuple[int, int], int, int]]
) -> Iterable[Finding]:
    from caseguard.findings import Span

    for rule in OVERLAY_RULES:
        for m in rule.pattern.finditer(text):
            if rule.whole_line:
                start = text.rfind("\n", 0, m.start()) + 1
                end = text.find("\n", m.end())
                end = len(text) if end < 0 else end
            elif "v" in rule.pattern.groupindex and m.group("v") is not None:
                start, end = m.span("v")
                end = min(end, text.find("\n", start) if "\n" in text[start:end] else end)
            else:
                start, end = m.span()
            if end > start:
                yield Finding(rule.category, Span(start, end), text[start:end],
                              f"overlay-{rule.name}", 0.9, f"overlay pattern {rule.name}")


def _union(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _pad(box: Box, line: Line) -> Box:
    margin = max(2, (line.box[3] - line.box[1]) // 4)
    x0, y0, x1, y1 = box
    return max(0, x0 - margin), max(0, y0 - margin), x1 + margin, y1 + margin


def grey8(frame: NDArray[np.generic]) -> NDArray[np.uint8]:
    """An 8-bit view of any frame for reading: 16-bit and float data are windowed."""
    array = np.asarray(frame)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.dtype == np.uint8:
        return array.astype(np.uint8, copy=False)
    values = array.astype(np.float64)
    low, high = np.percentile(values, (0.5, 99.5))
    if high <= low:
        low, high = float(values.min()), float(values.max())
    if high <= low:
        return np.zeros(values.shape, dtype=np.uint8)
    scaled = (values - low) * (255.0 / (high - low))
    result: NDArray[np.uint8] = np.clip(scaled, 0, 255).astype(np.uint8)
    return result


def redact_array(
    pixels: NDArray[np.generic], policy: Policy | None = None, engine: TextEngine | None = None
) -> tuple[NDArray[np.generic], list[ImageFinding]]:
    """Fill identifying burned-in text in DICOM-style pixel data.

    ``pixels`` is ``(frames, rows, cols)`` or ``(frames, rows, cols, 3)`` of any dtype (a
    single frame without the leading axis is accepted too). Returns a filled copy (same
    shape and dtype) and the findings, each with its frame index.
    """
    policy = policy or Policy.default()
    options = ImageOptions.from_policy(policy)
    engine = engine or TextEngine(policy)
    array = np.asarray(pixels)
    single = array.ndim == 2 or (array.ndim == 3 and array.shape[-1] in (3, 4)
                                 and array.shape[0] > 4)
    stack = array[None] if single else array
    out = stack.copy()
    findings: list[ImageFinding] = []
    for index in range(stack.shape[0]):
        frame = stack[index]
        hits = find_text(grey8(frame), engine, options, frame=index)
        fill = frame.min()
        for hit in hits:
            x0, y0, x1, y1 = hit.box
            out[index, y0:y1, x0:x1] = fill
        findings.extend(_unique(h.finding for h in hits))
    return (out[0] if single else out), findings


def _unique(items: Iterable[ImageFinding | None]) -> list[ImageFinding]:
    seen: list[ImageFinding] = []
    for item in items:
        if item is not None and not any(item is s for s in seen):
            seen.append(item)
    return seen
