"""The policy as data: per category an action and its options, loaded from TOML.

The platform's policy ships in the package (``data/policy.toml``). An institution
may add an override file that tightens it (a stricter action, a lower confidence
threshold); an override that would relax the base is refused with `PolicyError`.

>>> policy = Policy.default()
>>> policy.action_for(Category.NAME)
<Action.SURROGATE: 'surrogate'>
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from caseguard.errors import PolicyError
from caseguard.findings import Action, Category

__all__ = ["CategoryRule", "Policy"]

_ALLOWED = {
    Category.DATE: {Action.SHIFT, Action.REDACT, Action.MASK, Action.SURROGATE},
    Category.AGE_OVER_89: {Action.GENERALISE, Action.REDACT, Action.MASK},
}


@dataclass(frozen=True)
class CategoryRule:
    """What to do with one category."""

    action: Action
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Policy:
    """A complete policy: a rule per category plus engine options."""

    version: str
    rules: Mapping[Category, CategoryRule]
    min_confidence: float = 0.3
    extra: Mapping[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @classmethod
    def default(cls) -> Policy:
        text = resources.files("caseguard").joinpath("data/policy.toml").read_text("utf-8")
        return cls.from_mapping(_parse(text, "built-in policy"), source="built-in")

    @classmethod
    def load(
        cls, path: str | Path | None, overrides: Sequence[str | Path] | None = None
    ) -> Policy:
        """Load a base policy file (None: the built-in one), then apply each override,
        refusing any that relaxes it."""
        base = cls.default() if path is None else cls.from_mapping(
            _read(Path(path)), source=str(path)
        )
        for override in overrides or []:
            base = base.tightened_by(_read(Path(override)), source=str(override))
        return base

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "") -> Policy:
        version = str(data.get("version", "unversioned"))
        raw_rules = data.get("categories", {})
        if not isinstance(raw_rules, Mapping):
            raise PolicyError(f"{source}: [categories] must be a table")
        rules: dict[Category, CategoryRule] = {}
        for category in Category:
            raw = raw_rules.get(category.value)
            if raw is None:
                raise PolicyError(f"{source}: no rule for category {category.value}")
            rules[category] = _rule(category, raw, source)
        unknown = set(raw_rules) - {c.value for c in Category}
        if unknown:
            raise PolicyError(
                f"{source}: unknown categories {sorted(unknown)}; "
                f"valid ones are {[c.value for c in Category]}"
            )
        text_opts = data.get("text", {})
        min_conf = _confidence(text_opts.get("min_confidence", 0.3), source)
        extra = {k: v for k, v in data.items() if k not in {"version", "categories", "text"}}
        return cls(version, rules, min_conf, extra, (source,))

    def tightened_by(self, data: Mapping[str, Any], source: str = "") -> Policy:
        """Apply an institution override. Stricter actions and thresholds only."""
        rules = dict(self.rules)
        raw_rules = data.get("categories", {})
        for name, raw in raw_rules.items():
            try:
                category = Category(name)
            except ValueError:
                raise PolicyError(f"{source}: unknown category {name!r}") from None
            new = _rule(category, raw, source)
            old = rules[category]
            if new.action.strictness < old.action.strictness:
                raise PolicyError(
                    f"{source}: {name} action {new.action.value!r} would relax "
                    f"{old.action.value!r}; an override may only tighten the policy"
                )
            for key, value in new.options.items():
                before = old.options.get(key)
                if before is not None and before != value and not _stricter(
                    _OPTIONS[category][key], before, value
                ):
                    raise PolicyError(
                        f"{source}: categories.{name}.{key} = {value!r} would relax "
                        f"{before!r}; an override may only tighten the policy"
                    )
            rules[category] = CategoryRule(new.action, {**old.options, **new.options})
        min_conf = self.min_confidence
        if "text" in data and "min_confidence" in data["text"]:
            new_conf = _confidence(data["text"]["min_confidence"], source)
            if new_conf > self.min_confidence:
                raise PolicyError(
                    f"{source}: min_confidence {new_conf} would relax {self.min_confidence}; "
                    "an override may only lower it"
                )
            min_conf = new_conf
        extra = _tighten_extra(self.extra, data, source)
        version = f"{self.version}+{data.get('version', 'override')}"
        return replace(
            self, version=version, rules=rules, min_confidence=min_conf, extra=extra,
            sources=(*self.sources, source),
        )

    def action_for(self, category: Category) -> Action:
        return self.rules[category].action

    def option(self, category: Category, key: str) -> bool:
        """A category's option (see `_OPTIONS`); off unless the policy turns it on."""
        return bool(self.rules[category].options.get(key, False))


