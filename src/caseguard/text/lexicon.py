"""Word lists the name and place detectors consult, loaded once per process.

Where each list comes from (and its licence) is in scripts/build_lexicon.py and
the README. Every lookup takes a case-folded word.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache, lru_cache
from importlib import resources

__all__ = [
    "TITLES",
    "clinical_terms",
    "common_word",
    "drug_words",
    "eponyms",
    "first_names",
    "in_dictionary",
    "is_clipped_term",
    "is_dictionary_word",
    "is_first_name",
    "is_personal_name",
    "last_names",
    "medical_words",
    "preload",
    "street_types",
    "surrogate_first_names",
    "surrogate_last_names",
    "word_frequency",
]

TITLES = frozenset(
    "dr doctor mr mrs ms miss mx prof professor sister nurse rev reverend father sir dame "
    "lady lord mister madam mme mlle herr frau".split()
)
# Clinical abbreviations that look like initials ("pt CT", "(MRI)") or parts of a name.
MEDICAL_ACRONYMS = frozenset(
    """ct mr mri us ed er or icu ccu hdu pe dvt mi cva tia uti ms ra oa gi gu cvs rs cns ent
    ecg ekg eeg iv im sc po pr ng og et cxr axr kub hiv hcv hbv tb copd chf ckd aki ards
    bp hr rr gcs ac pc dm af vf vt svt av sa rv lv ra la ivc svc pa ao abg vbg fbc cbc
    lft lfts ufe ue crp esr inr pt ptt aptt bnp tsh bmi hb wbc plt na cl ca mg po4 ok no
    ap pa lat ml cm mm kg mg ng ug iu mmol dx hx rx tx sx fx bx sob cp nad nkda ama dnr dni
    fu f/u ot pt slt sw ln lns ap dr mr ms mrs id dob mrn nhs ssn hfref hfpef jama nejm bmj
    ecog who nice uo ps npo nt oob tol sob ams tv rua lua rle lle rue lue ng ogt ngt peg
    prn qd bid tid qid hs ac pc po pr sl sq im iv ivp ivpb kvo tko dc d/c noc npn ir sr""".split()
)
_SUFFIXES = ("'s", "’s", "s", "es", "ed", "d", "ing", "ly", "er", "ers")


def _lines(name: str) -> frozenset[str]:
    text = resources.files("caseguard").joinpath(f"data/lexicon/{name}").read_text("utf-8")
    return frozenset(
        word.casefold()
        for line in text.splitlines()
        if line and not line.startswith("#")
        for word in line.split()
    )


@cache
def first_names() -> frozenset[str]:
    return _lines("first_names.txt")


@cache
def last_names() -> frozenset[str]:
    return _lines("last_names.txt")


@cache
def medical_words() -> frozenset[str]:
    return _lines("medical_words.txt") | clinical_terms()


@cache
def clinical_terms() -> frozenset[str]:
    """Our own list of clinical words that are never names here ("neo", "levo", "quinton")."""
    return _lines("clinical_terms.txt")


@cache
def drug_words() -> frozenset[str]:
    """One-word drug names and brands that are not personal names ("Kefzol", "Serevent")."""
    return _lines("drug_words.txt")


@cache
def _terms_in_order() -> list[str]:
    """Medical words and drugs that turn up in general text at all, in order: notes clip
    words in use, not "turalio", whose first letters are a surname."""
    return sorted(w for w in medical_words() | drug_words() if word_frequency(w) > 0)


def is_clipped_term(word: str) -> bool:
    """The first letters of a longer medical word or drug: "afeb", "bronch", "clinda".

    Notes clip words at will; a clipping keeps at least three letters and drops at least two.
    """
    if len(word) < 3:
        return False
    terms = _terms_in_order()
    i = bisect_left(terms, word)
    while i < len(terms) and terms[i].startswith(word):
        if len(terms[i]) >= len(word) + 2:
            return True
        i += 1
    return False


@cache
def common_surnames() -> frozenset[str]:
    return _lines("common_surnames.txt")


# Word endings of drug classes (INN stems) and clinical terms: "oxacillin", "metoprolol".
_MEDICAL_ENDINGS = (
    "cillin", "mycin", "micin", "floxacin", "cycline", "azole", "conazole", "olol", "pril",
    "sartan", "statin", "prazole", "tidine", "mab", "nib", "parin", "dronate", "caine", "azepam",
    "azolam", "pine", "setron", "triptan", "vir", "gliptin", "glitazone", "gliflozin", "lukast",
    "terol", "sone", "olone", "afil", "oxetine", "ectomy", "otomy", "ostomy", "plasty", "scopy",
    "graphy", "itis", "emia", "aemia", "algia", "osis", "oma", "pathy", "penia", "philia",
    "plegia", "paresis", "trophy", "megaly", "rrhea", "rrhoea", "uria", "cardia", "pnea",
    "pnoea", "lysis", "genic", "iasis", "ologist", "ology", "ician", "iatrist", "iatry",
    "ographer", "otherapy",
)


def _inflection_of(word: str, words: frozenset[str]) -> bool:
    """``word`` is in ``words``, or is one of them with an ending ("labs", "sedated", "homes")."""
    return word in words or any(
        word.endswith(sfx) and (word[: -len(sfx)] in words or word[: -len(sfx)] + "e" in words)
        for sfx in _SUFFIXES
    )


@lru_cache(maxsize=1 << 16)
def is_medical(word: str) -> bool:
    """A medical word, an inflection of one ("labs", "sedated"), or a drug-like coinage."""
    return (
        _inflection_of(word, medical_words())
        or (
            len(word) > 6 and word.endswith(_MEDICAL_ENDINGS)
            and word not in last_names() and word not in first_names()
        )
    )


def is_personal_name(word: str) -> bool:
    """A first name or a surname in the name lists."""
    return word in first_names() or word in last_names()


def is_only_medical(word: str) -> bool:
    """A medical word that is not also a personal name ("Hampton" is both: not only)."""
    if is_personal_name(word):
        return False
    return is_medical(word)


@cache
def street_types() -> frozenset[str]:
    """Words that end a street's name: "Street", "Rapids", "Approach", "Marg"."""
    return _lines("street_types.txt")


