"""Where a treaty's guarantee reaches on one date: its parties, frozen members, suspended
obligations, the territory its clause covers and the disputed places, all from a handful of
open queries over one as-of view (never one question per state)."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from ..errors import CasusError, Location
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import NEVER, View
from ..language.ast import Atom, Const, Value, Var
from ..language.check import dependency_graph, suggest
from .adapter import engine_for
from .invariant import reads

# what a picture asks about; only changes to these (and what they depend on) start a period
ASKED = (
    "party",
    "participation_frozen",
    "assistance_suspended",
    "covered_territory",
    "located_in",
    "territory_of",
    "administered_by",
)
MAX_PICTURES = 128  # pictures kept per knowledge base (a NATO picture holds about 30 kB)


@dataclass(frozen=True)
class Place:
    """A place the clause covers or that is disputed, with the states it belongs to."""

    id: str
    recognised_as: tuple[str, ...] = ()  # territory_of(place, state)
    administered_by: tuple[str, ...] = ()  # administered_by(place, state)


@dataclass
class Reach:
    """The picture of one treaty on one date."""

    treaty: str
    as_of: dt.date
    since: dt.date | None = None  # the picture is the same on every day from `since`
    until: dt.date | None = None  # ... until the day before `until` (None: no bound)
    parties: list[str] = field(default_factory=list)
    frozen: list[str] = field(default_factory=list)
    suspended: list[tuple[str, str]] = field(default_factory=list)  # (ally, victim)
    covered: dict[str, list[str]] = field(default_factory=dict)  # state -> covered places
    places: list[Place] = field(default_factory=list)  # every place with a status or owner
    disputed: list[str] = field(default_factory=list)  # places whose sovereignty is contested


def _rows(kb: KnowledgeBase, view: View, pred: str, *args: Value | None) -> list[tuple[str, ...]]:
    """The rows of `pred(args)` true in `view`; None in `args` is an open variable. Base
    relations are read from the view as the engine reads them, without its overhead."""
    if kb.decls[pred].derived:
        terms = tuple(Const(a) if a is not None else Var(f"V{i}") for i, a in enumerate(args))
        rows = engine_for(kb, tables=True).ask(view, Atom(pred, terms))
    else:
        rows = list(dict.fromkeys(view.rows(pred, args)))
    return [tuple(str(v) for v in row) for row in rows]


def _stamp(kb: KnowledgeBase) -> tuple[int, int]:
    """Changes when facts or rules are added to a loaded knowledge base."""
    return kb.store.count, len(kb.rules)


class _Periods:
    """Per knowledge base: the days on which a fact or rule that the pictures depend on
    starts or stops holding (between two of them every picture stays the same), and the
    pictures computed last for each (treaty, period), at most MAX_PICTURES of them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.stamp = _stamp(kb)
        graph = dependency_graph(kb.rules)
        preds = set().union(*(reads(graph, pred) for pred in ASKED))
        edges: set[int] = set()
        for pred in preds:
            for r in kb.store.by_pred.get(pred, ()):
                edges.update((r.start, r.end))
        for rule in kb.rules:
            if rule.head.pred in preds:
                edges.update(d.toordinal() for d in (rule.valid_from, rule.valid_until) if d)
        self.days = sorted(d for d in edges if 0 < d < NEVER)
        self.pictures: OrderedDict[tuple[str, int], Reach] = OrderedDict()
        self.lock = threading.Lock()

    def period(self, as_of: dt.date) -> tuple[int, dt.date | None, dt.date | None]:
        """The period holding `as_of`: its number, first day and the day after its last."""
        i = bisect.bisect_right(self.days, as_of.toordinal())
        since = dt.date.fromordinal(self.days[i - 1]) if i else None
        until = dt.date.fromordinal(self.days[i]) if i < len(self.days) else None
        return i, since, until


_PERIODS: weakref.WeakKeyDictionary[KnowledgeBase, _Periods] = weakref.WeakKeyDictionary()
_PERIODS_LOCK = threading.Lock()


