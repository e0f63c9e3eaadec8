"""Adapter that lets the `datalog-conformance` suite evaluate programs with the casus engine.

The suite writes rules in Soufflé style (any identifier in an argument is a variable,
predicates may start with a capital) and gives facts as data. The adapter renames every
predicate `p` to `p_p` and every variable `v` to `Vv`, declares each predicate (`.decl` if
some rule defines it, `.input` otherwise, with the arity of its first use), writes the
facts as inline facts and hands the text to `KnowledgeBase.from_text`: parsing, checking
and evaluation are the engine's own. casus error codes are reported under the suite's
names. Features outside the casus language are refused with `Unsupported` before any
evaluation, so the test can skip them with a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from casus.engine.errors import CasusError
from casus.engine.evaluation.adapter import engine_for
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.store import View
from casus.engine.language.ast import Atom, Negation, Value, Var, render_value
from casus.engine.language.check import bound_variables
from casus.engine.language.syntax import parse_program
from datalog_conformance.schema import (
    DefeasibleModel,
    DefeasibleTheory,
    Model,
    Policy,
    PredicateFacts,
    Program,
    TestCase,
)

PREFIX = "p_"
_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<number>-?\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)'
    r"|(?P<op>:-|!=|<=|>=|[(),.<>=!+\-*/%]))"
)
_COMPARISONS = {"=", "!=", "<", "<=", ">", ">="}


STRONG_NEGATION = "strong negation (~p) belongs to defeasible logic; casus has `not` only"


class Unsupported(Exception):
    """A conformance case uses a feature the casus language does not have."""


class ConformanceError(Exception):
    """A casus CasusError, re-raised under the conformance suite's name for it."""

    def __init__(self, code: str, error: CasusError) -> None:
        super().__init__(str(error))
        self.code = code


class SafetyViolationError(ConformanceError):
    """casus `unsafe`: a variable not bound by a positive premise."""


ERROR_NAMES: dict[str, tuple[type[ConformanceError], str]] = {
    "unsafe": (SafetyViolationError, "unbound_variable"),
    "wrong-arity": (ConformanceError, "arity_mismatch"),
    "unstratified": (ConformanceError, "cyclic_negation"),
}


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if text[pos:].lstrip().startswith("~"):
            raise Unsupported(STRONG_NEGATION)
        if match is None or match.end() == pos:
            raise Unsupported(f"cannot read {text[pos:]!r}")
        out.append(match.group().strip())
        pos = match.end()
    return out


def _is_name(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token))


def translate_rule(text: str, arities: dict[str, int], heads: set[str]) -> str:
    """One Soufflé-style rule as casus text; records each predicate's arity and the heads."""
    tokens = _tokens(text.rstrip().removesuffix("."))
    out: list[str] = []
    in_head = True
    atom: list[object] = []  # [predicate, argument count] of the atom being read
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in {"+", "-", "*", "/", "%"} or (
            tok[0] == "-" and prev not in {"(", ",", *_COMPARISONS}
        ):
            raise Unsupported("arithmetic terms are not part of the casus rule language")
        if tok == ":-":
            in_head = False
            out.append(tok)
        elif not _is_name(tok) or tok == "not":
            if tok == "(" and (not atom or prev != atom[0]):
                raise Unsupported("parenthesised expressions or nested terms")
            if tok == "," and atom:
                atom[1] = int(str(atom[1])) + 1
            if tok == ")" and atom:
                arities.setdefault(str(atom[0]), 0 if prev == "(" else int(str(atom[1])) + 1)
                atom = []
            out.append(tok)
        elif atom or nxt in _COMPARISONS or prev in _COMPARISONS:
            out.append("_" if tok == "_" else "V" + tok)  # every argument name is a variable
        else:
            if nxt == "(":
                atom = [tok, 0]
            else:  # a zero-arity atom written without parentheses
                arities.setdefault(tok, 0)
            if in_head:
                heads.add(tok)
            out.append(PREFIX + tok)
    return " ".join(out) + "."


def _fact_text(pred: str, row: Sequence[object]) -> str:
    for value in row:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise Unsupported("casus values are symbols and integers (no floats or booleans)")
    values: list[Value] = [v for v in row if isinstance(v, int | str)]
    return f"{PREFIX}{pred}({', '.join(render_value(v) for v in values)})."


