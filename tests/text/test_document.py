"""The document's shared views: tokens and letter case, the same on every path through them."""

from __future__ import annotations

import pytest
import regex

from caseguard.text.document import Document

# the Unicode definition that non-ASCII text is tokenised with
UNICODE_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")


@pytest.mark.parametrize(
    "text",
    [
        "Seen by Dr O'Brien-Smith on 3/4/21, MRN A12345; x-ray T2 C5-C6.",
        "PATIENT JONES, 93 YO M.  can't walk -- 'quoted' - dash",
        "lower case only, o'neil and smith-jones",
        "Zoë Müller’s scan, 5 µm, 3 März",  # not ASCII: the Unicode definition
        "",
    ],
)
def test_tokens_follow_the_unicode_definition(text: str) -> None:
    expected = [(m.start(), m.end(), m.group()) for m in UNICODE_TOKEN.finditer(text)]
    assert [(t.start, t.end, t.text) for t in Document(text).tokens] == expected


@pytest.mark.parametrize(
    ("text", "upper", "lower"),
    [
        ("SEEN BY DR JONES ON 3 MARCH", True, False),
        ("seen by dr jones on 3 march", False, True),
        ("Seen by Dr Jones on 3 March", False, False),
        ("ÉTÉ À PARIS, ZOË MÜLLER", True, False),
        ("été à paris, zoë müller", False, True),
        ("Short", False, False),
    ],
)
def test_letter_case(text: str, upper: bool, lower: bool) -> None:
    doc = Document(text)
    assert (doc.upper_case, doc.lower_case) == (upper, lower)
