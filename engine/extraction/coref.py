"""Coreference: pronouns ('It asked', 'he said') and descriptions ('the Central Asian state',
'the enclave', 'both countries') resolved to the most recent compatible mention before them.

Which states a regional description covers comes from the UN M49 regions and sub-regions as
`countryinfo` lists them; only the English adjective endings are written here."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import countryinfo

from ..knowledge.facts import Entity
from .entities import Mention, _Spans

PRONOUN_REACH = 600  # characters back to the mention a pronoun refers to
DESCRIPTION_REACH = 1200  # characters back to the mention a description refers to
# Sentence-initial 'He', 'She', 'It' (not 'It is' / 'It was', mostly expletive); 'he' and
# 'she' anywhere; 'it' before a verb of saying or asking.
_PRONOUN = re.compile(
    r"(?:(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[.!?]\"\s))(?P<p>He|She|It)\s+(?!is\b|was\b|has\s+been)"
    r"|\b(?P<q>he|she)\b"
    r"|\b(?P<i>it)(?=\s+(?:has\s+|had\s+|also\s+|formally\s+)*(?:said|says|asked|requested|"
    r"appealed|called|invoked|accused|denied|claimed|announced|sought|turned)\b))"
)
_SENTENCE_END = re.compile(r"[.!?][\"')]*\s+|\n")
# 'the Central Asian state', 'the ex-Soviet Central Asian republic'
_STATE_NOUN = r"(?:state|country|nation|republic|kingdom|neighbou?r)"
# Every region adjective ends so ('Asian', 'European', 'Caribbean').
_REGIONAL_HINT = re.compile(rf"[a-z]an\s+{_STATE_NOUN}\b")
# 'both countries', 'the two states', 'both governments'
_PAIR = re.compile(
    r"\b(?:[Bb]oth|[Tt]he\s+two)\s+(?:countries|states|nations|governments|neighbou?rs|"
    r"republics|capitals)\b"
)
# What a place is called when the text introduces it, and how it is referred to later.
_PLACE_NOUNS = ("enclave", "exclave", "village", "town", "city", "island", "shoal")
_PLACE_NOUN = "|".join(_PLACE_NOUNS)
_DEFINITE_PLACE = re.compile(
    rf"\b[Tt]he\s+(?:[a-z][\w-]*\s+)?(?P<n>{_PLACE_NOUN})\b(?!\s+of\b|-|\s+[A-Z])"
)
_NOUN_BEFORE = re.compile(rf"\b(?:{_PLACE_NOUN})\s+of\s+$")
_NOUN_AFTER = re.compile(
    rf"(?:\s+|(?:,|\s+is)\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?)(?P<n>{_PLACE_NOUN})\b",
    re.IGNORECASE,
)
_NOUN_REACH = 30  # characters around a place mention searched for what it is called
_COMPASS = {
    "Central": ("Central",),
    "Eastern": ("Eastern", "East"),
    "Western": ("Western", "West"),
    "Northern": ("Northern", "North"),
    "Southern": ("Southern", "South"),
    "South-eastern": ("Southeast", "South-East", "South-eastern", "Southeastern"),
    "South-Eastern": ("Southeast", "South-East", "South-eastern", "Southeastern"),
    "Sub-Saharan": ("Sub-Saharan",),
    "Latin": ("Latin",),
}


def _adjective(noun: str) -> str | None:
    """'Asia' -> 'Asian', 'Europe' -> 'European', 'Caribbean' stays."""
    if noun.endswith("a"):
        return noun + "n"
    if noun.endswith("pe"):
        return noun + "an"
    if noun.endswith("an"):
        return noun
    return None


def _region_adjectives(name: str) -> list[str]:
    """English adjectives of an M49 region name: 'Eastern Europe' -> Eastern European,
    East European; 'Latin America and the Caribbean' -> Latin American, Caribbean."""
    out = []
    for part in re.split(r"\s+and\s+(?:the\s+)?", name):
        *compass, noun = part.split()
        adjective = _adjective(noun)
        if adjective is None or len(compass) > 1:
            continue
        prefixes = _COMPASS.get(compass[0], ()) if compass else ("",)
        out += [f"{p} {adjective}".strip() for p in prefixes]
    return out


@lru_cache(maxsize=1)
def region_members() -> dict[str, frozenset[str]]:
    """Region adjective ('Central Asian') -> the ISO alpha-2 codes of the states in that UN M49
    region or sub-region (countryinfo)."""
    members: dict[str, set[str]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = info["ISO"]["alpha2"]
        for name in {info.get("region") or "", info.get("subregion") or ""} - {""}:
            for adjective in _region_adjectives(name):
                members.setdefault(adjective, set()).add(code)
    return {a: frozenset(codes) for a, codes in members.items()}


class _Context:
    """What resolving reads: the text, its mentions in order, and what the entities are."""

    def __init__(
        self, text: str, mentions: Sequence[Mention], entities: Mapping[str, Entity]
    ) -> None:
        self.text = text
        self.mentions = mentions
        self.entities = entities
        self.ends = [m.end for m in mentions]  # mentions do not overlap: ends are ordered too

    def before(self, start: int, reach: int) -> list[Mention]:
        """Mentions that end before `start`, at most `reach` characters back, latest last."""
        i = bisect.bisect_right(self.ends, start)
        j = bisect.bisect_left(self.ends, start - reach)
        return list(self.mentions[j:i])


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` begins (a rough split is enough for salience)."""
    last = 0
    for match in _SENTENCE_END.finditer(text, max(0, pos - PRONOUN_REACH), pos):
        last = match.end()
    return last


