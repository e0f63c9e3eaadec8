"""Which events an article reports: for each, a known one whose dates, sides and places agree,
or a new one with a readable id (`syunik_attack_2021_11`) dated from the text; and what tells
another event apart (a retaliation, two other sides fighting)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..knowledge.facts import Entity
from ..knowledge.store import FactRecord
from .dates import DateMention

EVENT_PREDS = {
    "attacker",
    "target",
    "hostilities_in",
    "attack_on_forces",
    "requested_assistance",
    "armed_attack",
    "non_state_attacker",
    "border_incident",
}
SIDES = ("attacker", "target", "attack_on_forces")
RECENT_DAYS = 60  # a date in the text this close before publication can be the event's
# A known event with no recorded end is taken to last this long: a report years later is of a
# new event (an open-ended 2016 event must not swallow a 2023 offensive).
OPEN_EVENT_DAYS = 90
# What the fighting is called, in the order a name prefers them.
_NOUNS = (
    ("invasion", r"invasion|invaded"),
    ("incursion", r"incursions?|(?:crossed|advanced|pushed)\s+(?:[\w.-]+\s+){0,3}?into"),
    ("offensive", r"offensive|advance"),
    ("strike", r"(?:air\s*)?strikes?|missile"),
    ("attack", r"attack(?:s|ed|ing)?|aggression|shell(?:ing|ed)|bomb(?:ing|ed)"),
    ("clashes", r"clash(?:es|ed)|skirmish(?:es)?|fighting|fought"),
    ("violence", r"violence|riot(?:s|ing)?|unrest"),
    ("war", r"war"),
)


# Words that make an attack a reply to the reported one, and so an event of its own.
_RETALIATION = re.compile(
    r"\b(?:retaliat\w*|in\s+response|counter-?attack\w*|hit\s+back|reprisals?)\b",
    re.IGNORECASE,
)


class Finding(Protocol):
    """What telling a retaliation apart reads of a sentence's findings."""

    pred: str
    args: tuple[str, ...]
    positive: bool


def sides_of(findings: Sequence[Finding]) -> set[str]:
    """The states a sentence's findings put on either side of the fighting."""
    return {f.args[1] for f in findings if f.positive and f.pred in SIDES and len(f.args) > 1}


def retaliation_by(findings: Sequence[Finding], text: str, targets: set[str]) -> str | None:
    """The side a sentence says hit back: an attacker in it that the reported event targeted,
    in words of retaliation ('Turkey retaliated by shelling Syrian positions')."""
    if not targets or not _RETALIATION.search(text):
        return None
    attackers = [f.args[1] for f in findings if f.pred == "attacker" and f.positive]
    return next((a for a in attackers if a in targets), None)


class Fact(Protocol):
    """What choosing an event reads of a candidate."""

    predicate: str
    args: list[str]
    holds: bool
    quote: str
    span: tuple[int, int]


@dataclass(frozen=True)
class KnownEvent:
    """An event already in the knowledge base, with when and where it happened and who fought."""

    id: str
    start: dt.date | None
    end: dt.date | None
    involved: frozenset[str]


def known_events(records: Iterable[FactRecord]) -> list[KnownEvent]:
    """The knowledge base's events: when they began, when fighting ended, who took part."""
    starts: dict[str, dt.date | None] = {}
    ends: dict[str, dt.date | None] = {}
    involved: dict[str, set[str]] = {}
    for record in records:
        if record.pred not in ("event", *EVENT_PREDS) or not record.args:
            continue
        event = str(record.args[2] if record.pred == "requested_assistance" else record.args[0])
        involved.setdefault(event, set()).update(str(a) for a in record.args if a != event)
        if record.pred == "event":
            starts[event] = record.valid_from
            ends.setdefault(event, record.valid_until)
        elif record.pred == "hostilities_in" and record.valid_until:
            ends[event] = max(filter(None, [ends.get(event), record.valid_until]))
    return [
        KnownEvent(e, starts.get(e), ends.get(e), frozenset(names))
        for e, names in sorted(involved.items())
    ]


