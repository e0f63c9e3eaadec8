"""Fact patterns: read core-vocabulary facts, negations and attributions off sentences."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .entities import Mention

_MENTION = r"@\d+"
# The start of a sentence up to its subject: an optional dateline, then at most three words.
_LEAD = (
    r"^(?:[A-Z][A-Z ./'-]+,?[^-–—]{0,40}[-–—]\s+|\d\d?[:.]\d\d\s*[-–—]\s+)?"
    r"(?:\W*\w+\s+){0,5}?"
)
# Short adverbials between a subject and its verb: 'on Saturday', 'late on Monday', 'again'.
_ADV = r"(?:\s+(?:(?:late\s+|early\s+)?on\s+[A-Z]\w+|earlier|again|also|now|formally|officially))*"
_LIST = rf"{_MENTION}(?:(?:\s*,\s*|\s*,?\s+(?:and|as well as)\s+){_MENTION})*"
_NEG = r"(?P<neg>\bnot\s+(?!only\b|just\b|merely\b)|n't\s+|\bnever\s+|\bno longer\s+)?"
_FORCES = (
    r"(?:armed\s+forces|forces|troops|army|military|soldiers|servicemen|positions|border\s+guards|"
    r"border\s+posts?|units|artillery|drones|aircraft|jets|helicopters?|vessels?|ships?|"
    r"outposts?|personnel|side|peacekeepers)"
)
_LAND = r"(?:territory|soil|villages?|towns?|settlements?|cities|city|border|regions?|provinces?)"
_ATTACK_VERB = (
    r"(?:attack(?:ed|s|ing)?|shell(?:ed|s|ing)?|struck|strik(?:es|ing)|bomb(?:ed|s|ing)|"
    r"bombard(?:ed|s|ing)?|invad(?:ed|es|ing)|fired\s+(?:on|at|upon|first)|firing\s+(?:on|at)|"
    r"open(?:ed|ing)?\s+fire(?:\s+(?:on|at))?|launch(?:ed|es|ing)?\s+(?:an?\s+)?(?:\w+\s+)?"
    r"(?:attack|offensive|assault|strikes?|incursion)s?\s+(?:on|against|into|in)|"
    r"us(?:ed|ing)\s+(?:\w+\s+){0,3}?(?:tanks|mortars|artillery|drones|missiles|rockets|"
    r"aircraft|weapons|force)\s+(?:\w+\s+){0,2}?against|"
    r"(?:cross(?:ed|ing)?|advanc(?:ed|ing)|push(?:ed|ing)|press(?:ed|ing)|mov(?:ed|ing)|"
    r"march(?:ed|ing))"
    r"\s+(?:[\w-]+\s+){0,3}?into|seiz(?:ed|ing)|captur(?:ed|ing)|"
    r"target(?:ed|ing)|ambush(?:ed|ing)|hit)"
)
_HOSTILITIES = (
    r"(?:fighting|clashes|hostilities|shelling|battles?|combat|war|warfare|offensive|"
    r"skirmishes|gunfire|artillery\s+fire|military\s+operations?|attacks?|clashed|fought|"
    r"battled)"
)
_REPORT_VERB = (
    r"(?:said|says|say|told|stated|claimed|claims|alleged|insisted|added|announced|reported|"
    r"according\s+to)"
)


@dataclass
class Finding:
    """One fact read off a sentence, before it is tied to its source text."""

    pred: str
    args: tuple[str, ...]
    positive: bool
    pattern: str
    confidence: float
    attributed_to: str | None = None


@dataclass
class Sentence:
    """A sentence with its mentions replaced by @i markers (i indexes `mentions`)."""

    text: str
    frame: str
    mentions: list[Mention]

    def ids(self, fragment: str) -> list[Mention]:
        """The mentions named in a fragment of the frame, in order."""
        return [self.mentions[int(i)] for i in re.findall(r"@(\d+)", fragment)]

    def one(self, marker: str) -> Mention:
        """The mention behind one @i marker."""
        return self.mentions[int(marker[1:])]


# Periods that end abbreviations ('Sept. 27', 'Gen. X') would cut patterns short.
_ABBREVIATION_DOT = re.compile(
    r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Gov|St|No)\."
)


def frame_sentence(text: str, mentions: list[Mention], offset: int) -> Sentence:
    """Replace each mention inside the sentence by its marker."""
    inside = [m for m in mentions if offset <= m.start and m.end <= offset + len(text)]
    parts, pos = [], 0
    for i, m in enumerate(inside):
        parts.append(text[pos : m.start - offset])
        parts.append(f"@{i}")
        pos = m.end - offset
    parts.append(text[pos:])
    return Sentence(text, _ABBREVIATION_DOT.sub(r"\1", "".join(parts)), inside)


def _states(items: list[Mention]) -> list[str]:
    return [m.entity for m in items if m.kind == "state" and m.form != "adjective"]


def _treaty(sentence: Sentence, marker: str) -> str | None:
    mention = sentence.one(marker)
    return mention.entity if mention.kind in ("treaty", "organisation") else None


def _negated(fragment: str) -> bool:
    return bool(re.search(r"\b(?:not|never|no longer|neither|nor)\b|n't\b", fragment))


Pattern = Callable[[Sentence], Iterator[Finding]]
PATTERNS: list[Pattern] = []


def pattern(fn: Pattern) -> Pattern:
    """Register a sentence pattern."""
    PATTERNS.append(fn)
    return fn


_MEMBER_IS = re.compile(
    rf"(?P<s>{_LIST})(?:\s*,[^,]{{0,80}},)?\s+(?P<verb>is|are|was|were|remains?|has\s+been|"
    rf"have\s+been|had\s+been)\s+"
    rf"{_NEG}(?:(?:a|an|all|both|the|full|founding|fellow|also|still|formally)\s+)*"
    rf"(?:one\s+of\s+(?:the\s+)?(?:\w+\s+)?)?"
    rf"(?:(?:members?|part(?:y|ies)?|signator(?:y|ies)|member\s+states?)\s+(?:of|in|to)\s+"
    rf"(?:the\s+)?(?:[A-Za-z]+-(?:led|dominated|backed)\s+)?(?P<t>{_MENTION})"
    rf"|(?P<t2>{_MENTION})\s+(?:members?|member\s+states?|part(?:y|ies)|allies|ally)\b)",
    re.IGNORECASE,
)
_MEMBER_APPOSITION = re.compile(
    rf"(?P<s>{_MENTION}),\s+(?:which\s+is\s+|itself\s+)?(?:also\s+)?(?P<neg>not\s+)?(?:(?:a|an)\s+)?"
    rf"(?:fellow\s+|founding\s+)?(?:(?P<t>{_MENTION})\s+member|(?:member|party|member\s+state|part)"
    rf"\s+(?:of|to)\s+(?:the\s+)?(?P<t2>{_MENTION}))",
    re.IGNORECASE,
)
_MEMBER_BELONGS = re.compile(
    rf"{_LEAD}(?P<s>{_LIST})\b[^.;]{{0,80}}?\b(?:and\s+)?(?:also\s+)?{_NEG}(?:belongs?|belonged)\s+to"
    rf"\s+(?:the\s+)?(?:[A-Za-z]+-(?:led|dominated|backed)\s+)?(?P<t>{_MENTION})",
    re.IGNORECASE,
)
_MEMBER_AS = re.compile(
    rf"(?P<s>{_MENTION})\s+as\s+(?:a|an)\s+(?:\w+\s+)?(?:member|party)(?:\s+state)?\s+(?:of|to)\s+"
    rf"(?:the\s+)?(?P<t>{_MENTION})",
    re.IGNORECASE,
)
_MEMBER_OF_WHICH = re.compile(
    rf"(?P<t>{_MENTION})(?:\s*\({_MENTION}\))?,\s+(?:of\s+which|which)\s+(?P<s>{_LIST})\s+"
    rf"(?:is|are)\s+{_NEG}(?:(?:a|an|all|both)\s+)?(?:members?|part(?:y|ies))\b(?!\s+of)",
    re.IGNORECASE,
)
_MEMBER_LIST = re.compile(
    rf"(?P<t>{_MENTION})(?:\s*\({_MENTION}\))?(?:'s)?(?:\s*,[^,]{{0,80}},|,\s+which)?\s+"
    rf"(?:(?:also\s+)?(?:groups|comprises|includes|unites|brings\s+together|consists\s+of)|"
    rf"(?:members?|member\s+states?|member\s+countries)\s+(?:are|include|also\s+include)\s*:?)\s+"
    rf"(?P<s>{_LIST})",
    re.IGNORECASE,
)
_MEMBER_INCLUDING = re.compile(
    rf"(?:members?|member\s+states?|member\s+countries)\s+of\s+(?:the\s+)?(?P<t>{_MENTION})"
    rf"(?:,?\s+(?:including|such\s+as|namely)|\s+(?:are|were|include)\s*:?)\s+(?P<s>{_LIST})",
    re.IGNORECASE,
)
_MEMBER_PREFIX = re.compile(
    rf"(?:fellow\s+)?(?P<t>{_MENTION})\s+(?:members?|member\s+states?|allies|ally)\s+(?P<s>{_LIST})",
    re.IGNORECASE,
)
_MEMBER_CHANGE = re.compile(
    rf"(?P<s>{_MENTION})\s+(?:has\s+|had\s+)?{_NEG}(?:formally\s+|officially\s+|yet\s+)?"
    rf"(?P<verb>joined|acceded\s+to|left|quit|"
    rf"withdrew\s+from|pulled\s+out\s+of)\s+(?:the\s+)?(?P<t>{_MENTION})",
    re.IGNORECASE,
)
_FROZEN = re.compile(
    rf"(?P<s>{_MENTION})\s+(?:has\s+|had\s+)?{_NEG}(?:froze|frozen|freezes|freezing|suspended|"
    rf"suspends)\s+(?:its\s+|their\s+)?(?P<what>participation|membership|involvement|activities)"
    rf"\s+in\s+"
    rf"(?:the\s+)?(?P<t>{_MENTION})",
    re.IGNORECASE,
)


_BUT_NOT = re.compile(
    rf"^\s*,?\s*(?:and|but|while|whereas)\s+(?P<s>{_LIST})\s+(?:is|are|was|were)\s+not\b"
    rf"(?!\s+(?:a|an|the)?\s*(?:members?|part))",
    re.IGNORECASE,
)


def _party(sentence: Sentence, match: re.Match[str], name: str, conf: float) -> Iterator[Finding]:
    """Membership facts of a match, and the negations of an elliptical 'and Y is not' after it."""
    marker = match.group("t") or match.groupdict().get("t2")
    treaty = _treaty(sentence, marker) if marker else None
    if treaty is None:
        return
    positive = not match.groupdict().get("neg")
    if positive and (match.groupdict().get("verb") or "").lower() in ("was", "were", "had been"):
        return  # a past membership: when it ended is not stated here
    for state in _states(sentence.ids(match.group("s"))):
        yield Finding("party", (state, treaty), positive, name, conf)
    tail = _BUT_NOT.match(sentence.frame[match.end() :])
    if positive and tail:
        for state in _states(sentence.ids(tail.group("s"))):
            yield Finding("party", (state, treaty), False, "elliptical-negation", 0.85)


@pattern
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
            treaty = _treaty(sentence, match.group("t"))
            if treaty is None:
                continue
            for state in _states(sentence.ids(match.group("s"))):
                yield Finding("party", (state, treaty), True, name, 0.9)
    for match in _MEMBER_CHANGE.finditer(sentence.frame):
        treaty = _treaty(sentence, match.group("t"))
        changed = _states([sentence.one(match.group("s"))])
        if treaty and changed:
            joined = match.group("verb").lower().startswith(("joined", "acceded"))
            positive = joined != bool(match.group("neg"))
            yield Finding("party", (changed[0], treaty), positive, "member-change", 0.8)


@pattern
def frozen(sentence: Sentence) -> Iterator[Finding]:
    """'X has frozen / suspended its participation in T'."""
    for match in _FROZEN.finditer(sentence.frame):
        treaty = _treaty(sentence, match.group("t"))
        state = _states([sentence.one(match.group("s"))])
        if treaty and state and match.group("what").lower() == "membership":
            if not match.group("neg"):
                yield Finding("party", (state[0], treaty), False, "membership-suspended", 0.85)
        elif treaty and state:
            yield Finding(
                "participation_frozen", (state[0], treaty), not match.group("neg"), "frozen", 0.9
            )


_REQUEST = re.compile(
    rf"(?P<s>{_MENTION})(?:\s*,[^,]{{0,80}},)?{_ADV}\s+(?:has\s+|had\s+|did\s+|is\s+|are\s+|"
    rf"was\s+|were\s+|formally\s+|officially\s+|also\s+)*{_NEG}(?:formally\s+|officially\s+)?"
    rf"(?P<verb>asked|ask|asking|requested|request|requesting|appealed\s+to|appeal\s+to|"
    rf"appealing\s+to|called\s+on|calling\s+on|turned\s+to|sought|seek|seeking|invoked|invoke|"
    rf"applied\s+to|triggered|activated)"
    rf"\s+(?P<rest>[^.;]*)",
    re.IGNORECASE,
)
_REQUEST_AND = re.compile(
    rf"{_LEAD}(?P<s>{_MENTION})(?:\s+(?:has|had|have))?\s+(?:said|told|[a-z]+(?:ed|s))\b[^;]{{0,160}}?,?\s+and\s+"
    rf"(?:has\s+|had\s+)?{_NEG}(?:formally\s+|officially\s+)?(?:asked|requested|appealed\s+to|"
    rf"called\s+on|turned\s+to|invoked)\s+(?P<rest>[^.;]*)",
    re.IGNORECASE,
)
_REQUEST_NOUN = re.compile(
    rf"(?:at\s+the\s+request\s+of\s+(?P<s1>{_MENTION})|at\s+(?P<s3>{_MENTION})'s\s+request|"
    rf"(?P<s2>{_MENTION})'s\s+(?:formal\s+)?"
    rf"(?:request|appeal|plea)\s+for)",
    re.IGNORECASE,
)
_HELP = re.compile(
    r"\b(?:help|assistance|aid|support|troops|peacekeepers|military|intervene|intervention|"
    r"send|deploy|protect|Article\s+4)\b",
    re.IGNORECASE,
)
_NOT_TREATY = re.compile(
    r"(?:rather\s+than|instead\s+of|but\s+not|outside|not\s+from)\s+(?:the\s+)?$"
)


def _request_treaty(sentence: Sentence, rest: str) -> str | None:
    """The treaty a request is addressed to, unless it is named only as the one not asked."""
    for found in re.finditer(_MENTION, rest):
        mention = sentence.one(found.group(0))
        if mention.kind == "treaty" and not _NOT_TREATY.search(rest[: found.start()]):
            return mention.entity
    return None


@pattern
def request(sentence: Sentence) -> Iterator[Finding]:
    """'X asked T for military help', 'X invoked Article 4', 'at X's request' (not offers)."""
    for match in _REQUEST.finditer(sentence.frame):
        rest = re.split(r",\s+(?:but|while|which|although)\b|\bbut\b", match.group("rest"))[0]
        if re.search(r"\bconsultations?\b", rest, re.IGNORECASE) and not re.search(
            r"\b(?:help|assistance|aid|troops)\b", rest, re.IGNORECASE
        ):
            continue
        state = _states([sentence.one(match.group("s"))]) or [
            m.entity for m in [sentence.one(match.group("s"))] if m.form == "person"
        ]
        treaty = _request_treaty(sentence, rest)
        if state and treaty and _HELP.search(rest):
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
        marker = match.group("s1") or match.group("s2") or match.group("s3")
        state = [sentence.one(marker).entity] if sentence.one(marker).kind == "state" else []
        treaty = _request_treaty(sentence, sentence.frame)
        if state and treaty and _HELP.search(sentence.frame[match.end() - 40 : match.end() + 80]):
            yield Finding(
                "requested_assistance", (state[0], treaty, "EVENT"), True, "request-noun", 0.85
            )


