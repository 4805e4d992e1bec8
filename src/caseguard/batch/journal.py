"""The done-journal of a batch run: which outputs are complete, so a rerun can resume.

One line per finished input (its relative path), appended and flushed after the output was
renamed into place. An output that exists but is not in the journal is redone: it may be
from another run, and outputs are deterministic, so redoing it is cheap and safe.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import TextIO

__all__ = ["Journal"]

JOURNAL_NAME = ".caseguard-done.jsonl"


class Journal:
    """Append-only record of completed files under an output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / JOURNAL_NAME
        self.done: set[str] = set()
        if self.path.exists():
            for line in self.path.read_text("utf-8").splitlines():
                try:
                    self.done.add(json.loads(line)["file"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut off by a crash: that file is simply redone
        self._fh: TextIO | None = None

    def is_complete(self, relative: str, target: Path) -> bool:
        return relative in self.done and target.exists()

    def record(self, relative: str) -> None:
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("a", encoding="utf-8")
        self._fh.write(json.dumps({"file": relative}) + "\n")
        self._fh.flush()
        self.done.add(relative)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
