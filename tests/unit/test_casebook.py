"""The casebook's definition of "predicts", its figures, and `casus casebook`."""

from __future__ import annotations

import json

from casus.api.cli.main import app
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.casebook import casebook, find_cases, interpretations_for
from typer.testing import CliRunner

PROGRAM = """
.input party(state, treaty) true "{state} is a party to {treaty}" false "no"
.input target(event, state) true "{state} was attacked in {event}" false "no"
.input armed_attack(event) true "{event} is an armed attack" false "no"
.input interpretation(i) true "{i}" false "not {i}"
.record assisted(treaty, event) true "{treaty} assisted over {event}" false "no"
.record consulted(treaty, event) true "{treaty} consulted over {event}" false "no"
.record declined(treaty, event) true "{treaty} declined over {event}" false "no"
.question must_assist(ally, victim, treaty, event) true "a" false "b"
.question must_consult(treaty, event) true "c" false "d"
@rule t.assist "assist on an armed attack"
must_assist(A, V, t, E) :- target(E, V), party(V, t), armed_attack(E), party(A, t), A != V.
@rule t.consult "consult when a party is attacked"
must_consult(t, E) :- target(E, V), party(V, t).
party(a, t). party(b, t).
target(e1, a). armed_attack(e1). assisted(t, e1).
target(e2, a). armed_attack(e2). declined(t, e2). consulted(t, e2).
target(e3, a). declined(t, e3).
"""


def test_a_reading_predicts_when_every_verdict_equals_what_happened() -> None:
    book = casebook(KnowledgeBase.from_text(PROGRAM))
    by_id = {c.id: c for c in book.cases}
    assert set(by_id) == {"t.e1", "t.e2", "t.e3"}
    # e1: obliged to assist and assisted; must consult, and assisting counts as acting
    assert [(v.holds, v.happened) for v in by_id["t.e1"].readings[0].verdicts] == [
        (True, True), (True, True)
    ]
    # e2: obliged to assist but only consulted: the assist verdict misses
    assert [(v.holds, v.happened) for v in by_id["t.e2"].readings[0].verdicts] == [
        (True, False), (True, True)
    ]
    # e3: not an armed attack, declined: assist right, but the clause to consult was not used
    assert [(v.holds, v.happened) for v in by_id["t.e3"].readings[0].verdicts] == [
        (False, False), (True, False)
    ]
    assert [c.predicted_by for c in book.cases] == [["text"], [], []]
    assert book.figures.text_predicts == 1
    assert book.figures.text_by_question == {"must_assist": "2 of 3", "must_consult": "2 of 3"}
    assert book.figures.unexplained == ["t.e2", "t.e3"]


def test_cases_are_asked_on_the_day_of_their_first_outcome(kb: KnowledgeBase) -> None:
    cases = find_cases(kb)
    treaty, event, day = cases["csto.armenia_border_attack_2022_09"]
    assert (treaty, event) == ("csto", "armenia_border_attack_2022_09")
    assert day.isoformat() == "2022-09-13"
    assert list(cases) == sorted(cases, key=lambda i: (cases[i][2], i))


def test_interpretations_follow_the_rules_a_treaty_depends_on(kb: KnowledgeBase) -> None:
    assert "no_request_no_assistance" in interpretations_for(kb, "ru_am_1997")
    assert "no_request_no_assistance" not in interpretations_for(kb, "nato")
    assert "force_between_members_excluded" in interpretations_for(kb, "nato")
    assert "force_between_members_excluded" not in interpretations_for(kb, "anzus")


runner = CliRunner()


def test_cli_json_lists_every_case_with_sources_and_figures() -> None:
    result = runner.invoke(app, ["casebook", "--format", "json"])
    assert result.exit_code == 0, result.output
    book = json.loads(result.output)
    assert len(book["cases"]) >= 30 and all(c["sources"] for c in book["cases"])
    assert book["figures"]["cases"] == len(book["cases"])


def test_cli_markdown_for_one_treaty_has_a_row_per_case_and_the_figures() -> None:
    result = runner.invoke(app, ["casebook", "--treaty", "eu_teu", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "`eu_teu." in line]
    assert len(rows) == 1 and "paris_attacks_2015_11" in rows[0]
    assert "treaty text predicts 1 of 1" in result.output


def test_cli_unknown_treaty_exits_2_with_a_suggestion() -> None:
    result = runner.invoke(app, ["casebook", "--treaty", "natoo"])
    assert result.exit_code == 2
    assert "did you mean: nato" in result.output
