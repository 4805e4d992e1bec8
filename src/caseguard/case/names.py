"""File and folder names of a case: checked like text, renamed when they identify someone.

A photo called ``smith_john_ct.jpg`` or a folder called ``MRN 40012873`` leaks as much as
the text does. Each name (without its extension) goes through the text engine with its
separators turned into spaces; a name with findings is replaced in the scrubbed bundle by
a neutral one (``image-01.dcm``, ``photo-02.jpg``, ``series-01``), numbered in the case's
sorted order so the same case always gets the same names. References to renamed files
from ``case.json`` and Markdown links follow the new names.

A DICOMDIR refers to its files by path. Renaming anything below it would leave it pointing
at files that are not there, so such a DICOMDIR is refused with the reason instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

import regex

from caseguard.case.bundle import Member
from caseguard.findings import Finding
from caseguard.text.engine import TextEngine

__all__ = ["NameCheck", "RenamePlan", "name_text", "plan_names"]

# Hyphens stay: they hold dates (2021-03-04) and double-barrelled names together.
_SEPARATORS = regex.compile(r"[_.+,;~=()\[\]{}]+")
_PREFIX = {"dicom": "image", "image": "photo", "text": "text", "case-json": "case"}


@dataclass(frozen=True)
class NameCheck:
    """One file or folder name with findings, and the neutral name it gets."""

    path: str  # the original path inside the case (a folder path for a folder)
    text: str  # the name as the text engine read it
    findings: list[Finding]
    new_name: str
    is_folder: bool


@dataclass
class RenamePlan:
    """Every name with findings, and the new path of every file of the case."""

    checks: list[NameCheck] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)

    def new_path(self, relative: str) -> str:
        return self.paths.get(relative, relative)

    def renamed_under(self, folder: str) -> list[str]:
        """Original paths below ``folder`` whose part below it changes (renames keep depth)."""
        depth = len(PurePosixPath(folder).parts) if folder else 0
        prefix = f"{folder}/" if folder else ""
        return [
            old for old, new in self.paths.items()
            if old.startswith(prefix) and old.split("/")[depth:] != new.split("/")[depth:]
        ]


def name_text(name: str, is_folder: bool) -> str:
    """A file or folder name as words: extension dropped, separators turned into spaces."""
    stem = name if is_folder else _stem(name)
    return " ".join(_SEPARATORS.sub(" ", stem).split())


def _stem(name: str) -> str:
    path = PurePosixPath(name)
    return path.name[: -len(path.suffix)] if path.suffix and len(path.suffix) <= 6 else name


def plan_names(members: list[Member], engine: TextEngine) -> RenamePlan:
    """Check every name in the case and give each identifying one a neutral replacement."""
    plan = RenamePlan()
    cache: dict[str, list[Finding]] = {}

    def findings_for(name: str, is_folder: bool) -> tuple[str, list[Finding]]:
        text = name_text(name, is_folder)
        if text not in cache:
            cache[text] = engine.detect(text) if text else []
        return text, cache[text]

    folder_kinds: dict[str, set[str]] = {}
    for member in members:
        parts = PurePosixPath(member.relative).parts
        for depth in range(1, len(parts)):
            folder_kinds.setdefault("/".join(parts[:depth]), set()).add(member.kind)
    taken: dict[str, set[str]] = {}
    for member in members:
        parent = PurePosixPath(member.relative).parent.as_posix()
        taken.setdefault("" if parent == "." else parent, set()).add(member.name)
    for folder in folder_kinds:
        parent = PurePosixPath(folder).parent.as_posix()
        taken.setdefault("" if parent == "." else parent, set()).add(PurePosixPath(folder).name)

    counters: dict[str, int] = {}
    new_folder: dict[str, str] = {}
    for folder in sorted(folder_kinds, key=lambda f: (f.count("/"), f)):
        name = PurePosixPath(folder).name
        text, found = findings_for(name, True)
        parent = PurePosixPath(folder).parent.as_posix()
        parent = "" if parent == "." else parent
        if found:
            prefix = "series" if "dicom" in folder_kinds[folder] else "folder"
            new = _neutral(prefix, "", counters, taken.setdefault(parent, set()))
            plan.checks.append(NameCheck(folder, text, found, new, True))
        else:
            new = name
        base = new_folder.get(parent, parent)
        new_folder[folder] = f"{base}/{new}" if base else new

    for member in members:
        path = PurePosixPath(member.relative)
        parent = path.parent.as_posix()
        parent = "" if parent == "." else parent
        text, found = findings_for(member.name, False)
        name = member.name
        if found and not member.is_dicomdir:
            suffix = path.suffix.lower() if path.suffix and len(path.suffix) <= 6 else ""
            name = _neutral(_PREFIX.get(member.kind, "file"), suffix, counters,
                            taken.setdefault(parent, set()))
            plan.checks.append(NameCheck(member.relative, text, found, name, False))
        base = new_folder.get(parent, parent)
        plan.paths[member.relative] = f"{base}/{name}" if base else name
    return plan


def _neutral(prefix: str, suffix: str, counters: dict[str, int], taken: set[str]) -> str:
    while True:
        counters[prefix] = counters.get(prefix, 0) + 1
        name = f"{prefix}-{counters[prefix]:02d}{suffix}"
        if name not in taken:
            taken.add(name)
            return name
