"""Border incidents: clashes, skirmishes and shootouts on a border between states (which some
treaty practice holds below the threshold of aggression), kept apart from places and people
that merely carry the word ('a border town', 'the border crossing', 'border guards')."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import MENTION, Finding, Sentence, negated

# What a border incident is called: fighting on a small scale, not a war or an invasion.
_INCIDENT = (
    r"(?:clash(?:es|ed)?|skirmish(?:es)?|incidents?|shoot-?outs?|firefights?|fire-?fights?|"
    r"gunfights?|gun\s+battles?|exchanges?\s+of\s+(?:gun)?fire|shootings?|fighting|"
    r"(?:armed\s+)?confrontations?)"
)
# 'border' as a modifier of something that is not fighting: 'border town', 'border crossing'.
_NOT_THE_LINE = (
    r"(?:towns?|cit(?:y|ies)|villages?|settlements?|crossings?|checkpoints?|posts?|guards?|"
    r"troops|forces|police|service|security|control|disputes?|agreements?|talks|demarcation|"
    r"delimitation|commissions?|trade|closures?|walls?|fences?|regions?|provinces?|districts?|"
    r"residents|communities|markets?|officials?)\b"
)
_BORDER = rf"(?:border|frontier|boundary)(?:s|\s+line)?\b(?!-)(?!\s+{_NOT_THE_LINE})"
# 'border clashes', 'a cross-border shootout', 'frontier skirmishes'
_COMPOUND = re.compile(
    rf"\b(?:cross-)?(?:border|frontier)\s+(?:(?:guards|troops|forces|patrols|units)\s+)?"
    rf"(?P<n>{_INCIDENT})\b",
    re.IGNORECASE,
)
# 'skirmishes broke out on the internationally-recognized borders of A and B', 'a shootout
# at the border', 'clashes along the A-B border' (the pair is one border mention).
_ON_BORDER = re.compile(
    rf"\b(?P<n>{_INCIDENT})\b(?P<mid>[^.;@]{{0,60}}?)\b(?:on|along|at|near|across|over)\s+"
    rf"(?:the\s+|their\s+|a\s+|its\s+)?(?:(?:[\w-]+|{MENTION})\s+){{0,3}}?"
    rf"(?:{_BORDER}|(?P<b>{MENTION}))",
    re.IGNORECASE,
)
_BORDER_WORD = re.compile(r"(?i:border|frontier|boundary)")
# Lower case only: 'in May' is a date, not a modal.
_HYPOTHETICAL = re.compile(
    r"\b(?:[Ii]f|would|could|might|may|should|risk|fears?|avoid|prevent|threat(?:en(?:ed|s)?)?)\b"
)
_MODAL_AFTER = re.compile(r"\s*(?:[a-z]+\s+)?(?:could|would|might|may|can)\b")
NEGATION_REACH = 40  # characters before the incident searched for 'not', 'never'...


def _is_border(sentence: Sentence, marker: str | None) -> bool:
    """A border named as one place ('the Kyrgyz-Tajik border'); no marker: the word itself."""
    if marker is None:
        return True
    mention = sentence.one(marker)
    return mention.kind == "place" and mention.entity.endswith("_border")


def border_incident(sentence: Sentence) -> Iterator[Finding]:
    """`border_incident(E)` when the sentence reports a clash, skirmish or shootout on a border."""
    if not _BORDER_WORD.search(sentence.frame) and not any(
        m.entity.endswith("_border") for m in sentence.mentions
    ):
        return  # most sentences name no border: skip the longer patterns
    for regex, name, confidence in (
        (_COMPOUND, "border-incident", 0.8),
        (_ON_BORDER, "incident-on-border", 0.75),
    ):
        for match in regex.finditer(sentence.frame):
            if not _is_border(sentence, match.groupdict().get("b")):
                continue
            before = sentence.frame[: match.start()] + (match.groupdict().get("mid") or "")
            if _HYPOTHETICAL.search(before) or _MODAL_AFTER.match(sentence.frame, match.end()):
                continue
            near = before[-NEGATION_REACH:]
            yield Finding("border_incident", ("EVENT",), not negated(near), name, confidence)
            return
