"""Membership facts: who is party to which treaty, who froze or left it, elliptical negation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import (
    LEAD,
    LIST,
    MENTION,
    NEG,
    Finding,
    Sentence,
    state_ids,
    treaty_of,
)

_MEMBER_IS = re.compile(
    rf"(?P<s>{LIST})(?:\s*,[^,]{{0,80}},)?\s+(?P<verb>is|are|was|were|remains?|has\s+been|"
    rf"have\s+been|had\s+been)\s+"
    rf"{NEG}(?:(?:a|an|all|both|the|full|founding|fellow|also|still|formally)\s+)*"
    rf"(?:one\s+of\s+(?:the\s+)?(?:\w+\s+)?)?"
    rf"(?:(?:members?|part(?:y|ies)?|signator(?:y|ies)|member\s+states?)\s+(?:of|in|to)\s+"
    rf"(?:the\s+)?(?:[A-Za-z]+-(?:led|dominated|backed)\s+)?(?P<t>{MENTION})"
    rf"|(?P<t2>{MENTION})\s+(?:members?|member\s+states?|part(?:y|ies)|allies|ally)\b)",
    re.IGNORECASE,
)
_MEMBER_APPOSITION = re.compile(
    rf"(?P<s>{MENTION}),\s+(?:which\s+is\s+|itself\s+)?(?:also\s+)?(?P<neg>not\s+)?(?:(?:a|an)\s+)?"
    rf"(?:fellow\s+|founding\s+)?(?:(?P<t>{MENTION})\s+member|(?:member|party|member\s+state|part)"
    rf"\s+(?:of|to)\s+(?:the\s+)?(?P<t2>{MENTION}))",
    re.IGNORECASE,
)
_MEMBER_BELONGS = re.compile(
    rf"{LEAD}(?P<s>{LIST})\b[^.;]{{0,80}}?\b(?:and\s+)?(?:also\s+)?{NEG}(?:belongs?|belonged)\s+to"
    rf"\s+(?:the\s+)?(?:[A-Za-z]+-(?:led|dominated|backed)\s+)?(?P<t>{MENTION})",
    re.IGNORECASE,
)
_MEMBER_AS = re.compile(
    rf"(?P<s>{MENTION})\s+as\s+(?:a|an)\s+(?:\w+\s+)?(?:member|party)(?:\s+state)?\s+(?:of|to)\s+"
    rf"(?:the\s+)?(?P<t>{MENTION})",
    re.IGNORECASE,
)
_MEMBER_OF_WHICH = re.compile(
    rf"(?P<t>{MENTION})(?:\s*\({MENTION}\))?,\s+(?:of\s+which|which)\s+(?P<s>{LIST})\s+"
    rf"(?:is|are)\s+{NEG}(?:(?:a|an|all|both)\s+)?(?:members?|part(?:y|ies))\b(?!\s+of)",
    re.IGNORECASE,
)
_MEMBER_LIST = re.compile(
    rf"(?P<t>{MENTION})(?:\s*\({MENTION}\))?(?:'s)?(?:\s*,[^,]{{0,80}},|,\s+which)?\s+"
    rf"(?:(?:also\s+)?(?:groups|comprises|includes|unites|brings\s+together|consists\s+of)|"
    rf"(?:(?:\d+|other|founding|current)\s+)?(?:members?|member[-\s]states?|member\s+countries|"
    rf"nations|countries|signatories)\s+(?:are|include|also\s+include)\s*:?)\s+(?:the\s+)?"
    rf"(?P<s>{LIST})",
    re.IGNORECASE,
)
_MEMBER_INCLUDING = re.compile(
    rf"(?:members?|member\s+states?|member\s+countries)\s+of\s+(?:the\s+)?(?P<t>{MENTION})"
    rf"(?:,?\s+(?:including|such\s+as|namely)|\s+(?:are|were|include)\s*:?)\s+(?P<s>{LIST})",
    re.IGNORECASE,
)
_MEMBER_PREFIX = re.compile(
    rf"(?:fellow\s+)?(?P<t>{MENTION})\s+(?:members?|member\s+states?|allies|ally)\s+(?P<s>{LIST})",
    re.IGNORECASE,
)
# 'The other member states are X, Y and Z' after a sentence that named the treaty.
_MEMBERS_ARE = re.compile(
    rf"^\W*(?:the\s+)?(?:other\s+|remaining\s+|founding\s+)?(?:members?|member[-\s]states?|"
    rf"member\s+countries)\s+(?:are|were|include)\s*:?\s+(?:the\s+)?(?P<s>{LIST})",
    re.IGNORECASE,
)
# 'T, to which both X and Y belong'
_TO_WHICH = re.compile(
    rf"(?P<t>{MENTION})(?:\s*\({MENTION}\))?,\s+(?:to|of)\s+which\s+(?:both\s+|all\s+)?"
    rf"(?P<s>{LIST})\s+(?:belong|are\s+(?:members|parties))\b",
    re.IGNORECASE,
)
# A treaty named by its parties: 'the X-Y defence treaty', 'the X, Y, Z (T) Treaty'.
_NAMED_BY_PARTIES = re.compile(
    rf"(?P<s>{MENTION}\s?[-–]\s?{MENTION})(?:\s+[A-Za-z]+){{0,3}}?\s+(?P<t>{MENTION})"
    rf"|(?P<s2>{LIST})\s*\(\s*(?P<t2>{MENTION})\s*\)\s*(?:Treaty|Pact|Alliance)",
)
_MEMBER_CHANGE = re.compile(
    rf"(?P<s>{MENTION})\s+(?:has\s+|had\s+)?{NEG}(?:formally\s+|officially\s+|yet\s+)?"
    rf"(?P<verb>joined|acceded\s+to|left|quit|"
    rf"withdrew\s+from|pulled\s+out\s+of)\s+(?:the\s+)?(?P<t>{MENTION})",
    re.IGNORECASE,
)
_FROZEN = re.compile(
    rf"(?P<s>{MENTION})\s+(?:has\s+|had\s+)?{NEG}[\"“']?(?:froze|frozen|freezes|freezing|suspended|"
    rf"suspends)[\"”']?\s+(?:its\s+|their\s+)?(?P<what>participation|membership|involvement|activities)"
    rf"\s+in\s+"
    rf"(?:the\s+)?(?:[A-Za-z]+-(?:led|dominated|backed)\s+)?(?P<t>{MENTION})",
    re.IGNORECASE,
)


_BUT_NOT = re.compile(
    rf"^\s*,?\s*(?:and|but|while|whereas)\s+(?P<s>{LIST})\s+(?:is|are|was|were)\s+not\b"
    rf"(?!\s+(?:a|an|the)?\s*(?:members?|part))",
    re.IGNORECASE,
)


def _party(sentence: Sentence, match: re.Match[str], name: str, conf: float) -> Iterator[Finding]:
    """Membership facts of a match, and the negations of an elliptical 'and Y is not' after it."""
    marker = match.group("t") or match.groupdict().get("t2")
    treaty = treaty_of(sentence, marker) if marker else None
    if treaty is None:
        return
    positive = not match.groupdict().get("neg")
    if positive and (match.groupdict().get("verb") or "").lower() in ("was", "were", "had been"):
        return  # a past membership: when it ended is not stated here
    for state in state_ids(sentence.ids(match.group("s"))):
        yield Finding("party", (state, treaty), positive, name, conf)
    tail = _BUT_NOT.match(sentence.frame[match.end() :])
    if positive and tail:
        for state in state_ids(sentence.ids(tail.group("s"))):
            yield Finding("party", (state, treaty), False, "elliptical-negation", 0.85)


def membership(sentence: Sentence) -> Iterator[Finding]:
    """'X and Y are (not) members of T', 'X, a member of T', 'T groups X, Y and Z'."""
    for match in _MEMBER_IS.finditer(sentence.frame):
        yield from _party(sentence, match, "member-is", 0.95)
    for match in _MEMBER_APPOSITION.finditer(sentence.frame):
        yield from _party(sentence, match, "member-apposition", 0.9)
    for match in _MEMBER_BELONGS.finditer(sentence.frame):
        yield from _party(sentence, match, "member-belongs", 0.85)
    for match in _MEMBER_AS.finditer(sentence.frame):
        yield from _party(sentence, match, "member-as", 0.85)
    for match in _MEMBER_OF_WHICH.finditer(sentence.frame):
        yield from _party(sentence, match, "member-of-which", 0.9)
    for regex, name in (
        (_MEMBER_LIST, "member-list"),
        (_MEMBER_PREFIX, "member-prefix"),
        (_MEMBER_INCLUDING, "member-including"),
    ):
        for match in regex.finditer(sentence.frame):
            treaty = treaty_of(sentence, match.group("t"))
            if treaty is None:
                continue
            for state in state_ids(sentence.ids(match.group("s"))):
                yield Finding("party", (state, treaty), True, name, 0.9)
    if sentence.context_treaty and not any(m.kind == "treaty" for m in sentence.mentions):
        for match in _MEMBERS_ARE.finditer(sentence.frame):
            for state in state_ids(sentence.ids(match.group("s"))):
                yield Finding("party", (state, sentence.context_treaty), True, "members-are", 0.85)
    for regex, name in ((_TO_WHICH, "member-to-which"), (_NAMED_BY_PARTIES, "named-by-parties")):
        for match in regex.finditer(sentence.frame):
            found = match.groupdict()
            treaty = treaty_of(sentence, found.get("t") or found["t2"])
            parties = sentence.ids(found.get("s") or found["s2"])
            if treaty is None:
                continue
            for state in sorted({m.entity for m in parties if m.kind == "state"}):
                yield Finding("party", (state, treaty), True, name, 0.85)
    for match in _MEMBER_CHANGE.finditer(sentence.frame):
        treaty = treaty_of(sentence, match.group("t"))
        changed = state_ids([sentence.one(match.group("s"))])
        if treaty and changed:
            joined = match.group("verb").lower().startswith(("joined", "acceded"))
            positive = joined != bool(match.group("neg"))
            yield Finding("party", (changed[0], treaty), positive, "member-change", 0.8)


def frozen(sentence: Sentence) -> Iterator[Finding]:
    """'X has frozen / suspended its participation in T'."""
    for match in _FROZEN.finditer(sentence.frame):
        treaty = treaty_of(sentence, match.group("t"))
        state = state_ids([sentence.one(match.group("s"))])
        if treaty and state and match.group("what").lower() == "membership":
            if not match.group("neg"):
                yield Finding("party", (state[0], treaty), False, "membership-suspended", 0.85)
        elif treaty and state:
            yield Finding(
                "participation_frozen", (state[0], treaty), not match.group("neg"), "frozen", 0.9
            )
            if not match.group("neg"):  # freezing one's participation is not leaving
                yield Finding("party", (state[0], treaty), True, "frozen", 0.8)


# Atomic up to the first mention, and the tail tried only after a non-space: a failed match
# costs time linear in the sentence (it was quadratic).
_ELLIPSIS = re.compile(
    rf"^(?P<s>(?>.*?{MENTION}).*?)(?<!\s)\s+(?:is|are|was|were|has|have|does|do)\s+not"
    rf"(?:\s+either)?\.?$",
    re.IGNORECASE,
)


def elliptical(sentence: Sentence, previous: list[Finding]) -> Iterator[Finding]:
    """'Azerbaijan and Nagorno-Karabakh are not.' negates the previous sentence's fact for them."""
    match = _ELLIPSIS.match(sentence.frame.strip().split(";")[-1].strip())
    if not match or not previous:
        return
    subjects = state_ids(sentence.ids(match.group("s")))
    for finding in previous:
        if finding.positive and finding.pred == "party":
            for state in subjects:
                yield Finding("party", (state, finding.args[1]), False, "elliptical-negation", 0.85)
            return
