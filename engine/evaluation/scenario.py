"""Questions and what-if scenarios: parse and validate them against a knowledge base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import CasusError, Location, Problem
from ..knowledge.facts import check_constants
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import View
from ..language.ast import Atom, Const, is_identifier
from ..language.check import check_atom, suggest
from ..language.syntax import parse_query, parse_scenario_atom

INTERPRETATION_PRED = "interpretation"


@dataclass(frozen=True)
class Limits:
    """Bounds on work per question; explanations say when one cut them short."""

    max_answers: int = 100
    max_depth: int = 8
    why_not_depth: int = 4
    max_bindings: int = 3
    max_alternatives: int = 5
    max_missing: int = 4
    time_budget_s: float = 2.0
    max_scenario_facts: int = 50


@dataclass(frozen=True)
class Scenario:
    """A date plus facts assumed and retracted for one question; never changes the base."""

    as_of: dt.date
    assume: tuple[Atom, ...] = ()
    retract: tuple[Atom, ...] = ()
    interpretations: tuple[str, ...] = ()
    new_constants: frozenset[str] = field(default_factory=frozenset)

    def view(self, kb: KnowledgeBase) -> View:
        added = {(a.pred, a.values()) for a in self.assume}
        added |= {(INTERPRETATION_PRED, (i,)) for i in self.interpretations}
        removed = {(a.pred, a.values()) for a in self.retract}
        return View(kb.store, self.as_of, frozenset(added), frozenset(removed))


def _input_atom(kb: KnowledgeBase, text: str, file: str, verb: str) -> Atom:
    atom = parse_scenario_atom(text, file)
    problems = check_atom(atom, kb.decls)
    if problems:
        raise CasusError(problems)
    if kb.decls[atom.pred].derived:
        raise CasusError.single(
            "derived-in-scenario",
            f"cannot {verb} {atom}: {atom.pred} is derived by rules; {verb} the base facts "
            "it depends on instead",
            atom.loc,
        )
    return atom


def known_constants(kb: KnowledgeBase) -> set[str] | None:
    """Identifier constants a question may use, or None when the KB has no entity registry."""
    if kb.entities is None:
        return None
    return set(kb.entities)


def build_scenario(
    kb: KnowledgeBase,
    as_of: dt.date,
    assume: Sequence[str] = (),
    retract: Sequence[str] = (),
    interpretations: Sequence[str] = (),
    limits: Limits | None = None,
) -> Scenario:
    """Parse and check a scenario; constants first seen in `assume` become known entities."""
    limits = limits or Limits()
    if len(assume) + len(retract) > limits.max_scenario_facts:
        raise CasusError.single(
            "too-many-facts",
            f"a scenario may assume and retract at most {limits.max_scenario_facts} facts",
            Location("<scenario>"),
        )
    problems: list[Problem] = []
    assumed: list[Atom] = []
    retracted: list[Atom] = []
    for i, text in enumerate(assume):
        try:
            assumed.append(_input_atom(kb, text, f"<assume {i + 1}>", "assume"))
        except CasusError as exc:
            problems += exc.problems
    known = known_constants(kb)
    new_constants: set[str] = set()
    for atom in assumed:
        for arg in atom.args:
            if isinstance(arg, Const) and isinstance(arg.value, str) and is_identifier(arg.value):
                if known is not None and arg.value not in known:
                    new_constants.add(arg.value)
    view = View(kb.store, as_of)
    for i, text in enumerate(retract):
        try:
            atom = _input_atom(kb, text, f"<retract {i + 1}>", "retract")
        except CasusError as exc:
            problems += exc.problems
            continue
        if not view.holds(atom.pred, atom.values()):
            problems.append(
                Problem(
                    "nothing-to-retract",
                    f"cannot retract {atom}: it is not a fact as of {as_of.isoformat()}",
                    atom.loc,
                )
            )
        retracted.append(atom)
    for name in interpretations:
        problems += _check_interpretation(kb, name)
    if problems:
        raise CasusError(problems)
    return Scenario(
        as_of, tuple(assumed), tuple(retracted), tuple(interpretations), frozenset(new_constants)
    )


def _check_interpretation(kb: KnowledgeBase, name: str) -> list[Problem]:
    loc = Location("<interpretation>")
    decl = kb.decls.get(INTERPRETATION_PRED)
    if decl is None or decl.arity != 1 or decl.derived:
        return [
            Problem("no-interpretations", "this knowledge base defines no interpretations", loc)
        ]
    if kb.entities is not None:
        names = [e.id for e in kb.entities.values() if e.kind == "interpretation"]
        if name not in names:
            return [
                Problem(
                    "unknown-interpretation",
                    f"unknown interpretation {name!r}",
                    loc,
                    suggest(name, names) or tuple(sorted(names)[:5]),
                )
            ]
    return []


def parse_question(kb: KnowledgeBase, text: str, scenario: Scenario) -> Atom:
    """Parse a question; its predicate must be declared and its constants known."""
    atom = parse_query(text)
    problems = check_atom(atom, kb.decls)
    known = known_constants(kb)
    if known is not None:
        problems += check_constants(atom, known | scenario.new_constants)
    if problems:
        raise CasusError(problems)
    return atom