@cache
def eponyms() -> frozenset[str]:
    return _lines("eponyms.txt")


def frequencies() -> dict[str, float]:
    """Every word's frequency in general English text (wordfreq's "best" list)."""
    return _frequencies()


@cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


@cache
def _dictionary_words() -> frozenset[str]:
    """Lower-case entries of Webster's 2nd (public domain): words that are not only names."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False) if w.islower())


def word_frequency(word: str) -> float:
    """Frequency of a word in general English text (0 when unseen)."""
    return _frequencies().get(word, 0.0)


@cache
def _common() -> frozenset[str]:
    """Words common in English as words, not merely as names.

    A dictionary word that is also frequent counts; so does any very frequent
    word that no name list holds (inflections are missing from the dictionary).
    """
    freqs = _frequencies()
    dictionary = _dictionary_words()
    personal = first_names() | last_names()
    surnames = common_surnames()
    firsts = first_names()
    common = {w for w in dictionary if freqs.get(w, 0.0) >= 1e-6}
    common.update(w for w, f in freqs.items() if f >= 5e-6 and w not in personal and w.isalpha())
    # Frequent words that a long surname list happens to hold ("began", "members"):
    # frequent as words, since neither a first name nor a common surname.
    common.update(
        w for w, f in freqs.items()
        if f >= 1e-5 and w.isalpha() and w not in firsts and w not in surnames
    )
    return frozenset(common)


def in_dictionary(word: str) -> bool:
    """A lower-case entry of Webster's 2nd, or an inflection of one ("walked", "homes")."""
    return _inflection_of(word, _dictionary_words())


def is_dictionary_word(word: str) -> bool:
    """A lower-case entry of Webster's 2nd that turns up in general text: "gauze", "dusky"."""
    return word in _dictionary_words() and word_frequency(word) >= 1e-7


@lru_cache(maxsize=1 << 16)
def common_word(word: str) -> bool:
    """A common English word, or an inflection of one ("walked", "wires", "sensing")."""
    return _inflection_of(word, _common())


def is_first_name(word: str) -> bool:
    return word in first_names()


@cache
def surrogate_first_names(sex: str | None = None) -> tuple[str, ...]:
    """Pool of first names for surrogates: "female", "male", or any (None)."""
    if sex == "female":
        return _surrogate_pool(_lines("female_first_names.txt"))
    if sex == "male":
        return _surrogate_pool(_lines("male_first_names.txt"))
    return _surrogate_pool(first_names())


def sex_of_first_name(word: str) -> str | None:
    if word in _lines_cached("female_first_names.txt"):
        return "female"
    if word in _lines_cached("male_first_names.txt"):
        return "male"
    return None


@cache
def _lines_cached(name: str) -> frozenset[str]:
    return _lines(name)


@cache
def surrogate_last_names() -> tuple[str, ...]:
    return _surrogate_pool(last_names())


def _surrogate_pool(names: frozenset[str]) -> tuple[str, ...]:
    # Plain, unambiguous names only, so a surrogate never reads as a clinical word.
    medical = medical_words()
    pool = sorted(
        n for n in names
        if n.isalpha() and 4 <= len(n) <= 9 and n not in medical and not common_word(n)
        and word_frequency(n) >= 5e-7
    )
    return tuple(n.capitalize() for n in pool)


def preload() -> None:
    """Load every word list now rather than at first need: a server's first request, or a
    timed run, then does not pay for it."""
    for load in (
        first_names, last_names, medical_words, drug_words, _terms_in_order, common_surnames,
        street_types, eponyms, _frequencies, _dictionary_words, _common,
    ):
        load()
