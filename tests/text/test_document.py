"""The document's shared views: tokens and letter case, the same on every path through them."""

from __future__ import annotations

import pytest
import regex

from caseguard.text.base import compile_gate
from caseguard.text.document import Document, Token

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


def test_a_token_is_an_immutable_triple() -> None:
    [token] = Document("O'Brien").tokens
    assert token == Token(0, 7, "O'Brien") and isinstance(token, Token)
    assert (token.start, token.end, token.text) == (0, 7, "O'Brien")
    assert token.is_title and not token.is_upper
    with pytest.raises(AttributeError):
        token.text = "Smith"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("word", "title", "upper"),
    [("Smith", True, False), ("SMITH", False, True), ("smith", False, False), ("J", True, True),
     ("j", False, False), ("McDonald", True, False), ("3D", False, True), ("7", False, False)],
)
def test_token_case(word: str, title: bool, upper: bool) -> None:
    [token] = Document(word).tokens
    assert (token.is_title, token.is_upper) == (title, upper)


@pytest.mark.parametrize(
    "text",
    ["Seen by Dr JONES\x1c on 3 March, MRN A12345", "\t\n", "ALL CAPS 123", "x" * 50 + "Y"],
)
def test_letter_counts_of_ascii_text_follow_the_unicode_definition(text: str) -> None:
    upper = len(regex.findall(r"\p{Lu}", text))
    lower = len(regex.findall(r"\p{Ll}", text))
    assert Document(text)._case_counts == (upper, lower)


@pytest.mark.parametrize(
    ("text", "index", "starts"),
    [
        ("Seen today. Smith was", 2, True),
        ("Seen today Smith was", 2, False),
        ("Seen today\nSmith was", 2, True),
        ("Seen today - Smith was", 2, True),
        ("Seen today • Smith was", 2, True),
        ("Seen", 0, True),
    ],
)
def test_sentence_start(text: str, index: int, starts: bool) -> None:
    assert Document(text).sentence_start(index) is starts


def test_token_at_and_folded_tokens() -> None:
    doc = Document("Seen by Dr ÖZIL, then MRI.")
    assert doc.folded_tokens == ["seen", "by", "dr", "özil", "then", "mri"]
    assert doc.token_at(0) == 0
    assert doc.token_at(5) == 1  # the first token starting at or after offset 5
    assert doc.token_at(8) == 2
    assert doc.token_at(len(doc.text)) is None
    assert doc.token_starting_at(8) == 2 and doc.token_starting_at(9) is None
    assert doc.token_ending_at(10) == 2 and doc.token_ending_at(8) is None


@pytest.mark.parametrize(
    "text",
    [
        "Seen by Dr ÖZIL, then MRI.",
        "ΟΔΥΣΣΕΑΣ ΣΑΣ met ǅemal",  # final sigma: case folding has no context, lowering has
        "Straße 12, İstanbul, ﬁve",  # characters that fold to two
        "K\u212a and \u017fs",
        "",
    ],
)
def test_folded_tokens_fold_each_token(text: str) -> None:
    doc = Document(text)
    assert doc.folded_tokens == [tok.text.casefold() for tok in doc.tokens]


def test_finditer_skips_a_pattern_whose_gate_fails() -> None:
    word = regex.compile(r"\bmrn\b", regex.IGNORECASE)
    doc = Document("MRN 1234, mrn 5678")
    assert [m.start() for m in doc.finditer(word)] == [0, 10]
    assert [m.start() for m in doc.finditer(word, compile_gate("mrn"))] == [0, 10]
    assert list(doc.finditer(word, compile_gate("nhs"))) == []