def _speaks_for_state(mention: Mention) -> bool:
    return mention.kind == "state" and mention.form != "adjective"


def _pronouns(ctx: _Context) -> list[Mention]:
    """'He said' -> the most recent person; 'It asked' -> the subject (first state named) of
    the latest sentence before that names a state."""
    found = []
    for match in _PRONOUN.finditer(ctx.text):
        group = next(g for g in ("p", "q", "i") if match.group(g))
        start, end = match.span(group)
        before = ctx.before(start, PRONOUN_REACH)
        if match.group(group).lower() != "it":
            people = [m for m in before if m.form == "person"]
            if people:
                found.append(Mention(start, end, people[-1].entity, "state", "person"))
            continue
        states = [m for m in before if _speaks_for_state(m)]
        if not states:
            continue
        first = _sentence_start(ctx.text, states[-1].start)
        subject = next(m for m in states if m.start >= first)
        found.append(Mention(start, end, subject.entity, "state", "pronoun"))
    return found


@lru_cache(maxsize=1)
def _regional_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(a) for a in sorted(region_members(), key=len, reverse=True))
    return re.compile(
        rf"\b[Tt]he\s+(?:[\w-]+\s+){{0,2}}?(?P<r>{names})\s+{_STATE_NOUN}\b(?!\s+of\b)"
    )


def _regional(ctx: _Context) -> list[Mention]:
    """'the Central Asian state' -> the most recent state in that UN M49 (sub-)region."""
    if not _REGIONAL_HINT.search(ctx.text):
        return []  # the region table is read only for a text that may need it
    members = region_members()
    found = []
    for match in _regional_pattern().finditer(ctx.text):
        codes = members[match.group("r")]
        states = [
            m
            for m in ctx.before(match.start(), DESCRIPTION_REACH)
            if m.kind == "state" and ctx.entities[m.entity].iso in codes
        ]
        if states:
            found.append(Mention(match.start(), match.end(), states[-1].entity, "state", "name"))
    return found


def _pairs(ctx: _Context) -> list[Mention]:
    """'both countries' -> the two most recent distinct states, as two mentions of one span."""
    found = []
    for match in _PAIR.finditer(ctx.text):
        latest: list[str] = []
        for mention in reversed(ctx.before(match.start(), DESCRIPTION_REACH)):
            if mention.kind == "state" and mention.entity not in latest:
                latest.append(mention.entity)
            if len(latest) == 2:
                break
        if len(latest) == 2:
            found += [
                Mention(match.start(), match.end(), e, "state", "name") for e in reversed(latest)
            ]
    return found


def _called(ctx: _Context, mention: Mention) -> set[str]:
    """What the text or the knowledge base calls a place: 'the enclave of X', 'X, a Tajik
    enclave', 'X enclave', or a knowledge-base label or note that says so."""
    entity = ctx.entities[mention.entity]
    known = " ".join([entity.label, *entity.aliases, entity.note or ""]).lower()
    nouns = {n for n in _PLACE_NOUNS if re.search(rf"\b{n}\b", known)}
    if found := _NOUN_BEFORE.search(ctx.text, max(0, mention.start - _NOUN_REACH), mention.start):
        nouns.add(found.group(0).split()[0].lower())  # 'the enclave of X'
    if found := _NOUN_AFTER.match(ctx.text, mention.end):
        nouns.add(found.group("n").lower())
    return nouns


def _definite_places(ctx: _Context) -> list[Mention]:
    """'the enclave' -> the most recent place the text or the knowledge base calls an enclave."""
    found = []
    for match in _DEFINITE_PLACE.finditer(ctx.text):
        noun = match.group("n")
        places = [
            m
            for m in ctx.before(match.start(), DESCRIPTION_REACH)
            if m.kind in ("place", "region") and noun in _called(ctx, m)
        ]
        if places:
            last = places[-1]
            found.append(Mention(match.start(), match.end(), last.entity, last.kind, "anaphor"))
    return found


def resolve(text: str, mentions: list[Mention], entities: Mapping[str, Entity]) -> list[Mention]:
    """The mentions with pronouns and descriptions added (any that overlap a mention dropped),
    in text order."""
    ctx = _Context(text, mentions, entities)
    described = _regional(ctx) + _pairs(ctx) + _definite_places(ctx)
    ctx = _Context(text, _merge(mentions, described), entities)
    return _merge(ctx.mentions, _pronouns(ctx))


def _merge(mentions: Sequence[Mention], extra: list[Mention]) -> list[Mention]:
    """Add the mentions of `extra` that overlap neither a mention already found nor an earlier
    one of `extra` (the two mentions 'both countries' stands for share one span)."""
    taken = _Spans((m.start, m.end) for m in mentions)
    kept: list[Mention] = []
    for mention in sorted(extra, key=lambda m: m.start):
        if taken.overlaps(mention.start, mention.end):
            continue
        last = kept[-1] if kept else None
        if last and last.end > mention.start and (last.start, last.end) != (
            mention.start,
            mention.end,
        ):
            continue
        kept.append(mention)
    return sorted([*mentions, *kept], key=lambda m: m.start)
