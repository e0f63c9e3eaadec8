"""border_incident(E): a clash, skirmish or shootout on a border, never the word 'border' alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from casus.engine.extraction.article import extract
from casus.engine.knowledge.facts import load_entities

ROOT = Path(__file__).resolve().parents[2]
ENTITIES = load_entities(ROOT / "facts" / "entities.yaml")


def incidents(text: str) -> set[tuple[str, bool]]:
    result = extract(text, ENTITIES, published=dt.date(2022, 9, 16), event="e")
    return {(c.fact, c.holds) for c in result.candidates if c.predicate == "border_incident"}


@pytest.mark.parametrize(
    "text",
    [
        "Border clashes between Kyrgyz and Tajik troops killed dozens of people.",
        "Kyrgyz and Tajik border guards clashed again on Wednesday.",
        "A shootout broke out on the Kyrgyz-Tajik border on Friday.",
        "Skirmishes erupted on the internationally recognised borders of Armenia and Azerbaijan.",
        "Two soldiers died in an exchange of fire along the frontier late on Monday.",
        "Deadly cross-border shootings were reported overnight.",
    ],
)
def test_a_clash_on_a_border_is_a_border_incident(text: str) -> None:
    assert incidents(text) == {("border_incident(e)", True)}


@pytest.mark.parametrize(
    "text",
    [
        "Refugees crowded the border crossing at Akcakale, a Turkish border town.",
        "Clashes erupted near the border town of Akcakale.",
        "Residents of a border village said the incident at the checkpoint was minor.",
        "Border guards were put on alert after talks on border demarcation stalled.",
        "A border clash could trigger a wider war, the minister warned.",
        "If border skirmishes resume, the bloc may be asked for help.",
        "Russian troops invaded Ukraine across its northern border.",
    ],
)
def test_the_word_border_alone_or_a_possible_clash_is_not_an_incident(text: str) -> None:
    assert incidents(text) == set()


def test_a_denied_incident_is_evidence_against() -> None:
    assert incidents("There was not a single border incident this week, officials said.") == {
        ("border_incident(e)", False)
    }
