"""The explorer as a new student uses it, at laptop and phone widths: the seed case in plain
English, a new event built with the event builder (9/11), and the map of where NATO's
guarantee reaches in 1960 and 2024. Every step is photographed at both widths into
artifacts/screenshots/ and checked for horizontal overflow at 390 px."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.explorer.support import PHONE, both_widths, overflow

SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"


def url_params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_seed_walkthrough_in_plain_english(page: Page, screenshots: Path) -> None:
    """The start says what the page is for and proposes the seed case as of 7 October 2020
    with no empty answer panels; the answer is in sentences (no Datalog) with the decisive
    fact's source; one click on a would-hold-if set flips it, keeping focus on the verdict."""
    page.goto("/")
    expect(page.locator(".purpose")).to_contain_text("Did a treaty oblige one state to help")
    expect(page.get_by_label("As of")).to_have_value("2020-10-07")
    expect(page.locator("#as-of-words")).to_have_text("7 October 2020")
    expect(page.get_by_label("victim", exact=True)).to_have_value("armenia")
    expect(page.locator("#verdict-bar")).to_be_hidden()
    expect(page.locator("#answer-grid")).to_be_hidden()
    both_widths(page, screenshots, "01-start")

    page.get_by_role("button", name="Ask", exact=True).click()
    verdict = page.locator("#verdict")
    expect(verdict).to_have_text("No")
    summary = page.locator("#summary")
    expect(summary).to_contain_text("As of 7 October 2020, Russia is not obliged to assist Armenia")
    expect(summary).to_contain_text("It would hold if hostilities in the 2020 Nagorno-Karabakh war")
    text = summary.text_content() or ""
    assert not re.search(r"[a-z_]+\([a-z_]", text) and "_" not in text, "the summary shows code"
    instead = page.locator(".instead").first
    expect(instead).to_contain_text("internationally recognised as territory of Azerbaijan")
    source = instead.get_by_role("link", name="UN Security Council Resolution 874")
    expect(source).to_have_attribute("href", re.compile(r"^https?://"))
    expect(page.locator("#answers code.atom").first).to_be_hidden()
    expect(page.locator("#meta")).to_be_hidden()  # timings and versions only as Datalog
    both_widths(page, screenshots, "02-seed-no", phone_at="#suggestions button")

    page.get_by_label("Show as Datalog").check()
    expect(page.locator("#answers code.atom").first).to_be_visible()
    page.get_by_label("Show as Datalog").uncheck()

    syunik = page.locator("#suggestions > li", has_text="took place in Syunik")
    syunik.get_by_role("button", name="Assume these 2").click()
    expect(verdict).to_have_text("Yes")
    expect(verdict).to_be_focused()
    expect(page.locator("#verdict-change")).to_contain_text("was No")
    both_widths(page, screenshots, "03-syunik-yes", phone_at="#fact-toggles")


def test_verdict_stays_in_view_on_a_phone(page: Page) -> None:
    """At 390 px the verdict sticks to the top while the what-if controls are worked."""
    page.set_viewport_size(PHONE)
    page.goto(f"/?query={SEED}&as_of=2020-10-07")
    expect(page.locator("#verdict")).to_have_text("No")
    page.locator("#suggestions button").first.scroll_into_view_if_needed()
    box = page.locator("#verdict").bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"], box
    page.locator("#suggestions > li", has_text="took place in Syunik").get_by_role("button").click()
    expect(page.locator("#verdict")).to_have_text("Yes")
    box = page.locator("#verdict").bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"], box


def test_form_and_answer_never_drift(page: Page) -> None:
    """A changed date marks the shown answer out of date; switching questions keeps the ally
    and the victim different; a typed query the choices cannot show turns them off."""
    page.goto(f"/?query={SEED}&as_of=2020-10-07")
    expect(page.locator("#verdict")).to_have_text("No")
    page.get_by_label("As of").fill("2024-03-07")
    expect(page.locator("#stale-note")).to_be_visible()
    expect(page.locator("#as-of-words")).to_have_text("7 March 2024")
    page.get_by_label("As of").fill("2020-10-07")
    expect(page.locator("#stale-note")).to_be_hidden()

    page.get_by_label("Question", exact=True).select_option("must_consult")
    expect(page.locator("#stale-note")).to_be_visible()
    expect(page.get_by_label("treaty", exact=True)).to_have_value("csto")  # kept by kind
    page.get_by_label("Question", exact=True).select_option("must_assist")
    ally = page.get_by_label("ally", exact=True).input_value()
    assert ally != page.get_by_label("victim", exact=True).input_value()

    page.get_by_label("Show as Datalog").check()
    page.get_by_label("Query").fill("must_assist(Russia, Armenia, CSTO, E)")  # names, any case
    page.get_by_label("Query").press("Enter")
    expect(page.locator("#verdict")).to_have_text("No")
    assert url_params(page)["query"] == ["must_assist(russia, armenia, csto, E)"]
    page.get_by_label("Query").fill("party(armenia, csto)")
    expect(page.locator("#form-note")).to_contain_text("the choices above do not apply")
    expect(page.get_by_label("Question", exact=True)).to_be_disabled()