# How each option of the other tables may move: "down" (a threshold), "up" (a weight,
# a population bound), "off"/"on" (a retain or a clean switch), or an order of values
# from weakest to strictest.
_DIRECTIONS: dict[str, dict[str, str | tuple[str, ...]]] = {
    "risk": {"review_threshold": "down", "high_threshold": "down",
             "small_place_population": "up", "combination_kinds": "down"},
    "risk.weights": {"*": "up"},
    "dicom": {"retain_*": "off", "clean_*": "on"},
    "image": {"text_on_images": ("phi", "remove-all"), "faces": ("cover", "block")},
    "discipline": {"warning_strikes": "down", "suspension_strikes": "down",
                   "trusted_after": "up"},
}


def _direction(section: str, key: str) -> str | tuple[str, ...] | None:
    rules = _DIRECTIONS.get(section, {})
    if key in rules:
        return rules[key]
    for pattern, direction in rules.items():
        if pattern.endswith("*") and key.startswith(pattern[:-1]):
            return direction
    return None


def _tighten_extra(
    base: Mapping[str, Any], data: Mapping[str, Any], source: str, prefix: str = ""
) -> dict[str, Any]:
    """Merge an override's other tables into the base, refusing any relaxing value."""
    merged: dict[str, Any] = {k: v for k, v in base.items()}
    for key, value in data.items():
        if not prefix and key in {"version", "categories", "text"}:
            continue
        section = f"{prefix}.{key}" if prefix else key
        old = merged.get(key)
        if isinstance(value, Mapping):
            merged[key] = _tighten_extra(old if isinstance(old, Mapping) else {}, value,
                                         source, section)
            continue
        if old is not None and old != value:
            direction = _direction(prefix, key)
            if direction is None or not _stricter(direction, old, value):
                raise PolicyError(
                    f"{source}: {section} = {value!r} would relax {old!r}; "
                    "an override may only tighten the policy"
                )
        merged[key] = value
    return merged


def _stricter(direction: str | tuple[str, ...], old: Any, new: Any) -> bool:
    if isinstance(direction, tuple):
        return old in direction and new in direction and direction.index(new) >= direction.index(
            old
        )
    if direction == "off":
        return new is False
    if direction == "on":
        return new is True
    if not isinstance(old, int | float) or not isinstance(new, int | float):
        return False
    return new <= old if direction == "down" else new >= old


def _read(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read policy file ({exc.strerror})") from None
    return _parse(text, str(path))


def _parse(text: str, source: str) -> Mapping[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML ({exc})") from None


def _rule(category: Category, raw: Any, source: str) -> CategoryRule:
    if not isinstance(raw, Mapping) or "action" not in raw:
        raise PolicyError(f"{source}: categories.{category.value} needs an action")
    try:
        action = Action(raw["action"])
    except ValueError:
        raise PolicyError(
            f"{source}: categories.{category.value}: unknown action {raw['action']!r}; "
            f"valid actions are {[a.value for a in Action]}"
        ) from None
    allowed = _ALLOWED.get(category)
    if allowed is not None and action not in allowed and action is not Action.KEEP:
        raise PolicyError(
            f"{source}: categories.{category.value}: action {action.value!r} does not apply; "
            f"use one of {sorted(a.value for a in allowed)}"
        )
    options = {k: v for k, v in raw.items() if k != "action"}
    known = _OPTIONS.get(category, {})
    for key, value in options.items():
        if key not in known:
            raise PolicyError(
                f"{source}: categories.{category.value}: unknown option {key!r}"
                + (f"; valid ones are {sorted(known)}" if known else "; it takes none")
            )
        if not isinstance(value, bool):
            raise PolicyError(f"{source}: categories.{category.value}.{key} must be true or false")
    return CategoryRule(action, options)


# The options a category's rule takes, and which way an override may move each. DATE's
# bare_years reports a year that stands alone ("diagnosed in 2019"), which Safe Harbor
# keeps; an override may turn it on.
_OPTIONS: dict[Category, dict[str, str]] = {Category.DATE: {"bare_years": "on"}}


def _confidence(value: Any, source: str) -> float:
    if not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
        raise PolicyError(f"{source}: min_confidence must be a number from 0 to 1")
    return float(value)
