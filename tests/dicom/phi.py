"""A seeded PHI injector: known identifying values planted everywhere a DICOM file can hide them.

Every planted value is unique and searchable as bytes, so a test can scan an output file
and know that none of them survived, wherever the walker failed to look.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

SOURCES = ("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "MR_small_RLE.dcm", "test-SR.dcm")


@dataclass
class Planted:
    """The identifying values written into a file (as they appear in bytes)."""

    values: list[str]


def bundled_file(name: str) -> Path:
    """A file bundled with pydicom (never downloaded)."""
    path = get_testdata_file(name, download=False)
    assert path is not None, name
    return Path(str(path))


def _token(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice("QXZJKV") for _ in range(6))


def plant(ds: Dataset, rng: random.Random) -> Planted:
    """Write unique identifying values into standard, private, nested and meta attributes."""
    surname, given = _token(rng, "Zyx"), _token(rng, "Qua")
    mrn = f"MRN{rng.randrange(10**8, 10**9)}"
    accession = f"ACC{rng.randrange(10**6, 10**7)}"
    email = f"{_token(rng, 'dr').lower()}@hospital{rng.randrange(100, 999)}.example"
    institution = _token(rng, "Inst") + " General Hospital"
    physician = _token(rng, "Phy")
    device = f"SN{rng.randrange(10**6, 10**7)}"
    station = _token(rng, "STN")
    private_text = _token(rng, "Priv")
    deep_text = _token(rng, "Deep")
    meta_ae = _token(rng, "AE").upper()[:16]
    sr_text = f"Findings discussed, summary mailed to {email}"
    ds.PatientName = f"{surname}^{given}"
    ds.PatientID = mrn
    ds.PatientBirthDate = "19411103"
    ds.AccessionNumber = accession
    ds.InstitutionName = institution
    ds.InstitutionAddress = f"{rng.randrange(10, 99)} {_token(rng, 'Street')} Road"
    ds.ReferringPhysicianName = f"{physician}^Anna"
    ds.DeviceSerialNumber = device
    ds.StationName = station
    ds.OtherPatientIDs = f"OPI{rng.randrange(10**6, 10**7)}"
    ds.PatientAddress = f"{_token(rng, 'Addr')} Lane"
    ds.PatientTelephoneNumbers = f"+61 2 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"
    # free text carries identifiers the text engine finds by pattern (e-mail addresses)
    ds.StudyDescription = f"CT chest, results to {email}"
    ds.ImageComments = f"Copy sent to {email}"
    # a private block, a private sequence, and a sequence three levels deep
    block = ds.private_block(0x0011, "CASEGUARD TEST", create=True)
    block.add_new(0x01, "LO", private_text)
    inner = Dataset()
    inner.add_new(0x00100010, "PN", f"{surname}^Nested")
    block.add_new(0x02, "SQ", Sequence([inner]))
    level3 = Dataset()
    level3.PersonName = f"{physician}^Deep"
    level3.add_new(0x00080080, "LO", deep_text)
    level2 = Dataset()
    level2.ContentSequence = Sequence([level3])
    level1 = Dataset()
    level1.AcquisitionContextSequence = Sequence([level2])
    level1.PerformingPhysicianName = f"{physician}^Level1"
    ds.ReferencedPatientSequence = Sequence([level1])
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    item.ValueType = "TEXT"
    item.TextValue = sr_text
    item.PersonName = f"{surname}^Observer"
    ds.ContentSequence = Sequence([*ds.get("ContentSequence", []), item])
    ds.file_meta.SourceApplicationEntityTitle = meta_ae
    values = [surname, given, mrn, accession, email, institution, physician, device, station,
              private_text, deep_text, meta_ae, "19411103", ds.OtherPatientIDs,
              str(ds.PatientAddress), str(ds.PatientTelephoneNumbers),
              str(ds.InstitutionAddress)]
    return Planted(values)


def build_archive(folder: Path, seed: int = 7) -> dict[str, Planted]:
    """Planted copies of pydicom's bundled files, plus a copy of its DICOMDIR test set."""
    rng = random.Random(seed)
    planted: dict[str, Planted] = {}
    folder.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        ds = pydicom.dcmread(bundled_file(name))
        planted[name] = plant(ds, rng)
        ds.save_as(folder / name, enforce_file_format=False)
    dicomdir = bundled_file("DICOMDIR").parent
    shutil.copytree(dicomdir, folder / "dicomdirtests", ignore=shutil.ignore_patterns("README*"))
    return planted


def original_phi(path: Path) -> list[str]:
    """Identifying values already in a bundled file (names, IDs), for the byte search."""
    ds = pydicom.dcmread(path, force=True)
    values = []
    for keyword in ("PatientName", "PatientID", "InstitutionName", "ReferringPhysicianName",
                    "OperatorsName", "StationName", "DeviceSerialNumber", "AccessionNumber"):
        value = str(ds.get(keyword, "") or "").strip()
        if len(value) >= 5:
            values.append(value)
    return values
