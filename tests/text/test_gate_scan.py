"""The single Hyperscan pass over a text answers every gate exactly as `re.search` does."""

from __future__ import annotations

import random
import re
import threading
from pathlib import Path

import pytest
import regex

from caseguard.evaluation.synth import TUNE_SEED, generate, negative_sentences
from caseguard.text import foreign_streets, gates, prefilters
from caseguard.text.base import compile_gate, letter_trie
from caseguard.text.document import Document
from caseguard.text.registry import default_detectors

from .test_gates import EXAMPLES

default_detectors()  # every detector module imported: every gate registered

EDGE_TEXTS = [
    "",
    " ",
    "a",
    "\n\n",
    "MRN: 1234567 SEEN 12/03/2021 AT ST MARY'S HOSPITAL, 12 BAKER STREET",
    "seen at ucsf on 3 march 2021, mrn 1234567, lives in leeds ls1 4ab",
    "Tab\tseparated\t12\tBaker\tStreet\x0b2000\x0cNSW 2000\rphone 020 7946 0958",
    # characters Python's \s takes and Hyperscan's does not
    "lives\x1cin\x1dLeeds\x1e12\x1fBaker Street, 7\x1cDecember 2020, ward\x1c3, from\x1cthere",
    "Café Zoë, 3 März 2021, Straße 12, ÖVERTURINGEN 840 24, Skoanveien 226",
    "José Núñez seen at Hôpital Saint-Louis, 29 rue de Tanger, 75019 Paris, 12/03/2021",
    "\u00a0from\u00a0Leeds\u2009on 3\u00a0March 2021, \u0661\u0662\u0663\u0664\u0665 digits",
    "Ki\u017fs \u0131n 2019, \u0130stanbul 12 Baker Street",
    "K\u212a 12345 kelvin sign",
    "x" * 500 + " 12 baker street",
    "12/03/2021 1/2/34 2021-03-12 3.4.21 20210312 10.2.3.4 fe80::1 00:1a:2b:3c:4d:5e",
    "4111 1111 1111 1111 GB82 WEST 1234 5698 7654 32 AB12 CDE 7ABC123 1HGCM82633A004352",
    "a 93-year-old, aged 95, 94 f, 101 yo, turned 90, , 99, nonagenarian",
    "transferred to 209 quartermain; f-micu/quartermain/ccu teams; to quartermain 6",
    "via roma 10, calle mayor 5, augsburger strasse 36, krt. 5, skoanveien 226, 12 avenue foch",
    "TFN 123456782, ext. 1234, x4321, IHI 80 036012 345678 9, Medicare 2123456701",
    "call ext 5521 or x4321 today; policy AB123456, member ID 99812 on file",
    *EXAMPLES,
]


def _texts() -> list[str]:
    texts = list(EDGE_TEXTS)
    texts += [r["text"] for r in generate(120, TUNE_SEED)]
    texts += [r["text"] for r in negative_sentences(60, TUNE_SEED)]
    texts += [t.upper() for t in texts[:80]] + [t.lower() for t in texts[:80]]
    # random splices: pieces of the texts above joined by odd separators
    rng = random.Random(7)
    pieces = [word for text in texts for word in re.split(r"(\s+)", text) if word]
    separators = [" ", "  ", "\t", "\n", "\x1c", "\x0b", "/", "-", ".", ",", ":", ""]
    for _ in range(300):
        words = rng.choices(pieces, k=rng.randint(1, 12))
        texts.append("".join(w + rng.choice(separators) for w in words))
    return texts


TEXTS = _texts()
GATES = list(gates._REGISTERED.values())


def _by_re(text: str) -> list[bool]:
    lowered = Document(text).lower
    return [lowered is None or gate.search(lowered) is not None for gate in GATES]


def _by_document(text: str) -> list[bool]:
    doc = Document(text)
    return [doc.passes(gate) for gate in GATES]


def test_gates_are_registered() -> None:
    assert len(GATES) > 50
    assert foreign_streets._ASCII_FRENCH_GATE.pattern in gates._REGISTERED


def test_without_hyperscan_gates_are_searched_with_re(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gates, "hyperscan", None)
    assert gates.scanner() is None
    for text in TEXTS:
        assert _by_document(text) == _by_re(text), text


@pytest.mark.skipif(gates.hyperscan is None, reason="Hyperscan is not installed")
def test_hyperscan_answers_as_re() -> None:
    scanner = gates.scanner()
    assert scanner is not None
    assert {gate.pattern for gate in GATES} <= set(scanner.patterns)  # all are scanned
    for text in TEXTS:
        assert _by_document(text) == _by_re(text), text


