"""Thresholds and weights of the risk score, read from the policy's ``[risk]`` table.

The built-in policy carries the table; when a policy file has none, `DEFAULTS`
applies, so a policy without ``[risk]`` behaves exactly like the built-in one.
Unknown keys and values of the wrong type are refused with `PolicyError`, so a
typo in an institution's file cannot silently switch a factor off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from caseguard.errors import PolicyError
from caseguard.policy import Policy

__all__ = ["DEFAULTS", "DEFAULT_WEIGHTS", "RiskSettings"]

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType({
    "exact_age": 0.3,
    "sex": 0.1,
    "place": 0.3,
    "small_place": 0.6,
    "occupation": 0.3,
    "rare_occupation": 0.6,
    "ethnicity": 0.3,
    "date": 0.3,
    "family": 0.3,
    "rare_disease": 0.7,
    "uncommon_disease": 0.3,
    "unique_case": 1.0,
    "newsworthy": 1.0,
    "newsworthy_located": 0.5,
    "unnecessary_detail": 0.3,
    "unnecessary_detail_cap": 0.9,
})

DEFAULTS: Mapping[str, Any] = MappingProxyType({
    "review_threshold": 1.0,
    "high_threshold": 2.0,
    "small_place_population": 50_000,
    "combination_kinds": 3,
})


@dataclass(frozen=True)
class RiskSettings:
    """Everything the scorer needs from the policy."""

    review_threshold: float
    high_threshold: float
    small_place_population: int
    combination_kinds: int
    weights: Mapping[str, float]

    @classmethod
    def default(cls) -> RiskSettings:
        return cls.from_mapping({})

    @classmethod
    def from_policy(cls, policy: Policy | None) -> RiskSettings:
        if policy is None:
            policy = Policy.default()
        raw = policy.extra.get("risk", {})
        if not isinstance(raw, Mapping):
            raise PolicyError("[risk] must be a table")
        return cls.from_mapping(raw)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> RiskSettings:
        unknown = set(raw) - set(DEFAULTS) - {"weights"}
        if unknown:
            raise PolicyError(
                f"[risk]: unknown keys {sorted(unknown)}; valid ones are "
                f"{[*sorted(DEFAULTS), 'weights']}"
            )
        values = {key: raw.get(key, default) for key, default in DEFAULTS.items()}
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise PolicyError(f"[risk]: {key} must be a non-negative number")
        raw_weights = raw.get("weights", {})
        if not isinstance(raw_weights, Mapping):
            raise PolicyError("[risk.weights] must be a table")
        unknown = set(raw_weights) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise PolicyError(
                f"[risk.weights]: unknown weights {sorted(unknown)}; "
                f"valid ones are {sorted(DEFAULT_WEIGHTS)}"
            )
        weights = dict(DEFAULT_WEIGHTS)
        for key, value in raw_weights.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise PolicyError(f"[risk.weights]: {key} must be a non-negative number")
            weights[key] = float(value)
        review, high = float(values["review_threshold"]), float(values["high_threshold"])
        if high < review:
            raise PolicyError("[risk]: high_threshold must not be below review_threshold")
        return cls(
            review_threshold=review,
            high_threshold=high,
            small_place_population=int(values["small_place_population"]),
            combination_kinds=max(1, int(values["combination_kinds"])),
            weights=MappingProxyType(weights),
        )

    def weight(self, name: str) -> float:
        return self.weights[name]
