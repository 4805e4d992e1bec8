"""The one place where text detectors are registered.

Each detector module exports ``DETECTORS``, a tuple of detector classes; the
engine instantiates everything listed here, in this order.
"""

from __future__ import annotations

from caseguard.text import (
    ages,
    contact,
    dates,
    identifiers,
    initials,
    links,
    names,
    places,
    postcodes,
    vehicles,
)
from caseguard.text.base import Detector

__all__ = ["DETECTOR_CLASSES", "default_detectors"]

DETECTOR_CLASSES: tuple[type[Detector], ...] = (
    *contact.DETECTORS,
    *links.DETECTORS,
    *identifiers.DETECTORS,
    *vehicles.DETECTORS,
    *postcodes.DETECTORS,
    *dates.DETECTORS,
    *ages.DETECTORS,
    *places.DETECTORS,
    *names.DETECTORS,
    *initials.DETECTORS,
)


def default_detectors() -> list[Detector]:
    return [cls() for cls in DETECTOR_CLASSES]
