"""The public surface changes only on purpose."""

import caseguard


def test_public_names_are_pinned() -> None:
    assert sorted(caseguard.__all__) == [
        "Action", "CaseContext", "CaseKeyError", "CaseguardError", "Category", "CategoryRule",
        "Change", "DocumentReport", "Finding", "InputError", "OutputError", "Policy",
        "PolicyError", "Report", "Scrubbed", "Span", "StorageError", "TextEngine",
        "UnreadableInput", "UnsafeInput", "UnsupportedInput",
    ]


def test_every_public_name_exists() -> None:
    for name in caseguard.__all__:
        assert getattr(caseguard, name) is not None


def test_error_tree() -> None:
    assert issubclass(caseguard.UnsafeInput, caseguard.InputError)
    assert issubclass(caseguard.InputError, caseguard.CaseguardError)
    assert issubclass(caseguard.PolicyError, caseguard.CaseguardError)
