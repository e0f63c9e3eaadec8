"""Recognise entities in text: knowledge-base names first, then the world's states, places and
borders from the gazetteer, places the text itself introduces, officials, the treaty 'the bloc'
refers to, and adjectives that stand for their state ('the Armenian government'). Pronouns and
other descriptions are resolved in `coref`."""

from __future__ import annotations

import bisect
import copy
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..knowledge.facts import Entity
from .gazetteer import Gazetteer, WorldPlace, slug

# Official titles that tie a named person to the state they speak for.
_TITLES = (
    r"(?i:President|Prime Minister|Premier|Foreign Minister|Defen[cs]e Minister|"
    r"Interior Minister|Deputy Prime Minister|Security Council Secretary|Ambassador|"
    r"Chief of (?:the )?General Staff|leader|spokes(?:man|woman|person)|envoy|"
    r"(?:foreign|defen[cs]e) ministry spokes(?:man|woman)|Secretary of (?:State|Defen[cs]e)|"
    r"Foreign (?:Affairs )?Secretary|Communications Director)"
)
_NAME = r"(?P<name>(?:[A-Z][a-z'’.-]+(?:-[A-Z][a-z]+)?\s){0,2}(?P<last>[A-Z][a-z'’-]+[a-z]))"
# 'Levon Ter Petrosian, the President of Armenia'
_NAME_FIRST = (
    r"(?P<name>(?:[A-Z][a-z'’-]+\s){1,2}(?P<last>[A-Z][a-z'’-]+[a-z])),\s+the\s+(?:\w+\s+)?"
    rf"{_TITLES}\s+of\s+"
)

_ETHNIC = re.compile(r"\bethnic\s+$")  # 'ethnic Armenians' are people, not the state
_ETHNIC_REACH = 40  # characters before an adjective searched for 'ethnic'
ANAPHORA_REACH = 1500  # characters back to the treaty that 'the bloc' refers to
_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:(?:[a-z][\w-]*|[A-Z][a-z]+-led)\s+){0,2}?(?:bloc|alliance|pact|grouping|"
    r"organi[sz]ation)\b"
)
# An adjective that stands for its state: 'the Armenian government', 'Turkish officials'; the
# mention takes in an institution not followed by a name ('the Armenian government asked').
_STANDS_FOR_STATE = re.compile(
    r"\s+(?:(?P<inst>government|authorities|leadership|officials|president|prime\s+minister|"
    r"foreign\s+ministry|defen[cs]e\s+ministry|ministry|cabinet)|request|appeal|"
    r"plea)\b",
    re.IGNORECASE,
)
_NAME_NEXT = re.compile(r"\s+[A-Z]")  # 'Armenian President Serzh Sargsyan': a title
# Places the article introduces: 'the village of X', 'X, a Turkish border town', 'X is a Tajik
# enclave', 'X enclave'.
_PLACE_NOUN = r"(?:village|town|city|province|region|district|enclave|exclave|oblast|shoal|island)"
# A capitalised name of up to three words, matched from word starts only (linear in the text).
_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_CAP = rf"(?<![\w'’-]){_WORD}(?:\s+{_WORD}){{0,2}}"
_INTRODUCED = re.compile(
    rf"\b(?:the\s+(?:[A-Z][a-z]+\s+)?{_PLACE_NOUN}s?\s+of\s+(?P<a>{_CAP})"
    rf"|(?P<b>{_CAP}),\s+(?:a|an|the)\s+(?:[a-z]+\s+){{0,2}}?(?:[A-Z][a-z]+\s+)?(?:border\s+)?"
    rf"(?:{_PLACE_NOUN}|pocket|piece)\b"
    rf"|(?P<c>{_CAP}\s+(?:Shoal|Islands?|Reef|Atoll))\b"
    rf"|(?!(?:The|A|An|This|That|Its|Their)\b)(?P<d>{_CAP})(?:\s+is\s+(?:a|an|the)\s+(?:[a-z]+\s+){{0,2}}?(?:[A-Z][a-z]+\s+)?"
    rf"{_PLACE_NOUN}|\s+(?:enclave|exclave))\b)"
)
_PLACE_WORD = r"(?:Region|Province|Oblast|District|City|Governorate|Prefecture)[,.]?"
# 'Armenian–Azerbaijani border', 'the Kyrgyz-Tajik border', 'Turkey-Syria border'.
_PAIR = re.compile(r"\b(?P<x>[A-Z][a-z]+)\s?[-–—]\s?(?P<y>[A-Z][a-z]+)\s+(?:state\s+)?border\b")
# 'the U.S.-Japan defense treaty': a treaty named by two states, found by its label.
_PAIR_TREATY = re.compile(
    r"\b(?P<x>[A-Z][\w.]*)\s?[-–]\s?(?P<y>[A-Z][\w.]*)\s+(?P<rest>(?:[A-Za-z]+\s+){0,3}?"
    r"(?:[Tt]reaty|[Pp]act|[Aa]lliance))\b"
)
MATCHER_CACHE = 8  # entity sets whose matchers are kept built