@pytest.mark.skipif(gates.hyperscan is None, reason="Hyperscan is not installed")
def test_scan_alone_answers_as_re() -> None:
    scanner = gates.scanner()
    assert scanner is not None
    for text in TEXTS:
        lowered = Document(text).lower
        if lowered is None or not lowered.isascii():
            continue
        for pattern, answer in scanner.scan(lowered)[0].items():
            assert answer == (re.search(pattern, lowered) is not None), (pattern, text)


def test_a_gate_registered_after_the_scanner_is_searched_with_re() -> None:
    gates.scanner()
    gate = compile_gate(r"zq\d{2}x")
    scanner = gates.scanner()
    assert scanner is None or gate.pattern not in scanner.patterns
    assert Document("a ZQ12X b").passes(gate)
    assert not Document("a ZQ1X b").passes(gate)


@pytest.mark.parametrize(
    ("pattern", "form"),
    [
        ("mrn|urn", ("mrn|urn", True)),
        (r"\sfrom\s", (r"[\x09-\x0d\x1c-\x20]from[\x09-\x0d\x1c-\x20]", True)),
        (r"[^\s\d]+", (r"[^\x09-\x0d\x1c-\x20\d]+", True)),
        (r"\d{3}[- ]\d{2}", (r"\d{3}[- ]\d{2}", True)),
        (r"/(?<=\d/)\d{3}", (r"/(?<=\d/)\d{3}", False)),
        (r"may(?![a-z])", (r"may(?![a-z])", False)),
        (letter_trie("mrn|ur|acc", upper=False) + r"\s", ("(?:m(?:rn)|u(?:r)|a(?:cc))"
                                                         r"[\x09-\x0d\x1c-\x20]", True)),
    ],
)
def test_hyperscan_form(pattern: str, form: tuple[str, bool]) -> None:
    assert gates.hyperscan_form(pattern) == form


@pytest.mark.parametrize(
    "pattern",
    ["^mrn", "mrn$", "(?i)mrn", "(?P<x>mrn)", r"a{,3}", r"\Z", r"\S", r"(a)\1", "[[:alpha:]]",
     r"[\b]", "(?=[ab])(?:a|c)", "a++b", "a?+b", "(?>ab)"],
)
def test_hyperscan_form_leaves_doubtful_gates_to_re(pattern: str) -> None:
    form = gates.hyperscan_form(pattern)
    assert form is None or not form[1]


PREFILTERED = list(gates._PREFILTERED)


def test_patterns_are_prefiltered() -> None:
    scanner = gates.scanner()
    if scanner is None:
        pytest.skip("Hyperscan is not installed")
    scanned = set(scanner.pattern_ids)
    assert len(scanned) >= 0.9 * len(PREFILTERED)  # a few may use what cannot be spelt out


def test_a_pattern_that_matches_is_never_skipped() -> None:
    for text in TEXTS:
        doc = Document(text)
        for pattern in PREFILTERED:
            if pattern.search(text) is not None:
                assert doc.may_match(pattern), (pattern.pattern, text)


@pytest.mark.skipif(gates.hyperscan is None, reason="Hyperscan is not installed")
def test_prefilters_skip_most_patterns_on_a_plain_text() -> None:
    doc = Document("The patient was well and went home.")
    assert sum(not doc.may_match(pattern) for pattern in PREFILTERED) > len(PREFILTERED) // 2


def test_without_hyperscan_every_pattern_may_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gates, "hyperscan", None)
    doc = Document("The patient was well and went home.")
    assert all(doc.may_match(pattern) for pattern in PREFILTERED)


def test_a_text_that_is_not_ascii_is_not_prefiltered() -> None:
    doc = Document("Zoë went home.")
    assert all(doc.may_match(pattern) for pattern in PREFILTERED)


@pytest.mark.parametrize(
    ("pattern", "form"),
    [
        (re.compile("MRN"), "mrn"),
        (re.compile(r"(?<!\w)a\s"), r"a[\x09-\x0d\x1c-\x20]"),
        (regex.compile(r"a\s"), r"a[\x09-\x0d\x20]"),
        (regex.compile(r"^\d{,3}$"), r"[\x30-\x39]{0,3}"),
        (regex.compile(r"x++y?+z{2}+"), "x+y?z{2}"),
        (regex.compile(r"(?P<sep>[-/])\d\1"), r"([\x2d\x2f])[\x30-\x39](?:[\x2d\x2f])"),
        (regex.compile(r"(?P<hu>h)?ut(?(hu)\.)"), r"(h)?ut(?:\x2e)?"),
        (regex.compile(r"(?-i:\p{Lu})b", regex.IGNORECASE), r"(?:[\x41-\x5a\x61-\x7a])b"),
        (regex.compile("stra\u00dfe|\u017f"), r"stra[^\x00-\x7f]e|s"),  # long s is an "s"
        (regex.compile(r"a(?=b)"), "a"),
        (regex.compile(r"a\Z"), "a"),
    ],
)
def test_prefilter_form(pattern: object, form: str) -> None:
    assert prefilters.prefilter_form(pattern) == form


