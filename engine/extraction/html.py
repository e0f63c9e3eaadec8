"""Main text and metadata of a saved HTML page, via trafilatura (the `extract` extra)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import CasusError, Location


@dataclass(frozen=True)
class Page:
    """The article text of an HTML page and what the page says about itself."""

    text: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    url: str | None


def from_html(html: str, where: str = "<html>") -> Page:
    """Main text, title, site name, date and URL of a saved web page."""
    try:
        import trafilatura
    except ImportError:
        raise CasusError.single(
            "missing-dependency",
            "reading HTML needs trafilatura: pip install 'casus[extract]'",
            Location(where),
        ) from None
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if isinstance(doc, dict) or doc is None or not doc.text:
        raise CasusError.single(
            "no-text", "no article text found in the HTML page", Location(where)
        )
    published = None
    if doc.date:
        try:
            published = dt.date.fromisoformat(str(doc.date)[:10])
        except ValueError:
            published = None
    return Page(doc.text, doc.title, doc.sitename, published, doc.url)
