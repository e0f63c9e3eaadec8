"""Replay logged decisions under another version of the rules and facts.

Each distinct logged question is asked again under version B with the diff's own pieces
(`answer_set`, `set_change`): a decision changed when a conclusion it gave is gone or a new
one appears (for a yes/no question, when the verdict flips). A changed decision is
explained under both versions side by side: under A, the version it was made under, when
that version is at hand (same rules and facts hashes), else from its logged answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..errors import CasusError
from ..knowledge.kb import KnowledgeBase
from ..regression.diff import Side, SideExplainer, answer_set, set_change
from .record import Decision, QuestionKey


@dataclass(frozen=True)
class Replayed:
    """A decision whose answers differ under version B, explained under both versions."""

    decision: Decision
    added: list[str]  # conclusions B gives that the decision did not
    removed: list[str]  # conclusions the decision gave that B does not
    a: Side
    b: Side

    @property
    def verdict_changed(self) -> bool:
        return self.a.holds != self.b.holds


@dataclass
class Replay:
    """The decisions replayed, how many distinct questions were asked, and what changed."""

    decisions: int = 0
    questions: int = 0
    changes: list[Replayed] = field(default_factory=list)


def logged_side(decision: Decision, why: str) -> Side:
    """Version A as the log recorded it, when its rules and facts are not at hand."""
    answers = "".join(f"  {atom}\n" for atom in decision.answers) or "  (none)\n"
    return Side(
        decision.holds,
        f"{why}\nlogged verdict: {'holds' if decision.holds else 'does not hold'}\n"
        f"logged answers:\n{answers}",
    )


class _Version:
    """One version's explainers (one per set of interpretations) and question answers."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.explainers: dict[tuple[str, ...], SideExplainer] = {}
        self.answers: dict[QuestionKey, frozenset[str] | CasusError] = {}

    def made(self, decision: Decision) -> bool:
        """Whether this version is the one the decision was made under."""
        return (self.kb.rules_version, self.kb.facts_version) == (
            decision.rules_version,
            decision.facts_version,
        )

    def answer_set(self, decision: Decision) -> frozenset[str] | CasusError:
        key = decision.question_key()
        if key not in self.answers:
            try:
                self.answers[key] = answer_set(
                    self.kb, decision.query, decision.as_of, decision.interpretations,
                    decision.assume, decision.retract, questions_only=False,
                )
            except CasusError as exc:  # e.g. an entity or interpretation this version lacks
                self.answers[key] = exc
        return self.answers[key]

    def side(self, decision: Decision) -> Side:
        names = tuple(decision.interpretations)
        if names not in self.explainers:
            self.explainers[names] = SideExplainer(self.kb, names, questions_only=False)
        return self.explainers[names].side(
            decision.query, decision.as_of, decision.assume, decision.retract
        )


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
    result = Replay()
    for decision in decisions:
        result.decisions += 1
        tick()
        now = b.answer_set(decision)
        failed = now if isinstance(now, CasusError) else None
        got = frozenset() if isinstance(now, CasusError) else now
        before = frozenset(decision.answers)
        changes = {
            atom: kind
            for atom in before | got
            if (kind := set_change(atom in before, atom in got)) is not None
        }
        if not changes:
            continue
        if failed is not None:
            side_b = Side(False, f"cannot be asked in this version: {failed}\n")
        else:
            side_b = b.side(decision)
        if a is not None and a.made(decision):
            side_a = a.side(decision)
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
                side_a,
                side_b,
            )
        )
    result.questions = len(b.answers)
    return result
