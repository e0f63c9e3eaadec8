"""Picking and comparing interpretations in the browser, over a knowledge base that adds
one test interpretation (so the test does not depend on the bundled treaty readings)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from casus.engine.knowledge.kb import KnowledgeBase
from playwright.sync_api import Page, expect

from tests.explorer.support import ROOT, explorer_app, serving

READING = "broad_reading"
TEST_RULES = f"""
.question test_obliged(state: state)
  true  "{{state}} is obliged under the test reading"
  false "{{state}} is not obliged under the test reading"

@rule test.reading "Test reading: every CSTO party is obliged"
test_obliged(S) :- interpretation({READING}), party(S, csto).
"""
TEST_ENTITY = f"""
- {{id: {READING}, kind: interpretation, label: A broad test reading}}
"""


@pytest.fixture(scope="module")
def interp_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The explorer over the bundled rules and facts plus one test interpretation."""
    root = tmp_path_factory.mktemp("kb")
    shutil.copytree(ROOT / "rules", root / "rules")
    shutil.copytree(ROOT / "facts", root / "facts")
    (root / "rules" / "zz_test_reading.dl").write_text(TEST_RULES)
    with (root / "facts" / "entities.yaml").open("a") as entities:
        entities.write(TEST_ENTITY)
    app = explorer_app(KnowledgeBase.load(root / "rules", root / "facts"))
    with serving(app) as url:
        yield url


def test_pick_and_compare_interpretations(page: Page, interp_url: str, screenshots: Path) -> None:
    """Ticking an interpretation re-asks under it (and records it in the URL); comparing
    shows the question's verdict under no interpretation and under each one."""
    query = urlencode({"query": "test_obliged(armenia)", "as_of": "2020-10-07"})
    page.goto(f"{interp_url}/?{query}")
    verdict = page.locator("#verdict")
    expect(verdict).to_have_text("No")

    page.get_by_role("checkbox", name="A broad test reading").check()
    expect(verdict).to_have_text("Yes")
    assert parse_qs(urlsplit(page.url).query)["interpretation"] == [READING]

    page.get_by_role("button", name="Compare with the treaty text").click()
    cards = page.locator("#comparison-list")
    expect(cards.locator('[data-interpretation=""] .verdict-cell')).to_have_text("No")
    broad = cards.locator(f'[data-interpretation="{READING}"]')
    expect(broad.locator(".verdict-cell")).to_contain_text("Yes")
    expect(broad).to_contain_text("differs from the treaty text")
    expect(cards.locator('[data-interpretation=""]')).not_to_contain_text("differs")
    expect(cards.locator('[data-interpretation=""]')).to_contain_text("Treaty text")
    assert parse_qs(urlsplit(page.url).query)["compare"] == ["1"]
    expect(page.locator("#fact-toggles")).not_to_contain_text("interpretation(")
    page.screenshot(path=screenshots / "interpretations-laptop.png", full_page=True)
