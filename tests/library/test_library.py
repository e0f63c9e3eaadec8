"""The public Python API: `casus.load()`, `kb.ask()` and the browsing methods, and how an
`Answer` renders itself (HTML for Jupyter, a dict, Mermaid)."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from pathlib import Path

import pytest
from casus.engine.ask import ask as engine_ask
from casus.engine.explanation.render import render_mermaid
from casus.engine.regression.pytest_plugin import bundled_kb

import casus
from tests.regress.minikb import MiniKb

SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"
DAY = dt.date(2020, 10, 7)


@pytest.fixture(scope="module")
def kb() -> casus.KnowledgeBase:
    return casus.KnowledgeBase(bundled_kb())


def _without_timing(answer: casus.Answer) -> dict[str, object]:
    data = answer.to_dict()
    data.pop("elapsed_ms")
    return data


def test_ask_returns_the_engine_answer_for_a_date_given_either_way(kb: casus.KnowledgeBase) -> None:
    by_text = kb.ask(SEED, "2020-10-07")
    by_date = kb.ask(SEED, DAY)
    engine = engine_ask(kb.base, SEED, DAY)
    assert isinstance(by_text, casus.Answer)
    assert not by_text.holds and by_text.why_not is not None
    assert _without_timing(by_text) == _without_timing(by_date) == _without_timing(engine)


def test_scenario_arguments_reach_the_question(kb: casus.KnowledgeBase) -> None:
    answer = kb.ask(
        SEED, DAY,
        assume=["hostilities_in(karabakh_war_2020, syunik)",
                "requested_assistance(armenia, csto, karabakh_war_2020)"],
        explain="summary",
    )
    assert answer.holds
    assert answer.assume == ["hostilities_in(karabakh_war_2020, syunik)",
                             "requested_assistance(armenia, csto, karabakh_war_2020)"]
    assert answer.answers[0].proof is None  # summary level drops the proof tree


def test_a_bad_date_or_query_raises_a_located_error(kb: casus.KnowledgeBase) -> None:
    with pytest.raises(casus.CasusError) as bad_date:
        kb.ask(SEED, "7 October 2020")
    assert bad_date.value.code == "bad-date"
    with pytest.raises(casus.CasusError) as bad_query:
        kb.ask("must_asist(russia, armenia, csto, E)", DAY)
    assert "must_assist" in bad_query.value.problems[0].hints


def test_each_interpretation_is_asked_besides_the_text(kb: casus.KnowledgeBase) -> None:
    names = kb.interpretations()
    assert "no_request_no_assistance" in names
    answers = kb.ask_each_interpretation(SEED, DAY)
    assert list(answers) == [None, *names]
    assert answers["no_request_no_assistance"].interpretations == ["no_request_no_assistance"]


def test_entities_are_found_by_name_exact_match_first(kb: casus.KnowledgeBase) -> None:
    found = kb.entities("armenia")
    assert found[0].id == "armenia"
    assert all("armenia" in " ".join([e.id, e.label, *e.aliases]).lower() for e in found)
    assert kb.entities("AM")[0].id == "armenia"  # ISO code, exact
    assert len(kb.entities()) == len(kb.base.entities or {})
    assert kb.entities("no such place anywhere") == []


def test_rules_of_one_predicate(kb: casus.KnowledgeBase) -> None:
    rules = kb.rules("must_assist")
    assert rules and {r.head.pred for r in rules} == {"must_assist"}
    assert "csto.art4.assist" in {r.id for r in rules}
    assert len(kb.rules()) == len(kb.base.rules)
    with pytest.raises(casus.CasusError) as unknown:
        kb.rules("must_asist")
    assert unknown.value.problems[0].hints[0] == "must_assist"


def test_facts_of_a_predicate_as_of_a_date(kb: casus.KnowledgeBase) -> None:
    def parties(as_of: str | None) -> set[tuple[object, ...]]:
        return {r.args for r in kb.facts("party", as_of)}

    assert ("armenia", "csto") in parties("2020-10-07")
    assert ("armenia", "csto") not in parties("1993-01-01")  # a party from 1994-04-20
    assert parties("1993-01-01") < parties(None)
    assert all(r.pred == "party" and r.source for r in kb.facts("party"))


def test_load_reads_given_folders(tmp_path: Path) -> None:
    root = MiniKb().write(tmp_path)
    mini = casus.load(root / "rules", str(root / "facts"))
    assert [r.id for r in mini.rules()] == ["pact.help"]
    assert mini.ask("must_help(north, south)", "2011-01-01").holds
    assert not mini.ask("must_help(north, south)", "2009-01-01").holds


def test_answer_html_shows_verdict_summary_and_collapsible_tree(kb: casus.KnowledgeBase) -> None:
    answer = kb.ask(SEED, DAY)
    page = answer._repr_html_()
    assert "No." in page and "Why not" in page
    assert page.count("<details") == page.count("</details>") > 3
    assert "csto.art4.assist" in page
    proved = kb.ask("party(armenia, csto)", DAY)._repr_html_()
    assert "Yes." in proved and "source:" in proved


def test_answer_html_escapes_every_text() -> None:
    program = """
.input said(who: thing)
  true  "<b>{who}</b> said & meant it"
  false "{who} said nothing"
said(alice).
"""
    page = casus.KnowledgeBase.from_text(program).ask("said(alice)", DAY)._repr_html_()
    assert "&lt;b&gt;alice&lt;/b&gt; said &amp; meant it" in page
    assert "<b>" not in page


def test_answer_as_dict_and_mermaid(kb: casus.KnowledgeBase) -> None:
    answer = kb.ask(SEED, DAY)
    data = answer.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["as_of"] == "2020-10-07" and data["holds"] is False
    assert casus.Answer.model_validate(data) == answer
    assert answer.to_mermaid() == render_mermaid(answer)
    assert answer.to_mermaid().startswith("flowchart TD")


def test_the_public_surface_is_exported_and_documented() -> None:
    for name in casus.__all__:
        obj = getattr(casus, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"casus.{name} has no docstring"
    for name, member in inspect.getmembers(casus.KnowledgeBase, inspect.isfunction):
        if not name.startswith("_"):
            assert member.__doc__, f"KnowledgeBase.{name} has no docstring"
            assert "return" in inspect.get_annotations(member), name