_ATTACK = re.compile(
    rf"(?P<a>{_MENTION})(?:'s)?(?:\s+(?:armed\s+)?{_FORCES}(?:\s+and\s+{_FORCES})?)?\s+(?:have\s+|has\s+|had\s+|"
    rf"reportedly\s+|allegedly\s+|again\s+|also\s+|repeatedly\s+|did\s+|"
    rf"(?:continue[sd]?|began|start(?:ed)?|tried|sought)\s+to\s+)*{_NEG}"
    rf"(?P<verb>{_ATTACK_VERB})\b(?P<obj>[^.;]{{0,120}})",
    re.IGNORECASE,
)
_ACCUSE = re.compile(
    rf"(?P<acc>{_MENTION})(?:\s*,[^,]{{0,80}},)?{_ADV}\s+(?:has\s+|have\s+|had\s+|also\s+)*"
    rf"(?:accused|accuses|accusing|blamed|blames)\s+(?P<a>{_MENTION})(?:'s)?(?:\s+{_FORCES})?\s+"
    rf"(?:of|for)\s+(?P<verb>{_ATTACK_VERB}|(?:an?\s+)?(?:attack|assault|offensive|incursion))"
    rf"(?P<obj>[^.;]{{0,120}})",
    re.IGNORECASE,
)
_DENY = re.compile(
    rf"{_LEAD}(?P<d>{_MENTION})(?:'s\s+[a-z]+(?:\s+[a-z]+)?)?\b[^;]{{0,90}}?\b"
    rf"(?:denied|denies|rejected|rejects|dismissed|dismisses)\b(?P<rest>[^.;]{{0,120}})",
    re.IGNORECASE,
)
_DENIED_ACT = (
    rf"{_ATTACK_VERB}|\b(?:attack|assault|offensive|incursion|shelling|fighting|entered|"
    rf"crossed|violat\w+)"
)
_SIDE_ISSUE = re.compile(
    rf"(?:{_ATTACK_VERB})\s+(?:\w+\s+)?(?:civilians?|residential|hospitals?|schools?|homes|"
    rf"journalists|aid|convoys?)",
    re.IGNORECASE,
)
_ATTACK_NOUN = re.compile(
    rf"(?P<a>{_MENTION})(?:'s)?\s+(?:(?:military|armed|artillery|drone|missile|ground)\s+)?"
    rf"(?:attacks?|offensive|assault|incursion|shelling|strikes?|invasion)\s+(?:on|against|of|into)"
    rf"\b(?P<obj>[^.;]{{0,120}})",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?:would|could|might|may|if|threat(?:en(?:ed|s)?)?|fears?|risk|prevent|deter|warned|"
    r"in\s+case\s+of|plan(?:s|ned)?)\b",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    rf"(?P<b>{_MENTION})(?:'s)?(?P<what>\s+(?:{_FORCES}|{_LAND}))?\s+(?:was|were|had\s+been|has\s+"
    rf"been|have\s+been|came)\s+{_NEG}(?:under\s+(?:(?P<a2>{_MENTION})\s+)?(?:heavy\s+)?"
    rf"(?:attack|fire|shelling|bombardment)|attacked|shelled|struck|"
    rf"hit|targeted|bombed|ambushed)(?:\s+by\s+(?P<a>{_MENTION}))?",
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
    for found in re.finditer(_MENTION, obj):
        mention = sentence.one(found.group(0))
        after = obj[found.end() : found.end() + 40]
        if mention.kind == "state":
            yield "target", mention.entity
            if re.match(rf"(?:'s)?\s+(?:\w+\s+)?{_FORCES}", after, re.IGNORECASE):
                yield "attack_on_forces", mention.entity
        elif mention.kind in ("place", "region"):
            yield "hostilities_in", mention.entity
    if accuser and re.search(rf"\b(?:its|their)\s+(?:\w+\s+)?{_FORCES}", obj, re.IGNORECASE):
        yield "target", accuser
        yield "attack_on_forces", accuser
    elif accuser and re.search(rf"\b(?:its|their)\s+(?:\w+\s+)?{_LAND}", obj, re.IGNORECASE):
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
) -> Iterator[Finding]:
    yield Finding("attacker", ("EVENT", attacker), positive, name, conf, attributed)
    if not positive:
        return
    for pred, entity in _objects(sentence, obj, accuser):
        if entity == attacker:
            continue
        args = ("EVENT", entity)
        yield Finding(pred, args, True, name, conf * 0.95, attributed)


