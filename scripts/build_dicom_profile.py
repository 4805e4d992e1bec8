"""Regenerate the shipped DICOM tables from the public source tables.

    python scripts/build_dicom_profile.py [SOURCE_DIR]

SOURCE_DIR (default ../shared/data/dicom) holds ps3.15-table-e.1-1_2025b.csv (DICOM PS3.15
Table E.1-1, edition 2025b) and tcia-private-tag-kb_2024-02-01.csv. Writes
src/caseguard/data/dicom/basic_profile.json and safe_private.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from caseguard.dicom.tables import (  # noqa: E402
    build_profile,
    build_safe_private,
    read_source_csv,
)

PROFILE_SOURCE = "ps3.15-table-e.1-1_2025b.csv"
KB_SOURCE = "tcia-private-tag-kb_2024-02-01.csv"


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "dicom"
    target = ROOT / "src" / "caseguard" / "data" / "dicom"
    target.mkdir(parents=True, exist_ok=True)
    profile = build_profile(read_source_csv(source / PROFILE_SOURCE))
    private = build_safe_private(read_source_csv(source / KB_SOURCE))
    for name, doc, key in (
        ("basic_profile.json", profile, "rows"),
        ("safe_private.json", private, "elements"),
    ):
        (target / name).write_text(_one_item_a_line(doc, key), "utf-8")
    print(f"{len(profile['rows'])} profile rows, {len(private['elements'])} safe private elements")
    return 0


def _one_item_a_line(doc: dict[str, object], key: str) -> str:
    """JSON with one table row a line: small, and diffs show exactly which rows changed."""
    head = {k: v for k, v in doc.items() if k != key}
    items = doc[key]
    assert isinstance(items, list)
    lines = [json.dumps(item, sort_keys=True) for item in items]
    body = ",\n  ".join(lines)
    head_text = json.dumps(head, indent=1, sort_keys=True)[:-2]
    return f'{head_text},\n "{key}": [\n  {body}\n ]\n}}\n'


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
