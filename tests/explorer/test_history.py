"""History: the casebook's cases with its overall figures on top; the Kazakhstan January 2022
case opened from the list shows the treaty text's verdict, each interpretation's verdict and
what actually happened, side by side, in plain English with sources linked. Every step is
photographed at both widths into artifacts/screenshots/ and checked for overflow at 390 px."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.explorer.support import LAPTOP, PHONE, both_widths, overflow, url_params

KAZAKHSTAN = "csto.kazakhstan_unrest_2022_01"
CODE = re.compile(r"[a-z]+_[a-z_]+|[a-z_]+\([A-Za-z_]")  # an id or an atom shown as text


def casebook(page: Page) -> Any:
    """The casebook as the API gives it: the figures the view must show."""
    response = page.request.get("/v1/cases")
    assert response.ok, response.text()
    return response.json()


def label(page: Page, entity: str) -> str:
    response = page.request.get(f"/v1/entities/{entity}")
    assert response.ok, response.text()
    text: str = response.json()["label"]
    return text


def plain(locator: Locator) -> str:
    """The visible text of a part of the page, checked for ids and Datalog."""
    text = locator.inner_text()
    assert not CODE.search(text), f"code shown to the reader: {CODE.search(text)}"
    return text


def phone_at(page: Page, screenshots: Path, name: str, at: Locator) -> None:
    """One more phone screen of a step: scrolled to `at`, with nothing overflowing."""
    page.set_viewport_size(PHONE)
    at.scroll_into_view_if_needed()
    assert overflow(page) == 0, f"{name}: the page overflows sideways at 390 px"
    page.screenshot(path=screenshots / f"{name}-phone.png")
    page.set_viewport_size(LAPTOP)


def test_kazakhstan_2022_from_history(page: Page, screenshots: Path) -> None:
    """History tab: the figures on top match the casebook; one click on the Kazakhstan case
    shows the text's verdicts, each CSTO interpretation's and what the allies did (dated,
    sourced), side by side on a laptop; the link reopens it; it opens as a what-if."""
    book = casebook(page)
    figures = book["figures"]
    page.goto("/")
    page.get_by_role("navigation", name="Views").get_by_role("link", name="History").click()
    box = page.locator("#history-figures")
    expect(box).to_contain_text(f"{figures['cases']} real cases")
    expect(box.locator('[data-figure="text"]')).to_have_text(
        f"{figures['text_predicts']} of {figures['cases']}"
    )
    assist = figures["text_by_question"]["must_assist"]
    expect(box).to_contain_text(f"Were the allies obliged to assist? The text is right in {assist}")
    box.get_by_text("Each interpretation’s score").click()
    for name, score in figures["by_interpretation"].items():
        wanted = f"{label(page, name)}: {score} of {figures['cases']}"
        expect(box).to_contain_text(re.compile(re.escape(wanted), re.IGNORECASE))
    rows = page.locator("#history-list .case-row")
    expect(rows).to_have_count(figures["cases"])
    row = page.locator(f'.case-row[data-case="{KAZAKHSTAN}"]')
    expect(row).to_contain_text("6 January 2022")
    expect(row).to_contain_text("The CSTO")
    expect(row).to_contain_text("The January 2022 unrest in Kazakhstan")
    expect(row).to_contain_text("Assisted")
    plain(page.locator("#view-history"))
    both_widths(page, screenshots, "09-history-figures")
    phone_at(page, screenshots, "09-history-cases", row)

    row.get_by_role("link").click()
    case = page.locator("#history-case")
    expect(case.locator("#case-title")).to_have_text(
        "The January 2022 unrest in Kazakhstan under the CSTO"
    )
    expect(case.locator("#case-title")).to_be_focused()
    assert url_params(page)["view"] == ["history"]
    assert url_params(page)["case"] == [KAZAKHSTAN]
    expect(case).to_contain_text("Asked as of 6 January 2022")
    expect(case).to_contain_text("The treaty text and every interpretation predict what")

    text = case.locator('[data-reading="text"]')
    assist_verdict = text.locator('[data-question="must_assist"]')
    expect(assist_verdict.locator(".verdict-cell")).to_have_text("Yes")
    expect(assist_verdict).to_contain_text(
        "Yes, as of 6 January 2022, each of these is obliged to assist Kazakhstan under the "
        "CSTO over the January 2022 unrest in Kazakhstan: Armenia, Belarus, Kyrgyzstan, "
        "Russia, Tajikistan (5)."
    )
    consult = text.locator('[data-question="must_consult"]')
    expect(consult.locator(".verdict-cell")).to_have_text("Yes")
    expect(consult).to_contain_text("the parties to the CSTO must consult")
    expect(text.locator(".badge.match")).to_have_count(2)

    readings = case.locator('[data-reading="interpretations"] [data-interpretation]')
    report = page.request.get(f"/v1/cases/{KAZAKHSTAN}").json()
    names = [r["interpretation"] for r in report["readings"][1:]]
    assert "no_request_no_assistance" in names
    expect(readings).to_have_count(len(names))
    for name in names:
        reading = case.locator(f'[data-interpretation="{name}"]')
        expect(reading).to_contain_text(re.compile(re.escape(label(page, name)), re.IGNORECASE))
        expect(reading.locator(".verdict-cell")).to_have_text(["Yes", "Yes"])
        expect(reading).to_contain_text("Same verdicts as the treaty text.")

    happened = case.locator('[data-reading="happened"]')
    expect(happened.locator('[data-question="must_assist"] .verdict-cell')).to_have_text("Yes")
    expect(happened.locator('[data-question="must_consult"] .verdict-cell')).to_have_text("Yes")
    invoked = happened.locator('.record[data-kind="invoked"]')
    expect(invoked).to_contain_text("5 January 2022: Kazakhstan formally invoked the CSTO")
    assisted = happened.locator('.record[data-kind="assisted"]')
    expect(assisted).to_contain_text("6 January 2022: The parties to the CSTO gave")
    expect(assisted).to_contain_text("Collective Peacekeeping Forces")
    source = assisted.get_by_role("link", name="CSTO to deploy peacekeeping forces to Kazakhstan")
    expect(source).to_have_attribute("href", re.compile(r"^https?://"))
    plain(case)

    # side by side on a laptop: the three columns start on the same line
    tops = [
        (case.locator(f'[data-reading="{r}"]').bounding_box() or {})["y"]
        for r in ("text", "happened", "interpretations")
    ]
    assert max(tops) - min(tops) < 2, tops
    both_widths(page, screenshots, "09-history-kazakhstan", phone_at="#case-title")
    interpretations = case.locator('[data-reading="interpretations"]')
    phone_at(page, screenshots, "09-history-kazakhstan-interpretations", interpretations)
    phone_at(page, screenshots, "09-history-kazakhstan-happened", happened)

    page.reload()  # the link alone reopens the case
    expect(page.locator("#case-title")).to_contain_text("The January 2022 unrest in Kazakhstan")
    expect(page.locator(f'.case-row.current[data-case="{KAZAKHSTAN}"]')).to_have_count(1)

    page.get_by_role("link", name="Open this case as a what-if").click()
    expect(page.locator("#verdict")).to_have_text("Yes")
    assert url_params(page)["query"] == [report["questions"][0]]
    assert url_params(page)["as_of"] == ["2022-01-06"]
    both_widths(page, screenshots, "09-history-what-if", phone_at="#verdict-bar")


def test_a_case_the_text_gets_wrong_says_so(page: Page) -> None:
    """Armenia, September 2022: the text says the allies had to assist; they declined."""
    page.goto("/?view=history&case=csto.armenia_border_attack_2022_09")
    case = page.locator("#history-case")
    verdict = case.locator('[data-reading="text"] [data-question="must_assist"]')
    expect(verdict.locator(".verdict-cell")).to_have_text("Yes")
    expect(verdict.locator(".badge.miss")).to_have_text("✗ not what the allies did")
    happened = case.locator('[data-reading="happened"]')
    did = happened.locator('[data-question="must_assist"]')
    expect(did).to_contain_text("Did the allies assist?")
    expect(did.locator(".verdict-cell")).to_have_text("No")
    expect(happened.locator('.record[data-kind="declined"]')).to_contain_text("13 September 2022")
    row = page.locator('.case-row[data-case="csto.armenia_border_attack_2022_09"]')
    expect(row.locator(".case-score")).to_have_text("Did the text predict it? ✗ No")
    expect(case).to_contain_text("Neither the treaty text nor any interpretation predicts")


def test_an_unknown_case_in_the_link_is_explained(page: Page) -> None:
    """A mistyped case in a link is named as missing, with the cases it probably meant
    offered by name; one click opens the right one."""
    page.goto("/?view=history&case=csto.kazakhstan_unrest_2022")
    error = page.locator("#history-detail .error")
    expect(error).to_contain_text("The casebook has no case “csto.kazakhstan_unrest_2022”.")
    error.get_by_role("link", name="The January 2022 unrest in Kazakhstan under the CSTO").click()
    expect(page.locator("#case-title")).to_contain_text("The January 2022 unrest in Kazakhstan")
    assert url_params(page)["case"] == [KAZAKHSTAN]


def test_only_the_treatys_own_interpretations_are_in_view(page: Page) -> None:
    """Goa 1961 under NATO: the CSTO officials' readings are not offered as NATO's; they fold
    away under their own treaty's name."""
    page.goto("/?view=history&case=nato.goa_annexation_1961")
    column = page.locator('#history-case [data-reading="interpretations"]')
    expect(column).to_contain_text("The parties to NATO have stated no interpretation")
    csto_only = column.locator('[data-interpretation="border_incident_not_aggression"]')
    expect(csto_only).to_have_count(1)
    expect(csto_only).to_be_hidden()
    folded = column.locator("details.interp-foreign")
    expect(folded.locator("summary")).to_contain_text("Interpretations stated for the CSTO")
    folded.locator("summary").click()
    expect(csto_only).to_be_visible()
