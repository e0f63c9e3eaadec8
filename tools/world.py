"""Generate the world's states, dependent territories and first-level subdivisions as casus
entities and facts, from ISO 3166-1 and ISO 3166-2 (pycountry) and demonyms (countryinfo).

Run from the repository root:  python -m tools.world   (rewrites the two generated files)
                               python -m tools.world --check   (exit 1 if they are stale)

What it writes (never edit these by hand; change this script or the hand-written files),
besides adding countryinfo's demonyms to the hand-written states in facts/entities.yaml
that have none:
- facts/entities_world.yaml: every ISO 3166-1 entry not already in facts/entities.yaml (states
  and dependent territories) and the first-level ISO 3166-2 subdivisions of SUBDIVIDED states;
- facts/world.yaml: `state(S)` for the new states, and `located_in(P, S)` plus
  `territory_of(P, S)` for every subdivision, citing ISO 3166-2.

Ids (the rule other helpers follow when they add a state by hand): snake_case of the short
common English name, ASCII (pycountry's `common_name`, else its `name` without a
parenthesis or a ", ..." tail; SHORT_NAMES where that is still an official long form), so
`syria`, `iran`, `south_korea`, `vietnam`. States already in facts/entities.yaml keep their
id (matched by ISO code). A subdivision's id is its ISO 3166-2 name (its English form where
the iso-codes project gives one), transliterated to ASCII (š -> sh, ġ -> gh: `tavush`); a
name that is also another entity's id or occurs in several states gets `_<state id>`, and
two of one name in one state (a city and its district) get their ISO suffix (`lankaran_lan`).
Existing places are reused by id or through REUSE, never duplicated.

Sovereignty of dependent territories and every disputed claim is research, not dataset:
those facts are hand-written with their sources in facts/dependencies.yaml and
facts/territory.yaml; this script only names the places.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import importlib.metadata
import io
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import countryinfo
import pycountry
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
HAND_ENTITIES = FACTS / "entities.yaml"
OUT_ENTITIES = FACTS / "entities_world.yaml"
OUT_FACTS = FACTS / "world.yaml"

# ISO 3166-1 entries that are not states: dependent territories and areas. The states are
# the 193 UN member states and the two observer states (Holy See, Palestine) [un-member-states,
# un-observer-states]. Taiwan (TW) is listed here as a place: its status is disputed, and the
# hand-written facts record each side (facts/dependencies.yaml).
NOT_STATES = frozenset(
    "AI AQ AS AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY "
    "MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK TW UM VG VI WF YT".split()
)

# Short common English names where pycountry gives only an official or inverted form.
SHORT_NAMES = {
    "BN": "Brunei", "CD": "DR Congo", "CG": "Republic of the Congo", "CI": "Ivory Coast",
    "FM": "Micronesia", "PS": "Palestine", "RU": "Russia", "VA": "Vatican City",
    "VG": "British Virgin Islands", "VI": "US Virgin Islands", "SH": "Saint Helena",
    "CV": "Cape Verde", "TL": "East Timor", "SZ": "Eswatini", "MK": "North Macedonia",
    "MF": "Saint Martin", "SX": "Sint Maarten", "BQ": "Caribbean Netherlands",
    "UM": "US Minor Outlying Islands", "HM": "Heard and McDonald Islands",
}

# Demonyms: countryinfo's, with the usual English form first where it differs or is missing
# (the forms of the UK government's country names list [fcdo-country-names]).
DEMONYMS = {
    "GB": ["British"], "KG": ["Kyrgyz"], "TJ": ["Tajik"], "KZ": ["Kazakh"], "UZ": ["Uzbek"],
    "AR": ["Argentine"], "PS": ["Palestinian"], "VA": ["Vatican"], "TR": ["Turkish"],
    "TM": ["Turkmen"], "CV": ["Cape Verdean"], "AX": ["Ålander"], "CW": ["Curaçaoan"],
    "GF": ["French Guianese"], "VG": ["British Virgin Islander"],
    "VI": ["US Virgin Islander"], "TC": ["Turks and Caicos Islander"],
}

# States whose subdivisions are generated besides the parties to an instrument: the states
# in the casebook's cases (issue 11).
CASE_STATES = frozenset(
    "SY UA KG TJ KZ AM AZ AR IN CY PH JP CN IQ AF PK US GB FR TR RU".split()
)

# ISO 3166-2 subdivisions that are hand-written places without an ISO code (hand-written
# places with one, e.g. `kursk_oblast` with RU-KRS, are matched by it).
REUSE = {"RS-KM": "kosovo"}

# Subdivisions whose sovereignty is disputed and recorded by hand with every side
# (facts/dependencies.yaml): no generated facts.
DISPUTED = frozenset({"RS-KM"})

# Subdivisions that are also ISO 3166-1 entries: one place, named by its 3166-1 entry.
SAME_AS_ISO1 = {
    "FR-971": "GP", "FR-972": "MQ", "FR-973": "GF", "FR-974": "RE", "FR-976": "YT",
    "FR-PF": "PF", "FR-PM": "PM", "FR-TF": "TF", "FR-WF": "WF", "FR-BL": "BL", "FR-MF": "MF",
    "FR-NC": "NC", "US-AS": "AS", "US-GU": "GU", "US-MP": "MP", "US-PR": "PR", "US-UM": "UM",
    "US-VI": "VI", "NL-AW": "AW", "NL-CW": "CW", "NL-SX": "SX", "CN-HK": "HK", "CN-MO": "MO",
    "CN-TW": "TW", "FI-01": "AX",
}

# Subdivisions that lie apart from their state's metropolitan territory: never located_in
# the state (that would put Hawaii in NATO's North America, rules/README.md), and places whose
# sovereignty the hand-written facts record. Sources: ISO 3166-2 subdivision types (outlying
# area, overseas collectivity, autonomous city in North Africa, arctic region).
APART = frozenset(
    "US-HI ES-CN ES-CE ES-ML PT-20 PT-30 NO-21 NO-22 NL-BQ1 NL-BQ2 NL-BQ3 FR-CP".split()
) | frozenset(SAME_AS_ISO1)

# English forms for subdivisions the cases name, whose ISO 3166-2 name is a transliterated
# adjective ("Belgorodskaya oblast'"); the ISO name stays an alias.
ENGLISH = {
    "RU-BEL": "Belgorod oblast", "RU-BRY": "Bryansk oblast", "UA-14": "Donetsk oblast",
    "UA-09": "Luhansk oblast", "UA-23": "Zaporizhzhia oblast", "UA-65": "Kherson oblast",
    "UA-63": "Kharkiv oblast", "UA-32": "Kyiv oblast", "UA-40": "Sevastopol",
}

# The Alma-Ata Declaration of 21 December 1991: the CIS founders recognised each other's
# borders; subdivisions of these states are their territory from then (as in territory.yaml).
ALMA_ATA = frozenset("AM AZ BY KZ KG MD RU TJ TM UA UZ".split())
ALMA_ATA_DATE = dt.date(1991, 12, 21)

_LETTERS = {"š": "sh", "ž": "zh", "č": "ch", "ġ": "gh", "ć": "ts", "ş": "sh",
            "ŝ": "sh", "ẑ": "z", "ĵ": "j", "ñ": "n", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss",
            "ı": "i", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ə": "a", "ʻ": "", "ʼ": ""}


def ascii_name(name: str) -> str:
    """A name in plain ASCII letters: digraphs for š, ž, č, ġ; other marks dropped."""
    name = unicodedata.normalize("NFC", name).replace("c\u0323", "ts")  # Armenian c̣ (Aragac̣otn)
    out = "".join(_LETTERS.get(ch, _LETTERS.get(ch.lower(), ch)) for ch in name)
    decomposed = unicodedata.normalize("NFKD", out)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode(
        "ascii", "ignore"
    ).decode()


def snake(name: str) -> str:
    """The id of a name: ASCII, lower case, words joined by underscores."""
    words = re.findall(r"[a-z0-9]+", ascii_name(name).replace("'", "").lower())
    ident = "_".join(words)
    return ident if ident[:1].isalpha() else f"n_{ident}"


def short_name(country: Any) -> str:
    """The short common English name of an ISO 3166-1 entry."""
    if country.alpha_2 in SHORT_NAMES:
        return SHORT_NAMES[country.alpha_2]
    name: str = getattr(country, "common_name", None) or country.name
    return re.sub(r"\s*\(.*?\)|,.*$", "", name).strip()


def clean_subdivision_name(name: str) -> str:
    """ISO 3166-2 names carry alternatives in brackets ("Catalunya [Cataluña]") and inverted
    designations after a comma ("Murcia, Región de")."""
    return re.sub(r"\s*\[.*?\]|,.*$", "", name).strip()


@dataclass
class World:
    """The generated entities and facts, in file order."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)


