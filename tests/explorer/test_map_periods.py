"""The map reuses a picture for every date of its period (no new request), yet the table
names the date shown; a date in another period asks the server again."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page, Request, expect


def test_dates_of_one_period_share_a_picture(page: Page, base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/v1/coverage?treaty=nato&as_of=1960-01-01") as r:
        picture = json.load(r)
    since, until = picture["since"], picture["until"]
    assert since <= "1960-01-01" < until
    asked: list[str] = []

    def count(request: Request) -> None:
        if "/v1/coverage" in request.url:
            asked.append(request.url)

    page.on("request", count)
    page.goto("/?view=map&treaty=nato&as_of=1960-01-01")
    world = page.locator("#map")
    expect(world).to_have_attribute("data-drawn", "nato 1960-01-01")
    assert len(asked) == 1
    date = page.get_by_label("Date (year-month-day)")
    date.fill(since)  # the first day of the same period
    expect(world).to_have_attribute("data-drawn", f"nato {since}")
    assert len(asked) == 1
    caption = page.locator("#map-table caption")
    expect(caption).to_contain_text(f"{int(since[8:])} ")
    expect(caption).to_contain_text(f"{since[:4]}: 15 parties")
    date.fill(until)  # the next period starts
    expect(world).to_have_attribute("data-drawn", f"nato {until}")
    assert len(asked) == 2
    assert asked[-1].endswith(f"as_of={until}")
