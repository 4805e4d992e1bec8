"""Images: embedded metadata, burned-in text and faces, checked and removed.

    result = check_image("photo.jpg", policy)                    # nothing written
    result = scrub_image("photo.jpg", "out/photo.jpg", policy, key)
    pixels, findings = redact_array(dicom_pixels, policy)       # DICOM pixel data

See `caseguard.image.api` for the call order and `caseguard.image.options` for the
``[image]`` policy table.
"""

from caseguard.image.api import check_image, scrub_image
from caseguard.image.options import ImageOptions
from caseguard.image.redact import redact_array
from caseguard.image.result import Box, ImageFinding, ImageResult

__all__ = [
    "Box",
    "ImageFinding",
    "ImageOptions",
    "ImageResult",
    "check_image",
    "redact_array",
    "scrub_image",
]
