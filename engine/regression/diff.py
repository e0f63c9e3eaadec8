"""Compare the conclusions of two versions of the rules and facts.

Conclusions can only change on a date where some fact or rule of either version starts or
stops being valid, so each question predicate is asked as an open query (`must_assist(X0,
X1, X2, X3)`) once per such date (plus one date before all of them) under both versions,
and the answer sets are compared. A conclusion that holds in both versions is *changed*
when its explanation differs. Runs of dates with the same change are merged into one
period, explained at its first date on both sides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..ask import ask
from ..errors import CasusError
from ..evaluation.scenario import Limits
from ..knowledge.kb import KnowledgeBase
from ..language.ast import Decl
from ..language.syntax import parse_query
from .golden import STABLE_LIMITS, stable_text

ChangeKind = Literal["added", "removed", "changed"]
Tick = Callable[[str], None]  # called with "query" or "explain" after each step
OPEN_LIMITS = Limits(max_answers=10**9)
INLINE = "inline"  # the version of a knowledge base built from text rather than files


@dataclass(frozen=True)
class Side:
    """One version's view of a conclusion at the first date of a change."""

    holds: bool
    text: str


@dataclass(frozen=True)
class Change:
    """A conclusion added, removed or explained differently over a period [start, until)."""

    kind: ChangeKind
    question: str
    atom: str
    start: dt.date | None  # None: from before every dated fact and rule
    until: dt.date | None  # None: open-ended
    probe: dt.date  # the date both explanations are given for
    a: Side
    b: Side

    @property
    def period(self) -> str:
        parts = []
        if self.start is not None:
            parts.append(f"from {self.start.isoformat()}")
        if self.until is not None:
            parts.append(f"until {self.until.isoformat()}")
        return " ".join(parts) or "at all dates"


@dataclass
class Diff:
    """The changes between versions A and B, and how much was evaluated to find them."""

    questions: list[str]
    dates: list[dt.date]
    changes: list[Change] = field(default_factory=list)
    queries: int = 0
    explained: int = 0
    identical: bool = False  # same rule and fact files: nothing evaluated, nothing changed


def change_dates(kbs: Sequence[KnowledgeBase]) -> list[dt.date]:
    """Every date a fact or rule of any version starts or stops, plus one day before them all.
    Records of what happened are left out: no rule reads them, so they change no conclusion."""
    days: set[dt.date] = set()
    for kb in kbs:
        for pred, records in kb.store.by_pred.items():
            decl = kb.decls.get(pred)
            if decl is not None and decl.record:
                continue
            for record in records:
                days.update(d for d in (record.valid_from, record.valid_until) if d is not None)
        for rule in kb.rules:
            days.update(d for d in (rule.valid_from, rule.valid_until) if d is not None)
    if not days:
        return [dt.date.today()]
    ordered = sorted(days)
    return [ordered[0] - dt.timedelta(days=1), *ordered]


def _open_query(decl: Decl) -> str:
    args = ", ".join(f"X{i}" for i in range(decl.arity))
    return f"{decl.name}({args})" if decl.arity else decl.name


def question_queries(kbs: Sequence[KnowledgeBase]) -> list[str]:
    """One open query per question predicate declared in any version, e.g. `p(X0, X1)`."""
    queries = {d.key: _open_query(d) for kb in kbs for d in kb.decls.values() if _is_question(d)}
    return [queries[key] for key in sorted(queries)]


def same_files(kb_a: KnowledgeBase, kb_b: KnowledgeBase) -> bool:
    """Whether both were loaded from identical rule and fact files (nothing can differ)."""
    a = (kb_a.rules_version, kb_a.facts_version)
    return INLINE not in a and a == (kb_b.rules_version, kb_b.facts_version)


def planned_queries(kb_a: KnowledgeBase, kb_b: KnowledgeBase) -> int:
    """How many open queries `diff_versions` will ask (for a progress bar)."""
    if same_files(kb_a, kb_b):
        return 0
    kbs = (kb_a, kb_b)
    return 2 * len(question_queries(kbs)) * len(change_dates(kbs))


def predicate_name(atom: str) -> str:
    """`must_assist(russia, ...)` -> `must_assist`."""
    return atom.split("(", 1)[0]


def _is_question(decl: Decl) -> bool:
    return decl.kind == "question"


def _declares(kb: KnowledgeBase, atom: str) -> bool:
    """Whether `atom` (an open query or a conclusion) is a question of this version."""
    decl = kb.decls.get(predicate_name(atom))
    return decl is not None and _is_question(decl) and decl.arity == parse_query(atom).arity


