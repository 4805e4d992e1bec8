"""The one exception tree of caseguard, so a caller can catch at any level.

    CaseguardError
    ├── InputError            a file or archive we cannot or will not read
    │   ├── UnreadableInput   undecodable, truncated, corrupt
    │   ├── UnsupportedInput  a type or form caseguard does not handle
    │   └── UnsafeInput       path traversal, zip bombs, links out of a case
    ├── PolicyError           a policy file that is malformed or relaxes its base
    ├── CaseKeyError          a key that is missing or malformed
    ├── OutputError           output that cannot be written safely
    └── StorageError          database or blob storage failures
"""

from __future__ import annotations

__all__ = [
    "CaseKeyError",
    "CaseguardError",
    "InputError",
    "OutputError",
    "PolicyError",
    "StorageError",
    "UnreadableInput",
    "UnsafeInput",
    "UnsupportedInput",
]


class CaseguardError(Exception):
    """Base of every error caseguard raises on purpose."""


class InputError(CaseguardError):
    """An input file or archive that caseguard cannot or will not process."""

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class UnreadableInput(InputError):
    """The bytes cannot be decoded: binary, truncated or corrupt."""


class UnsupportedInput(InputError):
    """A file type or form that caseguard does not handle."""


class UnsafeInput(InputError):
    """Input that would be dangerous to open: traversal, bombs, links out of the case."""


class PolicyError(CaseguardError):
    """A policy file that is malformed, or an override that would relax its base."""


class CaseKeyError(CaseguardError):
    """A case key that is missing or malformed."""


class OutputError(CaseguardError):
    """Output that cannot be written safely (exists, not writable, inside the input)."""


class StorageError(CaseguardError):
    """A database or blob storage operation that failed."""
