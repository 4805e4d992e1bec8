"""Each risk factor on its own: what raises it, what must not, and where it points."""

from __future__ import annotations

import pytest

from caseguard.risk import FactorKind, assess
from caseguard.risk.detail import find_detail
from caseguard.risk.news import find_news
from caseguard.risk.normalise import normalise
from caseguard.risk.quasi import find_quasi_identifiers
from caseguard.risk.rarity import find_rarity


@pytest.mark.parametrize(
    ("text", "kind", "surface"),
    [
        ("A 47-year-old man", "exact_age", "47-year-old"),
        ("a man aged 47 presented", "exact_age", "aged 47"),
        ("47M with chest pain", "exact_age", "47M"),
        ("A 6-month-old infant", "exact_age", "6-month-old"),
        ("A 60 yo man", "exact_age", "60 yo"),
        ("a farmer from Tain", "place", "from Tain"),
        ("She lives near Dalwhinnie.", "place", "near Dalwhinnie"),
        ("from a remote island", "place", "a remote island"),
        ("a 47-year-old farmer", "occupation", "farmer"),
        ("He is a retired airline pilot.", "occupation", "airline pilot"),
        ("A 30-year-old Polish woman", "ethnicity", "Polish"),
        ("of Somali descent", "ethnicity", "Somali"),
        ("seen on 3 March with pain", "date", "on 3 March"),
        ("collapsed last Tuesday", "date", "last Tuesday"),
        ("a mother of five", "family", "mother of five"),
        ("one of identical twins", "family", "identical twins"),
        ("Her husband John was present.", "family", "Her husband John"),
        ("A 45-YEAR-OLD FISHERMAN FROM TAIN", "occupation", "FISHERMAN"),
        ("a 45 year old fisherman from tain", "place", "from tain"),
    ],
)
def test_quasi_identifier_found_at_its_offsets(text: str, kind: str, surface: str) -> None:
    hits = [h for h in find_quasi_identifiers(text) if h.kind == kind]
    assert [text[h.start:h.end] for h in hits] == [surface]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A man in his 50s", "exact_age"),
        ("day 3 post-op the drain was removed", "date"),
        ("symptoms for 3 days", "date"),
        ("In Wilson disease the liver is small", "place"),
        ("a ruptured Baker cyst", "occupation"),
        ("farmer's lung on CT", "occupation"),
        ("a pilot study of 40 patients", "occupation"),
        ("familial Mediterranean fever", "ethnicity"),
        ("family history of breast cancer in her mother", "family"),
        ("the twin peak sign of a dichorionic pregnancy", "family"),
    ],
)
def test_quasi_identifier_not_raised(text: str, kind: str) -> None:
    assert [h for h in find_quasi_identifiers(text) if h.kind == kind] == []


@pytest.mark.parametrize(
    ("text", "surface", "tier"),
    [
        ("Biopsy confirmed Erdheim-Chester disease.", "Erdheim-Chester disease", "rare"),
        ("ERDHEIM CHESTER DISEASE", "ERDHEIM CHESTER DISEASE", "rare"),
        ("features of Erdheim–Chester", "Erdheim–Chester", "rare"),
        ("Sjögren-Larsson syndrome", "Sjögren-Larsson syndrome", "rare"),
        ("Gaucher disease type II", "Gaucher disease type II", "rare"),
        ("a case of Moyamoya disease", "Moyamoya disease", "uncommon"),
        ("the first reported case of", "the first reported case", "unique_case"),
        ("one of only 12 cases worldwide", "one of only 12 cases worldwide", "unique_case"),
    ],
)
def test_rarity_found(text: str, surface: str, tier: str) -> None:
    hits = list(find_rarity(text))
    assert [(text[h.start:h.end], h.tier) for h in hits] == [(surface, tier)]


def test_abbreviation_defined_in_parentheses_counts_too() -> None:
    text = "Erdheim-Chester disease (ECD) of the long bones. ECD also involves the aorta."
    assert [text[h.start:h.end] for h in find_rarity(text)] == [
        "Erdheim-Chester disease", "ECD", "ECD",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Hodgkin lymphoma", "classic Hodgkin lymphoma", "sarcoidosis", "Crohn disease",
        "Bell palsy", "Parkinson disease", "follicular lymphoma", "multiple sclerosis",
        "community-acquired pneumonia", "a Baker cyst", "Osgood-Schlatter disease",
    ],
)
def test_common_conditions_are_not_rare(text: str) -> None:
    assert list(find_rarity(text)) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("injured in the school shooting", "school shooting"),
        ("was injured in a bus crash", "bus crash"),
        ("a professional footballer with an ACL tear", "professional footballer"),
        ("bitten in a shark attack", "shark attack"),
        ("struck by lightning", "struck by lightning"),
        ("an inmate", "inmate"),
        ("the story went viral", "went viral"),
        ("a victim of the terrorist attack", "terrorist attack"),
    ],
)
def test_newsworthy_cue(text: str, surface: str) -> None:
    assert [text[h.start:h.end] for h in find_news(text)] == [surface]


@pytest.mark.parametrize(
    "text",
    [
        "after a motor vehicle collision", "fall from standing height", "a dog bite to the hand",
        "sports injury playing football", "MP joint effusion",
    ],
)
def test_ordinary_mechanisms_are_not_news(text: str) -> None:
    assert list(find_news(text)) == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("He works at Tesco in town. CT was normal.", "employer"),
        ("She is a member of the Tain Golf Club.", "club or team"),
        ("He crashed his red Ford Focus on the way home.", "vehicle make, model or colour"),
        ("Her dog, Max, was unharmed.", "pet's name"),
        ("The crash was on the A9 near Dalwhinnie.", "exact road or location of an accident"),
        ("She teaches at Kilmuir Primary School.", "school"),
    ],
)
def test_unnecessary_detail_points_at_its_sentence(text: str, label: str) -> None:
    hits = [h for h in find_detail(text) if h.label == label]
    assert hits
    sentence = text[hits[0].sentence_start:hits[0].sentence_end]
    assert sentence.endswith(".") and "CT was normal" not in sentence


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Sjögren's  Syndrome", "sjogren syndrome"),
        ("Erdheim–Chester", "erdheim chester"),
        ("Gaucher disease type II", "gaucher disease type 2"),
        ("ALPORT", "alport"),
    ],
)
def test_normalise(raw: str, normal: str) -> None:
    assert normalise(raw) == normal


def test_every_factor_kind_can_be_raised() -> None:
    text = (
        "A 47-year-old farmer from Tain, a mother of five, was injured in a bus crash "
        "on 3 March. She works at Tesco. Imaging showed Erdheim-Chester disease."
    )
    assert assess(text).kinds() == set(FactorKind)


def test_age_over_89_is_never_generalised_to_a_younger_band() -> None:
    from caseguard.risk.quasi import _age_band

    assert _age_band(93, "her") == "aged 90 or older"
    assert _age_band(47, "her") == "in her 40s"
