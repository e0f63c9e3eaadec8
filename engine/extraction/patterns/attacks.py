"""Attacks: who attacked whom, accusations and denials, targets and attacks on forces."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import (
    ADV,
    ATTACK_VERB,
    BRANCH,
    FORCES,
    LAND,
    LEAD,
    MENTION,
    NEG,
    Finding,
    Sentence,
)

_ATTACK = re.compile(
    rf"(?P<a>{MENTION})(?:'s)?(?:\s+{BRANCH}{FORCES}(?:\s+and\s+{FORCES})?)?"
    rf"(?:,\s+which\s+(?:says|said|claims|claimed)(?:\s+to\s+have|\s+it\s+(?:had|has))?)?"
    rf"\s+(?:have\s+|has\s+|had\s+|reportedly\s+|allegedly\s+|again\s+|also\s+|repeatedly\s+|did\s+|"
    rf"(?:continue[sd]?|began|start(?:ed)?|tried|sought|attempted|managed)\s+to\s+|"
    rf"(?:retaliat(?:ed|es|ing)|responded|hit\s+back)\s+by\s+)*{NEG}"
    rf"(?P<verb>{ATTACK_VERB})\b(?P<obj>[^.;]{{0,120}})",
    re.IGNORECASE,
)
_ACCUSE = re.compile(
    rf"(?P<acc>{MENTION})(?:\s*,[^,]{{0,80}},)?{ADV}\s+(?:has\s+|have\s+|had\s+|also\s+)*"
    rf"(?:accused|accuses|accusing|blamed|blames)\s+(?P<a>{MENTION})(?:'s)?(?:\s+{FORCES})?\s+"
    rf"(?:of|for)\s+(?P<verb>{ATTACK_VERB}|(?:an?\s+)?(?:attack|assault|offensive|incursion))"
    rf"(?P<obj>[^.;]{{0,120}})",
    re.IGNORECASE,
)
_DENY = re.compile(
    rf"{LEAD}(?P<d>{MENTION})(?:'s\s+[a-z]+(?:\s+[a-z]+)?)?\b[^;]{{0,90}}?\b"
    rf"(?:denied|denies|rejected|rejects|dismissed|dismisses)\b(?P<rest>[^.;]{{0,120}})",
    re.IGNORECASE,
)
_DENIED_ACT = (
    rf"{ATTACK_VERB}|\b(?:attack|assault|offensive|incursion|shelling|fighting|entered|"
    rf"crossed|violat\w+)"
)
_SIDE_ISSUE = re.compile(
    rf"(?:{ATTACK_VERB})\s+(?:\w+\s+)?(?:civilians?|residential|hospitals?|schools?|homes|"
    rf"journalists|aid|convoys?)",
    re.IGNORECASE,
)
_ATTACK_NOUN = re.compile(
    rf"(?P<a>{MENTION})(?:'s)?\s+(?:(?:military|armed|artillery|drone|missile|ground)\s+)?"
    rf"(?:attacks?|offensive|assault|incursion|shelling|strikes?|invasion)\s+(?:on|against|of|into)"
    rf"\b(?P<obj>[^.;]{{0,120}})",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?:would|could|might|(?-i:may)|if|threat(?:en(?:ed|s)?)?|fears?|risk|prevent|deter|warned|"
    r"(?:un)?likely|expected|possible|potential|imminent|"
    r"in\s+case\s+of|plan(?:s|ned)?)\b",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    rf"(?P<b>{MENTION})(?:'s)?(?P<what>\s+(?:{FORCES}|{LAND}))?\s+(?:was|were|had\s+been|has\s+"
    rf"been|have\s+been|came)\s+{NEG}(?:under\s+(?:(?P<a2>{MENTION})\s+)?(?:heavy\s+)?"
    rf"(?:attack|fire|shelling|bombardment)|attacked|shelled|struck|"
    rf"hit|targeted|bombed|ambushed)(?:\s+by\s+(?P<a>{MENTION}))?",
    re.IGNORECASE,
)


def _objects(sentence: Sentence, obj: str, accuser: str | None) -> Iterator[tuple[str, str]]:
    """Targets of an attack named in its object: (predicate, entity) pairs."""
    obj = re.split(
        r",\s+(?:said|says|according|while|but|which|in\s+what|and|killing|wounding|leaving|"
        r"as|after|before|when)\b|\bsaid\b|\band\s+that\b",
        obj,
    )[0]
    obj = re.split(r"\b(?:from|with\s+support)\b", obj)[0]
    for found in re.finditer(MENTION, obj):
        mention = sentence.one(found.group(0))
        after = obj[found.end() : found.end() + 40]
        if mention.kind == "state":
            yield "target", mention.entity
            if re.match(rf"(?:'s)?\s+(?:\w+\s+)?{FORCES}", after, re.IGNORECASE):
                yield "attack_on_forces", mention.entity
        elif mention.kind in ("place", "region"):
            yield "hostilities_in", mention.entity
    if accuser and re.search(rf"\b(?:its|their)\s+(?:\w+\s+)?{FORCES}", obj, re.IGNORECASE):
        yield "target", accuser
        yield "attack_on_forces", accuser
    elif accuser and re.search(rf"\b(?:its|their)\s+(?:\w+\s+)?{LAND}", obj, re.IGNORECASE):
        yield "target", accuser


def _attack_findings(
    sentence: Sentence,
    attacker: str,
    obj: str,
    positive: bool,
    name: str,
    conf: float,
    attributed: str | None,
    accuser: str | None = None,
    verb: str = "",
) -> Iterator[Finding]:
    yield Finding("attacker", ("EVENT", attacker), positive, name, conf, attributed)
    if not positive:
        return
    taken = re.match(rf"\s+(?:the\s+)?(?P<p>{MENTION})", obj)
    if (
        _CAPTURE.match(verb)
        and taken
        and sentence.one(taken.group("p")).kind in ("place", "region")
    ):
        place = sentence.one(taken.group("p")).entity
        yield Finding("administered_by", (place, attacker), True, name, conf * 0.9, attributed)
    for pred, entity in _objects(sentence, obj, accuser):
        if entity == attacker:
            continue
        args = ("EVENT", entity)
        yield Finding(pred, args, True, name, conf * 0.95, attributed)


# "Armenia said ...": the state whose 'its positions' a reported attack refers to.
_REPORTER = re.compile(rf"{LEAD}(?P<s>{MENTION})\s+(?:said|says|reported|announced)\b")
_CLAUSE_BREAK = re.compile(r",\s+(?:while|but|whereas|and)\b|;")
_OWN_FORCES = re.compile(
    rf"(?P<a>{MENTION})(?:'s)?[^.;@]{{0,40}}?\b(?:its|his|her|their)\s+(?:own\s+)?{FORCES}\s+"
    rf"(?:had\s+|have\s+|has\s+)?(?P<verb>{ATTACK_VERB})\b(?P<obj>[^.;]{{0,120}})",
    re.IGNORECASE,
)


def own_forces(sentence: Sentence) -> Iterator[Finding]:
    """'Aliyev said his forces had captured villages in P': a state reporting its own attack."""
    for match in _OWN_FORCES.finditer(sentence.frame):
        att = sentence.one(match.group("a"))
        between = sentence.frame[match.end("a") : match.start("verb")]
        if (
            att.kind == "state"
            and att.form != "adjective"
            and not re.search(
                r"\b(?:denied|denies|not|never|if|would|could)\b", between, re.IGNORECASE
            )
        ):
            yield from _attack_findings(
                sentence, att.entity, match.group("obj"), True, "own-forces", 0.8, att.entity
            )


# 'the terrorist attacks on New York', 'aggression against Armenia', 'the invasion of X'.
_ARMED_ATTACK = re.compile(
    rf"\b(?P<kind>terrorist\s+|armed\s+|military\s+)?(?:attacks?|invasion|aggression|assault)"
    rf"\s+(?:has\s+been\s+committed\s+)?(?:on|against|of)\s+(?:the\s+)?(?:[a-z]+\s+)?"
    rf"(?P<o>{MENTION})",
    re.IGNORECASE,
)
# 'an armed attack against one of them', 'not a deliberate attack', 'a possible attack'.
_NOT_AN_ATTACK = re.compile(
    r"\b(?:not|no|never|any|possible|potential|likely|would|could|if|threat\w*|deliberate|"
    r"planned|fresh|new|future|one|either|each|all)\b",
    re.IGNORECASE,
)
# Non-state actors doing the violence: 'mobs burning', 'held hostage by rioters', 'terrorist
# attacks' (a word like 'terrorists' alone is often one side's label, not a report).
_NON_STATE = re.compile(
    r"\b(?:(?:mobs|gunmen|militants|rioters)\s+(?:\w+ing|\w+ed)\b|by\s+(?:armed\s+)?"
    r"(?:mobs|gunmen|militants|rioters)\b|terrorist\s+(?:attacks?|bombings?)\s+(?:on|in)\b)",
    re.IGNORECASE,
)
# '33 Turkish soldiers were killed in an air strike blamed on Damascus'
_FORCES_KILLED = re.compile(
    rf"(?P<v>{MENTION})\s+{BRANCH}{FORCES}\s+(?:were|was|have\s+been|had\s+been)\s+"
    rf"(?:killed|wounded|injured)\b[^.;@]{{0,60}}?\b(?:strikes?|attacks?|shelling|bombing|fire)"
    rf"(?:\s+blamed\s+on\s+(?P<a>{MENTION}))?",
    re.IGNORECASE,
)
_CAPTURE = re.compile(r"^(?:seiz|captur|recaptur|retook|liberat)", re.IGNORECASE)
# 'Shusha, a city that Azerbaijan recaptured', 'Fuzuli is city that Azerbaijan liberated'
_RETAKEN = re.compile(
    rf"(?P<p>{MENTION})(?:,|\s+is)\s+(?:an?\s+)?(?:[a-z]+\s+)?(?:city|town|village|region|"
    rf"territory)\s+that\s+(?P<s>{MENTION})\s+(?:recaptured|retook|liberated|captured|seized|"
    rf"took\s+back)\b",
    re.IGNORECASE,
)


def armed_attack(sentence: Sentence) -> Iterator[Finding]:
    """Attacks named as such ('attacks on X', 'aggression against X'), not hypothetical ones;
    who is behind them when they are terrorist attacks; forces killed in a strike."""
    whole = sentence.frame
    for match in _ARMED_ATTACK.finditer(whole):
        target = sentence.one(match.group("o"))
        clause = re.split(r"[,;:]\s", whole[: match.start()])[-1]
        if _NOT_AN_ATTACK.search(clause) or re.search(
            r"\b(?:would|could|likely|if|threat\w*)\b", whole, re.IGNORECASE
        ):
            continue
        yield Finding("armed_attack", ("EVENT",), True, "armed-attack", 0.75)
        if target.kind == "state" and target.form == "name":
            yield Finding("target", ("EVENT", target.entity), True, "armed-attack", 0.75)
        if (match.group("kind") or "").lower().startswith("terrorist"):
            yield Finding("non_state_attacker", ("EVENT",), True, "armed-attack", 0.75)
    if _NON_STATE.search(whole) and not re.search(r"\b(?:if|would|could|threat\w*)\b", whole):
        yield Finding("non_state_attacker", ("EVENT",), True, "non-state-actors", 0.7)
    for match in _FORCES_KILLED.finditer(whole):
        victim = sentence.one(match.group("v"))
        if victim.kind != "state":
            continue
        yield Finding("target", ("EVENT", victim.entity), True, "forces-killed", 0.8)
        yield Finding("attack_on_forces", ("EVENT", victim.entity), True, "forces-killed", 0.8)
        if match.group("a"):
            blamed = sentence.one(match.group("a"))
            if blamed.kind == "state" and blamed.entity != victim.entity:
                yield Finding("attacker", ("EVENT", blamed.entity), True, "forces-killed", 0.75)
    for match in _RETAKEN.finditer(whole):
        place, state = sentence.one(match.group("p")), sentence.one(match.group("s"))
        if place.kind in ("place", "region") and state.kind == "state":
            yield Finding("administered_by", (place.entity, state.entity), True, "retaken", 0.8)
            yield Finding("hostilities_in", ("EVENT", place.entity), True, "retaken", 0.75)


def attack(sentence: Sentence) -> Iterator[Finding]:
    """'A shelled B's positions', 'Yerevan accused Baku of attacking', 'B came under fire'."""
    accused: set[int] = set()
    for match in _ACCUSE.finditer(sentence.frame):
        acc, att = sentence.one(match.group("acc")), sentence.one(match.group("a"))
        accused.add(match.start("a"))
        if acc.kind == "state" and att.kind == "state" and acc.entity != att.entity:
            yield from _attack_findings(
                sentence,
                att.entity,
                match.group("obj"),
                True,
                "accusation",
                0.75,
                acc.entity,
                acc.entity,
            )
    for match in _DENY.finditer(sentence.frame):
        denier = sentence.one(match.group("d"))
        rest = match.group("rest")
        actors = {
            sentence.one(m.group(1)).entity
            for m in re.finditer(
                rf"({MENTION})(?:'s)?\s+(?:{FORCES}\s+)?(?:had\s+)?(?:{ATTACK_VERB}|attacks?\b)",
                rest,
                re.IGNORECASE,
            )
        }
        if (
            denier.kind == "state"
            and denier.form != "adjective"
            and re.search(_DENIED_ACT, rest, re.IGNORECASE)
            and not _SIDE_ISSUE.search(rest)
            and actors <= {denier.entity}
        ):
            yield Finding("attacker", ("EVENT", denier.entity), False, "denial", 0.8, denier.entity)
    for match in _ATTACK.finditer(sentence.frame):
        if match.start("a") in accused:
            continue
        att = sentence.one(match.group("a"))
        before = _CLAUSE_BREAK.split(sentence.frame[: match.start()])[-1]
        if re.search(r"\bthe\s+$", before) and re.fullmatch(
            r"attacks|strikes|bombings", match.group("verb"), re.IGNORECASE
        ):
            continue  # 'the Paris attacks': where or whom, not who
        if (
            att.kind != "state"
            or re.search(
                r"(?:denied|denies|rejected|dismissed|accused|blamed|deny)\b[^.;]*$",
                before,
                re.IGNORECASE,
            )
            or re.search(r"\b(?:each\s+other|one\s+another)\b", sentence.frame, re.IGNORECASE)
        ):
            continue
        if att.form == "adjective" and not re.match(
            rf"@\d+\s+{BRANCH}{FORCES}", sentence.frame[match.start() :], re.IGNORECASE
        ):
            continue
        if re.search(
            r"\b(?:threaten(?:ed|s)?|could|would|(?-i:may)|might|will|if|plans?\s+to|"
            r"ready\s+to|offered)\b[^.;]*$",
            before + " ",
            re.IGNORECASE,
        ) or re.search(
            r"\b(?:could|would|(?-i:may)|might|will)\s*$",
            sentence.frame[: match.start("verb")],
            re.IGNORECASE,
        ):
            continue
        reporter = _REPORTER.match(sentence.frame)
        owner = sentence.one(reporter.group("s")) if reporter else None
        yield from _attack_findings(
            sentence,
            att.entity,
            match.group("obj"),
            not match.group("neg"),
            "attack",
            0.85,
            None,
            owner.entity if owner and owner.kind == "state" and owner.form != "adjective" else None,
            match.group("verb"),
        )
    for match in _PASSIVE.finditer(sentence.frame):
        victim = sentence.one(match.group("b"))
        if victim.kind != "state" or match.group("neg"):
            continue
        yield Finding("target", ("EVENT", victim.entity), True, "attacked-passive", 0.8)
        if match.group("what") and re.search(FORCES, match.group("what"), re.IGNORECASE):
            yield Finding(
                "attack_on_forces", ("EVENT", victim.entity), True, "attacked-passive", 0.8
            )
        marker = match.group("a") or match.group("a2")
        if marker:
            att = sentence.one(marker)
            if att.kind == "state" and att.entity != victim.entity:
                yield Finding("attacker", ("EVENT", att.entity), True, "attacked-passive", 0.8)
    for match in _ATTACK_NOUN.finditer(sentence.frame):
        att = sentence.one(match.group("a"))
        before = _CLAUSE_BREAK.split(sentence.frame[: match.start()])[-1]
        if (
            att.kind != "state"
            or _MODAL.search(before + " " + match.group("obj"))
            or re.search(
                r"\b(?:denied|denies|rejected|dismissed|no|any|possible|potential)\s+$",
                before,
                re.IGNORECASE,
            )
        ):
            continue
        yield from _attack_findings(
            sentence, att.entity, match.group("obj"), True, "attack-noun", 0.75, None
        )