# "Armenia said ...": the state whose 'its positions' a reported attack refers to.
_REPORTER = re.compile(rf"{_LEAD}(?P<s>{_MENTION})\s+(?:said|says|reported|announced)\b")
_CLAUSE_BREAK = re.compile(r",\s+(?:while|but|whereas|and)\b|;")
_OWN_FORCES = re.compile(
    rf"(?P<a>{_MENTION})(?:'s)?[^.;@]{{0,40}}?\b(?:its|his|her|their)\s+(?:own\s+)?{_FORCES}\s+"
    rf"(?:had\s+|have\s+|has\s+)?(?P<verb>{_ATTACK_VERB})\b(?P<obj>[^.;]{{0,120}})",
    re.IGNORECASE,
)


@pattern
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


@pattern
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
                rf"({_MENTION})(?:'s)?\s+(?:{_FORCES}\s+)?(?:had\s+)?(?:{_ATTACK_VERB}|attacks?\b)",
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
            rf"@\d+\s+(?:armed\s+)?{_FORCES}", sentence.frame[match.start() :], re.IGNORECASE
        ):
            continue
        if re.search(
            r"\b(?:threaten(?:ed|s)?|could|would|may|might|will|if|plans?\s+to|"
            r"ready\s+to|offered)\b[^.;]*$",
            before + " ",
            re.IGNORECASE,
        ) or re.search(
            r"\b(?:could|would|may|might|will)\s*$",
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
        )
    for match in _PASSIVE.finditer(sentence.frame):
        victim = sentence.one(match.group("b"))
        if victim.kind != "state" or match.group("neg"):
            continue
        yield Finding("target", ("EVENT", victim.entity), True, "attacked-passive", 0.8)
        if match.group("what") and re.search(_FORCES, match.group("what"), re.IGNORECASE):
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


