"""Find the publication date and resolve the dates events are given at (Wednesday, Sept. 27).

Date expressions are found by a spaCy `Matcher` over tokens. Those relative to the
publication date (a weekday, 'yesterday', a month or a day without its year) are resolved by
`dateparser` with the publication date as its relative base. Dates written out in full (a
day, month and year; an ISO date; a month and year; a year) are read straight off their
tokens: dateparser takes about a millisecond and a half per expression, and an article of
200,000 characters can hold 14,000 distinct full dates, so parsing each would take
20 seconds; the expressions dateparser sees are bounded (weekdays, months, days of the year)
and each is parsed once per publication date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .nlp import pipeline, tokens

if TYPE_CHECKING:  # spaCy is imported where it is used: only extraction pays its start-up
    import numpy as np
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS = {name: n for n, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])}
_MONTHS |= {f"{name}.": n for name, n in list(_MONTHS.items()) if len(name) == 3}
_MONTHS |= {"Sept": 9, "Sept.": 9}
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_LABEL_WORDS = ["published", "posted", "updated", "date", ":"]

_MONTH: dict[str, Any] = {"ORTH": {"IN": list(_MONTHS)}}
_DAY: dict[str, Any] = {"TEXT": {"REGEX": r"^[0-3]?\d(?:st|nd|rd|th)?$"}}
_YEAR: dict[str, Any] = {"TEXT": {"REGEX": r"^(?:19|20)\d\d$"}}
_COMMA: dict[str, Any] = {"ORTH": ",", "OP": "?"}
# Kinds of date expression, strongest first: a weaker one overlapping a stronger is dropped.
_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "full": [
        [_MONTH, _DAY, _COMMA, _YEAR],
        [_DAY, _MONTH, _COMMA, _YEAR],
        [_YEAR, {"ORTH": "-"}, {"SHAPE": "dd"}, {"ORTH": "-"}, {"SHAPE": "dd"}],
    ],
    "day": [[_MONTH, _DAY], [_DAY, _MONTH]],
    "weekday": [
        [{"LOWER": {"IN": ["last", "this", "on"]}, "OP": "?"}, {"ORTH": {"IN": _WEEKDAYS}}]
    ],
    "relative": [[{"LOWER": {"IN": ["yesterday", "today"]}}]],
    "month_year": [[{"LOWER": "in"}, _MONTH, _YEAR]],
    "month": [[{"LOWER": "in"}, _MONTH]],
    "year": [
        [{"LOWER": {"IN": ["in", "since", "from"]}}, {"LOWER": {"IN": ["early", "late"]}}, _YEAR],
        [{"LOWER": {"IN": ["in", "since", "from"]}}, _YEAR],
    ],
}
_ORDER = list(_PATTERNS)
_REACH = 4  # tokens a date expression reaches either side of its month, weekday or year


@dataclass(frozen=True)
class DateMention:
    """A date named in the text, resolved to a day, with how it was resolved."""

    start: int
    end: int
    text: str
    date: dt.date
    how: str


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    from spacy.matcher import Matcher

    matcher = Matcher(pipeline().vocab)
    for kind, patterns in _PATTERNS.items():
        matcher.add(kind, patterns, greedy="LONGEST")
    return matcher


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _number(text: str) -> int:
    return int(text.rstrip("stndrh"))


def _written(span: Span) -> dt.date | None:
    """A date written out in full, read off its tokens (day, month name or number, year)."""
    words = [t.text for t in span if t.text not in (",", "-")]
    if words[0].isdigit() and len(words[0]) == 4:  # 2020-10-07
        return _safe(int(words[0]), int(words[1]), int(words[2]))
    month = next(_MONTHS[w] for w in words if w in _MONTHS)
    day = next(_number(w) for w in words if w not in _MONTHS and len(w) <= 4 and w[:1].isdigit())
    return _safe(int(words[-1]), month, day)


@lru_cache(maxsize=4096)
def _parse(expression: str, base: dt.date) -> dt.date | None:
    """`expression` read by dateparser as the last such date up to `base` (inclusive)."""
    import dateparser  # imported here: only extraction with a publication date needs it

    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
    }
    found = dateparser.parse(expression, languages=["en"], settings=settings)
    return found.date() if found else None


def _resolve(kind: str, span: Span, published: dt.date | None) -> tuple[dt.date, str] | None:
    """The day an expression of this kind names, and how it was found."""
    words = [t.text for t in span]
    if kind == "full":
        day = _written(span)
        return (day, "written in full") if day else None
    if kind == "month_year":
        return dt.date(int(words[2]), _MONTHS[words[1]], 1), "month and year: first day"
    if kind == "year":
        return dt.date(int(words[-1]), 1, 1), "year only: first day"
    if published is None:
        return None
    if kind == "weekday":
        # dateparser reads a weekday as the one strictly before its base; news 'said
        # Wednesday' on a Wednesday means that day, 'last Wednesday' the week before
        last = words[0].lower() == "last"
        day = _parse(words[-1], published if last else published + dt.timedelta(days=1))
        if day is None:
            return None
        back = (published - day).days
        if back == 0:
            return day, "weekday: the publication day"
        return day, f"weekday: the {words[-1]} {back} day(s) before publication"
    if kind == "relative":
        day = _parse(words[0].lower(), published)
        return (day, f"{words[0]}: relative to publication") if day else None
    expression = " ".join(w for w in words if w.lower() != "in")
    day = _parse(expression, published)
    if day is None:
        return None
    if kind == "month":
        return day, "month without year: the last one before publication"
    if day.year == published.year:
        return day, "month and day, in the year of publication"
    return day, "month and day, in the year before publication (later date not yet)"


@lru_cache(maxsize=1)
def _triggers() -> np.ndarray[Any, np.dtype[np.uint64]]:
    """Hashes of the words every date expression has one of: a month, a weekday, a year,
    'yesterday' or 'today'."""
    words = [*_MONTHS, *_WEEKDAYS, "yesterday", "Yesterday", "today", "Today"]
    import numpy as np

    words += [str(year) for year in range(1900, 2100)]
    strings = pipeline().vocab.strings
    return np.array([strings.add(w) for w in words], dtype=np.uint64)


def _windows(doc: Doc) -> list[Span]:
    """Stretches of `doc` around the words a date needs, merged where they meet: the
    Matcher reads only these (its per-token tests cost microseconds, and most text has no
    date)."""
    import numpy as np
    from spacy.attrs import ORTH

    hits = np.isin(doc.to_array(ORTH), _triggers()).nonzero()[0]
    out: list[Span] = []
    start = end = 0
    for i in hits.tolist():
        if i - _REACH > end:
            if end > start:
                out.append(doc[start:end])
            start = i - _REACH
        end = min(len(doc), i + _REACH + 1)
    if end > start:
        out.append(doc[start:end])
    return out


def _mentions(doc: Doc, published: dt.date | None, kinds: set[str]) -> list[DateMention]:
    """The date expressions of these kinds in `doc`, strongest first where they overlap."""
    matcher = _matcher()
    spans = [span for window in _windows(doc) for span in matcher(window, as_spans=True)]
    found = sorted(((_ORDER.index(s.label_), s.start, s.end) for s in spans), key=lambda x: x[:2])
    taken: set[int] = set()  # token positions inside dates kept so far (dates are short)
    out = []
    for rank, start, end in found:
        kind = _ORDER[rank]
        if kind not in kinds or not taken.isdisjoint(range(start, end)):
            continue
        if kind == "year" and end < len(doc) and doc[end].text in ("-", "/"):
            continue  # '2020-21', '2020/21': not a year on its own
        span = doc[start:end]
        resolved = _resolve(kind, span, published)
        if resolved is not None:
            taken.update(range(start, end))
            out.append(DateMention(span.start_char, span.end_char, span.text, *resolved))
    out.sort(key=lambda d: d.start)
    return out


def is_date_line(line: str) -> bool:
    """A line that gives a date in full after at most a label and a weekday
    ('Published: Monday, 10 January 2022')."""
    doc = tokens(line)
    i = 0
    while i < len(doc) and doc[i].lower_ in _LABEL_WORDS:
        i += 1
    if i < len(doc) and doc[i].text in _WEEKDAYS:
        i += 1 + (i + 1 < len(doc) and doc[i + 1].text == ",")
    return any(d.start == doc[i].idx for d in _mentions(doc, None, {"full"}) if i < len(doc))


def publication_date(text: str) -> tuple[dt.date, str] | None:
    """The date on a date or byline near the top or bottom of the article, if there is one."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for line in lines[:6] + lines[-4:]:
        byline = len(line) < 100 and not line.rstrip().endswith((".", '"', "”"))
        if (len(line) < 120 and is_date_line(line)) or byline:
            found = _mentions(tokens(line), None, {"full"})
            if found:
                return found[0].date, f"date line {line.strip()!r}"
    return None


def event_dates(doc: Doc, published: dt.date) -> list[DateMention]:
    """Every date in the tokenised text resolved against the publication date, in text
    order."""
    return _mentions(doc, published, set(_ORDER))
