"""Article extraction in worker processes, each request under a deadline.

Extraction is CPU-bound pure Python: run on a thread it holds the GIL and stalls every
question the same server process answers. A pebble process pool runs it elsewhere; past the
deadline the worker is killed (pebble replaces it) and the request gets a 503.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import threading
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from casus.api.service.errors import ApiError
from casus.engine.extraction.article import Extraction, extract, prepare
from casus.engine.extraction.events import KnownEvent, known_events
from casus.engine.extraction.html import from_html
from casus.engine.knowledge.facts import Entity
from casus.engine.knowledge.kb import KnowledgeBase
from pebble import ProcessPool

_entities: dict[str, Entity] = {}
_events: list[KnownEvent] = []


def _load(entities: dict[str, Entity], events: list[KnownEvent]) -> None:
    """Worker initializer: keep the knowledge base's entities and events for every request,
    and build the extractor's pipeline and tables once, before the first request."""
    _entities.update(entities)
    _events.extend(events)
    prepare(_entities)


def _ready() -> bool:
    """A task that only shows a worker is up."""
    return True


@dataclass(frozen=True)
class Article:
    """What a request says about the article: its text (plain, or a saved HTML page) and
    what the reader knows of it; given metadata wins over what the text says."""

    text: str
    html: bool = False
    published: dt.date | None = None
    event: str | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None


def _extract(article: Article) -> tuple[str, Extraction]:
    """The article's plain text (an HTML page's main text) and its extraction."""
    text, published, how = article.text, article.published, "given"
    title, publisher, url = article.title, article.publisher, article.url
    if article.html:
        page = from_html(text)
        text = page.text
        if published is None and page.published is not None:
            published, how = page.published, "page metadata"
        title, publisher, url = title or page.title, publisher or page.publisher, url or page.url
    return text, extract(
        text,
        _entities,
        published=published,
        published_how=how,
        event=article.event,
        events=_events,
        title=title,
        publisher=publisher,
        url=url,
    )


def _context() -> multiprocessing.context.BaseContext:
    """Workers forked from a fork server that has imported the extractor (spaCy with it) and
    dateparser once, so a worker killed at its deadline is replaced quickly (not by a fresh
    interpreter's imports)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "dateparser"])
    return context


class ExtractPool:
    """Worker processes for `extract`, started with the app (or on first use) and stopped
    with it."""

    def __init__(self, kb: KnowledgeBase, workers: int, timeout_s: float) -> None:
        self.workers = workers
        self.timeout_s = timeout_s
        records = [r for rows in kb.store.by_pred.values() for r in rows]
        self._initargs = (kb.entities or {}, known_events(records))
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the worker processes and wait until one answers (seconds: the first start
        blocks its caller, so call this before serving requests)."""
        self._started().schedule(_ready).result(timeout=120)

    def _started(self) -> ProcessPool:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPool(
                    max_workers=self.workers,
                    initializer=_load,
                    initargs=self._initargs,
                    context=_context(),
                )
            return self._pool

    async def extract(self, article: Article) -> tuple[str, Extraction]:
        """The article's plain text and its extraction, or a 503 error past the deadline
        (waiting for a free worker counts towards it)."""
        future = self._started().schedule(_extract, args=(article,), timeout=self.timeout_s)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except TimeoutError:  # asyncio's and pebble's (concurrent.futures') are this one
            future.cancel()  # stops the worker if it is still running
            raise ApiError(
                503,
                "extract-timeout",
                f"extraction did not finish within {self.timeout_s:g} s; "
                "send a shorter text or try again later",
                field="text",
            ) from None
        except BrokenProcessPool:
            raise ApiError(
                503, "extract-unavailable", "the extraction workers are restarting; try again"
            ) from None

    def close(self) -> None:
        """Stop the worker processes (running extractions are abandoned)."""
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join()
                self._pool = None
