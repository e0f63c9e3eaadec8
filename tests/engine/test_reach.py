"""engine.evaluation.reach: the picture of a treaty on a date, shared between dates where
nothing it depends on changes, must equal the picture computed afresh for each date; the
kept pictures are bounded and dropped when the knowledge base changes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from casus.engine.errors import CasusError, Location
from casus.engine.evaluation import reach as reach_module
from casus.engine.evaluation.reach import Reach, _compute, period, reach
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.store import FactRecord, FactStore
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATES = [dt.date(y, m, d) for y in range(1949, 2026, 4) for (m, d) in [(1, 1), (8, 24)]]
DATES += [dt.date(2024, 3, 6), dt.date(2024, 3, 7), dt.date(1962, 7, 2), dt.date(1962, 7, 3)]


def bare(picture: Reach) -> Reach:
    """The picture without the date it was asked for and its period."""
    return dataclasses.replace(picture, as_of=dt.date.min, since=None, until=None)


def fresh_copy(kb: KnowledgeBase) -> KnowledgeBase:
    """The same knowledge base with a store of its own (to be changed by a test)."""
    records = [r for rows in kb.store.by_pred.values() for r in rows]
    return dataclasses.replace(kb, store=FactStore(records))


@pytest.mark.parametrize("treaty", ["nato", "csto", "rio"])
def test_shared_pictures_equal_fresh_ones(kb: KnowledgeBase, treaty: str) -> None:
    for day in DATES:
        assert bare(reach(kb, treaty, day)) == bare(_compute(kb, treaty, day)), day


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    treaty=st.sampled_from(["nato", "csto", "rio", "anzus", "us_japan_1960"]),
    day=st.dates(dt.date(1940, 1, 1), dt.date(2035, 12, 31)),
)
def test_every_day_of_a_period_has_the_same_picture(
    kb: KnowledgeBase, treaty: str, day: dt.date
) -> None:
    """The period holding a day is where the kept picture is reused: the pictures computed
    afresh for its first and last day equal the one for the day, and the kept one."""
    since, until = period(kb, day)
    kept = reach(kb, treaty, day)
    assert (kept.as_of, kept.since, kept.until) == (day, since, until)
    assert (since is None or since <= day) and (until is None or day < until)
    expected = bare(_compute(kb, treaty, day))
    assert bare(kept) == expected
    for edge in [since, until and until - dt.timedelta(days=1)]:
        if edge is not None:
            assert bare(_compute(kb, treaty, edge)) == expected, edge


def test_a_change_day_starts_a_new_picture(kb: KnowledgeBase) -> None:
    """Sweden joined NATO on 7 March 2024; the Algerian departments left Art. 6 in 1962."""
    assert "sweden" not in reach(kb, "nato", dt.date(2024, 3, 6)).parties
    assert "sweden" in reach(kb, "nato", dt.date(2024, 3, 7)).parties
    assert "algerian_departments" in reach(kb, "nato", dt.date(1962, 7, 2)).covered["france"]
    assert "algerian_departments" not in reach(kb, "nato", dt.date(1962, 7, 3)).covered["france"]
    assert reach(kb, "nato", dt.date(2024, 3, 7)).as_of == dt.date(2024, 3, 7)
    assert period(kb, dt.date(2024, 3, 6))[1] == dt.date(2024, 3, 7)
    assert period(kb, dt.date(2024, 3, 7))[0] == dt.date(2024, 3, 7)


def test_a_changed_knowledge_base_gets_new_pictures(kb: KnowledgeBase) -> None:
    """A party added to a loaded knowledge base shows on the next map, from its day on."""
    changed = fresh_copy(kb)
    later = dt.date(2030, 1, 1)
    assert "japan" not in reach(changed, "nato", later).parties
    joins = FactRecord("party", ("japan", "nato"), "nat-1949", Location("test"),
                       valid_from=dt.date(2029, 1, 1))
    changed.store.add(joins)
    assert "japan" in reach(changed, "nato", later).parties
    assert "japan" not in reach(changed, "nato", dt.date(2028, 12, 31)).parties
    assert period(changed, later)[0] == dt.date(2029, 1, 1)
    assert "japan" not in reach(kb, "nato", later).parties


def test_kept_pictures_are_bounded(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """No more than MAX_PICTURES pictures are kept; dropped ones are computed again."""
    monkeypatch.setattr(reach_module, "MAX_PICTURES", 2)
    own = fresh_copy(kb)
    days = [dt.date(1950, 1, 1), dt.date(1960, 1, 1), dt.date(1990, 1, 1), dt.date(2024, 3, 7)]
    for day in days:
        reach(own, "nato", day)
    assert len(reach_module._PERIODS[own].pictures) == 2
    assert bare(reach(own, "nato", days[0])) == bare(_compute(own, "nato", days[0]))


def test_unknown_treaty(kb: KnowledgeBase) -> None:
    with pytest.raises(CasusError, match="no treaty 'armenia'"):
        reach(kb, "armenia", dt.date(2020, 1, 1))
