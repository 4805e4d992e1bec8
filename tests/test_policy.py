"""The policy file: defaults, loading, and overrides that may only tighten."""

from pathlib import Path

import pytest

from caseguard import Action, Category, Policy, PolicyError


def test_default_policy_has_a_rule_for_every_category() -> None:
    policy = Policy.default()
    assert set(policy.rules) == set(Category)
    assert policy.action_for(Category.DATE) is Action.SHIFT
    assert policy.action_for(Category.AGE_OVER_89) is Action.GENERALISE


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _base(tmp_path: Path) -> Path:
    from importlib import resources

    text = resources.files("caseguard").joinpath("data/policy.toml").read_text()
    return _write(tmp_path, "base.toml", text)


def test_override_may_tighten(tmp_path: Path) -> None:
    override = _write(
        tmp_path, "inst.toml",
        'version = "inst-1"\n[categories.NAME]\naction = "redact"\n[text]\nmin_confidence = 0.2\n',
    )
    policy = Policy.load(_base(tmp_path), [override])
    assert policy.action_for(Category.NAME) is Action.REDACT
    assert policy.min_confidence == 0.2
    assert policy.version.endswith("+inst-1")


@pytest.mark.parametrize(
    "override, message",
    [
        ('[categories.NAME]\naction = "keep"\n', "relax"),
        ('[categories.INITIALS]\naction = "surrogate"\n', "relax"),
        ('[text]\nmin_confidence = 0.9\n', "relax"),
        ('[categories.NOPE]\naction = "redact"\n', "unknown category"),
        ('[categories.NAME]\naction = "burn"\n', "unknown action"),
        ("this is = not toml [", "not valid TOML"),
    ],
)
def test_override_that_relaxes_or_is_malformed_is_refused(
    tmp_path: Path, override: str, message: str
) -> None:
    path = _write(tmp_path, "bad.toml", override)
    with pytest.raises(PolicyError, match=message):
        Policy.load(_base(tmp_path), [path])


def test_missing_category_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.toml", '[categories.NAME]\naction = "redact"\n')
    with pytest.raises(PolicyError, match="no rule for category"):
        Policy.load(path)


def test_date_cannot_be_generalised(tmp_path: Path) -> None:
    text = _base(tmp_path).read_text().replace(
        '[categories.DATE]\naction = "shift"', '[categories.DATE]\naction = "generalise"'
    )
    with pytest.raises(PolicyError, match="does not apply"):
        Policy.load(_write(tmp_path, "p.toml", text))


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        Policy.load(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    "override, ok",
    [
        ("[risk]\nhigh_threshold = 1.5\n", True),
        ("[risk]\nhigh_threshold = 3.0\n", False),
        ("[risk.weights]\nrare_disease = 0.9\n", True),
        ("[risk.weights]\nrare_disease = 0.1\n", False),
        ("[dicom]\nretain_device_identity = true\n", False),
        ("[dicom]\nretain_patient_characteristics = false\n", True),
        ("[dicom]\nclean_descriptors = false\n", False),
    ],
)
def test_other_tables_may_only_tighten(tmp_path: Path, override: str, ok: bool) -> None:
    path = _write(tmp_path, "inst.toml", override)
    if ok:
        policy = Policy.load(_base(tmp_path), [path])
        assert policy.extra
    else:
        with pytest.raises(PolicyError, match="relax"):
            Policy.load(_base(tmp_path), [path])


@pytest.mark.parametrize(
    "override, ok",
    [
        ('[image]\ntext_on_images = "remove-all"\n', True),
        ('[image]\nfaces = "cover"\n', False),
        ("[discipline]\nsuspension_strikes = 2\n", True),
        ("[discipline]\nsuspension_strikes = 5\n", False),
        ("[discipline]\ntrusted_after = 3\n", True),
    ],
)
def test_image_and_discipline_tables_may_only_tighten(
    tmp_path: Path, override: str, ok: bool
) -> None:
    path = _write(tmp_path, "inst.toml", override)
    if ok:
        Policy.load(_base(tmp_path), [path])
    else:
        with pytest.raises(PolicyError, match="relax"):
            Policy.load(_base(tmp_path), [path])


def test_date_option_bare_years_may_be_turned_on_not_off(tmp_path: Path) -> None:
    on = _write(tmp_path, "on.toml", '[categories.DATE]\naction = "shift"\nbare_years = true\n')
    policy = Policy.load(_base(tmp_path), [on])
    assert policy.option(Category.DATE, "bare_years")
    assert not Policy.default().option(Category.DATE, "bare_years")
    off = _write(tmp_path, "off.toml", '[categories.DATE]\naction = "shift"\nbare_years = false\n')
    with pytest.raises(PolicyError, match="would relax"):
        Policy.load(_base(tmp_path), [on, off])


@pytest.mark.parametrize(
    "rule, message",
    [
        ('[categories.DATE]\naction = "shift"\nbare_year = true\n', "unknown option 'bare_year'"),
        ('[categories.NAME]\naction = "redact"\nbare_years = true\n', "takes none"),
        ('[categories.DATE]\naction = "shift"\nbare_years = "yes"\n', "true or false"),
    ],
)
def test_unknown_or_malformed_category_option_is_refused(
    tmp_path: Path, rule: str, message: str
) -> None:
    with pytest.raises(PolicyError, match=message):
        Policy.load(_base(tmp_path), [_write(tmp_path, "bad.toml", rule)])
