"""Recognise knowledge-base entities in text by label, alias, demonym and named officials."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..knowledge.facts import Entity

# Official titles that tie a named person to the state they speak for.
_TITLES = (
    r"(?i:President|Prime Minister|Premier|Foreign Minister|Defen[cs]e Minister|"
    r"Interior Minister|Deputy Prime Minister|Security Council Secretary|Ambassador|"
    r"Chief of (?:the )?General Staff|leader|spokes(?:man|woman|person)|envoy|"
    r"(?:foreign|defen[cs]e) ministry spokes(?:man|woman))"
)
_NAME = r"(?P<name>(?:[A-Z][a-z'’.-]+(?:-[A-Z][a-z]+)?\s){0,2}(?P<last>[A-Z][a-z'’-]+[a-z]))"


_ETHNIC = re.compile(r"\bethnic\s+$")  # 'ethnic Armenians' are people, not the state
_ETHNIC_REACH = 40  # characters before an adjective searched for 'ethnic'
ANAPHORA_REACH = 1500  # characters back to the treaty that 'the bloc' refers to
_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:(?:[a-z][\w-]*|[A-Z][a-z]+-led)\s+){0,2}?(?:bloc|alliance|pact|grouping|"
    r"organi[sz]ation)\b"
)


@dataclass(frozen=True)
class Mention:
    """An entity named in the text: [start, end) in normalised text, and how it was named."""

    start: int
    end: int
    entity: str
    kind: str
    form: str  # "name", "adjective" (Armenian forces), "person" (an official) or "anaphor"


def demonym(label: str) -> str | None:
    """The adjective of a state's name by the regular English patterns (Armenia -> Armenian),
    for states whose entity lists no demonyms."""
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


def _strip_article(name: str) -> str:
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)


class EntityMatcher:
    """Longest-match recogniser over the labels and aliases of knowledge-base entities."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = {e.id: e for e in entities}
        self.names: dict[str, tuple[str, str]] = {}
        for entity in self.entities.values():
            for name in [entity.label, *entity.aliases]:
                self.names.setdefault(_strip_article(name), (entity.id, "name"))
            if entity.kind == "state":
                guessed = demonym(entity.label)
                for adjective in entity.demonyms or ([guessed] if guessed else []):
                    self.names.setdefault(adjective, (entity.id, "adjective"))
        alternatives = sorted(self.names, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in alternatives) + r")(?![\w]|-\w)"
        )
        states = "|".join(
            re.escape(n) for n in alternatives if self.entities[self.names[n][0]].kind == "state"
        )
        self.officials = re.compile(rf"(?P<state>{states})(?:'s)?\s+(?:{_TITLES})\s+{_NAME}")

    def find(self, text: str) -> list[Mention]:
        """Every mention in `text`, officials' later surname-only mentions included."""
        people: dict[str, str] = {}
        for match in self.officials.finditer(text):
            people.setdefault(match.group("last"), self.names[match.group("state")][0])
        mentions = []
        for match in self.pattern.finditer(text):
            entity, form = self.names[match.group(0)]
            reach = max(0, match.start() - _ETHNIC_REACH)
            if form == "adjective" and _ETHNIC.search(text, reach, match.start()):
                continue
            mentions.append(
                Mention(match.start(), match.end(), entity, self.entities[entity].kind, form)
            )
        if people:
            names = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in people) + r")\b")
            for match in names.finditer(text):
                entity = people[match.group(0)]
                mentions.append(Mention(match.start(), match.end(), entity, "state", "person"))
        mentions.sort(key=lambda m: m.start)
        return self._anaphora(text, mentions)

    def _anaphora(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'the bloc', 'the Russian-led alliance': the treaty named last before, if any."""
        treaties = [m for m in mentions if m.kind == "treaty"]
        ends = [m.end for m in treaties]  # in text order, as mentions do not overlap
        found = []
        for match in _ANAPHOR.finditer(text):
            before = bisect.bisect_right(ends, match.start())
            last = treaties[before - 1] if before else None
            if last and match.start() - last.end < ANAPHORA_REACH:
                found.append(Mention(match.start(), match.end(), last.entity, "treaty", "anaphor"))
        return sorted(mentions + found, key=lambda m: m.start)
