"""Score a case text's re-identification risk beyond direct identifiers.

    >>> a = assess("A 47-year-old farmer from Tain presented with haemoptysis.")
    >>> a.level.value
    'high'
    >>> assess("A man in his 50s with right lower lobe pneumonia.").level.value
    'low'

Four detectors (quasi-identifiers, rarity, newsworthiness, unnecessary detail)
each yield evidence; this module turns evidence into weighted, explained factors
and sums the weights. Thresholds and weights come from the policy's ``[risk]``
table (`caseguard.risk.settings`). Quasi-identifiers count by combination: a
number of distinct kinds (three by default) lifts the score to the review
threshold on its own, and to the high threshold when a small place or a rare
occupation is among them.
"""

from __future__ import annotations

from collections.abc import Sequence

from caseguard.findings import Finding
from caseguard.policy import Policy
from caseguard.risk.detail import find_detail
from caseguard.risk.model import Evidence, FactorKind, Level, RiskAssessment, RiskFactor
from caseguard.risk.news import find_news
from caseguard.risk.quasi import QuasiHit, find_quasi_identifiers
from caseguard.risk.rarity import find_rarity
from caseguard.risk.settings import RiskSettings

__all__ = ["assess"]

_KIND_NAMES = {
    "exact_age": "an exact age", "sex": "sex", "place": "a named place",
    "occupation": "an occupation", "ethnicity": "an ethnicity or nationality",
    "date": "a date", "family": "family details",
}
_ADVICE = {
    "ethnicity": "drop {q} unless it matters clinically",
    "date": "replace {q} with an interval (\"two weeks before admission\")",
    "family": "drop {q}",
    "place": "drop {q}",
    "occupation": "drop {q}",
}


def assess(
    text: str, policy: Policy | None = None, findings: Sequence[Finding] | None = None
) -> RiskAssessment:
    """Assess ``text``; ``findings`` of the text engine let a detected place or date count."""
    settings = RiskSettings.from_policy(policy)
    quasi = find_quasi_identifiers(text, findings or (), settings.small_place_population)
    factors = [
        f for f in (
            _quasi_factor(text, quasi, settings),
            *_rarity_factors(text, settings),
            _news_factor(text, quasi, settings),
            _detail_factor(text, settings),
        ) if f is not None
    ]
    score = round(sum(f.weight for f in factors), 3)
    if score >= settings.high_threshold:
        level = Level.HIGH
    elif score >= settings.review_threshold:
        level = Level.REVIEW
    else:
        level = Level.LOW
    factors.sort(key=lambda f: (-f.weight, f.kind.value))
    thresholds = (settings.review_threshold, settings.high_threshold)
    return RiskAssessment(level, score, factors, thresholds)


def _weight_of(hit: QuasiHit, settings: RiskSettings) -> float:
    if hit.sensitive and hit.kind == "place":
        return settings.weight("small_place")
    if hit.sensitive and hit.kind == "occupation":
        return settings.weight("rare_occupation")
    return settings.weight(hit.kind)


def _quasi_factor(text: str, hits: list[QuasiHit], settings: RiskSettings) -> RiskFactor | None:
    best: dict[str, float] = {}
    for hit in hits:
        best[hit.kind] = max(best.get(hit.kind, 0.0), _weight_of(hit, settings))
    sensitive = any(h.sensitive for h in hits)
    if len(best) < 2 and not sensitive:
        return None  # one fact alone ("a man", "a 47-year-old") narrows nothing down
    weight = sum(best.values())
    if len(best) >= settings.combination_kinds:
        floor = settings.high_threshold if sensitive else settings.review_threshold
        weight = max(weight, floor)
    shown = [h for h in hits if h.kind != "sex"]
    kinds = [_KIND_NAMES[k] for k in dict.fromkeys(h.kind for h in hits)]
    small = [h.label for h in hits if h.sensitive]
    explanation = (
        f"Together, {_join(kinds)} can narrow the case down to one person"
        + (f"; {_join(small)} makes that easy." if small else ".")
    )
    advice = []
    for hit in shown:
        quoted = f'"{text[hit.start:hit.end]}"'
        if hit.replacement:
            advice.append(f'{quoted} -> "{hit.replacement}"')
        else:
            advice.append(_ADVICE.get(hit.kind, "drop {q}").format(q=quoted))
    suggestion = "; ".join(dict.fromkeys(advice)) or "Remove all but the details the case needs."
    return RiskFactor(
        FactorKind.QUASI_IDENTIFIERS, _evidence(text, hits), explanation,
        suggestion[:1].upper() + suggestion[1:] + ".", round(weight, 3),
    )


