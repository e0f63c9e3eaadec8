"""The explorer's routes without a browser: the page, its assets, and nothing else."""

from __future__ import annotations

import re

import pytest
from casus.api.service.explorer import STATIC_DIR
from fastapi import FastAPI
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


def test_page_is_served_at_root(client: TestClient) -> None:
    response = client.get("/", params={"query": "must_consult(csto, E)", "as_of": "2020-10-07"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/explorer/app.js">' in response.text


def test_every_asset_the_page_names_is_served(client: TestClient) -> None:
    """Scripts, styles and data referenced by index.html and the scripts (offline: all
    local); the map's libraries are named in map.js by file name."""
    page = (STATIC_DIR / "index.html").read_text()
    page += "".join(p.read_text() for p in STATIC_DIR.glob("*.js") if ".min." not in p.name)
    assets = set(re.findall(r"/static/explorer/([\w.-]+)", page))
    assets |= set(re.findall(r'"([\w.-]+\.min\.js)"', (STATIC_DIR / "map.js").read_text()))
    assert {"app.js", "app.css", "mermaid.min.js", "map.js", "countries-50m.json"} <= assets
    assert {"d3-array.min.js", "d3-geo.min.js", "topojson-client.min.js"} <= assets
    for name in assets:
        response = client.get(f"/static/explorer/{name}")
        assert response.status_code == 200, name
        kind = response.headers["content-type"].split(";")[0]
        assert kind in {"text/javascript", "text/css", "application/json"}
        assert response.headers["cache-control"] == "no-cache"
        etag = {"If-None-Match": response.headers["etag"]}
        again = client.get(f"/static/explorer/{name}", headers=etag)
        assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/static/explorer/nothing.js",
        "/static/explorer/mermaid.LICENSE",  # not a served kind of file
        "/static/explorer/..%2Fexplorer.py",
        "/static/explorer/%2E%2E%2F%2E%2E%2Fpyproject.toml",
    ],
)
def test_other_paths_are_not_found(client: TestClient, path: str) -> None:
    """Only plain names of page files in the explorer directory; never a path outside it."""
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not-found"


def test_page_routes_stay_out_of_the_api_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths
    assert not [p for p in paths if p.startswith("/static")]
