"""Reviewing an article over the API: candidates with spans and knowledge-base status, the
accepted ones as a YAML patch that loads as unreviewed facts, and writes only when allowed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from casus.api.extract_write import COMMENTED, EVENT_MARK, SOURCE_MARK
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from casus.engine.knowledge.kb import ENTITIES_FILE, SOURCES_FILE, KnowledgeBase
from fastapi.testclient import TestClient
from ruamel.yaml import YAML

from tests.api.support import REVIEW_ARTICLE, REVIEW_PUBLISHED, ROOT, error_of, live_server

ARTICLE = {
    "text": REVIEW_ARTICLE,
    "published": REVIEW_PUBLISHED,
    "publisher": "Baltic Test Wire",
    "url": "https://example.org/klaipeda-strike",
}
REJECTED = "party(latvia, nato)"


def _candidates(client: TestClient) -> list[dict[str, Any]]:
    response = client.post("/v1/extract", json=ARTICLE)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["candidates"]
    return found


def _accepted(client: TestClient) -> list[str]:
    return [c["fact"] for c in _candidates(client) if c["holds"] and c["fact"] != REJECTED]


def _block(lines: list[str], mark: str) -> str:
    """The commented YAML entry under a header line of the patch, uncommented."""
    start = lines.index(mark) + 1
    block = []
    for line in lines[start:]:
        if not line.startswith(COMMENTED):
            break
        block.append(line.removeprefix(COMMENTED))
    return "\n".join(block) + "\n"


def _facts_copy(tmp_path: Path) -> Path:
    facts_dir = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts_dir)
    return facts_dir


def test_candidates_carry_their_span_and_the_kb_status(client: TestClient) -> None:
    found = _candidates(client)
    by_fact = {c["fact"]: c for c in found}
    for candidate in found:
        begin, end = candidate["span"]
        assert REVIEW_ARTICLE[begin:end].replace("\n", " ").startswith(candidate["quote"][:40])
    assert by_fact["party(lithuania, nato)"]["kb_status"] == "known"
    attack = next(c for c in found if c["predicate"] == "armed_attack")
    assert attack["kb_status"] == "new"
    assert REVIEW_ARTICLE[slice(*attack["span"])].startswith("Belarusian forces launched")


def test_patch_round_trips_through_the_fact_loader(client: TestClient, tmp_path: Path) -> None:
    accepted = _accepted(client)
    response = client.post("/v1/extract/patch", json={**ARTICLE, "accept": accepted})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/yaml")
    assert "attachment" in response.headers["content-disposition"]
    patch = response.text
    lines = patch.splitlines()
    facts_dir = _facts_copy(tmp_path)
    yaml = YAML(typ="safe")
    for name, mark in ((SOURCES_FILE, SOURCE_MARK), (ENTITIES_FILE, EVENT_MARK)):
        path = facts_dir / name
        entries = yaml.load(path.read_text(encoding="utf-8"))
        entries += yaml.load(_block(lines, mark))
        with path.open("w", encoding="utf-8") as out:
            yaml.dump(entries, out)
    (facts_dir / "review.yaml").write_text(patch, encoding="utf-8")
    kb = KnowledgeBase.load(facts_dir=facts_dir)
    mine = [r for r in kb.unreviewed if r.loc.file.endswith("review.yaml")]
    written = {f"{r.pred}({', '.join(map(str, r.args))})" for r in mine}
    # a fact naming a place the knowledge base lacks is left out, and the patch says so
    assert written == set(accepted) - {"hostilities_in(klaipeda_attack_2031_02, klaipeda)"}
    assert "Not included:" in patch and "unknown entity klaipeda" in patch
    assert REJECTED not in written
    assert {r.source for r in mine} == {"baltic-test-wire-2031-02-04"}
    assert all(not r.reviewed for r in mine)
    assert not kb.store.records("armed_attack", ("klaipeda_attack_2031_02",))


def test_patch_refuses_a_fact_the_article_does_not_state(client: TestClient) -> None:
    body = error_of(
        client.post("/v1/extract/patch", json={**ARTICLE, "accept": ["party(russia, nato)"]}),
        422,
    )
    assert body.code == "not-a-candidate" and "party(russia, nato)" in body.message
    assert "party(lithuania, nato)" in body.errors[0].hints


def test_writes_are_refused_without_the_flag(client: TestClient) -> None:
    response = client.post("/v1/extract/write", json={**ARTICLE, "accept": _accepted(client)})
    body = error_of(response, 403)
    assert body.code == "writes-disabled" and "--allow-writes" in body.message
    assert client.get("/v1/version").json()["writes"] is False


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    """An app over a copy of the bundled facts that allows writes."""
    facts_dir = _facts_copy(tmp_path_factory.mktemp("writes"))
    app = create_app(Settings(facts=facts_dir, allow_writes=True, extract_timeout_s=60))
    with TestClient(app) as client:
        yield client, facts_dir


def test_writes_with_the_flag_load_as_unreviewed_facts(
    writer: tuple[TestClient, Path],
) -> None:
    client, facts_dir = writer
    assert client.get("/v1/version").json()["writes"] is True
    accepted = _accepted(client)
    response = client.post("/v1/extract/write", json={**ARTICLE, "accept": accepted})
    assert response.status_code == 200, response.text
    done = response.json()
    assert done["file"] == "extracted.yaml"
    assert done["events_added"] == ["klaipeda_attack_2031_02"]
    assert "armed_attack(klaipeda_attack_2031_02)" in done["added"]
    assert "party(lithuania, nato)" in done["corroborated"]
    # the known fact gains the source in the served copy, never in the working directory's
    assert done["source"] in (facts_dir / "nato.yaml").read_text(encoding="utf-8")
    assert done["source"] not in (ROOT / "facts" / "nato.yaml").read_text(encoding="utf-8")
    kb = KnowledgeBase.load(facts_dir=facts_dir)
    written = [r for r in kb.unreviewed if r.loc.file.endswith("extracted.yaml")]
    assert {f"{r.pred}({', '.join(map(str, r.args))})" for r in written} == set(done["added"])
    assert all(r.source == done["source"] for r in written)
    assert kb.sources[done["source"]].url == ARTICLE["url"]
    assert not kb.store.records("armed_attack", ("klaipeda_attack_2031_02",))
    with_them = KnowledgeBase.load(facts_dir=facts_dir, include_unreviewed=True)
    assert with_them.store.records("armed_attack", ("klaipeda_attack_2031_02",))


def test_an_html_page_is_read_for_its_main_text(client: TestClient) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in REVIEW_ARTICLE.split("\n\n")[1:])
    page = (
        "<html><head><title>Drone strike hits a Lithuanian port</title></head><body>"
        f"<nav>Home | World</nav><article><h1>Drone strike</h1>{paragraphs}</article></body></html>"
    )
    response = client.post(
        "/v1/extract", json={"text": page, "html": True, "published": REVIEW_PUBLISHED}
    )
    assert response.status_code == 200, response.text
    found = response.json()
    text = found["text"]
    assert "<p>" not in text and "Latvia is a member of NATO." in text
    latvia = next(c for c in found["candidates"] if c["fact"] == "party(latvia, nato)")
    assert text[slice(*latvia["span"])] == "Latvia is a member of NATO."


def test_casus_serve_allow_writes_writes_to_the_file_named(tmp_path: Path) -> None:
    facts_dir = _facts_copy(tmp_path)
    target = facts_dir / "reviewed_news.yaml"
    args = ("--facts", str(facts_dir), "--allow-writes", "--write-to", str(target))
    with live_server(args=args) as url:
        assert httpx.get(f"{url}/v1/version").json()["writes"] is True
        found = httpx.post(f"{url}/v1/extract", json=ARTICLE, timeout=60).json()
        wanted = ("event", "armed_attack")  # a fact about a new event needs the event
        accept = [c["fact"] for c in found["candidates"] if c["predicate"] in wanted]
        done = httpx.post(
            f"{url}/v1/extract/write", json={**ARTICLE, "accept": accept}, timeout=60
        )
    assert done.status_code == 200, done.text
    assert done.json()["file"] == target.name and done.json()["added"] == accept
    kb = KnowledgeBase.load(facts_dir=facts_dir)
    assert [r.pred for r in kb.unreviewed if r.loc.file.endswith(target.name)] == [
        "event", "armed_attack"
    ]