def program_text(rules: Iterable[str], facts: PredicateFacts) -> tuple[str, list[str]]:
    """The casus program for a conformance program, and its predicate names."""
    arities: dict[str, int] = {}
    heads: set[str] = set()
    rule_lines = [translate_rule(r, arities, heads) for r in rules]
    for pred, rows in facts.items():
        if pred.startswith("~"):
            raise Unsupported(STRONG_NEGATION)
        if rows:
            arities.setdefault(pred, len(rows[0]))
        else:
            arities.setdefault(pred, 0)
    lines = []
    for pred, arity in arities.items():
        kind = "decl" if pred in heads else "input"
        params = ", ".join(f"a{i}" for i in range(arity))
        lines.append(f'.{kind} {PREFIX}{pred}({params}) true "{pred}" false "not {pred}"')
    lines += rule_lines
    lines += [_fact_text(pred, row) for pred, rows in facts.items() for row in rows]
    return "\n".join(lines) + "\n", list(arities)


Relations = dict[str, set[tuple[Value, ...]]]


def evaluate_rules(rules: Iterable[str], facts: PredicateFacts) -> Relations:
    """Every relation of the program as computed by the engine."""
    text, preds = program_text(rules, facts)
    return _evaluate_text(text, tuple(preds))


@lru_cache(maxsize=8)
def _evaluate_text(text: str, preds: tuple[str, ...]) -> Relations:
    """Cases often share a program (one case per relation; strict-only twins): evaluate once."""
    try:
        kb = KnowledgeBase.from_text(text, "<conformance>")
    except CasusError as exc:
        cls, name = ERROR_NAMES.get(exc.code, (ConformanceError, exc.code))
        raise cls(name, exc) from None
    view = View(kb.store, dt.date(2000, 1, 1))
    out: dict[str, set[tuple[Value, ...]]] = {}
    for pred in preds:
        arity = kb.decls[PREFIX + pred].arity
        goal = Atom(PREFIX + pred, tuple(Var(f"A{i}") for i in range(arity)))
        out[pred] = set(engine_for(kb).ask(view, goal))
    return out


def strict_only(theory: DefeasibleTheory) -> bool:
    """A theory with strict rules only: its conclusions are those of plain Datalog."""
    return not (theory.defeasible_rules or theory.defeaters or theory.superiority
                or theory.conflicts)


def theory_rules(theory: DefeasibleTheory) -> list[str]:
    """The strict rules of a theory as rule texts."""
    return [f"{r.head} :- {', '.join(r.body)}" if r.body else r.head for r in theory.strict_rules]


def unsupported_reason(case: TestCase) -> str | None:
    """Why the engine cannot run `case`, or None if it can."""
    if case.skip:
        return f"skipped by the suite: {case.skip}"
    if case.klm_property is not None:
        return "defeasible logic (KLM properties): casus evaluates stratified Datalog only"
    if case.theory is not None and not strict_only(case.theory):
        return "defeasible logic (defeasible rules, defeaters, superiority): casus evaluates " \
               "stratified Datalog only"
    if case.program is not None:
        rules, facts = case.program.rules, case.program.facts
    else:
        assert case.theory is not None
        rules, facts = theory_rules(case.theory), case.theory.facts
    try:
        text, _ = program_text(rules, facts)
    except Unsupported as exc:
        return str(exc)
    if case.expect_error is None and _negation_local_variables(text):
        return ("a named variable that occurs only under `not` (read existentially by Nemo); "
                "casus rejects it as unsafe and asks for `_`")
    return None


def _negation_local_variables(text: str) -> bool:
    try:
        program = parse_program(text)
    except CasusError:
        return False
    for rule in program.rules:
        bound = bound_variables(rule.body)
        for lit in rule.body:
            if isinstance(lit, Negation) and any(
                not v.anonymous and v not in bound for v in lit.atom.variables()
            ):
                return True
    return False


class CasusEvaluator:
    """The evaluator object the conformance runner calls (`--datalog-evaluator` compatible)."""

    def evaluate(
        self, program: Program | DefeasibleTheory, policy: Policy | None = None
    ) -> Model | DefeasibleModel:
        if isinstance(program, Program):
            return Model(evaluate_rules(program.rules, program.facts))  # type: ignore[arg-type]
        if not strict_only(program):
            raise Unsupported("defeasible logic: casus evaluates stratified Datalog only")
        relations = evaluate_rules(theory_rules(program), program.facts)
        # with strict rules only, what holds definitely also holds defeasibly
        return DefeasibleModel({"definitely": relations, "defeasibly": relations})  # type: ignore[dict-item]
