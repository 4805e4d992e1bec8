"""Gates only skip work: every detector finds exactly the same with its gates switched off."""

from __future__ import annotations

import re

import pytest

from caseguard.evaluation.synth import TUNE_SEED, generate
from caseguard.findings import Category
from caseguard.text import (
    contact,
    dates,
    foreign_streets,
    gates,
    identifiers,
    institutions,
    links,
    places,
    postcodes,
    streets,
    vehicles,
)
from caseguard.text.base import Detector, Pattern, PatternDetector, compile_gate
from caseguard.text.document import Document, Gate, GateChain

GATED_MODULES = (contact, dates, identifiers, links, places, postcodes, vehicles)
DETECTORS: list[type[Detector]] = [cls for m in GATED_MODULES for cls in m.DETECTORS]

# one or more texts each gate must let through
EXAMPLES = [
    "Mail jo.smith@example.org or jo (at) example [dot] org; see https://x.example/a",
    "www.example.co.uk and clinic.health/page, host 10.2.3.4 or fe80::1:2:3",
    "Skype: jo.smith99, handle @jsmith_rad, pager 54321, ext. 123, 201/324/1423",
    "MRN 1234567, NPI 1234567893, NHS 943 476 5919, SSN 123-45-6789, Medicare 2123 45670 1",
    "IHI 8003 6012 3456 7890",
    "Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, plate AB12 CDE, 7ABC123",
    "VIN 1HGCM82633A004352, S/N AB12345, station CT_SCAN01, MAC 00:1A:2B:3C:4D:5E, 0a1b.2c3d.4e5f",
    "Lives in NE4 area; SW1A 1AA; Boston, MA 02115; Ohio 43210-1234; NSW 2000; K1A 0B1",
    "Eircode D02 X285, postcode: 2000, zip 90210, Darwin, NT 0800",
    "Seen 12/03/2021, 3-12-21, 1.2.21, 2021-03-12T10:22, 20210312 study date",
    "3rd of March 2021, March 3rd, 2021, twenty-first July, Mar-21, in May, Christmas 2019",
    "born in 1950, until 1987, 7/89, '98, cabg 2009, colectomy '99, spring 2020, on the 11th.",
    "A 93-year-old, aged 95, 94 F, in her nineties, nonagenarian, mother is 96, Craig, 99, here",
    "Apt 4, 12 Baker Street, Springfield, IL 62704; Flat 3b, Barker Rest; PO Box 123; Suite 9",
    "Address: 4 Elm Rd. She lives at Jahu 80, Liiva, near Oxford Road and Mill Village NS B0J 2H0",
    "At St Mary's Hospital, Union Memorial, BALTIMORE VA, MGH ED and our Seattle clinic",
    "Hospital of the Good Samaritan, University of Maryland Medical Center, at the County Hospital",
    "seen at UCSF, seen by GBMC; a woman from Garciahaven",
    "in a 45-year-old man, Summersberg, 11 August 1955",
    "F-MICU/QUARTERMAIN/CCU TEAMS; to Quartermain 6; he lives in Costamezzana 43015",
]


def _corpus() -> list[str]:
    texts = list(EXAMPLES) + [r["text"] for r in generate(60, TUNE_SEED)]
    return texts + [t.upper() for t in texts] + [t.lower() for t in texts]


CORPUS = _corpus()


def _parts(gate: Gate) -> tuple[re.Pattern[str], ...]:
    return gate.parts if isinstance(gate, GateChain) else (gate,)


