"""Hypothesis strategies for random stratified Datalog programs with facts, as casus text.

Predicates `b0..b2` are base (`.input`), `d0..d3` derived. A rule for `d<i>` may use any
base predicate and `d<j>` for j <= i positively (so recursion happens) and only j < i under
`not` (so every program is stratified). Recursion is linear and written first (left
recursion), the form pyDatalog 0.22.4 evaluates to a fixpoint on cyclic data. Head,
negation and comparison variables are drawn from the variables of the positive premises,
so every rule is safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from casus.engine.language.ast import Value, render_value
from hypothesis import strategies as st

BASE = {"b0": 1, "b1": 2, "b2": 2}
DERIVED_NAMES = ["d0", "d1", "d2", "d3"]
VARIABLES = ["X", "Y", "Z", "W"]
CONSTANTS: list[Value] = ["a", "b", "c", "two words", 'q"uote', 0, 1, -3, 10]
COMPARISONS = ["=", "!=", "<", "<=", ">", ">="]


@dataclass(frozen=True)
class GeneratedProgram:
    """A program text plus the names of its derived predicates."""

    text: str
    derived: tuple[str, ...]


def _decl(kind: str, name: str, arity: int) -> str:
    params = ", ".join(f"x{i}" for i in range(arity))
    return f'.{kind} {name}({params}) true "{name} holds" false "{name} fails"'


@st.composite
def _term(draw: st.DrawFn, allow_anon: bool) -> str:
    choices = ["var", "const"] + (["anon"] if allow_anon else [])
    kind = draw(st.sampled_from(choices))
    if kind == "var":
        return draw(st.sampled_from(VARIABLES))
    if kind == "anon":
        return "_"
    return render_value(draw(st.sampled_from(CONSTANTS)))


@st.composite
def _rule(draw: st.DrawFn, index: int, arities: dict[str, int], rule_id: str) -> str:
    head_pred = DERIVED_NAMES[index]
    positive_preds = list(BASE) + DERIVED_NAMES[: index + 1]
    negative_preds = list(BASE) + DERIVED_NAMES[:index]
    body: list[str] = []
    bound: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        pred = draw(st.sampled_from(positive_preds))
        if pred == head_pred and any(b.startswith(head_pred + "(") for b in body):
            pred = "b1"  # at most one recursive premise
        args = [draw(_term(allow_anon=True)) for _ in range(arities[pred])]
        bound += [a for a in args if a in VARIABLES and a not in bound]
        body.append(f"{pred}({', '.join(args)})")

    def safe_term(allow_anon: bool = False) -> st.SearchStrategy[str]:
        options = [st.sampled_from(CONSTANTS).map(render_value)]
        if bound:
            options.append(st.sampled_from(bound))
        if allow_anon:
            options.append(st.just("_"))
        return st.one_of(options)

    if draw(st.booleans()):
        pred = draw(st.sampled_from(negative_preds))
        args = [draw(safe_term(allow_anon=True)) for _ in range(arities[pred])]
        body.append(f"not {pred}({', '.join(args)})")
    if bound and draw(st.booleans()):
        op = draw(st.sampled_from(COMPARISONS))
        body.append(f"{draw(st.sampled_from(bound))} {op} {draw(safe_term())}")
    order = draw(st.permutations(range(len(body))))
    head_args = [draw(safe_term()) for _ in range(arities[head_pred])]
    body_text = ", ".join(body[i] for i in order)
    return f'@rule {rule_id} "generated"\n{head_pred}({", ".join(head_args)}) :- {body_text}.'


@st.composite
def _facts(draw: st.DrawFn) -> list[str]:
    facts: list[str] = []
    for pred, arity in BASE.items():
        rows = draw(
            st.lists(
                st.tuples(*[st.sampled_from(CONSTANTS) for _ in range(arity)]),
                max_size=8,
                unique=True,
            )
        )
        facts += [f"{pred}({', '.join(render_value(v) for v in row)})." for row in rows]
    return facts


@st.composite
def programs(draw: st.DrawFn) -> GeneratedProgram:
    """A random safe, stratified program with its facts, written in the casus language."""
    n_derived = draw(st.integers(1, len(DERIVED_NAMES)))
    arities = dict(BASE)
    for name in DERIVED_NAMES[:n_derived]:
        arities[name] = draw(st.integers(1, 2))
    lines = [_decl("input", name, arity) for name, arity in BASE.items()]
    lines += [_decl("decl", name, arities[name]) for name in DERIVED_NAMES[:n_derived]]
    for index in range(n_derived):
        for k in range(draw(st.integers(1, 3))):
            lines.append(draw(_rule(index, arities, f"r.{DERIVED_NAMES[index]}.{k}")))
    lines += draw(_facts())
    return GeneratedProgram("\n".join(lines) + "\n", tuple(DERIVED_NAMES[:n_derived]))

# scenarios on the shipped knowledge base shared by the oracle and proof tests
WAR = "karabakh_war_2020"
SYUNIK_WAR = [f"hostilities_in({WAR}, syunik)", f"requested_assistance(armenia, csto, {WAR})"]
# a hypothetical village two steps inside Armenian territory exercises the recursive `within`
VILLAGE_WAR = [
    "located_in(village, district)",
    "located_in(district, syunik)",
    f"hostilities_in({WAR}, village)",
    f"requested_assistance(armenia, csto, {WAR})",
]
