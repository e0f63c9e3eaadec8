"""A why-not with more candidate bindings than it shows checks the ones the question is about:
an attack on the United States with no target recorded is explained with the United States,
not with the first NATO parties in alphabetical order."""

from __future__ import annotations

import datetime as dt

from casus.engine.ask import ask
from casus.engine.explanation.answer import WhyNot
from casus.engine.knowledge.kb import KnowledgeBase


def bindings(why: WhyNot) -> list[dict[str, str]]:
    out = []
    for attempt in why.attempts:
        out.append({k: str(v) for k, v in attempt.binding.items()})
        if attempt.failed is not None:
            out += bindings(attempt.failed)
    return out


def test_why_not_checks_the_state_the_event_names(kb: KnowledgeBase) -> None:
    answer = ask(
        kb,
        "casus_foederis(nato, x911)",
        dt.date(2001, 9, 12),
        ["armed_attack(x911)", "non_state_attacker(x911)", "hostilities_in(x911, united_states)"],
    )
    assert answer.why_not is not None
    victims = {b["V"] for b in bindings(answer.why_not) if "V" in b}
    assert victims == {"united_states"}


def test_without_a_relevant_party_the_first_ones_are_shown(kb: KnowledgeBase) -> None:
    """Nothing names a party: the explanation still shows some attempts (it never goes empty)."""
    answer = ask(kb, "casus_foederis(nato, x1)", dt.date(2001, 9, 12), ["armed_attack(x1)"])
    assert answer.why_not is not None
    victims = {b["V"] for b in bindings(answer.why_not) if "V" in b}
    assert len(victims) == 3
