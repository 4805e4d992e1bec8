"""Reading burned-in text: lines of words with pixel boxes, from RapidOCR.

RapidOCR (PP-OCR models shipped inside the rapidocr-onnxruntime wheel, run by
onnxruntime, nothing downloaded) returns text lines with a polygon and, per
character, an approximate box. Its recogniser often drops the spaces between
words, so words are rebuilt here from the pixels: between two neighbouring
characters, an ink-free gap wider than a quarter of the line height is a space.
Each `Word` keeps the box that covers its glyphs, so a finding in the line's text
maps back to the pixels that show it.

Small images are upscaled before reading so that small fonts stay legible, and
boxes are mapped back to the caller's coordinates.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from caseguard.image.result import Box

__all__ = ["Line", "Word", "configure", "read_lines", "to_gray"]

_THREADS = {"intra": 0}
_MIN_SIDE = 256  # below this the image is upscaled so small fonts stay legible
_MAX_DET_SIDE = 2048
_MIN_SCORE = 0.4


@dataclass(frozen=True, slots=True)
class Word:
    """One word as read, with the box that covers its glyphs."""

    text: str
    box: Box
    score: float


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text: its words, its box, and whether it is rotated."""

    words: tuple[Word, ...]
    box: Box
    score: float
    rotated: bool = False

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def configure(threads: int = 0) -> None:
    """Set onnxruntime's intra-op threads (0: onnxruntime's default); reloads the models."""
    _THREADS["intra"] = threads
    _engine.cache_clear()


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    threads = _THREADS["intra"] or -1
    # One line per recognition batch: a batch is padded to its widest line, so mixing a
    # long name bar with short labels multiplies the work.
    engine = RapidOCR(
        intra_op_num_threads=threads, inter_op_num_threads=1 if threads > 0 else -1,
        det_limit_type="max", det_limit_side_len=_MAX_DET_SIDE, rec_batch_num=1,
    )
    for part in (engine.text_det.infer, engine.text_rec.session):
        part.session = _session(part.session, threads)
    return engine


def _session(old: Any, threads: int) -> Any:
    """The same model with onnxruntime's memory arena on (RapidOCR turns it off): the
    detector reuses its buffers from one image to the next, about a sixth faster."""
    import onnxruntime

    path = getattr(old, "_model_path", None)
    if not isinstance(path, str):
        return old
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads > 0:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def read_lines(pixels: NDArray[np.uint8]) -> list[Line]:
    """Read every text line of an 8-bit grey (H, W) or RGB (H, W, 3) image."""
    if pixels.ndim == 2:
        gray = pixels
        rgb = np.repeat(pixels[:, :, None], 3, axis=2)
    else:
        rgb = np.ascontiguousarray(pixels[:, :, :3])
        gray = to_gray(rgb)
    scale = 1
    if min(gray.shape) < _MIN_SIDE:
        scale = 2
        rgb = np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)
        gray = np.repeat(np.repeat(gray, scale, axis=0), scale, axis=1)
    # Every detected box comes back whatever its score: a label running up an edge is read
    # sideways first (a low score), then re-read by `_read_vertical`.
    result, _ = _engine()(
        rgb, use_cls=False, return_word_box=True, text_score=0.0, box_thresh=0.5,
        unclip_ratio=1.6,
    )
    lines: list[Line] = []
    for item in result or []:
        line = _line(item, gray)
        if line is not None and _vertical(line):
            line = _read_vertical(rgb, line)
        if line is not None and line.score >= _MIN_SCORE:
            lines.append(_rescale(line, scale) if scale != 1 else line)
    return lines


