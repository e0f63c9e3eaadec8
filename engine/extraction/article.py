"""Extract an article's metadata and candidate facts, each with its quote and source span."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from ..errors import CasusError, Location
from ..knowledge.facts import Entity, normalize_text
from .coref import resolve
from .dates import DateMention, event_dates, publication_date
from .entities import EntityMatcher
from .events import (
    EVENT_PREDS,
    SIDES,
    KnownEvent,
    choose_event,
    precision,
    retaliation_by,
    sides_of,
)
from .gazetteer import WorldPlace
from .nlp import stretch, tokens
from .patterns import PATTERNS, Finding, elliptical, frame_sentence, speaker
from .text import Document, normalize

MAX_CHARS = 200_000  # longer inputs are not news articles
# Longer "sentences" are set aside unread: news sentences run to a few hundred characters (the
# longest in the gold articles: 285), and the patterns' work grows faster than a sentence.
MAX_SENTENCE_CHARS = 600
BACKGROUND_DAYS = 90  # a start date ('broke out on ...') is at most this long before publication
RECENT_DAYS = 30  # with no start date, sentences dated earlier than this are background
_START = re.compile(
    r"\b(?:broke\s+out|erupted|flared(?:\s+up)?|since"
    r"|(?:fighting|clashes|hostilities|war|conflict|violence|unrest|protests|attacks?|shelling|"
    r"offensive|it|they)\s+(?:\w+\s+){0,2}?(?:began|begun|started))\b",
    re.IGNORECASE,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DateFound(_Model):
    """A date named in the article and how it was resolved."""

    text: str
    date: dt.date
    how: str
    span: tuple[int, int]


class Candidate(_Model):
    """A proposed fact (or explicit evidence against one), tied to the words that state it."""

    fact: str
    predicate: str
    args: list[str]
    holds: bool
    quote: str
    span: tuple[int, int]
    confidence: float
    pattern: str
    attributed_to: str | None = None
    valid_from: dt.date | None = None
    valid_from_how: str | None = None


class EventFound(_Model):
    """Another event the article reports besides its main one: an earlier one it dates."""

    id: str
    how: str
    start: dt.date | None = None


class Metadata(_Model):
    """What the article is: headline, publisher, dates."""

    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    published_how: str | None = None
    url: str | None = None
    event: str
    event_how: str
    event_start: dt.date | None = None
    other_events: list[EventFound] = []
    dates: list[DateFound]


class ProposedEntity(_Model):
    """A place or state the knowledge base lacks, named by a candidate, for review."""

    id: str
    kind: str
    label: str
    located_in: list[str]
    source: str


class Extraction(_Model):
    """The result of reading one article."""

    metadata: Metadata
    candidates: list[Candidate]
    set_aside: list[str]
    proposed_entities: list[ProposedEntity] = []


def _title(doc: Document, meta_title: str | None) -> str | None:
    """The headline: from the page's metadata, else the article's first short line."""
    if meta_title:
        return meta_title
    for span, reason in doc.skipped:
        if reason == "title":
            return doc.text[span.start : span.end]
    return None


_SOURCE_LINE = re.compile(r"^\s*source\s*:\s*(?P<pub>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]+,?\s[^\n(]{0,30}\((?P<pub>[A-Za-z/ ]{2,30})\)\s*[-–—]", re.MULTILINE
)


def _publisher(text: str) -> str | None:
    """The publisher named on a 'Source:' line or in an agency dateline '(Reuters) -'."""
    for regex in (_SOURCE_LINE, _DATELINE):
        match = regex.search(text)
        if match:
            return match.group("pub").strip()
    return None


def _event_start(
    dates: list[DateMention], text: str, published: dt.date | None
) -> DateMention | None:
    """The date the reported fighting began: a date next to 'broke out', 'began', 'since'."""
    found = []
    for date in dates:
        window = text[max(0, date.start - 60) : date.start]
        if _START.search(window) and published and (published - date.date).days <= BACKGROUND_DAYS:
            found.append(date)
    return min(found, key=lambda d: d.date) if found else None


_YEAR_OF = re.compile(
    r"\b(?:in|since|during)\s+(?:early\s+|late\s+)?((?:19|20)\d\d)\b"
    r"|\b((?:19|20)\d\d)\s+(?:war|ceasefire|conflict|clashes|fighting|offensive)"
)
_ANY_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# An undated sentence that goes on about the earlier event the sentence before told of.
_BACK_REFERENCE = re.compile(
    r"\b(?:at\s+the\s+time|back\s+then|then|that\s+(?:day|week|month|year|time)|"
    r"the\s+same\s+(?:day|week|month|year))\b|"
    r"\bhad\s+(?:(?:already|also|earlier|previously|formally|officially)\s+)?"
    r"[a-z]+(?:ed|en|ought|ent)\b"
)


def _year(match: re.Match[str], group: int | str = 0) -> DateMention:
    """A year named alone ('in 1999', 'the 2016 war') as a date: its first day."""
    year = int(match.group(group))
    start, end = match.span(group)
    return DateMention(start, end, match.group(group), dt.date(year, 1, 1), "year only: first day")


def _earlier(
    dates: list[DateMention],
    start: int,
    end: int,
    published: dt.date | None,
    text: str,
    event_start: dt.date | None,
) -> DateMention | None:
    """The date by which a sentence tells of an earlier event than the one reported: dated
    before the reported fighting began (or, when that is unknown, more than RECENT_DAYS before
    publication); None when the sentence is about the reported event."""
    if published is None:
        year = _ANY_YEAR.search(text, start, end)
        return _year(year) if year else None
    cutoff = event_start or published - dt.timedelta(days=RECENT_DAYS)
    early = [d for d in dates if start <= d.start < end and d.date < cutoff]
    if early:
        return min(early, key=lambda d: d.date)
    for match in _YEAR_OF.finditer(text, start, end):
        group = 1 if match.group(1) else 2
        if int(match.group(group)) < published.year:
            return _year(match, group)
    return None


def _group(date: DateMention | None) -> str | None:
    """The earlier event a date points to, by its year and month (00: the text gives none)."""
    if date is None:
        return None
    return f"{date.date.year}_{0 if precision(date) == 'year' else date.date.month:02d}"


def extract(
    text: str,
    entities: dict[str, Entity],
    *,
    published: dt.date | None = None,
    published_how: str = "given",
    event: str | None = None,
    events: Iterable[KnownEvent] = (),
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
) -> Extraction:
    """Read one article: its metadata and candidate facts in the core vocabulary."""
    if len(text) > MAX_CHARS:
        raise CasusError.single(
            "too-long",
            f"article is {len(text)} characters; the limit is {MAX_CHARS}",
            Location("<article>"),
        )
    if not text.strip():
        raise CasusError.single("empty", "the article has no text", Location("<article>"))
    doc = normalize(text)
    how = published_how
    if published is None:
        found = publication_date(text)
        if found:
            published, how = found
    matcher = EntityMatcher.for_entities(entities.values())
    toks = tokens(doc.text)
    mentions = resolve(doc.text, matcher.find(toks), matcher.entities)
    entities = matcher.entities
    dates = event_dates(toks, published) if published else []
    sentences = doc.sentences(toks)
    start = _event_start(dates, doc.text, published)
    candidates: dict[tuple[str, bool, str | None, str | None], Candidate] = {}
    other_groups: dict[str, DateMention | None] = {}  # earlier events and retaliations
    targets: set[str] = set()  # whom the reported event targeted, so far
    main_sides: set[str] = set()  # the states on either side of the reported event, so far
    apart: dict[str, set[str]] = {}  # other events between other sides, by group
    previous: list[Finding] = []
    too_long: list[str] = []
    mention_starts = [m.start for m in mentions]
    date_starts = [d.start for d in dates]
    paragraph_starts = [p.start for p in doc.paragraphs]
    told: tuple[int, DateMention | None] = (-1, None)  # paragraph and earlier date, sentence before
    for span in sentences:
        if span.end - span.start > MAX_SENTENCE_CHARS:
            too_long.append(
                f"sentence over {MAX_SENTENCE_CHARS} characters: {doc.text[span.start :][:80]}"
            )
            previous = []
            continue
        # only the mentions and dates inside the sentence, so each sentence costs its own length
        inside = mentions[
            bisect.bisect_left(mention_starts, span.start) : bisect.bisect_left(
                mention_starts, span.end
            )
        ]
        sentence = frame_sentence(
            doc.text[span.start : span.end],
            inside,
            span.start,
            stretch(toks, span.start, span.end),
        )
        findings = [f for p in PATTERNS for f in p(sentence)]
        findings += list(elliptical(sentence, previous + findings))
        previous = findings
        in_dates = dates[
            bisect.bisect_left(date_starts, span.start) : bisect.bisect_left(date_starts, span.end)
        ]
        earlier = _earlier(
            in_dates, span.start, span.end, published, doc.text, start.date if start else None
        )
        paragraph = bisect.bisect_right(paragraph_starts, span.start)
        if (
            earlier is None
            and not in_dates
            and told[0] == paragraph
            and _BACK_REFERENCE.search(doc.text, span.start, span.end)
        ):
            earlier = told[1]
        told = (paragraph, earlier)
        said_by = speaker(sentence)
        begin, end = doc.original_span(span.start, span.end)
        quote = normalize_text(text[begin:end])
        hitting_back = retaliation_by(findings, sentence.text, targets)
        sentence_group = _group(earlier) or (
            f"retaliation_by_{hitting_back}" if hitting_back and not event else None
        )
        sides = sides_of(findings)
        if sentence_group is None and not event and sides and not sides & main_sides:
            # two other sides fighting: another event ('Tajik troops attacked Kyrgyz posts' in
            # a report on Armenia), joined by later sentences that name one of its sides
            joined = next((g for g, known in apart.items() if known & sides), None)
            if joined is None and len(sides) > 1 and main_sides:
                joined = f"between_{'_'.join(sorted(sides))}"
            if joined is not None:
                sentence_group = joined
                apart.setdefault(joined, set()).update(sides)
        for finding in findings:
            group = sentence_group if finding.pred in EVENT_PREDS else None
            if group is not None and event:
                continue  # the given event is the one reported; earlier ones are left out
            if group is not None:
                other_groups.setdefault(group, earlier)
            elif finding.positive and finding.pred in SIDES:
                main_sides.add(finding.args[1])
                if finding.pred == "target":
                    targets.add(finding.args[1])
            attributed = finding.attributed_to or said_by
            confidence = finding.confidence * (0.9 if attributed else 1.0)
            args = list(finding.args)
            fact = f"{finding.pred}({', '.join(args)})"
            valid_from, from_how = _valid_from(
                finding, start if group is None else earlier, in_dates, span.start, span.end,
                published,
            )
            key = (fact, finding.positive, attributed, group)
            if key in candidates and candidates[key].confidence >= confidence:
                continue
            candidates[key] = Candidate(
                fact=fact,
                predicate=finding.pred,
                args=args,
                holds=finding.positive,
                quote=quote,
                span=(begin, end),
                confidence=round(confidence, 2),
                pattern=finding.pattern,
                attributed_to=attributed,
                valid_from=valid_from,
                valid_from_how=from_how,
            )
    main = [c for k, c in candidates.items() if k[3] is None]
    known = list(events)
    event_id, event_how, event_day = choose_event(
        main, dates, published, start, known, event, matcher.entities, text
    )
    known = [e for e in known if e.id != event_id]  # another event is not the main one
    stated = [_rename(c, event_id) for c in main]
    other_events: list[EventFound] = []
    for group, when in sorted(other_groups.items()):
        facts = [c for k, c in candidates.items() if k[3] == group]
        if not any(c.holds for c in facts):
            continue  # only evidence against: no other event to propose
        other, how_other, day = choose_event(
            facts, dates, published, None, known, None, matcher.entities, text, when
        )
        stated += [_rename(c, other) for c in facts]
        if other != event_id and all(e.id != other for e in other_events):
            other_events.append(EventFound(id=other, how=how_other, start=day))
    stated = _distinct(stated)
    metadata = Metadata(
        title=_title(doc, title),
        publisher=publisher or _publisher(text),
        published=published,
        published_how=how if published else None,
        url=url,
        event=event_id,
        event_how=event_how,
        event_start=event_day,
        other_events=other_events,
        dates=[
            DateFound(text=d.text, date=d.date, how=d.how, span=doc.original_span(d.start, d.end))
            for d in dates
        ],
    )
    set_aside = [f"{reason}: {doc.text[s.start : s.end][:80]}" for s, reason in doc.skipped]
    ordered = sorted(stated, key=lambda c: (c.span[0], c.fact))
    set_aside += too_long
    result = Extraction(metadata=metadata, candidates=ordered, set_aside=set_aside)
    reported = [(event_id, event_day), *((e.id, e.start) for e in other_events)]
    listed = [
        event_fact
        for reported_id, day in reported
        if reported_id not in entities
        and (event_fact := event_candidate(result, reported_id, day)) is not None
    ]
    result.candidates[:0] = listed
    named = {a for c in result.candidates for a in c.args}
    result.proposed_entities = [
        _proposal(place) for place in matcher.proposed.values() if place.id in named
    ]
    return result


_WARM_UP = "Armenia asked the CSTO for help after fighting in Aleppo on Monday."


def prepare(entities: dict[str, Entity]) -> None:
    """Build, once per process, what reading any article needs (the spaCy pipeline, the
    entity matchers, the gazetteer's tables, dateparser's English data) by reading a short
    text: a process that serves requests calls it when it starts, so no request pays."""
    extract(_WARM_UP, entities, published=dt.date(2020, 1, 6))


def _rename(candidate: Candidate, event_id: str) -> Candidate:
    """Put the chosen event id where the patterns left the placeholder."""
    if "EVENT" not in candidate.args:
        return candidate
    args = [event_id if a == "EVENT" else a for a in candidate.args]
    fact = f"{candidate.predicate}({', '.join(args)})"
    return candidate.model_copy(update={"args": args, "fact": fact})


def _proposal(place: WorldPlace) -> ProposedEntity:
    return ProposedEntity(
        id=place.id,
        kind=place.kind,
        label=place.label,
        located_in=list(place.countries),
        source=place.source,
    )


def _valid_from(
    finding: Finding,
    start: DateMention | None,
    dates: list[DateMention],
    begin: int,
    end: int,
    published: dt.date | None,
) -> tuple[dt.date | None, str | None]:
    """When the fact held from: the event's start, a date in the sentence, or publication."""
    if finding.pred in EVENT_PREDS and start is not None:
        return start.date, f"start of the fighting ({start.text!r}: {start.how})"
    inside = [d for d in dates if begin <= d.start < end]
    if inside:
        return inside[0].date, f"{inside[0].text!r}: {inside[0].how}"
    if published:
        return published, "publication date (the article reports it as current)"
    return None, None


def event_candidate(
    result: Extraction, event: str | None = None, start: dt.date | None = None
) -> Candidate | None:
    """`event(E)` for the article's event (or another it reports, begun on `start`), quoted
    where the first fact about it is stated."""
    if event is None:
        event, start = result.metadata.event, result.metadata.event_start
    first = next((c for c in result.candidates if c.holds and event in c.args), None)
    if first is None:
        return None
    return first.model_copy(
        update={
            "fact": f"event({event})",
            "predicate": "event",
            "args": [event],
            "pattern": "event-of-article",
            "attributed_to": None,
            "valid_from": start or first.valid_from,
            "valid_from_how": "start of the fighting" if start else first.valid_from_how,
        }
    )


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per fact, sign and speaker (two earlier events may be one known event),
    the most confident kept."""
    best: dict[tuple[str, bool, str | None], Candidate] = {}
    for candidate in candidates:
        key = (candidate.fact, candidate.holds, candidate.attributed_to)
        if key not in best or best[key].confidence < candidate.confidence:
            best[key] = candidate
    return list(best.values())
