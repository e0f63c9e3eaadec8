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
from typing import TYPE_CHECKING

from ..knowledge.facts import Entity
from .gazetteer import Gazetteer, WorldPlace, slug
from .nlp import pipeline

if TYPE_CHECKING:  # spaCy is imported where it is used: only extraction pays its start-up
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Official titles that tie a named person to the state they speak for (matched lower-cased).
_TITLES = (
    "President",
    "Prime Minister",
    "Premier",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Interior Minister",
    "Deputy Prime Minister",
    "Security Council Secretary",
    "Ambassador",
    "Chief of General Staff",
    "Chief of the General Staff",
    "leader",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "foreign ministry spokesman",
    "foreign ministry spokeswoman",
    "defence ministry spokesman",
    "defense ministry spokesman",
    "Secretary of State",
    "Secretary of Defence",
    "Secretary of Defense",
    "Foreign Secretary",
    "Foreign Affairs Secretary",
    "Communications Director",
)
NAME_WORDS = 3  # words of a person's name after a title: 'Prime Minister Nikol Pashinyan'
# A name right before these is part of a compound, not the entity: 'pro-Russian', 'US-led'.
_NOT_BEFORE = {"pro", "anti", "ex", "non"}
_NOT_AFTER = {
    "led",
    "dominated",
    "backed",
    "based",
    "born",
    "speaking",
    "majority",
    "controlled",
    "held",
}
# An adjective that stands for its state: 'the Armenian government', 'Turkish officials'; the
# mention takes in an institution not followed by a name ('the Armenian government asked', but
# not 'Armenian President Serzh Sargsyan', a title).
_INSTITUTIONS = (
    ("government",),
    ("authorities",),
    ("leadership",),
    ("officials",),
    ("president",),
    ("prime", "minister"),
    ("foreign", "ministry"),
    ("defence", "ministry"),
    ("defense", "ministry"),
    ("ministry",),
    ("cabinet",),
)
_STANDS_FOR_STATE = (*_INSTITUTIONS, ("request",), ("appeal",), ("plea",))
ANAPHORA_REACH = 1500  # characters back to the treaty that 'the bloc' refers to
_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:(?:[a-z][\w-]*|[A-Z][a-z]+-led)\s+){0,2}?(?:bloc|alliance|pact|grouping|"
    r"organi[sz]ation)\b"
)
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
            if entity.kind == "state":  # the KB's demonyms first, then the gazetteer's
                for adjective in entity.demonyms:
                    self.names.setdefault(adjective, (entity.id, "adjective"))
        for state_id, adjectives in self.gazetteer.adjectives_of.items():
            for adjective in adjectives:
                self.names.setdefault(adjective, (state_id, "adjective"))
        from spacy.matcher import PhraseMatcher

        nlp = pipeline()
        # Treaty and organisation names match in any case ('the Rio pact', 'Nato'); states,
        # adjectives and places only as written ('Turkey', not 'turkey'; 'US', not 'us').
        self.exact = PhraseMatcher(nlp.vocab)
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name, (entity_id, _) in self.names.items():
            kind = self.entities[entity_id].kind
            matcher = self.folded if kind in ("treaty", "organisation") else self.exact
            matcher.add(name, [nlp.make_doc(name)])
        self.titles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.titles.add("TITLE", [nlp.make_doc(title) for title in _TITLES])
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

    def find(self, doc: Doc) -> list[Mention]:
        """Every mention in the tokenised text, officials' later surname-only mentions
        included."""
        text = doc.text
        named = self._names(doc)
        people = self._officials(doc, named)
        mentions = [m for m, _ in named]
        mentions = self._borders(text, mentions)
        mentions += self._pair_treaties(text, mentions)
        mentions += self._places(text, _Spans((m.start, m.end) for m in mentions))
        if people:
            taken = _Spans((m.start, m.end) for m in mentions)
            for token in doc:
                entity = people.get(token.text)
                if entity and not taken.overlaps(token.idx, token.idx + len(token)):
                    end = token.idx + len(token)
                    mentions.append(Mention(token.idx, end, entity, "state", "person"))
        mentions.sort(key=lambda m: m.start)
        return self._anaphora(text, mentions)

    def _names(self, doc: Doc) -> list[tuple[Mention, SpacySpan]]:
        """Knowledge-base and world names, longest first, with their tokens; not inside a
        compound ('pro-Russian', 'US-led'); an adjective of 'ethnic' people is no state."""
        from spacy.util import filter_spans

        matches = [*self.exact(doc, as_spans=True), *self.folded(doc, as_spans=True)]
        out = []
        for span in filter_spans(matches):
            entity, form = self.names[span.label_]
            end = span.end_char
            if _in_compound(doc, span.start, span.end):
                continue
            if form == "adjective":
                if span.start and doc[span.start - 1].lower_ == "ethnic":
                    continue
                stands = next(
                    (w for w in _STANDS_FOR_STATE if _followed_by(doc, span.end, w)), None
                )
                if stands is not None:
                    form = "name"
                    after = span.end + len(stands)
                    if stands in _INSTITUTIONS and not _name_at(doc, after):
                        end = doc[after - 1].idx + len(doc[after - 1])
            kind = self.entities[entity].kind
            out.append((Mention(span.start_char, end, entity, kind, form), span))
        return out

    def _officials(
        self, doc: Doc, named: list[tuple[Mention, SpacySpan]]
    ) -> dict[str, str]:
        """Surnames of officials and the state each speaks for: 'Armenia's Prime Minister
        Nikol Pashinyan', 'Levon Ter Petrosian, the President of Armenia'."""
        ends: dict[int, int] = {}  # title's first token -> one past its last (longest)
        starts: dict[int, int] = {}  # title's last token + 1 -> its first token
        for span in self.titles(doc, as_spans=True):
            ends[span.start] = max(ends.get(span.start, 0), span.end)
            starts[span.end] = min(starts.get(span.end, span.start), span.start)
        people: dict[str, str] = {}
        for mention, span in named:
            if mention.kind != "state":
                continue
            after = span.end + (span.end < len(doc) and doc[span.end].text in ("'s", "’s"))
            if after in ends:
                name = _name_after(doc, ends[after])
                if name:
                    people.setdefault(name[-1].text, mention.entity)
            before = span.start - 1  # '..., the [word] President of' + state
            if before > 0 and doc[before].lower_ == "of" and before in starts:
                name = _name_before(doc, starts[before])
                if name:
                    people.setdefault(name[-1].text, mention.entity)
        return people

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