_WHERE = re.compile(
    rf"(?P<h>{_HOSTILITIES})\b(?P<mid>[^.;@]{{0,90}}?)\b(?:in|on|near|around|along|inside|into|"
    rf"across|(?:confined|limited|restricted|spread|spreading|spilled\s+over)\s+to)\s+(?:the\s+)?(?:{_MENTION}'s\s+)?(?:(?:disputed|breakaway|contested|mountainous|separatist|border|"
    rf"southern|northern|eastern|western|region\s+of|province\s+of)\s+)*(?P<p>{_MENTION})",
    re.IGNORECASE,
)
_WHERE_REL = re.compile(
    rf"(?P<p>{_MENTION})(?:\s+(?:region|province|area|district|enclave|border\s+area))?,?\s+"
    rf"(?:where|in\s+which)\s+(?:\w+\s+){{0,2}}?{_HOSTILITIES}\b(?P<mid>[^.;]{{0,60}})",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    rf"{_HOSTILITIES}\s+(?:is\s+|are\s+|has\s+been\s+)?(?:raging\s+|continuing\s+|erupted\s+|"
    rf"broke\s+out\s+)?between\s+(?P<a>{_MENTION})(?:\s+{_FORCES})?\s+and\s+(?P<b>{_MENTION})",
    re.IGNORECASE,
)


