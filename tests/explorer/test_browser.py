"""The explorer in a real browser: the seed case, what-if toggles, shared URLs, the rules
browser and entity timelines, with screenshots at laptop and phone widths."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.sync_api import Page, expect

from tests.explorer.support import PHONE

SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"
SYUNIK = "hostilities_in(karabakh_war_2020, syunik)"
REQUEST = "requested_assistance(armenia, csto, karabakh_war_2020)"
NOT_COVERED = "covered_territory(csto, armenia, nagorno_karabakh)"


def scenario_url(**params: str | list[str]) -> str:
    return "/?" + urlencode(params, doseq=True)


def url_params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def assume(page: Page, kind: str, **names: str) -> None:
    """Assume a fact as a sentence: its kind, then each name typed as a reader would."""
    page.get_by_label("Kind of fact").select_option(kind)
    for role, name in names.items():
        page.locator("#pick-args").get_by_label(role, exact=True).fill(name)
    page.get_by_role("button", name="Assume", exact=True).click()


def assume_datalog(page: Page, fact: str) -> None:
    """Assume a fact typed as Datalog (the box shows with "Show as Datalog")."""
    page.get_by_label("Show as Datalog").check()
    page.get_by_label("Fact to assume").fill(fact)
    page.get_by_role("button", name="Assume as Datalog").click()


def test_seed_case_then_syunik_what_if(page: Page, screenshots: Path) -> None:
    """The issue's walk-through: ask the Karabakh question as of 2020-10-07, read "No" and
    the territorial reason, assume hostilities in Syunik and a request, see "Yes"."""
    page.goto("/")
    page.get_by_label("Question", exact=True).select_option("must_assist")
    page.get_by_label("ally", exact=True).select_option("russia")
    page.get_by_label("victim", exact=True).select_option("armenia")
    page.get_by_label("treaty", exact=True).select_option("csto")
    page.get_by_label("event", exact=True).select_option("karabakh_war_2020")
    page.get_by_label("As of").fill("2020-10-07")
    expect(page.get_by_label("Query")).to_have_value(SEED)
    page.get_by_role("button", name="Ask", exact=True).click()

    verdict = page.locator("#verdict")
    expect(verdict).to_have_text("No")
    expect(page.locator("#summary")).to_contain_text(
        "Nagorno-Karabakh is not internationally recognised as territory of Armenia"
    )
    failed = page.locator(f'.node.fails[data-atom="{NOT_COVERED}"]').first
    expect(failed).to_be_visible()
    expect(page.locator(f'#suggestions [data-atom="{REQUEST}"]').first).to_contain_text(
        "Armenia requested assistance under the CSTO"
    )
    assert url_params(page)["query"] == [SEED]
    assert url_params(page)["as_of"] == ["2020-10-07"]
    page.screenshot(path=screenshots / "seed-no-laptop.png", full_page=True)

    assume(page, "hostilities_in", place="Syunik")
    expect(page.get_by_role("checkbox", name="took place in Syunik")).to_be_checked()
    expect(verdict).to_have_text("No")
    assume(page, "requested_assistance", state="armenia")

    expect(verdict).to_have_text("Yes")
    expect(page.locator("#verdict-change")).to_contain_text("was No")
    expect(page.locator("#summary")).to_contain_text("Russia is obliged to assist Armenia")
    expect(page.locator(".node.added").first).to_be_visible()
    expect(page.locator(f'#removed-nodes [data-atom="{REQUEST}"]')).to_contain_text("(failed)")
    expect(page.locator(f'.node.kind-assumed[data-atom="{REQUEST}"]')).to_have_count(1)
    assert sorted(url_params(page)["assume"]) == sorted([SYUNIK, REQUEST])
    page.screenshot(path=screenshots / "syunik-yes-laptop.png", full_page=True)

    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "syunik-yes-phone.png", full_page=True)
    page.goto(scenario_url(query=SEED, as_of="2020-10-07"))
    expect(verdict).to_have_text("No")
    page.screenshot(path=screenshots / "seed-no-phone.png", full_page=True)


def test_shared_url_restores_the_scenario_and_toggles_retract(page: Page) -> None:
    """A scenario opened from its URL is answered at once; unticking a fact retracts it,
    ticking it again restores it, and the browser's back button returns to the last state."""
    page.goto(scenario_url(query=SEED, as_of="2020-10-07", assume=[SYUNIK, REQUEST]))
    verdict = page.locator("#verdict")
    expect(verdict).to_have_text("Yes")

    party = page.get_by_role("checkbox", name="Armenia is a party to the CSTO")
    expect(party).to_be_checked()
    party.uncheck()
    expect(verdict).to_have_text("No")
    assert url_params(page)["retract"] == ["party(armenia, csto)"]
    expect(page.locator('.node.fails[data-atom="party(armenia, csto)"]').first).to_be_visible()

    page.get_by_role("checkbox", name="Armenia is a party to the CSTO").check()
    expect(verdict).to_have_text("Yes")
    assert "retract" not in url_params(page)

    page.go_back()
    expect(verdict).to_have_text("No")
    assert url_params(page)["retract"] == ["party(armenia, csto)"]


