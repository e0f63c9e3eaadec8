"""Replay logged decisions under another version of the rules and facts.

Each logged question is asked again under version B with the diff's own pieces
(`answer_set`, `set_change`): a decision changed when a conclusion it gave is gone or a new
one appears (for a yes/no question, when the verdict flips). As in the diff, answers can
only change on a date where a fact or rule of either version starts or stops being valid
(`change_dates`), so a question is asked once per period between such dates, at the first
logged date in it (its probe), and decisions in the same period share the result. A changed
decision is explained under both versions side by side as of that probe: under A, the
version it was made under, when that version is at hand (same rules and facts hashes),
else from its logged answers.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import CasusError
from ..knowledge.kb import KnowledgeBase
from ..regression.diff import Side, SideExplainer, answer_set, change_dates, set_change
from .record import Decision

PeriodKey = tuple[str, dt.date, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Replayed:
    """A decision whose answers differ under version B, explained under both versions."""

    decision: Decision
    added: list[str]  # conclusions B gives that the decision did not
    removed: list[str]  # conclusions the decision gave that B does not
    probe: dt.date  # the date both explanations are given for (same period as the decision)
    a: Side
    b: Side

    @property
    def verdict_changed(self) -> bool:
        return self.a.holds != self.b.holds


@dataclass
class Replay:
    """The decisions replayed, how many questions were asked again, and what changed."""

    decisions: int = 0
    questions: int = 0  # distinct questions and periods asked under B
    changes: list[Replayed] = field(default_factory=list)


def logged_side(decision: Decision, why: str) -> Side:
    """Version A as the log recorded it, when its rules and facts are not at hand."""
    answers = "".join(f"  {atom}\n" for atom in decision.answers) or "  (none)\n"
    return Side(
        decision.holds,
        f"{why}\nlogged verdict: {'holds' if decision.holds else 'does not hold'}\n"
        f"logged answers:\n{answers}",
    )


class _Periods:
    """Which period between change dates a day falls in, and the probe date of each period
    and question (the first logged date seen)."""

    def __init__(self, kbs: Sequence[KnowledgeBase]) -> None:
        self.dates = change_dates(kbs)
        self.probes: dict[PeriodKey, dt.date] = {}

    def key(self, decision: Decision) -> PeriodKey:
        i = bisect.bisect_right(self.dates, decision.as_of) - 1
        start = self.dates[max(i, 0)]
        key = (decision.query, start, tuple(decision.assume), tuple(decision.retract),
               tuple(decision.interpretations))
        self.probes.setdefault(key, decision.as_of)
        return key


class _Version:
    """One version's answers per question and period, and its explainers."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.explainers: dict[tuple[str, ...], SideExplainer] = {}
        self.answers: dict[PeriodKey, frozenset[str] | CasusError] = {}

    def made(self, decision: Decision) -> bool:
        """Whether this version is the one the decision was made under."""
        return (self.kb.rules_version, self.kb.facts_version) == (
            decision.rules_version,
            decision.facts_version,
        )

    def answer_set(self, key: PeriodKey, probe: dt.date) -> frozenset[str] | CasusError:
        if key not in self.answers:
            query, _, assume, retract, interpretations = key
            try:
                self.answers[key] = answer_set(
                    self.kb, query, probe, interpretations, assume, retract,
                    questions_only=False,
                )
            except CasusError as exc:  # e.g. an entity or interpretation this version lacks
                self.answers[key] = exc
        return self.answers[key]

    def side(self, key: PeriodKey, probe: dt.date) -> Side:
        query, _, assume, retract, interpretations = key
        if interpretations not in self.explainers:
            self.explainers[interpretations] = SideExplainer(
                self.kb, interpretations, questions_only=False
            )
        return self.explainers[interpretations].side(query, probe, assume, retract)


def replay(
    decisions: Iterable[Decision],
    kb_b: KnowledgeBase,
    kb_a: KnowledgeBase | None = None,
    tick: Callable[[], None] = lambda: None,
) -> Replay:
    """Ask every decision's question again under `kb_b`; `kb_a` explains the old side when it
    is the version a decision was made under. `tick` is called once per decision."""
    b = _Version(kb_b)
    a = _Version(kb_a) if kb_a is not None else None
    periods = _Periods([kb_b] if kb_a is None else [kb_a, kb_b])
    result = Replay()
    for decision in decisions:
        result.decisions += 1
        tick()
        key = periods.key(decision)
        probe = periods.probes[key]
        now = b.answer_set(key, probe)
        got = frozenset() if isinstance(now, CasusError) else now
        before = frozenset(decision.answers)
        changes = {
            atom: kind
            for atom in before | got
            if (kind := set_change(atom in before, atom in got)) is not None
        }
        if not changes:
            continue
        if isinstance(now, CasusError):
            side_b = Side(False, f"cannot be asked in this version: {now}\n")
        else:
            side_b = b.side(key, probe)
        if a is not None and a.made(decision):
            side_a = a.side(key, probe)
        else:
            side_a = logged_side(
                decision,
                f"rules {decision.rules_version} and facts {decision.facts_version} "
                "are not at hand",
            )
        result.changes.append(
            Replayed(
                decision,
                sorted(atom for atom, kind in changes.items() if kind == "added"),
                sorted(atom for atom, kind in changes.items() if kind == "removed"),
                probe,
                side_a,
                side_b,
            )
        )
    result.questions = len(b.answers)
    return result
