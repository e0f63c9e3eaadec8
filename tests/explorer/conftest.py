"""Fixtures for the explorer: the app with the explorer page served live, and Debian's
Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import FastAPI
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.explorer.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LAPTOP,
    SCREENSHOTS,
    explorer_app,
    serving,
)


@pytest.fixture(scope="session")
def app(kb: KnowledgeBase) -> FastAPI:
    return explorer_app(kb)


@pytest.fixture(scope="session")
def base_url(app: FastAPI) -> Iterator[str]:
    """The explorer over the bundled knowledge base."""
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; the tests skip only when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (.ci/run installs Debian's chromium)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The directory CI keeps (gitignored): artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def _console_error(msg: ConsoleMessage, errors: list[str]) -> None:
    api_answer = "/v1/" in msg.location.get("url", "") and "status of 4" in msg.text
    if msg.type == "error" and not api_answer:
        errors.append(f"{msg.text} ({msg.location.get('url', '')})")


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh laptop-sized tab; fails the test if the page raised a JavaScript error or
    logged one to the console: a failed request such as a missing favicon counts, an API
    error answer (4xx from /v1/, shown on the page as a message) does not."""
    context = browser.new_context(viewport=LAPTOP, base_url=base_url)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: _console_error(msg, errors))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