def _followed_by(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    """Whether the tokens from `i` on are `words` (lower-cased)."""
    return tuple(t.lower_ for t in doc[i : i + len(words)]) == words


def _name_at(doc: Doc, i: int) -> bool:
    """Whether token `i` starts with a capital (a name after a title)."""
    return i < len(doc) and doc[i].text[:1].isupper()


def _glued(doc: Doc, i: int) -> bool:
    """Whether token `i` is a hyphen written between two words with no space."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
    )


def _in_compound(doc: Doc, start: int, end: int) -> bool:
    """'pro-Russian', 'anti-NATO', 'Russian-led', 'US-backed': no mention of the state."""
    if start >= 2 and _glued(doc, start - 1) and doc[start - 2].lower_ in _NOT_BEFORE:
        return True
    return end + 1 < len(doc) and _glued(doc, end) and doc[end + 1].lower_ in _NOT_AFTER


def _is_name_word(token: Token) -> bool:
    return token.is_alpha and token.is_title and len(token) > 1


def _name_after(doc: Doc, i: int) -> list[Token]:
    """The capitalised words of a name that starts at token `i` (at most NAME_WORDS)."""
    words: list[Token] = []
    for token in doc[i : i + NAME_WORDS]:
        if not _is_name_word(token):
            break
        words.append(token)
    return words


def _name_before(doc: Doc, title: int) -> list[Token]:
    """'Levon Ter Petrosian, the [word] President': the name of two or three words before
    ', the' and at most one word ahead of the title at token `title`."""
    for the in (title - 1, title - 2):
        if the > 1 and doc[the].lower_ == "the" and doc[the - 1].text == ",":
            words: list[Token] = []
            for token in reversed(doc[max(0, the - 1 - NAME_WORDS) : the - 1]):
                if not _is_name_word(token):
                    break
                words.insert(0, token)
            return words if len(words) >= 2 else []
    return []


_MATCHERS: dict[tuple[object, ...], EntityMatcher] = {}
