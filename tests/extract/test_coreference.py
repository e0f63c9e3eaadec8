"""Coreference: pronouns and descriptions resolve to the most recent compatible mention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from casus.engine.extraction.article import extract
from casus.engine.extraction.coref import region_members, resolve
from casus.engine.extraction.entities import EntityMatcher, Mention
from casus.engine.extraction.nlp import tokens
from casus.engine.knowledge.facts import load_entities

ROOT = Path(__file__).resolve().parents[2]
ENTITIES = load_entities(ROOT / "facts" / "entities.yaml")


def facts(text: str) -> set[str]:
    result = extract(text, ENTITIES, published=dt.date(2022, 1, 12), event="e")
    return {c.fact for c in result.candidates if c.holds and c.predicate != "event"}


def speakers(text: str) -> set[tuple[str, str | None]]:
    result = extract(text, ENTITIES, published=dt.date(2022, 1, 12), event="e")
    return {(c.fact, c.attributed_to) for c in result.candidates if c.predicate != "event"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 'It' is the subject of the sentence before, not the treaty named last
        (
            "Kazakhstan is a member of the CSTO. It asked the bloc for peacekeepers.",
            {"party(kazakhstan, csto)", "requested_assistance(kazakhstan, csto, e)"},
        ),
        (
            "Kyrgyzstan signed the charter of the CSTO. It asked the CSTO for troops.",
            {"requested_assistance(kyrgyzstan, csto, e)"},
        ),
    ],
)
def test_it_is_the_state_the_sentence_before_is_about(text: str, expected: set[str]) -> None:
    assert expected <= facts(text)


def test_he_is_the_official_named_before_and_speaks_for_his_state() -> None:
    text = (
        "Ilham Aliyev, the President of Azerbaijan, spoke on Monday. "
        "Armenian forces shelled Azerbaijani positions, he said."
    )
    assert ("attacker(e, armenia)", "azerbaijan") in speakers(text)
    assert ("attacker(e, armenia)", None) not in speakers(text)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        (
            "Kazakhstan appealed to Moscow. The Central Asian state asked the CSTO for troops.",
            "kazakhstan",
        ),
        (
            "Troops from Russia reached Tajikistan. The mountainous Central Asian country "
            "asked the CSTO for help.",
            "tajikistan",
        ),
        ("Unrest spread in Armenia. The West Asian nation asked the CSTO for help.", "armenia"),
    ],
)
def test_a_regional_description_is_the_latest_state_of_that_region(text: str, state: str) -> None:
    assert f"requested_assistance({state}, csto, e)" in facts(text)


def test_regions_come_from_the_un_m49_list_not_a_hand_list() -> None:
    members = region_members()
    assert {"KZ", "KG", "TJ", "TM", "UZ"} == members["Central Asian"]
    assert "RU" in members["Eastern European"] and "RU" in members["East European"]
    assert "AM" not in members["Central Asian"]


def test_a_regional_description_with_no_state_of_its_region_before_stays_unresolved() -> None:
    text = "Armenia met Russia. The Central Asian state asked the CSTO for help."
    assert not any(f.startswith("requested_assistance") for f in facts(text))


def test_the_enclave_is_the_latest_place_called_an_enclave() -> None:
    text = "Vorukh is a Tajik enclave inside Kyrgyzstan. Kyrgyz troops attacked the enclave."
    assert "hostilities_in(e, vorukh)" in facts(text)
    called = "Kyrgyz troops shelled Vorukh enclave and the village of Kok-Tash. "
    assert [m.entity for m in _described(called + "The enclave was cut off.")] == ["vorukh"]
    assert [m.entity for m in _described(called + "The village was cut off.")] == ["kok_tash"]


def test_the_enclave_with_no_place_called_so_before_stays_unresolved() -> None:
    text = "Fighting broke out near the village of Kok-Tash. The enclave was cut off."
    assert _described(text) == []


def _described(text: str) -> list[Mention]:
    """The mentions that descriptions of places ('the enclave') resolve to."""
    matcher = EntityMatcher.for_entities(ENTITIES.values())
    found = resolve(text, matcher.find(tokens(text)), matcher.entities)
    return [m for m in found if m.form == "anaphor"]


def test_both_countries_are_the_two_states_named_last() -> None:
    text = (
        "Leaders of Russia met those of Armenia and Azerbaijan. "
        "Both countries are members of the CSTO, a diplomat said."
    )
    assert {"party(armenia, csto)", "party(azerbaijan, csto)"} <= facts(text)
    assert "party(russia, csto)" not in facts(text)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "The Armenian government asked the CSTO for military assistance.",
            "requested_assistance(armenia, csto, e)",
        ),
        (
            "The CSTO sent troops after a Kazakh request for help.",
            "requested_assistance(kazakhstan, csto, e)",
        ),
        (
            "The bloc rejected an Armenian appeal for assistance from the CSTO.",
            "requested_assistance(armenia, csto, e)",
        ),
    ],
)
def test_a_demonym_with_a_government_or_request_noun_is_the_state(text: str, fact: str) -> None:
    assert fact in facts(text)


def test_invoking_a_treaty_over_an_attack_on_another_state_is_not_a_request() -> None:
    text = (
        "The Australian government invoked the ANZUS treaty to respond to the attacks on "
        "the United States."
    )
    assert not any(f.startswith("requested_assistance") for f in facts(text))
