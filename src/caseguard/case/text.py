"""The text of a case: Markdown with links to its images, or ``case.json`` with fields.

``case.json`` holds a title, presentation, findings, discussion and a caption per image::

    {"title": "...", "presentation": "...", "findings": "...", "discussion": "...",
     "images": [{"file": "photos/knee.jpg", "caption": "..."}]}

Every string in it is free text for the text engine, except values under a reference key
(``file``, ``path``, ``src``...) that name a file of the case: those follow the file's new
name when it is renamed, and are never rewritten as if they were prose. Markdown links and
``<img src>`` to case files are kept pointing at the renamed files the same way.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterator
from typing import Any

import regex

from caseguard.case.names import RenamePlan
from caseguard.errors import UnreadableInput
from caseguard.findings import Change

__all__ = [
    "REFERENCE_KEYS",
    "json_strings",
    "link_targets",
    "parse_case_json",
    "rebuild",
    "rewrite_json",
]

REFERENCE_KEYS = frozenset({"file", "path", "src", "image", "filename", "href", "series"})
_LINK = regex.compile(
    r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"  # Markdown: ](target "title")
    r"|<img\b[^>]*?\bsrc=\"([^\"]+)\""  # HTML: <img src="target">
)

JsonPath = tuple[str | int, ...]


def parse_case_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            f"case.json is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            source,
        ) from None


def _is_reference(path: JsonPath) -> bool:
    return bool(path) and isinstance(path[-1], str) and path[-1].lower() in REFERENCE_KEYS


def json_strings(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every free-text string in a JSON value, with its path (references left out)."""
    if isinstance(data, str):
        if not _is_reference(path):
            yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from json_strings(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from json_strings(value, (*path, index))


def pointer(path: JsonPath) -> str:
    """A readable name for a JSON path: ``images[0].caption``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(value)"


def rewrite_json(
    data: Any,
    text: Callable[[JsonPath, str], str],
    reference: Callable[[str], str],
    path: JsonPath = (),
) -> Any:
    """A copy of ``data`` with free text through ``text`` and references through ``reference``."""
    if isinstance(data, str):
        return reference(data) if _is_reference(path) else text(path, data)
    if isinstance(data, dict):
        return {
            reference(str(k)): rewrite_json(v, text, reference, (*path, str(k)))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [rewrite_json(v, text, reference, (*path, i)) for i, v in enumerate(data)]
    return data


def resolve(reference: str, base_folder: str, plan: RenamePlan) -> str | None:
    """The case path a reference from a file in ``base_folder`` points at, if it is a file."""
    if "://" in reference or reference.startswith(("#", "/", "data:", "mailto:")):
        return None
    joined = posixpath.normpath(posixpath.join(base_folder, reference)) if base_folder else \
        posixpath.normpath(reference)
    return joined if joined in plan.paths else None


def follow(reference: str, base_folder: str, new_base: str, plan: RenamePlan) -> str:
    """A reference rewritten to point at its file's new path (unchanged when not renamed)."""
    target = resolve(reference, base_folder, plan)
    if target is None or plan.new_path(target) == target:
        return reference
    return posixpath.relpath(plan.new_path(target), new_base or ".")


def link_targets(
    text: str, base_folder: str, new_base: str, plan: RenamePlan
) -> list[tuple[int, int, str]]:
    """Links in Markdown text to renamed case files: ``(start, end, new reference)``."""
    out = []
    for match in _LINK.finditer(text):
        group = 1 if match.group(1) is not None else 2
        new = follow(match.group(group), base_folder, new_base, plan)
        if new != match.group(group):
            out.append((match.start(group), match.end(group), new))
    return out


def rebuild(text: str, changes: list[Change], links: list[tuple[int, int, str]]) -> str:
    """The scrubbed text from the original: each change applied, links to renamed files
    replaced (a link wins over a change inside it: the file name is renamed, not rewritten).
    """
    edits = [(s, e, new) for s, e, new in links]
    for change in changes:
        if not any(change.finding.start < e and s < change.finding.end for s, e, _ in links):
            edits.append((change.finding.start, change.finding.end, change.replacement))
    out: list[str] = []
    cursor = 0
    for start, end, new in sorted(edits):
        if start < cursor:
            continue
        out.append(text[cursor:start])
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
