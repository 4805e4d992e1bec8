"""`letter_trie` rewrites an alternation without changing a single match."""

from __future__ import annotations

import re

import pytest

from caseguard.text.base import compile_gate, letter_trie

SAMPLE = (
    "MRN: 1234, M.R.N. 55, acct 9, Accession 12, licence 7, LICENSE 8, hosp no 4, hospno 5, "
    "mrna 6, pacemaker, ur 3, URN 2, id 1, I.D. 0, in 2019, IN MAY, until 2000, mother is 94, "
    "nstemi 2009, STEMI '99, stented 2010, a/c 700, K\u212a, \u017fince 2019"
)


@pytest.mark.parametrize(
    "alternation",
    [
        r"MRN|M\.R\.N\.?|UR|URN|acc|acct|accession|ID|I\.D\.|hosp\s*no|hospno|licen[cs]e",
        "in|since|during|circa|ca\\.|c\\.|of|year|early|mid|late|end|start",
        "mother|mum|mom|patient|pt|he|she|who",
        "nstemi|stemi|stent(?:ed)?|a/c|acc(?:ount|ession)",
        "k|kk|s",
    ],
)
def test_same_matches_as_the_plain_alternation(alternation: str) -> None:
    for text in (SAMPLE, SAMPLE.upper(), SAMPLE.lower()):
        plain = [m.span() for m in re.finditer(rf"\b(?:{alternation})\w*", text, re.I)]
        trie = [m.span() for m in re.finditer(rf"\b{letter_trie(alternation)}\w*", text, re.I)]
        assert trie == plain


@pytest.mark.parametrize("alternation", ["n?stemi", "(?:a|b)c", r"\dx", "a|[ab]c", "é"])
def test_alternatives_must_start_with_a_plain_letter(alternation: str) -> None:
    with pytest.raises(ValueError):
        letter_trie(alternation)


@pytest.mark.parametrize(
    "alternation", ["mi|abg|cva|tion|s/p|dx|ca|cer", "christmas|xmas|new\\s+year|labou?r"]
)
def test_a_lower_case_trie_is_a_gate_with_the_same_matches(alternation: str) -> None:
    trie = letter_trie(alternation, upper=False)
    gate = compile_gate(trie)  # lower-case ASCII, or this raises
    text = SAMPLE.lower() + " s/p cabg, dx 2019, new  year, labor day, xmas"
    assert [m.span() for m in gate.finditer(text)] == [
        m.span() for m in re.finditer(f"(?:{alternation})", text)
    ]
