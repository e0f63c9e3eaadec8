"""The treaty explorer: the single web page at `/` and its static assets (no build step)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static" / "explorer"
STATIC_PREFIX = "/static/explorer"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
}

router = APIRouter(include_in_schema=False)
_files = StaticFiles(directory=STATIC_DIR)


async def _asset(name: str, request: Request) -> Response:
    """A page file of the explorer directory by its plain name (no subpaths, so no traversal).

    Served with ETag and `Cache-Control: no-cache`: browsers revalidate (a cheap 304), so a
    new casus version's page is never stale and the vendored Mermaid is not fetched again.
    """
    suffix = Path(name).suffix
    if "/" in name or name.startswith(".") or suffix not in MEDIA_TYPES:
        raise HTTPException(status_code=404, detail=f"no explorer asset {name!r}")
    response = await _files.get_response(name, request.scope)
    response.headers["Cache-Control"] = "no-cache"
    if response.status_code == 200:
        response.headers["Content-Type"] = MEDIA_TYPES[suffix]
    return response


@router.get("/")
async def explorer_page(request: Request) -> Response:
    """The explorer page; the scenario lives in the query string and is read by app.js."""
    return await _asset("index.html", request)


@router.get(STATIC_PREFIX + "/{name}")
async def explorer_asset(name: str, request: Request) -> Response:
    """The page's script, styles and vendored libraries."""
    return await _asset(name, request)
