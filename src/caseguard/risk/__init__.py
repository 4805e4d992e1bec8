"""Re-identification risk of a case's text beyond its direct identifiers.

A case can identify its patient by context alone: an exact age, an occupation and
a small town together, a disease a handful of people have, an event that made the
news, or a detail that teaches nothing (an employer, a pet's name). `assess`
scores that risk, explains each factor and proposes the rewrite that removes it.

    >>> from caseguard.risk import assess
    >>> result = assess("A 47-year-old farmer from Tain with Erdheim-Chester disease.")
    >>> result.level.value, sorted(f.kind.value for f in result.factors)
    ('high', ['quasi_identifiers', 'rarity'])
"""

from caseguard.risk.assess import assess
from caseguard.risk.model import Evidence, FactorKind, Level, RiskAssessment, RiskFactor
from caseguard.risk.settings import RiskSettings

__all__ = [
    "Evidence",
    "FactorKind",
    "Level",
    "RiskAssessment",
    "RiskFactor",
    "RiskSettings",
    "assess",
]