def _event_args(facts: Sequence[Fact]) -> tuple[set[str], set[str]]:
    """The sides (states) and places the article's event facts name."""
    sides = {f.args[1] for f in facts if f.holds and f.predicate in SIDES and len(f.args) > 1}
    places = {f.args[1] for f in facts if f.holds and f.predicate == "hostilities_in"}
    return sides, places


def _agrees(
    event: KnownEvent, period: tuple[dt.date, dt.date], sides: set[str], places: set[str]
) -> bool:
    """A known event matches when the time the text gives overlaps it (an event with no
    recorded end lasts OPEN_EVENT_DAYS) and its sides and places agree. An undated known
    event matches nothing."""
    first, last = period
    if event.start is None or last < event.start:
        return False
    if first >= (event.end or event.start + dt.timedelta(days=OPEN_EVENT_DAYS)):
        return False
    if not sides & event.involved:
        return False
    return not (places and places & event.involved == set() and event.involved - sides)


def precision(date: DateMention) -> str:
    """How much of a date the text gives: 'day', 'month' ('in May 2021') or 'year' ('in 2016')."""
    if re.search(r"(?<!\d)\d\d?(?!\d)|day\b|today|yesterday", date.text, re.IGNORECASE):
        return "day"
    if re.search(r"[A-Za-z]{3}", re.sub(r"\b(?:in|since|from|early|late)\b", "", date.text)):
        return "month"
    return "year"


def _period(day: dt.date, given: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date of this precision can mean."""
    if given == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    if given == "month":
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return day.replace(day=1), following - dt.timedelta(days=1)
    return day, day


def _day(
    facts: Sequence[Fact],
    dates: Sequence[DateMention],
    published: dt.date | None,
    start: DateMention | None,
) -> tuple[dt.date | None, str]:
    """When the event happened: its stated start, else a recent date in a sentence that
    states a fact about it, else the publication date."""
    if start is not None:
        return start.date, f"start of the fighting ({start.text!r})"
    spans = [f.span for f in facts if "EVENT" in f.args]
    near = [
        d
        for d in dates
        if published
        and 0 <= (published - d.date).days <= RECENT_DAYS
        and any(s <= d.start < e for s, e in spans)
    ]
    if near:
        first = min(near, key=lambda d: d.date)
        return first.date, f"date in the text ({first.text!r})"
    if published:
        return published, "publication date"
    return None, "unknown"


def _noun(facts: Sequence[Fact]) -> str:
    """What the article calls the event, from the quotes that state facts about it."""
    quotes = " ".join(f.quote for f in facts if "EVENT" in f.args).lower()
    found = [
        (m.start(), name) for name, words in _NOUNS if (m := re.search(rf"\b(?:{words})\b", quotes))
    ]
    return min(found)[1] if found else "event"


def choose_event(
    facts: Sequence[Fact],
    dates: Sequence[DateMention],
    published: dt.date | None,
    start: DateMention | None,
    events: Iterable[KnownEvent],
    given: str | None,
    entities: Mapping[str, Entity],
    text: str,
    when: DateMention | None = None,
) -> tuple[str, str, dt.date | None]:
    """The event the article reports: given, a known one that agrees, or a new readable id.
    `when` is the date the text gives an earlier event it also reports."""
    day: dt.date | None
    if when is not None:
        day, how, exact = when.date, f"date in the text ({when.text!r})", precision(when)
    else:
        (day, how), exact = _day(facts, dates, published, start), "day"
    if given:
        return given, "given", day
    sides, places = _event_args(facts)
    if day is not None:
        for event in events:
            if _agrees(event, _period(day, exact), sides, places):
                return event.id, "a known event whose dates, sides and places agree", day
    if day is None:
        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        return f"event_undated_{digest}", "new event of unknown date", None
    ordered = [f.args[1] for f in facts if f.holds and f.predicate == "hostilities_in"]
    ordered += [f.args[1] for f in facts if f.holds and f.predicate == "target"]
    ordered += [f.args[1] for f in facts if f.holds and f.predicate in SIDES]
    where = next(
        (p for p in ordered if entities.get(p, None) and entities[p].kind != "state"),
        ordered[0] if ordered else None,
    )
    stem = f"{where}_{_noun(facts)}" if where else "event"
    month = "" if exact == "year" else f"_{day.month:02d}"
    return f"{stem}_{day.year}{month}", f"new event, dated by {how}", day
