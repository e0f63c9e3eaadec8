"""Requests for assistance under a treaty, kept apart from offers, threats and consultations."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import (
    ADV,
    LEAD,
    MENTION,
    NEG,
    Finding,
    Sentence,
    state_ids,
)

_REQUEST = re.compile(
    rf"(?P<s>{MENTION})(?:\s*,[^,]{{0,80}},)?{ADV}\s+(?:has\s+|had\s+|did\s+|is\s+|are\s+|"
    rf"was\s+|were\s+|formally\s+|officially\s+|also\s+)*{NEG}(?:formally\s+|officially\s+)?"
    rf"(?P<verb>asked|ask|asking|requested|request|requesting|appealed\s+to|appeal\s+to|"
    rf"made\s+an?\s+(?:formal\s+|official\s+)?(?:request|appeal)|"
    rf"appealing\s+to|called\s+on|calling\s+on|turned\s+to|sought|seek|seeking|invoked|invoke|"
    rf"applied\s+to|triggered|activated)"
    rf"\s+(?P<rest>[^.;]*)",
    re.IGNORECASE,
)
_REQUEST_AND = re.compile(
    rf"{LEAD}(?P<s>{MENTION})(?:\s+(?:has|had|have))?\s+(?:said|told|[a-z]+(?:ed|s))\b[^;]{{0,160}}?,?\s+and\s+"
    rf"(?:has\s+|had\s+)?{NEG}(?:formally\s+|officially\s+)?(?:asked|requested|appealed\s+to|"
    rf"called\s+on|turned\s+to|invoked)\s+(?P<rest>[^.;]*)",
    re.IGNORECASE,
)
_REQUEST_NOUN = re.compile(
    rf"(?:at\s+the\s+request\s+of\s+(?P<s1>{MENTION})|at\s+(?P<s3>{MENTION})'s\s+request|"
    rf"(?P<s2>{MENTION})'s\s+(?:formal\s+)?"
    rf"(?:request|appeal|plea)\s+for|"
    rf"\b(?:an?|the)\s+(?:formal\s+|official\s+)?(?P<s4>{MENTION})\s+(?:formal\s+)?"
    rf"(?:request|appeal|plea)\s+for)",
    re.IGNORECASE,
)
_HELP = re.compile(
    r"\b(?:help|assistance|aid|support|troops|peacekeepers|military|intervene|intervention|"
    r"send|deploy|protect|Article\s+4)\b",
    re.IGNORECASE,
)
# Help asked for someone else ('asked NATO to plan to help Turkey') is not a request for oneself.
_FOR_OTHER = re.compile(
    rf"\b(?:help|aid|assist|protect|defend|support)\s+(?:the\s+)?(?P<o>{MENTION})", re.IGNORECASE
)
# ... or help against an attack on someone else ('invoked the treaty to respond to the attacks
# on Washington'): the one asking is a helper, not the attacked.
_ATTACK_ON = re.compile(
    r"\b(?:attacks?|aggression|assaults?)\s+(?:on|against)\s+(?P<o>[^,;]{0,80})",
    re.IGNORECASE,
)
_NOT_TREATY = re.compile(
    r"(?:rather\s+than|instead\s+of|but\s+not|outside|not\s+from)\s+(?:the\s+)?$"
)


def _request_treaty(sentence: Sentence, rest: str) -> str | None:
    """The treaty a request is addressed to, unless it is named only as the one not asked."""
    for found in re.finditer(MENTION, rest):
        mention = sentence.one(found.group(0))
        if mention.kind == "treaty" and not _NOT_TREATY.search(rest[: found.start()]):
            return mention.entity
    return None


def request(sentence: Sentence) -> Iterator[Finding]:
    """'X asked T for military help', 'X invoked Article 4', 'at X's request' (not offers)."""
    for match in _REQUEST.finditer(sentence.frame):
        rest = re.split(r",\s+(?:but|while|which|although)\b|\bbut\b", match.group("rest"))[0]
        if re.search(r"\bconsultations?\b", rest, re.IGNORECASE) and not re.search(
            r"\b(?:help|assistance|aid|troops)\b", rest, re.IGNORECASE
        ):
            continue
        state = state_ids([sentence.one(match.group("s"))]) or [
            m.entity for m in [sentence.one(match.group("s"))] if m.form == "person"
        ]
        treaty = _request_treaty(sentence, rest)
        helped = {sentence.one(m.group("o")).entity for m in _FOR_OTHER.finditer(rest)}
        helped |= {
            m.entity
            for found in _ATTACK_ON.finditer(rest)
            for m in sentence.ids(found.group("o"))
            if m.kind == "state"
        }
        if state and treaty and _HELP.search(rest) and helped <= {state[0]}:
            yield Finding(
                "requested_assistance",
                (state[0], treaty, "EVENT"),
                not match.group("neg"),
                "request",
                0.9,
            )
    for match in _REQUEST_AND.finditer(sentence.frame):
        subject = sentence.one(match.group("s"))
        rest = re.split(r",\s+(?:but|while|which|although)\b|\bbut\b", match.group("rest"))[0]
        treaty = _request_treaty(sentence, rest)
        if (
            subject.kind == "state"
            and subject.form != "adjective"
            and treaty
            and _HELP.search(rest)
        ):
            yield Finding(
                "requested_assistance",
                (subject.entity, treaty, "EVENT"),
                not match.group("neg"),
                "request-coordinated",
                0.7,
            )
    for match in _REQUEST_NOUN.finditer(sentence.frame):
        marker = next(match.group(g) for g in ("s1", "s2", "s3", "s4") if match.group(g))
        state = [sentence.one(marker).entity] if sentence.one(marker).kind == "state" else []
        treaty = _request_treaty(sentence, sentence.frame)
        near = sentence.frame[max(0, match.end() - 40) : match.end() + 80]
        if state and treaty and _HELP.search(near):
            yield Finding(
                "requested_assistance", (state[0], treaty, "EVENT"), True, "request-noun", 0.85
            )
