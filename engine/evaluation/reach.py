"""Where a treaty's guarantee reaches on one date: its parties, frozen members, suspended
obligations, the territory its clause covers and the disputed places, all from a handful of
open queries over one as-of view (never one question per state)."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import weakref
from dataclasses import dataclass, field

from ..errors import CasusError, Location
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import View
from ..language.ast import Atom, Const, Value, Var
from ..language.check import suggest
from .adapter import engine_for


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
    parties: list[str] = field(default_factory=list)
    frozen: list[str] = field(default_factory=list)
    suspended: list[tuple[str, str]] = field(default_factory=list)  # (ally, victim)
    covered: dict[str, list[str]] = field(default_factory=dict)  # state -> covered places
    places: list[Place] = field(default_factory=list)  # every place with a status or owner
    disputed: list[str] = field(default_factory=list)  # places whose sovereignty is contested


def _rows(kb: KnowledgeBase, view: View, pred: str, *args: Value | None) -> list[tuple[str, ...]]:
    """The rows of `pred(args)` true in `view`; None in `args` is an open variable."""
    terms = tuple(Const(a) if a is not None else Var(f"V{i}") for i, a in enumerate(args))
    return [tuple(str(v) for v in row) for row in engine_for(kb).ask(view, Atom(pred, terms))]


class _Periods:
    """Per knowledge base: the days on which some fact or rule starts or stops holding
    (between two of them every as-of view is the same), and the pictures computed so far
    for each (treaty, period); bounded by the number of periods times treaties."""

    def __init__(self, kb: KnowledgeBase) -> None:
        edges: set[int] = set()
        for records in kb.store.by_pred.values():
            for r in records:
                edges.update((r.start, r.end))
        for rule in kb.rules:
            edges.update(d.toordinal() for d in (rule.valid_from, rule.valid_until) if d)
        self.days = sorted(edges)
        self.pictures: dict[tuple[str, int], Reach] = {}


_PERIODS: weakref.WeakKeyDictionary[KnowledgeBase, _Periods] = weakref.WeakKeyDictionary()


def reach(kb: KnowledgeBase, treaty: str, as_of: dt.date) -> Reach:
    """The treaty's parties, frozen and suspended members, covered territory and disputed
    places as of `as_of` (raises CasusError for an unknown treaty). Dates between the same
    two changes of the knowledge base share one computed picture."""
    periods = _PERIODS.get(kb)
    if periods is None:
        periods = _PERIODS[kb] = _Periods(kb)
    key = (treaty, bisect.bisect_right(periods.days, as_of.toordinal()))
    picture = periods.pictures.get(key)
    if picture is None:
        picture = periods.pictures[key] = _compute(kb, treaty, as_of)
    return dataclasses.replace(picture, as_of=as_of)


def _compute(kb: KnowledgeBase, treaty: str, as_of: dt.date) -> Reach:
    """The picture by open queries over the as-of view (a handful, never one per state)."""
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
