"""What every fact pattern shares: findings, framed sentences and the vocabulary of reporting."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..entities import Mention
from ..nlp import pipeline

if TYPE_CHECKING:  # spaCy is imported where it is used: only extraction pays its start-up
    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

MENTION = r"@\d+"
# The start of a sentence up to its subject: an optional dateline, then at most three words.
LEAD = (
    r"^(?:[A-Z][A-Z ./'-]+,?[^-–—]{0,40}[-–—]\s+|\d\d?[:.]\d\d\s*[-–—]\s+)?"
    r"(?:\W*\w+\s+){0,5}?"
)
# Short adverbials between a subject and its verb: 'on Saturday', 'late on Monday', 'again'.
ADV = r"(?:\s+(?:(?:late\s+|early\s+)?on\s+[A-Z]\w+|earlier|again|also|now|formally|officially))*"
LIST = rf"{MENTION}(?:(?:\s*,\s*|\s*,?\s+(?:and|as well as)\s+)(?:the\s+)?{MENTION})*"
NEG = r"(?P<neg>\bnot\s+(?!only\b|just\b|merely\b)|n't\s+|\bnever\s+|\bno longer\s+)?"
FORCES = (
    r"(?:armed\s+forces|forces|troops|army|military|soldiers|servicemen|positions|border\s+guards|"
    r"border\s+posts?|units|artillery|drones|aircraft|jets|helicopters?|vessels?|ships?|"
    r"outposts?|personnel|side|peacekeepers)"
)
# Words between a state and its forces: 'Chinese coast guard vessels', 'Azerbaijani special forces'.
BRANCH = r"(?:(?:armed|coast\s+guard|special|naval|government|military|regime|security)\s+)?"
LAND = r"(?:territory|soil|villages?|towns?|settlements?|cities|city|border|regions?|provinces?)"
ATTACK_VERB = (
    r"(?:attack(?:ed|s|ing)?|shell(?:ed|s|ing)?|struck|strik(?:es|ing)|bomb(?:ed|s|ing)|"
    r"bombard(?:ed|s|ing)?|invad(?:ed|es|ing)|fired\s+(?:on|at|upon|first)|firing\s+(?:on|at)|"
    r"open(?:ed|ing)?\s+fire(?:\s+(?:on|at))?|launch(?:ed|es|ing)?\s+(?:an?\s+)?(?:\w+\s+)?"
    r"(?:attack|offensive|assault|strikes?|incursion)s?\s+(?:on|against|into|in)|"
    r"us(?:ed|ing)\s+(?:\w+\s+){0,3}?(?:tanks|mortars|artillery|drones|missiles|rockets|"
    r"aircraft|weapons|force)\s+(?:\w+\s+){0,2}?against|"
    r"(?:cross(?:ed|ing)?|advanc(?:ed|ing)|push(?:ed|ing)|press(?:ed|ing)|mov(?:ed|ing)|"
    r"march(?:ed|ing))"
    r"\s+(?:[\w-]+\s+){0,3}?into|seiz(?:ed|ing)|captur(?:ed|ing)|"
    r"target(?:ed|ing)|ambush(?:ed|ing)|hit|harass(?:ed|ing)|rammed|water[-\s]cannon(?:ed)?)"
)
HOSTILITIES = (
    r"(?:fighting|clashes|hostilities|shelling|battles?|combat|war|warfare|offensive|"
    r"skirmishes|gunfire|artillery\s+fire|military\s+operations?|attacks?|clashed|fought|"
    r"battled|violence|riots?|rioting|unrest|(?:air\s+)?strikes?|incursion|advance)"
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
    """A sentence with its mentions replaced by @i markers (i indexes `mentions`), as a string
    and as tokens: in `tokens` each mention is one token `@i` whose entity type is its kind."""

    text: str
    frame: str
    mentions: list[Mention]
    tokens: Doc
    context_treaty: str | None = None  # the treaty named last before (for 'the other members')

    def at(self, i: int) -> Mention:
        """The mention behind token `i` of `tokens`."""
        return self.mentions[int(self.tokens[i].text[1:])]

    def ids(self, fragment: str) -> list[Mention]:
        """The mentions named in a fragment of the frame, in order."""
        return [self.mentions[int(i)] for i in re.findall(r"@(\d+)", fragment)]

    def one(self, marker: str) -> Mention:
        """The mention behind one @i marker."""
        return self.mentions[int(marker[1:])]


CONTEXT_REACH = 800  # characters back to the treaty a sentence without one refers to
# Periods that end abbreviations ('Sept. 27', 'Gen. X') would cut patterns short.
_ABBREVIATION_DOT = re.compile(
    r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Gov|St|No)\."
)


def frame_sentence(
    text: str, mentions: list[Mention], offset: int, tokens: SpacySpan
) -> Sentence:
    """Replace each mention inside the sentence by its marker; note the treaty named last
    before the sentence, which 'the other member states' refers to."""
    before = [m for m in mentions if m.end <= offset and m.kind == "treaty"]
    inside = [m for m in mentions if offset <= m.start and m.end <= offset + len(text)]
    parts, pos = [], 0
    for i, m in enumerate(inside):
        # two mentions of one span ('both countries') read as a list: '@0 and @1'
        parts.append(text[pos : m.start - offset] if m.start - offset >= pos else " and ")
        parts.append(f"@{i}")
        pos = m.end - offset
    parts.append(text[pos:])
    context = before[-1].entity if before and offset - before[-1].end < CONTEXT_REACH else None
    frame = _ABBREVIATION_DOT.sub(r"\1", "".join(parts))
    return Sentence(text, frame, inside, _token_frame(tokens, inside), context)


def _token_frame(tokens: SpacySpan, inside: list[Mention]) -> Doc:
    """The sentence's tokens with each mention merged into one token `@i` typed by its kind
    (a token a mention only partly covers goes into the mention)."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    ents: list[str] = []
    i = 0
    for token in tokens:
        while i < len(inside) and inside[i].end <= token.idx:
            i += 1
        if i < len(inside) and inside[i].start < token.idx + len(token):
            if words and words[-1] == f"@{i}":
                spaces[-1] = bool(token.whitespace_)  # the mention's later tokens
                continue
            words.append(f"@{i}")
            ents.append(f"B-{inside[i].kind}")
        else:
            words.append(token.text)
            ents.append("O")
        spaces.append(bool(token.whitespace_))
    return Doc(tokens.vocab, words=words, spaces=spaces, ents=ents)


def token_matcher(patterns: Mapping[str, list[list[dict[str, Any]]]]) -> Matcher:
    """A spaCy Matcher over sentences' token frames, the longest match of each pattern."""
    from spacy.matcher import Matcher

    matcher = Matcher(pipeline().vocab)
    for name, alternatives in patterns.items():
        matcher.add(name, alternatives, greedy="LONGEST")
    return matcher


def state_ids(items: list[Mention]) -> list[str]:
    return [m.entity for m in items if m.kind == "state" and m.form != "adjective"]


def treaty_of(sentence: Sentence, marker: str) -> str | None:
    mention = sentence.one(marker)
    return mention.entity if mention.kind in ("treaty", "organisation") else None


def negated(fragment: str) -> bool:
    return bool(re.search(r"\b(?:not|never|no longer|neither|nor)\b|n't\b", fragment))


Pattern = Callable[[Sentence], Iterator[Finding]]
