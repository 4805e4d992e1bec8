"""Reading text files safely and writing output files atomically.

Text arrives in many encodings: UTF-8 (with or without a byte-order mark),
UTF-16 with a BOM, and Latin-1/Windows-1252 from older systems. Binary files
are refused with `UnreadableInput`, never guessed at.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

from caseguard.errors import OutputError, UnreadableInput

__all__ = ["decode_text", "read_text_file", "write_atomic"]

MAX_TEXT_BYTES = 64 * 1024 * 1024
_CONTROL = {c for c in range(32) if chr(c) not in "\t\n\r\f\v"} | {127}


def decode_text(data: bytes, source: str = "") -> str:
    """Decode bytes that should be text, or raise `UnreadableInput` saying why."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"invalid {encoding} text ({exc.reason})", source) from None
    if b"\x00" in data[:8192]:
        raise UnreadableInput("binary data, not text (NUL bytes)", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    if sum(b in _CONTROL for b in sample) > max(2, len(sample) // 1000):
        raise UnreadableInput("binary data, not text (control bytes)", source)
    # Not UTF-8 but text-like: Windows-1252 is the common superset of Latin-1 in practice.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text_file(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise UnreadableInput(
                f"text file of {size} bytes is over the {MAX_TEXT_BYTES} byte limit", str(path)
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"cannot read ({exc.strerror})", str(path)) from None
    return decode_text(data, str(path))


def write_atomic(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