def _periods(kb: KnowledgeBase) -> _Periods:
    """The periods of `kb`, made afresh (with no pictures) when it was changed."""
    with _PERIODS_LOCK:
        periods = _PERIODS.get(kb)
        if periods is None or periods.stamp != _stamp(kb):
            periods = _PERIODS[kb] = _Periods(kb)
        return periods


def period(kb: KnowledgeBase, as_of: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The first and the day after the last day of the period holding `as_of`: every day in
    it has the same picture of every treaty (None: no bound)."""
    _, since, until = _periods(kb).period(as_of)
    return since, until


def forget_pictures(kb: KnowledgeBase) -> None:
    """Drop the pictures kept for `kb` (benchmarks measure the first visit to a date)."""
    periods = _periods(kb)
    with periods.lock:
        periods.pictures.clear()


def reach(kb: KnowledgeBase, treaty: str, as_of: dt.date) -> Reach:
    """The treaty's parties, frozen and suspended members, covered territory and disputed
    places as of `as_of` (raises CasusError for an unknown treaty). Dates in the same period
    between two changes of what the picture depends on share one computed picture."""
    periods = _periods(kb)
    number, since, until = periods.period(as_of)
    key = (treaty, number)
    with periods.lock:
        picture = periods.pictures.get(key)
        if picture is not None:
            periods.pictures.move_to_end(key)
    if picture is None:
        picture = _compute(kb, treaty, as_of)
        with periods.lock:
            periods.pictures[key] = picture
            if len(periods.pictures) > MAX_PICTURES:
                periods.pictures.popitem(last=False)
    return dataclasses.replace(picture, as_of=as_of, since=since, until=until)


def check_treaty(kb: KnowledgeBase, treaty: str) -> None:
    """Raise CasusError (with suggestions) unless `treaty` is a treaty of the knowledge base."""
    entities = kb.entities or {}
    known = entities.get(treaty)
    if known is None or known.kind != "treaty":
        treaties = [e.id for e in entities.values() if e.kind == "treaty"]
        raise CasusError.single(
            "unknown-treaty",
            f"no treaty {treaty!r} in the knowledge base",
            Location("treaty"),
            suggest(treaty, treaties),
        )


def _compute(kb: KnowledgeBase, treaty: str, as_of: dt.date) -> Reach:
    """The picture by open queries over the as-of view (a handful, never one per state)."""
    check_treaty(kb, treaty)
    view = View(kb.store, as_of)
    result = Reach(treaty=treaty, as_of=as_of)
    result.parties = sorted(s for s, _ in _rows(kb, view, "party", None, treaty))
    result.frozen = sorted(s for s, _ in _rows(kb, view, "participation_frozen", None, treaty))
    result.suspended = sorted(
        (a, v) for a, v, _ in _rows(kb, view, "assistance_suspended", None, None, treaty)
    )
    # a state's own subdivisions (located in it) are covered with it: list only places apart
    inside = set(_rows(kb, view, "located_in", None, None))
    for _, state, place in sorted(_rows(kb, view, "covered_territory", treaty, None, None)):
        if (place, state) not in inside:
            result.covered.setdefault(state, []).append(place)
    owners: dict[str, set[str]] = {}
    rulers: dict[str, set[str]] = {}
    for place, state in _rows(kb, view, "territory_of", None, None):
        owners.setdefault(place, set()).add(state)
    for place, state in _rows(kb, view, "administered_by", None, None):
        rulers.setdefault(place, set()).add(state)
    for place in sorted(owners.keys() | rulers.keys()):
        owned, ruled = owners.get(place, set()), rulers.get(place, set())
        # contested: ruled by someone other than the recognised sovereign, or by a state
        # while no sovereign is recognised at all (the KB records none where it is disputed)
        contested = bool((ruled and not owned) or (ruled - owned) or len(owned) > 1)
        if not contested and all((place, state) in inside for state in owned | ruled):
            continue  # an undisputed subdivision of its own state: nothing to show apart
        result.places.append(Place(place, tuple(sorted(owned)), tuple(sorted(ruled))))
        if contested:
            result.disputed.append(place)
    return result
