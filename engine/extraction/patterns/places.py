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

_WHERE = re.compile(
    rf"(?P<h>{HOSTILITIES})\b(?P<mid>[^.;@]{{0,90}}?)\b(?:in|on|near|around|along|inside|into|"
    rf"across|(?:confined|limited|restricted|spread|spreading|spilled\s+over)\s+to)\s+(?:the\s+)?(?:{MENTION}'s\s+)?(?:(?:disputed|breakaway|contested|mountainous|separatist|border|"
    rf"southern|northern|eastern|western|region\s+of|province\s+of)\s+)*(?P<p>{MENTION})",
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
            if place.kind not in ("place", "region"):
                continue
            if re.search(
                r"\b(?:if|should|unless|could|would)\b[^.;]*$",
                sentence.frame[: match.start()] + match.group("mid"),
                re.IGNORECASE,
            ):
                continue
            positive = not negated(match.group("mid"))
            yield Finding("hostilities_in", ("EVENT", place.entity), positive, name, 0.85)
            tail = sentence.frame[match.end() : match.end() + 80]
            for more in re.finditer(
                rf"^(?:\s+[a-z]+)?\s+(?:and|or)\s+(?:in|on|near)?\s*(?:the\s+)?(?P<p>{MENTION})",
                tail,
            ):
                other = sentence.one(more.group("p"))
                if other.kind in ("place", "region"):
                    yield Finding("hostilities_in", ("EVENT", other.entity), positive, name, 0.8)
    for match in _BETWEEN.finditer(sentence.frame):
        for marker in (match.group("a"), match.group("b")):
            side = sentence.one(marker)
            if side.kind == "state":
                yield Finding("target", ("EVENT", side.entity), True, "fighting-between", 0.6)
