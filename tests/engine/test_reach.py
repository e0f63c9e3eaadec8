"""engine.evaluation.reach: the picture of a treaty on a date, shared between dates where
nothing in the knowledge base changes, must equal the picture computed afresh for each date."""

from __future__ import annotations

import datetime as dt

import pytest
from casus.engine.errors import CasusError
from casus.engine.evaluation.reach import _compute, reach
from casus.engine.knowledge.kb import KnowledgeBase

DATES = [dt.date(y, m, d) for y in range(1949, 2026, 4) for (m, d) in [(1, 1), (8, 24)]]
DATES += [dt.date(2024, 3, 6), dt.date(2024, 3, 7), dt.date(1962, 7, 2), dt.date(1962, 7, 3)]


@pytest.mark.parametrize("treaty", ["nato", "csto", "rio"])
def test_shared_pictures_equal_fresh_ones(kb: KnowledgeBase, treaty: str) -> None:
    for day in DATES:
        assert reach(kb, treaty, day) == _compute(kb, treaty, day), day


def test_a_change_day_starts_a_new_picture(kb: KnowledgeBase) -> None:
    """Sweden joined NATO on 7 March 2024; the Algerian departments left Art. 6 in 1962."""
    assert "sweden" not in reach(kb, "nato", dt.date(2024, 3, 6)).parties
    assert "sweden" in reach(kb, "nato", dt.date(2024, 3, 7)).parties
    assert "algerian_departments" in reach(kb, "nato", dt.date(1962, 7, 2)).covered["france"]
    assert "algerian_departments" not in reach(kb, "nato", dt.date(1962, 7, 3)).covered["france"]
    assert reach(kb, "nato", dt.date(2024, 3, 7)).as_of == dt.date(2024, 3, 7)


def test_unknown_treaty(kb: KnowledgeBase) -> None:
    with pytest.raises(CasusError, match="no treaty 'armenia'"):
        reach(kb, "armenia", dt.date(2020, 1, 1))
