"""Static checks on a parsed program: names, arity, safety, stratification, ids."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ..errors import CasusError, Location, Problem
from .ast import Atom, Comparison, Decl, Literal, Negation, Program, Rule, Var, literal_vars

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def suggest(name: str, known: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """Closest known names to `name`, for 'did you mean' hints."""
    return tuple(difflib.get_close_matches(name, list(known), n=n, cutoff=0.6))


def check_atom(atom: Atom, decls: dict[str, Decl]) -> list[Problem]:
    """An atom must use a declared predicate with the declared number of arguments."""
    decl = decls.get(atom.pred)
    if decl is None:
        return [
            Problem(
                "unknown-predicate",
                f"unknown predicate {atom.pred}",
                atom.loc,
                suggest(atom.pred, decls),
            )
        ]
    if decl.arity != atom.arity:
        return [
            Problem(
                "wrong-arity",
                f"{atom.pred} takes {decl.arity} argument(s) "
                f"({', '.join(p.name for p in decl.params)}), not {atom.arity}",
                atom.loc,
            )
        ]
    return []


def check_not_record(atom: Atom, decls: dict[str, Decl]) -> list[Problem]:
    """Records of what happened (`.record`) are compared with verdicts, never reasoned from:
    a rule that used them would make the casebook's comparison circular."""
    decl = decls.get(atom.pred)
    if decl is None or not decl.record:
        return []
    return [
        Problem(
            "record-as-premise",
            f"{atom.pred} is a .record (what actually happened); rules may not use it as a "
            "premise, so that verdicts stay independent of the outcomes they are compared with",
            atom.loc,
        )
    ]


def _body_atoms(rule: Rule) -> list[Atom]:
    out: list[Atom] = []
    for lit in rule.body:
        if isinstance(lit, Atom):
            out.append(lit)
        elif isinstance(lit, Negation):
            out.append(lit.atom)
    return out


def bound_variables(body: Iterable[Literal]) -> set[Var]:
    """Variables bound by positive atoms, closed under `X = term` with a bound side."""
    bound: set[Var] = set()
    equalities: list[Comparison] = []
    for lit in body:
        if isinstance(lit, Atom):
            bound.update(lit.variables())
        elif isinstance(lit, Comparison) and lit.op == "=":
            equalities.append(lit)
    changed = True
    while changed:
        changed = False
        for eq in equalities:
            sides = (eq.left, eq.right)
            for this, other in (sides, sides[::-1]):
                if isinstance(this, Var) and this not in bound:
                    if not isinstance(other, Var) or other in bound:
                        bound.add(this)
                        changed = True
    return bound


def check_safety(rule: Rule) -> list[Problem]:
    """Every variable of the head, of a negation and of a comparison must be bound."""
    problems: list[Problem] = []
    bound = bound_variables(rule.body)
    for var in rule.head.variables():
        if var.anonymous:
            problems.append(Problem("unsafe", "the head of a rule cannot contain _", rule.head.loc))
        elif var not in bound:
            problems.append(
                Problem(
                    "unsafe",
                    f"unsafe variable {var} in the head: it must appear in a positive "
                    "premise of the rule",
                    rule.head.loc,
                )
            )
    for lit in rule.body:
        if isinstance(lit, Negation):
            for var in lit.atom.variables():
                if not var.anonymous and var not in bound:
                    problems.append(
                        Problem(
                            "unsafe",
                            f"unsafe variable {var} under 'not': it must appear in a "
                            "positive premise of the rule (use _ for 'any value')",
                            lit.loc,
                        )
                    )
        elif isinstance(lit, Comparison):
            for var in literal_vars(lit):
                if var.anonymous:
                    problems.append(Problem("unsafe", "a comparison cannot use _", lit.loc))
                elif var not in bound:
                    problems.append(
                        Problem(
                            "unsafe",
                            f"unsafe variable {var} in comparison: it must appear in a "
                            "positive premise of the rule",
                            lit.loc,
                        )
                    )
    return problems


