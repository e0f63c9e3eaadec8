"""The world as entities: ISO 3166 states, territories and subdivisions (tools/world.py),
disputed places, and the `casus check` warnings about dating and sourcing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest
from casus.engine.ask import ask
from casus.engine.knowledge.audit import audit
from casus.engine.knowledge.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]
DISPUTED = ("falkland_islands", "crimea", "nagorno_karabakh", "western_sahara", "taiwan", "kosovo")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(ROOT / "rules", ROOT / "facts")


def test_every_iso_3166_1_entry_is_an_entity(kb: KnowledgeBase) -> None:
    codes = {e.iso for e in (kb.entities or {}).values() if e.iso}
    assert {c.alpha_2 for c in pycountry.countries} <= codes


def test_states_have_demonyms_and_state_facts(kb: KnowledgeBase) -> None:
    entities = kb.entities or {}
    states = [e for e in entities.values() if e.kind == "state"]
    facts = {r.args[0] for r in kb.store.by_pred["state"]}
    assert {s.id for s in states} == facts
    assert all(s.demonyms for s in states), [s.id for s in states if not s.demonyms]
    assert entities["kyrgyzstan"].demonyms[0] == "Kyrgyz"
    assert "Azerbaijani" in entities["azerbaijan"].demonyms
    # new states follow the id rule: the short common English name
    assert {"syria", "iran", "south_korea", "north_korea", "vietnam", "laos", "bolivia",
            "venezuela", "tanzania", "moldova", "india", "afghanistan"} <= {s.id for s in states}


@pytest.mark.parametrize("state, code", [("armenia", "AM"), ("russia", "RU"), ("syria", "SY"),
                                         ("kyrgyzstan", "KG"), ("argentina", "AR")])
def test_first_level_subdivisions_match_pycountry(kb: KnowledgeBase, state: str, code: str) -> None:
    expected = {s.code for s in pycountry.subdivisions.get(country_code=code)
                if s.parent_code is None}
    entities = kb.entities or {}
    by_iso = {e.iso: e.id for e in entities.values() if e.iso in expected}
    assert set(by_iso) == expected
    territory = {r.args[0] for r in kb.store.by_pred["territory_of"] if r.args[1] == state}
    assert set(by_iso.values()) <= territory


def test_existing_places_are_reused_not_duplicated(kb: KnowledgeBase) -> None:
    entities = kb.entities or {}
    for code, place in [("AM-SU", "syunik"), ("RU-KRS", "kursk_oblast"), ("UA-43", "crimea"),
                        ("US-GU", "guam"), ("GU", "guam")]:
        assert [e.id for e in entities.values() if e.iso == code] in ([place], []), code
    assert "kursk_oblast" in {r.args[0] for r in kb.store.by_pred["located_in"]
                              if r.args[1] == "russia"}
    labels = [e.label for e in entities.values() if e.kind == "place"]
    assert labels.count("Gegharkunik") == 1


def test_places_apart_from_their_state_are_not_located_in_it(kb: KnowledgeBase) -> None:
    located = {(r.args[0], r.args[1]) for r in kb.store.by_pred["located_in"]}
    for place, state in [("hawaii", "united_states"), ("guam", "united_states"),
                         ("canary_islands", "spain"), ("french_guiana", "france")]:
        assert (place, state) not in located


def test_a_question_about_a_subdivision_reaches_covered_territory(kb: KnowledgeBase) -> None:
    scenario = ["event(e1)", "hostilities_in(e1, tavush)", "target(e1, armenia)",
                "armed_attack(e1)", "requested_assistance(armenia, csto, e1)"]
    result = ask(kb, "must_assist(A, armenia, csto, E)", dt.date(2022, 9, 13), assume=scenario)
    assert result.holds
    assert "russia" in {a.bindings["A"] for a in result.answers}
    outside = ask(kb, "must_assist(russia, armenia, csto, e1)", dt.date(2022, 9, 13),
                  assume=[s.replace("tavush", "belgorod_oblast") for s in scenario])
    assert not outside.holds  # Belgorod oblast is Russia's, not Armenia's


def test_disputed_places_carry_every_side_with_sources(kb: KnowledgeBase) -> None:
    for place in DISPUTED:
        claims = [r for r in kb.store.by_pred["claimed_by"] if r.args[0] == place]
        assert len({r.args[1] for r in claims}) >= 2, place
        assert all(r.source in kb.sources for r in claims)
    recognised = {r.args[0] for r in kb.store.by_pred["territory_of"]}
    assert not {"taiwan", "western_sahara", "kosovo"} & recognised


def test_generated_files_are_fresh() -> None:
    pytest.importorskip("countryinfo")
    run = subprocess.run([sys.executable, "-m", "tools.world", "--check"], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


# --- casus check warnings ------------------------------------------------------------------

@pytest.fixture
def small_kb(tmp_path: Path) -> tuple[Path, Path]:
    """Bundled rules, the hand-written entities and sources, and a facts file a test writes."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    facts = tmp_path / "facts"
    facts.mkdir()
    for name in ("entities.yaml", "sources.yaml"):
        shutil.copy(ROOT / "facts" / name, facts / name)
    with (facts / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: t-syunik, title: Syunik province of Armenia}\n"
                "- {id: t-gegharkunik, title: Gegharkunik province of Armenia}\n")
    with (facts / "entities.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: e9, kind: event, label: an event}\n")
    return tmp_path / "rules", facts


def _warnings(dirs: tuple[Path, Path], body: str) -> list[tuple[str, int]]:
    rules, facts = dirs
    (facts / "test.yaml").write_text(body, encoding="utf-8")
    kb = KnowledgeBase.load(rules, facts)
    return [(p.code, p.location.line) for p in audit(kb)
            if Path(p.location.file).name == "test.yaml"]


def test_warns_about_an_event_without_a_date(small_kb: tuple[Path, Path]) -> None:
    assert _warnings(small_kb, "- {fact: event(e9), source: t-syunik}\n") == [
        ("undated-event", 1)]
    assert _warnings(small_kb, "- {fact: event(e9), from: 2022-09-13, source: t-syunik}\n") == []


def test_warns_about_a_source_titled_for_another_place(small_kb: tuple[Path, Path]) -> None:
    wrong = "- {fact: 'territory_of(gegharkunik, armenia)', source: t-syunik}\n"
    right = "- {fact: 'territory_of(gegharkunik, armenia)', source: t-gegharkunik}\n"
    untitled = "- {fact: 'territory_of(gegharkunik, armenia)', source: un-member-states}\n"
    assert _warnings(small_kb, wrong) == [("source-titled-for-another", 1)]
    assert _warnings(small_kb, right) == []
    assert _warnings(small_kb, untitled) == []
