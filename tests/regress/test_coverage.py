"""Rule coverage read from explanations: rules fired, premises failed, the percentage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casus.engine.ask import ask
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.coverage import Coverage, premise_index

from tests.regress.minikb import MiniKb

DAY = dt.date(2011, 1, 1)


def _coverage(root: Path, questions: list[str], day: dt.date = DAY) -> Coverage:
    kb = KnowledgeBase.load(root / "rules", root / "facts")
    coverage = Coverage(kb.rules)
    for question in questions:
        coverage.add(ask(kb, question, day))
    return coverage


def test_a_proof_marks_the_rule_fired(tmp_path: Path, mini: MiniKb) -> None:
    entry = _coverage(mini.write(tmp_path), ["must_help(north, south)"]).rules["pact.help"]
    assert entry.fired
    assert entry.failed == [False, False, False, False]
    assert (entry.covered, entry.items) == (1, 5)


def test_why_not_marks_the_failed_premise_by_its_position(tmp_path: Path, mini: MiniKb) -> None:
    # body: attacked(V), party(V, pact), party(A, pact), A != V
    coverage = _coverage(
        mini.write(tmp_path),
        ["must_help(north, north)", "must_help(west, south)", "must_help(south, north)"],
    )
    entry = coverage.rules["pact.help"]
    assert not entry.fired
    assert entry.failed == [True, False, True, False]
    assert entry.unfailed() == [2, 4]
    assert coverage.never_fired() == ["pact.help"]
    assert coverage.percent == 40.0


def test_premise_index_grounds_premises_like_the_explainer(tmp_path: Path, mini: MiniKb) -> None:
    root = mini.write(tmp_path)
    rule = KnowledgeBase.load(root / "rules", root / "facts").rules[0]
    binding = {"A": "north", "V": "north"}
    assert premise_index(rule, binding, "north != north") == 3
    assert premise_index(rule, binding, "party(north, pact)") == 1
    assert premise_index(rule, binding, "attacked(south)") is None
