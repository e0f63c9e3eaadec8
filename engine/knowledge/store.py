"""The indexed fact store and the as-of / scenario views that pyDatalog reads through."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import Location
from ..language.ast import Value

NEVER = 10**9  # an ordinal later than any date: "until" of an open-ended fact


@dataclass(frozen=True)
class Claim:
    """One source's statement about a fact's dates, kept when sources disagree."""

    source: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class FactRecord:
    """A base fact with its validity window (from inclusive, until exclusive) and source."""

    pred: str
    args: tuple[Value, ...]
    source: str
    loc: Location
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    quote: str | None = None
    note: str | None = None
    alternatives: tuple[Claim, ...] = ()
    reviewed: bool = True
    start: int = field(init=False, compare=False)
    end: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        start = self.valid_from.toordinal() if self.valid_from else 0
        end = self.valid_until.toordinal() if self.valid_until else NEVER
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    def valid_on(self, day: int) -> bool:
        return self.start <= day < self.end

    @property
    def period(self) -> str:
        """Human form of the validity window, e.g. 'from 1994-04-20 until 1999-04-20'."""
        parts = []
        if self.valid_from:
            parts.append(f"from {self.valid_from.isoformat()}")
        if self.valid_until:
            parts.append(f"until {self.valid_until.isoformat()}")
        return " ".join(parts) or "at all dates"


Pattern = tuple[Value | None, ...]


class FactStore:
    """All base facts, indexed by predicate, by (predicate, position, value) and by atom."""

    def __init__(self, records: Iterable[FactRecord] = ()) -> None:
        self.by_pred: dict[str, list[FactRecord]] = defaultdict(list)
        self.index: dict[tuple[str, int, Value], list[FactRecord]] = defaultdict(list)
        self.exact: dict[tuple[str, tuple[Value, ...]], list[FactRecord]] = defaultdict(list)
        self.by_value: dict[Value, list[FactRecord]] = defaultdict(list)
        self.count = 0
        for record in records:
            self.add(record)

    def add(self, record: FactRecord) -> None:
        self.by_pred[record.pred].append(record)
        for value in set(record.args):
            self.by_value[value].append(record)
        for i, value in enumerate(record.args):
            self.index[(record.pred, i, value)].append(record)
        self.exact[(record.pred, record.args)].append(record)
        self.count += 1

    def candidates(self, pred: str, pattern: Pattern) -> list[FactRecord]:
        """Records that may match `pattern` (None = unbound), via the most selective index."""
        if all(v is not None for v in pattern):
            return self.exact.get((pred, tuple(v for v in pattern if v is not None)), [])
        best: list[FactRecord] | None = None
        for i, value in enumerate(pattern):
            if value is not None:
                hits = self.index.get((pred, i, value), [])
                if best is None or len(hits) < len(best):
                    best = hits
        return self.by_pred.get(pred, []) if best is None else best

    def mentioning(self, value: Value) -> list[FactRecord]:
        """Every fact with `value` among its arguments."""
        return self.by_value.get(value, [])

    def records(self, pred: str, args: tuple[Value, ...]) -> list[FactRecord]:
        """Every record of one ground atom, at any date."""
        return self.exact.get((pred, args), [])

    def predicates(self) -> set[str]:
        return {p for p, rows in self.by_pred.items() if rows}


def _matches(args: tuple[Value, ...], pattern: Pattern) -> bool:
    return all(p is None or p == a for a, p in zip(args, pattern, strict=True))


@dataclass(frozen=True)
class View:
    """The base facts as of one day, plus a scenario's assumed facts, minus its retractions."""

    store: FactStore
    day: dt.date
    added: frozenset[tuple[str, tuple[Value, ...]]] = frozenset()
    removed: frozenset[tuple[str, tuple[Value, ...]]] = frozenset()
    ordinal: int = field(init=False, compare=False)
    added_by_pred: dict[str, list[tuple[Value, ...]]] = field(init=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ordinal", self.day.toordinal())
        grouped: dict[str, list[tuple[Value, ...]]] = defaultdict(list)
        for pred, args in sorted(self.added, key=repr):
            grouped[pred].append(args)
        object.__setattr__(self, "added_by_pred", dict(grouped))

    def rows(self, pred: str, pattern: Pattern) -> Iterator[tuple[Value, ...]]:
        """Argument tuples of `pred` true in this view that match `pattern`."""
        day = self.ordinal
        removed = self.removed
        arity = len(pattern)
        # candidates found by the whole atom or by its one bound argument match already
        check = 1 < arity - pattern.count(None) < arity
        for record in self.store.candidates(pred, pattern):
            if record.start <= day < record.end:
                if removed and (pred, record.args) in removed:
                    continue
                args = record.args
                if len(args) == arity and (not check or _matches(args, pattern)):
                    yield args
        for args in self.added_by_pred.get(pred, ()):
            if _matches(args, pattern):
                yield args

    def holds(self, pred: str, args: tuple[Value, ...]) -> bool:
        return next(self.rows(pred, args), None) is not None

    def base_records(self, pred: str, args: tuple[Value, ...]) -> list[FactRecord]:
        """The records that make a base atom true in this view (empty if assumed)."""
        if (pred, args) in self.removed:
            return []
        return [r for r in self.store.records(pred, args) if r.valid_on(self.ordinal)]

    def assumed(self, pred: str, args: tuple[Value, ...]) -> bool:
        return (pred, args) in self.added