def _findings(cls: type[Detector], texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
    detector = cls()
    return [
        [(f.start, f.end, f.explanation, f.confidence) for f in detector.detect(Document(t))]
        for t in texts
    ]


@pytest.mark.parametrize("cls", DETECTORS, ids=lambda c: c.__name__)
def test_gates_change_nothing(cls: type[Detector], monkeypatch: pytest.MonkeyPatch) -> None:
    gated = _findings(cls, CORPUS)
    monkeypatch.setattr(Document, "passes", lambda self, gate: True)
    assert gated == _findings(cls, CORPUS)


@pytest.mark.parametrize(
    "cls", [c for c in DETECTORS if issubclass(c, PatternDetector)], ids=lambda c: c.__name__
)
def test_every_match_passes_its_gate(cls: type[PatternDetector]) -> None:
    for pattern, compiled, gate in cls._gated:
        if gate is None:
            continue
        for text in CORPUS:
            if compiled.search(text) is not None:
                for part in _parts(gate):
                    assert part.search(text.lower()) is not None, (pattern.name, part, text)


@pytest.mark.parametrize(
    "cls", [c for c in DETECTORS if issubclass(c, PatternDetector)], ids=lambda c: c.__name__
)
def test_examples_exercise_every_gate(cls: type[PatternDetector]) -> None:
    lowered = [t.lower() for t in EXAMPLES]
    for pattern, _, gate in cls._gated:
        if gate is not None:
            assert any(all(part.search(t) for part in _parts(gate)) for t in lowered), pattern.name


@pytest.mark.parametrize(
    ("text", "faithful"),
    [
        ("MRN 1234", True),
        ("Café Zoë, 3 März", True),
        ("Ki\u017fs", False),  # long s matches "s" case-insensitively
        ("\u0131n 2019", False),  # dotless i matches "i"
        ("\u0130stanbul", False),  # lowers to two characters
    ],
)
def test_lower_is_faithful_or_none(text: str, faithful: bool) -> None:
    lowered = Document(text).lower
    assert (lowered is not None) == faithful
    if lowered is not None:
        assert len(lowered) == len(text)


def test_unfaithful_text_passes_every_gate() -> None:
    doc = Document("\u0130 nothing here")
    assert doc.passes(compile_gate("zzz"))
    assert not Document("nothing here").passes(compile_gate("zzz"))


@pytest.mark.parametrize("gate", ["\\D", "Zip", "caf\u00e9"])
def test_gates_are_lower_case_ascii(gate: str) -> None:
    with pytest.raises(ValueError):
        compile_gate(gate)


def test_a_chain_of_gates_passes_when_all_do_and_stops_at_the_first_that_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # searched one by one (the single Hyperscan pass answers every gate at once)
    monkeypatch.setattr(gates, "hyperscan", None)
    month, day = compile_gate("march"), compile_gate(r"\d+(?:st|nd|rd|th)")
    chain = GateChain((month, day))
    assert Document("Seen on 3rd March").passes(chain)
    assert not Document("Seen on the 3rd").passes(chain)
    doc = Document("Seen in May")
    assert not doc.passes(chain)
    assert month.pattern in doc._gates and day.pattern not in doc._gates
    assert not doc.passes(chain)  # kept: asked again, nothing is searched
    assert doc._gates[chain.pattern] is False


def test_a_gate_can_be_a_tuple_in_a_pattern_table() -> None:
    class Dated(PatternDetector):
        name = "dated"
        PATTERNS = (Pattern("year", r"\bin (\d{4})\b", Category.DATE, 0.5, group=1,
                            gate=(r"\d{4}", "in ")),)

    assert [f.text for f in Dated().detect(Document("Born in 1931."))] == ["1931"]
    assert list(Dated().detect(Document("Born 1931."))) == []


# each place scan with its gate (the gates of the place detectors are not in pattern tables)
PLACE_GATES = [
    (streets._STREET, streets._STREET_GATE),
    (streets._UNIT_STREET, streets._UNIT_STREET_GATE),
    (streets._ADDRESS_LABEL, streets._ADDRESS_LABEL_GATE),
    (foreign_streets.NAMED_STREET, streets._NAMED_STREET_GATE),
    (streets._TOWN_STATE_CODE, streets._TOWN_STATE_CODE_GATE),
    (streets._CUE_BEFORE_STREET, streets._CUE_BEFORE_STREET_GATE),
    (streets._PO_BOX, streets._PO_BOX_GATE),
    (streets._LONE_UNIT, streets._LONE_UNIT_GATE),
    (institutions._GENERAL, institutions._GENERAL_GATE),
    (institutions._INSTITUTION_KEYWORD, institutions._INSTITUTION_KEYWORD_GATE),
    (institutions._CARE_CUE_ACRONYM, institutions._CARE_CUE_ACRONYM_GATE),
    (institutions._INSTITUTION_BEFORE, institutions._INSTITUTION_BEFORE_GATE),
    (institutions._DEDICATION, institutions._DEDICATION_GATE),
    (institutions._SITE_DEPARTMENT, institutions._SITE_DEPARTMENT_GATE),
    (institutions._SAINTS_HOSPITAL, institutions._SAINTS_HOSPITAL_GATE),
    (institutions._OUR_BRANCH, institutions._OUR_BRANCH_GATE),
    (institutions._GENERIC_INSTITUTION, institutions._GENERIC_INSTITUTION_GATE),
    (institutions._NAME_BEFORE_KIND, institutions._NAME_BEFORE_KIND_GATE),
    (places._PERSON_FROM, places._PERSON_FROM_GATE),
    (places._CARE_AT, places._CARE_AT_GATE),
    (places._AGED_PERSON, places._AGED_PERSON_GATE),
    (places._TOWN_SHAPE, places._TOWN_SHAPE_GATE),
    (places._LISTED_WARD, places._LISTED_WARD_GATE),
    (places._WARD, places._WARD_GATE),
    (places._PLACE_AND_CODE, places._PLACE_AND_CODE_GATE),
]


@pytest.mark.parametrize(("pattern", "gate"), PLACE_GATES, ids=lambda p: str(p.pattern)[:30])
def test_place_gates_are_necessary_and_exercised(pattern: re.Pattern[str], gate: Gate) -> None:
    lowered = [t.lower() for t in EXAMPLES]
    assert any(pattern.search(t) for t in EXAMPLES), "no example matches the pattern"
    assert any(all(part.search(t) for part in _parts(gate)) for t in lowered)
    for text in CORPUS:
        if pattern.search(text) is not None:
            for part in _parts(gate):
                assert part.search(text.lower()) is not None, (part, text)
