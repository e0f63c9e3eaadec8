"""Articles that report more than one event, and matching events to the knowledge base's."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from casus.api.cli.main import app
from casus.engine.extraction.article import extract
from casus.engine.extraction.events import KnownEvent
from casus.engine.knowledge.facts import load_entities
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
ENTITIES = load_entities(ROOT / "facts" / "entities.yaml")
TWO_EVENTS = (
    "In May 2021, Azerbaijani troops advanced into Vayots Dzor. Armenia had asked the CSTO "
    "for help at the time.\n\n"
    "On 13 September, Azerbaijani forces shelled Armenian positions in Gegharkunik.\n"
)
SEPT_20 = dt.date(2022, 9, 20)


def by_event(text: str, published: dt.date, **kw: object) -> dict[str, set[str]]:
    result = extract(text, ENTITIES, published=published, **kw)  # type: ignore[arg-type]
    events = [result.metadata.event, *(e.id for e in result.metadata.other_events)]
    return {e: {c.fact for c in result.candidates if e in c.args and c.holds} for e in events}


def test_two_events_get_their_own_ids_dates_and_facts() -> None:
    result = extract(TWO_EVENTS, ENTITIES, published=SEPT_20)
    may, september = "vayots_dzor_incursion_2021_05", "gegharkunik_attack_2022_09"
    assert (result.metadata.event, result.metadata.event_start) == (
        september,
        dt.date(2022, 9, 13),
    )
    assert [(e.id, e.start) for e in result.metadata.other_events] == [
        (may, dt.date(2021, 5, 1))
    ]
    facts = by_event(TWO_EVENTS, SEPT_20)
    assert facts[may] == {
        f"event({may})",
        f"attacker({may}, azerbaijan)",
        f"hostilities_in({may}, vayots_dzor)",
        f"requested_assistance(armenia, csto, {may})",  # 'at the time': the May event's
    }
    assert {f"hostilities_in({september}, gegharkunik)", f"event({september})"} <= facts[
        september
    ]
    assert not any("vayots_dzor" in f or "requested" in f for f in facts[september])
    dated = {c.fact: c.valid_from for c in result.candidates}
    assert dated[f"attacker({may}, azerbaijan)"] == dt.date(2021, 5, 1)


def test_an_earlier_event_dated_by_its_year_alone_has_a_year_id() -> None:
    text = (
        "In 2016, Azerbaijani forces shelled Armenian positions in Tavush.\n\n"
        "Azerbaijani forces shelled Armenian positions in Gegharkunik on Tuesday.\n"
    )
    events = set(by_event(text, SEPT_20))
    assert events == {"gegharkunik_attack_2022_09", "tavush_attack_2016"}


def test_with_the_event_given_earlier_events_are_left_out() -> None:
    facts = by_event(TWO_EVENTS, SEPT_20, event="e")
    assert set(facts) == {"e"}
    assert not any("vayots_dzor" in f or "requested" in f for f in facts["e"])


def test_a_sentence_after_an_earlier_one_belongs_to_it_only_when_it_refers_back() -> None:
    text = (
        "In May 2021, Azerbaijani troops advanced into Vayots Dzor. Armenia asked the CSTO "
        "for help on Tuesday.\n"
    )
    facts = by_event(text, SEPT_20)
    assert "requested_assistance(armenia, csto, vayots_dzor_incursion_2021_05)" not in set().union(
        *facts.values()
    )


OPEN_2016 = KnownEvent("karabakh_2016", dt.date(2016, 4, 2), None, frozenset({"azerbaijan"}))
UNDATED = KnownEvent("karabakh_undated", None, None, frozenset({"azerbaijan", "armenia"}))
SEPT_2023 = KnownEvent(
    "karabakh_offensive_2023_09",
    dt.date(2023, 9, 19),
    dt.date(2023, 9, 21),
    frozenset({"azerbaijan", "armenia", "gegharkunik"}),
)
OFFENSIVE = "Azerbaijani forces shelled Armenian positions in Gegharkunik on Tuesday.\n"


@pytest.mark.parametrize(
    ("published", "events", "expected"),
    [
        (dt.date(2023, 9, 20), [OPEN_2016, UNDATED, SEPT_2023], "karabakh_offensive_2023_09"),
        # an open-ended 2016 event or an undated one never swallows a 2023 report
        (dt.date(2023, 9, 20), [OPEN_2016, UNDATED], "gegharkunik_attack_2023_09"),
        # the known event is over before the day reported
        (dt.date(2023, 10, 20), [SEPT_2023], "gegharkunik_attack_2023_10"),
    ],
)
def test_a_known_event_matches_only_when_its_dates_agree(
    published: dt.date, events: list[KnownEvent], expected: str
) -> None:
    result = extract(OFFENSIVE, ENTITIES, published=published, events=events)
    assert result.metadata.event == expected


def test_a_known_event_matches_only_when_its_sides_and_places_agree() -> None:
    other_sides = KnownEvent(
        "kyrgyz_tajik_2023_09", dt.date(2023, 9, 18), None, frozenset({"kyrgyzstan", "tajikistan"})
    )
    other_place = KnownEvent(
        "syunik_2023_09", dt.date(2023, 9, 18), None, frozenset({"azerbaijan", "syunik"})
    )
    result = extract(
        OFFENSIVE, ENTITIES, published=dt.date(2023, 9, 20), events=[other_sides, other_place]
    )
    assert result.metadata.event == "gegharkunik_attack_2023_09"


def test_an_earlier_event_dated_by_month_matches_the_known_event_of_that_month() -> None:
    incursion = KnownEvent(
        "syunik_incursion_2021_05", dt.date(2021, 5, 12), None, frozenset({"azerbaijan", "syunik"})
    )
    text = TWO_EVENTS.replace("Vayots Dzor", "Syunik")
    result = extract(text, ENTITIES, published=SEPT_20, events=[incursion])
    assert [e.id for e in result.metadata.other_events] == ["syunik_incursion_2021_05"]


def test_cli_write_adds_every_new_event(tmp_path: Path) -> None:
    facts_dir = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts_dir)
    cases = (ROOT / "facts" / "cases_csto.yaml").read_text(encoding="utf-8")
    article = tmp_path / "two.txt"
    article.write_text("Published: 20 September 2022\n\n" + TWO_EVENTS, encoding="utf-8")
    target = facts_dir / "extracted.yaml"
    out = CliRunner().invoke(
        app, ["extract", str(article), "--facts", str(facts_dir), "--write", str(target)]
    )
    assert out.exit_code == 0, out.output
    entities = load_entities(facts_dir / "entities.yaml")
    assert entities["vayots_dzor_incursion_2021_05"].kind == "event"
    assert "2021-05-01" in entities["vayots_dzor_incursion_2021_05"].label
    # September's shelling is the knowledge base's event of that month: nothing to add
    assert "gegharkunik_attack_2022_09" not in entities
    written = target.read_text(encoding="utf-8")
    assert "attacker(vayots_dzor_incursion_2021_05, azerbaijan)" in written
    # the known facts it confirms gain the source in the copy, never in the project's files
    assert "Gegharkunik" in (facts_dir / "cases_csto.yaml").read_text(encoding="utf-8")
    assert (ROOT / "facts" / "cases_csto.yaml").read_text(encoding="utf-8") == cases
    listed = CliRunner().invoke(app, ["extract", str(article), "--format", "json"])
    assert json.loads(listed.output)[0]["metadata"]["other_events"][0]["id"] == (
        "vayots_dzor_incursion_2021_05"
    )


def test_a_retaliation_is_an_event_of_its_own_even_beside_a_known_event() -> None:
    strike = KnownEvent(
        "idlib_2020_02", dt.date(2020, 2, 27), None, frozenset({"syria", "turkey", "idlib"})
    )
    text = (
        "Syrian forces shelled Turkish positions in Idlib on Thursday. Envoys met at the "
        "request of Turkey, which says it has retaliated by attacking Syrian army positions.\n"
    )
    result = extract(text, ENTITIES, published=dt.date(2020, 2, 28), events=[strike])
    assert result.metadata.event == "idlib_2020_02"
    [reply] = [e.id for e in result.metadata.other_events]
    facts = {c.fact for c in result.candidates if c.holds}
    assert {f"attacker({reply}, turkey)", f"target({reply}, syria)", f"event({reply})"} <= facts
    assert {"attacker(idlib_2020_02, syria)", "target(idlib_2020_02, turkey)"} <= facts
    assert "attacker(idlib_2020_02, turkey)" not in facts
    # without words of retaliation, an attack by the side attacked is the same event's
    unprovoked = text.replace("retaliated by attacking", "attacked")
    plain = extract(unprovoked, ENTITIES, published=dt.date(2020, 2, 28))
    assert plain.metadata.other_events == []


def test_fighting_between_other_sides_is_another_event() -> None:
    text = (
        "Azerbaijani forces shelled Armenian positions in Gegharkunik on Tuesday. Separately, "
        "Tajik troops attacked Kyrgyz border posts in Batken on Wednesday. Kyrgyzstan accused "
        "Tajikistan of shelling the airport. Armenia asked the CSTO for help.\n"
    )
    facts = by_event(text, SEPT_20)
    assert set(facts) == {"gegharkunik_attack_2022_09", "batken_region_attack_2022_09"}
    batken = facts["batken_region_attack_2022_09"]
    assert {
        "attacker(batken_region_attack_2022_09, tajikistan)",
        "target(batken_region_attack_2022_09, kyrgyzstan)",
        "hostilities_in(batken_region_attack_2022_09, batken_region)",
    } <= batken
    gegharkunik = facts["gegharkunik_attack_2022_09"]
    assert "requested_assistance(armenia, csto, gegharkunik_attack_2022_09)" in gegharkunik
    assert not any("kyrgyzstan" in f or "tajikistan" in f for f in gegharkunik)


def test_one_more_side_under_fire_stays_in_the_reported_event() -> None:
    text = (
        "Azerbaijani forces shelled Armenian positions in Gegharkunik on Tuesday. "
        "Russian peacekeepers came under fire near Syunik.\n"
    )
    facts = by_event(text, SEPT_20)
    assert set(facts) == {"gegharkunik_attack_2022_09"}
    assert "target(gegharkunik_attack_2022_09, russia)" in facts["gegharkunik_attack_2022_09"]
