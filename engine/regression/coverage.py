"""Rule coverage of scenario cases, read from the cases' explanations.

Each rule contributes 1 + n items (n = premises in its body): the rule *fired* (it is the
rule of some proof node in some case's explanation), and each premise *failed* (some
why-not attempt of the rule names that premise as the first one that failed). Coverage is
covered items / all items. A case only exercises what its explanation shows: a proof shows
one minimal derivation, and a why-not tree is explained to a bounded depth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..evaluation.adapter import ground_literal
from ..explanation.answer import Answer, ProofNode, RuleAttempt, WhyNot
from ..language.ast import Rule, Value


@dataclass
class RuleCoverage:
    """What the cases did to one rule: whether it fired, and which premises failed."""

    rule: Rule
    fired: bool = False
    failed: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.failed = [False] * len(self.rule.body)

    @property
    def items(self) -> int:
        return 1 + len(self.rule.body)

    @property
    def covered(self) -> int:
        return int(self.fired) + sum(self.failed)

    def unfailed(self) -> list[int]:
        """Positions (1-based) of the premises no case made fail."""
        return [i + 1 for i, failed in enumerate(self.failed) if not failed]


def premise_index(rule: Rule, binding: dict[str, Value], failed_premise: str) -> int | None:
    """The body position of a failed premise, found by grounding each premise the same way."""
    for i, lit in enumerate(rule.body):
        if str(ground_literal(lit, binding)) == failed_premise:
            return i
    return None


class Coverage:
    """Coverage of every rule of a knowledge base, accumulated over answers."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = {r.id: RuleCoverage(r) for r in rules}

    def add(self, answer: Answer) -> None:
        """Count the rules fired and premises failed in one answer's explanation."""
        for item in answer.answers:
            if item.proof is not None:
                self._proof(item.proof)
        if answer.why_not is not None:
            self._why_not(answer.why_not)

    def _proof(self, node: ProofNode) -> None:
        if node.rule is not None and node.rule.id in self.rules:
            self.rules[node.rule.id].fired = True
        for premise in node.premises:
            self._proof(premise)

    def _why_not(self, why: WhyNot) -> None:
        for attempt in why.attempts:
            self._attempt(attempt)

    def _attempt(self, attempt: RuleAttempt) -> None:
        for held in attempt.held:
            self._proof(held)
        if attempt.counter_proof is not None:
            self._proof(attempt.counter_proof)
        if attempt.failed is not None:
            self._why_not(attempt.failed)
        entry = self.rules.get(attempt.rule.id)
        if entry is None or attempt.failed_premise is None:
            return
        index = premise_index(entry.rule, attempt.binding, attempt.failed_premise)
        if index is not None:
            entry.failed[index] = True

    @property
    def items(self) -> int:
        return sum(r.items for r in self.rules.values())

    @property
    def covered(self) -> int:
        return sum(r.covered for r in self.rules.values())

    @property
    def percent(self) -> float:
        """Covered items as a percentage of all items (100 when there are no rules)."""
        return 100.0 * self.covered / self.items if self.items else 100.0

    def never_fired(self) -> list[str]:
        return [rule_id for rule_id, r in self.rules.items() if not r.fired]
