"""The image part of the policy: the ``[image]`` table of a policy file.

    [image]
    text_on_images = "phi"      # fill identifying burned-in text (default)
                                # "remove-all": fill every text box
    faces = "block"             # refuse a file that shows a face (default)
                                # "cover": fill each face box and go on
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caseguard.errors import PolicyError
from caseguard.policy import Policy

__all__ = ["ImageOptions"]

_TEXT = ("phi", "remove-all")
_FACES = ("block", "cover")


@dataclass(frozen=True, slots=True)
class ImageOptions:
    """What to do with burned-in text and faces."""

    text_on_images: str = "phi"
    faces: str = "block"

    @classmethod
    def from_policy(cls, policy: Policy | None) -> ImageOptions:
        table: Any = (policy.extra.get("image", {}) if policy is not None else {}) or {}
        if not isinstance(table, Mapping):
            raise PolicyError("[image] must be a table")
        text = str(table.get("text_on_images", "phi"))
        faces = str(table.get("faces", "block"))
        if text not in _TEXT:
            raise PolicyError(f"image.text_on_images: {text!r}; use one of {list(_TEXT)}")
        if faces not in _FACES:
            raise PolicyError(f"image.faces: {faces!r}; use one of {list(_FACES)}")
        unknown = set(table) - {"text_on_images", "faces"}
        if unknown:
            raise PolicyError(f"[image]: unknown options {sorted(unknown)}")
        return cls(text, faces)