def _sccs(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan, iterative), each as a list of nodes."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            if children:
                child = children.pop(0)
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, sorted(graph.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    comp: list[str] = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        comp.append(top)
                        if top == node:
                            break
                    result.append(comp)
    return result


def dependency_graph(rules: Iterable[Rule]) -> dict[str, set[str]]:
    """For each predicate defined by rules, the predicates its rules read (negated or not)."""
    graph: dict[str, set[str]] = {}
    for rule in rules:
        graph.setdefault(rule.head.pred, set()).update(a.pred for a in _body_atoms(rule))
    return graph


def recursive_components(rules: Iterable[Rule]) -> dict[str, frozenset[str]]:
    """For each predicate defined by rules, the predicates in its recursive cycle (empty
    when it is not recursive)."""
    graph = dependency_graph(rules)
    out: dict[str, frozenset[str]] = {}
    for comp in _sccs(graph):
        members = frozenset(comp)
        recursive = len(comp) > 1 or comp[0] in graph.get(comp[0], set())
        for node in comp:
            out[node] = members if recursive else frozenset()
    return out


def _cycle_path(graph: dict[str, set[str]], start: str, end: str, comp: set[str]) -> list[str]:
    """A path from start to end inside one component (breadth first)."""
    prev: dict[str, str] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        nxt: list[str] = []
        for node in frontier:
            if node == end:
                path = [end]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return list(reversed(path))
            for child in sorted(graph.get(node, ())):
                if child in comp and child not in seen:
                    seen.add(child)
                    prev[child] = node
                    nxt.append(child)
        frontier = nxt
    return [start, end]


def check_stratification(program: Program) -> list[Problem]:
    """Reject negation inside a recursive cycle, naming the cycle (pyDatalog would hang)."""
    graph: dict[str, set[str]] = {name: set() for name in program.decls}
    negative: list[tuple[str, str, Rule, Negation]] = []
    for rule in program.rules:
        head = rule.head.pred
        graph.setdefault(head, set())
        for lit in rule.body:
            if isinstance(lit, Atom):
                graph[head].add(lit.pred)
            elif isinstance(lit, Negation):
                graph[head].add(lit.atom.pred)
                negative.append((head, lit.atom.pred, rule, lit))
    component: dict[str, int] = {}
    comps = _sccs(graph)
    for i, comp in enumerate(comps):
        for node in comp:
            component[node] = i
    problems: list[Problem] = []
    for head, neg, _rule, lit in negative:
        if component.get(head) == component.get(neg):
            members = set(comps[component[head]])
            path = _cycle_path(graph, neg, head, members)
            cycle = " -> ".join([head, f"not {neg}", *path[1:]])
            problems.append(
                Problem(
                    "unstratified",
                    f"negation in a cycle (unstratified): {cycle}; a predicate cannot "
                    "depend on its own negation",
                    lit.loc,
                )
            )
    return problems


def check_sentences(decl: Decl) -> list[Problem]:
    """Sentence placeholders must name the declared arguments."""
    names = {p.name for p in decl.params}
    problems: list[Problem] = []
    for text in (decl.true_text, decl.false_text):
        for placeholder in _PLACEHOLDER.findall(text):
            if placeholder not in names:
                problems.append(
                    Problem(
                        "bad-sentence",
                        f"sentence of {decl.name} uses {{{placeholder}}}, which is not one "
                        f"of its arguments ({', '.join(sorted(names)) or 'none'})",
                        decl.loc,
                    )
                )
    return problems


def check_program(program: Program, require_ids: bool = True) -> None:
    """Run every static check; raise one CasusError listing all problems found."""
    problems: list[Problem] = []
    decls = program.decls
    for decl in decls.values():
        problems += check_sentences(decl)
        if len({p.name for p in decl.params}) != decl.arity:
            problems.append(Problem("bad-decl", f"{decl.name} repeats an argument name", decl.loc))
    seen_ids: dict[str, Location] = {}
    heads: set[str] = set()
    for rule in program.rules:
        problems += check_atom(rule.head, decls)
        head_decl = decls.get(rule.head.pred)
        if head_decl is not None and not head_decl.derived:
            problems.append(
                Problem(
                    "rule-for-input",
                    f"{rule.head.pred} is declared .{head_decl.kind} (facts only); declare it with "
                    ".decl or .question to define it by rules",
                    rule.head.loc,
                )
            )
        heads.add(rule.head.pred)
        for atom in _body_atoms(rule):
            problems += check_atom(atom, decls)
            problems += check_not_record(atom, decls)
        problems += check_safety(rule)
        if not rule.id:
            if require_ids:
                problems.append(
                    Problem(
                        "missing-rule-id",
                        'every rule needs a line @rule <id> "<citation>" above it',
                        rule.loc,
                    )
                )
        elif rule.id in seen_ids:
            problems.append(
                Problem(
                    "duplicate-rule-id",
                    f"rule id {rule.id} is already used at {seen_ids[rule.id]}",
                    rule.loc,
                )
            )
        else:
            seen_ids[rule.id] = rule.loc
        if rule.valid_from and rule.valid_until and rule.valid_until <= rule.valid_from:
            problems.append(Problem("bad-dates", f"rule {rule.id} ends before it starts", rule.loc))
    for fact in program.facts:
        problems += check_atom(fact.atom, decls)
        if not fact.atom.is_ground():
            problems.append(Problem("not-ground", "a fact cannot contain variables", fact.atom.loc))
    for decl in decls.values():
        if decl.derived and decl.name not in heads:
            problems.append(
                Problem(
                    "no-rule",
                    f"{decl.name} is declared .{decl.kind} (derived) but no rule defines it; "
                    "declare it .input if its facts come from fact files",
                    decl.loc,
                )
            )
    if not any(p.code in ("unknown-predicate", "wrong-arity") for p in problems):
        problems += check_stratification(program)
    if problems:
        raise CasusError(problems)
