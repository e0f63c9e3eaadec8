"""The treaty explorer: the single web page at `/` and its static assets (no build step)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent / "static" / "explorer"
STATIC_PREFIX = "/static/explorer"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".md": "text/markdown; charset=utf-8",
}

router = APIRouter(include_in_schema=False)


def _asset(name: str) -> FileResponse:
    """A file of the explorer directory by its plain name (no subpaths, so no traversal)."""
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or path.suffix not in MEDIA_TYPES or not path.is_file():
        raise HTTPException(status_code=404, detail=f"no explorer asset {name!r}")
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix])


@router.get("/")
def explorer_page() -> FileResponse:
    """The explorer page; the scenario lives in the query string and is read by app.js."""
    return _asset("index.html")


@router.get(STATIC_PREFIX + "/{name}")
def explorer_asset(name: str) -> FileResponse:
    """The page's scripts, styles and vendored libraries."""
    return _asset(name)