def _rarity_factors(text: str, settings: RiskSettings) -> list[RiskFactor]:
    diseases: list[Evidence] = []
    claims: list[Evidence] = []
    names: dict[str, str] = {}
    for hit in find_rarity(text):
        evidence = Evidence(hit.start, hit.end, text[hit.start:hit.end], hit.label)
        if hit.disease is None:
            claims.append(evidence)
        else:
            diseases.append(evidence)
            names[hit.disease.name] = hit.tier
    out: list[RiskFactor] = []
    if diseases:
        rare = [n for n, t in names.items() if t == "rare"]
        weight = settings.weight("rare_disease" if rare else "uncommon_disease")
        shown = _join(rare or list(names))
        out.append(RiskFactor(
            FactorKind.RARITY, tuple(diseases),
            f"{shown} {'is' if len(names) == 1 else 'are'} rare (Orphanet): few patients share "
            "the diagnosis, so any other detail in the case may point to one of them.",
            "Keep the diagnosis but remove where and when the case happened and any exact "
            "age, occupation or family detail.",
            weight,
        ))
    if claims:
        out.append(RiskFactor(
            FactorKind.RARITY, tuple(claims),
            "Calling the case the first, only or one of a handful reported tells a reader "
            "they can look up the published report of this very patient.",
            f'Drop "{claims[0].text}"; describe the findings without their claim to uniqueness.',
            settings.weight("unique_case"),
        ))
    return out


def _news_factor(text: str, quasi: list[QuasiHit], settings: RiskSettings) -> RiskFactor | None:
    hits = list(find_news(text))
    if not hits:
        return None
    located = [h for h in quasi if h.kind in {"place", "date"}]
    weight = settings.weight("newsworthy") + (
        settings.weight("newsworthy_located") if located else 0.0
    )
    labels = _join(list(dict.fromkeys(h.label for h in hits)))
    explanation = (
        f"The case mentions {labels}, the kind of event the media report; a reader who saw "
        "the story can recognise the patient"
        + (", all the more so with the place or date given." if located else ".")
    )
    advice = [f'"{text[h.start:h.end]}" -> "{h.replacement}"' for h in hits]
    suggestion = (
        "Describe the mechanism clinically, not the event: " + "; ".join(dict.fromkeys(advice))
        + ("; and drop where and when it happened." if located else ".")
    )
    evidence = tuple(
        Evidence(h.start, h.end, text[h.start:h.end], h.label, h.replacement)
        for h in sorted(hits, key=lambda h: h.start)
    )
    return RiskFactor(FactorKind.NEWSWORTHINESS, evidence, explanation, suggestion, weight)


def _detail_factor(text: str, settings: RiskSettings) -> RiskFactor | None:
    hits = sorted(find_detail(text), key=lambda h: h.start)
    if not hits:
        return None
    sentences = {(h.sentence_start, h.sentence_end) for h in hits}
    # each kind of detail is another handle for a neighbour, even in one sentence
    weight = min(
        settings.weight("unnecessary_detail_cap"),
        settings.weight("unnecessary_detail") * len({h.label for h in hits}),
    )
    labels = _join(list(dict.fromkeys(h.label for h in hits)))
    advice = [
        f'"{text[s:e]}": drop it, or say only what matters clinically'
        for s, e in sorted(sentences)
    ]
    return RiskFactor(
        FactorKind.UNNECESSARY_DETAIL,
        tuple(Evidence(h.start, h.end, text[h.start:h.end], h.label, h.replacement) for h in hits),
        f"The text names {labels}: identifying context with no clinical value.",
        "; ".join(advice) + f" (e.g. {hits[0].replacement!r} instead of "
        f"{text[hits[0].start:hits[0].end]!r}).",
        round(weight, 3),
    )


def _evidence(text: str, hits: list[QuasiHit]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(h.start, h.end, text[h.start:h.end], h.label, h.replacement) for h in hits
    )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