def to_gray(pixels: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The grey of an 8-bit frame (a grey frame as it is)."""
    if pixels.ndim == 2:
        return pixels
    import cv2

    gray = cv2.cvtColor(np.ascontiguousarray(pixels[:, :, :3]), cv2.COLOR_RGB2GRAY)
    return np.asarray(gray, dtype=np.uint8)


def _vertical(line: Line) -> bool:
    x0, y0, x1, y1 = line.box
    return (y1 - y0) > 1.5 * (x1 - x0)


def _read_vertical(rgb: NDArray[np.uint8], line: Line) -> Line:
    """Read a label running up or down an edge: try both quarter turns, keep the likelier."""
    x0, y0, x1, y1 = line.box
    crop = rgb[y0:y1, x0:x1]
    best = (line.score, line.text)
    for turns in (1, 3):
        turned = np.ascontiguousarray(np.rot90(crop, turns))
        result, _ = _engine()(turned, use_det=False, use_cls=False)
        for item in result or []:
            text, score = str(item[0]), float(item[1])
            if text.strip() and score > best[0]:
                best = (score, text)
    return Line((Word(best[1], line.box, best[0]),), line.box, best[0], rotated=True)


def _line(item: list[Any], gray: NDArray[np.uint8]) -> Line | None:
    polygon = np.asarray(item[0], dtype=np.float64)
    text, score = str(item[1]), float(item[2])
    box = _bounds(polygon, gray.shape)
    if not text.strip():
        # read sideways, a vertical label may come back empty: keep its box to re-read
        placeholder = Line((Word("", box, 0.0),), box, 0.0)
        return placeholder if _vertical(placeholder) else None
    dx, dy = polygon[1] - polygon[0]
    rotated = abs(float(np.degrees(np.arctan2(dy, dx)))) > 8.0
    chars = item[3] if len(item) > 4 else None
    letters = item[4] if len(item) > 4 else None
    if rotated or not chars or not letters or len(chars) != len(letters):
        return Line((Word(text, box, score),), box, score, rotated)
    return Line(_words(letters, chars, gray, box, score), box, score, rotated)


def _words(
    letters: list[str], chars: list[Any], gray: NDArray[np.uint8], box: Box, score: float
) -> tuple[Word, ...]:
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    ink = _ink_columns(gray[y0:y1, x0:x1])
    spans = [(int(min(p[0] for p in c)), int(max(p[0] for p in c))) for c in chars]
    words: list[Word] = []
    current, start = "", spans[0][0]
    for i, letter in enumerate(letters):
        if letter.isspace():
            if current:
                words.append(Word(current, (start, y0, spans[i][0], y1), score))
            current = ""
            start = spans[i + 1][0] if i + 1 < len(spans) else spans[i][1]
            continue
        if current and _gap(ink, x0, spans[i - 1], spans[i]) > 0.25 * height:
            words.append(Word(current, (start, y0, spans[i - 1][1], y1), score))
            current, start = "", spans[i][0]
        current += letter
    if current:
        words.append(Word(current, (start, y0, spans[-1][1], y1), score))
    return tuple(_snap(w, ink, x0, x1) for w in words)


def _ink_columns(crop: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Columns of a line crop that hold glyph pixels (text may be light or dark)."""
    if crop.size == 0:
        return np.zeros(0, dtype=bool)
    values = crop.astype(np.int16)
    median = float(np.median(values))
    spread = max(24.0, 0.35 * float(values.max() - values.min()))
    ink = np.abs(values - median) > spread
    return np.asarray(ink.any(axis=0))


def _gap(ink: NDArray[np.bool_], x0: int, left: tuple[int, int], right: tuple[int, int]) -> int:
    """Longest ink-free run between the middles of two neighbouring characters."""
    a = max(0, (left[0] + left[1]) // 2 - x0)
    b = min(len(ink), (right[0] + right[1]) // 2 - x0)
    blank = ~ink[a:b]
    if not blank.any():
        return 0
    edges = np.diff(np.concatenate(([0], blank.astype(np.int8), [0])))
    return int((np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)).max())


def _snap(word: Word, ink: NDArray[np.bool_], x0: int, line_x1: int) -> Word:
    """Widen a word's box to the glyph pixels at its ends (character boxes are approximate)."""
    left, top, right, bottom = word.box
    i = left - x0
    while 0 < i < len(ink) and ink[i - 1]:
        i -= 1
    j = right - x0
    while 0 <= j < len(ink) - 1 and ink[j + 1]:
        j += 1
    return Word(word.text, (x0 + max(0, i), top, min(line_x1, x0 + j + 1), bottom), word.score)


def _bounds(polygon: NDArray[np.float64], shape: tuple[int, ...]) -> Box:
    height, width = shape[:2]
    x0 = max(0, int(np.floor(polygon[:, 0].min())))
    y0 = max(0, int(np.floor(polygon[:, 1].min())))
    x1 = min(width, int(np.ceil(polygon[:, 0].max())) + 1)
    y1 = min(height, int(np.ceil(polygon[:, 1].max())) + 1)
    return x0, y0, max(x0 + 1, x1), max(y0 + 1, y1)


def _rescale(line: Line, scale: int) -> Line:
    def down(box: Box) -> Box:
        x0, y0, x1, y1 = box
        return x0 // scale, y0 // scale, -(-x1 // scale), -(-y1 // scale)

    words = tuple(Word(w.text, down(w.box), w.score) for w in line.words)
    return Line(words, down(line.box), line.score, line.rotated)
