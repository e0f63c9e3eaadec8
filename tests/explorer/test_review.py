"""Reviewing an article in the explorer, at laptop and phone widths: the facts found are
marked in the text and listed in plain English with how they were found, how sure, and what
the knowledge base says; one is rejected and the others accepted; the impact is shown; the
accepted facts download as a YAML patch, and a server started with writes allowed adds them,
unreviewed, to its facts file. Every step is photographed at both widths."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from casus.engine.knowledge.kb import KnowledgeBase
from playwright.sync_api import Page, expect
from ruamel.yaml import YAML

from tests.api.support import REVIEW_ARTICLE, REVIEW_PUBLISHED
from tests.explorer.support import PHONE, ROOT, both_widths, overflow, serving

REJECTED = "party(latvia, nato)"
PUBLISHER = "Baltic Test Wire"
URL = "https://example.org/klaipeda-strike"


def find_facts(page: Page, base: str = "") -> None:
    """Open the review view, paste the article with its date and source, and find facts."""
    page.goto(f"{base}/?view=review")
    page.get_by_label("Article text").fill(REVIEW_ARTICLE)
    page.get_by_label("Published (year-month-day)").fill(REVIEW_PUBLISHED)
    page.get_by_label("Publisher").fill(PUBLISHER)
    page.get_by_label("Address (URL)").fill(URL)
    page.get_by_role("button", name="Find facts").click()
    expect(page.locator("#rv-status")).to_contain_text("Found", timeout=20_000)


def card(page: Page, fact: str):  # type: ignore[no-untyped-def]
    return page.locator(f'#rv-candidates > li[data-fact="{fact}"]')


def test_review_an_article(page: Page, screenshots: Path) -> None:
    page.goto("/?view=review")
    expect(page.get_by_role("heading", name="Review an article")).to_be_visible()
    expect(page.locator("#rv-result")).to_be_hidden()
    both_widths(page, screenshots, "10-review-start")

    find_facts(page)
    marks = page.locator("#rv-article mark.fact-mark")
    assert marks.count() >= 3
    for text in marks.all_inner_texts():
        sentence = re.sub(r"\s*\(facts? [\d, ]+\)$", "", text)
        assert sentence.replace("\n", " ") in REVIEW_ARTICLE.replace("\n", " ")
    attack = page.locator("#rv-candidates > li[data-fact^='armed_attack(']")
    expect(attack).to_contain_text("new to the knowledge base")
    expect(attack).to_contain_text(re.compile(r"confidence \d+%"))
    expect(attack).to_contain_text("The reported event (3 February 2031) amounts to an armed")
    lithuania = card(page, "party(lithuania, nato)")
    expect(lithuania).to_contain_text("already in the knowledge base")
    expect(lithuania).to_contain_text("found by the “member apposition” pattern")
    for sentence in page.locator(".cand-sentence").all_inner_texts():
        assert "_" not in sentence, f"code in a sentence: {sentence}"
    # a mark leads to its fact from the keyboard
    marks.first.focus()
    page.keyboard.press("Enter")
    first = marks.first.get_attribute("data-numbers") or ""
    expect(page.locator(f"#rv-cand-{first.split()[0]}")).to_be_focused()
    both_widths(page, screenshots, "10-review-found", phone_at="#rv-candidates")

    card(page, REJECTED).get_by_label("Reject").check()
    latvia = page.locator("mark.fact-mark", has_text="Latvia is a member of NATO")
    expect(latvia).to_have_attribute("data-decision", "reject")
    attack.get_by_label("Accept").check()
    expect(page.locator("#rv-tally")).to_contain_text("1 accepted, 1 rejected")
    page.get_by_role("button", name="Accept the undecided").click()
    tally = re.compile(r"\d+ accepted, 1 rejected, 0 to decide")
    expect(page.locator("#rv-tally")).to_contain_text(tally)
    both_widths(page, screenshots, "10-review-decided", phone_at="#rv-tally")

    impact = page.locator("#rv-impact")
    expect(impact).to_contain_text("As of 4 February 2031, accepting the", timeout=90_000)
    nato = impact.locator("li.change.added", has_text="obliged to assist Lithuania under NATO")
    expect(nato).to_contain_text("would now hold")
    expect(nato).to_contain_text("the United States")
    nato.locator("summary").click()
    explanation = nato.locator(".explain")
    expect(explanation).to_be_visible()
    assert "(rule " not in explanation.inner_text() and "_" not in explanation.inner_text()
    both_widths(page, screenshots, "10-review-impact", phone_at="#rv-impact")

    expect(page.locator("#rv-write")).to_be_hidden()  # this server does not allow writes
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the accepted facts (YAML)").click()
    download = info.value
    assert download.suggested_filename.endswith(".yaml")
    patch = Path(download.path()).read_text(encoding="utf-8")
    entries = YAML(typ="safe").load(patch)
    written = {e["fact"] for e in entries}
    accepted = {
        f for f in page.locator("#rv-candidates > li[data-decision=accept]").evaluate_all(
            "cards => cards.map(c => c.dataset.fact)"
        )
    }
    left_out = set(re.findall(r"^#   (\w+\([^)]*\)): ", patch, re.MULTILINE))
    assert written == accepted - left_out and REJECTED not in written
    assert "armed_attack(klaipeda_attack_2031_02)" in written
    assert {e["source"] for e in entries} == {"baltic-test-wire-2031-02-04"}
    assert all(e["reviewed"] is False for e in entries)
    assert f"url: {URL}" in patch
    saved = page.locator("#rv-save-status")
    expect(saved).to_contain_text(f"Downloaded {download.suggested_filename}")
    expect(saved).to_contain_text(f"with {len(written)} of the {len(accepted)} accepted facts")
    expect(saved.locator("li")).to_have_count(len(left_out))
    both_widths(page, screenshots, "10-review-downloaded", phone_at="#rv-save-status")

    # the shown facts belong to the text they were found in: an edit asks for a new reading
    page.get_by_label("Article text").press_sequentially(" Estonia is a member of NATO.")
    expect(page.locator("#rv-status")).to_contain_text("press Find facts again")
    expect(page.get_by_role("button", name="Download the accepted facts (YAML)")).to_be_disabled()


def test_review_refuses_bad_input_and_reads_a_web_page(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/?view=review")
    page.get_by_role("button", name="Find facts").click()
    expect(page.locator("#rv-errors")).to_contain_text("Paste the article's text")
    page.get_by_label("Article text").fill(REVIEW_ARTICLE)
    page.get_by_label("Published (year-month-day)").fill("04/02/2031")
    page.get_by_role("button", name="Find facts").click()
    expect(page.locator("#rv-errors")).to_contain_text("year-month-day")
    page.get_by_label("Published (year-month-day)").fill(REVIEW_PUBLISHED)
    paragraphs = "".join(f"<p>{p}</p>" for p in REVIEW_ARTICLE.split("\n\n")[1:])
    html = (
        "<html><head><title>Port strike</title></head>"
        f"<body><article>{paragraphs}</article></body></html>"
    )
    page.get_by_label("…or open a file (.txt or .html)").set_input_files(
        {"name": "strike.html", "mimeType": "text/html", "buffer": html.encode()}
    )
    expect(page.locator("#rv-file-note")).to_contain_text("Opened the web page strike.html")
    page.get_by_role("button", name="Find facts").click()
    expect(page.locator("#rv-status")).to_contain_text("Found", timeout=20_000)
    body = page.locator("#rv-article .article-body")
    expect(body).to_contain_text("Latvia is a member of NATO.")
    assert "<p>" not in body.inner_text()
    assert overflow(page) == 0


@pytest.fixture(scope="module")
def writes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The explorer served over a copy of the bundled facts, with writes allowed."""
    facts_dir = tmp_path_factory.mktemp("review-writes") / "facts"
    shutil.copytree(ROOT / "facts", facts_dir)
    # a generous extraction deadline: this test is about writing, not about the deadline
    settings = Settings(facts=facts_dir, allow_writes=True, extract_timeout_s=60)
    with serving(create_app(settings)) as url:
        yield url, facts_dir


def test_a_server_that_allows_writes_adds_them_unreviewed(
    page: Page, screenshots: Path, writes: tuple[str, Path]
) -> None:
    url, facts_dir = writes
    find_facts(page, url)
    card(page, REJECTED).get_by_label("Reject").check()
    page.get_by_role("button", name="Accept the undecided").click()
    page.get_by_role("button", name="Write them to the facts file").click()
    status = page.locator("#rv-save-status")
    expect(status).to_contain_text("added to extracted.yaml, unreviewed")
    both_widths(page, screenshots, "10-review-written", phone_at="#rv-save-status")
    kb = KnowledgeBase.load(facts_dir=facts_dir)
    written = {
        f"{r.pred}({', '.join(map(str, r.args))})"
        for r in kb.unreviewed
        if r.loc.file.endswith("extracted.yaml")
    }
    assert "armed_attack(klaipeda_attack_2031_02)" in written and REJECTED not in written
    assert not kb.store.records("armed_attack", ("klaipeda_attack_2031_02",))
