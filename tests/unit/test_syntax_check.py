"""The rule language: parsing into the AST and every static check, with locations."""

from __future__ import annotations

import pytest
from casus.engine.errors import CasusError
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.language.ast import Atom, Comparison, Const, Negation, Var
from casus.engine.language.check import check_program
from casus.engine.language.syntax import parse_ground_atom, parse_program, parse_query

DECLS = """
.input edge(from, to) true "{from} links to {to}" false "{from} does not link to {to}"
.input blocked(node) true "{node} is blocked" false "{node} is open"
.decl path(from, to) true "a path leads from {from} to {to}" false "no path from {from} to {to}"
"""


def problems(text: str, require_ids: bool = True) -> list[tuple[str, int, int, str]]:
    """Parse and check; return (code, line, col, message) of every problem."""
    try:
        check_program(parse_program(text, "t.dl"), require_ids=require_ids)
    except CasusError as exc:
        return [(p.code, p.location.line, p.location.col, p.message) for p in exc.problems]
    return []


def test_rule_parses_with_metadata_negation_comparison_and_anonymous() -> None:
    program = parse_program(
        DECLS
        + '@rule r.one "Cite" from 2000-01-01 until 2001-01-01\n'
        + 'path(X, Y) :- edge(X, Y), not blocked(Y), X != Y, edge(_, "a b"), X = 3.\n',
        "t.dl",
    )
    rule = program.rules[0]
    assert (rule.id, rule.citation) == ("r.one", "Cite")
    assert rule.valid_from is not None and rule.valid_from.isoformat() == "2000-01-01"
    assert rule.loc.line == 6
    assert isinstance(rule.body[1], Negation)
    assert isinstance(rule.body[2], Comparison) and rule.body[2].op == "!="
    anon = rule.body[3]
    assert isinstance(anon, Atom) and isinstance(anon.args[0], Var) and anon.args[0].anonymous
    assert anon.args[1] == Const("a b")
    assert rule.body[4] == Comparison("=", Var("X"), Const(3))


def test_comment_block_above_rule_is_kept_as_its_text() -> None:
    program = parse_program(
        DECLS + '% Art. 1: "quoted treaty text"\n@rule r "c"\npath(X, Y) :- edge(X, Y).\n'
    )
    assert program.rules[0].comment == 'Art. 1: "quoted treaty text"'
    assert program.decls["edge"].params[0].name == "from"


@pytest.mark.parametrize(
    ("text", "line", "col", "fragment"),
    [
        ("p(X", 1, 4, "unexpected end of input"),
        ("p(a) :- q(X), .", 1, 15, "unexpected '.'"),
        ("p(a) $", 1, 6, "unexpected character '$'"),
        ('@rule x "c" from 2020-13-01\np(X) :- q(X).', 1, 18, "not a valid date"),
    ],
)
def test_syntax_errors_carry_line_and_column(text: str, line: int, col: int, fragment: str) -> None:
    with pytest.raises(CasusError) as info:
        parse_program(text, "f.dl")
    problem = info.value.problems[0]
    assert (problem.location.file, problem.location.line, problem.location.col) == (
        "f.dl",
        line,
        col,
    )
    assert fragment in problem.message


def test_unknown_predicate_with_suggestion_and_wrong_arity() -> None:
    found = problems(DECLS + '@rule r "c"\npath(X, Y) :- edg(X, Y), edge(X).\n')
    codes = {p[0] for p in found}
    assert codes == {"unknown-predicate", "wrong-arity"}
    unknown = next(p for p in found if p[0] == "unknown-predicate")
    assert unknown[1:3] == (6, 15)
    with pytest.raises(CasusError) as info:
        check_program(parse_program(DECLS + '@rule r "c"\npath(X, Y) :- edg(X, Y).\n'))
    assert info.value.problems[0].hints == ("edge",)


def test_unsafe_variables_in_head_negation_and_comparison() -> None:
    found = problems(
        DECLS
        + '@rule a "c"\npath(X, Z) :- edge(X, Y).\n'
        + '@rule b "c"\npath(X, Y) :- edge(X, Y), not blocked(W).\n'
        + '@rule c "c"\npath(X, Y) :- edge(X, Y), W < 3.\n'
    )
    messages = [p[3] for p in found if p[0] == "unsafe"]
    assert any("Z in the head" in m for m in messages)
    assert any("W under 'not'" in m for m in messages)
    assert any("W in comparison" in m for m in messages)