@pattern
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
            positive = not _negated(match.group("mid"))
            yield Finding("hostilities_in", ("EVENT", place.entity), positive, name, 0.85)
            tail = sentence.frame[match.end() : match.end() + 80]
            for more in re.finditer(
                rf"^(?:\s+[a-z]+)?\s+(?:and|or)\s+(?:in|on|near)?\s*(?:the\s+)?(?P<p>{_MENTION})",
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


_SPEAKER = re.compile(
    rf"(?:(?P<s>{_MENTION})(?:'s)?(?:\s+[A-Za-z]+){{0,3}}\s+{_REPORT_VERB}\b|"
    rf"{_REPORT_VERB}\s+(?:(?:the|a)\s+)?(?P<s2>{_MENTION})|according\s+to\s+(?:\w+\s+)?(?P<s3>{_MENTION}))",
)


def speaker(sentence: Sentence) -> str | None:
    """The state a sentence is reported from ('Yerevan said', 'according to Baku'), if any."""
    for match in _SPEAKER.finditer(sentence.frame):
        marker = match.group("s") or match.group("s2") or match.group("s3")
        mention = sentence.one(marker)
        if mention.kind == "state" and mention.form in ("name", "person"):
            return mention.entity
    return None


# Atomic up to the first mention, and the tail tried only after a non-space: a failed match
# costs time linear in the sentence (it was quadratic).
_ELLIPSIS = re.compile(
    rf"^(?P<s>(?>.*?{_MENTION}).*?)(?<!\s)\s+(?:is|are|was|were|has|have|does|do)\s+not"
    rf"(?:\s+either)?\.?$",
    re.IGNORECASE,
)


def elliptical(sentence: Sentence, previous: list[Finding]) -> Iterator[Finding]:
    """'Azerbaijan and Nagorno-Karabakh are not.' negates the previous sentence's fact for them."""
    match = _ELLIPSIS.match(sentence.frame.strip().split(";")[-1].strip())
    if not match or not previous:
        return
    subjects = _states(sentence.ids(match.group("s")))
    for finding in previous:
        if finding.positive and finding.pred == "party":
            for state in subjects:
                yield Finding("party", (state, finding.args[1]), False, "elliptical-negation", 0.85)
            return