def _read(path: Path) -> list[dict[str, Any]]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return list(data or [])


def _hand_facts() -> list[str]:
    """Every hand-written fact (all facts files but the generated one)."""
    facts = []
    for path in sorted(FACTS.glob("*.yaml")):
        if path.name.startswith("entities") or path in (OUT_FACTS, FACTS / "sources.yaml"):
            continue
        facts += [str(entry["fact"]) for entry in _read(path) if "fact" in entry]
    return facts


def _countryinfo() -> dict[str, dict[str, Any]]:
    by_iso: dict[str, dict[str, Any]] = {}
    for country in countryinfo.all_countries():
        info: dict[str, Any] = dict(country.info())
        by_iso[info["ISO"]["alpha2"]] = info
    return by_iso


def _latin(name: str) -> bool:
    """Names in the Latin script only (aliases are for English text)."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def _aliases(names: Iterable[str], label: str) -> list[str]:
    seen = {label.removeprefix("the ")}
    out = []
    for name in names:
        if name and name not in seen and _latin(name) and not re.fullmatch(r"[A-Z]{2,3}", name):
            seen.add(name)
            out.append(name)
    return out


def _demonyms(code: str, info: dict[str, Any]) -> list[str]:
    given = [d for d in re.split(r",", info.get("demonym") or "") if d.strip()]
    out = []
    for name in [*DEMONYMS.get(code, []), *(d.strip() for d in given)]:
        if name not in out and not (code == "GB" and name == "Welsh"):
            out.append(name)
    return out


def subdivided_states(hand_facts: list[str]) -> set[str]:
    """Ids of the states party to an instrument in the hand-written facts (their first-level
    subdivisions are generated, as are those of CASE_STATES)."""
    return {m for m in re.findall(r"^party\((\w+),", "\n".join(hand_facts), re.M)}


def build() -> World:
    """Entities and facts from pycountry and countryinfo, reusing hand-written ids."""
    hand = _read(HAND_ENTITIES)
    hand_ids = {e["id"] for e in hand}
    iso_ids = {e["iso"]: e["id"] for e in hand if e.get("iso")}
    hand_facts = _hand_facts()
    info = _countryinfo()
    world = World()
    ids_by_iso = {}
    labels = {e["id"]: e["label"].removeprefix("the ") for e in hand}
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        label = short_name(country)
        ident = iso_ids.get(code) or snake(label)
        ids_by_iso[code] = ident
        labels.setdefault(ident, label)
        if ident in hand_ids:
            continue
        kind = "place" if code in NOT_STATES else "state"
        data = info.get(code, {})
        aliases = _aliases(
            [country.name, getattr(country, "official_name", ""), data.get("name", ""),
             *(data.get("altSpellings") or []), data.get("capital") or ""],
            label,
        )
        entity: dict[str, Any] = {"id": ident, "kind": kind, "label": label, "iso": code}
        if aliases:
            entity["aliases"] = aliases
        demonyms = _demonyms(code, data)
        if demonyms:
            entity["demonyms"] = demonyms
        world.entities.append(entity)
        if kind == "state" and f"state({ident})" not in hand_facts:
            state_fact: dict[str, Any] = {"fact": f"state({ident})", "source": "un-member-states"}
            if code in ("PS", "VA"):
                state_fact = {"fact": f"state({ident})", "source": "un-observer-states",
                        "note": "a non-member observer State of the UN; not every UN member "
                                "recognises it" if code == "PS" else "a non-member observer State"}
            world.facts.append(state_fact)
    party_ids = subdivided_states(hand_facts)
    states = sorted(
        code for code, ident in ids_by_iso.items()
        if code not in NOT_STATES and (ident in party_ids or code in CASE_STATES)
    )
    subdivisions = [
        s for code in states
        for s in pycountry.subdivisions.get(country_code=code) or []  # type: ignore[no-untyped-call]
        if s.parent_code is None
    ]
    english = _english_names()
    names = {s.code: ENGLISH.get(s.code) or clean_subdivision_name(english.get(s.name, s.name))
             for s in subdivisions}
    taken = set(hand_ids) | set(ids_by_iso.values())
    counts = Counter(snake(n) for code, n in names.items() if code not in SAME_AS_ISO1)
    candidates = {}
    for sub in subdivisions:
        plain = snake(names[sub.code])
        candidates[sub.code] = REUSE.get(sub.code) or (
            plain if counts[plain] == 1 and plain not in taken
            else f"{plain}_{ids_by_iso[sub.country_code]}"
        )
    twice = Counter(candidates.values())
    for sub in sorted(subdivisions, key=lambda s: s.code):
        state = ids_by_iso[sub.country_code]
        if sub.code in SAME_AS_ISO1:
            continue
        name = names[sub.code]
        ident = iso_ids.get(sub.code) or candidates[sub.code]
        if twice[ident] > 1 and sub.code not in iso_ids:  # a city and a district of one name
            ident = f"{snake(name)}_{sub.code.split('-')[1].lower()}"
        if ident not in hand_ids:
            iso_name = clean_subdivision_name(sub.name)
            label = ascii_name(name).replace("'", "")
            aliases = _aliases([name, iso_name], label)
            entity = {"id": ident, "kind": "place", "label": label, "iso": sub.code,
                      "note": f"{sub.type} of {labels[state]} (ISO 3166-2 {sub.code})"}
            if aliases:
                entity["aliases"] = aliases
            world.entities.append(entity)
        if sub.code in DISPUTED:
            continue
        if sub.code not in APART and f"located_in({ident}, {state})" not in hand_facts:
            world.facts.append({"fact": f"located_in({ident}, {state})", "source": "iso-3166-2"})
        if not any(f.startswith(f"territory_of({ident},") for f in hand_facts):
            fact: dict[str, Any] = {"fact": f"territory_of({ident}, {state})"}
            if sub.country_code in ALMA_ATA:
                fact["from"] = ALMA_ATA_DATE
            fact["source"] = "iso-3166-2"
            world.facts.append(fact)
    return world


def _english_names() -> dict[str, str]:
    """The iso-codes project's English forms of ISO 3166-2 names (few differ)."""
    catalog = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    return {k: v for k, v in catalog._catalog.items()  # type: ignore[attr-defined]
            if isinstance(k, str) and k and k != v}


