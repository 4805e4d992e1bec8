"""caseguard: keeps patient-identifying information out of shared medical teaching cases.

    >>> from caseguard import TextEngine, CaseContext
    >>> engine = TextEngine()
    >>> [f.category.value for f in engine.detect("Call Dr Jane Okafor on 020 7946 0321.")]
    ['NAME', 'PHONE']
"""

from caseguard.errors import (
    CaseguardError,
    CaseKeyError,
    InputError,
    OutputError,
    PolicyError,
    StorageError,
    UnreadableInput,
    UnsafeInput,
    UnsupportedInput,
)
from caseguard.findings import Action, Category, Change, DocumentReport, Finding, Report, Span
from caseguard.policy import CategoryRule, Policy
from caseguard.text.engine import Scrubbed, TextEngine
from caseguard.text.transforms import CaseContext

__all__ = [
    "Action",
    "CaseContext",
    "CaseKeyError",
    "CaseguardError",
    "Category",
    "CategoryRule",
    "Change",
    "DocumentReport",
    "Finding",
    "InputError",
    "OutputError",
    "Policy",
    "PolicyError",
    "Report",
    "Scrubbed",
    "Span",
    "StorageError",
    "TextEngine",
    "UnreadableInput",
    "UnsafeInput",
    "UnsupportedInput",
]

__version__ = "0.1.0"