def test_assumed_names_are_checked_and_suggested(page: Page) -> None:
    """Names are matched whatever their case ("Syunik" is a place, not a variable); a
    misspelled name is refused with suggestions, and plain English in the Datalog box gets
    a plain message; nothing is assumed silently and the answer stays."""
    page.goto(f"/?query={SEED}&as_of=2020-10-07")
    expect(page.locator("#verdict")).to_have_text("No")
    page.get_by_label("Kind of fact").select_option("hostilities_in")
    place = page.locator("#pick-args").get_by_label("place", exact=True)
    place.fill("syunik_provnce")
    page.get_by_role("button", name="Assume", exact=True).click()
    errors = page.locator("#pick-errors")
    expect(errors).to_contain_text("No state or place is called “syunik_provnce”")
    errors.get_by_role("button", name="Syunik").click()
    expect(place).to_have_value("Syunik")
    expect(page.locator("#verdict")).to_have_text("No")
    assert "assume" not in url_params(page)

    page.get_by_label("Show as Datalog").check()
    page.get_by_label("Fact to assume").fill("the fighting was in Syunik")
    page.get_by_role("button", name="Assume as Datalog").click()
    expect(page.locator("#assume-errors")).to_contain_text("Write a fact as name(argument, …)")
    expect(page.locator("#assume-errors")).not_to_contain_text("__ANON")
    page.get_by_label("Fact to assume").fill("hostilities_in(karabakh_war_2020, Syunik)")
    page.get_by_role("button", name="Assume as Datalog").click()
    expect(page.locator("#fact-toggles")).to_contain_text("took place in Syunik")
    assert url_params(page)["assume"] == ["hostilities_in(karabakh_war_2020, syunik)"]


def test_september_11_built_with_the_event_builder(page: Page, screenshots: Path) -> None:
    """A new event described in words (an attack by a non-state group on the United States,
    11 September 2001) becomes the scenario's facts; the URL keeps it; every other NATO
    party must assist."""
    page.goto("/")
    page.get_by_text("A new event").click()
    page.get_by_label("Name of the event").fill("September 11 attacks")
    page.get_by_label("When (year-month-day)").fill("2001-09-12")
    page.get_by_label("Which state was attacked").fill("United States")
    page.get_by_label("Where (a state or place)").fill("the united states")
    page.get_by_label("Who attacked").select_option("nonstate")
    page.get_by_label("Under which treaty").select_option("nato")
    both_widths(page, screenshots, "04-event-builder", phone_at="#ev-treaty")
    page.get_by_role("button", name="Ask who must assist").click()

    expect(page.locator("#verdict")).to_have_text("Yes")
    expect(page.locator("#summary")).to_contain_text(
        "each of these is obliged to assist the United States under NATO"
    )
    expect(page.locator("#summary")).to_contain_text("Belgium, Canada, Czechia")
    params = url_params(page)
    assert params["query"] == ["must_assist(A, united_states, nato, september_11_attacks)"]
    assert params["as_of"] == ["2001-09-12"]
    assert "non_state_attacker(september_11_attacks)" in params["assume"]
    assert "hostilities_in(september_11_attacks, united_states)" in params["assume"]
    expect(page.locator("#answers .binding", has_text="for Canada")).to_have_count(1)
    expect(page.locator("#answers .binding", has_text="for the United States")).to_have_count(0)
    both_widths(page, screenshots, "05-september-11", phone_at="#answers .binding")

    page.reload()  # the link alone brings the event back, in the builder too
    expect(page.locator("#verdict")).to_have_text("Yes")
    expect(page.get_by_label("Which state was attacked")).to_have_value("the United States")
    expect(page.get_by_label("Who attacked")).to_have_value("nonstate")


def test_event_builder_refuses_unknown_names(page: Page) -> None:
    page.goto("/")
    page.get_by_text("A new event").click()
    page.get_by_label("When (year-month-day)").fill("2022-01-05")
    page.get_by_label("Which state was attacked").fill("Kazakstan")
    page.get_by_role("button", name="Ask who must assist").click()
    errors = page.locator("#event-errors")
    expect(errors).to_contain_text("nothing in the knowledge base is called “Kazakstan”")
    expect(errors.get_by_role("button", name="Kazakhstan")).to_be_visible()
    expect(page.locator("#verdict-bar")).to_be_hidden()


def map_row(page: Page, entity: str):  # type: ignore[no-untyped-def]
    return page.locator(f'#map-table tr[data-id="{entity}"]')