def _header(what: str) -> str:
    versions = (f"pycountry {importlib.metadata.version('pycountry')}, "
                f"countryinfo {importlib.metadata.version('countryinfo')}")
    return (f"# GENERATED by `python -m tools.world` ({versions}): {what}\n"
            "# Do not edit: change tools/world.py or the hand-written files and rerun it.\n")


def fill_hand_demonyms() -> str:
    """The hand-written entities file with countryinfo's demonyms added to the states that
    have none (never replacing hand-written ones); comments and layout are kept."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    entries = yaml.load(HAND_ENTITIES.read_text(encoding="utf-8"))
    info = _countryinfo()
    for entry in entries:
        if entry.get("kind") == "state" and "demonyms" not in entry and entry.get("iso"):
            demonyms = _demonyms(entry["iso"], info.get(entry["iso"], {}))
            if demonyms:
                entry["demonyms"] = demonyms
    out = io.StringIO()
    yaml.dump(entries, out)
    return out.getvalue()


def render(world: World) -> dict[Path, str]:
    """The two generated files' text: one JSON object per line, a YAML list that the loader
    reads through json (engine/knowledge/facts.py, JSON_LINE), in a stable order."""

    def lines(items: list[dict[str, Any]]) -> str:
        return "".join(f"- {json.dumps(item, ensure_ascii=False, default=str)}\n"
                       for item in items)

    return {
        HAND_ENTITIES: fill_hand_demonyms(),
        OUT_ENTITIES: _header("ISO 3166-1 states and territories, ISO 3166-2 subdivisions")
        + lines(world.entities),
        OUT_FACTS: _header("states, and subdivisions located in and territory of their state")
        + lines(world.facts),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    args = parser.parse_args(argv)
    files = render(build())
    if args.check:
        stale = [p.name for p, text in files.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print(f"stale: {', '.join(stale)}; run python -m tools.world", file=sys.stderr)
            return 1
        return 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({text.count(chr(10)) - 2} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
