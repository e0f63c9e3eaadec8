"""Find the publication date and resolve the dates events are given at (Wednesday, Sept. 27)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_MONTH_ANY = _MONTH.replace("(?P<month>", "(?:")
_YEAR = re.compile(
    r"\b(?:[Ii]n|[Ss]ince|[Ff]rom)\s+(?:early\s+|late\s+)?(?P<year>(?:19|20)\d\d)\b(?![-/])"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_MDY = re.compile(
    rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_DMY = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_WEEKDAY = re.compile(
    r"\b(?P<last>last\s+|this\s+|on\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b"
)
_RELATIVE = re.compile(r"\b(?P<rel>yesterday|today|the day before)\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b(?:[Ii]n\s+){_MONTH}(?:\s+(?P<year>(?:19|20)\d\d))?\b(?!\s+\d)")
DATE_LINE = re.compile(
    r"^\s*(?:published|posted|updated|date)?\s*:?\s*(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?:{_MONTH_ANY}\s+[0-3]?\d,?\s+(?:19|20)\d\d|[0-3]?\d\s+{_MONTH_ANY}\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d-[01]\d-[0-3]\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date named in the text, resolved to a day, with how it was resolved."""

    start: int
    end: int
    text: str
    date: dt.date
    how: str


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def publication_date(text: str) -> tuple[dt.date, str] | None:
    """The date on a date or byline near the top or bottom of the article, if there is one."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for line in lines[:6] + lines[-4:]:
        byline = len(line) < 100 and not line.rstrip().endswith((".", '"', "”"))
        if (DATE_LINE.match(line) and len(line) < 120) or byline:
            found = [m for m in absolute_dates(line) if m.how == "written in full"]
            if found:
                return found[0].date, f"date line {line.strip()!r}"
    return None


def absolute_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Dates written out in full, or as month and day read in the publication year."""
    out: list[DateMention] = []
    taken: set[int] = set()  # character positions inside dates found so far (dates are short)
    for pattern in (_ISO, _MDY, _DMY):
        for m in pattern.finditer(text):
            if not taken.isdisjoint(range(m.start(), m.end())):
                continue
            groups = m.groupdict()
            if pattern is _ISO:
                day = _safe(int(groups["y"]), int(groups["m"]), int(groups["d"]))
                how = "written in full"
            elif groups.get("year"):
                day = _safe(int(groups["year"]), _month(groups["month"]), int(groups["day"]))
                how = "written in full"
            elif published is not None:
                day = _safe(published.year, _month(groups["month"]), int(groups["day"]))
                how = "month and day, in the year of publication"
                if day is not None and day > published:
                    day = _safe(published.year - 1, _month(groups["month"]), int(groups["day"]))
                    how = "month and day, in the year before publication (later date not yet)"
            else:
                continue
            if day is not None:
                taken.update(range(m.start(), m.end()))
                out.append(DateMention(m.start(), m.end(), m.group(0), day, how))
    return out


def event_dates(text: str, published: dt.date) -> list[DateMention]:
    """Every date in the text resolved against the publication date, in text order."""
    out = absolute_dates(text, published)
    covered = {i for d in out for i in range(d.start, d.end)}
    for m in _WEEKDAY.finditer(text):
        weekday = _WEEKDAYS.index(m.group("wd").lower())
        back = (published.weekday() - weekday) % 7
        if m.group("last") and m.group("last").strip().lower() == "last" and back == 0:
            back = 7
        day = published - dt.timedelta(days=back)
        how = (
            "weekday: the publication day"
            if back == 0
            else f"weekday: the {m.group('wd')} {back} day(s) before publication"
        )
        out.append(DateMention(m.start(), m.end(), m.group(0), day, how))
        covered.update(range(m.start(), m.end()))
    for m in _RELATIVE.finditer(text):
        back = 0 if m.group("rel").lower() == "today" else 1
        day = published - dt.timedelta(days=back)
        out.append(
            DateMention(
                m.start(), m.end(), m.group(0), day, f"{m.group('rel')}: relative to publication"
            )
        )
        covered.update(range(m.start(), m.end()))
    for m in _MONTH_YEAR.finditer(text):
        month = _month(m.group("month"))
        if m.group("year"):
            day, how = dt.date(int(m.group("year")), month, 1), "month and year: first day"
        else:
            year = published.year if month <= published.month else published.year - 1
            day, how = (
                dt.date(year, month, 1),
                "month without year: the last one before publication",
            )
        if m.start() not in covered:
            out.append(DateMention(m.start(), m.end(), m.group(0), day, how))
            covered.update(range(m.start(), m.end()))
    for m in _YEAR.finditer(text):
        if m.start("year") not in covered:
            day = dt.date(int(m.group("year")), 1, 1)
            out.append(DateMention(m.start(), m.end(), m.group(0), day, "year only: first day"))
    out.sort(key=lambda d: d.start)
    return out
