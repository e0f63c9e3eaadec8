"""Hold candidate facts against the knowledge base: known, new, or contradicting it."""

from __future__ import annotations

import datetime as dt

from ..knowledge.store import FactStore
from .article import Candidate


def status(candidate: Candidate, store: FactStore, day: dt.date | None) -> str:
    """'known', 'new', 'contradicts' (evidence against a fact the KB holds) or 'absent'."""
    records = store.records(candidate.predicate, tuple(candidate.args))
    when = (candidate.valid_from or day or dt.date.today()).toordinal()
    held = any(r.valid_on(when) for r in records)
    if candidate.holds:
        return "known" if held else "new"
    return "contradicts" if held else "absent"
