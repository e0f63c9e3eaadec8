"""Shared pieces of the explorer tests: browser settings, the app with the explorer page,
and a live uvicorn server on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import FastAPI
from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def explorer_app(kb: KnowledgeBase) -> FastAPI:
    """The HTTP API (which serves the explorer page) over `kb`."""
    return create_app(Settings(), kb)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn in a background thread on a free 127.0.0.1 port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the explorer test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def overflow(page: Page) -> int:
    """How far the page is wider than the viewport (0 when nothing scrolls sideways)."""
    width: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return width


def both_widths(page: Page, screenshots: Path, name: str, phone_at: str = "") -> None:
    """Screenshot a step at laptop width (the whole page) and at phone width (the screen the
    student sees, scrolled to `phone_at` if given); at 390 px nothing may overflow."""
    page.set_viewport_size(LAPTOP)
    page.screenshot(path=screenshots / f"{name}-laptop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(150)  # layout settles
    assert overflow(page) == 0, f"{name}: the page overflows sideways at 390 px"
    if phone_at:
        page.locator(phone_at).first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"{name}-phone.png")
    page.set_viewport_size(LAPTOP)