def test_anonymous_variable_under_negation_is_safe() -> None:
    assert problems(DECLS + '@rule a "c"\npath(X, Y) :- edge(X, Y), not edge(Y, _).\n') == []


def test_unstratified_negation_names_the_cycle() -> None:
    found = problems(
        DECLS
        + '.decl win(node) true "{node} wins" false "{node} loses"\n'
        + '@rule w "c"\nwin(X) :- edge(X, Y), not win(Y).\n'
    )
    unstratified = [p for p in found if p[0] == "unstratified"]
    assert len(unstratified) == 1
    assert "win -> not win" in unstratified[0][3]
    assert unstratified[0][1:3] == (7, 27)


def test_longer_negative_cycle_is_named() -> None:
    found = problems(
        DECLS
        + '.decl p(x) true "p" false "not p"\n.decl q(x) true "q" false "not q"\n'
        + '@rule a "c"\np(X) :- edge(X, _), not q(X).\n@rule b "c"\nq(X) :- edge(X, _), p(X).\n'
    )
    unstratified = [p for p in found if p[0] == "unstratified"]
    assert len(unstratified) == 1 and "p -> not q -> p" in unstratified[0][3]


def test_duplicate_rule_ids_missing_ids_and_derived_without_rules() -> None:
    found = problems(
        DECLS
        + '.decl lonely(x) true "a" false "b"\n'
        + '@rule same "c"\npath(X, Y) :- edge(X, Y).\n@rule same "c"\npath(X, Y) :- edge(Y, X).\n'
        + "path(X, Y) :- edge(X, Z), path(Z, Y).\n"
    )
    codes = sorted(p[0] for p in found)
    assert codes == ["duplicate-rule-id", "missing-rule-id", "no-rule"]


def test_rule_for_input_predicate_and_bad_sentence_placeholder() -> None:
    found = problems(
        '.input e(a) true "{b} is" false "x"\n@rule r "c"\ne(X) :- e(X).\n'
    )
    assert sorted(p[0] for p in found) == ["bad-sentence", "rule-for-input"]


def test_query_and_ground_atom_parsing() -> None:
    query = parse_query("must_assist(A, armenia, csto, E)")
    assert [str(a) for a in query.args] == ["A", "armenia", "csto", "E"]
    assert parse_query("p(a).") == parse_query("p(a)?") == parse_query("p(a)")
    with pytest.raises(CasusError) as info:
        parse_ground_atom("party(X, csto)")
    assert info.value.code == "not-ground"


def test_query_text_is_never_executed() -> None:
    hostile = "__import__('os').system('touch /tmp/casus-pwned')"
    with pytest.raises(CasusError) as info:
        parse_query(hostile)
    assert info.value.problems[0].location.file == "<query>"


def test_record_predicates_are_facts_never_premises() -> None:
    found = problems(
        '.record invoked(s) true "{s} invoked" false "{s} did not invoke"\n'
        '.input e(a) true "{a}" false "not {a}"\n'
        '.decl acted(a) true "{a}" false "not {a}"\n'
        '@rule r1 "c"\nacted(X) :- e(X), invoked(X).\n'
        '@rule r2 "c"\nacted(X) :- e(X), not invoked(X).\n'
        '@rule r3 "c"\ninvoked(X) :- e(X).\n'
    )
    codes = sorted(p[0] for p in found)
    assert codes == ["record-as-premise", "record-as-premise", "rule-for-input"]
    assert "rules may not use it as a premise" in found[0][3]


def test_bundled_rules_never_reason_from_records() -> None:
    kb = KnowledgeBase.load()
    records = {d.name for d in kb.decls.values() if d.record}
    assert {"invoked", "assisted", "consulted", "declined", "no_action"} <= records
    used = {
        (lit.atom if isinstance(lit, Negation) else lit).pred
        for rule in kb.rules
        for lit in rule.body
        if isinstance(lit, (Atom, Negation))
    }
    assert not used & records