def test_would_hold_if_suggestion_is_one_click(page: Page) -> None:
    """Assuming a would-hold-if set makes the question hold."""
    page.goto(scenario_url(query=SEED, as_of="2020-10-07"))
    expect(page.locator("#verdict")).to_have_text("No")
    page.locator("#suggestions button").first.click()
    expect(page.locator("#verdict")).to_have_text("Yes")
    assert REQUEST in url_params(page)["assume"]


def test_suggestion_restores_a_retracted_fact_instead_of_assuming_it(page: Page) -> None:
    """A would-hold-if set naming a retracted fact un-retracts it."""
    russia = "party(russia, csto)"
    page.goto(scenario_url(query=SEED, as_of="2020-10-07", assume=[SYUNIK], retract=[russia]))
    expect(page.locator("#verdict")).to_have_text("No")
    page.locator("#suggestions > li", has_text="Russia is a party").get_by_role("button").click()
    expect(page.locator("#verdict")).to_have_text("Yes")
    params = url_params(page)
    assert "retract" not in params
    assert sorted(params["assume"]) == sorted([SYUNIK, REQUEST])


def test_keyboard_ask_and_collapse(page: Page) -> None:
    """Typing a query and pressing Enter asks it; a tree node folds with the keyboard; Space
    on a fact's checkbox takes the fact out of the scenario."""
    page.goto("/")
    page.get_by_label("Show as Datalog").check()
    page.get_by_label("As of").fill("2020-10-07")
    page.get_by_label("Query").fill("must_consult(csto, karabakh_war_2020)")
    page.get_by_label("Query").press("Enter")
    expect(page.locator("#verdict")).to_have_text("No")
    top = page.locator("#answers details.node").first
    expect(top).to_have_attribute("open", "")
    top.locator("summary").first.focus()
    page.keyboard.press("Enter")
    expect(top).not_to_have_attribute("open", "")

    page.goto(scenario_url(query=SEED, as_of="2020-10-07", assume=[SYUNIK, REQUEST]))
    expect(page.locator("#verdict")).to_have_text("Yes")
    page.get_by_role("checkbox", name="Armenia requested assistance").focus()
    page.keyboard.press("Space")
    expect(page.locator("#verdict")).to_have_text("No")
    assert sorted(url_params(page)["assume"]) == [SYUNIK]