def test_map_of_nato_in_1960_and_2024(page: Page, screenshots: Path) -> None:
    """NATO in 1960: fifteen parties, the Algerian departments covered; in 2024: Sweden a
    party, Algeria gone; clicking the United States asks who must assist after an attack."""
    page.goto("/?view=map&treaty=nato&as_of=1960-01-01")
    world = page.locator("#map")
    expect(world).to_have_attribute("data-drawn", "nato 1960-01-01")
    expect(page.locator("#map-table caption")).to_have_text("NATO on 1 January 1960: 15 parties")
    expect(map_row(page, "turkey")).to_contain_text("party")
    expect(map_row(page, "algerian_departments")).to_contain_text("covered by the clause")
    expect(map_row(page, "sweden")).to_have_count(0)
    expect(page.locator('#map path.country.party[data-iso="792"]')).to_have_count(1)  # Turkey
    expect(page.locator('#map path.country.party[data-iso="752"]')).to_have_count(0)  # Sweden
    both_widths(page, screenshots, "06-map-nato-1960", phone_at="#map")

    page.get_by_label("Date (year-month-day)").fill("2024-03-07")
    expect(world).to_have_attribute("data-drawn", "nato 2024-03-07")
    assert url_params(page)["as_of"] == ["2024-03-07"]
    expect(map_row(page, "sweden")).to_contain_text("its territory is covered")
    expect(map_row(page, "algerian_departments")).to_have_count(0)
    expect(page.locator('#map path.country.party[data-iso="752"]')).to_have_count(1)
    # the United States' shape (with Alaska and Hawaii) has Canada at its centre: click it
    # where it is, by dispatching the click on the shape itself
    page.locator('#map path[data-iso="840"]').dispatch_event("click")
    answer = page.locator("#map-answer")
    expect(answer).to_contain_text("An armed attack on the United States on 7 March 2024")
    expect(answer).to_contain_text("The clause applies: 31 parties must assist.")
    expect(answer).to_contain_text("Sweden")
    both_widths(page, screenshots, "07-map-nato-2024", phone_at="#map-answer")

    answer.get_by_role("link", name="Open the full explanation").click()
    expect(page.locator("#verdict")).to_have_text("Yes")


def test_map_slider_and_table_for_places(page: Page) -> None:
    """The year slider redraws the map; a place in the table can be asked about."""
    page.goto("/?view=map&treaty=nato&as_of=2024-03-07")
    expect(page.locator("#map")).to_have_attribute("data-drawn", "nato 2024-03-07")
    page.get_by_role("slider", name="Year").fill("1955")
    expect(page.locator("#map")).to_have_attribute("data-drawn", "nato 1955-01-01")
    expect(page.locator("#map-table caption")).to_contain_text("1 January 1955: 14 parties")
    page.get_by_role("slider", name="Year").fill("2024")
    map_row(page, "canary_islands").get_by_role("button").click()
    expect(page.locator("#map-answer")).to_contain_text("The clause applies")


def test_rules_filter_and_phone_layout(page: Page, screenshots: Path) -> None:
    """"Article 4" finds the rules citing Art. 4; no view overflows at 390 px."""
    page.goto("/?view=rules")
    page.get_by_label("Filter rules").fill("Article 4")
    expect(page.locator('[id="rule-csto.art4.assist"]')).to_be_visible()
    expect(page.locator('[id="rule-nato.art4"]')).to_be_visible()
    expect(page.locator('[id="rule-nato.art5.casus"]')).to_have_count(0)
    both_widths(page, screenshots, "08-rules-article-4", phone_at='[id="rule-csto.art4.assist"]')
    for view in ["entities&entity=armenia", "rules"]:
        page.set_viewport_size(PHONE)
        page.goto(f"/?view={view}&as_of=2020-10-07")
        page.wait_for_timeout(500)
        assert overflow(page) == 0, view


def test_only_the_treatys_interpretations_are_offered(page: Page) -> None:
    """The CSTO officials' readings are offered on a CSTO question, not on a NATO one."""
    page.goto(f"/?query={SEED}&as_of=2020-10-07")
    expect(page.locator("#verdict")).to_have_text("No")
    expect(page.get_by_role("checkbox", name="no request, no assistance")).to_have_count(1)
    nato = "must_assist(canada, united_states, nato, september_11_attacks)"
    facts = ["armed_attack(september_11_attacks)", "target(september_11_attacks, united_states)"]
    page.goto(f"/?query={nato}&as_of=2001-09-12" + "".join(f"&assume={f}" for f in facts))
    expect(page.locator("#verdict")).to_have_text("No")
    expect(page.get_by_role("checkbox", name="no request, no assistance")).to_have_count(0)
    expect(page.locator("#interpretations")).to_contain_text("the answer follows the text")


def test_play_runs_membership_from_1949(page: Page) -> None:
    """Play starts from 1949 (when at today) and steps a year at a time; Pause stops it."""
    page.goto("/?view=map&treaty=nato")
    play = page.get_by_role("button", name="Play")
    expect(page.locator("#map")).to_have_attribute("data-drawn", re.compile(r"^nato \d{4}"))
    play.click()
    expect(page.locator("#map")).to_have_attribute("data-drawn", "nato 1950-01-01")
    expect(page.locator("#map-table caption")).to_contain_text("1 January 1950: 12 parties")
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_have_attribute("aria-pressed", "false")