@dataclass(frozen=True)
class Mention:
    """An entity named in the text: [start, end) in normalised text, and how it was named
    (pronouns and descriptions are resolved in `coref`)."""

    start: int
    end: int
    entity: str
    kind: str
    form: str  # "name", "adjective", "person", "anaphor" or "pronoun"


def _strip_article(name: str) -> str:
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)


class _Spans:
    """Character spans, tested for overlap in log time: starts sorted, with the running
    maximum of ends (a span overlaps [start, end) iff it starts before `end` and ends after
    `start`), so a text with thousands of mentions stays linear."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # the spans that start before `end`
        return i > 0 and self.reach[i - 1] > start


class EntityMatcher:
    """Longest-match recogniser: knowledge-base and world names, then gazetteer places."""

    def __init__(self, entities: Iterable[Entity], gazetteer: Gazetteer | None = None) -> None:
        kb = {e.id: e for e in entities}
        self.gazetteer = gazetteer or Gazetteer(kb)
        self.entities = dict(kb)
        for state in self.gazetteer.states:
            self.entities[state.id] = state
        self.names: dict[str, tuple[str, str]] = {}
        for entity in [*kb.values(), *self.gazetteer.states]:
            for name in [entity.label, *entity.aliases]:
                self.names.setdefault(_strip_article(name), (entity.id, "name"))
                for variant in (
                    name.replace("ization", "isation"),
                    name.replace("isation", "ization"),
                ):
                    self.names.setdefault(_strip_article(variant), (entity.id, "name"))
                if entity.kind == "treaty" and re.search(r" (?:Treaty|Pact)$", name):
                    head, last = name.rsplit(" ", 1)
                    lower = f"{head} {last.lower()}"  # 'Rio Pact' -> 'Rio pact'
                    self.names.setdefault(_strip_article(lower), (entity.id, "name"))
            if entity.kind == "state":  # the KB's demonyms first, then the gazetteer's
                for adjective in entity.demonyms:
                    self.names.setdefault(adjective, (entity.id, "adjective"))
        for state_id, adjectives in self.gazetteer.adjectives_of.items():
            for adjective in adjectives:
                self.names.setdefault(adjective, (state_id, "adjective"))
        alternatives = sorted(self.names, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<!\w)(?<!\bpro-)(?<!\banti-)(?<!\bex-)(?<!\bnon-)(?:"
            + "|".join(re.escape(n) for n in alternatives)
            + r")(?!\w|-(?:led|dominated|backed|based|born|speaking|majority|controlled|held)\b)"
        )
        states = "|".join(
            re.escape(n) for n in alternatives if self.entities[self.names[n][0]].kind == "state"
        )
        self.officials = re.compile(rf"(?P<state>{states})(?:'s)?\s+(?:{_TITLES})\s+{_NAME}")
        self.officials_after = re.compile(rf"{_NAME_FIRST}(?P<state>{states})\b")
        self.proposed: dict[str, WorldPlace] = {}

    @classmethod
    def for_entities(cls, entities: Iterable[Entity]) -> EntityMatcher:
        """A matcher for these entities, its name tables built once per distinct entity set."""
        listed = list(entities)
        key = tuple((e.id, e.kind, e.label, tuple(e.aliases), e.iso) for e in listed)
        template = _MATCHERS.get(key)
        if template is None:
            template = _MATCHERS[key] = cls(listed)
            while len(_MATCHERS) > MATCHER_CACHE:
                _MATCHERS.pop(next(iter(_MATCHERS)))
        fresh = copy.copy(template)
        fresh.entities = dict(template.entities)
        fresh.proposed = {}
        return fresh

    def _add(self, place: WorldPlace) -> None:
        """Make a place found outside the KB known to this matcher, as a proposal."""
        if place.id not in self.entities:
            kind = "region" if place.kind == "region" else place.kind
            self.entities[place.id] = Entity(id=place.id, kind=kind, label=place.label)  # type: ignore[arg-type]
        if place.id in self.gazetteer.proposed or place.id not in self.gazetteer.country.values():
            self.proposed.setdefault(place.id, place)

    def find(self, text: str) -> list[Mention]:
        """Every mention in `text`, officials' later surname-only mentions included."""
        people: dict[str, str] = {}
        for regex in (self.officials, self.officials_after):
            for match in regex.finditer(text):
                people.setdefault(match.group("last"), self.names[match.group("state")][0])
        mentions = []
        for match in self.pattern.finditer(text):
            entity, form = self.names[match.group(0)]
            end = match.end()
            if form == "adjective":
                reach = max(0, match.start() - _ETHNIC_REACH)
                if _ETHNIC.search(text, reach, match.start()):
                    continue
                if stands := _STANDS_FOR_STATE.match(text, match.end()):
                    form = "name"
                    if stands.group("inst") and not _NAME_NEXT.match(text, stands.end()):
                        end = stands.end()
            mentions.append(Mention(match.start(), end, entity, self.entities[entity].kind, form))
        mentions = self._borders(text, mentions)
        mentions += self._pair_treaties(text, mentions)
        mentions += self._places(text, _Spans((m.start, m.end) for m in mentions))
        if people:
            names = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in people) + r")\b")
            taken = _Spans((m.start, m.end) for m in mentions)
            for match in names.finditer(text):
                if not taken.overlaps(match.start(), match.end()):
                    entity = people[match.group(0)]
                    mentions.append(Mention(match.start(), match.end(), entity, "state", "person"))
        mentions.sort(key=lambda m: m.start)
        return self._anaphora(text, mentions)

    def _borders(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'the Armenian–Azerbaijani border': one border place located in both states."""
        by_start = {m.start: m for m in mentions}
        out = list(mentions)
        for match in _PAIR.finditer(text):
            x, y = by_start.get(match.start("x")), by_start.get(match.start("y"))
            if not (x and y and x.kind == y.kind == "state" and x.entity != y.entity):
                continue
            place = WorldPlace(
                f"{x.entity}_{y.entity}_border",
                "place",
                f"{self.entities[x.entity].label}–{self.entities[y.entity].label} border",
                (x.entity, y.entity),
                "the article (a border between two states)",
            )
            self._add(place)
            out = [m for m in out if not (match.start() <= m.start < match.end())]
            out.append(Mention(match.start(), match.end(), place.id, "place", "name"))
        return out

    def _pair_treaties(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'the U.S.-Japan defense treaty': the KB treaty whose label names both states."""
        by_start = {m.start: m for m in mentions}
        taken = _Spans((m.start, m.end) for m in mentions)
        found = []
        for match in _PAIR_TREATY.finditer(text):
            x, y = by_start.get(match.start("x")), by_start.get(match.start("y"))
            if not (x and y and x.kind == y.kind == "state") or taken.overlaps(
                match.start("rest"), match.end("rest")
            ):
                continue
            for treaty in (e for e in self.entities.values() if e.kind == "treaty"):
                words = set(re.findall(r"[\w.]+", " ".join([treaty.label, *treaty.aliases])))
                if self._names_state(words, x.entity) and self._names_state(words, y.entity):
                    found.append(
                        Mention(match.start("rest"), match.end("rest"), treaty.id, "treaty", "name")
                    )
                    break
        return found

    def _names_state(self, words: set[str], state: str) -> bool:
        """Whether one of a state's names or adjectives is among `words`."""
        return any(i == state and n in words for n, (i, _) in self.names.items())

    def _places(self, text: str, taken: _Spans) -> list[Mention]:
        """Gazetteer places, and places the text introduces ('the village of X')."""
        found: list[Mention] = []
        introduced: dict[str, str] = {}
        for match in _INTRODUCED.finditer(text):
            name = next(match.group(g) for g in "abcd" if match.group(g))
            introduced.setdefault(name, match.group(0))
        for name in introduced:
            if name.isupper() or self.gazetteer.place(name) or name in self.names:
                continue
            self._add(WorldPlace(slug(name), "place", name, (), "the article (a new place)"))
        for run in re.finditer(r"\b[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}", text):
            words = [
                (run.start() + w.start(), run.start() + w.end())
                for w in re.finditer(r"\S+", run.group(0))
            ]
            i = 0
            while i < len(words):
                for n in range(len(words) - i, 0, -1):
                    start, end = words[i][0], words[i + n - 1][1]
                    name = text[start:end]
                    place = self.gazetteer.place(name)
                    if place is None and name in introduced and name not in self.names:
                        place = self.proposed.get(slug(name))
                    inside_name = i + n < len(words) and not re.fullmatch(
                        _PLACE_WORD, text[words[i + n][0] : words[i + n][1]]
                    )  # 'Coast Guard': part of a longer name, not the place 'Coast'
                    if place is not None and not inside_name and not taken.overlaps(start, end):
                        self._add(place)
                        kind = self.entities[place.id].kind
                        found.append(Mention(start, end, place.id, kind, "name"))
                        i += n
                        break
                else:
                    i += 1
        return found

    def _anaphora(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'the bloc', 'the Russian-led alliance': the treaty named last before, else (in a
        headline or lead) the one named next."""
        treaties = [m for m in mentions if m.kind == "treaty"]
        ends = [m.end for m in treaties]  # in text order, as mentions do not overlap
        starts = [m.start for m in treaties]
        found = []
        for match in _ANAPHOR.finditer(text):
            before = bisect.bisect_right(ends, match.start())
            after = bisect.bisect_left(starts, match.end())
            if before and match.start() - treaties[before - 1].end < ANAPHORA_REACH:
                refers = treaties[before - 1].entity
            elif not before and after < len(treaties) and (
                treaties[after].start - match.end() < ANAPHORA_REACH
            ):
                refers = treaties[after].entity
            else:
                continue
            found.append(Mention(match.start(), match.end(), refers, "treaty", "anaphor"))
        return sorted(mentions + found, key=lambda m: m.start)


_MATCHERS: dict[tuple[object, ...], EntityMatcher] = {}
