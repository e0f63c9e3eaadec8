"""Where fighting happened."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .base import (
    FORCES,
    HOSTILITIES,
    MENTION,
    Finding,
    Sentence,
    negated,
    token_matcher,
)

if TYPE_CHECKING:
    from spacy.matcher import Matcher

_PLACE_NOUNS = ["town", "city", "village", "province", "region", "district", "oblast", "enclave"]
_PLACE_NOUNS += ["exclave", "republic"]
_PLACE: dict[str, Any] = {"ENT_TYPE": {"IN": ["place", "region"]}}
_STATE: dict[str, Any] = {"ENT_TYPE": "state"}
_NOUN: dict[str, Any] = {"LOWER": {"IN": _PLACE_NOUNS}}
_OPT_NOUN: dict[str, Any] = {**_NOUN, "OP": "?"}
_POSSESSIVE: dict[str, Any] = {"ORTH": {"IN": ["'s", "’s"]}}
_COMMA: dict[str, Any] = {"ORTH": ","}
# Whose territory a place is: 'Akcakale, a Turkish border town', 'the Yugoslav province of
# Kosovo', 'Osh, Kyrgyzstan's second largest city', 'Syria's Idlib province', 'the Kursk region
# of Russia', 'a pocket of Armenian territory', 'Nagorno-Karabakh lies within Azerbaijan'.
_TERRITORY = {
    "described": [
        [
            _PLACE,
            _COMMA,
            {"LOWER": {"IN": ["a", "an", "the"]}},
            {"IS_LOWER": True, "ENT_TYPE": "", "OP": "{0,2}"},
            _STATE,
            {"LOWER": "border", "OP": "?"},
            _NOUN,
        ],
        [
            _PLACE,
            _COMMA,
            {"LOWER": {"IN": ["a", "an"]}, "OP": "?"},
            {"LOWER": {"IN": ["pocket", "piece", "part", "strip"]}},
            {"LOWER": "of"},
            _STATE,
            {"LOWER": "territory"},
        ],
        [_PLACE, _COMMA, _STATE, _POSSESSIVE, {"ENT_TYPE": "", "OP": "{0,3}"}, _NOUN],
    ],
    "state-first": [
        [{"LOWER": "the"}, _STATE, _NOUN, {"LOWER": "of"}, _PLACE],
        [_STATE, _POSSESSIVE, {"LOWER": {"REGEX": "ern(?:-?most)?$"}, "OP": "?"}, _PLACE],
    ],
    "place-first": [
        [{"LOWER": "the"}, _PLACE, _OPT_NOUN, {"LOWER": "of"}, _STATE],
        [
            _PLACE,
            {"LOWER": {"IN": ["lies", "is"]}},
            {"LOWER": {"IN": ["located", "situated"]}, "OP": "?"},
            {"LOWER": {"IN": ["in", "within"]}},
            _STATE,
        ],
    ],
}


@lru_cache(maxsize=1)
def _territory() -> Matcher:
    return token_matcher(_TERRITORY)


def territory(sentence: Sentence) -> Iterator[Finding]:
    """Whose territory a place is, as the text states it ('X, a Turkish border town')."""
    seen: set[tuple[str, str]] = set()
    doc = sentence.tokens
    for span in _territory()(doc, as_spans=True):
        typed = [t.i for t in span if t.ent_type_]
        place, state = (typed[-1], typed[0]) if span.label_ == "state-first" else typed[:2]
        pair = (sentence.at(place).entity, sentence.at(state).entity)
        if pair not in seen:
            seen.add(pair)
            yield Finding("territory_of", pair, True, "territory", 0.8)


# 'an armed attack on one (or more) of them in Europe': a treaty's words, not an event.
_GENERAL = re.compile(r"\b(?:on|against)\s+(?:one|any|either|each|all)\b", re.IGNORECASE)
_PLACE_OF = r"(?:city|town|villages?|region|province|district|settlements?)\s+of\s+"
_WHERE = re.compile(
    rf"(?P<h>{HOSTILITIES})\b(?P<mid>[^.;@]{{0,90}}?)\b(?P<prep>in|on|near|around|along|inside|into|hit|over|"
    rf"across|(?:confined|limited|restricted|spread|spreading|spilled\s+over)\s+to)\s+(?:the\s+)?(?:{MENTION}'s\s+)?(?:(?:disputed|breakaway|contested|mountainous|separatist|border|"
    rf"[a-z]+ern|region\s+of|province\s+of|city\s+of|town\s+of|villages?\s+of)\s+)*(?P<p>{MENTION})",
    re.IGNORECASE,
)
# More places after the first: 'in P1, P2 and P3', 'near the village of P1 in S's P2 region'.
_CHAIN = re.compile(
    rf"(?:\s+[a-z]+)?(?:,?\s+(?:and|or)\s+|,\s*|\s+in\s+|\s+near\s+)(?:in\s+|near\s+|on\s+)?"
    rf"(?:the\s+)?(?:{_PLACE_OF})?(?:{MENTION}'s\s+)?(?:[a-z]+ern\s+)?(?P<p>{MENTION})",
    re.IGNORECASE,
)
_WHERE_REL = re.compile(
    rf"(?P<p>{MENTION})(?:\s+(?:region|province|area|district|enclave|border\s+area))?,?\s+"
    rf"(?:where|in\s+which)\s+(?:\w+\s+){{0,2}}?{HOSTILITIES}\b(?P<mid>[^.;]{{0,60}})",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    rf"{HOSTILITIES}\s+(?:is\s+|are\s+|has\s+been\s+)?(?:raging\s+|continuing\s+|erupted\s+|"
    rf"broke\s+out\s+)?between\s+(?P<a>{MENTION})(?:\s+{FORCES})?\s+and\s+(?P<b>{MENTION})",
    re.IGNORECASE,
)


def _chain(sentence: Sentence, pos: int, name: str, positive: bool) -> Iterator[Finding]:
    """The places listed after the first one where fighting is reported."""
    while more := _CHAIN.match(sentence.frame, pos):
        other = sentence.one(more.group("p"))
        if other.kind in ("place", "region"):
            yield Finding("hostilities_in", ("EVENT", other.entity), positive, name, 0.8)
        pos = more.end()


def hostilities(sentence: Sentence) -> Iterator[Finding]:
    """'fighting in P', 'P, where clashes erupted', 'fighting between A and B'."""
    for regex, name in ((_WHERE, "hostilities-in"), (_WHERE_REL, "hostilities-where")):
        for match in regex.finditer(sentence.frame):
            place = sentence.one(match.group("p"))
            prep = (match.groupdict().get("prep") or "in").lower()
            state_here = (
                place.kind == "state"
                and place.form == "name"
                and not sentence.frame.startswith("'s", match.end())
                and prep in ("in", "inside", "across")
            )
            if place.kind not in ("place", "region") and not state_here:
                if place.kind == "state":  # 'on the borders of A and B in the P region'
                    yield from _chain(sentence, match.end(), name, not negated(match.group("mid")))
                continue
            if re.search(
                r"\b(?:if|should|unless|could|would)\b[^.;]*$",
                sentence.frame[: match.start()] + match.group("mid"),
                re.IGNORECASE,
            ):
                continue
            if _GENERAL.search(match.group("mid")):
                continue  # a treaty's general clause: 'an attack on one in Europe'
            positive = not negated(match.group("mid"))
            yield Finding("hostilities_in", ("EVENT", place.entity), positive, name, 0.85)
            yield from _chain(sentence, match.end(), name, positive)
    for match in _BETWEEN.finditer(sentence.frame):
        for marker in (match.group("a"), match.group("b")):
            side = sentence.one(marker)
            if side.kind == "state":
                yield Finding("target", ("EVENT", side.entity), True, "fighting-between", 0.6)