def test_bad_input_shows_the_problem_and_a_way_back(page: Page) -> None:
    """An unknown predicate is reported with its message, the stale verdict is cleared, and
    one click returns to the last good scenario; a malformed assumption is caught before it
    is sent, and the answer stays."""
    page.goto(scenario_url(query="must_asist(russia, armenia, csto, E)", as_of="2020-10-07"))
    errors = page.locator("#ask-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("must_asist")

    page.goto(scenario_url(query=SEED, as_of="2020-10-07"))
    expect(page.locator("#verdict")).to_have_text("No")
    assume_datalog(page, "hostilities_in(karabakh_war_2020)")
    expect(page.locator("#assume-errors")).to_contain_text("takes 2 names (event, place), not 1")
    expect(page.locator("#verdict")).to_have_text("No")
    assert "assume" not in url_params(page)

    page.get_by_label("Query").fill("must_asist(russia, armenia, csto, E)")
    page.get_by_label("Query").press("Enter")
    expect(errors).to_contain_text("must_asist")
    expect(page.locator("#verdict-bar")).to_be_hidden()
    expect(page.locator("#answers")).to_be_empty()
    errors.get_by_role("button", name="Back to the previous scenario").click()
    expect(page.locator("#verdict")).to_have_text("No")
    expect(errors).to_be_hidden()
    assert "assume" not in url_params(page)


def test_every_control_has_a_label(page: Page) -> None:
    """Screen readers can name every input, select and button on the ask view."""
    page.goto(scenario_url(query=SEED, as_of="2020-10-07"))
    expect(page.locator("#verdict")).to_have_text("No")
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input, select, button')]
             .filter((el) => !el.closest('[hidden]'))
             .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                             && !el.textContent.trim())
             .map((el) => el.outerHTML)"""
    )
    assert unnamed == []
    expect(page.locator("#verdict-region")).to_have_attribute("aria-live", "polite")


def test_diagram_is_drawn(page: Page, screenshots: Path) -> None:
    """Opening the diagram draws the explanation with the vendored Mermaid."""
    page.goto(scenario_url(query=SEED, as_of="2020-10-07"))
    expect(page.locator("#verdict")).to_have_text("No")
    page.get_by_text("Diagram of the explanation").click()
    expect(page.locator("#diagram svg")).to_be_visible()
    expect(page.locator("#diagram svg")).to_contain_text("covered_territory")
    page.locator("#diagram-box").screenshot(path=screenshots / "diagram-laptop.png")
    fitted = page.locator("#diagram svg").bounding_box()
    page.get_by_role("button", name="Actual size").click()
    expect(page.get_by_role("button", name="Actual size")).to_have_attribute("aria-pressed", "true")
    actual = page.locator("#diagram svg").bounding_box()
    assert fitted is not None and actual is not None
    assert actual["width"] > fitted["width"]


def test_rule_link_opens_rule_with_treaty_text(page: Page, screenshots: Path) -> None:
    """A rule id in the explanation leads to the rule beside its treaty article."""
    page.goto(scenario_url(query=SEED, as_of="2020-10-07"))
    expect(page.locator("#verdict")).to_have_text("No")
    page.locator('#answers a.rule-id[href$="#rule-csto.art4.assist"]').first.click()
    rule = page.locator('[id="rule-csto.art4.assist"]')
    expect(rule).to_be_visible()
    expect(rule).to_contain_text("Collective Security Treaty, Art. 4")
    expect(rule).to_contain_text("must_assist(A, V, csto, E)")
    assert url_params(page)["view"] == ["rules"]
    assert url_params(page)["query"] == [SEED]
    page.get_by_label("Filter rules").press_sequentially("consultations")
    expect(page.get_by_label("Filter rules")).to_be_focused()
    consult = page.locator('[id="rule-csto.art2"]')
    expect(consult.locator("blockquote.treaty")).to_contain_text("mechanism of joint consultations")
    expect(page.locator('[id="rule-csto.art4.assist"]')).to_have_count(0)
    page.screenshot(path=screenshots / "rules-laptop.png")
    page.get_by_label("Filter rules").fill("")
    page.get_by_role("link", name="Ask").click()
    expect(page.locator("#verdict")).to_have_text("No")


def test_entity_timeline(page: Page, screenshots: Path) -> None:
    """An entity's facts over time: Armenia's CSTO membership drawn from 1994."""
    page.goto("/?view=entities")
    page.get_by_label("Find an entity").fill("AM")
    page.get_by_role("button", name="Search").click()
    page.locator("#entity-results").get_by_role("link", name="Armenia", exact=True).click()
    row = page.locator('.tl-row[data-atom="party(armenia, csto)"]')
    expect(row).to_contain_text("Armenia is a party to the CSTO")
    expect(row).to_contain_text("from 20 April 1994")
    expect(row.locator(".tl-bar")).to_be_visible()
    assert url_params(page)["entity"] == ["armenia"]
    page.screenshot(path=screenshots / "entity-armenia-laptop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "entity-armenia-phone.png", full_page=True)


def test_examples_open_the_seed_case_and_its_what_if(page: Page) -> None:
    """A newcomer can start from the examples under the form."""
    page.goto("/")
    page.get_by_role("link", name="did the CSTO oblige Russia").click()
    expect(page.locator("#verdict")).to_have_text("No")
    page.get_by_role("link", name="had the fighting been in Syunik").click()
    expect(page.locator("#verdict")).to_have_text("Yes")
    assert sorted(url_params(page)["assume"]) == sorted([SYUNIK, REQUEST])


def test_timeline_shows_where_sources_disagree(page: Page) -> None:
    """A fact with a disputing source gets a second, hatched bar with that source's dating."""
    page.goto("/?view=entities&entity=georgia")
    row = page.locator('.tl-row[data-atom="party(georgia, csto)"]')
    expect(row.locator(".tl-claim")).to_contain_text("Disputed: Организация Договора")
    expect(row.locator(".tl-bar.disputed")).to_be_visible()


def test_open_question_lists_every_binding(page: Page) -> None:
    """A question with a variable lists each binding with its proof, the first one open."""
    query = "must_assist(A, armenia, csto, karabakh_war_2020)"
    page.goto(scenario_url(query=query, as_of="2020-10-07", assume=[SYUNIK, REQUEST]))
    expect(page.locator("#verdict")).to_have_text("Yes")
    expect(page.locator("#answers .binding", has_text="for Russia")).to_have_count(1)
    trees = page.locator("#answers > .tree > details.node")
    assert trees.count() >= 2
    expect(trees.first).to_have_attribute("open", "")
    expect(trees.nth(1)).not_to_have_attribute("open", "")
    expect(page.locator("#suggestions")).to_contain_text("It already holds.")
