"""Where fighting happened."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import (
    FORCES,
    HOSTILITIES,
    MENTION,
    Finding,
    Sentence,
    negated,
)

_PLACE_OF = r"(?:city|town|villages?|region|province|district|settlements?)\s+of\s+"
_WHERE = re.compile(
    rf"(?P<h>{HOSTILITIES})\b(?P<mid>[^.;@]{{0,90}}?)\b(?P<prep>in|on|near|around|along|inside|into|"
    rf"across|(?:confined|limited|restricted|spread|spreading|spilled\s+over)\s+to)\s+(?:the\s+)?(?:{MENTION}'s\s+)?(?:(?:disputed|breakaway|contested|mountainous|separatist|border|"
    rf"southern|northern|eastern|western|region\s+of|province\s+of|city\s+of|town\s+of|villages?\s+of)\s+)*(?P<p>{MENTION})",
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


def hostilities(sentence: Sentence) -> Iterator[Finding]:
    """'fighting in P', 'P, where clashes erupted', 'fighting between A and B'."""
    for regex, name in ((_WHERE, "hostilities-in"), (_WHERE_REL, "hostilities-where")):
        for match in regex.finditer(sentence.frame):
            place = sentence.one(match.group("p"))
            if place.kind not in ("place", "region", "state") or (
                place.kind == "state"
                and (
                    place.form != "name"
                    or sentence.frame.startswith("'s", match.end())
                    or (match.groupdict().get("prep") or "in").lower()
                    not in ("in", "inside", "across")
                )
            ):
                continue
            if re.search(
                r"\b(?:if|should|unless|could|would)\b[^.;]*$",
                sentence.frame[: match.start()] + match.group("mid"),
                re.IGNORECASE,
            ):
                continue
            positive = not negated(match.group("mid"))
            yield Finding("hostilities_in", ("EVENT", place.entity), positive, name, 0.85)
            pos = match.end()
            while more := _CHAIN.match(sentence.frame, pos):
                other = sentence.one(more.group("p"))
                if other.kind in ("place", "region"):
                    yield Finding("hostilities_in", ("EVENT", other.entity), positive, name, 0.8)
                pos = more.end()
    for match in _BETWEEN.finditer(sentence.frame):
        for marker in (match.group("a"), match.group("b")):
            side = sentence.one(marker)
            if side.kind == "state":
                yield Finding("target", ("EVENT", side.entity), True, "fighting-between", 0.6)