def answer_set(
    kb: KnowledgeBase,
    query: str,
    day: dt.date,
    interpretations: Sequence[str],
    assume: Sequence[str] = (),
    retract: Sequence[str] = (),
    questions_only: bool = True,
) -> frozenset[str]:
    """Every conclusion answering `query` in this version (none if it is not a question,
    unless `questions_only` is off: then asking any predicate may raise CasusError)."""
    if questions_only and not _declares(kb, query):
        return frozenset()
    answer = ask(
        kb, query, day, assume, retract, interpretations, explain="none", limits=OPEN_LIMITS
    )
    return frozenset(item.atom for item in answer.answers)


def set_change(in_a: bool, in_b: bool) -> ChangeKind | None:
    """How a conclusion differs between A and B by membership alone (None: it does not)."""
    if in_a == in_b:
        return None
    return "removed" if in_a else "added"


class SideExplainer:
    """Explanations of questions as stable text, cached per version, question and scenario
    (with `questions_only` off, of queries of any predicate)."""

    def __init__(
        self, kb: KnowledgeBase, interpretations: Sequence[str], questions_only: bool = True
    ) -> None:
        self.kb = kb
        self.interpretations = interpretations
        self.questions_only = questions_only
        self.cache: dict[tuple[str, dt.date, tuple[str, ...], tuple[str, ...]], Side] = {}

    def side(
        self, atom: str, day: dt.date, assume: Sequence[str] = (), retract: Sequence[str] = ()
    ) -> Side:
        key = (atom, day, tuple(assume), tuple(retract))
        if key not in self.cache:
            if self.questions_only and not _declares(self.kb, atom):
                self.cache[key] = Side(False, f"{predicate_name(atom)} is not a question here\n")
            else:
                try:
                    answer = ask(
                        self.kb,
                        atom,
                        day,
                        assume,
                        retract,
                        self.interpretations,
                        limits=STABLE_LIMITS,
                    )
                except CasusError as exc:  # e.g. an entity only the other version knows
                    self.cache[key] = Side(False, f"cannot be asked in this version: {exc}\n")
                else:
                    self.cache[key] = Side(answer.holds, stable_text(answer))
        return self.cache[key]


def diff_versions(
    kb_a: KnowledgeBase,
    kb_b: KnowledgeBase,
    interpretations: Sequence[str] = (),
    tick: Tick = lambda step: None,
    compare_explanations: bool = True,
    dates: Sequence[dt.date] | None = None,
) -> Diff:
    """Every conclusion of a question predicate that differs between A and B, over all dates.

    `tick` reports each open query (`planned_queries` says how many) and each conclusion
    that holds in both versions and had its explanations compared (unless
    `compare_explanations` is off: then only added and removed conclusions are found).
    `dates` limits the comparison to those dates (e.g. one article's date).
    """
    kbs = (kb_a, kb_b)
    result = Diff(question_queries(kbs), list(dates) if dates else change_dates(kbs))
    if same_files(kb_a, kb_b):
        result.identical = True
        return result
    explainers = (SideExplainer(kb_a, interpretations), SideExplainer(kb_b, interpretations))
    for query in result.questions:
        # status[atom][i] = (holds in A, holds in B) at dates[i]
        status: dict[str, list[tuple[bool, bool]]] = {}
        for i, day in enumerate(result.dates):
            sets = []
            for kb in kbs:
                sets.append(answer_set(kb, query, day, interpretations))
                result.queries += 1
                tick("query")
            for atom in sets[0] | sets[1]:
                row = status.setdefault(atom, [(False, False)] * len(result.dates))
                row[i] = (atom in sets[0], atom in sets[1])
        for atom in sorted(status):
            result.changes += _atom_changes(
                query, atom, status[atom], result, explainers, tick, compare_explanations
            )
    return result


def _atom_changes(
    query: str,
    atom: str,
    row: list[tuple[bool, bool]],
    result: Diff,
    explainers: tuple[SideExplainer, SideExplainer],
    tick: Tick,
    compare_explanations: bool,
) -> list[Change]:
    """Merge the dates of one atom into periods of one kind of change, explained at their start."""
    dates = result.dates
    labels: list[ChangeKind | None] = []
    for i, (in_a, in_b) in enumerate(row):
        if in_a and in_b and compare_explanations:
            a, b = (e.side(atom, dates[i]) for e in explainers)
            result.explained += 1
            tick("explain")
            labels.append("changed" if a.text != b.text else None)
        else:
            labels.append(set_change(in_a, in_b))
    changes: list[Change] = []
    i = 0
    while i < len(labels):
        label = labels[i]
        j = i
        while j + 1 < len(labels) and labels[j + 1] == label:
            j += 1
        if label is not None:
            a, b = (e.side(atom, dates[i]) for e in explainers)
            changes.append(
                Change(
                    kind=label,
                    question=predicate_name(query),
                    atom=atom,
                    start=dates[i] if i > 0 else None,
                    until=dates[j + 1] if j + 1 < len(dates) else None,
                    probe=dates[i],
                    a=a,
                    b=b,
                )
            )
        i = j + 1
    return changes