@pytest.mark.parametrize(
    "pattern",
    [
        regex.compile(r"a(?=b)*"),  # the quantifier would pass to "a"
        regex.compile(r"a\Z?"),
        regex.compile(r"(?x) a b"),
        regex.compile(r"a b", regex.VERBOSE),
        regex.compile(r"(?:ab){e<=1}"),
        regex.compile(r"(?P<x>a)(?P=x)"),
        regex.compile(r"\X"),
        regex.compile(r"[[:alpha:]]"),
        regex.compile(r"(?=(a))b"),  # a group inside a dropped lookahead
        regex.compile("ss", regex.IGNORECASE | regex.FULLCASE),
    ],
)
def test_prefilter_form_refuses_what_it_cannot_spell(pattern: object) -> None:
    assert prefilters.prefilter_form(pattern) is None


@pytest.mark.skipif(gates.hyperscan is None, reason="Hyperscan is not installed")
def test_threads_scan_at_the_same_time() -> None:
    scanner = gates.scanner()
    assert scanner is not None
    lowered = [t.lower() for t in TEXTS if t.isascii()][:100]
    expected = [scanner.scan(t) for t in lowered]
    results: list[bool] = []

    def work() -> None:
        pairs = list(zip(lowered, expected, strict=True)) * 5
        results.append(all(scanner.scan(text) == answers for text, answers in pairs))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 4


def test_ascii_street_gates_answer_as_the_case_folded_ones() -> None:
    fs = foreign_streets
    texts = [t for t in TEXTS if t.isascii()] + [
        "via Roma 10", "Calle Mayor, 5", "c/Mayor 5", "Skoanveien 226", "hegyalja krt. 98.",
        "12 avenue Foch", "29 Rue de Tanger", "ul.\tSlowicza 10", "rua\x0bdo Arenque 1634",
    ]
    for text in texts:
        folded, lowered = text.casefold(), text.lower()
        pairs = zip(fs._ASCII_CONTINENTAL_GATES, fs._CONTINENTAL_GATES, strict=True)
        for ascii_gate, gate in pairs:
            assert (ascii_gate.search(lowered) is None) == (gate.search(folded) is None), text
        assert (fs._ASCII_FRENCH_GATE.search(lowered) is None) == (
            fs._FRENCH_GATE.search(folded) is None
        ), text


@pytest.mark.skipif(gates.hyperscan is None, reason="Hyperscan is not installed")
def test_the_database_is_kept_between_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEGUARD_CACHE_DIR", str(tmp_path))
    built = gates.GateScanner(gates._REGISTERED, gates._PREFILTERED)
    kept = list(tmp_path.glob("gates-*.hsdb"))
    assert len(kept) == 1
    loaded = gates.GateScanner(gates._REGISTERED, gates._PREFILTERED)  # read back
    for text in TEXTS[:200]:
        lowered = Document(text).lower
        if lowered is not None and lowered.isascii():
            assert loaded.scan(lowered) == built.scan(lowered), text
    # a damaged file is built afresh and replaced
    kept[0].write_bytes(b"not a database")
    rebuilt = gates.GateScanner(gates._REGISTERED, gates._PREFILTERED)
    assert rebuilt.scan("12 baker street") == built.scan("12 baker street")
    assert kept[0].read_bytes() != b"not a database"


@pytest.mark.skipif(gates.hyperscan is None, reason="Hyperscan is not installed")
def test_an_unwritable_cache_folder_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv("CASEGUARD_CACHE_DIR", str(blocker / "cache"))
    scanner = gates.GateScanner(gates._REGISTERED, gates._PREFILTERED)
    assert scanner.scan("12 baker street")[0]


@pytest.mark.skipif(gates.hyperscan is None, reason="Hyperscan is not installed")
def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEGUARD_CACHE_DIR", str(tmp_path))

    def refuse(source: str, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(gates.os, "replace", refuse)
    scanner = gates.GateScanner(gates._REGISTERED, gates._PREFILTERED)
    assert scanner.scan("12 baker street")[0]
    assert list(tmp_path.iterdir()) == []
