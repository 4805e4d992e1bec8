"""Loading the scrubbing engines' models and data before the first upload needs them.

The engines load lazily; without a warm-up the first upload after a start waits
for OCR and face models, lexicons and the risk engine's data (several seconds).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from caseguard.files import scrub_files
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext
from caseguard.web.adapters import assess_risk

__all__ = ["warm_up"]

log = logging.getLogger(__name__)

WARM_TEXT = ("A 60-year-old teacher from Springfield was seen at St Mary's Hospital by "
             "Dr Alan Smith on 3 March 2021 (MRN 12345678, phone 0412 345 678).\n")


def warm_up() -> None:
    """Scrub a tiny case once, so the first upload does not wait for models and data to load.

    The text carries the cues that make the detectors and the risk engine load their
    data, the photo has text for OCR to read, and a DICOM file takes the DICOM path.
    """
    import tempfile

    from PIL import Image, ImageDraw

    try:
        with tempfile.TemporaryDirectory(prefix="caseguard-warm-") as folder:
            root = Path(folder)
            (root / "in").mkdir()
            (root / "in" / "case.md").write_text(WARM_TEXT, "utf-8")
            photo = Image.new("RGB", (480, 120), "white")
            ImageDraw.Draw(photo).text((10, 40), "Alan Smith 03/03/2021", fill="black")
            photo.save(root / "in" / "photo.jpg")
            try:
                from pydicom.data import get_testdata_file

                sample = get_testdata_file("CT_small.dcm")
                if isinstance(sample, str):
                    shutil.copy(sample, root / "in" / "slice.dcm")
            except Exception:  # pydicom without its test files: warm the rest
                pass
            from caseguard.web.rules import platform_policy

            policy = platform_policy()
            engine = TextEngine(policy)
            engine.warm_up()
            context = CaseContext.from_key(b"\0" * 32, "warm-up")
            scrub_files(sorted((root / "in").iterdir()), root / "out", engine, context)
            assess_risk(WARM_TEXT, policy)
    except Exception:  # a cold first upload is slower, not wrong
        log.exception("warming the scrubbing engines failed")
