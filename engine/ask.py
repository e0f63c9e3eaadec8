"""Answer a question as of a date under a scenario, with its explanation."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from typing import Literal

from .evaluation.adapter import engine_for
from .evaluation.scenario import Limits, build_scenario, parse_question
from .explanation.answer import Answer, AnswerItem, Versions
from .explanation.explain import Explainer
from .explanation.summary import summarize
from .knowledge.kb import KnowledgeBase
from .language.ast import Atom, Const

ExplainLevel = Literal["none", "summary", "full"]


def ask(
    kb: KnowledgeBase,
    query: str,
    as_of: dt.date,
    assume: Sequence[str] = (),
    retract: Sequence[str] = (),
    interpretations: Sequence[str] = (),
    explain: ExplainLevel = "full",
    limits: Limits | None = None,
) -> Answer:
    """Evaluate `query` in the scenario and explain the result (raises CasusError on bad input)."""
    started = time.perf_counter()
    limits = limits or Limits()
    scenario = build_scenario(kb, as_of, assume, retract, interpretations, limits)
    goal = parse_question(kb, query, scenario)
    view = scenario.view(kb)
    rows = engine_for(kb).ask(view, goal)
    explainer = Explainer(kb, view, limits)
    explainer.remember(goal, rows)
    answer = Answer(
        query=str(goal),
        as_of=as_of,
        assume=[str(a) for a in scenario.assume],
        retract=[str(a) for a in scenario.retract],
        interpretations=list(scenario.interpretations),
        holds=bool(rows),
        versions=Versions(rules=kb.rules_version, facts=kb.facts_version),
    )
    if len(rows) > limits.max_answers:
        explainer.note_cut(f"answers limited to {limits.max_answers} of {len(rows)}")
    names = [(i, a.name) for i, a in enumerate(goal.args) if not isinstance(a, Const)]
    for n, row in enumerate(rows[: limits.max_answers]):
        binding = {name: row[i] for i, name in names if not name.startswith("_")}
        atom = Atom(goal.pred, tuple(Const(v) for v in row))
        wanted = explain == "full" or (explain == "summary" and n == 0)
        proof = explainer.prove(atom) if wanted else None
        answer.answers.append(AnswerItem(atom=str(atom), bindings=binding, proof=proof))
    if not rows and explain != "none":
        answer.why_not = explainer.why_not(goal)
        if goal.is_ground():
            answer.would_hold_if = [
                sorted(str(a) for a in missing) for missing in explainer.would_hold_if(goal)
            ]
    if explain != "none":
        answer.summary = summarize(answer, goal, explainer.sentences)
    if explain == "summary":  # the summary used the first proof and the why-not; drop them
        answer.why_not = None
        for item in answer.answers:
            item.proof = None
    answer.truncated = explainer.truncated
    answer.elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    return answer
